/* sitmap-lod.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-lod.h"
#include "sitmap-cairo-sink.h"
#include "sitmap-lod-builder.h"
#include "sitmap-lod-ladder.h"
#include "sitmap-lod-private.h"
#include "sitmap-raster-canvas.h"
#include "sitmap-raster-composite.h"
#include "sitmap-raster-fill.h"
#include "sitmap-raster-stroke.h"

static SitmapLod *
build (const double          *points,
       gsize                  n_points,
       gboolean               owns_points,
       const SitmapLodSource *features,
       guint                  n_features,
       gboolean               closed)
{
  SitmapLod *self;
  SitmapLodBuilder b = { 0 };
  guint32 *arc_points;
  guint32 *arc_start;
  SitmapLodBox extent;

  self = g_new0 (SitmapLod, 1);
  self->closed = b.closed = !!closed;
  self->n_features = n_features;
  self->feature_ring_start = g_new (guint32, n_features + 1);
  self->points = points;
  self->n_points = n_points;
  self->owns_points = owns_points;

  sitmap_lod_builder_read (&b, points, n_points, features, n_features, self->feature_ring_start);
  sitmap_lod_builder_find_junctions (&b);
  self->n_rings = b.n_rings;
  self->ring_start = g_new (guint32, b.n_rings + 1);
  sitmap_lod_builder_make_arcs (&b, self->ring_start);

  self->n_arcs = b.arc_flags->len;
  self->arc_flags = (guint8 *)g_array_free (g_steal_pointer (&b.arc_flags), FALSE);
  arc_points = (guint32 *)(void *)g_array_free (g_steal_pointer (&b.arc_points), FALSE);
  arc_start = (guint32 *)(void *)g_array_free (g_steal_pointer (&b.arc_start), FALSE);
  self->ring_arcs = (gint32 *)(void *)g_array_free (g_steal_pointer (&b.ring_arcs), FALSE);
  g_free (b.seq);
  g_free (b.seq_seam);
  g_free (b.seq_start);
  g_free (b.point_flags);

  self->arc_box = g_new (SitmapLodBox, MAX (self->n_arcs, 1));
  for (guint a = 0; a < self->n_arcs; a++)
    {
      box_clear (&self->arc_box[a]);
      for (guint32 i = arc_start[a]; i < arc_start[a + 1]; i++)
        box_add (&self->arc_box[a], self->points + 2 * arc_points[i]);
      if (self->arc_flags[a] & ARC_SHARED)
        self->n_shared++;
      if (arc_start[a + 1] - arc_start[a] > 2 && arc_points[arc_start[a]] == arc_points[arc_start[a + 1] - 1])
        self->arc_flags[a] |= ARC_LOOP;
    }

  box_clear (&extent);
  self->ring_box = g_new (SitmapLodBox, MAX (self->n_rings, 1));
  self->ring_feature = g_new (guint32, MAX (self->n_rings, 1));
  for (guint f = 0; f < n_features; f++)
    for (guint r = self->feature_ring_start[f]; r < self->feature_ring_start[f + 1]; r++)
      {
        box_clear (&self->ring_box[r]);
        for (guint32 i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
          {
            gint32 ref = self->ring_arcs[i];

            box_union (&self->ring_box[r], &self->arc_box[ref >= 0 ? ref : ~ref]);
          }
        self->ring_feature[r] = f;
        if (!box_is_empty (&self->ring_box[r]))
          box_union (&extent, &self->ring_box[r]);
      }

  sitmap_lod_ladder_build (self, arc_points, arc_start);
  sitmap_lod_find_ring_orientation (self);

  if (box_is_empty (&extent))
    extent = (SitmapLodBox) { 0, 0, 1, 1 };
  sitmap_lod_grid_build (&self->ring_grid, self->ring_box, self->n_rings, &extent);
  sitmap_lod_grid_build (&self->arc_grid, self->arc_box, self->n_arcs, &extent);
  if (self->closed)
    sitmap_lod_build_outlines (self);
  if (self->n_outlines > 0)
    sitmap_lod_grid_build (&self->outline_grid, self->outline_box, self->n_outlines, &extent);

  return self;
}

SitmapLod *
sitmap_lod_new_sharing (const double          *points,
                        gsize                  n_points,
                        const SitmapLodSource *features,
                        guint                  n_features,
                        gboolean               closed)
{
  g_return_val_if_fail (points != NULL || n_points == 0, NULL);
  g_return_val_if_fail (n_points < NO_POINT, NULL);
  g_return_val_if_fail (features != NULL || n_features == 0, NULL);

  return build (points, n_points, FALSE, features, n_features, closed);
}

SitmapLod *
sitmap_lod_new (const SitmapLodSource *features,
                guint                  n_features,
                gboolean               closed)
{
  g_autofree SitmapLodSource *copies = NULL;
  double *points;
  gsize n_points = 0, at = 0;

  g_return_val_if_fail (features != NULL || n_features == 0, NULL);

  for (guint f = 0; f < n_features; f++)
    n_points += features[f].n_parts ? features[f].part_start[features[f].n_parts] : 0;
  g_return_val_if_fail (n_points < NO_POINT, NULL);

  /* The features' vertices one after another, as the builder takes them. */
  points = g_new (double, 2 * MAX (n_points, 1));
  copies = g_memdup2 (features, MAX (n_features, 1) * sizeof (SitmapLodSource));
  for (guint f = 0; f < n_features; f++)
    {
      gsize n = features[f].n_parts ? features[f].part_start[features[f].n_parts] : 0;

      if (n > 0)
        memcpy (points + 2 * at, features[f].xy, 2 * n * sizeof (double));
      copies[f].xy = points + 2 * at;
      at += n;
    }
  return build (points, n_points, TRUE, copies, n_features, closed);
}

