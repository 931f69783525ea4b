/* sitmap-story-render-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-story-layout.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* The story's painter: draws what its layout placed. */

/* Areas, the border band and movement arrows: drawn under the markers and
 * cached with the basemap.  Needs no layout for the view.  viewport may
 * be the view with margin pixels more on each side (see
 * sitmap_renderer_draw_basemap_with_margin ()). */
void _sitmap_story_paint_shapes  (SitmapStoryLayout    *story_layout,
                                  cairo_t              *cr,
                                  const SitmapViewport *viewport,
                                  double                margin);
/* Markers, labels, callouts, title block and legend, with hover and
 * selection highlights, as laid out for viewport. */
void _sitmap_story_paint_overlay (SitmapStoryLayout    *story_layout,
                                  cairo_t              *cr,
                                  const SitmapViewport *viewport,
                                  int                   hovered,
                                  int                   selected);

G_END_DECLS
