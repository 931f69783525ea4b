/* sitmap-lod-ladder.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-lod-box.h"

G_BEGIN_DECLS

/* Segments per culling chunk along an arc: short enough that a ring
 * mostly out of view costs a few vertices, long enough that the boxes
 * cost little beside the vertices. */
#define CHUNK_SEGMENTS 32

/* One rung of the simplification ladder: every arc at one tolerance. */
typedef struct
{
  double   tolerance;
  guint32 *index;          /* point ids, arc after arc */
  guint32 *arc_start;      /* n_arcs + 1 offsets into index */
  SitmapLodBox     *chunks;
  guint32 *chunk_start;    /* n_arcs + 1 offsets into chunks */
  gsize    n_vertices;
} SitmapLodLevel;

/* Builds self's levels, taking arc_points and arc_start as level 0, the
 * data as it is. */
void sitmap_lod_ladder_build (SitmapLod *self,
                              guint32   *arc_points,
                              guint32   *arc_start);

G_END_DECLS
