/* test-map.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "sitmap-map.h"
#include "sitmap-renderer.h"

typedef struct
{
  SitmapMap       *map;
  SitmapRenderer  *renderer;
  SitmapViewport   viewport;
  SitmapStory     *story;
  GPtrArray       *layers;      /* as loaded, to show nothing is reloaded */
  guint            n_changes;
  SitmapMapChange  last_what;
  int              last_feature;
  guint64          last_generation;
} Fixture;

static void
on_changed (SitmapMap       *map,
            SitmapMapChange  what,
            int              feature,
            Fixture         *f)
{
  /* The generation has grown by the time anyone hears of the change. */
  g_assert_cmpuint (sitmap_map_get_generation (map), >, f->last_generation);
  f->last_generation = sitmap_map_get_generation (map);
  f->n_changes++;
  f->last_what = what;
  f->last_feature = feature;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->map = sitmap_map_new ();
  f->renderer = sitmap_renderer_new (f->map);
  g_assert_true (sitmap_map_load_builtin_basemaps (f->map, &error));
  g_assert_no_error (error);
  g_assert_true (sitmap_map_load_builtin_story (f->map, &error));
  g_assert_no_error (error);
  f->story = sitmap_map_get_story (f->map);
  f->layers = g_ptr_array_new ();
  for (guint i = 0; i < sitmap_map_get_n_layers (f->map); i++)
    g_ptr_array_add (f->layers, sitmap_map_get_layer (f->map, i, NULL));
  f->viewport.width = 1280;
  f->viewport.height = 720;
  f->viewport.scale_factor = 1;
  sitmap_map_fit_home (f->map, &f->viewport);
  f->last_generation = sitmap_map_get_generation (f->map);
  g_signal_connect (f->map, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_ptr_array_unref (f->layers);
  g_clear_object (&f->renderer);
  g_clear_object (&f->map);
}

/* The same story and the same layer objects: an edit reloads nothing. */
static void
assert_nothing_reloaded (Fixture *f)
{
  g_assert_true (sitmap_map_get_story (f->map) == f->story);
  g_assert_cmpuint (sitmap_map_get_n_layers (f->map), ==, f->layers->len);
  for (guint i = 0; i < f->layers->len; i++)
    g_assert_true (sitmap_map_get_layer (f->map, i, NULL) == g_ptr_array_index (f->layers, i));
}

static void
assert_one_feature_change (Fixture *f,
                           int      index)
{
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (f->last_what, ==, SITMAP_MAP_CHANGE_FEATURE);
  g_assert_cmpint (f->last_feature, ==, index);
}

static void
test_generation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(GError) error = NULL;
  guint64 start = sitmap_map_get_generation (map);
  guint64 property = 0;

  g_assert_cmpuint (start, >, 0);
  g_object_get (map, "generation", &property, NULL);
  g_assert_cmpuint (property, ==, start);

  g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
  g_assert_no_error (error);
  /* Two layers, one change each. */
  g_assert_cmpuint (sitmap_map_get_generation (map), ==, start + 2);
  g_object_get (map, "generation", &property, NULL);
  g_assert_cmpuint (property, ==, start + 2);
}

static void
test_set_story (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_map_load_builtin_story (f->map, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_true (f->last_what & SITMAP_MAP_CHANGE_STORY);
  g_assert_cmpint (f->last_feature, ==, -1);
  g_assert_true (sitmap_map_get_story (f->map) != f->story);
}

static void
test_projection (Fixture       *f,
                 gconstpointer  data)
{
  const double world[4] = { -180, -80, 180, 80 };
  double same[4];

  sitmap_map_get_home_extent (f->map, same);
  sitmap_map_set_home_extent (f->map, same);
  g_assert_cmpuint (f->n_changes, ==, 0);

  sitmap_map_set_home_extent (f->map, world);
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (f->last_what, ==, SITMAP_MAP_CHANGE_PROJECTION);
  for (guint i = 0; i < sitmap_map_get_n_layers (f->map); i++)
    g_assert_true (sitmap_layer_get_projection (sitmap_map_get_layer (f->map, i, NULL)) ==
                   sitmap_map_get_projection (f->map));
}

static void
test_layers (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SitmapLayer) layer = sitmap_layer_new ("empty", SITMAP_GEOMETRY_POINTS, NULL);
  guint n = sitmap_map_get_n_layers (f->map);

  sitmap_map_add_layer (f->map, layer, SITMAP_LAYER_ROLE_USER);
  g_assert_cmpuint (f->n_changes, ==, 1);
  g_assert_cmpint (f->last_what, ==, SITMAP_MAP_CHANGE_LAYERS);
  g_assert_cmpuint (sitmap_map_get_n_layers (f->map), ==, n + 1);
  g_assert_true (sitmap_layer_get_projection (layer) == sitmap_map_get_projection (f->map));

  sitmap_map_remove_layer (f->map, layer);
  g_assert_cmpuint (f->n_changes, ==, 2);
  g_assert_cmpuint (sitmap_map_get_n_layers (f->map), ==, n);
}

