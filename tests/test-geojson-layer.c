/* test-geojson-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include "sitmap-geojson-layer.h"

static char *
fixture_path (void)
{
  return g_build_filename (SITMAP_SOURCE_DATADIR, "..", "tests", "data", "gis", "places-ukraine.geojson", NULL);
}

static SitmapLayer *
load (const char  *json,
      GError     **error)
{
  return sitmap_geojson_layer_load_data (json, strlen (json), "test.geojson", error);
}

static int
find_named (SitmapLayer *layer,
            const char  *name)
{
  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    if (strcmp (sitmap_layer_get_feature (layer, i)->name, name) == 0)
      return i;
  return -1;
}

/* What ogr2ogr wrote from Natural Earth (tests/data/gis/README.md). */
static void
test_ogr2ogr_places (void)
{
  g_autofree char *path = fixture_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = sitmap_geojson_layer_load_file (path, &error);
  const SitmapFeature *kiev;
  int index;

  g_assert_no_error (error);
  g_assert_cmpint (sitmap_layer_get_kind (layer), ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpstr (sitmap_layer_get_title (layer), ==, "ne_10m_populated_places_simple");
  g_assert_cmpstr (sitmap_layer_get_source_path (layer), ==, path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 11);
  g_assert_null (sitmap_layer_get_warnings (layer));
  g_assert_cmpstrv (sitmap_layer_get_field_names (layer),
                    ((const char * const[]) { "name", "adm0name", "pop_max", NULL }));
  index = find_named (layer, "Kiev");
  g_assert_cmpint (index, >=, 0);
  kiev = sitmap_layer_get_feature (layer, index);
  g_assert_cmpuint (kiev->n_parts, ==, 1);
  g_assert_cmpuint (kiev->n_points, ==, 1);
  g_assert_cmpfloat_with_epsilon (kiev->lonlat[0], 30.51, 0.05);
  g_assert_cmpfloat_with_epsilon (kiev->lonlat[1], 50.43, 0.05);
  g_assert_cmpstr (kiev->attributes[1], ==, "Ukraine");
  g_assert_cmpint (find_named (layer, "Kharkiv"), >=, 0);
  g_assert_cmpint (find_named (layer, "Odessa"), >=, 0);
}

static void
test_lines_and_polygons (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) lines = load (
    "{\"type\": \"FeatureCollection\", \"features\": ["
    " {\"type\": \"Feature\", \"properties\": {\"NAME\": \"Road\"},"
    "  \"geometry\": {\"type\": \"LineString\", \"coordinates\": [[30, 50], [31, 51], [32, 50]]}},"
    " {\"type\": \"Feature\", \"properties\": {\"NAME\": \"Rails\"},"
    "  \"geometry\": {\"type\": \"MultiLineString\", \"coordinates\": [[[30, 49], [31, 49]], [[32, 49], [33, 49]]]}},"
    " {\"type\": \"Feature\", \"properties\": {\"NAME\": \"A town\"},"
    "  \"geometry\": {\"type\": \"Point\", \"coordinates\": [30, 50]}},"
    " {\"type\": \"Feature\", \"properties\": {\"NAME\": \"Nowhere\"}, \"geometry\": null}"
    "]}", &error);
  g_autoptr(SitmapLayer) polygons = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sitmap_layer_get_kind (lines), ==, SITMAP_GEOMETRY_LINES);
  g_assert_cmpstr (sitmap_layer_get_title (lines), ==, "test.geojson");
  g_assert_cmpuint (sitmap_layer_get_n_features (lines), ==, 2);
  g_assert_cmpstr (sitmap_layer_get_feature (lines, 0)->name, ==, "Road");
  g_assert_cmpuint (sitmap_layer_get_feature (lines, 0)->n_points, ==, 3);
  g_assert_cmpuint (sitmap_layer_get_feature (lines, 1)->n_parts, ==, 2);
  /* The point is left out, and said so. */
  g_assert_nonnull (strstr (sitmap_layer_get_warnings (lines), "1 features left out"));

  polygons = load (
    "{\"type\": \"FeatureCollection\", \"name\": \"zones\", \"features\": ["
    " {\"type\": \"Feature\", \"properties\": {\"name\": \"Zone\", \"area\": 12.5},"
    "  \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": ["
    "   [[[30, 50], [31, 50], [31, 51], [30, 50]]],"
    "   [[[32, 50], [33, 50], [33, 51], [32, 50]], [[32.2, 50.1], [32.8, 50.1], [32.8, 50.5], [32.2, 50.1]]]]}}"
    "]}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sitmap_layer_get_kind (polygons), ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpstr (sitmap_layer_get_title (polygons), ==, "zones");
  g_assert_cmpuint (sitmap_layer_get_feature (polygons, 0)->n_parts, ==, 3);
  g_assert_cmpstr (sitmap_layer_get_feature (polygons, 0)->attributes[1], ==, "12.5");
}

static void
test_refused (void)
{
  static const struct { const char *json; int code; const char *message; } cases[] = {
    { "{\"type\": \"FeatureCollection\", \"story\": {}, \"features\": []}",
      SITMAP_GEOJSON_LAYER_ERROR_IS_STORY, "a story" },
    { "{\"type\": \"Feature\", \"features\": []}", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "not a GeoJSON" },
    { "{\"type\": \"FeatureCollection\", \"features\": {}}", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "not a GeoJSON" },
    { "[1, 2]", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "not a GeoJSON" },
    { "{\"type\": \"FeatureCollection\", \"features\": [", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "JSON" },
    { "", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "empty" },
    { "{\"type\": \"FeatureCollection\", \"features\": []}", SITMAP_GEOJSON_LAYER_ERROR_EMPTY, "no feature" },
    { "{\"type\": \"FeatureCollection\","
      " \"crs\": {\"type\": \"name\", \"properties\": {\"name\": \"urn:ogc:def:crs:EPSG::3857\"}},"
      " \"features\": []}", SITMAP_GEOJSON_LAYER_ERROR_CRS, "not longitude and latitude" },
    /* Wrong types wherever a member is read, which json-glib's getters
     * would complain about (fatal in the tests). */
    { "{\"type\": {}, \"features\": []}", SITMAP_GEOJSON_LAYER_ERROR_INVALID, "not a GeoJSON" },
    { "{\"type\": \"FeatureCollection\", \"name\": [], \"crs\": {\"properties\": 5}, \"features\": []}",
      SITMAP_GEOJSON_LAYER_ERROR_CRS, "crs" },
    { "{\"type\": \"FeatureCollection\", \"features\": [5, {\"type\": \"Feature\", \"properties\": 5,"
      " \"geometry\": {\"type\": [], \"coordinates\": 5}}, {\"geometry\": {\"type\": \"Point\", \"coordinates\": {}}},"
      " {\"geometry\": {\"type\": \"Point\", \"coordinates\": [\"a\", 1]}},"
      " {\"geometry\": {\"type\": \"Point\", \"coordinates\": [200, 1]}},"
      " {\"geometry\": {\"type\": \"Polygon\", \"coordinates\": [[[1, 1], [2, 2]]]}}]}",
      SITMAP_GEOJSON_LAYER_ERROR_EMPTY, "no feature" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapLayer) layer = load (cases[i].json, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (layer);
      g_assert_error (error, SITMAP_GEOJSON_LAYER_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, "test.geojson: "));
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
    }
}

/* The byte-level guard runs first: nesting that would exhaust json-glib's
 * stack is refused, and every prefix of a real file fails cleanly. */
static void
test_hostile (void)
{
  g_autofree char *path = fixture_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GString) deep = g_string_new ("{\"type\": \"FeatureCollection\", \"features\": ");
  g_autoptr(GError) error = NULL;
  gsize length;

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (sitmap_geojson_layer_load_data (deep->str, deep->len, "deep.geojson", &error));
  g_assert_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_TOO_LARGE);
  g_clear_error (&error);

  g_assert_null (sitmap_geojson_layer_load_file ("/nonexistent/places.geojson", &error));
  g_assert_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "places.geojson"));
  g_clear_error (&error);

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  for (gsize cut = 0; cut < length - 2; cut += 7)
    {
      g_autoptr(SitmapLayer) layer = sitmap_geojson_layer_load_data (contents, cut, "cut.geojson", &error);

      g_assert_null (layer);
      g_assert_nonnull (error);
      g_assert_null (strchr (error->message, '\n'));
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/geojson-layer/ogr2ogr-places", test_ogr2ogr_places);
  g_test_add_func ("/geojson-layer/lines-and-polygons", test_lines_and_polygons);
  g_test_add_func ("/geojson-layer/refused", test_refused);
  g_test_add_func ("/geojson-layer/hostile", test_hostile);

  return g_test_run ();
}
