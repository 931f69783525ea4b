/* sitmap-bench-process.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <fcntl.h>
#include <math.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <json-glib/json-glib.h>

#include "sitmap-bench-process.h"
#include "sitmap-map.h"

extern char **environ;

/* mapnik's own Python binding, as a GIS user would call it: the 1:10m
 * countries as a shapefile layer, their borders stroked 1 px, the map in
 * Sitmap's projection for the story, zoomed to the same box. */
static const char mapnik_script[] =
  "import sys, mapnik\n"
  "shp, out, w, h, srs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]\n"
  "box = [float(v) for v in sys.argv[6:10]]\n"
  "m = mapnik.Map(w, h, srs)\n"
  "m.background = mapnik.Color('white')\n"
  "style = mapnik.Style()\n"
  "rule = mapnik.Rule()\n"
  "line = mapnik.LineSymbolizer()\n"
  "line.stroke = mapnik.Color('#555555')\n"
  "line.stroke_width = 1.0\n"
  "rule.symbols.append(line)\n"
  "style.rules.append(rule)\n"
  "m.append_style('borders', style)\n"
  "layer = mapnik.Layer('countries', '+proj=longlat +datum=WGS84 +no_defs')\n"
  "layer.datasource = mapnik.Shapefile(file=shp)\n"
  "layer.styles.append('borders')\n"
  "m.layers.append(layer)\n"
  "m.zoom_to_box(mapnik.Box2d(*box))\n"
  "mapnik.render_to_file(m, out, 'png')\n";

typedef struct
{
  double wall_ms;
  double cpu_ms;
} Run;

/* One process to its end: wall clock from fork to reaping, CPU time from
 * the kernel's accounting of the child. */
static gboolean
run_process (char   **argv,
             char   **envp,
             Run     *run,
             GError **error)
{
  posix_spawn_file_actions_t actions;
  struct rusage usage;
  gint64 start;
  pid_t pid;
  int status, rc;

  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_addopen (&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen (&actions, 2, "/dev/null", O_WRONLY, 0);
  start = g_get_monotonic_time ();
  rc = posix_spawnp (&pid, argv[0], &actions, NULL, argv, envp);
  posix_spawn_file_actions_destroy (&actions);
  if (rc != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "cannot start %s: %s", argv[0], g_strerror (rc));
      return FALSE;
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "lost %s", argv[0]);
      return FALSE;
    }
  run->wall_ms = (g_get_monotonic_time () - start) / 1000.0;
  run->cpu_ms = usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0 +
                usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s failed (status %d)", argv[0], status);
      return FALSE;
    }
  return TRUE;
}

static void
empty_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

static double
median (GArray *values)
{
  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, values->len / 2);
}

/* Sitmap's environment with the cache in dir. */
static char **
environment_with_cache (const char *dir)
{
  char **envp = g_get_environ ();

  envp = g_environ_unsetenv (envp, "SITMAP_NO_CACHE");
  return g_environ_setenv (envp, "SITMAP_CACHE_DIR", dir, TRUE);
}

/* Debian's own Python, where python3-mapnik is, whatever else is first
 * on the PATH. */
#define PYTHON "/usr/bin/python3"

static gboolean
mapnik_available (void)
{
  int status = -1;
  char *argv[] = { (char *)PYTHON, (char *)"-c", (char *)"import mapnik", NULL };

  return g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                       NULL, NULL, NULL, NULL, &status, NULL) &&
         g_spawn_check_wait_status (status, NULL);
}

/* The region and projection sitmap --export draws at width × height. */
static char **
mapnik_argv (const char *out,
             int         width,
             int         height,
             GError    **error)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  SitmapViewport viewport = { 0 };
  double half_w, half_h;

  if (!sitmap_map_load_builtin_basemaps (map, error) || !sitmap_map_load_builtin_story (map, error))
    return NULL;
  viewport.width = width;
  viewport.height = height;
  viewport.scale_factor = 1;
  sitmap_map_fit_home (map, &viewport);
  half_w = viewport.resolution * width / 2;
  half_h = viewport.resolution * height / 2;

  g_ptr_array_add (argv, g_strdup (PYTHON));
  g_ptr_array_add (argv, g_strdup ("-c"));
  g_ptr_array_add (argv, g_strdup (mapnik_script));
  g_ptr_array_add (argv, g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_10m_countries.shp", NULL));
  g_ptr_array_add (argv, g_strdup (out));
  g_ptr_array_add (argv, g_strdup_printf ("%d", width));
  g_ptr_array_add (argv, g_strdup_printf ("%d", height));
  g_ptr_array_add (argv, g_strdup (sitmap_projection_get_definition (sitmap_map_get_projection (map))));
  g_ptr_array_add (argv, g_strdup_printf ("%.3f", viewport.centre_x - half_w));
  g_ptr_array_add (argv, g_strdup_printf ("%.3f", viewport.centre_y - half_h));
  g_ptr_array_add (argv, g_strdup_printf ("%.3f", viewport.centre_x + half_w));
  g_ptr_array_add (argv, g_strdup_printf ("%.3f", viewport.centre_y + half_h));
  g_ptr_array_add (argv, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&argv), FALSE);
}

