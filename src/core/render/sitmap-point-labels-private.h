/* sitmap-point-labels-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-collision.h"
#include "sitmap-layer.h"
#include "sitmap-sprite-cache-private.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* The names of a point layer's features (a GIS tool's places) beside
 * their dots, each where it finds room in collision: to the right, else
 * to the left, above or below; a name with no room is left out.  The most
 * important points come first where the layer says which they are
 * (Natural Earth's scalerank, else a population), else in the file's
 * order.  The dots themselves are claimed first, so no name hides one. */
void _sitmap_point_labels_paint (cairo_t              *cr,
                                 SitmapSpriteCache    *sprites,
                                 const SitmapViewport *viewport,
                                 SitmapLayer          *layer,
                                 SitmapCollision      *collision);

G_END_DECLS
