/* test-export.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include "sitmap-export.h"
#include "sitmap-map.h"
#include "sitmap-parallel-deflate.h"
#include "test-files.h"

typedef struct
{
  SitmapMap      *map;
  SitmapRenderer *renderer;
  SitmapViewport  viewport;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->map = sitmap_map_new ();
  f->renderer = sitmap_renderer_new (f->map);
  g_assert_true (sitmap_map_load_builtin_basemaps (f->map, &error));
  g_assert_no_error (error);
  if (data != NULL)
    {
      g_assert_true (sitmap_map_load_builtin_story (f->map, &error));
      g_assert_no_error (error);
    }
  f->viewport.width = 640;
  f->viewport.height = 360;
  f->viewport.scale_factor = 1;
  sitmap_map_fit_home (f->map, &f->viewport);
  f->dir = g_dir_make_tmp ("sitmap-export-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_clear_object (&f->renderer);
  g_clear_object (&f->map);
}

static SitmapRenderer *
renderer_of (Fixture *f)
{
  return f->renderer;
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (handle);
  while (g_dir_read_name (handle))
    n++;
  return n;
}

static void
keep_output (const char *path,
             const char *name)
{
  g_autofree char *keep = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (g_getenv ("TEST_OUTDIR") == NULL)
    return;
  g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
  keep = g_build_filename (g_getenv ("TEST_OUTDIR"), name, NULL);
  if (g_file_get_contents (path, &contents, &length, NULL))
    g_file_set_contents (keep, contents, length, NULL);
}

/* Pixels of a and b that differ by more than tolerance in a channel. */
static int
count_differing (cairo_surface_t *a,
                 cairo_surface_t *b,
                 int              tolerance)
{
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  int differing = 0;

  g_assert_cmpint (cairo_image_surface_get_width (b), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (b), ==, height);
  cairo_surface_flush (a);
  cairo_surface_flush (b);

  for (int y = 0; y < height; y++)
    {
      const guint32 *row_a = (const guint32 *)(const void *)(cairo_image_surface_get_data (a) +
                                                             (gsize)y * cairo_image_surface_get_stride (a));
      const guint32 *row_b = (const guint32 *)(const void *)(cairo_image_surface_get_data (b) +
                                                             (gsize)y * cairo_image_surface_get_stride (b));

      for (int x = 0; x < width; x++)
        {
          int delta = 0;

          for (int shift = 0; shift < 24; shift += 8)
            delta = MAX (delta, abs ((int)((row_a[x] >> shift) & 0xff) - (int)((row_b[x] >> shift) & 0xff)));
          differing += delta > tolerance;
        }
    }

  return differing;
}

static void
test_png (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  cairo_surface_t *png;
  cairo_surface_t *direct;

  g_assert_true (sitmap_export_to_file (renderer_of (f), &f->viewport, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 640);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 360);

  /* The file holds exactly what the renderer draws. */
  direct = sitmap_export_render_image (renderer_of (f), &f->viewport);
  g_assert_cmpint (count_differing (png, direct, 0), ==, 0);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (png);
}

/* A large PNG is drawn strip by strip; the strips agree with the map
 * drawn in one piece but for a few antialiased edges. */
