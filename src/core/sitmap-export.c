/* sitmap-export.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-export.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (sitmap-export-error-quark, sitmap_export_error)

/* Cairo's own PNG writer spends most of a 4K export in zlib's slowest
 * settings; a low level with the Sub filter is 3× faster for ~10% more
 * bytes, which is the right trade for an interactive export. */
#define PNG_COMPRESSION_LEVEL 3

/* A PNG is drawn and encoded one strip of rows at a time, so memory holds
 * one strip of about this size whatever the size of the image.  Each strip
 * replays the whole recording, so much smaller strips cost time. */
#define STRIP_BYTES (16 * 1024 * 1024)
#define MIN_STRIP_ROWS 16

/* The <svg> start tag is in cairo's first few hundred bytes; past this,
 * something is wrong and the stream is passed on untouched. */
#define SVG_HEAD_MAX 4096

#define DEFAULT_CREDIT "Boundaries: Natural Earth (public domain)"

struct _SitmapExportPicture
{
  SitmapExportFormat  format;
  /* The map as drawn for viewport: in device pixels for a PNG, so that
   * replaying it strip by strip only shifts it by whole pixels; in logical
   * pixels for a vector page. */
  cairo_surface_t    *recording;
  SitmapViewport      viewport;
  int                 width;     /* device pixels */
  int                 height;
  double              dpi;

  char               *title;
  char               *author;
  char               *source;
  char               *credit;
  char               *description;
};

gboolean
sitmap_export_format_for_path (const char          *path,
                               SitmapExportFormat  *format,
                               GError             **error)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = SITMAP_EXPORT_FORMAT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = SITMAP_EXPORT_FORMAT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = SITMAP_EXPORT_FORMAT_PDF;
  else
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_UNKNOWN_FORMAT,
                   "%s: unknown export format (use .png, .svg or .pdf)", display);
      return FALSE;
    }

  return TRUE;
}

const char *
sitmap_export_format_get_extension (SitmapExportFormat format)
{
  switch (format)
    {
    case SITMAP_EXPORT_FORMAT_SVG:
      return ".svg";
    case SITMAP_EXPORT_FORMAT_PDF:
      return ".pdf";
    case SITMAP_EXPORT_FORMAT_PNG:
    default:
      return ".png";
    }
}

static int
device_pixels (double logical,
               double scale_factor)
{
  double pixels = logical * scale_factor;

  /* Paper sizes are not whole pixels; the nearest whole pixel keeps a
   * 297 mm page at 300 dpi at 3508 pixels rather than 3509. */
  if (!(pixels < G_MAXINT))
    return G_MAXINT;
  return MAX (1, (int)lround (pixels));
}

void
sitmap_export_get_pixel_size (const SitmapViewport *viewport,
                              int                  *width,
                              int                  *height)
{
  g_return_if_fail (viewport != NULL);

  *width = device_pixels (viewport->width, viewport->scale_factor);
  *height = device_pixels (viewport->height, viewport->scale_factor);
}

void
sitmap_export_viewport_for_pixels (const SitmapViewport *view,
                                   int                   width,
                                   int                   height,
                                   SitmapViewport       *viewport)
{
  double enlarge;

  g_return_if_fail (view != NULL && view->width > 0 && view->height > 0);
  g_return_if_fail (width > 0 && height > 0);

  /* The view's logical size grows on one side to the new proportions and
   * the whole page is then scaled to the pixels asked for: the map keeps
   * its logical resolution, so the layout is the window's. */
  enlarge = MIN (width / view->width, height / view->height);
  *viewport = *view;
  viewport->scale_factor = enlarge;
  viewport->width = width / enlarge;
  viewport->height = height / enlarge;
}

void
sitmap_export_viewport_for_paper (const SitmapViewport *view,
                                  double                width_mm,
                                  double                height_mm,
                                  double                dpi,
                                  SitmapViewport       *viewport)
{
  g_return_if_fail (view != NULL && view->width > 0 && view->height > 0);
  g_return_if_fail (width_mm > 0 && height_mm > 0 && dpi > 0);

  *viewport = *view;
  viewport->scale_factor = dpi / 96;
  viewport->width = width_mm / 25.4 * 96;
  viewport->height = height_mm / 25.4 * 96;
  viewport->resolution = view->resolution * MAX (view->width / viewport->width,
                                                 view->height / viewport->height);
}

