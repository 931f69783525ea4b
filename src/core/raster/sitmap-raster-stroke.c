/* sitmap-raster-stroke.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-raster-stroke.h"

/* How much of the dash pattern covers position s, softened over a pixel. */
static double
dash_coverage (const SitmapRasterStroke *r,
               double              s)
{
  /* Not fmod (): its exact remainder costs about 40 ns, a quarter of a
   * dashed line's time, against 5 for this one, which is off by rounding,
   * a billionth of a pixel. */
  double along = s + r->dash_offset, phase = along - floor (along / r->period) * r->period, start = 0;

  if (phase < 0)
    phase += r->period;
  else if (phase >= r->period)
    phase -= r->period;
  for (int i = 0; i < r->n_dashes; i++)
    {
      double end = start + r->dashes[i];

      if (phase < end || i == r->n_dashes - 1)
        {
          double edge = MIN (phase - start, end - phase);

          return i % 2 == 0 ? MIN (1, 0.5 + edge) : MAX (0, 0.5 - edge);
        }
      start = end;
    }
  return 1;
}

/* Rasterizes the segment from (a0, b0) to (a1, b1) in a frame where a runs
 * along the segment's longer axis and b across it: for each pixel along,
 * the few pixels across whose centres lie within reach.  Across one such
 * line of pixels the distance to the segment (and the position along it)
 * changes linearly, so only pixels beyond the segment's ends need a square
 * root.  Segments that cross the whole view from far outside it cost only
 * the pixels inside. */
static void
stroke_span_segment (SitmapRasterStroke *r,
                     double        a0,
                     double        b0,
                     double        a1,
                     double        b1,
                     int           a_min,
                     int           a_max,
                     int           b_min,
                     int           b_max,
                     guint8       *origin,
                     gsize         a_step,
                     gsize         b_step)
{
  double da = a1 - a0, db = b1 - b0, len2 = da * da + db * db;
  double length = sqrt (len2), inv_len2 = len2 > 0 ? 1 / len2 : 0, inv_len = length > 0 ? 1 / length : 0;
  gboolean under = r->under && r->under_mask != NULL;
  double reach = MAX (r->half_width, under ? r->under_half_width : 0) + 0.5;
  double slope = da != 0 ? db / da : 0, across = reach * sqrt (1 + slope * slope);
  /* A segment that continues the one before leaves the round join at its
   * start to that one, which drew it as its end; what remains at the start
   * is the square end, which reaches back only by the slant. */
  gboolean joined = r->joined && len2 > 0;
  double back = joined ? reach * fabs (db) * inv_len : reach;
  double low = a0 <= a1 ? a0 - back : a1 - reach, high = a0 <= a1 ? a1 + reach : a0 + back;
  double along_min = MIN (a0, a1), along_max = MAX (a0, a1);
  int first = MAX (a_min, sitmap_raster_ceil (low - 0.5)), last = MIN (a_max, sitmap_raster_floor (high - 0.5));
  /* The under mask as if it started at device pixel (0, 0), like origin. */
  guint8 *under_origin = under ? r->under_mask + (origin - r->mask) : NULL;

  for (int a = first; a <= last; a++)
    {
      double pa = a + 0.5;
      double centre = b0 + (CLAMP (pa, along_min, along_max) - a0) * slope;
      int lo = MAX (b_min, sitmap_raster_ceil (centre - across - 0.5)), hi = MIN (b_max, sitmap_raster_floor (centre + across - 0.5));
      /* t (position along, 0–1) and d (signed distance) at pixel b. */
      double t0 = ((pa - a0) * da - b0 * db) * inv_len2, tb = db * inv_len2;
      double d0 = ((pa - a0) * db + b0 * da) * inv_len, dbb = -da * inv_len;
      gsize row = (gsize)a * a_step;

      for (int b = lo; b <= hi; b++)
        {
          double pb = b + 0.5;
          double t = t0 + tb * pb, distance, coverage;
          gsize at = row + (gsize)b * b_step;
          guint8 value;

          if (t >= 0 && t <= 1 && len2 > 0)
            distance = fabs (d0 + dbb * pb);
          else if (t < 0 && joined)
            continue;
          else
            {
              gboolean at_end = t > 0.5 && len2 > 0;
              double ea = pa - (at_end ? a1 : a0), eb = pb - (at_end ? b1 : b0);

              distance = sqrt (ea * ea + eb * eb);
              t = at_end ? 1 : 0;
            }

          if (under)
            {
              coverage = MIN (r->under_peak, r->under_half_width + 0.5 - distance);
              value = coverage > 0 ? (guint8)(coverage * 255 + 0.5) : 0;
              if (value > under_origin[at])
                under_origin[at] = value;
            }

          coverage = MIN (r->peak, r->half_width + 0.5 - distance);
          if (coverage <= 0)
            continue;
          if (r->n_dashes > 0)
            coverage *= dash_coverage (r, r->travelled + t * length);
          value = (guint8)(coverage * 255 + 0.5);
          if (value > origin[at])
            origin[at] = value;
        }
    }
}

