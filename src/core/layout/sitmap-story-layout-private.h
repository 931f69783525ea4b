/* sitmap-story-layout-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "sitmap-callouts.h"
#include "sitmap-sprite-cache-private.h"
#include "sitmap-label-placement.h"
#include "sitmap-story-layout.h"
#include "sitmap-symbols.h"

G_BEGIN_DECLS

/* What the layout placed, for the painter that draws it. */

#define SITMAP_STORY_VIEW_MARGIN          10.0
#define SITMAP_STORY_FORCE_SYMBOL_SIZE    22.0
#define SITMAP_STORY_LEGEND_ROW           19.0
#define SITMAP_STORY_LEGEND_SYMBOL_COLUMN 28.0
#define SITMAP_STORY_LEGEND_TEXT_SIZE     10.5

typedef struct
{
  gboolean   in_view;
  gboolean   has_marker;
  SitmapRect marker;
  gboolean   has_label;
  SitmapRect label;
  gboolean   has_tab;        /* off-screen place shown at the view's edge */
  SitmapRect tab;
  double     tab_dx, tab_dy; /* unit vector towards the place */
  gboolean   has_callout;
  SitmapCalloutPlacement callout;
  double     anchor_x, anchor_y;
} SitmapStoryItem;

typedef enum
{
  SITMAP_LEGEND_FORCE,
  SITMAP_LEGEND_PLACE,
  SITMAP_LEGEND_AREA,
  SITMAP_LEGEND_MOVEMENT,
  SITMAP_LEGEND_BORDER,
  SITMAP_LEGEND_CALLOUT,
} SitmapLegendKind;

typedef struct
{
  SitmapLegendKind  kind;
  SitmapAffiliation affiliation;
  gboolean          en_route;
  SitmapPlaceSymbol place;
  gboolean          occupied;
  char             *text;
} SitmapLegendEntry;

struct _SitmapStoryLayout
{
  SitmapStory       *story;
  SitmapProjection  *projection;

  SitmapLayer       *areas;          /* one polygon feature per story area */
  SitmapLayer       *lines;          /* movements and borders */
  GArray            *area_feature;   /* guint: story index per area */
  GArray            *line_feature;   /* guint: story index per line */
  double            *anchor_xy;      /* projected anchor per story feature */

  gboolean           has_layout;
  SitmapViewport     layout_viewport;
  SitmapStoryOptions layout_options;
  GArray            *items;          /* SitmapStoryItem per story feature */
  GArray            *obstacles;      /* SitmapRect taken by the layout */
  gboolean           has_title;
  SitmapRect         title_box;
  gboolean           has_legend;
  SitmapRect         legend_box;
  guint              legend_rows;
  double             legend_column_width;
  GArray            *legend;         /* SitmapLegendEntry */
  gboolean           has_inset;
  SitmapRect         inset_box;
  GArray            *names;          /* SitmapPlacedName, or NULL */
  /* How much the story is about each country, by name: mentions in the
   * title and article do not change with the view. */
  GHashTable        *mentioned;
  char              *folded_text;    /* title and article, case-folded */
  /* Which countries of neighbours_layer border which: geometry, so handed
   * on to the next layout of the same map with the sprites. */
  SitmapLayer       *neighbours_layer;
  GHashTable        *neighbours;
  /* Where names may go in neighbours_layer's countries, handed on too. */
  SitmapLabelSpots  *name_spots;

  /* Text measured once: the story does not change, and the layout is
   * measured in a context of its own, whatever the view. */
  gboolean           title_measured;
  PangoRectangle     title_logical;
  double            *callout_size;   /* width, height per feature; NAN until measured */
  double            *pin_xy;         /* a pinned callout's centre, projected; NAN when not pinned */

  /* The painter's: callouts, labels, tabs, the title block and the
   * legend as last drawn, so a pan copies them. */
  SitmapSpriteCache *sprites;
};

/* Takes over from's sprites (an older layout of the same map), giving it
 * self's: pieces the edit left alone are copied, not drawn again.  The
 * countries' borders known are taken over too. */
void              _sitmap_story_layout_adopt_sprites (SitmapStoryLayout *self,
                                                      SitmapStoryLayout *from);
gboolean          _sitmap_story_feature_has_marker (const SitmapStoryFeature *feature);
SitmapPlaceSymbol _sitmap_story_place_symbol_for   (const SitmapStoryFeature *feature);
double            _sitmap_story_place_symbol_size  (SitmapPlaceSymbol         symbol);
/* Drawing order and placement priority: what the story is about first. */
int               _sitmap_story_feature_priority   (const SitmapStoryFeature *feature);
/* The item's marker, else its edge tab, else its label; FALSE for none. */
gboolean          _sitmap_story_item_box           (const SitmapStoryItem    *item,
                                                    SitmapRect               *box);

/* The country names of one computation of the layout (see
 * sitmap-story-names.c). */
typedef struct
{
  SitmapViewport    viewport;
  GArray           *candidates;  /* SitmapNameCandidate, the story's first */
  GArray           *first;       /* SitmapPlacedName per story country, placed early */
  SitmapLabelSpots *spots;       /* the layout's */
} SitmapStoryNames;

/* The named countries of countries in view, ranked: those the story puts
 * places in or names first.  Call once the markers are placed. */
SitmapStoryNames *_sitmap_story_names_new         (SitmapStoryLayout    *self,
                                                   const SitmapViewport *viewport,
                                                   SitmapLayer          *countries);
void              _sitmap_story_names_free        (SitmapStoryNames     *names);
/* Places the story's countries' names, clear of collision (joined). */
void              _sitmap_story_names_place_first (SitmapStoryNames     *names,
                                                   SitmapCollision      *collision);
/* The boxes of the names placed first, padded as collision holds them. */
void              _sitmap_story_names_add_obstacles (SitmapStoryNames   *names,
                                                     GArray             *rects);
/* Every name, clear of collision, which holds what the story placed: the
 * early ones where they were if still free, else elsewhere.  Returns
 * SitmapPlacedName. */
GArray           *_sitmap_story_names_finish      (SitmapStoryNames     *names,
                                                   SitmapCollision      *collision);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapStoryNames, _sitmap_story_names_free)

G_END_DECLS
