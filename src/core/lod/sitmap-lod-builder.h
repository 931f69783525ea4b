/* sitmap-lod-builder.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-lod.h"

G_BEGIN_DECLS

/* The topology of the data while it is being built: distinct points,
 * junctions, and the shared arcs the rings are cut into. */
typedef struct
{
  gboolean  closed;

  /* The features' vertices one after another: a point's id is where it
   * first occurs, found through an open-addressing hash on its
   * coordinates' bits.  n_points counts them all, so arrays by id have
   * room for any. */
  const double *points;
  guint     n_points;
  guint32  *slots;
  guint32   slot_mask;
  guint32   nan_point;

  /* Every ring (or line) as point ids, without repeats and, for rings,
   * without the closing vertex. */
  guint32  *seq;
  guint8   *seq_seam;      /* the edge to the next vertex is on the seam */
  guint32  *seq_start;     /* n_rings + 1 */
  guint     n_rings;

  guint32  *neighbour_a;
  guint32  *neighbour_b;
  guint8   *point_flags;

  /* Arcs in the orientation that makes them canonical. */
  GArray   *arc_points;    /* guint32 */
  GArray   *arc_start;     /* guint32 */
  GArray   *arc_flags;     /* guint8 */
  GArray   *arc_hash;      /* guint32 */
  guint32  *arc_slots;
  guint32   arc_slot_mask;

  GArray   *ring_arcs;     /* gint32 */
  GArray   *scratch;       /* guint32 */
} SitmapLodBuilder;

/* Turns the parts, whose xy all lie in points (n_points pairs), into
 * sequences of point ids. */
void sitmap_lod_builder_read           (SitmapLodBuilder      *b,
                                        const double          *points,
                                        gsize                  n_points,
                                        const SitmapLodSource *features,
                                        guint                  n_features,
                                        guint32               *feature_ring_start);
void sitmap_lod_builder_find_junctions (SitmapLodBuilder      *b);
/* Cuts each ring into arcs at its junctions; ring_start gets n_rings + 1
 * offsets into the ring arcs. */
void sitmap_lod_builder_make_arcs      (SitmapLodBuilder      *b,
                                        guint32               *ring_start);

G_END_DECLS
