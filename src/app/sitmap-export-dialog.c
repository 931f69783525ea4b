/* sitmap-export-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-export-dialog.h"

#include "sitmap-error-dialog.h"
#include "sitmap-export.h"
#include "sitmap-settings.h"

#include <math.h>
#include <string.h>

/* Paper is for print. */
#define PAPER_DPI 300
#define PULSE_MS 120
/* Words of the story's title in the suggested file name. */
#define NAME_WORDS 6

typedef struct
{
  const char *id;          /* the export-size setting */
  const char *name;
  int         width;       /* pixels; 0 for paper, the view and custom */
  int         height;
  double      width_mm;    /* landscape paper */
  double      height_mm;
} SizePreset;

/* Indices into size_presets. */
enum {
  SIZE_VIEW = 0,
  SIZE_CUSTOM = 6,
};

static const SizePreset size_presets[] = {
  { "view", N_("Current view"), 0, 0, 0, 0 },
  { "1920x1080", N_("Full HD"), 1920, 1080, 0, 0 },
  { "1200x675", N_("social card"), 1200, 675, 0, 0 },
  { "3840x2160", "4K", 3840, 2160, 0, 0 },
  { "a4", N_("A4 landscape"), 0, 0, 297, 210 },
  { "letter", N_("Letter landscape"), 0, 0, 279.4, 215.9 },
  { "custom", N_("Custom"), 0, 0, 0, 0 },
};

static const char *format_ids[] = { "png", "svg", "pdf" };

struct _SitmapExportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkSwitch            *callouts_switch;
  GtkButton            *export_button;
  AdwComboRow          *format_row;
  GtkSpinButton        *height_spin;
  AdwActionRow         *height_row;
  GtkSwitch            *legend_switch;
  AdwPreferencesPage   *options_page;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  GtkRevealer          *progress_revealer;
  GtkToggleButton      *scale1_button;
  GtkToggleButton      *scale2_button;
  AdwActionRow         *scale_row;
  AdwPreferencesGroup  *size_group;
  AdwComboRow          *size_row;
  GtkSwitch            *title_switch;
  GtkSpinButton        *width_spin;
  AdwActionRow         *width_row;

  /* Owned references */
  SitmapMapView        *map_view;
  AdwToastOverlay      *toasts;
  GSettings            *settings;
  GtkFileChooserNative *chooser;
  AdwMessageDialog     *confirm;
  GCancellable         *cancellable;   /* while an export runs */
  char                 *export_path;

  guint                 pulse_source;
  gboolean              close_when_done;
  /* The export waits for the map's full detail (see start_export). */
  gboolean              waiting_for_map;
};

G_DEFINE_FINAL_TYPE (SitmapExportDialog, sitmap_export_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_MAP_VIEW,
  PROP_TOASTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ---- Choices ------------------------------------------------------------ */

static SitmapExportFormat
get_format (SitmapExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->format_row);

  return selected < G_N_ELEMENTS (format_ids) ? (SitmapExportFormat)selected : SITMAP_EXPORT_FORMAT_PNG;
}

static guint
get_size (SitmapExportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->size_row);

  return selected < G_N_ELEMENTS (size_presets) ? selected : SIZE_VIEW;
}

/* Vectors are sharp at any size, and paper has its dpi: the scale only
 * multiplies the pixels of a PNG of a pixel size. */
static gboolean
scale_applies (SitmapExportDialog *self)
{
  return get_format (self) == SITMAP_EXPORT_FORMAT_PNG && size_presets[get_size (self)].width_mm == 0;
}

/* The viewport and options the choices stand for; FALSE while the map
 * has not been drawn yet. */
