/* sitmap-lod-grid.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-lod-grid.h"

static void
grid_cell_range (const SitmapLodGrid *grid,
                 const SitmapLodBox  *box,
                 guint      *c0,
                 guint      *r0,
                 guint      *c1,
                 guint      *r1)
{
  double fc0 = floor ((box->x0 - grid->x0) / grid->cell_w);
  double fc1 = floor ((box->x1 - grid->x0) / grid->cell_w);
  double fr0 = floor ((box->y0 - grid->y0) / grid->cell_h);
  double fr1 = floor ((box->y1 - grid->y0) / grid->cell_h);

  *c0 = (guint)CLAMP (fc0, 0, grid->columns - 1);
  *c1 = (guint)CLAMP (fc1, 0, grid->columns - 1);
  *r0 = (guint)CLAMP (fr0, 0, grid->rows - 1);
  *r1 = (guint)CLAMP (fr1, 0, grid->rows - 1);
}

void
sitmap_lod_grid_build (SitmapLodGrid      *grid,
            const SitmapLodBox *boxes,
            guint      n,
            const SitmapLodBox *extent)
{
  double w = MAX (extent->x1 - extent->x0, 1e-9), h = MAX (extent->y1 - extent->y0, 1e-9);
  double cells = CLAMP (n, 1, 256 * 256);
  g_autofree guint32 *fill = NULL;
  guint n_cells;

  grid->columns = (guint)CLAMP (round (sqrt (cells * w / h)), 1, 512);
  grid->rows = (guint)CLAMP (round (cells / grid->columns), 1, 512);
  grid->x0 = extent->x0;
  grid->y0 = extent->y0;
  grid->cell_w = w / grid->columns;
  grid->cell_h = h / grid->rows;
  grid->n_items = n;
  n_cells = grid->columns * grid->rows;
  grid->cell_start = g_new0 (guint32, n_cells + 1);

  for (guint i = 0; i < n; i++)
    {
      guint c0, r0, c1, r1;

      if (box_is_empty (&boxes[i]))
        continue;
      grid_cell_range (grid, &boxes[i], &c0, &r0, &c1, &r1);
      for (guint r = r0; r <= r1; r++)
        for (guint c = c0; c <= c1; c++)
          grid->cell_start[r * grid->columns + c + 1]++;
    }
  for (guint i = 0; i < n_cells; i++)
    grid->cell_start[i + 1] += grid->cell_start[i];

  grid->items = g_new (guint32, MAX (grid->cell_start[n_cells], 1));
  fill = g_memdup2 (grid->cell_start, n_cells * sizeof (guint32));
  for (guint i = 0; i < n; i++)
    {
      guint c0, r0, c1, r1;

      if (box_is_empty (&boxes[i]))
        continue;
      grid_cell_range (grid, &boxes[i], &c0, &r0, &c1, &r1);
      for (guint r = r0; r <= r1; r++)
        for (guint c = c0; c <= c1; c++)
          grid->items[fill[r * grid->columns + c]++] = i;
    }
}

void
sitmap_lod_grid_clear (SitmapLodGrid *grid)
{
  g_clear_pointer (&grid->cell_start, g_free);
  g_clear_pointer (&grid->items, g_free);
}

/* Appends each item whose box meets box, once: an item in several of the
 * cells looked at is taken from the first of them only.  Nothing is marked
 * on the grid, so threads drawing bands of one frame can share it. */
void
sitmap_lod_grid_query (const SitmapLodGrid *grid,
            const SitmapLodBox  *boxes,
            const SitmapLodBox  *box,
            GArray     *out)
{
  guint c0, r0, c1, r1;

  if (grid->n_items == 0 || box_is_empty (box))
    return;

  grid_cell_range (grid, box, &c0, &r0, &c1, &r1);
  for (guint r = r0; r <= r1; r++)
    for (guint c = c0; c <= c1; c++)
      {
        guint cell = r * grid->columns + c;

        for (guint32 i = grid->cell_start[cell]; i < grid->cell_start[cell + 1]; i++)
          {
            guint32 item = grid->items[i];
            const SitmapLodBox *b = &boxes[item];
            guint ic0, ir0, ic1, ir1;

            if (!(b->x1 >= box->x0 && b->x0 <= box->x1 && b->y1 >= box->y0 && b->y0 <= box->y1))
              continue;
            grid_cell_range (grid, b, &ic0, &ir0, &ic1, &ir1);
            if (c == MAX (ic0, c0) && r == MAX (ir0, r0))
              g_array_append_val (out, item);
          }
      }
}