/* Coverage of a stroke at distance from its centre line, 0–255. */
static inline guint
stroke_coverage (float half_width,
                 float peak,
                 float distance)
{
  float coverage = MIN (peak, half_width + 0.5f - distance);

  return coverage > 0 ? (guint)(coverage * 255 + 0.5f) : 0;
}

static inline void
stroke_plot (guint8 *pixel,
             guint   value)
{
  if (value > *pixel)
    *pixel = (guint8)value;
}

/* How far past each end a solid segment is drawn, in pixels along its
 * longer axis: enough to close the corner where it meets the next. */
#define SOLID_OVERLAP 0.5

/* Lines drawn faster than stroke_span_segment () at the price of its
 * round joins and caps: each line of
 * pixels across the segment, from just before its start to just after its
 * end, gets the coverage of its distance from the segment's line, which
 * is the distance across scaled by the segment's slope; no square roots,
 * no caps.  Where two segments meet at an angle the overlap fills the
 * corner; the outer edge of a sharp turn is squarer than a round join, by
 * well under a pixel at the widths the basemap uses.  under and dashed
 * are constants at each call, so the compiler drops the work of what is
 * not there. */
static inline __attribute__((always_inline)) void
stroke_span_solid (SitmapRasterStroke *r,
                   gboolean      under,
                   gboolean      dashed,
                   double        a0,
                   double        b0,
                   double        a1,
                   double        b1,
                   int           a_min,
                   int           a_max,
                   int           b_min,
                   int           b_max,
                   guint8       *origin,
                   gsize         a_step,
                   gsize         b_step)
{
  double slope, reach, across;
  float cosine, half_width = (float)r->half_width, peak = (float)r->peak;
  float under_half_width = (float)r->under_half_width, under_peak = (float)r->under_peak;
  guint8 *under_origin = under ? r->under_mask + (origin - r->mask) : NULL;
  /* Where the segment starts along its longer axis, and which way it goes,
   * for the position along it that dashes follow. */
  double start = a0, start_b = b0, length = dashed ? hypot (a1 - a0, b1 - b0) : 0;
  double unit_a = length > 0 ? (a1 - a0) / length : 0, unit_b = length > 0 ? (b1 - b0) / length : 0;
  int first, last;

  if (a0 > a1)
    {
      double t;

      t = a0, a0 = a1, a1 = t;
      t = b0, b0 = b1, b1 = t;
    }
  slope = (b1 - b0) / (a1 - a0);
  cosine = (float)(1 / sqrt (1 + slope * slope));
  reach = MAX (r->half_width, under ? r->under_half_width : 0) + 0.5;
  across = reach / cosine;
  first = MAX (a_min, sitmap_raster_ceil (a0 - SOLID_OVERLAP - 0.5));
  last = MIN (a_max, sitmap_raster_floor (a1 + SOLID_OVERLAP - 0.5));

  for (int a = first; a <= last; a++)
    {
      double centre = b0 + (a + 0.5 - a0) * slope;
      int lo = MAX (b_min, sitmap_raster_ceil (centre - across - 0.5)), hi = MIN (b_max, sitmap_raster_floor (centre + across - 0.5));
      float offset = (float)(lo + 0.5 - centre);
      gsize at = (gsize)a * a_step + (gsize)lo * b_step;

      for (int b = lo; b <= hi; b++, offset += 1, at += b_step)
        {
          float distance = fabsf (offset) * cosine;

          if (under)
            stroke_plot (&under_origin[at], stroke_coverage (under_half_width, under_peak, distance));
          /* Each pixel's own position along the line: cairo cuts a dash
           * square to the line, so on a slanted line the pixels across
           * one column are at different points of the pattern. */
          if (dashed)
            {
              double along = CLAMP ((a + 0.5 - start) * unit_a + (b + 0.5 - start_b) * unit_b, 0, length);
              float dash = (float)dash_coverage (r, r->travelled + along);

              stroke_plot (&origin[at], (guint)(stroke_coverage (half_width, peak, distance) * dash + 0.5f));
            }
          else
            stroke_plot (&origin[at], stroke_coverage (half_width, peak, distance));
        }
    }
}

