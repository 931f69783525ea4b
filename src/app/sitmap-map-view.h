/* sitmap-map-view.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-renderer.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_MAP_VIEW (sitmap_map_view_get_type ())

G_DECLARE_FINAL_TYPE (SitmapMapView, sitmap_map_view, SITMAP, MAP_VIEW, GtkWidget)

GtkWidget            *sitmap_map_view_new            (void);
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
int                   sitmap_map_view_get_selected_feature (SitmapMapView *self);
void                  sitmap_map_view_set_selected_feature (SitmapMapView *self,
                                                            int            index);
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
/* How many times the basemap was drawn from scratch, for tests. */
guint                 sitmap_map_view_get_render_count (SitmapMapView *self);

G_END_DECLS
