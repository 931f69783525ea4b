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
 * build-aux/bench runs it; --json prints one JSON object. */

#include "config.h"

#include <math.h>
#include <shapefil.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sitmap-export.h"
#include "sitmap-map.h"
#include "sitmap-shapefile.h"

#define FRAME_WIDTH 1920
#define FRAME_HEIGHT 1080
#define EXPORT_WIDTH 3840
#define EXPORT_HEIGHT 2160
/* Each timed frame is drawn this many times and the median kept, which
 * steadies the numbers on a shared machine without hiding a slow view. */
#define FRAME_REPEATS 3
G_STATIC_ASSERT (FRAME_REPEATS == 3);  /* median3 () below */
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
  { "world",   0,     0,     0,    0 },
  { "europe",  15.0,  52.0,  2500, 12 },
  { "east",    31.0,  49.0,  2500, 8 },
  { "ukraine", 31.0,  49.0,  600,  8 },
  { "kyiv",    30.52, 50.45, 80,   12 },
  { "city",    30.52, 50.45, 12,   10 },
  { "city-pan", 30.62, 50.42, 12,  10 },
};

typedef struct
{
  SitmapViewport viewport;
  const char    *key_name;   /* set on frames that end at a key */
} Frame;

typedef struct
{
  gboolean  json;
  char     *output_dir;
  gint64    synthetic_vertices;
  gboolean  skip_synthetic;
} Options;

typedef struct
{
  double p50;
  double p95;
  double max;
} Stats;

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
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

static double
median3 (double a,
         double b,
         double c)
{
  return MAX (MIN (a, b), MIN (MAX (a, b), c));
}

static double
peak_rss_mb (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
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
  SitmapProjection *projection = sitmap_renderer_get_projection (renderer);
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  SitmapViewport previous = { 0 };
  double x0, y0, x1, y1;
  Frame frame = { 0 };

  frame.viewport.width = FRAME_WIDTH;
  frame.viewport.height = FRAME_HEIGHT;
  frame.viewport.scale_factor = 1;
  if (!sitmap_renderer_get_bounds (renderer, &x0, &y0, &x1, &y1))
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

static double
time_full_frame (SitmapRenderer       *renderer,
                 cairo_surface_t      *surface,
                 const SitmapViewport *viewport)
{
  double start = now_ms ();
  cairo_t *cr = cairo_create (surface);

  sitmap_renderer_draw (renderer, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return now_ms () - start;
}

typedef struct
{
  GArray *times;      /* double, ms */
  GArray *vertices;   /* double */
} FlightResult;

static void
flight_result_clear (FlightResult *result)
{
  g_clear_pointer (&result->times, g_array_unref);
  g_clear_pointer (&result->vertices, g_array_unref);
}

static FlightResult
fly (const Options  *options,
     SitmapRenderer *renderer,
     GArray         *frames,
     const char     *png_prefix)
{
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  FlightResult result;

  result.times = g_array_new (FALSE, FALSE, sizeof (double));
  result.vertices = g_array_new (FALSE, FALSE, sizeof (double));

  /* Warm up fonts, glyph caches and anything prepared on first use. */
  time_full_frame (renderer, surface, &g_array_index (frames, Frame, 0).viewport);

  for (guint i = 0; i < frames->len; i++)
    {
      const Frame *frame = &g_array_index (frames, Frame, i);
      double t[FRAME_REPEATS], ms, vertices;

      for (int r = 0; r < FRAME_REPEATS; r++)
        t[r] = time_full_frame (renderer, surface, &frame->viewport);
      ms = median3 (t[0], t[1], t[2]);
      vertices = sitmap_renderer_get_last_vertex_count (renderer);
      g_array_append_val (result.times, ms);
      g_array_append_val (result.vertices, vertices);
      save_png (options, surface, png_prefix, frame->key_name);
    }

  cairo_surface_destroy (surface);
  return result;
}

/* ---- The naive baseline -------------------------------------------------
 *
 * What drawing with Cairo does without any of the work this benchmark is
 * about: every ring of every country, every vertex, no culling; each
 * feature filled and then stroked with a 1 px antialiased border. */

static gsize
append_naive_shape (cairo_t              *cr,
                    const SitmapViewport *vp,
                    const SitmapShape    *shape)
{
  double inv = 1.0 / vp->resolution;
  double ox = vp->width / 2 - vp->centre_x * inv;
  double oy = vp->height / 2 + vp->centre_y * inv;
  gsize vertices = 0;

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
          vertices++;
        }
      if (pen_down)
        cairo_close_path (cr);
    }

  return vertices;
}

