/* sitmap-raster-composite.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-raster-canvas.h"
#include "sitmap-raster-fill.h"
#include "sitmap-raster-stroke.h"

G_BEGIN_DECLS

/* Paints a polygon layer's passes into canvas's pixels in one go: ground
 * (opaque, or NULL to keep the pixels), the halo from stroke's under mask
 * in coast's colour, fill's even-odd coverage in land's, then stroke's
 * mask in border's; NULL leaves a pass out.  With ground the pixels are
 * not read at all: every one is written once, from the sea up.  Clears
 * the masks and the area buffer it reads. */
void sitmap_raster_composite_polygons (const SitmapRasterCanvas *canvas,
                                       SitmapRasterStroke       *stroke,
                                       SitmapRasterFill         *fill,
                                       const SitmapRasterCanvas *ground,
                                       const SitmapRasterCanvas *coast,
                                       const SitmapRasterCanvas *land,
                                       const SitmapRasterCanvas *border);

G_END_DECLS
