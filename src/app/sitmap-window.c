/* sitmap-window.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-window"

#include "config.h"

#include <glib/gi18n.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include <stdio.h>
#include <string.h>

#include "sitmap-export-dialog.h"
#include "sitmap-map-language.h"
#include "sitmap-shapefile.h"
#include "sitmap-window.h"

#define KEY_ZOOM_STEP 1.5
#define KEY_PAN_PIXELS 80

struct _SitmapWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkTextView          *article_view;
  GtkLabel             *loading_label;
  GtkRevealer          *loading_revealer;
  GtkSpinner           *loading_spinner;
  SitmapMapView        *map_view;
  GtkPaned             *paned;
  GtkListBox           *places_list;
  GtkSearchEntry       *search_entry;
  GtkWidget            *sidebar;
  GtkStack             *sidebar_stack;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;

  /* Files being opened in worker threads; cancelled with the window. */
  GCancellable         *loading;
  guint                 n_loading;

  /* Owned widgets */
  GtkWidget            *popover;
  GtkFileChooserNative *chooser;

  /* Owned references */
  SitmapMap            *map;
  GSettings            *settings;
  /* Character ranges of every mapped mention in the article view, with
   * the feature each belongs to (MentionRange). */
  GArray               *mentions;
};

typedef struct
{
  int   start;
  int   end;
  guint feature;
} MentionRange;

G_DEFINE_FINAL_TYPE (SitmapWindow, sitmap_window, ADW_TYPE_APPLICATION_WINDOW)

GSettings *
sitmap_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  /* Run from the build tree, the schema is compiled beside the sources
   * rather than installed. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) local =
        g_settings_schema_source_new_from_directory (SITMAP_BUILD_SCHEMADIR, source, FALSE, NULL);

      if (local)
        schema = g_settings_schema_source_lookup (local, APP_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_warning ("Settings schema %s not found; settings will not be kept", APP_ID);
      return g_settings_new_with_backend (APP_ID, g_memory_settings_backend_new ());
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  sitmap_map_view_zoom (SITMAP_WINDOW (widget)->map_view, KEY_ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  sitmap_map_view_zoom (SITMAP_WINDOW (widget)->map_view, 1 / KEY_ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  sitmap_map_view_zoom_to_fit (SITMAP_WINDOW (widget)->map_view);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  sitmap_map_view_pan (SITMAP_WINDOW (widget)->map_view, dx, dy);
}

static void
on_show_graticule_changed (SitmapWindow *self,
                           const char   *key,
                           GSettings    *settings)
{
  sitmap_renderer_set_show_graticule (sitmap_map_view_get_renderer (self->map_view),
                                      g_settings_get_boolean (settings, "show-graticule"));
}

void
sitmap_window_show_error (SitmapWindow *self,
                          const char   *heading,
                          const char   *message)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (SITMAP_IS_WINDOW (self));

  g_message ("%s: %s", heading, message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  /* Messages carry file names and file contents: never markup. */
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_set_body (dialog, message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
sitmap_window_open_basemap (SitmapWindow *self,
                            const char   *path)
{
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer;

  g_return_val_if_fail (SITMAP_IS_WINDOW (self), FALSE);

  layer = sitmap_map_add_basemap (self->map, path, &error);
  if (layer == NULL)
    {
      sitmap_window_show_error (self, _("Could Not Open Shapefile"), error->message);
      return FALSE;
    }

  if (sitmap_layer_get_warnings (layer))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (sitmap_layer_get_warnings (layer)));
  return TRUE;
}

/* ---- The story in the sidebar ------------------------------------------------ */

static const char *
kind_title (SitmapStoryKind kind)
{
  switch (kind)
    {
    case SITMAP_STORY_KIND_CAPITAL: return C_("kind of place", "Capital");
    case SITMAP_STORY_KIND_CITY: return C_("kind of place", "City");
    case SITMAP_STORY_KIND_VENUE: return C_("kind of place", "Talks");
    case SITMAP_STORY_KIND_FORCE: return C_("kind of place", "Forces");
    case SITMAP_STORY_KIND_EVENT: return C_("kind of place", "Event");
    case SITMAP_STORY_KIND_AREA: return C_("kind of place", "Area");
    case SITMAP_STORY_KIND_OCCUPIED: return C_("kind of place", "Occupied territory");
    case SITMAP_STORY_KIND_MOVEMENT: return C_("kind of place", "Movement");
    case SITMAP_STORY_KIND_BORDER: return C_("kind of place", "Border");
    default: return C_("kind of place", "Place");
    }
}

