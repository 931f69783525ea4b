/* sitmap-sidebar.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_SIDEBAR (sitmap_sidebar_get_type ())

/* The story's places, searchable, and its article with every mapped
 * passage highlighted.  Emits ::place-activated when a place is chosen
 * in the list and ::passage-activated when a mapped passage is clicked. */
G_DECLARE_FINAL_TYPE (SitmapSidebar, sitmap_sidebar, SITMAP, SIDEBAR, GtkBox)

/* NULL empties both pages. */
void       sitmap_sidebar_set_story      (SitmapSidebar *self,
                                          SitmapStory   *story);
/* Selects the feature's row and highlights its passages; -1 for none. */
void       sitmap_sidebar_select_feature (SitmapSidebar *self,
                                          int            index);
/* Turns to the places page with the focus in its search entry. */
void       sitmap_sidebar_focus_search   (SitmapSidebar *self);

/* ---- Tying the article to the map ----
 * ::article-selection-changed tells of another passage chosen; the Link
 * to… popover's choice is ::link-chosen with the feature's index. */
/* The passage chosen in the article, in characters; FALSE when none. */
gboolean   sitmap_sidebar_get_article_selection (SitmapSidebar *self,
                                                 int           *start,
                                                 int           *end);
/* Chooses the characters [start, end) of the article and shows them. */
void       sitmap_sidebar_select_article_range  (SitmapSidebar *self,
                                                 int            start,
                                                 int            end);
void       sitmap_sidebar_show_article          (SitmapSidebar *self);
/* Opens Link to… for the passage chosen (nothing without one). */
void       sitmap_sidebar_popup_link            (SitmapSidebar *self);
GtkWidget *sitmap_sidebar_get_link_popover      (SitmapSidebar *self);

G_END_DECLS
