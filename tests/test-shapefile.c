/* test-shapefile.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <shapefil.h>

#include "fixtures-writer.h"
#include "sitmap-shapefile.h"

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
# endif
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->dir = fixture_make_dir ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  fixture_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

#define ADD_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

/* A closed square, clockwise as shapefiles want outer rings. */
static const double square[] = { 0, 0, 0, 10, 10, 10, 10, 0, 0, 0 };
static const FixtureShape square_shape = { 1, (const int[]){ 0 }, NULL, 5, square };

static const char * const name_field[] = { "NAME", NULL };

static SitmapLayer *
load_ok (const char *path)
{
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer = sitmap_shapefile_load (path, &error);

  g_assert_no_error (error);
  g_assert_true (SITMAP_IS_LAYER (layer));
  return layer;
}

/* Checks the error and the shape of its message: one line that starts
 * with the file's path. */
static GError *
load_error (const char *path,
            int         code)
{
  GError *error = NULL;
  g_autoptr(SitmapLayer) layer = sitmap_shapefile_load (path, &error);
  g_autofree char *display = g_filename_display_name (path);

  g_assert_null (layer);
  g_assert_error (error, SITMAP_SHAPEFILE_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, display));
  g_assert_true (g_str_has_prefix (error->message + strlen (display), ": "));
  g_assert_null (strchr (error->message, '\n'));
  g_test_message ("%s", error->message);
  return error;
}

static void
assert_point (const SitmapFeature *feature,
              guint                index,
              double               x,
              double               y)
{
  g_assert_cmpuint (index, <, feature->n_points);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[2 * index], x, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature->lonlat[2 * index + 1], y, 1e-9);
}

static guint
part_length (const SitmapFeature *feature,
             guint                part)
{
  g_assert_cmpuint (part, <, feature->n_parts);
  return feature->part_start[part + 1] - feature->part_start[part];
}

/* ---- Geometry ----------------------------------------------------------- */