static char *
dates_text (const SitmapStoryFeature *feature)
{
  /* The window speaks the desktop's language, so its dates do too (the
   * map's follow the story: SitmapMapLanguage). */
  static const char *months[] = {
    NC_("month after a day", "January"), NC_("month after a day", "February"),
    NC_("month after a day", "March"), NC_("month after a day", "April"),
    NC_("month after a day", "May"), NC_("month after a day", "June"),
    NC_("month after a day", "July"), NC_("month after a day", "August"),
    NC_("month after a day", "September"), NC_("month after a day", "October"),
    NC_("month after a day", "November"), NC_("month after a day", "December"),
  };
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; feature->dates[i]; i++)
    {
      int y, m, d;

      if (i)
        g_string_append (text, ", ");
      if (sscanf (feature->dates[i], "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        /* TRANSLATORS: a date: %1$d the day, %2$s the month's name, %3$d
         * the year ("15 January 2022"). */
        g_string_append_printf (text, C_("date", "%1$d %2$s %3$d"), d,
                                g_dpgettext2 (NULL, "month after a day", months[m - 1]), y);
      else
        g_string_append (text, feature->dates[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  /* gtk_label_new never parses markup: names and excerpts come from
   * files anyone can write. */
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
build_feature_details (SitmapStory              *story,
                       const SitmapStoryFeature *feature)
{
  SitmapMapLanguage *language = sitmap_map_language_get_for_tag (sitmap_story_get_language (story));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *dates = dates_text (feature);
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  GtkWidget *title = plain_label (feature->name, "title-3");

  gtk_label_set_selectable (GTK_LABEL (title), FALSE);
  gtk_box_append (GTK_BOX (box), title);

  subtitle = *dates ? g_strdup_printf ("%s · %s", kind_title (feature->kind), dates)
                    : g_strdup (kind_title (feature->kind));
  gtk_box_append (GTK_BOX (box), plain_label (subtitle, "dim-label"));

  if (feature->figures->len)
    {
      GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_add_css_class (figures, "card");
      gtk_widget_set_margin_top (figures, 4);
      if (feature->callout_title)
        {
          GtkWidget *heading = plain_label (feature->callout_title, "heading");

          gtk_widget_set_margin_start (heading, 8);
          gtk_widget_set_margin_top (heading, 6);
          gtk_box_append (GTK_BOX (figures), heading);
        }
      for (guint i = 0; i < feature->figures->len; i++)
        {
          const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);
          /* The figures are the story's words, in its language, as on the map. */
          g_autofree char *text = sitmap_map_language_format_figure (language, figure);
          g_autofree char *line = figure->note ? g_strdup_printf ("%s (%s)", text, figure->note) : g_strdup (text);
          GtkWidget *label = plain_label (line, NULL);

          gtk_widget_set_margin_start (label, 8);
          gtk_widget_set_margin_end (label, 8);
          gtk_box_append (GTK_BOX (figures), label);
          if (figure->source && !g_ptr_array_find_with_equal_func (sources, figure->source, g_str_equal, NULL))
            g_ptr_array_add (sources, figure->source);
        }
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (figures), 6);
      gtk_box_append (GTK_BOX (box), figures);
    }

  for (guint i = 0; feature->excerpts[i]; i++)
    {
      g_autofree char *quoted = g_strdup_printf (C_("quotation", "“%s”"), feature->excerpts[i]);
      GtkWidget *excerpt = plain_label (quoted, "excerpt");

      gtk_widget_set_margin_top (excerpt, 4);
      gtk_box_append (GTK_BOX (box), excerpt);
    }

  if (sources->len)
    {
      g_autoptr(GString) line = g_string_new (_("Figures:"));

      g_string_append_c (line, ' ');

      for (guint i = 0; i < sources->len; i++)
        g_string_append_printf (line, "%s%s", i ? "; " : "", (char *)g_ptr_array_index (sources, i));
      gtk_box_append (GTK_BOX (box), plain_label (line->str, "caption"));
    }
  if (feature->note)
    gtk_box_append (GTK_BOX (box), plain_label (feature->note, "caption"));

  return box;
}

static void
on_popover_closed (SitmapWindow *self)
{
  int selected = sitmap_map_view_get_selected_feature (self->map_view);

  g_assert (SITMAP_IS_WINDOW (self));

  g_clear_pointer (&self->popover, gtk_widget_unparent);

  /* Keyboard users go back to the marker they came from. */
  if (selected >= 0)
    {
      GtkWidget *marker = sitmap_map_view_get_marker (self->map_view, selected);

      if (gtk_widget_get_child_visible (marker))
        gtk_widget_grab_focus (marker);
    }
}

static void
show_feature_popover (SitmapWindow *self,
                      guint         index)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  const SitmapStoryFeature *feature = sitmap_story_get_feature (story, index);
  GtkWidget *scroller;
  GdkRectangle rect;

  if (self->popover)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_clear_pointer (&self->popover, gtk_widget_unparent);

  if (!sitmap_map_view_get_feature_rect (self->map_view, index, &rect))
    {
      sitmap_map_view_centre_on_feature (self->map_view, index);
      if (!sitmap_map_view_get_feature_rect (self->map_view, index, &rect))
        return;
    }

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  /* Wrapped labels ask for one character of width at least; without the
   * natural width the popover shrinks to a sliver. */
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 320);
  /* Focus starts on the scroller, not on the first selectable label,
   * which would select its text. */
  gtk_widget_set_focusable (scroller, TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), build_feature_details (story, feature));

  self->popover = gtk_popover_new ();
  gtk_widget_add_css_class (self->popover, "feature-popover");
  gtk_popover_set_child (GTK_POPOVER (self->popover), scroller);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self->map_view));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_widget_grab_focus (scroller);
  g_message ("popover shown: %s", feature->name);
}