void
sitmap_lod_free (SitmapLod *self)
{
  if (self == NULL)
    return;

  if (self->backing != NULL)
    {
      g_free (self->levels);
      g_bytes_unref (self->backing);
      g_free (self);
      return;
    }

  for (guint l = 0; l < self->n_levels; l++)
    {
      g_free (self->levels[l].index);
      g_free (self->levels[l].arc_start);
      g_free (self->levels[l].chunks);
      g_free (self->levels[l].chunk_start);
    }
  g_free (self->levels);
  sitmap_lod_grid_clear (&self->ring_grid);
  sitmap_lod_grid_clear (&self->arc_grid);
  sitmap_lod_grid_clear (&self->outline_grid);
  g_free (self->outline_start);
  g_free (self->outline_arcs);
  g_free (self->outline_box);
  if (self->owns_points)
    g_free ((double *)self->points);
  g_free (self->arc_flags);
  g_free (self->arc_box);
  g_free (self->feature_ring_start);
  g_free (self->ring_start);
  g_free (self->ring_arcs);
  g_free (self->ring_feature);
  g_free (self->ring_box);
  g_free (self->ring_reversed);
  g_free (self);
}

/* ---- Queries ------------------------------------------------------------- */

gboolean
sitmap_lod_is_mapped (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->backing != NULL;
}

guint
sitmap_lod_get_n_levels (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_levels;
}

double
sitmap_lod_get_level_tolerance (const SitmapLod *self,
                                guint            level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].tolerance;
}

gsize
sitmap_lod_get_level_n_vertices (const SitmapLod *self,
                                 guint            level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].n_vertices;
}

guint
sitmap_lod_choose_level (const SitmapLod *self,
                         double           tolerance)
{
  guint level = 0;

  g_return_val_if_fail (self != NULL, 0);

  while (level + 1 < self->n_levels && self->levels[level + 1].tolerance <= tolerance)
    level++;
  return level;
}

guint
sitmap_lod_get_n_arcs (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_arcs;
}

guint
sitmap_lod_get_n_shared_arcs (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_shared;
}

guint
sitmap_lod_get_n_rings (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rings;
}

guint
sitmap_lod_get_feature_first_ring (const SitmapLod *self,
                                   guint            feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->n_features, 0);
  return self->feature_ring_start[feature];
}

guint
sitmap_lod_get_feature_n_rings (const SitmapLod *self,
                                guint            feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->n_features, 0);
  return self->feature_ring_start[feature + 1] - self->feature_ring_start[feature];
}

