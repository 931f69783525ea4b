/* sitmap-extraction.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-date-finder.h"
#include "sitmap-figure-finder.h"
#include "sitmap-gazetteer.h"
#include "sitmap-place-finder.h"
#include "sitmap-tokens.h"

G_BEGIN_DECLS

#define SITMAP_EXTRACTION_ERROR (sitmap_extraction_error_quark ())

typedef enum
{
  SITMAP_EXTRACTION_ERROR_NOT_FOUND,     /* the file cannot be read */
  SITMAP_EXTRACTION_ERROR_EMPTY,         /* nothing but white space */
  SITMAP_EXTRACTION_ERROR_BINARY,        /* NUL bytes or control characters */
  SITMAP_EXTRACTION_ERROR_INVALID_UTF8,
  SITMAP_EXTRACTION_ERROR_TOO_LARGE,
  SITMAP_EXTRACTION_ERROR_INVALID_DATE,  /* the publication date given */
} SitmapExtractionError;

/* Articles longer than this are not news stories; the story loader takes
 * no longer article either. */
#define SITMAP_EXTRACTION_MAX_BYTES (2 * 1024 * 1024)

GQuark sitmap_extraction_error_quark (void);

#define SITMAP_TYPE_EXTRACTION (sitmap_extraction_get_type ())

G_DECLARE_FINAL_TYPE (SitmapExtraction, sitmap_extraction, SITMAP, EXTRACTION, GObject)

/* Finds the places, figures and dates of an article.  date is the
 * publication date (YYYY-MM-DD) or NULL; gazetteer may be NULL, and then
 * no places are found.  display_name names the text in error messages,
 * which are one line each. */
SitmapExtraction *sitmap_extraction_new           (const char        *text,
                                                   gsize              length,
                                                   const char        *display_name,
                                                   const char        *date,
                                                   SitmapGazetteer   *gazetteer,
                                                   GError           **error);
/* The same for an article file. */
SitmapExtraction *sitmap_extraction_new_for_file  (const char        *path,
                                                   const char        *date,
                                                   SitmapGazetteer   *gazetteer,
                                                   GError           **error);

/* The article, exactly as given. */
const char       *sitmap_extraction_get_text      (SitmapExtraction  *self);
gsize             sitmap_extraction_get_length    (SitmapExtraction  *self);
/* The publication date given, or NULL. */
const char       *sitmap_extraction_get_date      (SitmapExtraction  *self);
const SitmapTokens *sitmap_extraction_get_tokens  (SitmapExtraction  *self);
/* SitmapExtractedPlace, in the order of their first mention. */
GArray           *sitmap_extraction_get_places    (SitmapExtraction  *self);
/* SitmapExtractedFigure, in reading order. */
GArray           *sitmap_extraction_get_figures   (SitmapExtraction  *self);
/* SitmapExtractedDate, in reading order. */
GArray           *sitmap_extraction_get_dates     (SitmapExtraction  *self);

/* Code point offset of a byte offset of the text. */
guint             sitmap_extraction_code_point    (SitmapExtraction  *self,
                                                   guint              byte_offset);
/* The sentence around a byte range, verbatim: an excerpt for a story. */
char             *sitmap_extraction_dup_sentence  (SitmapExtraction  *self,
                                                   guint              sentence);

/* The gazetteer's entries the place may be, for a reviewer to pick
 * another: the one chosen first, then every entry a mention of it (or
 * its chosen name) names, most important first, at most max_results (0:
 * no limit).  A new array of borrowed entries (free the array only),
 * valid while the extraction is; empty without a gazetteer. */
GPtrArray        *sitmap_extraction_get_candidates (SitmapExtraction *self,
                                                    guint             place_index,
                                                    guint             max_results);

/* The documented JSON of `sitmap --extract --json`, pretty-printed. */
char             *sitmap_extraction_to_json       (SitmapExtraction  *self);

G_END_DECLS
