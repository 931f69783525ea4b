/* sitmap-map.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sitmap-renderer.h"

G_BEGIN_DECLS

#define SITMAP_MAP_ERROR (sitmap_map_error_quark ())

typedef enum
{
  SITMAP_MAP_ERROR_NO_DATA,
  SITMAP_MAP_ERROR_MISSING_LAYER,
} SitmapMapError;

GQuark sitmap_map_error_quark (void);

#define SITMAP_TYPE_MAP (sitmap_map_get_type ())

G_DECLARE_FINAL_TYPE (SitmapMap, sitmap_map, SITMAP, MAP, GObject)

/* What one situation map is made of: its basemap layers, its projection
 * and its home view.  The window and the headless export both build one,
 * so they start from the same state. */
SitmapMap      *sitmap_map_new                 (void);
/* The boundaries shipped in data/boundaries. */
gboolean        sitmap_map_load_builtin_basemaps (SitmapMap      *self,
                                                  GError        **error);
/* Projects every basemap layer and builds its level of detail now, so the
 * first frame need not. */
void            sitmap_map_prepare              (SitmapMap      *self);
/* The same for the 1:10m countries in a worker thread, for a window that
 * should show something at once: until it completes the map draws the
 * 1:50m countries in their place.  Completes at once when they are ready
 * for the current projection. */
void            sitmap_map_prepare_async        (SitmapMap           *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean        sitmap_map_prepare_finish       (SitmapMap      *self,
                                                 GAsyncResult   *result,
                                                 GError        **error);
/* Whether the 1:10m countries are drawn, ready for the current projection. */
gboolean        sitmap_map_is_prepared          (SitmapMap      *self);
/* A shapefile the user chose; on failure nothing already shown changes. */
SitmapLayer    *sitmap_map_add_basemap          (SitmapMap      *self,
                                                 const char     *path,
                                                 GError        **error);
/* A layer loaded elsewhere (in a worker thread), named by its path. */
void            sitmap_map_add_loaded_basemap   (SitmapMap      *self,
                                                 SitmapLayer    *layer,
                                                 const char     *path);
SitmapRenderer *sitmap_map_get_renderer         (SitmapMap      *self);
/* The home extent in longitude/latitude (west, south, east, north). */
void            sitmap_map_set_home_extent      (SitmapMap      *self,
                                                 const double    extent[4]);
/* Fills viewport's centre and resolution so the home extent fits its
 * width and height. */
void            sitmap_map_fit_home             (SitmapMap      *self,
                                                 SitmapViewport *viewport);
/* The story shipped in data/stories. */
gboolean        sitmap_map_load_builtin_story   (SitmapMap      *self,
                                                 GError        **error);
/* Shows story on the map: areas given by reference are resolved against
 * the loaded layers and the home view becomes the story's extent.  On
 * failure the map keeps what it showed. */
gboolean        sitmap_map_set_story            (SitmapMap      *self,
                                                 SitmapStory    *story,
                                                 GError        **error);
SitmapStory    *sitmap_map_get_story            (SitmapMap      *self);
/* Where the app's data lives: $SITMAP_DATADIR, the source tree when run
 * uninstalled, or the installed copy. */
const char     *sitmap_map_get_data_dir         (void);

G_END_DECLS
