/* sitmap-crs-catalog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SITMAP_CRS_CATALOG_ERROR (sitmap_crs_catalog_error_quark ())

typedef enum
{
  SITMAP_CRS_CATALOG_ERROR_NO_DATABASE,
} SitmapCrsCatalogError;

GQuark sitmap_crs_catalog_error_quark (void);

/* One coordinate system of PROJ's database. */
typedef struct
{
  char     *id;          /* "EPSG:32636" */
  char     *name;        /* "WGS 84 / UTM zone 36N" */
  char     *area;        /* its area of use, in words; may be "" */
  double    bbox[4];     /* the area in degrees: west, south, east, north; NaN when none */
  gboolean  projected;
  /* After sitmap_crs_catalog_rank(): the data, read in this system,
   * lies inside its area of use. */
  gboolean  fits;
  /* ... and the middle of the data lies inside the area itself, not only
   * within a degree of it. */
  gboolean  centred;
  /* Where the middle of the data then lies, in degrees (lon, lat), to
   * tell apart systems that all fit: every UTM zone holds the same
   * numbers, each in a different place. */
  double    middle[2];
} SitmapCrsCatalogEntry;

#define SITMAP_TYPE_CRS_CATALOG (sitmap_crs_catalog_get_type ())

G_DECLARE_FINAL_TYPE (SitmapCrsCatalog, sitmap_crs_catalog, SITMAP, CRS_CATALOG, GObject)

/* The EPSG projected and 2-D geographic systems that are not deprecated
 * (some 5,700), in the database's order.  Takes some tens of
 * milliseconds. */
SitmapCrsCatalog            *sitmap_crs_catalog_new           (GError                      **error);
guint                        sitmap_crs_catalog_get_n_entries (SitmapCrsCatalog             *self);
const SitmapCrsCatalogEntry *sitmap_crs_catalog_get_entry     (SitmapCrsCatalog             *self,
                                                               guint                         index);
/* The index of the entry with that id, or -1. */
int                          sitmap_crs_catalog_find          (SitmapCrsCatalog             *self,
                                                               const char                   *id);
/* Reads extent (x_min, y_min, x_max, y_max, in the data's own unknown
 * units) in every system and puts first those whose area of use then
 * holds it: those holding the data's middle strictly first, then the
 * smallest area first; the others keep the database's order.  Converts a
 * few points in each of thousands of systems: most of a second on a small
 * machine, so call it in a worker thread (the catalog is the worker's
 * until it returns).  Returns how many fit; stops early, leaving the
 * order unchanged, when cancellable is cancelled. */
guint                        sitmap_crs_catalog_rank          (SitmapCrsCatalog             *self,
                                                               const double                  extent[4],
                                                               GCancellable                 *cancellable);
/* Whether every word of query is in the entry's id, name or area, in any
 * case: "32636", "utm zone 36n". */
gboolean                     sitmap_crs_catalog_entry_matches (const SitmapCrsCatalogEntry  *entry,
                                                               const char                   *query);

G_END_DECLS
