/* sitmap-story-properties-dialog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-map-view.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_STORY_PROPERTIES_DIALOG (sitmap_story_properties_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SitmapStoryPropertiesDialog, sitmap_story_properties_dialog, SITMAP,
                      STORY_PROPERTIES_DIALOG, AdwWindow)

/* The story's title, subtitle, publication, byline, date (a calendar),
 * convention, credit and extent ("Use the Current View" takes the map
 * view's).  Each field applied (Enter, or its apply button; a day picked;
 * a bound changed) is one edit through the map, one undo step; the
 * fields follow the story as it is undone. */
SitmapStoryPropertiesDialog *sitmap_story_properties_dialog_new   (GtkWindow                   *parent,
                                                                   SitmapMapView               *map_view);
/* For tests: the field of a property ("title" … "credit", "west",
 * "north"), the calendar and the button. */
GtkEditable                 *sitmap_story_properties_dialog_get_field (SitmapStoryPropertiesDialog *self,
                                                                       const char                  *name);
GtkCalendar                 *sitmap_story_properties_dialog_get_calendar (SitmapStoryPropertiesDialog *self);
GtkButton                   *sitmap_story_properties_dialog_get_use_view_button (SitmapStoryPropertiesDialog *self);

G_END_DECLS
