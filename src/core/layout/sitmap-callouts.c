/* sitmap-callouts.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sitmap-callouts.h"

/* How the layout works
 *
 * Every request gets a fixed set of candidate positions: six leader
 * lengths times sixteen directions, the four straight ones also with the
 * box slid to either side.  A diagonal leader ends on the box corner that
 * faces the anchor and a straight one meets the facing edge at a right
 * angle, so the leader always ends on the point of the outline nearest the
 * anchor and never runs along or into its own box.
 *
 * Everything that does not depend on the other callouts (the view, the
 * obstacles, the other anchors) is settled once per candidate: candidates
 * that break a rule are dropped, the rest get a cost and are sorted.  The
 * placement itself then only has to test candidates against the callouts
 * already placed, and a cheap bounding-box test skips nearly all of those.
 *
 * Requests go in priority order, each taking its cheapest candidate that
 * still fits.  One that finds none tries a bounded repair: it takes a good
 * candidate that is blocked by at most REPAIR_MAX_BLOCKERS callouts, and
 * those callouts look for new places; if any of them finds none, all of
 * it is undone.  Hints add costs, not rules: the side a callout should
 * take, and boxes it should keep clear of.  A second round retries what is still missing (repairs may
 * have opened room), and a last round lets every callout move to a cheaper
 * candidate that has since become free.
 *
 * The internal clearances are a little stricter than the rules promised in
 * the header, so a leader never merely grazes a box and boxes never touch.
 * Nothing depends on hashing, timing or allocation addresses, and all ties
 * are broken by index, so equal input gives byte-identical output. */

#define VIEW_MARGIN              8.0   /* boxes keep this far inside the view */
#define ANCHOR_CLEARANCE         6.0   /* boxes keep this far from other anchors */
#define BOX_GAP                  4.0   /* between two callout boxes */
#define OBSTACLE_GAP             2.0   /* between a box and an obstacle */
#define LEADER_BOX_CLEARANCE     3.0   /* between a leader and a foreign box */
#define LEADER_LEADER_CLEARANCE  3.0   /* between two leaders of different places */
#define LEADER_ANCHOR_CLEARANCE  4.0   /* between a leader and another place */
/* Anchors closer than this are one place drawn twice: their leaders may
 * start side by side, so only a real crossing counts between them. */
#define SAME_PLACE_DISTANCE      8.0
/* Envelopes are grown by half the largest clearance above, so two that do
 * not overlap cannot conflict and the exact tests can be skipped. */
#define ENVELOPE_MARGIN          2.0

#define ANCHOR_NEAR_DISTANCE    40.0   /* other anchors closer than this cost */
#define ANCHOR_NEAR_COST        40.0
#define OBSTACLE_NEAR_DISTANCE  12.0
#define OBSTACLE_NEAR_COST       8.0
#define SLIDE_COST               4.0

#define REPAIR_MAX_BLOCKERS      3
#define REPAIR_SCAN             48     /* candidates looked at for a repair */
#define REPAIR_TRIES             8     /* repairs tried per request */
/* Once a layout has spent this many pair tests, no more repairs are
 * tried.  Forty callouts in ordinary scenes spend at most about half of
 * it; it only bounds pathological ones.  A count rather than a clock, so
 * the result does not depend on the machine. */
#define REPAIR_BUDGET       250000

/* Short first: a callout reads as belonging to its place when it is
 * near it, and the longest are for crowded places only. */
static const double leader_lengths[] = { 18, 32, 50, 74, 104, 140 };

/* A callout on another side than asked costs as much as a leader this
 * much longer: left and right matter most, as a reader remembers them;
 * one over a soft obstacle as much as this. */
#define SIDE_COST_X           120.0
#define SIDE_COST_Y            32.0
#define SOFT_OBSTACLE_COST     60.0
#define SOFT_LEADER_COST        6.0

/* Unit directions in screen space (y grows downwards), written out rather
 * than computed so the straight ones are exact on every libm.  Costs are
 * in pixels of extra leader: diagonal boxes sit out of the way of the
 * anchor and of each other, straight ones above or below cover the most,
 * and up and to the right reads first. */
typedef struct
{
  double dx, dy;
  double cost;
} Direction;

#define C22 0.92387953251128674
#define S22 0.38268343236508978
#define D45 0.70710678118654752

