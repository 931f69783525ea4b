/* sitmap-callouts.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sitmap-collision.h"

G_BEGIN_DECLS

/* A callout to place: a box of a known size that must hang off an anchor
 * (the place it describes) by a leader line. */
typedef struct
{
  double anchor_x;     /* logical pixels */
  double anchor_y;
  double width;        /* of the box */
  double height;
  int    priority;     /* higher is placed first */
} SitmapCalloutRequest;

typedef struct
{
  gboolean   placed;
  SitmapRect box;
  /* The leader runs from the anchor (x0, y0) to a point on the box's
   * outline (x1, y1). */
  double     leader_x0, leader_y0;
  double     leader_x1, leader_y1;
} SitmapCalloutPlacement;

/* Places callouts inside a view of view_width × view_height so that no
 * box overlaps another box, an obstacle (labels, markers, the legend) or
 * the view's edge, no leader line crosses another leader line, and no
 * leader line passes through another callout's box.  Deterministic: the
 * same input gives the same output, so the screen and an export of the
 * same view agree.  Returns how many were placed; the rest are marked
 * !placed. */
guint    sitmap_callouts_layout              (const SitmapCalloutRequest *requests,
                                              guint                       n_requests,
                                              const SitmapRect           *obstacles,
                                              guint                       n_obstacles,
                                              double                      view_width,
                                              double                      view_height,
                                              SitmapCalloutPlacement     *placements);

/* Which way a callout hangs off its anchor: the signs of the leader's
 * run, each -1, 0 (straight along the other axis) or 1. */
typedef struct
{
  int dx, dy;
} SitmapCalloutSide;

/* Preferences that cost rather than forbid. */
typedef struct
{
  /* Boxes a callout keeps clear of where it can (the names of the
   * countries the story is about). */
  const SitmapRect        *soft_obstacles;
  guint                    n_soft_obstacles;
  /* Per request, the side it should take where it fits, or NULL; a side
   * of { 0, 0 } states none.  The same sides at every size and aspect of
   * a view keep the callouts where the reader saw them. */
  const SitmapCalloutSide *preferred_sides;
} SitmapCalloutHints;

/* sitmap_callouts_layout () with hints (NULL: none). */
guint    sitmap_callouts_layout_with_hints   (const SitmapCalloutRequest *requests,
                                              guint                       n_requests,
                                              const SitmapRect           *obstacles,
                                              guint                       n_obstacles,
                                              double                      view_width,
                                              double                      view_height,
                                              const SitmapCalloutHints   *hints,
                                              SitmapCalloutPlacement     *placements);
/* The side a placement hangs on. */
SitmapCalloutSide sitmap_callout_placement_side (const SitmapCalloutPlacement *placement);

/* Geometry predicates, shared with the tests. */
gboolean sitmap_segments_cross               (double ax0, double ay0, double ax1, double ay1,
                                              double bx0, double by0, double bx1, double by1);
gboolean sitmap_segment_intersects_rect      (double x0, double y0, double x1, double y1,
                                              const SitmapRect *rect);

G_END_DECLS
