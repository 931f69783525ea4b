/* sitmap-date-finder.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-tokens.h"

G_BEGIN_DECLS

/* A day the article names: "on Friday", "Thursday’s meeting", "this
 * week", "January 14". */
typedef struct
{
  char    *date;       /* YYYY-MM-DD, or NULL when it needs a publication date */
  gboolean is_week;    /* "this week": date is its Monday */
  guint    start, end; /* bytes of the text */
  guint    first_token, last_token;
  guint    sentence;
} SitmapExtractedDate;

/* Every date of the text in reading order, resolved against the
 * publication date (NULL: only dates that give their year are resolved):
 * an array of SitmapExtractedDate that frees them. */
GArray *sitmap_date_finder_run (const SitmapTokens *tokens,
                                GDate              *published);

G_END_DECLS
