/* test-crs.c: coordinate systems a person names for data that does not
 * say its own (--crs), and shapefiles without a .prj read in them.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <proj.h>
#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>
#include <shapefil.h>

#include "fixtures-writer.h"
#include "sitmap-crs.h"
#include "sitmap-crs-catalog.h"
#include "sitmap-crs-choices.h"
#include "sitmap-shapefile.h"

/* Places in Ukraine, inside UTM zone 36N (30°E to 36°E) or near it. */
static const double places[][2] = {
  { 30.5234, 50.4501 },   /* Kyiv */
  { 36.2304, 49.9935 },   /* Kharkiv, just past the zone's edge */
  { 32.0597, 46.9750 },   /* Mykolaiv */
  { 34.5514, 49.5883 },   /* Poltava */
};

/* Longitude/latitude into EPSG:32636 metres with PROJ itself, as whoever
 * made the data did. */
static void
lonlat_to_utm36 (const double *lonlat,
                 double       *xy,
                 guint         n)
{
  PJ_CONTEXT *context = proj_context_create ();
  PJ *raw = proj_create_crs_to_crs (context, "EPSG:4326", "EPSG:32636", NULL);
  PJ *transform = proj_normalize_for_visualization (context, raw);

  g_assert_nonnull (transform);
  for (guint i = 0; i < n; i++)
    {
      PJ_COORD c = proj_trans (transform, PJ_FWD, proj_coord (lonlat[2 * i], lonlat[2 * i + 1], 0, 0));

      xy[2 * i] = c.xy.x;
      xy[2 * i + 1] = c.xy.y;
    }
  /* Metres, far outside longitude/latitude: a file the loader must not
   * take for degrees. */
  g_assert_cmpfloat (xy[0], >, 1000);
  proj_destroy (transform);
  proj_destroy (raw);
  proj_context_destroy (context);
}

static void
test_parse_forms (void)
{
  g_autofree char *dir = fixture_make_dir ();
  const char *forms[] = {
    "EPSG:32636", "epsg:32636", "32636", "  EPSG:32636\n",
    "+proj=utm +zone=36 +datum=WGS84 +units=m +no_defs",
    "+proj=utm +zone=36 +datum=WGS84 +type=crs",
    "PROJCS[\"WGS_1984_UTM_Zone_36N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",33.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]",
  };
  double kyiv[2];

  lonlat_to_utm36 (places[0], kyiv, 1);

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapCrs) crs = sitmap_crs_new_from_argument (forms[i], &error);
      g_autoptr(SitmapCrsTransform) transform = NULL;
      double xy[2] = { kyiv[0], kyiv[1] };
      double sx, sy;

      g_test_message ("%s", forms[i]);
      g_assert_no_error (error);
      g_assert_nonnull (crs);
      transform = sitmap_crs_new_transform (crs, &error);
      g_assert_no_error (error);
      g_assert_true (sitmap_crs_transform_to_lonlat (transform, xy, 1, &error));
      g_assert_cmpfloat_with_epsilon (xy[0], places[0][0], 1e-6);
      g_assert_cmpfloat_with_epsilon (xy[1], places[0][1], 1e-6);

      /* The sample point converts; with an area of use (the EPSG forms)
       * it lies in the zone. */
      sitmap_crs_get_sample_point (crs, &sx, &sy);
      xy[0] = sx;
      xy[1] = sy;
      g_assert_true (sitmap_crs_transform_to_lonlat (transform, xy, 1, &error));
      if (sitmap_crs_get_id (crs) != NULL)
        {
          g_assert_cmpfloat (sx, >, 100000);
          g_assert_cmpfloat (sx, <, 900000);
          g_assert_cmpfloat (sy, >, 0);
        }
    }

  {
    g_autoptr(SitmapCrs) crs = sitmap_crs_new_from_string ("EPSG:32636", NULL);

    g_assert_cmpstr (sitmap_crs_get_id (crs), ==, "EPSG:32636");
    g_assert_nonnull (strstr (sitmap_crs_get_name (crs), "UTM zone 36N"));
  }

  /* A .prj file given by its path; the same path is not read by the
   * string parser, which never opens files. */
  {
    g_autofree char *prj = fixture_write_file (dir, "zone36.prj", "\xEF\xBB\xBF" "PROJCS[\"WGS_1984_UTM_Zone_36N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",33.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]\r\n", -1);
    g_autoptr(GError) error = NULL;
    g_autoptr(SitmapCrs) from_file = sitmap_crs_new_from_argument (prj, &error);
    g_autoptr(SitmapCrs) from_string = NULL;

    g_assert_no_error (error);
    g_assert_nonnull (strstr (sitmap_crs_get_name (from_file), "36N"));
    from_string = sitmap_crs_new_from_string (prj, &error);
    g_assert_null (from_string);
    g_assert_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_INVALID);
  }

  fixture_remove_dir (dir);
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    int         code;
    const char *shown;
  } cases[] = {
    { "", SITMAP_CRS_ERROR_EMPTY, "EPSG:32636" },
    { "   ", SITMAP_CRS_ERROR_EMPTY, "EPSG:32636" },
    { "EPSG:99999999", SITMAP_CRS_ERROR_INVALID, "“EPSG:99999999”" },
    { "NOPE:1", SITMAP_CRS_ERROR_INVALID, "“NOPE:1”" },
    { "UTM 36", SITMAP_CRS_ERROR_INVALID, "“UTM 36”" },
    { "PROJCS[\"broken\"", SITMAP_CRS_ERROR_INVALID, "“PROJCS[\"broken\"”" },
    { "+proj=pipeline +step +proj=utm +zone=36", SITMAP_CRS_ERROR_INVALID, "pipeline" },
    { "a\x01" "b\xff", SITMAP_CRS_ERROR_INVALID, "not valid text" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapCrs) crs = sitmap_crs_new_from_argument (cases[i].text, &error);

      g_assert_null (crs);
      g_assert_nonnull (error);
      g_test_message ("%s → %s", cases[i].shown, error->message);
      g_assert_true (error->domain == SITMAP_CRS_ERROR);
      if (cases[i].code != SITMAP_CRS_ERROR_INVALID)
        g_assert_cmpint (error->code, ==, cases[i].code);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_nonnull (strstr (error->message, cases[i].shown));
      for (const char *p = error->message; *p; p++)
        g_assert_false (*p > 0 && *p < 0x20);
    }
}