static double
time_naive_frame (SitmapLayer          *layer,
                  cairo_surface_t      *surface,
                  const SitmapViewport *viewport)
{
  double start = now_ms ();
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
  return now_ms () - start;
}

static double
naive_at (const Options        *options,
          SitmapLayer          *layer,
          const SitmapViewport *viewport,
          const char           *name)
{
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  double t[3];

  for (int r = 0; r < 3; r++)
    t[r] = time_naive_frame (layer, surface, viewport);
  save_png (options, surface, "naive", name);
  cairo_surface_destroy (surface);
  return median3 (t[0], t[1], t[2]);
}

/* ---- Frames from the cache ----------------------------------------------
 *
 * What the window does on each frame of a pan: the basemap as last drawn
 * is moved, and only what sits on top (scale bar, story symbols, callouts)
 * is drawn afresh.  Here the compositing is done by cairo on the CPU, which
 * costs at least what GTK's renderer does. */

static GArray *
time_cached_pan (SitmapRenderer       *renderer,
                 const SitmapViewport *start)
{
  cairo_surface_t *cache = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_t *cr = cairo_create (cache);

  sitmap_renderer_draw_basemap (renderer, cr, start);
  cairo_destroy (cr);
  cairo_surface_flush (cache);

  for (int i = 1; i <= CACHED_FRAMES; i++)
    {
      SitmapViewport viewport = *start;
      double dx = 9.0 * i, dy = 4.0 * i;
      double t0 = now_ms (), ms;

      sitmap_viewport_pan (&viewport, dx, dy);
      cr = cairo_create (surface);
      cairo_set_source_rgb (cr, 0.776, 0.855, 0.922);
      cairo_paint (cr);
      cairo_set_source_surface (cr, cache, dx, dy);
      cairo_paint (cr);
      sitmap_renderer_draw_overlay (renderer, cr, &viewport);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ms = now_ms () - t0;
      g_array_append_val (times, ms);
    }

  cairo_surface_destroy (cache);
  cairo_surface_destroy (surface);
  return times;
}

/* ---- The synthetic shapefile ----------------------------------------------
 *
 * A grid of cells over the inhabited latitudes whose shared edges wiggle
 * like real borders.  Each edge is generated once from its own seed, so the
 * two cells on either side of it carry exactly the same vertices, as
 * neighbouring countries do in Natural Earth. */

#define SYNTH_COLUMNS 160
#define SYNTH_ROWS 60
#define SYNTH_WEST -180.0
#define SYNTH_EAST 180.0
#define SYNTH_SOUTH -58.0
#define SYNTH_NORTH 78.0

static const char wgs84_wkt[] =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

/* Offsets across an edge at n + 1 evenly spaced points, zero at both ends:
 * a few sines of falling amplitude plus jitter, deterministic per edge. */
static void
edge_wiggle (guint32  seed,
             int      n,
             double   amplitude,
             double  *out)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  double phase[4], frequency[4];

  for (int k = 0; k < 4; k++)
    {
      phase[k] = g_rand_double_range (rand, 0, 2 * G_PI);
      frequency[k] = (k + 1) * 2.0 + g_rand_double_range (rand, 0, 3);
    }

  for (int i = 0; i <= n; i++)
    {
      double t = (double)i / n, v = 0;

      for (int k = 0; k < 4; k++)
        v += sin (frequency[k] * t * 2 * G_PI + phase[k]) / (k + 1);
      v += g_rand_double_range (rand, -0.15, 0.15);
      out[i] = amplitude * 0.35 * v * sin (G_PI * t);
    }
  out[0] = out[n] = 0;
}

/* Appends the edge from corner a to corner b, without its last point.
 * Horizontal edges wiggle in latitude, vertical ones in longitude; the
 * wiggle belongs to the edge, whichever way it is walked. */
