/* sitmap-bench.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The shipped benchmark: loads the 1:10m basemap and the built-in story,
 * redraws the map along a scripted flight from the whole world down to a
 * city, times frames drawn from a cached image, a 4K export and a naive
 * every-vertex draw of the same data in the same run, then repeats the
 * redraw over a generated shapefile of about ten million vertices.
 * build-aux/bench runs it; --json prints one JSON object.
 *
 * Times are wall-clock milliseconds, the median of REPEATS runs of each
 * frame; the CPU time of the whole process (the basemap is drawn in
 * bands on every processor) is reported beside the main figures, because
 * on a shared machine the two can differ a lot. */

#include "config.h"

#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sitmap-bench-drag.h"
#include "sitmap-bench-extract.h"
#include "sitmap-bench-save.h"
#include "sitmap-bench-process.h"
#include "sitmap-export.h"
#include "sitmap-gazetteer.h"
#include "sitmap-map.h"
#include "sitmap-shapefile.h"

#define FRAME_WIDTH 1920
#define FRAME_HEIGHT 1080
#define EXPORT_WIDTH 3840
#define EXPORT_HEIGHT 2160
/* Each timed frame is drawn this many times and the median kept, which
 * steadies the numbers on a shared machine without hiding a slow view:
 * a job elsewhere has to slow three draws of a frame, not two, to move
 * it. */
#define REPEATS 5
/* Rounds of the whole processes, each cold, warm and mapnik in turn. */
#define PROCESS_RUNS 5
#define WINDOW_RUNS 3
#define CACHED_FRAMES 40
#define DEFAULT_SYNTHETIC_VERTICES 10000000

/* The flight: from the whole world to Europe, across to Ukraine, down to
 * Kyiv at street scale, and a pan there.  Resolutions are metres per
 * pixel; the world key is filled in from the data's bounds. */
typedef struct
{
  const char *name;
  double      lon;
  double      lat;
  double      resolution;
  int         frames;     /* frames on the way here from the previous key */
} Keyframe;

static const Keyframe flight[] = {
  { "world",    0,     0,     0,    0 },
  { "europe",   15.0,  52.0,  2500, 12 },
  { "east",     31.0,  49.0,  2500, 8 },
  { "ukraine",  31.0,  49.0,  600,  8 },
  { "kyiv",     30.52, 50.45, 80,   12 },
  { "city",     30.52, 50.45, 12,   10 },
  { "city-pan", 30.62, 50.42, 12,   10 },
};

typedef struct
{
  SitmapViewport viewport;
  const char    *key_name;   /* set on frames that end at a key */
} Frame;

typedef struct
{
  gboolean  json;
  gboolean  verbose;
  char     *output_dir;
  gint64    synthetic_vertices;
  gboolean  skip_synthetic;
  gboolean  skip_processes;
} Options;

typedef struct
{
  double p50;
  double p95;
  double max;
} Stats;

/* A wall-clock and a CPU-time reading. */
typedef struct
{
  double wall;
  double cpu;
} Clock;

static Clock
clock_now (void)
{
  struct timespec cpu;
  Clock now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &cpu);
  now.wall = g_get_monotonic_time () / 1000.0;
  now.cpu = cpu.tv_sec * 1000.0 + cpu.tv_nsec / 1e6;
  return now;
}

static Clock
clock_since (Clock start)
{
  Clock now = clock_now ();

  now.wall -= start.wall;
  now.cpu -= start.cpu;
  return now;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db ? 1 : 0;
}

/* Nearest-rank percentile. */
static double
percentile (GArray *sorted,
            double  p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint)ceil (p / 100.0 * sorted->len);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

static Stats
stats_of (GArray *values)
{
  g_autoptr(GArray) sorted = g_array_copy (values);
  Stats stats;

  g_array_sort (sorted, compare_doubles);
  stats.p50 = percentile (sorted, 50);
  stats.p95 = percentile (sorted, 95);
  stats.max = percentile (sorted, 100);
  return stats;
}

/* The median of REPEATS readings, by wall-clock time. */
static Clock
median_clock (Clock *clocks)
{
  G_STATIC_ASSERT (REPEATS % 2 == 1);

  for (int i = 0; i < REPEATS - 1; i++)
    for (int j = 0; j < REPEATS - 1 - i; j++)
      if (clocks[j].wall > clocks[j + 1].wall)
        {
          Clock t = clocks[j];

          clocks[j] = clocks[j + 1];
          clocks[j + 1] = t;
        }
  return clocks[REPEATS / 2];
}

/* A field of /proc/self/status in MiB (it counts kB), or NAN. */
static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  g_autofree char *key = g_strdup_printf ("\n%s:", field);
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, key)) == NULL)
    return NAN;
  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

/* The high-water mark of what was resident, in MiB.  Read from /proc
 * rather than getrusage () so that reset_peak_rss () is seen. */
static double
peak_rss_mb (void)
{
  return status_mb ("VmHWM");
}

/* Starts the high-water mark of peak_rss_mb () again from what is
 * resident now (Linux's clear_refs). */
static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL || fputs ("5", file) < 0 || fclose (file) != 0)
    g_error ("cannot reset the peak RSS: %s", g_strerror (errno));
}

/* What is resident now, in MiB, or NAN where /proc cannot tell. */
static double
rss_now_mb (void)
{
  return status_mb ("VmRSS");
}

static void
lonlat_to_map (SitmapProjection *projection,
               double            lon,
               double            lat,
               double           *x,
               double           *y)
{
  double xy[2] = { lon, lat };

  sitmap_projection_forward (projection, xy, 1);
  *x = xy[0];
  *y = xy[1];
}

