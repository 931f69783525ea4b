/* sitmap-bench-process.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whole processes, timed from outside: `sitmap --export` of the built-in
 * story at 3840×2160 and as a 320×180 thumbnail, each with an empty
 * prepared-data cache (cold) and with the one the cold run left (warm),
 * and, where python3-mapnik is installed, mapnik drawing the bare 1:10m
 * country borders of the same region in the same projection at the same
 * size, in turn with them.  Medians of runs; NAN where not measured. */
typedef struct
{
  double export_4k_cold_ms;
  double export_4k_warm_ms;
  double export_4k_warm_cpu_ms;
  double thumbnail_cold_ms;
  double thumbnail_warm_ms;
  double thumbnail_warm_cpu_ms;
  double mapnik_4k_ms;
  double mapnik_thumbnail_ms;
  /* The median of mapnik ÷ Sitmap (warm), pair by pair. */
  double mapnik_over_4k;
  double mapnik_over_thumbnail;
  guint  runs;
} SitmapBenchProcess;

/* The real window under the project's Xvfb wrapper, as a whole process:
 * from just before its start to its map's first painted frame, cold and
 * warm cache; then the frame clock's intervals (and each frame's time
 * from update to paint) through a scripted pan and zoom and the sharp
 * redraw after it, pooled over the warm runs. */
typedef struct
{
  double first_frame_cold_ms;
  double first_frame_warm_ms;
  /* A bare libadwaita window's, the same way: what no window beats. */
  double bare_first_frame_ms;
  double frame_p50_ms;
  double frame_p99_ms;
  double frame_work_p99_ms;
  double frame_work_max_ms;
  /* The bare window repainting its whole area as many frames: the frame
   * clock's own pacing under this X server, which no window beats. */
  double bare_frame_p99_ms;
  guint  frames;
} SitmapBenchWindow;

gboolean sitmap_bench_window  (guint               runs,
                               SitmapBenchWindow  *result,
                               GError            **error);

gboolean sitmap_bench_process (guint               runs,
                               SitmapBenchProcess *result,
                               GError            **error);

G_END_DECLS