static gboolean
check_size (const SitmapViewport  *viewport,
            GError               **error)
{
  double width = viewport->width * viewport->scale_factor;
  double height = viewport->height * viewport->scale_factor;

  if (!(viewport->scale_factor > 0) || !(viewport->resolution > 0) ||
      !(viewport->width >= 1) || !(viewport->height >= 1) ||
      !(width < SITMAP_EXPORT_MAX_PIXELS + 0.5) || !(height < SITMAP_EXPORT_MAX_PIXELS + 0.5))
    {
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_BAD_SIZE,
                   "an image of %.0f×%.0f pixels is outside 1–%d pixels a side",
                   width, height, SITMAP_EXPORT_MAX_PIXELS);
      return FALSE;
    }

  return TRUE;
}

static char *
format_date (const char *iso)
{
  static const char *months[] = { "January", "February", "March", "April", "May", "June", "July",
                                  "August", "September", "October", "November", "December" };
  int y, m, d;

  if (iso && sscanf (iso, "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
    return g_strdup_printf ("%d %s %d", d, months[m - 1], y);
  return g_strdup (iso);
}

static void
fill_metadata (SitmapExportPicture *picture,
               SitmapStory         *story)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *date = NULL;

  if (story == NULL)
    {
      picture->title = g_strdup ("Map");
      picture->credit = g_strdup (DEFAULT_CREDIT);
      return;
    }

  picture->title = g_strdup (sitmap_story_get_title (story));
  picture->author = g_strdup (sitmap_story_get_publication (story));
  picture->credit = g_strdup (sitmap_story_get_credit (story) ? sitmap_story_get_credit (story)
                                                              : DEFAULT_CREDIT);

  date = format_date (sitmap_story_get_date (story));
  if (sitmap_story_get_publication (story))
    g_string_append (source, sitmap_story_get_publication (story));
  if (date)
    g_string_append_printf (source, "%s%s", source->len ? ", " : "", date);
  if (sitmap_story_get_byline (story))
    g_string_append_printf (source, "%s%s", source->len ? ". " : "", sitmap_story_get_byline (story));
  if (source->len)
    picture->source = g_string_free (g_steal_pointer (&source), FALSE);
}

SitmapExportPicture *
sitmap_export_picture_new (SitmapRenderer            *renderer,
                           const SitmapViewport      *viewport,
                           SitmapExportFormat         format,
                           const SitmapExportOptions *options,
                           GError                   **error)
{
  static const SitmapExportOptions defaults = SITMAP_EXPORT_OPTIONS_INIT;
  g_autoptr(SitmapExportPicture) picture = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (SITMAP_IS_RENDERER (renderer), NULL);
  g_return_val_if_fail (viewport != NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (!check_size (viewport, error))
    return NULL;

  picture = g_new0 (SitmapExportPicture, 1);
  picture->format = format;
  picture->viewport = *viewport;
  picture->dpi = options->dpi;
  sitmap_export_get_pixel_size (viewport, &picture->width, &picture->height);

  if (format == SITMAP_EXPORT_FORMAT_PNG)
    {
      double scale = viewport->scale_factor;

      /* The map is laid out for exactly the pixels written, so no column
       * at the edge of a paper-sized image is left half drawn. */
      picture->viewport.width = picture->width / scale;
      picture->viewport.height = picture->height / scale;
      picture->recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                           &(cairo_rectangle_t) { 0, 0, picture->width, picture->height });
      cairo_surface_set_device_scale (picture->recording, scale, scale);
    }
  else
    {
      picture->recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                           &(cairo_rectangle_t) { 0, 0, viewport->width, viewport->height });
    }

  sitmap_renderer_set_decorations (renderer, options->show_callouts, options->show_legend, options->show_title);
  /* Hover and selection belong to the window, not to the map. */
  sitmap_renderer_set_highlight (renderer, -1, -1);

  cr = cairo_create (picture->recording);
  sitmap_renderer_draw (renderer, cr, &picture->viewport);
  status = cairo_status (cr);
  cairo_destroy (cr);
  picture->description = sitmap_renderer_describe (renderer, &picture->viewport);

  /* The renderer cannot say which decorations it had; every view draws
   * them all. */
  sitmap_renderer_set_decorations (renderer, TRUE, TRUE, TRUE);

  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (picture->recording);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_BAD_SIZE,
                   "the map could not be drawn: %s", cairo_status_to_string (status));
      return NULL;
    }

  fill_metadata (picture, sitmap_renderer_get_story (renderer));
  return g_steal_pointer (&picture);
}

