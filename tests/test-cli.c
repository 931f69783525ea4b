/* test-cli.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <cairo.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <shapefil.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixtures-writer.h"

/* Runs the real sitmap binary with no display, as a script or a server
 * would. */
static int
run_sitmap_raster (const char * const *args,
                   const char         *raster,
                   char              **out_stdout,
                   char              **out_stderr)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) env = g_get_environ ();
  int status = -1;

  env = g_environ_unsetenv (env, "DISPLAY");
  env = g_environ_unsetenv (env, "WAYLAND_DISPLAY");
  env = raster ? g_environ_setenv (env, "SITMAP_RASTER", raster, TRUE) : g_environ_unsetenv (env, "SITMAP_RASTER");

  g_ptr_array_add (argv, (char *)g_getenv ("SITMAP_BIN"));
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (char *)args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **)argv->pdata, env,
                               out_stdout ? G_SPAWN_DEFAULT : G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, out_stdout, out_stderr, &status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static int
run_sitmap_full (const char * const *args,
                 char              **out_stdout,
                 char              **out_stderr)
{
  return run_sitmap_raster (args, NULL, out_stdout, out_stderr);
}

static int
run_sitmap (const char * const *args,
            char              **out_stderr)
{
  return run_sitmap_full (args, NULL, out_stderr);
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

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle))
    n++;
  return n;
}

static void
test_bad_usage (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *x_png = g_build_filename (dir, "x.png", NULL);
  g_autofree char *x_bmp = g_build_filename (dir, "x.bmp", NULL);
  g_autofree char *x_pdf = g_build_filename (dir, "x.pdf", NULL);
  const char *bad_size[] = { "--export", x_png, "--size", "huge", NULL };
  const char *bad_format[] = { "--export", x_bmp, NULL };
  const char *bad_option[] = { "--no-such-option", NULL };
  const char *bad_unit[] = { "--export", x_png, "--size", "297x210ft", NULL };
  const char *fractional_pixels[] = { "--export", x_png, "--size", "100.5x200", NULL };
  const char *too_large[] = { "--export", x_png, "--size", "20000x10000", "--scale", "2", NULL };
  const char *too_small[] = { "--export", x_png, "--size", "10x10", NULL };
  const char *bad_scale[] = { "--export", x_png, "--scale", "zero", NULL };
  const char *scale_and_dpi[] = { "--export", x_png, "--scale", "2", "--dpi", "192", NULL };
  const char *scale_on_paper[] = { "--export", x_pdf, "--size", "297x210mm", "--scale", "2", NULL };
  const char *bad_dpi[] = { "--export", x_png, "--size", "297x210mm", "--dpi", "5", NULL };
  const char *bad_bbox[] = { "--export", x_png, "--bbox", "40,50,30,60", NULL };
  const char *short_bbox[] = { "--export", x_png, "--bbox", "10,40,30", NULL };
  const char *without_export[] = { "--no-legend", NULL };
  const char * const *usages[] = { bad_size, bad_format, bad_option, bad_unit, fractional_pixels, too_large,
                                   too_small, bad_scale, scale_and_dpi, scale_on_paper, bad_dpi, bad_bbox,
                                   short_bbox, without_export };

  for (guint i = 0; i < G_N_ELEMENTS (usages); i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_sitmap (usages[i], &err), ==, 2);
      g_assert_nonnull (strstr (err, "sitmap: "));
      /* Usage is checked before anything is drawn or written. */
      g_assert_cmpuint (count_entries (dir), ==, 0);
    }
  g_rmdir (dir);
}


/* A basemap in UTM zone 36N with a cp1251 DBF lands where it belongs: a
 * square drawn around Kyiv in metres covers the middle of a map centred
 * there, and is absent from the same map without it. */
