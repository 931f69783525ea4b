/* test-edit-window.c: the editor in the real window, in-process, under
 * the project's Xvfb: a new blank story, the story's properties, the
 * inspector, a marker dragged with the real pointer (XTEST through
 * xdotool), undo and redo, Delete, the arrow keys and Escape.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <gdk/x11/gdkx.h>

#include "sitmap-inspector.h"
#include "sitmap-story-properties-dialog.h"
#include "sitmap-test-gui.h"
#include "sitmap-window.h"

typedef struct
{
  SitmapWindow  *window;
  SitmapMapView *map_view;
  SitmapMap     *map;
  guint          frames;
} Fixture;

static gboolean
is_ready (Fixture *f)
{
  return sitmap_map_view_get_render_count (f->map_view) > 0 && sitmap_map_is_prepared (f->map);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = sitmap_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  f->map_view = sitmap_window_get_map_view (f->window);
  f->map = sitmap_map_view_get_map (f->map_view);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (is_ready, f, 30000));
  sitmap_test_settle (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  sitmap_test_settle (50);
}

static SitmapStory *
story (Fixture *f)
{
  return sitmap_map_get_story (f->map);
}

static void
activate (Fixture    *f,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), action, NULL));
}

static void
shot (Fixture    *f,
      const char *name)
{
  sitmap_test_settle (400);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), name);
}

/* ---- The real pointer and keyboard, through XTEST ---------------------- */

static void
xdotool (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  int status = 0;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("xdotool"));
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* GTK reads the X events it caused. */
  sitmap_test_settle (60);
}

/* Moves the pointer to (x, y) in the map view's coordinates. */
static void
pointer_to (Fixture *f,
            double   x,
            double   y)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (f->map_view));
  graphene_point_t in_window;
  double sx, sy;
  g_autofree char *xid = NULL;
  g_autofree char *wx = NULL;
  g_autofree char *wy = NULL;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (f->map_view), GTK_WIDGET (native),
                                           &GRAPHENE_POINT_INIT (x, y), &in_window));
  gtk_native_get_surface_transform (native, &sx, &sy);
  xid = g_strdup_printf ("%lu", (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  wx = g_strdup_printf ("%d", (int)round (in_window.x + sx));
  wy = g_strdup_printf ("%d", (int)round (in_window.y + sy));
  xdotool ("mousemove", "--window", xid, wx, wy, NULL);
}

static void
key (const char *name)
{
  xdotool ("key", name, NULL);
}

/* Drags from (x0, y0) to (x1, y1) in steps, as a hand would. */
static void
drag (Fixture *f,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  pointer_to (f, x0, y0);
  xdotool ("mousedown", "1", NULL);
  for (int i = 1; i <= 8; i++)
    pointer_to (f, x0 + (x1 - x0) * i / 8, y0 + (y1 - y0) * i / 8);
  xdotool ("mouseup", "1", NULL);
  sitmap_test_settle (200);
}

/* ---- Helpers ---------------------------------------------------------- */

static void
marker_centre (Fixture *f,
               int      index,
               double  *x,
               double  *y)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (sitmap_map_view_get_marker (f->map_view, index),
                                            GTK_WIDGET (f->map_view), &bounds));
  *x = bounds.origin.x + bounds.size.width / 2;
  *y = bounds.origin.y + bounds.size.height / 2;
}

static void
screen_of (Fixture *f,
           double   lon,
           double   lat,
           double  *x,
           double  *y)
{
  double xy[2] = { lon, lat };

  sitmap_projection_forward (sitmap_map_get_projection (f->map), xy, 1);
  sitmap_viewport_to_screen (sitmap_map_view_get_viewport (f->map_view), xy[0], xy[1], x, y);
}

static SitmapInspector *
inspector (Fixture *f)
{
  return SITMAP_INSPECTOR (sitmap_window_get_inspector (f->window));
}