static void
test_polygon (Fixture       *fixture,
              gconstpointer  data)
{
  const char *values[] = { "Square" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "square", SHPT_POLYGON,
                                                   &square_shape, 1, name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  const SitmapFeature *feature;

  g_assert_cmpint (sitmap_layer_get_kind (layer), ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpstr (sitmap_layer_get_title (layer), ==, "square");
  g_assert_cmpstr (sitmap_layer_get_source_path (layer), ==, path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 1);
  g_assert_null (sitmap_layer_get_warnings (layer));

  feature = sitmap_layer_get_feature (layer, 0);
  g_assert_cmpstr (feature->name, ==, "Square");
  g_assert_cmpstr (feature->attributes[0], ==, "Square");
  g_assert_null (feature->attributes[1]);
  g_assert_cmpuint (feature->n_parts, ==, 1);
  g_assert_cmpuint (feature->n_points, ==, 5);
  g_assert_cmpuint (feature->part_start[0], ==, 0);
  g_assert_cmpuint (feature->part_start[1], ==, 5);
  for (guint i = 0; i < 5; i++)
    assert_point (feature, i, square[2 * i], square[2 * i + 1]);
}

static void
test_polygon_holes (Fixture       *fixture,
                    gconstpointer  data)
{
  /* The hole is left open: the loader must close it. */
  static const double xy[] = {
    0, 0, 0, 10, 10, 10, 10, 0, 0, 0,
    2, 2, 4, 2, 4, 4, 2, 4,
  };
  const FixtureShape shape = { 2, (const int[]){ 0, 5 }, NULL, 9, xy };
  const char *values[] = { "Holey" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "holes", SHPT_POLYGON,
                                                   &shape, 1, name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  const SitmapFeature *feature = sitmap_layer_get_feature (layer, 0);

  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (part_length (feature, 0), ==, 5);
  g_assert_cmpuint (part_length (feature, 1), ==, 5);
  g_assert_cmpuint (feature->n_points, ==, 10);
  assert_point (feature, 5, 2, 2);
  assert_point (feature, 8, 2, 4);
  assert_point (feature, 9, 2, 2);
}

static void
test_multi_part (Fixture       *fixture,
                 gconstpointer  data)
{
  static const double islands[] = {
    0, 0, 0, 1, 1, 1, 1, 0, 0, 0,
    5, 5, 5, 6, 6, 6, 6, 5, 5, 5,
    /* A degenerate sliver, dropped. */
    9, 9, 9, 9,
  };
  static const double roads[] = {
    0, 0, 1, 1, 2, 1,
    10, 10, 11, 11,
  };
  const FixtureShape island_shape = { 3, (const int[]){ 0, 5, 10 }, NULL, 12, islands };
  const FixtureShape road_shape = { 2, (const int[]){ 0, 3 }, NULL, 5, roads };
  const char *values[] = { "Islands" };
  g_autofree char *poly_path = fixture_write_shapefile (fixture->dir, "islands", SHPT_POLYGON,
                                                        &island_shape, 1, name_field, values,
                                                        NULL);
  g_autofree char *line_path = fixture_write_shapefile (fixture->dir, "roads", SHPT_ARC,
                                                        &road_shape, 1, name_field, values,
                                                        NULL);
  g_autoptr(SitmapLayer) polygons = load_ok (poly_path);
  g_autoptr(SitmapLayer) lines = load_ok (line_path);
  const SitmapFeature *feature;

  feature = sitmap_layer_get_feature (polygons, 0);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->n_points, ==, 10);
  assert_point (feature, 5, 5, 5);

  g_assert_cmpint (sitmap_layer_get_kind (lines), ==, SITMAP_GEOMETRY_LINES);
  feature = sitmap_layer_get_feature (lines, 0);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  /* Lines are never closed. */
  g_assert_cmpuint (part_length (feature, 0), ==, 3);
  g_assert_cmpuint (part_length (feature, 1), ==, 2);
  assert_point (feature, 4, 11, 11);
}

static void
test_points (Fixture       *fixture,
             gconstpointer  data)
{
  static const double cities[] = { 30.52, 50.45, 2.35, 48.86 };
  const FixtureShape point_shapes[] = {
    { 0, NULL, NULL, 1, cities },
    { 0, NULL, NULL, 1, cities + 2 },
  };
  const FixtureShape multi_shape = { 0, NULL, NULL, 2, cities };
  const char *values[] = { "Kyiv", "Paris" };
  g_autofree char *point_path = fixture_write_shapefile (fixture->dir, "cities", SHPT_POINT,
                                                         point_shapes, 2, name_field, values,
                                                         NULL);
  g_autofree char *multi_path = fixture_write_shapefile (fixture->dir, "multi", SHPT_MULTIPOINT,
                                                         &multi_shape, 1, name_field, values,
                                                         NULL);
  g_autoptr(SitmapLayer) points = load_ok (point_path);
  g_autoptr(SitmapLayer) multi = load_ok (multi_path);
  const SitmapFeature *feature;

  g_assert_cmpint (sitmap_layer_get_kind (points), ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpuint (sitmap_layer_get_n_features (points), ==, 2);
  feature = sitmap_layer_get_feature (points, 1);
  g_assert_cmpstr (feature->name, ==, "Paris");
  g_assert_cmpuint (feature->n_parts, ==, 1);
  assert_point (feature, 0, 2.35, 48.86);

  /* A multipoint is one feature with a part per point. */
  g_assert_cmpint (sitmap_layer_get_kind (multi), ==, SITMAP_GEOMETRY_POINTS);
  feature = sitmap_layer_get_feature (multi, 0);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (part_length (feature, 1), ==, 1);
  assert_point (feature, 1, 2.35, 48.86);
}

static void
test_z_and_m (Fixture       *fixture,
              gconstpointer  data)
{
  static const struct { int type; SitmapGeometryKind kind; } types[] = {
    { SHPT_POINTZ, SITMAP_GEOMETRY_POINTS },
    { SHPT_POINTM, SITMAP_GEOMETRY_POINTS },
    { SHPT_MULTIPOINTZ, SITMAP_GEOMETRY_POINTS },
    { SHPT_MULTIPOINTM, SITMAP_GEOMETRY_POINTS },
    { SHPT_ARCZ, SITMAP_GEOMETRY_LINES },
    { SHPT_ARCM, SITMAP_GEOMETRY_LINES },
    { SHPT_POLYGONZ, SITMAP_GEOMETRY_POLYGONS },
    { SHPT_POLYGONM, SITMAP_GEOMETRY_POLYGONS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gboolean is_point = types[i].type == SHPT_POINTZ || types[i].type == SHPT_POINTM;
      FixtureShape shape = square_shape;
      const char *values[] = { "Z" };
      g_autofree char *name = g_strdup_printf ("type-%d", types[i].type);
      g_autofree char *path = NULL;
      g_autoptr(SitmapLayer) layer = NULL;
      const SitmapFeature *feature;

      if (types[i].kind == SITMAP_GEOMETRY_POINTS)
        {
          shape.n_parts = 0;
          shape.part_start = NULL;
          shape.n_vertices = is_point ? 1 : 4;
        }
      path = fixture_write_shapefile (fixture->dir, name, types[i].type, &shape, 1,
                                      name_field, values, NULL);
      layer = load_ok (path);
      g_assert_cmpint (sitmap_layer_get_kind (layer), ==, types[i].kind);
      g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 1);

      feature = sitmap_layer_get_feature (layer, 0);
      g_assert_cmpuint (feature->n_points, ==, shape.n_vertices);
      for (int v = 0; v < shape.n_vertices; v++)
        assert_point (feature, v, square[2 * v], square[2 * v + 1]);
    }
}

static void
test_multipatch (Fixture       *fixture,
                 gconstpointer  data)
{
  static const double xy[] = {
    /* Triangle strip: two triangles making the square 0..1. */
    0, 0, 0, 1, 1, 0, 1, 1,
    /* Triangle fan around (5, 5). */
    5, 5, 4, 5, 5, 6, 6, 5,
    /* An outer ring, left open. */
    10, 10, 10, 11, 11, 11, 11, 10,
  };
  const FixtureShape shape = {
    3, (const int[]){ 0, 4, 8 },
    (const int[]){ SHPP_TRISTRIP, SHPP_TRIFAN, SHPP_OUTERRING },
    12, xy,
  };
  const char *values[] = { "Patch" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "patch", SHPT_MULTIPATCH,
                                                   &shape, 1, name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  const SitmapFeature *feature = sitmap_layer_get_feature (layer, 0);

  g_assert_cmpint (sitmap_layer_get_kind (layer), ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (feature->n_parts, ==, 3);

  /* The strip's outline: 0, 2 along one side, then 3, 1 back, closed. */
  g_assert_cmpuint (part_length (feature, 0), ==, 5);
  assert_point (feature, 0, 0, 0);
  assert_point (feature, 1, 1, 0);
  assert_point (feature, 2, 1, 1);
  assert_point (feature, 3, 0, 1);
  assert_point (feature, 4, 0, 0);

  /* The fan: centre and rim, closed. */
  g_assert_cmpuint (part_length (feature, 1), ==, 5);
  assert_point (feature, 5, 5, 5);
  assert_point (feature, 8, 6, 5);
  assert_point (feature, 9, 5, 5);

  g_assert_cmpuint (part_length (feature, 2), ==, 5);
  assert_point (feature, 14, 10, 10);
}

static void
test_null_shapes (Fixture       *fixture,
                  gconstpointer  data)
{
  const FixtureShape shapes[] = {
    { 0, NULL, NULL, 0, NULL },
    square_shape,
    { 0, NULL, NULL, 0, NULL },
  };
  const char *values[] = { "Nothing", "Square", "Nothing either" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "nulls", SHPT_POLYGON,
                                                   shapes, 3, name_field, values, NULL);
  g_autofree char *all_null = fixture_write_shapefile (fixture->dir, "all-null", SHPT_POLYGON,
                                                       shapes, 1, name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  g_autoptr(GError) error = NULL;

  /* Skipped silently: a null shape is not an error. */
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 1);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Square");
  g_assert_null (sitmap_layer_get_warnings (layer));

  error = load_error (all_null, SITMAP_SHAPEFILE_ERROR_EMPTY);
}

static void
test_no_records (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "empty", SHPT_POLYGON,
                                                   NULL, 0, name_field, NULL, NULL);
  g_autoptr(GError) error = load_error (path, SITMAP_SHAPEFILE_ERROR_EMPTY);
}

/* ---- Coordinate systems ------------------------------------------------- */

#define WKT_BNG \
  "PROJCS[\"British_National_Grid\",GEOGCS[\"GCS_OSGB_1936\",DATUM[\"D_OSGB_1936\"," \
  "SPHEROID[\"Airy_1849\",6377563.396,299.3249646]],PRIMEM[\"Greenwich\",0.0]," \
  "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"]," \
  "PARAMETER[\"False_Easting\",400000.0],PARAMETER[\"False_Northing\",-100000.0]," \
  "PARAMETER[\"Central_Meridian\",-2.0],PARAMETER[\"Scale_Factor\",0.9996012717]," \
  "PARAMETER[\"Latitude_Of_Origin\",49.0],UNIT[\"Meter\",1.0]]"

#define WKT_UTM36N \
  "PROJCS[\"WGS_1984_UTM_Zone_36N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\"," \
  "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0]," \
  "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"]," \
  "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0]," \
  "PARAMETER[\"Central_Meridian\",33.0],PARAMETER[\"Scale_Factor\",0.9996]," \
  "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]"

#define WKT_WEB_MERCATOR \
  "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\"," \
  "DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]]," \
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]," \
  "PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0]," \
  "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0]," \
  "PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0]," \
  "UNIT[\"Meter\",1.0]]"

#define WKT_NAD27 \
  "GEOGCS[\"GCS_North_American_1927\",DATUM[\"D_North_American_1927\"," \
  "SPHEROID[\"Clarke_1866\",6378206.4,294.9786982]],PRIMEM[\"Greenwich\",0.0]," \
  "UNIT[\"Degree\",0.0174532925199433]]"

#define WKT_WGS84 \
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0," \
  "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]"

