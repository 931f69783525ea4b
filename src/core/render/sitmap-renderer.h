/* sitmap-renderer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "sitmap-labels.h"
#include "sitmap-layer.h"
#include "sitmap-projection.h"
#include "sitmap-story.h"
#include "sitmap-symbols.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_LAYER_ROLE_COUNTRIES,  /* filled land, borders, coast, country names */
  SITMAP_LAYER_ROLE_REGIONS,    /* subdivisions: thin lines inside countries */
  SITMAP_LAYER_ROLE_USER,       /* anything the user opened */
} SitmapLayerRole;

#define SITMAP_TYPE_RENDERER (sitmap_renderer_get_type ())

G_DECLARE_FINAL_TYPE (SitmapRenderer, sitmap_renderer, SITMAP, RENDERER, GObject)

SitmapRenderer   *sitmap_renderer_new                (SitmapProjection *projection);
SitmapProjection *sitmap_renderer_get_projection     (SitmapRenderer   *self);
/* Reprojects every layer once. */
void              sitmap_renderer_set_projection     (SitmapRenderer   *self,
                                                      SitmapProjection *projection);
void              sitmap_renderer_add_layer          (SitmapRenderer   *self,
                                                      SitmapLayer      *layer,
                                                      SitmapLayerRole   role);
void              sitmap_renderer_remove_layer       (SitmapRenderer   *self,
                                                      SitmapLayer      *layer);
guint             sitmap_renderer_get_n_layers       (SitmapRenderer   *self);
SitmapLayer      *sitmap_renderer_get_layer          (SitmapRenderer   *self,
                                                      guint             index,
                                                      SitmapLayerRole  *role);
gboolean          sitmap_renderer_get_show_graticule (SitmapRenderer   *self);
void              sitmap_renderer_set_show_graticule (SitmapRenderer   *self,
                                                      gboolean          show_graticule);
/* Bounds of everything loaded, in projection metres; FALSE when empty. */
gboolean          sitmap_renderer_get_bounds         (SitmapRenderer   *self,
                                                      double           *x_min,
                                                      double           *y_min,
                                                      double           *x_max,
                                                      double           *y_max);
/* Projection metres of a longitude/latitude box, sampled along its edges
 * because straight lines of longitude and latitude curve on the map. */
gboolean          sitmap_renderer_lonlat_box_bounds  (SitmapRenderer   *self,
                                                      double            west,
                                                      double            south,
                                                      double            east,
                                                      double            north,
                                                      double           *x_min,
                                                      double           *y_min,
                                                      double           *x_max,
                                                      double           *y_max);

/* The whole map on any cairo_t (image, SVG, PDF or a widget's snapshot).
 * cr is in logical pixels: the caller applies the device scale. */
void              sitmap_renderer_draw               (SitmapRenderer       *self,
                                                      cairo_t              *cr,
                                                      const SitmapViewport *viewport);
/* The parts that only change with the viewport: sea, land, borders,
 * graticule, country names.  The widget caches this between frames. */
void              sitmap_renderer_draw_basemap       (SitmapRenderer       *self,
                                                      cairo_t              *cr,
                                                      const SitmapViewport *viewport);
/* Scale bar and whatever sits on top of the basemap. */
void              sitmap_renderer_draw_overlay       (SitmapRenderer       *self,
                                                      cairo_t              *cr,
                                                      const SitmapViewport *viewport);
/* Says that cr, though its target is no image (GTK's snapshots record
 * cairo drawing and rasterize it later), will become pixels at
 * scale_factor device pixels to a logical one, moved but not otherwise
 * transformed.  Labels, callouts and symbols drawn before are then copied
 * rather than drawn as vectors again.  Never for SVG or PDF output. */
void              sitmap_renderer_hint_pixels_later  (cairo_t              *cr,
                                                      double                scale_factor);
/* Vertices sent to cairo by the last draw, for the benchmark. */
gsize             sitmap_renderer_get_last_vertex_count (SitmapRenderer    *self);

/* The story drawn over the basemap: areas, arrows, markers, labels,
 * callouts, legend and title block.  NULL removes it. */
void              sitmap_renderer_set_story          (SitmapRenderer       *self,
                                                      SitmapStory          *story);
SitmapStory      *sitmap_renderer_get_story          (SitmapRenderer       *self);
void              sitmap_renderer_set_symbol_style   (SitmapRenderer       *self,
                                                      SitmapSymbolStyle     style);
SitmapSymbolStyle sitmap_renderer_get_symbol_style   (SitmapRenderer       *self);
void              sitmap_renderer_set_decorations    (SitmapRenderer       *self,
                                                      gboolean              show_callouts,
                                                      gboolean              show_legend,
                                                      gboolean              show_title);
/* The story feature at (x, y) in the viewport, or -1. */
int               sitmap_renderer_hit_test           (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport,
                                                      double                x,
                                                      double                y);
/* Where the feature's marker (or label, or edge tab) is in the viewport;
 * FALSE when it is not shown. */
gboolean          sitmap_renderer_get_feature_box    (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport,
                                                      guint                 index,
                                                      SitmapRect           *box);
/* The feature's anchor in projection metres. */
gboolean          sitmap_renderer_get_feature_anchor (SitmapRenderer       *self,
                                                      guint                 index,
                                                      double               *x,
                                                      double               *y);
#define SITMAP_LAYOUT_MARKER  (1 << 0)
#define SITMAP_LAYOUT_LABEL   (1 << 1)
#define SITMAP_LAYOUT_CALLOUT (1 << 2)
/* What the layout placed for a feature in the viewport, as
 * SITMAP_LAYOUT_* bits, with the boxes; for tests and accessibility. */
guint             sitmap_renderer_get_layout_boxes   (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport,
                                                      guint                 index,
                                                      SitmapRect           *marker,
                                                      SitmapRect           *label,
                                                      SitmapRect           *callout);
void              sitmap_renderer_set_highlight      (SitmapRenderer       *self,
                                                      int                   hovered,
                                                      int                   selected);
/* A plain description of the map as drawn for the viewport: alt text. */
char             *sitmap_renderer_describe           (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport);

/* The shared font family for everything drawn on the map. */
#define SITMAP_MAP_FONT_FAMILY "Cantarell, DejaVu Sans, Sans"

G_END_DECLS