/* Kyiv one degree east, through the model: the renderer's anchor and
 * the laid-out marker follow at once. */
static void
test_move_feature (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int kyiv = sitmap_story_find_feature (f->story, "kyiv");
  const SitmapStoryFeature *feature = sitmap_story_get_feature (f->story, kyiv);
  double lon = feature->lonlat[0], lat = feature->lonlat[1];
  double moved[2] = { lon + 1, lat };
  double x0, y0, x1, y1, expected[2] = { lon + 1, lat };
  SitmapRect before, after, label, callout;

  g_assert_cmpint (kyiv, >=, 0);
  g_assert_true (sitmap_story_layout_get_anchor (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), kyiv, &x0, &y0));
  g_assert_true (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), kyiv, &before, &label, &callout) &
                 SITMAP_LAYOUT_MARKER);

  g_assert_true (sitmap_map_move_feature (f->map, kyiv, moved, 1, &error));
  g_assert_no_error (error);
  assert_one_feature_change (f, kyiv);
  assert_nothing_reloaded (f);

  feature = sitmap_story_get_feature (f->story, kyiv);
  g_assert_cmpfloat (feature->lonlat[0], ==, lon + 1);
  g_assert_cmpfloat (feature->anchor_lon, ==, lon + 1);
  g_assert_cmpfloat (feature->anchor_lat, ==, lat);

  g_assert_true (sitmap_story_layout_get_anchor (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), kyiv, &x1, &y1));
  sitmap_projection_forward (sitmap_map_get_projection (f->map), expected, 1);
  g_assert_cmpfloat_with_epsilon (x1, expected[0], 1e-6);
  g_assert_cmpfloat_with_epsilon (y1, expected[1], 1e-6);
  g_assert_cmpfloat (x1, >, x0);

  g_assert_true (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), kyiv, &after, &label, &callout) &
                 SITMAP_LAYOUT_MARKER);
  /* A degree of longitude at 50° N is some 70 km: several pixels here. */
  g_assert_cmpfloat (after.x - before.x, >, 2);

  /* And back by translation. */
  g_assert_true (sitmap_map_translate_feature (f->map, kyiv, -1, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (sitmap_story_get_feature (f->story, kyiv)->lonlat[0], lon, 1e-12);
  g_assert_cmpuint (f->n_changes, ==, 2);
}

static void
test_move_feature_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int kyiv = sitmap_story_find_feature (f->story, "kyiv");
  const double off_earth[2] = { 30, 120 };
  const double two[4] = { 30, 50, 31, 51 };
  guint64 generation = sitmap_map_get_generation (f->map);
  double lon = sitmap_story_get_feature (f->story, kyiv)->lonlat[0];

  g_assert_false (sitmap_map_move_feature (f->map, kyiv, off_earth, 1, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_move_feature (f->map, kyiv, two, 2, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_move_feature (f->map, 100000, two, 1, &error));
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE);

  g_assert_cmpuint (f->n_changes, ==, 0);
  g_assert_cmpuint (sitmap_map_get_generation (f->map), ==, generation);
  g_assert_cmpfloat (sitmap_story_get_feature (f->story, kyiv)->lonlat[0], ==, lon);
}

static void
test_add_feature (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const double gyor[2] = { 17.0, 47.5 };
  const double route[6] = { 30.5, 50.4, 32.0, 49.4, 35.0, 48.5 };
  guint n = sitmap_story_get_n_features (f->story);
  SitmapRect marker, label, callout;
  int index;

  index = sitmap_map_add_feature (f->map, "gyor", "Győr", SITMAP_STORY_KIND_CITY, SITMAP_GEOMETRY_POINTS,
                                  gyor, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index, ==, n);
  assert_one_feature_change (f, index);
  assert_nothing_reloaded (f);
  g_assert_cmpuint (sitmap_story_get_n_features (f->story), ==, n + 1);
  g_assert_cmpint (sitmap_story_find_feature (f->story, "gyor"), ==, index);
  g_assert_cmpstr (sitmap_story_get_feature (f->story, index)->label, ==, "Győr");
  g_assert_cmpfloat (sitmap_story_get_feature (f->story, index)->anchor_lon, ==, 17.0);
  /* Laid out and drawn with the others, with no reload. */
  g_assert_true (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), index, &marker, &label, &callout) &
                 SITMAP_LAYOUT_MARKER);
  g_assert_cmpint (sitmap_story_layout_hit_test (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), &f->viewport, marker.x + marker.width / 2,
                                             marker.y + marker.height / 2), ==, index);

  index = sitmap_map_add_feature (f->map, "route", "Route", SITMAP_STORY_KIND_MOVEMENT, SITMAP_GEOMETRY_LINES,
                                  route, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index, ==, n + 1);
  g_assert_cmpuint (f->n_changes, ==, 2);

  /* An id taken, too few positions: refused, nothing told. */
  g_assert_cmpint (sitmap_map_add_feature (f->map, "kyiv", "Kyiv again", SITMAP_STORY_KIND_CITY,
                                           SITMAP_GEOMETRY_POINTS, gyor, 1, &error), ==, -1);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_cmpint (sitmap_map_add_feature (f->map, "short", "Short", SITMAP_STORY_KIND_MOVEMENT,
                                           SITMAP_GEOMETRY_LINES, gyor, 1, &error), ==, -1);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_cmpuint (f->n_changes, ==, 2);
  g_assert_cmpuint (sitmap_story_get_n_features (f->story), ==, n + 2);
}

