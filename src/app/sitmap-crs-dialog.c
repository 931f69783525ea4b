/* sitmap-crs-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-crs-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "sitmap-crs-catalog.h"
#include "sitmap-crs-dialog.h"

struct _SitmapCrsDialog
{
  AdwWindow           parent_instance;

  /* Template widgets */
  GtkButton          *cancel_button;
  GtkLabel           *count_label;
  GtkLabel           *heading_label;
  GtkListView        *list_view;
  GtkCheckButton     *save_prj_check;
  GtkSearchEntry     *search_entry;
  GtkSpinner         *spinner;
  GtkStack           *stack;
  GtkLabel           *status_label;
  GtkButton          *use_button;

  char               *path;
  double              extent[4];
  GCancellable       *ranking;
  /* Ours once ranked; the list's items are its ids. */
  SitmapCrsCatalog   *catalog;
  guint               n_fit;
  GHashTable         *index_by_id;  /* id → index + 1 */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  char               *query;
  gboolean            answered;
};

G_DEFINE_FINAL_TYPE (SitmapCrsDialog, sitmap_crs_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_PATH,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const SitmapCrsCatalogEntry *
entry_for_item (SitmapCrsDialog *self,
                gpointer         item)
{
  const char *id = gtk_string_object_get_string (GTK_STRING_OBJECT (item));
  guint index = GPOINTER_TO_UINT (g_hash_table_lookup (self->index_by_id, id));

  return index > 0 ? sitmap_crs_catalog_get_entry (self->catalog, index - 1) : NULL;
}

/* ---- Rows ------------------------------------------------------------- */

static char *
format_lonlat (const double lonlat[2])
{
  /* TRANSLATORS: a latitude north of the equator, as in "50.4° N" */
  g_autofree char *lat = g_strdup_printf (lonlat[1] >= 0 ? _("%.1f° N") : _("%.1f° S"), fabs (lonlat[1]));
  /* TRANSLATORS: a longitude east of Greenwich, as in "30.5° E" */
  g_autofree char *lon = g_strdup_printf (lonlat[0] >= 0 ? _("%.1f° E") : _("%.1f° W"), fabs (lonlat[0]));

  /* TRANSLATORS: a place as latitude and longitude, "50.4° N, 30.5° E" */
  return g_strdup_printf (_("%s, %s"), lat, lon);
}

static void
setup_row (SitmapCrsDialog          *self,
           GtkListItem              *list_item,
           GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *code = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (code, "dim-label");
  gtk_widget_add_css_class (code, "monospace");
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_add_css_class (detail, "caption");
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), code);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), detail);
  g_object_set_data (G_OBJECT (box), "name", name);
  g_object_set_data (G_OBJECT (box), "code", code);
  g_object_set_data (G_OBJECT (box), "detail", detail);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row (SitmapCrsDialog          *self,
          GtkListItem              *list_item,
          GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  const SitmapCrsCatalogEntry *entry = entry_for_item (self, gtk_list_item_get_item (list_item));
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;

  if (entry == NULL)
    return;

  if (entry->fits)
    {
      g_autofree char *where = format_lonlat (entry->middle);

      /* TRANSLATORS: "the data" is the shapefile's; %s a place, then the
       * coordinate system's area of use in PROJ's words (English) */
      detail = g_strdup_printf (_("The data would lie around %s · %s"), where, entry->area);
    }
  else
    detail = g_strdup (entry->area);

  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "name"), entry->name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "code"), entry->id);
  gtk_label_set_text (g_object_get_data (G_OBJECT (box), "detail"), detail);
  gtk_widget_set_tooltip_text (box, entry->area[0] != '\0' ? entry->area : NULL);
  accessible = g_strdup_printf ("%s, %s", entry->name, entry->id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, detail, -1);
}

/* ---- Searching -------------------------------------------------------- */

static gboolean
filter_item (gpointer item,
             gpointer data)
{
  SitmapCrsDialog *self = data;
  const SitmapCrsCatalogEntry *entry = entry_for_item (self, item);

  return entry != NULL && sitmap_crs_catalog_entry_matches (entry, self->query ? self->query : "");
}

static void
update_state (SitmapCrsDialog *self)
{
  guint n_shown;
  g_autofree char *count = NULL;

  if (self->catalog == NULL)
    return;

  n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  gtk_stack_set_visible_child_name (self->stack, n_shown > 0 ? "list" : "empty");
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button),
                            gtk_single_selection_get_selected_item (self->selection) != NULL);
  if (self->query == NULL || self->query[0] == '\0')
    count = g_strdup_printf (ngettext ("%u of %u coordinate systems holds the data in its area of use; it is listed first.",
                                       "%u of %u coordinate systems hold the data in their area of use; they are listed first.",
                                       self->n_fit),
                             self->n_fit, sitmap_crs_catalog_get_n_entries (self->catalog));
  else
    count = g_strdup_printf (ngettext ("%u coordinate system matches.", "%u coordinate systems match.", n_shown),
                             n_shown);
  gtk_label_set_text (self->count_label, count);
}

