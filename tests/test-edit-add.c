/* test-edit-add.c: adding to the story in the real window, in-process
 * under the project's Xvfb: a place found by searching, places, a
 * movement and an area clicked on the map in the add mode, and passages
 * of the article tied to places (New Place from Selection, Link to…,
 * Unlink); one undo takes back each.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sitmap-gazetteer-place.h"
#include "sitmap-link-popover.h"
#include "sitmap-test-gui.h"
#include "sitmap-window-private.h"

/* "Київ" before "Geneva": character and byte offsets differ there. */
#define ARTICLE \
  "Officials in Київ said talks in Geneva ended without a deal. Troops massed near Kharkiv on the border.\n"

#define STORY \
  "{\"type\": \"FeatureCollection\"," \
  " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Talks\", \"article\": \"article.txt\"," \
  "            \"extent\": [5, 40, 42, 56]}," \
  " \"features\": [" \
  "  {\"type\": \"Feature\", \"id\": \"kyiv\"," \
  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.52, 50.45]}," \
  "   \"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\"," \
  "                  \"excerpts\": [\"Officials in Київ said\"]}}" \
  " ]}"

typedef struct
{
  SitmapWindow *window;
  SitmapMap    *map;
  SitmapStory  *story;
} Fixture;

static gboolean
has_rendered (Fixture *f)
{
  return sitmap_map_view_get_render_count (f->window->map_view) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;

  f->window = sitmap_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 720);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_rendered, f, 20000));

  story = sitmap_story_load_data (STORY, strlen (STORY), "talks.geojson", NULL, ARTICLE, &error);
  g_assert_no_error (error);
  f->map = f->window->map;
  g_assert_true (sitmap_map_set_story (f->map, story, &error));
  g_assert_no_error (error);
  f->story = sitmap_map_get_story (f->map);
  sitmap_map_view_zoom_to_fit (f->window->map_view);
  sitmap_test_settle (300);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

/* Whether a window action is enabled now, as a button bound to it shows
 * it: GTK 4.8 has no query for a widget-class action. */
static gboolean
action_enabled (Fixture    *f,
                const char *name)
{
  g_autofree char *full = g_strconcat ("win.", name, NULL);
  GtkWidget *probe = gtk_button_new ();
  gboolean enabled;

  gtk_box_append (GTK_BOX (f->window->sidebar), probe);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (probe), full);
  enabled = gtk_widget_get_sensitive (probe);
  gtk_box_remove (GTK_BOX (f->window->sidebar), probe);
  return enabled;
}

static guint
n_features (Fixture *f)
{
  return sitmap_story_get_n_features (f->story);
}

static const SitmapStoryFeature *
last_feature (Fixture *f)
{
  return sitmap_story_get_feature (f->story, n_features (f) - 1);
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
  sitmap_viewport_to_screen (sitmap_map_view_get_viewport (f->window->map_view), xy[0], xy[1], x, y);
  g_assert_cmpfloat (*x, >, 0);
  g_assert_cmpfloat (*y, >, 0);
  g_assert_cmpfloat (*x, <, gtk_widget_get_width (GTK_WIDGET (f->window->map_view)));
  g_assert_cmpfloat (*y, <, gtk_widget_get_height (GTK_WIDGET (f->window->map_view)));
}

static GtkGesture *
layer_click (Fixture *f)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (f->window->add_layer));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller))
        return GTK_GESTURE (controller);
    }
  g_assert_not_reached ();
}

static gboolean
layer_allocated (Fixture *f)
{
  return gtk_widget_get_mapped (GTK_WIDGET (f->window->add_layer)) &&
         gtk_widget_get_width (GTK_WIDGET (f->window->add_layer)) ==
         gtk_widget_get_width (GTK_WIDGET (f->window->map_view));
}

/* A click of the real gesture, at a longitude and latitude. */
static void
click_at (Fixture *f,
          double   lon,
          double   lat,
          int      n_press)
{
  double x, y;

  screen_of (f, lon, lat, &x, &y);
  g_signal_emit_by_name (layer_click (f), "pressed", n_press, x, y);
  g_signal_emit_by_name (layer_click (f), "released", n_press, x, y);
}

static guint
n_unlinked_rows (GtkWidget *widget)
{
  guint n = GTK_IS_LIST_BOX_ROW (widget) && gtk_widget_has_css_class (widget, "unlinked");

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += n_unlinked_rows (child);
  return n;
}

