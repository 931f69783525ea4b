/* test-export.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "sitmap-export.h"
#include "sitmap-map.h"

typedef struct
{
  SitmapMap      *map;
  SitmapViewport  viewport;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->map = sitmap_map_new ();
  g_assert_true (sitmap_map_load_builtin_basemaps (f->map, &error));
  g_assert_no_error (error);
  f->viewport.width = 640;
  f->viewport.height = 360;
  f->viewport.scale_factor = 1;
  sitmap_map_fit_home (f->map, &f->viewport);
  f->dir = g_dir_make_tmp ("sitmap-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_chmod (dir, 0755);
  while (handle && (name = g_dir_read_name (handle)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_clear_object (&f->map);
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
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  cairo_surface_t *png;
  cairo_surface_t *direct;
  int stride, differing = 0;

  g_assert_true (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);

  /* The file holds exactly what the renderer draws. */
  direct = sitmap_export_render_image (sitmap_map_get_renderer (f->map), &f->viewport);
  stride = cairo_image_surface_get_stride (png);
  for (int y = 0; y < 360; y++)
    for (int x = 0; x < 640; x++)
      {
        guint32 a = ((guint32 *)(void *)(cairo_image_surface_get_data (png) + y * stride))[x] & 0xffffff;
        guint32 b = ((guint32 *)(void *)(cairo_image_surface_get_data (direct) + y * cairo_image_surface_get_stride (direct)))[x] & 0xffffff;

        differing += a != b;
      }
  g_assert_cmpint (differing, ==, 0);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (png);
}

static void
test_vector_formats (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = g_build_filename (f->dir, "map.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "map.PDF", NULL);
  g_autofree char *svg_text = NULL;
  g_autofree char *pdf_bytes = NULL;
  gsize length;

  g_assert_true (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  g_assert_nonnull (strstr (svg_text, "width=\"640"));

  g_assert_true (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &pdf_bytes, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (pdf_bytes, "%PDF-", 5) == 0);
}

static void
test_unknown_format (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.bmp", NULL);

  g_assert_false (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, path, &error));
  g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "map.bmp"));
  g_assert_cmpuint (count_entries (f->dir), ==, 0);
}

/* A failed export must leave an existing file as it was and no stray
 * temporary file beside it. */
static void
test_failed_write_keeps_existing (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename (f->dir, "readonly", NULL);
  g_autofree char *path = g_build_filename (sub, "map.png", NULL);
  g_autofree char *contents = NULL;

  g_mkdir (sub, 0755);
  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_chmod (sub, 0555);

  if (access (sub, W_OK) == 0)
    {
      /* Root ignores permissions; a full device stands in for it. */
      g_chmod (sub, 0755);
      if (g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
        {
          g_assert_false (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport,
                                                 "/dev/full/map.png", &error));
          g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
          g_assert_nonnull (strstr (error->message, "/dev/full/map.png"));
        }
      g_clear_error (&error);
      /* A folder in the way of the file. */
      {
        g_autofree char *dir_png = g_build_filename (f->dir, "folder.png", NULL);

        g_mkdir (dir_png, 0755);
        g_assert_false (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, dir_png, &error));
        g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
        g_assert_true (g_file_test (dir_png, G_FILE_TEST_IS_DIR));
      }
    }
  else
    {
      g_assert_false (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, path, &error));
      g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
      g_assert_nonnull (strstr (error->message, path));
      g_chmod (sub, 0755);
    }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpuint (count_entries (sub), ==, 1);
}

static void
test_replaces_atomically (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  cairo_surface_t *png;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (sitmap_export_to_file (sitmap_map_get_renderer (f->map), &f->viewport, path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (png);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/export/vector-formats", Fixture, NULL, fixture_setup, test_vector_formats, fixture_teardown);
  g_test_add ("/export/unknown-format", Fixture, NULL, fixture_setup, test_unknown_format, fixture_teardown);
  g_test_add ("/export/failed-write-keeps-existing", Fixture, NULL, fixture_setup, test_failed_write_keeps_existing, fixture_teardown);
  g_test_add ("/export/replaces-atomically", Fixture, NULL, fixture_setup, test_replaces_atomically, fixture_teardown);

  return g_test_run ();
}
