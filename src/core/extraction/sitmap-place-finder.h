/* sitmap-place-finder.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-gazetteer.h"
#include "sitmap-tokens.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_MENTION_NAME,        /* "Kyiv", "the Donetsk region", "Kyiv’s" */
  SITMAP_MENTION_ADJECTIVAL,  /* "Russian troops", "Canadian-led" */
  SITMAP_MENTION_METONYM,     /* "Moscow said": the government, not the city */
} SitmapMentionForm;

typedef struct
{
  guint             start, end;          /* bytes of the text */
  guint             first_token, last_token;
  guint             sentence;
  SitmapMentionForm form;
} SitmapPlaceMention;

/* A place the article names, resolved to a gazetteer entry, or a
 * settlement the gazetteer lacks ("Luganske village") placed at the region
 * its sentence puts it in. */
typedef struct
{
  const SitmapGazetteerEntry *entry;       /* NULL for an unlisted settlement */
  const char                 *name;        /* the entry's English name, or as written */
  char                       *owned_name;
  const char                 *kind;        /* country, region, capital, city, venue, water */
  double                      lon, lat;
  guint32                     geonames_id; /* 0: none known */
  double                      confidence;  /* 0–1 */
  GArray                     *mentions;    /* SitmapPlaceMention, in reading order */
} SitmapExtractedPlace;

/* Finds and resolves the places of the text.  home_country (ISO 3166-1
 * alpha-2 or NULL) is where the publication is from, the tie-breaker of
 * last resort.  Returns an array of SitmapExtractedPlace in the order of
 * their first mentions, which frees them. */
GArray *sitmap_place_finder_run (const SitmapTokens *tokens,
                                 SitmapGazetteer    *gazetteer,
                                 const char         *home_country);

/* Great-circle distance in kilometres between two points in degrees. */
double  sitmap_place_finder_distance_km (double              lon1,
                                         double              lat1,
                                         double              lon2,
                                         double              lat2);

G_END_DECLS
