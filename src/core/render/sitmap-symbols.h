/* sitmap-symbols.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "sitmap-collision.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_SYMBOL_STYLE_MILITARY,   /* APP-6 / MIL-STD-2525 frames */
  SITMAP_SYMBOL_STYLE_PICTOGRAM,  /* plain pictograms for general readers */
} SitmapSymbolStyle;

typedef enum
{
  SITMAP_AFFILIATION_FRIEND,      /* blue rectangle */
  SITMAP_AFFILIATION_HOSTILE,     /* red diamond */
  SITMAP_AFFILIATION_NEUTRAL,     /* green square */
  SITMAP_AFFILIATION_UNKNOWN,     /* yellow quatrefoil */
} SitmapAffiliation;

typedef enum
{
  SITMAP_PLACE_SYMBOL_CAPITAL,    /* star in a ring */
  SITMAP_PLACE_SYMBOL_CITY,       /* dot */
  SITMAP_PLACE_SYMBOL_VENUE,      /* talks: a round table with seats */
  SITMAP_PLACE_SYMBOL_EVENT,      /* an incident: a burst with "!" */
  SITMAP_PLACE_SYMBOL_AREA,       /* a small dashed ring: a region named by a point */
} SitmapPlaceSymbol;

/* Drawn by code so they stay sharp at any size; (x, y) is the symbol's
 * centre, size its nominal height in logical pixels.  Every draw function
 * returns nothing and leaves the cairo state as it found it. */
void       sitmap_symbol_draw_force       (cairo_t           *cr,
                                           double             x,
                                           double             y,
                                           double             size,
                                           SitmapAffiliation  affiliation,
                                           const char        *echelon,   /* NULL: none */
                                           gboolean           en_route,  /* dashed frame */
                                           SitmapSymbolStyle  style);
/* The box the force symbol covers, echelon mark included. */
SitmapRect sitmap_symbol_force_extent     (double             x,
                                           double             y,
                                           double             size,
                                           const char        *echelon,
                                           SitmapSymbolStyle  style);
void       sitmap_symbol_draw_place       (cairo_t           *cr,
                                           double             x,
                                           double             y,
                                           double             size,
                                           SitmapPlaceSymbol  symbol,
                                           double             red,
                                           double             green,
                                           double             blue);
SitmapRect sitmap_symbol_place_extent     (double             x,
                                           double             y,
                                           double             size,
                                           SitmapPlaceSymbol  symbol);

/* Fills the current path with diagonal hatching (and a light tint) and
 * strokes its outline; keeps the path. */
void       sitmap_symbol_hatch_path       (cairo_t           *cr,
                                           double             red,
                                           double             green,
                                           double             blue,
                                           double             spacing,
                                           double             angle_degrees,
                                           gboolean           dashed_outline);

/* A movement arrow along the points (logical pixels), smoothed into a
 * curve, with an arrowhead at the last point.  width is the shaft width. */
void       sitmap_symbol_draw_arrow       (cairo_t           *cr,
                                           const double      *xy,
                                           guint              n_points,
                                           double             width,
                                           double             red,
                                           double             green,
                                           double             blue);

/* Colours by affiliation, for frames, arrows and legends. */
void       sitmap_affiliation_colour      (SitmapAffiliation  affiliation,
                                           double            *red,
                                           double            *green,
                                           double            *blue);
SitmapAffiliation sitmap_affiliation_for_side (const char    *side);

G_END_DECLS