static void
apply_row (GtkWidget  *row,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text);
  g_signal_emit_by_name (row, "apply");
}

/* ---- Tests ------------------------------------------------------------ */

/* Ctrl+N: a story with nothing in it, where the user was looking, that
 * can be undone into nothing (it has no history yet). */
static void
test_edit_new_blank_story (Fixture       *f,
                           gconstpointer  data)
{
  SitmapStory *before = story (f);
  double extent[4];

  g_assert_cmpuint (sitmap_story_get_n_features (before), >, 0);
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  key ("ctrl+n");
  g_assert_true (story (f) != before);
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, 0);
  g_assert_cmpstr (sitmap_story_get_article (story (f)), ==, "");
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Untitled Story");
  g_assert_true (sitmap_story_get_extent (story (f), extent));
  g_assert_cmpfloat (extent[0], <, extent[2]);
  g_assert_cmpfloat (extent[1], <, extent[3]);
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->map_view), ==, -1);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (inspector (f)),
                                                                                       GTK_TYPE_REVEALER))));
  shot (f, "edit-new-story.png");
}

static SitmapStoryPropertiesDialog *
find_properties_dialog (void)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l; l = l->next)
    if (SITMAP_IS_STORY_PROPERTIES_DIALOG (l->data) && gtk_widget_get_visible (l->data))
      return l->data;
  return NULL;
}

static gboolean
title_box_of (Fixture    *f,
              SitmapRect *box)
{
  SitmapStoryLayout *layout = sitmap_renderer_get_story_layout (sitmap_map_view_get_renderer (f->map_view),
                                                                sitmap_map_view_get_viewport (f->map_view));

  return layout && sitmap_story_layout_get_title_box (layout, box);
}

/* The properties dialog edits the story through the model, one undo step
 * a field, and the map shows the new title at once. */
static void
test_edit_properties_title_on_map (Fixture       *f,
                                   gconstpointer  data)
{
  SitmapStoryPropertiesDialog *dialog;
  SitmapRect box_before, box_after;
  g_autoptr(GDateTime) day = g_date_time_new_local (2022, 1, 14, 12, 0, 0);
  double west_before;

  activate (f, "win.new-story");
  sitmap_test_settle (300);
  g_assert_true (title_box_of (f, &box_before));

  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  key ("alt+Return");
  g_assert_nonnull ((dialog = find_properties_dialog ()));
  sitmap_test_settle (200);
  g_assert_cmpstr (gtk_editable_get_text (sitmap_story_properties_dialog_get_field (dialog, "title")), ==,
                   "Untitled Story");

  apply_row (GTK_WIDGET (sitmap_story_properties_dialog_get_field (dialog, "title")),
             "Russia masses troops on Ukraine’s borders");
  apply_row (GTK_WIDGET (sitmap_story_properties_dialog_get_field (dialog, "subtitle")),
             "Where the forces stand, January 2022");
  apply_row (GTK_WIDGET (sitmap_story_properties_dialog_get_field (dialog, "credit")), "Map: the newsroom");
  gtk_calendar_select_day (sitmap_story_properties_dialog_get_calendar (dialog), day);
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops on Ukraine’s borders");
  g_assert_cmpstr (sitmap_story_get_subtitle (story (f)), ==, "Where the forces stand, January 2022");
  g_assert_cmpstr (sitmap_story_get_credit (story (f)), ==, "Map: the newsroom");
  g_assert_cmpstr (sitmap_story_get_date (story (f)), ==, "2022-01-14");

  /* A title is required: refused, marked on its row, nothing changes. */
  apply_row (GTK_WIDGET (sitmap_story_properties_dialog_get_field (dialog, "title")), "");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (sitmap_story_properties_dialog_get_field (dialog, "title")),
                                           "error"));
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops on Ukraine’s borders");

  /* Use the Current View, after zooming in: the extent is the view's. */
  west_before = gtk_spin_button_get_value (GTK_SPIN_BUTTON (sitmap_story_properties_dialog_get_field (dialog, "west")));
  sitmap_map_view_zoom (f->map_view, 2);
  sitmap_test_settle (400);
  g_signal_emit_by_name (sitmap_story_properties_dialog_get_use_view_button (dialog), "clicked");
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (sitmap_story_properties_dialog_get_field (dialog, "west"))),
                     >, west_before + 0.5);

  shot (f, "edit-properties-window.png");
  sitmap_test_save_screenshot (GTK_WIDGET (dialog), "edit-properties-dialog.png");
  gtk_window_destroy (GTK_WINDOW (dialog));
  sitmap_test_settle (400);

  /* On the map: the title block grew with the longer title. */
  g_assert_true (title_box_of (f, &box_after));
  g_assert_cmpfloat (box_after.width, >, box_before.width);
  shot (f, "edit-properties-title-on-map.png");

  /* Each field was one step: the extent, the date, the credit, the
   * subtitle, then the title. */
  for (int i = 0; i < 4; i++)
    activate (f, "win.undo");
  g_assert_null (sitmap_story_get_subtitle (story (f)));
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops on Ukraine’s borders");
  activate (f, "win.undo");
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Untitled Story");
  activate (f, "win.redo");
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops on Ukraine’s borders");
}