static gboolean
popover_has_results (Fixture *f)
{
  return sitmap_add_place_popover_get_n_results (f->window->add_place_popover) > 0;
}

static void
select_words (Fixture    *f,
              const char *words)
{
  const char *hit = strstr (ARTICLE, words);
  glong start;

  g_assert_nonnull (hit);
  start = g_utf8_pointer_to_offset (ARTICLE, hit);
  sitmap_sidebar_select_article_range (f->window->sidebar, start, start + g_utf8_strlen (words, -1));
}

/* "Kyi" finds Kyiv, Ukraine first, as do "Київ" and "Kiev"; choosing it
 * adds Kyiv at the gazetteer's coordinates, selected, flagged in the
 * Places list as tied to no passage yet; one undo takes it back. */
static void
test_add_by_search (Fixture       *f,
                    gconstpointer  data)
{
  SitmapAddPlacePopover *popover = f->window->add_place_popover;
  SitmapGazetteer *gazetteer = sitmap_add_place_popover_get_gazetteer (popover);
  const char *queries[] = { "Київ", "Kiev", "Kyi" };
  const SitmapGazetteerEntry *entry = NULL;
  const SitmapStoryFeature *added;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;

  g_assert_nonnull (gazetteer);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-place", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      sitmap_add_place_popover_set_text (popover, queries[i]);
      g_assert_true (wait_for (popover_has_results, f, 2000));
      entry = sitmap_add_place_popover_get_result (popover, 0);
      g_clear_pointer (&title, g_free);
      title = sitmap_gazetteer_place_title (gazetteer, entry);
      g_assert_cmpstr (title, ==, "Kyiv, Ukraine");
    }
  sitmap_test_settle (200);
  sitmap_test_save_screenshot (GTK_WIDGET (popover), "edit-add-search.png");

  g_signal_emit_by_name (sitmap_add_place_popover_get_row (popover, 0), "activate");
  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpstr (added->name, ==, "Kyiv");
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_CAPITAL);
  g_assert_cmpint (added->geometry_kind, ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpfloat (fabs (added->lonlat[0] - sitmap_gazetteer_entry_get_lon (entry)), <, 1e-9);
  g_assert_cmpfloat (fabs (added->lonlat[1] - sitmap_gazetteer_entry_get_lat (entry)), <, 1e-9);
  g_assert_cmpfloat (fabs (added->lonlat[0] - 30.52), <, 0.1);
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->window->map_view), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
  /* Tied to no passage: the Places list says so. */
  g_assert_cmpuint (n_unlinked_rows (GTK_WIDGET (f->window->sidebar)), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);
  g_assert_cmpuint (n_unlinked_rows (GTK_WIDGET (f->window->sidebar)), ==, 0);
}

static GtkWidget *
find_label_with (GtkWidget  *widget,
                 const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_text (GTK_LABEL (widget)), text))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label_with (child, text);

      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found)
        return found;
    }
  return NULL;
}

/* The gazetteer is opened after the window starts; a damaged one still
 * says so, naming the file, when Add Place is opened, and the search
 * entry takes no text.  In a process of its own: the data folder is
 * read once a process. */