static void
append_edge (GArray  *xy,
             gboolean horizontal,
             int      col,
             int      row,
             gboolean reverse,
             int      n,
             double   cell_w,
             double   cell_h)
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
        SHPObject *object;

        /* Clockwise, as shapefile outer rings are: up the west edge,
         * east along the north edge, down the east edge, back west. */
        g_array_set_size (xy, 0);
        append_edge (xy, FALSE, col, row, FALSE, n, cell_w, cell_h);
        append_edge (xy, TRUE, col, row + 1, FALSE, n, cell_w, cell_h);
        append_edge (xy, FALSE, col + 1, row, TRUE, n, cell_w, cell_h);
        append_edge (xy, TRUE, col, row, TRUE, n, cell_w, cell_h);
        {
          double first[2];

          memcpy (first, xy->data, sizeof first);
          g_array_append_vals (xy, first, 1);
        }

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

/* Loads, projects and prepares a layer as the map does for its basemap. */
static SitmapLayer *
load_prepared (const char       *path,
               SitmapProjection *projection,
               double           *ms)
{
  g_autoptr(GError) error = NULL;
  double start = now_ms ();
  SitmapLayer *layer = sitmap_shapefile_load (path, &error);

  if (layer == NULL)
    g_error ("%s", error->message);
  sitmap_layer_project (layer, projection);
  *ms = now_ms () - start;
  return layer;
}

/* ---- Report -------------------------------------------------------------- */

typedef struct
{
  const char *key;
  const char *label;
  double      value;
  const char *unit;
  const char *target;   /* NULL when there is none */
  gboolean    met;
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
  Row row = { key, label, value, unit, target, met };

  g_array_append_val (rows, row);
}

static void
print_table (GArray *rows)
{
  g_print ("%-44s %12s  %-24s %s\n", "measure", "value", "target", "");
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);
      g_autofree char *label = g_strdup_printf ("%s (%s)", row->label, row->key);
      g_autofree char *value = g_strdup_printf ("%.1f %s", row->value, row->unit);

      g_print ("%-44s %12s  %-24s %s\n", label, value, row->target ? row->target : "",
               row->target ? (row->met ? "met" : "NOT MET") : "");
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
      if (g_str_equal (row->unit, "ms") || g_str_equal (row->unit, "MB") || g_str_equal (row->unit, "×") ||
          g_str_equal (row->unit, "µs"))
        json_builder_add_double_value (builder, round (row->value * 100) / 100);
      else
        json_builder_add_int_value (builder, (gint64)llround (row->value));
    }
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
  g_print ("%s\n", text);
}

static void
progress (const Options *options,
          const char    *what)
{
  if (!options->json)
    g_printerr ("bench: %s…\n", what);
}

