/* sitmap-window-add.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's commands that add to the story: a place by searching the
 * gazetteer, places, lines and areas by clicking the map, and passages of
 * the article tied to features (Link to…, New Place from Selection,
 * Unlink).  Each is one undo step.
 */

#define G_LOG_DOMAIN "sitmap-window-add"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-add-layer.h"
#include "sitmap-add-place-popover.h"
#include "sitmap-excerpt.h"
#include "sitmap-feature-add.h"
#include "sitmap-gazetteer-place.h"
#include "sitmap-window-private.h"

static void
toast (SitmapWindow *self,
       const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_added (SitmapWindow *self,
            int           index)
{
  sitmap_map_view_set_selected_feature (self->map_view, index);
  sitmap_sidebar_select_feature (self->sidebar, index);
  sitmap_map_view_centre_on_feature (self->map_view, index);
}

/* The story's tie at the sidebar's selection (-1 for none), and its
 * excerpt.  The selection is in characters of the article the sidebar
 * shows, which for a moment after the story is replaced is the old one:
 * it is kept inside the story's own article before it is turned into
 * bytes. */
static int
find_selected_excerpt (SitmapWindow *self,
                       SitmapStory  *story,
                       guint        *excerpt)
{
  const char *article = sitmap_story_get_article (story);
  glong length = g_utf8_strlen (article, -1);
  int start = 0, end = 0;

  sitmap_sidebar_get_article_selection (self->sidebar, &start, &end);
  start = CLAMP (start, 0, length);
  end = CLAMP (end, start, length);
  return sitmap_excerpt_find (story, g_utf8_offset_to_pointer (article, start) - article,
                              g_utf8_offset_to_pointer (article, end) - article, excerpt);
}

static void
update_add_actions (SitmapWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  SitmapStory *story = sitmap_map_get_story (self->map);
  gboolean selected = sitmap_sidebar_get_article_selection (self->sidebar, NULL, NULL);
  gboolean linked = FALSE;

  gtk_widget_action_set_enabled (widget, "win.add-leave",
                                 sitmap_add_layer_get_mode (self->add_layer) != SITMAP_ADD_MODE_NONE);
  gtk_widget_action_set_enabled (widget, "win.add-finish", sitmap_add_layer_can_finish (self->add_layer));
  gtk_widget_action_set_enabled (widget, "win.add-remove-point", sitmap_add_layer_get_n_points (self->add_layer) > 0);
  gtk_widget_action_set_enabled (widget, "win.add-place", story != NULL);
  gtk_widget_action_set_enabled (widget, "win.add-mode", story != NULL);
  gtk_widget_action_set_enabled (widget, "win.link-selection", story != NULL && selected);
  gtk_widget_action_set_enabled (widget, "win.place-from-selection", story != NULL && selected);

  if (story)
    linked = find_selected_excerpt (self, story, NULL) >= 0;
  gtk_widget_action_set_enabled (widget, "win.unlink-selection", linked);
}

/* ---- Add Place by searching ---------------------------------------------- */

/* Over the top of the map, where what is added will show. */
static void
popup_add_place (SitmapWindow *self)
{
  GtkWidget *map_view = GTK_WIDGET (self->map_view);
  GdkRectangle top = { gtk_widget_get_width (map_view) / 2, 8, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->add_place_popover), &top);
  gtk_popover_popup (GTK_POPOVER (self->add_place_popover));
}

static void
add_place_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  g_clear_pointer (&self->pending_excerpt, g_free);
  popup_add_place (self);
}

