/* sitmap-lod-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-lod.h"
#include "sitmap-lod-box.h"
#include "sitmap-lod-grid.h"
#include "sitmap-lod-ladder.h"
#include "sitmap-raster-canvas.h"

G_BEGIN_DECLS

#define NO_POINT G_MAXUINT32

enum
{
  ARC_SEAM   = 1 << 0,
  ARC_SHARED = 1 << 1,
  ARC_LOOP   = 1 << 2,   /* ends where it starts: a whole ring */
};

struct _SitmapLod
{
  gboolean  closed;

  /* x, y of every point a point id can name: the features' vertices one
   * after another, of which the ids name each place's first.  The LOD's
   * own, or shared with whoever built it (sitmap_lod_new_sharing ()). */
  const double *points;
  guint     n_points;
  gboolean  owns_points;

  guint     n_arcs;
  guint     n_shared;
  guint8   *arc_flags;
  SitmapLodBox      *arc_box;

  guint     n_features;
  guint32  *feature_ring_start;   /* n_features + 1 */
  guint     n_rings;
  guint32  *ring_start;           /* n_rings + 1 offsets into ring_arcs */
  gint32   *ring_arcs;            /* arc, or ~arc when walked backwards */
  guint32  *ring_feature;
  SitmapLodBox      *ring_box;
  guint8   *ring_reversed;        /* walk it backwards to go anticlockwise */

  SitmapLodLevel    *levels;
  guint     n_levels;

  SitmapLodGrid      ring_grid;
  SitmapLodGrid      arc_grid;

  /* The outlines of the union of all rings, for fills: see
   * build_outlines ().  n_outlines is 0 where they could not be built. */
  guint     n_outlines;
  guint32  *outline_start;        /* n_outlines + 1 offsets into outline_arcs */
  gint32   *outline_arcs;         /* arc, or ~arc when walked backwards */
  SitmapLodBox      *outline_box;
  SitmapLodGrid      outline_grid;

  /* A level of detail read from the prepared-data cache points into its
   * mapped file, and only levels and the struct are its own. */
  GBytes   *backing;
};

void  sitmap_lod_find_ring_orientation (SitmapLod                *self);
void  sitmap_lod_build_outlines        (SitmapLod                *self);
/* The passes of sitmap_lod_draw_polygons_begin () into canvas's pixels,
 * for one band. */
gsize sitmap_lod_draw_polygons_into    (SitmapLod                *self,
                                        guint                     level,
                                        const SitmapLodView      *view,
                                        const SitmapRasterCanvas *canvas,
                                        const SitmapLodInk       *ground,
                                        const SitmapLodInk       *coast,
                                        const SitmapLodInk       *fill,
                                        const SitmapLodInk       *border);

G_END_DECLS
