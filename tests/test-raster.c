/* test-raster.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <stdlib.h>

#include "sitmap-layer.h"
#include "sitmap-lod.h"
#include "sitmap-map.h"
#include "sitmap-projection.h"
#include "sitmap-shapefile.h"

/* The scanline rasterizer against cairo drawing the same paths.
 *
 * Every case draws one thing twice through the same call of the level of
 * detail: once straight into the pixels, once with SITMAP_RASTER=cairo,
 * which makes the same walk append to cairo's path and lets cairo stroke
 * or fill it.  Then it counts the pixels that differ and the largest
 * difference in any channel, and holds both to bounds that follow from
 * how the two antialias:
 *
 * - Fills.  The rasterizer computes each pixel's exact covered area; cairo
 *   (its "tor" scan converter, antialias DEFAULT) samples 15 sub-rows per
 *   pixel row, exact across.  An edge pixel's coverage is off by at most
 *   one sub-row, 1/15, so a pixel differs by at most 1/15 of the ink's
 *   contrast with what is under it, plus one level of rounding: FILL_MAX.
 *   Only pixels an edge passes through can differ, at most two per pixel
 *   of outline length.
 * - Solid strokes.  The rasterizer gives a pixel the line's width box-
 *   filtered across its centre line, min (peak, w/2 + 0.5 − distance),
 *   which is exact for a line along a pixel axis and off the true area by
 *   at most 0.043 at 45° (a corner triangle of the pixel); with cairo's
 *   sub-row sampling that makes STROKE_EDGE of contrast along a line's
 *   edges.  At joins the rasterizer overlaps the two segments where cairo
 *   rounds, and at a line's ends it draws 0.5 px past the vertex along the
 *   longer axis where cairo draws a round cap of w/2: there a pixel can
 *   have the line or not, the full peak coverage, but only within a pixel
 *   of a vertex; so the count of pixels off by more than STROKE_EDGE is
 *   bounded by a few pixels per vertex where the line turns sharply.
 * - Dashes.  The rasterizer fades a dash over a pixel along the line with
 *   butt ends; cairo cuts it exactly with the cap set on cr (butt here),
 *   so a dash end differs by up to half the coverage of one pixel.
 * - Alpha multiplies every contrast by the ink's alpha; device scale 2
 *   doubles every length in pixels (more pixels on an edge, the same
 *   bounds per pixel).
 */

/* 1/15 of full contrast plus one level of rounding. */
#define FILL_MAX 18
/* (0.043 + 1/15) of full contrast plus rounding. */
#define STROKE_EDGE 30

typedef struct
{
  guint  largest;
  gsize  differing;
  gsize  over_edge;      /* pixels off by more than STROKE_EDGE */
  gsize  ink;            /* pixels either drew into */
  gsize  vertices;       /* that the raster draw sent */
} Difference;

typedef gsize (*DrawFunc) (SitmapLod           *lod,
                          cairo_t             *cr,
                          const SitmapLodView *view,
                          gconstpointer        data);

static cairo_surface_t *
new_surface (int    width,
             int    height,
             double scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)(width * scale),
                                                         (int)(height * scale));
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, scale, scale);
  cr = cairo_create (surface);
  /* The basemap's land colour, under everything. */
  cairo_set_source_rgb (cr, 0.961, 0.949, 0.922);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static cairo_surface_t *
draw_with (DrawFunc             func,
           SitmapLod           *lod,
           const SitmapLodView *view,
           gconstpointer        data,
           int                  width,
           int                  height,
           double               scale,
           gboolean             through_cairo,
           gsize               *vertices)
{
  cairo_surface_t *surface = new_surface (width, height, scale);
  cairo_t *cr = cairo_create (surface);

  if (through_cairo)
    g_setenv ("SITMAP_RASTER", "cairo", TRUE);
  else
    g_unsetenv ("SITMAP_RASTER");
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_clip (cr);
  *vertices = func (lod, cr, view, data);
  cairo_destroy (cr);
  g_unsetenv ("SITMAP_RASTER");
  cairo_surface_flush (surface);
  return surface;
}