guint
sitmap_lod_get_ring (const SitmapLod *self,
                     guint            level,
                     guint            ring,
                     GArray          *xy)
{
  const SitmapLodLevel *l;
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  g_return_val_if_fail (ring < self->n_rings, 0);
  g_return_val_if_fail (xy != NULL && g_array_get_element_size (xy) == sizeof (double), 0);

  l = &self->levels[level];
  for (guint32 i = self->ring_start[ring]; i < self->ring_start[ring + 1]; i++)
    {
      gint32 ref = self->ring_arcs[i];
      guint32 arc = ref >= 0 ? ref : ~ref;
      guint32 start = l->arc_start[arc], n = l->arc_start[arc + 1] - start;

      /* Each arc starts where the one before it ended. */
      for (guint32 k = i == self->ring_start[ring] ? 0 : 1; k < n; k++)
        {
          guint32 id = l->index[start + (ref >= 0 ? k : n - 1 - k)];

          g_array_append_vals (xy, self->points + 2 * id, 2);
          count++;
        }
    }

  return count;
}

void
sitmap_lod_get_ring_bounds (const SitmapLod *self,
                            guint            ring,
                            double           bounds[4])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ring < self->n_rings);

  bounds[0] = self->ring_box[ring].x0;
  bounds[1] = self->ring_box[ring].y0;
  bounds[2] = self->ring_box[ring].x1;
  bounds[3] = self->ring_box[ring].y1;
}

void
sitmap_lod_query_rings (SitmapLod *self,
                        double     x_min,
                        double     y_min,
                        double     x_max,
                        double     y_max,
                        GArray    *rings)
{
  SitmapLodBox box = { x_min, y_min, x_max, y_max };

  g_return_if_fail (self != NULL);
  g_return_if_fail (rings != NULL && g_array_get_element_size (rings) == sizeof (guint));

  sitmap_lod_grid_query (&self->ring_grid, self->ring_box, &box, rings);
}

static gboolean
ring_crossings_odd (const SitmapLod *self,
                    guint            ring,
                    double           x,
                    double           y)
{
  const SitmapLodLevel *l = &self->levels[0];
  gboolean inside = FALSE;

  /* Direction does not matter for counting crossings, so each arc is
   * walked as stored. */
  for (guint32 i = self->ring_start[ring]; i < self->ring_start[ring + 1]; i++)
    {
      gint32 ref = self->ring_arcs[i];
      guint32 arc = ref >= 0 ? ref : ~ref;
      const SitmapLodBox *box = &self->arc_box[arc];

      if (box->y1 < y || box->y0 > y || box->x1 < x)
        continue;

      for (guint32 k = l->arc_start[arc]; k + 1 < l->arc_start[arc + 1]; k++)
        {
          const double *a = self->points + 2 * l->index[k];
          const double *b = self->points + 2 * l->index[k + 1];

          if (((a[1] > y) != (b[1] > y)) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0])
            inside = !inside;
        }
    }

  return inside;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint ua = *(const guint *)a, ub = *(const guint *)b;

  return ua < ub ? -1 : ua > ub;
}

int
sitmap_lod_feature_at (SitmapLod *self,
                       double     x,
                       double     y)
{
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  int best = -1;
  guint32 tested = NO_POINT;

  g_return_val_if_fail (self != NULL, -1);

  if (!self->closed)
    return -1;

  sitmap_lod_query_rings (self, x, y, x, y, rings);
  /* Rings come back in grid order; in ring order a feature's rings are
   * next to each other and each feature is tested once. */
  g_array_sort (rings, compare_guint);
  for (guint i = 0; i < rings->len; i++)
    {
      guint32 feature = self->ring_feature[g_array_index (rings, guint, i)];
      gboolean inside = FALSE;

      if (feature == tested)
        continue;
      tested = feature;
      /* Even-odd over all of the feature's rings, so holes count. */
      for (guint32 r = self->feature_ring_start[feature]; r < self->feature_ring_start[feature + 1]; r++)
        {
          const SitmapLodBox *box = &self->ring_box[r];

          if (box->x0 <= x && x <= box->x1 && box->y0 <= y && y <= box->y1 && ring_crossings_odd (self, r, x, y))
            inside = !inside;
        }
      if (inside)
        {
          best = feature;
          break;
        }
    }

  return best;
}


