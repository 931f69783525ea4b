/* sitmap-window-actions.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every user command of the window as a win.* action with its shortcut.
 */

#define G_LOG_DOMAIN "sitmap-window-actions"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-article-dialog.h"
#include "sitmap-error-dialog.h"
#include "sitmap-export-dialog.h"
#include "sitmap-layer-story.h"
#include "sitmap-story-properties-dialog.h"
#include "sitmap-window-private.h"

#define KEY_ZOOM_STEP 1.5
#define KEY_PAN_PIXELS SITMAP_KEY_PAN_PIXELS
#define KEY_MOVE_PIXELS SITMAP_KEY_MOVE_PIXELS
#define KEY_MOVE_FAR_PIXELS SITMAP_KEY_MOVE_FAR_PIXELS

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
  /* With a feature selected the arrows move it, the way they point. */
  if (sitmap_map_view_get_selected_feature (SITMAP_WINDOW (widget)->map_view) >= 0)
    {
      gtk_widget_activate_action (widget, "win.move-selection", "(ii)",
                                  -CLAMP (dx, -1, 1) * KEY_MOVE_PIXELS, -CLAMP (dy, -1, 1) * KEY_MOVE_PIXELS);
      return;
    }
  sitmap_map_view_pan (SITMAP_WINDOW (widget)->map_view, dx, dy);
}

static void
move_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  if (!sitmap_map_view_move_selected (self->map_view, dx, dy, &error) && error)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
new_story_confirmed (SitmapWindow *self,
                     gpointer      data)
{
  g_autoptr(SitmapStory) story = sitmap_story_new (_("Untitled Story"), NULL);
  g_autoptr(SitmapStoryInfo) info = sitmap_story_get_info (story);
  g_autoptr(GError) error = NULL;

  /* A blank story starts where the user is looking, or where the map's
   * home is before the window has a size. */
  info->has_extent = sitmap_map_view_get_lonlat_extent (self->map_view, info->extent);
  if (!info->has_extent)
    {
      sitmap_map_get_home_extent (self->map, info->extent);
      info->has_extent = TRUE;
    }
  if (!sitmap_story_set_info (story, info, &error) || !sitmap_map_set_story (self->map, story, &error))
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  sitmap_map_view_zoom_to_fit (self->map_view);
  _sitmap_document_story_opened (self->document, NULL);
  g_message ("new story");
}

/* Each way to another story asks first about unsaved changes. */
static void
new_story_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  _sitmap_document_confirm (SITMAP_WINDOW (widget)->document, new_story_confirmed, NULL, NULL);
}

static void
story_properties_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (sitmap_story_properties_dialog_new (GTK_WINDOW (self), self->map_view)));
}

static void
remove_feature_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  int index = sitmap_map_view_get_selected_feature (self->map_view);
  g_autoptr(GError) error = NULL;

  if (index >= 0 && !sitmap_map_remove_feature (self->map, index, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

static void
clear_selection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  sitmap_map_view_set_selected_feature (self->map_view, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

static void
inspect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  _sitmap_window_reveal_inspector (self, TRUE);
  sitmap_inspector_focus (_sitmap_window_ensure_inspector (self));
}

static void
unpin_callout_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  int index = sitmap_map_view_get_selected_feature (self->map_view);
  g_autoptr(GError) error = NULL;

  if (index >= 0 && !sitmap_map_set_feature_property (self->map, index, "callout-pin", NULL, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

void
_sitmap_window_actions_update_selection (SitmapWindow *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  int index = sitmap_map_view_get_selected_feature (self->map_view);
  const SitmapStoryFeature *feature = story && index >= 0 && (guint)index < sitmap_story_get_n_features (story)
                                      ? sitmap_story_get_feature (story, index) : NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "win.story-properties", story != NULL);
  gtk_widget_action_set_enabled (widget, "win.remove-feature", feature != NULL);
  gtk_widget_action_set_enabled (widget, "win.clear-selection", feature != NULL);
  gtk_widget_action_set_enabled (widget, "win.move-selection", feature != NULL);
  gtk_widget_action_set_enabled (widget, "win.inspect", feature != NULL);
  gtk_widget_action_set_enabled (widget, "win.unpin-callout", feature != NULL && feature->callout_pinned);
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

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  g_settings_set_boolean (self->settings, "show-sidebar", TRUE);
  sitmap_sidebar_focus_search (self->sidebar);
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
new_story_from_article_confirmed (SitmapWindow *self,
                                  gpointer      data)
{
  gtk_window_present (GTK_WINDOW (sitmap_article_dialog_new (self)));
}

static void
new_story_from_article_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  _sitmap_document_confirm (SITMAP_WINDOW (widget)->document, new_story_from_article_confirmed, NULL, NULL);
}

/* The layer one opened last, or NULL. */
static SitmapLayer *
last_user_layer (SitmapWindow *self)
{
  for (guint i = sitmap_map_get_n_layers (self->map); i-- > 0;)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (self->map, i, &role);

      if (role == SITMAP_LAYER_ROLE_USER && sitmap_layer_get_n_features (layer) > 0)
        return layer;
    }
  return NULL;
}

static void
make_story_from_layer_confirmed (SitmapWindow *self,
                                 gpointer      data)
{
  SitmapLayer *layer = last_user_layer (self);
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GError) error = NULL;

  if (layer == NULL)
    return;
  story = sitmap_layer_story_new (layer, &error);
  if (story == NULL || !sitmap_map_set_story (self->map, story, &error))
    {
      sitmap_error_dialog_show (GTK_WINDOW (self), _("Could Not Make a Story"), error->message);
      return;
    }
  /* Its features are the story's now: drawn twice, each would have two names. */
  sitmap_map_remove_layer (self->map, layer);
  _sitmap_window_actions_layers_changed (self);
  sitmap_map_view_zoom_to_fit (self->map_view);
  _sitmap_document_story_opened (self->document, NULL);
}

static void
make_story_from_layer_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  _sitmap_document_confirm (SITMAP_WINDOW (widget)->document, make_story_from_layer_confirmed, NULL, NULL);
}