void
sitmap_export_picture_free (SitmapExportPicture *picture)
{
  if (picture == NULL)
    return;

  g_clear_pointer (&picture->recording, cairo_surface_destroy);
  g_free (picture->title);
  g_free (picture->author);
  g_free (picture->source);
  g_free (picture->credit);
  g_free (picture->description);
  g_free (picture);
}

const char *
sitmap_export_picture_get_description (SitmapExportPicture *picture)
{
  g_return_val_if_fail (picture != NULL, NULL);
  return picture->description;
}

/* ---- Writing ------------------------------------------------------------ */

typedef struct
{
  int                       fd;
  int                       saved_errno;
  GCancellable             *cancellable;

  SitmapExportProgressFunc  progress;
  gpointer                  progress_data;
  double                    last_reported;
} WriteTarget;

static void
report_progress (WriteTarget *target,
                 double       fraction)
{
  if (target->progress == NULL)
    return;
  if (fraction < 1 && fraction - target->last_reported < 0.01)
    return;
  target->last_reported = fraction;
  target->progress (fraction, target->progress_data);
}

static gboolean
is_cancelled (WriteTarget *target)
{
  if (target->saved_errno == 0 && g_cancellable_is_cancelled (target->cancellable))
    target->saved_errno = ECANCELED;
  return target->saved_errno == ECANCELED;
}

static cairo_status_t
write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  WriteTarget *target = closure;

  if (target->saved_errno != 0 || is_cancelled (target))
    return CAIRO_STATUS_WRITE_ERROR;

  while (length > 0)
    {
      ssize_t written = write (target->fd, data, length);

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          target->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += written;
      length -= written;
    }

  return CAIRO_STATUS_SUCCESS;
}

/* ---- PNG ---------------------------------------------------------------- */

typedef struct
{
  SitmapExportPicture *picture;
  WriteTarget         *target;
  png_structp          png;
  png_infop            info;
  cairo_surface_t     *strip;
  char                 message[200];
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

      if (write_to_fd (job->target, data, chunk) != CAIRO_STATUS_SUCCESS)
        png_error (png, "write failed");
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
  SitmapExportPicture *picture = job->picture;
  g_autoptr(GArray) texts = g_array_new (FALSE, TRUE, sizeof (png_text));

  /* Keywords from the PNG specification, so viewers show them. */
  add_png_text (texts, "Title", picture->title);
  add_png_text (texts, "Author", picture->author);
  add_png_text (texts, "Source", picture->source);
  add_png_text (texts, "Copyright", picture->credit);
  add_png_text (texts, "Description", picture->description);
  add_png_text (texts, "Software", "Sitmap " PACKAGE_VERSION);
  png_set_text (job->png, job->info, (png_textp)(void *)texts->data, texts->len);

  if (picture->dpi > 0)
    {
      png_uint_32 per_metre = (png_uint_32)lround (picture->dpi / 0.0254);

      png_set_pHYs (job->png, job->info, per_metre, per_metre, PNG_RESOLUTION_METER);
    }
}