/* The byte range of the passage chosen in the article, if any. */
static gboolean
selected_range (SitmapWindow     *self,
                SitmapTextRange  *range,
                gboolean          quiet)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  g_autoptr(GError) error = NULL;
  int start, end;

  if (story == NULL || !sitmap_sidebar_get_article_selection (self->sidebar, &start, &end))
    {
      if (!quiet)
        toast (self, _("Choose some words of the article first"));
      return FALSE;
    }
  if (!sitmap_excerpt_range_from_offsets (sitmap_story_get_article (story), start, end, range, &error))
    {
      if (!quiet)
        toast (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
add_entry (SitmapWindow               *self,
           const SitmapGazetteerEntry *entry,
           const SitmapTextRange      *excerpt)
{
  g_autoptr(GError) error = NULL;
  double lonlat[2] = { sitmap_gazetteer_entry_get_lon (entry), sitmap_gazetteer_entry_get_lat (entry) };
  const char *name = sitmap_gazetteer_entry_get_name (entry);
  g_autofree char *description = NULL;
  int index;

  if (excerpt)
    {
      /* TRANSLATORS: the undo step of New Place from Selection, "Add Geneva from the Article" */
      description = g_strdup_printf (_("Add %s from the Article"), name);
      sitmap_edit_history_begin_group (self->history, description);
    }
  index = sitmap_feature_add (self->map, name, sitmap_gazetteer_place_kind (entry), SITMAP_GEOMETRY_POINTS,
                              lonlat, 1, &error);
  if (index >= 0 && excerpt)
    sitmap_excerpt_link (self->map, index, excerpt, &error);
  if (excerpt)
    sitmap_edit_history_end_group (self->history);

  if (error)
    toast (self, error->message);
  if (index >= 0)
    show_added (self, index);
}

static void
on_place_chosen (SitmapWindow               *self,
                 const SitmapGazetteerEntry *entry)
{
  g_autofree SitmapTextRange *excerpt = g_steal_pointer (&self->pending_excerpt);

  add_entry (self, entry, excerpt);
}

static void
on_add_place_closed (SitmapWindow *self)
{
  g_clear_pointer (&self->pending_excerpt, g_free);
}

/* ---- The add mode -------------------------------------------------------- */

static void
add_mode_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  SitmapAddMode mode = sitmap_add_mode_from_string (g_variant_get_string (param, NULL));

  /* The same command again leaves the mode, as a toggle would. */
  if (mode == sitmap_add_layer_get_mode (self->add_layer))
    mode = SITMAP_ADD_MODE_NONE;
  sitmap_add_layer_set_mode (self->add_layer, mode);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

static void
add_leave_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  sitmap_add_layer_cancel (SITMAP_WINDOW (widget)->add_layer);
}

static void
add_finish_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  sitmap_add_layer_finish (SITMAP_WINDOW (widget)->add_layer);
}

static void
add_remove_point_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  sitmap_add_layer_remove_last_point (SITMAP_WINDOW (widget)->add_layer);
}

/* Clicked where the reader is looking: the map stays put under the
 * pointer for the next click. */
static void
on_feature_added (SitmapWindow *self,
                  int           index)
{
  sitmap_map_view_set_selected_feature (self->map_view, index);
  sitmap_sidebar_select_feature (self->sidebar, index);
}

/* ---- The article tied to the map ----------------------------------------- */

static void
link_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);

  g_settings_set_boolean (self->settings, "show-sidebar", TRUE);
  sitmap_sidebar_popup_link (self->sidebar);
}

static void
on_link_chosen (SitmapWindow *self,
                int           index)
{
  g_autoptr(GError) error = NULL;
  SitmapTextRange range;

  if (!selected_range (self, &range, FALSE))
    return;
  if (!sitmap_excerpt_link (self->map, index, &range, &error))
    {
      toast (self, error->message);
      return;
    }
  sitmap_map_view_set_selected_feature (self->map_view, index);
  sitmap_sidebar_select_feature (self->sidebar, index);
}

static void
place_from_selection_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *words = NULL;
  SitmapTextRange range;

  if (!selected_range (self, &range, FALSE))
    return;
  words = sitmap_excerpt_text (sitmap_story_get_article (sitmap_map_get_story (self->map)), &range);
  gazetteer = sitmap_gazetteer_open_default (&error);
  if (gazetteer == NULL)
    {
      toast (self, error->message);
      return;
    }

  found = sitmap_gazetteer_lookup (gazetteer, words);
  if (found->len == 0)
    found = (g_ptr_array_unref (found), sitmap_gazetteer_lookup_demonym (gazetteer, words));
  if (found->len > 0)
    {
      add_entry (self, g_ptr_array_index (found, 0), &range);
      return;
    }

  /* Not a name the gazetteer has as it stands: let the reader pick from
   * what begins like it, and tie the passage to what they pick. */
  popup_add_place (self);
  sitmap_add_place_popover_set_text (self->add_place_popover, words);
  g_free (self->pending_excerpt);
  self->pending_excerpt = g_memdup2 (&range, sizeof range);
}

