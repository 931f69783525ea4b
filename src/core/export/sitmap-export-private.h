/* sitmap-export-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the export's files share: the job, its strips, where they come
 * from and where the bytes go.  sitmap-export.c draws and writes files;
 * sitmap-export-png.c encodes a PNG.
 */

#pragma once

#include "sitmap-export.h"

G_BEGIN_DECLS

#define MIN_STRIP_ROWS 16

typedef struct
{
  int              top;       /* the first row, in device pixels */
  int              rows;      /* the last strip may have fewer */
  cairo_surface_t *surface;   /* strip_rows high */
} Strip;

/* What the map was when the export began: a PNG's strips are drawn one
 * after another, and must all show the same map. */
typedef struct
{
  guint64            generation;  /* of the map: any layer, projection or story change */
  SitmapSymbolStyle  style;
  gboolean           graticule;
} MapState;

/* One export, shared by the thread that owns the renderer and, for the
 * asynchronous export, the worker that writes the file. */
typedef struct
{
  SitmapExportFormat        format;
  char                     *path;
  SitmapExportOptions       options;
  /* For a PNG, snapped to whole device pixels. */
  SitmapViewport            viewport;
  int                       width;          /* device pixels */
  int                       height;
  int                       strip_rows;

  char                     *title;
  char                     *author;
  char                     *source;
  char                     *credit;
  char                     *description;

  /* SVG and PDF: the whole map, recorded at the start. */
  cairo_surface_t          *recording;

  /* PNG, in the renderer's thread only: drawn strip by strip, so every
   * pixel comes from the code that draws the window. */
  SitmapRenderer           *renderer;
  MapState                  state;
  int                       next_top;       /* the next row to draw */
  Strip                    *strip;          /* drawing and encoding in one thread */

  /* PNG in a worker: strips go round between the two threads. */
  GMutex                    lock;
  GCond                     cond;
  GQueue                    drawn;          /* Strip *, for the encoder */
  GQueue                    blank;          /* Strip *, for the drawer */
  gboolean                  drawing_over;   /* no more strips are coming */
  gboolean                  encoding_over;  /* no more strips are wanted */
  gboolean                  drawer_waiting; /* for a blank strip: none is drawing */
  GError                   *draw_error;
  GMainContext             *context;
  GCancellable             *cancellable;

  SitmapExportProgressFunc  progress;
  gpointer                  progress_data;
  int                       permille;       /* atomic: the latest progress */
  int                       report_pending; /* atomic: an idle will report it */
} ExportJob;

/* Where the encoder gets its strips from: drawn on the spot, or handed
 * over by the renderer's thread.  next returns NULL at the end, or on an
 * error it sets. */
typedef struct
{
  Strip *(*next)    (ExportJob  *job,
                     GError    **error);
  void   (*release) (ExportJob  *job,
                     Strip      *strip);
} StripSource;

typedef struct
{
  int                       fd;
  int                       saved_errno;
  GCancellable             *cancellable;

  SitmapExportProgressFunc  progress;
  gpointer                  progress_data;
  double                    last_reported;
} WriteTarget;

void           _sitmap_export_report_progress (WriteTarget          *target,
                                               double                fraction);
gboolean       _sitmap_export_is_cancelled    (WriteTarget          *target);
/* A cairo_write_func_t: closure is the WriteTarget. */
cairo_status_t _sitmap_export_write_to_fd     (void                 *closure,
                                               const unsigned char  *data,
                                               unsigned int          length);
/* Encodes the strips from source into target; on failure, error says why
 * unless target->saved_errno does. */
gboolean       _sitmap_export_write_png       (ExportJob            *export,
                                               const StripSource    *source,
                                               WriteTarget          *target,
                                               GError              **error);

G_END_DECLS
