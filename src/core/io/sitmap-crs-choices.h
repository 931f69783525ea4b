/* sitmap-crs-choices.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-crs.h"

G_BEGIN_DECLS

#define SITMAP_CRS_CHOICES_ERROR (sitmap_crs_choices_error_quark ())

typedef enum
{
  SITMAP_CRS_CHOICES_ERROR_WRITE,
  SITMAP_CRS_CHOICES_ERROR_EXISTS,
} SitmapCrsChoicesError;

GQuark sitmap_crs_choices_error_quark (void);

#define SITMAP_TYPE_CRS_CHOICES (sitmap_crs_choices_get_type ())

G_DECLARE_FINAL_TYPE (SitmapCrsChoices, sitmap_crs_choices, SITMAP, CRS_CHOICES, GObject)

/* The coordinate systems people chose for shapefiles without a .prj,
 * kept in a key file of their own (never beside the data), for each file
 * by its absolute path, size and modification time: a file replaced by
 * another is asked about again.  Every call reads or writes the key file
 * afresh, so instances in several threads agree. */

/* The key file at path. */
SitmapCrsChoices *sitmap_crs_choices_new          (const char        *path);
/* $XDG_CONFIG_HOME/sitmap/crs-choices.ini */
SitmapCrsChoices *sitmap_crs_choices_new_default  (void);
const char       *sitmap_crs_choices_get_path     (SitmapCrsChoices  *self);
/* The definition chosen for the shapefile at shp_path as it is now, or
 * NULL. */
char             *sitmap_crs_choices_lookup       (SitmapCrsChoices  *self,
                                                   const char        *shp_path);
/* Remembers crs for the shapefile at shp_path; the key file is replaced
 * atomically. */
gboolean          sitmap_crs_choices_remember     (SitmapCrsChoices  *self,
                                                   const char        *shp_path,
                                                   SitmapCrs         *crs,
                                                   GError           **error);

/* Writes crs as the .prj beside shp_path (same stem), atomically; refuses
 * to replace a .prj that is there.  Only when the person asks for it.
 * Returns the .prj's path. */
char             *sitmap_crs_write_prj_beside     (const char        *shp_path,
                                                   SitmapCrs         *crs,
                                                   GError           **error);

G_END_DECLS