/* stroke_span_solid () along the segment's longer axis, which is x or y. */
static inline __attribute__((always_inline)) void
stroke_solid (SitmapRasterStroke *r,
              gboolean      under,
              gboolean      dashed,
              double        x0,
              double        y0,
              double        x1,
              double        y1,
              guint8       *origin)
{
  const SitmapRasterCanvas *c = &r->canvas;

  if (fabs (x1 - x0) >= fabs (y1 - y0))
    stroke_span_solid (r, under, dashed, x0, y0, x1, y1, c->x0, c->x1 - 1, c->y0, c->y1 - 1, origin, 1, r->width);
  else
    stroke_span_solid (r, under, dashed, y0, x0, y1, x1, c->y0, c->y1 - 1, c->x0, c->x1 - 1, origin, r->width, 1);
}

/* A disc of the line's width at a vertex: the round cap or join that
 * cairo draws there.  The segments' overlap closes a join on its own only
 * for lines up to a pixel wide; wider ones (the coasts' halo) would show
 * a notch on the outside of every turn, and a square end. */
static void
stroke_disc (SitmapRasterStroke *r,
             gboolean            line,
             gboolean            under,
             double              cx,
             double              cy,
             guint8             *origin)
{
  const SitmapRasterCanvas *c = &r->canvas;
  float half_width = (float)r->half_width, peak = (float)r->peak;
  float under_half_width = (float)r->under_half_width, under_peak = (float)r->under_peak;
  guint8 *under_origin = under ? r->under_mask + (origin - r->mask) : NULL;
  double reach = MAX (line ? r->half_width : 0, under ? r->under_half_width : 0) + 0.5;
  int x_first = MAX (c->x0, sitmap_raster_ceil (cx - reach - 0.5)), x_last = MIN (c->x1 - 1, sitmap_raster_floor (cx + reach - 0.5));
  int y_first = MAX (c->y0, sitmap_raster_ceil (cy - reach - 0.5)), y_last = MIN (c->y1 - 1, sitmap_raster_floor (cy + reach - 0.5));

  for (int y = y_first; y <= y_last; y++)
    for (int x = x_first; x <= x_last; x++)
      {
        float dx = (float)(x + 0.5 - cx), dy = (float)(y + 0.5 - cy);
        float distance = sqrtf (dx * dx + dy * dy);
        gsize at = (gsize)y * r->width + x;

        if (line)
          stroke_plot (&origin[at], stroke_coverage (half_width, peak, distance));
        if (under)
          stroke_plot (&under_origin[at], stroke_coverage (under_half_width, under_peak, distance));
      }
}

