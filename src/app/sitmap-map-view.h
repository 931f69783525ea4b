/* sitmap-map-view.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-edit-history.h"
#include "sitmap-renderer.h"

G_BEGIN_DECLS

/* How far the arrow keys pan the map, or move a selected feature (with
 * Shift further), in logical pixels. */
#define SITMAP_KEY_PAN_PIXELS      80
#define SITMAP_KEY_MOVE_PIXELS     4
#define SITMAP_KEY_MOVE_FAR_PIXELS 40

#define SITMAP_TYPE_MAP_VIEW (sitmap_map_view_get_type ())

G_DECLARE_FINAL_TYPE (SitmapMapView, sitmap_map_view, SITMAP, MAP_VIEW, GtkWidget)

SitmapMap            *sitmap_map_view_get_map        (SitmapMapView *self);
void                  sitmap_map_view_set_map        (SitmapMapView *self,
                                                      SitmapMap     *map);
/* The view's painter of its map (graticule, symbol style); the view
 * redraws itself when the map or the painter's style changes. */
SitmapRenderer       *sitmap_map_view_get_renderer   (SitmapMapView *self);
const SitmapViewport *sitmap_map_view_get_viewport   (SitmapMapView *self);
void                  sitmap_map_view_zoom           (SitmapMapView *self,
                                                      double         factor);
void                  sitmap_map_view_zoom_at        (SitmapMapView *self,
                                                      double         factor,
                                                      double         x,
                                                      double         y);
/* Moves the map content by (dx, dy) logical pixels. */
void                  sitmap_map_view_pan            (SitmapMapView *self,
                                                      double         dx,
                                                      double         dy);
void                  sitmap_map_view_zoom_to_fit    (SitmapMapView *self);
/* THE SELECTION of the editor: the story feature the user has selected
 * (its index in the map's story), or -1 for none.  It is the
 * "selected-feature" property (int, notified on every change): clicking a
 * marker, area, arrow or callout selects it, clicking empty map clears
 * it, dragging selects what is dragged, the sidebar and the inspector set
 * it through the window, Escape clears it.  It follows its feature when
 * others are added or removed before it, becomes -1 when it is removed or
 * another story is shown.  Whoever acts on "the selected feature" (the
 * inspector, Delete, the arrow keys, adding and linking) reads it here,
 * and sets it here after adding one. */
int                   sitmap_map_view_get_selected_feature (SitmapMapView *self);
void                  sitmap_map_view_set_selected_feature (SitmapMapView *self,
                                                            int            index);
/* The history a drag is grouped in, so that a drag is one step (the
 * window's). */
void                  sitmap_map_view_set_edit_history (SitmapMapView     *self,
                                                        SitmapEditHistory *history);
/* Whether a marker, vertex or callout is being dragged now (the
 * "dragging" property, notified when a drag starts moving and when it
 * ends): views that are slow to follow wait for the end. */
gboolean              sitmap_map_view_get_dragging  (SitmapMapView *self);
/* Moves the selected feature by (dx, dy) logical pixels where it is on
 * screen, through the map; FALSE when nothing is selected or it cannot
 * move. */
gboolean              sitmap_map_view_move_selected (SitmapMapView  *self,
                                                     double          dx,
                                                     double          dy,
                                                     GError        **error);
GtkWidget            *sitmap_map_view_get_marker     (SitmapMapView *self,
                                                      guint          index);
/* Where a feature's marker is, in the view's coordinates. */
gboolean              sitmap_map_view_get_feature_rect (SitmapMapView *self,
                                                        guint          index,
                                                        GdkRectangle  *rect);
void                  sitmap_map_view_centre_on_feature (SitmapMapView *self,
                                                         guint          index);
/* Opens the popover of what the article says about a feature, pointing
 * at its marker (the view centres on it first if it is out of sight). */
void                  sitmap_map_view_show_place     (SitmapMapView *self,
                                                      guint          index);
/* The open place popover, or NULL. */
GtkWidget            *sitmap_map_view_get_place_popover (SitmapMapView *self);
/* What the view shows, as west, south, east, north in degrees (the box
 * around its edges); FALSE before it has a size. */
gboolean              sitmap_map_view_get_lonlat_extent (SitmapMapView *self,
                                                         double         extent[4]);
/* How many basemap images were drawn and shown (the first frame's, then
 * each sharp redraw that was still wanted when it came), for tests. */
guint                 sitmap_map_view_get_render_count (SitmapMapView *self);
/* Whether the basemap shown was drawn for the map and the view as they
 * are (FALSE while its redraw in a worker is due or under way). */
gboolean              sitmap_map_view_is_basemap_current (SitmapMapView *self);
/* How many basemaps were drawn on the main loop's thread (the first
 * frame's) and in workers (every sharp redraw), for the tests. */
void                  sitmap_map_view_get_render_threads (SitmapMapView *self,
                                                          guint         *on_main,
                                                          guint         *in_worker);
/* Logical pixels of basemap shown round the view (0 until the first
 * redraw in a worker has come). */
double                sitmap_map_view_get_basemap_margin (SitmapMapView *self);

G_END_DECLS
