/* test-edit-excerpt.c: what the editor adds, in the core: excerpts made
 * from a selection, tied and untied as one undo step each, ids for new
 * features, and the gazetteer's places as the editor offers them.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "sitmap-edit-history.h"
#include "sitmap-excerpt.h"
#include "sitmap-feature-add.h"
#include "sitmap-gazetteer-place.h"
#include "sitmap-map.h"

/* Characters of two and three bytes before the words chosen, so that
 * character offsets and byte offsets differ. */
#define ARTICLE \
  "Київ — the capital — said talks in Geneva failed.  Troops massed near Kharkiv.\n"

#define STORY \
  "{\"type\": \"FeatureCollection\"," \
  " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Excerpts\", \"article\": \"article.txt\"," \
  "            \"extent\": [22, 44, 40, 53]}," \
  " \"features\": [" \
  "  {\"type\": \"Feature\", \"id\": \"kyiv\"," \
  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.52, 50.45]}," \
  "   \"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\"," \
  "                  \"excerpts\": [\"Troops massed near Kharkiv.\"]}}" \
  " ]}"

typedef struct
{
  SitmapMap         *map;
  SitmapEditHistory *history;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_data (STORY, strlen (STORY), "excerpts.geojson",
                                                         NULL, ARTICLE, &error);

  g_assert_no_error (error);
  f->map = sitmap_map_new ();
  g_assert_true (sitmap_map_set_story (f->map, story, &error));
  f->history = sitmap_edit_history_new (f->map);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->map);
}

static glong
char_offset_of (const char *text,
                const char *words)
{
  const char *hit = strstr (text, words);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
}