static void
highlight_article (SitmapWindow *self,
                   int           selected)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->article_view);
  GtkTextIter start, end;
  gboolean scrolled = FALSE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "selected-mention", &start, &end);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const MentionRange *mention = &g_array_index (self->mentions, MentionRange, i);

      if ((int)mention->feature != selected)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, mention->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, mention->end);
      gtk_text_buffer_apply_tag_by_name (buffer, "selected-mention", &start, &end);
      if (!scrolled)
        {
          gtk_text_view_scroll_to_iter (self->article_view, &start, 0.1, TRUE, 0, 0.3);
          scrolled = TRUE;
        }
    }
}

static void
select_feature (SitmapWindow *self,
                int           index)
{
  GtkListBoxRow *row = index >= 0 ? gtk_list_box_get_row_at_index (self->places_list, index) : NULL;

  sitmap_map_view_set_selected_feature (self->map_view, index);
  highlight_article (self, index);
  if (row != gtk_list_box_get_selected_row (self->places_list))
    gtk_list_box_select_row (self->places_list, row);
}

static void
on_feature_activated (SitmapWindow  *self,
                      int            index,
                      SitmapMapView *map_view)
{
  g_assert (SITMAP_IS_WINDOW (self));

  select_feature (self, index);
  show_feature_popover (self, index);
}

static void
on_place_row_activated (SitmapWindow  *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  int index = gtk_list_box_row_get_index (row);

  select_feature (self, index);
  sitmap_map_view_centre_on_feature (self->map_view, index);
  show_feature_popover (self, index);
}

static gboolean
filter_places (GtkListBoxRow *row,
               gpointer       data)
{
  SitmapWindow *self = data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *haystack = g_object_get_data (G_OBJECT (row), "sitmap-search-text");
  g_autofree char *needle = NULL;

  if (query == NULL || *query == '\0' || haystack == NULL)
    return TRUE;
  needle = g_utf8_casefold (query, -1);
  return strstr (haystack, needle) != NULL;
}

static void
on_search_changed (SitmapWindow *self)
{
  gtk_list_box_invalidate_filter (self->places_list);
}

static void
on_article_click (SitmapWindow    *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  GtkTextIter iter;
  int bx, by, offset;

  gtk_text_view_window_to_buffer_coords (self->article_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->article_view, &iter, bx, by))
    return;
  offset = gtk_text_iter_get_offset (&iter);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const MentionRange *mention = &g_array_index (self->mentions, MentionRange, i);

      if (offset >= mention->start && offset < mention->end)
        {
          select_feature (self, mention->feature);
          sitmap_map_view_centre_on_feature (self->map_view, mention->feature);
          return;
        }
    }
}

