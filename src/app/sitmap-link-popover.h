/* sitmap-link-popover.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_LINK_POPOVER (sitmap_link_popover_get_type ())

/* The story's features to tie a passage of the article to, filtered as
 * you type; choosing one emits ::feature-chosen with its index and pops
 * the popover down. */
G_DECLARE_FINAL_TYPE (SitmapLinkPopover, sitmap_link_popover, SITMAP, LINK_POPOVER, GtkPopover)

GtkWidget *sitmap_link_popover_new       (void);
/* Lists the features of story as they are now (NULL: none). */
void       sitmap_link_popover_set_story (SitmapLinkPopover *self,
                                          SitmapStory       *story);
/* The row of feature index, for tests and the keyboard. */
GtkWidget *sitmap_link_popover_get_row   (SitmapLinkPopover *self,
                                          guint              index);

G_END_DECLS