static void
test_remove_feature (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  int kyiv = sitmap_story_find_feature (f->story, "kyiv");
  guint n = sitmap_story_get_n_features (f->story);
  const char *last_id = sitmap_story_get_feature (f->story, n - 1)->id;
  g_autofree char *last = g_strdup (last_id);
  SitmapRect marker, label, callout;

  g_assert_true (sitmap_map_remove_feature (f->map, kyiv, &error));
  g_assert_no_error (error);
  assert_one_feature_change (f, kyiv);
  assert_nothing_reloaded (f);
  g_assert_cmpuint (sitmap_story_get_n_features (f->story), ==, n - 1);
  g_assert_cmpint (sitmap_story_find_feature (f->story, "kyiv"), ==, -1);
  /* The features after it moved up, and are found where they are now. */
  g_assert_cmpint (sitmap_story_find_feature (f->story, last), ==, n - 2);
  /* Nothing in the layout answers for the feature that was. */
  for (guint i = 0; i < n - 1; i++)
    g_assert_cmpstr (sitmap_story_get_feature (f->story, i)->id, !=, "kyiv");
  g_assert_false (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (f->renderer, &f->viewport), n - 1, &marker, &label, &callout));

  g_assert_false (sitmap_map_remove_feature (f->map, n - 1, &error));
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE);
  g_assert_cmpuint (f->n_changes, ==, 1);
}

