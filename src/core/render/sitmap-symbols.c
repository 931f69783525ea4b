/* sitmap-symbols.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-symbols-private.h"

/* Every symbol is built from cairo paths rather than fonts or bitmaps:
 * the same code then serves the screen at any zoom, HiDPI, PNG and
 * vector export, and the extents below can be computed exactly from the
 * same numbers the drawing uses.
 *
 * Military symbols follow APP-6 / MIL-STD-2525 for land units:
 *
 *  - Frame proportions are the standard ones, in units of L, the height
 *    of the friendly rectangle: friend 1.5 L × 1 L, neutral square 1.1 L,
 *    hostile diamond and unknown quatrefoil 1.44 L across.  The size
 *    argument is the height of the tallest frame (1.44 L), so a hostile
 *    diamond is exactly size × size.
 *  - Frames are filled with the APP-6 light fills and outlined in black;
 *    the interior icon is the generic infantry cross only.  The stories
 *    report "troops" and "battalion tactical groups", never their make-up,
 *    so a mechanised or armoured oval would claim more than the source.
 *  - Echelon marks sit centred just above each frame's top and are drawn
 *    as strokes and dots, not glyphs, so they do not depend on fonts.
 *  - A planned or anticipated unit (here: en route) has a dashed frame;
 *    the dashes are laid out per edge so that every corner carries one.
 *
 * The pictogram style is for general readers: a helmet in the side's
 * colour on a rounded badge, with a row of one to five dots under it for
 * the unit's size.
 *
 * Everything carries a thin white halo so it reads on land, sea and
 * hatching alike. */

/* Echelons -------------------------------------------------------------- */

typedef enum
{
  MARK_NONE,
  MARK_RING,      /* team: Ø */
  MARK_DOTS,
  MARK_BARS,
  MARK_CROSSES,
} MarkKind;

typedef struct
{
  const char *name;
  MarkKind    kind;
  guint       count;
  guint       badge_dots;   /* pictogram: size class 1–5 */
} Echelon;

static const Echelon echelons[] = {
  { "team",       MARK_RING,    1, 1 },
  { "crew",       MARK_RING,    1, 1 },
  { "squad",      MARK_DOTS,    1, 1 },
  { "section",    MARK_DOTS,    2, 1 },
  { "platoon",    MARK_DOTS,    3, 1 },
  { "detachment", MARK_DOTS,    3, 1 },
  { "company",    MARK_BARS,    1, 2 },
  { "battery",    MARK_BARS,    1, 2 },
  { "troop",      MARK_BARS,    1, 2 },
  { "battalion",  MARK_BARS,    2, 2 },
  { "squadron",   MARK_BARS,    2, 2 },
  { "regiment",   MARK_BARS,    3, 3 },
  { "group",      MARK_BARS,    3, 3 },
  { "brigade",    MARK_CROSSES, 1, 3 },
  { "division",   MARK_CROSSES, 2, 4 },
  { "corps",      MARK_CROSSES, 3, 4 },
  { "army",       MARK_CROSSES, 4, 5 },
  { "armygroup",  MARK_CROSSES, 5, 5 },
  { "front",      MARK_CROSSES, 5, 5 },
};

/* Story files are written by hand: accept "Army group", "army-group" and
 * "army_group" alike. */
static const Echelon *
lookup_echelon (const char *name)
{
  char key[32];
  gsize n = 0;

  if (name == NULL)
    return NULL;

  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '-' || *p == '_' || g_ascii_isspace (*p))
        continue;
      if (n + 1 >= sizeof key)
        return NULL;
      key[n++] = g_ascii_tolower (*p);
    }
  key[n] = '\0';

  for (gsize i = 0; i < G_N_ELEMENTS (echelons); i++)
    if (strcmp (echelons[i].name, key) == 0)
      return &echelons[i];

  return NULL;
}

/* An echelon mark is a handful of round-capped strokes, dots and rings.
 * Laying it out once as primitives lets the drawing and the extent use
 * the very same numbers. */
typedef enum
{
  PRIM_LINE,
  PRIM_DOT,
  PRIM_RING,
} PrimKind;

typedef struct
{
  PrimKind kind;
  double   x0, y0, x1, y1;   /* line ends, or the centre in x0, y0 */
  double   radius;
} Prim;

typedef struct
{
  Prim   prims[12];
  guint  n_prims;
  double stroke;
  /* Ink box without halo, relative to the anchor: the bottom of the ink
   * at y = 0, horizontally centred on x = 0. */
  double x0, y0, x1, y1;
} Mark;

