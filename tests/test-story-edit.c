/* test-story-edit.c: a blank story, the story's own properties and a
 * feature's figures edited through the map, each one undo step
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <string.h>

#include "sitmap-edit.h"
#include "sitmap-edit-history.h"
#include "sitmap-map.h"
#include "sitmap-renderer.h"
#include "sitmap-story-layout.h"
#include "sitmap-story-writer.h"
#include "story-equal.h"

typedef struct
{
  SitmapMap         *map;
  SitmapEditHistory *history;
  guint              n_info_changes;
  guint              n_projection_changes;
} Fixture;

static void
on_changed (SitmapMap       *map,
            SitmapMapChange  what,
            int              feature,
            Fixture         *f)
{
  if (what & SITMAP_MAP_CHANGE_INFO)
    {
      g_assert_cmpint (feature, ==, -1);
      f->n_info_changes++;
    }
  if (what & SITMAP_MAP_CHANGE_PROJECTION)
    f->n_projection_changes++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_new ("Untitled", NULL);

  f->map = sitmap_map_new ();
  g_assert_true (sitmap_map_set_story (f->map, story, &error));
  g_assert_no_error (error);
  f->history = sitmap_edit_history_new (f->map);
  g_signal_connect (f->map, "changed", G_CALLBACK (on_changed), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->map);
}

static SitmapStory *
story (Fixture *f)
{
  return sitmap_map_get_story (f->map);
}

static void
undo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_edit_history_redo (f->history, &error));
  g_assert_no_error (error);
}

/* A blank story is a story: written and read back it is the same, with
 * no features and no article. */
