/* sitmap-window.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sitmap-crs-choices.h"
#include "sitmap-crs-dialog.h"
#include "sitmap-error-dialog.h"
#include "sitmap-geojson-layer.h"
#include "sitmap-settings.h"
#include "sitmap-shapefile.h"
#include "sitmap-window-private.h"

G_DEFINE_FINAL_TYPE (SitmapWindow, sitmap_window, ADW_TYPE_APPLICATION_WINDOW)

static void
on_show_inset_changed (SitmapWindow *self,
                       const char   *key,
                       GSettings    *settings)
{
  sitmap_renderer_set_show_inset (sitmap_map_view_get_renderer (self->map_view),
                                  g_settings_get_boolean (settings, "show-inset"));
}

static void
on_show_graticule_changed (SitmapWindow *self,
                           const char   *key,
                           GSettings    *settings)
{
  sitmap_renderer_set_show_graticule (sitmap_map_view_get_renderer (self->map_view),
                                      g_settings_get_boolean (settings, "show-graticule"));
}

static void
show_error (SitmapWindow *self,
            const char   *heading,
            const char   *message)
{
  sitmap_error_dialog_show (GTK_WINDOW (self), heading, message);
}

gboolean
sitmap_window_open_basemap (SitmapWindow *self,
                            const char   *path)
{
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer;

  g_return_val_if_fail (SITMAP_IS_WINDOW (self), FALSE);

  layer = sitmap_map_add_basemap (self->map, path, &error);
  if (layer == NULL && g_error_matches (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS))
    {
      /* A choice remembered, or the question, comes from there. */
      sitmap_window_open_file_async (self, path);
      return TRUE;
    }
  if (layer == NULL)
    {
      show_error (self, _("Could Not Open Shapefile"), error->message);
      return FALSE;
    }

  if (sitmap_layer_get_warnings (layer))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (sitmap_layer_get_warnings (layer)));
  _sitmap_window_actions_layers_changed (self);
  return TRUE;
}

/* ---- The story in the sidebar and the map -------------------------------- */

static void
select_feature (SitmapWindow *self,
                int           index)
{
  sitmap_map_view_set_selected_feature (self->map_view, index);
  sitmap_sidebar_select_feature (self->sidebar, index);
}

/* Built once the first frame is on screen (or when needed before that),
 * not with the window: its rows for every property cost the first frame
 * some 10 ms, and nothing is selected at start. */
SitmapInspector *
_sitmap_window_ensure_inspector (SitmapWindow *self)
{
  if (self->inspector == NULL)
    {
      self->inspector = SITMAP_INSPECTOR (sitmap_inspector_new ());
      gtk_widget_add_css_class (GTK_WIDGET (self->inspector), "background");
      sitmap_inspector_set_map (self->inspector, self->map);
      sitmap_inspector_set_feature (self->inspector, sitmap_map_view_get_selected_feature (self->map_view));
      gtk_widget_set_visible (GTK_WIDGET (self->inspector), gtk_revealer_get_reveal_child (self->inspector_revealer));
      gtk_revealer_set_child (self->inspector_revealer, GTK_WIDGET (self->inspector));
    }
  return self->inspector;
}

/* The inspector is shown only while its revealer opens or is open:
 * GtkRevealer measures and allocates a closed child too, and the
 * inspector's rows are the window's costliest layout, which made the
 * first frame after the idle below added them 8 ms longer (the first of
 * a pan, the one frame of the scripted probe over 16 ms). */
void
_sitmap_window_reveal_inspector (SitmapWindow *self,
                                 gboolean      reveal)
{
  if (reveal)
    gtk_widget_set_visible (GTK_WIDGET (_sitmap_window_ensure_inspector (self)), TRUE);
  gtk_revealer_set_reveal_child (self->inspector_revealer, reveal);
}

static void
on_inspector_revealed (SitmapWindow *self)
{
  if (self->inspector != NULL && !gtk_revealer_get_reveal_child (self->inspector_revealer) &&
      !gtk_revealer_get_child_revealed (self->inspector_revealer))
    gtk_widget_set_visible (GTK_WIDGET (self->inspector), FALSE);
}