static Difference
compare (cairo_surface_t *a,
         cairo_surface_t *b,
         cairo_surface_t *background)
{
  Difference d = { 0 };
  int width = cairo_image_surface_get_width (a), height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  const guint8 *pg = cairo_image_surface_get_data (background);

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint worst = 0;
        gboolean inked = FALSE;

        for (int c = 0; c < 4; c++)
          {
            gsize at = (gsize)y * stride + 4 * x + c;

            worst = MAX (worst, (guint)abs ((int)pa[at] - (int)pb[at]));
            inked |= pa[at] != pg[at] || pb[at] != pg[at];
          }
        d.largest = MAX (d.largest, worst);
        d.differing += worst > 0;
        d.over_edge += worst > STROKE_EDGE;
        d.ink += inked;
      }
  return d;
}

/* Draws the case both ways and returns how they differ; the raster one
 * must have drawn something, and the switch must have switched. */
static Difference
run_case (const char          *name,
          DrawFunc             func,
          SitmapLod           *lod,
          const SitmapLodView *view,
          gconstpointer        data,
          int                  width,
          int                  height,
          double               scale)
{
  gsize vertices, cairo_vertices;
  cairo_surface_t *raster = draw_with (func, lod, view, data, width, height, scale, FALSE, &vertices);
  cairo_surface_t *reference = draw_with (func, lod, view, data, width, height, scale, TRUE, &cairo_vertices);
  cairo_surface_t *background = new_surface (width, height, scale);
  Difference d = compare (raster, reference, background);

  d.vertices = vertices;

  g_test_message ("%s: largest %u, %" G_GSIZE_FORMAT " differ, %" G_GSIZE_FORMAT " over %d, %" G_GSIZE_FORMAT
                  " inked, %" G_GSIZE_FORMAT " vertices", name, d.largest, d.differing, d.over_edge, STROKE_EDGE, d.ink,
                  d.vertices);
  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *file = g_strdup_printf ("raster-%s.png", name);
      g_autofree char *path = g_build_filename (g_getenv ("TEST_OUTDIR"), file, NULL);
      g_autofree char *cairo_file = g_strdup_printf ("raster-%s-cairo.png", name);
      g_autofree char *cairo_path = g_build_filename (g_getenv ("TEST_OUTDIR"), cairo_file, NULL);

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      cairo_surface_write_to_png (raster, path);
      cairo_surface_write_to_png (reference, cairo_path);
    }
  g_assert_cmpuint (d.ink, >, 0);
  cairo_surface_destroy (raster);
  cairo_surface_destroy (reference);
  cairo_surface_destroy (background);
  return d;
}

/* ---- What is drawn ------------------------------------------------------- */

typedef struct
{
  double red, green, blue, alpha;
  double width;
  gboolean dashed;
} Style;