typedef struct
{
  const char *name;
  const char *wkt;
  double      x, y;        /* in the CRS */
  double      lon, lat;    /* expected */
} CrsCase;

static const CrsCase crs_cases[] = {
  /* Charing Cross, in OSGB36 easting/northing. */
  { "bng", WKT_BNG, 530000, 180000, -0.128354, 51.503991 },
  /* Kyiv. */
  { "utm36n", WKT_UTM36N, 324182.209, 5591607.607, 30.5234, 50.4501 },
  { "web-mercator", WKT_WEB_MERCATOR, 3397487.0, 6446275.8, 30.520145, 50.0 },
  { "nad27", WKT_NAD27, -100.0, 40.0, -100.0004, 40.0 },
  { "wgs84", WKT_WGS84, 30.5, 50.5, 30.5, 50.5 },
};

static void
test_prj (Fixture       *fixture,
          gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (crs_cases); i++)
    {
      const CrsCase *c = &crs_cases[i];
      const double xy[] = { c->x, c->y };
      const FixtureShape shape = { 0, NULL, NULL, 1, xy };
      const char *values[] = { "Here" };
      g_autofree char *prj_name = g_strdup_printf ("%s.prj", c->name);
      g_autofree char *path = NULL;
      g_autofree char *prj_path = NULL;
      g_autoptr(SitmapLayer) layer = NULL;
      const SitmapFeature *feature;

      path = fixture_write_shapefile (fixture->dir, c->name, SHPT_POINT, &shape, 1,
                                      name_field, values, NULL);
      prj_path = fixture_write_file (fixture->dir, prj_name, c->wkt, -1);
      layer = load_ok (path);

      feature = sitmap_layer_get_feature (layer, 0);
      g_test_message ("%s: %.6f %.6f", c->name, feature->lonlat[0], feature->lonlat[1]);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[0], c->lon, 0.01);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[1], c->lat, 0.01);
    }
}

static void
test_prj_polygon (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A square of about 10 km around Charing Cross, in BNG. */
  static const double xy[] = {
    525000, 175000, 525000, 185000, 535000, 185000, 535000, 175000, 525000, 175000,
  };
  const FixtureShape shape = { 1, (const int[]){ 0 }, NULL, 5, xy };
  const char *values[] = { "London" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "london", SHPT_POLYGON,
                                                   &shape, 1, name_field, values, NULL);
  g_autofree char *prj = fixture_write_file (fixture->dir, "london.prj", WKT_BNG "\r\n", -1);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  const SitmapFeature *feature = sitmap_layer_get_feature (layer, 0);

  g_assert_cmpuint (feature->n_points, ==, 5);
  for (guint i = 0; i < feature->n_points; i++)
    {
      g_assert_cmpfloat (fabs (feature->lonlat[2 * i] + 0.13), <, 0.1);
      g_assert_cmpfloat (fabs (feature->lonlat[2 * i + 1] - 51.5), <, 0.1);
    }
}

static void
test_no_prj_projected (Fixture       *fixture,
                       gconstpointer  data)
{
  static const double xy[] = { 512345, 180000, 530000, 190000 };
  const FixtureShape shapes[] = {
    { 0, NULL, NULL, 1, xy },
    { 0, NULL, NULL, 1, xy + 2 },
  };
  const char *values[] = { "A", "B" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "projected", SHPT_POINT,
                                                   shapes, 2, name_field, values, NULL);
  g_autoptr(GError) error = load_error (path, SITMAP_SHAPEFILE_ERROR_NO_CRS);

  g_assert_nonnull (strstr (error->message, "projected.shp"));
  g_assert_nonnull (strstr (error->message, ".prj"));
  g_assert_nonnull (strstr (error->message, "x up to 5"));
}