static gboolean
build_inspector_idle (gpointer data)
{
  _sitmap_window_ensure_inspector (data);
  return G_SOURCE_REMOVE;
}

static void
on_first_paint (GdkFrameClock *clock,
                SitmapWindow  *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  /* After this frame's other handlers, which may be timing it. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, build_inspector_idle, g_object_ref (self), g_object_unref);
}

static void
on_window_map (SitmapWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_window_map, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_paint), self, 0);
}

/* Everything that shows the selection follows the map view's. */
static void
on_selection_changed (SitmapWindow *self)
{
  int index = sitmap_map_view_get_selected_feature (self->map_view);

  sitmap_sidebar_select_feature (self->sidebar, index);
  if (index >= 0 || self->inspector != NULL)
    sitmap_inspector_set_feature (_sitmap_window_ensure_inspector (self), index);
  _sitmap_window_reveal_inspector (self, index >= 0);
  _sitmap_window_actions_update_selection (self);
}

static void
on_feature_activated (SitmapWindow  *self,
                      int            index,
                      SitmapMapView *map_view)
{
  g_assert (SITMAP_IS_WINDOW (self));

  select_feature (self, index);
  sitmap_map_view_show_place (self->map_view, index);
}

static void
on_place_activated (SitmapWindow  *self,
                    int            index,
                    SitmapSidebar *sidebar)
{
  g_assert (SITMAP_IS_WINDOW (self));

  select_feature (self, index);
  sitmap_map_view_centre_on_feature (self->map_view, index);
  sitmap_map_view_show_place (self->map_view, index);
}

static void
on_passage_activated (SitmapWindow  *self,
                      int            index,
                      SitmapSidebar *sidebar)
{
  g_assert (SITMAP_IS_WINDOW (self));

  select_feature (self, index);
  sitmap_map_view_centre_on_feature (self->map_view, index);
}

static void
rebuild_sidebar (SitmapWindow *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);

  /* The window's title follows the story in sitmap-document.c. */
  sitmap_sidebar_set_story (self->sidebar, story);
  /* The window's title follows the story in sitmap-document.c. */
  sitmap_sidebar_select_feature (self->sidebar, sitmap_map_view_get_selected_feature (self->map_view));
}

static void
on_map_changed (SitmapWindow    *self,
                SitmapMapChange  what,
                int              feature)
{
  /* The list and the article are rebuilt once a drag ends, not at every
   * step of it. */
  if ((what & (SITMAP_MAP_CHANGE_STORY | SITMAP_MAP_CHANGE_FEATURE | SITMAP_MAP_CHANGE_INFO)) &&
      !sitmap_map_view_get_dragging (self->map_view))
    rebuild_sidebar (self);
  _sitmap_window_actions_update_selection (self);
}

static void
on_dragging_changed (SitmapWindow *self)
{
  if (!sitmap_map_view_get_dragging (self->map_view))
    rebuild_sidebar (self);
}

static void
show_confirmed_story (SitmapWindow *self,
                      gpointer      data)
{
  SitmapStory *story = data;
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_set_story (self->map, story, &error))
    {
      show_error (self, _("Could Not Open Story"), error->message);
      return;
    }

  sitmap_map_view_zoom_to_fit (self->map_view);
  _sitmap_document_story_opened (self->document, sitmap_story_get_path (story));
}

/* Asks first when the story shown has unsaved changes. */
static gboolean
show_story (SitmapWindow *self,
            SitmapStory  *story)
{
  _sitmap_document_confirm (self->document, show_confirmed_story, g_object_ref (story), g_object_unref);
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
      show_error (self, _("Could Not Open Story"), error->message);
      return FALSE;
    }
  return show_story (self, story);
}

/* ---- Opening files off the main thread -------------------------------- */

