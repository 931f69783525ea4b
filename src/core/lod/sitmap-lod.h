/* sitmap-lod.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "sitmap-path-sink.h"

G_BEGIN_DECLS

/* Level of detail for a layer's projected geometry.
 *
 * The rings (or lines) of every feature are cut into arcs where they meet
 * other rings, so a border shared by two countries is one arc used by both.
 * Each arc is simplified once per level with Douglas–Peucker, keeping its
 * ends, and every ring is rebuilt from the simplified arcs: neighbours keep
 * exactly the same vertices along their common border at every level, and
 * no gap or sliver can open between them.  Levels are a ladder of
 * tolerances a factor of √2 apart; a frame picks the coarsest one whose
 * error stays under half a device pixel.
 *
 * Rings and arcs are indexed in a uniform grid, for culling and for
 * hit-testing, and each arc is split into short chunks with their own
 * bounding boxes so that a ring mostly out of view costs little.
 *
 * A SitmapLod is immutable once built, so it may be built on any thread;
 * the queries that use the grid are not thread-safe. */
typedef struct _SitmapLod SitmapLod;

/* One feature's projected parts, as in SitmapShape. */
typedef struct
{
  guint         n_parts;
  const guint  *part_start;   /* n_parts + 1 offsets into xy */
  const double *xy;           /* 2 × n_points; NaN where unprojectable */
  const guint8 *seam;         /* NULL, or per vertex: the edge to the next
                               * vertex lies on the projection's seam */
} SitmapLodSource;

/* Islands smaller than the view's dot_size are a dot among all arcs and
 * left out of the unshared ones, which are for coastal halos. */
typedef enum
{
  SITMAP_LOD_ARCS_ALL,        /* every arc once: borders */
  SITMAP_LOD_ARCS_UNSHARED,   /* arcs used by one ring only: coasts */
} SitmapLodArcs;

/* From projection metres to logical pixels, and what is in view. */
typedef struct
{
  double scale;               /* pixels per metre */
  double offset_x;            /* px = x × scale + offset_x */
  double offset_y;            /* py = offset_y − y × scale */
  double x_min, y_min;        /* visible metres, margin included */
  double x_max, y_max;
  /* Islands smaller than this many metres each way are drawn as a dot
   * and left out of fills: about a device pixel.  0 draws them all. */
  double dot_size;
} SitmapLodView;

/* closed: the parts are rings (polygons) rather than lines. */
SitmapLod *sitmap_lod_new                   (const SitmapLodSource *features,
                                             guint                  n_features,
                                             gboolean               closed);
/* The same for features whose xy all lie in points (n_points pairs),
 * which the level of detail then uses as its own points instead of a copy
 * of them: points must stay as they are for as long as it lives. */
SitmapLod *sitmap_lod_new_sharing           (const double          *points,
                                             gsize                  n_points,
                                             const SitmapLodSource *features,
                                             guint                  n_features,
                                             gboolean               closed);
void       sitmap_lod_free                  (SitmapLod             *self);

/* TRUE when self was read from the prepared-data cache and points into
 * its mapped file, rather than built. */
gboolean   sitmap_lod_is_mapped             (const SitmapLod       *self);
guint      sitmap_lod_get_n_levels          (const SitmapLod       *self);
/* The largest distance, in metres, between a level and the data. */
double     sitmap_lod_get_level_tolerance   (const SitmapLod       *self,
                                             guint                  level);
gsize      sitmap_lod_get_level_n_vertices  (const SitmapLod       *self,
                                             guint                  level);
/* The coarsest level whose tolerance is at most tolerance metres. */
guint      sitmap_lod_choose_level          (const SitmapLod       *self,
                                             double                 tolerance);

guint      sitmap_lod_get_n_arcs            (const SitmapLod       *self);
guint      sitmap_lod_get_n_shared_arcs     (const SitmapLod       *self);
/* Rings are numbered feature by feature, part by part. */
guint      sitmap_lod_get_n_rings           (const SitmapLod       *self);
guint      sitmap_lod_get_feature_first_ring (const SitmapLod      *self,
                                             guint                  feature);
guint      sitmap_lod_get_feature_n_rings   (const SitmapLod       *self,
                                             guint                  feature);
/* The ring rebuilt from its arcs at level, as (x, y) pairs in projection
 * metres; closed rings repeat their first vertex at the end.  Returns the
 * number of vertices. */