static void
test_png_strips_match (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "big.png", NULL);
  SitmapViewport print = f->viewport;
  cairo_surface_t *png;
  cairo_surface_t *direct;
  int differing;

  /* 4200 pixels a row: 249 rows a strip, so eight strip edges. */
  print.width = 4200;
  print.height = 2400;
  print.scale_factor = 1;
  sitmap_map_fit_home (f->map, &print);

  g_assert_true (sitmap_export_to_file (renderer_of (f), &print, path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  direct = sitmap_export_render_image (renderer_of (f), &print);
  differing = count_differing (png, direct, 16);
  g_test_message ("%d of 4200x2400 pixels differ by more than 16 levels", differing);
  g_assert_cmpint (differing, <, 4200 * 2400 / 10000);

  cairo_surface_destroy (direct);
  cairo_surface_destroy (png);
}

/* Appends to stream the parts the deflater hands back (see
 * sitmap_parallel_deflate_pop ()); how many. */
static guint
append_popped (SitmapParallelDeflate  *deflater,
               gboolean                wait,
               GByteArray             *stream,
               GError                **error)
{
  GBytes *part;
  guint popped = 0;

  while ((part = sitmap_parallel_deflate_pop (deflater, wait, error)) != NULL)
    {
      g_byte_array_append (stream, g_bytes_get_data (part, NULL), (guint)g_bytes_get_size (part));
      g_bytes_unref (part);
      popped++;
    }
  return popped;
}

/* The parts, compressed apart and joined in order, inflate to the input
 * with zlib's own checks of the header and the checksum; parts popped
 * without waiting come in order too.  Flat runs and noise, as a map's
 * rows have, and parts smaller than a window and larger. */
static void
test_parallel_deflate (void)
{
  static const gsize sizes[] = { 1, 7, 40000, 1 << 20, 3, 200000, 65536, 12 };
  g_autoptr(GByteArray) input = g_byte_array_new ();
  g_autoptr(GByteArray) stream = g_byte_array_new ();
  g_autoptr(SitmapParallelDeflate) deflater = sitmap_parallel_deflate_new (3);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261204);
  g_autofree guint8 *inflated = NULL;
  uLongf inflated_length;
  g_autoptr(GError) error = NULL;
  guint popped = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint8 *bytes = g_malloc (sizes[i]);

      for (gsize j = 0; j < sizes[i]; j++)
        bytes[j] = (j / 997) % 3 == 0 ? (guint8)g_rand_int (rand) : (guint8)(i * 31 + j / 5000);
      g_byte_array_append (input, bytes, (guint)sizes[i]);
      sitmap_parallel_deflate_push (deflater, bytes, sizes[i], i + 1 == G_N_ELEMENTS (sizes));
      popped += append_popped (deflater, i % 2 == 0, stream, &error);
      g_assert_no_error (error);
    }
  popped += append_popped (deflater, TRUE, stream, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (popped, ==, G_N_ELEMENTS (sizes));
  g_assert_cmpuint (sitmap_parallel_deflate_get_waiting (deflater), ==, 0);
  g_assert_cmpuint (stream->len, <, input->len / 2);

  inflated_length = input->len;
  inflated = g_malloc (inflated_length);
  g_assert_cmpint (uncompress (inflated, &inflated_length, stream->data, stream->len), ==, Z_OK);
  g_assert_cmpmem (inflated, inflated_length, input->data, input->len);

  /* A damaged checksum is caught: the trailer is the whole stream's. */
  stream->data[stream->len - 1] ^= 1;
  inflated_length = input->len;
  g_assert_cmpint (uncompress (inflated, &inflated_length, stream->data, stream->len), ==, Z_DATA_ERROR);
}

/* Freed with parts still being compressed and never popped: nothing is
 * left running on memory that is gone (valgrind and the sanitizers watch
 * this one). */
static void
test_parallel_deflate_abandoned (void)
{
  SitmapParallelDeflate *deflater = sitmap_parallel_deflate_new (1);

  for (int i = 0; i < 6; i++)
    sitmap_parallel_deflate_push (deflater, g_malloc0 (300000), 300000, i == 5);
  sitmap_parallel_deflate_free (deflater);
}

/* ---- Metadata and formats ----------------------------------------------- */

typedef struct
{
  GHashTable  *text;
  png_uint_32  width;
  png_uint_32  height;
  png_uint_32  pixels_per_metre;
} PngInfo;

static void
read_png_info (const char *path,
               PngInfo    *out)
{
  FILE *file = fopen (path, "rb");
  png_structp png = png_create_read_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  png_textp texts;
  int n_texts = 0, unit = 0;
  png_uint_32 res_y;

  g_assert_nonnull (file);
  g_assert_false (setjmp (png_jmpbuf (png)));
  png_init_io (png, file);
  png_read_info (png, info);

  out->text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  png_get_text (png, info, &texts, &n_texts);
  for (int i = 0; i < n_texts; i++)
    g_hash_table_insert (out->text, g_strdup (texts[i].key), g_strdup (texts[i].text));
  out->width = png_get_image_width (png, info);
  out->height = png_get_image_height (png, info);
  out->pixels_per_metre = 0;
  if (png_get_pHYs (png, info, &out->pixels_per_metre, &res_y, &unit) == 0 || unit != PNG_RESOLUTION_METER)
    out->pixels_per_metre = 0;

  png_destroy_read_struct (&png, &info, NULL);
  fclose (file);
}