static void
test_projected_basemap (void)
{
  static const double square[] = { 245565.76, 5466701.29, 256026.59, 5689005.69, 395428.40, 5684255.28,
                                   390948.51, 5461888.57, 245565.76, 5466701.29 };
  static const int part_start[] = { 0 };
  const FixtureShape shape = { 1, part_start, NULL, 5, square };
  static const char *fields[] = { "NAME", NULL };
  g_autofree char *kyiv_cp1251 = g_convert ("Київ", -1, "CP1251", "UTF-8", NULL, NULL, NULL);
  const char *values[] = { kyiv_cp1251 };
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *shp = fixture_write_shapefile (dir, "kyiv-utm", SHPT_POLYGON, &shape, 1, fields, values, "LDID/201");
  g_autofree char *prj = fixture_write_file (dir, "kyiv-utm.prj", "PROJCS[\"WGS_1984_UTM_Zone_36N\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",33.0],PARAMETER[\"Scale_Factor\",0.9996],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]", -1);
  g_autofree char *with = g_build_filename (dir, "with.png", NULL);
  g_autofree char *without = g_build_filename (dir, "without.png", NULL);
  const char *args_with[] = { "--export", with, "--size", "400x300", "--no-story", "--bbox", "29,49,32,51.6",
                              "--basemap", shp, NULL };
  const char *args_without[] = { "--export", without, "--size", "400x300", "--no-story", "--bbox", "29,49,32,51.6", NULL };
  cairo_surface_t *a, *b;
  guint32 pa, pb;

  g_assert_cmpint (run_sitmap (args_with, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (args_without, NULL), ==, 0);
  a = cairo_image_surface_create_from_png (with);
  b = cairo_image_surface_create_from_png (without);
  pa = ((guint32 *)(void *)(cairo_image_surface_get_data (a) + 150 * cairo_image_surface_get_stride (a)))[200] & 0xffffff;
  pb = ((guint32 *)(void *)(cairo_image_surface_get_data (b) + 150 * cairo_image_surface_get_stride (b)))[200] & 0xffffff;
  /* The user layer's orange tint: red well above blue, unlike plain land. */
  g_assert_cmpint ((int)((pa >> 16) & 0xff) - (int)(pa & 0xff), >, 30);
  g_assert_cmpint ((int)((pb >> 16) & 0xff) - (int)(pb & 0xff), <, 20);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  fixture_remove_dir (dir);
}

static void
test_help (void)
{
  const char *args[] = { "--help", NULL };
  const char *options[] = { "--export", "--size", "--scale", "--dpi", "--bbox", "--no-legend",
                            "--no-callouts", "--no-title", "--no-inset", "297x210mm", "Exit status" };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_sitmap_full (args, &out, &err), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_assert_nonnull (strstr (out, options[i]));
}

/* PDFs hold binary streams: strstr would stop at the first zero byte. */
static const char *
find_bytes (const char *data,
            gsize       length,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

/* The issue's own example: one vector page of A4, with no display. */
static void
test_export_paper (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *pdf = g_build_filename (dir, "map.pdf", NULL);
  g_autofree char *png = g_build_filename (dir, "map.png", NULL);
  g_autofree char *contents = NULL;
  const char *pdf_args[] = { "--export", pdf, "--size", "297x210mm", "--dpi", "300", NULL };
  const char *png_args[] = { "--export", png, "--size", "297x210mm", "--dpi", "300", NULL };
  cairo_surface_t *image;
  const char *box;
  gsize length;
  double w, h;

  g_assert_cmpint (run_sitmap (pdf_args, NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, NULL));
  box = find_bytes (contents, length, "/MediaBox [");
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf ]", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, 841.89, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 595.28, 0.01);
  g_assert_null (find_bytes (box + 1, length - (box + 1 - contents), "/MediaBox"));

  g_assert_cmpint (run_sitmap (png_args, NULL), ==, 0);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 3508);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 2480);
  cairo_surface_destroy (image);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TEST_OUTDIR"), "cli-export-a4.pdf", NULL);

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      g_rename (pdf, keep);
    }
  g_unlink (pdf);
  g_unlink (png);
  g_rmdir (dir);
}

static gboolean
same_file (const char *a,
           const char *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;
  gsize nx, ny;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  return nx == ny && memcmp (x, y, nx) == 0;
}