typedef struct
{
  GArray *cold, *warm, *warm_cpu, *mapnik, *ratio;
} Series;

static void
series_init (Series *s)
{
  s->cold = g_array_new (FALSE, FALSE, sizeof (double));
  s->warm = g_array_new (FALSE, FALSE, sizeof (double));
  s->warm_cpu = g_array_new (FALSE, FALSE, sizeof (double));
  s->mapnik = g_array_new (FALSE, FALSE, sizeof (double));
  s->ratio = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
series_clear (Series *s)
{
  g_array_unref (s->cold);
  g_array_unref (s->warm);
  g_array_unref (s->warm_cpu);
  g_array_unref (s->mapnik);
  g_array_unref (s->ratio);
}

/* One round of one size: cold, warm, then mapnik, each a whole process. */
static gboolean
time_round (const char  *tmp,
            const char  *size,
            char       **mapnik,
            Series      *s,
            gboolean     counted,
            GError     **error)
{
  g_autofree char *sitmap = g_build_filename (SITMAP_BUILD_ROOT, "src", "sitmap", NULL);
  g_autofree char *out = g_build_filename (tmp, "export.png", NULL);
  g_autofree char *cold_dir = g_build_filename (tmp, "cold-cache", NULL);
  g_autofree char *warm_dir = g_build_filename (tmp, "warm-cache", NULL);
  g_auto(GStrv) cold_env = environment_with_cache (cold_dir);
  g_auto(GStrv) warm_env = environment_with_cache (warm_dir);
  char *argv[] = { sitmap, (char *)"--export", out, (char *)"--size", (char *)size, NULL };
  Run cold, warm, peer = { NAN, NAN };

  empty_dir (cold_dir);
  if (!run_process (argv, cold_env, &cold, error) ||
      !run_process (argv, warm_env, &warm, error) ||
      (mapnik != NULL && !run_process (mapnik, environ, &peer, error)))
    return FALSE;
  if (!counted)
    return TRUE;
  g_array_append_val (s->cold, cold.wall_ms);
  g_array_append_val (s->warm, warm.wall_ms);
  g_array_append_val (s->warm_cpu, warm.cpu_ms);
  if (mapnik != NULL)
    {
      double ratio = peer.wall_ms / warm.wall_ms;

      g_array_append_val (s->mapnik, peer.wall_ms);
      g_array_append_val (s->ratio, ratio);
    }
  return TRUE;
}

gboolean
sitmap_bench_process (guint               runs,
                      SitmapBenchProcess *result,
                      GError            **error)
{
  g_autofree char *tmp = g_dir_make_tmp ("sitmap-bench-process-XXXXXX", error);
  g_autofree char *mapnik_out = NULL;
  g_auto(GStrv) mapnik_4k = NULL;
  g_auto(GStrv) mapnik_thumb = NULL;
  Series big, thumb;
  gboolean ok = TRUE;

  if (tmp == NULL)
    return FALSE;
  mapnik_out = g_build_filename (tmp, "mapnik.png", NULL);
  if (mapnik_available ())
    {
      if ((mapnik_4k = mapnik_argv (mapnik_out, 3840, 2160, error)) == NULL ||
          (mapnik_thumb = mapnik_argv (mapnik_out, 320, 180, error)) == NULL)
        return FALSE;
    }

  series_init (&big);
  series_init (&thumb);
  /* Round 0 warms the page cache and fills the warm cache. */
  for (guint i = 0; ok && i <= runs; i++)
    ok = time_round (tmp, "3840x2160", mapnik_4k, &big, i > 0, error) &&
         time_round (tmp, "320x180", mapnik_thumb, &thumb, i > 0, error);

  if (ok)
    {
      result->runs = runs;
      result->export_4k_cold_ms = median (big.cold);
      result->export_4k_warm_ms = median (big.warm);
      result->export_4k_warm_cpu_ms = median (big.warm_cpu);
      result->thumbnail_cold_ms = median (thumb.cold);
      result->thumbnail_warm_ms = median (thumb.warm);
      result->thumbnail_warm_cpu_ms = median (thumb.warm_cpu);
      result->mapnik_4k_ms = median (big.mapnik);
      result->mapnik_thumbnail_ms = median (thumb.mapnik);
      result->mapnik_over_4k = median (big.ratio);
      result->mapnik_over_thumbnail = median (thumb.ratio);
    }
  series_clear (&big);
  series_clear (&thumb);

  {
    g_autofree char *cold_dir = g_build_filename (tmp, "cold-cache", NULL);
    g_autofree char *warm_dir = g_build_filename (tmp, "warm-cache", NULL);

    empty_dir (cold_dir);
    empty_dir (warm_dir);
    g_rmdir (cold_dir);
    g_rmdir (warm_dir);
    empty_dir (tmp);
    g_rmdir (tmp);
  }
  return ok;
}

/* ---- The window ------------------------------------------------------------ */

static double
percentile_of (GArray *values,
               double  p)
{
  guint rank;

  if (values->len == 0)
    return NAN;
  g_array_sort (values, compare_doubles);
  rank = (guint)ceil (p / 100.0 * values->len);
  return g_array_index (values, double, CLAMP (rank, 1, values->len) - 1);
}

static void
append_numbers (JsonObject *object,
                const char *member,
                GArray     *to)
{
  JsonArray *array = json_object_get_array_member (object, member);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      double v = json_array_get_double_element (array, i);

      g_array_append_val (to, v);
    }
}