static void
test_add_by_search_damaged (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *tmp = g_dir_make_tmp ("sitmap-damaged-gazetteer-XXXXXX", &error);
      g_autofree char *real = g_strdup (g_getenv ("SITMAP_DATADIR"));
      g_autofree char *real_gaz = NULL;
      g_autofree char *gaz_dir = NULL;
      g_autofree char *gaz = NULL;
      g_autofree char *contents = NULL;
      const char *linked[] = { "boundaries", "stories" };
      Fixture f = { NULL, NULL, NULL };
      SitmapAddPlacePopover *popover;
      GtkWidget *entry;
      gsize length;

      g_assert_no_error (error);
      g_assert_nonnull (real);
      for (guint i = 0; i < G_N_ELEMENTS (linked); i++)
        {
          g_autofree char *target = g_build_filename (real, linked[i], NULL);
          g_autofree char *link = g_build_filename (tmp, linked[i], NULL);

          g_assert_cmpint (symlink (target, link), ==, 0);
        }
      /* The real file cut short: its header promises what is not there. */
      real_gaz = g_build_filename (real, "gazetteer", "places.gaz", NULL);
      g_assert_true (g_file_get_contents (real_gaz, &contents, &length, &error));
      g_assert_cmpuint (length, >, 4096);
      gaz_dir = g_build_filename (tmp, "gazetteer", NULL);
      gaz = g_build_filename (gaz_dir, "places.gaz", NULL);
      g_assert_cmpint (g_mkdir (gaz_dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (gaz, contents, 4096, &error));
      g_setenv ("SITMAP_DATADIR", tmp, TRUE);

      f.window = sitmap_window_new (NULL);
      gtk_window_set_default_size (GTK_WINDOW (f.window), 1100, 720);
      gtk_window_present (GTK_WINDOW (f.window));
      g_assert_true (wait_for (has_rendered, &f, 20000));
      sitmap_test_settle (300);

      popover = f.window->add_place_popover;
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.window), "win.add-place", NULL));
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
      g_assert_nonnull (find_label_with (GTK_WIDGET (popover), gaz));
      entry = find_of_type (GTK_WIDGET (popover), GTK_TYPE_SEARCH_ENTRY);
      g_assert_nonnull (entry);
      g_assert_false (gtk_widget_get_sensitive (entry));
      g_assert_null (sitmap_add_place_popover_get_gazetteer (popover));
      sitmap_add_place_popover_set_text (popover, "Kyiv");
      g_assert_cmpuint (sitmap_add_place_popover_get_n_results (popover), ==, 0);
      g_assert_nonnull (find_label_with (GTK_WIDGET (popover), gaz));
      gtk_window_destroy (GTK_WINDOW (f.window));

      for (guint i = 0; i < G_N_ELEMENTS (linked); i++)
        {
          g_autofree char *link = g_build_filename (tmp, linked[i], NULL);

          g_assert_cmpint (g_unlink (link), ==, 0);
        }
      g_assert_cmpint (g_unlink (gaz), ==, 0);
      g_assert_cmpint (g_rmdir (gaz_dir), ==, 0);
      g_assert_cmpint (g_rmdir (tmp), ==, 0);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* In the add mode a click on Lviv adds Lviv there; one far from any
 * town adds "New place" where it was; Escape's action leaves the mode. */
static void
test_add_by_click (Fixture       *f,
                   gconstpointer  data)
{
  const SitmapStoryFeature *added;

  g_assert_false (action_enabled (f, "add-leave"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-place"));
  g_assert_cmpint (sitmap_add_layer_get_mode (f->window->add_layer), ==, SITMAP_ADD_MODE_PLACE);
  g_assert_true (wait_for (layer_allocated, f, 5000));
  g_assert_true (action_enabled (f, "add-leave"));

  click_at (f, 24.03, 49.84, 1);
  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpstr (added->name, ==, "Lviv");
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_CITY);
  g_assert_cmpfloat (fabs (added->lonlat[0] - 24.03), <, 0.1);
  g_assert_cmpint (sitmap_map_view_get_selected_feature (f->window->map_view), ==, 1);

  /* The middle of the Black Sea: no town near. */
  click_at (f, 34.0, 43.4, 1);
  g_assert_cmpuint (n_features (f), ==, 3);
  added = last_feature (f);
  g_assert_cmpstr (added->name, ==, "New place");
  g_assert_cmpfloat (fabs (added->lonlat[0] - 34.0), <, 0.01);
  g_assert_cmpfloat (fabs (added->lonlat[1] - 43.4), <, 0.01);
  sitmap_test_settle (300);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-add-mode.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-leave", NULL));
  g_assert_cmpint (sitmap_add_layer_get_mode (f->window->add_layer), ==, SITMAP_ADD_MODE_NONE);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (f->window->add_layer)));
  g_assert_false (action_enabled (f, "add-leave"));
}

/* A movement by three clicks and Enter's action; Backspace's drops a
 * point; a double click ends a border line; an area's outline closes. */
