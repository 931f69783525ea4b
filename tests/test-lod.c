/* test-lod.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sitmap-layer.h"
#include "sitmap-lod.h"
#include "sitmap-map.h"
#include "sitmap-shapefile.h"

/* ---- Small hand-made cases ------------------------------------------------ */

typedef struct
{
  GArray *xy;          /* double */
  GArray *part_start;  /* guint */
} Feature;

static void
feature_init (Feature *f)
{
  guint zero = 0;

  f->xy = g_array_new (FALSE, FALSE, sizeof (double));
  f->part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (f->part_start, zero);
}

static void
feature_clear (Feature *f)
{
  g_array_unref (f->xy);
  g_array_unref (f->part_start);
}

static void
feature_add (Feature *f,
             double   x,
             double   y)
{
  double pair[2] = { x, y };

  g_array_append_vals (f->xy, pair, 2);
}

static void
feature_end_part (Feature *f)
{
  guint n = f->xy->len / 2;

  g_array_append_val (f->part_start, n);
}

static SitmapLodSource
feature_source (const Feature *f)
{
  SitmapLodSource source = { f->part_start->len - 1, (const guint *)(const void *)f->part_start->data,
                             (const double *)(const void *)f->xy->data, NULL };

  return source;
}

/* Squares a kilometre across: the ladder starts at a metre. */
#define S 1000.0

/* A wiggly line from (S, 0) up to (S, S), shared by the two squares. */
static void
add_shared_border (Feature  *f,
                   gboolean  upwards)
{
  const int n = 200;

  for (int k = 0; k <= n; k++)
    {
      int i = upwards ? k : n - k;
      double t = (double)i / n;

      feature_add (f, S + 0.05 * S * sin (t * 40) * sin (G_PI * t), t * S);
    }
}

/* Two squares a kilometre across side by side, each a ring of its own
 * sharing the wiggly border: the left one clockwise from the origin, ending
 * with the border going down, the right one walking it up.  nan_corner
 * puts an unprojectable vertex before the left ring closes. */
static void
two_squares_init (Feature  *left,
                  Feature  *right,
                  gboolean  nan_corner)
{
  feature_init (left);
  feature_add (left, 0, 0);
  feature_add (left, 0, S);
  add_shared_border (left, FALSE);
  if (nan_corner)
    feature_add (left, NAN, NAN);
  feature_add (left, 0, 0);
  feature_end_part (left);

  feature_init (right);
  add_shared_border (right, TRUE);
  feature_add (right, 2 * S, S);
  feature_add (right, 2 * S, 0);
  feature_add (right, S, 0);
  feature_end_part (right);
}

/* A level of detail built on points shared with its caller (vertices
 * elsewhere in the block before, between and after the features, and a
 * NaN among them) is the one built on a copy: the same arcs, levels and
 * rings, vertex for vertex. */
static void
test_shared_points (void)
{
  Feature left, right;
  SitmapLodSource sources[2];
  g_autoptr(SitmapLod) copied = NULL;
  g_autoptr(SitmapLod) shared = NULL;
  g_autoptr(GArray) block = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  const double unused[] = { 5 * S, 5 * S, 0, 0, -S, 2 * S };
  gsize left_at, right_at;

  two_squares_init (&left, &right, TRUE);
  sources[0] = feature_source (&left);
  sources[1] = feature_source (&right);
  copied = sitmap_lod_new (sources, 2, TRUE);

  g_array_append_vals (block, unused, 4);
  left_at = block->len;
  g_array_append_vals (block, left.xy->data, left.xy->len);
  g_array_append_vals (block, unused + 4, 2);
  right_at = block->len;
  g_array_append_vals (block, right.xy->data, right.xy->len);
  g_array_append_vals (block, unused, 2);
  sources[0].xy = &g_array_index (block, double, left_at);
  sources[1].xy = &g_array_index (block, double, right_at);
  shared = sitmap_lod_new_sharing ((const double *)(const void *)block->data, block->len / 2, sources, 2, TRUE);

  g_assert_cmpuint (sitmap_lod_get_n_arcs (shared), ==, sitmap_lod_get_n_arcs (copied));
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (shared), ==, sitmap_lod_get_n_shared_arcs (copied));
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (shared), ==, 1);
  g_assert_cmpuint (sitmap_lod_get_n_levels (shared), ==, sitmap_lod_get_n_levels (copied));
  for (guint level = 0; level < sitmap_lod_get_n_levels (shared); level++)
    for (guint r = 0; r < sitmap_lod_get_n_rings (shared); r++)
      {
        g_array_set_size (a, 0);
        g_array_set_size (b, 0);
        g_assert_cmpuint (sitmap_lod_get_ring (shared, level, r, a), ==, sitmap_lod_get_ring (copied, level, r, b));
        g_assert_cmpuint (a->len, ==, b->len);
        g_assert_true (memcmp (a->data, b->data, a->len * sizeof (double)) == 0);
      }

  feature_clear (&left);
  feature_clear (&right);
}

