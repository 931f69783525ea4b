/* sitmap-symbol-arrow.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-symbols-private.h"

/* Arrows --------------------------------------------------------------- */

typedef struct
{
  double x, y;
} Point;

typedef struct
{
  Point p0, c1, c2, p1;
} Cubic;

static Point
cubic_at (const Cubic *c,
          double       t)
{
  double s = 1 - t;
  double a = s * s * s, b = 3 * s * s * t, d = 3 * s * t * t, e = t * t * t;
  Point p = {
    a * c->p0.x + b * c->c1.x + d * c->c2.x + e * c->p1.x,
    a * c->p0.y + b * c->c1.y + d * c->c2.y + e * c->p1.y,
  };

  return p;
}

/* The part of c from 0 to t, by de Casteljau. */
static Cubic
cubic_head (const Cubic *c,
            double       t)
{
  Point ab, bc, cd, abc, bcd;
  Cubic out;

#define LERP(p, q) ((Point) { (p).x + t * ((q).x - (p).x), (p).y + t * ((q).y - (p).y) })
  ab = LERP (c->p0, c->c1);
  bc = LERP (c->c1, c->c2);
  cd = LERP (c->c2, c->p1);
  abc = LERP (ab, bc);
  bcd = LERP (bc, cd);
  out.p0 = c->p0;
  out.c1 = ab;
  out.c2 = abc;
  out.p1 = LERP (abc, bcd);
#undef LERP

  return out;
}

/* One span of a centripetal Catmull–Rom spline through p1 and p2, as a
 * cubic Bézier.  Centripetal knots (square root of the chord) keep the
 * curve from looping or overshooting where the points are unevenly
 * spaced, which hand-placed arrows always are. */
static Cubic
catmull_rom_span (Point p0,
                  Point p1,
                  Point p2,
                  Point p3)
{
  double d1 = sqrt (hypot (p1.x - p0.x, p1.y - p0.y));
  double d2 = sqrt (hypot (p2.x - p1.x, p2.y - p1.y));
  double d3 = sqrt (hypot (p3.x - p2.x, p3.y - p2.y));
  double m1x, m1y, m2x, m2y;
  Cubic c;

  /* Tangents at p1 and p2 with respect to the knot parameter. */
  m1x = (p1.x - p0.x) / d1 - (p2.x - p0.x) / (d1 + d2) + (p2.x - p1.x) / d2;
  m1y = (p1.y - p0.y) / d1 - (p2.y - p0.y) / (d1 + d2) + (p2.y - p1.y) / d2;
  m2x = (p2.x - p1.x) / d2 - (p3.x - p1.x) / (d2 + d3) + (p3.x - p2.x) / d3;
  m2y = (p2.y - p1.y) / d2 - (p3.y - p1.y) / (d2 + d3) + (p3.y - p2.y) / d3;

  c.p0 = p1;
  c.c1 = (Point) { p1.x + m1x * d2 / 3, p1.y + m1y * d2 / 3 };
  c.c2 = (Point) { p2.x - m2x * d2 / 3, p2.y - m2y * d2 / 3 };
  c.p1 = p2;
  return c;
}

/* Points closer than this add nothing visible but ruin tangents. */
#define ARROW_MIN_STEP 0.25

/* Arrowhead proportions: in shaft widths, plus a little in pixels so
 * that the heads of thin arrows still read as heads. */
#define HEAD_LENGTH        3.0
#define HEAD_LENGTH_EXTRA  4.0
#define HEAD_HALF          1.4
#define HEAD_HALF_EXTRA    2.0
#define HEAD_NOTCH         0.18    /* of the head length */

static void
path_cubics (cairo_t     *cr,
             const Cubic *cubics,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    cairo_curve_to (cr,
                    cubics[i].c1.x, cubics[i].c1.y,
                    cubics[i].c2.x, cubics[i].c2.y,
                    cubics[i].p1.x, cubics[i].p1.y);
}