static void
test_blank_round_trip (void)
{
  g_autoptr(SitmapStory) blank = sitmap_story_new ("Untitled Story", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *difference = NULL;
  gsize length;

  g_assert_cmpstr (sitmap_story_get_title (blank), ==, "Untitled Story");
  g_assert_cmpuint (sitmap_story_get_n_features (blank), ==, 0);
  g_assert_cmpstr (sitmap_story_get_article (blank), ==, "");
  g_assert_cmpstr (sitmap_story_get_language (blank), ==, "en");
  g_assert_false (sitmap_story_get_extent (blank, (double[4]) { 0 }));

  json = sitmap_story_writer_to_json (blank, &length);
  back = sitmap_story_load_data (json, length, "blank.geojson", NULL, "", &error);
  g_assert_no_error (error);
  difference = story_difference (blank, back);
  g_assert_cmpstr (difference, ==, NULL);
}

static void
test_info_undo (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStoryInfo) info = sitmap_story_get_info (story (f));
  const double extent[4] = { 22, 44, 40.5, 53 };
  double home[4];
  guint64 generation = sitmap_map_get_generation (f->map);

  g_free (info->title);
  info->title = g_strdup ("Russia masses troops");
  info->subtitle = g_strdup ("January 2022");
  info->date = g_strdup ("2022-01-14");
  info->has_extent = TRUE;
  memcpy (info->extent, extent, sizeof extent);
  g_assert_true (sitmap_map_set_story_info (f->map, info, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_info_changes, ==, 1);
  g_assert_cmpuint (sitmap_map_get_generation (f->map), >, generation);
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops");
  g_assert_cmpstr (sitmap_story_get_date (story (f)), ==, "2022-01-14");
  /* The home view is the new extent. */
  sitmap_map_get_home_extent (f->map, home);
  g_assert_cmpmem (home, sizeof home, extent, sizeof extent);

  /* The same again is no change and no step. */
  g_assert_true (sitmap_map_set_story_info (f->map, info, &error));
  g_assert_cmpuint (f->n_info_changes, ==, 1);

  g_assert_true (sitmap_map_set_story_property (f->map, "credit", "Map: Sitmap", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_story_get_credit (story (f)), ==, "Map: Sitmap");
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Change Story Properties");

  undo (f);
  g_assert_null (sitmap_story_get_credit (story (f)));
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops");
  undo (f);
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Untitled");
  g_assert_null (sitmap_story_get_subtitle (story (f)));
  g_assert_false (sitmap_story_get_extent (story (f), home));
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  redo (f);
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Russia masses troops");
  g_assert_true (sitmap_story_get_extent (story (f), home));
  redo (f);
  g_assert_cmpstr (sitmap_story_get_credit (story (f)), ==, "Map: Sitmap");
  g_assert_false (sitmap_edit_history_can_redo (f->history));
}

/* What the reader refuses cannot be set, and nothing changes. */
static void
test_info_refused (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStoryInfo) info = sitmap_story_get_info (story (f));

  g_assert_false (sitmap_map_set_story_property (f->map, "title", "", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_story_property (f->map, "date", "2022-02-30", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY);
  g_clear_error (&error);
  g_assert_false (sitmap_map_set_story_property (f->map, "colour", "red", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY);
  g_clear_error (&error);

  info->has_extent = TRUE;
  info->extent[0] = 30;
  info->extent[1] = 50;
  info->extent[2] = 20;
  info->extent[3] = 40;  /* north below south */
  g_assert_false (sitmap_map_set_story_info (f->map, info, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY);

  g_assert_cmpuint (f->n_info_changes, ==, 0);
  g_assert_cmpstr (sitmap_story_get_title (story (f)), ==, "Untitled");
  g_assert_false (sitmap_edit_history_can_undo (f->history));

  /* An empty text is none, as the file would say. */
  g_assert_true (sitmap_map_set_story_property (f->map, "byline", "", NULL));
  g_assert_cmpuint (f->n_info_changes, ==, 0);
}

static void
test_figures_undo (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const double kyiv[2] = { 30.52, 50.45 };
  SitmapFigure figures[2] = {
    { .value = 100000, .unit = (char *)"troops", .qualifier = (char *)"more than", .source = (char *)"US officials" },
    { .is_range = TRUE, .low = 5, .high = 10, .unit = (char *)"battalion tactical groups" },
  };
  SitmapFigure bad = { .value = 1, .unit = (char *)"troops", .qualifier = (char *)"zillions of" };
  const SitmapStoryFeature *feature;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  int index;

  index = sitmap_map_add_feature (f->map, "kyiv", "Kyiv", SITMAP_STORY_KIND_CAPITAL,
                                  SITMAP_GEOMETRY_POINTS, kyiv, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index, ==, 0);

  g_assert_true (sitmap_map_set_feature_figures (f->map, index, figures, 2, &error));
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (story (f), index);
  g_assert_cmpuint (feature->figures->len, ==, 2);
  first = sitmap_figure_format (&g_array_index (feature->figures, SitmapFigure, 0));
  second = sitmap_figure_format (&g_array_index (feature->figures, SitmapFigure, 1));
  g_assert_cmpstr (first, ==, "more than 100,000 troops");
  g_assert_nonnull (strstr (second, "battalion tactical groups"));
  g_assert_cmpstr (g_array_index (feature->figures, SitmapFigure, 0).source, ==, "US officials");

  g_assert_false (sitmap_map_set_feature_figures (f->map, index, &bad, 1, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_cmpuint (sitmap_story_get_feature (story (f), index)->figures->len, ==, 2);

  /* One step: the figures go, the feature stays. */
  undo (f);
  g_assert_cmpuint (sitmap_story_get_feature (story (f), index)->figures->len, ==, 0);
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, 1);
  redo (f);
  g_assert_cmpuint (sitmap_story_get_feature (story (f), index)->figures->len, ==, 2);
}

#define PINNABLE \
  "{\"type\": \"FeatureCollection\"," \
  " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Pins\", \"article\": \"article.txt\"}," \
  " \"features\": [" \
  "  {\"type\": \"Feature\", \"id\": \"kyiv\"," \
  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.52, 50.45]}," \
  "   \"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", \"excerpts\": [\"Kyiv is the capital.\"]}}" \
  " ]}"

/* A callout pinned stays where it was put: in the file, read back, and
 * in the layout of any view, centred on the pin. */
static void
test_callout_pin (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) loaded = NULL;
  SitmapFigure figure = { .value = 3, .unit = (char *)"brigades" };
  g_autoptr(SitmapStory) back = NULL;
  g_autofree char *json = NULL;
  g_autofree char *difference = NULL;
  SitmapStoryLayout *layout;
  SitmapStoryOptions options = { .show_callouts = TRUE };
  SitmapViewport viewport = { .width = 1920, .height = 1080, .scale_factor = 1 };
  const double extent[4] = { 22, 44, 40.5, 53 };
  double pin_xy[2] = { 33.0, 47.0 };
  double sx, sy;
  SitmapRect box;
  gsize length;
  int index;

  /* Read back needs an excerpt: a story from a file has them. */
  loaded = sitmap_story_load_data (PINNABLE, strlen (PINNABLE), "pinnable.geojson", NULL,
                                   "Kyiv is the capital.", &error);
  g_assert_no_error (error);
  g_assert_true (sitmap_map_set_story (f->map, loaded, &error));
  index = 0;
  /* No callout, nothing to pin. */
  g_assert_false (sitmap_map_set_feature_property (f->map, index, "callout-pin", "33,47", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_clear_error (&error);
  g_assert_true (sitmap_map_set_feature_figures (f->map, index, &figure, 1, &error));
  g_assert_false (sitmap_map_set_feature_property (f->map, index, "callout-pin", "33;47", &error));
  g_clear_error (&error);
  g_assert_true (sitmap_map_set_feature_property (f->map, index, "callout-pin", "33,47", &error));
  g_assert_no_error (error);
  g_assert_true (sitmap_story_get_feature (story (f), index)->callout_pinned);

  json = sitmap_story_writer_to_json (story (f), &length);
  g_assert_nonnull (strstr (json, "\"pin\": [33, 47]"));
  back = sitmap_story_load_data (json, length, "pinned.geojson", NULL, "Kyiv is the capital.", &error);
  g_assert_no_error (error);
  difference = story_difference (story (f), back);
  g_assert_cmpstr (difference, ==, NULL);

  layout = sitmap_story_layout_new (story (f), sitmap_map_get_projection (f->map));
  g_assert_true (sitmap_map_lonlat_box_bounds (f->map, extent[0], extent[1], extent[2], extent[3],
                                               &sx, &sy, &box.x, &box.y));
  viewport.centre_x = (sx + box.x) / 2;
  viewport.centre_y = (sy + box.y) / 2;
  viewport.resolution = (box.x - sx) / 1500;
  sitmap_story_layout_compute (layout, &viewport, &options, NULL, 0);
  g_assert_true (sitmap_story_layout_get_boxes (layout, index, NULL, NULL, &box) & SITMAP_LAYOUT_CALLOUT);
  sitmap_projection_forward (sitmap_map_get_projection (f->map), pin_xy, 1);
  sitmap_viewport_to_screen (&viewport, pin_xy[0], pin_xy[1], &sx, &sy);
  g_assert_cmpfloat_with_epsilon (box.x + box.width / 2, sx, 1);
  g_assert_cmpfloat_with_epsilon (box.y + box.height / 2, sy, 1);
  sitmap_story_layout_free (layout);

  /* Unpinned by undo, one step. */
  undo (f);
  g_assert_false (sitmap_story_get_feature (story (f), index)->callout_pinned);
}

/* Ink in the bottom left corner of the overlay, where the scale bar and
 * the credit line are. */
static guint
corner_ink (SitmapMap *map)
{
  g_autoptr(SitmapRenderer) renderer = sitmap_renderer_new (map);
  SitmapViewport viewport = { .width = 800, .height = 600, .scale_factor = 1, .resolution = 2000 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 600);
  cairo_t *cr = cairo_create (surface);
  guint ink = 0;
  const guint8 *data;
  int stride;

  sitmap_renderer_draw_overlay (renderer, cr, &viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 500; y < 600; y++)
    for (int x = 0; x < 400; x++)
      {
        const guint8 *px = data + y * stride + 4 * x;

        /* Opaque and dark: text or the ruler, not the box behind them. */
        ink += px[3] > 200 && px[1] < 128;
      }
  cairo_surface_destroy (surface);
  return ink;
}

/* A map whose places came from the gazetteer shows GeoNames' credit, as
 * CC BY asks, under the scale bar in the window and in every export; a
 * credit without it is not drawn. */
static void
test_credit_shown (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint plain, credited;

  g_assert_true (sitmap_map_set_story_property (f->map, "credit", "Boundaries: Natural Earth (public domain)", &error));
  g_assert_no_error (error);
  plain = corner_ink (f->map);
  g_assert_cmpuint (plain, >, 0);
  g_assert_true (sitmap_map_set_story_property (f->map, "credit",
                                                "Boundaries: Natural Earth (public domain); Places: GeoNames (CC BY 4.0)",
                                                &error));
  g_assert_no_error (error);
  credited = corner_ink (f->map);
  g_assert_cmpuint (credited, >, plain + 100);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/story-edit/blank-round-trip", test_blank_round_trip);
  ADD ("/story-edit/info-undo", test_info_undo);
  ADD ("/story-edit/info-refused", test_info_refused);
  ADD ("/story-edit/figures-undo", test_figures_undo);
  ADD ("/story-edit/callout-pin", test_callout_pin);
  ADD ("/story-edit/credit-shown", test_credit_shown);

  return g_test_run ();
}
