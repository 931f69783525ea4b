/* sitmap-symbols.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-symbols.h"

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

typedef struct
{
  double r, g, b;
} Rgb;

#define RGB8(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0 }

/* APP-6 "medium" fills. */
static const Rgb fill_colours[] = {
  [SITMAP_AFFILIATION_FRIEND]  = RGB8 (128, 224, 255),
  [SITMAP_AFFILIATION_HOSTILE] = RGB8 (255, 128, 128),
  [SITMAP_AFFILIATION_NEUTRAL] = RGB8 (170, 255, 170),
  [SITMAP_AFFILIATION_UNKNOWN] = RGB8 (255, 255, 128),
};

/* Deeper versions that keep their contrast as thin lines on a pale map. */
static const Rgb deep_colours[] = {
  [SITMAP_AFFILIATION_FRIEND]  = RGB8 (0, 107, 179),
  [SITMAP_AFFILIATION_HOSTILE] = RGB8 (200, 30, 30),
  [SITMAP_AFFILIATION_NEUTRAL] = RGB8 (0, 140, 60),
  [SITMAP_AFFILIATION_UNKNOWN] = RGB8 (180, 150, 0),
};

/* Near-black rather than pure black, to sit with the anti-aliased map
 * linework around it. */
static const Rgb frame_ink = RGB8 (26, 26, 26);
static const Rgb halo_colour = RGB8 (255, 255, 255);

/* Military frame geometry, as fractions of L (see above). */
#define FRAME_TALLEST      1.44    /* size / L */
#define FRIEND_HALF_W      0.75
#define FRIEND_HALF_H      0.50
#define NEUTRAL_HALF       0.55
#define DIAMOND_HALF       0.72
#define ECHELON_GAP        0.12    /* frame ink to mark ink */

/* Line weights as fractions of size: 1.5 px outline at size 24. */
#define OUTLINE_PER_SIZE   (1.0 / 16.0)
#define HALO_PER_OUTLINE   0.75
#define MARK_PER_OUTLINE   0.85

/* Pictogram geometry, as fractions of size. */
#define BADGE_SIDE         0.82
#define BADGE_CORNER       0.22    /* of the badge side */
/* Inside the badge, as fractions of half its side. */
#define BADGE_DOT_RADIUS   0.11
#define BADGE_DOT_PITCH    0.30
#define BADGE_DOT_ROW      0.60    /* centre of the row, below the middle */
#define BADGE_HELMET_LIFT  0.16

/* Dash periods: short enough for at least two dashes on every side of a
 * frame, long enough that the dashes do not read as dots. */
#define FRAME_DASH_PERIOD  0.45    /* of L */
#define FRAME_DASH_ON      0.62    /* of the period, caps included */

static SitmapAffiliation
checked_affiliation (SitmapAffiliation affiliation)
{
  if ((guint) affiliation > SITMAP_AFFILIATION_UNKNOWN)
    return SITMAP_AFFILIATION_UNKNOWN;
  return affiliation;
}