/* ---- Walking arcs ------------------------------------------------------------
 *
 * The walks send vertices to a path sink through a pen, which carries
 * them from projection metres to the sink's pixels and lifts over points
 * that could not be projected. */

typedef struct
{
  const SitmapLodView *view;
  const double        *points;
  /* Projection metres to the sink's pixels: x × scale_x + offset_x. */
  double               scale_x;
  double               scale_y;
  double               offset_x;
  double               offset_y;
  gboolean             pen_down;
  gsize                vertices;
  SitmapPathSink      *sink;
} Pen;

static void
pen_init (Pen                 *pen,
          SitmapLod           *self,
          const SitmapLodView *view,
          SitmapPathSink      *sink)
{
  memset (pen, 0, sizeof *pen);
  pen->view = view;
  pen->points = self->points;
  pen->sink = sink;
  pen->scale_x = view->scale * sink->sx;
  pen->scale_y = -view->scale * sink->sy;
  pen->offset_x = view->offset_x * sink->sx + sink->tx;
  pen->offset_y = view->offset_y * sink->sy + sink->ty;
}

static inline void
pen_emit (Pen      *pen,
          double    x,
          double    y,
          gboolean  line)
{
  if (line)
    pen->sink->funcs->line_to (pen->sink, x, y);
  else
    pen->sink->funcs->move_to (pen->sink, x, y);
}

static inline void
pen_to (Pen     *pen,
        guint32  id)
{
  const double *p = pen->points + 2 * id;

  if (isnan (p[0]) || isnan (p[1]))
    {
      pen->pen_down = FALSE;
      return;
    }

  pen_emit (pen, p[0] * pen->scale_x + pen->offset_x, p[1] * pen->scale_y + pen->offset_y, pen->pen_down);
  pen->pen_down = TRUE;
  pen->vertices++;
}

/* A dot: a segment of no length, which rounds to a disc. */
static inline void
pen_dot (Pen     *pen,
         guint32  id)
{
  const double *p = pen->points + 2 * id;

  pen->pen_down = FALSE;
  pen_to (pen, id);
  if (pen->pen_down)
    pen_emit (pen, p[0] * pen->scale_x + pen->offset_x, p[1] * pen->scale_y + pen->offset_y, TRUE);
}

static inline void
pen_close (Pen *pen)
{
  if (pen->sink->funcs->close_path)
    pen->sink->funcs->close_path (pen->sink);
}

static inline void
pen_begin_arc (Pen      *pen,
               gboolean  coast)
{
  if (pen->sink->funcs->begin_arc)
    pen->sink->funcs->begin_arc (pen->sink, coast);
}

/* Walks one arc at a level, forwards or backwards.  The arc's first vertex
 * is drawn only with include_first; rings leave it out after their first
 * arc, since it is where the previous arc ended.  Chunks out of view are
 * skipped: for a fill they shrink to their last vertex, which keeps the
 * filled area in view as it was; for a stroke the pen lifts. */
static void
walk_arc (const SitmapLod *self,
          const SitmapLodLevel     *level,
          guint32          arc,
          gboolean         backwards,
          gboolean         include_first,
          gboolean         fill,
          Pen             *pen)
{
  const guint32 *ids = level->index + level->arc_start[arc];
  guint32 n = level->arc_start[arc + 1] - level->arc_start[arc];
  const SitmapLodBox *chunks = level->chunks + level->chunk_start[arc];
  guint32 n_chunks = level->chunk_start[arc + 1] - level->chunk_start[arc];

  if (n == 0)
    return;

  if (box_outside (&self->arc_box[arc], pen->view))
    {
      if (fill)
        {
          if (include_first)
            pen_to (pen, ids[backwards ? n - 1 : 0]);
          pen_to (pen, ids[backwards ? 0 : n - 1]);
        }
      else
        pen->pen_down = FALSE;
      return;
    }

  if (include_first && fill)
    pen_to (pen, ids[backwards ? n - 1 : 0]);

  for (guint32 j = 0; j < n_chunks; j++)
    {
      guint32 c = backwards ? n_chunks - 1 - j : j;
      guint32 s = c * CHUNK_SEGMENTS, e = MIN (s + CHUNK_SEGMENTS, n - 1);

      if (box_outside (&chunks[c], pen->view))
        {
          if (fill)
            pen_to (pen, ids[backwards ? s : e]);
          else
            pen->pen_down = FALSE;
          continue;
        }

      if (!pen->pen_down && !fill)
        pen_to (pen, ids[backwards ? e : s]);
      if (backwards)
        for (guint32 i = e; i-- > s;)
          pen_to (pen, ids[i]);
      else
        for (guint32 i = s + 1; i <= e; i++)
          pen_to (pen, ids[i]);
    }
}

