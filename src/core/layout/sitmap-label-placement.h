/* sitmap-label-placement.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sitmap-collision.h"
#include "sitmap-layer.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

/* Where labels go: beside the story's markers and inside the basemap's
 * countries, each kept clear of what collision already holds. */

/* Whether rect is inside the view, with two pixels to spare. */
gboolean sitmap_label_inside_view     (const SitmapRect     *rect,
                                       const SitmapViewport *viewport);
/* A label of label's width and height beside marker, in the usual
 * cartographic positions (right, left, above, below, then the
 * diagonals), or without a marker on and around the anchor.  On success
 * the label's box is set and added to collision. */
gboolean sitmap_label_place_by_marker (SitmapCollision      *collision,
                                       const SitmapViewport *viewport,
                                       const SitmapRect     *marker,
                                       double                anchor_x,
                                       double                anchor_y,
                                       SitmapRect           *label);

/* An area that may be named, as drawn in the view. */
typedef struct
{
  const SitmapShape *shape;
  const char        *name;
  int                priority;  /* higher first: the story's countries */
} SitmapNameCandidate;

/* A name placed for one view. */
typedef struct
{
  char       *name;     /* upper case */
  double      size;     /* logical pixels */
  SitmapRect  box;
  int         priority; /* the candidate's */
} SitmapPlacedName;

typedef void (*SitmapNameMeasureFunc) (const char *name,
                                       double      size,
                                       gpointer    data,
                                       double     *width,
                                       double     *height);

/* Three sizes of name, by the area on screen, as atlases class their
 * labels. */
double   sitmap_label_name_size       (double                screen_area);
/* Drops the unnamed and those under 900 square pixels, and sorts the
 * rest by priority, then largest area first. */
void     sitmap_label_filter_name_candidates (GArray               *candidates,
                                              const SitmapViewport *viewport);
/* An empty array of SitmapPlacedName that frees their names. */
GArray  *sitmap_label_placed_names_new (void);
/* Where names may go in countries wholly in view, kept from one layout
 * to the next: a pan at one scale finds them again.  Keyed by the shapes,
 * checked against each shape's numbers, as memory is reused. */
typedef struct _SitmapLabelSpots SitmapLabelSpots;

SitmapLabelSpots *sitmap_label_spots_new   (void);
void              sitmap_label_spots_free  (SitmapLabelSpots *spots);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapLabelSpots, sitmap_label_spots_free)

/* The candidate's name at the first of its places (its label point, then
 * points deep inside its visible part) where it is inside the area, in
 * view and clear of collision (which it joins, with three pixels to
 * spare); all places at its class's size, then smaller, before none. */
gboolean sitmap_label_place_name      (const SitmapNameCandidate *candidate,
                                       const SitmapViewport      *viewport,
                                       SitmapLabelSpots          *spots,
                                       SitmapNameMeasureFunc      measure,
                                       gpointer                   measure_data,
                                       SitmapCollision           *collision,
                                       SitmapPlacedName          *placed);
/* Names for the candidates filtered and sorted as
 * sitmap_label_filter_name_candidates () does, each placed by
 * sitmap_label_place_name ().  Returns SitmapPlacedName. */
GArray  *sitmap_label_place_names     (GArray                *candidates,
                                       const SitmapViewport  *viewport,
                                       SitmapNameMeasureFunc  measure,
                                       gpointer               measure_data,
                                       SitmapCollision       *collision);

G_END_DECLS
