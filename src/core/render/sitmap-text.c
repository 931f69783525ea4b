/* sitmap-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-text-private.h"

/* Few kinds of cairo_t draw text in one thread: the window's, the
 * measuring context, an export's.  A scaled export adds one more. */
#define MAX_CONTEXTS 4
/* Country names are measured at a size that follows the zoom, so a long
 * session meets many; past this many the measurements start afresh. */
#define MAX_EXTENTS 4096
/* The halo's stroke, and room for its antialiased edge. */
#define HALO_WIDTH 2.5
#define HALO_MARGIN (HALO_WIDTH / 2 + 1)

typedef struct
{
  PangoContext         *context;
  /* What pango_cairo_update_context() would take from a cairo_t: its
   * transformation without the translation, and the font options of its
   * surface. */
  double                xx, yx, xy, yy;
  cairo_font_options_t *surface_options;
  GHashTable           *extents;    /* key → TextExtents */
} ContextEntry;

typedef struct
{
  PangoRectangle ink, logical;
} TextExtents;

typedef struct
{
  GPtrArray            *contexts;   /* ContextEntry, most recently used first */
  PangoFontDescription *font;       /* SITMAP_MAP_FONT_FAMILY, parsed once */
  cairo_t              *measuring;  /* see _sitmap_text_measuring_context() */
} TextThread;

static void
context_entry_free (gpointer data)
{
  ContextEntry *entry = data;

  g_object_unref (entry->context);
  g_hash_table_unref (entry->extents);
  cairo_font_options_destroy (entry->surface_options);
  g_free (entry);
}

static void
text_thread_free (gpointer data)
{
  TextThread *thread = data;

  g_ptr_array_unref (thread->contexts);
  pango_font_description_free (thread->font);
  g_clear_pointer (&thread->measuring, cairo_destroy);
  g_free (thread);
}

/* Pango's font map is per thread already, and PangoContext is not
 * thread-safe, so the contexts are kept per thread too: exports draw in
 * worker threads. */
static GPrivate text_thread_key = G_PRIVATE_INIT (text_thread_free);

static TextThread *
text_thread_get (void)
{
  TextThread *thread = g_private_get (&text_thread_key);

  if (thread == NULL)
    {
      thread = g_new0 (TextThread, 1);
      thread->contexts = g_ptr_array_new_with_free_func (context_entry_free);
      thread->font = pango_font_description_from_string (SITMAP_MAP_FONT_FAMILY);
      g_private_set (&text_thread_key, thread);
    }
  return thread;
}

static gboolean
context_entry_matches (const ContextEntry         *entry,
                       const cairo_matrix_t       *matrix,
                       const cairo_font_options_t *surface_options)
{
  return entry->xx == matrix->xx && entry->yx == matrix->yx &&
         entry->xy == matrix->xy && entry->yy == matrix->yy &&
         cairo_font_options_equal (entry->surface_options, surface_options);
}

/* A context is never updated once made, so a layout keeps the metrics it
 * was measured with however many other cairo_t draw text meanwhile. */
static ContextEntry *
context_for (TextThread *thread,
             cairo_t    *cr)
{
  cairo_font_options_t *surface_options = cairo_font_options_create ();
  cairo_font_options_t *options;
  ContextEntry *entry;
  cairo_matrix_t matrix;

  cairo_get_matrix (cr, &matrix);
  cairo_surface_get_font_options (cairo_get_target (cr), surface_options);

  for (guint i = 0; i < thread->contexts->len; i++)
    {
      entry = g_ptr_array_index (thread->contexts, i);
      if (context_entry_matches (entry, &matrix, surface_options))
        {
          if (i > 0)
            {
              g_ptr_array_steal_index (thread->contexts, i);
              g_ptr_array_insert (thread->contexts, 0, entry);
            }
          cairo_font_options_destroy (surface_options);
          return entry;
        }
    }

  entry = g_new0 (ContextEntry, 1);
  entry->context = pango_cairo_create_context (cr);
  entry->xx = matrix.xx;
  entry->yx = matrix.yx;
  entry->xy = matrix.xy;
  entry->yy = matrix.yy;
  entry->surface_options = surface_options;
  entry->extents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (entry->context, options);
  cairo_font_options_destroy (options);

  if (thread->contexts->len == MAX_CONTEXTS)
    g_ptr_array_remove_index (thread->contexts, MAX_CONTEXTS - 1);
  g_ptr_array_insert (thread->contexts, 0, entry);
  return entry;
}

