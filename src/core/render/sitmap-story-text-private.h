/* sitmap-story-text-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pangocairo.h>

#include "sitmap-map-language.h"
#include "sitmap-story.h"
#include "sitmap-text-private.h"

G_BEGIN_DECLS

/* The story's pieces of text, built the same way to be measured by the
 * layout and drawn by the painter. */

#define SITMAP_STORY_LABEL_SIZE        12.5
#define SITMAP_STORY_LABEL_MAX_WIDTH   240.0
#define SITMAP_STORY_CALLOUT_MAX_WIDTH 230.0
#define SITMAP_STORY_CALLOUT_PADDING   7.0
#define SITMAP_STORY_CALLOUT_ACCENT    4.0
#define SITMAP_STORY_TITLE_MAX_WIDTH   470.0
#define SITMAP_STORY_EDGE_TAB_SIZE     11.5

/* The callout's text: a bold title, one line per figure with the number
 * large, and who says so, small. */
PangoLayout *_sitmap_story_callout_layout_new (cairo_t                  *cr,
                                               SitmapMapLanguage        *language,
                                               const SitmapStoryFeature *feature);
/* Title, publication and date, and the story's convention. */
PangoLayout *_sitmap_story_title_layout_new   (cairo_t                  *cr,
                                               SitmapStory              *story);
/* A feature's label in one line, ellipsized when long, never markup. */
PangoLayout *_sitmap_story_label_layout_new   (cairo_t                  *cr,
                                               const SitmapStoryFeature *feature,
                                               double                    size);

typedef struct
{
  const SitmapStoryFeature *feature;
  double                    size;
  gboolean                  italic;
  char                     *key;
} SitmapStoryLabel;

/* text measures and draws label (see SitmapText); clear it after. */
void         _sitmap_story_label_init         (SitmapStoryLabel         *label,
                                               SitmapText               *text,
                                               const SitmapStoryFeature *feature,
                                               double                    size,
                                               gboolean                  italic);
void         _sitmap_story_label_clear        (SitmapStoryLabel         *label);

/* A country's name on the basemap, upper case, letter-spaced. */
typedef struct
{
  const char *name;
  double      size;
  char       *key;
} SitmapCountryName;

void         _sitmap_country_name_init        (SitmapCountryName        *label,
                                               SitmapText               *text,
                                               const char               *name,
                                               double                    size);
void         _sitmap_country_name_clear       (SitmapCountryName        *label);
/* A SitmapNameMeasureFunc: data is the measuring cairo_t. */
void         _sitmap_country_name_measure     (const char               *name,
                                               double                    size,
                                               gpointer                  cr,
                                               double                   *width,
                                               double                   *height);

G_END_DECLS