/* Kyiv, Kharkiv, Mykolaiv, Poltava as points, and a square of 1° around
 * Kyiv, in UTM 36N metres and without a .prj. */
static char *
write_utm_set (const char *dir,
               const char *name,
               int         type)
{
  static const char * const fields[] = { "NAME", NULL };
  double xy[G_N_ELEMENTS (places) * 2];

  if (type == SHPT_POINT)
    {
      const char *values[] = { "Kyiv", "Kharkiv", "Mykolaiv", "Poltava" };
      FixtureShape shapes[G_N_ELEMENTS (places)];

      lonlat_to_utm36 (&places[0][0], xy, G_N_ELEMENTS (places));
      for (guint i = 0; i < G_N_ELEMENTS (places); i++)
        shapes[i] = (FixtureShape) { 0, NULL, NULL, 1, xy + 2 * i };
      return fixture_write_shapefile (dir, name, SHPT_POINT, shapes, G_N_ELEMENTS (places),
                                      fields, values, NULL);
    }
  else
    {
      static const double ring[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
      static const int part_start[] = { 0 };
      double ring_xy[10];
      const char *values[] = { "Around Kyiv" };
      FixtureShape shape = { 1, part_start, NULL, 5, ring_xy };

      lonlat_to_utm36 (ring, ring_xy, 5);
      return fixture_write_shapefile (dir, name, SHPT_POLYGON, &shape, 1, fields, values, NULL);
    }
}

static void
test_no_prj_refused (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *points = write_utm_set (dir, "cities", SHPT_POINT);
  g_autofree char *square = write_utm_set (dir, "square", SHPT_POLYGON);
  const char *paths[] = { points, square };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapLayer) layer = sitmap_shapefile_load (paths[i], &error);
      g_autoptr(SitmapLayer) with_null = NULL;

      g_assert_null (layer);
      g_assert_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, i == 0 ? "cities.shp" : "square.shp"));
      g_assert_nonnull (strstr (error->message, ".prj"));
      g_assert_nonnull (strstr (error->message, "--crs"));
      g_clear_error (&error);

      with_null = sitmap_shapefile_load_with_crs (paths[i], NULL, &error);
      g_assert_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS);
    }
  fixture_remove_dir (dir);
}

static void
test_no_prj_with_crs (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *points = write_utm_set (dir, "cities", SHPT_POINT);
  g_autofree char *square = write_utm_set (dir, "square", SHPT_POLYGON);
  g_autoptr(SitmapCrs) crs = sitmap_crs_new_from_argument ("EPSG:32636", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) cities = sitmap_shapefile_load_with_crs (points, crs, &error);
  g_autoptr(SitmapLayer) area = NULL;
  const SitmapFeature *feature;

  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_layer_get_n_features (cities), ==, G_N_ELEMENTS (places));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      feature = sitmap_layer_get_feature (cities, i);
      g_assert_cmpuint (feature->n_points, ==, 1);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[0], places[i][0], 1e-6);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[1], places[i][1], 1e-6);
    }

  area = sitmap_shapefile_load_with_crs (square, crs, &error);
  g_assert_no_error (error);
  feature = sitmap_layer_get_feature (area, 0);
  g_assert_cmpuint (feature->n_points, ==, 5);
  for (guint i = 0; i < feature->n_points; i++)
    {
      double lon = feature->lonlat[2 * i], lat = feature->lonlat[2 * i + 1];

      g_assert_cmpfloat (fabs (lon - round (lon)), <, 1e-6);
      g_assert_cmpfloat (fabs (lat - round (lat)), <, 1e-6);
      g_assert_cmpfloat (lon, >=, 30 - 1e-6);
      g_assert_cmpfloat (lon, <=, 31 + 1e-6);
      g_assert_cmpfloat (lat, >=, 50 - 1e-6);
      g_assert_cmpfloat (lat, <=, 51 + 1e-6);
    }

  fixture_remove_dir (dir);
}

