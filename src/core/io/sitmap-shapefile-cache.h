/* sitmap-shapefile-cache.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-crs.h"
#include "sitmap-layer.h"
#include "sitmap-prepared-cache.h"

G_BEGIN_DECLS

/* A shapefile as loaded (its features in longitude/latitude, their names
 * and attributes, the field names and the load's warnings) kept in the
 * prepared-data cache, so a later start maps it instead of reading and
 * checking every record again.
 *
 * The key is the bytes of every file of the set (.shp, .shx, .dbf, .prj,
 * .cpg), the path the messages name, the language they are in and the
 * coordinate system the caller gave: whatever the loader's result
 * depends on.  FALSE when the .shp cannot be mapped, which the loader
 * then reports itself. */
gboolean     sitmap_shapefile_cache_key   (const char              *path,
                                           SitmapCrs               *given_crs,
                                           SitmapPreparedKey       *key);
/* The layer, titled title, its features' arrays in the mapped file; NULL
 * with an error when nothing usable is cached. */
SitmapLayer *sitmap_shapefile_cache_read  (const SitmapPreparedKey *key,
                                           const char              *title,
                                           GError                 **error);
SitmapLayer *sitmap_shapefile_cache_read_bytes (GBytes                  *bytes,
                                                const SitmapPreparedKey *key,
                                                const char              *title,
                                                GError                 **error);
/* A cache that cannot be written only costs the next start its time. */
/* TRUE when the layer was written where _read () finds it. */
gboolean     sitmap_shapefile_cache_write (const SitmapPreparedKey *key,
                                           SitmapLayer             *layer);
GBytes      *sitmap_shapefile_cache_to_bytes (const SitmapPreparedKey *key,
                                              SitmapLayer             *layer);

G_END_DECLS
