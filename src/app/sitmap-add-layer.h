/* sitmap-add-layer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-map-view.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_ADD_MODE_NONE,
  SITMAP_ADD_MODE_PLACE,     /* a click adds a place */
  SITMAP_ADD_MODE_MOVEMENT,  /* clicks are the points of a movement's line */
  SITMAP_ADD_MODE_BORDER,    /* … of a border line */
  SITMAP_ADD_MODE_AREA,      /* … of an area's outline */
  SITMAP_ADD_MODE_REGIONS,   /* clicks choose regions of a loaded layer */
} SitmapAddMode;

#define SITMAP_TYPE_ADD_LAYER (sitmap_add_layer_get_type ())

/* The map's add mode: laid over the map view while it is on, it takes the
 * clicks (a drag still pans, the wheel still zooms), shows which mode it
 * is in and how to leave it, and draws the line being clicked.  A click
 * in place mode adds a place named after the nearest gazetteer place
 * when one is close, else "New place"; in the line modes each click is a
 * point, and finish () (Enter, a double click) adds the line or area.
 * Every addition is one edit of the map, so one undo step, and is told
 * by ::feature-added with the feature's index.  Properties: "mode",
 * "n-points". */
G_DECLARE_FINAL_TYPE (SitmapAddLayer, sitmap_add_layer, SITMAP, ADD_LAYER, GtkWidget)

void          sitmap_add_layer_set_map_view      (SitmapAddLayer *self,
                                                  SitmapMapView  *map_view);
SitmapAddMode sitmap_add_layer_get_mode          (SitmapAddLayer *self);
/* Shows the layer for any mode but NONE; the points clicked so far are
 * dropped. */
void          sitmap_add_layer_set_mode          (SitmapAddLayer *self,
                                                  SitmapAddMode   mode);
/* Points of the line or outline being clicked, or regions chosen. */
guint         sitmap_add_layer_get_n_points      (SitmapAddLayer *self);
/* Whether finish () would add something now. */
gboolean      sitmap_add_layer_can_finish        (SitmapAddLayer *self);
/* Adds the line or area clicked; FALSE with too few points. */
gboolean      sitmap_add_layer_finish            (SitmapAddLayer *self);
gboolean      sitmap_add_layer_remove_last_point (SitmapAddLayer *self);
/* Drops the points clicked, or with none leaves the add mode. */
void          sitmap_add_layer_cancel            (SitmapAddLayer *self);

/* "add-place", "add-movement", … as the win.add-mode action names them;
 * NONE for anything else. */
SitmapAddMode sitmap_add_mode_from_string        (const char     *name);

G_END_DECLS
