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

/* Everything an export needs from the renderer, taken at once: the map as
 * a cairo recording, its description and the story's metadata. */
typedef struct _SitmapExportPicture SitmapExportPicture;

GQuark               sitmap_export_error_quark            (void);

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

/* Records the map for viewport.  Call it where the renderer lives (the
 * renderer is not thread-safe); writing the picture touches no renderer,
 * so it may then run in any thread.  The renderer's highlight is cleared
 * and its decorations are left all shown, as every view draws them. */
SitmapExportPicture *sitmap_export_picture_new            (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport,
                                                           SitmapExportFormat         format,
                                                           const SitmapExportOptions *options,
                                                           GError                   **error);
void                 sitmap_export_picture_free           (SitmapExportPicture       *picture);
/* The map's alt text: the renderer's description for the viewport. */
const char          *sitmap_export_picture_get_description (SitmapExportPicture      *picture);
/* Writes the picture into path, under a temporary name beside it that is
 * renamed into place only when complete: on failure or cancellation no
 * partial file is left and a file already at path is untouched.  Errors
 * name the path and the reason.  Progress is reported in the calling
 * thread. */
gboolean             sitmap_export_picture_write          (SitmapExportPicture       *picture,
                                                           const char                *path,
                                                           GCancellable              *cancellable,
                                                           SitmapExportProgressFunc   progress,
                                                           gpointer                   progress_data,
                                                           GError                   **error);

/* Both steps at once, with every decoration shown. */
gboolean             sitmap_export_to_file                (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport,
                                                           const char                *path,
                                                           GError                   **error);

/* Records the map now, in the caller's thread, then writes it in a worker
 * thread.  progress is called in the caller's thread-default main context
 * until the export completes. */
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

/* The map as an image surface of width × scale_factor device pixels,
 * drawn directly: the reference the recorded export is held to. */
cairo_surface_t     *sitmap_export_render_image           (SitmapRenderer            *renderer,
                                                           const SitmapViewport      *viewport);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapExportPicture, sitmap_export_picture_free)

G_END_DECLS