static GArray *
build_flight (SitmapRenderer *renderer)
{
  SitmapMap *map = sitmap_renderer_get_map (renderer);
  SitmapProjection *projection = sitmap_map_get_projection (map);
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  SitmapViewport previous;
  double x0, y0, x1, y1;
  Frame frame = { 0 };

  frame.viewport.width = FRAME_WIDTH;
  frame.viewport.height = FRAME_HEIGHT;
  frame.viewport.scale_factor = 1;
  if (!sitmap_map_get_bounds (map, &x0, &y0, &x1, &y1))
    g_error ("nothing loaded to fly over");
  sitmap_viewport_fit (&frame.viewport, x0, y0, x1, y1, 0);
  frame.key_name = flight[0].name;
  g_array_append_val (frames, frame);
  previous = frame.viewport;

  for (guint k = 1; k < G_N_ELEMENTS (flight); k++)
    {
      SitmapViewport target = previous;

      lonlat_to_map (projection, flight[k].lon, flight[k].lat, &target.centre_x, &target.centre_y);
      target.resolution = flight[k].resolution;

      for (int j = 1; j <= flight[k].frames; j++)
        {
          double t = (double)j / flight[k].frames;

          frame.viewport = target;
          frame.viewport.resolution = exp (log (previous.resolution) * (1 - t) + log (target.resolution) * t);
          /* Move in proportion to the zoom already done, as a person
           * zooming towards a place does, so the place stays in view. */
          if (previous.resolution != target.resolution)
            t = (previous.resolution - frame.viewport.resolution) / (previous.resolution - target.resolution);
          frame.viewport.centre_x = previous.centre_x + (target.centre_x - previous.centre_x) * t;
          frame.viewport.centre_y = previous.centre_y + (target.centre_y - previous.centre_y) * t;
          frame.key_name = j == flight[k].frames ? flight[k].name : NULL;
          g_array_append_val (frames, frame);
        }
      previous = target;
    }

  return frames;
}

static cairo_surface_t *
new_frame_surface (int width,
                   int height)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
}

static void
save_png (const Options   *options,
          cairo_surface_t *surface,
          const char      *prefix,
          const char      *name)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (options->output_dir == NULL || name == NULL)
    return;
  g_mkdir_with_parents (options->output_dir, 0755);
  file = g_strdup_printf ("%s-%s.png", prefix, name);
  path = g_build_filename (options->output_dir, file, NULL);
  cairo_surface_write_to_png (surface, path);
}

/* A full redraw: the basemap and everything over it, as the window draws
 * it once a view settles. */
static Clock
time_full_frame (SitmapRenderer       *renderer,
                 cairo_surface_t      *surface,
                 const SitmapViewport *viewport)
{
  Clock start = clock_now ();
  cairo_t *cr = cairo_create (surface);

  sitmap_renderer_draw (renderer, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return clock_since (start);
}

typedef struct
{
  GArray *wall;       /* double, ms */
  GArray *cpu;        /* double, ms */
  GArray *vertices;   /* double */
} FlightResult;

static void
flight_result_clear (FlightResult *result)
{
  g_clear_pointer (&result->wall, g_array_unref);
  g_clear_pointer (&result->cpu, g_array_unref);
  g_clear_pointer (&result->vertices, g_array_unref);
}

static FlightResult
fly (const Options  *options,
     SitmapRenderer *renderer,
     GArray         *frames,
     const char     *png_prefix)
{
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  g_autofree Clock *clocks = g_new (Clock, (gsize)frames->len * REPEATS);
  g_autofree double *vertices = g_new (double, frames->len);
  FlightResult result;

  result.wall = g_array_new (FALSE, FALSE, sizeof (double));
  result.cpu = g_array_new (FALSE, FALSE, sizeof (double));
  result.vertices = g_array_new (FALSE, FALSE, sizeof (double));

  /* Warm up fonts, glyph caches and anything prepared on first use. */
  time_full_frame (renderer, surface, &g_array_index (frames, Frame, 0).viewport);

  /* The whole flight, REPEATS times over: each frame is drawn right after
   * the one before it, as in the window, so it finds in the caches (the
   * story's layout, copies of labels and symbols) only what that frame
   * left there, never its own drawing from a moment before. */
  for (int r = 0; r < REPEATS; r++)
    for (guint i = 0; i < frames->len; i++)
      {
        const Frame *frame = &g_array_index (frames, Frame, i);

        clocks[(gsize)i * REPEATS + r] = time_full_frame (renderer, surface, &frame->viewport);
        vertices[i] = sitmap_renderer_get_last_vertex_count (renderer);
        if (r == REPEATS - 1)
          save_png (options, surface, png_prefix, frame->key_name);
      }

  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *frame = &g_array_index (frames, Frame, i);
      Clock median = median_clock (clocks + (gsize)i * REPEATS);

      g_array_append_val (result.wall, median.wall);
      g_array_append_val (result.cpu, median.cpu);
      g_array_append_val (result.vertices, vertices[i]);
      if (options->verbose)
        g_printerr ("%s frame %2u  %8.0f m/px  %7.1f ms  (cpu %6.1f)  %8.0f vertices  %s\n", png_prefix, i,
                    frame->viewport.resolution, median.wall, median.cpu, vertices[i],
                    frame->key_name ? frame->key_name : "");
    }

  cairo_surface_destroy (surface);
  return result;
}

/* ---- The naive baseline -------------------------------------------------
 *
 * What drawing with Cairo does without any of the work this benchmark is
 * about: every ring of every country, every vertex, no culling; each
 * feature filled and then stroked with a 1 px antialiased border. */

static void
append_naive_shape (cairo_t              *cr,
                    const SitmapViewport *vp,
                    const SitmapShape    *shape)
{
  double inv = 1.0 / vp->resolution;
  double ox = vp->width / 2 - vp->centre_x * inv;
  double oy = vp->height / 2 + vp->centre_y * inv;

  for (guint p = 0; p < shape->n_parts; p++)
    {
      gboolean pen_down = FALSE;

      for (guint i = shape->part_start[p]; i < shape->part_start[p + 1]; i++)
        {
          double x = shape->xy[2 * i] * inv + ox;
          double y = oy - shape->xy[2 * i + 1] * inv;

          if (isnan (x) || isnan (y))
            {
              pen_down = FALSE;
              continue;
            }
          if (pen_down)
            cairo_line_to (cr, x, y);
          else
            cairo_move_to (cr, x, y);
          pen_down = TRUE;
        }
      if (pen_down)
        cairo_close_path (cr);
    }
}

static Clock
time_naive_frame (SitmapLayer          *layer,
                  cairo_surface_t      *surface,
                  const SitmapViewport *viewport)
{
  Clock start = clock_now ();
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.776, 0.855, 0.922);
  cairo_paint (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_width (cr, 1.0);

  for (guint f = 0; f < sitmap_layer_get_n_features (layer); f++)
    {
      cairo_new_path (cr);
      append_naive_shape (cr, viewport, sitmap_layer_get_shape (layer, f));
      cairo_set_source_rgb (cr, 0.961, 0.949, 0.922);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.545, 0.529, 0.502);
      cairo_stroke (cr);
    }

  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return clock_since (start);
}

static Clock
naive_at (const Options        *options,
          SitmapLayer          *layer,
          const SitmapViewport *viewport,
          const char           *name)
{
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  Clock clocks[REPEATS];

  for (int r = 0; r < REPEATS; r++)
    clocks[r] = time_naive_frame (layer, surface, viewport);
  save_png (options, surface, "naive", name);
  cairo_surface_destroy (surface);
  return median_clock (clocks);
}