/* One start of a window, Sitmap's or the bare one (program, under the
 * build's root); the first frame's time, and its frames. */
static gboolean
run_window (const char  *program,
            const char  *cache_dir,
            const char  *probe_path,
            double      *first_frame_ms,
            GArray      *intervals,
            GArray      *work,
            GError     **error)
{
  g_autofree char *wrapper = g_build_filename (SITMAP_SOURCE_DATADIR, "..", "build-aux", "with-xvfb", NULL);
  g_autofree char *sitmap = g_build_filename (SITMAP_BUILD_ROOT, program, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_auto(GStrv) envp = environment_with_cache (cache_dir);
  /* The time is taken by the shell the wrapper starts, just before it
   * becomes Sitmap: the X server's start is not the window's. */
  char *argv[] = { wrapper, (char *)"/bin/sh", (char *)"-c",
                   (char *)"SITMAP_FRAME_PROBE_T0=$(date +%s%6N) exec \"$0\"", sitmap, NULL };
  JsonObject *root;
  Run run;

  envp = g_environ_setenv (envp, "SITMAP_FRAME_PROBE", probe_path, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "NO_AT_BRIDGE", "1", TRUE);
  g_unlink (probe_path);
  if (!run_process (argv, envp, &run, error) || !json_parser_load_from_file (parser, probe_path, error))
    return FALSE;
  root = json_node_get_object (json_parser_get_root (parser));
  *first_frame_ms = (json_object_get_int_member (root, "first_frame_real_us") -
                     json_object_get_int_member (root, "t0_real_us")) / 1000.0;
  append_numbers (root, "interval_ms", intervals);
  append_numbers (root, "work_ms", work);
  return TRUE;
}

gboolean
sitmap_bench_window (guint               runs,
                     SitmapBenchWindow  *result,
                     GError            **error)
{
  g_autofree char *tmp = g_dir_make_tmp ("sitmap-bench-window-XXXXXX", error);
  g_autofree char *cold_dir = NULL;
  g_autofree char *warm_dir = NULL;
  g_autofree char *probe = NULL;
  g_autoptr(GArray) cold = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) warm = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare_intervals = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scratch = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean ok = TRUE;

  if (tmp == NULL)
    return FALSE;
  cold_dir = g_build_filename (tmp, "cold-cache", NULL);
  warm_dir = g_build_filename (tmp, "warm-cache", NULL);
  probe = g_build_filename (tmp, "probe.json", NULL);

  /* Round 0 fills the warm cache and the page cache.  The bare window
   * takes its turn in each round, under the same load. */
  for (guint i = 0; ok && i <= runs; i++)
    {
      double cold_ms, warm_ms, bare_ms;

      empty_dir (cold_dir);
      ok = run_window ("src/sitmap", cold_dir, probe, &cold_ms, scratch, scratch, error) &&
           run_window ("src/sitmap", warm_dir, probe, &warm_ms, i > 0 ? intervals : scratch, i > 0 ? work : scratch,
                       error) &&
           run_window ("src/bench/sitmap-bench-bare-window", warm_dir, probe, &bare_ms,
                       i > 0 ? bare_intervals : scratch, scratch, error);
      if (ok && i > 0)
        {
          g_array_append_val (cold, cold_ms);
          g_array_append_val (warm, warm_ms);
          g_array_append_val (bare, bare_ms);
        }
    }

  if (ok)
    {
      result->first_frame_cold_ms = median (cold);
      result->first_frame_warm_ms = median (warm);
      result->bare_first_frame_ms = median (bare);
      result->frame_p50_ms = percentile_of (intervals, 50);
      result->frame_p99_ms = percentile_of (intervals, 99);
      result->frame_work_p99_ms = percentile_of (work, 99);
      result->frame_work_max_ms = percentile_of (work, 100);
      result->bare_frame_p99_ms = percentile_of (bare_intervals, 99);
      result->frames = intervals->len;
    }

  empty_dir (cold_dir);
  empty_dir (warm_dir);
  g_rmdir (cold_dir);
  g_rmdir (warm_dir);
  empty_dir (tmp);
  g_rmdir (tmp);
  return ok;
}
