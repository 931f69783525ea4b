/* sitmap-label-placement.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-label-placement.h"

/* Between a marker and its label. */
#define LABEL_GAP 3.0

gboolean
sitmap_label_inside_view (const SitmapRect     *rect,
                          const SitmapViewport *viewport)
{
  return rect->x >= 2 && rect->y >= 2 &&
         rect->x + rect->width <= viewport->width - 2 &&
         rect->y + rect->height <= viewport->height - 2;
}

gboolean
sitmap_label_place_by_marker (SitmapCollision      *collision,
                              const SitmapViewport *viewport,
                              const SitmapRect     *marker,
                              double                anchor_x,
                              double                anchor_y,
                              SitmapRect           *label)
{
  double w = label->width, h = label->height;
  SitmapRect candidates[9];
  guint n = 0;

  if (marker)
    {
      double cy = marker->y + marker->height / 2 - h / 2;
      double cx = marker->x + marker->width / 2 - w / 2;

      candidates[n++] = (SitmapRect) { marker->x + marker->width + LABEL_GAP, cy, w, h };
      candidates[n++] = (SitmapRect) { marker->x - LABEL_GAP - w, cy, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y - LABEL_GAP - h, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y + marker->height + LABEL_GAP, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y + marker->height - 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y + marker->height - 2, w, h };
    }
  else
    {
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h * 1.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y + h * 0.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x + 6, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w - 6, anchor_y - h / 2, w, h };
    }

  /* Whole pixels, like the markers they sit by. */
  for (guint i = 0; i < n; i++)
    {
      candidates[i].x = round (candidates[i].x);
      candidates[i].y = round (candidates[i].y);
    }

  for (guint i = 0; i < n; i++)
    if (sitmap_label_inside_view (&candidates[i], viewport) && sitmap_collision_is_free (collision, &candidates[i]))
      {
        *label = candidates[i];
        sitmap_collision_add (collision, label);
        return TRUE;
      }

  return FALSE;
}

/* ---- Names of areas (countries) ---------------------------------------- */

static int
compare_by_area (gconstpointer a,
                 gconstpointer b)
{
  const SitmapNameCandidate *ca = a, *cb = b;

  return ca->shape->area < cb->shape->area ? 1 : ca->shape->area > cb->shape->area ? -1 : 0;
}

static gboolean
screen_point_in_shape (const SitmapViewport *vp,
                       const SitmapShape    *shape,
                       double                sx,
                       double                sy)
{
  double x, y;

  sitmap_viewport_to_map (vp, sx, sy, &x, &y);
  return sitmap_shape_contains (shape, x, y);
}

/* The country's own label point when it is in view; for a country only
 * partly in view (Russia on a map of Europe), the middle of its visible
 * part, so the name still appears where the reader looks. */
static gboolean
find_label_point (const SitmapViewport *vp,
                  const SitmapShape *shape,
                  double             text_width,
                  double             text_height,
                  double            *sx,
                  double            *sy)
{
  const int steps = 12;
  double x0, y0, x1, y1, sum_x = 0, sum_y = 0, best = G_MAXDOUBLE;
  double mean_x, mean_y;
  int inside = 0;

  sitmap_viewport_to_screen (vp, shape->label_x, shape->label_y, sx, sy);
  if (*sx - text_width / 2 >= 0 && *sx + text_width / 2 <= vp->width &&
      *sy - text_height / 2 >= 0 && *sy + text_height / 2 <= vp->height)
    return TRUE;

  sitmap_viewport_to_screen (vp, shape->x_min, shape->y_max, &x0, &y0);
  sitmap_viewport_to_screen (vp, shape->x_max, shape->y_min, &x1, &y1);
  x0 = MAX (x0, text_width / 2 + 8);
  y0 = MAX (y0, text_height / 2 + 8);
  x1 = MIN (x1, vp->width - text_width / 2 - 8);
  y1 = MIN (y1, vp->height - text_height / 2 - 8);
  if (x0 >= x1 || y0 >= y1)
    return FALSE;

  for (int i = 0; i <= steps; i++)
    for (int j = 0; j <= steps; j++)
      {
        double x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * j / steps;

        if (screen_point_in_shape (vp, shape, x, y))
          {
            sum_x += x;
            sum_y += y;
            inside++;
          }
      }
  if (inside == 0)
    return FALSE;
  mean_x = sum_x / inside;
  mean_y = sum_y / inside;

  for (int i = 0; i <= steps; i++)
    for (int j = 0; j <= steps; j++)
      {
        double x = x0 + (x1 - x0) * i / steps, y = y0 + (y1 - y0) * j / steps;
        double d = hypot (x - mean_x, y - mean_y);

        if (d < best && screen_point_in_shape (vp, shape, x, y))
          {
            best = d;
            *sx = x;
            *sy = y;
          }
      }

  return best < G_MAXDOUBLE;
}

