/* sitmap-sprite-cache-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-collision.h"

G_BEGIN_DECLS

/* Pieces of the map that look the same frame after frame (a label with
 * its halo, a callout, the legend) drawn once into an image and from then
 * on copied, which is many times cheaper than stroking glyph outlines.
 *
 * Only where the result is pixels anyway: an image surface drawn without
 * rotation or scaling beyond its device scale.  Everywhere else, SVG, PDF
 * and recordings among them, the piece is drawn as vectors, exactly as
 * without the cache. */
typedef struct _SitmapSpriteCache SitmapSpriteCache;

/* Marks a recording surface as bound for pixels at that device scale:
 * see sitmap_renderer_hint_pixels_later (). */
void _sitmap_sprite_cache_hint_pixels_later (cairo_surface_t *recording,
                                             double           scale);

/* Draws a piece in user space, as it would be drawn on the map. */
typedef void (*SitmapSpritePaintFunc) (cairo_t       *cr,
                                       gconstpointer  data);

SitmapSpriteCache *_sitmap_sprite_cache_new   (gsize                  max_bytes);
void               _sitmap_sprite_cache_free  (SitmapSpriteCache     *self);

/* Paints what paint draws on cr.  Everything it draws must lie inside
 * bounds, and key must name everything that changes its pixels relative
 * to the bounds' corner: the same key is taken to draw the same pixels.
 * A copy is reused wherever the bounds' corner falls within 1/64 of a
 * device pixel of where it was drawn first; self may be NULL, to draw
 * vectors. */
void               _sitmap_sprite_cache_paint (SitmapSpriteCache     *self,
                                               cairo_t               *cr,
                                               const char            *key,
                                               const SitmapRect      *bounds,
                                               SitmapSpritePaintFunc  paint,
                                               gconstpointer          data);

/* While not painting, _sitmap_sprite_cache_paint () only makes the
 * copies it will need and draws nothing, and cr is only read: pieces can
 * be prepared while other threads draw into its target. */
void               _sitmap_sprite_cache_set_painting (SitmapSpriteCache *self,
                                                      gboolean           painting);

/* Forgets the pieces painted neither in this frame nor in the one
 * before: what the view no longer shows holds no memory, while a pan, a
 * hover or the strips of an export find all they need. */
void               _sitmap_sprite_cache_end_frame (SitmapSpriteCache *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapSpriteCache, _sitmap_sprite_cache_free)

G_END_DECLS