static void
test_no_prj_lonlat (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Right on the antimeridian and the pole, as world data sets are. */
  static const double xy[] = { -180, -90, -180, 90, 180, 90, 180, -90, -180, -90 };
  const FixtureShape shape = { 1, (const int[]){ 0 }, NULL, 5, xy };
  const char *values[] = { "World" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "world", SHPT_POLYGON,
                                                   &shape, 1, name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);

  assert_point (sitmap_layer_get_feature (layer, 0), 2, 180, 90);
}

static void
test_bad_prj (Fixture       *fixture,
              gconstpointer  data)
{
  const char *values[] = { "Square" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "bad", SHPT_POLYGON,
                                                   &square_shape, 1, name_field, values, NULL);
  g_autofree char *prj = fixture_write_file (fixture->dir, "bad.prj", "this is not WKT", -1);
  g_autoptr(GError) error = load_error (path, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED);
  g_autofree char *huge = g_strnfill (70 * 1024, ' ');
  g_autoptr(GError) huge_error = NULL;

  g_assert_nonnull (strstr (error->message, "bad.prj"));

  g_free (fixture_write_file (fixture->dir, "bad.prj", huge, -1));
  huge_error = load_error (path, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (huge_error->message, "64 KiB"));
}

/* ---- Text --------------------------------------------------------------- */

static char *
encode (const char *utf8,
        const char *charset)
{
  g_autoptr(GError) error = NULL;
  char *raw = g_convert (utf8, -1, charset, "UTF-8", NULL, NULL, &error);

  g_assert_no_error (error);
  return raw;
}

static void
test_cp1251_ldid (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *kyiv = encode ("Київ", "CP1251");
  g_autofree char *lviv = encode ("Львів", "CP1251");
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char *values[] = { kyiv, lviv };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "ua", SHPT_POLYGON, shapes, 2,
                                                   name_field, values, "LDID/201");
  g_autoptr(SitmapLayer) layer = load_ok (path);

  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Київ");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Львів");
}

static void
test_cpg_1252 (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *zurich = encode ("Zürich", "CP1252");
  g_autofree char *besancon = encode ("Besançon", "CP1252");
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char *values[] = { zurich, besancon };
  /* shapelib writes "1252" to a .cpg; the DBF header stays blank. */
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "towns", SHPT_POLYGON, shapes, 2,
                                                   name_field, values, "1252");
  g_autofree char *cpg = fixture_sibling (path, "cpg");
  g_autoptr(SitmapLayer) layer = NULL;

  g_assert_true (g_file_test (cpg, G_FILE_TEST_EXISTS));
  layer = load_ok (path);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Zürich");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Besançon");
}

static void
test_cpg_utf8 (Fixture       *fixture,
               gconstpointer  data)
{
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char *values[] = { "Côte d’Ivoire", "Київ" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "utf8", SHPT_POLYGON, shapes, 2,
                                                   name_field, values, "LDID/87");
  g_autofree char *cpg = fixture_write_file (fixture->dir, "utf8.cpg", "UTF-8\r\n", -1);
  g_autoptr(SitmapLayer) layer = load_ok (path);

  /* The .cpg wins over the language driver, which says CP1252. */
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Côte d’Ivoire");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Київ");
}

static void
test_encoding_guess (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *latin = encode ("Zürich", "CP1252");
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char *values[] = { "Genève", latin };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "guess", SHPT_POLYGON, shapes, 2,
                                                   name_field, values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);

  /* Nothing declared: UTF-8 when it is valid UTF-8, else CP1252. */
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Genève");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Zürich");
}

