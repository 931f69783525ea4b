/* test-cli.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

/* Runs the real sitmap binary with no display, as a script or a server
 * would. */
static int
run_sitmap (const char * const *args,
            char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = -1;
  g_autofree char *out_stdout = NULL;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");

  g_ptr_array_add (argv, (char *)g_getenv ("SITMAP_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, env, G_SPAWN_DEFAULT,
                               NULL, NULL, &out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sitmap-cli-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_export_png_headless (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "m.png", NULL);
  g_autofree char *err = NULL;
  const char *args[] = { "--export", path, "--size", "1920x1080", NULL };
  cairo_surface_t *png;

  g_assert_cmpint (run_sitmap (args, &err), ==, 0);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 1920);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 1080);
  cairo_surface_destroy (png);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TEST_OUTDIR"), "cli-export-1920x1080.png", NULL);
      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      g_rename (path, keep);
    }
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_export_scale (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "m.png", NULL);
  const char *args[] = { "--export", path, "--size", "400x300", "--scale", "2", NULL };
  cairo_surface_t *png;

  g_assert_cmpint (run_sitmap (args, NULL), ==, 0);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 600);
  cairo_surface_destroy (png);
  g_unlink (path);
  g_rmdir (dir);
}

static void
assert_one_line_naming (const char *err,
                        const char *name)
{
  g_assert_nonnull (err);
  g_assert_nonnull (strstr (err, name));
  /* One line: a single newline, at the end. */
  g_assert_true (g_str_has_suffix (err, "\n"));
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);
}

static void
test_bad_basemaps (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *out = g_build_filename (dir, "m.png", NULL);
  g_autofree char *text_shp = g_build_filename (dir, "notes.shp", NULL);
  g_autofree char *empty_shp = g_build_filename (dir, "empty.shp", NULL);
  g_autofree char *missing_shp = g_build_filename (dir, "missing.shp", NULL);
  const char *bad[] = { text_shp, empty_shp, missing_shp };

  g_assert_true (g_file_set_contents (text_shp, "This is not a shapefile at all.\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty_shp, "", 0, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *err = NULL;
      g_autofree char *base = g_path_get_basename (bad[i]);
      const char *args[] = { "--export", out, "--size", "320x200", "--basemap", bad[i], NULL };

      g_assert_cmpint (run_sitmap (args, &err), ==, 1);
      assert_one_line_naming (err, base);
      g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
    }

  g_unlink (text_shp);
  g_unlink (empty_shp);
  g_rmdir (dir);
}

static void
test_unwritable_target (void)
{
  g_autofree char *err = NULL;
  const char *args[] = { "--export", "/nonexistent-folder/m.png", "--size", "320x200", NULL };

  g_assert_cmpint (run_sitmap (args, &err), ==, 1);
  assert_one_line_naming (err, "/nonexistent-folder/m.png");
}

static void
test_bad_usage (void)
{
  const char *bad_size[] = { "--export", "/tmp/x.png", "--size", "huge", NULL };
  const char *bad_format[] = { "--export", "/tmp/x.bmp", NULL };
  const char *bad_option[] = { "--no-such-option", NULL };

  g_assert_cmpint (run_sitmap (bad_size, NULL), ==, 2);
  g_assert_cmpint (run_sitmap (bad_format, NULL), ==, 2);
  g_assert_cmpint (run_sitmap (bad_option, NULL), ==, 2);
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_sitmap (args, &err), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_assert_nonnull (g_getenv ("SITMAP_BIN"));

  g_test_add_func ("/cli/export-png-headless", test_export_png_headless);
  g_test_add_func ("/cli/export-scale", test_export_scale);
  g_test_add_func ("/cli/bad-basemaps", test_bad_basemaps);
  g_test_add_func ("/cli/unwritable-target", test_unwritable_target);
  g_test_add_func ("/cli/bad-usage", test_bad_usage);
  g_test_add_func ("/cli/help", test_help);

  return g_test_run ();
}
