/* sitmap-export.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sitmap-export-private.h"
#include "sitmap-map-language.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

G_DEFINE_QUARK (sitmap-export-error-quark, sitmap_export_error)

/* A PNG is drawn and encoded one strip of rows at a time, so memory holds
 * a strip or two of about this size whatever the size of the image.  Each
 * strip draws the whole map clipped to it, so much smaller strips cost
 * time; larger ones leave the processors idle while the first is drawn.
 * With the strips compressed on every processor, a 4K export of the
 * story took 0.93× the time of 16 MiB strips and a third less memory
 * (4 Dec, two processors). */
#define STRIP_BYTES (4 * 1024 * 1024)
/* In a worker, one strip is encoded while the next is drawn. */
#define PIPELINE_STRIPS 2
/* How often a worker waiting for a strip looks at its cancellable. */
#define WAIT_SLICE_US (100 * G_TIME_SPAN_MILLISECOND)

/* The <svg> start tag is in cairo's first few hundred bytes; past this,
 * something is wrong and the stream is passed on untouched. */
#define SVG_HEAD_MAX 4096


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
                   _("%s: unknown export format (use .png, .svg or .pdf)"), display);
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
                   _("an image of %.0f×%.0f pixels is outside 1–%d pixels a side"),
                   width, height, SITMAP_EXPORT_MAX_PIXELS);
      return FALSE;
    }

  return TRUE;
}

/* The credit a map without one of its own carries, in its language. */
static char *
default_credit (SitmapMapLanguage *language)
{
  return g_strdup (sitmap_map_language_pgettext (language, "map credit",
                                                 "Boundaries: Natural Earth (public domain)"));
}

char *
sitmap_export_dup_credit (SitmapStory *story)
{
  SitmapMapLanguage *language;

  g_return_val_if_fail (story == NULL || SITMAP_IS_STORY (story), NULL);

  if (story && sitmap_story_get_credit (story))
    return g_strdup (sitmap_story_get_credit (story));
  language = sitmap_map_language_get_for_tag (story ? sitmap_story_get_language (story) : NULL);
  return default_credit (language);
}

static void
fill_metadata (ExportJob   *job,
               SitmapStory *story)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *date = NULL;
  SitmapMapLanguage *language = sitmap_map_language_get_for_tag (story ? sitmap_story_get_language (story) : NULL);

  if (story == NULL)
    {
      job->title = g_strdup ("Map");
      job->credit = sitmap_export_dup_credit (NULL);
      return;
    }

  job->title = g_strdup (sitmap_story_get_title (story));
  job->author = g_strdup (sitmap_story_get_publication (story));
  job->credit = sitmap_export_dup_credit (story);

  if (sitmap_story_get_date (story))
    date = sitmap_map_language_format_date (language, sitmap_story_get_date (story));
  if (sitmap_story_get_publication (story))
    g_string_append (source, sitmap_story_get_publication (story));
  if (date)
    g_string_append_printf (source, "%s%s", source->len ? ", " : "", date);
  if (sitmap_story_get_byline (story))
    g_string_append_printf (source, "%s%s", source->len ? ". " : "", sitmap_story_get_byline (story));
  if (source->len)
    job->source = g_string_free (g_steal_pointer (&source), FALSE);
}

static void
map_state_init (MapState       *state,
                SitmapRenderer *renderer)
{
  state->generation = sitmap_map_get_generation (sitmap_renderer_get_map (renderer));
  state->style = sitmap_renderer_get_symbol_style (renderer);
  state->graticule = sitmap_renderer_get_show_graticule (renderer);
}

static void
strip_free (gpointer data)
{
  Strip *strip = data;

  cairo_surface_destroy (strip->surface);
  g_free (strip);
}

static Strip *
strip_new (ExportJob  *job,
           GError    **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, job->width, job->strip_rows);
  Strip *strip;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_BAD_SIZE,
                   _("not enough memory for %d rows of %d pixels"), job->strip_rows, job->width);
      return NULL;
    }

  cairo_surface_set_device_scale (surface, job->viewport.scale_factor, job->viewport.scale_factor);
  strip = g_new0 (Strip, 1);
  strip->surface = surface;
  return strip;
}