void
_sitmap_window_actions_layers_changed (SitmapWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.make-story-from-layer", last_user_layer (self) != NULL);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!sitmap_edit_history_undo (self->history, &error) && error)
    g_warning ("undo: %s", error->message);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!sitmap_edit_history_redo (self->history, &error) && error)
    g_warning ("redo: %s", error->message);
}

static void
history_changed (SitmapWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", sitmap_edit_history_can_undo (self->history));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", sitmap_edit_history_can_redo (self->history));
}

void
_sitmap_window_actions_watch_history (SitmapWindow *self)
{
  g_signal_connect_object (self->history, "notify::can-undo", G_CALLBACK (history_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->history, "notify::can-redo", G_CALLBACK (history_changed), self,
                           G_CONNECT_SWAPPED);
  history_changed (self);
}

void
_sitmap_window_class_actions_init (SitmapWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-loading", NULL, cancel_loading_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.cancel-loading", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-builtin-story", NULL, open_builtin_story_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.new-story-from-article", NULL,
                                   new_story_from_article_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-story-from-article", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.new-story-from-article", NULL);
  gtk_widget_class_install_action (widget_class, "win.make-story-from-layer", NULL,
                                   make_story_from_layer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.make-story-from-layer", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.make-story-from-layer", NULL);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.show-inset", NULL);
  _sitmap_window_class_add_init (klass);

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

  /* Editing: the story, and the selected feature. */
  gtk_widget_class_install_action (widget_class, "win.new-story", NULL, new_story_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-story", NULL);
  gtk_widget_class_install_action (widget_class, "win.story-properties", NULL, story_properties_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.story-properties", NULL);
  gtk_widget_class_install_action (widget_class, "win.remove-feature", NULL, remove_feature_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "win.remove-feature", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "win.remove-feature", NULL);
  gtk_widget_class_install_action (widget_class, "win.clear-selection", NULL, clear_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.clear-selection", NULL);
  gtk_widget_class_install_action (widget_class, "win.inspect", NULL, inspect_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "win.inspect", NULL);
  gtk_widget_class_install_action (widget_class, "win.unpin-callout", NULL, unpin_callout_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "win.unpin-callout", NULL);
  gtk_widget_class_install_action (widget_class, "win.move-selection", "(ii)", move_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_SHIFT_MASK, "win.move-selection", "(ii)",
                                       -KEY_MOVE_FAR_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, GDK_SHIFT_MASK, "win.move-selection", "(ii)",
                                       KEY_MOVE_FAR_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "win.move-selection", "(ii)",
                                       0, -KEY_MOVE_FAR_PIXELS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "win.move-selection", "(ii)",
                                       0, KEY_MOVE_FAR_PIXELS);
}

/* The shortcuts window is built when first asked for, not with every
 * window as GtkApplication builds gtk/help-overlay.ui: it is the biggest
 * piece of interface there is, and took a tenth of the time to the
 * window's first frame. */
static void
show_help_overlay_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  GtkApplicationWindow *window = GTK_APPLICATION_WINDOW (user_data);
  GtkShortcutsWindow *overlay = gtk_application_window_get_help_overlay (window);

  if (overlay == NULL)
    {
      g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/sitmap/Sitmap/sitmap-shortcuts.ui");

      overlay = GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay"));
      /* Transient for the window, hidden on close, kept for next time;
       * the action stays this one, as it is already in the window. */
      gtk_application_window_set_help_overlay (window, overlay);
    }
  gtk_window_present (GTK_WINDOW (overlay));
}

void
_sitmap_window_actions_init (SitmapWindow *self)
{
  static const GActionEntry entries[] = {
    { "show-help-overlay", show_help_overlay_action, NULL, NULL, NULL, { 0 } },
  };

  g_autoptr(GAction) graticule_action = g_settings_create_action (self->settings, "show-graticule");
  g_autoptr(GAction) style_action = g_settings_create_action (self->settings, "symbol-style");
  g_autoptr(GAction) inset_action = g_settings_create_action (self->settings, "show-inset");
  g_autoptr(GAction) sidebar_action = g_settings_create_action (self->settings, "show-sidebar");

  g_action_map_add_action (G_ACTION_MAP (self), graticule_action);
  g_action_map_add_action (G_ACTION_MAP (self), style_action);
  g_action_map_add_action (G_ACTION_MAP (self), inset_action);
  g_action_map_add_action (G_ACTION_MAP (self), sidebar_action);
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
}
