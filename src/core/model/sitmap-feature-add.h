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

/* An area made of regions of the layer the map knows as layer_name: the
 * features whose attribute field is one of values, referred to as a
 * story file refers to them, with their geometry.  One edit; returns the
 * feature's index or -1 (a value matching no region is an error). */
int         sitmap_feature_add_regions  (SitmapMap           *map,
                                         const char          *name,
                                         SitmapStoryKind      kind,
                                         const char          *layer_name,
                                         const char          *field,
                                         const char * const  *values,
                                         GError             **error);
/* The attribute that names region index of layer alone, for a reference
 * to it: a code (a field whose name begins "iso") when it has one that no
 * other region shares, else its name; NULL when neither is unique. */
const char *sitmap_feature_add_region_key (SitmapLayer       *layer,
                                           guint              index);

G_END_DECLS
