/* sitmap-draw-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sitmap-layer.h"
#include "sitmap-text-private.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* Helpers shared by the basemap and the story drawing, so both draw text
 * and geometry the same way. */

/* Appends a projected shape to cr's path in logical pixels, dropping
 * vertices closer than half a device pixel.  Returns how many vertices
 * were sent to cairo. */
gsize        _sitmap_path_append_shape    (cairo_t              *cr,
                                           const SitmapViewport *viewport,
                                           const SitmapShape    *shape,
                                           gboolean              close_rings,
                                           gboolean              skip_seam);

G_END_DECLS