static void
mark_add (Mark     *mark,
          PrimKind  kind,
          double    x0,
          double    y0,
          double    x1,
          double    y1,
          double    radius)
{
  Prim *prim;

  g_assert (mark->n_prims < G_N_ELEMENTS (mark->prims));
  prim = &mark->prims[mark->n_prims++];
  prim->kind = kind;
  prim->x0 = x0;
  prim->y0 = y0;
  prim->x1 = x1;
  prim->y1 = y1;
  prim->radius = radius;
}

static void
prim_bounds (const Prim *prim,
             double      stroke,
             double     *x0,
             double     *y0,
             double     *x1,
             double     *y1)
{
  double pad;

  switch (prim->kind)
    {
    case PRIM_LINE:
      pad = stroke / 2;
      *x0 = MIN (prim->x0, prim->x1) - pad;
      *x1 = MAX (prim->x0, prim->x1) + pad;
      *y0 = MIN (prim->y0, prim->y1) - pad;
      *y1 = MAX (prim->y0, prim->y1) + pad;
      return;

    case PRIM_DOT:
    case PRIM_RING:
    default:
      pad = prim->radius + (prim->kind == PRIM_RING ? stroke / 2 : 0);
      *x0 = prim->x0 - pad;
      *x1 = prim->x0 + pad;
      *y0 = prim->y0 - pad;
      *y1 = prim->y0 + pad;
      return;
    }
}

/* Shifts the primitives so the ink is centred on x = 0 and rests on
 * y = 0, and records the resulting box. */
static void
mark_settle (Mark *mark)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  double dx, dy;

  for (guint i = 0; i < mark->n_prims; i++)
    {
      double a, b, c, d;

      prim_bounds (&mark->prims[i], mark->stroke, &a, &b, &c, &d);
      x0 = MIN (x0, a);
      y0 = MIN (y0, b);
      x1 = MAX (x1, c);
      y1 = MAX (y1, d);
    }

  dx = -(x0 + x1) / 2;
  dy = -y1;
  for (guint i = 0; i < mark->n_prims; i++)
    {
      mark->prims[i].x0 += dx;
      mark->prims[i].x1 += dx;
      mark->prims[i].y0 += dy;
      mark->prims[i].y1 += dy;
    }

  mark->x0 = x0 + dx;
  mark->x1 = x1 + dx;
  mark->y0 = y0 + dy;
  mark->y1 = 0;
}

/* The military echelon mark for a frame of height unit L. */
static gboolean
mark_layout_military (const Echelon *echelon,
                      double         L,
                      double         outline,
                      Mark          *mark)
{
  double stroke = outline * MARK_PER_OUTLINE;
  double height = 0.34 * L;

  memset (mark, 0, sizeof *mark);
  mark->stroke = stroke;
  if (echelon == NULL)
    return FALSE;

  switch (echelon->kind)
    {
    case MARK_RING:
      {
        /* Ø: a ring with a slash a little longer than its diameter. */
        double r = 0.13 * L, slash = (r + 0.06 * L) / G_SQRT2;

        mark_add (mark, PRIM_RING, 0, 0, 0, 0, r);
        mark_add (mark, PRIM_LINE, -slash, slash, slash, -slash, 0);
      }
      break;

    case MARK_DOTS:
      {
        double r = 0.10 * L, pitch = 0.32 * L;

        for (guint i = 0; i < echelon->count; i++)
          mark_add (mark, PRIM_DOT, i * pitch, 0, 0, 0, r);
      }
      break;

    case MARK_BARS:
      {
        double pitch = 0.22 * L;

        for (guint i = 0; i < echelon->count; i++)
          mark_add (mark, PRIM_LINE, i * pitch, 0, i * pitch, -height, 0);
      }
      break;

    case MARK_CROSSES:
      {
        /* Narrower crosses for the big formations, so that XXXXX stays
         * about as wide as the frame instead of spilling far past it. */
        double w = echelon->count >= 4 ? 0.20 * L : 0.24 * L;
        double pitch = w + stroke + (echelon->count >= 4 ? 0.07 * L : 0.10 * L);
        double h = height - stroke;

        for (guint i = 0; i < echelon->count; i++)
          {
            double cx = i * pitch;

            mark_add (mark, PRIM_LINE, cx - w / 2, 0, cx + w / 2, -h, 0);
            mark_add (mark, PRIM_LINE, cx - w / 2, -h, cx + w / 2, 0, 0);
          }
      }
      break;

    case MARK_NONE:
    default:
      return FALSE;
    }

  mark_settle (mark);
  return TRUE;
}

