/* sitmap-add-place-popover.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "sitmap-gazetteer.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_ADD_PLACE_POPOVER (sitmap_add_place_popover_get_type ())

/* The gazetteer searched as you type, in any language ("Kyi", "Київ",
 * "Kiev" all find Kyiv, Ukraine), the most important places first.
 * Choosing one (a click, Enter on it, or Enter in the entry for the first)
 * emits ::place-chosen with the borrowed SitmapGazetteerEntry and pops the
 * popover down. */
G_DECLARE_FINAL_TYPE (SitmapAddPlacePopover, sitmap_add_place_popover, SITMAP, ADD_PLACE_POPOVER, GtkPopover)

GtkWidget                  *sitmap_add_place_popover_new        (void);
/* Searches for text at once, as if typed. */
void                        sitmap_add_place_popover_set_text   (SitmapAddPlacePopover *self,
                                                                 const char            *text);
guint                       sitmap_add_place_popover_get_n_results (SitmapAddPlacePopover *self);
/* Result number index, its row and its entry. */
GtkWidget                  *sitmap_add_place_popover_get_row    (SitmapAddPlacePopover *self,
                                                                 guint                  index);
const SitmapGazetteerEntry *sitmap_add_place_popover_get_result (SitmapAddPlacePopover *self,
                                                                 guint                  index);
/* Opens the gazetteer if the popover has not yet; NULL when it cannot be. */
SitmapGazetteer            *sitmap_add_place_popover_get_gazetteer (SitmapAddPlacePopover *self);

G_END_DECLS
