/* sitmap-export-png.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <png.h>
#include <string.h>

#include "sitmap-export-private.h"
#include "sitmap-parallel-deflate.h"

/* Cairo's own PNG writer spends most of a 4K export in zlib's slowest
 * settings; a low level is 3× faster for ~10% more bytes, the right trade
 * for an interactive export.  No filter: a map's flat areas compress as
 * they are, and on the story at 4K, the world and a city (3 Dec) it was
 * 16-29% quicker than Sub and 12-18% smaller. */
#define PNG_COMPRESSION_LEVEL 3

typedef struct
{
  ExportJob             *export;
  WriteTarget           *target;
  const StripSource     *source;
  png_structp            png;
  png_infop              info;
  Strip                 *strip;      /* being encoded */
  SitmapParallelDeflate *deflater;
  GBytes                *part;       /* compressed, being written */
  GError                *error;      /* why the strips stopped coming */
  char                   message[200];
} PngJob;

static void
on_png_error (png_structp     png,
              png_const_charp message)
{
  PngJob *job = png_get_error_ptr (png);

  g_strlcpy (job->message, message, sizeof job->message);
  png_longjmp (png, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
}

static void
on_png_write (png_structp png,
              png_bytep   data,
              size_t      length)
{
  PngJob *job = png_get_io_ptr (png);

  while (length > 0)
    {
      unsigned int chunk = MIN (length, G_MAXINT);

      if (_sitmap_export_write_to_fd (job->target, data, chunk) != CAIRO_STATUS_SUCCESS)
        png_error (png, _("write failed"));
      data += chunk;
      length -= chunk;
    }
}

static void
on_png_flush (png_structp png)
{
}

static gboolean
is_ascii (const char *text)
{
  for (; *text; text++)
    if ((guchar)*text >= 0x80)
      return FALSE;
  return TRUE;
}

static void
add_png_text (GArray     *texts,
              const char *key,
              const char *value)
{
  png_text text = { 0 };

  if (value == NULL || *value == '\0')
    return;

  /* tEXt is Latin-1 only; names and quotation marks need iTXt's UTF-8. */
  text.compression = is_ascii (value) ? PNG_TEXT_COMPRESSION_NONE : PNG_ITXT_COMPRESSION_NONE;
  text.key = (char *)key;
  text.text = (char *)value;
  text.lang = (char *)"";
  text.lang_key = (char *)"";
  g_array_append_val (texts, text);
}

static void
set_png_metadata (PngJob *job)
{
  ExportJob *export = job->export;
  g_autoptr(GArray) texts = g_array_new (FALSE, TRUE, sizeof (png_text));

  /* Keywords from the PNG specification, so viewers show them. */
  add_png_text (texts, "Title", export->title);
  add_png_text (texts, "Author", export->author);
  add_png_text (texts, "Source", export->source);
  add_png_text (texts, "Copyright", export->credit);
  add_png_text (texts, "Description", export->description);
  add_png_text (texts, "Software", "Sitmap " PACKAGE_VERSION);
  png_set_text (job->png, job->info, (png_textp)(void *)texts->data, texts->len);

  if (export->options.dpi > 0)
    {
      png_uint_32 per_metre = (png_uint_32)lround (export->options.dpi / 0.0254);

      png_set_pHYs (job->png, job->info, per_metre, per_metre, PNG_RESOLUTION_METER);
    }
}

/* Each part of the image data a row filter byte (0, none) and RGB: cairo's
 * RGB24 pixel is a native-endian word with the unused byte on top. */
static guint8 *
filtered_rows (const Strip *strip,
               int          first_row,
               int          rows,
               int          width,
               gsize       *length)
{
  const guint8 *pixels = cairo_image_surface_get_data (strip->surface);
  int stride = cairo_image_surface_get_stride (strip->surface);
  gsize row_bytes = 1 + (gsize)width * 3;
  guint8 *bytes = g_malloc (row_bytes * rows), *out = bytes;

  for (int row = first_row; row < first_row + rows; row++)
    {
      const guint32 *in = (const guint32 *)(const void *)(pixels + (gsize)row * stride);

      *out++ = PNG_FILTER_VALUE_NONE;
      for (int x = 0; x < width; x++, out += 3)
        {
          guint32 pixel = in[x];

          out[0] = (guint8)(pixel >> 16);
          out[1] = (guint8)(pixel >> 8);
          out[2] = (guint8)pixel;
        }
    }
  *length = row_bytes * rows;
  return bytes;
}

/* Writes the compressed parts in order: those that are ready, and while
 * more than keep are left, the next one once it is. */
static void
write_deflated (PngJob *job,
                guint   keep)
{
  for (;;)
    {
      gboolean wait = sitmap_parallel_deflate_get_waiting (job->deflater) > keep;
      g_autoptr(GError) error = NULL;

      job->part = sitmap_parallel_deflate_pop (job->deflater, wait, &error);
      if (error)
        {
          g_set_error_literal (&job->error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE, error->message);
          png_error (job->png, error->message);
        }
      if (job->part == NULL)
        return;
      /* libpng frames the chunk; the stream inside is ours. */
      png_write_chunk (job->png, (png_const_bytep)"IDAT", g_bytes_get_data (job->part, NULL),
                       g_bytes_get_size (job->part));
      g_clear_pointer (&job->part, g_bytes_unref);
    }
}

/* May leave by png_error's longjmp; the caller holds the jump buffer.
 * libpng writes the header and the metadata, then frames as IDAT chunks
 * the image data that the strips are compressed to on every processor
 * (see sitmap-parallel-deflate.h); its own one-row-at-a-time encoder used
 * one. */
static void
encode_png (PngJob *job)
{
  ExportJob *export = job->export;
  guint threads;
  int done = 0;

  png_set_write_fn (job->png, job, on_png_write, on_png_flush);
  png_set_IHDR (job->png, job->info, export->width, export->height, 8, PNG_COLOR_TYPE_RGB,
                PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  set_png_metadata (job);
  png_write_info (job->png, job->info);

  job->deflater = sitmap_parallel_deflate_new (PNG_COMPRESSION_LEVEL);
  threads = sitmap_parallel_deflate_get_threads (job->deflater);

  while (done < export->height)
    {
      int part_rows;

      if (_sitmap_export_is_cancelled (job->target))
        png_error (job->png, "cancelled");

      job->strip = job->source->next (export, &job->error);
      if (job->strip == NULL)
        {
          if (job->error == NULL && !_sitmap_export_is_cancelled (job->target))
            g_set_error (&job->error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                         _("the map stopped being drawn after %d of %d rows"), done, export->height);
          png_error (job->png, _("no more rows"));
        }
      g_assert (job->strip->top == done);

      /* A part for each processor, so the last strip is no slower to
       * compress than the others were. */
      part_rows = MAX (MIN_STRIP_ROWS, (job->strip->rows + (int)threads - 1) / (int)threads);
      for (int row = 0; row < job->strip->rows; row += part_rows)
        {
          int rows = MIN (part_rows, job->strip->rows - row);
          gsize length;
          guint8 *bytes = filtered_rows (job->strip, row, rows, export->width, &length);

          sitmap_parallel_deflate_push (job->deflater, bytes, length, done + row + rows == export->height);
        }
      done += job->strip->rows;

      job->source->release (export, g_steal_pointer (&job->strip));
      /* Memory holds a few strips' worth, however tall the image. */
      write_deflated (job, 2 * threads);
      _sitmap_export_report_progress (job->target, (double)done / export->height);
    }

  write_deflated (job, 0);
  png_write_chunk (job->png, (png_const_bytep)"IEND", NULL, 0);
}

static gboolean
encode_png_guarded (PngJob *job)
{
  if (setjmp (png_jmpbuf (job->png)))
    return FALSE;

  encode_png (job);
  return TRUE;
}

gboolean
_sitmap_export_write_png (ExportJob          *export,
                          const StripSource  *source,
                          WriteTarget        *target,
                          GError            **error)
{
  g_autofree PngJob *job = g_new0 (PngJob, 1);
  gboolean ok = FALSE;

  job->export = export;
  job->target = target;
  job->source = source;
  job->png = png_create_write_struct (PNG_LIBPNG_VER_STRING, job, on_png_error, on_png_warning);
  if (job->png)
    job->info = png_create_info_struct (job->png);

  _sitmap_export_report_progress (target, 0);
  if (job->info)
    ok = encode_png_guarded (job);
  else
    g_strlcpy (job->message, _("libpng could not start"), sizeof job->message);

  /* After a longjmp too: no part is still being compressed from a strip
   * that is gone. */
  g_clear_pointer (&job->part, g_bytes_unref);
  g_clear_pointer (&job->deflater, sitmap_parallel_deflate_free);
  png_destroy_write_struct (&job->png, &job->info);
  if (job->strip)
    source->release (export, g_steal_pointer (&job->strip));

  if (!ok && job->error)
    g_propagate_error (error, g_steal_pointer (&job->error));
  else if (!ok && target->saved_errno == 0)
    g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                 _("the image could not be encoded (%s)"), job->message);
  g_clear_error (&job->error);
  return ok;
}