/* Kyiv dragged with the real pointer: one undo step, the model and the
 * marker follow; with the inspector's name change, undo twice and redo. */
static void
test_edit_drag_marker (Fixture       *f,
                       gconstpointer  data)
{
  int kyiv = sitmap_story_find_feature (story (f), "kyiv");
  const SitmapStoryFeature *feature;
  double lon, lat, x0, y0, x1, y1, ax, ay;
  SitmapInspector *pane = inspector (f);

  g_assert_cmpint (kyiv, >=, 0);
  feature = sitmap_story_get_feature (story (f), kyiv);
  lon = feature->lonlat[0];
  lat = feature->lonlat[1];
  screen_of (f, lon, lat, &ax, &ay);
  marker_centre (f, kyiv, &x0, &y0);
  x1 = x0 + 90;
  y1 = y0 + 60;

  drag (f, ax, ay, ax + 90, ay + 60);
  feature = sitmap_story_get_feature (story (f), kyiv);
  /* Selected by the drag, and moved in the model as far as the pointer. */
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->map_view), ==, kyiv);
  g_assert_cmpfloat (feature->lonlat[0], >, lon + 0.3);
  g_assert_cmpfloat (feature->lonlat[1], <, lat - 0.2);
  marker_centre (f, kyiv, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0 - 90), <=, 3);
  g_assert_cmpfloat (fabs (y1 - y0 - 60), <=, 3);
  /* The inspector shows it. */
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (pane)));
  g_assert_cmpint (sitmap_inspector_get_feature (pane), ==, kyiv);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sitmap_inspector_get_field (pane, "name"))), ==, "Kyiv");
  shot (f, "edit-drag-marker.png");

  /* A second step: renamed in the inspector. */
  apply_row (sitmap_inspector_get_field (pane, "name"), "Kyiv (Kiev)");
  g_assert_cmpstr (sitmap_story_get_feature (story (f), kyiv)->name, ==, "Kyiv (Kiev)");

  /* Undo twice: the name, then the whole drag at once. */
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  g_assert_false (sitmap_map_view_get_dragging (f->map_view));
  key ("ctrl+z");
  g_assert_cmpstr (sitmap_story_get_feature (story (f), kyiv)->name, ==, "Kyiv");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (sitmap_inspector_get_field (pane, "name"))), ==, "Kyiv");
  key ("ctrl+z");
  feature = sitmap_story_get_feature (story (f), kyiv);
  g_assert_cmpfloat (feature->lonlat[0], ==, lon);
  g_assert_cmpfloat (feature->lonlat[1], ==, lat);
  sitmap_test_settle (200);
  marker_centre (f, kyiv, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0), <=, 1);
  g_assert_cmpfloat (fabs (y1 - y0), <=, 1);

  /* Redo: the drag again, whole. */
  key ("ctrl+shift+z");
  feature = sitmap_story_get_feature (story (f), kyiv);
  g_assert_cmpfloat (feature->lonlat[0], >, lon + 0.3);
  g_assert_cmpstr (feature->name, ==, "Kyiv");
  sitmap_test_settle (200);
  marker_centre (f, kyiv, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0 - 90), <=, 3);
}