/* ---- Frames from the cache ----------------------------------------------
 *
 * What the window does on each frame of a pan: the basemap as last drawn
 * is moved, and only what sits on top (scale bar, story symbols, callouts)
 * is drawn afresh.  Here cairo composites the image on the CPU, which
 * costs at least what GTK's renderer does. */

typedef struct
{
  GArray *total;     /* double, ms */
  GArray *blit;
  GArray *overlay;
} CachedResult;

static CachedResult
time_cached_pan (SitmapRenderer       *renderer,
                 const SitmapViewport *start)
{
  cairo_surface_t *cache = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  CachedResult result;
  cairo_t *cr = cairo_create (cache);

  result.total = g_array_new (FALSE, FALSE, sizeof (double));
  result.blit = g_array_new (FALSE, FALSE, sizeof (double));
  result.overlay = g_array_new (FALSE, FALSE, sizeof (double));

  sitmap_renderer_draw_basemap (renderer, cr, start);
  cairo_destroy (cr);
  cairo_surface_flush (cache);

  /* As the window tells it from a pan's first frame to its last. */
  sitmap_renderer_set_moving (renderer, TRUE);
  for (int i = 0; i <= CACHED_FRAMES; i++)
    {
      SitmapViewport viewport = *start;
      double dx = 9.0 * i, dy = 4.0 * i;
      Clock t0 = clock_now (), blit, total;
      double overlay;

      sitmap_viewport_pan (&viewport, dx, dy);
      cr = cairo_create (surface);
      /* Sea where the moved image leaves a gap, then the image, copied
       * over just the part of the frame it covers (a paint would also
       * clear the gap again). */
      cairo_set_source_rgb (cr, 0.776, 0.855, 0.922);
      cairo_rectangle (cr, 0, 0, FRAME_WIDTH, dy);
      cairo_rectangle (cr, 0, dy, dx, FRAME_HEIGHT - dy);
      cairo_fill (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, cache, dx, dy);
      cairo_rectangle (cr, dx, dy, FRAME_WIDTH - dx, FRAME_HEIGHT - dy);
      cairo_fill (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      blit = clock_since (t0);
      sitmap_renderer_draw_overlay (renderer, cr, &viewport);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      total = clock_since (t0);
      overlay = total.wall - blit.wall;

      /* The first frame warms the overlay's fonts up. */
      if (i == 0)
        continue;
      g_array_append_val (result.total, total.wall);
      g_array_append_val (result.blit, blit.wall);
      g_array_append_val (result.overlay, overlay);
    }

  sitmap_renderer_set_moving (renderer, FALSE);
  cairo_surface_destroy (cache);
  cairo_surface_destroy (surface);
  return result;
}

/* ---- The synthetic shapefile ----------------------------------------------
 *
 * A grid of country-sized cells whose shared edges wiggle like real
 * borders and coasts: at every scale (sines an octave apart, each a little
 * weaker than the one before), so the data keeps showing detail as one
 * zooms in, and a whole-world view of it has about as much outline as the
 * real countries.  Each edge is generated from its own seed, so the two
 * cells on either side of it carry exactly the same vertices, as
 * neighbouring countries do in Natural Earth. */

#define SYNTH_COLUMNS 16
#define SYNTH_ROWS 8
#define SYNTH_WEST -180.0
#define SYNTH_EAST 180.0
/* North of 51°S: a cell around the antipode of the story's azimuthal
 * projection would wrap round the whole map. */
#define SYNTH_SOUTH -44.0
#define SYNTH_NORTH 76.0
#define SYNTH_OCTAVES 14

static const char wgs84_wkt[] =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/* Offsets across an edge at n + 1 evenly spaced points, zero at both ends,
 * deterministic per edge. */
static void
edge_wiggle (guint32  seed,
             int      n,
             double   amplitude,
             double  *out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double phase[SYNTH_OCTAVES], weight[SYNTH_OCTAVES];

  for (int k = 0; k < SYNTH_OCTAVES; k++)
    {
      phase[k] = g_rand_double_range (rand, 0, 2 * G_PI);
      weight[k] = amplitude * 0.12 * pow (0.55, k) * g_rand_double_range (rand, 0.6, 1.0);
    }

  for (int i = 0; i <= n; i++)
    {
      double t = (double)i / n, v = 0;

      for (int k = 0; k < SYNTH_OCTAVES; k++)
        v += weight[k] * sin ((1 << k) * 3.0 * t * 2 * G_PI + phase[k]);
      out[i] = v * sin (G_PI * t);
    }
  out[0] = out[n] = 0;
}

/* Appends the edge from one corner of the grid to the next, without its
 * last point.  Horizontal edges wiggle in latitude, vertical ones in
 * longitude; the wiggle belongs to the edge, whichever way it is walked. */
static void
append_edge (GArray   *xy,
             gboolean  horizontal,
             int       col,
             int       row,
             gboolean  reverse,
             int       n,
             double    cell_w,
             double    cell_h)
{
  g_autofree double *offset = g_new (double, n + 1);
  guint32 seed = (guint32)((horizontal ? 1u : 2u) * 1000003u + (guint32)row * 4099u + (guint32)col * 7u);
  double x0 = SYNTH_WEST + col * cell_w, y0 = SYNTH_SOUTH + row * cell_h;

  edge_wiggle (seed, n, horizontal ? cell_h : cell_w, offset);

  for (int k = 0; k < n; k++)
    {
      int i = reverse ? n - k : k;
      double t = (double)i / n;
      double pair[2];

      if (horizontal)
        {
          pair[0] = x0 + t * cell_w;
          pair[1] = y0 + offset[i];
        }
      else
        {
          pair[0] = x0 + offset[i];
          pair[1] = y0 + t * cell_h;
        }
      g_array_append_vals (xy, pair, 1);
    }
}

static char *
write_synthetic (const char *dir,
                 const char *name,
                 gint64      target_vertices,
                 gint64     *n_vertices)
{
  g_autofree char *base = g_build_filename (dir, name, NULL);
  g_autofree char *shp_path = g_strconcat (base, ".shp", NULL);
  g_autofree char *prj_path = g_strconcat (base, ".prj", NULL);
  int n = MAX (2, (int)(target_vertices / (SYNTH_COLUMNS * SYNTH_ROWS) / 4));
  double cell_w = (SYNTH_EAST - SYNTH_WEST) / SYNTH_COLUMNS;
  double cell_h = (SYNTH_NORTH - SYNTH_SOUTH) / SYNTH_ROWS;
  SHPHandle shp = SHPCreate (base, SHPT_POLYGON);
  DBFHandle dbf = DBFCreate (base);
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, 2 * sizeof (double));
  g_autofree double *xs = NULL;
  g_autofree double *ys = NULL;

  if (shp == NULL || dbf == NULL)
    g_error ("cannot write %s", shp_path);
  DBFAddField (dbf, "NAME", FTString, 32, 0);
  *n_vertices = 0;

  for (int row = 0; row < SYNTH_ROWS; row++)
    for (int col = 0; col < SYNTH_COLUMNS; col++)
      {
        int record = row * SYNTH_COLUMNS + col, start = 0, count;
        double first[2];
        SHPObject *object;

        /* Clockwise, as shapefile outer rings are: up the west edge,
         * east along the north edge, down the east edge, back west. */
        g_array_set_size (xy, 0);
        append_edge (xy, FALSE, col, row, FALSE, n, cell_w, cell_h);
        append_edge (xy, TRUE, col, row + 1, FALSE, n, cell_w, cell_h);
        append_edge (xy, FALSE, col + 1, row, TRUE, n, cell_w, cell_h);
        append_edge (xy, TRUE, col, row, TRUE, n, cell_w, cell_h);
        memcpy (first, xy->data, sizeof first);
        g_array_append_vals (xy, first, 1);

        count = xy->len;
        xs = g_renew (double, xs, count);
        ys = g_renew (double, ys, count);
        for (int i = 0; i < count; i++)
          {
            const double *pair = (const double *)(const void *)(xy->data + (gsize)i * 2 * sizeof (double));

            xs[i] = pair[0];
            ys[i] = pair[1];
          }
        object = SHPCreateObject (SHPT_POLYGON, -1, 1, &start, NULL, count, xs, ys, NULL, NULL);
        SHPWriteObject (shp, -1, object);
        SHPDestroyObject (object);
        DBFWriteStringAttribute (dbf, record, 0, "");
        *n_vertices += count;
      }

  SHPClose (shp);
  DBFClose (dbf);
  if (!g_file_set_contents (prj_path, wgs84_wkt, -1, NULL))
    g_error ("cannot write %s", prj_path);
  return g_steal_pointer (&shp_path);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

/* A load's time, whole and by phase. */
typedef struct
{
  Clock total;
  Clock read;
  Clock prepare;   /* projecting is put off until then */
} LoadTimes;

static LoadTimes
median_load_times (LoadTimes *runs)
{
  Clock total[REPEATS], read[REPEATS], prepare[REPEATS];
  LoadTimes median;

  for (int i = 0; i < REPEATS; i++)
    {
      total[i] = runs[i].total;
      read[i] = runs[i].read;
      prepare[i] = runs[i].prepare;
    }
  median.total = median_clock (total);
  median.read = median_clock (read);
  median.prepare = median_clock (prepare);
  return median;
}

/* Loads, projects and prepares a layer as the map does for its basemap. */
static SitmapLayer *
load_prepared (const char       *path,
               SitmapProjection *projection,
               LoadTimes        *times)
{
  g_autoptr(GError) error = NULL;
  Clock start = clock_now (), phase = start;
  SitmapLayer *layer = sitmap_shapefile_load (path, &error);

  if (layer == NULL)
    g_error ("%s", error->message);
  times->read = clock_since (phase);
  phase = clock_now ();
  sitmap_layer_project (layer, projection);
  sitmap_layer_prepare (layer, NULL);
  times->prepare = clock_since (phase);
  times->total = clock_since (start);
  return layer;
}

/* ---- Start-up ------------------------------------------------------------ */

static SitmapMap *
load_map (GError **error)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();

  if (!sitmap_map_load_builtin_basemaps (map, error) || !sitmap_map_load_builtin_story (map, error))
    return NULL;
  return g_steal_pointer (&map);
}