int
main (int   argc,
      char *argv[])
{
  Options options = { FALSE, NULL, DEFAULT_SYNTHETIC_VERTICES, FALSE };
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json, "Print one JSON object instead of a table", NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options.output_dir, "Write the frames at each key view as PNGs into DIR", "DIR" },
    { "synthetic-vertices", 0, 0, G_OPTION_ARG_INT64, &options.synthetic_vertices, "Size of the synthetic shapefile (default 10 000 000)", "N" },
    { "no-synthetic", 0, 0, G_OPTION_ARG_NONE, &options.skip_synthetic, "Skip the synthetic shapefile", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— time Sitmap's map drawing");
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapMap) map = NULL;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) cached = NULL;
  g_autofree char *tmp_dir = NULL;
  SitmapRenderer *renderer;
  SitmapLayer *countries = NULL;
  SitmapViewport home = { 0 };
  FlightResult result;
  Stats redraw, vertices, cached_stats;
  double t0, load_ms, story_ms, first_frame_ms, export_ms, naive_ms, naive_europe_ms, naive_city_ms;
  double rss_mb;
  gsize basemap_vertices = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("sitmap-bench: %s\n", error->message);
      return 2;
    }

  tmp_dir = g_dir_make_tmp ("sitmap-bench-XXXXXX", &error);
  if (tmp_dir == NULL)
    g_error ("%s", error->message);

  /* Start-up: what the window does before it can show the map. */
  progress (&options, "loading the 1:10m basemap and the story");
  t0 = now_ms ();
  map = sitmap_map_new ();
  if (!sitmap_map_load_builtin_basemaps (map, &error))
    g_error ("%s", error->message);
  load_ms = now_ms () - t0;
  if (!sitmap_map_load_builtin_story (map, &error))
    g_error ("%s", error->message);
  story_ms = now_ms () - t0 - load_ms;

  renderer = sitmap_map_get_renderer (map);
  home.width = FRAME_WIDTH;
  home.height = FRAME_HEIGHT;
  home.scale_factor = 1;
  sitmap_map_fit_home (map, &home);
  {
    cairo_surface_t *surface = new_frame_surface (FRAME_WIDTH, FRAME_HEIGHT);

    time_full_frame (renderer, surface, &home);
    first_frame_ms = now_ms () - t0;
    save_png (&options, surface, "lod", "home");
    cairo_surface_destroy (surface);
  }

  for (guint i = 0; i < sitmap_renderer_get_n_layers (renderer); i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_renderer_get_layer (renderer, i, &role);

      basemap_vertices += sitmap_layer_get_n_points (layer);
      if (role == SITMAP_LAYER_ROLE_COUNTRIES && countries == NULL)
        countries = layer;
    }

  frames = build_flight (renderer);

  progress (&options, "redrawing along the flight");
  result = fly (&options, renderer, frames, "lod");
  redraw = stats_of (result.times);
  vertices = stats_of (result.vertices);
  flight_result_clear (&result);

  progress (&options, "panning from the cache");
  cached = time_cached_pan (renderer, &home);
  cached_stats = stats_of (cached);

  progress (&options, "exporting at 4K");
  {
    SitmapViewport viewport = { 0 };
    g_autofree char *path = g_build_filename (tmp_dir, "export-4k.png", NULL);
    double t[3];

    viewport.width = EXPORT_WIDTH;
    viewport.height = EXPORT_HEIGHT;
    viewport.scale_factor = 1;
    sitmap_map_fit_home (map, &viewport);
    for (int r = 0; r < 3; r++)
      {
        double start = now_ms ();

        if (!sitmap_export_to_file (renderer, &viewport, path, &error))
          g_error ("%s", error->message);
        t[r] = now_ms () - start;
      }
    export_ms = median3 (t[0], t[1], t[2]);
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
  naive_ms = naive_at (&options, countries, &g_array_index (frames, Frame, 0).viewport, "world");
  naive_europe_ms = naive_at (&options, countries, &g_array_index (frames, Frame, flight[1].frames).viewport, "europe");
  naive_city_ms = naive_at (&options, countries, &g_array_index (frames, Frame, frames->len - 1).viewport, "city");

  rss_mb = peak_rss_mb ();

  add_row (rows, "load_ms", "load and prepare 1:10m", load_ms, "ms", "< 400 ms", load_ms < 400);
  add_row (rows, "story_load_ms", "load the story", story_ms, "ms", NULL, TRUE);
  add_row (rows, "first_frame_ms", "first frame from start", first_frame_ms, "ms", NULL, TRUE);
  add_row (rows, "redraw_p50_ms", "redraw 1920×1080, p50", redraw.p50, "ms", NULL, TRUE);
  add_row (rows, "redraw_p95_ms", "redraw 1920×1080, p95", redraw.p95, "ms", "< 16 ms", redraw.p95 < 16);
  add_row (rows, "redraw_max_ms", "redraw 1920×1080, max", redraw.max, "ms", NULL, TRUE);
  add_row (rows, "cached_frame_p50_ms", "frame from cache, p50", cached_stats.p50, "ms", NULL, TRUE);
  add_row (rows, "cached_frame_p95_ms", "frame from cache, p95", cached_stats.p95, "ms", "< 4 ms", cached_stats.p95 < 4);
  add_row (rows, "export_4k_ms", "story at 3840×2160 to PNG", export_ms, "ms", "< 250 ms", export_ms < 250);
  add_row (rows, "naive_1080_ms", "naive draw, world, 1920×1080", naive_ms, "ms", NULL, TRUE);
  add_row (rows, "naive_europe_ms", "naive draw, Europe", naive_europe_ms, "ms", NULL, TRUE);
  add_row (rows, "naive_city_ms", "naive draw, city", naive_city_ms, "ms", NULL, TRUE);
  add_row (rows, "naive_over_redraw_p95", "naive ÷ redraw p95", naive_ms / MAX (redraw.p95, 1e-3), "×",
           "≥ 30×", naive_ms / MAX (redraw.p95, 1e-3) >= 30);
  add_row (rows, "vertices_per_frame_p50", "vertices per frame, p50", vertices.p50, "", NULL, TRUE);
  add_row (rows, "vertices_per_frame_p95", "vertices per frame, p95", vertices.p95, "", NULL, TRUE);
  add_row (rows, "basemap_vertices", "basemap vertices loaded", basemap_vertices, "", NULL, TRUE);
  add_row (rows, "frames", "frames in the flight", frames->len, "", NULL, TRUE);
  add_row (rows, "peak_rss_mb", "peak RSS after all of the above", rss_mb, "MB", "< 150 MB", rss_mb < 150);

  if (!options.skip_synthetic)
    {
      gint64 n_small = 0, n_large = 0;
      g_autofree char *small_path = NULL;
      g_autofree char *large_path = NULL;
      g_autoptr(SitmapLayer) small = NULL;
      g_autoptr(SitmapLayer) large = NULL;
      g_autoptr(SitmapRenderer) synthetic = NULL;
      double small_ms, large_ms;
      Stats synthetic_redraw, synthetic_vertices_stats;

      progress (&options, "writing the synthetic shapefiles");
      small_path = write_synthetic (tmp_dir, "synthetic-small", options.synthetic_vertices / 4, &n_small);
      large_path = write_synthetic (tmp_dir, "synthetic", options.synthetic_vertices, &n_large);

      progress (&options, "loading them");
      small = load_prepared (small_path, sitmap_renderer_get_projection (renderer), &small_ms);
      g_clear_object (&small);
      large = load_prepared (large_path, sitmap_renderer_get_projection (renderer), &large_ms);

      progress (&options, "redrawing the synthetic data along the flight");
      synthetic = sitmap_renderer_new (sitmap_renderer_get_projection (renderer));
      sitmap_renderer_add_layer (synthetic, large, SITMAP_LAYER_ROLE_COUNTRIES);
      sitmap_renderer_set_story (synthetic, sitmap_map_get_story (map));
      result = fly (&options, synthetic, frames, "synthetic");
      synthetic_redraw = stats_of (result.times);
      synthetic_vertices_stats = stats_of (result.vertices);
      flight_result_clear (&result);

      add_row (rows, "synthetic_vertices", "synthetic shapefile vertices", n_large, "", NULL, TRUE);
      add_row (rows, "synthetic_load_ms", "synthetic load and prepare", large_ms, "ms", NULL, TRUE);
      add_row (rows, "synthetic_small_vertices", "quarter-size synthetic vertices", n_small, "", NULL, TRUE);
      add_row (rows, "synthetic_small_load_ms", "quarter-size load and prepare", small_ms, "ms", NULL, TRUE);
      add_row (rows, "synthetic_load_ns_per_vertex", "load per vertex, full size", large_ms * 1e6 / n_large, "",
               NULL, TRUE);
      add_row (rows, "synthetic_small_load_ns_per_vertex", "load per vertex, quarter size",
               small_ms * 1e6 / n_small, "", NULL, TRUE);
      add_row (rows, "synthetic_redraw_p50_ms", "synthetic redraw, p50", synthetic_redraw.p50, "ms", NULL, TRUE);
      add_row (rows, "synthetic_redraw_p95_ms", "synthetic redraw, p95", synthetic_redraw.p95, "ms",
               "≤ 2 × redraw p95", synthetic_redraw.p95 <= 2 * redraw.p95);
      add_row (rows, "synthetic_vertices_per_frame_p95", "synthetic vertices per frame, p95",
               synthetic_vertices_stats.p95, "", NULL, TRUE);
      add_row (rows, "synthetic_peak_rss_mb", "peak RSS with the synthetic data", peak_rss_mb (), "MB", NULL, TRUE);
    }

  remove_dir (tmp_dir);

  if (options.json)
    print_json (rows);
  else
    print_table (rows);

  g_free (options.output_dir);
  return 0;
}
