/* test-cli-crs.c: --crs on the headless command line, for shapefiles
 * without a .prj.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <cairo.h>
#include <math.h>
#include <proj.h>
#include <shapefil.h>
#include <string.h>
#include <sys/wait.h>

#include "fixtures-writer.h"

/* The square fixture_write_kyiv_utm_square () writes, in degrees. */
static const double square_lonlat[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
static const char * const fields[] = { "NAME", NULL };
static const char *values[] = { "Around Kyiv" };

static int
run_sitmap (const char * const *args,
            char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = -1;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  g_ptr_array_add (argv, (char *)g_getenv ("SITMAP_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
write_lonlat_square (const char *dir)
{
  static const int part_start[] = { 0 };
  const FixtureShape shape = { 1, part_start, NULL, 5, square_lonlat };

  return fixture_write_shapefile (dir, "lonlat", SHPT_POLYGON, &shape, 1, fields, values, NULL);
}

static guint
count_different_pixels (const char *a_path,
                        const char *b_path)
{
  cairo_surface_t *a = cairo_image_surface_create_from_png (a_path);
  cairo_surface_t *b = cairo_image_surface_create_from_png (b_path);
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint n = 0;

  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  for (int y = 0; y < height; y++)
    {
      const guint32 *ra = (const guint32 *)(const void *)(cairo_image_surface_get_data (a) + y * cairo_image_surface_get_stride (a));
      const guint32 *rb = (const guint32 *)(const void *)(cairo_image_surface_get_data (b) + y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < width; x++)
        n += ra[x] != rb[x];
    }
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  return n;
}

#define EXPORT_ARGS(out) "--export", out, "--size", "400x300", "--no-story", "--bbox", "28,48.5,33,52"

/* Refused with a message naming --crs; with --crs EPSG:32636, drawn just
 * where the same square given in degrees is drawn, and the map is not the
 * one without it. */
static void
test_crs_export (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *utm = fixture_write_kyiv_utm_square (dir, "kyiv-utm");
  g_autofree char *lonlat = write_lonlat_square (dir);
  g_autofree char *with_crs = g_build_filename (dir, "with-crs.png", NULL);
  g_autofree char *degrees = g_build_filename (dir, "degrees.png", NULL);
  g_autofree char *without = g_build_filename (dir, "without.png", NULL);
  g_autofree char *files_form = g_build_filename (dir, "files-form.png", NULL);
  g_autofree char *err = NULL;
  const char *refused[] = { EXPORT_ARGS (with_crs), "--basemap", utm, NULL };
  const char *args_crs[] = { EXPORT_ARGS (with_crs), "--crs", "EPSG:32636", "--basemap", utm, NULL };
  const char *args_files[] = { EXPORT_ARGS (files_form), "--crs", "EPSG:32636", utm, NULL };
  const char *args_degrees[] = { EXPORT_ARGS (degrees), "--basemap", lonlat, NULL };
  const char *args_without[] = { EXPORT_ARGS (without), NULL };
  guint differ;

  g_assert_cmpint (run_sitmap (refused, &err), ==, 1);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "kyiv-utm.shp"));
  g_assert_nonnull (strstr (err, "--crs"));
  g_assert_false (g_file_test (with_crs, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_sitmap (args_crs, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_sitmap (args_files, &err), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_sitmap (args_degrees, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (args_without, NULL), ==, 0);

  /* The square is there: a tenth of the map or so differs from the map
   * without it (1° × 1° of a 5° × 3.5° view). */
  differ = count_different_pixels (with_crs, without);
  g_test_message ("%u pixels differ from the map without the layer", differ);
  g_assert_cmpuint (differ, >, 400 * 300 / 30);
  /* And it is where the degrees put it: the same picture, give or take a
   * few pixels of antialiasing at its edges. */
  differ = count_different_pixels (with_crs, degrees);
  g_test_message ("%u pixels differ from the square given in degrees", differ);
  g_assert_cmpuint (differ, <, 40);
  g_assert_cmpuint (count_different_pixels (files_form, degrees), <, 40);

  fixture_remove_dir (dir);
}

/* --crs holds for the shapefiles after it only; one after the last is a
 * mistake, and a bad CRS is named. */
static void
test_crs_usage (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *utm = fixture_write_kyiv_utm_square (dir, "kyiv-utm");
  g_autofree char *utm2 = fixture_write_kyiv_utm_square (dir, "second");
  g_autofree char *out = g_build_filename (dir, "out.png", NULL);
  g_autofree char *err = NULL;
  const char *after[] = { EXPORT_ARGS (out), "--basemap", utm, "--crs", "EPSG:32636", NULL };
  const char *only_first[] = { EXPORT_ARGS (out), "--crs", "EPSG:32636", "--basemap", utm,
                               "--crs", "EPSG:4326", "--basemap", utm2, NULL };
  const char *bad[] = { EXPORT_ARGS (out), "--crs", "EPSG:12345678", "--basemap", utm, NULL };
  const char *name[] = { EXPORT_ARGS (out), "--crs", "UTM 36", "--basemap", utm, NULL };
  const char *window[] = { "--crs", "EPSG:32636", utm, NULL };

  g_assert_cmpint (run_sitmap (after, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--crs"));
  g_assert_nonnull (strstr (err, "after"));
  g_clear_pointer (&err, g_free);

  /* The second file read as degrees is no longitude/latitude. */
  g_assert_cmpint (run_sitmap (only_first, &err), ==, 1);
  g_assert_nonnull (strstr (err, "second.shp"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_sitmap (bad, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "“EPSG:12345678”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_sitmap (name, &err), ==, 2);
  g_test_message ("%s", err);
  g_assert_nonnull (strstr (err, "“UTM 36”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_sitmap (window, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--export"));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));

  fixture_remove_dir (dir);
}

static void
test_crs_help (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { g_getenv ("SITMAP_BIN"), "--help", NULL };
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (out, "--crs=CRS"));
  g_assert_nonnull (strstr (out, "EPSG:32636"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("SITMAP_BIN"));

  g_test_add_func ("/cli/crs/export", test_crs_export);
  g_test_add_func ("/cli/crs/usage", test_crs_usage);
  g_test_add_func ("/cli/crs/help", test_crs_help);

  return g_test_run ();
}
