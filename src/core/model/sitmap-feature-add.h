/* sitmap-feature-add.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-map.h"

G_BEGIN_DECLS

/* An id for a new feature called name, not yet in story: "kyiv",
 * "kyiv-2", "place" for a name with no letters or digits.  Newly
 * allocated. */
char *sitmap_feature_add_make_id (SitmapStory         *story,
                                  const char          *name,
                                  SitmapStoryKind      kind);
/* sitmap_map_add_feature () with an id made from the name: what the
 * editor adds.  Returns the feature's index or -1. */
int   sitmap_feature_add         (SitmapMap           *map,
                                  const char          *name,
                                  SitmapStoryKind      kind,
                                  SitmapGeometryKind   geometry_kind,
                                  const double        *lonlat,
                                  guint                n_positions,
                                  GError             **error);

G_END_DECLS