static void
set_rgb (cairo_t   *cr,
         const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

/* The draw functions promise to leave the context as they found it, and
 * the current path is not part of what cairo_save() keeps. */
static cairo_path_t *
stash_path (cairo_t *cr)
{
  cairo_path_t *path = cairo_copy_path (cr);

  cairo_new_path (cr);
  return path;
}

static void
unstash_path (cairo_t      *cr,
              cairo_path_t *path)
{
  cairo_new_path (cr);
  if (path->status == CAIRO_STATUS_SUCCESS && path->num_data > 0)
    cairo_append_path (cr, path);
  cairo_path_destroy (path);
}

/* Whatever the caller left set (a dash pattern, an odd operator or fill
 * rule) must not leak into the symbols. */
static void
reset_drawing_state (cairo_t *cr)
{
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_miter_limit (cr, 10);
}

static SitmapRect
rect_from_bounds (double x0,
                  double y0,
                  double x1,
                  double y1)
{
  SitmapRect rect = { x0, y0, x1 - x0, y1 - y0 };

  return rect;
}

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

/* Hatching ---------------------------------------------------------- */

/* More lines than this would be invisible as hatching anyway. */
#define MAX_HATCH_LINES 4096

/* On an image surface, hatching at ±45° is a tile repeated over the area:
 * one fill, where stroking every line through a clip costs cairo as much
 * as the rest of the map.  The tile's period is a whole number of device
 * pixels, so it repeats without blur; spacing moves by under half a pixel
 * for that.  The tile is anchored at the origin like the lines are, so
 * neighbouring areas still line up.  Returns FALSE, drawing nothing, where
 * only vector lines will do: other angles, vector surfaces, rotations. */
static gboolean
hatch_with_tile (cairo_t *cr,
                 double   red,
                 double   green,
                 double   blue,
                 double   spacing,
                 double   angle_degrees,
                 double   hatch_width)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *tile_cr;
  double device_scale_x, device_scale_y, scale, turn = fmod (fabs (angle_degrees), 180);
  gboolean rising;
  int period;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE || (turn != 45 && turn != 135))
    return FALSE;
  /* Rising to the right on screen: 45° anticlockwise, or -135°. */
  rising = (angle_degrees > 0) == (turn == 45);

  cairo_get_matrix (cr, &matrix);
  cairo_surface_get_device_scale (target, &device_scale_x, &device_scale_y);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx != matrix.yy || !(matrix.xx > 0) ||
      device_scale_x != device_scale_y)
    return FALSE;
  scale = matrix.xx * device_scale_x;
  period = (int)round (spacing * G_SQRT2 * scale);
  if (period < 3 || period > 256)
    return FALSE;

  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, period, period);
  tile_cr = cairo_create (tile);
  cairo_set_source_rgba (tile_cr, red, green, blue, 0.15);
  cairo_paint (tile_cr);
  /* Three copies of the line, so that it wraps across the tile's edges. */
  for (int copy = -1; copy <= 1; copy++)
    {
      double offset = copy * period;

      if (rising)
        {
          cairo_move_to (tile_cr, -period, offset + 2 * period);
          cairo_line_to (tile_cr, 2 * period, offset - period);
        }
      else
        {
          cairo_move_to (tile_cr, -period, offset - period);
          cairo_line_to (tile_cr, 2 * period, offset + 2 * period);
        }
    }
  cairo_set_source_rgba (tile_cr, red, green, blue, 0.6);
  cairo_set_line_width (tile_cr, hatch_width * scale);
  cairo_stroke (tile_cr);
  cairo_destroy (tile_cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  /* Pattern space is the tile's pixels: user space scaled to them. */
  cairo_matrix_init_scale (&matrix, scale, scale);
  cairo_pattern_set_matrix (pattern, &matrix);

  cairo_save (cr);
  cairo_set_source (cr, pattern);
  cairo_fill_preserve (cr);
  cairo_restore (cr);

  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (tile);
  return TRUE;
}

void
sitmap_symbol_hatch_path (cairo_t  *cr,
                          double    red,
                          double    green,
                          double    blue,
                          double    spacing,
                          double    angle_degrees,
                          gboolean  dashed_outline)
{
  cairo_path_t *path;
  double line_width, hatch_width, angle, ux, uy, vx, vy;
  double x0, y0, x1, y1, u_min, u_max, v_min, v_max;
  double corners[4][2];
  long k0, k1;

  g_return_if_fail (cr != NULL);

  path = cairo_copy_path (cr);
  if (path->status != CAIRO_STATUS_SUCCESS || path->num_data == 0)
    {
      cairo_path_destroy (path);
      return;
    }

  /* The outline takes the caller's line width, so the hatched area
   * matches whatever weight the map uses for such boundaries. */
  line_width = cairo_get_line_width (cr);
  if (!(spacing > 0) || !isfinite (spacing))
    spacing = 8;
  if (!isfinite (angle_degrees))
    angle_degrees = 45;
  hatch_width = CLAMP (line_width / 2, 0.5, spacing * 0.4);

  if (hatch_with_tile (cr, red, green, blue, spacing, angle_degrees, hatch_width))
    goto outline;

  cairo_save (cr);

  cairo_set_source_rgba (cr, red, green, blue, 0.15);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);

  /* Lines run along u, spaced along v.  They are laid out on a grid
   * anchored at the origin rather than at the shape, so neighbouring
   * hatched areas line up into one texture.  Angles count
   * anticlockwise as seen on screen. */
  angle = angle_degrees * G_PI / 180;
  ux = cos (angle);
  uy = -sin (angle);
  vx = -uy;
  vy = ux;

  corners[0][0] = x0; corners[0][1] = y0;
  corners[1][0] = x1; corners[1][1] = y0;
  corners[2][0] = x1; corners[2][1] = y1;
  corners[3][0] = x0; corners[3][1] = y1;
  u_min = v_min = G_MAXDOUBLE;
  u_max = v_max = -G_MAXDOUBLE;
  for (guint i = 0; i < 4; i++)
    {
      double u = corners[i][0] * ux + corners[i][1] * uy;
      double v = corners[i][0] * vx + corners[i][1] * vy;

      u_min = MIN (u_min, u);
      u_max = MAX (u_max, u);
      v_min = MIN (v_min, v);
      v_max = MAX (v_max, v);
    }

  if ((v_max - v_min) / spacing > MAX_HATCH_LINES)
    spacing = (v_max - v_min) / MAX_HATCH_LINES;
  k0 = (long) ceil (v_min / spacing);
  k1 = (long) floor (v_max / spacing);

  cairo_new_path (cr);
  for (long k = k0; k <= k1; k++)
    {
      double v = k * spacing;

      cairo_move_to (cr, v * vx + u_min * ux, v * vy + u_min * uy);
      cairo_line_to (cr, v * vx + u_max * ux, v * vy + u_max * uy);
    }
  cairo_set_source_rgba (cr, red, green, blue, 0.6);
  cairo_set_line_width (cr, hatch_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);

  cairo_restore (cr);

