/* sitmap-projection.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SITMAP_PROJECTION_ERROR (sitmap_projection_error_quark ())

typedef enum
{
  SITMAP_PROJECTION_ERROR_INVALID_CRS,
  SITMAP_PROJECTION_ERROR_TRANSFORM,
} SitmapProjectionError;

GQuark sitmap_projection_error_quark (void);

#define SITMAP_TYPE_PROJECTION (sitmap_projection_get_type ())

G_DECLARE_FINAL_TYPE (SitmapProjection, sitmap_projection, SITMAP, PROJECTION, GObject)

/* A map projection from WGS 84 longitude/latitude to planar metres. */
SitmapProjection *sitmap_projection_new              (const char        *proj_definition,
                                                      double             central_longitude,
                                                      GError           **error);
/* An equal-area projection suited to the extent: Lambert azimuthal
 * equal-area centred on a regional extent, Equal Earth for the world. */
SitmapProjection *sitmap_projection_new_for_extent   (double             west,
                                                      double             south,
                                                      double             east,
                                                      double             north,
                                                      GError           **error);
const char       *sitmap_projection_get_definition   (SitmapProjection  *self);
/* The meridian the map is centred on; its antimeridian is the seam. */
double            sitmap_projection_get_central_longitude (SitmapProjection *self);
/* In place; n pairs of (lon, lat) become (x, y).  Points that cannot be
 * projected become NaN. */
void              sitmap_projection_forward          (SitmapProjection  *self,
                                                      double            *xy,
                                                      gsize              n_points);
gboolean          sitmap_projection_inverse          (SitmapProjection  *self,
                                                      double             x,
                                                      double             y,
                                                      double            *lon,
                                                      double            *lat);

/* Converts coordinates in an arbitrary CRS (WKT, as in a .prj, or any PROJ
 * string) to WGS 84 longitude/latitude, in place. */
typedef struct _SitmapCrsTransform SitmapCrsTransform;

SitmapCrsTransform *sitmap_crs_transform_new         (const char        *source_crs,
                                                      GError           **error);
/* TRUE when the CRS is geographic WGS 84 (or equivalent) and no
 * transformation is needed. */
gboolean            sitmap_crs_transform_is_identity (SitmapCrsTransform *self);
gboolean            sitmap_crs_transform_to_lonlat   (SitmapCrsTransform *self,
                                                      double             *xy,
                                                      gsize               n_points,
                                                      GError            **error);
void                sitmap_crs_transform_free        (SitmapCrsTransform *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapCrsTransform, sitmap_crs_transform_free)

G_END_DECLS