static void
test_png_metadata (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  g_autofree char *description = NULL;
  PngInfo info;

  g_assert_true (sitmap_export_to_file (renderer_of (f), &f->viewport, path, &error));
  g_assert_no_error (error);
  read_png_info (path, &info);

  description = sitmap_renderer_describe (renderer_of (f), &f->viewport);
  g_assert_cmpstr (g_hash_table_lookup (info.text, "Title"), ==,
                   "Russia masses troops on Ukraine’s border as a week of diplomacy fails");
  g_assert_cmpstr (g_hash_table_lookup (info.text, "Description"), ==, description);
  g_assert_true (g_str_has_prefix (description, "Situation map for"));
  g_assert_nonnull (strstr (g_hash_table_lookup (info.text, "Source"), "The Globe and Mail, 15 January 2022"));
  g_assert_cmpstr (g_hash_table_lookup (info.text, "Author"), ==, "The Globe and Mail");
  g_assert_nonnull (strstr (g_hash_table_lookup (info.text, "Copyright"), "Natural Earth"));
  g_assert_nonnull (g_hash_table_lookup (info.text, "Software"));
  /* A pixel size is not a print size: no resolution is claimed. */
  g_assert_cmpuint (info.pixels_per_metre, ==, 0);
  g_hash_table_unref (info.text);
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

static guint
count_bytes (const char *data,
             gsize       length,
             const char *needle)
{
  guint n = 0;

  for (const char *at = data; (at = find_bytes (at, length - (at - data), needle)) != NULL; at++)
    n++;
  return n;
}

/* The value of a PDF info string, literal or UTF-16 hex. */
static char *
pdf_info_string (const char *data,
                 gsize       length,
                 const char *key)
{
  const char *at = find_bytes (data, length, key);
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  if (at == NULL)
    return NULL;
  at += strlen (key);
  while (*at == ' ')
    at++;
  if (*at == '(')
    {
      const char *end = strchr (at, ')');

      return end ? g_strndup (at + 1, end - at - 1) : NULL;
    }
  if (*at != '<')
    return NULL;
  for (at++; g_ascii_isxdigit (at[0]) && g_ascii_isxdigit (at[1]); at += 2)
    {
      guint8 byte = g_ascii_xdigit_value (at[0]) << 4 | g_ascii_xdigit_value (at[1]);

      g_byte_array_append (bytes, &byte, 1);
    }
  if (bytes->len < 2 || bytes->data[0] != 0xfe || bytes->data[1] != 0xff)
    return NULL;
  return g_convert ((const char *)bytes->data + 2, bytes->len - 2, "UTF-8", "UTF-16BE", NULL, NULL, NULL);
}

static void
assert_pdf_page (const char *path,
                 double      width_pt,
                 double      height_pt)
{
  g_autofree char *contents = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  gsize length;
  const char *box;
  double w, h;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (memcmp (contents, "%PDF-", 5) == 0);
  /* One page object: "/Type /Pages" is the page tree. */
  g_assert_cmpuint (count_bytes (contents, length, "/Type /Page\n") + count_bytes (contents, length, "/Type /Page "),
                    ==, 1);
  g_assert_cmpuint (count_bytes (contents, length, "/MediaBox"), ==, 1);
  box = find_bytes (contents, length, "/MediaBox [");
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf ]", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, width_pt, 0.01);
  g_assert_cmpfloat_with_epsilon (h, height_pt, 0.01);

  title = pdf_info_string (contents, length, "/Title");
  subject = pdf_info_string (contents, length, "/Subject");
  g_assert_cmpstr (title, ==, "Russia masses troops on Ukraine’s border as a week of diplomacy fails");
  g_assert_nonnull (subject);
  g_assert_true (g_str_has_prefix (subject, "Situation map for"));
  g_assert_nonnull (find_bytes (contents, length, "/Author (The Globe and Mail)"));
}

typedef struct
{
  int      depth;
  gboolean svg;
  char    *width;
  char    *height;
  char    *title;
  char    *desc;
  GString *text;
} SvgCheck;

static void
on_svg_start (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  SvgCheck *check = data;

  if (check->depth == 0 && g_strcmp0 (element, "svg") == 0)
    {
      check->svg = TRUE;
      for (guint i = 0; names[i]; i++)
        if (g_strcmp0 (names[i], "width") == 0)
          check->width = g_strdup (values[i]);
        else if (g_strcmp0 (names[i], "height") == 0)
          check->height = g_strdup (values[i]);
    }
  g_string_truncate (check->text, 0);
  check->depth++;
}

static void
on_svg_end (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  SvgCheck *check = data;

  check->depth--;
  /* Only the document's own title and description, right under <svg>. */
  if (check->depth == 1 && g_strcmp0 (element, "title") == 0)
    check->title = g_strdup (check->text->str);
  else if (check->depth == 1 && g_strcmp0 (element, "desc") == 0)
    check->desc = g_strdup (check->text->str);
}

static void
on_svg_text (GMarkupParseContext  *context,
             const char           *text,
             gsize                 length,
             gpointer              data,
             GError              **error)
{
  g_string_append_len (((SvgCheck *)data)->text, text, length);
}

/* A real XML parse: well-formed, one <svg> root with a size, and the
 * document's title and description. */