static void
test_range_from_offsets (void)
{
  g_autoptr(GError) error = NULL;
  SitmapTextRange range;
  glong geneva = char_offset_of (ARTICLE, "Geneva");
  gsize geneva_byte = strstr (ARTICLE, "Geneva") - ARTICLE;
  g_autofree char *text = NULL;

  /* Character offsets in, byte offsets out. */
  g_assert_cmpint (geneva, <, (glong)geneva_byte);
  g_assert_true (sitmap_excerpt_range_from_offsets (ARTICLE, geneva, geneva + 6, &range, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (range.start, ==, geneva_byte);
  g_assert_cmpuint (range.end, ==, geneva_byte + 6);
  text = sitmap_excerpt_text (ARTICLE, &range);
  g_assert_cmpstr (text, ==, "Geneva");

  /* Backwards, and with the spaces around the word a drag takes. */
  g_assert_true (sitmap_excerpt_range_from_offsets (ARTICLE, geneva + 6, geneva - 1, &range, &error));
  g_assert_cmpuint (range.start, ==, geneva_byte);
  g_assert_cmpuint (range.end, ==, geneva_byte + 6);

  /* The first word, of two-byte characters. */
  g_assert_true (sitmap_excerpt_range_from_offsets (ARTICLE, 0, 4, &range, &error));
  g_clear_pointer (&text, g_free);
  text = sitmap_excerpt_text (ARTICLE, &range);
  g_assert_cmpstr (text, ==, "Київ");
  g_assert_cmpuint (range.end, ==, 8);

  /* Nothing but white space, and beyond the end. */
  g_assert_false (sitmap_excerpt_range_from_offsets (ARTICLE, char_offset_of (ARTICLE, "  Troops"),
                                                     char_offset_of (ARTICLE, "  Troops") + 2, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (sitmap_excerpt_range_from_offsets (ARTICLE, 3, 3, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_EMPTY);
  g_clear_error (&error);
  g_assert_false (sitmap_excerpt_range_from_offsets (ARTICLE, 10, g_utf8_strlen (ARTICLE, -1) + 1, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE);
}

static void
test_link_unlink (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SitmapStory *story = sitmap_map_get_story (f->map);
  const SitmapStoryFeature *kyiv;
  SitmapTextRange range;
  guint excerpt = 99;
  glong start = char_offset_of (ARTICLE, "Київ — the capital");

  g_assert_true (sitmap_excerpt_range_from_offsets (ARTICLE, start, start + 18, &range, &error));
  g_assert_true (sitmap_excerpt_link (f->map, 0, &range, &error));
  g_assert_no_error (error);
  kyiv = sitmap_story_get_feature (story, 0);
  /* In article order: the new passage comes first. */
  g_assert_cmpuint (g_strv_length (kyiv->excerpts), ==, 2);
  g_assert_cmpstr (kyiv->excerpts[0], ==, "Київ — the capital");
  g_assert_cmpstr (kyiv->excerpts[1], ==, "Troops massed near Kharkiv.");
  g_assert_cmpuint (g_array_index (kyiv->excerpt_ranges, SitmapTextRange, 0).start, ==, 0);
  g_assert_true (strncmp (ARTICLE + range.start, kyiv->excerpts[0], range.end - range.start) == 0);
  g_assert_true (sitmap_edit_history_can_undo (f->history));

  /* Once is enough. */
  g_assert_false (sitmap_excerpt_link (f->map, 0, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* Found from inside it, and from a range across it. */
  g_assert_cmpint (sitmap_excerpt_find (story, 3, 3, &excerpt), ==, 0);
  g_assert_cmpuint (excerpt, ==, 0);
  g_assert_cmpint (sitmap_excerpt_find (story, strstr (ARTICLE, "Geneva") - ARTICLE,
                                        strstr (ARTICLE, "Geneva") - ARTICLE, NULL), ==, -1);

  /* One undo step unties it again. */
  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  kyiv = sitmap_story_get_feature (story, 0);
  g_assert_cmpuint (g_strv_length (kyiv->excerpts), ==, 1);
  g_assert_cmpuint (kyiv->excerpt_ranges->len, ==, 1);
  g_assert_false (sitmap_edit_history_can_undo (f->history));

  /* Unlinking the last leaves a feature the Places list flags. */
  g_assert_true (sitmap_excerpt_unlink (f->map, 0, 0, &error));
  kyiv = sitmap_story_get_feature (story, 0);
  g_assert_null (kyiv->excerpts[0]);
  g_assert_cmpuint (kyiv->excerpt_ranges->len, ==, 0);
  g_assert_false (sitmap_excerpt_unlink (f->map, 0, 0, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_cmpstr (sitmap_story_get_feature (story, 0)->excerpts[0], ==, "Troops massed near Kharkiv.");

  /* A range that cuts a character in two is no passage. */
  range.start = 1;
  range.end = 4;
  g_assert_false (sitmap_excerpt_link (f->map, 0, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE);
  g_clear_error (&error);
  g_assert_false (sitmap_excerpt_link (f->map, 7, &range, &error));
  g_assert_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_NO_FEATURE);
}

static void
test_feature_ids (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  SitmapStory *story = sitmap_map_get_story (f->map);
  double lonlat[] = { 30.5, 50.4, 31.0, 50.0 };
  g_autofree char *id = NULL;
  int index;

  id = sitmap_feature_add_make_id (story, "Kyiv", SITMAP_STORY_KIND_CITY);
  g_assert_cmpstr (id, ==, "kyiv-2");
  g_clear_pointer (&id, g_free);
  id = sitmap_feature_add_make_id (story, "Zürich, Switzerland", SITMAP_STORY_KIND_CITY);
  g_assert_cmpstr (id, ==, "zurich-switzerland");
  g_clear_pointer (&id, g_free);
  id = sitmap_feature_add_make_id (story, "Київ", SITMAP_STORY_KIND_CAPITAL);
  g_assert_cmpstr (id, ==, "capital");

  index = sitmap_feature_add (f->map, "Kyiv", SITMAP_STORY_KIND_CAPITAL, SITMAP_GEOMETRY_POINTS, lonlat, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index, ==, 1);
  g_assert_cmpstr (sitmap_story_get_feature (story, 1)->id, ==, "kyiv-2");
  index = sitmap_feature_add (f->map, "New movement", SITMAP_STORY_KIND_MOVEMENT, SITMAP_GEOMETRY_LINES,
                              lonlat, 2, &error);
  g_assert_cmpint (index, ==, 2);
  g_assert_cmpstr (sitmap_story_get_feature (story, 2)->id, ==, "new-movement");
  g_assert_cmpuint (sitmap_story_get_feature (story, 2)->n_parts, ==, 1);

  /* Each addition is its own step. */
  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, 2);
  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, 1);
}

/* An area of two Ukrainian oblasts from the built-in regions, referred to
 * by their codes as a story file would: one step. */
static void
test_regions (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *values[] = { "UA-14", "UA-09", NULL };
  const char *unknown[] = { "UA-99", NULL };
  const SitmapStoryFeature *area;
  SitmapLayer *regions;
  int index;

  g_assert_true (sitmap_map_load_builtin_basemaps (f->map, &error));
  g_assert_no_error (error);
  regions = sitmap_map_get_named_layer (f->map, "ukraine-regions");
  g_assert_nonnull (regions);
  g_assert_cmpstr (sitmap_map_get_layer_name (f->map, regions), ==, "ukraine-regions");
  g_assert_cmpstr (sitmap_feature_add_region_key (regions, 0), ==, "iso_3166_2");

  index = sitmap_feature_add_regions (f->map, "Donbas", SITMAP_STORY_KIND_AREA, "ukraine-regions", "iso_3166_2",
                                      values, &error);
  g_assert_no_error (error);
  g_assert_cmpint (index, ==, 1);
  area = sitmap_story_get_feature (sitmap_map_get_story (f->map), 1);
  g_assert_cmpstr (area->id, ==, "donbas");
  g_assert_cmpint (area->geometry_kind, ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (area->n_parts, >=, 2);
  g_assert_cmpstr (area->regions_layer, ==, "ukraine-regions");
  g_assert_cmpstr (area->regions_values[1], ==, "UA-09");
  /* Its label hangs inside the Donbas, not at the map's origin. */
  g_assert_cmpfloat (area->anchor_lon, >, 36.5);
  g_assert_cmpfloat (area->anchor_lon, <, 40.5);
  g_assert_cmpfloat (area->anchor_lat, >, 46.8);
  g_assert_cmpfloat (area->anchor_lat, <, 50.2);

  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_cmpuint (sitmap_story_get_n_features (sitmap_map_get_story (f->map)), ==, 1);

  g_assert_cmpint (sitmap_feature_add_regions (f->map, "Nowhere", SITMAP_STORY_KIND_AREA, "ukraine-regions",
                                               "iso_3166_2", unknown, &error), ==, -1);
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE);
  g_clear_error (&error);
  g_assert_cmpint (sitmap_feature_add_regions (f->map, "Nowhere", SITMAP_STORY_KIND_AREA, "no-such-layer",
                                               "iso_3166_2", values, &error), ==, -1);
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_MISSING_LAYER);
}

static void
test_no_story (void)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(GError) error = NULL;
  double lonlat[] = { 30.5, 50.4 };

  g_assert_cmpint (sitmap_feature_add (map, "Kyiv", SITMAP_STORY_KIND_CITY, SITMAP_GEOMETRY_POINTS, lonlat, 1,
                                       &error), ==, -1);
  g_assert_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY);
}

static void
test_gazetteer_places (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapGazetteer) gazetteer = sitmap_gazetteer_open_default (&error);
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *title = NULL;
  const SitmapGazetteerEntry *kyiv, *nearest;
  const char *queries[] = { "Kyi", "Київ", "Kiev", "kyiv" };

  g_assert_no_error (error);

  /* Found as typed, in any language, first. */
  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_clear_pointer (&found, g_ptr_array_unref);
      found = sitmap_gazetteer_search (gazetteer, queries[i], 10);
      g_assert_cmpuint (found->len, >, 0);
      g_assert_cmpstr (sitmap_gazetteer_entry_get_name (g_ptr_array_index (found, 0)), ==, "Kyiv");
    }
  kyiv = g_ptr_array_index (found, 0);
  title = sitmap_gazetteer_place_title (gazetteer, kyiv);
  g_assert_cmpstr (title, ==, "Kyiv, Ukraine");
  g_assert_cmpint (sitmap_gazetteer_place_kind (kyiv), ==, SITMAP_STORY_KIND_CAPITAL);
  g_assert_null (sitmap_gazetteer_place_matched_name (kyiv, "Kyi"));
  g_assert_cmpstr (sitmap_gazetteer_place_matched_name (kyiv, "Киї"), !=, NULL);

  g_clear_pointer (&title, g_free);
  title = sitmap_gazetteer_place_title (gazetteer, sitmap_gazetteer_lookup_country (gazetteer, "UA"));
  g_assert_cmpstr (title, ==, "Ukraine");
  g_assert_cmpint (sitmap_gazetteer_place_kind (sitmap_gazetteer_lookup_country (gazetteer, "UA")), ==,
                   SITMAP_STORY_KIND_EVENT);

  /* A click a few kilometres off Kyiv's centre means Kyiv; one in the
   * middle of the Black Sea, nothing. */
  nearest = sitmap_gazetteer_place_nearest (gazetteer, 30.56, 50.42, 20);
  g_assert_true (nearest == kyiv);
  g_assert_null (sitmap_gazetteer_place_nearest (gazetteer, 34.0, 43.3, 20));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/edit-excerpt/range-from-offsets", test_range_from_offsets);
  g_test_add ("/edit-excerpt/link-unlink", Fixture, NULL, fixture_setup, test_link_unlink, fixture_teardown);
  g_test_add ("/edit-excerpt/feature-ids", Fixture, NULL, fixture_setup, test_feature_ids, fixture_teardown);
  g_test_add ("/edit-excerpt/regions", Fixture, NULL, fixture_setup, test_regions, fixture_teardown);
  g_test_add_func ("/edit-excerpt/no-story", test_no_story);
  g_test_add_func ("/edit-excerpt/gazetteer-places", test_gazetteer_places);

  return g_test_run ();
}
