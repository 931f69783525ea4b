/* test-symbols.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "sitmap-symbols.h"

static const char *all_echelons[] = {
  NULL, "team", "squad", "section", "platoon", "company", "battalion",
  "regiment", "brigade", "division", "corps", "army", "army-group",
};

static const SitmapAffiliation all_affiliations[] = {
  SITMAP_AFFILIATION_FRIEND, SITMAP_AFFILIATION_HOSTILE,
  SITMAP_AFFILIATION_NEUTRAL, SITMAP_AFFILIATION_UNKNOWN,
};

static const SitmapPlaceSymbol all_places[] = {
  SITMAP_PLACE_SYMBOL_CAPITAL, SITMAP_PLACE_SYMBOL_CITY,
  SITMAP_PLACE_SYMBOL_VENUE, SITMAP_PLACE_SYMBOL_EVENT,
  SITMAP_PLACE_SYMBOL_AREA,
};

static const SitmapSymbolStyle all_styles[] = {
  SITMAP_SYMBOL_STYLE_MILITARY, SITMAP_SYMBOL_STYLE_PICTOGRAM,
};

/* Pixels ---------------------------------------------------------------- */

typedef struct
{
  double r, g, b, a;    /* not premultiplied */
} Pixel;

static cairo_surface_t *
new_surface (int width,
             int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  return surface;
}

static void
clear_surface (cairo_surface_t *surface)
{
  cairo_surface_flush (surface);
  memset (cairo_image_surface_get_data (surface), 0,
          cairo_image_surface_get_stride (surface) * cairo_image_surface_get_height (surface));
  cairo_surface_mark_dirty (surface);
}

static Pixel
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y)
{
  Pixel p = { 0, 0, 0, 0 };
  const guint8 *data;
  guint32 argb;
  int stride;

  if (x < 0 || y < 0
      || x >= cairo_image_surface_get_width (surface)
      || y >= cairo_image_surface_get_height (surface))
    return p;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  argb = *(const guint32 *)(const void *)(data + y * stride + 4 * x);

  p.a = ((argb >> 24) & 0xff) / 255.0;
  if (p.a > 0)
    {
      p.r = ((argb >> 16) & 0xff) / 255.0 / p.a;
      p.g = ((argb >> 8) & 0xff) / 255.0 / p.a;
      p.b = (argb & 0xff) / 255.0 / p.a;
    }
  return p;
}

static guint8
alpha_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return data[y * stride + 4 * x + (G_BYTE_ORDER == G_LITTLE_ENDIAN ? 3 : 0)];
}

static gboolean
has_ink (cairo_surface_t *surface)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (alpha_at (surface, x, y) != 0)
        return TRUE;
  return FALSE;
}

/* The box of every pixel with any ink at all, in pixel edges. */
static gboolean
ink_bounds (cairo_surface_t *surface,
            int             *x0,
            int             *y0,
            int             *x1,
            int             *y1)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);

  *x0 = *y0 = G_MAXINT;
  *x1 = *y1 = G_MININT;
  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      if (alpha_at (surface, x, y) != 0)
        {
          *x0 = MIN (*x0, x);
          *y0 = MIN (*y0, y);
          *x1 = MAX (*x1, x + 1);
          *y1 = MAX (*y1, y + 1);
        }
  return *x0 != G_MAXINT;
}

/* Fails on any pixel with ink that lies wholly outside rect (scaled by
 * scale, for device scales). */
static void
assert_ink_within (cairo_surface_t  *surface,
                   const SitmapRect *rect,
                   double            scale,
                   const char       *what)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  double x0 = rect->x * scale, y0 = rect->y * scale;
  double x1 = (rect->x + rect->width) * scale, y1 = (rect->y + rect->height) * scale;

  /* The extent must lie on the surface, or the scan proves nothing. */
  g_assert_cmpfloat (x0, >, 0);
  g_assert_cmpfloat (y0, >, 0);
  g_assert_cmpfloat (x1, <, w);
  g_assert_cmpfloat (y1, <, h);

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        gboolean outside = x + 1 <= x0 || x >= x1 || y + 1 <= y0 || y >= y1;

        if (outside && alpha_at (surface, x, y) != 0)
          {
            g_test_message ("%s: ink (alpha %d) at pixel %d,%d outside %.2f,%.2f–%.2f,%.2f",
                            what, alpha_at (surface, x, y), x, y, x0, y0, x1, y1);
            g_assert_not_reached ();
          }
      }
}

/* Forces ---------------------------------------------------------------- */

