/* sitmap-figure-finder.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-tokens.h"

G_BEGIN_DECLS

/* A number the article gives, with its hedge and what it counts:
 * "another five to 10 battalion tactical groups". */
typedef struct
{
  gboolean has_value;       /* value, or low and high when is_range */
  gboolean is_range;
  double   value;
  double   low, high;
  char    *qualifier;       /* "more than", "roughly", "dozens", … or NULL */
  char    *unit;            /* "troops", "km", "people killed", … never NULL */
  guint    start, end;      /* bytes of the text: qualifier to unit */
  guint    first_token;     /* the number's first token */
  guint    last_token;      /* the phrase's last token */
  guint    sentence;
  char    *place;           /* the place or force it describes, or NULL */
  int      place_index;     /* into the extraction's places, or -1 */
  char    *source;          /* who gives it, or NULL: the publication */
} SitmapExtractedFigure;

/* Every figure of the text, in reading order: an array of
 * SitmapExtractedFigure that frees them. */
GArray *sitmap_figure_finder_run   (const SitmapTokens *tokens);

/* The value of a number word or numeral at index ("five", "10", "twenty-
 * five", "1.5 million"); sets *next to the token after it.  FALSE when
 * there is none. */
gboolean sitmap_figure_finder_parse_number (const SitmapTokens *tokens,
                                            guint               index,
                                            double             *value,
                                            guint              *next);

G_END_DECLS