static void
test_decode_text (void)
{
  /* The code page as a .cpg or DBF header may name it, the charset to
   * make the raw bytes with, and the text. */
  static const struct { const char *codepage; const char *charset; const char *utf8; } cases[] = {
    { "UTF-8", "UTF-8", "Київ" }, { "UTF8", "UTF-8", "Київ" },
    { "utf-8", "UTF-8", "Київ" }, { "65001", "UTF-8", "Київ" },
    { "1251", "CP1251", "Київ" }, { "CP1251", "CP1251", "Київ" },
    { "ANSI 1251", "CP1251", "Київ" }, { "Windows-1251", "CP1251", "Київ" },
    { "LDID/201", "CP1251", "Київ" }, { "LDID/38", "CP866", "Київ" },
    { "866", "CP866", "Київ" }, { "KOI8-U", "KOI8-U", "Київ" }, { "21866", "KOI8-U", "Київ" },
    { "ISO-8859-1", "ISO-8859-1", "Zürich" }, { "88591", "ISO-8859-1", "Zürich" },
    { "LATIN1", "ISO-8859-1", "Zürich" }, { "Latin-1", "ISO-8859-1", "Zürich" },
    { "ISO_8859_1:1987", "ISO-8859-1", "Zürich" }, { "28591", "ISO-8859-1", "Zürich" },
    { " 1252\r\n", "CP1252", "Besançon" }, { "ANSI", "CP1252", "Besançon" },
    { "LDID/87", "CP1252", "Besançon" }, { "LDID/3", "CP1252", "Besançon" },
    { "1250", "CP1250", "Łódź" }, { "LDID/200", "CP1250", "Łódź" },
    { "852", "CP852", "Łódź" }, { "LDID/100", "CP852", "Łódź" },
    { "ISO8859-2", "ISO-8859-2", "Łódź" }, { "Latin2", "ISO-8859-2", "Łódź" },
    { "1253", "CP1253", "Αθήνα" }, { "1254", "CP1254", "İstanbul" },
    { "1255", "CP1255", "ירושלים" }, { "1256", "CP1256", "القاهرة" },
  };
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = encode (cases[i].utf8, cases[i].charset);

      text = sitmap_shapefile_decode_text (raw, cases[i].codepage);
      g_assert_cmpstr (text, ==, cases[i].utf8);
      g_free (text);
    }

  /* Trailing padding and control characters go; bad bytes become U+FFFD. */
  text = sitmap_shapefile_decode_text ("  Kyiv   ", "UTF-8");
  g_assert_cmpstr (text, ==, "Kyiv");
  g_free (text);
  text = sitmap_shapefile_decode_text ("Ky\x01iv\tcity\x7f", "UTF-8");
  g_assert_cmpstr (text, ==, "Kyiv city");
  g_free (text);
  text = sitmap_shapefile_decode_text ("Z\xfcrich", "UTF-8");
  g_assert_cmpstr (text, ==, "Z\xef\xbf\xbdrich");
  g_free (text);
  /* glibc's converter for this name passes the old five-byte form of
   * UTF-8 through; the control character after it must still go (the
   * fuzz-shapefile findings). */
  text = sitmap_shapefile_decode_text ("\xf8\xa5\xa5\xa5\xa5 Lviv\x19", "ISO-10646/UTF8/");
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, " Lviv"));
  g_free (text);
  /* A DOS end-of-file byte before the code page's name. */
  text = sitmap_shapefile_decode_text ("\xf8\xa5\xa5\xa5\xa5 Lviv\x19", "\x1aUTF-8");
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, " Lviv"));
  g_free (text);
  /* A field cut in the middle of a character loses the stub. */
  text = sitmap_shapefile_decode_text ("Ки\xd1", "UTF-8");
  g_assert_cmpstr (text, ==, "Ки");
  g_free (text);
  /* 0x81 is undefined in CP1252. */
  text = sitmap_shapefile_decode_text ("a\x81" "b", "1252");
  g_assert_cmpstr (text, ==, "a\xef\xbf\xbd" "b");
  g_free (text);
  /* A language driver is a weak hint: valid UTF-8 wins. */
  text = sitmap_shapefile_decode_text ("Genève", "LDID/87");
  g_assert_cmpstr (text, ==, "Genève");
  g_free (text);
  /* Unknown or missing code page: UTF-8 if valid, else CP1252. */
  text = sitmap_shapefile_decode_text ("Gen\xe8ve", "no-such-charset");
  g_assert_cmpstr (text, ==, "Genève");
  g_free (text);
  text = sitmap_shapefile_decode_text ("Genève", NULL);
  g_assert_cmpstr (text, ==, "Genève");
  g_free (text);
  text = sitmap_shapefile_decode_text (NULL, NULL);
  g_assert_cmpstr (text, ==, "");
  g_free (text);

  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x01), ==, "CP437");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x02), ==, "CP850");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x03), ==, "CP1252");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x57), ==, "CP1252");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x64), ==, "CP852");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x65), ==, "CP866");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x66), ==, "CP865");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x26), ==, "CP866");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0xC8), ==, "CP1250");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0xC9), ==, "CP1251");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0xCA), ==, "CP1254");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0xCB), ==, "CP1253");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x7D), ==, "CP1255");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x7E), ==, "CP1256");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x13), ==, "CP932");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x4D), ==, "CP936");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x4E), ==, "CP949");
  g_assert_cmpstr (sitmap_shapefile_codepage_for_ldid (0x4F), ==, "CP950");
  g_assert_null (sitmap_shapefile_codepage_for_ldid (0x00));
  g_assert_null (sitmap_shapefile_codepage_for_ldid (0xFF));
}

static void
test_decode_cjk (void)
{
  static const struct { const char *codepage; const char *charset; const char *utf8; } cases[] = {
    { "932", "CP932", "東京" }, { "SJIS", "SHIFT_JIS", "東京" }, { "LDID/19", "CP932", "東京" },
    { "936", "CP936", "北京" }, { "GBK", "GBK", "北京" }, { "LDID/77", "CP936", "北京" },
    { "950", "CP950", "臺北" }, { "BIG5", "BIG5", "臺北" },
    { "949", "CP949", "서울" }, { "LDID/78", "CP949", "서울" },
  };

  /* glibc's loader reads past a string it copied when it loads the CJK
   * converters, whose modules carry an $ORIGIN RPATH: harmless, but
   * valgrind reports it as an invalid read. */
  if (RUNNING_ON_VALGRIND)
    {
      g_test_skip ("glibc's CJK converters trip valgrind");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *raw = encode (cases[i].utf8, cases[i].charset);
      g_autofree char *text = sitmap_shapefile_decode_text (raw, cases[i].codepage);

      g_assert_cmpstr (text, ==, cases[i].utf8);
    }
}

/* ---- Names -------------------------------------------------------------- */

