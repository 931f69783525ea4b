/* sitmap-date-text.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the words come from: a message of the application's catalogue
 * with its context, in some language. */
typedef const char *(*SitmapTextLookup) (gpointer    user_data,
                                         const char *context,
                                         const char *message) G_GNUC_FORMAT (3);

/* An ISO date ("2022-01-15") in words, "15 January 2022", with the month
 * names and the order lookup gives; lookup NULL is the desktop's
 * language.  Anything that is not such a date stays as it is written;
 * NULL gives "". */
char *sitmap_date_text_format (const char       *iso_date,
                               SitmapTextLookup  lookup,
                               gpointer          user_data);

G_END_DECLS