/* The .prj beside the file says what the data is; a --crs only fills in
 * for a missing one. */
static void
test_prj_wins (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *points = write_utm_set (dir, "cities", SHPT_POINT);
  g_autoptr(SitmapCrs) zone36 = sitmap_crs_new_from_string ("EPSG:32636", NULL);
  g_autoptr(SitmapCrs) zone35 = sitmap_crs_new_from_string ("EPSG:32635", NULL);
  g_autofree char *wkt = sitmap_crs_to_prj (zone36, NULL);
  g_autofree char *prj = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) wrong = sitmap_shapefile_load_with_crs (points, zone35, &error);
  g_autoptr(SitmapLayer) cities = NULL;

  /* Read in the wrong zone, Kyiv lands 6° off. */
  g_assert_no_error (error);
  g_assert_cmpfloat (fabs (sitmap_layer_get_feature (wrong, 0)->lonlat[0] - places[0][0]), >, 5);

  g_assert_nonnull (wkt);
  g_assert_true (g_str_has_prefix (wkt, "PROJCS["));
  prj = fixture_write_file (dir, "cities.prj", wkt, -1);
  cities = sitmap_shapefile_load_with_crs (points, zone35, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (sitmap_layer_get_feature (cities, 0)->lonlat[0], places[0][0], 1e-6);
  g_assert_cmpfloat_with_epsilon (sitmap_layer_get_feature (cities, 0)->lonlat[1], places[0][1], 1e-6);
  fixture_remove_dir (dir);
}

/* PROJ's database, searched by code and by name, and ranked for data in
 * UTM zone 36N metres: the zone is among the systems whose area of use
 * then holds the data, which come first, and its neighbours are not. */
