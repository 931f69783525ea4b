/* sitmap-drag-target.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-map.h"
#include "sitmap-story-layout.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_DRAG_NONE,     /* nothing pressed */
  SITMAP_DRAG_PAN,      /* the map */
  SITMAP_DRAG_FEATURE,  /* a marker: the whole feature follows */
  SITMAP_DRAG_VERTEX,   /* one vertex of a line */
  SITMAP_DRAG_CALLOUT,  /* a callout's box, pinned where it is dropped */
} SitmapDragKind;

/* What a press on the map would take hold of: worked out from the story's
 * layout alone, so the editor's views and tests agree on it. */
typedef struct
{
  SitmapDragKind kind;
  int            feature;     /* -1 for the map */
  guint          vertex;      /* SITMAP_DRAG_VERTEX: which of the feature's positions */
  double         callout_dx;  /* SITMAP_DRAG_CALLOUT: press to the box's centre */
  double         callout_dy;
} SitmapDragTarget;

SitmapDragTarget sitmap_drag_target_pick (SitmapMap               *map,
                                          SitmapStoryLayout       *layout,
                                          const SitmapViewport    *viewport,
                                          double                   x,
                                          double                   y,
                                          double                   vertex_reach);

G_END_DECLS