static void
test_set_property (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  int kyiv = sitmap_story_find_feature (f->story, "kyiv");
  int force = -1;
  const SitmapStoryFeature *feature;

  g_assert_true (sitmap_map_set_feature_property (f->map, kyiv, "name", "Kyjiw", &error));
  g_assert_no_error (error);
  assert_one_feature_change (f, kyiv);
  assert_nothing_reloaded (f);
  feature = sitmap_story_get_feature (f->story, kyiv);
  g_assert_cmpstr (feature->name, ==, "Kyjiw");
  /* The label followed the name it was. */
  g_assert_cmpstr (feature->label, ==, "Kyjiw");
  description = sitmap_renderer_describe (f->renderer, &f->viewport);
  g_assert_nonnull (strstr (description, "Kyjiw"));

  g_assert_true (sitmap_map_set_feature_property (f->map, kyiv, "label", "KYIV", &error));
  g_assert_true (sitmap_map_set_feature_property (f->map, kyiv, "note", "Capital", &error));
  g_assert_true (sitmap_map_set_feature_property (f->map, kyiv, "dates", "2022-01-14, 2022-01-17", &error));
  g_assert_true (sitmap_map_set_feature_property (f->map, kyiv, "side", "Ukraine", &error));
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (f->story, kyiv);
  g_assert_cmpstr (feature->label, ==, "KYIV");
  g_assert_cmpstr (feature->note, ==, "Capital");
  g_assert_cmpstr (feature->side, ==, "ukraine");
  g_assert_cmpuint (g_strv_length (feature->dates), ==, 2);
  g_assert_cmpstr (feature->dates[1], ==, "2022-01-17");
  g_assert_cmpuint (f->n_changes, ==, 5);

  /* Checked as the reader checks them; nothing changes on refusal. */
  g_assert_false (sitmap_map_set_feature_property (f->map, kyiv, "kind", "castle", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_feature_property (f->map, kyiv, "echelon", "brigade", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_feature_property (f->map, kyiv, "dates", "2022-02-30", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_feature_property (f->map, kyiv, "name", "", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_feature_property (f->map, kyiv, "colour", "red", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_cmpuint (f->n_changes, ==, 5);
  g_assert_cmpint (sitmap_story_get_feature (f->story, kyiv)->kind, ==, SITMAP_STORY_KIND_CAPITAL);
  g_assert_cmpuint (g_strv_length (sitmap_story_get_feature (f->story, kyiv)->dates), ==, 2);

  for (guint i = 0; i < sitmap_story_get_n_features (f->story) && force < 0; i++)
    if (sitmap_story_get_feature (f->story, i)->kind == SITMAP_STORY_KIND_FORCE)
      force = i;
  g_assert_cmpint (force, >=, 0);
  g_assert_true (sitmap_map_set_feature_property (f->map, force, "echelon", "brigade", &error));
  g_assert_true (sitmap_map_set_feature_property (f->map, force, "status", "en-route", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_story_get_feature (f->story, force)->echelon, ==, "brigade");
  g_assert_cmpint (sitmap_story_get_feature (f->story, force)->status, ==, SITMAP_FORCE_STATUS_EN_ROUTE);
  g_assert_cmpint (f->last_feature, ==, force);
}

static void
test_no_story (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(GError) error = NULL;
  const double point[2] = { 30, 50 };

  g_assert_cmpint (sitmap_map_add_feature (map, "a", "A", SITMAP_STORY_KIND_CITY, SITMAP_GEOMETRY_POINTS,
                                           point, 1, &error), ==, -1);
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_feature_property (map, 0, "name", "A", &error));
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/map/generation", Fixture, NULL, fixture_setup, test_generation, fixture_teardown);
  g_test_add ("/map/set-story", Fixture, NULL, fixture_setup, test_set_story, fixture_teardown);
  g_test_add ("/map/projection", Fixture, NULL, fixture_setup, test_projection, fixture_teardown);
  g_test_add ("/map/layers", Fixture, NULL, fixture_setup, test_layers, fixture_teardown);
  g_test_add ("/map/move-feature", Fixture, NULL, fixture_setup, test_move_feature, fixture_teardown);
  g_test_add ("/map/move-feature-refused", Fixture, NULL, fixture_setup, test_move_feature_refused, fixture_teardown);
  g_test_add ("/map/add-feature", Fixture, NULL, fixture_setup, test_add_feature, fixture_teardown);
  g_test_add ("/map/remove-feature", Fixture, NULL, fixture_setup, test_remove_feature, fixture_teardown);
  g_test_add ("/map/set-property", Fixture, NULL, fixture_setup, test_set_property, fixture_teardown);
  g_test_add ("/map/no-story", Fixture, NULL, fixture_setup, test_no_story, fixture_teardown);

  return g_test_run ();
}