/* Leaving things out, or choosing the area, changes the picture. */
static void
test_export_choices (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *full = g_build_filename (dir, "full.png", NULL);
  g_autofree char *again = g_build_filename (dir, "again.png", NULL);
  g_autofree char *bare = g_build_filename (dir, "bare.png", NULL);
  g_autofree char *area = g_build_filename (dir, "area.png", NULL);
  const char *full_args[] = { "--export", full, "--size", "800x450", NULL };
  const char *again_args[] = { "--export", again, "--size", "800x450", NULL };
  const char *bare_args[] = { "--export", bare, "--size", "800x450", "--no-legend", "--no-title",
                              "--no-callouts", NULL };
  const char *area_args[] = { "--export", area, "--size", "800x450", "--bbox", "22,44,41,53", NULL };

  g_assert_cmpint (run_sitmap (full_args, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (again_args, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (bare_args, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (area_args, NULL), ==, 0);
  /* The same command writes the same bytes. */
  g_assert_true (same_file (full, again));
  g_assert_false (same_file (full, bare));
  g_assert_false (same_file (full, area));

  g_unlink (full);
  g_unlink (again);
  g_unlink (bare);
  g_unlink (area);
  g_rmdir (dir);
}

/* A failed write keeps what was there, and says where and why. */
static void
test_failed_write_keeps_file (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *path = g_build_filename (dir, "map.png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  const char *args[] = { "--export", path, "--size", "320x200", NULL };
  const char *lock[] = { "chattr", "+i", dir, NULL };
  const char *unlock[] = { "chattr", "-i", dir, NULL };
  int status = -1, exit_code;

  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_chmod (dir, 0555);
  if (access (dir, W_OK) == 0)
    {
      /* Root writes anywhere but into an immutable folder. */
      g_chmod (dir, 0755);
      if (!g_spawn_sync (NULL, (char **)lock, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
          !g_spawn_check_wait_status (status, NULL))
        {
          g_test_skip ("running as root where chattr +i is not available: no folder is read-only");
          g_unlink (path);
          g_rmdir (dir);
          return;
        }
    }

  exit_code = run_sitmap (args, &err);
  g_spawn_sync (NULL, (char **)unlock, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, NULL, NULL);
  g_chmod (dir, 0755);

  g_assert_cmpint (exit_code, ==, 1);
  assert_one_line_naming (err, path);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_unlink (path);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* SITMAP_RASTER=cairo sends what the scanline rasterizer draws through
 * cairo's stroker and filler: the same map, up to how the two antialias.
 * The fills match closely (both compute area coverage; cairo samples 15
 * sub-rows, which moves an edge pixel by a few levels).  The strokes
 * differ in three ways, each bounded: the rasterizer's coverage is the
 * line's width box-filtered across its centre line, which is off the
 * exact area by at most 0.043 at 45° (11/255 of ink contrast); where an
 * arc ends (at every junction of three countries, and where a line leaves
 * the view) cairo stops with the renderer's butt cap while the rasterizer
 * draws 0.5 px past the end; and at joins it overlaps segments where
 * cairo rounds.  A pixel that one of them covers and the other leaves is
 * the worst case: the border's peak coverage (0.8, its width) times its
 * contrast with the land under it (106/255 in the red channel), 85/255.
 * Those pixels sit only at arc ends, so the count of pixels off by more
 * than 40/255 stays under 0.1% of the image, and all differing pixels
 * (any change at all, most of them by a level or two along every stroke's
 * edge) under 5%. */
static void
test_export_raster_cairo (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *raster_path = g_build_filename (dir, "raster.png", NULL);
  g_autofree char *cairo_path = g_build_filename (dir, "cairo.png", NULL);
  const char *raster_args[] = { "--export", raster_path, "--size", "1920x1080", NULL };
  const char *cairo_args[] = { "--export", cairo_path, "--size", "1920x1080", NULL };
  cairo_surface_t *a, *b;
  const guint8 *pa, *pb;
  int width, height, stride;
  guint largest = 0;
  gsize differing = 0, far_off = 0, total;

  g_assert_cmpint (run_sitmap_raster (raster_args, NULL, NULL, NULL), ==, 0);
  g_assert_cmpint (run_sitmap_raster (cairo_args, "cairo", NULL, NULL), ==, 0);
  a = cairo_image_surface_create_from_png (raster_path);
  b = cairo_image_surface_create_from_png (cairo_path);
  g_assert_cmpint (cairo_surface_status (a), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (b), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (a);
  height = cairo_image_surface_get_height (a);
  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  g_assert_cmpint (cairo_image_surface_get_format (a), ==, cairo_image_surface_get_format (b));
  stride = cairo_image_surface_get_stride (a);
  g_assert_cmpint (cairo_image_surface_get_stride (b), ==, stride);
  pa = cairo_image_surface_get_data (a);
  pb = cairo_image_surface_get_data (b);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint worst = 0;

        for (int c = 0; c < 4; c++)
          {
            gsize at = (gsize)y * stride + 4 * x + c;

            worst = MAX (worst, (guint)ABS ((int)pa[at] - (int)pb[at]));
          }
        largest = MAX (largest, worst);
        differing += worst > 0;
        far_off += worst > 40;
      }
  total = (gsize)width * height;
  g_test_message ("raster against cairo: largest difference %u/255, %" G_GSIZE_FORMAT " pixels differ, %"
                  G_GSIZE_FORMAT " by more than 40", largest, differing, far_off);

  g_assert_cmpuint (largest, <=, 85);
  g_assert_cmpuint (far_off, <=, total / 1000);
  g_assert_cmpuint (differing, <=, total / 20);
  /* And the switch does switch: cairo's antialiasing is not the same. */
  g_assert_cmpuint (differing, >, 0);

  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
  g_unlink (raster_path);
  g_unlink (cairo_path);
  g_rmdir (dir);
}

static char *
builtin_article (void)
{
  return g_build_filename (g_getenv ("SITMAP_DATADIR"), "stories", "ukraine-2022-01", "article.txt", NULL);
}

/* Pixels of the inset's frame grey (84, 84, 92) along the rows just
 * inside the top right corner, where the built-in story's layout puts
 * the inset at 1920×1080: its frame's top edge is one of them. */
static guint
inset_frame_pixels (cairo_surface_t *png)
{
  int width = cairo_image_surface_get_width (png), stride = cairo_image_surface_get_stride (png);
  const guint8 *data;
  guint best = 0;

  cairo_surface_flush (png);
  data = cairo_image_surface_get_data (png);
  for (int y = 4; y < 16; y++)
    {
      guint count = 0;

      for (int x = width - 220; x < width - 20; x++)
        {
          const guint8 *p = data + y * stride + 4 * x;

          count += abs (p[2] - 84) < 8 && abs (p[1] - 84) < 8 && abs (p[0] - 92) < 8;
        }
      best = MAX (best, count);
    }
  return best;
}

/* The inset locator map is in an export, and --no-inset leaves it out. */
static void
test_export_inset (void)
{
  g_autofree char *dir = temp_dir ();
  g_autofree char *with = g_build_filename (dir, "with.png", NULL);
  g_autofree char *without = g_build_filename (dir, "without.png", NULL);
  const char *args_with[] = { "--export", with, "--size", "1920x1080", NULL };
  const char *args_without[] = { "--export", without, "--size", "1920x1080", "--no-inset", NULL };
  cairo_surface_t *png;
  guint n_with, n_without;

  g_assert_cmpint (run_sitmap (args_with, NULL), ==, 0);
  g_assert_cmpint (run_sitmap (args_without, NULL), ==, 0);

  png = cairo_image_surface_create_from_png (with);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  n_with = inset_frame_pixels (png);
  cairo_surface_destroy (png);
  png = cairo_image_surface_create_from_png (without);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  n_without = inset_frame_pixels (png);
  cairo_surface_destroy (png);

  g_test_message ("inset frame pixels in a row: %u with, %u without", n_with, n_without);
  /* The frame's edge runs the whole 200 pixels looked at; without the
   * inset no row there is one colour. */
  g_assert_cmpuint (n_with, >=, 190);
  g_assert_cmpuint (n_without, <, 40);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TEST_OUTDIR"), "cli-export-no-inset.png", NULL);
      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      g_rename (without, keep);
    }
  g_unlink (with);
  g_unlink (without);
  g_rmdir (dir);
}

static void
test_extract_json (void)
{
  g_autofree char *article = builtin_article ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--extract", article, "--date", "2022-01-15", "--json", NULL };
  JsonObject *root;
  gboolean kyiv = FALSE;

  g_assert_cmpint (run_sitmap_full (args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (root, "places") && json_object_has_member (root, "figures") &&
                 json_object_has_member (root, "dates"));
  for (guint i = 0; i < json_array_get_length (json_object_get_array_member (root, "places")); i++)
    {
      JsonObject *place = json_array_get_object_element (json_object_get_array_member (root, "places"), i);

      kyiv |= g_str_equal (json_object_get_string_member (place, "name"), "Kyiv");
    }
  g_assert_true (kyiv);
}

/* Each bad article: exit status 1 and one line that names the file. */
static void
test_extract_bad_input (void)
{
  g_autofree char *dir = temp_dir ();
  static const struct
  {
    const char *name;
    const char *data;
    gssize      length;
    const char *problem;
  } cases[] = {
    { "missing.txt", NULL, 0, "cannot read" },
    { "empty.txt", "", 0, "empty" },
    { "binary.txt", "Kyiv\0\0\0\x01", 8, "not a text file" },
    { "latin1.txt", "Kyiv \xE9t\xE9", 8, "not valid UTF-8" },
    { "huge.txt", NULL, -1, "too large" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *err = NULL;
      const char *args[] = { "--extract", path, "--json", NULL };

      if (cases[i].data)
        g_assert_true (g_file_set_contents (path, cases[i].data, cases[i].length, NULL));
      else if (cases[i].length < 0)
        {
          g_autofree char *huge = g_strnfill (3 * 1024 * 1024, 'a');

          g_assert_true (g_file_set_contents (path, huge, -1, NULL));
        }
      g_assert_cmpint (run_sitmap (args, &err), ==, 1);
      g_assert_nonnull (strstr (err, path));
      if (strstr (err, cases[i].problem) == NULL)
        g_error ("%s: %s", cases[i].name, err);
      g_assert_cmpint (strchr (err, '\n') - err, ==, strlen (err) - 1);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The draft opens and exports with no hand edit. */
static void
test_extract_draft_story (void)
{
  g_autofree char *article = builtin_article ();
  g_autofree char *dir = temp_dir ();
  g_autofree char *draft = g_build_filename (dir, "draft", NULL);
  g_autofree char *story = g_build_filename (draft, "story.geojson", NULL);
  g_autofree char *copy = g_build_filename (draft, "article.txt", NULL);
  g_autofree char *png_path = g_build_filename (dir, "draft.png", NULL);
  g_autofree char *err = NULL;
  g_autofree char *export_err = NULL;
  const char *args[] = { "--extract", article, "--date", "2022-01-15", "--draft-story", draft, NULL };
  const char *export_args[] = { story, "--export", png_path, "--size", "1280x720", NULL };
  cairo_surface_t *png;

  g_assert_cmpint (run_sitmap (args, &err), ==, 0);
  g_assert_true (g_file_test (story, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (run_sitmap (export_args, &export_err), ==, 0);
  png = cairo_image_surface_create_from_png (png_path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (png);
  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("TEST_OUTDIR"), "cli-draft-story.png", NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      if (g_file_get_contents (png_path, &contents, &length, NULL))
        g_file_set_contents (keep, contents, length, NULL);
    }

  g_unlink (png_path);
  g_unlink (story);
  g_unlink (copy);
  g_rmdir (draft);
  g_rmdir (dir);
}

static void
test_extract_usage (void)
{
  g_autofree char *article = builtin_article ();
  const char *json_alone[] = { "--json", NULL };
  const char *neither[] = { "--extract", article, NULL };
  const char *bad_date[] = { "--extract", article, "--date", "15/01/2022", "--json", NULL };
  g_autofree char *e1 = NULL, *e2 = NULL, *e3 = NULL;

  g_assert_cmpint (run_sitmap (json_alone, &e1), ==, 2);
  g_assert_cmpint (run_sitmap (neither, &e2), ==, 2);
  g_assert_cmpint (run_sitmap (bad_date, &e3), ==, 2);
  g_assert_nonnull (strstr (e3, "15/01/2022"));
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
  g_test_add_func ("/cli/projected-basemap", test_projected_basemap);
  g_test_add_func ("/cli/export-paper", test_export_paper);
  g_test_add_func ("/cli/export-choices", test_export_choices);
  g_test_add_func ("/cli/failed-write-keeps-file", test_failed_write_keeps_file);
  g_test_add_func ("/cli/export-raster-cairo", test_export_raster_cairo);
  g_test_add_func ("/cli/export-inset", test_export_inset);
  g_test_add_func ("/cli/extract-json", test_extract_json);
  g_test_add_func ("/cli/extract-bad-input", test_extract_bad_input);
  g_test_add_func ("/cli/extract-draft-story", test_extract_draft_story);
  g_test_add_func ("/cli/extract-usage", test_extract_usage);

  return g_test_run ();
}