static void
test_catalog (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *square = write_utm_set (dir, "square", SHPT_POLYGON);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapCrsCatalog) catalog = sitmap_crs_catalog_new (&error);
  const SitmapCrsCatalogEntry *zone36;
  double extent[4];
  guint n_fit, n_matching = 0;
  int index;

  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_crs_catalog_get_n_entries (catalog), >, 5000);
  index = sitmap_crs_catalog_find (catalog, "EPSG:32636");
  g_assert_cmpint (index, >=, 0);
  zone36 = sitmap_crs_catalog_get_entry (catalog, index);
  g_assert_cmpstr (zone36->name, ==, "WGS 84 / UTM zone 36N");
  g_assert_true (zone36->projected);
  g_assert_cmpfloat (zone36->bbox[0], ==, 30);
  g_assert_cmpfloat (zone36->bbox[2], ==, 36);
  g_assert_true (sitmap_crs_catalog_entry_matches (zone36, "32636"));
  g_assert_true (sitmap_crs_catalog_entry_matches (zone36, "utm ZONE 36n"));
  g_assert_true (sitmap_crs_catalog_entry_matches (zone36, ""));
  g_assert_false (sitmap_crs_catalog_entry_matches (zone36, "35N"));
  for (guint i = 0; i < sitmap_crs_catalog_get_n_entries (catalog); i++)
    n_matching += sitmap_crs_catalog_entry_matches (sitmap_crs_catalog_get_entry (catalog, i), "32636");
  g_assert_cmpuint (n_matching, ==, 1);

  g_assert_true (sitmap_shapefile_read_extent (square, extent, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (extent[0], >, 200000);
  g_assert_cmpfloat (extent[3], >, 5500000);

  n_fit = sitmap_crs_catalog_rank (catalog, extent, NULL);
  g_test_message ("%u of %u systems fit", n_fit, sitmap_crs_catalog_get_n_entries (catalog));
  g_assert_cmpuint (n_fit, >, 0);
  /* A small share of the database. */
  g_assert_cmpuint (n_fit, <, sitmap_crs_catalog_get_n_entries (catalog) / 5);
  index = sitmap_crs_catalog_find (catalog, "EPSG:32636");
  g_assert_cmpint (index, <, (int)n_fit);
  g_test_message ("EPSG:32636 ranks %d", index + 1);
  g_assert_true (sitmap_crs_catalog_get_entry (catalog, index)->fits);
  g_assert_true (sitmap_crs_catalog_get_entry (catalog, index)->centred);
  for (guint i = 0; i < sitmap_crs_catalog_get_n_entries (catalog); i++)
    g_assert_true (sitmap_crs_catalog_get_entry (catalog, i)->fits == (i < n_fit));
  /* The middle of the square, read in the right zone, is Kyiv's
   * neighbourhood; zone 35N holds the same metres 6° further west. */
  zone36 = sitmap_crs_catalog_get_entry (catalog, index);
  g_assert_cmpfloat (fabs (zone36->middle[0] - 30.5), <, 0.05);
  g_assert_cmpfloat (fabs (zone36->middle[1] - 50.5), <, 0.05);
  g_assert_cmpfloat (fabs (sitmap_crs_catalog_get_entry (catalog, sitmap_crs_catalog_find (catalog, "EPSG:32635"))->middle[0] - 24.5), <, 0.05);
  /* Systems whose numbers run in other ranges do not hold the data:
   * LAEA Europe (false easting 4,321 km), the Swiss grid (2,600 km). */
  g_assert_false (sitmap_crs_catalog_get_entry (catalog, sitmap_crs_catalog_find (catalog, "EPSG:3035"))->fits);
  g_assert_false (sitmap_crs_catalog_get_entry (catalog, sitmap_crs_catalog_find (catalog, "EPSG:2056"))->fits);
  /* Degrees cannot hold metres in the millions. */
  g_assert_false (sitmap_crs_catalog_get_entry (catalog, sitmap_crs_catalog_find (catalog, "EPSG:4326"))->fits);

  fixture_remove_dir (dir);
}

/* A choice is kept in its own key file for the file as it is, replaced
 * atomically; a .prj is written beside only when asked, and never over
 * one that is there. */
static void
test_choices (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *square = write_utm_set (dir, "square", SHPT_POLYGON);
  g_autofree char *keys = g_build_filename (dir, "config", "sitmap", "crs-choices.ini", NULL);
  g_autoptr(SitmapCrsChoices) choices = sitmap_crs_choices_new (keys);
  g_autoptr(SitmapCrsChoices) again = sitmap_crs_choices_new (keys);
  g_autoptr(SitmapCrs) crs = sitmap_crs_new_from_string ("EPSG:32636", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = NULL;
  g_autofree char *found = NULL;
  g_autofree char *prj = NULL;
  g_autofree char *relative = NULL;
  g_autofree char *cwd = g_get_current_dir ();
  GStatBuf st;

  g_assert_null (sitmap_crs_choices_lookup (choices, square));
  g_assert_true (sitmap_crs_choices_remember (choices, square, crs, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (keys, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (g_stat (keys, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);
  found = sitmap_crs_choices_lookup (again, square);
  g_assert_cmpstr (found, ==, "EPSG:32636");
  g_clear_pointer (&found, g_free);

  /* The same file by a relative path is the same file. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  found = sitmap_crs_choices_lookup (again, "square.shp");
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpstr (found, ==, "EPSG:32636");
  g_clear_pointer (&found, g_free);

  /* Nothing was written beside the data. */
  prj = fixture_sibling (square, "prj");
  g_assert_false (g_file_test (prj, G_FILE_TEST_EXISTS));

  /* Another file in its place is asked about again. */
  {
    struct utimbuf times = { 1000000000, 1000000000 };

    g_assert_cmpint (g_utime (square, &times), ==, 0);
    g_assert_null (sitmap_crs_choices_lookup (again, square));
  }

  g_clear_pointer (&prj, g_free);
  prj = sitmap_crs_write_prj_beside (square, crs, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (prj, "square.prj"));
  layer = sitmap_shapefile_load (square, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (sitmap_layer_get_feature (layer, 0)->lonlat[0], 30, 1e-6);
  g_assert_null (sitmap_crs_write_prj_beside (square, crs, &error));
  g_assert_error (error, SITMAP_CRS_CHOICES_ERROR, SITMAP_CRS_CHOICES_ERROR_EXISTS);

  fixture_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crs/parse/forms", test_parse_forms);
  g_test_add_func ("/crs/parse/errors", test_parse_errors);
  g_test_add_func ("/crs/shapefile/no-prj-refused", test_no_prj_refused);
  g_test_add_func ("/crs/shapefile/no-prj-with-crs", test_no_prj_with_crs);
  g_test_add_func ("/crs/shapefile/prj-wins", test_prj_wins);
  g_test_add_func ("/crs/catalog", test_catalog);
  g_test_add_func ("/crs/choices", test_choices);

  return g_test_run ();
}