static void
export_job_clear (gpointer data)
{
  ExportJob *job = data;

  g_free (job->path);
  g_free (job->title);
  g_free (job->author);
  g_free (job->source);
  g_free (job->credit);
  g_free (job->description);
  g_clear_pointer (&job->recording, cairo_surface_destroy);
  g_clear_object (&job->renderer);
  g_clear_pointer (&job->strip, strip_free);
  g_queue_clear_full (&job->drawn, strip_free);
  g_queue_clear_full (&job->blank, strip_free);
  g_clear_error (&job->draw_error);
  g_clear_pointer (&job->context, g_main_context_unref);
  g_clear_object (&job->cancellable);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
}

static ExportJob *
export_job_ref (ExportJob *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
export_job_unref (gpointer job)
{
  g_atomic_rc_box_release_full (job, export_job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ExportJob, export_job_unref)

/* Takes what the export needs from the renderer: the metadata and the
 * map's description, and for SVG and PDF the whole drawing. */
static ExportJob *
export_job_new (SitmapRenderer            *renderer,
                const SitmapViewport      *viewport,
                const SitmapExportOptions *options,
                const char                *path,
                GError                   **error)
{
  static const SitmapExportOptions defaults = SITMAP_EXPORT_OPTIONS_INIT;
  g_autoptr(ExportJob) job = g_atomic_rc_box_new0 (ExportJob);
  g_autoptr(GError) local_error = NULL;

  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->path = g_strdup (path);
  job->options = options ? *options : defaults;
  job->viewport = *viewport;

  if (!sitmap_export_format_for_path (path, &job->format, error))
    return NULL;

  if (!check_size (viewport, &local_error))
    {
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, local_error->domain, local_error->code, "%s: %s", display, local_error->message);
      return NULL;
    }

  sitmap_export_get_pixel_size (viewport, &job->width, &job->height);
  job->strip_rows = CLAMP (STRIP_BYTES / (job->width * 4), MIN_STRIP_ROWS, job->height);

  sitmap_renderer_set_decorations (renderer, job->options.show_callouts, job->options.show_legend,
                                   job->options.show_title);

  if (job->format == SITMAP_EXPORT_FORMAT_PNG)
    {
      /* The map is laid out for exactly the pixels written, so no column
       * at the edge of a paper-sized image is left half drawn. */
      job->viewport.width = job->width / viewport->scale_factor;
      job->viewport.height = job->height / viewport->scale_factor;
      job->renderer = g_object_ref (renderer);
      map_state_init (&job->state, renderer);
    }
  else
    {
      cairo_status_t status;
      cairo_t *cr;

      job->recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                                       &(cairo_rectangle_t) { 0, 0, viewport->width, viewport->height });
      /* Hover and selection belong to the window, not to the map. */
      sitmap_renderer_set_highlight (renderer, -1, -1);
      cr = cairo_create (job->recording);
      sitmap_renderer_draw (renderer, cr, &job->viewport);
      status = cairo_status (cr);
      cairo_destroy (cr);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (job->recording);
      if (status != CAIRO_STATUS_SUCCESS)
        {
          g_autofree char *display = g_filename_display_name (path);

          sitmap_renderer_set_decorations (renderer, TRUE, TRUE, TRUE);
          g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_BAD_SIZE,
                       _("%s: the map could not be drawn: %s"), display, cairo_status_to_string (status));
          return NULL;
        }
    }

  job->description = sitmap_renderer_describe (renderer, &job->viewport);
  fill_metadata (job, sitmap_map_get_story (sitmap_renderer_get_map (renderer)));

  /* The renderer cannot say which decorations it had; every view draws
   * them all. */
  sitmap_renderer_set_decorations (renderer, TRUE, TRUE, TRUE);

  return g_steal_pointer (&job);
}

/* ---- Drawing a PNG's strips, in the renderer's thread ------------------- */

static gboolean
map_unchanged (ExportJob  *job,
               GError    **error)
{
  MapState now;
  gboolean same;

  map_state_init (&now, job->renderer);
  same = now.generation == job->state.generation && now.style == job->state.style &&
         now.graticule == job->state.graticule;

  if (!same)
    {
      g_autofree char *display = g_filename_display_name (job->path);

      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   _("%s: the map changed while it was being exported"), display);
    }
  return same;
}

/* The whole map, shifted up so that the strip's rows land on its surface.
 * The layout depends only on the viewport, so labels and callouts agree
 * across the edges of strips. */