static void
check_svg (const char *path,
           SvgCheck   *check)
{
  static const GMarkupParser parser = { on_svg_start, on_svg_end, on_svg_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char *body;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  /* GMarkup reads no XML declaration. */
  body = g_str_has_prefix (contents, "<?xml") ? strstr (contents, "?>") + 2 : contents;
  memset (check, 0, sizeof *check);
  check->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, check, NULL);
  g_assert_true (g_markup_parse_context_parse (context, body, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_true (check->svg);
  g_assert_cmpint (check->depth, ==, 0);
}

static void
svg_check_clear (SvgCheck *check)
{
  g_free (check->width);
  g_free (check->height);
  g_free (check->title);
  g_free (check->desc);
  g_string_free (check->text, TRUE);
}

static void
test_vector_formats (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *svg = g_build_filename (f->dir, "map.svg", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "map.PDF", NULL);
  g_autofree char *description = sitmap_renderer_describe (renderer_of (f), &f->viewport);
  SvgCheck check;

  g_assert_true (sitmap_export_to_file (renderer_of (f), &f->viewport, svg, &error));
  g_assert_no_error (error);
  check_svg (svg, &check);
  g_assert_cmpstr (check.width, ==, "640px");
  g_assert_cmpstr (check.height, ==, "360px");
  g_assert_cmpstr (check.title, ==, "Russia masses troops on Ukraine’s border as a week of diplomacy fails");
  g_assert_true (g_str_has_prefix (check.desc, description));
  g_assert_nonnull (strstr (check.desc, "Natural Earth"));
  svg_check_clear (&check);

  g_assert_true (sitmap_export_to_file (renderer_of (f), &f->viewport, pdf, &error));
  g_assert_no_error (error);
  /* A logical pixel is 1/96 inch, three quarters of a point. */
  assert_pdf_page (pdf, 480, 270);
  g_assert_cmpuint (count_entries (f->dir), ==, 2);
}

/* A4 at 300 dpi: 3508 × 2480 pixels that say so, or a vector page of
 * exactly 297 × 210 mm; text at its size on screen either way. */
static void
test_paper (Fixture       *f,
            gconstpointer  data)
{
  static const SitmapExportOptions print = { TRUE, TRUE, TRUE, 300 };
  g_autoptr(GError) error = NULL;
  g_autofree char *png = g_build_filename (f->dir, "a4.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "a4.pdf", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "a4.svg", NULL);
  const char *paths[] = { png, pdf, svg };
  SitmapViewport view = f->viewport;
  SitmapViewport page;
  double x0, y0, x1, y1, px0, py0, px1, py1;
  SvgCheck check;
  PngInfo info;

  view.width = 1600;
  view.height = 900;
  sitmap_map_fit_home (f->map, &view);
  sitmap_export_viewport_for_paper (&view, 297, 210, 300, &page);
  g_assert_cmpfloat (page.scale_factor, ==, 300.0 / 96);
  g_assert_cmpfloat_with_epsilon (page.width, 297 / 25.4 * 96, 1e-9);
  g_assert_cmpfloat (page.centre_x, ==, view.centre_x);
  g_assert_cmpfloat (page.centre_y, ==, view.centre_y);
  /* The window's whole extent is on the page. */
  sitmap_viewport_to_map (&view, 0, 0, &x0, &y0);
  sitmap_viewport_to_map (&view, view.width, view.height, &x1, &y1);
  sitmap_viewport_to_map (&page, 0, 0, &px0, &py0);
  sitmap_viewport_to_map (&page, page.width, page.height, &px1, &py1);
  g_assert_cmpfloat (px0, <=, x0 + 1e-6);
  g_assert_cmpfloat (px1, >=, x1 - 1e-6);
  g_assert_cmpfloat (py0, >=, y0 - 1e-6);
  g_assert_cmpfloat (py1, <=, y1 + 1e-6);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_assert_true (sitmap_export_to_file_full (renderer_of (f), &page, &print, paths[i], NULL, NULL, NULL, &error));
      g_assert_no_error (error);
    }
  keep_output (png, "export-a4-300dpi.png");

  read_png_info (png, &info);
  g_assert_cmpuint (info.width, ==, 3508);
  g_assert_cmpuint (info.height, ==, 2480);
  g_assert_cmpuint (info.pixels_per_metre, ==, 11811);
  g_hash_table_unref (info.text);

  assert_pdf_page (pdf, 297 / 25.4 * 72, 210 / 25.4 * 72);

  check_svg (svg, &check);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (check.width, NULL), 297 / 25.4 * 96, 0.01);
  g_assert_true (g_str_has_suffix (check.width, "px"));
  svg_check_clear (&check);
}

/* Pixel sizes keep the view's centre and resolution and scale the whole
 * page: in the view's proportions, every marker, label and callout is
 * where the view has it. */
static void
test_viewport_for_pixels (Fixture       *f,
                          gconstpointer  data)
{
  SitmapRenderer *renderer = renderer_of (f);
  SitmapStory *story = sitmap_map_get_story (sitmap_renderer_get_map (renderer));
  SitmapViewport view = f->viewport, uhd, wide;
  guint callouts = 0;

  view.width = 960;
  view.height = 540;
  sitmap_map_fit_home (f->map, &view);

  sitmap_export_viewport_for_pixels (&view, 3840, 2160, &uhd);
  g_assert_cmpfloat (uhd.scale_factor, ==, 4);
  g_assert_cmpfloat (uhd.width, ==, 960);
  g_assert_cmpfloat (uhd.height, ==, 540);
  g_assert_cmpfloat (uhd.resolution, ==, view.resolution);

  g_assert_nonnull (story);
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect a[3], b[3];
      guint shown = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &view), i, &a[0], &a[1], &a[2]);

      g_assert_cmpuint (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &uhd), i, &b[0], &b[1], &b[2]), ==, shown);
      for (guint k = 0; k < 3; k++)
        if (shown & (1u << k))
          g_assert_true (memcmp (&a[k], &b[k], sizeof a[k]) == 0);
      callouts += (shown & SITMAP_LAYOUT_CALLOUT) != 0;
    }
  g_assert_cmpuint (callouts, >, 3);

  /* Other proportions widen the page on one side only. */
  view.width = 800;
  view.height = 600;
  sitmap_export_viewport_for_pixels (&view, 1920, 1080, &wide);
  g_assert_cmpfloat (wide.height, ==, 600);
  g_assert_cmpfloat_with_epsilon (wide.width, 600 * 16.0 / 9, 1e-9);
  g_assert_cmpfloat (wide.resolution, ==, view.resolution);
  g_assert_cmpfloat (wide.centre_x, ==, view.centre_x);
  {
    int w, h;

    sitmap_export_get_pixel_size (&wide, &w, &h);
    g_assert_cmpint (w, ==, 1920);
    g_assert_cmpint (h, ==, 1080);
  }
}