static void
on_search_changed (SitmapCrsDialog *self,
                   GtkSearchEntry  *entry)
{
  g_autofree char *old = g_steal_pointer (&self->query);

  self->query = g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (self->filter == NULL)
    return;
  /* Typing on narrows what is shown, so GTK need test only those. */
  gtk_filter_changed (GTK_FILTER (self->filter),
                      old && g_str_has_prefix (self->query, old) ? GTK_FILTER_CHANGE_MORE_STRICT
                      : old && g_str_has_prefix (old, self->query) ? GTK_FILTER_CHANGE_LESS_STRICT
                                                                     : GTK_FILTER_CHANGE_DIFFERENT);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
    }
  update_state (self);
}

/* ---- Answering -------------------------------------------------------- */

static void
answer (SitmapCrsDialog *self,
        SitmapCrs       *crs)
{
  if (self->answered)
    return;
  self->answered = TRUE;
  g_signal_emit (self, signals[CHOSEN], 0, crs,
                 crs != NULL && gtk_check_button_get_active (self->save_prj_check));
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_use_clicked (SitmapCrsDialog *self)
{
  const char *id = sitmap_crs_dialog_get_selected_id (self);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapCrs) crs = NULL;

  if (id == NULL)
    return;
  crs = sitmap_crs_new_from_string (id, &error);
  if (crs == NULL)
    {
      /* The database listed it, so this is rare: say so and let another
       * be chosen. */
      gtk_label_set_text (self->count_label, error->message);
      return;
    }
  answer (self, crs);
}

static void
on_row_activated (SitmapCrsDialog *self,
                  guint            position,
                  GtkListView     *list_view)
{
  gtk_single_selection_set_selected (self->selection, position);
  on_use_clicked (self);
}

static void
on_stop_search (SitmapCrsDialog *self,
                GtkSearchEntry  *entry)
{
  /* Escape clears the search first, then cancels. */
  if (gtk_editable_get_text (GTK_EDITABLE (entry))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
on_search_key (SitmapCrsDialog       *self,
               guint                  keyval,
               guint                  keycode,
               GdkModifierType        state,
               GtkEventControllerKey *controller)
{
  /* Down goes on from the search to the list, as in a file chooser. */
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      gtk_stack_get_visible_child (self->stack) == gtk_widget_get_parent (GTK_WIDGET (self->list_view)))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
      return TRUE;
    }
  return FALSE;
}

static gboolean
sitmap_crs_dialog_close_request (GtkWindow *window)
{
  answer (SITMAP_CRS_DIALOG (window), NULL);
  return TRUE;
}

/* ---- The catalog, in a worker ----------------------------------------- */

static void
rank_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const double *extent = task_data;
  GError *error = NULL;
  g_autoptr(SitmapCrsCatalog) catalog = sitmap_crs_catalog_new (&error);
  gint64 started = g_get_monotonic_time ();

  if (catalog == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  sitmap_crs_catalog_rank (catalog, extent, cancellable);
  g_debug ("ranked %u systems in %" G_GINT64_FORMAT " ms", sitmap_crs_catalog_get_n_entries (catalog),
           (g_get_monotonic_time () - started) / 1000);
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_pointer (task, g_steal_pointer (&catalog), g_object_unref);
}

static void
rank_done (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(SitmapCrsDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapCrsCatalog) catalog = g_task_propagate_pointer (G_TASK (result), &error);
  g_autoptr(GtkStringList) ids = NULL;
  g_autoptr(GPtrArray) strings = NULL;
  GtkListItemFactory *factory;
  guint n;

  if (self->answered)
    return;
  if (catalog == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_spinner_set_spinning (self->spinner, FALSE);
          gtk_label_set_text (self->status_label, error->message);
        }
      return;
    }

  self->catalog = g_steal_pointer (&catalog);
  n = sitmap_crs_catalog_get_n_entries (self->catalog);
  strings = g_ptr_array_sized_new (n + 1);
  for (guint i = 0; i < n; i++)
    {
      const SitmapCrsCatalogEntry *entry = sitmap_crs_catalog_get_entry (self->catalog, i);

      self->n_fit += entry->fits;
      g_ptr_array_add (strings, entry->id);
      g_hash_table_insert (self->index_by_id, entry->id, GUINT_TO_POINTER (i + 1));
    }
  g_ptr_array_add (strings, NULL);
  ids = gtk_string_list_new ((const char * const *)strings->pdata);

  self->filter = gtk_custom_filter_new (filter_item, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (ids)), GTK_FILTER (g_object_ref (self->filter)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_spinner_set_spinning (self->spinner, FALSE);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

/* ---- The type --------------------------------------------------------- */

static void
sitmap_crs_dialog_constructed (GObject *object)
{
  SitmapCrsDialog *self = SITMAP_CRS_DIALOG (object);
  g_autofree char *base = g_filename_display_basename (self->path);
  g_autofree char *heading = NULL;

  G_OBJECT_CLASS (sitmap_crs_dialog_parent_class)->constructed (object);

  heading = g_strdup_printf (_("%s has no .prj file to say which coordinate system its coordinates are in, "
                               "and they are not longitude and latitude. Choose the system it was made in: "
                               "those whose area of use holds the data come first."), base);
  gtk_label_set_text (self->heading_label, heading);
}

static void
start_ranking (SitmapCrsDialog *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->ranking, rank_done, g_object_ref (self));

  g_task_set_source_tag (task, start_ranking);
  g_task_set_task_data (task, g_memdup2 (self->extent, sizeof self->extent), g_free);
  g_task_run_in_thread (task, rank_worker);
}