static gboolean
draw_strip (ExportJob  *job,
            Strip      *strip,
            GError    **error)
{
  cairo_status_t status;
  cairo_t *cr;

  if (!map_unchanged (job, error))
    return FALSE;

  strip->rows = MIN (job->strip_rows, job->height - strip->top);

  /* Blank, as a new surface is: the renderer draws over what is there. */
  cairo_surface_flush (strip->surface);
  memset (cairo_image_surface_get_data (strip->surface), 0,
          (gsize)cairo_image_surface_get_stride (strip->surface) * cairo_image_surface_get_height (strip->surface));
  cairo_surface_mark_dirty (strip->surface);
  cairo_surface_set_device_offset (strip->surface, 0, -strip->top);

  sitmap_renderer_set_decorations (job->renderer, job->options.show_callouts, job->options.show_legend,
                                   job->options.show_title);
  sitmap_renderer_set_highlight (job->renderer, -1, -1);
  cr = cairo_create (strip->surface);
  sitmap_renderer_draw (job->renderer, cr, &job->viewport);
  status = cairo_status (cr);
  cairo_destroy (cr);
  sitmap_renderer_set_decorations (job->renderer, TRUE, TRUE, TRUE);
  cairo_surface_flush (strip->surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_autofree char *display = g_filename_display_name (job->path);

      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   _("%s: the map could not be drawn: %s"), display, cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}

static Strip *
draw_next_strip (ExportJob  *job,
                 GError    **error)
{
  if (job->next_top >= job->height)
    return NULL;

  if (job->strip == NULL && (job->strip = strip_new (job, error)) == NULL)
    return NULL;

  job->strip->top = job->next_top;
  if (!draw_strip (job, job->strip, error))
    return NULL;
  job->next_top += job->strip->rows;
  return job->strip;
}

static void
keep_strip (ExportJob *job,
            Strip     *strip)
{
}

static const StripSource drawn_here = { draw_next_strip, keep_strip };

/* ---- Writing ------------------------------------------------------------ */

void
_sitmap_export_report_progress (WriteTarget *target,
                 double       fraction)
{
  if (target->progress == NULL)
    return;
  if (fraction < 1 && fraction - target->last_reported < 0.01)
    return;
  target->last_reported = fraction;
  target->progress (fraction, target->progress_data);
}

gboolean
_sitmap_export_is_cancelled (WriteTarget *target)
{
  if (target->saved_errno == 0 && g_cancellable_is_cancelled (target->cancellable))
    target->saved_errno = ECANCELED;
  return target->saved_errno == ECANCELED;
}

cairo_status_t
_sitmap_export_write_to_fd (void                *closure,
             const unsigned char *data,
             unsigned int         length)
{
  WriteTarget *target = closure;

  if (target->saved_errno != 0 || _sitmap_export_is_cancelled (target))
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

  status = _sitmap_export_write_to_fd (filter->target, (const guchar *)head->str, split);
  if (status == CAIRO_STATUS_SUCCESS && tag_end)
    status = _sitmap_export_write_to_fd (filter->target, (const guchar *)filter->insert, strlen (filter->insert));
  if (status == CAIRO_STATUS_SUCCESS)
    status = _sitmap_export_write_to_fd (filter->target, (const guchar *)head->str + split, head->len - split);
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
    return _sitmap_export_write_to_fd (filter->target, data, length);

  g_string_append_len (filter->head, (const char *)data, length);
  tag = strstr (filter->head->str, "<svg");
  tag_end = tag ? strchr (tag, '>') : NULL;
  if (tag_end == NULL && filter->head->len < SVG_HEAD_MAX)
    return CAIRO_STATUS_SUCCESS;
  return svg_filter_flush (filter, tag_end);
}

static char *
svg_title_and_desc (ExportJob *job)
{
  g_autofree char *title = g_markup_escape_text (job->title, -1);
  g_autoptr(GString) desc = g_string_new (job->description);

  if (job->source)
    g_string_append_printf (desc, "\nSource: %s", job->source);
  if (job->credit)
    g_string_append_printf (desc, "\n%s", job->credit);

  {
    g_autofree char *escaped = g_markup_escape_text (desc->str, -1);

    return g_strdup_printf ("\n<title>%s</title>\n<desc>%s</desc>", title, escaped);
  }
}

static gboolean
write_vector (ExportJob    *job,
              WriteTarget  *target,
              GError      **error)
{
  SvgFilter filter = { target, NULL, NULL };
  double dpi = job->options.dpi;
  /* A page keeps the size asked for: a print size its paper, a pixel size
   * its pixels at 96 dpi, whatever logical size the map is laid out at. */
  double page_scale = dpi > 0 ? 96 / dpi * job->viewport.scale_factor : job->viewport.scale_factor;
  double width = job->viewport.width * page_scale;
  double height = job->viewport.height * page_scale;
  double fallback_dpi = dpi > 0 ? dpi : 96 * job->viewport.scale_factor;
  double units = page_scale;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  _sitmap_export_report_progress (target, 0);

  if (job->format == SITMAP_EXPORT_FORMAT_SVG)
    {
      filter.head = g_string_new (NULL);
      filter.insert = svg_title_and_desc (job);
      /* In px, an SVG's user unit is the map's logical pixel. */
      surface = cairo_svg_surface_create_for_stream (svg_filter_write, &filter, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    {
      units *= SITMAP_EXPORT_POINTS_PER_PIXEL;
      surface = cairo_pdf_surface_create_for_stream (_sitmap_export_write_to_fd, target, width * SITMAP_EXPORT_POINTS_PER_PIXEL,
                                                     height * SITMAP_EXPORT_POINTS_PER_PIXEL);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, job->title);
      if (job->author)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR, job->author);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_SUBJECT, job->description);
      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Sitmap " PACKAGE_VERSION);
    }

  /* Anything cairo cannot express as vectors is rasterised this fine. */
  cairo_surface_set_fallback_resolution (surface, fallback_dpi, fallback_dpi);

  cr = cairo_create (surface);
  cairo_scale (cr, units, units);
  cairo_set_source_surface (cr, job->recording, 0, 0);
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
                   _("the drawing could not be written (%s)"), cairo_status_to_string (status));
      return FALSE;
    }

  _sitmap_export_report_progress (target, 1);
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

