/* sitmap-label-placement.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sitmap-label-placement.h"

/* Between a marker and its label. */
#define LABEL_GAP 3.0

gboolean
sitmap_label_inside_view (const SitmapRect     *rect,
                          const SitmapViewport *viewport)
{
  return rect->x >= 2 && rect->y >= 2 &&
         rect->x + rect->width <= viewport->width - 2 &&
         rect->y + rect->height <= viewport->height - 2;
}

gboolean
sitmap_label_place_by_marker (SitmapCollision      *collision,
                              const SitmapViewport *viewport,
                              const SitmapRect     *marker,
                              double                anchor_x,
                              double                anchor_y,
                              SitmapRect           *label)
{
  double w = label->width, h = label->height;
  SitmapRect candidates[9];
  guint n = 0;

  if (marker)
    {
      double cy = marker->y + marker->height / 2 - h / 2;
      double cx = marker->x + marker->width / 2 - w / 2;

      candidates[n++] = (SitmapRect) { marker->x + marker->width + LABEL_GAP, cy, w, h };
      candidates[n++] = (SitmapRect) { marker->x - LABEL_GAP - w, cy, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y - LABEL_GAP - h, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y + marker->height + LABEL_GAP, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y + marker->height - 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y + marker->height - 2, w, h };
    }
  else
    {
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h * 1.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y + h * 0.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x + 6, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w - 6, anchor_y - h / 2, w, h };
    }

  /* Whole pixels, like the markers they sit by. */
  for (guint i = 0; i < n; i++)
    {
      candidates[i].x = round (candidates[i].x);
      candidates[i].y = round (candidates[i].y);
    }

  for (guint i = 0; i < n; i++)
    if (sitmap_label_inside_view (&candidates[i], viewport) && sitmap_collision_is_free (collision, &candidates[i]))
      {
        *label = candidates[i];
        sitmap_collision_add (collision, label);
        return TRUE;
      }

  return FALSE;
}

/* ---- Names of areas (countries) ---------------------------------------- */

static int
compare_by_priority_then_area (gconstpointer a,
                               gconstpointer b)
{
  const SitmapNameCandidate *ca = a, *cb = b;

  if (ca->priority != cb->priority)
    return ca->priority < cb->priority ? 1 : -1;
  return ca->shape->area < cb->shape->area ? 1 : ca->shape->area > cb->shape->area ? -1 : 0;
}

static gboolean
screen_point_in_shape (const SitmapViewport *vp,
                       const SitmapShape    *shape,
                       double                sx,
                       double                sy)
{
  double x, y;

  sitmap_viewport_to_map (vp, sx, sy, &x, &y);
  return sitmap_shape_contains (shape, x, y);
}

/* Grid cells across the visible part of a country, each way: fine enough
 * that a name finds the wide part of Norway or Chile, coarse enough that
 * a view of sixty countries stays a few thousand point tests. */
#define GRID_STEPS 24
#define MAX_POSITIONS 32

typedef struct
{
  double x, y;
  int    depth;
  double off_centre;
} Position;

/* Positions a few cells apart, but at most this many pixels on a large
 * country. */
#define MAX_SPACING 24.0

static gboolean
spaced_by_cells (double cell_pixels)
{
  return 2 * cell_pixels <= MAX_SPACING;
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  const Position *pa = a, *pb = b;

  if (pa->depth != pb->depth)
    return pb->depth - pa->depth;
  return pa->off_centre < pb->off_centre ? -1 : pa->off_centre > pb->off_centre;
}

/* Every place a country's name may go, best first, in map metres: the
 * grid's cells inside it, ranked, and its own label point when in view,
 * which leads.  The grid lies over the part of the country's bounds the
 * view's margins leave, taken in map metres, so at every scale where the
 * margins do not cut the bounds it is the very same grid, to the last
 * bit: only the choice among its cells depends on the scale, through the
 * pixels that cap their spacing. */
#define GRID_CELLS ((GRID_STEPS + 1) * (GRID_STEPS + 1))