static void
test_name_field (Fixture       *fixture,
                 gconstpointer  data)
{
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char * const fields[] = { "ISO_A3", "NAME", "name_en", "POP", NULL };
  const char *values[] = {
    "UKR", "Україна", "Ukraine", "41000000",
    /* No English name: the next field in line gives it. */
    "XKX", "Kosova", "", "1800000",
  };
  const char * const plain_fields[] = { "ID", "CODE", "TITLE", NULL };
  const char *plain_values[] = { "1", "A", "First", "2", "B", "Second" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "named", SHPT_POLYGON, shapes, 2,
                                                   fields, values, NULL);
  g_autofree char *plain = fixture_write_shapefile (fixture->dir, "plain", SHPT_POLYGON, shapes,
                                                    2, plain_fields, plain_values, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  g_autoptr(SitmapLayer) plain_layer = load_ok (plain);
  const char * const *names = sitmap_layer_get_field_names (layer);
  const SitmapFeature *feature;

  g_assert_cmpuint (g_strv_length ((char **)names), ==, 4);
  g_assert_cmpstr (names[0], ==, "ISO_A3");
  g_assert_cmpstr (names[2], ==, "name_en");

  feature = sitmap_layer_get_feature (layer, 0);
  g_assert_cmpstr (feature->name, ==, "Ukraine");
  g_assert_cmpstr (feature->attributes[0], ==, "UKR");
  g_assert_cmpstr (feature->attributes[1], ==, "Україна");
  g_assert_cmpstr (feature->attributes[3], ==, "41000000");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Kosova");

  /* No known name field: the first text field ("ID" is text here too). */
  g_assert_cmpstr (sitmap_layer_get_feature (plain_layer, 1)->name, ==, "2");
}

static void
test_missing_dbf (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "bare", SHPT_POLYGON,
                                                   &square_shape, 1, NULL, NULL, NULL);
  g_autoptr(SitmapLayer) layer = load_ok (path);
  const SitmapFeature *feature = sitmap_layer_get_feature (layer, 0);

  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 1);
  g_assert_cmpstr (feature->name, ==, "");
  g_assert_null (feature->attributes[0]);
  g_assert_cmpuint (g_strv_length ((char **)sitmap_layer_get_field_names (layer)), ==, 0);
  g_assert_nonnull (strstr (sitmap_layer_get_warnings (layer), "bare.dbf"));
}

static void
test_dbf_fewer_records (Fixture       *fixture,
                        gconstpointer  data)
{
  const FixtureShape shapes[] = { square_shape, square_shape };
  const char *values[] = { "One" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "short", SHPT_POLYGON, shapes, 1,
                                                   name_field, values, NULL);
  g_autofree char *full = fixture_write_shapefile (fixture->dir, "full", SHPT_POLYGON, shapes, 2,
                                                   NULL, NULL, NULL);
  g_autofree char *full_dbf = fixture_sibling (full, "dbf");
  g_autofree char *short_dbf = fixture_sibling (path, "dbf");
  g_autoptr(SitmapLayer) layer = NULL;

  /* Two shapes, one DBF row. */
  g_assert_cmpint (g_rename (short_dbf, full_dbf), ==, 0);
  layer = load_ok (full);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 2);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "One");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->attributes[0], ==, "");
  g_assert_nonnull (sitmap_layer_get_warnings (layer));
}

static void
test_upper_case (Fixture       *fixture,
                 gconstpointer  data)
{
  const char *values[] = { "Square" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "UPPER", SHPT_POLYGON,
                                                   &square_shape, 1, name_field, values, NULL);
  static const char * const exts[] = { "shp", "shx", "dbf" };
  g_autofree char *upper_shp = fixture_sibling (path, "SHP");
  g_autofree char *prj = fixture_write_file (fixture->dir, "UPPER.PRJ", WKT_WGS84, -1);
  g_autoptr(SitmapLayer) layer = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (exts); i++)
    {
      g_autofree char *from = fixture_sibling (path, exts[i]);
      g_autofree char *ext = g_ascii_strup (exts[i], -1);
      g_autofree char *to = fixture_sibling (path, ext);

      g_assert_cmpint (g_rename (from, to), ==, 0);
    }

  layer = load_ok (upper_shp);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Square");
  g_assert_null (sitmap_layer_get_warnings (layer));
}

/* ---- Damaged files ------------------------------------------------------ */

static void
test_missing_file (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "nowhere.shp", NULL);
  g_autoptr(GError) error = load_error (path, SITMAP_SHAPEFILE_ERROR_NOT_FOUND);
}

static void
test_not_a_shapefile (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *text = fixture_write_file (fixture->dir, "x.shp",
                                              "Country,Population\nUkraine,41000000\n"
                                              "This is a CSV file, not a shapefile at all, "
                                              "but it is long enough to hold a header.\n", -1);
  g_autofree char *empty = fixture_write_file (fixture->dir, "empty.shp", "", 0);
  g_autofree char *tiny = fixture_write_file (fixture->dir, "tiny.shp", "ab", 2);
  g_autoptr(GError) error = load_error (text, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE);
  g_autoptr(GError) empty_error = load_error (empty, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE);
  g_autoptr(GError) tiny_error = load_error (tiny, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE);

  g_assert_nonnull (strstr (error->message, "not a shapefile"));
  g_assert_nonnull (strstr (empty_error->message, "empty"));
}

static void
test_unsupported_type (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *values[] = { "Square" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "odd", SHPT_POLYGON,
                                                   &square_shape, 1, name_field, values, NULL);
  const guint8 type[] = { 7, 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  fixture_patch (path, 32, type, sizeof type);
  error = load_error (path, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "7"));
}

static char *
write_three_squares (Fixture *fixture,
                     const char *name)
{
  const FixtureShape shapes[] = { square_shape, square_shape, square_shape };
  const char *values[] = { "One", "Two", "Three" };

  return fixture_write_shapefile (fixture->dir, name, SHPT_POLYGON, shapes, 3,
                                  name_field, values, NULL);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *reference = write_three_squares (fixture, "whole");
  g_autofree char *reference_shx = fixture_sibling (reference, "shx");
  gsize record_size = fixture_record_offset (reference_shx, 1) -
                      fixture_record_offset (reference_shx, 0);
  gsize full_size = 100 + 3 * record_size;
  const gsize cuts[] = {
    4, 50, 99, 100, 104, 108, 100 + record_size / 2, 100 + record_size,
    100 + 2 * record_size + 20, full_size - 1,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autofree char *name = g_strdup_printf ("cut-%u", (guint)cuts[i]);
      g_autofree char *path = write_three_squares (fixture, name);
      g_autofree char *shx = fixture_sibling (path, "shx");
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapLayer) layer = NULL;
      guint whole_records = cuts[i] < 100 ? 0 : (cuts[i] - 100) / record_size;

      fixture_truncate (path, cuts[i]);
      layer = sitmap_shapefile_load (path, &error);
      g_test_message ("cut at %u: %s", (guint)cuts[i],
                      error ? error->message : sitmap_layer_get_warnings (layer));

      if (whole_records == 0)
        {
          g_assert_null (layer);
          g_assert_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT);
        }
      else
        {
          /* With its index, what is left of the file loads. */
          g_assert_no_error (error);
          g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, whole_records);
          g_assert_nonnull (strstr (sitmap_layer_get_warnings (layer), "records skipped"));
        }

      /* Without the index, a cut file is beyond saving. */
      g_clear_error (&error);
      g_clear_object (&layer);
      g_assert_cmpint (g_remove (shx), ==, 0);
      g_clear_error (&error);
      error = load_error (path, SITMAP_SHAPEFILE_ERROR_CORRUPT);
    }
}