static gboolean
write_file (ExportJob                 *job,
            const StripSource         *source,
            GCancellable              *cancellable,
            SitmapExportProgressFunc   progress,
            gpointer                   progress_data,
            GError                   **error)
{
  g_autofree char *display = g_filename_display_name (job->path);
  g_autofree char *dir = g_path_get_dirname (job->path);
  g_autofree char *base = g_path_get_basename (job->path);
  g_autofree char *temp_path = NULL;
  g_autoptr(GError) local_error = NULL;
  WriteTarget target = { -1, 0, cancellable, progress, progress_data, -1 };
  struct stat existing;
  gboolean ok;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  if (g_file_test (job->path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   _("%s: is a folder"), display);
      return FALSE;
    }

  temp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  target.fd = g_mkstemp_full (temp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (target.fd < 0)
    {
      int saved = errno;
      g_autofree char *display_dir = g_filename_display_name (dir);

      g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                   _("%s: cannot write in %s: %s"), display, display_dir, g_strerror (saved));
      return FALSE;
    }

  /* mkstemp makes the file private; a replaced file keeps its mode, a new
   * one gets the usual mode for new files, as an image is meant to be
   * shared. */
  if (g_stat (job->path, &existing) == 0 && S_ISREG (existing.st_mode))
    fchmod (target.fd, existing.st_mode & 07777);
  else
    fchmod (target.fd, 0666 & ~get_umask ());

  if (job->format == SITMAP_EXPORT_FORMAT_PNG)
    ok = _sitmap_export_write_png (job, source, &target, &local_error);
  else
    ok = write_vector (job, &target, &local_error);

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

  if (ok && _sitmap_export_is_cancelled (&target))
    ok = FALSE;

  if (ok && g_rename (temp_path, job->path) != 0)
    {
      target.saved_errno = errno;
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (temp_path);

      if (target.saved_errno == ECANCELED)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                     _("%s: export cancelled"), display);
      else if (target.saved_errno != 0)
        g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                     _("%s: writing failed: %s"), display, g_strerror (target.saved_errno));
      else if (local_error && g_str_has_prefix (local_error->message, display))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, SITMAP_EXPORT_ERROR, SITMAP_EXPORT_ERROR_WRITE,
                     "%s: %s", display, local_error ? local_error->message : _("writing failed"));
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

/* Below, with the worker it shares the strips with. */
static gboolean write_png_beside_encoder (ExportJob     *job,
                                          GCancellable  *cancellable,
                                          GError       **error);