/* The pictogram's size dots, for a badge of half side u. */
static gboolean
mark_layout_badge (const Echelon *echelon,
                   double         u,
                   Mark          *mark)
{
  double r = BADGE_DOT_RADIUS * u, pitch = BADGE_DOT_PITCH * u;

  memset (mark, 0, sizeof *mark);
  if (echelon == NULL || echelon->badge_dots == 0)
    return FALSE;

  for (guint i = 0; i < echelon->badge_dots; i++)
    mark_add (mark, PRIM_DOT, i * pitch, 0, 0, 0, r);

  mark_settle (mark);
  return TRUE;
}

/* Draws the mark with its ink resting on y = base, centred on x.  With a
 * halo, only the halo: it goes under everything else. */
static void
mark_draw (cairo_t    *cr,
           const Mark *mark,
           double      x,
           double      base,
           double      halo)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_width (cr, mark->stroke + 2 * halo);

  for (guint i = 0; i < mark->n_prims; i++)
    {
      const Prim *prim = &mark->prims[i];

      cairo_new_path (cr);
      switch (prim->kind)
        {
        case PRIM_LINE:
          cairo_move_to (cr, x + prim->x0, base + prim->y0);
          cairo_line_to (cr, x + prim->x1, base + prim->y1);
          cairo_stroke (cr);
          break;

        case PRIM_DOT:
          cairo_arc (cr, x + prim->x0, base + prim->y0, prim->radius + halo, 0, 2 * G_PI);
          cairo_fill (cr);
          break;

        case PRIM_RING:
        default:
          cairo_arc (cr, x + prim->x0, base + prim->y0, prim->radius, 0, 2 * G_PI);
          cairo_stroke (cr);
          break;
        }
    }
}

/* Military frames ----------------------------------------------------- */

static void
frame_half_size (SitmapAffiliation  affiliation,
                 double             L,
                 double            *half_w,
                 double            *half_h)
{
  switch (affiliation)
    {
    case SITMAP_AFFILIATION_FRIEND:
      *half_w = FRIEND_HALF_W * L;
      *half_h = FRIEND_HALF_H * L;
      break;

    case SITMAP_AFFILIATION_NEUTRAL:
      *half_w = *half_h = NEUTRAL_HALF * L;
      break;

    case SITMAP_AFFILIATION_HOSTILE:
    case SITMAP_AFFILIATION_UNKNOWN:
    default:
      *half_w = *half_h = DIAMOND_HALF * L;
      break;
    }
}

/* An edge of a frame outline: a straight side, or one lobe of the
 * quatrefoil. */
typedef struct
{
  gboolean is_arc;
  double   x0, y0, x1, y1;               /* line */
  double   cx, cy, radius, a0, a1;       /* arc, a0 < a1 */
} Edge;

static guint
frame_edges (SitmapAffiliation  affiliation,
             double             x,
             double             y,
             double             L,
             Edge               edges[4])
{
  double hw, hh;

  frame_half_size (affiliation, L, &hw, &hh);
  memset (edges, 0, 4 * sizeof (Edge));

  switch (affiliation)
    {
    case SITMAP_AFFILIATION_HOSTILE:
      {
        double px[4] = { x, x + hw, x, x - hw };
        double py[4] = { y - hh, y, y + hh, y };

        for (guint i = 0; i < 4; i++)
          {
            edges[i].x0 = px[i];
            edges[i].y0 = py[i];
            edges[i].x1 = px[(i + 1) % 4];
            edges[i].y1 = py[(i + 1) % 4];
          }
      }
      return 4;

    case SITMAP_AFFILIATION_UNKNOWN:
      {
        /* Four semicircular lobes on the sides of a square whose corners
         * are the cusps: top, right, bottom, left, going clockwise. */
        double r = hw / 2;
        double cx[4] = { x, x + r, x, x - r };
        double cy[4] = { y - r, y, y + r, y };

        for (guint i = 0; i < 4; i++)
          {
            edges[i].is_arc = TRUE;
            edges[i].cx = cx[i];
            edges[i].cy = cy[i];
            edges[i].radius = r;
            edges[i].a0 = G_PI + i * G_PI / 2;
            edges[i].a1 = edges[i].a0 + G_PI;
          }
      }
      return 4;

    case SITMAP_AFFILIATION_FRIEND:
    case SITMAP_AFFILIATION_NEUTRAL:
    default:
      {
        double px[4] = { x - hw, x + hw, x + hw, x - hw };
        double py[4] = { y - hh, y - hh, y + hh, y + hh };

        for (guint i = 0; i < 4; i++)
          {
            edges[i].x0 = px[i];
            edges[i].y0 = py[i];
            edges[i].x1 = px[(i + 1) % 4];
            edges[i].y1 = py[(i + 1) % 4];
          }
      }
      return 4;
    }
}

