/* sitmap-map.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "sitmap-layer.h"
#include "sitmap-projection.h"
#include "sitmap-story.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

#define SITMAP_MAP_ERROR (sitmap_map_error_quark ())

typedef enum
{
  SITMAP_MAP_ERROR_NO_DATA,
  SITMAP_MAP_ERROR_MISSING_LAYER,
  SITMAP_MAP_ERROR_NO_STORY,
  SITMAP_MAP_ERROR_NO_FEATURE,
} SitmapMapError;

GQuark sitmap_map_error_quark (void);

typedef enum
{
  SITMAP_LAYER_ROLE_COUNTRIES,  /* filled land, borders, coast, country names */
  SITMAP_LAYER_ROLE_REGIONS,    /* subdivisions: thin lines inside countries */
  SITMAP_LAYER_ROLE_USER,       /* anything the user opened */
} SitmapLayerRole;

/* What a SitmapMap::changed emission says changed. */
typedef enum /*< flags >*/
{
  SITMAP_MAP_CHANGE_LAYERS     = 1 << 0,  /* a layer added, removed or swapped */
  SITMAP_MAP_CHANGE_PROJECTION = 1 << 1,  /* every layer reprojected */
  SITMAP_MAP_CHANGE_STORY      = 1 << 2,  /* another story, or none */
  SITMAP_MAP_CHANGE_FEATURE    = 1 << 3,  /* one story feature, named by index */
  SITMAP_MAP_CHANGE_INFO       = 1 << 4,  /* the story's title, extent, … (SitmapStoryInfo) */
} SitmapMapChange;

#define SITMAP_TYPE_MAP_CHANGE (sitmap_map_change_get_type ())
GType sitmap_map_change_get_type (void);

#define SITMAP_TYPE_MAP (sitmap_map_get_type ())

G_DECLARE_FINAL_TYPE (SitmapMap, sitmap_map, SITMAP, MAP, GObject)

/* What one situation map is made of: its layers, its projection, its
 * story and its home view.  Every change goes through it and is told by
 * the "changed" signal (what, and for SITMAP_MAP_CHANGE_FEATURE the
 * feature's index, else -1), after which the "generation" property has
 * grown: whoever draws or lays out the map keys its caches by it.  The
 * window and the headless export both build one, so they start from the
 * same state. */
SitmapMap        *sitmap_map_new                   (void);
/* A copy of the map as it is, to draw in another thread while this one
 * goes on changing in its own: the same layers (kept alive by the copy),
 * a copy of the story, and a projection of its own, since PROJ objects
 * must not be shared between threads.  The copy never changes and says
 * nothing; edit the original.  Draw it only between
 * sitmap_map_begin_drawing () and sitmap_map_end_drawing (). */
SitmapMap        *sitmap_map_snapshot              (SitmapMap      *self);
/* Prepares the snapshot's layers with its own projection and keeps the
 * original from reprojecting them in place until sitmap_map_end_drawing ()
 * (a change of projection there waits for it).  FALSE, and nothing to
 * end, when the original was reprojected since the snapshot: what it
 * would draw is out of date anyway. */
gboolean          sitmap_map_begin_drawing         (SitmapMap      *self);
void              sitmap_map_end_drawing           (SitmapMap      *self);
/* Grows by one at every change; never 0. */
guint64           sitmap_map_get_generation        (SitmapMap      *self);
/* The boundaries shipped in data/boundaries. */
gboolean          sitmap_map_load_builtin_basemaps (SitmapMap      *self,
                                                    GError        **error);
/* Projects every basemap layer and builds its level of detail now, so the
 * first frame need not. */
void              sitmap_map_prepare               (SitmapMap      *self);
/* The same for the 1:10m countries in a worker thread, for a window that
 * should show something at once: until it completes the map draws the
 * 1:50m countries in their place (both swaps are layer changes).
 * Completes at once when they are ready for the current projection; while
 * a preparation is under way, once it is over and the 1:10m countries are
 * back (an export started then draws one map from start to end). */
