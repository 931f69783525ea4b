/* sitmap-lod-store.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-lod-store.h"
#include "sitmap-lod-private.h"

/* No level has more rungs than the ladder's tolerances, and no projected
 * coordinate on Earth is near this many metres. */
#define MAX_STORED_LEVELS 256
#define MAX_COORDINATE 1e10

enum
{
  COUNT_CLOSED,
  COUNT_POINTS,
  COUNT_ARCS,
  COUNT_SHARED,
  COUNT_FEATURES,
  COUNT_RINGS,
  COUNT_LEVELS,
  COUNT_OUTLINES,
  N_COUNTS
};

typedef struct
{
  double  tolerance;
  guint64 n_vertices;
} LevelMeta;

typedef struct
{
  guint32 columns;
  guint32 rows;
  guint32 n_items;
  guint32 padding;
  double  x0, y0, cell_w, cell_h;
} GridMeta;

static void
store_grid (const SitmapLodGrid *grid,
            SitmapPreparedCache *writer)
{
  guint n_cells = grid->columns * grid->rows;
  GridMeta meta = { grid->columns, grid->rows, grid->n_items, 0,
                    grid->x0, grid->y0, grid->cell_w, grid->cell_h };

  sitmap_prepared_cache_add_copy (writer, &meta, sizeof meta);
  sitmap_prepared_cache_add (writer, grid->cell_start, (n_cells + 1) * sizeof (guint32));
  sitmap_prepared_cache_add (writer, grid->items, grid->cell_start[n_cells] * sizeof (guint32));
}

void
sitmap_lod_store (const SitmapLod     *self,
                  gboolean             with_points,
                  SitmapPreparedCache *writer)
{
  guint32 counts[N_COUNTS];
  g_autofree LevelMeta *levels = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (writer != NULL);

  counts[COUNT_CLOSED] = self->closed;
  counts[COUNT_POINTS] = self->n_points;
  counts[COUNT_ARCS] = self->n_arcs;
  counts[COUNT_SHARED] = self->n_shared;
  counts[COUNT_FEATURES] = self->n_features;
  counts[COUNT_RINGS] = self->n_rings;
  counts[COUNT_LEVELS] = self->n_levels;
  counts[COUNT_OUTLINES] = self->n_outlines;
  sitmap_prepared_cache_add_copy (writer, counts, sizeof counts);

  levels = g_new0 (LevelMeta, MAX (self->n_levels, 1));
  for (guint l = 0; l < self->n_levels; l++)
    levels[l] = (LevelMeta) { self->levels[l].tolerance, self->levels[l].n_vertices };
  sitmap_prepared_cache_add_copy (writer, levels, self->n_levels * sizeof (LevelMeta));

  if (with_points)
    sitmap_prepared_cache_add (writer, self->points, 2 * (gsize)self->n_points * sizeof (double));
  sitmap_prepared_cache_add (writer, self->arc_flags, self->n_arcs);
  sitmap_prepared_cache_add (writer, self->arc_box, self->n_arcs * sizeof (SitmapLodBox));
  sitmap_prepared_cache_add (writer, self->feature_ring_start, (self->n_features + 1) * sizeof (guint32));
  sitmap_prepared_cache_add (writer, self->ring_start, (self->n_rings + 1) * sizeof (guint32));
  sitmap_prepared_cache_add (writer, self->ring_arcs, self->ring_start[self->n_rings] * sizeof (gint32));
  sitmap_prepared_cache_add (writer, self->ring_feature, self->n_rings * sizeof (guint32));
  sitmap_prepared_cache_add (writer, self->ring_box, self->n_rings * sizeof (SitmapLodBox));
  sitmap_prepared_cache_add (writer, self->ring_reversed, self->n_rings);

  for (guint l = 0; l < self->n_levels; l++)
    {
      const SitmapLodLevel *level = &self->levels[l];

      sitmap_prepared_cache_add (writer, level->index, level->n_vertices * sizeof (guint32));
      sitmap_prepared_cache_add (writer, level->arc_start, (self->n_arcs + 1) * sizeof (guint32));
      sitmap_prepared_cache_add (writer, level->chunk_start, (self->n_arcs + 1) * sizeof (guint32));
      sitmap_prepared_cache_add (writer, level->chunks,
                                 level->chunk_start[self->n_arcs] * sizeof (SitmapLodBox));
    }

  store_grid (&self->ring_grid, writer);
  store_grid (&self->arc_grid, writer);
  if (self->n_outlines > 0)
    {
      sitmap_prepared_cache_add (writer, self->outline_start, (self->n_outlines + 1) * sizeof (guint32));
      sitmap_prepared_cache_add (writer, self->outline_arcs,
                                 self->outline_start[self->n_outlines] * sizeof (gint32));
      sitmap_prepared_cache_add (writer, self->outline_box, self->n_outlines * sizeof (SitmapLodBox));
      store_grid (&self->outline_grid, writer);
    }
}

