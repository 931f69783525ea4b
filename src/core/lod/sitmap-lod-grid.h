/* sitmap-lod-grid.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-lod-box.h"

G_BEGIN_DECLS

/* A uniform grid of boxes, for culling and hit-testing. */
typedef struct
{
  guint    columns;
  guint    rows;
  double   x0;
  double   y0;
  double   cell_w;
  double   cell_h;
  guint32 *cell_start;     /* columns × rows + 1 offsets into items */
  guint32 *items;
  guint    n_items;
} SitmapLodGrid;

void sitmap_lod_grid_build (SitmapLodGrid      *grid,
                            const SitmapLodBox *boxes,
                            guint               n,
                            const SitmapLodBox *extent);
void sitmap_lod_grid_clear (SitmapLodGrid      *grid);
/* Appends each item whose box meets box, once: an item in several of the
 * cells looked at is taken from the first of them only.  Nothing is marked
 * on the grid, so threads drawing bands of one frame can share it. */
void sitmap_lod_grid_query (const SitmapLodGrid *grid,
                            const SitmapLodBox  *boxes,
                            const SitmapLodBox  *box,
                            GArray              *out);

G_END_DECLS
