/* sitmap-shapefile-hooks.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <shapefil.h>

G_BEGIN_DECLS

/* What the hooks serve for the load in progress on this thread: the files
 * the loader resolved, or the files themselves in memory. */
typedef struct
{
  const char *shp_path;
  const char *shx_path;      /* NULL if missing */
  const char *dbf_path;      /* NULL if missing */
  /* sitmap_shapefile_load_from_memory(): the files themselves, NULL if
   * missing; the paths above are then unused. */
  gboolean    in_memory;
  GBytes     *shp_bytes;
  GBytes     *shx_bytes;
  GBytes     *dbf_bytes;
  guint8     *shx_data;      /* rebuilt index, or NULL */
  gsize       shx_size;
  char       *last_error;
} SitmapShapefileHookState;

/* Fills hooks with Sitmap's file and error hooks and points this thread's
 * hooks at state, until sitmap_shapefile_hooks_release (state). */
void sitmap_shapefile_hooks_install (SAHooks                  *hooks,
                                     SitmapShapefileHookState *state);
void sitmap_shapefile_hooks_release (SitmapShapefileHookState *state);

G_END_DECLS