static void
rebuild_sidebar (SitmapWindow *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->article_view);
  GtkWidget *child;
  const char *article;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->places_list))))
    gtk_list_box_remove (self->places_list, child);
  g_array_set_size (self->mentions, 0);
  gtk_text_buffer_set_text (buffer, "", 0);

  if (story == NULL)
    return;

  article = sitmap_story_get_article (story);
  gtk_text_buffer_set_text (buffer, article, -1);
  n = sitmap_story_get_n_features (story);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (feature->name);
      g_autofree char *dates = dates_text (feature);
      g_autofree char *detail = *dates ? g_strdup_printf ("%s · %s", kind_title (feature->kind), dates)
                                       : g_strdup (kind_title (feature->kind));
      GtkWidget *sub = gtk_label_new (detail);
      GtkWidget *row = gtk_list_box_row_new ();
      g_autofree char *search = g_strdup_printf ("%s %s %s", feature->name, feature->label, kind_title (feature->kind));

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (row_box), name);
      gtk_box_append (GTK_BOX (row_box), sub);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), row_box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, feature->name, -1);
      g_object_set_data_full (G_OBJECT (row), "sitmap-search-text", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->places_list, row);

      for (guint e = 0; e < feature->excerpt_ranges->len; e++)
        {
          const SitmapTextRange *range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, e);
          MentionRange mention;
          GtkTextIter start, end;

          mention.start = g_utf8_pointer_to_offset (article, article + range->start);
          mention.end = g_utf8_pointer_to_offset (article, article + range->end);
          mention.feature = i;
          g_array_append_val (self->mentions, mention);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, mention.start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, mention.end);
          gtk_text_buffer_apply_tag_by_name (buffer, "mention", &start, &end);
        }
    }

  adw_window_title_set_subtitle (self->window_title, sitmap_story_get_title (story));
}

static void
on_map_changed (SitmapWindow    *self,
                SitmapMapChange  what,
                int              feature)
{
  if (what & (SITMAP_MAP_CHANGE_STORY | SITMAP_MAP_CHANGE_FEATURE))
    rebuild_sidebar (self);
}

static gboolean
show_story (SitmapWindow *self,
            SitmapStory  *story)
{
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_set_story (self->map, story, &error))
    {
      sitmap_window_show_error (self, _("Could Not Open Story"), error->message);
      return FALSE;
    }

  if (self->popover)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  sitmap_map_view_zoom_to_fit (self->map_view);
  return TRUE;
}

gboolean
sitmap_window_open_story (SitmapWindow *self,
                          const char   *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;

  g_return_val_if_fail (SITMAP_IS_WINDOW (self), FALSE);

  story = sitmap_story_load_file (path, &error);
  if (story == NULL)
    {
      sitmap_window_show_error (self, _("Could Not Open Story"), error->message);
      return FALSE;
    }
  return show_story (self, story);
}

/* ---- Opening files off the main thread -------------------------------- */

typedef struct
{
  char     *path;
  gboolean  is_shapefile;
  char     *projection_definition;
  double    central_longitude;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_free (request->path);
  g_free (request->projection_definition);
  g_free (request);
}

/* Runs in a worker: loading and projecting a large shapefile takes long
 * enough that the window must stay responsive meanwhile. */
static void
open_file_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  OpenRequest *request = task_data;
  GError *error = NULL;

  if (request->is_shapefile)
    {
      g_autoptr(SitmapLayer) layer = sitmap_shapefile_load (request->path, &error);
      g_autoptr(SitmapProjection) projection = NULL;

      if (layer == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (g_task_return_error_if_cancelled (task))
        return;
      /* PROJ objects may not cross threads: project with a private copy
       * of the map's projection. */
      projection = sitmap_projection_new (request->projection_definition, request->central_longitude, NULL);
      if (projection)
        sitmap_layer_project (layer, projection);
      g_task_return_pointer (task, g_steal_pointer (&layer), g_object_unref);
    }
  else
    {
      SitmapStory *story = sitmap_story_load_file (request->path, &error);

      if (story == NULL)
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, story, g_object_unref);
    }
}