guint      sitmap_lod_get_ring              (const SitmapLod       *self,
                                             guint                  level,
                                             guint                  ring,
                                             GArray                *xy);
void       sitmap_lod_get_ring_bounds       (const SitmapLod       *self,
                                             guint                  ring,
                                             double                 bounds[4]);

/* Rings whose bounding box meets the box, each once, appended to rings
 * (guint).  Not thread-safe. */
void       sitmap_lod_query_rings           (SitmapLod             *self,
                                             double                 x_min,
                                             double                 y_min,
                                             double                 x_max,
                                             double                 y_max,
                                             GArray                *rings);
/* The feature whose rings contain (x, y), even-odd at full detail, or -1.
 * Not thread-safe. */
int        sitmap_lod_feature_at            (SitmapLod             *self,
                                             double                 x,
                                             double                 y);

/* Walks every ring in view into sink at level, for one even-odd fill,
 * or the arcs in view, each once, for one stroke; the _append_ calls
 * below walk into a cairo path.  Return the number of vertices sent. */
gsize      sitmap_lod_walk_rings            (SitmapLod             *self,
                                             guint                  level,
                                             const SitmapLodView   *view,
                                             SitmapPathSink        *sink);
gsize      sitmap_lod_walk_arcs             (SitmapLod             *self,
                                             guint                  level,
                                             const SitmapLodView   *view,
                                             SitmapLodArcs          which,
                                             SitmapPathSink        *sink);

/* Appends every ring in view to cr's path at level, for one even-odd
 * fill.  Parts of rings out of view are replaced by a few vertices that
 * leave the filled area inside the view unchanged.  Returns the number
 * of vertices sent to cairo. */
gsize      sitmap_lod_append_rings          (SitmapLod             *self,
                                             cairo_t               *cr,
                                             guint                  level,
                                             const SitmapLodView   *view);
/* Appends the arcs in view to cr's path at level, each once, for one
 * stroke.  Arcs along the projection's seam are never included. */
gsize      sitmap_lod_append_arcs           (SitmapLod             *self,
                                             cairo_t               *cr,
                                             guint                  level,
                                             const SitmapLodView   *view,
                                             SitmapLodArcs          which);

/* Fills the rings in view even-odd, or strokes the arcs, with cr's source,
 * line width and dashes, as cairo_fill () and cairo_stroke () would, and
 * clears cr's path.  On image surfaces they draw into the pixels
 * themselves, several times faster than cairo; everywhere else through
 * cairo.  Joins and caps are round (on image surfaces, solid lines
 * overlap at their joins instead, which differs from a round join by
 * well under a pixel at a basemap's widths).  Return the number of
 * vertices drawn. */
gsize      sitmap_lod_fill_rings            (SitmapLod             *self,
                                             cairo_t               *cr,
                                             guint                  level,
                                             const SitmapLodView   *view);
gsize      sitmap_lod_stroke_arcs           (SitmapLod             *self,
                                             cairo_t               *cr,
                                             guint                  level,
                                             const SitmapLodView   *view,
                                             SitmapLodArcs          which);

/* A colour, and a line width in logical pixels for strokes. */
typedef struct
{
  double red, green, blue, alpha;
  double width;
} SitmapLodInk;

/* A polygon layer as the basemap draws it: the whole clip painted with
 * ground, opaque (the sea), the coasts (arcs only one ring uses) stroked
 * with coast, the rings filled with fill, then every arc stroked with
 * border over them; NULL leaves a pass out.  On image surfaces both
 * strokes come from one walk over the arcs, in bands on every processor:
 * the other processors start at _begin () and the caller joins them at
 * _end (), so it can prepare what it draws next in between, as long as
 * it leaves cr and its target alone.  _end () returns the number of
 * vertices drawn. */
typedef struct _SitmapLodDraw SitmapLodDraw;

SitmapLodDraw *sitmap_lod_draw_polygons_begin (SitmapLod             *self,
                                               cairo_t               *cr,
                                               guint                  level,
                                               const SitmapLodView   *view,
                                               const SitmapLodInk    *ground,
                                               const SitmapLodInk    *coast,
                                               const SitmapLodInk    *fill,
                                               const SitmapLodInk    *border);
gsize          sitmap_lod_draw_polygons_end   (SitmapLodDraw         *draw);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapLod, sitmap_lod_free)

G_END_DECLS
