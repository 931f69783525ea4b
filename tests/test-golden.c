/* test-golden.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The built-in story exported as users get it (the same calls as
 * `sitmap --export`), held to the files recorded in tests/data/golden/
 * before the code was reorganised: moving code must not change a pixel.
 * SITMAP_GOLDEN_RECORD=1 writes the files afresh instead (see the README
 * there).
 */

#undef G_DISABLE_ASSERT

#define _GNU_SOURCE

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "sitmap-export.h"
#include "sitmap-map.h"
#include "sitmap-test-golden.h"

typedef struct
{
  const char *name;         /* the golden file */
  const char *export_name;  /* what is exported: its extension picks the format */
  int         width;
  int         height;
  double      scale;
  gboolean    world;
} GoldenCase;

static const GoldenCase cases[] = {
  { "story-1920x1080.png", "story-1920x1080.png", 1920, 1080, 1, FALSE },
  /* --size 1920x1080 --scale 2, as the README documents 3840×2160. */
  { "story-3840x2160.png", "story-3840x2160.png", 1920, 1080, 2, FALSE },
  /* Cairo's SVG is 1.2 MB of text; gzip keeps the repository small. */
  { "story-1920x1080.svg.gz", "story-1920x1080.svg", 1920, 1080, 1, FALSE },
  { "story-1920x1080.pdf", "story-1920x1080.pdf", 1920, 1080, 1, FALSE },
  /* --bbox -180,-85,180,85 */
  { "world-1920x1080.png", "world-1920x1080.png", 1920, 1080, 1, TRUE },
};

static const double world_bbox[4] = { -180, -85, 180, 85 };

static gboolean
recording (void)
{
  return g_strcmp0 (g_getenv ("SITMAP_GOLDEN_RECORD"), "1") == 0;
}