static void
update_loading_indicator (SitmapWindow *self,
                          const char   *path)
{
  gboolean busy = self->n_loading > 0;

  if (path)
    {
      g_autofree char *base = g_filename_display_basename (path);
      g_autofree char *text = g_strdup_printf (_("Opening %s…"), base);

      gtk_label_set_text (self->loading_label, text);
    }
  gtk_spinner_set_spinning (self->loading_spinner, busy);
  gtk_revealer_set_reveal_child (self->loading_revealer, busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", busy);
}

static void
open_file_done (GObject      *source,
                GAsyncResult *result,
                gpointer      data)
{
  SitmapWindow *self = SITMAP_WINDOW (source);
  GTask *task = G_TASK (result);
  OpenRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gpointer loaded = g_task_propagate_pointer (task, &error);

  self->n_loading--;
  update_loading_indicator (self, NULL);

  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sitmap_window_show_error (self, request->is_shapefile ? _("Could Not Open Shapefile")
                                                              : _("Could Not Open Story"),
                                  error->message);
      return;
    }

  if (request->is_shapefile)
    {
      g_autoptr(SitmapLayer) layer = loaded;

      sitmap_map_add_loaded_basemap (self->map, layer, request->path);
      if (sitmap_layer_get_warnings (layer))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (sitmap_layer_get_warnings (layer)));
    }
  else
    {
      g_autoptr(SitmapStory) story = loaded;

      show_story (self, story);
    }
  g_message ("opened %s", request->path);
}

void
sitmap_window_open_file_async (SitmapWindow *self,
                               const char   *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  SitmapProjection *projection = sitmap_map_get_projection (self->map);
  OpenRequest *request = g_new0 (OpenRequest, 1);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SITMAP_IS_WINDOW (self));

  if (self->loading == NULL || g_cancellable_is_cancelled (self->loading))
    {
      g_clear_object (&self->loading);
      self->loading = g_cancellable_new ();
    }

  request->path = g_strdup (path);
  request->is_shapefile = g_str_has_suffix (lower, ".shp");
  request->projection_definition = g_strdup (sitmap_projection_get_definition (projection));
  request->central_longitude = sitmap_projection_get_central_longitude (projection);

  task = g_task_new (self, self->loading, open_file_done, NULL);
  g_task_set_source_tag (task, sitmap_window_open_file_async);
  g_task_set_task_data (task, request, (GDestroyNotify)open_request_free);
  g_task_set_return_on_cancel (task, TRUE);
  self->n_loading++;
  update_loading_indicator (self, path);
  g_task_run_in_thread (task, open_file_worker);
}

static void
cancel_loading_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  if (self->loading)
    g_cancellable_cancel (self->loading);
}

gboolean
sitmap_window_open_file (SitmapWindow *self,
                         const char   *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".shp"))
    return sitmap_window_open_basemap (self, path);
  return sitmap_window_open_story (self, path);
}

static void
on_chooser_response (SitmapWindow         *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path)
        sitmap_window_open_file_async (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) stories = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) shapefiles = gtk_file_filter_new ();

  gtk_file_filter_set_name (all, _("Stories and Shapefiles"));
  gtk_file_filter_add_pattern (all, "*.geojson");
  gtk_file_filter_add_pattern (all, "*.json");
  gtk_file_filter_add_pattern (all, "*.shp");
  gtk_file_filter_add_pattern (all, "*.SHP");
  gtk_file_filter_set_name (stories, _("Stories (GeoJSON)"));
  gtk_file_filter_add_pattern (stories, "*.geojson");
  gtk_file_filter_add_pattern (stories, "*.json");
  gtk_file_filter_set_name (shapefiles, _("Shapefiles"));
  gtk_file_filter_add_pattern (shapefiles, "*.shp");
  gtk_file_filter_add_pattern (shapefiles, "*.SHP");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open a Story or Shapefile"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), stories);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), shapefiles);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
open_builtin_story_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "stories", "ukraine-2022-01",
                                            "story.geojson", NULL);

  sitmap_window_open_story (self, path);
}

static gboolean
on_drop (SitmapWindow  *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = g_value_get_boxed (value);
  for (GSList *l = files; l; l = l->next)
    {
      g_autofree char *path = g_file_get_path (l->data);

      if (path)
        sitmap_window_open_file_async (self, path);
    }
  return TRUE;
}

static void
on_symbol_style_changed (SitmapWindow *self,
                         const char   *key,
                         GSettings    *settings)
{
  g_autofree char *style = g_settings_get_string (settings, "symbol-style");

  sitmap_renderer_set_symbol_style (sitmap_map_view_get_renderer (self->map_view),
                                    g_strcmp0 (style, "pictogram") == 0 ? SITMAP_SYMBOL_STYLE_PICTOGRAM
                                                                        : SITMAP_SYMBOL_STYLE_MILITARY);
}

