/* sitmap-layer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-lod.h"
#include "sitmap-prepared-cache.h"
#include "sitmap-projection.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_GEOMETRY_POINTS,
  SITMAP_GEOMETRY_LINES,
  SITMAP_GEOMETRY_POLYGONS,
} SitmapGeometryKind;

/* A feature as loaded, in longitude/latitude degrees (WGS 84).  Parts are
 * rings for polygons, polylines for lines and single vertices for points.
 * The projected form lives in SitmapShape and is rebuilt only when the
 * projection changes. */
typedef struct
{
  char       *name;            /* UTF-8, never NULL (may be "") */
  char      **attributes;      /* UTF-8 values, one per layer field */
  guint       n_parts;
  guint      *part_start;      /* n_parts + 1 offsets into lonlat */
  double     *lonlat;          /* 2 × n_points */
  guint       n_points;
} SitmapFeature;

/* Projected geometry of one feature, in projection metres. */
typedef struct
{
  guint       n_parts;
  guint      *part_start;      /* n_parts + 1 offsets into xy */
  double     *xy;              /* 2 × n_points */
  guint       n_points;
  /* Set only where a ring was cut at the projection's seam: seam[i] marks
   * the edge from vertex i to i + 1 as part of the cut, which is filled but
   * never stroked, so no border is drawn along the map's edge. */
  guint8     *seam;
  double      x_min, y_min, x_max, y_max;
  double      area;            /* projected area of the largest ring */
  double      label_x, label_y;
  /* x_min, y_min, x_max, y_max of each part (4 × n_parts), NaN vertices
   * left out; a part with none has x_min > x_max. */
  double     *part_bounds;
  /* Private: the edges by horizontal band, built on the first
   * sitmap_shape_contains () call. */
  gpointer    contains_index;
} SitmapShape;

/* Even-odd point-in-polygon over all parts, in projection metres. */
gboolean sitmap_shape_contains (const SitmapShape *shape,
                                double             x,
                                double             y);
/* The same test for many points on one line: the x of every edge
 * crossing the line at y, sorted into xs (of double), for
 * sitmap_shape_row_contains (), which answers as sitmap_shape_contains ()
 * would for (x, y). */
void     sitmap_shape_row_crossings (const SitmapShape *shape,
                                     double             y,
                                     GArray            *xs);
gboolean sitmap_shape_row_contains  (const SitmapShape *shape,
                                     const GArray      *crossings,
                                     double             x);

#define SITMAP_TYPE_LAYER (sitmap_layer_get_type ())

G_DECLARE_FINAL_TYPE (SitmapLayer, sitmap_layer, SITMAP, LAYER, GObject)

SitmapLayer         *sitmap_layer_new                (const char          *title,
                                                      SitmapGeometryKind   kind,
                                                      const char * const  *field_names);
const char          *sitmap_layer_get_title          (SitmapLayer         *self);
const char          *sitmap_layer_get_source_path    (SitmapLayer         *self);
void                 sitmap_layer_set_source_path    (SitmapLayer         *self,
                                                      const char          *path);
SitmapGeometryKind   sitmap_layer_get_kind           (SitmapLayer         *self);
const char * const  *sitmap_layer_get_field_names    (SitmapLayer         *self);
int                  sitmap_layer_find_field         (SitmapLayer         *self,
                                                      const char          *field_name);
guint                sitmap_layer_get_n_features     (SitmapLayer         *self);
const SitmapFeature *sitmap_layer_get_feature        (SitmapLayer         *self,
                                                      guint                index);
/* Takes ownership of name, attributes and the coordinate arrays. */
void                 sitmap_layer_take_feature       (SitmapLayer         *self,
                                                      char                *name,
                                                      char               **attributes,
                                                      guint                n_parts,
                                                      guint               *part_start,
                                                      double              *lonlat);