static gboolean
compute_export (SitmapExportDialog  *self,
                SitmapViewport      *viewport,
                SitmapExportOptions *options)
{
  const SitmapViewport *view = sitmap_map_view_get_viewport (self->map_view);
  const SizePreset *preset = &size_presets[get_size (self)];
  int scale = scale_applies (self) && gtk_toggle_button_get_active (self->scale2_button) ? 2 : 1;

  *options = (SitmapExportOptions) SITMAP_EXPORT_OPTIONS_INIT;
  options->show_title = gtk_switch_get_active (self->title_switch);
  options->show_legend = gtk_switch_get_active (self->legend_switch);
  options->show_callouts = gtk_switch_get_active (self->callouts_switch);

  if (view == NULL || !(view->width >= 1) || !(view->height >= 1) || !(view->resolution > 0))
    return FALSE;

  if (preset->width_mm > 0)
    {
      sitmap_export_viewport_for_paper (view, preset->width_mm, preset->height_mm, PAPER_DPI, viewport);
      options->dpi = PAPER_DPI;
    }
  else if (get_size (self) == SIZE_VIEW)
    {
      /* The very view of the window, so the layout is the same. */
      *viewport = *view;
      viewport->scale_factor = scale;
    }
  else
    {
      int width = preset->width, height = preset->height;

      if (get_size (self) == SIZE_CUSTOM)
        {
          width = gtk_spin_button_get_value_as_int (self->width_spin);
          height = gtk_spin_button_get_value_as_int (self->height_spin);
        }
      sitmap_export_viewport_for_pixels (view, width * scale, height * scale, viewport);
    }

  return TRUE;
}

static char *
describe_output (SitmapExportDialog   *self,
                 const SitmapViewport *viewport,
                 gboolean             *valid)
{
  const SizePreset *preset = &size_presets[get_size (self)];
  const SitmapViewport *view = sitmap_map_view_get_viewport (self->map_view);
  double text_scale = viewport->scale_factor / MAX (view->scale_factor, 1);
  int width, height;

  sitmap_export_get_pixel_size (viewport, &width, &height);
  /* "W × H pixels": the noun agrees with the last number, the height. */
  *valid = width <= SITMAP_EXPORT_MAX_PIXELS && height <= SITMAP_EXPORT_MAX_PIXELS;
  if (!*valid)
    return g_strdup_printf (ngettext ("%d × %d pixel is too large: at most %d on a side",
                                      "%d × %d pixels is too large: at most %d on a side", height),
                            width, height, SITMAP_EXPORT_MAX_PIXELS);

  if (preset->width_mm > 0)
    {
      if (get_format (self) == SITMAP_EXPORT_FORMAT_PNG)
        return g_strdup_printf (ngettext ("%d × %d pixel at %d dpi; text at its size on screen",
                                          "%d × %d pixels at %d dpi; text at its size on screen", height),
                                width, height, PAPER_DPI);
      return g_strdup_printf (_("A %g × %g mm page; text at its size on screen"),
                              preset->width_mm, preset->height_mm);
    }

  if (get_format (self) != SITMAP_EXPORT_FORMAT_PNG)
    return g_strdup_printf (ngettext ("%d × %d pixel, sharp at any size; laid out as in the window",
                                      "%d × %d pixels, sharp at any size; laid out as in the window",
                                      height),
                            width, height);
  if (get_size (self) == SIZE_VIEW)
    return g_strdup_printf (ngettext ("%d × %d pixel, exactly the window’s view",
                                      "%d × %d pixels, exactly the window’s view", height),
                            width, height);
  if (fabs (text_scale - 1) < 0.05)
    return g_strdup_printf (ngettext ("%d × %d pixel: the window’s view at its size on screen",
                                      "%d × %d pixels: the window’s view at its size on screen", height),
                            width, height);
  return g_strdup_printf (ngettext ("%d × %d pixel: the window’s view enlarged %.2g×",
                                    "%d × %d pixels: the window’s view enlarged %.2g×", height),
                          width, height, text_scale);
}

static void
update_choices (SitmapExportDialog *self)
{
  SitmapViewport viewport;
  SitmapExportOptions options;
  g_autofree char *summary = NULL;
  gboolean valid = FALSE;
  gboolean busy = self->cancellable != NULL;
  gboolean custom = get_size (self) == SIZE_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->width_row), custom);
  gtk_widget_set_visible (GTK_WIDGET (self->height_row), custom);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scale_row), scale_applies (self));
  if (get_format (self) != SITMAP_EXPORT_FORMAT_PNG)
    adw_action_row_set_subtitle (self->scale_row, _("Vector formats are sharp at any size"));
  else if (!scale_applies (self))
    adw_action_row_set_subtitle (self->scale_row, _("Paper sizes are drawn at 300 dpi"));
  else
    adw_action_row_set_subtitle (self->scale_row, "");

  if (compute_export (self, &viewport, &options))
    summary = describe_output (self, &viewport, &valid);
  else
    summary = g_strdup (_("The map is not shown yet"));
  adw_preferences_group_set_description (self->size_group, summary);

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), valid && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->options_page), !busy);
}