static void
unlink_selection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  SitmapWindow *self = SITMAP_WINDOW (widget);
  SitmapStory *story = sitmap_map_get_story (self->map);
  g_autoptr(GError) error = NULL;
  int index;
  guint excerpt;

  if (story == NULL)
    return;
  index = find_selected_excerpt (self, story, &excerpt);
  if (index < 0)
    {
      toast (self, _("No passage tied to a place is chosen"));
      return;
    }
  if (!sitmap_excerpt_unlink (self->map, index, excerpt, &error))
    toast (self, error->message);
}

/* ---- Setting up ---------------------------------------------------------- */

static void
open_gazetteer_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  /* Kept open by the gazetteer itself for the popover to take; a file
   * that cannot be opened is told about by the popover when shown. */
  g_autoptr(SitmapGazetteer) gazetteer = sitmap_gazetteer_open_default (NULL);
}

/* The gazetteer is opened once the map is on screen, off the main thread,
 * so that neither the first frame nor the first search waits for it. */
static void
on_first_paint (GdkFrameClock *clock,
                SitmapWindow  *self)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_signal_handlers_disconnect_by_func (clock, on_first_paint, self);
  g_task_set_source_tag (task, on_first_paint);
  g_task_run_in_thread (task, open_gazetteer_worker);
}

static void
on_window_map (SitmapWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, on_window_map, NULL);
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (on_first_paint), self, 0);
}

void
_sitmap_window_class_add_init (SitmapWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (SITMAP_TYPE_ADD_LAYER);
  g_type_ensure (SITMAP_TYPE_ADD_PLACE_POPOVER);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, add_layer);

  gtk_widget_class_install_action (widget_class, "win.add-place", NULL, add_place_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Insert, 0, "win.add-place", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Insert, 0, "win.add-place", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-place", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_A, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-place", NULL);

  gtk_widget_class_install_action (widget_class, "win.add-mode", "s", add_mode_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-place");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-place");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-movement");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_M, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-movement");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-border");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_B, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-border");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-area");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_R, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-area");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-regions");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_G, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-mode", "s", "add-regions");
  /* Enabled only while adding, so these keys do their usual work
   * anywhere else. */
  gtk_widget_class_install_action (widget_class, "win.add-leave", NULL, add_leave_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.add-leave", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-finish", NULL, add_finish_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "win.add-finish", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "win.add-finish", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-remove-point", NULL, add_remove_point_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_BackSpace, 0, "win.add-remove-point", NULL);

  gtk_widget_class_install_action (widget_class, "win.link-selection", NULL, link_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.link-selection", NULL);
  gtk_widget_class_install_action (widget_class, "win.place-from-selection", NULL, place_from_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.place-from-selection", NULL);
  gtk_widget_class_install_action (widget_class, "win.unlink-selection", NULL, unlink_selection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.unlink-selection", NULL);
}

void
_sitmap_window_add_init (SitmapWindow *self)
{
  GtkEventController *keys = gtk_shortcut_controller_new ();
  const guint enter_keys[] = { GDK_KEY_Return, GDK_KEY_KP_Enter, GDK_KEY_ISO_Enter };

  /* The window's own Enter activates its default widget before the
   * window's bindings are asked: on the map, while a line is being
   * clicked, Enter ends it. */
  for (guint i = 0; i < G_N_ELEMENTS (enter_keys); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (enter_keys[i], 0),
                                                            gtk_named_action_new ("win.add-finish")));
  gtk_widget_add_controller (GTK_WIDGET (self->map_view), keys);

  sitmap_add_layer_set_map_view (self->add_layer, self->map_view);
  self->add_place_popover = SITMAP_ADD_PLACE_POPOVER (sitmap_add_place_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->add_place_popover), GTK_WIDGET (self->map_view));
  gtk_popover_set_position (GTK_POPOVER (self->add_place_popover), GTK_POS_BOTTOM);
  g_signal_connect_object (self->add_layer, "feature-added", G_CALLBACK (on_feature_added), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_layer, "notify::mode", G_CALLBACK (update_add_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_layer, "notify::n-points", G_CALLBACK (update_add_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_place_popover, "place-chosen", G_CALLBACK (on_place_chosen), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_place_popover, "closed", G_CALLBACK (on_add_place_closed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "link-chosen", G_CALLBACK (on_link_chosen), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "article-selection-changed", G_CALLBACK (update_add_actions), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->map, "changed", G_CALLBACK (update_add_actions), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (on_window_map), NULL);
  update_add_actions (self);
}
