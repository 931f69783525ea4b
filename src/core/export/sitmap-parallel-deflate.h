/* sitmap-parallel-deflate.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One zlib stream (a PNG's image data) compressed in parts on every
 * processor at once, as pigz does: each part is deflated on its own and
 * ends on a byte boundary with an empty stored block, so the parts joined
 * in order are one valid stream; the checksum of the whole is combined
 * from the parts'.  Compressing a part costs as much as before, but a
 * 4K image's parts no longer queue behind each other on one processor.
 *
 * Parts go in with push () in the stream's order; pop () hands back their
 * compressed bytes in the same order, the zlib header on the first and the
 * checksum on the last.  Not safe to call from two threads at once. */
typedef struct _SitmapParallelDeflate SitmapParallelDeflate;

#define SITMAP_PARALLEL_DEFLATE_ERROR (sitmap_parallel_deflate_error_quark ())

typedef enum
{
  SITMAP_PARALLEL_DEFLATE_ERROR_ZLIB,
} SitmapParallelDeflateError;

GQuark                 sitmap_parallel_deflate_error_quark (void);

SitmapParallelDeflate *sitmap_parallel_deflate_new         (int                    level);
/* Takes bytes (g_malloc'd); last is TRUE on the stream's last part. */
void                   sitmap_parallel_deflate_push        (SitmapParallelDeflate *self,
                                                            guint8                *bytes,
                                                            gsize                  length,
                                                            gboolean               last);
/* The oldest part not yet popped, compressed, or NULL: when none is
 * waiting, or when it is not ready yet and wait is FALSE, or with error
 * set when zlib refused it. */
GBytes                *sitmap_parallel_deflate_pop         (SitmapParallelDeflate *self,
                                                            gboolean               wait,
                                                            GError               **error);
/* Parts pushed and not yet popped. */
guint                  sitmap_parallel_deflate_get_waiting (SitmapParallelDeflate *self);
/* How many parts at once keep every processor busy. */
guint                  sitmap_parallel_deflate_get_threads (SitmapParallelDeflate *self);
/* Waits for the parts still being compressed, then frees everything. */
void                   sitmap_parallel_deflate_free        (SitmapParallelDeflate *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapParallelDeflate, sitmap_parallel_deflate_free)

G_END_DECLS