/* ---- Loading, checking everything ----------------------------------------- */

/* n + 1 offsets from 0 to total, never going back. */
static gboolean
offsets_ok (const guint32 *o,
            gsize          n,
            gsize          total)
{
  if (o[0] != 0 || o[n] != total)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (o[i] > o[i + 1])
      return FALSE;
  return TRUE;
}

static gboolean
ids_ok (const guint32 *ids,
        gsize          n,
        guint32        bound)
{
  for (gsize i = 0; i < n; i++)
    if (ids[i] >= bound)
      return FALSE;
  return TRUE;
}

static gboolean
refs_ok (const gint32 *refs,
         gsize         n,
         guint32       n_arcs)
{
  for (gsize i = 0; i < n; i++)
    if ((guint32)(refs[i] >= 0 ? refs[i] : ~refs[i]) >= n_arcs)
      return FALSE;
  return TRUE;
}

/* Built boxes hold real coordinates or are empty (±G_MAXDOUBLE). */
static gboolean
boxes_ok (const SitmapLodBox *boxes,
          gsize               n)
{
  for (gsize i = 0; i < n; i++)
    if (isnan (boxes[i].x0) || isnan (boxes[i].y0) || isnan (boxes[i].x1) || isnan (boxes[i].y1))
      return FALSE;
  return TRUE;
}

static gboolean
coordinates_ok (const double *v,
                gsize         n)
{
  for (gsize i = 0; i < n; i++)
    if (!isnan (v[i]) && !(fabs (v[i]) <= MAX_COORDINATE))
      return FALSE;
  return TRUE;
}

#define NEXT(type, count) \
  ((const type *)sitmap_prepared_cache_next_n (reader, sizeof (type), (count), error))

static gboolean
load_grid (SitmapPreparedCache  *reader,
           SitmapLodGrid        *grid,
           guint                 n_items,
           GError              **error)
{
  const GridMeta *meta = NEXT (GridMeta, 1);
  const guint32 *cell_start, *items;
  gsize n_cells;

  if (meta == NULL)
    return FALSE;
  if (meta->columns < 1 || meta->columns > 512 || meta->rows < 1 || meta->rows > 512 ||
      meta->n_items != n_items ||
      !isfinite (meta->x0) || !isfinite (meta->y0) ||
      !(isfinite (meta->cell_w) && meta->cell_w > 0) || !(isfinite (meta->cell_h) && meta->cell_h > 0))
    return sitmap_prepared_cache_damaged (error, "a grid's size is out of range");
  n_cells = (gsize)meta->columns * meta->rows;
  if ((cell_start = NEXT (guint32, n_cells + 1)) == NULL)
    return FALSE;
  if ((items = NEXT (guint32, cell_start[n_cells])) == NULL)
    return FALSE;
  if (!offsets_ok (cell_start, n_cells, cell_start[n_cells]) || !ids_ok (items, cell_start[n_cells], n_items))
    return sitmap_prepared_cache_damaged (error, "a grid's cells are out of range");

  grid->columns = meta->columns;
  grid->rows = meta->rows;
  grid->n_items = meta->n_items;
  grid->x0 = meta->x0;
  grid->y0 = meta->y0;
  grid->cell_w = meta->cell_w;
  grid->cell_h = meta->cell_h;
  grid->cell_start = (guint32 *)cell_start;
  grid->items = (guint32 *)items;
  return TRUE;
}

