/* sitmap-export.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

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

GQuark   sitmap_export_error_quark       (void);

/* From the file name's extension. */
gboolean sitmap_export_format_for_path   (const char          *path,
                                          SitmapExportFormat  *format,
                                          GError             **error);

/* Renders the viewport into path through the one renderer.  The file is
 * written beside the target under a temporary name and renamed into place
 * only when complete, so a failure never leaves a partial file and never
 * harms a file already there.  Errors name the path and the reason. */
gboolean sitmap_export_to_file           (SitmapRenderer       *renderer,
                                          const SitmapViewport *viewport,
                                          const char           *path,
                                          GError              **error);

/* The map as an image surface of width × scale_factor device pixels. */
cairo_surface_t *sitmap_export_render_image (SitmapRenderer       *renderer,
                                             const SitmapViewport *viewport);

G_END_DECLS