static void
test_two_squares (void)
{
  Feature left, right;
  SitmapLodSource sources[2];
  g_autoptr(SitmapLod) lod = NULL;
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));

  two_squares_init (&left, &right, FALSE);
  sources[0] = feature_source (&left);
  sources[1] = feature_source (&right);
  lod = sitmap_lod_new (sources, 2, TRUE);

  /* The border, and the rest of each square's outline. */
  g_assert_cmpuint (sitmap_lod_get_n_arcs (lod), ==, 3);
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (lod), ==, 1);
  g_assert_cmpuint (sitmap_lod_get_n_rings (lod), ==, 2);
  g_assert_cmpuint (sitmap_lod_get_n_levels (lod), >, 2);

  for (guint level = 0; level < sitmap_lod_get_n_levels (lod); level++)
    {
      guint na, nb, shared = 0;

      g_array_set_size (a, 0);
      g_array_set_size (b, 0);
      na = sitmap_lod_get_ring (lod, level, 0, a);
      nb = sitmap_lod_get_ring (lod, level, 1, b);
      g_assert_cmpuint (na, >=, 3);
      g_assert_cmpuint (nb, >=, 3);

      /* Every vertex the left square has along the border the right one
       * has too, bit for bit. */
      for (guint i = 0; i < na; i++)
        {
          const double *p = &g_array_index (a, double, 2 * i);
          gboolean found = FALSE;

          if (fabs (p[0] - S) > 0.06 * S)
            continue;
          for (guint j = 0; j < nb && !found; j++)
            found = memcmp (p, &g_array_index (b, double, 2 * j), 2 * sizeof (double)) == 0;
          g_assert_true (found);
          shared++;
        }
      g_assert_cmpuint (shared, >=, 2);
    }

  /* The finest level is the data; the coarsest keeps only the ends of
   * the border. */
  g_array_set_size (a, 0);
  g_assert_cmpuint (sitmap_lod_get_ring (lod, 0, 0, a), ==, 204);
  g_array_set_size (a, 0);
  g_assert_cmpuint (sitmap_lod_get_ring (lod, sitmap_lod_get_n_levels (lod) - 1, 0, a), ==, 3);

  feature_clear (&left);
  feature_clear (&right);
}