static void
stroke_segment (SitmapRasterStroke *r,
                double        x0,
                double        y0,
                double        x1,
                double        y1)
{
  const SitmapRasterCanvas *c = &r->canvas;
  double reach = MAX (r->half_width, r->under ? r->under_half_width : 0) + 0.5;
  /* The mask as if it started at device pixel (0, 0). */
  guint8 *origin = r->mask - (gsize)c->y0 * r->width - c->x0;

  if (MAX (x0, x1) + reach < c->x0 || MIN (x0, x1) - reach >= c->x1 ||
      MAX (y0, y1) + reach < c->y0 || MIN (y0, y1) - reach >= c->y1)
    goto done;

  r->row_min = MIN (r->row_min, MAX (c->y0, sitmap_raster_floor (MIN (y0, y1) - reach)) - c->y0);
  r->row_max = MAX (r->row_max, MIN (c->y1 - 1, sitmap_raster_ceil (MAX (y0, y1) + reach)) - c->y0);

  /* Dots (segments too short to have a direction) need the exact
   * rasterizer, which rounds them. */
  if (MAX (fabs (x1 - x0), fabs (y1 - y0)) < 0.25)
    {
      if (fabs (x1 - x0) >= fabs (y1 - y0))
        stroke_span_segment (r, x0, y0, x1, y1, c->x0, c->x1 - 1, c->y0, c->y1 - 1, origin, 1, r->width);
      else
        stroke_span_segment (r, y0, x0, y1, x1, c->y0, c->y1 - 1, c->x0, c->x1 - 1, origin, r->width, 1);
    }
  else if (r->n_dashes > 0)
    stroke_solid (r, FALSE, TRUE, x0, y0, x1, y1, origin);
  else if (r->under && r->under_mask != NULL)
    stroke_solid (r, TRUE, FALSE, x0, y0, x1, y1, origin);
  else
    stroke_solid (r, FALSE, FALSE, x0, y0, x1, y1, origin);

  if (r->n_dashes == 0)
    {
      gboolean line = r->half_width > 0.5;
      gboolean under = r->under && r->under_mask != NULL && r->under_half_width > 0.5;

      if (line || under)
        {
          if (!r->joined)
            stroke_disc (r, line, under, x0, y0, origin);
          stroke_disc (r, line, under, x1, y1, origin);
        }
    }

done:
  r->joined = TRUE;
  if (r->n_dashes > 0)
    r->travelled += sqrt ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
}

void
sitmap_raster_stroke_move_to (SitmapRasterStroke *r,
                double        x,
                double        y)
{
  r->last_x = x;
  r->last_y = y;
  r->travelled = 0;
  r->joined = FALSE;
}

void
sitmap_raster_stroke_line_to (SitmapRasterStroke *r,
                double        x,
                double        y)
{
  stroke_segment (r, r->last_x, r->last_y, x, y);
  r->last_x = x;
  r->last_y = y;
}

void
sitmap_raster_stroke_composite (SitmapRasterStroke *r,
                  guint8       *mask_pixels)
{
  const SitmapRasterCanvas *c = &r->canvas;

  for (int row = MAX (r->row_min, 0); row <= MIN (r->row_max, r->height - 1); row++)
    {
      guint32 *pixels = (guint32 *)(void *)(c->data + (gsize)(c->y0 + row) * c->stride) + c->x0;
      guint8 *mask = mask_pixels + (gsize)row * r->width;
      int x = 0;

      while (x < r->width)
        {
          guint64 word;

          /* Most of a row is empty: skip it eight pixels at a time. */
          if (x + 8 <= r->width)
            {
              memcpy (&word, mask + x, sizeof word);
              if (word == 0)
                {
                  x += 8;
                  continue;
                }
            }
          if (mask[x])
            {
              sitmap_raster_canvas_blend (c, &pixels[x], mask[x]);
              mask[x] = 0;
            }
          x++;
        }
    }
}

static void
stroke_sink_move_to (SitmapPathSink *sink,
                     double          x,
                     double          y)
{
  sitmap_raster_stroke_move_to ((SitmapRasterStroke *)sink, x, y);
}

static void
stroke_sink_line_to (SitmapPathSink *sink,
                     double          x,
                     double          y)
{
  sitmap_raster_stroke_line_to ((SitmapRasterStroke *)sink, x, y);
}

static void
stroke_sink_begin_arc (SitmapPathSink *sink,
                       gboolean        coast)
{
  ((SitmapRasterStroke *)sink)->under = coast;
}

static const SitmapPathSinkFuncs stroke_sink_funcs = {
  stroke_sink_move_to,
  stroke_sink_line_to,
  NULL,
  stroke_sink_begin_arc,
};

void
sitmap_raster_stroke_init_sink (SitmapRasterStroke *r)
{
  r->sink.funcs = &stroke_sink_funcs;
  r->sink.sx = r->canvas.sx;
  r->sink.sy = r->canvas.sy;
  r->sink.tx = r->canvas.tx;
  r->sink.ty = r->canvas.ty;
}