/* A layer read back from the prepared-data cache: its features' arrays
 * point into storage, which the layer keeps, and are never written.
 * Set storage on the new layer, then add every feature with
 * _add_stored_feature (); _take_feature () is for other layers.  When
 * storage is the cache's file mapped (sitmap_prepared_cache_is_mapped ()),
 * the pages of a feature's coordinates are given back once it has been
 * projected: they are read again only to project anew. */
void                 sitmap_layer_set_storage        (SitmapLayer         *self,
                                                      GBytes              *storage,
                                                      gboolean             is_file_mapping);
void                 sitmap_layer_add_stored_feature (SitmapLayer         *self,
                                                      char                *name,
                                                      char               **attributes,
                                                      guint                n_parts,
                                                      const guint         *part_start,
                                                      const double        *lonlat);
/* Whether the features are in a mapped file of the cache. */
gboolean             sitmap_layer_is_mapped          (SitmapLayer         *self);
/* A key for what the features were read from, set by a loader that
 * hashed its source: the projected data's key then starts from it
 * instead of hashing every vertex.  Adding a feature forgets it. */
void                 sitmap_layer_set_content_key    (SitmapLayer             *self,
                                                      const SitmapPreparedKey *key);
gboolean             sitmap_layer_get_content_key    (SitmapLayer             *self,
                                                      SitmapPreparedKey       *key);
gsize                sitmap_layer_get_n_points       (SitmapLayer         *self);
/* Warnings gathered while loading ("3 of 255 records skipped: …"). */
const char          *sitmap_layer_get_warnings       (SitmapLayer         *self);
void                 sitmap_layer_add_warning        (SitmapLayer         *self,
                                                      const char          *warning);

/* west, south, east, north of every vertex, in degrees; FALSE when the
 * layer has none. */
gboolean             sitmap_layer_get_lonlat_extent  (SitmapLayer         *self,
                                                      double               extent[4]);

/* Sets the projection.  Every feature is projected once for it, on first
 * use of the shapes or bounds (or by sitmap_layer_prepare ()), and rings
 * and lines are cut at the projection's seam; drawing then only
 * transforms from projected to device space. */
void                 sitmap_layer_project            (SitmapLayer         *self,
                                                      SitmapProjection    *projection);
SitmapProjection    *sitmap_layer_get_projection     (SitmapLayer         *self);
/* Projects the features and builds the level of detail now, so the first
 * frame does not.  May run in a worker thread while the main thread uses
 * the layer (which then waits for it), given its own copy of the layer's
 * projection, since PROJ objects must not be shared between threads;
 * NULL uses the layer's.  Does nothing when a projection different from
 * the layer's is passed. */
void                 sitmap_layer_prepare            (SitmapLayer         *self,
                                                      SitmapProjection    *working_copy);
/* Whether the features are projected, and the level of detail built, for
 * the current projection. */
gboolean             sitmap_layer_is_prepared        (SitmapLayer         *self);
/* Prepared now if the prepared-data cache holds the layer for its
 * projection, which costs a few milliseconds of mapping and checking;
 * never builds anything.  Whether the layer is prepared. */
gboolean             sitmap_layer_prepare_from_cache (SitmapLayer         *self);
/* The level of detail of the projected lines or polygons, built on first
 * use; NULL for points.  Valid until the projection changes. */
SitmapLod           *sitmap_layer_get_lod            (SitmapLayer         *self);
/* The feature whose polygon contains (x, y) in projection metres, through
 * the spatial index, or -1. */
int                  sitmap_layer_feature_at         (SitmapLayer         *self,
                                                      double               x,
                                                      double               y);
const SitmapShape   *sitmap_layer_get_shape          (SitmapLayer         *self,
                                                      guint                index);
void                 sitmap_layer_get_bounds         (SitmapLayer         *self,
                                                      double              *x_min,
                                                      double              *y_min,
                                                      double              *x_max,
                                                      double              *y_max);

G_END_DECLS
