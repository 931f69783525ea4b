/* sitmap-gazetteer-place.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-gazetteer.h"
#include "sitmap-story.h"

G_BEGIN_DECLS

/* What the editor makes of a gazetteer entry: a story place. */

/* The kind of marker an entry becomes: capitals, cities and venues as
 * such; countries, regions and waters, which a marker cannot outline,
 * as an event at their interior point. */
SitmapStoryKind             sitmap_gazetteer_place_kind         (const SitmapGazetteerEntry *entry);
/* How a search result reads: "Kyiv, Ukraine", "Donetsk, Donetsk Oblast,
 * Ukraine", a country alone.  Newly allocated. */
char                       *sitmap_gazetteer_place_title        (SitmapGazetteer            *gazetteer,
                                                                 const SitmapGazetteerEntry *entry);
/* The name of entry the prefix was found by when it is not its
 * preferred one ("Київ" for "Ки"), or NULL. */
const char                 *sitmap_gazetteer_place_matched_name (const SitmapGazetteerEntry *entry,
                                                                 const char                 *prefix);
/* The settlement or venue nearest to (lon, lat) within max_km, the more
 * important one winning among those about as near; NULL when none. */
const SitmapGazetteerEntry *sitmap_gazetteer_place_nearest      (SitmapGazetteer            *gazetteer,
                                                                 double                      lon,
                                                                 double                      lat,
                                                                 double                      max_km);

G_END_DECLS