/* Walks the rings in view for a fill: the outlines of their union where
 * there are some, otherwise each ring, all turned the same way so that
 * the rasterizer above sees the borders of neighbours cancel out. */
static void
walk_rings (SitmapLod   *self,
            const SitmapLodLevel *level,
            Pen         *pen)
{
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  const SitmapLodView *view = pen->view;
  SitmapLodBox box = { view->x_min, view->y_min, view->x_max, view->y_max };
  gboolean outlines = self->n_outlines > 0;
  const guint32 *ring_start = outlines ? self->outline_start : self->ring_start;
  const gint32 *ring_arcs = outlines ? self->outline_arcs : self->ring_arcs;
  const SitmapLodBox *ring_box = outlines ? self->outline_box : self->ring_box;

  sitmap_lod_grid_query (outlines ? &self->outline_grid : &self->ring_grid, ring_box, &box, rings);
  for (guint i = 0; i < rings->len; i++)
    {
      guint ring = g_array_index (rings, guint, i);
      guint32 first = ring_start[ring], end = ring_start[ring + 1];
      gboolean reverse = !outlines && self->ring_reversed[ring];

      /* An island under a pixel adds nothing to a fill but its vertices;
       * its outline's dot shows it. */
      if (box_smaller_than (&ring_box[ring], view->dot_size))
        continue;

      pen->pen_down = FALSE;
      for (guint32 k = 0; k < end - first; k++)
        {
          gint32 ref = ring_arcs[reverse ? end - 1 - k : first + k];
          gboolean backwards = (ref < 0) != reverse;

          walk_arc (self, level, ref >= 0 ? ref : ~ref, backwards, k == 0, TRUE, pen);
        }
      if (pen->pen_down)
        pen_close (pen);
    }
}

static void
walk_arcs (SitmapLod     *self,
           const SitmapLodLevel   *level,
           SitmapLodArcs  which,
           Pen           *pen)
{
  g_autoptr(GArray) arcs = g_array_new (FALSE, FALSE, sizeof (guint));
  const SitmapLodView *view = pen->view;
  SitmapLodBox box = { view->x_min, view->y_min, view->x_max, view->y_max };

  sitmap_lod_grid_query (&self->arc_grid, self->arc_box, &box, arcs);
  for (guint i = 0; i < arcs->len; i++)
    {
      guint arc = g_array_index (arcs, guint, i);
      guint8 flags = self->arc_flags[arc];

      if ((flags & ARC_SEAM) || (which == SITMAP_LOD_ARCS_UNSHARED && (flags & ARC_SHARED)))
        continue;
      pen->pen_down = FALSE;
      /* A whole island under a pixel: one vertex, a dot for the borders,
       * and nothing for the coasts, whose wide halo would make a blot of
       * every speck of land. */
      if ((flags & ARC_LOOP) && box_smaller_than (&self->arc_box[arc], view->dot_size))
        {
          pen_begin_arc (pen, FALSE);
          if (which == SITMAP_LOD_ARCS_ALL)
            pen_dot (pen, level->index[level->arc_start[arc]]);
        }
      else
        {
          pen_begin_arc (pen, !(flags & ARC_SHARED));
          walk_arc (self, level, arc, FALSE, TRUE, FALSE, pen);
        }
    }
}

/* ---- Drawing ------------------------------------------------------------- */

gsize
sitmap_lod_walk_rings (SitmapLod           *self,
                       guint                level,
                       const SitmapLodView *view,
                       SitmapPathSink      *sink)
{
  Pen pen;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  g_return_val_if_fail (view != NULL && sink != NULL, 0);

  pen_init (&pen, self, view, sink);
  walk_rings (self, &self->levels[level], &pen);
  return pen.vertices;
}

