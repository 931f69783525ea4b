/* test-hostile-cli.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless export on a sample of the damaged shapefiles of
 * damaged-shapefiles.c, as a user would run it: exit status 0, or 1 with
 * one line on stderr; never a signal, a hang or a sanitizer report.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <shapefil.h>

#include "damaged-shapefiles.h"
#include "fixtures-writer.h"

/* Seconds an export of a small map may take, even in _build-asan. */
#define EXPORT_TIMEOUT 60

/* Variants of each set run through the binary: one in SAMPLE_STRIDE, so
 * that each kind of damage still comes up across the sets. */
#define SAMPLE_STRIDE 11

static void
run_export (const char *shp_path,
            const char *dir,
            const char *variant_name)
{
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *timeout = g_strdup_printf ("%d", EXPORT_TIMEOUT);
  const char *argv[] = {
    "timeout", "-k", "5", timeout, g_getenv ("SITMAP_BIN"),
    "--export", png, "--size", "160x120", "--basemap", shp_path, NULL,
  };
  g_auto(GStrv) env = g_get_environ ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  g_remove (png);

  g_assert_true (g_spawn_sync (NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);

  g_test_message ("%s: %s", variant_name, err);
  if (!WIFEXITED (status))
    g_error ("%s: sitmap died of signal %d: %s", variant_name, WTERMSIG (status), err);
  if (WEXITSTATUS (status) == 124 || WEXITSTATUS (status) == 137)
    g_error ("%s: sitmap hung (killed after %d s)", variant_name, EXPORT_TIMEOUT);

  g_assert_null (strstr (err, "Sanitizer"));
  g_assert_null (strstr (err, "runtime error"));
  g_assert_null (strstr (err, "CRITICAL"));

  switch (WEXITSTATUS (status))
    {
    case 0:
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      break;
    case 1:
      lines = g_strsplit (g_strchomp (err), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 1);
      g_assert_true (g_str_has_prefix (lines[0], "sitmap: "));
      g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
      break;
    default:
      g_error ("%s: exit status %d: %s", variant_name, WEXITSTATUS (status), err);
    }
}

static void
export_variants (const char *shp_path,
                 guint       offset)
{
  g_autofree char *dir = fixture_make_dir ();
  GBytes *files[DAMAGED_N_FILES];
  g_autoptr(GPtrArray) variants = NULL;
  guint n_run = 0;

  damaged_read_set (shp_path, files);
  variants = damaged_variants_new (files);

  for (guint i = offset % SAMPLE_STRIDE; i < variants->len; i += SAMPLE_STRIDE)
    {
      const DamagedVariant *variant = g_ptr_array_index (variants, i);
      g_autofree char *path = damaged_variant_write (variant, dir, "v");

      run_export (path, dir, variant->name);
      n_run++;
    }
  g_test_message ("%u of %u variants exported", n_run, variants->len);
  g_assert_cmpuint (n_run, >, 10);

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    g_clear_pointer (&files[i], g_bytes_unref);
  fixture_remove_dir (dir);
}

static void
test_shipped_regions (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "boundaries",
                                            "ne_10m_ukraine_regions.shp", NULL);

  export_variants (path, 0);
}

static void
test_fixture (gconstpointer data)
{
  int type = GPOINTER_TO_INT (data);
  static const char * const fields[] = { "NAME", NULL };
  static const char * const values[] = { "Kyiv", "Kharkiv", "Lviv" };
  static const double ring[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
  static const double line[] = { 24, 48, 25, 49, 26, 48.5, 27, 49.5 };
  const FixtureShape polygons[] = {
    { 1, (const int[]){ 0 }, NULL, 5, ring }, { 0, NULL, NULL, 0, NULL },
    { 1, (const int[]){ 0 }, NULL, 5, ring },
  };
  const FixtureShape lines[] = {
    { 2, (const int[]){ 0, 2 }, NULL, 4, line }, { 1, (const int[]){ 0 }, NULL, 4, line },
    { 0, NULL, NULL, 0, NULL },
  };
  const FixtureShape points[] = {
    { 0, NULL, NULL, 1, ring }, { 0, NULL, NULL, 1, ring + 2 }, { 0, NULL, NULL, 1, ring + 4 },
  };
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *shp = NULL;

  shp = fixture_write_shapefile (dir, "set", type,
                                 type == SHPT_POLYGON ? polygons : type == SHPT_ARC ? lines : points,
                                 3, fields, values, "UTF-8");
  /* A different slice of the variants for each set. */
  export_variants (shp, type);
  fixture_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile-cli/shipped/ne-10m-ukraine-regions", test_shipped_regions);
  g_test_add_data_func ("/hostile-cli/fixture/polygon", GINT_TO_POINTER (SHPT_POLYGON),
                        test_fixture);
  g_test_add_data_func ("/hostile-cli/fixture/arc", GINT_TO_POINTER (SHPT_ARC), test_fixture);
  g_test_add_data_func ("/hostile-cli/fixture/point", GINT_TO_POINTER (SHPT_POINT), test_fixture);

  return g_test_run ();
}
