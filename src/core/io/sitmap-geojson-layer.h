/* sitmap-geojson-layer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sitmap-layer.h"

G_BEGIN_DECLS

#define SITMAP_GEOJSON_LAYER_ERROR (sitmap_geojson_layer_error_quark ())

typedef enum
{
  SITMAP_GEOJSON_LAYER_ERROR_NOT_FOUND,
  SITMAP_GEOJSON_LAYER_ERROR_INVALID,    /* not JSON, or not a FeatureCollection */
  SITMAP_GEOJSON_LAYER_ERROR_TOO_LARGE,
  SITMAP_GEOJSON_LAYER_ERROR_CRS,        /* coordinates not in longitude/latitude */
  SITMAP_GEOJSON_LAYER_ERROR_EMPTY,      /* no feature with a geometry */
  SITMAP_GEOJSON_LAYER_ERROR_IS_STORY,   /* a story: load it as one */
} SitmapGeojsonLayerError;

GQuark       sitmap_geojson_layer_error_quark (void);

/* A plain GeoJSON FeatureCollection, as QGIS or GDAL write it (foreign
 * members such as "name" and "crs" allowed), as a layer titled by its
 * "name" or the file's: the geometry kind of its first feature (points,
 * lines or polygons; features of another kind are left out with a
 * warning), each feature named by its "name" property, every property a
 * field.  Checked like a story before json-glib sees it. */
SitmapLayer *sitmap_geojson_layer_load_file   (const char  *path,
                                               GError     **error);
SitmapLayer *sitmap_geojson_layer_load_data   (const char  *data,
                                               gsize        length,
                                               const char  *display_name,
                                               GError     **error);

G_END_DECLS