void
sitmap_symbol_draw_arrow (cairo_t      *cr,
                          const double *xy,
                          guint         n_points,
                          double        width,
                          double        red,
                          double        green,
                          double        blue)
{
  g_autofree Point *points = NULL;
  g_autofree Cubic *cubics = NULL;
  guint n = 0, n_shaft = 0;
  Point tip, dir, normal, start_dir;
  double head_length, head_half, notch, cut, reach, casing, len;
  Point corner_a, corner_b, notch_point;
  cairo_path_t *saved;

  g_return_if_fail (cr != NULL);

  if (xy == NULL || n_points < 2 || !(width > 0) || !isfinite (width))
    return;

  /* Drop repeated points, but always keep the last one: it is the tip. */
  points = g_new (Point, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      Point p = { xy[2 * i], xy[2 * i + 1] };

      if (!isfinite (p.x) || !isfinite (p.y))
        continue;
      if (n > 0 && hypot (p.x - points[n - 1].x, p.y - points[n - 1].y) < ARROW_MIN_STEP)
        {
          if (n > 1)
            points[n - 1] = p;
          continue;
        }
      points[n++] = p;
    }
  if (n < 2)
    return;

  cubics = g_new (Cubic, n - 1);
  for (guint i = 0; i + 1 < n; i++)
    {
      /* Beyond the ends, mirror the neighbour: the curve then leaves the
       * first point and reaches the last one heading straight at them. */
      Point before = i > 0 ? points[i - 1]
                           : (Point) { 2 * points[0].x - points[1].x, 2 * points[0].y - points[1].y };
      Point after = i + 2 < n ? points[i + 2]
                              : (Point) { 2 * points[n - 1].x - points[n - 2].x,
                                          2 * points[n - 1].y - points[n - 2].y };

      cubics[i] = catmull_rom_span (before, points[i], points[i + 1], after);
    }

  tip = points[n - 1];
  dir.x = cubics[n - 2].p1.x - cubics[n - 2].c2.x;
  dir.y = cubics[n - 2].p1.y - cubics[n - 2].c2.y;
  len = hypot (dir.x, dir.y);
  if (len < 1e-9)
    {
      dir.x = tip.x - points[n - 2].x;
      dir.y = tip.y - points[n - 2].y;
      len = hypot (dir.x, dir.y);
    }
  dir.x /= len;
  dir.y /= len;
  normal = (Point) { -dir.y, dir.x };

  start_dir.x = cubics[0].c1.x - cubics[0].p0.x;
  start_dir.y = cubics[0].c1.y - cubics[0].p0.y;
  len = hypot (start_dir.x, start_dir.y);
  if (len < 1e-9)
    {
      start_dir.x = points[1].x - points[0].x;
      start_dir.y = points[1].y - points[0].y;
      len = hypot (start_dir.x, start_dir.y);
    }
  start_dir.x /= len;
  start_dir.y /= len;

  head_length = HEAD_LENGTH * width + HEAD_LENGTH_EXTRA;
  head_half = HEAD_HALF * width + HEAD_HALF_EXTRA;

  /* An arrow shorter than its own head gets a smaller head rather than
   * one that overshoots its tail.  The control points bound the curve,
   * so they bound how far back it reaches. */
  reach = 0;
  for (guint i = 0; i + 1 < n; i++)
    {
      Point q[3] = { cubics[i].p0, cubics[i].c1, cubics[i].c2 };

      for (guint j = 0; j < 3; j++)
        reach = MAX (reach, (tip.x - q[j].x) * dir.x + (tip.y - q[j].y) * dir.y);
    }
  if (reach < 1.25 * head_length)
    {
      double k = MAX (reach / (1.25 * head_length), 0.3);

      head_length *= k;
      head_half *= k;
    }
  notch = HEAD_NOTCH * head_length;

  /* The shaft stops a little inside the head, behind its notch: its
   * butt end is then hidden under the head, and the tip stays the sharp
   * point of the head alone. */
  cut = head_length - notch - 0.25 * MIN (width, head_half);
  n_shaft = 0;
  for (guint i = n - 1; i-- > 0 && n_shaft == 0;)
    {
      const guint steps = 32;
      double t_prev = 1;

      for (guint s = 1; s <= steps; s++)
        {
          double t = 1 - (double) s / steps;
          Point p = cubic_at (&cubics[i], t);

          if ((p.x - tip.x) * dir.x + (p.y - tip.y) * dir.y <= -cut)
            {
              double lo = t, hi = t_prev;

              for (guint iter = 0; iter < 40; iter++)
                {
                  double mid = (lo + hi) / 2;
                  Point q = cubic_at (&cubics[i], mid);

                  if ((q.x - tip.x) * dir.x + (q.y - tip.y) * dir.y <= -cut)
                    lo = mid;
                  else
                    hi = mid;
                }
              cubics[i] = cubic_head (&cubics[i], lo);
              n_shaft = i + 1;
              break;
            }
          t_prev = t;
        }
    }

  corner_a = (Point) { tip.x - dir.x * head_length + normal.x * head_half,
                       tip.y - dir.y * head_length + normal.y * head_half };
  corner_b = (Point) { tip.x - dir.x * head_length - normal.x * head_half,
                       tip.y - dir.y * head_length - normal.y * head_half };
  notch_point = (Point) { tip.x - dir.x * (head_length - notch),
                          tip.y - dir.y * (head_length - notch) };

  saved = stash_path (cr);
  cairo_save (cr);
  reset_drawing_state (cr);

  /* Casing: one white underlay for shaft and head together, drawn
   * before either so the head's casing cannot cut across the shaft.  At
   * the tail the shaft is extended by the casing width to close it. */
  casing = CLAMP (0.25 * width, 0.75, 2.0);
  set_rgb (cr, &halo_colour);
  if (n_shaft > 0)
    {
      cairo_set_line_width (cr, width + 2 * casing);
      cairo_move_to (cr, points[0].x - start_dir.x * casing, points[0].y - start_dir.y * casing);
      cairo_line_to (cr, points[0].x, points[0].y);
      path_cubics (cr, cubics, n_shaft);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 2 * casing);
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, corner_a.x, corner_a.y);
  cairo_line_to (cr, notch_point.x, notch_point.y);
  cairo_line_to (cr, corner_b.x, corner_b.y);
  cairo_close_path (cr);
  cairo_stroke_preserve (cr);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, red, green, blue);
  if (n_shaft > 0)
    {
      cairo_set_line_width (cr, width);
      cairo_move_to (cr, points[0].x, points[0].y);
      path_cubics (cr, cubics, n_shaft);
      cairo_stroke (cr);
    }
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, corner_a.x, corner_a.y);
  cairo_line_to (cr, notch_point.x, notch_point.y);
  cairo_line_to (cr, corner_b.x, corner_b.y);
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_restore (cr);
  unstash_path (cr, saved);
}