gsize
sitmap_lod_walk_arcs (SitmapLod           *self,
                      guint                level,
                      const SitmapLodView *view,
                      SitmapLodArcs        which,
                      SitmapPathSink      *sink)
{
  Pen pen;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  g_return_val_if_fail (view != NULL && sink != NULL, 0);

  pen_init (&pen, self, view, sink);
  walk_arcs (self, &self->levels[level], which, &pen);
  return pen.vertices;
}

gsize
sitmap_lod_append_rings (SitmapLod           *self,
                         cairo_t             *cr,
                         guint                level,
                         const SitmapLodView *view)
{
  SitmapCairoSink sink;

  sitmap_cairo_sink_init (&sink, cr);
  return sitmap_lod_walk_rings (self, level, view, &sink.sink);
}

gsize
sitmap_lod_append_arcs (SitmapLod           *self,
                        cairo_t             *cr,
                        guint                level,
                        const SitmapLodView *view,
                        SitmapLodArcs        which)
{
  SitmapCairoSink sink;

  sitmap_cairo_sink_init (&sink, cr);
  return sitmap_lod_walk_arcs (self, level, view, which, &sink.sink);
}

gsize
sitmap_lod_stroke_arcs (SitmapLod           *self,
                        cairo_t             *cr,
                        guint                level,
                        const SitmapLodView *view,
                        SitmapLodArcs        which)
{
  SitmapRasterStroke r = { 0 };
  Pen pen;
  int n_dashes;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  if (!sitmap_raster_canvas_init (&r.canvas, cr))
    {
      gsize vertices = sitmap_lod_append_arcs (self, cr, level, view, which);

      cairo_stroke (cr);
      return vertices;
    }

  r.width = r.canvas.x1 - r.canvas.x0;
  r.height = r.canvas.y1 - r.canvas.y0;
  r.mask = sitmap_raster_scratch_mask (0, (gsize)r.width * r.height);
  r.row_min = G_MAXINT;
  r.row_max = G_MININT;
  r.half_width = cairo_get_line_width (cr) * r.canvas.scale / 2;
  r.peak = MIN (1, 2 * r.half_width);
  n_dashes = cairo_get_dash_count (cr);
  if (n_dashes > 0)
    {
      r.dashes = g_new (double, n_dashes);
      cairo_get_dash (cr, r.dashes, &r.dash_offset);
      r.n_dashes = n_dashes;
      for (int i = 0; i < n_dashes; i++)
        {
          r.dashes[i] *= r.canvas.scale;
          r.period += r.dashes[i];
        }
      r.dash_offset *= r.canvas.scale;
      if (!(r.period > 0))
        r.n_dashes = 0;
    }

  sitmap_raster_stroke_init_sink (&r);
  pen_init (&pen, self, view, &r.sink);
  walk_arcs (self, &self->levels[level], which, &pen);
  sitmap_raster_stroke_composite (&r, r.mask);
  cairo_surface_mark_dirty (r.canvas.surface);
  cairo_new_path (cr);

  g_free (r.dashes);
  return pen.vertices;
}

/* One pass over the band's pixels for the coasts' halo, the fill and the
 * borders, each pixel read and written once, where three passes would each
 * read and write every pixel they touch.  Most of a map is open sea or
 * the inside of a country: blocks of eight pixels where no stroke passes
 * and no fill edge starts carry on the coverage before them, and a run of
 * opaque land is written as one span.  The halo goes under the fill, so
 * where the land covers a pixel fully the halo is not blended at all. */

static gsize
fill_walk (SitmapLod           *self,
           SitmapRasterFill          *r,
           const SitmapRasterCanvas        *canvas,
           guint                level,
           const SitmapLodView *view)
{
  Pen pen;

  memset (r, 0, sizeof *r);
  r->canvas = *canvas;
  r->width = r->canvas.x1 - r->canvas.x0;
  r->height = r->canvas.y1 - r->canvas.y0;
  r->columns = r->width + 2;
  r->area = sitmap_raster_scratch_area ((gsize)r->columns * r->height);
  r->row_min = G_MAXINT;
  r->row_max = G_MININT;

  sitmap_raster_fill_init_sink (r);
  pen_init (&pen, self, view, &r->sink);
  walk_rings (self, &self->levels[level], &pen);
  sitmap_raster_fill_close (r);
  return pen.vertices;
}