/* With a selection the arrows move it (Shift further) and do not pan;
 * Escape clears it, and then the arrows pan again. */
static void
test_edit_arrows_escape (Fixture       *f,
                         gconstpointer  data)
{
  int kyiv = sitmap_story_find_feature (story (f), "kyiv");
  const SitmapViewport *viewport = sitmap_map_view_get_viewport (f->map_view);
  double centre_x = viewport->centre_x, lon, x0, y0, x1, y1;

  sitmap_map_view_set_selected_feature (f->map_view, kyiv);
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  lon = sitmap_story_get_feature (story (f), kyiv)->lonlat[0];
  marker_centre (f, kyiv, &x0, &y0);
  key ("Right");
  key ("shift+Right");
  sitmap_test_settle (200);
  g_assert_cmpfloat (viewport->centre_x, ==, centre_x);
  g_assert_cmpfloat (sitmap_story_get_feature (story (f), kyiv)->lonlat[0], >, lon);
  marker_centre (f, kyiv, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0 - 44), <=, 2);
  g_assert_cmpfloat (fabs (y1 - y0), <=, 1);
  /* Each key press one step. */
  activate (f, "win.undo");
  sitmap_test_settle (200);
  marker_centre (f, kyiv, &x1, &y1);
  g_assert_cmpfloat (fabs (x1 - x0 - 4), <=, 2);

  key ("Escape");
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->map_view), ==, -1);
  sitmap_test_settle (300);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (inspector (f)),
                                                                                       GTK_TYPE_REVEALER))));
  key ("Right");
  g_assert_cmpfloat (viewport->centre_x, !=, centre_x);
}

/* Delete removes the selected feature, as one step; the selection goes
 * with it. */
static void
test_edit_delete (Fixture       *f,
                  gconstpointer  data)
{
  int kyiv = sitmap_story_find_feature (story (f), "kyiv");
  guint n = sitmap_story_get_n_features (story (f));

  sitmap_map_view_set_selected_feature (f->map_view, kyiv);
  gtk_widget_grab_focus (GTK_WIDGET (f->map_view));
  key ("Delete");
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, n - 1);
  g_assert_cmpint (sitmap_story_find_feature (story (f), "kyiv"), ==, -1);
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->map_view), ==, -1);
  /* Nothing selected, nothing more to delete. */
  key ("Delete");
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, n - 1);
  activate (f, "win.undo");
  g_assert_cmpint (sitmap_story_find_feature (story (f), "kyiv"), ==, kyiv);
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, n);
}

/* Every field of the inspector changes the model, one step each, and
 * the model's changes come back to the fields. */
