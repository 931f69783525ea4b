/* fuzz-cache-layer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-layer.h"

G_BEGIN_DECLS

/* The small layers the cache target reads files for, and that
 * make-fuzz-seeds writes the seeds of: squares sharing their borders, one
 * with a hole, one across the projection's seam (polygons); and a few
 * lines, one of them across the seam too (lines). */
SitmapLayer      *fuzz_cache_layer      (SitmapGeometryKind kind);
SitmapProjection *fuzz_cache_projection (void);

G_END_DECLS
