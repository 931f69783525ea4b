/* sitmap-export.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sitmap-renderer.h"

G_BEGIN_DECLS

#define SITMAP_EXPORT_ERROR (sitmap_export_error_quark ())

typedef enum
{
  SITMAP_EXPORT_ERROR_UNKNOWN_FORMAT,
  SITMAP_EXPORT_ERROR_BAD_SIZE,
  SITMAP_EXPORT_ERROR_WRITE,
} SitmapExportError;

typedef enum
{
  SITMAP_EXPORT_FORMAT_PNG,
  SITMAP_EXPORT_FORMAT_SVG,
  SITMAP_EXPORT_FORMAT_PDF,
} SitmapExportFormat;

/* What to draw besides the map itself, and the print resolution to record
 * in the file. */
typedef struct
{
  gboolean show_callouts;
  gboolean show_legend;
  gboolean show_title;
  double   dpi;             /* 0: not a print size, no resolution recorded */
} SitmapExportOptions;

#define SITMAP_EXPORT_OPTIONS_INIT { TRUE, TRUE, TRUE, 0 }

/* The largest image side, in device pixels: cairo's limit for one row of
 * pixels, which the strips of a large PNG must respect. */
#define SITMAP_EXPORT_MAX_PIXELS 32767

/* Vector pages measure in points, the map in logical pixels at 96 dpi. */
#define SITMAP_EXPORT_POINTS_PER_PIXEL 0.75

/* fraction runs from 0 to 1. */
typedef void (*SitmapExportProgressFunc) (double   fraction,
                                          gpointer user_data);

GQuark               sitmap_export_error_quark            (void);

/* The credit line every export of a map of story carries (its PNG's
 * Copyright, its SVG's description) and the window shows: the story's own
 * credit (a draft story's names the gazetteer it used) or, for none or a
 * story without one, the boundaries', in the story's language. */
char                *sitmap_export_dup_credit             (SitmapStory               *story);

/* From the file name's extension. */
gboolean             sitmap_export_format_for_path        (const char                *path,
                                                           SitmapExportFormat        *format,
                                                           GError                   **error);
/* ".png", ".svg" or ".pdf". */
const char          *sitmap_export_format_get_extension   (SitmapExportFormat         format);

/* The viewport's size in device pixels. */
void                 sitmap_export_get_pixel_size         (const SitmapViewport      *viewport,
                                                           int                       *width,
                                                           int                       *height);
/* An export width × height device pixels large that shows what view shows:
 * the same centre at the same logical resolution, widened on one side to
 * the new proportions, and scaled up as a whole so text, symbols and
 * callouts keep their size and place relative to the map. */
void                 sitmap_export_viewport_for_pixels    (const SitmapViewport      *view,
                                                           int                        width,
                                                           int                        height,
                                                           SitmapViewport            *viewport);
/* A page width_mm × height_mm at dpi showing view's centre and at least
 * its extent.  Text and symbols keep their on-screen physical size (a
 * logical pixel is 1/96 inch), so the page reads like the screen. */
void                 sitmap_export_viewport_for_paper     (const SitmapViewport      *view,
                                                           double                     width_mm,
                                                           double                     height_mm,
                                                           double                     dpi,
                                                           SitmapViewport            *viewport);

/* Writes the map for viewport into path (the format from its extension),
 * with every decoration shown.  See sitmap_export_to_file_full. */
gboolean             sitmap_export_to_file                (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport,
                                                           const char                *path,
                                                           GError                   **error);
/* The file is written beside path under a temporary name that is renamed
 * into place only when complete: on failure or cancellation no partial
 * file is left and a file already at path is untouched.  Errors name the
 * path and the reason.  A PNG is drawn and encoded a strip of rows at a
 * time, so memory stays a small part of the image whatever its size.
 * The renderer's highlight is cleared; its decorations are left all
 * shown, as every view draws them. */
gboolean             sitmap_export_to_file_full           (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport,
                                                           const SitmapExportOptions *options,
                                                           const char                *path,
                                                           GCancellable              *cancellable,
                                                           SitmapExportProgressFunc   progress,
                                                           gpointer                   progress_data,
                                                           GError                   **error);

/* The same, with the file written in a worker thread.  The renderer is
 * not thread-safe, so it is only ever used in the calling thread: a PNG's
 * strips are drawn there between other events and encoded in the worker;
 * SVG and PDF are recorded there at once and written in the worker.
 * progress is called in the caller's thread-default main context until
 * the export completes.  Should the map change meanwhile (another story,
 * layer or style), the export fails rather than mix the two. */
void                 sitmap_export_async                  (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport,
                                                           const SitmapExportOptions *options,
                                                           const char                *path,
                                                           GCancellable              *cancellable,
                                                           SitmapExportProgressFunc   progress,
                                                           gpointer                   progress_data,
                                                           GAsyncReadyCallback        callback,
                                                           gpointer                   user_data);
gboolean             sitmap_export_finish                 (GAsyncResult              *result,
                                                           GError                   **error);

/* The map as an image surface of width × scale_factor device pixels, in
 * one piece: the reference a PNG's strips are held to. */
cairo_surface_t     *sitmap_export_render_image           (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport);

G_END_DECLS