static void
edge_path (cairo_t    *cr,
           const Edge *edge,
           gboolean    first)
{
  if (edge->is_arc)
    {
      /* cairo_arc() joins from the current point, which is where the
       * previous lobe ended. */
      cairo_arc (cr, edge->cx, edge->cy, edge->radius, edge->a0, edge->a1);
      return;
    }
  if (first)
    cairo_move_to (cr, edge->x0, edge->y0);
  cairo_line_to (cr, edge->x1, edge->y1);
}

static double
edge_length (const Edge *edge)
{
  if (edge->is_arc)
    return edge->radius * (edge->a1 - edge->a0);
  return hypot (edge->x1 - edge->x0, edge->y1 - edge->y0);
}

static void
frame_path (cairo_t           *cr,
            SitmapAffiliation  affiliation,
            double             x,
            double             y,
            double             L)
{
  Edge edges[4];
  guint n = frame_edges (affiliation, x, y, L, edges);

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    edge_path (cr, &edges[i], i == 0);
  cairo_close_path (cr);
}

/* Strokes each edge on its own with a dash period fitted to its length,
 * half a dash at either end.  Square caps on 90° corners fill out to
 * exactly the miter of a solid frame, so every corner is a crisp,
 * complete dash and the frame keeps its shape. */
static void
stroke_dashed_edges (cairo_t    *cr,
                     const Edge *edges,
                     guint       n_edges,
                     double      period,
                     double      line_width)
{
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_width (cr, line_width);

  for (guint i = 0; i < n_edges; i++)
    {
      double len = edge_length (&edges[i]);
      double count = MAX (1.0, round (len / period));
      double p = len / count;
      double on = FRAME_DASH_ON * p;
      double dashes[2];

      /* The caps add a half line width at each end of every dash. */
      dashes[0] = MAX (on - line_width, 0.0);
      dashes[1] = p - dashes[0];

      cairo_new_path (cr);
      edge_path (cr, &edges[i], TRUE);
      cairo_set_dash (cr, dashes, 2, dashes[0] / 2);
      cairo_stroke (cr);
    }
  cairo_set_dash (cr, NULL, 0, 0);
}

/* The corners of the box the infantry cross spans: the frame itself for
 * the rectangle and square, the inscribed 3:2 rectangle for the diamond
 * (as in APP-6), and the cusps for the quatrefoil. */
static void
infantry_half_size (SitmapAffiliation  affiliation,
                    double             L,
                    double            *half_w,
                    double            *half_h)
{
  double hw, hh;

  frame_half_size (affiliation, L, &hw, &hh);
  switch (affiliation)
    {
    case SITMAP_AFFILIATION_HOSTILE:
      *half_w = 0.6 * hw;
      *half_h = 0.4 * hh;
      break;

    case SITMAP_AFFILIATION_UNKNOWN:
      *half_w = hw / 2;
      *half_h = hh / 2;
      break;

    case SITMAP_AFFILIATION_FRIEND:
    case SITMAP_AFFILIATION_NEUTRAL:
    default:
      *half_w = hw;
      *half_h = hh;
      break;
    }
}

static void
draw_military (cairo_t           *cr,
               double             x,
               double             y,
               double             size,
               SitmapAffiliation  affiliation,
               const Echelon     *echelon,
               gboolean           en_route)
{
  double L = size / FRAME_TALLEST;
  double outline = size * OUTLINE_PER_SIZE;
  double halo = outline * HALO_PER_OUTLINE;
  double hw, hh, iw, ih, base;
  gboolean has_mark;
  Mark mark;

  frame_half_size (affiliation, L, &hw, &hh);
  infantry_half_size (affiliation, L, &iw, &ih);
  has_mark = mark_layout_military (echelon, L, outline, &mark);
  base = y - hh - outline / 2 - ECHELON_GAP * L;

  /* Halo first, round-joined so it hugs the corners evenly. */
  set_rgb (cr, &halo_colour);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_width (cr, outline + 2 * halo);
  frame_path (cr, affiliation, x, y, L);
  cairo_stroke (cr);
  if (has_mark)
    mark_draw (cr, &mark, x, base, halo);

  /* Fill, then the cross clipped to the frame so its ends meet the
   * corners cleanly under the outline. */
  set_rgb (cr, &fill_colours[affiliation]);
  frame_path (cr, affiliation, x, y, L);
  cairo_fill_preserve (cr);
  cairo_save (cr);
  cairo_clip (cr);
  set_rgb (cr, &frame_ink);
  cairo_set_line_width (cr, outline);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_move_to (cr, x - iw, y - ih);
  cairo_line_to (cr, x + iw, y + ih);
  cairo_move_to (cr, x - iw, y + ih);
  cairo_line_to (cr, x + iw, y - ih);
  cairo_stroke (cr);
  cairo_restore (cr);

  set_rgb (cr, &frame_ink);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_MITER);
  cairo_set_miter_limit (cr, 4);
  if (en_route)
    {
      Edge edges[4];
      guint n = frame_edges (affiliation, x, y, L, edges);

      stroke_dashed_edges (cr, edges, n, FRAME_DASH_PERIOD * L, outline);
    }
  else
    {
      cairo_set_line_width (cr, outline);
      frame_path (cr, affiliation, x, y, L);
      cairo_stroke (cr);
    }

  if (has_mark)
    {
      set_rgb (cr, &frame_ink);
      mark_draw (cr, &mark, x, base, 0);
    }
}

