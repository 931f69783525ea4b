/* sitmap-number.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How a language writes a number's signs: "100,000", "2.5" and "-3" in
 * messages; on the map the separators of the story's language and a
 * true minus. */
typedef struct
{
  const char *group;     /* between groups of three digits */
  const char *point;     /* before the fraction */
  const char *minus;
} SitmapNumberStyle;

/* Numbers as a reader writes them, in messages and figures alike:
 * 100,000 and 2.5, never 2.50000 or 1e+05 (within reason), and as many
 * digits as tell the number apart, no more.  style NULL is the messages'
 * ",", "." and "-". */
void  sitmap_number_append_styled (GString                 *out,
                                   double                   value,
                                   const SitmapNumberStyle *style);
void  sitmap_number_append        (GString                 *out,
                                   double                   value);
char *sitmap_number_format        (double                   value);

G_END_DECLS
