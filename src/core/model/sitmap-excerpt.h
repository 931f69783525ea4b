/* sitmap-excerpt.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-map.h"

G_BEGIN_DECLS

/* Passages of the article tied to story features.  An excerpt is made
 * from a range of the article itself, never typed, so it is verbatim by
 * construction; its byte range is kept with it. */

#define SITMAP_EXCERPT_ERROR (sitmap_excerpt_error_quark ())

typedef enum
{
  SITMAP_EXCERPT_ERROR_EMPTY,         /* nothing but white space chosen */
  SITMAP_EXCERPT_ERROR_OUT_OF_RANGE,  /* beyond the article's end */
  SITMAP_EXCERPT_ERROR_TOO_LONG,
  SITMAP_EXCERPT_ERROR_DUPLICATE,     /* the feature has that passage already */
  SITMAP_EXCERPT_ERROR_NO_FEATURE,
} SitmapExcerptError;

GQuark   sitmap_excerpt_error_quark        (void);

/* The byte range of article between two character offsets (code points,
 * as a text view counts them; either order), white space at either end
 * left out. */
gboolean sitmap_excerpt_range_from_offsets (const char            *article,
                                            glong                  start,
                                            glong                  end,
                                            SitmapTextRange       *range,
                                            GError               **error);
/* The passage as the article has it; newly allocated. */
char    *sitmap_excerpt_text               (const char            *article,
                                            const SitmapTextRange *range);

/* The passage at range becomes an excerpt of feature index, in article
 * order among its others: one edit through the map. */
gboolean sitmap_excerpt_link               (SitmapMap             *map,
                                            guint                  index,
                                            const SitmapTextRange *range,
                                            GError               **error);
/* Excerpt number excerpt of feature index is no longer tied to it. */
gboolean sitmap_excerpt_unlink             (SitmapMap             *map,
                                            guint                  index,
                                            guint                  excerpt,
                                            GError               **error);
/* The first feature with an excerpt overlapping [start, end) (bytes; an
 * empty range: containing start), and which excerpt; -1 for none. */
int      sitmap_excerpt_find               (SitmapStory           *story,
                                            gsize                  start,
                                            gsize                  end,
                                            guint                 *excerpt);

G_END_DECLS
