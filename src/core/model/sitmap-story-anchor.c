/* sitmap-story-anchor.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "sitmap-longitude.h"
#include "sitmap-story-private.h"

static double
segment_length (const double *a,
                const double *b)
{
  double dx = sitmap_longitude_wrap (b[0] - a[0]) * cos ((a[1] + b[1]) / 2 * G_PI / 180);

  return hypot (dx, b[1] - a[1]);
}

/* The point halfway along the longest part, measured on a local
 * equirectangular plane (good enough to hang a label on). */
static void
line_anchor (SitmapStoryFeature *feature)
{
  guint longest = 0;
  double longest_length = -1, half, walked = 0;

  feature->anchor_lon = feature->anchor_lat = NAN;
  if (feature->n_parts == 0)
    return;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      double length = 0;

      for (guint i = feature->part_start[p]; i + 1 < feature->part_start[p + 1]; i++)
        length += segment_length (feature->lonlat + 2 * i, feature->lonlat + 2 * i + 2);
      if (length > longest_length)
        {
          longest_length = length;
          longest = p;
        }
    }

  feature->anchor_lon = feature->lonlat[2 * feature->part_start[longest]];
  feature->anchor_lat = feature->lonlat[2 * feature->part_start[longest] + 1];
  half = longest_length / 2;

  for (guint i = feature->part_start[longest]; i + 1 < feature->part_start[longest + 1]; i++)
    {
      const double *a = feature->lonlat + 2 * i;
      const double *b = a + 2;
      double step = segment_length (a, b);

      if (step > 0 && walked + step >= half)
        {
          double t = (half - walked) / step;

          feature->anchor_lon = sitmap_longitude_wrap (a[0] + sitmap_longitude_wrap (b[0] - a[0]) * t);
          feature->anchor_lat = a[1] + (b[1] - a[1]) * t;
          return;
        }
      walked += step;
    }
}

/* Rings in a continuous longitude frame: each ring is unwrapped along its
 * edges, then shifted by whole turns next to the largest ring, so areas
 * across ±180° (Chukotka, Fiji) get a sensible anchor. */
typedef struct
{
  guint         n_parts;
  const guint  *part_start;
  double       *xy;
  guint         largest;
} Rings;

