/* sitmap-layer-story.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-layer.h"
#include "sitmap-story.h"

G_BEGIN_DECLS

/* A draft story of a layer one opened (a GIS tool's places, lines or
 * areas): a feature per named feature of it, points as cities, lines as
 * borders, areas as areas, each named as the layer names it; the article
 * is the list of those names under the layer's title, so each feature has
 * its own line as a verbatim excerpt for the writer to replace.  Framed
 * on the layer; credited with the layer's title beside the boundaries.
 * The story is loaded (and so checked) before it is returned; its path
 * is NULL until it is saved. */
SitmapStory *sitmap_layer_story_new (SitmapLayer  *layer,
                                     GError      **error);

G_END_DECLS