static void
on_choice_changed (SitmapExportDialog *self)
{
  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  /* The template sets its widgets up before the map view is known. */
  if (self->map_view != NULL)
    update_choices (self);
}

static guint
index_of (const char  *id,
          const char **ids,
          guint        n_ids)
{
  for (guint i = 0; i < n_ids; i++)
    if (g_strcmp0 (id, ids[i]) == 0)
      return i;
  return 0;
}

static void
load_choices (SitmapExportDialog *self)
{
  g_autofree char *format = g_settings_get_string (self->settings, "export-format");
  g_autofree char *size = g_settings_get_string (self->settings, "export-size");
  const char *size_ids[G_N_ELEMENTS (size_presets)];

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    size_ids[i] = size_presets[i].id;

  adw_combo_row_set_selected (self->format_row, index_of (format, format_ids, G_N_ELEMENTS (format_ids)));
  adw_combo_row_set_selected (self->size_row, index_of (size, size_ids, G_N_ELEMENTS (size_ids)));
  gtk_spin_button_set_value (self->width_spin, g_settings_get_int (self->settings, "export-width"));
  gtk_spin_button_set_value (self->height_spin, g_settings_get_int (self->settings, "export-height"));
  gtk_toggle_button_set_active (g_settings_get_int (self->settings, "export-scale") == 2 ? self->scale2_button
                                                                                        : self->scale1_button, TRUE);
  gtk_switch_set_active (self->title_switch, g_settings_get_boolean (self->settings, "export-title"));
  gtk_switch_set_active (self->legend_switch, g_settings_get_boolean (self->settings, "export-legend"));
  gtk_switch_set_active (self->callouts_switch, g_settings_get_boolean (self->settings, "export-callouts"));
}

/* Only what was really exported is remembered. */
static void
save_choices (SitmapExportDialog *self)
{
  g_autofree char *folder = g_path_get_dirname (self->export_path);

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "export-format", format_ids[get_format (self)]);
  g_settings_set_string (self->settings, "export-size", size_presets[get_size (self)].id);
  g_settings_set_int (self->settings, "export-width", gtk_spin_button_get_value_as_int (self->width_spin));
  g_settings_set_int (self->settings, "export-height", gtk_spin_button_get_value_as_int (self->height_spin));
  g_settings_set_int (self->settings, "export-scale", gtk_toggle_button_get_active (self->scale2_button) ? 2 : 1);
  g_settings_set_boolean (self->settings, "export-title", gtk_switch_get_active (self->title_switch));
  g_settings_set_boolean (self->settings, "export-legend", gtk_switch_get_active (self->legend_switch));
  g_settings_set_boolean (self->settings, "export-callouts", gtk_switch_get_active (self->callouts_switch));
  g_settings_set_string (self->settings, "last-export-folder", folder);
  g_settings_apply (self->settings);
}

/* ---- After the export: the toast --------------------------------------- */

/* What the toast's buttons need once the dialog is gone. */
typedef struct
{
  GFile   *file;
  GWeakRef toasts;
} ExportedFile;

static void
exported_file_clear (gpointer data)
{
  ExportedFile *exported = data;

  g_clear_object (&exported->file);
  g_weak_ref_clear (&exported->toasts);
}

static ExportedFile *
exported_file_new (const char      *path,
                   AdwToastOverlay *toasts)
{
  ExportedFile *exported = g_rc_box_new0 (ExportedFile);

  exported->file = g_file_new_for_path (path);
  g_weak_ref_init (&exported->toasts, toasts);
  return exported;
}

static ExportedFile *
exported_file_ref (ExportedFile *exported)
{
  return g_rc_box_acquire (exported);
}

static void
exported_file_unref (gpointer data)
{
  g_rc_box_release_full (data, exported_file_clear);
}

static GtkWindow *
parent_window (ExportedFile *exported)
{
  g_autoptr(AdwToastOverlay) toasts = g_weak_ref_get (&exported->toasts);
  GtkRoot *root = toasts ? gtk_widget_get_root (GTK_WIDGET (toasts)) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static void
report_launch_error (ExportedFile *exported,
                     const char   *what,
                     GError       *error)
{
  g_autoptr(AdwToastOverlay) toasts = g_weak_ref_get (&exported->toasts);

  g_warning ("%s: %s", what, error->message);
  if (toasts)
    adw_toast_overlay_add_toast (toasts, adw_toast_new (_(what)));
}

typedef struct
{
  ExportedFile *exported;
  const char   *what;
} Launch;

static void
on_show_uri_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  Launch *launch = data;
  g_autoptr(GError) error = NULL;

  if (!gtk_show_uri_full_finish (GTK_WINDOW (source), result, &error))
    report_launch_error (launch->exported, launch->what, error);
  exported_file_unref (launch->exported);
  g_free (launch);
}