static void
draw_force_on (cairo_surface_t   *surface,
               double             scale,
               double             x,
               double             y,
               double             size,
               SitmapAffiliation  affiliation,
               const char        *echelon,
               gboolean           en_route,
               SitmapSymbolStyle  style)
{
  cairo_t *cr = cairo_create (surface);

  cairo_scale (cr, scale, scale);
  sitmap_symbol_draw_force (cr, x, y, size, affiliation, echelon, en_route, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

/* Ink never leaves the reported box, and the box is tight: over the
 * affiliations it must hold, each of its sides is reached. */
static void
test_force_extent (void)
{
  const double sizes[] = { 24, 37.3 };
  const double scales[] = { 1, 2 };
  cairo_surface_t *surface = new_surface (240, 240);

  for (guint st = 0; st < G_N_ELEMENTS (all_styles); st++)
    for (guint e = 0; e < G_N_ELEMENTS (all_echelons); e++)
      for (guint sz = 0; sz < G_N_ELEMENTS (sizes); sz++)
        for (guint sc = 0; sc < G_N_ELEMENTS (scales); sc++)
          {
            double x = 57.3, y = 61.7, scale = scales[sc];
            SitmapRect ext = sitmap_symbol_force_extent (x, y, sizes[sz], all_echelons[e], all_styles[st]);
            int ux0 = G_MAXINT, uy0 = G_MAXINT, ux1 = G_MININT, uy1 = G_MININT;

            for (guint a = 0; a < G_N_ELEMENTS (all_affiliations); a++)
              for (int en_route = 0; en_route < 2; en_route++)
                {
                  g_autofree char *what = g_strdup_printf ("style %u, %s, size %.1f, scale %.0f, affiliation %u%s",
                                                           st, all_echelons[e] ? all_echelons[e] : "no echelon",
                                                           sizes[sz], scale, a, en_route ? ", en route" : "");
                  int x0, y0, x1, y1;

                  clear_surface (surface);
                  draw_force_on (surface, scale, x, y, sizes[sz], all_affiliations[a],
                                 all_echelons[e], en_route, all_styles[st]);
                  assert_ink_within (surface, &ext, scale, what);
                  g_assert_true (ink_bounds (surface, &x0, &y0, &x1, &y1));
                  ux0 = MIN (ux0, x0);
                  uy0 = MIN (uy0, y0);
                  ux1 = MAX (ux1, x1);
                  uy1 = MAX (uy1, y1);
                }

            g_assert_cmpfloat (ux0, <=, ext.x * scale + 1.5);
            g_assert_cmpfloat (uy0, <=, ext.y * scale + 1.5);
            g_assert_cmpfloat (ux1, >=, (ext.x + ext.width) * scale - 1.5);
            g_assert_cmpfloat (uy1, >=, (ext.y + ext.height) * scale - 1.5);
          }

  cairo_surface_destroy (surface);
}

/* The average colour of the pixels in a square about (x, y), leaving out
 * the black of the frame and the infantry cross. */
static Pixel
average_colour (cairo_surface_t *surface,
                int              x,
                int              y,
                int              radius)
{
  Pixel sum = { 0, 0, 0, 0 };
  int n = 0;

  for (int j = y - radius; j <= y + radius; j++)
    for (int i = x - radius; i <= x + radius; i++)
      {
        Pixel p = get_pixel (surface, i, j);

        if (p.a < 0.9 || MAX (p.r, MAX (p.g, p.b)) < 0.35)
          continue;
        sum.r += p.r;
        sum.g += p.g;
        sum.b += p.b;
        n++;
      }

  g_assert_cmpint (n, >, (2 * radius + 1) * (2 * radius + 1) / 3);
  sum.r /= n;
  sum.g /= n;
  sum.b /= n;
  sum.a = 1;
  return sum;
}

static void
test_force_colours (void)
{
  cairo_surface_t *surface = new_surface (100, 100);

  for (guint st = 0; st < G_N_ELEMENTS (all_styles); st++)
    {
      Pixel c;

      clear_surface (surface);
      draw_force_on (surface, 1, 50, 50, 48, SITMAP_AFFILIATION_HOSTILE, "battalion", FALSE, all_styles[st]);
      c = average_colour (surface, 50, 50, 4);
      g_assert_cmpfloat (c.r, >, 0.7);
      g_assert_cmpfloat (c.r, >, c.g + 0.25);
      g_assert_cmpfloat (c.r, >, c.b + 0.25);

      clear_surface (surface);
      draw_force_on (surface, 1, 50, 50, 48, SITMAP_AFFILIATION_FRIEND, "battalion", FALSE, all_styles[st]);
      c = average_colour (surface, 50, 50, 4);
      g_assert_cmpfloat (c.b, >, 0.6);
      g_assert_cmpfloat (c.b, >, c.r + 0.25);

      clear_surface (surface);
      draw_force_on (surface, 1, 50, 50, 48, SITMAP_AFFILIATION_NEUTRAL, NULL, FALSE, all_styles[st]);
      c = average_colour (surface, 50, 50, 4);
      g_assert_cmpfloat (c.g, >, c.r + 0.2);
      g_assert_cmpfloat (c.g, >, c.b + 0.2);

      clear_surface (surface);
      draw_force_on (surface, 1, 50, 50, 48, SITMAP_AFFILIATION_UNKNOWN, NULL, FALSE, all_styles[st]);
      c = average_colour (surface, 50, 50, 4);
      g_assert_cmpfloat (c.r, >, c.b + 0.3);
      g_assert_cmpfloat (c.g, >, c.b + 0.3);
    }

  cairo_surface_destroy (surface);
}

/* Walks rays out from the centre to the edge of the ink, and counts the
 * rays that meet no outline colour in the last few pixels before it:
 * through a gap of a dashed frame they see only fill and halo. */
static guint
count_rays_missing_outline (cairo_surface_t *surface,
                            double           cx,
                            double           cy,
                            double           window,
                            const Pixel     *outline)
{
  guint missing = 0;

  for (guint deg = 0; deg < 360; deg++)
    {
      double angle = deg * G_PI / 180, edge = -1;
      gboolean found = FALSE;

      for (double r = 0; r < 80; r += 0.25)
        if (get_pixel (surface, (int) floor (cx + r * cos (angle)), (int) floor (cy + r * sin (angle))).a > 0.5)
          edge = r;
      g_assert_cmpfloat (edge, >, 0);

      for (double r = MAX (0, edge - window); r <= edge && !found; r += 0.25)
        {
          Pixel p = get_pixel (surface, (int) floor (cx + r * cos (angle)), (int) floor (cy + r * sin (angle)));

          found = p.a > 0.9
                  && fabs (p.r - outline->r) < 0.2
                  && fabs (p.g - outline->g) < 0.2
                  && fabs (p.b - outline->b) < 0.2;
        }
      if (!found)
        missing++;
    }

  return missing;
}

static void
test_force_en_route (void)
{
  cairo_surface_t *surface = new_surface (160, 160);
  const double size = 48, cx = 80.5, cy = 80.5;
  /* Outline and halo, 3 and 2.25 px at size 48, and some slack. */
  const double window = 7;

  for (guint st = 0; st < G_N_ELEMENTS (all_styles); st++)
    for (guint a = 0; a < G_N_ELEMENTS (all_affiliations); a++)
      {
        Pixel outline = { 26 / 255.0, 26 / 255.0, 26 / 255.0, 1 };
        guint solid, dashed;

        if (all_styles[st] == SITMAP_SYMBOL_STYLE_PICTOGRAM)
          sitmap_affiliation_colour (all_affiliations[a], &outline.r, &outline.g, &outline.b);

        clear_surface (surface);
        draw_force_on (surface, 1, cx, cy, size, all_affiliations[a], NULL, FALSE, all_styles[st]);
        solid = count_rays_missing_outline (surface, cx, cy, window, &outline);

        clear_surface (surface);
        draw_force_on (surface, 1, cx, cy, size, all_affiliations[a], NULL, TRUE, all_styles[st]);
        dashed = count_rays_missing_outline (surface, cx, cy, window, &outline);

        g_test_message ("style %u affiliation %u: %u solid, %u dashed rays miss the frame",
                        st, a, solid, dashed);
        g_assert_cmpuint (solid, ==, 0);
        g_assert_cmpuint (dashed, >=, 360 / 8);
      }

  cairo_surface_destroy (surface);
}

/* Sizes at both ends of the useful range draw, and stay in their box. */
static void
test_force_sizes (void)
{
  const double sizes[] = { 12, 96 };
  cairo_surface_t *surface = new_surface (200, 220);

  for (guint sz = 0; sz < G_N_ELEMENTS (sizes); sz++)
    for (guint st = 0; st < G_N_ELEMENTS (all_styles); st++)
      for (guint a = 0; a < G_N_ELEMENTS (all_affiliations); a++)
        {
          SitmapRect ext = sitmap_symbol_force_extent (100, 120, sizes[sz], "division", all_styles[st]);

          clear_surface (surface);
          draw_force_on (surface, 1, 100, 120, sizes[sz], all_affiliations[a], "division", a % 2, all_styles[st]);
          g_assert_true (has_ink (surface));
          assert_ink_within (surface, &ext, 1, "size");
        }

  cairo_surface_destroy (surface);
}

/* Nonsense input draws nothing and does not crash. */
static void
test_force_degenerate (void)
{
  cairo_surface_t *surface = new_surface (60, 60);
  SitmapRect ext;

  draw_force_on (surface, 1, 30, 30, 0, SITMAP_AFFILIATION_FRIEND, "brigade", FALSE, SITMAP_SYMBOL_STYLE_MILITARY);
  draw_force_on (surface, 1, 30, 30, -5, SITMAP_AFFILIATION_FRIEND, NULL, FALSE, SITMAP_SYMBOL_STYLE_MILITARY);
  draw_force_on (surface, 1, 30, 30, NAN, SITMAP_AFFILIATION_FRIEND, NULL, FALSE, SITMAP_SYMBOL_STYLE_PICTOGRAM);
  draw_force_on (surface, 1, NAN, 30, 20, SITMAP_AFFILIATION_FRIEND, NULL, FALSE, SITMAP_SYMBOL_STYLE_PICTOGRAM);
  g_assert_false (has_ink (surface));

  ext = sitmap_symbol_force_extent (30, 30, 0, "brigade", SITMAP_SYMBOL_STYLE_MILITARY);
  g_assert_cmpfloat (ext.width, ==, 0);
  g_assert_cmpfloat (ext.height, ==, 0);

  /* An echelon nobody knows is no echelon; spellings vary. */
  {
    SitmapRect none = sitmap_symbol_force_extent (30, 30, 24, NULL, SITMAP_SYMBOL_STYLE_MILITARY);
    SitmapRect odd = sitmap_symbol_force_extent (30, 30, 24, "legion", SITMAP_SYMBOL_STYLE_MILITARY);
    SitmapRect a = sitmap_symbol_force_extent (30, 30, 24, "army-group", SITMAP_SYMBOL_STYLE_MILITARY);
    SitmapRect b = sitmap_symbol_force_extent (30, 30, 24, "Army Group", SITMAP_SYMBOL_STYLE_MILITARY);

    g_assert_true (memcmp (&none, &odd, sizeof none) == 0);
    g_assert_true (memcmp (&a, &b, sizeof a) == 0);
    g_assert_cmpfloat (a.height, >, none.height);
  }

  cairo_surface_destroy (surface);
}

/* Places ---------------------------------------------------------------- */

static void
test_place_extent (void)
{
  const double sizes[] = { 12, 24, 41.5 };
  const double scales[] = { 1, 2 };
  cairo_surface_t *surface = new_surface (160, 160);

  for (guint p = 0; p < G_N_ELEMENTS (all_places); p++)
    for (guint sz = 0; sz < G_N_ELEMENTS (sizes); sz++)
      for (guint sc = 0; sc < G_N_ELEMENTS (scales); sc++)
        {
          double x = 35.6, y = 33.2, scale = scales[sc];
          SitmapRect ext = sitmap_symbol_place_extent (x, y, sizes[sz], all_places[p]);
          g_autofree char *what = g_strdup_printf ("place %u, size %.1f, scale %.0f", p, sizes[sz], scale);
          int x0, y0, x1, y1;
          cairo_t *cr;

          clear_surface (surface);
          cr = cairo_create (surface);
          cairo_scale (cr, scale, scale);
          sitmap_symbol_draw_place (cr, x, y, sizes[sz], all_places[p], 0.2, 0.2, 0.25);
          cairo_destroy (cr);

          assert_ink_within (surface, &ext, scale, what);
          g_assert_true (ink_bounds (surface, &x0, &y0, &x1, &y1));
          g_assert_cmpfloat (x0, <=, ext.x * scale + 1.5);
          g_assert_cmpfloat (y0, <=, ext.y * scale + 1.5);
          g_assert_cmpfloat (x1, >=, (ext.x + ext.width) * scale - 1.5);
          g_assert_cmpfloat (y1, >=, (ext.y + ext.height) * scale - 1.5);
        }

  cairo_surface_destroy (surface);
}

/* The colour arguments tint the symbol; the halo stays white. */
static void
test_place_colours (void)
{
  cairo_surface_t *surface = new_surface (60, 60);

  for (guint p = 0; p < G_N_ELEMENTS (all_places); p++)
    {
      SitmapRect ext = sitmap_symbol_place_extent (30, 30, 40, all_places[p]);
      gboolean tinted = FALSE, white = FALSE;
      cairo_t *cr;

      clear_surface (surface);
      cr = cairo_create (surface);
      sitmap_symbol_draw_place (cr, 30, 30, 40, all_places[p], 0.8, 0.1, 0.1);
      cairo_destroy (cr);

      for (int y = (int) ext.y; y < ext.y + ext.height; y++)
        for (int x = (int) ext.x; x < ext.x + ext.width; x++)
          {
            Pixel px = get_pixel (surface, x, y);

            if (px.a > 0.95 && px.r > 0.7 && px.g < 0.2 && px.b < 0.2)
              tinted = TRUE;
            if (px.a > 0.95 && px.r > 0.95 && px.g > 0.95 && px.b > 0.95)
              white = TRUE;
          }
      g_assert_true (tinted);
      g_assert_true (white);
    }

  cairo_surface_destroy (surface);
}

/* State ----------------------------------------------------------------- */

static void
assert_paths_equal (cairo_path_t *a,
                    cairo_path_t *b)
{
  g_assert_cmpint (a->status, ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (b->status, ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (a->num_data, ==, b->num_data);

  /* Element by element: a header leaves padding bytes undefined. */
  for (int i = 0; i < a->num_data; i += a->data[i].header.length)
    {
      g_assert_cmpint (a->data[i].header.type, ==, b->data[i].header.type);
      g_assert_cmpint (a->data[i].header.length, ==, b->data[i].header.length);
      for (int j = 1; j < a->data[i].header.length; j++)
        {
          g_assert_cmpfloat (a->data[i + j].point.x, ==, b->data[i + j].point.x);
          g_assert_cmpfloat (a->data[i + j].point.y, ==, b->data[i + j].point.y);
        }
    }
}

/* Every function leaves the context as it found it: its path, source,
 * line settings and transformation. */
static void
test_state_preserved (void)
{
  cairo_surface_t *surface = new_surface (120, 120);
  cairo_t *cr = cairo_create (surface);
  double dashes[2] = { 5, 2 }, xy[6] = { 10, 100, 50, 60, 100, 70 };
  cairo_pattern_t *source;
  cairo_path_t *before;
  cairo_matrix_t matrix, after_matrix;

  cairo_translate (cr, 3, 4);
  cairo_scale (cr, 1.5, 1.5);
  cairo_set_source_rgb (cr, 0.3, 0.6, 0.9);
  cairo_set_line_width (cr, 3.5);
  cairo_set_dash (cr, dashes, 2, 1);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
  cairo_rectangle (cr, 5, 6, 30, 20);
  cairo_move_to (cr, 50, 50);
  cairo_line_to (cr, 60, 55);

  source = cairo_pattern_reference (cairo_get_source (cr));
  before = cairo_copy_path (cr);
  cairo_get_matrix (cr, &matrix);

  for (guint round = 0; round < 4; round++)
    {
      cairo_path_t *after;

      switch (round)
        {
        case 0:
          sitmap_symbol_draw_force (cr, 40, 40, 24, SITMAP_AFFILIATION_HOSTILE, "brigade", TRUE,
                                    SITMAP_SYMBOL_STYLE_MILITARY);
          break;
        case 1:
          sitmap_symbol_draw_force (cr, 40, 40, 24, SITMAP_AFFILIATION_FRIEND, "company", TRUE,
                                    SITMAP_SYMBOL_STYLE_PICTOGRAM);
          break;
        case 2:
          sitmap_symbol_draw_place (cr, 40, 40, 24, SITMAP_PLACE_SYMBOL_AREA, 0, 0, 0);
          break;
        default:
          sitmap_symbol_draw_arrow (cr, xy, 3, 4, 0.8, 0, 0);
          break;
        }

      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      g_assert_true (cairo_get_source (cr) == source);
      g_assert_cmpfloat (cairo_get_line_width (cr), ==, 3.5);
      g_assert_cmpint (cairo_get_dash_count (cr), ==, 2);
      g_assert_cmpint (cairo_get_line_cap (cr), ==, CAIRO_LINE_CAP_SQUARE);
      g_assert_cmpint (cairo_get_line_join (cr), ==, CAIRO_LINE_JOIN_BEVEL);
      cairo_get_matrix (cr, &after_matrix);
      g_assert_true (memcmp (&matrix, &after_matrix, sizeof matrix) == 0);
      after = cairo_copy_path (cr);
      assert_paths_equal (before, after);
      cairo_path_destroy (after);
    }

  cairo_path_destroy (before);
  cairo_pattern_destroy (source);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* Hatching -------------------------------------------------------------- */

/* A concave shape, so clipping is really tested. */
static void
l_shape (cairo_t *cr)
{
  cairo_new_path (cr);
  cairo_move_to (cr, 30, 30);
  cairo_line_to (cr, 170, 30);
  cairo_line_to (cr, 170, 80);
  cairo_line_to (cr, 80, 80);
  cairo_line_to (cr, 80, 170);
  cairo_line_to (cr, 30, 170);
  cairo_close_path (cr);
}

static void
test_hatch (void)
{
  cairo_surface_t *surface = new_surface (200, 200);
  cairo_surface_t *mask = new_surface (200, 200);
  cairo_t *cr;
  cairo_path_t *before, *after;
  int transitions = 0, min_alpha = 255, max_alpha = 0;
  gboolean inside = FALSE;

  /* The area ink may cover: the shape and its 2 px outline, with a
   * pixel to spare for anti-aliasing. */
  cr = cairo_create (mask);
  l_shape (cr);
  cairo_set_line_width (cr, 2 + 2);
  cairo_fill_preserve (cr);
  cairo_stroke (cr);
  cairo_destroy (cr);

  cr = cairo_create (surface);
  cairo_set_line_width (cr, 2);
  l_shape (cr);
  before = cairo_copy_path (cr);
  sitmap_symbol_hatch_path (cr, 0.8, 0.1, 0.1, 8, 45, FALSE);
  after = cairo_copy_path (cr);
  assert_paths_equal (before, after);
  g_assert_cmpfloat (cairo_get_line_width (cr), ==, 2);
  g_assert_cmpint (cairo_get_dash_count (cr), ==, 0);
  cairo_path_destroy (before);
  cairo_path_destroy (after);
  cairo_destroy (cr);

  cairo_surface_flush (surface);
  cairo_surface_flush (mask);
  for (int y = 0; y < 200; y++)
    for (int x = 0; x < 200; x++)
      if (alpha_at (surface, x, y) != 0 && alpha_at (mask, x, y) == 0)
        {
          g_test_message ("hatch ink at %d,%d outside the area", x, y);
          g_assert_not_reached ();
        }

  /* Inside, along a line across the hatching: a light tint everywhere,
   * and lines coming and going. */
  for (int x = 35; x < 165; x++)
    {
      int a = alpha_at (surface, x, 55);
      gboolean on_line = a > 100;

      min_alpha = MIN (min_alpha, a);
      max_alpha = MAX (max_alpha, a);
      if (on_line != inside)
        transitions++;
      inside = on_line;
    }
  g_assert_cmpint (min_alpha, >, 20);
  g_assert_cmpint (min_alpha, <, 70);
  g_assert_cmpint (max_alpha, >, 130);
  /* 130 px at 8 px spacing along a 45° grid: about 11 lines. */
  g_assert_cmpint (transitions, >=, 2 * 9);

  /* A solid outline is solid; a dashed one has gaps. */
  {
    int solid_gaps = 0, dashed_gaps = 0;

    for (int x = 35; x < 165; x++)
      if (alpha_at (surface, x, 30) < 200)
        solid_gaps++;

    clear_surface (surface);
    cr = cairo_create (surface);
    cairo_set_line_width (cr, 2);
    l_shape (cr);
    sitmap_symbol_hatch_path (cr, 0.8, 0.1, 0.1, 8, 45, TRUE);
    cairo_destroy (cr);
    cairo_surface_flush (surface);
    for (int x = 35; x < 165; x++)
      if (alpha_at (surface, x, 30) < 200)
        dashed_gaps++;

    g_assert_cmpint (solid_gaps, ==, 0);
    g_assert_cmpint (dashed_gaps, >, 20);
  }

  /* No path: nothing happens. */
  clear_surface (surface);
  cr = cairo_create (surface);
  sitmap_symbol_hatch_path (cr, 0.8, 0.1, 0.1, 8, 45, FALSE);
  cairo_destroy (cr);
  g_assert_false (has_ink (surface));

  cairo_surface_destroy (mask);
  cairo_surface_destroy (surface);
}

/* Arrows ---------------------------------------------------------------- */

static void
draw_arrow_on (cairo_surface_t *surface,
               const double    *xy,
               guint            n,
               double           width)
{
  cairo_t *cr = cairo_create (surface);

  clear_surface (surface);
  sitmap_symbol_draw_arrow (cr, xy, n, width, 0.8, 0.1, 0.1);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

static gboolean
is_arrow_red (Pixel p)
{
  return p.a > 0.5 && p.r > 0.6 && p.g < 0.45 && p.b < 0.45;
}

/* The tip is at the last point: ink reaches it, and nothing lies more
 * than 2 px beyond it along the final direction (dx, dy).  Just behind
 * the tip the head is narrower than the shaft: the shaft stops where the
 * head begins and does not blunt the point. */
static void
assert_tip (cairo_surface_t *surface,
            double           tx,
            double           ty,
            double           dx,
            double           dy,
            double           width)
{
  int w = cairo_image_surface_get_width (surface);
  int h = cairo_image_surface_get_height (surface);
  gboolean near = FALSE;
  double nx = -dy, ny = dx, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;

  cairo_surface_flush (surface);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        /* The nearest corner of the pixel, along the direction. */
        double along = G_MAXDOUBLE;

        for (int c = 0; c < 4; c++)
          along = MIN (along, (x + c % 2 - tx) * dx + (y + c / 2 - ty) * dy);

        if (alpha_at (surface, x, y) == 0)
          continue;
        if (along > 2)
          {
            g_test_message ("arrow ink at %d,%d, %.2f px beyond the tip", x, y, along);
            g_assert_not_reached ();
          }
        if (hypot (x + 0.5 - tx, y + 0.5 - ty) < 2.5 && is_arrow_red (get_pixel (surface, x, y)))
          near = TRUE;
      }
  g_assert_true (near);

  /* Across the head, 2.5 px behind the tip. */
  for (double s = -3 * width; s <= 3 * width; s += 0.25)
    {
      double px = tx - 2.5 * dx + s * nx, py = ty - 2.5 * dy + s * ny;

      if (is_arrow_red (get_pixel (surface, (int) floor (px), (int) floor (py))))
        {
          lo = MIN (lo, s);
          hi = MAX (hi, s);
        }
    }
  g_assert_cmpfloat (hi - lo, <, width);
}

static void
test_arrow (void)
{
  cairo_surface_t *surface = new_surface (220, 160);
  const double straight[] = { 20.5, 60.5, 180.5, 60.5 };
  /* The last three points lie on a line: the final tangent is +x. */
  const double curved[] = { 20, 140, 60, 40, 120, 40, 190, 40 };
  const double repeated[] = { 20, 140, 20, 140, 60, 40, 60, 40, 120, 40, 190, 40, 190, 40, 190, 40 };
  const double diagonal[] = { 15, 15, 180, 135 };
  double d = hypot (165, 120);

  for (double width = 3; width <= 6; width += 1.5)
    {
      draw_arrow_on (surface, straight, 2, width);
      assert_tip (surface, 180.5, 60.5, 1, 0, width);
      /* The shaft is there too, half way along. */
      g_assert_true (is_arrow_red (get_pixel (surface, 100, 60)));

      draw_arrow_on (surface, curved, 4, width);
      assert_tip (surface, 190, 40, 1, 0, width);

      draw_arrow_on (surface, repeated, 8, width);
      assert_tip (surface, 190, 40, 1, 0, width);

      draw_arrow_on (surface, diagonal, 2, width);
      assert_tip (surface, 180, 135, 165 / d, 120 / d, width);
    }

  /* A straight arrow is straight: the shaft centre stays on the line. */
  draw_arrow_on (surface, straight, 2, 4);
  for (int x = 30; x < 160; x += 10)
    g_assert_true (is_arrow_red (get_pixel (surface, x, 60)));
  g_assert_cmpfloat (get_pixel (surface, 100, 55).a, <, 0.01);
  g_assert_cmpfloat (get_pixel (surface, 100, 65).a, <, 0.01);

  cairo_surface_destroy (surface);
}

static void
test_arrow_degenerate (void)
{
  cairo_surface_t *surface = new_surface (100, 100);
  const double same[] = { 50, 50, 50, 50, 50, 50 };
  const double one[] = { 50, 50 };
  const double with_nan[] = { 10, 50, NAN, 3, 90, 50 };
  const double short_arrow[] = { 40, 50, 46, 50 };

  draw_arrow_on (surface, NULL, 0, 4);
  g_assert_false (has_ink (surface));
  draw_arrow_on (surface, one, 1, 4);
  g_assert_false (has_ink (surface));
  draw_arrow_on (surface, same, 3, 4);
  g_assert_false (has_ink (surface));
  draw_arrow_on (surface, one, 1, 0);
  g_assert_false (has_ink (surface));

  draw_arrow_on (surface, with_nan, 3, 4);
  assert_tip (surface, 90, 50, 1, 0, 4);

  /* Shorter than its head: the head shrinks and stays behind the tip
   * and ahead of the tail. */
  draw_arrow_on (surface, short_arrow, 2, 4);
  assert_tip (surface, 46, 50, 1, 0, 4);
  for (int x = 0; x < 38; x++)
    g_assert_cmpfloat (get_pixel (surface, x, 50).a, ==, 0);

  cairo_surface_destroy (surface);
}

/* Sides ------------------------------------------------------------------ */

static void
test_affiliations (void)
{
  double r, g, b;

  g_assert_cmpint (sitmap_affiliation_for_side ("russia"), ==, SITMAP_AFFILIATION_HOSTILE);
  g_assert_cmpint (sitmap_affiliation_for_side ("ukraine"), ==, SITMAP_AFFILIATION_FRIEND);
  g_assert_cmpint (sitmap_affiliation_for_side ("nato"), ==, SITMAP_AFFILIATION_FRIEND);
  g_assert_cmpint (sitmap_affiliation_for_side ("canada"), ==, SITMAP_AFFILIATION_FRIEND);
  g_assert_cmpint (sitmap_affiliation_for_side ("usa"), ==, SITMAP_AFFILIATION_FRIEND);
  g_assert_cmpint (sitmap_affiliation_for_side ("eu"), ==, SITMAP_AFFILIATION_FRIEND);
  g_assert_cmpint (sitmap_affiliation_for_side ("neutral"), ==, SITMAP_AFFILIATION_NEUTRAL);
  g_assert_cmpint (sitmap_affiliation_for_side (NULL), ==, SITMAP_AFFILIATION_UNKNOWN);
  g_assert_cmpint (sitmap_affiliation_for_side (""), ==, SITMAP_AFFILIATION_UNKNOWN);
  g_assert_cmpint (sitmap_affiliation_for_side ("atlantis"), ==, SITMAP_AFFILIATION_UNKNOWN);
  g_assert_cmpint (sitmap_affiliation_for_side ("Russia"), ==, SITMAP_AFFILIATION_HOSTILE);
  g_assert_cmpint (sitmap_affiliation_for_side (" NATO "), ==, SITMAP_AFFILIATION_FRIEND);

  sitmap_affiliation_colour (SITMAP_AFFILIATION_FRIEND, &r, &g, &b);
  g_assert_cmpfloat (fabs (r - 0 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (g - 107 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (b - 179 / 255.0), <, 0.05);
  sitmap_affiliation_colour (SITMAP_AFFILIATION_HOSTILE, &r, &g, &b);
  g_assert_cmpfloat (fabs (r - 200 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (g - 30 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (b - 30 / 255.0), <, 0.05);
  sitmap_affiliation_colour (SITMAP_AFFILIATION_NEUTRAL, &r, &g, &b);
  g_assert_cmpfloat (fabs (r - 0 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (g - 140 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (b - 60 / 255.0), <, 0.05);
  sitmap_affiliation_colour (SITMAP_AFFILIATION_UNKNOWN, &r, &g, &b);
  g_assert_cmpfloat (fabs (r - 180 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (g - 150 / 255.0), <, 0.05);
  g_assert_cmpfloat (fabs (b - 0 / 255.0), <, 0.05);

  /* Out-of-range values fall back to unknown rather than reading past
   * the tables. */
  sitmap_affiliation_colour ((SitmapAffiliation) 42, &r, &g, &b);
  g_assert_cmpfloat (fabs (r - 180 / 255.0), <, 0.05);
}

/* The sheet ------------------------------------------------------------- */

/* A thin rule between the sections of the sheet. */
static void
sheet_rule (cairo_t *cr,
            double   y,
            double   width)
{
  cairo_set_source_rgb (cr, 0.80, 0.78, 0.74);
  cairo_set_line_width (cr, 1);
  cairo_move_to (cr, 20, floor (y) + 0.5);
  cairo_line_to (cr, width - 20, floor (y) + 0.5);
  cairo_stroke (cr);
}

/* All symbols on one page, for the eye.  There is no text on it: any
 * font use makes fontconfig leak under valgrind, and this test must stay
 * clean.  The grid explains itself, top to bottom:
 *
 *  1. military symbols: columns are the echelons from none, team, squad…
 *     to army group; rows are friend, hostile, neutral and unknown, each
 *     present and then en route (dashed);
 *  2. the same grid in the pictogram style;
 *  3. sizes 12, 16, 20, 24, 32, 48, 64, 96 on a darker ground, hostile
 *     military and friendly pictogram side by side;
 *  4. places (capital, city, venue, event, area) at 12, 18, 24 and 36 px,
 *     on the map's land colour and on the darker ground;
 *  5. movement arrows, and hatched areas (a dashed outline for occupied
 *     ground) with symbols on top. */
static void
test_sheet (void)
{
  const int width = 1080, height = 1650;
  const double pitch = 78, left = 70, size = 30, row = 56;
  cairo_surface_t *surface = new_surface (width, height);
  cairo_t *cr = cairo_create (surface);
  double y = 50;

  cairo_set_source_rgb (cr, 0.961, 0.949, 0.922);
  cairo_paint (cr);

  for (guint st = 0; st < G_N_ELEMENTS (all_styles); st++)
    {
      for (guint a = 0; a < G_N_ELEMENTS (all_affiliations); a++)
        for (int en_route = 0; en_route < 2; en_route++)
          {
            for (guint e = 0; e < G_N_ELEMENTS (all_echelons); e++)
              sitmap_symbol_draw_force (cr, left + e * pitch, y, size, all_affiliations[a],
                                        all_echelons[e], en_route, all_styles[st]);
            y += row;
          }
      sheet_rule (cr, y - 14, width);
      y += 28;
    }

  /* Sizes, on a darker ground. */
  {
    const double sizes[] = { 12, 16, 20, 24, 32, 48, 64, 96 };
    double x = 40;

    cairo_set_source_rgb (cr, 0.45, 0.55, 0.62);
    cairo_rectangle (cr, 0, y - 20, width, 170);
    cairo_fill (cr);
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        x += sizes[i] * 0.5 + 8;
        sitmap_symbol_draw_force (cr, x, y + 82, sizes[i], SITMAP_AFFILIATION_HOSTILE, "brigade", FALSE,
                                  SITMAP_SYMBOL_STYLE_MILITARY);
        x += sizes[i] * 1.0 + 12;
        sitmap_symbol_draw_force (cr, x, y + 82, sizes[i], SITMAP_AFFILIATION_FRIEND, "battalion", i % 2,
                                  SITMAP_SYMBOL_STYLE_PICTOGRAM);
        x += sizes[i] * 0.5 + 16;
      }
    y += 200;
  }

  /* Places at four sizes, on land and on the darker ground. */
  {
    const double sizes[] = { 12, 18, 24, 36 };
    const double colours[][3] = {
      { 0.15, 0.15, 0.18 }, { 0.25, 0.25, 0.28 }, { 0.0, 0.42, 0.60 }, { 0.80, 0.20, 0.10 }, { 0.55, 0.35, 0.05 },
    };

    cairo_set_source_rgb (cr, 0.45, 0.55, 0.62);
    cairo_rectangle (cr, width / 2.0, y - 30, width / 2.0, G_N_ELEMENTS (all_places) * 52 + 10);
    cairo_fill (cr);
    for (guint p = 0; p < G_N_ELEMENTS (all_places); p++)
      {
        for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
          for (guint ground = 0; ground < 2; ground++)
            sitmap_symbol_draw_place (cr, left + 40 + i * 100 + ground * width / 2.0, y, sizes[i], all_places[p],
                                      colours[p][0], colours[p][1], colours[p][2]);
        y += 52;
      }
    sheet_rule (cr, y - 6, width);
    y += 10;
  }

  /* Arrows and hatched areas. */
  {
    const double advance[] = { 40, 60, 110, 40, 170, 20, 250, 50 };
    const double hook[] = { 300, 80, 380, 70, 420, 20, 470, 40 };
    const double straight[] = { 40, 110, 230, 110 };
    const double push[] = { 250, 140, 330, 130, 400, 110 };
    double r, g, b;

    cairo_save (cr);
    cairo_translate (cr, 0, y);

    sitmap_affiliation_colour (SITMAP_AFFILIATION_HOSTILE, &r, &g, &b);
    sitmap_symbol_draw_arrow (cr, advance, 4, 5, r, g, b);
    sitmap_symbol_draw_arrow (cr, push, 3, 8, r, g, b);
    sitmap_affiliation_colour (SITMAP_AFFILIATION_FRIEND, &r, &g, &b);
    sitmap_symbol_draw_arrow (cr, hook, 4, 3, r, g, b);
    sitmap_symbol_draw_arrow (cr, straight, 2, 2, r, g, b);

    /* Occupied territory: dashed outline. */
    cairo_set_line_width (cr, 2);
    cairo_move_to (cr, 560, 20);
    cairo_curve_to (cr, 640, 0, 720, 30, 760, 70);
    cairo_line_to (cr, 700, 140);
    cairo_curve_to (cr, 640, 150, 590, 120, 560, 100);
    cairo_close_path (cr);
    sitmap_affiliation_colour (SITMAP_AFFILIATION_HOSTILE, &r, &g, &b);
    sitmap_symbol_hatch_path (cr, r, g, b, 7, 45, TRUE);
    cairo_new_path (cr);

    cairo_set_line_width (cr, 1.5);
    cairo_rectangle (cr, 800, 20, 140, 110);
    sitmap_affiliation_colour (SITMAP_AFFILIATION_FRIEND, &r, &g, &b);
    sitmap_symbol_hatch_path (cr, r, g, b, 9, -30, FALSE);
    cairo_new_path (cr);

    sitmap_symbol_draw_force (cr, 660, 75, 24, SITMAP_AFFILIATION_HOSTILE, "division", FALSE,
                              SITMAP_SYMBOL_STYLE_MILITARY);
    sitmap_symbol_draw_force (cr, 870, 75, 24, SITMAP_AFFILIATION_FRIEND, "brigade", TRUE,
                              SITMAP_SYMBOL_STYLE_MILITARY);
    sitmap_symbol_draw_place (cr, 980, 40, 18, SITMAP_PLACE_SYMBOL_CAPITAL, 0.15, 0.15, 0.18);
    sitmap_symbol_draw_place (cr, 1000, 110, 22, SITMAP_PLACE_SYMBOL_VENUE, 0.0, 0.42, 0.60);
    cairo_restore (cr);
  }

  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *out = g_build_filename (g_getenv ("TEST_OUTDIR"), "symbols-sheet.png", NULL);

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      g_assert_cmpint (cairo_surface_write_to_png (surface, out), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("sheet written to %s", out);
    }

  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/symbols/force/extent", test_force_extent);
  g_test_add_func ("/symbols/force/colours", test_force_colours);
  g_test_add_func ("/symbols/force/en-route", test_force_en_route);
  g_test_add_func ("/symbols/force/sizes", test_force_sizes);
  g_test_add_func ("/symbols/force/degenerate", test_force_degenerate);
  g_test_add_func ("/symbols/place/extent", test_place_extent);
  g_test_add_func ("/symbols/place/colours", test_place_colours);
  g_test_add_func ("/symbols/state", test_state_preserved);
  g_test_add_func ("/symbols/hatch", test_hatch);
  g_test_add_func ("/symbols/arrow/tip", test_arrow);
  g_test_add_func ("/symbols/arrow/degenerate", test_arrow_degenerate);
  g_test_add_func ("/symbols/affiliations", test_affiliations);
  g_test_add_func ("/symbols/sheet", test_sheet);

  status = g_test_run ();

  /* Leak checkers then see only what the code under test left. */
  cairo_debug_reset_static_data ();

  return status;
}