void              sitmap_map_prepare_async         (SitmapMap           *self,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean          sitmap_map_prepare_finish        (SitmapMap      *self,
                                                    GAsyncResult   *result,
                                                    GError        **error);
/* Whether the 1:10m countries are drawn, ready for the current projection. */
gboolean          sitmap_map_is_prepared           (SitmapMap      *self);

/* ---- Layers, in drawing order ---- */
/* Projects layer for the map and draws it above the others. */
void              sitmap_map_add_layer             (SitmapMap      *self,
                                                    SitmapLayer    *layer,
                                                    SitmapLayerRole role);
void              sitmap_map_remove_layer          (SitmapMap      *self,
                                                    SitmapLayer    *layer);
guint             sitmap_map_get_n_layers          (SitmapMap      *self);
SitmapLayer      *sitmap_map_get_layer             (SitmapMap      *self,
                                                    guint           index,
                                                    SitmapLayerRole *role);
/* The layer a story's areas refer to by name ("countries",
 * "ukraine-regions", a shapefile's base name), or NULL; and the name of a
 * layer, or NULL for one no story can refer to. */
SitmapLayer      *sitmap_map_get_named_layer       (SitmapMap      *self,
                                                    const char     *name);
const char       *sitmap_map_get_layer_name        (SitmapMap      *self,
                                                    SitmapLayer    *layer);
/* A shapefile the user chose; on failure nothing already shown changes. */
SitmapLayer      *sitmap_map_add_basemap           (SitmapMap      *self,
                                                    const char     *path,
                                                    GError        **error);
/* A layer loaded elsewhere (in a worker thread), named by its path. */
void              sitmap_map_add_loaded_basemap    (SitmapMap      *self,
                                                    SitmapLayer    *layer,
                                                    const char     *path);
/* Bounds of every layer, in projection metres; FALSE when empty. */
gboolean          sitmap_map_get_bounds            (SitmapMap      *self,
                                                    double         *x_min,
                                                    double         *y_min,
                                                    double         *x_max,
                                                    double         *y_max);
/* Projection metres of a longitude/latitude box, sampled along its edges
 * because straight lines of longitude and latitude curve on the map. */
gboolean          sitmap_map_lonlat_box_bounds     (SitmapMap      *self,
                                                    double          west,
                                                    double          south,
                                                    double          east,
                                                    double          north,
                                                    double         *x_min,
                                                    double         *y_min,
                                                    double         *x_max,
                                                    double         *y_max);

/* ---- Projection and home view ---- */
SitmapProjection *sitmap_map_get_projection        (SitmapMap        *self);
/* Reprojects every layer once. */
void              sitmap_map_set_projection        (SitmapMap        *self,
                                                    SitmapProjection *projection);
/* The home extent in longitude/latitude (west, south, east, north); the
 * projection follows it. */
void              sitmap_map_get_home_extent       (SitmapMap      *self,
                                                    double          extent[4]);
void              sitmap_map_set_home_extent       (SitmapMap      *self,
                                                    const double    extent[4]);
/* Fills viewport's centre and resolution so the home extent fits its
 * width and height. */
void              sitmap_map_fit_home              (SitmapMap      *self,
                                                    SitmapViewport *viewport);

/* ---- The story ---- */
/* The story shipped in data/stories. */
gboolean          sitmap_map_load_builtin_story    (SitmapMap      *self,
                                                    GError        **error);
/* Shows story on the map: areas given by reference are resolved against
 * the loaded layers and the home view becomes the story's extent.  On
 * failure the map keeps what it showed.  The map edits the story from
 * then on; edit it only through the map. */
gboolean          sitmap_map_set_story             (SitmapMap      *self,
                                                    SitmapStory    *story,
                                                    GError        **error);
SitmapStory      *sitmap_map_get_story             (SitmapMap      *self);

/* ---- Editing the story, feature by feature ----
 * Each emits "changed" with SITMAP_MAP_CHANGE_FEATURE and the feature's
 * index (for a removal, the index it had); nothing is reloaded. */
/* A new feature at the end with the geometry given (a point: one
 * position; a line: n_positions; an area: one closed ring).  Returns its
 * index, or -1 when there is no story or the id is taken. */
int               sitmap_map_add_feature           (SitmapMap           *self,
                                                    const char          *id,
                                                    const char          *name,
                                                    SitmapStoryKind      kind,
                                                    SitmapGeometryKind   geometry_kind,
                                                    const double        *lonlat,
                                                    guint                n_positions,
                                                    GError             **error);
gboolean          sitmap_map_remove_feature        (SitmapMap      *self,
                                                    guint           index,
                                                    GError        **error);
/* New coordinates for the feature, in longitude/latitude: as many
 * positions as it has, so every part keeps its shape (for a point, one). */
gboolean          sitmap_map_move_feature          (SitmapMap      *self,
                                                    guint           index,
                                                    const double   *lonlat,
                                                    guint           n_positions,
                                                    GError        **error);
/* Every position of the feature shifted by (d_lon, d_lat) degrees. */
gboolean          sitmap_map_translate_feature     (SitmapMap      *self,
                                                    guint           index,
                                                    double          d_lon,
                                                    double          d_lat,
                                                    GError        **error);
/* One property by its GeoJSON name ("name", "label", "kind", "side",
 * "echelon", "status", "note", "dates" as comma-separated ISO dates,
 * "callout-title", or "callout-pin" as "lon,lat" in C-locale decimals:
 * where the callout's box is centred from now on, NULL to let it be
 * placed again), checked as the story file's reader checks it; value
 * NULL clears an optional one. */
gboolean          sitmap_map_set_feature_property  (SitmapMap      *self,
                                                    guint           index,
                                                    const char     *name,
                                                    const char     *value,
                                                    GError        **error);

/* Its callout's figures replaced (copied); none removes the callout. */
gboolean          sitmap_map_set_feature_figures   (SitmapMap           *self,
                                                    guint                index,
                                                    const SitmapFigure  *figures,
                                                    guint                n_figures,
                                                    GError             **error);

/* ---- The story's own properties ----
 * Emit "changed" with SITMAP_MAP_CHANGE_INFO and -1 (and
 * SITMAP_MAP_CHANGE_PROJECTION when a new extent brings another
 * projection: the home view follows the extent).  Setting what is already
 * there changes nothing and says nothing. */
gboolean          sitmap_map_set_story_info        (SitmapMap              *self,
                                                    const SitmapStoryInfo  *info,
                                                    GError                **error);
/* One of them by name, as sitmap_story_set_info_property () takes it. */
gboolean          sitmap_map_set_story_property    (SitmapMap      *self,
                                                    const char     *name,
                                                    const char     *value,
                                                    GError        **error);

/* A whole feature (a copy kept aside) put back at index, the ones from
 * there on moving up, or in place of the one at index: what undoing a
 * removal or an edit needs.  Only the id is checked (unique). */
gboolean          sitmap_map_insert_feature        (SitmapMap                 *self,
                                                    guint                      index,
                                                    const SitmapStoryFeature  *feature,
                                                    GError                   **error);
gboolean          sitmap_map_replace_feature       (SitmapMap                 *self,
                                                    guint                      index,
                                                    const SitmapStoryFeature  *feature,
                                                    GError                   **error);

/* The home extent round the layer's features, with a margin: what a map
 * of a layer one opened shows.  FALSE (and no change) when it has none. */
gboolean          sitmap_map_frame_layer           (SitmapMap      *self,
                                                    SitmapLayer    *layer);

/* Where the app's data lives: $SITMAP_DATADIR, the source tree when run
 * uninstalled, or the installed copy. */
const char       *sitmap_map_get_data_dir          (void);

G_END_DECLS
