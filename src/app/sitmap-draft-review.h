/* sitmap-draft-review.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-extraction.h"
#include "sitmap-map.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_DRAFT_REVIEW (sitmap_draft_review_get_type ())

G_DECLARE_FINAL_TYPE (SitmapDraftReview, sitmap_draft_review, SITMAP, DRAFT_REVIEW, GtkBox)

/* The places and figures an extraction found, each with its sentence, to
 * accept, reject or resolve to another of the gazetteer's matches.  The
 * map shows the draft story made from the extraction; every choice is an
 * edit of that story through the map (a feature removed, put back or
 * replaced), so whatever draws the map follows at once. */
GtkWidget  *sitmap_draft_review_new                 (void);
/* map must show the draft story of extraction (sitmap_draft_story_to_geojson)
 * as drafted; NULL for both forgets them. */
void        sitmap_draft_review_set_draft           (SitmapDraftReview *self,
                                                     SitmapExtraction  *extraction,
                                                     SitmapMap         *map);
guint       sitmap_draft_review_get_n_places        (SitmapDraftReview *self);
/* The name the place has on the map: its first match's, or the one picked. */
const char *sitmap_draft_review_get_place_name      (SitmapDraftReview *self,
                                                     guint              place);
gboolean    sitmap_draft_review_get_place_accepted  (SitmapDraftReview *self,
                                                     guint              place);
/* As ticking or unticking its box does. */
void        sitmap_draft_review_set_place_accepted  (SitmapDraftReview *self,
                                                     guint              place,
                                                     gboolean           accepted);
guint       sitmap_draft_review_get_n_candidates    (SitmapDraftReview *self,
                                                     guint              place);
/* As picking the candidate-th match in its list does (0: the first). */
void        sitmap_draft_review_choose_candidate    (SitmapDraftReview *self,
                                                     guint              place,
                                                     guint              candidate);
guint       sitmap_draft_review_get_n_figures       (SitmapDraftReview *self,
                                                     guint              place);
void        sitmap_draft_review_set_figure_accepted (SitmapDraftReview *self,
                                                     guint              place,
                                                     guint              figure,
                                                     gboolean           accepted);

G_END_DECLS
