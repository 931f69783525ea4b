/* sitmap-text-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sitmap-sprite-cache-private.h"

G_BEGIN_DECLS

/* The shared font family for everything drawn on the map. */
#define SITMAP_MAP_FONT_FAMILY "Cantarell, DejaVu Sans, Sans"

/* A layout in the map's font at an absolute size in logical pixels, with
 * unhinted metrics so text is the same width at every device scale and a
 * 4K export lays out exactly like the window.
 *
 * Layouts share a PangoContext per thread and per kind of cairo_t (its
 * transformation and its surface's font options), made once: creating a
 * context and matching its fonts costs far more than laying out a
 * label. */
PangoLayout *_sitmap_text_layout_new (cairo_t     *cr,
                                      const char  *text,
                                      double       size,
                                      PangoWeight  weight);

/* What layout measures text with, whatever it is later drawn on: an
 * untransformed image surface's font options, made once per thread and
 * borrowed (never draw on it, never change its transformation).  Its
 * PangoContext is the shared one for that kind of cairo_t, so nothing is
 * made per query. */
cairo_t     *_sitmap_text_measuring_context (void);

/* Builds a layout, with _sitmap_text_layout_new() and whatever
 * attributes, width and wrapping it needs. */
typedef PangoLayout *(*SitmapTextLayoutFunc) (cairo_t       *cr,
                                              gconstpointer  data);

/* A piece of text as something that can be measured and drawn without
 * building its layout each time: key names everything the layout depends
 * on (its text, size, weight, attributes, width), and new_layout builds
 * it when it is needed after all. */
typedef struct
{
  const char           *key;
  SitmapTextLayoutFunc  new_layout;
  gconstpointer         data;
} SitmapText;

/* The layout's extents in pixels, as pango_layout_get_pixel_extents()
 * gives them, measured once per kind of cairo_t. */
void         _sitmap_text_get_extents    (cairo_t           *cr,
                                          const SitmapText  *text,
                                          PangoRectangle    *ink,
                                          PangoRectangle    *logical);
/* Text with a white halo, so it reads over borders and hatching, with
 * the layout's top left corner at x, y.  Drawn through sprites where they
 * apply (see _sitmap_sprite_cache_paint()); sprites may be NULL. */
void         _sitmap_text_draw_with_halo (cairo_t           *cr,
                                          SitmapSpriteCache *sprites,
                                          const SitmapText  *text,
                                          double             x,
                                          double             y,
                                          double             red,
                                          double             green,
                                          double             blue);

G_END_DECLS