static void
sitmap_crs_dialog_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SitmapCrsDialog *self = SITMAP_CRS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_READY:
      g_value_set_boolean (value, sitmap_crs_dialog_get_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_crs_dialog_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SitmapCrsDialog *self = SITMAP_CRS_DIALOG (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_crs_dialog_dispose (GObject *object)
{
  SitmapCrsDialog *self = SITMAP_CRS_DIALOG (object);

  g_cancellable_cancel (self->ranking);
  if (self->list_view)
    gtk_list_view_set_model (self->list_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_CRS_DIALOG);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (sitmap_crs_dialog_parent_class)->dispose (object);
}

static void
sitmap_crs_dialog_finalize (GObject *object)
{
  SitmapCrsDialog *self = SITMAP_CRS_DIALOG (object);

  g_clear_object (&self->ranking);
  g_clear_pointer (&self->index_by_id, g_hash_table_unref);
  g_clear_object (&self->catalog);
  g_free (self->path);
  g_free (self->query);

  G_OBJECT_CLASS (sitmap_crs_dialog_parent_class)->finalize (object);
}

static void
sitmap_crs_dialog_class_init (SitmapCrsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = sitmap_crs_dialog_constructed;
  object_class->get_property = sitmap_crs_dialog_get_property;
  object_class->set_property = sitmap_crs_dialog_set_property;
  object_class->dispose = sitmap_crs_dialog_dispose;
  object_class->finalize = sitmap_crs_dialog_finalize;
  window_class->close_request = sitmap_crs_dialog_close_request;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::chosen (SitmapCrs *crs or NULL for Cancel, gboolean save_prj) */
  signals[CHOSEN] =
    g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SITMAP_TYPE_CRS, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-crs-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, count_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, list_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, save_prj_check);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapCrsDialog, use_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_use_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sitmap_crs_dialog_init (SitmapCrsDialog *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->ranking = g_cancellable_new ();
  self->index_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < 4; i++)
    self->extent[i] = NAN;

  /* Typing anywhere in the dialog searches. */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
  keys = gtk_event_controller_key_new ();
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_search_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->use_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->search_entry));
}

SitmapCrsDialog *
sitmap_crs_dialog_new (GtkWindow    *parent,
                       const char   *shp_path,
                       const double  extent[4])
{
  SitmapCrsDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (shp_path != NULL, NULL);
  g_return_val_if_fail (extent != NULL, NULL);

  self = g_object_new (SITMAP_TYPE_CRS_DIALOG, "path", shp_path, "transient-for", parent, NULL);
  memcpy (self->extent, extent, sizeof self->extent);
  start_ranking (self);
  return self;
}

const char *
sitmap_crs_dialog_get_path (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return self->path;
}

gboolean
sitmap_crs_dialog_get_ready (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), FALSE);
  return self->catalog != NULL;
}

const char *
sitmap_crs_dialog_get_selected_id (SitmapCrsDialog *self)
{
  gpointer item;

  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);

  if (self->selection == NULL)
    return NULL;
  item = gtk_single_selection_get_selected_item (self->selection);
  return item ? gtk_string_object_get_string (item) : NULL;
}

GListModel *
sitmap_crs_dialog_get_model (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return self->selection ? G_LIST_MODEL (self->selection) : NULL;
}

GtkEditable *
sitmap_crs_dialog_get_search_entry (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return GTK_EDITABLE (self->search_entry);
}

GtkCheckButton *
sitmap_crs_dialog_get_save_prj_check (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return self->save_prj_check;
}

GtkButton *
sitmap_crs_dialog_get_use_button (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return self->use_button;
}

GtkButton *
sitmap_crs_dialog_get_cancel_button (SitmapCrsDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_DIALOG (self), NULL);
  return self->cancel_button;
}
