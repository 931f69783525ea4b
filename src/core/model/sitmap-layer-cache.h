/* sitmap-layer-cache.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-layer.h"
#include "sitmap-prepared-cache.h"

G_BEGIN_DECLS

/* A layer's prepared data in the prepared-data cache: its projected
 * shapes and bounds, and its level of detail.
 *
 * The key is every vertex and part of every feature (the geometry as the
 * shapefile gave it, after any reprojection its .prj asked for), the
 * geometry kind, the projection's definition and central longitude, and
 * what sitmap_prepared_key_init () adds: the cache's format and Sitmap's
 * version.  Names and attributes are not in the cached data, so they are
 * not in the key. */
void       sitmap_layer_cache_key   (SitmapLayer              *layer,
                                     SitmapProjection         *projection,
                                     SitmapPreparedKey        *key);
/* Appends the layer's shapes to shapes (clear_shape frees what a shape
 * owns, as shapes' clear function does) and sets bounds and lod; FALSE
 * with an error, and shapes left as they were, for anything but a sound
 * file of the right key.  The shapes' arrays point into the reader's
 * bytes, which the caller keeps as long as the shapes. */
gboolean   sitmap_layer_cache_read  (SitmapPreparedCache      *reader,
                                     SitmapLayer              *layer,
                                     GArray                   *shapes,
                                     GDestroyNotify            clear_shape,
                                     double                    bounds[4],
                                     SitmapLod               **lod,
                                     GError                  **error);
/* Writes them; a cache that cannot be written is only slower next time,
 * so failures are only logged at debug level. */
void       sitmap_layer_cache_write (const SitmapPreparedKey  *key,
                                     GArray                   *shapes,
                                     const double              bounds[4],
                                     SitmapLod                *lod);
/* The same, into bytes, for tests and the fuzz target's seeds. */
GBytes    *sitmap_layer_cache_to_bytes (const SitmapPreparedKey *key,
                                        GArray                  *shapes,
                                        const double             bounds[4],
                                        SitmapLod               *lod);

G_END_DECLS