static const Direction directions[] = {
  {  1.0,  0.0,  8 },  /* E */
  {  C22, -S22,  4 },
  {  D45, -D45,  0 },  /* NE */
  {  S22, -C22,  4 },
  {  0.0, -1.0, 14 },  /* N */
  { -S22, -C22,  6 },
  { -D45, -D45,  2 },  /* NW */
  { -C22, -S22,  6 },
  { -1.0,  0.0, 10 },  /* W */
  { -C22,  S22,  9 },
  { -D45,  D45,  5 },  /* SW */
  { -S22,  C22,  9 },
  {  0.0,  1.0, 16 },  /* S */
  {  S22,  C22,  7 },
  {  D45,  D45,  3 },  /* SE */
  {  C22,  S22,  7 },
};

/* Where the anchor meets a straight leader's edge, as a fraction of it:
 * centred first, then slid either way. */
static const double slides[] = { 0.5, 0.25, 0.75 };

#define MAX_CANDIDATES (G_N_ELEMENTS (leader_lengths) * \
                        (G_N_ELEMENTS (directions) + 4 * (G_N_ELEMENTS (slides) - 1)))

typedef struct
{
  SitmapRect box;
  double     x1, y1;     /* leader end, on the outline */
  SitmapRect envelope;   /* box and leader, grown by ENVELOPE_MARGIN */
  double     cost;
  guint      index;      /* in generation order, for ties */
} Candidate;

typedef struct
{
  double     ax, ay;
  Candidate *candidates; /* the feasible ones, cheapest first */
  guint      n_candidates;
  int        current;    /* into candidates, or -1 if not placed */
} Item;

typedef struct
{
  const SitmapCalloutRequest *requests;
  guint                       n_requests;
  const SitmapRect           *obstacles;
  guint                       n_obstacles;
  const SitmapCalloutHints   *hints;
  double                      view_width;
  double                      view_height;

  Item      *items;
  Candidate *candidate_store;
  guint     *order;      /* priority descending, then input index */
  guint64    work;       /* pair tests spent on repairs */
} Layout;

/* Geometry */