static char *
golden_path (const char *name)
{
  const char *dir = g_getenv ("SITMAP_GOLDEN_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static char *
export_case (const GoldenCase *c,
             const char       *dir)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(SitmapRenderer) renderer = sitmap_renderer_new (map);
  g_autoptr(GError) error = NULL;
  SitmapExportOptions options = SITMAP_EXPORT_OPTIONS_INIT;
  SitmapViewport viewport = { 0 };
  char *path = g_build_filename (dir, c->export_name, NULL);

  g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
  g_assert_no_error (error);
  g_assert_true (sitmap_map_load_builtin_story (map, &error));
  g_assert_no_error (error);
  viewport.width = c->width;
  viewport.height = c->height;
  viewport.scale_factor = c->scale;
  if (c->world)
    sitmap_map_set_home_extent (map, world_bbox);
  sitmap_map_fit_home (map, &viewport);
  g_assert_true (sitmap_export_to_file_full (renderer, &viewport, &options, path,
                                             NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static GBytes *
read_gzip (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) raw = g_file_read (file, NULL, &error);
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();

  g_assert_no_error (error);
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  stream = g_converter_input_stream_new (G_INPUT_STREAM (raw), G_CONVERTER (gunzip));
  g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

static void
write_gzip (const char *from,
            const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(GZlibCompressor) gzip = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  g_autoptr(GFile) file = g_file_new_for_path (to);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GOutputStream) stream = NULL;

  g_assert_true (g_file_get_contents (from, &contents, &length, &error));
  out = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  stream = g_converter_output_stream_new (G_OUTPUT_STREAM (out), G_CONVERTER (gzip));
  g_assert_true (g_output_stream_write_all (stream, contents, length, NULL, NULL, &error));
  g_assert_true (g_output_stream_close (stream, NULL, &error));
  g_assert_no_error (error);
}

/* cairo stamps every PDF with the time it was made; nothing else in the
 * file changes from one run to the next.  The stamp is blanked in place,
 * as the file is binary. */
static void
normalise_pdf (char  *contents,
               gsize  length)
{
  static const char *keys[] = { "/CreationDate (D:", "/ModDate (D:" };

  for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
    {
      gsize key_length = strlen (keys[k]);
      char *at = contents;

      while ((at = memmem (at, length - (at - contents), keys[k], key_length)))
        {
          for (at += key_length; at < contents + length && *at != ')'; at++)
            *at = '0';
        }
    }
}

/* cairo names an SVG's surfaces by a counter of every surface the
 * process has made, so the names depend on what ran before; they are
 * renumbered in order of appearance.  Everything else is compared byte for
 * byte. */
static gboolean
renumber_surface (const GMatchInfo *match,
                  GString          *result,
                  gpointer          data)
{
  GHashTable *numbers = data;
  g_autofree char *old = g_match_info_fetch (match, 1);
  gpointer number;

  if (!g_hash_table_lookup_extended (numbers, old, NULL, &number))
    {
      number = GUINT_TO_POINTER (g_hash_table_size (numbers));
      g_hash_table_insert (numbers, g_strdup (old), number);
    }
  g_string_append_printf (result, "surface%u", GPOINTER_TO_UINT (number));
  return FALSE;
}

static char *
normalise_svg (const char *contents,
               gsize       length)
{
  g_autoptr(GRegex) surface = g_regex_new ("surface([0-9]+)", 0, 0, NULL);
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  char *normal;

  g_assert_null (memchr (contents, 0, length));
  normal = g_regex_replace_eval (surface, contents, length, 0, 0, renumber_surface, numbers, NULL);
  g_assert_nonnull (normal);
  return normal;
}

/* Pixel-identical: the export is drawn by our own rasterizer and Pango
 * with the fonts Debian 12 ships, all deterministic, so any difference at
 * all means the code drew something else.  On failure the export is kept
 * in TEST_OUTDIR to look at beside the golden file. */
static void
compare_png (const char *golden,
             const char *path)
{
  cairo_surface_t *want = cairo_image_surface_create_from_png (golden);
  cairo_surface_t *got = cairo_image_surface_create_from_png (path);
  int width, height, want_stride, got_stride;
  guint differing = 0, largest = 0;

  g_assert_cmpint (cairo_surface_status (want), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_surface_status (got), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (want);
  height = cairo_image_surface_get_height (want);
  g_assert_cmpint (cairo_image_surface_get_width (got), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (got), ==, height);
  want_stride = cairo_image_surface_get_stride (want);
  got_stride = cairo_image_surface_get_stride (got);

  for (int y = 0; y < height; y++)
    {
      const guint8 *a = cairo_image_surface_get_data (want) + y * want_stride;
      const guint8 *b = cairo_image_surface_get_data (got) + y * got_stride;
      for (int x = 0; x < width; x++)
        {
          guint diff = 0;

          for (int k = 0; k < 4; k++)
            diff = MAX (diff, (guint)ABS (a[4 * x + k] - b[4 * x + k]));
          if (diff)
            differing++;
          largest = MAX (largest, diff);
        }
    }
  cairo_surface_destroy (want);
  cairo_surface_destroy (got);

  if (differing)
    g_test_message ("%s: %u pixels differ, by up to %u", path, differing, largest);
  sitmap_test_assert_near_golden (width * height, differing, largest);
}

static void
test_golden (gconstpointer data)
{
  const GoldenCase *c = data;
  g_autoptr(GError) error = NULL;
  const char *outdir = g_getenv ("TEST_OUTDIR");
  g_autofree char *dir = NULL;
  g_autofree char *golden = golden_path (c->name);
  g_autofree char *path = NULL;

  /* Kept where the other tests keep their output, to look at. */
  dir = outdir ? g_build_filename (outdir, "golden", NULL) : g_dir_make_tmp ("sitmap-golden-XXXXXX", &error);
  g_assert_no_error (error);
  g_mkdir_with_parents (dir, 0755);
  path = export_case (c, dir);

  if (recording ())
    {
      if (g_str_has_suffix (c->name, ".gz"))
        write_gzip (path, golden);
      else
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &contents, &length, &error));
          g_assert_true (g_file_set_contents (golden, contents, length, &error));
        }
      g_assert_no_error (error);
      g_test_message ("recorded %s", golden);
      return;
    }

  g_assert_true (g_file_test (golden, G_FILE_TEST_EXISTS));
  if (g_str_has_suffix (c->name, ".png"))
    compare_png (golden, path);
  else
    {
      g_autofree char *got = NULL;
      gsize got_length;
      g_autoptr(GBytes) want = NULL;

      g_assert_true (g_file_get_contents (path, &got, &got_length, &error));
      if (g_str_has_suffix (c->name, ".gz"))
        want = read_gzip (golden);
      else
        {
          char *contents;
          gsize length;

          g_assert_true (g_file_get_contents (golden, &contents, &length, &error));
          want = g_bytes_new_take (contents, length);
        }

      if (g_str_has_suffix (c->export_name, ".pdf"))
        {
          g_autofree char *want_copy = g_memdup2 (g_bytes_get_data (want, NULL), g_bytes_get_size (want));

          normalise_pdf (want_copy, g_bytes_get_size (want));
          normalise_pdf (got, got_length);
          g_assert_cmpmem (got, got_length, want_copy, g_bytes_get_size (want));
        }
      else
        {
          g_autofree char *want_normal = normalise_svg (g_bytes_get_data (want, NULL), g_bytes_get_size (want));
          g_autofree char *got_normal = normalise_svg (got, got_length);

          gsize at = 0;

          /* Both are a megabyte: say where they part, not what they say. */
          while (got_normal[at] && got_normal[at] == want_normal[at])
            at++;
          if (got_normal[at] != want_normal[at])
            g_test_message ("%s differs from %s from byte %" G_GSIZE_FORMAT " on", path, golden, at);
          g_assert_cmpuint (at, ==, strlen (want_normal));
          g_assert_cmpuint (strlen (got_normal), ==, strlen (want_normal));
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/golden/%s", cases[i].name);

      g_test_add_data_func (name, &cases[i], test_golden);
    }
  return g_test_run ();
}