typedef struct
{
  char     *path;
  gboolean  is_shapefile;
  gboolean  is_geojson;
  char     *projection_definition;
  double    central_longitude;
  /* For a shapefile without a .prj: the system chosen or remembered, or
   * NULL; and when none, what to ask with. */
  SitmapCrs *crs;
  gboolean  remember_crs;
  gboolean  save_prj;
  gboolean  ask_crs;
  double    extent[4];
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_free (request->path);
  g_clear_object (&request->crs);
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
      g_autoptr(SitmapLayer) layer = NULL;
      g_autoptr(SitmapProjection) projection = NULL;

      /* A choice made before is applied without asking again. */
      if (request->crs == NULL)
        {
          g_autoptr(SitmapCrsChoices) choices = sitmap_crs_choices_new_default ();
          g_autofree char *remembered = sitmap_crs_choices_lookup (choices, request->path);

          if (remembered)
            request->crs = sitmap_crs_new_from_string (remembered, NULL);
        }
      layer = sitmap_shapefile_load_with_crs (request->path, request->crs, &error);
      if (layer == NULL)
        {
          request->ask_crs = request->crs == NULL &&
                             g_error_matches (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS) &&
                             sitmap_shapefile_read_extent (request->path, request->extent, NULL);
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
      SitmapStory *story;

      /* A FeatureCollection without a story (as GIS tools write it) is a
       * layer; the reader says which it is before anything is built. */
      if (request->is_geojson)
        {
          g_autoptr(SitmapLayer) layer = sitmap_geojson_layer_load_file (request->path, &error);

          if (layer)
            {
              g_autoptr(SitmapProjection) projection =
                sitmap_projection_new (request->projection_definition, request->central_longitude, NULL);

              if (projection)
                sitmap_layer_project (layer, projection);
              g_task_return_pointer (task, g_steal_pointer (&layer), g_object_unref);
              return;
            }
          if (!g_error_matches (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_IS_STORY))
            {
              g_task_return_error (task, error);
              return;
            }
          g_clear_error (&error);
        }
      story = sitmap_story_load_file (request->path, &error);
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

static void open_file (SitmapWindow *self,
                       const char   *path,
                       SitmapCrs    *crs,
                       gboolean      save_prj);

/* ---- Asking for the coordinate system of a shapefile without a .prj ---- */

typedef struct
{
  char   *path;
  double  extent[4];
} CrsQuestion;

static void
crs_question_free (CrsQuestion *question)
{
  g_free (question->path);
  g_free (question);
}

static void
toast (SitmapWindow *self,
       const char   *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void ask_next_crs_question (SitmapWindow *self);

static void
on_crs_chosen (SitmapWindow    *self,
               SitmapCrs       *crs,
               gboolean         save_prj,
               SitmapCrsDialog *dialog)
{
  const char *path = sitmap_crs_dialog_get_path (dialog);

  self->crs_dialog = NULL;
  if (crs == NULL)
    {
      g_autofree char *base = g_filename_display_basename (path);
      g_autofree char *text = g_strdup_printf (_("%s was not opened: no coordinate system was chosen for it"), base);

      toast (self, text);
      g_message ("not opened %s", path);
    }
  else
    open_file (self, path, crs, save_prj);
  ask_next_crs_question (self);
}

static void
ask_next_crs_question (SitmapWindow *self)
{
  CrsQuestion *question;
  SitmapCrsDialog *dialog;

  if (self->crs_dialog != NULL || (question = g_queue_pop_head (&self->crs_questions)) == NULL)
    return;

  dialog = sitmap_crs_dialog_new (GTK_WINDOW (self), question->path, question->extent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_signal_connect_object (dialog, "chosen", G_CALLBACK (on_crs_chosen), self, G_CONNECT_SWAPPED);
  self->crs_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  crs_question_free (question);
}

static void
ask_crs (SitmapWindow *self,
         const char   *path,
         const double  extent[4])
{
  CrsQuestion *question = g_new0 (CrsQuestion, 1);

  question->path = g_strdup (path);
  memcpy (question->extent, extent, sizeof question->extent);
  g_queue_push_tail (&self->crs_questions, question);
  ask_next_crs_question (self);
}

/* The choice made in the dialog, once the file has loaded with it. */
static void
keep_crs_choice (SitmapWindow *self,
                 OpenRequest  *request)
{
  g_autoptr(SitmapCrsChoices) choices = sitmap_crs_choices_new_default ();
  g_autoptr(GError) error = NULL;

  if (!sitmap_crs_choices_remember (choices, request->path, request->crs, &error))
    {
      toast (self, error->message);
      g_clear_error (&error);
    }
  if (request->save_prj)
    {
      g_autofree char *prj = sitmap_crs_write_prj_beside (request->path, request->crs, &error);

      if (prj)
        {
          g_autofree char *base = g_filename_display_basename (prj);
          g_autofree char *text = g_strdup_printf (_("Saved %s"), base);

          toast (self, text);
        }
      else
        toast (self, error->message);
    }
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

  if (loaded == NULL && request->ask_crs)
    {
      ask_crs (self, request->path, request->extent);
      return;
    }
  if (loaded == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, request->is_shapefile ? _("Could Not Open Shapefile")
                          : request->is_geojson ? _("Could Not Open GeoJSON")
                                                              : _("Could Not Open Story"),
                                  error->message);
      return;
    }

  if (SITMAP_IS_LAYER (loaded))
    {
      g_autoptr(SitmapLayer) layer = loaded;

      sitmap_map_add_loaded_basemap (self->map, layer, request->path);
      if (request->remember_crs)
        keep_crs_choice (self, request);
      if (sitmap_layer_get_warnings (layer))
        adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (sitmap_layer_get_warnings (layer)));
      /* Places of one's own are what one opened them to see. */
      if (!request->is_shapefile && sitmap_map_frame_layer (self->map, layer))
        sitmap_map_view_zoom_to_fit (self->map_view);
      _sitmap_window_actions_layers_changed (self);
    }
  else
    {
      g_autoptr(SitmapStory) story = loaded;

      show_story (self, story);
    }
  g_message ("opened %s", request->path);
}

static void
open_file (SitmapWindow *self,
           const char   *path,
           SitmapCrs    *crs,
           gboolean      save_prj)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);
  SitmapProjection *projection = sitmap_map_get_projection (self->map);
  OpenRequest *request = g_new0 (OpenRequest, 1);
  g_autoptr(GTask) task = NULL;

  if (self->loading == NULL || g_cancellable_is_cancelled (self->loading))
    {
      g_clear_object (&self->loading);
      self->loading = g_cancellable_new ();
    }

  request->path = g_strdup (path);
  request->is_shapefile = g_str_has_suffix (lower, ".shp");
  request->is_geojson = g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json");
  request->projection_definition = g_strdup (sitmap_projection_get_definition (projection));
  request->central_longitude = sitmap_projection_get_central_longitude (projection);
  request->crs = crs ? g_object_ref (crs) : NULL;
  request->remember_crs = crs != NULL;
  request->save_prj = save_prj;

  task = g_task_new (self, self->loading, open_file_done, NULL);
  g_task_set_source_tag (task, sitmap_window_open_file_async);
  g_task_set_task_data (task, request, (GDestroyNotify)open_request_free);
  g_task_set_return_on_cancel (task, TRUE);
  self->n_loading++;
  update_loading_indicator (self, path);
  g_task_run_in_thread (task, open_file_worker);
}

