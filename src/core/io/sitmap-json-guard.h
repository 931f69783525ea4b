/* sitmap-json-guard.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SITMAP_JSON_GUARD_ERROR (sitmap_json_guard_error_quark ())

typedef enum
{
  SITMAP_JSON_GUARD_ERROR_SYNTAX,     /* not strict RFC 8259 JSON, or empty */
  SITMAP_JSON_GUARD_ERROR_TOO_LARGE,  /* nested too deep, or too many values */
} SitmapJsonGuardError;

GQuark    sitmap_json_guard_error_quark (void);

/* Checks raw JSON text before any parser sees it: json-glib 1.6 parses
 * and frees recursively (a few hundred thousand "[" exhaust the stack)
 * and quietly misreads what is not JSON.  Messages say where: "invalid
 * JSON at line 3, column 14: …". */
gboolean  sitmap_json_guard_check       (const char  *data,
                                         gsize        length,
                                         guint        max_depth,
                                         guint        max_values,
                                         GError     **error);
/* "line 3, column 14" (1-based, in characters) for a byte offset. */
char     *sitmap_json_text_position     (const char  *data,
                                         gsize        offset);

G_END_DECLS