/* Three sizes of name, by the country's area on screen, as atlases class
 * their labels: the hierarchy reads at a glance, and while zooming a name
 * keeps its size, and with it its measurements and its copy, over many
 * frames rather than changing with each. */
double
sitmap_label_name_size (double screen_area)
{
  double side = sqrt (screen_area) / 14;

  return side < 11.25 ? 10 : side < 13.75 ? 12.5 : 15;
}

static void
placed_name_clear (gpointer data)
{
  SitmapPlacedName *placed = data;

  g_free (placed->name);
}

GArray *
sitmap_label_place_names (GArray                *candidates,
                          const SitmapViewport  *vp,
                          SitmapNameMeasureFunc  measure,
                          gpointer               measure_data,
                          SitmapCollision       *collision)
{
  GArray *placed_names = g_array_new (FALSE, FALSE, sizeof (SitmapPlacedName));
  double px_area = vp->resolution * vp->resolution;
  guint kept = 0;

  g_array_set_clear_func (placed_names, placed_name_clear);

  /* Unnamed and small areas have no name to show. */
  for (guint i = 0; i < candidates->len; i++)
    {
      const SitmapNameCandidate *c = &g_array_index (candidates, SitmapNameCandidate, i);

      if (c->name[0] != '\0' && c->shape->area / px_area > 900)
        g_array_index (candidates, SitmapNameCandidate, kept++) = *c;
    }
  g_array_set_size (candidates, kept);
  g_array_sort (candidates, compare_by_area);

  for (guint i = 0; i < candidates->len; i++)
    {
      const SitmapNameCandidate *c = &g_array_index (candidates, SitmapNameCandidate, i);
      SitmapPlacedName placed = { g_utf8_strup (c->name, -1), sitmap_label_name_size (c->shape->area / px_area) };
      double width, height, sx, sy;
      gboolean fits = TRUE;

      measure (placed.name, placed.size, measure_data, &width, &height);

      if (!find_label_point (vp, c->shape, width, height, &sx, &sy))
        fits = FALSE;
      else
        {
          /* On whole pixels, which also lets a copy of the name serve again. */
          placed.box.x = round (sx - width / 2.0);
          placed.box.y = round (sy - height / 2.0);
          placed.box.width = width;
          placed.box.height = height;
          fits = sitmap_label_inside_view (&placed.box, vp);
        }

      /* The name must sit inside its area, not spill over neighbours. */
      for (int corner = 0; corner < 4 && fits; corner++)
        fits = screen_point_in_shape (vp, c->shape,
                                      placed.box.x + (corner & 1 ? placed.box.width : 0),
                                      placed.box.y + (corner & 2 ? placed.box.height : 0));
      if (fits)
        {
          SitmapRect padded = sitmap_rect_inflate (&placed.box, 3);

          fits = sitmap_collision_try_add (collision, &padded);
        }
      if (!fits)
        {
          g_free (placed.name);
          continue;
        }

      g_array_append_val (placed_names, placed);
    }

  return placed_names;
}