static void
test_add_lines (Fixture       *f,
                gconstpointer  data)
{
  const double points[] = { 36.2, 50.0, 34.0, 50.2, 31.5, 50.4 };
  const SitmapStoryFeature *added;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-movement"));
  g_assert_true (wait_for (layer_allocated, f, 5000));
  g_assert_false (action_enabled (f, "add-finish"));
  for (guint i = 0; i < 3; i++)
    click_at (f, points[2 * i], points[2 * i + 1], 1);
  g_assert_cmpuint (sitmap_add_layer_get_n_points (f->window->add_layer), ==, 3);
  g_assert_cmpuint (n_features (f), ==, 1);
  g_assert_true (action_enabled (f, "add-finish"));
  sitmap_test_settle (200);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-add-movement.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-finish", NULL));
  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_MOVEMENT);
  g_assert_cmpint (added->geometry_kind, ==, SITMAP_GEOMETRY_LINES);
  g_assert_cmpuint (added->part_start[added->n_parts], ==, 3);
  for (guint i = 0; i < 6; i++)
    g_assert_cmpfloat (fabs (added->lonlat[i] - points[i]), <, 0.01);
  g_assert_cmpuint (sitmap_add_layer_get_n_points (f->window->add_layer), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);

  /* Backspace, then Escape drops the line but stays in the mode. */
  click_at (f, points[0], points[1], 1);
  click_at (f, points[2], points[3], 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-remove-point", NULL));
  g_assert_cmpuint (sitmap_add_layer_get_n_points (f->window->add_layer), ==, 1);
  g_assert_false (action_enabled (f, "add-finish"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-leave", NULL));
  g_assert_cmpuint (sitmap_add_layer_get_n_points (f->window->add_layer), ==, 0);
  g_assert_cmpint (sitmap_add_layer_get_mode (f->window->add_layer), ==, SITMAP_ADD_MODE_MOVEMENT);
  g_assert_cmpuint (n_features (f), ==, 1);

  /* A border line ended by a double click on its last point. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-border"));
  click_at (f, points[0], points[1], 1);
  click_at (f, points[2], points[3], 1);
  click_at (f, points[2], points[3], 2);
  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_BORDER);
  g_assert_cmpuint (added->part_start[added->n_parts], ==, 2);

  /* An area: its ring closes where it began. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-area"));
  click_at (f, 36.0, 49.0, 1);
  click_at (f, 38.0, 49.0, 1);
  click_at (f, 37.0, 47.5, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-finish", NULL));
  g_assert_cmpuint (n_features (f), ==, 3);
  added = last_feature (f);
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_AREA);
  g_assert_cmpint (added->geometry_kind, ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (added->part_start[added->n_parts], ==, 4);
  g_assert_cmpfloat (added->lonlat[0], ==, added->lonlat[6]);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);
  /* The same command again leaves the mode. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-area"));
  g_assert_cmpint (sitmap_add_layer_get_mode (f->window->add_layer), ==, SITMAP_ADD_MODE_NONE);
}

/* Regions clicked make an area given by reference, as a story file
 * gives it; a second click lets a region go. */
static void
test_add_regions (Fixture       *f,
                  gconstpointer  data)
{
  const SitmapStoryFeature *added;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-mode", "s", "add-regions"));
  g_assert_true (wait_for (layer_allocated, f, 5000));
  click_at (f, 37.8, 48.0, 1);     /* Donetsk Oblast */
  click_at (f, 39.3, 48.6, 1);     /* Luhansk Oblast */
  click_at (f, 36.3, 49.8, 1);     /* Kharkiv Oblast, */
  click_at (f, 36.3, 49.8, 1);     /* and let go again */
  g_assert_cmpuint (sitmap_add_layer_get_n_points (f->window->add_layer), ==, 2);
  sitmap_test_settle (200);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-add-regions.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.add-finish", NULL));

  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_AREA);
  g_assert_cmpstr (added->name, ==, "New area");
  g_assert_cmpstr (added->regions_layer, ==, "ukraine-regions");
  g_assert_cmpstr (added->regions_field, ==, "iso_3166_2");
  g_assert_cmpuint (g_strv_length (added->regions_values), ==, 2);
  g_assert_cmpstr (added->regions_values[0], ==, "UA-14");
  g_assert_cmpstr (added->regions_values[1], ==, "UA-09");
  g_assert_cmpuint (added->n_parts, >, 0);
  g_assert_cmpfloat (added->anchor_lon, >, 36);
  g_assert_cmpfloat (added->anchor_lon, <, 41);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);
}

/* "Geneva" chosen in the article: New Place from Selection adds Geneva
 * from the gazetteer with that excerpt, verbatim and at its offsets. */
static void
test_place_from_selection (Fixture       *f,
                           gconstpointer  data)
{
  const SitmapStoryFeature *added;
  const SitmapTextRange *range;
  gsize geneva = strstr (ARTICLE, "Geneva") - ARTICLE;

  g_assert_false (action_enabled (f, "place-from-selection"));
  sitmap_sidebar_show_article (f->window->sidebar);
  select_words (f, "Geneva");
  g_assert_true (action_enabled (f, "place-from-selection"));
  g_assert_true (action_enabled (f, "link-selection"));
  g_assert_false (action_enabled (f, "unlink-selection"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.place-from-selection", NULL));
  g_assert_cmpuint (n_features (f), ==, 2);
  added = last_feature (f);
  g_assert_cmpstr (added->name, ==, "Geneva");
  g_assert_cmpint (added->kind, ==, SITMAP_STORY_KIND_CITY);
  g_assert_cmpfloat (fabs (added->lonlat[0] - 6.14), <, 0.1);
  g_assert_cmpuint (g_strv_length (added->excerpts), ==, 1);
  g_assert_cmpstr (added->excerpts[0], ==, "Geneva");
  range = &g_array_index (added->excerpt_ranges, SitmapTextRange, 0);
  g_assert_cmpuint (range->start, ==, geneva);
  g_assert_cmpuint (range->end, ==, geneva + strlen ("Geneva"));
  /* Still chosen, and now tied: Unlink is offered. */
  g_assert_true (action_enabled (f, "unlink-selection"));
  g_assert_cmpuint (n_unlinked_rows (GTK_WIDGET (f->window->sidebar)), ==, 0);
  sitmap_test_settle (200);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-linked-text.png");

  /* One step: the place and its excerpt go together. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_cmpuint (n_features (f), ==, 1);
  g_assert_false (action_enabled (f, "undo"));
}

/* Link to… ties a passage to Kyiv; Unlink unties its first one, which
 * leaves it flagged; one undo each. */
static void
test_link_and_unlink (Fixture       *f,
                      gconstpointer  data)
{
  SitmapLinkPopover *popover = SITMAP_LINK_POPOVER (sitmap_sidebar_get_link_popover (f->window->sidebar));
  const SitmapStoryFeature *kyiv = sitmap_story_get_feature (f->story, 0);

  select_words (f, "Troops massed near Kharkiv");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.link-selection", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  sitmap_test_settle (200);
  sitmap_test_save_screenshot (GTK_WIDGET (popover), "edit-link-to.png");
  g_signal_emit_by_name (sitmap_link_popover_get_row (popover, 0), "activate");

  kyiv = sitmap_story_get_feature (f->story, 0);
  g_assert_cmpuint (g_strv_length (kyiv->excerpts), ==, 2);
  g_assert_cmpstr (kyiv->excerpts[0], ==, "Officials in Київ said");
  g_assert_cmpstr (kyiv->excerpts[1], ==, "Troops massed near Kharkiv");
  g_assert_true (strstr (ARTICLE, kyiv->excerpts[1]) == ARTICLE + g_array_index (kyiv->excerpt_ranges,
                                                                                   SitmapTextRange, 1).start);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  kyiv = sitmap_story_get_feature (f->story, 0);
  g_assert_cmpuint (g_strv_length (kyiv->excerpts), ==, 1);

  /* Any part of a tied passage chosen: Unlink unties it. */
  select_words (f, "Київ");
  g_assert_true (action_enabled (f, "unlink-selection"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.unlink-selection", NULL));
  kyiv = sitmap_story_get_feature (f->story, 0);
  g_assert_null (kyiv->excerpts[0]);
  g_assert_cmpuint (n_unlinked_rows (GTK_WIDGET (f->window->sidebar)), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  kyiv = sitmap_story_get_feature (f->story, 0);
  g_assert_cmpstr (kyiv->excerpts[0], ==, "Officials in Київ said");
  g_assert_cmpuint (n_unlinked_rows (GTK_WIDGET (f->window->sidebar)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();
  /* Under the project's Xvfb or not at all: a GUI test that cannot
   * open a display fails, it does not pass by skipping. */
  if (!gtk_init_check ())
    {
      g_printerr ("no display: run under build-aux/with-xvfb\n");
      return 1;
    }
  adw_init ();

  g_test_add ("/edit/add-by-search", Fixture, NULL, fixture_setup, test_add_by_search, fixture_teardown);
  g_test_add_func ("/edit/add-by-search-damaged-gazetteer", test_add_by_search_damaged);
  g_test_add ("/edit/add-by-click", Fixture, NULL, fixture_setup, test_add_by_click, fixture_teardown);
  g_test_add ("/edit/add-lines", Fixture, NULL, fixture_setup, test_add_lines, fixture_teardown);
  g_test_add ("/edit/add-regions", Fixture, NULL, fixture_setup, test_add_regions, fixture_teardown);
  g_test_add ("/edit/place-from-selection", Fixture, NULL, fixture_setup, test_place_from_selection,
              fixture_teardown);
  g_test_add ("/edit/link-and-unlink", Fixture, NULL, fixture_setup, test_link_and_unlink, fixture_teardown);

  return g_test_run ();
}