static void
test_enclave (void)
{
  Feature outer, inner;
  SitmapLodSource sources[2];
  g_autoptr(SitmapLod) lod = NULL;

  feature_init (&outer);
  feature_add (&outer, 0, 0);
  feature_add (&outer, 0, 10);
  feature_add (&outer, 10, 10);
  feature_add (&outer, 10, 0);
  feature_add (&outer, 0, 0);
  feature_end_part (&outer);
  /* The hole, walked the other way, starting elsewhere. */
  feature_add (&outer, 6, 4);
  feature_add (&outer, 4, 4);
  feature_add (&outer, 4, 6);
  feature_add (&outer, 6, 6);
  feature_add (&outer, 6, 4);
  feature_end_part (&outer);

  feature_init (&inner);
  feature_add (&inner, 4, 4);
  feature_add (&inner, 6, 4);
  feature_add (&inner, 6, 6);
  feature_add (&inner, 4, 6);
  feature_add (&inner, 4, 4);
  feature_end_part (&inner);

  sources[0] = feature_source (&outer);
  sources[1] = feature_source (&inner);
  lod = sitmap_lod_new (sources, 2, TRUE);

  g_assert_cmpuint (sitmap_lod_get_n_arcs (lod), ==, 2);
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (lod), ==, 1);
  g_assert_cmpuint (sitmap_lod_get_feature_n_rings (lod, 0), ==, 2);
  g_assert_cmpuint (sitmap_lod_get_feature_first_ring (lod, 1), ==, 2);

  /* Hit-testing counts the hole. */
  g_assert_cmpint (sitmap_lod_feature_at (lod, 1, 1), ==, 0);
  g_assert_cmpint (sitmap_lod_feature_at (lod, 5, 5), ==, 1);
  g_assert_cmpint (sitmap_lod_feature_at (lod, 11, 5), ==, -1);

  feature_clear (&outer);
  feature_clear (&inner);
}

/* Edges along the projection's seam are filled but never stroked. */
static void
test_seam_not_stroked (void)
{
  static const double xy[] = { 0, 0, 0, 10, 10, 10, 10, 0, 0, 0 };
  static const guint part_start[] = { 0, 5 };
  static const guint8 seam[] = { 1, 0, 0, 0, 0 };
  SitmapLodSource source = { 1, part_start, xy, seam };
  SitmapLodView view = { 1, 0, 100, -1000, -1000, 1000, 1000 };
  g_autoptr(SitmapLod) lod = sitmap_lod_new (&source, 1, TRUE);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 16, 16);
  cairo_t *cr = cairo_create (surface);
  cairo_path_t *path;
  double last_x = 0;
  int lines = 0;

  g_assert_cmpuint (sitmap_lod_get_n_arcs (lod), ==, 2);

  sitmap_lod_append_arcs (lod, cr, 0, &view, SITMAP_LOD_ARCS_ALL);
  path = cairo_copy_path (cr);
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      cairo_path_data_t *data = &path->data[i];

      if (data->header.type == CAIRO_PATH_LINE_TO)
        {
          /* The seam edge is x = 0 from y = 0 to 10, so py 100 to 90. */
          g_assert_false (last_x == 0 && data[1].point.x == 0);
          lines++;
        }
      if (data->header.type == CAIRO_PATH_MOVE_TO || data->header.type == CAIRO_PATH_LINE_TO)
        last_x = data[1].point.x;
    }
  g_assert_cmpint (lines, ==, 3);
  cairo_path_destroy (path);

  cairo_new_path (cr);
  g_assert_cmpuint (sitmap_lod_append_rings (lod, cr, 0, &view), ==, 5);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* ---- Drawing straight into image surfaces ---------------------------------- */

#define LAND 0xfff5f2eb
#define SEA  0xffc6dbeb

static cairo_surface_t *
sea_surface (int size)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, size, size);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0xc6 / 255.0, 0xdb / 255.0, 0xeb / 255.0);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

static guint32
pixel (cairo_surface_t *surface,
       int              x,
       int              y)
{
  cairo_surface_flush (surface);
  return *(guint32 *)(void *)(cairo_image_surface_get_data (surface) +
                              y * cairo_image_surface_get_stride (surface) + 4 * x);
}

/* Two squares meeting along a line that falls inside a column of pixels:
 * drawn at once, every pixel of that column is land, with no trace of the
 * sea between them.  The fill walks the outline of their union, so the
 * side they share costs nothing: 7 vertices rather than 10. */