/* Fills the rings into the canvas with its colour. */
static gsize
fill_into (SitmapLod           *self,
           const SitmapRasterCanvas        *canvas,
           guint                level,
           const SitmapLodView *view)
{
  SitmapRasterFill r;
  gsize vertices = fill_walk (self, &r, canvas, level, view);

  sitmap_raster_composite_polygons (canvas, NULL, &r, NULL, NULL, canvas, NULL);
  return vertices;
}

gsize
sitmap_lod_fill_rings (SitmapLod           *self,
                       cairo_t             *cr,
                       guint                level,
                       const SitmapLodView *view)
{
  SitmapRasterCanvas canvas;
  gsize vertices;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  if (!sitmap_raster_canvas_init (&canvas, cr))
    {
      cairo_save (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      vertices = sitmap_lod_append_rings (self, cr, level, view);
      cairo_fill (cr);
      cairo_restore (cr);
      return vertices;
    }

  vertices = fill_into (self, &canvas, level, view);
  cairo_surface_mark_dirty (canvas.surface);
  cairo_new_path (cr);
  return vertices;
}

/* The three passes of sitmap_lod_draw_polygons_begin () into the canvas's
 * pixels.  Both strokes come from one walk over the arcs, the coasts' halo
 * into a mask of its own, composited under the fill. */
gsize
sitmap_lod_draw_polygons_into (SitmapLod           *self,
                    guint                level,
                    const SitmapLodView *view,
                    const SitmapRasterCanvas        *canvas,
                    const SitmapLodInk  *ground,
                    const SitmapLodInk  *coast,
                    const SitmapLodInk  *fill,
                    const SitmapLodInk  *border)
{
  SitmapRasterStroke r = { 0 };
  SitmapRasterFill f;
  Pen pen;
  gsize vertices = 0;

  if (coast || border)
    {
      r.canvas = *canvas;
      r.width = canvas->x1 - canvas->x0;
      r.height = canvas->y1 - canvas->y0;
      r.mask = sitmap_raster_scratch_mask (0, (gsize)r.width * r.height);
      r.row_min = G_MAXINT;
      r.row_max = G_MININT;
      r.half_width = border ? border->width * canvas->scale / 2 : 0;
      r.peak = border ? MIN (1, 2 * r.half_width) : 0;
      if (coast)
        {
          r.under_mask = sitmap_raster_scratch_mask (1, (gsize)r.width * r.height);
          r.under_half_width = coast->width * canvas->scale / 2;
          r.under_peak = MIN (1, 2 * r.under_half_width);
        }

      sitmap_raster_stroke_init_sink (&r);
      pen_init (&pen, self, view, &r.sink);
      walk_arcs (self, &self->levels[level], border ? SITMAP_LOD_ARCS_ALL : SITMAP_LOD_ARCS_UNSHARED, &pen);
      vertices += pen.vertices;
    }

  if (fill)
    vertices += fill_walk (self, &f, canvas, level, view);

  {
    SitmapRasterCanvas ground_ink = *canvas, coast_ink = *canvas, land_ink = *canvas, border_ink = *canvas;

    if (ground)
      sitmap_raster_canvas_set_colour (&ground_ink, ground->red, ground->green, ground->blue, ground->alpha);
    if (coast)
      sitmap_raster_canvas_set_colour (&coast_ink, coast->red, coast->green, coast->blue, coast->alpha);
    if (fill)
      sitmap_raster_canvas_set_colour (&land_ink, fill->red, fill->green, fill->blue, fill->alpha);
    if (border)
      sitmap_raster_canvas_set_colour (&border_ink, border->red, border->green, border->blue, border->alpha);
    sitmap_raster_composite_polygons (canvas, (coast || border) ? &r : NULL, fill ? &f : NULL, ground ? &ground_ink : NULL,
                        coast ? &coast_ink : NULL, fill ? &land_ink : NULL, border ? &border_ink : NULL);
  }
  return vertices;
}