static void
test_unknown_format (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.bmp", NULL);

  g_assert_false (sitmap_export_to_file (renderer_of (f), &f->viewport, path, &error));
  g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "map.bmp"));
  g_assert_cmpuint (count_entries (f->dir), ==, 0);
}

static void
test_bad_size (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  SitmapViewport huge = f->viewport;

  huge.width = 40000;
  g_assert_false (sitmap_export_to_file (renderer_of (f), &huge, path, &error));
  g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_BAD_SIZE);
  g_assert_nonnull (strstr (error->message, "map.png"));
  g_assert_cmpuint (count_entries (f->dir), ==, 0);
}

/* ---- Failed writes ------------------------------------------------------ */

/* A file at path that no failed export may touch. */
static void
put_precious (const char *path)
{
  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
}

static void
assert_precious (const char *path)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  /* Nor a temporary file beside it. */
  {
    g_autofree char *dir = g_path_get_dirname (path);

    g_assert_cmpuint (count_entries (dir), ==, 1);
  }
}

static void
assert_write_fails (Fixture    *f,
                    const char *path,
                    const char *reason)
{
  g_autoptr(GError) error = NULL;
  SitmapViewport large = f->viewport;

  /* Big enough that the encoder writes long before it finishes. */
  large.width = 1280;
  large.height = 720;
  sitmap_map_fit_home (f->map, &large);
  g_assert_false (sitmap_export_to_file (renderer_of (f), &large, path, &error));
  g_assert_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, reason));
}

/* Root writes anywhere, so a read-only folder is tried as nobody, in a
 * child process that gives up root. */
static void
test_read_only_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "readonly", NULL);
  g_autofree char *path = g_build_filename (sub, "map.png", NULL);

  if (getuid () == 0 && !g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  g_mkdir (sub, 0755);
  put_precious (path);
  g_chmod (sub, 0555);
  g_chmod (f->dir, 0755);

  /* Only the effective ids change, so root can come back to clean up. */
  if (getuid () == 0)
    {
      g_assert_cmpint (setegid (65534), ==, 0);
      g_assert_cmpint (seteuid (65534), ==, 0);
    }
  g_assert_cmpint (faccessat (AT_FDCWD, sub, W_OK, AT_EACCESS), !=, 0);

  assert_write_fails (f, path, g_strerror (EACCES));
  assert_precious (path);

  if (getuid () == 0)
    {
      g_assert_cmpint (seteuid (0), ==, 0);
      g_assert_cmpint (setegid (0), ==, 0);
    }
}

/* An immutable folder refuses even root. */
static void
test_immutable_folder (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *sub = g_build_filename (f->dir, "immutable", NULL);
  g_autofree char *path = g_build_filename (sub, "map.png", NULL);
  const char *lock[] = { "chattr", "+i", sub, NULL };
  const char *unlock[] = { "chattr", "-i", sub, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean failed;
  int status = -1;

  g_mkdir (sub, 0755);
  put_precious (path);

  if (!g_spawn_sync (NULL, (char **)lock, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                     G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) ||
      !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("chattr +i is not available here (not root, or the file system has no immutable flag)");
      return;
    }

  {
    SitmapViewport large = f->viewport;

    large.width = 1280;
    large.height = 720;
    failed = !sitmap_export_to_file (renderer_of (f), &large, path, &error);
    message = error ? g_strdup (error->message) : NULL;
  }
  g_spawn_sync (NULL, (char **)unlock, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);

  g_assert_true (failed);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, path));
  g_assert_nonnull (strstr (message, g_strerror (EPERM)));
  assert_precious (path);
}

/* A device that fills up mid-file, in a child process so the limit
 * binds nothing else: the kernel's file-size limit fails the write
 * just as a full disk does. */