static void
test_missing_shx (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_three_squares (fixture, "noindex");
  g_autofree char *shx = fixture_sibling (path, "shx");
  g_autoptr(SitmapLayer) layer = NULL;

  g_assert_cmpint (g_remove (shx), ==, 0);
  layer = load_ok (path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 3);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 2)->name, ==, "Three");
  g_assert_nonnull (strstr (sitmap_layer_get_warnings (layer), "noindex.shx"));
}

static void
test_damaged_shx (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_three_squares (fixture, "badindex");
  g_autofree char *shx = fixture_sibling (path, "shx");
  g_autoptr(SitmapLayer) layer = NULL;

  /* The header promises three records, the file holds one and a half. */
  fixture_truncate (shx, 100 + 12);
  layer = load_ok (path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 3);
  g_assert_nonnull (strstr (sitmap_layer_get_warnings (layer), "badindex.shx"));
}

static void
test_bad_records (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_three_squares (fixture, "bad");
  g_autofree char *shx = fixture_sibling (path, "shx");
  /* Record layout: 8-byte header, type, box, part count, point count,
   * part starts, then the points. */
  gsize first_point = 8 + 4 + 32 + 4 + 4 + 4;
  double nan_value = NAN;
  const guint8 part_past_end[] = { 99, 0, 0, 0 };
  g_autoptr(SitmapLayer) layer = NULL;
  const char *warnings;

  fixture_patch (path, fixture_record_offset (shx, 1) + first_point, &nan_value, sizeof nan_value);
  fixture_patch (path, fixture_record_offset (shx, 2) + first_point - 4, part_past_end,
                 sizeof part_past_end);

  layer = load_ok (path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 1);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "One");
  warnings = sitmap_layer_get_warnings (layer);
  g_test_message ("%s", warnings);
  g_assert_true (g_str_has_prefix (warnings, "2 of 3 records skipped: record 2: "));
}

static void
test_all_records_bad (Fixture       *fixture,
                      gconstpointer  data)
{
  const FixtureShape shape = { 1, (const int[]){ 0 }, NULL, 5, square };
  const char *values[] = { "One" };
  g_autofree char *path = fixture_write_shapefile (fixture->dir, "allbad", SHPT_POLYGON, &shape,
                                                   1, name_field, values, NULL);
  double inf_value = INFINITY;
  g_autoptr(GError) error = NULL;

  fixture_patch (path, 100 + 8 + 4 + 32 + 4 + 4 + 4 + 8, &inf_value, sizeof inf_value);
  error = load_error (path, SITMAP_SHAPEFILE_ERROR_CORRUPT);
}

static void
test_stray_coordinate (Fixture       *fixture,
                       gconstpointer  data)
{
  /* One vertex far out of range in a file whose header says degrees: a
   * bad record, not a projected file, with a .prj or without. */
  for (guint with_prj = 0; with_prj < 2; with_prj++)
    {
      g_autofree char *name = g_strdup_printf ("stray-%u", with_prj);
      g_autofree char *path = write_three_squares (fixture, name);
      g_autofree char *shx = fixture_sibling (path, "shx");
      gsize first_point = 8 + 4 + 32 + 4 + 4 + 4;
      double far = 512345.0;
      g_autoptr(SitmapLayer) layer = NULL;
      const char *warnings;

      if (with_prj)
        {
          g_autofree char *prj_name = g_strdup_printf ("%s.prj", name);

          g_free (fixture_write_file (fixture->dir, prj_name, WKT_WGS84, -1));
        }
      fixture_patch (path, fixture_record_offset (shx, 1) + first_point, &far, sizeof far);

      layer = load_ok (path);
      g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 2);
      warnings = sitmap_layer_get_warnings (layer);
      g_test_message ("%s", warnings);
      g_assert_true (g_str_has_prefix (warnings, "1 of 3 records skipped: record 2: "));
      g_assert_nonnull (strstr (warnings, "x up to 512345"));
    }
}

static void
test_dbf_truncated (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = write_three_squares (fixture, "cutdbf");
  g_autofree char *dbf = fixture_sibling (path, "dbf");
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(SitmapLayer) layer = NULL;

  /* Cut in the middle of the last row. */
  g_file_get_contents (dbf, &contents, &length, &error);
  g_assert_no_error (error);
  fixture_truncate (dbf, length - 30);

  layer = load_ok (path);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, 3);
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 1)->name, ==, "Two");
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 2)->name, ==, "");
  g_assert_nonnull (strstr (sitmap_layer_get_warnings (layer), "attributes of 1 record cannot be read"));
}

/* ---- Real data ---------------------------------------------------------- */

static char *
find_boundaries (const char *name)
{
  const char *dirs[] = {
    g_getenv ("SITMAP_SOURCE_DATA"), g_getenv ("SITMAP_DATADIR"), SITMAP_SOURCE_DATADIR,
  };

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *path = NULL;

      if (dirs[i] == NULL)
        continue;
      path = g_build_filename (dirs[i], "boundaries", name, NULL);
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return g_steal_pointer (&path);
    }
  return NULL;
}