/* May leave by png_error's longjmp; the caller holds the jump buffer. */
static void
encode_png (PngJob *job)
{
  SitmapExportPicture *picture = job->picture;
  int width = picture->width;
  int height = picture->height;
  int strip_rows = CLAMP (STRIP_BYTES / (width * 4), MIN_STRIP_ROWS, height);
  int stride;

  png_set_write_fn (job->png, job, on_png_write, on_png_flush);
  png_set_compression_level (job->png, PNG_COMPRESSION_LEVEL);
  png_set_filter (job->png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
  png_set_IHDR (job->png, job->info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  set_png_metadata (job);
  png_write_info (job->png, job->info);

  /* Cairo's RGB24 pixel is a native-endian word, unused byte on top:
   * libpng drops that byte and puts the rest in RGB order. */
  if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
    {
      png_set_bgr (job->png);
      png_set_filler (job->png, 0, PNG_FILLER_AFTER);
    }
  else
    png_set_filler (job->png, 0, PNG_FILLER_BEFORE);

  job->strip = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, strip_rows);
  if (cairo_surface_status (job->strip) != CAIRO_STATUS_SUCCESS)
    png_error (job->png, "not enough memory for a strip of the image");
  cairo_surface_set_device_scale (job->strip, picture->viewport.scale_factor, picture->viewport.scale_factor);
  stride = cairo_image_surface_get_stride (job->strip);

  for (int top = 0; top < height; top += strip_rows)
    {
      int rows = MIN (strip_rows, height - top);
      const guint8 *pixels;
      cairo_t *cr;

      if (is_cancelled (job->target))
        png_error (job->png, "cancelled");

      /* The whole map, shifted up so this strip's rows land on the
       * surface: layout was fixed when the picture was recorded, so
       * labels and callouts agree across strip edges. */
      cairo_surface_set_device_offset (job->strip, 0, -top);
      cr = cairo_create (job->strip);
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      cairo_set_source_surface (cr, picture->recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_flush (job->strip);
      report_progress (job->target, (top + rows * 0.5) / height);

      pixels = cairo_image_surface_get_data (job->strip);
      for (int row = 0; row < rows; row++)
        png_write_row (job->png, (png_const_bytep)(pixels + (gsize)row * stride));
      report_progress (job->target, (double)(top + rows) / height);
    }

  png_write_end (job->png, job->info);
}

static gboolean
encode_png_guarded (PngJob *job)
{
  if (setjmp (png_jmpbuf (job->png)))
    return FALSE;

  encode_png (job);
  return TRUE;
}

static gboolean
write_png (SitmapExportPicture *picture,
           WriteTarget         *target,
           GError             **error)
{
  g_autofree PngJob *job = g_new0 (PngJob, 1);
  gboolean ok = FALSE;

  job->picture = picture;
  job->target = target;
  job->png = png_create_write_struct (PNG_LIBPNG_VER_STRING, job, on_png_error, on_png_warning);
  if (job->png)
    job->info = png_create_info_struct (job->png);

  if (job->info)
    ok = encode_png_guarded (job);
  else
    g_strlcpy (job->message, "libpng could not start", sizeof job->message);

  png_destroy_write_struct (&job->png, &job->info);
  g_clear_pointer (&job->strip, cairo_surface_destroy);

  if (!ok && target->saved_errno == 0)
    g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                 "the image could not be encoded (%s)", job->message);
  return ok;
}

/* ---- SVG and PDF -------------------------------------------------------- */

/* Cairo's SVG surface writes no <title> or <desc>: they are slipped into
 * the stream right after the <svg …> start tag. */
typedef struct
{
  WriteTarget *target;
  GString     *head;     /* held back until the start tag is complete */
  char        *insert;
} SvgFilter;

static cairo_status_t
svg_filter_flush (SvgFilter  *filter,
                  const char *tag_end)
{
  g_autoptr(GString) head = g_steal_pointer (&filter->head);
  gsize split = tag_end ? (gsize)(tag_end + 1 - head->str) : head->len;
  cairo_status_t status;

  status = write_to_fd (filter->target, (const guchar *)head->str, split);
  if (status == CAIRO_STATUS_SUCCESS && tag_end)
    status = write_to_fd (filter->target, (const guchar *)filter->insert, strlen (filter->insert));
  if (status == CAIRO_STATUS_SUCCESS)
    status = write_to_fd (filter->target, (const guchar *)head->str + split, head->len - split);
  return status;
}

static cairo_status_t
svg_filter_write (void                *closure,
                  const unsigned char *data,
                  unsigned int         length)
{
  SvgFilter *filter = closure;
  const char *tag, *tag_end;

  if (filter->head == NULL)
    return write_to_fd (filter->target, data, length);

  g_string_append_len (filter->head, (const char *)data, length);
  tag = strstr (filter->head->str, "<svg");
  tag_end = tag ? strchr (tag, '>') : NULL;
  if (tag_end == NULL && filter->head->len < SVG_HEAD_MAX)
    return CAIRO_STATUS_SUCCESS;
  return svg_filter_flush (filter, tag_end);
}

static char *
svg_title_and_desc (SitmapExportPicture *picture)
{
  g_autofree char *title = g_markup_escape_text (picture->title, -1);
  g_autoptr(GString) desc = g_string_new (picture->description);

  if (picture->source)
    g_string_append_printf (desc, "\nSource: %s", picture->source);
  if (picture->credit)
    g_string_append_printf (desc, "\n%s", picture->credit);

  {
    g_autofree char *escaped = g_markup_escape_text (desc->str, -1);

    return g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, escaped);
  }
}