static gboolean
ring_contains (const Rings *rings,
               guint        part,
               double       x,
               double       y)
{
  guint start = rings->part_start[part], end = rings->part_start[part + 1];
  gboolean inside = FALSE;

  for (guint i = start, j = end - 1; i < end; j = i++)
    {
      double xi = rings->xy[2 * i], yi = rings->xy[2 * i + 1];
      double xj = rings->xy[2 * j], yj = rings->xy[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

/* Inside the largest ring and inside the area by the even-odd rule, so
 * not in a hole. */
static gboolean
rings_contain (const Rings *rings,
               double       x,
               double       y)
{
  gboolean inside = FALSE;

  if (!ring_contains (rings, rings->largest, x, y))
    return FALSE;
  for (guint p = 0; p < rings->n_parts; p++)
    if (ring_contains (rings, p, x, y))
      inside = !inside;
  return inside;
}

static double
distance_to_edges (const Rings *rings,
                   double       x,
                   double       y)
{
  double scale = cos (y * G_PI / 180);
  double best = G_MAXDOUBLE;

  for (guint p = 0; p < rings->n_parts; p++)
    {
      guint start = rings->part_start[p], end = rings->part_start[p + 1];

      for (guint i = start, j = end - 1; i < end; j = i++)
        {
          double ax = (rings->xy[2 * j] - x) * scale, ay = rings->xy[2 * j + 1] - y;
          double bx = (rings->xy[2 * i] - x) * scale, by = rings->xy[2 * i + 1] - y;
          double dx = bx - ax, dy = by - ay;
          double length2 = dx * dx + dy * dy;
          double t = length2 > 0 ? CLAMP (-(ax * dx + ay * dy) / length2, 0, 1) : 0;

          best = MIN (best, hypot (ax + t * dx, ay + t * dy));
        }
    }

  return best;
}

static gboolean
ring_centroid (const Rings *rings,
               guint        part,
               double      *cx,
               double      *cy)
{
  guint start = rings->part_start[part], end = rings->part_start[part + 1];
  double x0 = rings->xy[2 * start], y0 = rings->xy[2 * start + 1];
  double area2 = 0, sx = 0, sy = 0;

  /* Relative to the first vertex, for precision. */
  for (guint i = start, j = end - 1; i < end; j = i++)
    {
      double xj = rings->xy[2 * j] - x0, yj = rings->xy[2 * j + 1] - y0;
      double xi = rings->xy[2 * i] - x0, yi = rings->xy[2 * i + 1] - y0;
      double cross = xj * yi - xi * yj;

      area2 += cross;
      sx += (xj + xi) * cross;
      sy += (yj + yi) * cross;
    }

  if (fabs (area2) < 1e-12)
    return FALSE;
  *cx = x0 + sx / (3 * area2);
  *cy = y0 + sy / (3 * area2);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* A point inside the largest ring, not in a hole: the ring's centroid
 * when that is inside, else the point farthest from any edge among the
 * middles of the inside spans of a few horizontal lines across it. */
static void
polygon_anchor (SitmapStoryFeature *feature)
{
  g_autofree double *xy = NULL;
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));
  Rings rings = { feature->n_parts, feature->part_start, NULL, 0 };
  guint n_points;
  double largest_area = -1, reference, y_min = G_MAXDOUBLE, y_max = -G_MAXDOUBLE;
  double cx, cy, best_x, best_y, best_distance = -1;

  feature->anchor_lon = feature->anchor_lat = NAN;
  if (feature->n_parts == 0)
    return;

  n_points = feature->part_start[feature->n_parts];
  xy = g_new (double, 2 * MAX (n_points, 1));
  rings.xy = xy;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      guint start = feature->part_start[p], end = feature->part_start[p + 1];
      double area2 = 0, mean_lat = 0;

      for (guint i = start; i < end; i++)
        {
          xy[2 * i] = i == start
            ? feature->lonlat[2 * i]
            : xy[2 * i - 2] + sitmap_longitude_wrap (feature->lonlat[2 * i] - feature->lonlat[2 * i - 2]);
          xy[2 * i + 1] = feature->lonlat[2 * i + 1];
          mean_lat += xy[2 * i + 1];
        }
      if (end == start)
        continue;
      for (guint i = start, j = end - 1; i < end; j = i++)
        area2 += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
      mean_lat /= end - start;
      /* Compare areas as on the ground, not in degrees. */
      area2 = fabs (area2) * cos (mean_lat * G_PI / 180);
      if (area2 > largest_area)
        {
          largest_area = area2;
          rings.largest = p;
        }
    }

  if (feature->part_start[rings.largest + 1] == feature->part_start[rings.largest])
    return;

  reference = xy[2 * feature->part_start[rings.largest]];
  for (guint p = 0; p < feature->n_parts; p++)
    {
      guint start = feature->part_start[p], end = feature->part_start[p + 1];
      double shift;

      if (end == start)
        continue;
      shift = 360 * round ((reference - xy[2 * start]) / 360);
      for (guint i = start; i < end; i++)
        xy[2 * i] += shift;
    }

  best_x = xy[2 * feature->part_start[rings.largest]];
  best_y = xy[2 * feature->part_start[rings.largest] + 1];

  if (ring_centroid (&rings, rings.largest, &cx, &cy) && rings_contain (&rings, cx, cy))
    {
      best_x = cx;
      best_y = cy;
    }
  else
    {
      for (guint i = feature->part_start[rings.largest]; i < feature->part_start[rings.largest + 1]; i++)
        {
          y_min = MIN (y_min, xy[2 * i + 1]);
          y_max = MAX (y_max, xy[2 * i + 1]);
        }

      for (guint k = 0; k < ANCHOR_SCANLINES; k++)
        {
          double y = y_min + (y_max - y_min) * (k + 0.5) / ANCHOR_SCANLINES;

          g_array_set_size (crossings, 0);
          for (guint p = 0; p < rings.n_parts; p++)
            {
              guint start = rings.part_start[p], end = rings.part_start[p + 1];

              for (guint i = start, j = end - 1; i < end && end > start; j = i++)
                {
                  double xi = xy[2 * i], yi = xy[2 * i + 1];
                  double xj = xy[2 * j], yj = xy[2 * j + 1];

                  if ((yi > y) != (yj > y))
                    {
                      double x = xi + (y - yi) * (xj - xi) / (yj - yi);

                      g_array_append_val (crossings, x);
                    }
                }
            }

          g_array_sort (crossings, compare_doubles);
          for (guint c = 0; c + 1 < crossings->len; c += 2)
            {
              double x = (g_array_index (crossings, double, c) +
                          g_array_index (crossings, double, c + 1)) / 2;
              double distance;

              if (!rings_contain (&rings, x, y))
                continue;
              distance = distance_to_edges (&rings, x, y);
              if (distance > best_distance)
                {
                  best_distance = distance;
                  best_x = x;
                  best_y = y;
                }
            }
        }
    }

  feature->anchor_lon = sitmap_longitude_wrap (best_x);
  feature->anchor_lat = best_y;
}

void
_sitmap_story_feature_update_anchor (SitmapStoryFeature *feature)
{
  switch (feature->geometry_kind)
    {
    case SITMAP_GEOMETRY_POINTS:
      feature->anchor_lon = feature->n_parts ? feature->lonlat[0] : NAN;
      feature->anchor_lat = feature->n_parts ? feature->lonlat[1] : NAN;
      break;
    case SITMAP_GEOMETRY_LINES:
      line_anchor (feature);
      break;
    case SITMAP_GEOMETRY_POLYGONS:
    default:
      polygon_anchor (feature);
      break;
    }
}