static void
test_file_size_limit (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  struct rlimit limit = { 32 * 1024, 32 * 1024 };

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  put_precious (path);
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
  assert_write_fails (f, path, g_strerror (EFBIG));
  assert_precious (path);
}

/* A real full disk: a 64 KiB tmpfs, where mounting is allowed. */
static void
test_full_device (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *mnt = g_build_filename (f->dir, "small", NULL);
  g_autofree char *path = g_build_filename (mnt, "map.png", NULL);

  g_mkdir (mnt, 0755);
  if (mount ("tmpfs", mnt, "tmpfs", 0, "size=64k") != 0)
    {
      g_autofree char *why = g_strdup_printf ("cannot mount a small tmpfs here (%s); "
                                              "the file-size-limit test covers a full device",
                                              g_strerror (errno));

      g_test_skip (why);
      return;
    }

  put_precious (path);
  assert_write_fails (f, path, g_strerror (ENOSPC));
  assert_precious (path);
  g_assert_cmpint (umount2 (mnt, MNT_DETACH), ==, 0);
}

static void
test_bad_paths (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *folder = g_build_filename (f->dir, "folder.png", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing", "map.png", NULL);

  g_mkdir (folder, 0755);
  assert_write_fails (f, folder, "is a folder");
  g_assert_true (g_file_test (folder, G_FILE_TEST_IS_DIR));
  assert_write_fails (f, missing, g_strerror (ENOENT));
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

static void
test_replaces_atomically (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  cairo_surface_t *png;
  GStatBuf buf;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_chmod (path, 0640);
  g_assert_true (sitmap_export_to_file (renderer_of (f), &f->viewport, path, &error));
  g_assert_no_error (error);
  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (png);
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
  /* The replaced file keeps its permissions. */
  g_assert_cmpint (g_stat (path, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0640);
}

/* ---- In a worker thread ------------------------------------------------- */

typedef struct
{
  GThread        *main_thread;
  SitmapRenderer *change_map;
  GCancellable   *cancellable;
  GArray         *fractions;
  gboolean        done;
  gboolean        ok;
  GError         *error;
} AsyncRun;

static void
on_progress (double   fraction,
             gpointer data)
{
  AsyncRun *run = data;

  g_assert_true (g_thread_self () == run->main_thread);
  g_array_append_val (run->fractions, fraction);
  if (run->cancellable)
    g_cancellable_cancel (run->cancellable);
  /* Another style, as the menu would set it, mid-export. */
  if (run->change_map && fraction > 0)
    {
      sitmap_renderer_set_symbol_style (run->change_map, SITMAP_SYMBOL_STYLE_PICTOGRAM);
      run->change_map = NULL;
    }
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  AsyncRun *run = data;

  run->ok = sitmap_export_finish (result, &run->error);
  run->done = TRUE;
}

static void
run_async (Fixture              *f,
           const SitmapViewport *viewport,
           const char           *path,
           AsyncRun             *run)
{
  run->main_thread = g_thread_self ();
  run->fractions = g_array_new (FALSE, FALSE, sizeof (double));
  sitmap_export_async (renderer_of (f), viewport, NULL, path, run->cancellable, on_progress, run, on_done, run);
  while (!run->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_async_progress (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  SitmapViewport large = f->viewport;
  AsyncRun run = { 0 };
  cairo_surface_t *png;
  double last = 0;

  large.width = 1920;
  large.height = 1080;
  large.scale_factor = 2;
  sitmap_map_fit_home (f->map, &large);
  run_async (f, &large, path, &run);

  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.fractions->len, >, 2);
  for (guint i = 0; i < run.fractions->len; i++)
    {
      g_assert_cmpfloat (g_array_index (run.fractions, double, i), >=, last);
      last = g_array_index (run.fractions, double, i);
    }
  g_assert_cmpfloat (last, ==, 1);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 3840);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 2160);
  cairo_surface_destroy (png);
  g_array_unref (run.fractions);
}

static void
test_async_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  SitmapViewport large = f->viewport;
  AsyncRun run = { 0 };

  put_precious (path);
  large.width = 4000;
  large.height = 2250;
  large.scale_factor = 2;
  sitmap_map_fit_home (f->map, &large);
  run.cancellable = g_cancellable_new ();
  run_async (f, &large, path, &run);

  g_assert_false (run.ok);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_nonnull (strstr (run.error->message, path));
  assert_precious (path);

  g_clear_error (&run.error);
  g_clear_object (&run.cancellable);
  g_array_unref (run.fractions);
}

/* Resident memory now (VmRSS) or at its peak so far (VmHWM), in MB. */
static double
rss_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, field);
  g_assert_nonnull (line);
  return g_ascii_strtod (line + strlen (field), NULL) / 1024;
}

/* Strips drawn after the map changed would not match those before: the
 * export stops and says why. */