static void
set_style (cairo_t     *cr,
           const Style *style)
{
  static const double dashes[] = { 2.0, 1.6 };

  cairo_set_source_rgba (cr, style->red, style->green, style->blue, style->alpha);
  cairo_set_line_width (cr, style->width);
  cairo_set_line_cap (cr, style->dashed ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (style->dashed)
    cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
}

static gsize
draw_stroke (SitmapLod           *lod,
             cairo_t             *cr,
             const SitmapLodView *view,
             gconstpointer        data)
{
  set_style (cr, data);
  return sitmap_lod_stroke_arcs (lod, cr, sitmap_lod_choose_level (lod, 0.5 / view->scale), view, SITMAP_LOD_ARCS_ALL);
}

static gsize
draw_fill (SitmapLod           *lod,
           cairo_t             *cr,
           const SitmapLodView *view,
           gconstpointer        data)
{
  set_style (cr, data);
  return sitmap_lod_fill_rings (lod, cr, sitmap_lod_choose_level (lod, 0.5 / view->scale), view);
}

/* The basemap's four passes, as the renderer asks for them: sea, the
 * coasts' halo, the land, the borders. */
static gsize
draw_polygons (SitmapLod           *lod,
               cairo_t             *cr,
               const SitmapLodView *view,
               gconstpointer        data)
{
  const gboolean *alpha = data;
  double a = alpha && *alpha ? 0.6 : 1;
  SitmapLodInk sea = { 0.776, 0.855, 0.922, 1, 0 };
  SitmapLodInk coast = { 0.620, 0.757, 0.867, a, 2.6 };
  SitmapLodInk land = { 0.961, 0.949, 0.922, a, 0 };
  SitmapLodInk border = { 0.545, 0.529, 0.502, a, 0.8 };
  SitmapLodDraw *draw;

  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  draw = sitmap_lod_draw_polygons_begin (lod, cr, sitmap_lod_choose_level (lod, 0.5 / view->scale), view, &sea,
                                         &coast, &land, &border);
  return sitmap_lod_draw_polygons_end (draw);
}

/* ---- Bounds ---------------------------------------------------------------- */

/* The land every case is drawn on. */
static const double ground[3] = { 0.961, 0.949, 0.922 };

/* The largest change an ink can make to the land, in levels: a pixel
 * that one side covers at the line's peak and the other not at all. */
static guint
contrast (double red,
          double green,
          double blue,
          double alpha,
          double peak)
{
  double ink[3] = { red, green, blue }, most = 0;

  for (int i = 0; i < 3; i++)
    most = MAX (most, fabs (ground[i] - ink[i]));
  return (guint)ceil (most * alpha * MIN (peak, 1) * 255) + 1;
}

/* Fills: FILL_MAX everywhere, and only pixels an edge passes through can
 * differ, at most two per pixel of outline. */
static void
assert_fill (const Difference *d,
             double            outline_px)
{
  g_assert_cmpuint (d->largest, <=, FILL_MAX);
  g_assert_cmpuint (d->differing, <=, (gsize)(2 * outline_px));
}

/* Solid strokes: no pixel beyond what the ink can change; more than
 * STROKE_EDGE only near a vertex (a join, a cap, or, in dense views where
 * every segment is about a pixel long, two lines in one pixel, which cairo
 * unions and the rasterizer takes the larger of), at most two per vertex;
 * and nothing where neither drew. */
static void
assert_stroke (const Difference *d,
               guint             most)
{
  g_assert_cmpuint (d->largest, <=, most);
  g_assert_cmpuint (d->over_edge, <=, 2 * d->vertices);
  g_assert_cmpuint (d->differing, <=, d->ink);
}

/* Dashes: as solid strokes, and each dash end as well, where the
 * rasterizer fades the dash over a pixel along the line and cairo cuts it
 * square (butt caps), which can be half a pixel's ink either way.  Dash
 * ends are everywhere along a dashed line, two every 3.6 px here, so the
 * count off by more than STROKE_EDGE is held to a quarter of the drawn
 * pixels rather than to the vertices.  (Before each pixel read the
 * pattern at its own place along the line, slanted lines were off at
 * every dash end: this caught it.) */
static void
assert_dashed (const Difference *d,
               guint             most)
{
  g_assert_cmpuint (d->largest, <=, most);
  g_assert_cmpuint (d->over_edge, <=, d->ink / 4);
  g_assert_cmpuint (d->differing, <=, d->ink);
}

/* The basemap's passes: the border over land, or the coasts' halo over
 * the sea beside land, whichever can change a pixel more. */
static guint
map_contrast (double scale,
              double alpha)
{
  return MAX (contrast (0.545, 0.529, 0.502, alpha, 0.8 * scale), contrast (0.620, 0.757, 0.867, alpha, 1));
}

/* ---- Shapes ---------------------------------------------------------------- */

/* A country with a hole that an enclave fills, an island in the hole's
 * corner, and a wiggly neighbour: every kind of ring the basemap has, in
 * a 200 × 160 view in pixels (one metre a pixel). */
static SitmapLod *
shapes_new (void)
{
  static const double country_xy[] = { 20, 20, 120, 20, 120, 140, 20, 140, 20, 20,
                                        50, 50, 90, 50, 90, 110, 50, 110, 50, 50 };
  static const guint country_parts[] = { 0, 5, 10 };
  static const double enclave_xy[] = { 50, 50, 50, 110, 90, 110, 90, 50, 50, 50 };
  static const guint one_part[] = { 0, 5 };
  g_autoptr(GArray) wiggle = g_array_new (FALSE, FALSE, sizeof (double));
  static guint wiggle_parts[2];
  SitmapLodSource sources[3];
  SitmapLod *lod;

  /* The neighbour shares the country's east side, then wanders. */
  {
    double start[] = { 120, 20, 120, 140 };

    g_array_append_vals (wiggle, start, 4);
    for (int i = 0; i <= 60; i++)
      {
        double t = i / 60.0, p[2] = { 120 + 60 * sin (G_PI * t) + 8 * sin (9 * G_PI * t), 140 - 120 * t };

        g_array_append_vals (wiggle, p, 2);
      }
    g_array_append_vals (wiggle, start, 2);
  }
  wiggle_parts[0] = 0;
  wiggle_parts[1] = wiggle->len / 2;
  sources[0] = (SitmapLodSource) { 2, country_parts, country_xy, NULL };
  sources[1] = (SitmapLodSource) { 1, one_part, enclave_xy, NULL };
  sources[2] = (SitmapLodSource) { 1, wiggle_parts, (const double *)(const void *)wiggle->data, NULL };
  lod = sitmap_lod_new (sources, 3, TRUE);
  return lod;
}

static const SitmapLodView shapes_view = { 1, 0.3, 160.4, -1000, -1000, 1000, 1000, 0 };

static const Style solid = { 0.545, 0.529, 0.502, 1, 0.8, FALSE };
static const Style wide = { 0.2, 0.3, 0.4, 1, 2.6, FALSE };
static const Style dashed = { 0.2, 0.3, 0.4, 1, 1.0, TRUE };
static const Style translucent = { 0.2, 0.3, 0.4, 0.5, 1.5, FALSE };
static const Style land = { 0.1, 0.5, 0.2, 1, 0, FALSE };
static const Style land_alpha = { 0.1, 0.5, 0.2, 0.5, 0, FALSE };

typedef struct
{
  const char  *name;
  DrawFunc     func;
  gconstpointer data;
  double       scale;
} Case;

static guint
style_contrast (const Style *style,
                double       scale)
{
  return contrast (style->red, style->green, style->blue, style->alpha, style->width * scale);
}

/* Every ring's length, in device pixels: more than the union's outline
 * the fill walks. */
static double
outline_length (SitmapLod           *lod,
                const SitmapLodView *view,
                double               scale)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  double length = 0;

  for (guint r = 0; r < sitmap_lod_get_n_rings (lod); r++)
    {
      guint n;
      const double *p;

      g_array_set_size (xy, 0);
      n = sitmap_lod_get_ring (lod, 0, r, xy);
      p = (const double *)(const void *)xy->data;
      for (guint i = 0; i + 1 < n; i++)
        length += hypot (p[2 * i + 2] - p[2 * i], p[2 * i + 3] - p[2 * i + 1]);
    }
  return length * view->scale * scale;
}

