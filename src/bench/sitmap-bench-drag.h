/* sitmap-bench-drag.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-renderer.h"

G_BEGIN_DECLS

/* A marker dragged over the map as the window drags it: each frame moves
 * the feature through the map (one edit, recorded by an undo history in
 * one group), then the basemap as drawn before is copied from its cache
 * and the story's layout and overlay are done again.  Returns the wall
 * time of each of n_frames frames in ms; the drag is undone at the end,
 * so the story is as it was. */
GArray *sitmap_bench_drag (SitmapMap            *map,
                           SitmapRenderer       *renderer,
                           const SitmapViewport *viewport,
                           const char           *feature_id,
                           guint                 n_frames,
                           const char           *png_path);

G_END_DECLS
