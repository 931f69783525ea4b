/* sitmap-bench-extract.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-bench-extract.h"

#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <time.h>

#include "sitmap-extraction.h"
#include "sitmap-map.h"

/* Resident kilobytes of the gazetteer's mapping, from /proc/self/smaps:
 * the part of the file that lookups have touched. */
static double
gazetteer_resident_mb (void)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_gazetteer = FALSE;
  double kb = 0;

  if (!g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL))
    return 0;
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_ascii_isxdigit (lines[i][0]) && strchr (lines[i], '-') && strchr (lines[i], ' '))
        in_gazetteer = g_str_has_suffix (lines[i], ".gaz");
      else if (in_gazetteer && g_str_has_prefix (lines[i], "Rss:"))
        kb += g_ascii_strtod (lines[i] + 4, NULL);
    }
  return kb / 1024.0;
}

static double
cpu_ms_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

gboolean
sitmap_bench_extract (guint                repeats,
                      SitmapBenchExtract  *result,
                      GError             **error)
{
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "stories", "ukraine-2022-01",
                                            "article.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree double *wall = g_new (double, MAX (repeats, 1));
  g_autofree double *cpu = g_new (double, MAX (repeats, 1));
  gsize length;

  repeats = MAX (repeats, 1);
  if (!g_file_get_contents (path, &text, &length, error))
    return FALSE;
  gazetteer = sitmap_gazetteer_open_default (error);
  if (gazetteer == NULL)
    return FALSE;

  for (guint r = 0; r < repeats; r++)
    {
      size_t heap_before = mallinfo2 ().uordblks;
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms_now ();
      g_autoptr(SitmapExtraction) extraction = sitmap_extraction_new (text, length, path, "2022-01-15",
                                                                      gazetteer, error);

      if (extraction == NULL)
        return FALSE;
      wall[r] = (g_get_monotonic_time () - start) / 1e3;
      cpu[r] = cpu_ms_now () - cpu_start;
      if (r == 0)
        {
          /* What the extraction holds on the heap, while it is alive. */
          result->rss_mb = gazetteer_resident_mb () + (double)(mallinfo2 ().uordblks - heap_before) / (1024 * 1024);
          result->n_places = sitmap_extraction_get_places (extraction)->len;
          result->n_figures = sitmap_extraction_get_figures (extraction)->len;
          result->n_dates = sitmap_extraction_get_dates (extraction)->len;
        }
    }
  qsort (wall, repeats, sizeof (double), compare_doubles);
  qsort (cpu, repeats, sizeof (double), compare_doubles);
  result->ms = wall[repeats / 2];
  result->cpu_ms = cpu[repeats / 2];
  return TRUE;
}