static void
test_shapes (void)
{
  static const gboolean with_alpha = TRUE;
  const Case cases[] = {
    { "solid", draw_stroke, &solid, 1 },
    { "solid-x2", draw_stroke, &solid, 2 },
    { "wide", draw_stroke, &wide, 1 },
    { "dashed", draw_stroke, &dashed, 1 },
    { "dashed-x2", draw_stroke, &dashed, 2 },
    { "stroke-alpha", draw_stroke, &translucent, 1 },
    { "fill-holes", draw_fill, &land, 1 },
    { "fill-holes-x2", draw_fill, &land, 2 },
    { "fill-alpha", draw_fill, &land_alpha, 1 },
    { "halo", draw_polygons, NULL, 1 },
    { "halo-x2", draw_polygons, NULL, 2 },
    { "halo-alpha", draw_polygons, &with_alpha, 1 },
  };
  g_autoptr(SitmapLod) lod = shapes_new ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Difference d = run_case (cases[i].name, cases[i].func, lod, &shapes_view, cases[i].data, 200, 160,
                               cases[i].scale);

      if (cases[i].func == draw_fill)
        assert_fill (&d, outline_length (lod, &shapes_view, cases[i].scale));
      else if (cases[i].func == draw_polygons)
        assert_stroke (&d, map_contrast (cases[i].scale, cases[i].data ? 0.6 : 1));
      else if (((const Style *)cases[i].data)->dashed)
        assert_dashed (&d, style_contrast (cases[i].data, cases[i].scale));
      else
        assert_stroke (&d, style_contrast (cases[i].data, cases[i].scale));
    }
}

