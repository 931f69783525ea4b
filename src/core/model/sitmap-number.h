/* sitmap-number.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Numbers as a reader writes them, in messages and figures alike:
 * 100,000 and 2.5, never 2.50000 or 1e+05 (within reason). */
void  sitmap_number_append (GString *out,
                            double   value);
char *sitmap_number_format (double   value);

G_END_DECLS
