/* sitmap-path-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-layer.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* Projected geometry to cairo paths in logical pixels, the same way for
 * the basemap and the story. */

/* Basemap layers are drawn at the coarsest level of detail whose largest
 * error is at most this: invisible, and about one vertex per device pixel
 * of outline at most. */
#define SITMAP_LOD_TOLERANCE_DEVICE_PX 0.5

typedef struct
{
  const SitmapViewport *viewport;
  double min_segment;      /* logical pixels */
  double x_min, y_min, x_max, y_max;  /* visible projection metres */
  double tolerance;        /* projection metres the level of detail may err */
  SitmapLodView lod_view;
  gsize vertices;
} SitmapPathContext;

void         _sitmap_path_context_init    (SitmapPathContext    *ctx,
                                           const SitmapViewport *viewport);
/* Whether any of the shape may be in view. */
gboolean     _sitmap_path_shape_visible   (const SitmapPathContext *ctx,
                                           const SitmapShape       *shape);
/* Appends the shape's parts to cr's path.  Rings close; lines do not.
 * With skip_seam, edges along a projection seam become moves, so strokes
 * never draw the map's own edge as a border. */
void         _sitmap_path_append          (SitmapPathContext    *ctx,
                                           cairo_t              *cr,
                                           const SitmapShape    *shape,
                                           gboolean              close_rings,
                                           gboolean              skip_seam);
/* The same for one shape on its own.  Returns how many vertices were
 * sent to cairo. */
gsize        _sitmap_path_append_shape    (cairo_t              *cr,
                                           const SitmapViewport *viewport,
                                           const SitmapShape    *shape,
                                           gboolean              close_rings,
                                           gboolean              skip_seam);

G_END_DECLS