/* ---- Natural Earth 1:10m ------------------------------------------------- */

typedef struct
{
  SitmapLayer *layer;
  SitmapLod   *lod;
  double       x0, y0, x1, y1;     /* the data's extent, metres */
  SitmapProjection *projection;
} Countries;

static void
countries_setup (Countries     *c,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_10m_countries.shp", NULL);

  c->projection = sitmap_projection_new_for_extent (10.0, 43.0, 46.0, 60.0, &error);
  g_assert_no_error (error);
  c->layer = sitmap_shapefile_load (path, &error);
  g_assert_no_error (error);
  sitmap_layer_project (c->layer, c->projection);
  sitmap_layer_prepare (c->layer, NULL);
  c->lod = sitmap_layer_get_lod (c->layer);
  g_assert_nonnull (c->lod);

  c->x0 = c->y0 = G_MAXDOUBLE;
  c->x1 = c->y1 = -G_MAXDOUBLE;
  for (guint r = 0; r < sitmap_lod_get_n_rings (c->lod); r++)
    {
      double b[4];

      sitmap_lod_get_ring_bounds (c->lod, r, b);
      if (b[0] > b[2])
        continue;
      c->x0 = MIN (c->x0, b[0]);
      c->y0 = MIN (c->y0, b[1]);
      c->x1 = MAX (c->x1, b[2]);
      c->y1 = MAX (c->y1, b[3]);
    }
}

static void
countries_teardown (Countries     *c,
                    gconstpointer  data)
{
  g_clear_object (&c->layer);
  g_clear_object (&c->projection);
}

/* A view of width × height pixels centred on (x, y) metres, span metres
 * across. */
static SitmapLodView
view_at (double x,
         double y,
         double span,
         int    width,
         int    height,
         double scale)
{
  SitmapLodView view;
  double margin = 8 / (width / span);

  view.scale = width / span;
  view.offset_x = width / 2.0 - x * view.scale;
  view.offset_y = height / 2.0 + y * view.scale;
  view.x_min = x - span / 2 - margin;
  view.x_max = x + span / 2 + margin;
  view.y_min = y - span * height / width / 2 - margin;
  view.y_max = y + span * height / width / 2 + margin;
  view.dot_size = 1 / (view.scale * scale);
  return view;
}

static void
lonlat_to_metres (Countries *c,
                  double     lon,
                  double     lat,
                  double    *x,
                  double    *y)
{
  double xy[2] = { lon, lat };

  sitmap_projection_forward (c->projection, xy, 1);
  *x = xy[0];
  *y = xy[1];
}

