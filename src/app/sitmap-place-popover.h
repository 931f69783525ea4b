/* sitmap-place-popover.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_PLACE_POPOVER (sitmap_place_popover_get_type ())

G_DECLARE_FINAL_TYPE (SitmapPlacePopover, sitmap_place_popover, SITMAP, PLACE_POPOVER, GtkPopover)

/* What the article says about one feature: its name, kind and dates, its
 * figures, every excerpt word for word, and who gives the figures. */
GtkWidget *sitmap_place_popover_new   (const SitmapStoryFeature *feature);
/* Pops up with the keyboard focus on the details. */
void       sitmap_place_popover_popup (SitmapPlacePopover       *self);

G_END_DECLS
