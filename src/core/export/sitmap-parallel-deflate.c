/* sitmap-parallel-deflate.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <zlib.h>

#include "sitmap-parallel-deflate.h"

G_DEFINE_QUARK (sitmap-parallel-deflate-error-quark, sitmap_parallel_deflate_error)

/* A sync flush ends a part with an empty stored block (5 bytes) and up to
 * a byte of padding, which deflateBound () does not count. */
#define SYNC_FLUSH_BYTES 16
#define ZLIB_HEADER_BYTES 2
#define ADLER_BYTES 4

typedef struct
{
  guint8   *input;
  gsize     input_length;
  guint8   *output;
  gsize     output_length;
  guint32   adler;
  gboolean  first;
  gboolean  last;
  gboolean  done;        /* under the lock */
  int       status;      /* zlib's last word, Z_OK when it went well */
} Part;

struct _SitmapParallelDeflate
{
  int          level;
  guint        threads;
  GThreadPool *pool;
  GMutex       lock;
  GCond        part_done;
  GQueue       parts;      /* pushed and not popped, oldest first */
  gboolean     pushed_any;
  gboolean     popped_any;
  guint32      adler;      /* of the parts popped so far */
};

static void
part_free (Part *part)
{
  g_free (part->input);
  g_free (part->output);
  g_free (part);
}

/* The header zlib itself writes for a 32 KiB window at this level. */
static void
write_zlib_header (guint8 *out,
                   int     level)
{
  guint flevel = level < 2 ? 0 : level < 6 ? 1 : level == 6 ? 2 : 3;
  guint header = (0x78 << 8) | (flevel << 6);

  header += 31 - header % 31;
  out[0] = (guint8)(header >> 8);
  out[1] = (guint8)(header & 0xff);
}

static void
compress_part (gpointer data,
               gpointer user_data)
{
  Part *part = data;
  SitmapParallelDeflate *self = user_data;
  gsize head = part->first ? ZLIB_HEADER_BYTES : 0, tail = part->last ? ADLER_BYTES : 0;
  z_stream stream = { 0 };
  int status;

  /* A raw stream: the one header and checksum are the caller's. */
  status = deflateInit2 (&stream, self->level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  if (status == Z_OK)
    {
      gsize bound = deflateBound (&stream, (uLong)part->input_length) + SYNC_FLUSH_BYTES;

      part->output = g_malloc (head + bound + tail);
      if (part->first)
        write_zlib_header (part->output, self->level);
      stream.next_in = part->input;
      stream.avail_in = (uInt)part->input_length;
      stream.next_out = part->output + head;
      stream.avail_out = (uInt)bound;
      status = deflate (&stream, part->last ? Z_FINISH : Z_SYNC_FLUSH);
      /* All of it in one call, or the flush is not complete. */
      if (part->last)
        status = status == Z_STREAM_END ? Z_OK : Z_BUF_ERROR;
      else if (status == Z_OK && (stream.avail_in != 0 || stream.avail_out == 0))
        status = Z_BUF_ERROR;
      part->output_length = head + stream.total_out;
      deflateEnd (&stream);
    }
  part->adler = (guint32)adler32 (adler32 (0, NULL, 0), part->input, (uInt)part->input_length);
  g_clear_pointer (&part->input, g_free);

  g_mutex_lock (&self->lock);
  part->status = status;
  part->done = TRUE;
  g_cond_broadcast (&self->part_done);
  g_mutex_unlock (&self->lock);
}

SitmapParallelDeflate *
sitmap_parallel_deflate_new (int level)
{
  SitmapParallelDeflate *self;

  g_return_val_if_fail (level >= 0 && level <= 9, NULL);

  self = g_new0 (SitmapParallelDeflate, 1);
  self->level = level;
  self->threads = CLAMP (g_get_num_processors (), 1, 8);
  g_mutex_init (&self->lock);
  g_cond_init (&self->part_done);
  g_queue_init (&self->parts);
  /* Shared threads: made when first needed, kept for the next export. */
  self->pool = g_thread_pool_new (compress_part, self, (int)self->threads, FALSE, NULL);
  return self;
}

void
sitmap_parallel_deflate_push (SitmapParallelDeflate *self,
                              guint8                *bytes,
                              gsize                  length,
                              gboolean               last)
{
  Part *part;

  g_return_if_fail (self != NULL);
  g_return_if_fail (bytes != NULL || length == 0);
  g_return_if_fail (length <= G_MAXUINT32 / 2);

  part = g_new0 (Part, 1);
  part->input = bytes;
  part->input_length = length;
  part->first = !self->pushed_any;
  part->last = last;
  self->pushed_any = TRUE;

  g_mutex_lock (&self->lock);
  g_queue_push_tail (&self->parts, part);
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->pool, part, NULL);
}

GBytes *
sitmap_parallel_deflate_pop (SitmapParallelDeflate  *self,
                             gboolean                wait,
                             GError                **error)
{
  Part *part;
  GBytes *bytes;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&self->lock);
  part = g_queue_peek_head (&self->parts);
  while (part != NULL && !part->done && wait)
    g_cond_wait (&self->part_done, &self->lock);
  if (part == NULL || !part->done)
    {
      g_mutex_unlock (&self->lock);
      return NULL;
    }
  g_queue_pop_head (&self->parts);
  g_mutex_unlock (&self->lock);

  if (part->status != Z_OK)
    {
      g_set_error (error, SITMAP_PARALLEL_DEFLATE_ERROR, SITMAP_PARALLEL_DEFLATE_ERROR_ZLIB,
                   _("the image could not be compressed (zlib error %d)"), part->status);
      part_free (part);
      return NULL;
    }

  self->adler = self->popped_any ? (guint32)adler32_combine (self->adler, part->adler, (z_off_t)part->input_length)
                                 : part->adler;
  self->popped_any = TRUE;
  if (part->last)
    {
      /* Big-endian, as zlib's trailer is. */
      part->output[part->output_length++] = (guint8)(self->adler >> 24);
      part->output[part->output_length++] = (guint8)(self->adler >> 16);
      part->output[part->output_length++] = (guint8)(self->adler >> 8);
      part->output[part->output_length++] = (guint8)self->adler;
    }

  bytes = g_bytes_new_take (g_steal_pointer (&part->output), part->output_length);
  part_free (part);
  return bytes;
}

guint
sitmap_parallel_deflate_get_waiting (SitmapParallelDeflate *self)
{
  guint waiting;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->lock);
  waiting = self->parts.length;
  g_mutex_unlock (&self->lock);
  return waiting;
}

guint
sitmap_parallel_deflate_get_threads (SitmapParallelDeflate *self)
{
  g_return_val_if_fail (self != NULL, 1);

  return self->threads;
}

void
sitmap_parallel_deflate_free (SitmapParallelDeflate *self)
{
  if (self == NULL)
    return;

  /* Finishes what is queued: no part is left half compressed. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_queue_clear_full (&self->parts, (GDestroyNotify)part_free);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->part_done);
  g_free (self);
}