static void
on_prepared (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_prepare_finish (SITMAP_MAP (source_object), result, &error))
    g_error ("%s", error->message);
  *done = TRUE;
}

/* ---- Report -------------------------------------------------------------- */

typedef struct
{
  const char *key;
  const char *label;
  double      value;
  const char *unit;     /* "" for counts */
  const char *target;   /* NULL when there is none */
  gboolean    met;
  double      cpu;      /* the CPU time behind a wall-clock value, or NAN */
} Row;

static void
add_row (GArray     *rows,
         const char *key,
         const char *label,
         double      value,
         const char *unit,
         const char *target,
         gboolean    met)
{
  Row row = { key, label, value, unit, target, met, NAN };

  g_array_append_val (rows, row);
}

/* Gives the last row the CPU time its wall-clock time took, in its unit. */
static void
set_cpu (GArray *rows,
         double  cpu)
{
  g_array_index (rows, Row, rows->len - 1).cpu = cpu;
}

/* ---- Gazetteer ------------------------------------------------------------ */

/* What a person types into the editor's place search, one letter at a
 * time: every prefix of these, from the first letter. */
static const char *const search_words[] = {
  "Kyiv", "Washington", "Donetsk", "Zürich", "Москва", "Київ", "São Paulo", "Baltic states",
  "Saint Petersburg", "Luhansk", "New York", "Kharkiv", "Black Sea", "Brussels", "Beijing",
  "Mariupol", "Buenos Aires", "Ottawa", "Philadelphia", "Sevastopol",
};

static void
bench_gazetteer (GArray *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapGazetteer) shared = sitmap_gazetteer_open_default (&error);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *path = NULL;
  Clock clocks[REPEATS];
  Clock load;
  Stats search;

  if (shared == NULL)
    g_error ("%s", error->message);
  path = g_strdup (sitmap_gazetteer_get_path (shared));

  for (int i = 0; i < REPEATS; i++)
    {
      Clock start = clock_now ();
      g_autoptr(SitmapGazetteer) gazetteer = sitmap_gazetteer_new_for_file (path, &error);

      if (gazetteer == NULL)
        g_error ("%s", error->message);
      clocks[i] = clock_since (start);
    }
  load = median_clock (clocks);

  for (int round = 0; round < 3; round++)
    for (guint w = 0; w < G_N_ELEMENTS (search_words); w++)
      {
        const char *word = search_words[w];

        for (const char *end = g_utf8_next_char (word);; end = g_utf8_next_char (end))
          {
            g_autofree char *prefix = g_strndup (word, end - word);
            Clock start = clock_now ();
            g_autoptr(GPtrArray) found = sitmap_gazetteer_search (shared, prefix, 10);
            double ms = clock_since (start).wall;

            g_assert (found->len > 0);
            g_array_append_val (times, ms);
            if (*end == '\0')
              break;
          }
      }
  search = stats_of (times);

  add_row (rows, "gazetteer_load_ms", "open and check the gazetteer (mmap)", load.wall, "ms",
           "<= 30 ms", load.wall <= 30);
  set_cpu (rows, load.cpu);
  add_row (rows, "gazetteer_search_p95_ms", "gazetteer prefix search, p95", search.p95, "ms",
           "<= 5 ms", search.p95 <= 5);
  add_row (rows, "gazetteer_entries", "gazetteer entries", sitmap_gazetteer_get_n_entries (shared),
           "", NULL, TRUE);
}

