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

G_DECLARE_FINAL_TYPE (SitmapSidebar, sitmap_sidebar, SITMAP, SIDEBAR, GtkBox)

/* The story's places, searchable, and its article with every mapped
 * passage highlighted.  Emits ::place-activated when a place is chosen
 * in the list and ::passage-activated when a mapped passage is clicked. */
GtkWidget *sitmap_sidebar_new            (void);
/* NULL empties both pages. */
void       sitmap_sidebar_set_story      (SitmapSidebar *self,
                                          SitmapStory   *story);
/* Selects the feature's row and highlights its passages; -1 for none. */
void       sitmap_sidebar_select_feature (SitmapSidebar *self,
                                          int            index);
/* Turns to the places page with the focus in its search entry. */
void       sitmap_sidebar_focus_search   (SitmapSidebar *self);

G_END_DECLS