typedef struct
{
  double   grid[4];           /* x_min, y_min, x_max, y_max */
  gboolean has_label;
  Position label;
  guint    n_all;
  Position all[GRID_CELLS];   /* last: a copy kept holds only n_all */
} Candidates;

/* Positions found for a country, with the candidates they came from:
 * where the view's margins do not cut its bounds, the candidates are the
 * same wherever the view is and at every scale, so a pan or a zoom finds
 * them again instead of walking the outline row by row each frame, and a
 * view that stays put (a marker dragged) finds them whatever it cuts.
 * The choice is kept too for when the scale is the same, or where the
 * spacing is by cells and so scales with the view; a country large
 * enough to be spaced by pixels (few are) is chosen for again.  The
 * shape's numbers tell a shape that took another's place in memory. */
typedef struct
{
  const double *xy;
  double        x_min, y_min, x_max, y_max;
  double        resolution;
  gboolean      spaced_by_cells;
  guint         n;
  Position      at[MAX_POSITIONS];
  Candidates   *candidates;
} KnownPositions;

#define MAX_KNOWN_SHAPES 2048

struct _SitmapLabelSpots
{
  GHashTable *known;   /* SitmapShape * → KnownPositions */
};

static void
known_positions_free (gpointer data)
{
  KnownPositions *known = data;

  g_free (known->candidates);
  g_free (known);
}

SitmapLabelSpots *
sitmap_label_spots_new (void)
{
  SitmapLabelSpots *self = g_new0 (SitmapLabelSpots, 1);

  self->known = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, known_positions_free);
  return self;
}

void
sitmap_label_spots_free (SitmapLabelSpots *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->known);
  g_free (self);
}

/* The part of the shape's bounds inside the view's margins, in map
 * metres: each side the shape's own where the margin does not cut it. */
static void
grid_bounds (const SitmapViewport *vp,
             const SitmapShape    *shape,
             double               *grid)
{
  double x0, y0, x1, y1, left, bottom, right, top;

  sitmap_viewport_to_screen (vp, shape->x_min, shape->y_max, &x0, &y0);
  sitmap_viewport_to_screen (vp, shape->x_max, shape->y_min, &x1, &y1);
  sitmap_viewport_to_map (vp, 8, vp->height - 8, &left, &bottom);
  sitmap_viewport_to_map (vp, vp->width - 8, 8, &right, &top);
  grid[0] = x0 >= 8 ? shape->x_min : left;
  grid[1] = y1 <= vp->height - 8 ? shape->y_min : bottom;
  grid[2] = x1 <= vp->width - 8 ? shape->x_max : right;
  grid[3] = y0 >= 8 ? shape->y_max : top;
}

static double
grid_cell (const double *grid)
{
  return MAX (grid[2] - grid[0], grid[3] - grid[1]) / GRID_STEPS;
}

/* The candidates for a country's name in the grid over its visible part:
 * its own label point when in view, then the grid's points ranked by how
 * deep inside they lie (cells to the nearest cell outside the country or
 * the view), the middle of the part breaking ties.  Russia on a map of
 * Europe so gets its name in the part the reader sees. */