/* Plain ASCII, so the table reads the same in any locale. */
static void
print_table (GArray *rows)
{
  printf ("%-36s %-42s %12s %10s  %-16s %s\n", "key", "measure", "value", "(CPU)", "target", "");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *value = row->unit[0] ? g_strdup_printf ("%.1f %s", row->value, row->unit)
                                            : g_strdup_printf ("%.0f", row->value);
      g_autofree char *cpu = isnan (row->cpu) ? g_strdup ("") : g_strdup_printf ("(%.1f)", row->cpu);

      printf ("%-36s %-42s %12s %10s  %-16s %s\n", row->key, row->label, value, cpu,
              row->target ? row->target : "", row->target ? (row->met ? "met" : "NOT MET") : "");
    }
}

static void
print_json (GArray *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      json_builder_set_member_name (builder, row->key);
      if (row->unit[0])
        json_builder_add_double_value (builder, round (row->value * 100) / 100);
      else
        json_builder_add_int_value (builder, (gint64)llround (row->value));
    }
  /* The CPU time behind the wall-clock times, for a machine others share. */
  json_builder_set_member_name (builder, "cpu_ms");
  json_builder_begin_object (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (isnan (row->cpu))
        continue;
      json_builder_set_member_name (builder, row->key);
      json_builder_add_double_value (builder, round (row->cpu * 100) / 100);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "targets_met");
  json_builder_begin_object (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if (row->target == NULL)
        continue;
      json_builder_set_member_name (builder, row->key);
      json_builder_add_boolean_value (builder, row->met);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  printf ("%s\n", text);
}

static void
progress (const Options *options,
          const char    *what)
{
  if (options->verbose)
    g_printerr ("bench: %s (peak RSS so far %.1f MiB)\n", what, peak_rss_mb ());
  else if (!options->json)
    g_printerr ("bench: %s\n", what);
}