static gboolean
load_level (SitmapPreparedCache  *reader,
            SitmapLod            *self,
            const LevelMeta      *meta,
            SitmapLodLevel       *level,
            GError              **error)
{
  const guint32 *index, *arc_start, *chunk_start;
  const SitmapLodBox *chunks;

  if (!(meta->tolerance >= 0 && isfinite (meta->tolerance)) || meta->n_vertices > G_MAXUINT32)
    return sitmap_prepared_cache_damaged (error, "a level's tolerance or size is out of range");
  if ((index = NEXT (guint32, meta->n_vertices)) == NULL ||
      (arc_start = NEXT (guint32, self->n_arcs + 1)) == NULL ||
      (chunk_start = NEXT (guint32, self->n_arcs + 1)) == NULL ||
      (chunks = NEXT (SitmapLodBox, chunk_start[self->n_arcs])) == NULL)
    return FALSE;

  if (!ids_ok (index, meta->n_vertices, self->n_points) ||
      !offsets_ok (arc_start, self->n_arcs, meta->n_vertices) ||
      !offsets_ok (chunk_start, self->n_arcs, chunk_start[self->n_arcs]) ||
      !boxes_ok (chunks, chunk_start[self->n_arcs]))
    return sitmap_prepared_cache_damaged (error, "a level's arcs are out of range");

  /* Every arc keeps its ends at every level, and has as many chunks as
   * the walk will look at for its length. */
  for (guint a = 0; a < self->n_arcs; a++)
    {
      guint32 n = arc_start[a + 1] - arc_start[a];

      if (n < 1 || chunk_start[a + 1] - chunk_start[a] != (n > 1 ? (n - 2) / CHUNK_SEGMENTS + 1 : 0))
        return sitmap_prepared_cache_damaged (error, "a level's arc or chunks are out of range");
    }

  level->tolerance = meta->tolerance;
  level->n_vertices = meta->n_vertices;
  level->index = (guint32 *)index;
  level->arc_start = (guint32 *)arc_start;
  level->chunks = (SitmapLodBox *)chunks;
  level->chunk_start = (guint32 *)chunk_start;
  return TRUE;
}