static void
compute_candidates (const SitmapViewport *vp,
                    const SitmapShape    *shape,
                    const double         *grid,
                    Candidates           *c)
{
  gboolean inside[GRID_CELLS];
  int depth[GRID_CELLS];
  double sx, sy, sum_x = 0, sum_y = 0;
  g_autoptr (GArray) crossings = NULL;
  guint n_inside = 0;
  const int n = GRID_STEPS + 1;

  memcpy (c->grid, grid, sizeof c->grid);
  c->n_all = 0;
  sitmap_viewport_to_screen (vp, shape->label_x, shape->label_y, &sx, &sy);
  c->has_label = sx >= 8 && sy >= 8 && sx <= vp->width - 8 && sy <= vp->height - 8 &&
                 sitmap_shape_contains (shape, shape->label_x, shape->label_y);
  if (c->has_label)
    c->label = (Position) { shape->label_x, shape->label_y, G_MAXINT, 0 };
  if (grid[0] >= grid[2] || grid[1] >= grid[3])
    return;

  /* Row by row from the top: one walk of the outline answers a whole row
   * of cells. */
  crossings = g_array_new (FALSE, FALSE, sizeof (double));
  for (int j = 0; j < n; j++)
    {
      double y = grid[3] - (grid[3] - grid[1]) * j / GRID_STEPS;

      sitmap_shape_row_crossings (shape, y, crossings);
      for (int i = 0; i < n; i++)
        {
          double x = grid[0] + (grid[2] - grid[0]) * i / GRID_STEPS;
          gboolean in = sitmap_shape_row_contains (shape, crossings, x);

          inside[j * n + i] = in;
          /* The grid's edge is the view's edge or the country's bounds:
           * a name there runs off one or the other. */
          depth[j * n + i] = in ? (i == 0 || j == 0 || i == n - 1 || j == n - 1 ? 1 : G_MAXINT / 2) : 0;
          if (in)
            {
              sum_x += x;
              sum_y += y;
              n_inside++;
            }
        }
    }
  if (n_inside == 0)
    return;

  /* Distance to the nearest cell outside, in cells (a two-pass chamfer). */
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      {
        int *d = &depth[j * n + i];

        if (i > 0)
          *d = MIN (*d, depth[j * n + i - 1] + 1);
        if (j > 0)
          *d = MIN (*d, depth[(j - 1) * n + i] + 1);
      }
  for (int j = n - 1; j >= 0; j--)
    for (int i = n - 1; i >= 0; i--)
      {
        int *d = &depth[j * n + i];

        if (i < n - 1)
          *d = MIN (*d, depth[j * n + i + 1] + 1);
        if (j < n - 1)
          *d = MIN (*d, depth[(j + 1) * n + i] + 1);
      }

  sum_x /= n_inside;
  sum_y /= n_inside;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++)
      if (inside[j * n + i])
        {
          double x = grid[0] + (grid[2] - grid[0]) * i / GRID_STEPS, y = grid[3] - (grid[3] - grid[1]) * j / GRID_STEPS;

          c->all[c->n_all++] = (Position) { x, y, depth[j * n + i], hypot (x - sum_x, y - sum_y) };
        }
  qsort (c->all, c->n_all, sizeof (Position), compare_positions);
}

/* The candidates a few cells apart, so each try is really elsewhere: two
 * cells, or at most MAX_SPACING pixels on a large country.  A country
 * whose best point holds a callout so still has others. */
static guint
choose_positions (const SitmapViewport *vp,
                  const Candidates     *c,
                  Position             *out)
{
  double cell = grid_cell (c->grid);
  double spacing = spaced_by_cells (cell / vp->resolution) ? 2 * cell : MAX_SPACING * vp->resolution;
  guint n_out = 0;

  if (c->has_label)
    out[n_out++] = c->label;
  for (guint k = 0; k < c->n_all && n_out < MAX_POSITIONS; k++)
    {
      gboolean near = FALSE;

      /* Squared: tens of thousands of tests a frame. */
      for (guint m = 0; m < n_out && !near; m++)
        {
          double dx = c->all[k].x - out[m].x, dy = c->all[k].y - out[m].y;

          near = dx * dx + dy * dy < spacing * spacing;
        }
      if (!near)
        out[n_out++] = c->all[k];
    }
  return n_out;
}

static guint
to_screen (const SitmapViewport *vp,
           Position             *positions,
           guint                 n)
{
  for (guint k = 0; k < n; k++)
    sitmap_viewport_to_screen (vp, positions[k].x, positions[k].y, &positions[k].x, &positions[k].y);
  return n;
}

/* Where in its visible part a country's name may go, best first, on
 * screen; through spots where given. */