static void
save_window_state (SitmapWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
sitmap_window_close_request (GtkWindow *window)
{
  save_window_state (SITMAP_WINDOW (window));
  return GTK_WINDOW_CLASS (sitmap_window_parent_class)->close_request (window);
}

static void
sitmap_window_dispose (GObject *object)
{
  SitmapWindow *self = (SitmapWindow *)object;

  g_clear_pointer (&self->popover, gtk_widget_unparent);
  g_clear_object (&self->chooser);
  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_WINDOW);
  g_clear_object (&self->map);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->mentions, g_array_unref);

  G_OBJECT_CLASS (sitmap_window_parent_class)->dispose (object);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  g_settings_set_boolean (self->settings, "show-sidebar", TRUE);
  gtk_stack_set_visible_child_name (self->sidebar_stack, "places");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (sitmap_export_dialog_new (GTK_WINDOW (self), self->map_view,
                                                            self->toast_overlay)));
}

static void
sitmap_window_class_init (SitmapWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sitmap_window_dispose;
  window_class->close_request = sitmap_window_close_request;

  g_type_ensure (SITMAP_TYPE_MAP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, article_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, places_list);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, window_title);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-loading", NULL, cancel_loading_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-loading", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-builtin-story", NULL, open_builtin_story_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(ii)", pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "win.pan", "(ii)", KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.pan", "(ii)", -KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "win.pan", "(ii)", 0, KEY_PAN_PIXELS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "win.pan", "(ii)", 0, -KEY_PAN_PIXELS);
}

static void
sitmap_window_init (SitmapWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAction) graticule_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = sitmap_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  graticule_action = g_settings_create_action (self->settings, "show-graticule");
  g_action_map_add_action (G_ACTION_MAP (self), graticule_action);
  g_signal_connect_object (self->settings, "changed::show-graticule",
                           G_CALLBACK (on_show_graticule_changed), self, G_CONNECT_SWAPPED);

  {
    g_autoptr(GAction) style_action = g_settings_create_action (self->settings, "symbol-style");
    g_autoptr(GAction) sidebar_action = g_settings_create_action (self->settings, "show-sidebar");

    g_action_map_add_action (G_ACTION_MAP (self), style_action);
    g_action_map_add_action (G_ACTION_MAP (self), sidebar_action);
  }
  g_signal_connect_object (self->settings, "changed::symbol-style",
                           G_CALLBACK (on_symbol_style_changed), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "show-sidebar", self->sidebar, "visible", G_SETTINGS_BIND_GET);

  self->mentions = g_array_new (FALSE, FALSE, sizeof (MentionRange));
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->article_view);
    GtkGesture *click = gtk_gesture_click_new ();
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    gtk_text_buffer_create_tag (buffer, "mention", "background", "rgba(246,211,45,0.35)", NULL);
    gtk_text_buffer_create_tag (buffer, "selected-mention", "background", "rgba(53,132,228,0.35)", NULL);
    g_signal_connect_swapped (click, "released", G_CALLBACK (on_article_click), self);
    gtk_widget_add_controller (GTK_WIDGET (self->article_view), GTK_EVENT_CONTROLLER (click));

    g_signal_connect_swapped (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  gtk_list_box_set_filter_func (self->places_list, filter_places, self, NULL);
  g_signal_connect_object (self->places_list, "row-activated", G_CALLBACK (on_place_row_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "feature-activated", G_CALLBACK (on_feature_activated), self,
                           G_CONNECT_SWAPPED);

  self->map = sitmap_map_new ();
  if (!sitmap_map_load_builtin_basemaps (self->map, &error))
    {
      sitmap_window_show_error (self, _("Boundaries Missing"), error->message);
      g_clear_error (&error);
    }
  else if (!sitmap_map_load_builtin_story (self->map, &error))
    {
      sitmap_window_show_error (self, _("Could Not Open the Built-in Story"), error->message);
      g_clear_error (&error);
    }
  sitmap_map_view_set_map (self->map_view, self->map);
  on_show_graticule_changed (self, "show-graticule", self->settings);
  on_symbol_style_changed (self, "symbol-style", self->settings);
  /* The sidebar lists the story's features as they are. */
  g_signal_connect_object (self->map, "changed", G_CALLBACK (on_map_changed), self, G_CONNECT_SWAPPED);
  rebuild_sidebar (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

SitmapWindow *
sitmap_window_new (GtkApplication *application)
{
  return g_object_new (SITMAP_TYPE_WINDOW, "application", application, NULL);
}

SitmapMapView *
sitmap_window_get_map_view (SitmapWindow *self)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (self), NULL);
  return self->map_view;
}