static gboolean
write_vector (SitmapExportPicture *picture,
              WriteTarget         *target,
              GError             **error)
{
  SvgFilter filter = { target, NULL, NULL };
  double width = picture->viewport.width;
  double height = picture->viewport.height;
  double points = 1;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  report_progress (target, 0);

  if (picture->format == SITMAP_EXPORT_FORMAT_SVG)
    {
      filter.head = g_string_new (NULL);
      filter.insert = svg_title_and_desc (picture);
      /* In px, an SVG's user unit is the map's logical pixel. */
      surface = cairo_svg_surface_create_for_stream (svg_filter_write, &filter, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    {
      points = SITMAP_EXPORT_POINTS_PER_PIXEL;
      surface = cairo_pdf_surface_create_for_stream (write_to_fd, target, width * points, height * points);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, picture->title);
      if (picture->author)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, picture->author);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, picture->description);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sitmap " PACKAGE_VERSION);
    }

  /* Anything cairo cannot express as vectors is rasterised this fine. */
  cairo_surface_set_fallback_resolution (surface,
                                         picture->dpi > 0 ? picture->dpi : 96 * picture->viewport.scale_factor,
                                         picture->dpi > 0 ? picture->dpi : 96 * picture->viewport.scale_factor);

  cr = cairo_create (surface);
  cairo_scale (cr, points, points);
  cairo_set_source_surface (cr, picture->recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status == CAIRO_STATUS_SUCCESS && filter.head)
    status = svg_filter_flush (&filter, NULL);
  if (filter.head)
    g_string_free (filter.head, TRUE);
  g_free (filter.insert);

  if (status != CAIRO_STATUS_SUCCESS && target->saved_errno == 0)
    {
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   "the drawing could not be written (%s)", cairo_status_to_string (status));
      return FALSE;
    }

  report_progress (target, 1);
  return status == CAIRO_STATUS_SUCCESS;
}

/* ---- The file ----------------------------------------------------------- */

/* umask() can only be read by changing it, which races with other threads
 * creating files; the kernel reports it in /proc since Linux 4.7. */
static mode_t
get_umask (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL) &&
      (line = strstr (status, "\nUmask:")) != NULL)
    return (mode_t)strtoul (line + strlen ("\nUmask:"), NULL, 8) & 0777;
  return 022;
}

gboolean
sitmap_export_picture_write (SitmapExportPicture       *picture,
                             const char                *path,
                             GCancellable              *cancellable,
                             SitmapExportProgressFunc   progress,
                             gpointer                   progress_data,
                             GError                   **error)
{
  g_autofree char *display = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *temp_path = NULL;
  g_autoptr(GError) local_error = NULL;
  WriteTarget target = { -1, 0, cancellable, progress, progress_data, -1 };
  struct stat existing;
  gboolean ok;

  g_return_val_if_fail (picture != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  display = g_filename_display_name (path);
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   "%s: is a folder", display);
      return FALSE;
    }

  temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  target.fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (target.fd < 0)
    {
      int saved = errno;
      g_autofree char *display_dir = g_filename_display_name (dir);

      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   "%s: cannot write in %s: %s", display, display_dir, g_strerror (saved));
      return FALSE;
    }

  /* mkstemp makes the file private; a replaced file keeps its mode, a new
   * one gets the usual mode for new files, as an image is meant to be
   * shared. */
  if (g_stat (path, &existing) == 0 && S_ISREG (existing.st_mode))
    fchmod (target.fd, existing.st_mode & 07777);
  else
    fchmod (target.fd, 0666 & ~get_umask ());

  if (picture->format == SITMAP_EXPORT_FORMAT_PNG)
    ok = write_png (picture, &target, &local_error);
  else
    ok = write_vector (picture, &target, &local_error);

  if (ok && fsync (target.fd) != 0 && errno != EINVAL)
    {
      target.saved_errno = errno;
      ok = FALSE;
    }
  if (close (target.fd) != 0 && ok)
    {
      target.saved_errno = errno;
      ok = FALSE;
    }

  if (ok && is_cancelled (&target))
    ok = FALSE;

  if (ok && g_rename (temp_path, path) != 0)
    {
      target.saved_errno = errno;
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (temp_path);

      if (target.saved_errno == ECANCELED)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     "%s: export cancelled", display);
      else if (target.saved_errno != 0)
        g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                     "%s: writing failed: %s", display, g_strerror (target.saved_errno));
      else
        g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                     "%s: %s", display, local_error ? local_error->message : "writing failed");
      return FALSE;
    }

  /* The rename is only durable once the folder is on disk too. */
  {
    int dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

    if (dir_fd >= 0)
      {
        fsync (dir_fd);
        close (dir_fd);
      }
  }

  return TRUE;
}

