/* sitmap-renderer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "sitmap-collision.h"
#include "sitmap-map.h"
#include "sitmap-story-layout.h"
#include "sitmap-symbols.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_RENDERER (sitmap_renderer_get_type ())

G_DECLARE_FINAL_TYPE (SitmapRenderer, sitmap_renderer, SITMAP, RENDERER, GObject)

/* Paints map, as it is at each draw: the renderer holds no layer,
 * projection or story of its own, only caches keyed by the map's
 * generation, and what a view adds (graticule, symbol style, decorations,
 * highlights).  The properties "show-graticule" and "symbol-style" are
 * notified when they change, so a view can redraw. */
SitmapRenderer   *sitmap_renderer_new                (SitmapMap        *map);
/* Starts reading the font configuration in a thread, so that a process
 * which loads its map first finds the fonts ready when the first name is
 * measured instead of waiting for them then. */
void              sitmap_renderer_start_fonts        (void);
/* A renderer of map that draws as self does (graticule, symbol style,
 * inset, decorations), with caches of its own: for map's snapshot (see
 * sitmap_map_snapshot ()) in another thread. */
SitmapRenderer   *sitmap_renderer_new_like           (SitmapRenderer   *self,
                                                      SitmapMap        *map);
SitmapMap        *sitmap_renderer_get_map            (SitmapRenderer   *self);
gboolean          sitmap_renderer_get_show_graticule (SitmapRenderer   *self);
void              sitmap_renderer_set_show_graticule (SitmapRenderer   *self,
                                                      gboolean          show_graticule);
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
/* The same with margin logical pixels more of it on every side, so that
 * a view moved by up to that much is still covered: cr's origin is the
 * margin's corner, margin pixels up and left of the viewport's.  The
 * story's layout, and the room the overlay takes, are the viewport's; the
 * margin has the land, the borders and the story's areas and lines, and
 * the story's country names only where they reach into it. */
void              sitmap_renderer_draw_basemap_with_margin (SitmapRenderer       *self,
                                                            cairo_t              *cr,
                                                            const SitmapViewport *viewport,
                                                            double                margin);
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

void              sitmap_renderer_set_symbol_style   (SitmapRenderer       *self,
                                                      SitmapSymbolStyle     style);
SitmapSymbolStyle sitmap_renderer_get_symbol_style   (SitmapRenderer       *self);
/* Whether a small locator map shows where the view lies (on by default;
 * drawn only where the view shows a small part of the world). */
gboolean          sitmap_renderer_get_show_inset     (SitmapRenderer       *self);
void              sitmap_renderer_set_show_inset     (SitmapRenderer       *self,
                                                      gboolean              show_inset);
void              sitmap_renderer_set_decorations    (SitmapRenderer       *self,
                                                      gboolean              show_callouts,
                                                      gboolean              show_legend,
                                                      gboolean              show_title);
/* The story's layout for viewport, computed if it was not yet, as a draw
 * of the viewport would lay it out: hit tests, marker boxes and anchors
 * are asked of it.  Owned by the renderer, valid until the map changes or
 * another viewport is asked for; NULL without a story. */
SitmapStoryLayout *sitmap_renderer_get_story_layout  (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport);
/* While the view moves (a pan, a zoom), the locator inset holds still
 * and the main map's extent moves across it, for as long as it fits;
 * the first frame after the move draws it for the view again. */
void              sitmap_renderer_set_moving         (SitmapRenderer       *self,
                                                      gboolean              moving);
void              sitmap_renderer_set_highlight      (SitmapRenderer       *self,
                                                      int                   hovered,
                                                      int                   selected);
/* A plain description of the map as drawn for the viewport: alt text. */
char             *sitmap_renderer_describe           (SitmapRenderer       *self,
                                                      const SitmapViewport *viewport);


G_END_DECLS
