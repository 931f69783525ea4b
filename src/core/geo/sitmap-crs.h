/* sitmap-crs.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-projection.h"

G_BEGIN_DECLS

#define SITMAP_CRS_ERROR (sitmap_crs_error_quark ())

typedef enum
{
  SITMAP_CRS_ERROR_EMPTY,
  SITMAP_CRS_ERROR_INVALID,
  SITMAP_CRS_ERROR_NOT_A_CRS,
  SITMAP_CRS_ERROR_NO_TRANSFORM,
  SITMAP_CRS_ERROR_FILE,
} SitmapCrsError;

GQuark sitmap_crs_error_quark (void);

#define SITMAP_TYPE_CRS (sitmap_crs_get_type ())

G_DECLARE_FINAL_TYPE (SitmapCrs, sitmap_crs, SITMAP, CRS, GObject)

/* A coordinate system a person named for data that does not say its own:
 * checked with PROJ to be a CRS whose coordinates convert to longitude and
 * latitude.  Immutable. */

/* From text: an authority code ("EPSG:32636", or a bare EPSG number), a
 * PROJ string ("+proj=utm +zone=36 +datum=WGS84", with or without
 * +type=crs), WKT or PROJJSON, or a CRS name PROJ's database knows.
 * Never reads files. */
SitmapCrs  *sitmap_crs_new_from_string     (const char   *text,
                                            GError      **error);
/* As a command line option is given: the text above, or the path of a
 * file holding WKT (a .prj). */
SitmapCrs  *sitmap_crs_new_from_argument   (const char   *argument,
                                            GError      **error);

/* What PROJ was given, to make transforms from (in any thread). */
const char *sitmap_crs_get_definition      (SitmapCrs    *self);
/* As the person wrote it (a file's path for a file), for messages. */
const char *sitmap_crs_get_given           (SitmapCrs    *self);
const char *sitmap_crs_get_name            (SitmapCrs    *self);
/* "EPSG:32636" when the CRS is one of an authority's, else NULL. */
const char *sitmap_crs_get_id              (SitmapCrs    *self);
/* A point in the CRS's own coordinates that converts to finite
 * longitude/latitude: the centre of its area of use where it has one. */
void        sitmap_crs_get_sample_point    (SitmapCrs    *self,
                                            double       *x,
                                            double       *y);
/* The CRS as ESRI WKT, as a .prj holds it; NULL with error when PROJ
 * cannot write it so. */
char       *sitmap_crs_to_prj              (SitmapCrs    *self,
                                            GError      **error);
SitmapCrsTransform *sitmap_crs_new_transform (SitmapCrs  *self,
                                              GError    **error);

G_END_DECLS