static void
test_edit_inspector_fields (Fixture       *f,
                            gconstpointer  data)
{
  SitmapStory *s = story (f);
  int index = -1;
  SitmapInspector *pane = inspector (f);
  const SitmapStoryFeature *feature;
  g_autoptr(GDateTime) day = g_date_time_new_local (2022, 1, 20, 12, 0, 0);

  /* A force: it has an echelon and a status. */
  for (guint i = 0; i < sitmap_story_get_n_features (s) && index < 0; i++)
    if (sitmap_story_get_feature (s, i)->kind == SITMAP_STORY_KIND_FORCE)
      index = i;
  g_assert_cmpint (index, >=, 0);
  sitmap_map_view_set_selected_feature (f->map_view, index);
  sitmap_test_settle (300);
  g_assert_cmpint (sitmap_inspector_get_feature (pane), ==, index);

  apply_row (sitmap_inspector_get_field (pane, "label"), "Forces at Yelnya");
  apply_row (sitmap_inspector_get_field (pane, "side"), "Russia");
  apply_row (sitmap_inspector_get_field (pane, "note"), "Seen on satellite images");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "echelon")), 9);  /* division */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "status")), 1);   /* en route */
  gtk_calendar_select_day (GTK_CALENDAR (sitmap_inspector_get_field (pane, "calendar")), day);
  g_signal_emit_by_name (sitmap_inspector_get_field (pane, "add-date"), "clicked");
  gtk_editable_set_text (GTK_EDITABLE (sitmap_inspector_get_field (pane, "figure-value")), "5–10");
  adw_combo_row_set_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "figure-qualifier")), 2); /* about */
  gtk_editable_set_text (GTK_EDITABLE (sitmap_inspector_get_field (pane, "figure-unit")), "battalions");
  gtk_editable_set_text (GTK_EDITABLE (sitmap_inspector_get_field (pane, "figure-source")), "Satellite firm");
  g_signal_emit_by_name (sitmap_inspector_get_field (pane, "add-figure"), "clicked");

  feature = sitmap_story_get_feature (s, index);
  g_assert_cmpstr (feature->label, ==, "Forces at Yelnya");
  g_assert_cmpstr (feature->side, ==, "russia");
  g_assert_cmpstr (feature->note, ==, "Seen on satellite images");
  g_assert_cmpstr (feature->echelon, ==, "division");
  g_assert_cmpint (feature->status, ==, SITMAP_FORCE_STATUS_EN_ROUTE);
  g_assert_true (g_strv_contains ((const char * const *)feature->dates, "2022-01-20"));
  {
    const SitmapFigure *last = &g_array_index (feature->figures, SitmapFigure, feature->figures->len - 1);

    g_assert_true (last->is_range);
    g_assert_cmpfloat (last->low, ==, 5);
    g_assert_cmpfloat (last->high, ==, 10);
    g_assert_cmpstr (last->qualifier, ==, "about");
    g_assert_cmpstr (last->unit, ==, "battalions");
    g_assert_cmpstr (last->source, ==, "Satellite firm");
  }
  shot (f, "edit-inspector.png");

  /* A kind that is no force drops the echelon and status in one step. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "kind")), SITMAP_STORY_KIND_EVENT);
  feature = sitmap_story_get_feature (s, index);
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_EVENT);
  g_assert_null (feature->echelon);
  activate (f, "win.undo");
  feature = sitmap_story_get_feature (s, index);
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_FORCE);
  g_assert_cmpstr (feature->echelon, ==, "division");
  /* The fields follow the undo. */
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "kind"))), ==,
                    SITMAP_STORY_KIND_FORCE);

  /* The figure, then the date, then the status: one step each. */
  activate (f, "win.undo");
  activate (f, "win.undo");
  activate (f, "win.undo");
  feature = sitmap_story_get_feature (s, index);
  g_assert_cmpint (feature->status, ==, SITMAP_FORCE_STATUS_PRESENT);
  g_assert_cmpstr (feature->echelon, ==, "division");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (sitmap_inspector_get_field (pane, "status"))), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();

  if (!gtk_init_check ())
    {
      g_printerr ("no display: run this test through build-aux/with-xvfb\n");
      return 77;
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/edit/new-blank-story", test_edit_new_blank_story);
  ADD ("/edit/properties-title-on-map", test_edit_properties_title_on_map);
  ADD ("/edit/drag-marker-undo-redo", test_edit_drag_marker);
  ADD ("/edit/arrows-escape", test_edit_arrows_escape);
  ADD ("/edit/delete", test_edit_delete);
  ADD ("/edit/inspector-fields", test_edit_inspector_fields);

  return g_test_run ();
}
