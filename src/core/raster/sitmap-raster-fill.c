/* sitmap-raster-fill.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-raster-fill.h"

/* The part of an edge inside one row, from xa to xb across a height (signed
 * by direction), in clip pixels: each cell it crosses gets the area to the
 * right of the edge within the row, and the cell after it the rest, so that
 * summing along the row gives every cell to the right the full height. */
static inline void
fill_row_piece (float  *row,
                double  xa,
                double  xb,
                double  height)
{
  double left = MIN (xa, xb), right = MAX (xa, xb);
  int column = sitmap_raster_floor (left);

  if (right <= column + 1)
    {
      double middle = (left + right) / 2 - column;

      row[column] += (float)(height * (1 - middle));
      row[column + 1] += (float)(height * middle);
      return;
    }

  {
    double per_x = height / (right - left);

    for (double x = left; x < right; column++)
      {
        double next = MIN (right, column + 1.0);
        double piece = per_x * (next - x), middle = (x + next) / 2 - column;

        row[column] += (float)(piece * (1 - middle));
        row[column + 1] += (float)(piece * middle);
        x = next;
      }
  }
}

static void
fill_edge (SitmapRasterFill *r,
           double      x0,
           double      y0,
           double      x1,
           double      y1)
{
  double sign = 1, top, bottom, dxdy;
  int first, last;

  if (y0 == y1)
    return;
  if (y0 > y1)
    {
      double t;

      t = x0, x0 = x1, x1 = t;
      t = y0, y0 = y1, y1 = t;
      sign = -1;
    }
  if (y1 <= 0 || y0 >= r->height)
    return;

  dxdy = (x1 - x0) / (y1 - y0);
  top = MAX (y0, 0);
  bottom = MIN (y1, r->height);
  first = sitmap_raster_floor (top);
  last = sitmap_raster_ceil (bottom) - 1;
  r->row_min = MIN (r->row_min, first);
  r->row_max = MAX (r->row_max, last);

  for (int row = first; row <= last; row++)
    {
      double ya = MAX (top, row), yb = MIN (bottom, row + 1.0);
      /* Whatever lies left of the clip covers the row from its left edge;
       * whatever lies right of it covers nothing in view. */
      double xa = CLAMP (x0 + (ya - y0) * dxdy, 0, r->width);
      double xb = CLAMP (x0 + (yb - y0) * dxdy, 0, r->width);

      if (yb > ya)
        {
          fill_row_piece (r->area + (gsize)row * r->columns, xa, xb, sign * (yb - ya));
        }
    }
}

void
sitmap_raster_fill_close (SitmapRasterFill *r)
{
  if (r->open)
    fill_edge (r, r->last_x, r->last_y, r->start_x, r->start_y);
  r->open = FALSE;
}

/* Like cairo, a new subpath closes the one before it. */
void
sitmap_raster_fill_move_to (SitmapRasterFill *r,
              double      x,
              double      y)
{
  sitmap_raster_fill_close (r);
  r->open = TRUE;
  r->start_x = r->last_x = x;
  r->start_y = r->last_y = y;
}

void
sitmap_raster_fill_line_to (SitmapRasterFill *r,
              double      x,
              double      y)
{
  fill_edge (r, r->last_x, r->last_y, x, y);
  r->last_x = x;
  r->last_y = y;
}



