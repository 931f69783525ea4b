/* sitmap-shapefile-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-dbf-text.h"
#include "sitmap-shapefile.h"
#include "sitmap-shapefile-hooks.h"

G_BEGIN_DECLS

/* The loader's state, shared by its steps: opening and checking the
 * files of the set (sitmap-shapefile-open.c), reading each record
 * (sitmap-shapefile-record.c), and the run that ties them together
 * (sitmap-shapefile.c). */

#define SHP_HEADER_SIZE   100
#define SHP_MAGIC         9994
#define SHP_VERSION       1000
#define PRJ_MAX_SIZE      (64 * 1024)
#define CPG_MAX_SIZE      4096

/* Coordinates this far past ±180°/±90° still count as longitude/latitude:
 * writers round, and some data sets reach -180.0000001. */
#define LONLAT_EPSILON    1e-3

typedef struct
{
  const char               *path;
  char                     *display;        /* the path, for messages */
  char                     *stem;           /* its base name without extension */
  GBytes                   *prj_bytes;      /* in memory only */
  GBytes                   *cpg_bytes;
  char                     *shx_path;
  char                     *dbf_path;
  gsize                     shp_size;       /* real size */
  gsize                     header_size;    /* as the header says */
  int                       shape_type;
  SitmapGeometryKind        kind;

  SitmapShapefileHookState  hooks_state;
  SAHooks                   hooks;
  SHPHandle                 shp;
  DBFHandle                 dbf;
  SitmapDbfDecoder         *decoder;
  SitmapCrsTransform       *crs;            /* NULL when no work is needed */
  SitmapCrs                *given_crs;      /* for a set without a .prj */
  gboolean                  have_prj;
  gboolean                  header_is_lonlat;

  /* Name candidates, field indexes in priority order. */
  GArray                   *name_fields;
  guint                     n_fields;
  gboolean                 *field_is_string;
  guint                     n_dbf_unreadable;

  GPtrArray                *warnings;
  guint                     n_bad;
  char                     *first_bad;
  guint                     n_not_lonlat;
  char                     *first_not_lonlat;
} Loader;

void     sitmap_shapefile_warn             (Loader              *self,
                                            const char          *format,
                                            ...) G_GNUC_PRINTF (2, 3);
gboolean sitmap_shapefile_kind_for_type    (int                  type,
                                            SitmapGeometryKind  *kind);
gboolean sitmap_shapefile_is_lonlat        (double               x_min,
                                            double               y_min,
                                            double               x_max,
                                            double               y_max);
void     sitmap_shapefile_set_no_crs_error (Loader              *self,
                                            const char          *where,
                                            GError             **error);

/* The file beside the .shp with the given extension, in any case; NULL
 * when there is none. */
char    *sitmap_shapefile_find_sibling     (const char          *shp_path,
                                            const char          *ext);

/* sitmap-shapefile-open.c: the steps of opening, each FALSE with error
 * when the load cannot go on.  A missing or damaged .dbf only warns. */
gboolean sitmap_shapefile_check_header     (Loader              *self,
                                            GError             **error);
gboolean sitmap_shapefile_open_shp         (Loader              *self,
                                            GError             **error);
gboolean sitmap_shapefile_open_prj         (Loader              *self,
                                            GError             **error);
void     sitmap_shapefile_open_dbf         (Loader              *self);
char   **sitmap_shapefile_read_field_names (Loader              *self);

/* sitmap-shapefile-record.c: one record into the layer; FALSE with error
 * only for a problem that ends the whole load. */
gboolean sitmap_shapefile_load_record      (Loader              *self,
                                            SitmapLayer         *layer,
                                            int                  record,
                                            gboolean            *loaded,
                                            GError             **error);

G_END_DECLS
