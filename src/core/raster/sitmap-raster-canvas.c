/* sitmap-raster-canvas.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-raster-canvas.h"

/* The colour as the pixel cairo would paint with it: through 16 bits a
 * channel, premultiplied, then the top 8 bits, so that what is drawn here
 * matches to the last bit what cairo draws beside it. */
static inline guint
colour_channel (double value)
{
  return ((guint)(CLAMP (value, 0, 1) * 65535 + 0.5)) >> 8;
}

void
sitmap_raster_canvas_set_colour (SitmapRasterCanvas *canvas,
                   double  red,
                   double  green,
                   double  blue,
                   double  alpha)
{
  alpha = CLAMP (alpha, 0, 1);
  canvas->alpha = colour_channel (alpha);
  canvas->premultiplied = (guint32)canvas->alpha << 24 |
                          (guint32)colour_channel (red * alpha) << 16 |
                          (guint32)colour_channel (green * alpha) << 8 |
                          (guint32)colour_channel (blue * alpha);
}

gboolean
sitmap_raster_enabled (void)
{
  const char *choice = g_getenv ("SITMAP_RASTER");

  return choice == NULL || g_strcmp0 (choice, "cairo") != 0;
}

gboolean
sitmap_raster_canvas_init (SitmapRasterCanvas  *canvas,
             cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_pattern_t *source = cairo_get_source (cr);
  cairo_rectangle_list_t *clips;
  cairo_format_t format;
  double ox = 0, oy = 0, ax = 1, ay = 0, bx = 0, by = 1;
  double r, g, b, a, cx0, cy0, cx1, cy1;

  if (!sitmap_raster_enabled () ||
      cairo_get_group_target (cr) != target ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER ||
      cairo_pattern_get_type (source) != CAIRO_PATTERN_TYPE_SOLID)
    return FALSE;

  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;

  cairo_user_to_device (cr, &ox, &oy);
  cairo_user_to_device (cr, &ax, &ay);
  cairo_user_to_device (cr, &bx, &by);
  /* cairo's device space stops short of the surface's own device scale
   * and offset (HiDPI, print resolution); pixels are after both. */
  {
    double scale_x, scale_y, offset_x, offset_y;

    cairo_surface_get_device_scale (target, &scale_x, &scale_y);
    cairo_surface_get_device_offset (target, &offset_x, &offset_y);
    ox = ox * scale_x + offset_x;
    oy = oy * scale_y + offset_y;
    ax = ax * scale_x + offset_x;
    ay = ay * scale_y + offset_y;
    bx = bx * scale_x + offset_x;
    by = by * scale_y + offset_y;
  }
  canvas->sx = ax - ox;
  canvas->sy = by - oy;
  canvas->tx = ox;
  canvas->ty = oy;
  canvas->scale = fabs (canvas->sx);
  /* Axis-aligned and uniform: a circle stays a circle. */
  if (fabs (ay - oy) > 1e-9 || fabs (bx - ox) > 1e-9 || canvas->scale < 1e-9 ||
      fabs (canvas->scale - fabs (canvas->sy)) > 1e-9 * canvas->scale)
    return FALSE;

  clips = cairo_copy_clip_rectangle_list (cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles != 1)
    {
      cairo_rectangle_list_destroy (clips);
      return FALSE;
    }
  cx0 = clips->rectangles[0].x * canvas->sx + canvas->tx;
  cx1 = (clips->rectangles[0].x + clips->rectangles[0].width) * canvas->sx + canvas->tx;
  cy0 = clips->rectangles[0].y * canvas->sy + canvas->ty;
  cy1 = (clips->rectangles[0].y + clips->rectangles[0].height) * canvas->sy + canvas->ty;
  cairo_rectangle_list_destroy (clips);

  canvas->x0 = MAX (0, (int)round (MIN (cx0, cx1)));
  canvas->x1 = MIN (cairo_image_surface_get_width (target), (int)round (MAX (cx0, cx1)));
  canvas->y0 = MAX (0, (int)round (MIN (cy0, cy1)));
  canvas->y1 = MIN (cairo_image_surface_get_height (target), (int)round (MAX (cy0, cy1)));
  if (canvas->x1 <= canvas->x0 || canvas->y1 <= canvas->y0)
    return FALSE;

  cairo_pattern_get_rgba (source, &r, &g, &b, &a);
  sitmap_raster_canvas_set_colour (canvas, r, g, b, a);

  cairo_surface_flush (target);
  canvas->surface = target;
  canvas->data = cairo_image_surface_get_data (target);
  canvas->stride = cairo_image_surface_get_stride (target);
  return canvas->data != NULL;
}

/* The stroke mask and the fill's area buffer are a frame's size: kept
 * from one frame to the next, per thread, and left all zero by whoever
 * used them, so no frame pays for clearing (or faulting in) megabytes. */
typedef struct
{
  guint8 *mask[2];
  gsize   mask_size[2];
  float  *area;
  gsize   area_size;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  g_free (scratch->mask[0]);
  g_free (scratch->mask[1]);
  g_free (scratch->area);
  g_free (scratch);
}

/* Not calloc: its fresh pages read as the shared zero page, so the
 * rasterizer's first read-modify-write of each one takes a second,
 * copy-on-write fault whose TLB flush interrupts every core running a
 * band.  Writing the zeros here takes one plain fault per page. */
static gpointer
scratch_alloc_zeroed (gsize size)
{
  gpointer block = g_malloc (size);

  memset (block, 0, size);
  return block;
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
scratch_get (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      g_private_set (&scratch_key, scratch);
    }
  return scratch;
}

guint8 *
sitmap_raster_scratch_mask (guint  which,
              gsize  size)
{
  Scratch *scratch = scratch_get ();

  if (scratch->mask_size[which] < size)
    {
      g_free (scratch->mask[which]);
      scratch->mask[which] = scratch_alloc_zeroed (size);
      scratch->mask_size[which] = size;
    }
  return scratch->mask[which];
}

float *
sitmap_raster_scratch_area (gsize n)
{
  Scratch *scratch = scratch_get ();

  if (scratch->area_size < n)
    {
      g_free (scratch->area);
      scratch->area = scratch_alloc_zeroed (n * sizeof (float));
      scratch->area_size = n;
    }
  return scratch->area;
}

