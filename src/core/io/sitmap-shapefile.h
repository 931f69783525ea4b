/* sitmap-shapefile.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-crs.h"
#include "sitmap-layer.h"

G_BEGIN_DECLS

#define SITMAP_SHAPEFILE_ERROR (sitmap_shapefile_error_quark ())

typedef enum
{
  SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
  SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
  SITMAP_SHAPEFILE_ERROR_CORRUPT,
  SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
  SITMAP_SHAPEFILE_ERROR_NO_CRS,
  SITMAP_SHAPEFILE_ERROR_EMPTY,
} SitmapShapefileError;

GQuark       sitmap_shapefile_error_quark (void);

/* Loads a shapefile set (.shp with .shx, .dbf, .prj, .cpg beside it) into a
 * layer in WGS 84 longitude/latitude.  Error messages name the file. */
SitmapLayer *sitmap_shapefile_load        (const char  *path,
                                           GError     **error);
/* The same, reading the coordinates in crs when the set has no .prj (a
 * .prj beside the file wins).  crs may be NULL. */
SitmapLayer *sitmap_shapefile_load_with_crs (const char  *path,
                                             SitmapCrs   *crs,
                                             GError     **error);
/* The bounds the .shp header states (x_min, y_min, x_max, y_max), in the
 * file's own coordinates whatever they are: enough to guess its
 * coordinate system by. */
gboolean     sitmap_shapefile_read_extent   (const char  *path,
                                             double       extent[4],
                                             GError     **error);
/* The same from files in memory: name stands for the .shp in messages
 * and gives the layer its title.  shp is required; any of the others may
 * be NULL for a missing file (shx is then rebuilt from the .shp). */
SitmapLayer *sitmap_shapefile_load_from_memory (const char  *name,
                                                GBytes      *shp,
                                                GBytes      *shx,
                                                GBytes      *dbf,
                                                GBytes      *prj,
                                                GBytes      *cpg,
                                                GError     **error);

/* Decodes DBF text to UTF-8 given a code page name as found in a .cpg
 * ("UTF-8", "1251", "CP1252", "ISO-8859-1", …) or derived from the DBF
 * language-driver byte. */
char        *sitmap_shapefile_decode_text (const char  *raw,
                                           const char  *codepage);
/* The code page a DBF language-driver id (LDID) stands for, or NULL. */
const char  *sitmap_shapefile_codepage_for_ldid (guint8 ldid);

G_END_DECLS