int
main (int   argc,
      char *argv[])
{
  Options options = { FALSE, FALSE, NULL, DEFAULT_SYNTHETIC_VERTICES, FALSE, FALSE };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, "Print one JSON object instead of a table", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &options.verbose, "Print every frame's time and vertices", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output_dir, "Write the frames at each key view as PNGs into DIR", "DIR" },
    { "synthetic-vertices", 0, 0, G_OPTION_ARG_INT64, &options.synthetic_vertices, "Size of the synthetic shapefile (default 10000000)", "N" },
    { "no-synthetic", 0, 0, G_OPTION_ARG_NONE, &options.skip_synthetic, "Skip the synthetic shapefile", NULL },
    { "no-processes", 0, 0, G_OPTION_ARG_NONE, &options.skip_processes, "Skip timing whole sitmap processes", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time Sitmap's map drawing");
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapMap) map = NULL;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autofree char *tmp_dir = NULL;
  g_autoptr(SitmapRenderer) renderer = NULL;
  SitmapLayer *countries = NULL;
  SitmapViewport home = { 0 };
  FlightResult result;
  CachedResult cached;
  Stats redraw, redraw_cpu, vertices, cached_total, cached_blit, cached_overlay, drag;
  Clock naive, naive_europe, naive_city;
  double load_ms, story_ms, first_frame_ms, detail_ms, export_ms, rss_mb, ratio;
  double load_cpu, first_frame_cpu, export_cpu;
  gsize basemap_vertices = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sitmap-bench: %s\n", error->message);
      return 2;
    }

  /* The in-process figures are of preparing the data, as before the
   * prepared-data cache; the whole processes below time it cold and warm
   * in a cache of their own.  Nor should a ten-million-vertex layer land
   * in the user's cache. */
  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);

  tmp_dir = g_dir_make_tmp ("sitmap-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    g_error ("%s", error->message);

  /* Start-up as the window does it, in a process that has loaded nothing
   * yet: the first frame from the 1:50m countries while a worker prepares
   * the 1:10m ones. */
  progress (&options, "starting up as the window does");
  {
    Clock start = clock_now ();
    cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
    gboolean done = FALSE;

    map = load_map (&error);
    if (map == NULL)
      g_error ("%s", error->message);
    sitmap_map_prepare_async (map, NULL, on_prepared, &done);
    renderer = sitmap_renderer_new (map);
    home.width = FRAME_WIDTH;
    home.height = FRAME_HEIGHT;
    home.scale_factor = 1;
    sitmap_map_fit_home (map, &home);
    time_full_frame (renderer, surface, &home);
    first_frame_ms = clock_since (start).wall;
    first_frame_cpu = clock_since (start).cpu;
    save_png (&options, surface, "startup", "first-frame");
    while (!done)
      g_main_context_iteration (NULL, TRUE);
    detail_ms = clock_since (start).wall;
    cairo_surface_destroy (surface);
  }

  for (guint i = 0; i < sitmap_map_get_n_layers (map); i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (map, i, &role);

      basemap_vertices += sitmap_layer_get_n_points (layer);
      if (role == SITMAP_LAYER_ROLE_COUNTRIES && countries == NULL)
        countries = layer;
    }

  frames = build_flight (renderer);

  progress (&options, "redrawing along the flight");
  result = fly (&options, renderer, frames, "lod");
  redraw = stats_of (result.wall);
  redraw_cpu = stats_of (result.cpu);
  vertices = stats_of (result.vertices);
  flight_result_clear (&result);

  progress (&options, "panning from the cache");
  cached = time_cached_pan (renderer, &home);
  cached_total = stats_of (cached.total);
  cached_blit = stats_of (cached.blit);
  cached_overlay = stats_of (cached.overlay);
  g_array_unref (cached.total);
  g_array_unref (cached.blit);
  g_array_unref (cached.overlay);

  progress (&options, "dragging Kyiv's marker");
  {
    g_autofree char *png = options.output_dir ? g_build_filename (options.output_dir, "drag.png", NULL) : NULL;
    g_autoptr(GArray) drag_times = NULL;

    if (options.output_dir)
      g_mkdir_with_parents (options.output_dir, 0755);
    drag_times = sitmap_bench_drag (map, renderer, &home, "kyiv", CACHED_FRAMES * 3, png);
    drag = stats_of (drag_times);
  }

  progress (&options, "exporting the story at 3840x2160");
  {
    SitmapViewport viewport = { 0 };
    g_autofree char *path = g_build_filename (tmp_dir, "export-4k.png", NULL);
    Clock clocks[REPEATS];

    viewport.width = EXPORT_WIDTH;
    viewport.height = EXPORT_HEIGHT;
    viewport.scale_factor = 1;
    sitmap_map_fit_home (map, &viewport);
    for (int r = 0; r < REPEATS; r++)
      {
        Clock start = clock_now ();

        if (!sitmap_export_to_file (renderer, &viewport, path, &error))
          g_error ("%s", error->message);
        clocks[r] = clock_since (start);
      }
    export_ms = median_clock (clocks).wall;
    export_cpu = median_clock (clocks).cpu;
    if (options.output_dir)
      {
        g_autofree char *copy = g_build_filename (options.output_dir, "export-4k.png", NULL);
        g_autofree char *contents = NULL;
        gsize length;

        if (g_file_get_contents (path, &contents, &length, NULL))
          g_file_set_contents (copy, contents, length, NULL);
      }
    g_unlink (path);
  }

  progress (&options, "drawing naively");
  naive = naive_at (&options, countries, &g_array_index (frames, Frame, 0).viewport, "world");
  naive_europe = naive_at (&options, countries, &g_array_index (frames, Frame, flight[1].frames).viewport, "europe");
  naive_city = naive_at (&options, countries, &g_array_index (frames, Frame, frames->len - 1).viewport, "city");

  /* Before the load below, which holds a second copy of the basemap that
   * the window never would. */
  rss_mb = peak_rss_mb ();
  ratio = naive.wall / MAX (redraw.p95, 1e-3);

  /* Loading and preparing the 1:10m basemap in one go, as the headless
   * export does: read the shapefiles, take the story's projection, then
   * project everything and build the level of detail. */
  progress (&options, "loading and preparing the 1:10m basemap");
  {
    g_autoptr(SitmapMap) cold = sitmap_map_new ();
    Clock start = clock_now (), read, story, all;

    if (!sitmap_map_load_builtin_basemaps (cold, &error))
      g_error ("%s", error->message);
    read = clock_since (start);
    if (!sitmap_map_load_builtin_story (cold, &error))
      g_error ("%s", error->message);
    story = clock_since (start);
    sitmap_map_prepare (cold);
    all = clock_since (start);
    story_ms = story.wall - read.wall;
    load_ms = all.wall - story_ms;
    load_cpu = all.cpu - (story.cpu - read.cpu);
  }


  add_row (rows, "load_ms", "load and prepare the 1:10m basemap", load_ms, "ms", "< 400 ms", load_ms < 400);
  set_cpu (rows, load_cpu);
  add_row (rows, "story_load_ms", "load the story", story_ms, "ms", NULL, TRUE);
  add_row (rows, "first_frame_ms", "first frame, from nothing loaded", first_frame_ms, "ms", NULL, TRUE);
  set_cpu (rows, first_frame_cpu);
  add_row (rows, "full_detail_ms", "1:10m ready in the window, from nothing", detail_ms, "ms", NULL, TRUE);
  add_row (rows, "redraw_p50_ms", "redraw 1920x1080, p50", redraw.p50, "ms", NULL, TRUE);
  set_cpu (rows, redraw_cpu.p50);
  add_row (rows, "redraw_p95_ms", "redraw 1920x1080, p95", redraw.p95, "ms", "< 16 ms", redraw.p95 < 16);
  set_cpu (rows, redraw_cpu.p95);
  add_row (rows, "redraw_max_ms", "redraw 1920x1080, slowest", redraw.max, "ms", NULL, TRUE);
  set_cpu (rows, redraw_cpu.max);
  add_row (rows, "cached_frame_p50_ms", "frame from cache, p50", cached_total.p50, "ms", NULL, TRUE);
  add_row (rows, "cached_frame_p95_ms", "frame from cache, p95", cached_total.p95, "ms", "< 4 ms", cached_total.p95 < 4);
  add_row (rows, "cached_blit_p95_ms", "  of which moving the cached image, p95", cached_blit.p95, "ms", NULL, TRUE);
  add_row (rows, "cached_overlay_p95_ms", "  of which the story overlay, p95", cached_overlay.p95, "ms", NULL, TRUE);
  add_row (rows, "drag_frame_p95_ms", "marker dragged: edit, layout, overlay on the cached basemap, p95",
           drag.p95, "ms", "< 8 ms", drag.p95 < 8);
  add_row (rows, "drag_frame_p50_ms", "marker dragged, p50", drag.p50, "ms", NULL, TRUE);
  add_row (rows, "export_4k_ms", "story at 3840x2160 to PNG", export_ms, "ms", "< 250 ms", export_ms < 250);
  set_cpu (rows, export_cpu);
  add_row (rows, "naive_1080_ms", "naive draw, whole world, 1920x1080", naive.wall, "ms", NULL, TRUE);
  set_cpu (rows, naive.cpu);
  add_row (rows, "naive_europe_ms", "naive draw, Europe", naive_europe.wall, "ms", NULL, TRUE);
  set_cpu (rows, naive_europe.cpu);
  add_row (rows, "naive_city_ms", "naive draw, city", naive_city.wall, "ms", NULL, TRUE);
  set_cpu (rows, naive_city.cpu);
  add_row (rows, "naive_over_redraw_p95", "naive / redraw p95", ratio, "x", ">= 30x", ratio >= 30);
  set_cpu (rows, naive.cpu / MAX (redraw_cpu.p95, 1e-3));
  add_row (rows, "vertices_per_frame_p50", "vertices drawn per frame, p50", vertices.p50, "", NULL, TRUE);
  add_row (rows, "vertices_per_frame_p95", "vertices drawn per frame, p95", vertices.p95, "", NULL, TRUE);
  add_row (rows, "basemap_vertices", "basemap vertices loaded", basemap_vertices, "", NULL, TRUE);
  add_row (rows, "frames", "frames in the flight", frames->len, "", NULL, TRUE);
  add_row (rows, "peak_rss_mb", "peak RSS, all of the above", rss_mb, "MiB", "< 150 MiB", rss_mb < 150);

  if (!options.skip_processes)
    {
      SitmapBenchProcess process = { 0 };

      progress (&options, "timing whole processes: sitmap --export, cold and warm cache, and mapnik");
      if (!sitmap_bench_process (PROCESS_RUNS, &process, &error))
        g_error ("%s", error->message);
      add_row (rows, "cli_export_4k_ms", "sitmap --export 3840x2160, warm cache", process.export_4k_warm_ms, "ms",
               NULL, TRUE);
      set_cpu (rows, process.export_4k_warm_cpu_ms);
      add_row (rows, "cli_export_4k_cold_ms", "  the same, empty cache", process.export_4k_cold_ms, "ms", NULL, TRUE);
      add_row (rows, "cli_thumbnail_ms", "sitmap --export 320x180, warm cache", process.thumbnail_warm_ms, "ms",
               NULL, TRUE);
      set_cpu (rows, process.thumbnail_warm_cpu_ms);
      add_row (rows, "cli_thumbnail_cold_ms", "  the same, empty cache", process.thumbnail_cold_ms, "ms", NULL, TRUE);
      if (!isnan (process.mapnik_4k_ms))
        {
          add_row (rows, "mapnik_export_4k_ms", "mapnik, 1:10m borders, 3840x2160", process.mapnik_4k_ms, "ms",
                   NULL, TRUE);
          add_row (rows, "mapnik_thumbnail_ms", "mapnik, 1:10m borders, 320x180", process.mapnik_thumbnail_ms, "ms",
                   NULL, TRUE);
          add_row (rows, "mapnik_over_cli_export_4k", "mapnik / sitmap, 4K, pair by pair", process.mapnik_over_4k,
                   "x", ">= 3x", process.mapnik_over_4k >= 3);
          add_row (rows, "mapnik_over_cli_thumbnail", "mapnik / sitmap, thumbnail, pair by pair",
                   process.mapnik_over_thumbnail, "x", ">= 5x", process.mapnik_over_thumbnail >= 5);
        }
    }

  if (!options.skip_processes)
    {
      SitmapBenchWindow window = { 0 };

      progress (&options, "starting the window under Xvfb, cold and warm cache, and panning and zooming it");
      if (!sitmap_bench_window (WINDOW_RUNS, &window, &error))
        g_error ("%s", error->message);
      add_row (rows, "window_first_frame_ms", "window: start to map painted, warm cache", window.first_frame_warm_ms,
               "ms", "<= 150 ms", window.first_frame_warm_ms <= 150);
      add_row (rows, "window_first_frame_cold_ms", "  the same, empty cache", window.first_frame_cold_ms, "ms", NULL,
               TRUE);
      add_row (rows, "window_bare_first_frame_ms", "  a bare libadwaita window, the same way", window.bare_first_frame_ms,
               "ms", NULL, TRUE);
      add_row (rows, "window_frame_p50_ms", "window: frame interval in pan/zoom, p50", window.frame_p50_ms, "ms", NULL,
               TRUE);
      add_row (rows, "window_frame_p99_ms", "window: frame interval in pan/zoom, p99", window.frame_p99_ms, "ms",
               "<= 16.7 ms", window.frame_p99_ms <= 16.7);
      add_row (rows, "window_frame_work_p99_ms", "  update to paint, p99", window.frame_work_p99_ms, "ms", NULL, TRUE);
      add_row (rows, "window_frame_work_max_ms", "  update to paint, slowest", window.frame_work_max_ms, "ms", NULL, TRUE);
      add_row (rows, "window_bare_frame_p99_ms", "  a bare window repainting, interval p99", window.bare_frame_p99_ms, "ms",
               NULL, TRUE);
      add_row (rows, "window_frames", "  frames timed", window.frames, "", NULL, TRUE);
    }

  progress (&options, "opening and searching the gazetteer");
  bench_gazetteer (rows);

  /* The extractor on the built-in article, in process, with the
   * gazetteer already open. */
  progress (&options, "extracting the places, figures and dates of the built-in article");
  {
    SitmapBenchExtract extract = { 0 };

    if (!sitmap_bench_extract (REPEATS, &extract, &error))
      g_error ("%s", error->message);
    add_row (rows, "extract_ms", "extract the built-in article, in process", extract.ms, "ms", "< 50 ms",
             extract.ms < 50);
    set_cpu (rows, extract.cpu_ms);
    add_row (rows, "extract_rss_mb", "  gazetteer pages resident + its heap", extract.rss_mb, "MiB", NULL, TRUE);
  }

  /* The editor's Save of a long story, as it goes to disk. */
  progress (&options, "saving a story of 500 features");
  {
    g_autoptr(GArray) save_ms = g_array_new (FALSE, FALSE, sizeof (double));
    g_autoptr(GArray) json_ms = g_array_new (FALSE, FALSE, sizeof (double));
    Stats save, json;

    if (!sitmap_bench_save (500, 11, save_ms, json_ms, &error))
      g_error ("%s", error->message);
    save = stats_of (save_ms);
    json = stats_of (json_ms);
    add_row (rows, "story_save_ms", "save a 500-feature story (atomic, flushed), p50", save.p50, "ms", "<= 50 ms",
             save.p50 <= 50);
    add_row (rows, "story_json_ms", "  of which writing its text", json.p50, "ms", NULL, TRUE);
  }

  if (!options.skip_synthetic)
    {
      gint64 n_small = 0, n_large = 0;
      g_autofree char *small_path = NULL;
      g_autofree char *large_path = NULL;
      g_autoptr(SitmapLayer) small = NULL;
      g_autoptr(SitmapLayer) large = NULL;
      g_autoptr(SitmapMap) synthetic_map = NULL;
      g_autoptr(SitmapRenderer) synthetic = NULL;
      LoadTimes small_runs[REPEATS], large_runs[REPEATS], small_times, large_times;
      g_autofree char *cache_dir = g_build_filename (tmp_dir, "cache", NULL);
      g_autoptr(SitmapProjection) projection = NULL;
      g_autoptr(SitmapStory) story = NULL;
      LoadTimes cached_times;
      double base_mb, resident_before_mb = rss_now_mb (), synthetic_peak_mb, bytes_per_vertex;
      Stats synthetic_redraw, synthetic_redraw_cpu, synthetic_vertices;

      progress (&options, "writing the synthetic shapefiles");
      small_path = write_synthetic (tmp_dir, "synthetic-small", options.synthetic_vertices / 4, &n_small);
      large_path = write_synthetic (tmp_dir, "synthetic", options.synthetic_vertices, &n_large);

      /* One load of ten million vertices varies by a third from the next
       * on this machine: the two sizes are loaded in turn, and each one's
       * median kept, phase by phase.  These are of the work itself, with
       * no cache: writing one grows faster than the data here, as the
       * kernel starts to hold back writers past a few hundred megabytes. */
      progress (&options, "loading and preparing them");
      for (int i = 0; i < REPEATS; i++)
        {
          /* What a load freed goes back to the system before the next,
           * so the peak stays that of one load, as in a process that
           * loads once. */
          g_clear_object (&large);
          malloc_trim (0);
          small = load_prepared (small_path, sitmap_map_get_projection (map), &small_runs[i]);
          g_clear_object (&small);
          malloc_trim (0);
          large = load_prepared (large_path, sitmap_map_get_projection (map), &large_runs[i]);
        }
      g_clear_object (&large);

      /* The memory is that of a process holding the story and the large
       * file, loaded as on a first start of the window: the prepared-data
       * cache on, empty.  The world's basemaps and the frames above are let
       * go first, and the high-water mark is started again from there. */
      progress (&options, "loading the large one as on a first start");
      projection = g_object_ref (sitmap_map_get_projection (map));
      story = g_object_ref (sitmap_map_get_story (map));
      g_clear_object (&renderer);
      g_clear_object (&map);
      malloc_trim (0);
      reset_peak_rss ();
      base_mb = rss_now_mb ();
      g_unsetenv ("SITMAP_NO_CACHE");
      g_setenv ("SITMAP_CACHE_DIR", cache_dir, TRUE);
      large = load_prepared (large_path, projection, &cached_times);
      g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
      remove_dir (cache_dir);

      small_times = median_load_times (small_runs);
      large_times = median_load_times (large_runs);

      progress (&options, "redrawing the synthetic data along the flight");
      synthetic_map = sitmap_map_new ();
      sitmap_map_set_projection (synthetic_map, projection);
      sitmap_map_add_layer (synthetic_map, large, SITMAP_LAYER_ROLE_COUNTRIES);
      if (!sitmap_map_set_story (synthetic_map, story, &error))
        g_error ("%s", error->message);
      synthetic = sitmap_renderer_new (synthetic_map);
      result = fly (&options, synthetic, frames, "synthetic");
      synthetic_redraw = stats_of (result.wall);
      synthetic_redraw_cpu = stats_of (result.cpu);
      synthetic_vertices = stats_of (result.vertices);
      flight_result_clear (&result);

      add_row (rows, "synthetic_vertices", "synthetic shapefile vertices", n_large, "", NULL, TRUE);
      add_row (rows, "synthetic_load_ms", "synthetic load and prepare", large_times.total.wall, "ms", NULL, TRUE);
      set_cpu (rows, large_times.total.cpu);
      add_row (rows, "synthetic_small_vertices", "quarter-size synthetic vertices", n_small, "", NULL, TRUE);
      add_row (rows, "synthetic_small_load_ms", "quarter-size load and prepare", small_times.total.wall, "ms", NULL,
               TRUE);
      set_cpu (rows, small_times.total.cpu);
      add_row (rows, "synthetic_load_ns_per_vertex", "load per vertex, full size",
               large_times.total.wall * 1e6 / n_large, "ns", NULL, TRUE);
      set_cpu (rows, large_times.total.cpu * 1e6 / n_large);
      add_row (rows, "synthetic_small_load_ns_per_vertex", "load per vertex, quarter size",
               small_times.total.wall * 1e6 / n_small, "ns", NULL, TRUE);
      set_cpu (rows, small_times.total.cpu * 1e6 / n_small);
      /* The whole load's growth, then which phase grows faster than the
       * data. */
      {
        const struct { const char *key, *title; Clock large, small; double most; } growths[] = {
          { "synthetic_load_growth", "  full size per vertex / quarter size's", large_times.total, small_times.total, 1.2 },
          { "synthetic_read_growth", "    reading the shapefile", large_times.read, small_times.read, 0 },
          { "synthetic_prepare_growth", "    projecting it, arcs, level of detail", large_times.prepare,
            small_times.prepare, 0 },
        };

        for (guint i = 0; i < G_N_ELEMENTS (growths); i++)
          {
            double growth = (growths[i].large.wall / n_large) / (growths[i].small.wall / n_small);

            add_row (rows, growths[i].key, growths[i].title, growth, "x", growths[i].most > 0 ? "<= 1.2x" : NULL,
                     growths[i].most == 0 || growth <= growths[i].most);
            set_cpu (rows, (growths[i].large.cpu / n_large) / (growths[i].small.cpu / n_small));
          }
      }
      add_row (rows, "synthetic_redraw_p50_ms", "synthetic redraw, p50", synthetic_redraw.p50, "ms", NULL, TRUE);
      set_cpu (rows, synthetic_redraw_cpu.p50);
      add_row (rows, "synthetic_redraw_p95_ms", "synthetic redraw, p95", synthetic_redraw.p95, "ms",
               "<= 2x redraw p95", synthetic_redraw.p95 <= 2 * redraw.p95);
      set_cpu (rows, synthetic_redraw_cpu.p95);
      add_row (rows, "synthetic_vertices_per_frame_p95", "synthetic vertices per frame, p95",
               synthetic_vertices.p95, "", NULL, TRUE);
      synthetic_peak_mb = peak_rss_mb ();
      bytes_per_vertex = synthetic_peak_mb * 1024 * 1024 / n_large;
      add_row (rows, "synthetic_first_start_load_ms", "synthetic load and prepare, as on a first start",
               cached_times.total.wall, "ms", NULL, TRUE);
      set_cpu (rows, cached_times.total.cpu);
      add_row (rows, "synthetic_peak_rss_mb", "peak RSS with the synthetic data", synthetic_peak_mb, "MiB", NULL, TRUE);
      /* The peak from that load to the end of the flight, over the
       * vertices of the full-size file; what the process held before it
       * (libraries, fonts, the story, the gazetteer) is in it, and shown. */
      add_row (rows, "synthetic_bytes_per_vertex", "  that peak per synthetic vertex", bytes_per_vertex, "B",
               "<= 40 B", bytes_per_vertex <= 40);
      add_row (rows, "synthetic_resident_before_mb", "  resident with the world's basemaps, before", resident_before_mb,
               "MiB", NULL, TRUE);
      add_row (rows, "synthetic_base_rss_mb", "  resident without them, before the load", base_mb, "MiB", NULL, TRUE);
      add_row (rows, "synthetic_added_bytes_per_vertex", "  peak above that, per vertex",
               (synthetic_peak_mb - base_mb) * 1024 * 1024 / n_large, "B", NULL, TRUE);
    }

  remove_dir (tmp_dir);

  if (options.json)
    print_json (rows);
  else
    print_table (rows);

  g_free (options.output_dir);
  return 0;
}