static void
test_views (Countries     *c,
            gconstpointer  data)
{
  struct
  {
    const char *name;
    double lon, lat, span;   /* span 0: the whole world */
  } places[] = {
    /* The city is Narva, where the border runs down the river. */
    { "world", 0, 0, 0 },
    { "europe", 15, 52, 4.5e6 },
    { "city", 28.19, 59.38, 3e4 },
  };

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    for (int scale = 1; scale <= 2; scale++)
      {
        double x, y, span;
        SitmapLodView view;
        Difference d;
        g_autofree char *stroke_name = g_strdup_printf ("%s-borders-x%d", places[p].name, scale);
        g_autofree char *map_name = g_strdup_printf ("%s-map-x%d", places[p].name, scale);
        g_autofree char *dash_name = g_strdup_printf ("%s-dashed-x%d", places[p].name, scale);

        if (places[p].span == 0)
          {
            x = (c->x0 + c->x1) / 2;
            y = (c->y0 + c->y1) / 2;
            span = c->x1 - c->x0;
          }
        else
          {
            lonlat_to_metres (c, places[p].lon, places[p].lat, &x, &y);
            span = places[p].span;
          }
        view = view_at (x, y, span, 480, 300, scale);
        d = run_case (stroke_name, draw_stroke, c->lod, &view, &solid, 480, 300, scale);
        assert_stroke (&d, style_contrast (&solid, scale));
        d = run_case (dash_name, draw_stroke, c->lod, &view, &dashed, 480, 300, scale);
        assert_dashed (&d, style_contrast (&dashed, scale));
        d = run_case (map_name, draw_polygons, c->lod, &view, NULL, 480, 300, scale);
        assert_stroke (&d, map_contrast (scale, 1));
      }
}

/* Bands: the basemap is drawn in bands of rows on every processor, each
 * walking only what reaches its rows.  Drawn as one frame (in bands) and
 * as strips of 40 rows (each a single band, through its own clip), the
 * pixels must be the same, up to the order the fill's area is summed in,
 * which can move a pixel by one level. */
static void
test_bands (Countries     *c,
            gconstpointer  data)
{
  double x, y;
  SitmapLodView view;
  cairo_surface_t *whole, *strips, *background;
  gsize vertices;
  Difference d;
  cairo_t *cr;

  lonlat_to_metres (c, 15, 52, &x, &y);
  view = view_at (x, y, 4.5e6, 480, 400, 1);
  whole = draw_with (draw_polygons, c->lod, &view, NULL, 480, 400, 1, FALSE, &vertices);
  strips = new_surface (480, 400, 1);
  cr = cairo_create (strips);
  for (int top = 0; top < 400; top += 40)
    {
      cairo_save (cr);
      cairo_rectangle (cr, 0, top, 480, 40);
      cairo_clip (cr);
      draw_polygons (c->lod, cr, &view, NULL);
      cairo_restore (cr);
    }
  cairo_destroy (cr);
  cairo_surface_flush (strips);
  background = new_surface (480, 400, 1);
  d = compare (whole, strips, background);
  g_test_message ("bands: largest %u, %" G_GSIZE_FORMAT " differ", d.largest, d.differing);
  g_assert_cmpuint (d.ink, >, 0);
  g_assert_cmpuint (d.largest, <=, 1);
  g_assert_cmpuint (d.differing, <=, 480 * 400 / 1000);
  cairo_surface_destroy (whole);
  cairo_surface_destroy (strips);
  cairo_surface_destroy (background);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/raster/shapes", test_shapes);
  g_test_add ("/raster/views", Countries, NULL, countries_setup, test_views, countries_teardown);
  g_test_add ("/raster/bands", Countries, NULL, countries_setup, test_bands, countries_teardown);
  return g_test_run ();
}
