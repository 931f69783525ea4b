/* sitmap-draw-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sitmap-layer.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* Helpers shared by the basemap and the story drawing, so both draw text
 * and geometry the same way. */

/* A layout in the map's font at an absolute size in logical pixels, with
 * unhinted metrics so text is the same width at every device scale and a
 * 4K export lays out exactly like the window. */
PangoLayout *_sitmap_text_layout_new      (cairo_t              *cr,
                                           const char           *text,
                                           double                size,
                                           PangoWeight           weight);
/* Text with a white halo, so it reads over borders and hatching. */
void         _sitmap_text_draw_with_halo  (cairo_t              *cr,
                                           PangoLayout          *layout,
                                           double                x,
                                           double                y,
                                           double                red,
                                           double                green,
                                           double                blue);
/* Appends a projected shape to cr's path in logical pixels, dropping
 * vertices closer than half a device pixel.  Returns how many vertices
 * were sent to cairo. */
gsize        _sitmap_path_append_shape    (cairo_t              *cr,
                                           const SitmapViewport *viewport,
                                           const SitmapShape    *shape,
                                           gboolean              close_rings,
                                           gboolean              skip_seam);

G_END_DECLS