static void
test_fill_leaves_no_seam (void)
{
  static const double left_xy[] = { 2, 2, 2, 30, 13.37, 30, 13.37, 2, 2, 2 };
  static const double right_xy[] = { 13.37, 2, 13.37, 30, 29, 30, 29, 2, 13.37, 2 };
  static const guint part_start[] = { 0, 5 };
  SitmapLodSource sources[2] = { { 1, part_start, left_xy, NULL }, { 1, part_start, right_xy, NULL } };
  SitmapLodView view = { 1, 0, 32, -100, -100, 100, 100, 0 };
  g_autoptr(SitmapLod) lod = sitmap_lod_new (sources, 2, TRUE);
  cairo_surface_t *surface = sea_surface (32);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 0, 0, 32, 32);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0xf5 / 255.0, 0xf2 / 255.0, 0xeb / 255.0);
  g_assert_cmpuint (sitmap_lod_fill_rings (lod, cr, 0, &view), ==, 7);
  cairo_destroy (cr);

  for (int y = 3; y < 29; y++)
    for (int x = 3; x < 28; x++)
      g_assert_cmphex (pixel (surface, x, y), ==, LAND);
  g_assert_cmphex (pixel (surface, 1, 10), ==, SEA);
  g_assert_cmphex (pixel (surface, 30, 10), ==, SEA);
  cairo_surface_destroy (surface);
}

/* A country with an enclave, and a neighbour wholly off the view's left
 * edge: filling the union's outline must still fill the enclave and all of
 * the country in view, though the border with the neighbour and the
 * enclave's border are never walked. */
static void
test_fill_union_with_enclave (void)
{
  /* Outer ring, then the hole the enclave fills. */
  static const double country_xy[] = { 0, 4, 40, 4, 40, 28, 0, 28, 0, 4,
                                       10, 10, 20, 10, 20, 20, 10, 20, 10, 10 };
  static const guint country_parts[] = { 0, 5, 10 };
  static const double enclave_xy[] = { 10, 10, 10, 20, 20, 20, 20, 10, 10, 10 };
  static const double neighbour_xy[] = { -40, 4, 0, 4, 0, 28, -40, 28, -40, 4 };
  static const guint one_part[] = { 0, 5 };
  SitmapLodSource sources[3] = { { 2, country_parts, country_xy, NULL },
                                 { 1, one_part, enclave_xy, NULL },
                                 { 1, one_part, neighbour_xy, NULL } };
  SitmapLodView view = { 1, 0, 32, 1, 0, 31, 32, 0 };
  g_autoptr(SitmapLod) lod = sitmap_lod_new (sources, 3, TRUE);
  cairo_surface_t *surface = sea_surface (32);
  cairo_t *cr = cairo_create (surface);

  cairo_rectangle (cr, 0, 0, 32, 32);
  cairo_clip (cr);
  cairo_set_source_rgb (cr, 0xf5 / 255.0, 0xf2 / 255.0, 0xeb / 255.0);
  sitmap_lod_fill_rings (lod, cr, 0, &view);
  cairo_destroy (cr);

  /* Map y runs up, pixels down: y 4–28 are rows 4–28. */
  for (int y = 5; y < 28; y++)
    for (int x = 0; x < 32; x++)
      g_assert_cmphex (pixel (surface, x, y), ==, LAND);
  g_assert_cmphex (pixel (surface, 10, 2), ==, SEA);
  g_assert_cmphex (pixel (surface, 10, 30), ==, SEA);
  cairo_surface_destroy (surface);
}

static double
ink (cairo_surface_t *surface,
     int              channel)
{
  double sum = 0;

  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      sum += 255 - ((pixel (surface, x, y) >> (8 * channel)) & 0xff);
  return sum;
}

/* The same ring drawn straight into the pixels and through cairo (into a
 * recording surface, which takes the cairo path) agree: the fill to within
 * antialiasing, the stroke in how much ink it lays down. */
