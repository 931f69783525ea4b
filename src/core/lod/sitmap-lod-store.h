/* sitmap-lod-store.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-lod.h"
#include "sitmap-prepared-cache.h"

G_BEGIN_DECLS

/* A level of detail as sections of the prepared-data cache.  _store ()
 * adds self's arrays by reference, so self must outlive the writer's
 * commit.  _load () reads them back without copying, keeping a reference
 * to the mapped file, after checking every count, offset and index
 * against the others (and that coordinates are finite or NaN): a file
 * that passes draws and hit-tests without reading out of bounds, whatever
 * it holds.  NULL with an error otherwise. */
/* Without with_points, self's points are left to the caller to store,
 * and to give _load () as points: they are the shapes' vertices of a
 * layer built with sitmap_lod_new_sharing (). */
void       sitmap_lod_store (const SitmapLod      *self,
                             gboolean              with_points,
                             SitmapPreparedCache  *writer);
/* points: NULL to read them from the file, else the n_points that were
 * left out of it, which the level of detail then shares. */
SitmapLod *sitmap_lod_load  (SitmapPreparedCache  *reader,
                             const double         *points,
                             gsize                 n_points,
                             guint                 n_features,
                             gboolean              closed,
                             GError              **error);

G_END_DECLS