/* Pictograms ---------------------------------------------------------- */

/* A rounded square, starting at the middle of the top side so that a
 * dash pattern fitted to the perimeter falls symmetrically. */
static void
badge_path (cairo_t *cr,
            double   x,
            double   y,
            double   side)
{
  double h = side / 2, r = BADGE_CORNER * side;

  cairo_new_path (cr);
  cairo_move_to (cr, x, y - h);
  cairo_arc (cr, x + h - r, y - h + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + h - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x - h + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x - h + r, y - h + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static double
badge_perimeter (double side)
{
  double r = BADGE_CORNER * side;

  return 4 * (side - 2 * r) + 2 * G_PI * r;
}

/* A steel helmet seen from the side, centred on (x, cy): a dome over a
 * brim, parted by a thin gap that reads as the helmet band.  u is half
 * the badge side. */
static void
helmet_path (cairo_t *cr,
             double   x,
             double   cy,
             double   u)
{
  double dome_y = cy + 0.19 * u, brim_top = cy + 0.25 * u, brim_h = 0.17 * u;
  double brim_w = 0.80 * u;

  cairo_new_path (cr);
  cairo_save (cr);
  cairo_translate (cr, x, dome_y);
  cairo_scale (cr, 0.58 * u, 0.62 * u);
  cairo_arc (cr, 0, 0, 1, G_PI, 2 * G_PI);
  cairo_restore (cr);
  cairo_close_path (cr);

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + brim_w - brim_h / 2, brim_top + brim_h / 2, brim_h / 2, -G_PI / 2, G_PI / 2);
  cairo_arc (cr, x - brim_w + brim_h / 2, brim_top + brim_h / 2, brim_h / 2, G_PI / 2, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
draw_pictogram (cairo_t           *cr,
                double             x,
                double             y,
                double             size,
                SitmapAffiliation  affiliation,
                const Echelon     *echelon,
                gboolean           en_route)
{
  double side = BADGE_SIDE * size, u = side / 2;
  double outline = size * OUTLINE_PER_SIZE;
  double halo = outline * HALO_PER_OUTLINE;
  const Rgb *deep = &deep_colours[affiliation];
  const Rgb *light = &fill_colours[affiliation];
  gboolean has_dots;
  Mark dots;

  has_dots = mark_layout_badge (echelon, u, &dots);

  set_rgb (cr, &halo_colour);
  cairo_set_line_width (cr, outline + 2 * halo);
  badge_path (cr, x, y, side);
  cairo_stroke (cr);

  /* A pale wash of the APP-6 fill: enough to tell the sides apart at a
   * glance while the helmet keeps full contrast. */
  cairo_set_source_rgb (cr,
                        0.55 + 0.45 * light->r,
                        0.55 + 0.45 * light->g,
                        0.55 + 0.45 * light->b);
  badge_path (cr, x, y, side);
  cairo_fill (cr);

  /* The size dots sit in a row under the helmet, inside the badge:
   * above it they looked like ears, and inside they cost no room. */
  set_rgb (cr, deep);
  helmet_path (cr, x, has_dots ? y - BADGE_HELMET_LIFT * u : y, u);
  cairo_fill (cr);
  if (has_dots)
    mark_draw (cr, &dots, x, y + (BADGE_DOT_ROW + BADGE_DOT_RADIUS) * u, 0);

  cairo_set_line_width (cr, outline);
  badge_path (cr, x, y, side);
  if (en_route)
    {
      /* A multiple of four dashes puts one at the middle of each side. */
      double perimeter = badge_perimeter (side);
      double count = MAX (4.0, 4 * round (perimeter / (4 * 0.22 * size)));
      double period = perimeter / count;
      double dashes[2] = { 0.55 * period, 0.45 * period };

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashes, 2, dashes[0] / 2);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

void
sitmap_symbol_draw_force (cairo_t           *cr,
                          double             x,
                          double             y,
                          double             size,
                          SitmapAffiliation  affiliation,
                          const char        *echelon,
                          gboolean           en_route,
                          SitmapSymbolStyle  style)
{
  cairo_path_t *saved;

  g_return_if_fail (cr != NULL);

  if (!(size > 0) || !isfinite (x) || !isfinite (y))
    return;

  affiliation = checked_affiliation (affiliation);
  saved = stash_path (cr);
  cairo_save (cr);
  reset_drawing_state (cr);

  if (style == SITMAP_SYMBOL_STYLE_PICTOGRAM)
    draw_pictogram (cr, x, y, size, affiliation, lookup_echelon (echelon), en_route);
  else
    draw_military (cr, x, y, size, affiliation, lookup_echelon (echelon), en_route);

  cairo_restore (cr);
  unstash_path (cr, saved);
}

/* The affiliation is not an argument, so this is the smallest box that
 * holds the symbol for any of them: the friendly rectangle sets the
 * width, the diamond the height and the height of the echelon mark. */
SitmapRect
sitmap_symbol_force_extent (double             x,
                            double             y,
                            double             size,
                            const char        *echelon,
                            SitmapSymbolStyle  style)
{
  const Echelon *info = lookup_echelon (echelon);
  double outline, halo, pad, x0, y0, x1, y1;
  Mark mark;

  if (!(size > 0))
    return rect_from_bounds (x, y, x, y);

  outline = size * OUTLINE_PER_SIZE;
  halo = outline * HALO_PER_OUTLINE;
  pad = outline / 2 + halo;

  if (style == SITMAP_SYMBOL_STYLE_PICTOGRAM)
    {
      double side = BADGE_SIDE * size;

      x0 = x - side / 2 - pad;
      x1 = x + side / 2 + pad;
      y0 = y - side / 2 - pad;
      y1 = y + side / 2 + pad;
    }
  else
    {
      double L = size / FRAME_TALLEST;

      x0 = x - FRIEND_HALF_W * L - pad;
      x1 = x + FRIEND_HALF_W * L + pad;
      y0 = y - DIAMOND_HALF * L - pad;
      y1 = y + DIAMOND_HALF * L + pad;

      if (mark_layout_military (info, L, outline, &mark))
        {
          double base = y - DIAMOND_HALF * L - outline / 2 - ECHELON_GAP * L;

          x0 = MIN (x0, x + mark.x0 - halo);
          x1 = MAX (x1, x + mark.x1 + halo);
          y0 = MIN (y0, base + mark.y0 - halo);
        }
    }

  return rect_from_bounds (x0, y0, x1, y1);
}

/* Places ---------------------------------------------------------------- */

/* Place geometry, as fractions of size.  A city dot is smaller than a
 * capital at the same size so that the usual hierarchy holds without the
 * caller having to know it. */
#define PLACE_HALO         0.06
#define CAPITAL_RADIUS     0.50
#define CITY_RADIUS        0.30
#define TABLE_RADIUS       0.22
#define CHAIR_INNER        0.29
#define CHAIR_DEPTH        0.14
#define CHAIR_WIDTH        0.30
#define BURST_POINTS       10
#define BURST_OUTER        0.50
#define BURST_OUTER_SHORT  0.42
#define BURST_INNER        0.30
#define AREA_RADIUS        0.38
#define AREA_LINE          (1.0 / 11.0)

static void
burst_vertex (double  x,
              double  y,
              double  size,
              guint   i,
              double *px,
              double *py)
{
  /* Alternating long and short spikes, rotated so none points straight
   * up at the label usually placed above. */
  double angle = -G_PI / 2 + G_PI / (2 * BURST_POINTS) + i * G_PI / BURST_POINTS;
  double radius;

  if (i % 2 == 1)
    radius = BURST_INNER;
  else if (i % 4 == 0)
    radius = BURST_OUTER;
  else
    radius = BURST_OUTER_SHORT;

  *px = x + radius * size * cos (angle);
  *py = y + radius * size * sin (angle);
}

static void
burst_path (cairo_t *cr,
            double   x,
            double   y,
            double   size)
{
  cairo_new_path (cr);
  for (guint i = 0; i < 2 * BURST_POINTS; i++)
    {
      double px, py;

      burst_vertex (x, y, size, i, &px, &py);
      cairo_line_to (cr, px, py);
    }
  cairo_close_path (cr);
}

/* A five-pointed star, point up. */
static void
star_path (cairo_t *cr,
           double   x,
           double   y,
           double   outer)
{
  /* The inner radius of a regular pentagram. */
  double inner = outer * 0.381966;

  for (guint i = 0; i < 10; i++)
    {
      double angle = -G_PI / 2 + i * G_PI / 5;
      double r = i % 2 == 0 ? outer : inner;

      cairo_line_to (cr, x + r * cos (angle), y + r * sin (angle));
    }
  cairo_close_path (cr);
}

/* A chair seen from above, on one side of the table: 0 east, then
 * clockwise. */
static void
chair_path (cairo_t *cr,
            double   x,
            double   y,
            double   size,
            guint    side)
{
  double depth = CHAIR_DEPTH * size, width = CHAIR_WIDTH * size;
  double d = (CHAIR_INNER + CHAIR_DEPTH / 2) * size;
  double angle = side * G_PI / 2;
  double cx = x + d * cos (angle), cy = y + d * sin (angle);
  double hw = (side % 2 == 0 ? depth : width) / 2;
  double hh = (side % 2 == 0 ? width : depth) / 2;
  double r = 0.3 * depth;

  cairo_new_sub_path (cr);
  cairo_arc (cr, cx + hw - r, cy - hh + r, r, -G_PI / 2, 0);
  cairo_arc (cr, cx + hw - r, cy + hh - r, r, 0, G_PI / 2);
  cairo_arc (cr, cx - hw + r, cy + hh - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, cx - hw + r, cy - hh + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
venue_path (cairo_t *cr,
            double   x,
            double   y,
            double   size)
{
  cairo_new_path (cr);
  cairo_arc (cr, x, y, TABLE_RADIUS * size, 0, 2 * G_PI);
  cairo_close_path (cr);
  for (guint side = 0; side < 4; side++)
    chair_path (cr, x, y, size, side);
}

void
sitmap_symbol_draw_place (cairo_t           *cr,
                          double             x,
                          double             y,
                          double             size,
                          SitmapPlaceSymbol  symbol,
                          double             red,
                          double             green,
                          double             blue)
{
  double halo = PLACE_HALO * size;
  cairo_path_t *saved;

  g_return_if_fail (cr != NULL);

  if (!(size > 0) || !isfinite (x) || !isfinite (y))
    return;

  saved = stash_path (cr);
  cairo_save (cr);
  reset_drawing_state (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);

  switch (symbol)
    {
    case SITMAP_PLACE_SYMBOL_CAPITAL:
      {
        double r = CAPITAL_RADIUS * size;

        set_rgb (cr, &halo_colour);
        cairo_arc (cr, x, y, r + halo, 0, 2 * G_PI);
        cairo_fill (cr);

        cairo_set_source_rgb (cr, red, green, blue);
        cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        cairo_fill (cr);

        /* The ring: a fine white line just inside the rim. */
        set_rgb (cr, &halo_colour);
        cairo_set_line_width (cr, 0.07 * size);
        cairo_arc (cr, x, y, 0.80 * r, 0, 2 * G_PI);
        cairo_stroke (cr);

        cairo_new_path (cr);
        /* Optical centring: a star's mass sits below its circumcentre. */
        star_path (cr, x, y + 0.04 * r, 0.58 * r);
        cairo_fill (cr);
      }
      break;

    case SITMAP_PLACE_SYMBOL_CITY:
      set_rgb (cr, &halo_colour);
      cairo_arc (cr, x, y, CITY_RADIUS * size + halo, 0, 2 * G_PI);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, red, green, blue);
      cairo_arc (cr, x, y, CITY_RADIUS * size, 0, 2 * G_PI);
      cairo_fill (cr);
      break;

    case SITMAP_PLACE_SYMBOL_VENUE:
      /* The halo also fills the narrow gaps between table and chairs, so
       * the chairs stand apart even at small sizes. */
      set_rgb (cr, &halo_colour);
      cairo_set_line_width (cr, 2 * halo);
      venue_path (cr, x, y, size);
      cairo_stroke_preserve (cr);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, red, green, blue);
      venue_path (cr, x, y, size);
      cairo_fill (cr);
      break;

    case SITMAP_PLACE_SYMBOL_EVENT:
      {
        double bar = 0.10 * size;

        set_rgb (cr, &halo_colour);
        cairo_set_line_width (cr, 2 * halo);
        burst_path (cr, x, y, size);
        cairo_stroke_preserve (cr);
        cairo_set_source_rgb (cr, red, green, blue);
        cairo_fill (cr);

        /* The "!" as a round-capped stroke and a dot. */
        set_rgb (cr, &halo_colour);
        cairo_set_line_width (cr, bar);
        cairo_move_to (cr, x, y - 0.17 * size);
        cairo_line_to (cr, x, y + 0.04 * size);
        cairo_stroke (cr);
        cairo_arc (cr, x, y + 0.155 * size, 0.6 * bar, 0, 2 * G_PI);
        cairo_fill (cr);
      }
      break;

    case SITMAP_PLACE_SYMBOL_AREA:
    default:
      {
        double r = AREA_RADIUS * size, line = AREA_LINE * size;
        /* Eight dashes: one at each compass point and each diagonal. */
        double period = 2 * G_PI * r / 8;
        double dashes[2] = { 0.6 * period - line, 0.4 * period + line };

        cairo_set_source_rgba (cr, red, green, blue, 0.15);
        cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        cairo_fill (cr);

        set_rgb (cr, &halo_colour);
        cairo_set_line_width (cr, line + 2 * halo);
        cairo_arc (cr, x, y, r, 0, 2 * G_PI);
        cairo_stroke (cr);

        cairo_set_source_rgb (cr, red, green, blue);
        cairo_set_line_width (cr, line);
        cairo_set_dash (cr, dashes, 2, dashes[0] / 2);
        cairo_arc (cr, x, y, r, -G_PI / 2, 3 * G_PI / 2);
        cairo_stroke (cr);
      }
      break;
    }

  cairo_restore (cr);
  unstash_path (cr, saved);
}

SitmapRect
sitmap_symbol_place_extent (double             x,
                            double             y,
                            double             size,
                            SitmapPlaceSymbol  symbol)
{
  double halo = PLACE_HALO * size, half;

  if (!(size > 0))
    return rect_from_bounds (x, y, x, y);

  switch (symbol)
    {
    case SITMAP_PLACE_SYMBOL_CAPITAL:
      half = CAPITAL_RADIUS * size + halo;
      break;

    case SITMAP_PLACE_SYMBOL_CITY:
      half = CITY_RADIUS * size + halo;
      break;

    case SITMAP_PLACE_SYMBOL_VENUE:
      /* The chairs reach furthest; the table is well inside. */
      half = (CHAIR_INNER + CHAIR_DEPTH) * size + halo;
      break;

    case SITMAP_PLACE_SYMBOL_EVENT:
      {
        double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;

        /* The spikes are irregular, so the box is taken from the very
         * vertices the path uses; the round-joined halo adds its width. */
        for (guint i = 0; i < 2 * BURST_POINTS; i++)
          {
            double px, py;

            burst_vertex (x, y, size, i, &px, &py);
            x0 = MIN (x0, px);
            y0 = MIN (y0, py);
            x1 = MAX (x1, px);
            y1 = MAX (y1, py);
          }
        return rect_from_bounds (x0 - halo, y0 - halo, x1 + halo, y1 + halo);
      }

    case SITMAP_PLACE_SYMBOL_AREA:
    default:
      half = AREA_RADIUS * size + AREA_LINE * size / 2 + halo;
      break;
    }

  return rect_from_bounds (x - half, y - half, x + half, y + half);
}

/* Sides ------------------------------------------------------------------ */

void
sitmap_affiliation_colour (SitmapAffiliation  affiliation,
                           double            *red,
                           double            *green,
                           double            *blue)
{
  const Rgb *colour = &deep_colours[checked_affiliation (affiliation)];

  if (red != NULL)
    *red = colour->r;
  if (green != NULL)
    *green = colour->g;
  if (blue != NULL)
    *blue = colour->b;
}

SitmapAffiliation
sitmap_affiliation_for_side (const char *side)
{
  static const struct
  {
    const char        *side;
    SitmapAffiliation  affiliation;
  } sides[] = {
    { "russia",  SITMAP_AFFILIATION_HOSTILE },
    { "ukraine", SITMAP_AFFILIATION_FRIEND },
    { "nato",    SITMAP_AFFILIATION_FRIEND },
    { "canada",  SITMAP_AFFILIATION_FRIEND },
    { "usa",     SITMAP_AFFILIATION_FRIEND },
    { "eu",      SITMAP_AFFILIATION_FRIEND },
    { "neutral", SITMAP_AFFILIATION_NEUTRAL },
  };
  g_autofree char *key = NULL;

  if (side == NULL)
    return SITMAP_AFFILIATION_UNKNOWN;

  /* Hand-written story files: tolerate case and stray spaces. */
  key = g_strstrip (g_ascii_strdown (side, -1));
  for (gsize i = 0; i < G_N_ELEMENTS (sides); i++)
    if (strcmp (sides[i].side, key) == 0)
      return sides[i].affiliation;

  return SITMAP_AFFILIATION_UNKNOWN;
}