static void
test_raster_matches_cairo (void)
{
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
  guint part_start[2] = { 0, 0 };
  SitmapLodSource source;
  SitmapLodView view = { 1, 0, 200, -1000, -1000, 1000, 1000, 0 };
  g_autoptr(SitmapLod) lod = NULL;
  cairo_surface_t *direct, *through;

  for (int i = 0; i <= 90; i++)
    {
      double a = 2 * G_PI * (i % 90) / 90, r = 60 + 25 * sin (5 * a) + 8 * cos (13 * a);
      double pair[2] = { 100 + r * cos (a), 100 + r * sin (a) };

      g_array_append_vals (xy, pair, 2);
    }
  part_start[1] = xy->len / 2;
  source = (SitmapLodSource) { 1, part_start, (const double *)(const void *)xy->data, NULL };
  lod = sitmap_lod_new (&source, 1, TRUE);

  for (int pass = 0; pass < 2; pass++)
    {
      double max_difference = 0, ink_direct, ink_cairo;
      cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cairo_t *cr;

      direct = sea_surface (200);
      through = sea_surface (200);
      for (int target = 0; target < 2; target++)
        {
          cr = cairo_create (target == 0 ? direct : recording);
          cairo_rectangle (cr, 0, 0, 200, 200);
          cairo_clip (cr);
          cairo_set_source_rgb (cr, 0.2, 0.3, 0.4);
          cairo_set_line_width (cr, 1.5);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          if (pass == 0)
            sitmap_lod_fill_rings (lod, cr, 0, &view);
          else
            sitmap_lod_stroke_arcs (lod, cr, 0, &view, SITMAP_LOD_ARCS_ALL);
          cairo_destroy (cr);
        }
      cr = cairo_create (through);
      cairo_set_source_surface (cr, recording, 0, 0);
      cairo_paint (cr);
      cairo_destroy (cr);
      cairo_surface_destroy (recording);

      for (int y = 0; y < 200; y++)
        for (int x = 0; x < 200; x++)
          for (int c = 0; c < 3; c++)
            max_difference = MAX (max_difference, abs ((int)((pixel (direct, x, y) >> (8 * c)) & 0xff) -
                                                       (int)((pixel (through, x, y) >> (8 * c)) & 0xff)));
      ink_direct = ink (direct, 0);
      ink_cairo = ink (through, 0);
      g_assert_cmpfloat (ink_direct, >, 0);
      g_assert_cmpfloat (fabs (ink_direct - ink_cairo) / ink_cairo, <, pass == 0 ? 0.01 : 0.08);
      if (pass == 0)
        g_assert_cmpfloat (max_difference, <=, 48);

      cairo_surface_destroy (direct);
      cairo_surface_destroy (through);
    }
}

/* ---- Natural Earth 1:10m --------------------------------------------------- */

typedef struct
{
  double ax, ay, bx, by;
  guint  feature;
} Edge;

static int
compare_edges (gconstpointer pa,
               gconstpointer pb)
{
  const Edge *a = pa, *b = pb;

  if (a->ax != b->ax)
    return a->ax < b->ax ? -1 : 1;
  if (a->ay != b->ay)
    return a->ay < b->ay ? -1 : 1;
  if (a->bx != b->bx)
    return a->bx < b->bx ? -1 : 1;
  if (a->by != b->by)
    return a->by < b->by ? -1 : 1;
  return a->feature < b->feature ? -1 : a->feature > b->feature;
}

static Edge
make_edge (const double *p,
           const double *q,
           guint         feature)
{
  Edge e;

  if (p[0] < q[0] || (p[0] == q[0] && p[1] <= q[1]))
    e = (Edge) { p[0], p[1], q[0], q[1], feature };
  else
    e = (Edge) { q[0], q[1], p[0], p[1], feature };
  return e;
}

/* Every edge of every ring at level, sorted. */
static GArray *
collect_edges (SitmapLod *lod,
               guint      n_features,
               guint      level)
{
  GArray *edges = g_array_new (FALSE, FALSE, sizeof (Edge));
  g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint f = 0; f < n_features; f++)
    for (guint r = 0; r < sitmap_lod_get_feature_n_rings (lod, f); r++)
      {
        guint n;

        g_array_set_size (xy, 0);
        n = sitmap_lod_get_ring (lod, level, sitmap_lod_get_feature_first_ring (lod, f) + r, xy);
        for (guint i = 0; i + 1 < n; i++)
          {
            Edge e = make_edge (&g_array_index (xy, double, 2 * i), &g_array_index (xy, double, 2 * i + 2), f);

            if (!isnan (e.ax) && !isnan (e.bx))
              g_array_append_val (edges, e);
          }
      }

  g_array_sort (edges, compare_edges);
  return edges;
}

/* The other feature that has this edge at full detail, G_MAXUINT when
 * none does, G_MAXUINT − 1 when several do. */