static inline double
orient (double ax, double ay,
        double bx, double by,
        double cx, double cy)
{
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

static inline int
sign_of (double v)
{
  return (v > 0) - (v < 0);
}

/* For a point already known to be on the segment's line. */
static inline gboolean
within_segment (double x0, double y0,
                double x1, double y1,
                double px, double py)
{
  return px >= MIN (x0, x1) && px <= MAX (x0, x1) &&
         py >= MIN (y0, y1) && py <= MAX (y0, y1);
}

static inline gboolean
is_endpoint (double x0, double y0,
             double x1, double y1,
             double px, double py)
{
  return (px == x0 && py == y0) || (px == x1 && py == y1);
}

gboolean
sitmap_segments_cross (double ax0, double ay0, double ax1, double ay1,
                       double bx0, double by0, double bx1, double by1)
{
  int d1 = sign_of (orient (bx0, by0, bx1, by1, ax0, ay0));
  int d2 = sign_of (orient (bx0, by0, bx1, by1, ax1, ay1));
  int d3 = sign_of (orient (ax0, ay0, ax1, ay1, bx0, by0));
  int d4 = sign_of (orient (ax0, ay0, ax1, ay1, bx1, by1));

  if (d1 * d2 < 0 && d3 * d4 < 0)
    return TRUE;

  if (d1 == 0 && d2 == 0 && d3 == 0 && d4 == 0)
    {
      /* On one line (or points): for collinear segments the overlap of
       * their bounding boxes is the bounding box of their overlap. */
      double lo_x = MAX (MIN (ax0, ax1), MIN (bx0, bx1));
      double hi_x = MIN (MAX (ax0, ax1), MAX (bx0, bx1));
      double lo_y = MAX (MIN (ay0, ay1), MIN (by0, by1));
      double hi_y = MIN (MAX (ay0, ay1), MAX (by0, by1));

      if (lo_x > hi_x || lo_y > hi_y)
        return FALSE;
      if (hi_x > lo_x || hi_y > lo_y)
        return TRUE;
      /* A single common point is fine only where both end. */
      return !(is_endpoint (ax0, ay0, ax1, ay1, lo_x, lo_y) &&
               is_endpoint (bx0, by0, bx1, by1, lo_x, lo_y));
    }

  /* Not on one line, so they meet at most once; an endpoint of one on the
   * other is a touch, harmless only where both segments end. */
  if (d1 == 0 && within_segment (bx0, by0, bx1, by1, ax0, ay0) &&
      !is_endpoint (bx0, by0, bx1, by1, ax0, ay0))
    return TRUE;
  if (d2 == 0 && within_segment (bx0, by0, bx1, by1, ax1, ay1) &&
      !is_endpoint (bx0, by0, bx1, by1, ax1, ay1))
    return TRUE;
  if (d3 == 0 && within_segment (ax0, ay0, ax1, ay1, bx0, by0) &&
      !is_endpoint (ax0, ay0, ax1, ay1, bx0, by0))
    return TRUE;
  if (d4 == 0 && within_segment (ax0, ay0, ax1, ay1, bx1, by1) &&
      !is_endpoint (ax0, ay0, ax1, ay1, bx1, by1))
    return TRUE;

  return FALSE;
}

gboolean
sitmap_segment_intersects_rect (double            x0,
                                double            y0,
                                double            x1,
                                double            y1,
                                const SitmapRect *rect)
{
  double t0 = 0, t1 = 1;
  double p[4], q[4];

  g_return_val_if_fail (rect != NULL, FALSE);

  /* Also rejects NaN sizes. */
  if (!(rect->width >= 0 && rect->height >= 0))
    return FALSE;

  /* Liang–Barsky clipping against the closed rectangle: a leader that
   * only touches a box's outline still reads as touching it. */
  p[0] = x0 - x1;  q[0] = x0 - rect->x;
  p[1] = x1 - x0;  q[1] = rect->x + rect->width - x0;
  p[2] = y0 - y1;  q[2] = y0 - rect->y;
  p[3] = y1 - y0;  q[3] = rect->y + rect->height - y0;

  for (guint k = 0; k < 4; k++)
    {
      if (p[k] == 0)
        {
          if (q[k] < 0)
            return FALSE;
        }
      else
        {
          double r = q[k] / p[k];

          if (p[k] < 0)
            {
              if (r > t1)
                return FALSE;
              t0 = MAX (t0, r);
            }
          else
            {
              if (r < t0)
                return FALSE;
              t1 = MIN (t1, r);
            }
        }
    }

  return TRUE;
}

/* The same as sitmap_rect_intersects() and sitmap_rect_inflate(), but
 * inlined: the candidate tests call them millions of times. */
static inline gboolean
rects_overlap (const SitmapRect *a,
               const SitmapRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

static inline SitmapRect
rect_grow (const SitmapRect *rect,
           double            margin)
{
  SitmapRect out = { rect->x - margin, rect->y - margin,
                     rect->width + 2 * margin, rect->height + 2 * margin };
  return out;
}

static inline double
point_rect_distance (const SitmapRect *rect,
                     double            x,
                     double            y)
{
  double dx = MAX (MAX (rect->x - x, x - (rect->x + rect->width)), 0);
  double dy = MAX (MAX (rect->y - y, y - (rect->y + rect->height)), 0);

  return sqrt (dx * dx + dy * dy);
}

static inline double
rect_rect_distance (const SitmapRect *a,
                    const SitmapRect *b)
{
  double dx = MAX (MAX (b->x - (a->x + a->width), a->x - (b->x + b->width)), 0);
  double dy = MAX (MAX (b->y - (a->y + a->height), a->y - (b->y + b->height)), 0);

  return sqrt (dx * dx + dy * dy);
}

static inline double
point_segment_distance_sq (double px, double py,
                           double x0, double y0,
                           double x1, double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len_sq = dx * dx + dy * dy;
  double t = len_sq > 0 ? ((px - x0) * dx + (py - y0) * dy) / len_sq : 0;
  double ex, ey;

  t = CLAMP (t, 0, 1);
  ex = x0 + t * dx - px;
  ey = y0 + t * dy - py;
  return ex * ex + ey * ey;
}

/* Only meaningful for segments that do not cross. */
static inline double
segment_segment_distance_sq (double ax0, double ay0, double ax1, double ay1,
                             double bx0, double by0, double bx1, double by1)
{
  double d = point_segment_distance_sq (ax0, ay0, bx0, by0, bx1, by1);

  d = MIN (d, point_segment_distance_sq (ax1, ay1, bx0, by0, bx1, by1));
  d = MIN (d, point_segment_distance_sq (bx0, by0, ax0, ay0, ax1, ay1));
  d = MIN (d, point_segment_distance_sq (bx1, by1, ax0, ay0, ax1, ay1));
  return d;
}

static inline gboolean
same_place (double ax, double ay,
            double bx, double by)
{
  double dx = ax - bx, dy = ay - by;

  return dx * dx + dy * dy < SAME_PLACE_DISTANCE * SAME_PLACE_DISTANCE;
}

/* Candidates */

/* What lies within a request's reach, so candidates need not look at the
 * whole map. */
typedef struct
{
  guint    index;
  gboolean exempt;   /* an obstacle over the own anchor, or the same place */
} Nearby;

typedef struct
{
  Nearby *obstacles;
  guint   n_obstacles;
  Nearby *anchors;
  guint   n_anchors;
} Surroundings;

static void
surroundings_collect (const Layout *self,
                      guint         item,
                      Surroundings *near)
{
  const Item *it = &self->items[item];
  const SitmapCalloutRequest *request = &self->requests[item];
  double longest = leader_lengths[G_N_ELEMENTS (leader_lengths) - 1];
  double slack = MAX (ANCHOR_NEAR_DISTANCE, OBSTACLE_NEAR_DISTANCE) + ANCHOR_CLEARANCE + 1;
  SitmapRect reach;

  /* Every candidate's box and leader, and the distances its cost looks
   * at, fall inside this. */
  reach.x = it->ax - longest - request->width - slack;
  reach.y = it->ay - longest - request->height - slack;
  reach.width = 2 * (longest + request->width + slack);
  reach.height = 2 * (longest + request->height + slack);

  near->n_obstacles = 0;
  for (guint o = 0; o < self->n_obstacles; o++)
    if (rects_overlap (&reach, &self->obstacles[o]))
      {
        Nearby *n = &near->obstacles[near->n_obstacles++];

        n->index = o;
        /* The marker under the leader's own anchor may be crossed. */
        n->exempt = sitmap_rect_contains (&self->obstacles[o], it->ax, it->ay);
      }

  near->n_anchors = 0;
  for (guint j = 0; j < self->n_requests; j++)
    {
      const Item *other = &self->items[j];

      if (j != item && sitmap_rect_contains (&reach, other->ax, other->ay))
        {
          Nearby *n = &near->anchors[near->n_anchors++];

          n->index = j;
          n->exempt = same_place (it->ax, it->ay, other->ax, other->ay);
        }
    }
}

/* Whether a candidate breaks a rule that does not involve other callouts,
 * and otherwise what it costs.  The cheap tests come first: most
 * candidates fail one of them. */
static gboolean
candidate_check_static (const Layout       *self,
                        const Surroundings *near,
                        guint               item,
                        Candidate          *c,
                        double              base_cost)
{
  const Item *it = &self->items[item];
  const SitmapRect *box = &c->box;
  SitmapRect grown = rect_grow (box, OBSTACLE_GAP);
  SitmapRect guard = rect_grow (box, ANCHOR_CLEARANCE);
  SitmapRect leader;
  double cost = base_cost;

  if (box->x < VIEW_MARGIN || box->y < VIEW_MARGIN ||
      box->x + box->width > self->view_width - VIEW_MARGIN ||
      box->y + box->height > self->view_height - VIEW_MARGIN)
    return FALSE;

  for (guint k = 0; k < near->n_obstacles; k++)
    if (rects_overlap (&grown, &self->obstacles[near->obstacles[k].index]))
      return FALSE;

  /* A box never hides another place, not even the same place asked for
   * twice. */
  for (guint k = 0; k < near->n_anchors; k++)
    {
      const Item *other = &self->items[near->anchors[k].index];

      if (sitmap_rect_contains (&guard, other->ax, other->ay))
        return FALSE;
    }

  /* The leader's bounds, grown so the anchor test below can use them. */
  leader.x = MIN (it->ax, c->x1) - LEADER_ANCHOR_CLEARANCE;
  leader.y = MIN (it->ay, c->y1) - LEADER_ANCHOR_CLEARANCE;
  leader.width = fabs (it->ax - c->x1) + 2 * LEADER_ANCHOR_CLEARANCE;
  leader.height = fabs (it->ay - c->y1) + 2 * LEADER_ANCHOR_CLEARANCE;

  for (guint k = 0; k < near->n_obstacles; k++)
    {
      const SitmapRect *obstacle = &self->obstacles[near->obstacles[k].index];

      if (!near->obstacles[k].exempt &&
          rects_overlap (&leader, obstacle) &&
          sitmap_segment_intersects_rect (it->ax, it->ay, c->x1, c->y1, obstacle))
        return FALSE;
    }

  for (guint k = 0; k < near->n_anchors; k++)
    {
      const Item *other = &self->items[near->anchors[k].index];

      if (!near->anchors[k].exempt &&
          sitmap_rect_contains (&leader, other->ax, other->ay) &&
          point_segment_distance_sq (other->ax, other->ay, it->ax, it->ay, c->x1, c->y1) <
          LEADER_ANCHOR_CLEARANCE * LEADER_ANCHOR_CLEARANCE)
        return FALSE;
    }

  for (guint k = 0; k < near->n_obstacles; k++)
    {
      double d = rect_rect_distance (box, &self->obstacles[near->obstacles[k].index]);

      if (d < OBSTACLE_NEAR_DISTANCE)
        cost += OBSTACLE_NEAR_COST * (1 - d / OBSTACLE_NEAR_DISTANCE);
    }

  /* Room left around other places is room for their callouts. */
  for (guint k = 0; k < near->n_anchors; k++)
    {
      const Item *other = &self->items[near->anchors[k].index];
      double d;

      if (near->anchors[k].exempt)
        continue;

      d = point_rect_distance (box, other->ax, other->ay);
      if (d < ANCHOR_NEAR_DISTANCE)
        {
          double f = 1 - d / ANCHOR_NEAR_DISTANCE;
          cost += ANCHOR_NEAR_COST * f * f;
        }
    }

  if (self->hints)
    for (guint k = 0; k < self->hints->n_soft_obstacles; k++)
      {
        const SitmapRect *soft = &self->hints->soft_obstacles[k];

        if (rects_overlap (box, soft))
          cost += SOFT_OBSTACLE_COST;
        else if (rects_overlap (&leader, soft) &&
                 sitmap_segment_intersects_rect (it->ax, it->ay, c->x1, c->y1, soft))
          cost += SOFT_LEADER_COST;
      }

  c->cost = cost;
  return TRUE;
}

static int
candidate_compare (const void *a,
                   const void *b)
{
  const Candidate *ca = a, *cb = b;

  if (ca->cost != cb->cost)
    return ca->cost < cb->cost ? -1 : 1;
  return (ca->index > cb->index) - (ca->index < cb->index);
}

static void
candidate_set_box (Candidate *c,
                   double     ax,
                   double     ay,
                   double     x,
                   double     y,
                   double     width,
                   double     height)
{
  double min_x, min_y, max_x, max_y;

  /* Whole logical pixels, so the outlines draw crisply. */
  c->box.x = round (x);
  c->box.y = round (y);
  c->box.width = width;
  c->box.height = height;

  /* The nearest point of the outline: the facing corner for a diagonal
   * leader, the foot of the perpendicular for a straight one. */
  c->x1 = CLAMP (ax, c->box.x, c->box.x + width);
  c->y1 = CLAMP (ay, c->box.y, c->box.y + height);

  min_x = MIN (c->box.x, ax);
  min_y = MIN (c->box.y, ay);
  max_x = MAX (c->box.x + width, ax);
  max_y = MAX (c->box.y + height, ay);
  c->envelope.x = min_x - ENVELOPE_MARGIN;
  c->envelope.y = min_y - ENVELOPE_MARGIN;
  c->envelope.width = max_x - min_x + 2 * ENVELOPE_MARGIN;
  c->envelope.height = max_y - min_y + 2 * ENVELOPE_MARGIN;
}

static int
sign_of_direction (double v)
{
  return (v > 1e-9) - (v < -1e-9);
}

/* Half the cost for a straight leader on the axis asked about: it is on
 * neither side. */
static double
side_cost (const Layout    *self,
           guint            item,
           const Direction *dir)
{
  const SitmapCalloutSide *want;
  double cost = 0;
  int dx = sign_of_direction (dir->dx), dy = sign_of_direction (dir->dy);

  if (!self->hints || !self->hints->preferred_sides)
    return 0;
  want = &self->hints->preferred_sides[item];
  if (want->dx != 0 && dx != want->dx)
    cost += dx == 0 ? SIDE_COST_X / 4 : SIDE_COST_X;
  if (want->dy != 0 && dy != want->dy)
    cost += dy == 0 ? SIDE_COST_Y / 2 : SIDE_COST_Y;
  return cost;
}

static void
item_generate_candidates (Layout       *self,
                          Surroundings *near,
                          guint         item)
{
  Item *it = &self->items[item];
  const SitmapCalloutRequest *request = &self->requests[item];
  double w = request->width, h = request->height;
  guint index = 0;

  it->n_candidates = 0;
  it->current = -1;

  if (!isfinite (it->ax) || !isfinite (it->ay) ||
      !isfinite (w) || !isfinite (h) || w <= 0 || h <= 0)
    return;
  /* A callout for a place outside the view would point at nothing. */
  if (it->ax < 0 || it->ay < 0 || it->ax > self->view_width || it->ay > self->view_height)
    return;

  surroundings_collect (self, item, near);

  for (guint l = 0; l < G_N_ELEMENTS (leader_lengths); l++)
    for (guint d = 0; d < G_N_ELEMENTS (directions); d++)
      {
        const Direction *dir = &directions[d];
        double len = leader_lengths[l];
        double px = it->ax + len * dir->dx;
        double py = it->ay + len * dir->dy;
        gboolean straight = dir->dx == 0 || dir->dy == 0;
        guint n_slides = straight ? G_N_ELEMENTS (slides) : 1;

        for (guint s = 0; s < n_slides; s++)
          {
            Candidate *c = &it->candidates[it->n_candidates];
            double x, y;

            /* The box lies wholly beyond the leader's end, on the side
             * the leader points to. */
            if (dir->dx > 0)
              x = px;
            else if (dir->dx < 0)
              x = px - w;
            else
              x = px - w * slides[s];

            if (dir->dy > 0)
              y = py;
            else if (dir->dy < 0)
              y = py - h;
            else
              y = py - h * slides[s];

            candidate_set_box (c, it->ax, it->ay, x, y, w, h);
            c->index = index++;

            /* Rounding cannot bring the box onto its own anchor at these
             * lengths, but the leader must never be empty. */
            if (sitmap_rect_contains (&c->box, it->ax, it->ay))
              continue;

            if (candidate_check_static (self, near, item, c,
                                        len - leader_lengths[0] + dir->cost +
                                        (s > 0 ? SLIDE_COST : 0) + side_cost (self, item, dir)))
              it->n_candidates++;
          }
      }

  qsort (it->candidates, it->n_candidates, sizeof (Candidate), candidate_compare);
}

/* Placement */

static gboolean
candidates_conflict (const Item      *ia,
                     const Candidate *a,
                     const Item      *ib,
                     const Candidate *b)
{
  SitmapRect grown;

  if (!rects_overlap (&a->envelope, &b->envelope))
    return FALSE;

  grown = rect_grow (&a->box, BOX_GAP);
  if (rects_overlap (&grown, &b->box))
    return TRUE;

  grown = rect_grow (&b->box, LEADER_BOX_CLEARANCE);
  if (sitmap_segment_intersects_rect (ia->ax, ia->ay, a->x1, a->y1, &grown))
    return TRUE;
  grown = rect_grow (&a->box, LEADER_BOX_CLEARANCE);
  if (sitmap_segment_intersects_rect (ib->ax, ib->ay, b->x1, b->y1, &grown))
    return TRUE;

  if (sitmap_segments_cross (ia->ax, ia->ay, a->x1, a->y1,
                             ib->ax, ib->ay, b->x1, b->y1))
    return TRUE;
  if (!same_place (ia->ax, ia->ay, ib->ax, ib->ay) &&
      segment_segment_distance_sq (ia->ax, ia->ay, a->x1, a->y1,
                                   ib->ax, ib->ay, b->x1, b->y1) <
      LEADER_LEADER_CLEARANCE * LEADER_LEADER_CLEARANCE)
    return TRUE;

  return FALSE;
}

/* Collects up to max_blockers placed callouts in conflict with candidate c
 * of item, in priority order; returns how many there are, or
 * max_blockers + 1 if there are more. */
static guint
find_blockers (Layout          *self,
               guint            item,
               const Candidate *c,
               guint           *blockers,
               guint            max_blockers)
{
  const Item *it = &self->items[item];
  guint n = 0;

  for (guint k = 0; k < self->n_requests; k++)
    {
      guint j = self->order[k];
      const Item *other = &self->items[j];

      if (j == item || other->current < 0)
        continue;

      self->work++;
      if (candidates_conflict (it, c, other, &other->candidates[other->current]))
        {
          if (n == max_blockers)
            return n + 1;
          blockers[n++] = j;
        }
    }

  return n;
}

static inline gboolean
candidate_is_free (Layout          *self,
                   guint            item,
                   const Candidate *c)
{
  return find_blockers (self, item, c, NULL, 0) == 0;
}

/* Moves item to the cheapest free candidate below limit, if any. */
static gboolean
item_place_greedy (Layout *self,
                   guint   item,
                   guint   limit)
{
  Item *it = &self->items[item];

  for (guint c = 0; c < MIN (limit, it->n_candidates); c++)
    if (candidate_is_free (self, item, &it->candidates[c]))
      {
        it->current = c;
        return TRUE;
      }

  return FALSE;
}

typedef struct
{
  guint candidate;
  guint n_blockers;
  guint blockers[REPAIR_MAX_BLOCKERS];
} RepairOption;

static int
repair_option_compare (const void *a,
                       const void *b)
{
  const RepairOption *ra = a, *rb = b;

  /* Disturb as few callouts as possible, then the cheapest. */
  if (ra->n_blockers != rb->n_blockers)
    return ra->n_blockers < rb->n_blockers ? -1 : 1;
  return (ra->candidate > rb->candidate) - (ra->candidate < rb->candidate);
}

static gboolean
item_place_repair (Layout *self,
                   guint   item)
{
  Item *it = &self->items[item];
  RepairOption options[REPAIR_SCAN];
  guint n_options = 0;

  for (guint c = 0; c < MIN ((guint) REPAIR_SCAN, it->n_candidates); c++)
    {
      RepairOption *option = &options[n_options];

      if (self->work > REPAIR_BUDGET)
        return FALSE;

      option->candidate = c;
      option->n_blockers = find_blockers (self, item, &it->candidates[c],
                                          option->blockers, REPAIR_MAX_BLOCKERS);
      if (option->n_blockers <= REPAIR_MAX_BLOCKERS)
        n_options++;
    }

  qsort (options, n_options, sizeof (RepairOption), repair_option_compare);

  for (guint r = 0; r < MIN ((guint) REPAIR_TRIES, n_options); r++)
    {
      const RepairOption *option = &options[r];
      int saved[REPAIR_MAX_BLOCKERS];
      gboolean ok = TRUE;

      if (self->work > REPAIR_BUDGET)
        return FALSE;

      for (guint b = 0; b < option->n_blockers; b++)
        {
          saved[b] = self->items[option->blockers[b]].current;
          self->items[option->blockers[b]].current = -1;
        }
      it->current = option->candidate;

      /* Blockers come in priority order, so the more important ones get
       * first pick of the room that is left. */
      for (guint b = 0; ok && b < option->n_blockers; b++)
        ok = item_place_greedy (self, option->blockers[b], G_MAXUINT);

      if (ok)
        return TRUE;

      it->current = -1;
      for (guint b = 0; b < option->n_blockers; b++)
        self->items[option->blockers[b]].current = saved[b];
    }

  return FALSE;
}

static void
layout_run (Layout *self)
{
  gboolean missing = FALSE;

  for (guint k = 0; k < self->n_requests; k++)
    {
      guint i = self->order[k];

      if (!item_place_greedy (self, i, G_MAXUINT) &&
          self->items[i].n_candidates > 0 &&
          !item_place_repair (self, i))
        missing = TRUE;
    }

  /* Repairs move callouts about, which can open room for one that failed
   * earlier. */
  if (missing)
    for (guint k = 0; k < self->n_requests; k++)
      {
        guint i = self->order[k];
        Item *it = &self->items[i];

        if (it->current < 0 && it->n_candidates > 0 &&
            !item_place_greedy (self, i, G_MAXUINT))
          item_place_repair (self, i);
      }

  /* Callouts pushed aside by a repair, or placed before a neighbour moved
   * away, may now fit somewhere cheaper. */
  for (guint k = 0; k < self->n_requests; k++)
    {
      guint i = self->order[k];
      Item *it = &self->items[i];

      if (it->current > 0)
        item_place_greedy (self, i, it->current);
    }
}

static int
order_compare (const void *a,
               const void *b,
               void       *user_data)
{
  const SitmapCalloutRequest *requests = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;

  if (requests[ia].priority != requests[ib].priority)
    return requests[ia].priority > requests[ib].priority ? -1 : 1;
  return (ia > ib) - (ia < ib);
}

SitmapCalloutSide
sitmap_callout_placement_side (const SitmapCalloutPlacement *placement)
{
  SitmapCalloutSide side = { 0, 0 };

  g_return_val_if_fail (placement != NULL, side);

  side.dx = (placement->leader_x1 > placement->leader_x0 + 0.5) - (placement->leader_x1 < placement->leader_x0 - 0.5);
  side.dy = (placement->leader_y1 > placement->leader_y0 + 0.5) - (placement->leader_y1 < placement->leader_y0 - 0.5);
  return side;
}

guint
sitmap_callouts_layout (const SitmapCalloutRequest *requests,
                        guint                       n_requests,
                        const SitmapRect           *obstacles,
                        guint                       n_obstacles,
                        double                      view_width,
                        double                      view_height,
                        SitmapCalloutPlacement     *placements)
{
  return sitmap_callouts_layout_with_hints (requests, n_requests, obstacles, n_obstacles,
                                            view_width, view_height, NULL, placements);
}

guint
sitmap_callouts_layout_with_hints (const SitmapCalloutRequest *requests,
                                   guint                       n_requests,
                                   const SitmapRect           *obstacles,
                                   guint                       n_obstacles,
                                   double                      view_width,
                                   double                      view_height,
                                   const SitmapCalloutHints   *hints,
                                   SitmapCalloutPlacement     *placements)
{
  Layout layout = { 0 };
  Surroundings near;
  guint n_placed = 0;

  g_return_val_if_fail (n_requests == 0 || requests != NULL, 0);
  g_return_val_if_fail (n_requests == 0 || placements != NULL, 0);
  g_return_val_if_fail (n_obstacles == 0 || obstacles != NULL, 0);

  if (n_requests == 0)
    return 0;

  /* Clears the padding too, so equal layouts compare equal byte for
   * byte. */
  memset (placements, 0, n_requests * sizeof (SitmapCalloutPlacement));

  if (!(view_width > 2 * VIEW_MARGIN && view_height > 2 * VIEW_MARGIN) ||
      !isfinite (view_width) || !isfinite (view_height))
    return 0;

  layout.requests = requests;
  layout.n_requests = n_requests;
  layout.obstacles = obstacles;
  layout.n_obstacles = n_obstacles;
  layout.hints = hints;
  layout.view_width = view_width;
  layout.view_height = view_height;
  layout.items = g_new0 (Item, n_requests);
  layout.candidate_store = g_new (Candidate, (gsize) n_requests * MAX_CANDIDATES);
  layout.order = g_new (guint, n_requests);

  for (guint i = 0; i < n_requests; i++)
    {
      layout.items[i].ax = requests[i].anchor_x;
      layout.items[i].ay = requests[i].anchor_y;
      layout.items[i].candidates = &layout.candidate_store[(gsize) i * MAX_CANDIDATES];
      layout.order[i] = i;
    }
  /* The comparison is a total order, so qsort's instability is moot. */
  g_qsort_with_data (layout.order, n_requests, sizeof (guint), order_compare, (gpointer) requests);

  near.obstacles = g_new (Nearby, MAX (n_obstacles, 1));
  near.anchors = g_new (Nearby, n_requests);
  for (guint i = 0; i < n_requests; i++)
    item_generate_candidates (&layout, &near, i);
  g_free (near.obstacles);
  g_free (near.anchors);

  layout_run (&layout);

  for (guint i = 0; i < n_requests; i++)
    {
      const Item *it = &layout.items[i];
      const Candidate *c;

      if (it->current < 0)
        continue;

      c = &it->candidates[it->current];
      placements[i].placed = TRUE;
      placements[i].box = c->box;
      placements[i].leader_x0 = it->ax;
      placements[i].leader_y0 = it->ay;
      placements[i].leader_x1 = c->x1;
      placements[i].leader_y1 = c->y1;
      n_placed++;
    }

  g_free (layout.order);
  g_free (layout.candidate_store);
  g_free (layout.items);

  return n_placed;
}
