/* test-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Text drawn through sprites looks like text drawn as vectors, layouts
 * from the shared contexts measure like layouts made afresh, and vector
 * output keeps its vectors.
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <cairo-svg.h>

#include "sitmap-renderer.h"
#include "sitmap-sprite-cache-private.h"
#include "sitmap-text-private.h"

static PangoLayout *
sample_layout_new (cairo_t       *cr,
                   gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, 12.5, PANGO_WEIGHT_SEMIBOLD);
}

static const SitmapText sample = { "test\x1fKyiv (Kiev) – 12,500", sample_layout_new, "Kyiv (Kiev) – 12,500" };

/* Something under the text for the halo to cover: a ground colour and
 * lines across where the text goes. */
static void
paint_ground (cairo_t *cr)
{
  cairo_set_source_rgb (cr, 0.961, 0.949, 0.922);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.545, 0.529, 0.502);
  cairo_set_line_width (cr, 0.8);
  for (int i = 0; i < 12; i++)
    {
      cairo_move_to (cr, 10 + 17.3 * i, 0);
      cairo_line_to (cr, 30 + 15.1 * i, 60);
    }
  cairo_stroke (cr);
}

static cairo_surface_t *
draw_sample (cairo_format_t     format,
             double             scale,
             SitmapSpriteCache *sprites,
             double             x,
             double             y)
{
  cairo_surface_t *surface = cairo_image_surface_create (format, (int)(220 * scale), (int)(60 * scale));
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  paint_ground (cr);
  _sitmap_text_draw_with_halo (cr, sprites, &sample, x, y, 0.14, 0.12, 0.19);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The largest difference in any channel, and how many pixels differ by
 * more than a few levels. */
static int
compare (cairo_surface_t *a,
         cairo_surface_t *b,
         guint           *n_differing)
{
  int width = cairo_image_surface_get_width (a), height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  int largest = 0;

  *n_differing = 0;
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        int pixel = 0;

        for (int c = 0; c < 3; c++)
          pixel = MAX (pixel, ABS (pa[y * stride + 4 * x + c] - pb[y * stride + 4 * x + c]));
        if (pixel > 4)
          (*n_differing)++;
        largest = MAX (largest, pixel);
      }
  return largest;
}

static gboolean
differs_at_all (cairo_surface_t *a,
                cairo_surface_t *b)
{
  guint n;

  return compare (a, b, &n) > 0;
}

static void
test_sprite_matches_vectors (void)
{
  static const cairo_format_t formats[] = { CAIRO_FORMAT_ARGB32, CAIRO_FORMAT_RGB24 };
  static const double scales[] = { 1, 2 };
  static const double positions[][2] = { { 8, 20 }, { 8.37, 20.81 }, { 12.5, 19.25 }, { 9.99, 21.01 } };

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
      {
        g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);

        for (guint p = 0; p < G_N_ELEMENTS (positions); p++)
          {
            double x = positions[p][0], y = positions[p][1];
            cairo_surface_t *vectors = draw_sample (formats[f], scales[s], NULL, x, y);
            cairo_surface_t *drawn = draw_sample (formats[f], scales[s], sprites, x, y);
            cairo_surface_t *copied = draw_sample (formats[f], scales[s], sprites, x, y);
            guint n_differing;
            int largest;

            /* The halo and the glyphs land on the same pixels; only the
             * rounding of compositing them in another order remains. */
            largest = compare (vectors, drawn, &n_differing);
            g_test_message ("format %d, scale %g, at %g, %g: largest difference %d, %u pixels over 4",
                            formats[f], scales[s], x, y, largest, n_differing);
            g_assert_cmpint (largest, <=, 4);

            /* A copy from the cache is the sprite as first drawn. */
            g_assert_false (differs_at_all (drawn, copied));

            cairo_surface_destroy (vectors);
            cairo_surface_destroy (drawn);
            cairo_surface_destroy (copied);
          }
      }
}

/* The text really moves with its position: a sprite is not reused at a
 * different place within a pixel. */
static void
test_sprite_follows_subpixel_position (void)
{
  g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);
  cairo_surface_t *left = draw_sample (CAIRO_FORMAT_ARGB32, 1, sprites, 8, 20);
  cairo_surface_t *right = draw_sample (CAIRO_FORMAT_ARGB32, 1, sprites, 8.5, 20);
  cairo_surface_t *right_vectors = draw_sample (CAIRO_FORMAT_ARGB32, 1, NULL, 8.5, 20);
  guint n_differing;

  g_assert_true (differs_at_all (left, right));
  g_assert_cmpint (compare (right, right_vectors, &n_differing), <=, 4);

  cairo_surface_destroy (left);
  cairo_surface_destroy (right);
  cairo_surface_destroy (right_vectors);
}