static guint
find_label_positions (const SitmapViewport *vp,
                      const SitmapShape    *shape,
                      SitmapLabelSpots     *spots,
                      Position             *out)
{
  g_autofree Candidates *fresh = NULL;
  KnownPositions *known = NULL;
  double grid[4];
  gboolean by_cells;
  guint n;

  grid_bounds (vp, shape, grid);
  by_cells = spaced_by_cells (grid_cell (grid) / vp->resolution);
  if (spots != NULL)
    known = g_hash_table_lookup (spots->known, shape);
  if (known != NULL &&
      (known->xy != shape->xy || known->x_min != shape->x_min || known->y_min != shape->y_min ||
       known->x_max != shape->x_max || known->y_max != shape->y_max ||
       memcmp (known->candidates->grid, grid, sizeof grid) != 0))
    known = NULL;

  if (known != NULL && (known->resolution == vp->resolution || (known->spaced_by_cells && by_cells)))
    {
      memcpy (out, known->at, known->n * sizeof *out);
      return to_screen (vp, out, known->n);
    }
  if (known != NULL)
    {
      /* The same cells at another scale: only the choice is made again. */
      n = choose_positions (vp, known->candidates, out);
      known->resolution = vp->resolution;
      known->spaced_by_cells = by_cells;
    }
  else
    {
      fresh = g_new (Candidates, 1);
      compute_candidates (vp, shape, grid, fresh);
      n = choose_positions (vp, fresh, out);
      if (spots == NULL)
        return to_screen (vp, out, n);

      /* Shapes made again for another projection leave their entries
       * behind; past what a few projections of a world of countries
       * need, start over. */
      if (g_hash_table_size (spots->known) >= MAX_KNOWN_SHAPES)
        g_hash_table_remove_all (spots->known);
      known = g_new (KnownPositions, 1);
      *known = (KnownPositions) { shape->xy, shape->x_min, shape->y_min, shape->x_max, shape->y_max,
                                  vp->resolution, by_cells, n, { { 0 } },
                                  g_memdup2 (fresh, G_STRUCT_OFFSET (Candidates, all) + fresh->n_all * sizeof (Position)) };
      g_hash_table_replace (spots->known, (gpointer)shape, known);
    }

  known->n = n;
  memcpy (known->at, out, n * sizeof *out);
  return to_screen (vp, out, n);
}

/* Whether the points name_box_fits () tries all lie within the shape's
 * bounds, in the same map coordinates: a point outside them is outside
 * every closed ring, so none of the point tests needs making. */
static gboolean
box_within_bounds (const SitmapViewport *vp,
                   const SitmapShape    *shape,
                   const SitmapRect     *box)
{
  double left, top, right, bottom;

  sitmap_viewport_to_map (vp, box->x, box->y, &left, &top);
  sitmap_viewport_to_map (vp, box->x + box->width, box->y + box->height, &right, &bottom);
  return left >= shape->x_min && right <= shape->x_max && bottom >= shape->y_min && top <= shape->y_max;
}

/* Whether a name's box at this place reads as the country's: inside the
 * view, its corners and the middles of its long sides inside the area. */
static gboolean
name_box_fits (const SitmapViewport *vp,
               const SitmapShape    *shape,
               const SitmapRect     *box)
{
  static const double along[] = { 0, 0.5, 1 };

  if (!sitmap_label_inside_view (box, vp) || !box_within_bounds (vp, shape, box))
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (along); k++)
    if (!screen_point_in_shape (vp, shape, box->x + box->width * along[k], box->y) ||
        !screen_point_in_shape (vp, shape, box->x + box->width * along[k], box->y + box->height))
      return FALSE;
  return TRUE;
}

/* Three sizes of name, by the country's area on screen, as atlases class
 * their labels: the hierarchy reads at a glance, and while zooming a name
 * keeps its size, and with it its measurements and its copy, over many
 * frames rather than changing with each. */
double
sitmap_label_name_size (double screen_area)
{
  double side = sqrt (screen_area) / 14;

  return side < 11.25 ? 10 : side < 13.75 ? 12.5 : 15;
}

