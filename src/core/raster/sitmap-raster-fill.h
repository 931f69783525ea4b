/* sitmap-raster-fill.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "sitmap-raster-canvas.h"

G_BEGIN_DECLS

/* ---- Fills ---- */

typedef struct
{
  SitmapRasterCanvas   canvas;
  int      width;            /* of the clip */
  int      height;
  int      columns;          /* width + 2: room for what falls off the right */
  float   *area;             /* signed area per cell, summed along rows later */
  int      row_min;
  int      row_max;
  double   start_x;          /* the subpath's first vertex, clip pixels */
  double   start_y;
  double   last_x;
  double   last_y;
  gboolean open;
} SitmapRasterFill;

static inline guint
sitmap_raster_even_odd_value (double sum)
{
  double cover = fabs (sum);

  /* Twice round is outside again. */
  if (cover > 1)
    {
      cover -= 2 * floor (cover / 2);
      if (cover > 1)
        cover = 2 - cover;
    }
  return (guint)(MIN (cover, 1) * 255 + 0.5);
}

void sitmap_raster_fill_move_to (SitmapRasterFill *r,
                                 double            x,
                                 double            y);
void sitmap_raster_fill_line_to (SitmapRasterFill *r,
                                 double            x,
                                 double            y);
/* Closes the subpath, if one is open. */
void sitmap_raster_fill_close   (SitmapRasterFill *r);

G_END_DECLS