static cairo_status_t
append_to_string (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  g_string_append_len (closure, (const char *)data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* An SVG keeps its text as outlines, whatever cache is at hand. */
static void
test_svg_keeps_vectors (void)
{
  g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);
  g_autoptr(GString) svg = g_string_new (NULL);
  cairo_surface_t *surface = cairo_svg_surface_create_for_stream (append_to_string, svg, 220, 60);
  cairo_t *cr = cairo_create (surface);

  _sitmap_text_draw_with_halo (cr, sprites, &sample, 8.37, 20.81, 0.14, 0.12, 0.19);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  g_assert_nonnull (strstr (svg->str, "stroke-width:2.5"));
  g_assert_nonnull (strstr (svg->str, "<symbol"));
  g_assert_null (strstr (svg->str, "<image"));
}

static void
paint_counted_square (cairo_t       *cr,
                      gconstpointer  data)
{
  guint *n_painted = (guint *)data;

  (*n_painted)++;
  cairo_rectangle (cr, 10, 10, 20, 20);
  cairo_set_source_rgb (cr, 0.2, 0.4, 0.6);
  cairo_fill (cr);
}

static void
paint_square (SitmapSpriteCache *sprites,
              cairo_surface_t   *surface,
              guint             *n_painted)
{
  cairo_t *cr = cairo_create (surface);
  SitmapRect bounds = { 10, 10, 20, 20 };

  _sitmap_sprite_cache_paint (sprites, cr, "square", &bounds, paint_counted_square, n_painted);
  cairo_destroy (cr);
}

/* A piece is drawn once while it keeps being painted, and forgotten once
 * a frame has gone by without it. */
static void
test_sprites_kept_while_painted (void)
{
  g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 40, 40);
  guint n_painted = 0;

  for (int frame = 0; frame < 3; frame++)
    {
      paint_square (sprites, surface, &n_painted);
      _sitmap_sprite_cache_end_frame (sprites);
    }
  g_assert_cmpuint (n_painted, ==, 1);

  /* Not painted in one frame: still there for the next. */
  _sitmap_sprite_cache_end_frame (sprites);
  paint_square (sprites, surface, &n_painted);
  g_assert_cmpuint (n_painted, ==, 1);

  /* Not painted for two frames: gone. */
  _sitmap_sprite_cache_end_frame (sprites);
  _sitmap_sprite_cache_end_frame (sprites);
  _sitmap_sprite_cache_end_frame (sprites);
  paint_square (sprites, surface, &n_painted);
  g_assert_cmpuint (n_painted, ==, 2);

  cairo_surface_destroy (surface);
}

/* On a recording, which may yet become an SVG, every paint draws. */
static void
test_recordings_not_cached (void)
{
  g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);
  cairo_surface_t *surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  guint n_painted = 0;

  paint_square (sprites, surface, &n_painted);
  paint_square (sprites, surface, &n_painted);
  g_assert_cmpuint (n_painted, ==, 2);

  cairo_surface_destroy (surface);
}

/* A disc, whose antialiased edge shows any copy made at the wrong scale. */
static void
paint_counted_disc (cairo_t       *cr,
                    gconstpointer  data)
{
  guint *n_painted = (guint *)data;

  (*n_painted)++;
  cairo_arc (cr, 20.3, 20.6, 9.7, 0, 2 * G_PI);
  cairo_set_source_rgb (cr, 0.2, 0.4, 0.6);
  cairo_fill (cr);
}

static void
paint_disc (SitmapSpriteCache *sprites,
            cairo_surface_t   *surface,
            guint             *n_painted)
{
  cairo_t *cr = cairo_create (surface);
  SitmapRect bounds = { 10, 10, 21, 21 };

  cairo_translate (cr, 3, 2);
  _sitmap_sprite_cache_paint (sprites, cr, "disc", &bounds, paint_counted_disc, n_painted);
  cairo_destroy (cr);
}

/* A recording its maker says will become pixels (GTK's snapshots) reuses
 * the copy, at the scale it was told, and replays as the same pixels as
 * the piece drawn straight onto an image at that scale. */
