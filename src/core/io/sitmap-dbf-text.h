/* sitmap-dbf-text.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Turns the text of one DBF (field names, attributes) into clean UTF-8
 * for the code page it declares; sitmap_shapefile_decode_text() is the
 * one-off form of it. */
typedef struct _SitmapDbfDecoder SitmapDbfDecoder;

/* codepage as in a .cpg, "LDID/n" for a language-driver byte, or NULL
 * when nothing is declared (then the text's bytes decide). */
SitmapDbfDecoder *sitmap_dbf_decoder_new    (const char       *codepage);
void              sitmap_dbf_decoder_free   (SitmapDbfDecoder *self);
/* Never fails: bytes the code page does not define become U+FFFD. */
char             *sitmap_dbf_decoder_decode (SitmapDbfDecoder *self,
                                             const char       *raw);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapDbfDecoder, sitmap_dbf_decoder_free)

G_END_DECLS
