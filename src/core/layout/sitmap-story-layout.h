/* sitmap-story-layout.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sitmap-collision.h"
#include "sitmap-layer.h"
#include "sitmap-projection.h"
#include "sitmap-story.h"
#include "sitmap-symbols.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

typedef struct
{
  SitmapSymbolStyle symbol_style;
  gboolean          show_callouts;
  gboolean          show_legend;
  gboolean          show_title;
  gboolean          show_inset;
  /* The basemap layer whose countries the layout names, or NULL. */
  SitmapLayer      *countries;
} SitmapStoryOptions;

/* Where a story's markers, labels, callouts, edge tabs, legend and title
 * block go in one view: a step of its own between the map and the
 * painting.  Painting, hit tests, the accessible marker buttons and the
 * export all read it; computing it needs no drawing surface (text is
 * measured through the shared Pango contexts).  It holds the story's
 * geometry projected once, so it is made again when the story or the
 * projection changes; SitmapRenderer does that by the map's generation. */
typedef struct _SitmapStoryLayout SitmapStoryLayout;

SitmapStoryLayout *sitmap_story_layout_new          (SitmapStory              *story,
                                                     SitmapProjection         *projection);
void               sitmap_story_layout_free         (SitmapStoryLayout        *self);
/* Lays the story out for the view's logical size and position: a pure
 * function of the story, the view, the options and the reserved boxes
 * (the scale bar), so the window and an export of the same view agree
 * exactly.  Done again only when one of them differs from last time. */
void               sitmap_story_layout_compute      (SitmapStoryLayout        *self,
                                                     const SitmapViewport     *viewport,
                                                     const SitmapStoryOptions *options,
                                                     const SitmapRect         *reserved,
                                                     guint                     n_reserved);
/* Rectangles the layout occupies, for the basemap's own labels to avoid. */
void               sitmap_story_layout_add_obstacles (SitmapStoryLayout       *self,
                                                      SitmapCollision         *collision);

/* The story feature at (x, y) in the view laid out for, or -1. */
int                sitmap_story_layout_hit_test     (SitmapStoryLayout        *self,
                                                     const SitmapViewport     *viewport,
                                                     double                    x,
                                                     double                    y);
/* Where the feature's marker (or edge tab, or label, or for an area or a
 * line a small target on its anchor) is; FALSE when it is not shown. */
gboolean           sitmap_story_layout_get_feature_box (SitmapStoryLayout     *self,
                                                        guint                  index,
                                                        SitmapRect            *box);
#define SITMAP_LAYOUT_MARKER  (1 << 0)
#define SITMAP_LAYOUT_LABEL   (1 << 1)
#define SITMAP_LAYOUT_CALLOUT (1 << 2)
/* What was placed for the feature, as SITMAP_LAYOUT_* bits, with the
 * boxes (the marker's is the edge tab's for a place out of view); any of
 * the boxes may be NULL. */
guint              sitmap_story_layout_get_boxes    (SitmapStoryLayout        *self,
                                                     guint                     index,
                                                     SitmapRect               *marker,
                                                     SitmapRect               *label,
                                                     SitmapRect               *callout);
/* The feature's callout leader, from its anchor (x0, y0) to the box
 * (x1, y1), in logical pixels; FALSE when it has no callout. */
gboolean           sitmap_story_layout_get_callout_leader (SitmapStoryLayout  *self,
                                                           guint               index,
                                                           double             *x0,
                                                           double             *y0,
                                                           double             *x1,
                                                           double             *y1);

/* Where the title block (the story's title and subtitle) went; FALSE
 * when it is not shown. */
gboolean           sitmap_story_layout_get_title_box (SitmapStoryLayout       *self,
                                                      SitmapRect              *box);
/* The feature's anchor in projection metres. */
gboolean           sitmap_story_layout_get_anchor   (SitmapStoryLayout        *self,
                                                     guint                     index,
                                                     double                   *x,
                                                     double                   *y);
/* The country names placed (SitmapPlacedName, in the order they were
 * placed: the story's countries first), or NULL when the options named no
 * countries layer.  The layout's own; valid until it is computed again. */
GArray            *sitmap_story_layout_get_names    (SitmapStoryLayout        *self);
/* Where the inset locator map goes; FALSE when there is none. */
gboolean           sitmap_story_layout_get_inset    (SitmapStoryLayout        *self,
                                                     SitmapRect               *box);
/* A plain description of what the map shows, for alt text. */
char              *sitmap_story_layout_describe     (SitmapStoryLayout        *self);

G_END_DECLS
