/* sitmap-raster-bands.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sitmap-raster-bands.h"

#define MAX_THREADS 4
#define BANDS_PER_THREAD 4
/* Below this many rows a band costs more to hand over than it saves. */
#define MIN_BAND_ROWS 48

static void
bands_draw (SitmapRasterBands *bands,
            guint              band)
{
  const SitmapRasterCanvas *whole = &bands->canvas;
  int rows = whole->y1 - whole->y0;
  SitmapRasterCanvas canvas = *whole;
  gsize vertices;

  canvas.y0 = whole->y0 + (int)((gint64)rows * band / bands->n_bands);
  canvas.y1 = whole->y0 + (int)((gint64)rows * (band + 1) / bands->n_bands);
  vertices = bands->func (&canvas, bands->user_data);
  g_atomic_pointer_add (&bands->vertices, vertices);
}

static void
bands_run (SitmapRasterBands *bands)
{
  for (;;)
    {
      gint band = g_atomic_int_add (&bands->next_band, 1);

      if (band >= (gint)bands->n_bands)
        break;
      bands_draw (bands, (guint)band);
    }
}

static void
band_helper (gpointer data,
             gpointer user_data)
{
  SitmapRasterBands *bands = data;

  bands_run (bands);
  g_mutex_lock (&bands->mutex);
  bands->helpers_running--;
  g_cond_signal (&bands->finished_cond);
  g_mutex_unlock (&bands->mutex);
}

/* Exclusive pools keep their threads, and with them the threads' scratch
 * buffers; one pool per helper so that the helpers of one frame never
 * queue behind each other.  The thread that runs the main loop has helpers
 * of its own: its frames never wait behind a band of a basemap that a
 * worker draws meanwhile. */
static GThreadPool *
band_helper_pool (guint index)
{
  static GThreadPool *pools[2][MAX_THREADS];
  static gsize initialised;
  guint set = g_main_context_is_owner (g_main_context_default ()) ? 0 : 1;

  if (g_once_init_enter (&initialised))
    {
      for (guint s = 0; s < 2; s++)
        for (guint i = 0; i + 1 < MAX_THREADS; i++)
          pools[s][i] = g_thread_pool_new (band_helper, NULL, 1, TRUE, NULL);
      g_once_init_leave (&initialised, 1);
    }
  return pools[set][index];
}

/* The calling thread's limit, 0 for none (see
 * sitmap_raster_bands_limit_threads ()). */
static GPrivate thread_limit;

static guint
thread_count (void)
{
  static gsize threads;
  guint limit = GPOINTER_TO_UINT (g_private_get (&thread_limit));

  if (g_once_init_enter (&threads))
    g_once_init_leave (&threads, (gsize)CLAMP (g_get_num_processors (), 1, MAX_THREADS));
  return limit ? MIN (limit, (guint)threads) : (guint)threads;
}

void
sitmap_raster_bands_limit_threads (guint n_threads)
{
  g_private_set (&thread_limit, GUINT_TO_POINTER (n_threads));
}

void
sitmap_raster_bands_start (SitmapRasterBands        *bands,
                           const SitmapRasterCanvas *canvas,
                           SitmapRasterBandFunc      func,
                           gpointer                  user_data)
{
  int rows = canvas->y1 - canvas->y0;
  guint threads = thread_count ();

  g_assert (bands != NULL && canvas != NULL && func != NULL);

  memset (bands, 0, sizeof *bands);
  bands->canvas = *canvas;
  bands->func = func;
  bands->user_data = user_data;
  bands->n_bands = (guint)CLAMP (rows / MIN_BAND_ROWS, 1, (int)(threads * BANDS_PER_THREAD));
  bands->helpers = MIN (threads, bands->n_bands) - 1;
  bands->helpers_running = bands->helpers;
  g_mutex_init (&bands->mutex);
  g_cond_init (&bands->finished_cond);
  for (guint i = 0; i < bands->helpers; i++)
    g_thread_pool_push (band_helper_pool (i), bands, NULL);
}

gsize
sitmap_raster_bands_finish (SitmapRasterBands *bands)
{
  bands_run (bands);
  g_mutex_lock (&bands->mutex);
  while (bands->helpers_running > 0)
    g_cond_wait (&bands->finished_cond, &bands->mutex);
  g_mutex_unlock (&bands->mutex);
  g_mutex_clear (&bands->mutex);
  g_cond_clear (&bands->finished_cond);
  return bands->vertices;
}