static void
test_recordings_hinted_cached (void)
{
  g_autoptr(SitmapSpriteCache) sprites = _sitmap_sprite_cache_new (1024 * 1024);
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_surface_t *replayed = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 80, 80);
  cairo_surface_t *direct = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 80, 80);
  guint n_painted = 0, n_direct = 0;
  cairo_t *cr;

  cairo_surface_set_device_scale (replayed, 2, 2);
  cairo_surface_set_device_scale (direct, 2, 2);
  cr = cairo_create (recording);
  sitmap_renderer_hint_pixels_later (cr, 2);
  cairo_destroy (cr);
  paint_disc (sprites, recording, &n_painted);
  paint_disc (sprites, recording, &n_painted);
  g_assert_cmpuint (n_painted, ==, 1);

  cr = cairo_create (replayed);
  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  /* Twice, as the recording holds it twice. */
  paint_disc (NULL, direct, &n_direct);
  paint_disc (NULL, direct, &n_direct);
  g_assert_cmpuint (n_direct, ==, 2);

  cairo_surface_flush (replayed);
  cairo_surface_flush (direct);
  for (int y = 0; y < 80; y++)
    for (int x = 0; x < 80; x++)
      {
        guint32 a = *(guint32 *)(void *)(cairo_image_surface_get_data (replayed) +
                                         y * cairo_image_surface_get_stride (replayed) + 4 * x);
        guint32 b = *(guint32 *)(void *)(cairo_image_surface_get_data (direct) +
                                         y * cairo_image_surface_get_stride (direct) + 4 * x);

        for (int c = 0; c < 32; c += 8)
          g_assert_cmpint (abs ((int)((a >> c) & 0xff) - (int)((b >> c) & 0xff)), <=, 2);
      }

  cairo_surface_destroy (recording);
  cairo_surface_destroy (replayed);
  cairo_surface_destroy (direct);
}

/* What _sitmap_text_layout_new() made before contexts were shared: one
 * of its own for each layout. */
static PangoLayout *
fresh_layout_new (cairo_t    *cr,
                  const char *text,
                  double      size)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (SITMAP_MAP_FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (options);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, PANGO_WEIGHT_SEMIBOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
assert_same_extents (PangoLayout *a,
                     PangoLayout *b)
{
  PangoRectangle ink_a, logical_a, ink_b, logical_b;

  pango_layout_get_extents (a, &ink_a, &logical_a);
  pango_layout_get_extents (b, &ink_b, &logical_b);
  g_assert_cmpint (logical_a.x, ==, logical_b.x);
  g_assert_cmpint (logical_a.y, ==, logical_b.y);
  g_assert_cmpint (logical_a.width, ==, logical_b.width);
  g_assert_cmpint (logical_a.height, ==, logical_b.height);
  g_assert_cmpint (ink_a.width, ==, ink_b.width);
  g_assert_cmpint (ink_a.height, ==, ink_b.height);
}

/* Layouts measure as they did, and one made for a scaled cairo_t keeps
 * its own metrics while others are made for another. */
static void
test_shared_contexts_measure_as_before (void)
{
  static const char *texts[] = { "UKRAINE", "Kyiv", "Russian forces near Ukraine’s border", "2,000 km" };
  static const double sizes[] = { 9.5, 11.5, 12.5, 14.3 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *plain = cairo_create (surface);
  cairo_t *scaled = cairo_create (surface);

  cairo_scale (scaled, 3.7, 3.7);

  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
      {
        g_autoptr(PangoLayout) shared_scaled = _sitmap_text_layout_new (scaled, texts[t], sizes[s], PANGO_WEIGHT_SEMIBOLD);
        g_autoptr(PangoLayout) shared_plain = _sitmap_text_layout_new (plain, texts[t], sizes[s], PANGO_WEIGHT_SEMIBOLD);
        g_autoptr(PangoLayout) fresh_plain = fresh_layout_new (plain, texts[t], sizes[s]);
        g_autoptr(PangoLayout) fresh_scaled = fresh_layout_new (scaled, texts[t], sizes[s]);

        assert_same_extents (shared_plain, fresh_plain);
        assert_same_extents (shared_scaled, fresh_scaled);
      }

  cairo_destroy (plain);
  cairo_destroy (scaled);
  cairo_surface_destroy (surface);
}

static gpointer
measure_in_thread (gpointer data)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  PangoRectangle logical;

  _sitmap_text_get_extents (cr, &sample, NULL, &logical);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return GINT_TO_POINTER (logical.width);
}

/* Exports measure in worker threads, each with contexts of its own. */
static void
test_extents_in_threads (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  g_autoptr(PangoLayout) layout = sample_layout_new (cr, sample.data);
  PangoRectangle logical;
  GThread *threads[4];

  pango_layout_get_pixel_extents (layout, NULL, &logical);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("measure", measure_in_thread, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[i])), ==, logical.width);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/sprite-matches-vectors", test_sprite_matches_vectors);
  g_test_add_func ("/text/sprite-follows-subpixel-position", test_sprite_follows_subpixel_position);
  g_test_add_func ("/text/svg-keeps-vectors", test_svg_keeps_vectors);
  g_test_add_func ("/text/sprites-kept-while-painted", test_sprites_kept_while_painted);
  g_test_add_func ("/text/recordings-not-cached", test_recordings_not_cached);
  g_test_add_func ("/text/recordings-hinted-cached", test_recordings_hinted_cached);
  g_test_add_func ("/text/shared-contexts-measure-as-before", test_shared_contexts_measure_as_before);
  g_test_add_func ("/text/extents-in-threads", test_extents_in_threads);

  return g_test_run ();
}
