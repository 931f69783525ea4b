/* sitmap-story-render-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-callouts.h"
#include "sitmap-collision.h"
#include "sitmap-projection.h"
#include "sitmap-story.h"
#include "sitmap-symbols.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

typedef struct _SitmapStoryScene SitmapStoryScene;

typedef struct
{
  SitmapSymbolStyle symbol_style;
  gboolean          show_callouts;
  gboolean          show_legend;
  gboolean          show_title;
} SitmapStoryOptions;

/* The story's geometry, projected once per projection. */
SitmapStoryScene *_sitmap_story_scene_new            (SitmapStory          *story,
                                                      SitmapProjection     *projection);
void              _sitmap_story_scene_free           (SitmapStoryScene     *scene);
SitmapStory      *_sitmap_story_scene_get_story      (SitmapStoryScene     *scene);

/* Where everything goes for one view: markers, labels, callouts, the
 * title block and the legend.  A pure function of the scene, the view's
 * logical size and position, and the options, so the window and an
 * export of the same view agree exactly. */
void              _sitmap_story_scene_layout         (SitmapStoryScene         *scene,
                                                      const SitmapViewport     *viewport,
                                                      const SitmapStoryOptions *options,
                                                      const SitmapRect         *reserved,
                                                      guint                     n_reserved);
/* Rectangles the layout occupies, for the basemap's own labels to avoid. */
void              _sitmap_story_scene_add_obstacles  (SitmapStoryScene     *scene,
                                                      SitmapCollision      *collision);
/* Areas, the border band and movement arrows: drawn under the markers and
 * cached with the basemap. */
void              _sitmap_story_scene_paint_shapes   (SitmapStoryScene     *scene,
                                                      cairo_t              *cr,
                                                      const SitmapViewport *viewport);
/* Markers, labels, callouts, title block and legend, with hover and
 * selection highlights. */
void              _sitmap_story_scene_paint_overlay  (SitmapStoryScene     *scene,
                                                      cairo_t              *cr,
                                                      const SitmapViewport *viewport,
                                                      int                   hovered,
                                                      int                   selected);
int               _sitmap_story_scene_hit_test       (SitmapStoryScene     *scene,
                                                      const SitmapViewport *viewport,
                                                      double                x,
                                                      double                y);
gboolean          _sitmap_story_scene_get_feature_box (SitmapStoryScene    *scene,
                                                      guint                 index,
                                                      SitmapRect           *box);
/* The boxes laid out for a feature; which has bit 1 for marker (or edge
 * tab), 2 for label, 4 for callout. */
gboolean          _sitmap_story_scene_get_layout_boxes (SitmapStoryScene *scene,
                                                        guint             index,
                                                        SitmapRect       *marker,
                                                        SitmapRect       *label,
                                                        SitmapRect       *callout,
                                                        guint            *which);
gboolean          _sitmap_story_scene_get_anchor     (SitmapStoryScene     *scene,
                                                      guint                 index,
                                                      double               *x,
                                                      double               *y);
/* A plain description of what the map shows, for alt text. */
char             *_sitmap_story_scene_describe       (SitmapStoryScene     *scene);

G_END_DECLS