static void
test_natural_earth (void)
{
  g_autofree char *path = find_boundaries ("ne_50m_countries.shp");
  g_autoptr(SitmapLayer) layer = NULL;
  gboolean ukraine = FALSE;
  gboolean non_ascii = FALSE;
  int name_field_index;

  if (path == NULL)
    {
      g_test_skip ("data/boundaries/ne_50m_countries.shp is not there");
      return;
    }

  layer = load_ok (path);
  g_assert_cmpint (sitmap_layer_get_kind (layer), ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), >, 200);
  name_field_index = sitmap_layer_find_field (layer, "NAME");
  g_assert_cmpint (name_field_index, >=, 0);

  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, i);
      const char *name = feature->attributes[name_field_index];

      g_assert_true (g_utf8_validate (feature->name, -1, NULL));
      if (strcmp (feature->name, "Ukraine") == 0)
        ukraine = TRUE;
      /* Côte d'Ivoire, Curaçao, São Tomé … */
      if (strcmp (name, "Curaçao") == 0 || g_str_has_prefix (name, "Côte d") ||
          g_str_has_prefix (name, "São Tomé"))
        non_ascii = TRUE;

      for (guint p = 0; p < feature->n_points; p++)
        {
          g_assert_cmpfloat (fabs (feature->lonlat[2 * p]), <=, 180.001);
          g_assert_cmpfloat (fabs (feature->lonlat[2 * p + 1]), <=, 90.001);
        }
    }
  g_assert_true (ukraine);
  g_assert_true (non_ascii);
}

static void
test_natural_earth_speed (void)
{
  g_autofree char *path = find_boundaries ("ne_10m_countries.shp");
  g_autoptr(GTimer) timer = NULL;
  /* One round unless asked to measure: under valgrind one is plenty. */
  guint rounds = g_test_perf () ? 10 : 1;
  double best = G_MAXDOUBLE;
  gsize n_points = 0;

  if (path == NULL)
    {
      g_test_skip ("data/boundaries/ne_10m_countries.shp is not there");
      return;
    }

  timer = g_timer_new ();
  for (guint i = 0; i < rounds; i++)
    {
      g_autoptr(SitmapLayer) layer = NULL;

      g_timer_start (timer);
      layer = load_ok (path);
      best = MIN (best, g_timer_elapsed (timer, NULL));
      n_points = sitmap_layer_get_n_points (layer);
      g_assert_cmpuint (sitmap_layer_get_n_features (layer), >, 200);
    }

  g_test_message ("ne_10m_countries: %" G_GSIZE_FORMAT " points, best of %u loads %.1f ms",
                  n_points, rounds, best * 1000);
  if (g_test_perf ())
    {
      g_test_minimized_result (best, "load time %.1f ms", best * 1000);
      g_assert_cmpfloat (best, <, 0.2);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  ADD_TEST ("/shapefile/polygon", test_polygon);
  ADD_TEST ("/shapefile/polygon-holes", test_polygon_holes);
  ADD_TEST ("/shapefile/multi-part", test_multi_part);
  ADD_TEST ("/shapefile/points", test_points);
  ADD_TEST ("/shapefile/z-and-m", test_z_and_m);
  ADD_TEST ("/shapefile/multipatch", test_multipatch);
  ADD_TEST ("/shapefile/null-shapes", test_null_shapes);
  ADD_TEST ("/shapefile/no-records", test_no_records);

  ADD_TEST ("/shapefile/prj/points", test_prj);
  ADD_TEST ("/shapefile/prj/polygon", test_prj_polygon);
  ADD_TEST ("/shapefile/prj/missing-projected", test_no_prj_projected);
  ADD_TEST ("/shapefile/prj/missing-lonlat", test_no_prj_lonlat);
  ADD_TEST ("/shapefile/prj/bad", test_bad_prj);

  ADD_TEST ("/shapefile/encoding/cp1251-ldid", test_cp1251_ldid);
  ADD_TEST ("/shapefile/encoding/cpg-1252", test_cpg_1252);
  ADD_TEST ("/shapefile/encoding/cpg-utf8", test_cpg_utf8);
  ADD_TEST ("/shapefile/encoding/guess", test_encoding_guess);
  g_test_add_func ("/shapefile/encoding/decode-text", test_decode_text);
  g_test_add_func ("/shapefile/encoding/decode-cjk", test_decode_cjk);

  ADD_TEST ("/shapefile/names/field-choice", test_name_field);
  ADD_TEST ("/shapefile/names/missing-dbf", test_missing_dbf);
  ADD_TEST ("/shapefile/names/dbf-fewer-records", test_dbf_fewer_records);
  ADD_TEST ("/shapefile/upper-case-extensions", test_upper_case);

  ADD_TEST ("/shapefile/damaged/missing-file", test_missing_file);
  ADD_TEST ("/shapefile/damaged/not-a-shapefile", test_not_a_shapefile);
  ADD_TEST ("/shapefile/damaged/unsupported-type", test_unsupported_type);
  ADD_TEST ("/shapefile/damaged/truncated", test_truncated);
  ADD_TEST ("/shapefile/damaged/missing-shx", test_missing_shx);
  ADD_TEST ("/shapefile/damaged/damaged-shx", test_damaged_shx);
  ADD_TEST ("/shapefile/damaged/bad-records", test_bad_records);
  ADD_TEST ("/shapefile/damaged/all-records-bad", test_all_records_bad);
  ADD_TEST ("/shapefile/damaged/stray-coordinate", test_stray_coordinate);
  ADD_TEST ("/shapefile/damaged/dbf-truncated", test_dbf_truncated);

  g_test_add_func ("/shapefile/natural-earth/50m", test_natural_earth);
  g_test_add_func ("/shapefile/natural-earth/10m-speed", test_natural_earth_speed);

  return g_test_run ();
}