outline:
  /* The clip consumed the path: put it back, stroke it, and leave it. */
  cairo_new_path (cr);
  cairo_append_path (cr, path);

  cairo_save (cr);
  cairo_set_source_rgb (cr, red, green, blue);
  if (dashed_outline)
    {
      double dashes[2] = { MAX (3 * line_width, 4.0), MAX (2 * line_width, 3.0) };

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    {
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_stroke_preserve (cr);
  cairo_restore (cr);

  cairo_path_destroy (path);
}

/* Arrows --------------------------------------------------------------- */

typedef struct
{
  double x, y;
} Point;

typedef struct
{
  Point p0, c1, c2, p1;
} Cubic;

static Point
cubic_at (const Cubic *c,
          double       t)
{
  double s = 1 - t;
  double a = s * s * s, b = 3 * s * s * t, d = 3 * s * t * t, e = t * t * t;
  Point p = {
    a * c->p0.x + b * c->c1.x + d * c->c2.x + e * c->p1.x,
    a * c->p0.y + b * c->c1.y + d * c->c2.y + e * c->p1.y,
  };

  return p;
}

/* The part of c from 0 to t, by de Casteljau. */
static Cubic
cubic_head (const Cubic *c,
            double       t)
{
  Point ab, bc, cd, abc, bcd;
  Cubic out;

#define LERP(p, q) ((Point) { (p).x + t * ((q).x - (p).x), (p).y + t * ((q).y - (p).y) })
  ab = LERP (c->p0, c->c1);
  bc = LERP (c->c1, c->c2);
  cd = LERP (c->c2, c->p1);
  abc = LERP (ab, bc);
  bcd = LERP (bc, cd);
  out.p0 = c->p0;
  out.c1 = ab;
  out.c2 = abc;
  out.p1 = LERP (abc, bcd);
#undef LERP

  return out;
}

/* One span of a centripetal Catmull–Rom spline through p1 and p2, as a
 * cubic Bézier.  Centripetal knots (square root of the chord) keep the
 * curve from looping or overshooting where the points are unevenly
 * spaced, which hand-placed arrows always are. */
static Cubic
catmull_rom_span (Point p0,
                  Point p1,
                  Point p2,
                  Point p3)
{
  double d1 = sqrt (hypot (p1.x - p0.x, p1.y - p0.y));
  double d2 = sqrt (hypot (p2.x - p1.x, p2.y - p1.y));
  double d3 = sqrt (hypot (p3.x - p2.x, p3.y - p2.y));
  double m1x, m1y, m2x, m2y;
  Cubic c;

  /* Tangents at p1 and p2 with respect to the knot parameter. */
  m1x = (p1.x - p0.x) / d1 - (p2.x - p0.x) / (d1 + d2) + (p2.x - p1.x) / d2;
  m1y = (p1.y - p0.y) / d1 - (p2.y - p0.y) / (d1 + d2) + (p2.y - p1.y) / d2;
  m2x = (p2.x - p1.x) / d2 - (p3.x - p1.x) / (d2 + d3) + (p3.x - p2.x) / d3;
  m2y = (p2.y - p1.y) / d2 - (p3.y - p1.y) / (d2 + d3) + (p3.y - p2.y) / d3;

  c.p0 = p1;
  c.c1 = (Point) { p1.x + m1x * d2 / 3, p1.y + m1y * d2 / 3 };
  c.c2 = (Point) { p2.x - m2x * d2 / 3, p2.y - m2y * d2 / 3 };
  c.p1 = p2;
  return c;
}

/* Points closer than this add nothing visible but ruin tangents. */
#define ARROW_MIN_STEP 0.25

/* Arrowhead proportions: in shaft widths, plus a little in pixels so
 * that the heads of thin arrows still read as heads. */
#define HEAD_LENGTH        3.0
#define HEAD_LENGTH_EXTRA  4.0
#define HEAD_HALF          1.4
#define HEAD_HALF_EXTRA    2.0
#define HEAD_NOTCH         0.18    /* of the head length */

static void
path_cubics (cairo_t     *cr,
             const Cubic *cubics,
             guint        n)
{
  for (guint i = 0; i < n; i++)
    cairo_curve_to (cr,
                    cubics[i].c1.x, cubics[i].c1.y,
                    cubics[i].c2.x, cubics[i].c2.y,
                    cubics[i].p1.x, cubics[i].p1.y);
}

void
sitmap_symbol_draw_arrow (cairo_t      *cr,
                          const double *xy,
                          guint         n_points,
                          double        width,
                          double        red,
                          double        green,
                          double        blue)
{
  g_autofree Point *points = NULL;
  g_autofree Cubic *cubics = NULL;
  guint n = 0, n_shaft = 0;
  Point tip, dir, normal, start_dir;
  double head_length, head_half, notch, cut, reach, casing, len;
  Point corner_a, corner_b, notch_point;
  cairo_path_t *saved;

  g_return_if_fail (cr != NULL);

  if (xy == NULL || n_points < 2 || !(width > 0) || !isfinite (width))
    return;

  /* Drop repeated points, but always keep the last one: it is the tip. */
  points = g_new (Point, n_points);
  for (guint i = 0; i < n_points; i++)
    {
      Point p = { xy[2 * i], xy[2 * i + 1] };

      if (!isfinite (p.x) || !isfinite (p.y))
        continue;
      if (n > 0 && hypot (p.x - points[n - 1].x, p.y - points[n - 1].y) < ARROW_MIN_STEP)
        {
          if (n > 1)
            points[n - 1] = p;
          continue;
        }
      points[n++] = p;
    }
  if (n < 2)
    return;

  cubics = g_new (Cubic, n - 1);
  for (guint i = 0; i + 1 < n; i++)
    {
      /* Beyond the ends, mirror the neighbour: the curve then leaves the
       * first point and reaches the last one heading straight at them. */
      Point before = i > 0 ? points[i - 1]
                           : (Point) { 2 * points[0].x - points[1].x, 2 * points[0].y - points[1].y };
      Point after = i + 2 < n ? points[i + 2]
                              : (Point) { 2 * points[n - 1].x - points[n - 2].x,
                                          2 * points[n - 1].y - points[n - 2].y };

      cubics[i] = catmull_rom_span (before, points[i], points[i + 1], after);
    }

  tip = points[n - 1];
  dir.x = cubics[n - 2].p1.x - cubics[n - 2].c2.x;
  dir.y = cubics[n - 2].p1.y - cubics[n - 2].c2.y;
  len = hypot (dir.x, dir.y);
  if (len < 1e-9)
    {
      dir.x = tip.x - points[n - 2].x;
      dir.y = tip.y - points[n - 2].y;
      len = hypot (dir.x, dir.y);
    }
  dir.x /= len;
  dir.y /= len;
  normal = (Point) { -dir.y, dir.x };

  start_dir.x = cubics[0].c1.x - cubics[0].p0.x;
  start_dir.y = cubics[0].c1.y - cubics[0].p0.y;
  len = hypot (start_dir.x, start_dir.y);
  if (len < 1e-9)
    {
      start_dir.x = points[1].x - points[0].x;
      start_dir.y = points[1].y - points[0].y;
      len = hypot (start_dir.x, start_dir.y);
    }
  start_dir.x /= len;
  start_dir.y /= len;

  head_length = HEAD_LENGTH * width + HEAD_LENGTH_EXTRA;
  head_half = HEAD_HALF * width + HEAD_HALF_EXTRA;

  /* An arrow shorter than its own head gets a smaller head rather than
   * one that overshoots its tail.  The control points bound the curve,
   * so they bound how far back it reaches. */
  reach = 0;
  for (guint i = 0; i + 1 < n; i++)
    {
      Point q[3] = { cubics[i].p0, cubics[i].c1, cubics[i].c2 };

      for (guint j = 0; j < 3; j++)
        reach = MAX (reach, (tip.x - q[j].x) * dir.x + (tip.y - q[j].y) * dir.y);
    }
  if (reach < 1.25 * head_length)
    {
      double k = MAX (reach / (1.25 * head_length), 0.3);

      head_length *= k;
      head_half *= k;
    }
  notch = HEAD_NOTCH * head_length;

  /* The shaft stops a little inside the head, behind its notch: its
   * butt end is then hidden under the head, and the tip stays the sharp
   * point of the head alone. */
  cut = head_length - notch - 0.25 * MIN (width, head_half);
  n_shaft = 0;
  for (guint i = n - 1; i-- > 0 && n_shaft == 0;)
    {
      const guint steps = 32;
      double t_prev = 1;

      for (guint s = 1; s <= steps; s++)
        {
          double t = 1 - (double) s / steps;
          Point p = cubic_at (&cubics[i], t);

          if ((p.x - tip.x) * dir.x + (p.y - tip.y) * dir.y <= -cut)
            {
              double lo = t, hi = t_prev;

              for (guint iter = 0; iter < 40; iter++)
                {
                  double mid = (lo + hi) / 2;
                  Point q = cubic_at (&cubics[i], mid);

                  if ((q.x - tip.x) * dir.x + (q.y - tip.y) * dir.y <= -cut)
                    lo = mid;
                  else
                    hi = mid;
                }
              cubics[i] = cubic_head (&cubics[i], lo);
              n_shaft = i + 1;
              break;
            }
          t_prev = t;
        }
    }

  corner_a = (Point) { tip.x - dir.x * head_length + normal.x * head_half,
                       tip.y - dir.y * head_length + normal.y * head_half };
  corner_b = (Point) { tip.x - dir.x * head_length - normal.x * head_half,
                       tip.y - dir.y * head_length - normal.y * head_half };
  notch_point = (Point) { tip.x - dir.x * (head_length - notch),
                          tip.y - dir.y * (head_length - notch) };

  saved = stash_path (cr);
  cairo_save (cr);
  reset_drawing_state (cr);

  /* Casing: one white underlay for shaft and head together, drawn
   * before either so the head's casing cannot cut across the shaft.  At
   * the tail the shaft is extended by the casing width to close it. */
  casing = CLAMP (0.25 * width, 0.75, 2.0);
  set_rgb (cr, &halo_colour);
  if (n_shaft > 0)
    {
      cairo_set_line_width (cr, width + 2 * casing);
      cairo_move_to (cr, points[0].x - start_dir.x * casing, points[0].y - start_dir.y * casing);
      cairo_line_to (cr, points[0].x, points[0].y);
      path_cubics (cr, cubics, n_shaft);
      cairo_stroke (cr);
    }
  cairo_set_line_width (cr, 2 * casing);
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, corner_a.x, corner_a.y);
  cairo_line_to (cr, notch_point.x, notch_point.y);
  cairo_line_to (cr, corner_b.x, corner_b.y);
  cairo_close_path (cr);
  cairo_stroke_preserve (cr);
  cairo_fill (cr);

  cairo_set_source_rgb (cr, red, green, blue);
  if (n_shaft > 0)
    {
      cairo_set_line_width (cr, width);
      cairo_move_to (cr, points[0].x, points[0].y);
      path_cubics (cr, cubics, n_shaft);
      cairo_stroke (cr);
    }
  cairo_move_to (cr, tip.x, tip.y);
  cairo_line_to (cr, corner_a.x, corner_a.y);
  cairo_line_to (cr, notch_point.x, notch_point.y);
  cairo_line_to (cr, corner_b.x, corner_b.y);
  cairo_close_path (cr);
  cairo_fill (cr);

  cairo_restore (cr);
  unstash_path (cr, saved);
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