/* what (N_("Could not open the map")) must be a static string. */
static void
show_uri (ExportedFile *exported,
          GFile        *file,
          const char   *what)
{
  g_autofree char *uri = g_file_get_uri (file);
  GtkWindow *parent = parent_window (exported);

  /* gtk_show_uri_full reports errors only with a parent to call back. */
  if (parent)
    {
      Launch *launch = g_new0 (Launch, 1);

      launch->exported = exported_file_ref (exported);
      launch->what = what;
      gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, on_show_uri_done, launch);
    }
  else
    {
      g_autoptr(GError) error = NULL;

      if (!g_app_info_launch_default_for_uri (uri, NULL, &error))
        report_launch_error (exported, what, error);
    }
}

static void
on_toast_open (AdwToast     *toast,
               ExportedFile *exported)
{
  show_uri (exported, exported->file, N_("Could not open the map"));
}

static void
on_show_items_done (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  ExportedFile *exported = data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (exported->file);

      /* No file manager that can select a file: open its folder. */
      g_debug ("FileManager1.ShowItems failed: %s", error->message);
      show_uri (exported, folder, N_("Could not open the folder"));
    }
  exported_file_unref (exported);
}

static void
on_toast_show_in_folder (GtkButton    *button,
                         ExportedFile *exported)
{
  GApplication *app = g_application_get_default ();
  GDBusConnection *bus = app ? g_application_get_dbus_connection (app) : NULL;
  g_autofree char *uri = g_file_get_uri (exported->file);
  const char *uris[] = { uri, NULL };
  AdwToast *toast = g_object_get_data (G_OBJECT (button), "sitmap-toast");

  if (toast)
    adw_toast_dismiss (toast);

  if (bus == NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (exported->file);

      show_uri (exported, folder, N_("Could not open the folder"));
      return;
    }

  g_dbus_connection_call (bus, "org.freedesktop.FileManager1", "/org/freedesktop/FileManager1",
                          "org.freedesktop.FileManager1", "ShowItems",
                          g_variant_new ("(^ass)", uris, ""), NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                          on_show_items_done, exported_file_ref (exported));
}

static void
announce (SitmapExportDialog *self)
{
  g_autofree char *name = g_filename_display_basename (self->export_path);
  g_autofree char *title = g_strdup_printf (_("Exported “%s”"), name);
  ExportedFile *exported = exported_file_new (self->export_path, self->toasts);
  AdwToast *toast = adw_toast_new (title);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *folder_button = gtk_button_new_with_mnemonic (_("Show in _Folder"));

  /* A toast has one button of its own; the second sits in its title. */
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (folder_button, "flat");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), folder_button);
  adw_toast_set_custom_title (toast, box);
  adw_toast_set_button_label (toast, _("_Open"));
  adw_toast_set_timeout (toast, 8);

  g_object_set_data (G_OBJECT (folder_button), "sitmap-toast", toast);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_toast_open),
                         exported_file_ref (exported), (GClosureNotify)(void (*) (void))exported_file_unref, 0);
  g_signal_connect_data (folder_button, "clicked", G_CALLBACK (on_toast_show_in_folder),
                         exported_file_ref (exported), (GClosureNotify)(void (*) (void))exported_file_unref, 0);
  exported_file_unref (exported);

  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* ---- Exporting ---------------------------------------------------------- */

static void
set_busy (SitmapExportDialog *self,
          gboolean            busy)
{
  if (!busy)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
      g_clear_object (&self->cancellable);
    }
  gtk_revealer_set_reveal_child (self->progress_revealer, busy);
  update_choices (self);
}