static gboolean
load_all (SitmapPreparedCache  *reader,
          SitmapLod            *self,
          const double         *points,
          gsize                 n_points,
          guint                 n_features,
          gboolean              closed,
          GError              **error)
{
  const guint32 *counts = NEXT (guint32, N_COUNTS);
  const LevelMeta *levels;
  gsize n_ring_arcs;

  if (counts == NULL)
    return FALSE;
  if (counts[COUNT_CLOSED] != !!closed || counts[COUNT_FEATURES] != n_features ||
      counts[COUNT_SHARED] > counts[COUNT_ARCS] ||
      counts[COUNT_LEVELS] < 1 || counts[COUNT_LEVELS] > MAX_STORED_LEVELS ||
      counts[COUNT_POINTS] == G_MAXUINT32 || counts[COUNT_ARCS] == G_MAXUINT32 ||
      counts[COUNT_RINGS] == G_MAXUINT32 || counts[COUNT_OUTLINES] == G_MAXUINT32 ||
      (!closed && counts[COUNT_OUTLINES] > 0) || (points != NULL && counts[COUNT_POINTS] != n_points))
    return sitmap_prepared_cache_damaged (error, "its counts do not fit the layer");

  self->closed = !!closed;
  self->n_points = counts[COUNT_POINTS];
  self->n_arcs = counts[COUNT_ARCS];
  self->n_shared = counts[COUNT_SHARED];
  self->n_features = n_features;
  self->n_rings = counts[COUNT_RINGS];

  /* Shared points were checked by whoever read them. */
  self->points = points;
  if ((levels = NEXT (LevelMeta, counts[COUNT_LEVELS])) == NULL ||
      (points == NULL &&
       ((self->points = (double *)NEXT (double, 2 * (gsize)self->n_points)) == NULL ||
        !coordinates_ok (self->points, 2 * (gsize)self->n_points))) ||
      (self->arc_flags = (guint8 *)NEXT (guint8, self->n_arcs)) == NULL ||
      (self->arc_box = (SitmapLodBox *)NEXT (SitmapLodBox, self->n_arcs)) == NULL ||
      (self->feature_ring_start = (guint32 *)NEXT (guint32, n_features + 1)) == NULL ||
      (self->ring_start = (guint32 *)NEXT (guint32, self->n_rings + 1)) == NULL)
    return FALSE;
  n_ring_arcs = self->ring_start[self->n_rings];
  if ((self->ring_arcs = (gint32 *)NEXT (gint32, n_ring_arcs)) == NULL ||
      (self->ring_feature = (guint32 *)NEXT (guint32, self->n_rings)) == NULL ||
      (self->ring_box = (SitmapLodBox *)NEXT (SitmapLodBox, self->n_rings)) == NULL ||
      (self->ring_reversed = (guint8 *)NEXT (guint8, self->n_rings)) == NULL)
    return FALSE;

  if (!boxes_ok (self->arc_box, self->n_arcs) || !boxes_ok (self->ring_box, self->n_rings))
    return sitmap_prepared_cache_damaged (error, "a coordinate is out of range");
  if (!offsets_ok (self->feature_ring_start, n_features, self->n_rings) ||
      !offsets_ok (self->ring_start, self->n_rings, n_ring_arcs) ||
      !refs_ok (self->ring_arcs, n_ring_arcs, self->n_arcs) ||
      !ids_ok (self->ring_feature, self->n_rings, MAX (n_features, 1)))
    return sitmap_prepared_cache_damaged (error, "its rings are out of range");

  self->levels = g_new0 (SitmapLodLevel, counts[COUNT_LEVELS]);
  for (guint l = 0; l < counts[COUNT_LEVELS]; l++)
    {
      if (!load_level (reader, self, &levels[l], &self->levels[l], error))
        return FALSE;
      self->n_levels = l + 1;
    }

  if (!load_grid (reader, &self->ring_grid, self->n_rings, error) ||
      !load_grid (reader, &self->arc_grid, self->n_arcs, error))
    return FALSE;

  if (counts[COUNT_OUTLINES] > 0)
    {
      guint n = counts[COUNT_OUTLINES];
      gsize n_outline_arcs;

      if ((self->outline_start = (guint32 *)NEXT (guint32, n + 1)) == NULL)
        return FALSE;
      n_outline_arcs = self->outline_start[n];
      if ((self->outline_arcs = (gint32 *)NEXT (gint32, n_outline_arcs)) == NULL ||
          (self->outline_box = (SitmapLodBox *)NEXT (SitmapLodBox, n)) == NULL)
        return FALSE;
      if (!offsets_ok (self->outline_start, n, n_outline_arcs) ||
          !refs_ok (self->outline_arcs, n_outline_arcs, self->n_arcs) ||
          !boxes_ok (self->outline_box, n))
        return sitmap_prepared_cache_damaged (error, "its outlines are out of range");
      if (!load_grid (reader, &self->outline_grid, n, error))
        return FALSE;
      self->n_outlines = n;
    }
  return TRUE;
}

SitmapLod *
sitmap_lod_load (SitmapPreparedCache  *reader,
                 const double         *points,
                 gsize                 n_points,
                 guint                 n_features,
                 gboolean              closed,
                 GError              **error)
{
  SitmapLod *self;

  g_return_val_if_fail (reader != NULL, NULL);
  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SitmapLod, 1);
  self->backing = g_bytes_ref (sitmap_prepared_cache_get_bytes (reader));
  if (!load_all (reader, self, points, n_points, n_features, closed, error))
    {
      sitmap_lod_free (self);
      return NULL;
    }
  return self;
}