static void
placed_name_clear (gpointer data)
{
  SitmapPlacedName *placed = data;

  g_free (placed->name);
}

/* Type below the smallest class before no name at all. */
#define SMALLEST_NAME_SIZE 9.0

gboolean
sitmap_label_place_name (const SitmapNameCandidate *candidate,
                         const SitmapViewport      *vp,
                         SitmapLabelSpots          *spots,
                         SitmapNameMeasureFunc      measure,
                         gpointer                   measure_data,
                         SitmapCollision           *collision,
                         SitmapPlacedName          *placed)
{
  double px_area = vp->resolution * vp->resolution;
  double size = sitmap_label_name_size (candidate->shape->area / px_area);
  Position positions[MAX_POSITIONS];
  guint n_positions;
  g_autofree char *name = g_utf8_strup (candidate->name, -1);

  n_positions = find_label_positions (vp, candidate->shape, spots, positions);
  if (n_positions == 0)
    return FALSE;

  /* Every place at the name's own size before a smaller size anywhere:
   * the hierarchy of sizes matters more than the best spot. */
  for (; size >= SMALLEST_NAME_SIZE; size = size > 10 ? size - 2.5 : size - 1)
    {
      double width, height;

      measure (name, size, measure_data, &width, &height);
      /* Wider or taller than the country's bounds: no place can hold it
       * (with a little room for rounding, never too little). */
      if (width * vp->resolution > (candidate->shape->x_max - candidate->shape->x_min) * (1 + 1e-9) + 1e-6 ||
          height * vp->resolution > (candidate->shape->y_max - candidate->shape->y_min) * (1 + 1e-9) + 1e-6)
        continue;
      for (guint p = 0; p < n_positions; p++)
        {
          /* On whole pixels, which also lets a copy of the name serve again. */
          SitmapRect box = { round (positions[p].x - width / 2.0), round (positions[p].y - height / 2.0), width, height };
          SitmapRect padded = sitmap_rect_inflate (&box, 3);

          if (!sitmap_collision_is_free (collision, &padded) ||
              !name_box_fits (vp, candidate->shape, &box))
            continue;
          sitmap_collision_add (collision, &padded);
          placed->name = g_steal_pointer (&name);
          placed->size = size;
          placed->box = box;
          placed->priority = candidate->priority;
          return TRUE;
        }
    }
  return FALSE;
}

void
sitmap_label_filter_name_candidates (GArray               *candidates,
                                     const SitmapViewport *vp)
{
  double px_area = vp->resolution * vp->resolution;
  guint kept = 0;

  /* Unnamed and small areas have no name to show. */
  for (guint i = 0; i < candidates->len; i++)
    {
      const SitmapNameCandidate *c = &g_array_index (candidates, SitmapNameCandidate, i);

      if (c->name[0] != '\0' && c->shape->area / px_area > 900)
        g_array_index (candidates, SitmapNameCandidate, kept++) = *c;
    }
  g_array_set_size (candidates, kept);
  g_array_sort (candidates, compare_by_priority_then_area);
}

GArray *
sitmap_label_placed_names_new (void)
{
  GArray *placed_names = g_array_new (FALSE, FALSE, sizeof (SitmapPlacedName));

  g_array_set_clear_func (placed_names, placed_name_clear);
  return placed_names;
}

GArray *
sitmap_label_place_names (GArray                *candidates,
                          const SitmapViewport  *vp,
                          SitmapNameMeasureFunc  measure,
                          gpointer               measure_data,
                          SitmapCollision       *collision)
{
  GArray *placed_names = sitmap_label_placed_names_new ();

  sitmap_label_filter_name_candidates (candidates, vp);
  for (guint i = 0; i < candidates->len; i++)
    {
      SitmapPlacedName placed;

      if (sitmap_label_place_name (&g_array_index (candidates, SitmapNameCandidate, i), vp, NULL,
                                   measure, measure_data, collision, &placed))
        g_array_append_val (placed_names, placed);
    }

  return placed_names;
}