static gboolean
on_pulse (gpointer data)
{
  SitmapExportDialog *self = data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
on_export_progress (double   fraction,
                    gpointer data)
{
  SitmapExportDialog *self = data;

  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  if (self->pulse_source == 0 && self->progress_bar)
    gtk_progress_bar_set_fraction (self->progress_bar, fraction);
}

static void
on_export_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  g_autoptr(SitmapExportDialog) self = data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sitmap_export_finish (result, &error);

  /* Disposed meanwhile: the parent window went away. */
  if (self->map_view == NULL)
    return;

  set_busy (self, FALSE);

  if (ok)
    {
      save_choices (self);
      announce (self);
      g_signal_emit (self, signals[EXPORTED], 0, self->export_path);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("%s", error->message);
      if (self->close_when_done)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (self->close_when_done)
    {
      /* Whatever window the dialog belongs to hears of it. */
      sitmap_error_dialog_show (gtk_window_get_transient_for (GTK_WINDOW (self)),
                                _("Could Not Export the Map"), error->message);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  sitmap_error_dialog_show (GTK_WINDOW (self), _("Could Not Export the Map"), error->message);
}

static void
begin_export (SitmapExportDialog *self)
{
  SitmapRenderer *renderer = sitmap_map_view_get_renderer (self->map_view);
  SitmapExportOptions options;
  SitmapViewport viewport;

  /* The map may have emptied meanwhile. */
  if (!compute_export (self, &viewport, &options))
    {
      set_busy (self, FALSE);
      return;
    }

  /* A vector file is written in one go: there is nothing to count. */
  if (get_format (self) == SITMAP_EXPORT_FORMAT_PNG)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
  else if (self->pulse_source == 0)
    self->pulse_source = g_timeout_add (PULSE_MS, on_pulse, self);

  sitmap_export_async (renderer, &viewport, &options, self->export_path, self->cancellable,
                       on_export_progress, self, on_export_done, g_object_ref (self));
}

static void
on_map_ready (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(SitmapExportDialog) self = data;
  g_autoptr(GError) error = NULL;

  /* Cancelled: whoever cancelled has put the dialog back already. */
  if (!sitmap_map_prepare_finish (SITMAP_MAP (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->map_view == NULL || !self->waiting_for_map)
    return;

  /* A worker that could not finish leaves the full detail to be
   * prepared as it is first drawn: the export still draws one map. */
  if (error)
    g_debug ("%s", error->message);
  self->waiting_for_map = FALSE;
  begin_export (self);
}

/* Ends the wait for the map; TRUE if there was one. */
static gboolean
stop_waiting_for_map (SitmapExportDialog *self)
{
  if (!self->waiting_for_map)
    return FALSE;
  self->waiting_for_map = FALSE;
  g_cancellable_cancel (self->cancellable);
  set_busy (self, FALSE);
  return TRUE;
}

static void
start_export (SitmapExportDialog *self,
              const char         *path)
{
  SitmapMap *map = sitmap_map_view_get_map (self->map_view);
  g_autofree char *name = g_filename_display_basename (path);
  g_autofree char *label = g_strdup_printf (_("Exporting “%s”…"), name);
  SitmapExportOptions options;
  SitmapViewport viewport;

  /* A width typed but not yet confirmed counts. */
  gtk_spin_button_update (self->width_spin);
  gtk_spin_button_update (self->height_spin);
  if (self->cancellable != NULL || !compute_export (self, &viewport, &options))
    return;

  g_free (self->export_path);
  self->export_path = g_strdup (path);
  self->cancellable = g_cancellable_new ();

  gtk_label_set_label (self->progress_label, label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_busy (self, TRUE);

  /* While the window swaps the 1:50m countries it shows first for the
   * 1:10m ones, an export would stop at the swap as a change of the map,
   * or write what the window no longer shows: it starts after. */
  if (map && !sitmap_map_is_prepared (map))
    {
      self->waiting_for_map = TRUE;
      self->pulse_source = g_timeout_add (PULSE_MS, on_pulse, self);
      sitmap_map_prepare_async (map, self->cancellable, on_map_ready, g_object_ref (self));
      return;
    }

  begin_export (self);
}

void
_sitmap_export_dialog_export_to (SitmapExportDialog *self,
                                 const char         *path)
{
  g_return_if_fail (SITMAP_IS_EXPORT_DIALOG (self));
  g_return_if_fail (path != NULL);

  start_export (self, path);
}

static void
on_confirm_response (SitmapExportDialog *self,
                     const char         *response,
                     AdwMessageDialog   *dialog)
{
  const char *path = g_object_get_data (G_OBJECT (dialog), "sitmap-path");

  if (g_strcmp0 (response, "replace") == 0 && path)
    start_export (self, path);
  self->confirm = NULL;
}

/* The chooser confirmed overwriting the name as typed; a name that gets
 * its extension added here may be another file, so that is confirmed
 * again. */
static void
confirm_replace (SitmapExportDialog *self,
                 const char         *path)
{
  g_autofree char *name = g_filename_display_basename (path);
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("Replace “%s”?"), name);
  adw_message_dialog_set_body (dialog, _("A file with this name already exists. Replacing it overwrites its contents."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "replace", _("_Replace"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "replace", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "sitmap-path", g_strdup (path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, G_CONNECT_SWAPPED);
  self->confirm = dialog;
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_chooser_response (SitmapExportDialog   *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  SitmapExportFormat format;

  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      g_autofree char *message = g_strdup_printf (_("%s: choose a folder on this computer"), uri);

      sitmap_error_dialog_show (GTK_WINDOW (self), _("Could Not Export the Map"), message);
      return;
    }

  /* A name typed with another format's extension says what is wanted. */
  if (sitmap_export_format_for_path (path, &format, NULL))
    {
      adw_combo_row_set_selected (self->format_row, format);
      start_export (self, path);
      return;
    }

  {
    g_autofree char *full = g_strconcat (path, sitmap_export_format_get_extension (get_format (self)), NULL);

    if (g_file_test (full, G_FILE_TEST_EXISTS))
      confirm_replace (self, full);
    else
      start_export (self, full);
  }
}

static char *
suggest_name (SitmapExportDialog *self)
{
  SitmapStory *story = sitmap_map_get_story (sitmap_map_view_get_map (self->map_view));
  const char *title = story ? sitmap_story_get_title (story) : NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  guint words = 0;

  /* The first words of the title, in lower case, joined by hyphens. */
  for (const char *p = title; p && *p && words < NAME_WORDS; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (name, g_unichar_tolower (c));
      else if (g_unichar_isspace (c) || c == '-')
        {
          if (name->len && name->str[name->len - 1] != '-')
            {
              g_string_append_c (name, '-');
              words++;
            }
        }
    }
  while (name->len && name->str[name->len - 1] == '-')
    g_string_truncate (name, name->len - 1);
  if (name->len == 0)
    g_string_append (name, "map");

  g_string_append (name, sitmap_export_format_get_extension (get_format (self)));
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
on_export_clicked (SitmapExportDialog *self)
{
  static const char *names[] = { N_("PNG images"), N_("SVG drawings"), N_("PDF documents") };
  static const char *types[] = { "image/png", "image/svg+xml", "application/pdf" };
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *last = g_settings_get_string (self->settings, "last-export-folder");
  g_autofree char *name = suggest_name (self);
  g_autofree char *pattern = g_strconcat ("*", sitmap_export_format_get_extension (get_format (self)), NULL);
  const char *folder = last;
  SitmapExportFormat format = get_format (self);

  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  if (self->cancellable != NULL)
    return;

  if (folder == NULL || *folder == '\0' || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_user_special_dir (G_USER_DIRECTORY_PICTURES);
  if (folder == NULL || !g_file_test (folder, G_FILE_TEST_IS_DIR))
    folder = g_get_home_dir ();

  gtk_file_filter_set_name (filter, _(names[format]));
  gtk_file_filter_add_mime_type (filter, types[format]);
  gtk_file_filter_add_pattern (filter, pattern);

  g_clear_object (&self->chooser);
  /* GTK 4's save dialog asks before replacing a file. */
  self->chooser = gtk_file_chooser_native_new (_("Export Map"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  {
    g_autoptr(GFile) dir = g_file_new_for_path (folder);

    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), dir, NULL);
  }
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_cancel_clicked (SitmapExportDialog *self)
{
  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  if (stop_waiting_for_map (self))
    return;
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

/* ---- The object --------------------------------------------------------- */

static gboolean
sitmap_export_dialog_close_request (GtkWindow *window)
{
  SitmapExportDialog *self = (SitmapExportDialog *)window;

  g_assert (SITMAP_IS_EXPORT_DIALOG (self));

  /* Nothing written yet. */
  stop_waiting_for_map (self);

  /* The worker must delete its temporary file first; the dialog goes
   * once it has. */
  if (self->cancellable)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (sitmap_export_dialog_parent_class)->close_request (window);
}

static void
fill_size_row (SitmapExportDialog *self)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (size_presets); i++)
    {
      const SizePreset *preset = &size_presets[i];
      g_autofree char *text = NULL;

      /* The pixels of the current view are in the summary below. */
      if (preset->width > 0)
        text = g_strdup_printf ("%d × %d (%s)", preset->width, preset->height, _(preset->name));
      else if (preset->width_mm > 0)
        text = g_strdup_printf (_("%s, %d dpi"), _(preset->name), PAPER_DPI);
      else
        text = g_strdup (_(preset->name));
      gtk_string_list_append (list, text);
    }

  adw_combo_row_set_model (self->size_row, G_LIST_MODEL (list));
}

/* What the export would write follows the map as it is: the summary and
 * whether there is anything to export.  An export under way notices a
 * change itself and stops. */
static void
on_map_changed (SitmapExportDialog *self,
                SitmapMapChange     what,
                int                 feature)
{
  update_choices (self);
}

static void
sitmap_export_dialog_constructed (GObject *object)
{
  SitmapExportDialog *self = (SitmapExportDialog *)object;

  G_OBJECT_CLASS (sitmap_export_dialog_parent_class)->constructed (object);

  g_assert (SITMAP_IS_MAP_VIEW (self->map_view));
  g_assert (ADW_IS_TOAST_OVERLAY (self->toasts));

  fill_size_row (self);
  load_choices (self);
  update_choices (self);
  if (sitmap_map_view_get_map (self->map_view))
    g_signal_connect_object (sitmap_map_view_get_map (self->map_view), "changed",
                             G_CALLBACK (on_map_changed), self, G_CONNECT_SWAPPED);
}

static void
sitmap_export_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SitmapExportDialog *self = SITMAP_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MAP_VIEW:
      self->map_view = g_value_dup_object (value);
      break;
    case PROP_TOASTS:
      self->toasts = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_export_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SitmapExportDialog *self = SITMAP_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_MAP_VIEW:
      g_value_set_object (value, self->map_view);
      break;
    case PROP_TOASTS:
      g_value_set_object (value, self->toasts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_export_dialog_dispose (GObject *object)
{
  SitmapExportDialog *self = (SitmapExportDialog *)object;

  /* A running export finishes in its thread, removes its temporary file
   * and finds the dialog gone. */
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->confirm)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->confirm)));

  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->map_view);
  g_clear_object (&self->toasts);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sitmap_export_dialog_parent_class)->dispose (object);
}

static void
sitmap_export_dialog_finalize (GObject *object)
{
  SitmapExportDialog *self = (SitmapExportDialog *)object;

  g_free (self->export_path);

  G_OBJECT_CLASS (sitmap_export_dialog_parent_class)->finalize (object);
}

static void
sitmap_export_dialog_class_init (SitmapExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sitmap_export_dialog_constructed;
  object_class->set_property = sitmap_export_dialog_set_property;
  object_class->get_property = sitmap_export_dialog_get_property;
  object_class->dispose = sitmap_export_dialog_dispose;
  object_class->finalize = sitmap_export_dialog_finalize;
  window_class->close_request = sitmap_export_dialog_close_request;

  /**
   * SitmapExportDialog:map-view:
   *
   * The view whose map is exported, and whose view "Current view" is.
   */
  properties[PROP_MAP_VIEW] =
    g_param_spec_object ("map-view", NULL, NULL, SITMAP_TYPE_MAP_VIEW,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * SitmapExportDialog:toast-overlay:
   *
   * Where the exported file is announced once the dialog has closed.
   */
  properties[PROP_TOASTS] =
    g_param_spec_object ("toast-overlay", NULL, NULL, ADW_TYPE_TOAST_OVERLAY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SitmapExportDialog::exported:
   * @path: the file written
   *
   * An export has completed; the dialog closes right after.
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, callouts_switch);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, height_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, height_spin);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, options_page);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, scale1_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, scale2_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, scale_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, size_group);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, title_switch);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapExportDialog, width_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_choice_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sitmap_export_dialog_init (SitmapExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = sitmap_settings_new ();
}

SitmapExportDialog *
sitmap_export_dialog_new (GtkWindow       *parent,
                          SitmapMapView   *map_view,
                          AdwToastOverlay *toasts)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (map_view), NULL);
  g_return_val_if_fail (ADW_IS_TOAST_OVERLAY (toasts), NULL);

  return g_object_new (SITMAP_TYPE_EXPORT_DIALOG,
                       "transient-for", parent,
                       "map-view", map_view,
                       "toast-overlay", toasts,
                       NULL);
}