void
sitmap_window_open_file_async (SitmapWindow *self,
                               const char   *path)
{
  g_return_if_fail (SITMAP_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  open_file (self, path, NULL, FALSE);
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
  if (_sitmap_document_close_request (SITMAP_WINDOW (window)->document))
    return TRUE;
  save_window_state (SITMAP_WINDOW (window));
  return GTK_WINDOW_CLASS (sitmap_window_parent_class)->close_request (window);
}

static void
sitmap_window_dispose (GObject *object)
{
  SitmapWindow *self = (SitmapWindow *)object;

  g_clear_object (&self->chooser);
  g_clear_pointer (&self->pending_excerpt, g_free);
  if (self->add_place_popover)
    gtk_widget_unparent (GTK_WIDGET (g_steal_pointer (&self->add_place_popover)));
  if (self->loading)
    g_cancellable_cancel (self->loading);
  g_clear_object (&self->loading);
  g_queue_clear_full (&self->crs_questions, (GDestroyNotify)crs_question_free);
  if (self->crs_dialog)
    gtk_window_destroy (g_steal_pointer (&self->crs_dialog));
  g_clear_pointer (&self->document, _sitmap_document_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_WINDOW);
  /* Gone with its revealer. */
  self->inspector = NULL;
  g_clear_object (&self->history);
  g_clear_object (&self->map);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sitmap_window_parent_class)->dispose (object);
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
  g_type_ensure (SITMAP_TYPE_SIDEBAR);
  g_type_ensure (SITMAP_TYPE_INSPECTOR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_revealer);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, inspector_revealer);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, recent_menu);

  _sitmap_window_class_actions_init (klass);
  _sitmap_document_class_init (widget_class);
}

