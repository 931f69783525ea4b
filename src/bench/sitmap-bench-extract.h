/* sitmap-bench-extract.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  double ms;       /* median wall-clock time of one extraction */
  double cpu_ms;   /* its CPU time */
  double rss_mb;   /* the gazetteer's resident pages and the heap an extraction holds */
  guint  n_places, n_figures, n_dates;
} SitmapBenchExtract;

/* Extracts the built-in article (data/stories/ukraine-2022-01) in process,
 * with the shipped gazetteer, repeats times. */
gboolean sitmap_bench_extract (guint                repeats,
                               SitmapBenchExtract  *result,
                               GError             **error);

G_END_DECLS