gboolean
sitmap_export_to_file_full (SitmapRenderer            *renderer,
                            const SitmapViewport      *viewport,
                            const SitmapExportOptions *options,
                            const char                *path,
                            GCancellable              *cancellable,
                            SitmapExportProgressFunc   progress,
                            gpointer                   progress_data,
                            GError                   **error)
{
  g_autoptr(ExportJob) job = NULL;

  g_return_val_if_fail (SITMAP_IS_RENDERER (renderer), FALSE);
  g_return_val_if_fail (viewport != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  job = export_job_new (renderer, viewport, options, path, error);
  if (job == NULL)
    return FALSE;
  /* Progress is told in the caller's thread, so with a callback the
   * encoding stays there too; one strip leaves nothing to overlap. */
  if (job->format == SITMAP_EXPORT_FORMAT_PNG && progress == NULL && job->height > job->strip_rows)
    return write_png_beside_encoder (job, cancellable, error);
  return write_file (job, &drawn_here, cancellable, progress, progress_data, error);
}

gboolean
sitmap_export_to_file (SitmapRenderer       *renderer,
                       const SitmapViewport *viewport,
                       const char           *path,
                       GError              **error)
{
  return sitmap_export_to_file_full (renderer, viewport, NULL, path, NULL, NULL, NULL, error);
}

/* ---- In a worker thread ------------------------------------------------- *
 *
 * The renderer stays in its thread.  There an idle callback draws one
 * strip at a time, so the window keeps drawing and answering in between,
 * and hands it to the worker, which encodes it and writes it out while
 * the next is drawn.  Two strips go round: when both wait to be encoded
 * the drawer stops, and the worker wakes it when one is free again. */

static void
stop_drawing (ExportJob *job)
{
  /* The renderer is let go in its own thread. */
  g_clear_object (&job->renderer);
}

/* Draws the next rows into a blank strip and hands it to the encoder (or,
 * after an error, back to the blanks); TRUE when no more will be drawn. */
static gboolean
draw_and_hand_over (ExportJob *job,
                    Strip     *strip)
{
  g_autoptr(GError) error = NULL;
  gboolean over;

  strip->top = job->next_top;
  if (draw_strip (job, strip, &error))
    job->next_top += strip->rows;

  g_mutex_lock (&job->lock);
  if (error == NULL)
    g_queue_push_tail (&job->drawn, strip);
  else
    {
      g_queue_push_tail (&job->blank, strip);
      job->draw_error = g_steal_pointer (&error);
    }
  if (job->draw_error || job->next_top >= job->height)
    job->drawing_over = TRUE;
  over = job->drawing_over;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
  return over;
}

static gboolean
on_draw_strip (gpointer data)
{
  ExportJob *job = data;
  Strip *strip = NULL;
  gboolean over;

  g_mutex_lock (&job->lock);
  over = job->drawing_over || job->encoding_over || g_cancellable_is_cancelled (job->cancellable);
  if (over)
    {
      job->drawing_over = TRUE;
      g_cond_broadcast (&job->cond);
    }
  else if ((strip = g_queue_pop_head (&job->blank)) == NULL)
    job->drawer_waiting = TRUE;
  g_mutex_unlock (&job->lock);

  if (over)
    {
      stop_drawing (job);
      return G_SOURCE_REMOVE;
    }
  if (strip == NULL)
    return G_SOURCE_REMOVE;

  if (draw_and_hand_over (job, strip))
    {
      stop_drawing (job);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

/* From any thread, with the lock held. */
static void
start_drawing (ExportJob *job)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  job->drawer_waiting = FALSE;
  /* Below redraws and input, so the window stays responsive. */
  g_source_set_priority (source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (source, on_draw_strip, export_job_ref (job), export_job_unref);
  g_source_set_static_name (source, "[sitmap] export strip");
  g_source_attach (source, job->context);
}

static Strip *
take_drawn_strip (ExportJob  *job,
                  GError    **error)
{
  Strip *strip;

  g_mutex_lock (&job->lock);
  while ((strip = g_queue_pop_head (&job->drawn)) == NULL &&
         !job->drawing_over && !g_cancellable_is_cancelled (job->cancellable))
    g_cond_wait_until (&job->cond, &job->lock, g_get_monotonic_time () + WAIT_SLICE_US);
  if (strip == NULL && job->draw_error)
    *error = g_error_copy (job->draw_error);
  g_mutex_unlock (&job->lock);

  return strip;
}

static void
give_back_strip (ExportJob *job,
                 Strip     *strip)
{
  g_mutex_lock (&job->lock);
  g_queue_push_tail (&job->blank, strip);
  if (job->drawer_waiting)
    start_drawing (job);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
}

static const StripSource handed_over = { take_drawn_strip, give_back_strip };

/* ---- Beside a worker, waiting ------------------------------------------
 *
 * A PNG exported with no progress to report (the command line's) is
 * drawn strip by strip in the caller's thread as ever, while a worker
 * encodes and writes the strip before: the two halves of the work on two
 * processors instead of one after the other. */

typedef struct
{
  ExportJob    *job;
  GCancellable *cancellable;
  gboolean      ok;
  GError       *error;
} Encoder;

static gpointer
encode_beside (gpointer data)
{
  Encoder *encoder = data;
  ExportJob *job = encoder->job;

  encoder->ok = write_file (job, &handed_over, encoder->cancellable, NULL, NULL, &encoder->error);

  g_mutex_lock (&job->lock);
  job->encoding_over = TRUE;
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
  return NULL;
}

/* Draws every strip the encoder asks for, until the end, an error or the
 * encoder giving up. */
static void
draw_for_encoder (ExportJob *job)
{
  for (;;)
    {
      Strip *strip;

      g_mutex_lock (&job->lock);
      while ((strip = g_queue_pop_head (&job->blank)) == NULL && !job->encoding_over)
        g_cond_wait (&job->cond, &job->lock);
      if (job->encoding_over || g_cancellable_is_cancelled (job->cancellable))
        {
          if (strip != NULL)
            g_queue_push_tail (&job->blank, strip);
          job->drawing_over = TRUE;
          g_cond_broadcast (&job->cond);
          g_mutex_unlock (&job->lock);
          return;
        }
      g_mutex_unlock (&job->lock);

      if (draw_and_hand_over (job, strip))
        return;
    }
}

static gboolean
write_png_beside_encoder (ExportJob     *job,
                          GCancellable  *cancellable,
                          GError       **error)
{
  Encoder encoder = { job, cancellable, FALSE, NULL };
  GThread *thread;

  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  for (guint i = 0; i < PIPELINE_STRIPS; i++)
    {
      Strip *strip = strip_new (job, error);

      if (strip == NULL)
        return FALSE;
      g_queue_push_tail (&job->blank, strip);
    }

  thread = g_thread_try_new ("sitmap-export", encode_beside, &encoder, NULL);
  if (thread == NULL)
    return write_file (job, &drawn_here, cancellable, NULL, NULL, error);
  draw_for_encoder (job);
  g_thread_join (thread);

  if (!encoder.ok)
    g_propagate_error (error, encoder.error);
  return encoder.ok;
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
  gboolean ok;

  ok = write_file (job, &handed_over, cancellable, job->progress ? report_progress_from_thread : NULL,
                   task, &error);

  /* However it ended, the drawer stops and lets the renderer go. */
  g_mutex_lock (&job->lock);
  job->encoding_over = TRUE;
  if (job->drawer_waiting)
    start_drawing (job);
  g_mutex_unlock (&job->lock);

  if (ok)
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
  g_autoptr(ExportJob) job = NULL;

  g_return_if_fail (SITMAP_IS_RENDERER (renderer));
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (path != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sitmap_export_async);
  g_task_set_name (task, "[sitmap] export");
  /* The worker's own error names the file; and a file complete when the
   * cancel came is there, so the export did succeed. */
  g_task_set_check_cancellable (task, FALSE);

  job = export_job_new (renderer, viewport, options, path, &error);
  if (job == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  job->cancellable = cancellable ? g_object_ref (cancellable) : NULL;

  if (job->format == SITMAP_EXPORT_FORMAT_PNG)
    {
      for (guint i = 0; i < PIPELINE_STRIPS; i++)
        {
          Strip *strip = strip_new (job, &error);

          if (strip == NULL)
            {
              g_task_return_error (task, g_steal_pointer (&error));
              return;
            }
          g_queue_push_tail (&job->blank, strip);
        }
      g_mutex_lock (&job->lock);
      start_drawing (job);
      g_mutex_unlock (&job->lock);
    }

  g_task_set_task_data (task, export_job_ref (job), export_job_unref);
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
