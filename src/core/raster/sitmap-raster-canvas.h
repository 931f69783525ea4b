/* sitmap-raster-canvas.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

/* ---- Drawing straight into image surfaces -----------------------------------
 *
 * Cairo's software rasterizer spends about a microsecond and a half on
 * every antialiased segment it strokes, whatever the joins or batching, so
 * a world map of some 30,000 vertices a pass cannot be stroked within a
 * frame.  On image surfaces (the window's cached basemap, the benchmark)
 * the arcs are drawn here instead:
 *
 * - strokes as the union of round-capped segments: each pixel's coverage
 *   is that of the line's width, box-filtered, at its distance from the
 *   nearest segment, and the largest coverage wins, so joins neither gap
 *   nor darken; the whole pass is then composited once;
 * - fills by accumulating each edge's signed area into a buffer and
 *   summing along rows, folded even-odd.  Rings all go round the same way,
 *   so a border shared by two countries cancels out exactly and leaves no
 *   seam between them, which cairo's fill does.
 *
 * Anything else (SVG, PDF, recording surfaces, a pattern source, a rotated
 * or grouped target) goes through cairo as before. */

/* The pixels a draw writes, and the colour it writes with. */
typedef struct
{
  cairo_surface_t *surface;
  guint8          *data;
  int              stride;
  /* The clip, in device pixels; x1, y1 exclusive. */
  int              x0, y0, x1, y1;
  /* From logical to device pixels: dx = sx × x + tx, dy = sy × y + ty. */
  double           sx, sy, tx, ty;
  double           scale;            /* |sx| */
  /* The source colour, premultiplied, as a pixel. */
  guint32          premultiplied;
  guint            alpha;
} SitmapRasterCanvas;

/* floor () and ceil () for pixel positions, without the library calls the
 * baseline x86-64 instruction set needs for them. */
static inline int
sitmap_raster_floor (double x)
{
  int i;

  x = CLAMP (x, -1e9, 1e9);
  i = (int)x;
  return i - (x < i);
}

static inline int
sitmap_raster_ceil (double x)
{
  int i;

  x = CLAMP (x, -1e9, 1e9);
  i = (int)x;
  return i + (x > i);
}

/* x / 255, rounded, for two 8-bit products in the 16-bit halves of x. */
static inline guint32
sitmap_raster_div255_pair (guint32 x)
{
  x += 0x00800080u;
  return ((x + ((x >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
}

/* OVER with the canvas's colour at coverage (0–255), on premultiplied
 * pixels, two channels at a time. */
static inline void
sitmap_raster_canvas_blend (const SitmapRasterCanvas *canvas,
              guint32      *pixel,
              guint         coverage)
{
  guint32 d = *pixel, s = canvas->premultiplied;
  guint32 s_rb, s_ag, d_rb, d_ag;
  guint inverse;

  if (coverage == 255 && canvas->alpha == 255)
    {
      *pixel = s;
      return;
    }

  s_rb = sitmap_raster_div255_pair ((s & 0x00ff00ffu) * coverage);
  s_ag = sitmap_raster_div255_pair (((s >> 8) & 0x00ff00ffu) * coverage);
  inverse = 255 - (s_ag >> 16);
  d_rb = sitmap_raster_div255_pair ((d & 0x00ff00ffu) * inverse);
  d_ag = sitmap_raster_div255_pair (((d >> 8) & 0x00ff00ffu) * inverse);
  *pixel = (s_ag + d_ag) << 8 | (s_rb + d_rb);
}

/* Pixels [from, to) at one coverage. */
static inline void
sitmap_raster_canvas_run (const SitmapRasterCanvas *canvas,
            guint32      *pixels,
            int           from,
            int           to,
            guint         value)
{
  if (value == 0)
    return;
  if (value == 255 && canvas->alpha == 255)
    {
      for (int x = from; x < to; x++)
        pixels[x] = canvas->premultiplied;
      return;
    }
  for (int x = from; x < to; x++)
    sitmap_raster_canvas_blend (canvas, &pixels[x], value);
}


void     sitmap_raster_canvas_set_colour (SitmapRasterCanvas *canvas,
                                          double              red,
                                          double              green,
                                          double              blue,
                                          double              alpha);
/* Whether cr draws straight into pixels this file can write (an image
 * surface, OVER, a solid source, one axis-aligned clip rectangle); if so
 * canvas describes them, with cr's source as its colour. */
gboolean sitmap_raster_canvas_init       (SitmapRasterCanvas *canvas,
                                          cairo_t            *cr);
/* Per-thread buffers, all zero, that whoever uses them leaves all zero. */
guint8  *sitmap_raster_scratch_mask      (guint               which,
                                          gsize               size);
float   *sitmap_raster_scratch_area      (gsize               n);

G_END_DECLS