static void
test_async_map_changed (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  SitmapViewport large = f->viewport;
  AsyncRun run = { 0 };

  put_precious (path);
  large.width = 4000;
  large.height = 2250;
  large.scale_factor = 2;
  sitmap_map_fit_home (f->map, &large);
  run.change_map = renderer_of (f);
  run_async (f, &large, path, &run);

  g_assert_false (run.ok);
  g_assert_error (run.error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (run.error->message, path));
  g_assert_nonnull (strstr (run.error->message, "the map changed"));
  assert_precious (path);

  g_clear_error (&run.error);
  g_array_unref (run.fractions);
}

/* Strips keep memory to a sliver of the bitmap: measured in a child, so
 * the peak is this export's alone. */
static void
on_prepared (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  gboolean *done = data;

  g_assert_true (sitmap_map_prepare_finish (SITMAP_MAP (source), result, NULL));
  /* The swap back is over: an export started now draws one map. */
  g_assert_true (sitmap_map_is_prepared (SITMAP_MAP (source)));
  *done = TRUE;
}

/* The window draws the 1:50m countries while a worker prepares the
 * 1:10m ones, then swaps them back: as many layers as before, but another
 * map.  An export begun before the swap must not finish with strips of
 * both.  The export runs in a main context of its own, so the swap lands
 * after its first strip and before the rest whatever the machine's speed. */
static void
test_async_layer_swap (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "map.png", NULL);
  g_autoptr(GMainContext) export_context = g_main_context_new ();
  SitmapViewport large = f->viewport;
  AsyncRun run = { 0 };
  gboolean prepared = FALSE;
  guint n_layers;
  guint64 generation;

  /* With the 1:10m countries in the cache there is no swap at all. */
  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  g_assert_false (sitmap_map_is_prepared (f->map));
  sitmap_map_prepare_async (f->map, NULL, on_prepared, &prepared);
  g_assert_false (sitmap_map_is_prepared (f->map));
  n_layers = sitmap_map_get_n_layers (f->map);

  put_precious (path);
  large.width = 4000;
  large.height = 2250;
  large.scale_factor = 2;
  sitmap_map_fit_home (f->map, &large);
  run.main_thread = g_thread_self ();
  run.fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_main_context_push_thread_default (export_context);
  sitmap_export_async (renderer_of (f), &large, NULL, path, NULL, on_progress, &run, on_done, &run);
  g_main_context_pop_thread_default (export_context);
  generation = sitmap_map_get_generation (f->map);

  /* A strip of the 1:50m map, then the swap, then the rest. */
  g_main_context_iteration (export_context, TRUE);
  g_assert_false (run.done);
  while (!prepared)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (sitmap_map_is_prepared (f->map));
  g_assert_cmpuint (sitmap_map_get_n_layers (f->map), ==, n_layers);
  g_assert_cmpuint (sitmap_map_get_generation (f->map), >, generation);
  while (!run.done)
    g_main_context_iteration (export_context, TRUE);

  g_assert_false (run.ok);
  g_assert_error (run.error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE);
  g_assert_nonnull (strstr (run.error->message, "the map changed"));
  assert_precious (path);

  g_clear_error (&run.error);
  g_array_unref (run.fractions);
  g_unsetenv ("SITMAP_NO_CACHE");
}

/* Who asks for the full detail while a worker prepares it (the export
 * dialog, while the window does) hears back once the 1:10m countries are
 * in place, not at once. */
static void
test_prepare_joins_swap (Fixture       *f,
                         gconstpointer  data)
{
  gboolean prepared = FALSE;
  gboolean joined = FALSE;

  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  g_assert_false (sitmap_map_is_prepared (f->map));
  sitmap_map_prepare_async (f->map, NULL, on_prepared, &prepared);
  sitmap_map_prepare_async (f->map, NULL, on_prepared, &joined);
  while (!joined)
    g_main_context_iteration (NULL, TRUE);
  while (!prepared)
    g_main_context_iteration (NULL, TRUE);

  /* Ready: at once. */
  joined = FALSE;
  sitmap_map_prepare_async (f->map, NULL, on_prepared, &joined);
  while (!joined)
    g_main_context_iteration (NULL, TRUE);
  g_unsetenv ("SITMAP_NO_CACHE");
}

/* With the 1:10m countries in the prepared-data cache for the map's
 * projection, they are mapped at once: no 1:50m first, no swap, no
 * second change of the map. */
static void
test_prepare_from_cache (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("sitmap-export-cache-XXXXXX", NULL);
  g_autofree char *was = g_strdup (g_getenv ("SITMAP_CACHE_DIR"));
  g_autoptr(GError) error = NULL;
  gboolean prepared = FALSE;
  guint64 generation;

  g_assert_nonnull (dir);
  g_setenv ("SITMAP_CACHE_DIR", dir, TRUE);
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(SitmapMap) map = sitmap_map_new ();

      g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
      g_assert_true (sitmap_map_load_builtin_story (map, &error));
      g_assert_no_error (error);
      generation = sitmap_map_get_generation (map);
      prepared = FALSE;
      sitmap_map_prepare_async (map, NULL, on_prepared, &prepared);
      /* Cold: the 1:50m preview is swapped in at once; warm: nothing. */
      g_assert_true (round == 0 ? sitmap_map_get_generation (map) > generation
                                : sitmap_map_get_generation (map) == generation);
      g_assert_true (round == 0 ? !sitmap_map_is_prepared (map) : sitmap_map_is_prepared (map));
      while (!prepared)
        g_main_context_iteration (NULL, TRUE);
      g_assert_true (sitmap_map_is_prepared (map));
    }
  if (was != NULL)
    g_setenv ("SITMAP_CACHE_DIR", was, TRUE);
  else
    g_unsetenv ("SITMAP_CACHE_DIR");
  test_remove_tree (dir);
}