/* The story the user worked on last time, in place of the built-in one;
 * FALSE when there is none to show, so the built-in story is read
 * instead.  A folder since moved or deleted is no error. */
static gboolean
show_last_story (SitmapWindow *self)
{
  g_autofree char *folder = g_settings_get_string (self->settings, "last-story");
  g_autofree char *path = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GError) error = NULL;

  if (folder[0] == '\0')
    return FALSE;
  path = g_build_filename (folder, "story.geojson", NULL);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;
  story = sitmap_story_load_file (path, &error);
  if (story == NULL || !sitmap_map_set_story (self->map, story, &error))
    {
      show_error (self, _("Could Not Open the Last Story"), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
sitmap_window_init (SitmapWindow *self)
{
  g_autoptr(GError) error = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = sitmap_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  _sitmap_window_actions_init (self);
  g_signal_connect_object (self->settings, "changed::show-inset",
                           G_CALLBACK (on_show_inset_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::show-graticule",
                           G_CALLBACK (on_show_graticule_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::symbol-style",
                           G_CALLBACK (on_symbol_style_changed), self, G_CONNECT_SWAPPED);
  g_settings_bind (self->settings, "show-sidebar", self->sidebar, "visible", G_SETTINGS_BIND_GET);

  {
    GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

    g_signal_connect_swapped (drop, "drop", G_CALLBACK (on_drop), self);
    gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
  }

  g_signal_connect_object (self->sidebar, "place-activated", G_CALLBACK (on_place_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "passage-activated", G_CALLBACK (on_passage_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "feature-activated", G_CALLBACK (on_feature_activated), self,
                           G_CONNECT_SWAPPED);

  self->map = sitmap_map_new ();
  self->history = sitmap_edit_history_new (self->map);
  _sitmap_window_actions_watch_history (self);
  self->document = _sitmap_document_new (self);
  if (!sitmap_map_load_builtin_basemaps (self->map, &error))
    {
      show_error (self, _("Boundaries Missing"), error->message);
      g_clear_error (&error);
    }
  else if (!show_last_story (self) && !sitmap_map_load_builtin_story (self->map, &error))
    {
      show_error (self, _("Could Not Open the Built-in Story"), error->message);
      g_clear_error (&error);
    }
  sitmap_map_view_set_map (self->map_view, self->map);
  sitmap_map_view_set_edit_history (self->map_view, self->history);
  g_signal_connect_object (self->inspector_revealer, "notify::child-revealed", G_CALLBACK (on_inspector_revealed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "notify::selected-feature", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map_view, "notify::dragging", G_CALLBACK (on_dragging_changed), self,
                           G_CONNECT_SWAPPED);
  on_show_graticule_changed (self, "show-graticule", self->settings);
  on_show_inset_changed (self, "show-inset", self->settings);
  on_symbol_style_changed (self, "symbol-style", self->settings);
  /* The sidebar lists the story's features as they are. */
  g_signal_connect_object (self->map, "changed", G_CALLBACK (on_map_changed), self, G_CONNECT_SWAPPED);
  rebuild_sidebar (self);
  _sitmap_window_add_init (self);
  if (sitmap_map_get_story (self->map) != NULL)
    _sitmap_document_story_opened (self->document, sitmap_story_get_path (sitmap_map_get_story (self->map)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-loading", FALSE);
  _sitmap_window_actions_layers_changed (self);
  on_selection_changed (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
  g_signal_connect (self, "map", G_CALLBACK (on_window_map), NULL);
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

GtkWidget *
sitmap_window_get_inspector (SitmapWindow *self)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (self), NULL);
  return GTK_WIDGET (_sitmap_window_ensure_inspector (self));
}
