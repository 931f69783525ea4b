/* sitmap-raster-bands.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-raster-canvas.h"

G_BEGIN_DECLS

/* A frame is cut into horizontal bands drawn at the same time on every
 * processor: each band writes only its own rows, with its own masks (the
 * scratch buffers are per thread), so bands share nothing but what the
 * drawing function reads.  There are several bands per thread, taken in
 * turn from a counter, since land and coastline crowd some rows of a map
 * and leave others empty.  The helper threads stay alive between frames,
 * keeping their scratch buffers, so a frame pays neither for starting
 * threads nor for faulting in megabytes of masks. */

/* Draws band, a copy of the whole canvas cut to some of its rows, and
 * returns how many vertices that took. */
typedef gsize (*SitmapRasterBandFunc) (const SitmapRasterCanvas *band,
                                       gpointer                  user_data);

typedef struct
{
  SitmapRasterCanvas   canvas;
  SitmapRasterBandFunc func;
  gpointer             user_data;
  guint                n_bands;
  guint                helpers;
  gint                 next_band;      /* atomic */
  gsize                vertices;       /* atomic */
  GMutex               mutex;
  GCond                finished_cond;
  guint                helpers_running;
} SitmapRasterBands;

/* From now on the calling thread draws on at most n_threads threads, its
 * own included (0: on as many as there are processors, up to four): a
 * worker drawing beside a window leaves its main loop a processor. */
void  sitmap_raster_bands_limit_threads (guint n_threads);
/* The helpers take bands from the moment this returns; the caller takes
 * its share at _finish (), and can do other work in between, on anything
 * but the canvas's pixels.  bands must stay where it is until then. */
void  sitmap_raster_bands_start  (SitmapRasterBands        *bands,
                                  const SitmapRasterCanvas *canvas,
                                  SitmapRasterBandFunc      func,
                                  gpointer                  user_data);
/* Returns the vertices of all bands. */
gsize sitmap_raster_bands_finish (SitmapRasterBands        *bands);

G_END_DECLS