static void
test_large_png_memory (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "huge.png", NULL);
  SitmapViewport huge = f->viewport;
  const double bitmap_mb = 16000.0 * 9000 * 4 / 1e6;
  double before_mb, peak_mb;
  gint64 start;
  PngInfo info;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  huge.width = 4000;
  huge.height = 2250;
  huge.scale_factor = 4;
  sitmap_map_fit_home (f->map, &huge);

  before_mb = rss_mb ("VmRSS:");
  start = g_get_monotonic_time ();
  g_assert_true (sitmap_export_to_file (renderer_of (f), &huge, path, &error));
  g_assert_no_error (error);
  peak_mb = rss_mb ("VmHWM:");

  g_printerr ("16000x9000 PNG: %.1f s, peak RSS %.0f MB (%.0f MB before the export) "
              "for a %.0f MB bitmap\n", (g_get_monotonic_time () - start) / 1e6,
              peak_mb, before_mb, bitmap_mb);
  /* Far under the bitmap, let alone twice it. */
  g_assert_cmpfloat (peak_mb, <, bitmap_mb / 2);

  read_png_info (path, &info);
  g_assert_cmpuint (info.width, ==, 16000);
  g_assert_cmpuint (info.height, ==, 9000);
  g_hash_table_unref (info.text);
}

int
main (int   argc,
      char *argv[])
{
  const char *story = "story";

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/export/png", Fixture, NULL, fixture_setup, test_png, fixture_teardown);
  g_test_add ("/export/png-strips-match", Fixture, story, fixture_setup, test_png_strips_match, fixture_teardown);
  g_test_add_func ("/export/parallel-deflate", test_parallel_deflate);
  g_test_add_func ("/export/parallel-deflate-abandoned", test_parallel_deflate_abandoned);
  g_test_add ("/export/png-metadata", Fixture, story, fixture_setup, test_png_metadata, fixture_teardown);
  g_test_add ("/export/vector-formats", Fixture, story, fixture_setup, test_vector_formats, fixture_teardown);
  g_test_add ("/export/paper", Fixture, story, fixture_setup, test_paper, fixture_teardown);
  g_test_add ("/export/viewport-for-pixels", Fixture, story, fixture_setup, test_viewport_for_pixels, fixture_teardown);
  g_test_add ("/export/unknown-format", Fixture, NULL, fixture_setup, test_unknown_format, fixture_teardown);
  g_test_add ("/export/bad-size", Fixture, NULL, fixture_setup, test_bad_size, fixture_teardown);
  g_test_add ("/export/read-only-folder", Fixture, NULL, fixture_setup, test_read_only_folder, fixture_teardown);
  g_test_add ("/export/immutable-folder", Fixture, NULL, fixture_setup, test_immutable_folder, fixture_teardown);
  g_test_add ("/export/file-size-limit", Fixture, NULL, fixture_setup, test_file_size_limit, fixture_teardown);
  g_test_add ("/export/full-device", Fixture, NULL, fixture_setup, test_full_device, fixture_teardown);
  g_test_add ("/export/bad-paths", Fixture, NULL, fixture_setup, test_bad_paths, fixture_teardown);
  g_test_add ("/export/replaces-atomically", Fixture, NULL, fixture_setup, test_replaces_atomically, fixture_teardown);
  g_test_add ("/export/async-progress", Fixture, story, fixture_setup, test_async_progress, fixture_teardown);
  g_test_add ("/export/async-cancel", Fixture, story, fixture_setup, test_async_cancel, fixture_teardown);
  g_test_add ("/export/async-map-changed", Fixture, story, fixture_setup, test_async_map_changed, fixture_teardown);
  g_test_add ("/export/async-layer-swap", Fixture, story, fixture_setup, test_async_layer_swap, fixture_teardown);
  g_test_add ("/export/prepare-from-cache", Fixture, story, fixture_setup, test_prepare_from_cache,
              fixture_teardown);
  g_test_add ("/export/prepare-joins-swap", Fixture, story, fixture_setup, test_prepare_joins_swap,
              fixture_teardown);
  g_test_add ("/export/large-png-memory", Fixture, story, fixture_setup, test_large_png_memory, fixture_teardown);

  return g_test_run ();
}