cairo_t *
_sitmap_text_measuring_context (void)
{
  TextThread *thread = text_thread_get ();

  if (thread->measuring == NULL)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);

      thread->measuring = cairo_create (surface);
      cairo_surface_destroy (surface);
    }
  return thread->measuring;
}

PangoLayout *
_sitmap_text_layout_new (cairo_t     *cr,
                         const char  *text,
                         double       size,
                         PangoWeight  weight)
{
  TextThread *thread = text_thread_get ();
  PangoLayout *layout = pango_layout_new (context_for (thread, cr)->context);
  PangoFontDescription *font = pango_font_description_copy_static (thread->font);

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  pango_font_description_set_weight (font, weight);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

void
_sitmap_text_get_extents (cairo_t          *cr,
                          const SitmapText *text,
                          PangoRectangle   *ink,
                          PangoRectangle   *logical)
{
  ContextEntry *entry = context_for (text_thread_get (), cr);
  TextExtents *extents = g_hash_table_lookup (entry->extents, text->key);

  if (extents == NULL)
    {
      g_autoptr(PangoLayout) layout = text->new_layout (cr, text->data);

      if (g_hash_table_size (entry->extents) >= MAX_EXTENTS)
        g_hash_table_remove_all (entry->extents);
      extents = g_new (TextExtents, 1);
      pango_layout_get_pixel_extents (layout, &extents->ink, &extents->logical);
      g_hash_table_insert (entry->extents, g_strdup (text->key), extents);
    }

  if (ink)
    *ink = extents->ink;
  if (logical)
    *logical = extents->logical;
}

typedef struct
{
  const SitmapText *text;
  double            x, y;
  double            red, green, blue;
} HaloText;

/* Grows the coverage in a by radius device pixels into b, both width ×
 * height with the given stride: each pixel takes the most of its
 * neighbours within reach, each weighed by how far inside the round pen
 * it lies, which is what stroking the outlines with a round join and
 * filling them lays down, to within antialiasing. */
static void
dilate_coverage (const guint8 *a,
                 guint8       *b,
                 int           width,
                 int           height,
                 int           stride,
                 double        radius)
{
  int reach = (int)ceil (radius + 0.5);
  int n = 0, dx[64], dy[64];
  guint weight[64];

  for (int j = -reach; j <= reach; j++)
    for (int i = -reach; i <= reach; i++)
      {
        double w = CLAMP (radius + 0.5 - hypot (i, j), 0, 1);

        if (w > 0 && n < 64)
          {
            dx[n] = i;
            dy[n] = j;
            weight[n] = (guint)round (w * 256);
            n++;
          }
      }

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint best = 0;

        for (int k = 0; k < n; k++)
          {
            int sx = x + dx[k], sy = y + dy[k];
            guint value;

            if (sx < 0 || sy < 0 || sx >= width || sy >= height)
              continue;
            value = (a[sy * stride + sx] * weight[k]) >> 8;
            best = MAX (best, value);
          }
        b[y * stride + x] = (guint8)best;
      }
}

/* On pixels, the halo is the text's own coverage grown by half the halo's
 * width: a copy of glyphs cairo has already rasterized, several times
 * cheaper than stroking their outlines.  FALSE where only a stroke will
 * do: vector surfaces, and turned or skewed text. */
