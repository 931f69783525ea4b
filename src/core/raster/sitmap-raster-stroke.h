/* sitmap-raster-stroke.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-raster-canvas.h"

G_BEGIN_DECLS

/* ---- Strokes ---- */

typedef struct
{
  SitmapRasterCanvas   canvas;
  int      width;            /* of the clip */
  int      height;
  guint8  *mask;             /* coverage per pixel of the clip */
  int      row_min;          /* rows touched, from the clip's top */
  int      row_max;
  double   half_width;       /* device pixels */
  double   peak;             /* coverage at the centre of the line */
  /* A second, wider line drawn in the same pass into its own mask, for
   * the arcs that have under set: the coasts' halo under the borders. */
  guint8  *under_mask;
  double   under_half_width;
  double   under_peak;
  gboolean under;
  double   last_x;
  double   last_y;
  gboolean joined;           /* the next segment continues another */
  /* Dashes, in device pixels along each subpath. */
  double  *dashes;
  int      n_dashes;
  double   period;
  double   dash_offset;
  double   travelled;
} SitmapRasterStroke;

void sitmap_raster_stroke_move_to   (SitmapRasterStroke *r,
                                    double              x,
                                    double              y);
void sitmap_raster_stroke_line_to   (SitmapRasterStroke *r,
                                    double              x,
                                    double              y);
/* Blends mask over the pixels with the canvas's colour, and clears it. */
void sitmap_raster_stroke_composite (SitmapRasterStroke *r,
                                    guint8             *mask_pixels);

G_END_DECLS