static guint
edge_neighbour (GArray     *edges,
                const Edge *edge)
{
  Edge key = *edge;
  guint lo = 0, hi = edges->len, found = G_MAXUINT;

  key.feature = 0;
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (compare_edges (&g_array_index (edges, Edge, mid), &key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  for (guint i = lo; i < edges->len; i++)
    {
      const Edge *e = &g_array_index (edges, Edge, i);

      if (e->ax != key.ax || e->ay != key.ay || e->bx != key.bx || e->by != key.by)
        break;
      if (e->feature == edge->feature)
        continue;
      found = found == G_MAXUINT || found == e->feature ? e->feature : G_MAXUINT - 1;
    }

  return found;
}

static gboolean
has_edge (GArray     *edges,
          const Edge *edge)
{
  return g_array_binary_search (edges, edge, compare_edges, NULL);
}

static double
segment_distance (const double *p,
                  const double *a,
                  const double *b)
{
  double dx = b[0] - a[0], dy = b[1] - a[1];
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2, 0, 1) : 0;

  return hypot (a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

typedef struct
{
  SitmapLayer *layer;
  SitmapLod   *lod;
  guint        n_features;
} Countries;

static void
countries_setup (Countries     *c,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_10m_countries.shp", NULL);
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (10.0, 43.0, 46.0, 60.0, &error);

  g_assert_no_error (error);
  c->layer = sitmap_shapefile_load (path, &error);
  g_assert_no_error (error);
  sitmap_layer_project (c->layer, projection);
  sitmap_layer_prepare (c->layer, NULL);
  c->lod = sitmap_layer_get_lod (c->layer);
  c->n_features = sitmap_layer_get_n_features (c->layer);
  g_assert_nonnull (c->lod);
}

static void
countries_teardown (Countries     *c,
                    gconstpointer  data)
{
  g_clear_object (&c->layer);
}

/* At every level, wherever two countries share a stretch of border at
 * full detail, the edge that replaces that stretch is in both countries'
 * rings, so nothing can open between them; and no vertex left out is
 * farther from its replacement than the level's tolerance. */
static void
test_borders_at_every_level (Countries     *c,
                             gconstpointer  data)
{
  g_autoptr(GArray) full = collect_edges (c->lod, c->n_features, 0);
  g_autoptr(GArray) ring0 = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  gsize shared_full = 0;

  for (guint i = 0; i < full->len; i++)
    if (edge_neighbour (full, &g_array_index (full, Edge, i)) < G_MAXUINT - 1)
      shared_full++;
  /* Natural Earth's countries are topologically clean: most land
   * borders are shared vertex for vertex. */
  g_assert_cmpuint (shared_full, >, 10000);
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (c->lod), >, 200);

  for (guint level = 1; level < sitmap_lod_get_n_levels (c->lod); level++)
    {
      g_autoptr(GArray) edges = collect_edges (c->lod, c->n_features, level);
      double tolerance = sitmap_lod_get_level_tolerance (c->lod, level);
      gsize checked = 0;

      g_assert_cmpuint (sitmap_lod_get_level_n_vertices (c->lod, level), <,
                        sitmap_lod_get_level_n_vertices (c->lod, level - 1));

      for (guint f = 0; f < c->n_features; f++)
        for (guint r = 0; r < sitmap_lod_get_feature_n_rings (c->lod, f); r++)
          {
            guint id = sitmap_lod_get_feature_first_ring (c->lod, f) + r;
            guint n0, n, k = 0;

            g_array_set_size (ring0, 0);
            g_array_set_size (ring, 0);
            n0 = sitmap_lod_get_ring (c->lod, 0, id, ring0);
            n = sitmap_lod_get_ring (c->lod, level, id, ring);
            g_assert_cmpuint (n, <=, n0);

            for (guint i = 0; i + 1 < n; i++)
              {
                const double *u = &g_array_index (ring, double, 2 * i);
                const double *v = &g_array_index (ring, double, 2 * i + 2);
                guint p, q, neighbour = G_MAXUINT;
                gboolean all_shared = TRUE;
                Edge e;

                /* Find u and v in the full ring: the level's ring is a
                 * subsequence of it. */
                while (k < n0 && memcmp (&g_array_index (ring0, double, 2 * k), u, 2 * sizeof (double)) != 0)
                  k++;
                g_assert_cmpuint (k, <, n0);
                p = k;
                for (q = p + 1; q < n0 && memcmp (&g_array_index (ring0, double, 2 * q), v, 2 * sizeof (double)) != 0; q++)
                  ;
                g_assert_cmpuint (q, <, n0);
                k = q;

                if (isnan (u[0]) || isnan (v[0]))
                  continue;

                for (guint j = p; j < q; j++)
                  {
                    const double *a = &g_array_index (ring0, double, 2 * j);
                    const double *b = &g_array_index (ring0, double, 2 * j + 2);
                    Edge original = make_edge (a, b, f);
                    guint other = edge_neighbour (full, &original);

                    if (j > p)
                      g_assert_cmpfloat (segment_distance (a, u, v), <=, tolerance * 1.0001 + 1e-6);
                    if (other >= G_MAXUINT - 1 || (neighbour != G_MAXUINT && other != neighbour))
                      all_shared = FALSE;
                    neighbour = other;
                  }

                if (!all_shared || neighbour >= G_MAXUINT - 1)
                  continue;
                e = make_edge (u, v, neighbour);
                g_assert_true (has_edge (edges, &e));
                checked++;
              }
          }

      g_assert_cmpuint (checked, >, 100);
    }
}

static void
test_levels (Countries     *c,
             gconstpointer  data)
{
  SitmapLod *lod = c->lod;
  guint n = sitmap_lod_get_n_levels (lod);

  g_assert_cmpuint (n, >=, 6);
  g_assert_cmpfloat (sitmap_lod_get_level_tolerance (lod, 0), ==, 0);
  g_assert_cmpuint (sitmap_lod_get_level_n_vertices (lod, 0), <=, sitmap_layer_get_n_points (c->layer) + 1000);
  for (guint l = 1; l < n; l++)
    {
      double t = sitmap_lod_get_level_tolerance (lod, l);

      g_assert_cmpfloat (t, >, sitmap_lod_get_level_tolerance (lod, l - 1));
      /* On the ladder: steps of √2 from a metre. */
      g_assert_cmpfloat_with_epsilon (2 * log2 (t), round (2 * log2 (t)), 1e-9);
      g_assert_cmpuint (sitmap_lod_choose_level (lod, t), ==, l);
      g_assert_cmpuint (sitmap_lod_choose_level (lod, t * 0.99), ==, l - 1);
    }
  g_assert_cmpuint (sitmap_lod_choose_level (lod, 0), ==, 0);
  g_assert_cmpuint (sitmap_lod_choose_level (lod, 1e12), ==, n - 1);
  /* A world map at 1080p: some thousands of vertices, not half a million. */
  g_assert_cmpuint (sitmap_lod_get_level_n_vertices (lod, sitmap_lod_choose_level (lod, 10000)), <, 60000);
}

static void
test_index (Countries     *c,
            gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  double x0, y0, x1, y1;
  guint n_rings = sitmap_lod_get_n_rings (c->lod);
  int hits = 0;

  sitmap_layer_get_bounds (c->layer, &x0, &y0, &x1, &y1);

  for (int i = 0; i < 200; i++)
    {
      double w = (x1 - x0) * pow (10, -g_rand_double_range (rand, 0, 3));
      double h = (y1 - y0) * pow (10, -g_rand_double_range (rand, 0, 3));
      double qx = g_rand_double_range (rand, x0, x1), qy = g_rand_double_range (rand, y0, y1);
      g_autofree guint8 *seen = g_new0 (guint8, n_rings);
      guint expected = 0;

      g_array_set_size (found, 0);
      sitmap_lod_query_rings (c->lod, qx, qy, qx + w, qy + h, found);
      for (guint k = 0; k < found->len; k++)
        {
          guint r = g_array_index (found, guint, k);

          g_assert_cmpuint (seen[r], ==, 0);
          seen[r] = 1;
        }
      for (guint r = 0; r < n_rings; r++)
        {
          double b[4];
          gboolean meets;

          sitmap_lod_get_ring_bounds (c->lod, r, b);
          meets = b[0] <= b[2] && b[2] >= qx && b[0] <= qx + w && b[3] >= qy && b[1] <= qy + h;
          g_assert_cmpint (meets, ==, seen[r]);
          expected += meets;
        }
      g_assert_cmpuint (found->len, ==, expected);
    }

  /* Hit-testing through the index agrees with testing every shape. */
  for (int i = 0; i < 400; i++)
    {
      double x = g_rand_double_range (rand, -3e6, 3e6), y = g_rand_double_range (rand, -3e6, 3e6);
      int expected = -1;

      for (guint f = 0; f < c->n_features && expected < 0; f++)
        if (sitmap_shape_contains (sitmap_layer_get_shape (c->layer, f), x, y))
          expected = f;
      g_assert_cmpint (sitmap_layer_feature_at (c->layer, x, y), ==, expected);
      hits += expected >= 0;
    }
  g_assert_cmpint (hits, >, 100);

  {
    double kyiv[2] = { 30.52, 50.45 };
    int f;

    sitmap_projection_forward (sitmap_layer_get_projection (c->layer), kyiv, 1);
    f = sitmap_layer_feature_at (c->layer, kyiv[0], kyiv[1]);
    g_assert_cmpint (f, >=, 0);
    g_assert_cmpstr (sitmap_layer_get_feature (c->layer, f)->name, ==, "Ukraine");
  }
}

/* A whole row of points tested from the row's crossings answers as one
 * sitmap_shape_contains () call per point, on every country, edges,
 * vertices and bounds included. */
static void
test_row_contains (Countries     *c,
                   gconstpointer  data)
{
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint inside = 0;

  for (guint f = 0; f < c->n_features; f++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (c->layer, f);
      double w = shape->x_max - shape->x_min, h = shape->y_max - shape->y_min;

      if (shape->n_points == 0)
        continue;
      for (int row = 0; row < 12; row++)
        {
          /* Some rows exactly through a vertex, the others anywhere. */
          double y = row % 3 == 0 ? shape->xy[2 * g_rand_int_range (rand, 0, shape->n_points) + 1]
                                  : shape->y_min - 0.05 * h + 1.1 * h * g_rand_double (rand);

          sitmap_shape_row_crossings (shape, y, crossings);
          g_assert_cmpuint (crossings->len % 2, ==, 0);
          for (int k = 0; k < 40; k++)
            {
              double x = k == 0 ? shape->x_min : k == 1 ? shape->x_max
                       : shape->x_min - 0.05 * w + 1.1 * w * g_rand_double (rand);
              gboolean in = sitmap_shape_contains (shape, x, y);

              g_assert_cmpint (sitmap_shape_row_contains (shape, crossings, x), ==, in);
              inside += in;
            }
        }
    }
  g_assert_cmpuint (inside, >, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lod/two-squares", test_two_squares);
  g_test_add_func ("/lod/shared-points", test_shared_points);
  g_test_add_func ("/lod/enclave", test_enclave);
  g_test_add_func ("/lod/seam-not-stroked", test_seam_not_stroked);
  g_test_add_func ("/lod/raster/fill-leaves-no-seam", test_fill_leaves_no_seam);
  g_test_add_func ("/lod/raster/fill-union-with-enclave", test_fill_union_with_enclave);
  g_test_add_func ("/lod/raster/matches-cairo", test_raster_matches_cairo);
  g_test_add ("/lod/countries/borders-at-every-level", Countries, NULL, countries_setup,
              test_borders_at_every_level, countries_teardown);
  g_test_add ("/lod/countries/levels", Countries, NULL, countries_setup, test_levels, countries_teardown);
  g_test_add ("/lod/countries/index", Countries, NULL, countries_setup, test_index, countries_teardown);
  g_test_add ("/lod/countries/row-contains", Countries, NULL, countries_setup, test_row_contains, countries_teardown);

  return g_test_run ();
}