static gboolean
paint_halo_grown (cairo_t        *cr,
                  const HaloText *halo,
                  PangoLayout    *layout)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_surface_t *coverage, *grown;
  cairo_pattern_t *group;
  cairo_matrix_t ctm;
  PangoRectangle ink;
  double scale_x, scale_y, offset_x, offset_y;
  int width, height, stride;

  cairo_get_matrix (cr, &ctm);
  cairo_surface_get_device_scale (target, &scale_x, &scale_y);
  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE || ctm.xy != 0 || ctm.yx != 0 ||
      ctm.xx != ctm.yy || !(ctm.xx > 0) || scale_x != scale_y)
    return FALSE;

  /* The text alone, as coverage, in the device pixels around it. */
  pango_layout_get_pixel_extents (layout, &ink, NULL);
  cairo_save (cr);
  cairo_rectangle (cr, halo->x + ink.x - HALO_MARGIN, halo->y + ink.y - HALO_MARGIN,
                   ink.width + 2 * HALO_MARGIN, ink.height + 2 * HALO_MARGIN);
  cairo_clip (cr);
  cairo_push_group_with_content (cr, CAIRO_CONTENT_ALPHA);
  cairo_move_to (cr, halo->x, halo->y);
  pango_cairo_show_layout (cr, layout);
  group = cairo_pop_group (cr);

  if (cairo_pattern_get_surface (group, &coverage) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_get_type (coverage) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (coverage) != CAIRO_FORMAT_A8)
    {
      cairo_pattern_destroy (group);
      cairo_restore (cr);
      return FALSE;
    }

  cairo_surface_flush (coverage);
  width = cairo_image_surface_get_width (coverage);
  height = cairo_image_surface_get_height (coverage);
  stride = cairo_image_surface_get_stride (coverage);
  grown = cairo_image_surface_create (CAIRO_FORMAT_A8, width, height);
  cairo_surface_flush (grown);
  g_assert (cairo_image_surface_get_stride (grown) == stride);
  dilate_coverage (cairo_image_surface_get_data (coverage), cairo_image_surface_get_data (grown), width, height,
                   stride, HALO_WIDTH / 2 * ctm.xx * scale_x);
  cairo_surface_mark_dirty (grown);
  cairo_surface_get_device_offset (coverage, &offset_x, &offset_y);
  cairo_surface_set_device_offset (grown, offset_x, offset_y);
  cairo_surface_get_device_scale (coverage, &scale_x, &scale_y);
  cairo_surface_set_device_scale (grown, scale_x, scale_y);

  /* The group's pattern maps it back where it was drawn; the grown
   * coverage goes through the same mapping. */
  {
    cairo_pattern_t *mask = cairo_pattern_create_for_surface (grown);
    cairo_matrix_t matrix;

    cairo_pattern_get_matrix (group, &matrix);
    cairo_pattern_set_matrix (mask, &matrix);
    cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
    cairo_mask (cr, mask);
    cairo_pattern_destroy (mask);
  }

  cairo_surface_destroy (grown);
  cairo_pattern_destroy (group);
  cairo_restore (cr);
  return TRUE;
}

static void
paint_halo_text (cairo_t       *cr,
                 gconstpointer  data)
{
  const HaloText *halo = data;
  g_autoptr(PangoLayout) layout = halo->text->new_layout (cr, halo->text->data);

  cairo_save (cr);
  if (!paint_halo_grown (cr, halo, layout))
    {
      cairo_move_to (cr, halo->x, halo->y);
      pango_cairo_layout_path (cr, layout);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
      cairo_set_line_width (cr, HALO_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_stroke (cr);
    }

  cairo_move_to (cr, halo->x, halo->y);
  cairo_set_source_rgb (cr, halo->red, halo->green, halo->blue);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
}


void
_sitmap_text_draw_with_halo (cairo_t           *cr,
                             SitmapSpriteCache *sprites,
                             const SitmapText  *text,
                             double             x,
                             double             y,
                             double             red,
                             double             green,
                             double             blue)
{
  HaloText halo = { text, x, y, red, green, blue };
  g_autofree char *key = NULL;
  PangoRectangle ink;
  SitmapRect bounds;

  if (sprites == NULL)
    {
      paint_halo_text (cr, &halo);
      return;
    }

  _sitmap_text_get_extents (cr, text, &ink, NULL);
  bounds.x = x + ink.x - HALO_MARGIN;
  bounds.y = y + ink.y - HALO_MARGIN;
  bounds.width = ink.width + 2 * HALO_MARGIN;
  bounds.height = ink.height + 2 * HALO_MARGIN;
  key = g_strdup_printf ("halo\x1f%s\x1f%a\x1f%a\x1f%a", text->key, red, green, blue);
  _sitmap_sprite_cache_paint (sprites, cr, key, &bounds, paint_halo_text, &halo);
}