gboolean
sitmap_export_to_file (SitmapRenderer       *renderer,
                       const SitmapViewport *viewport,
                       const char           *path,
                       GError              **error)
{
  g_autoptr(SitmapExportPicture) picture = NULL;
  g_autoptr(GError) local_error = NULL;
  SitmapExportFormat format;

  g_return_val_if_fail (SITMAP_IS_RENDERER (renderer), FALSE);
  g_return_val_if_fail (viewport != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!sitmap_export_format_for_path (path, &format, error))
    return FALSE;

  picture = sitmap_export_picture_new (renderer, viewport, format, NULL, &local_error);
  if (picture == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s", display, local_error->message);
      return FALSE;
    }

  return sitmap_export_picture_write (picture, path, NULL, NULL, NULL, error);
}

/* ---- In a worker thread ------------------------------------------------- */

typedef struct
{
  SitmapExportPicture      *picture;
  char                     *path;
  SitmapExportProgressFunc  progress;
  gpointer                  progress_data;
  GMainContext             *context;
  int                       permille;        /* atomic: the latest progress */
  int                       report_pending;  /* atomic: an idle will report it */
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  sitmap_export_picture_free (job->picture);
  g_free (job->path);
  g_main_context_unref (job->context);
  g_free (job);
}

static gboolean
report_progress_idle (gpointer data)
{
  GTask *task = data;
  ExportJob *job = g_task_get_task_data (task);

  g_atomic_int_set (&job->report_pending, 0);
  if (!g_task_get_completed (task))
    job->progress (g_atomic_int_get (&job->permille) / 1000.0, job->progress_data);
  return G_SOURCE_REMOVE;
}

/* In the worker: only the latest value matters, so at most one report is
 * queued on the caller's main context at a time. */
static void
report_progress_from_thread (double   fraction,
                             gpointer data)
{
  GTask *task = data;
  ExportJob *job = g_task_get_task_data (task);

  g_atomic_int_set (&job->permille, (int)(fraction * 1000));
  if (g_atomic_int_compare_and_exchange (&job->report_pending, 0, 1))
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, report_progress_idle, g_object_ref (task), g_object_unref);
      g_source_attach (source, job->context);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GError) error = NULL;

  if (sitmap_export_picture_write (job->picture, job->path, cancellable,
                                   job->progress ? report_progress_from_thread : NULL, task, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
sitmap_export_async (SitmapRenderer            *renderer,
                     const SitmapViewport      *viewport,
                     const SitmapExportOptions *options,
                     const char                *path,
                     GCancellable              *cancellable,
                     SitmapExportProgressFunc   progress,
                     gpointer                   progress_data,
                     GAsyncReadyCallback        callback,
                     gpointer                   user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  SitmapExportFormat format;
  ExportJob *job;

  g_return_if_fail (SITMAP_IS_RENDERER (renderer));
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sitmap_export_async);
  g_task_set_name (task, "[sitmap] export");

  if (!sitmap_export_format_for_path (path, &format, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (path);
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  g_task_set_task_data (task, job, export_job_free);

  /* The renderer is not thread-safe and the window keeps drawing with it:
   * the map is recorded here, and the worker only replays the recording. */
  job->picture = sitmap_export_picture_new (renderer, viewport, format, options, &error);
  if (job->picture == NULL)
    {
      g_autofree char *display = g_filename_display_name (path);

      g_task_return_new_error (task, error->domain, error->code, "%s: %s", display, error->message);
      return;
    }

  g_task_run_in_thread (task, export_thread);
}

gboolean
sitmap_export_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sitmap_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Direct drawing ----------------------------------------------------- */

cairo_surface_t *
sitmap_export_render_image (SitmapRenderer       *renderer,
                            const SitmapViewport *viewport)
{
  cairo_surface_t *surface;
  int width, height;
  cairo_t *cr;

  g_return_val_if_fail (SITMAP_IS_RENDERER (renderer), NULL);
  g_return_val_if_fail (viewport != NULL, NULL);

  sitmap_export_get_pixel_size (viewport, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;

  cairo_surface_set_device_scale (surface, viewport->scale_factor, viewport->scale_factor);
  cr = cairo_create (surface);
  sitmap_renderer_draw (renderer, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}
