/* sitmap-inspector.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-map.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_INSPECTOR (sitmap_inspector_get_type ())

G_DECLARE_FINAL_TYPE (SitmapInspector, sitmap_inspector, SITMAP, INSPECTOR, GtkWidget)

/* The fields of one story feature: name, label, kind, side, echelon,
 * status, dates (a calendar), note, the callout's title and figures
 * (value or range, qualifier, unit, source).  Each field applied is one
 * edit through the map, so one undo step, and the map follows; the
 * fields follow the feature as it is edited anywhere or undone.
 * Properties "map" and "feature" (the index shown, -1 for none: the
 * window gives it the map view's selected-feature). */
GtkWidget *sitmap_inspector_new         (void);
void       sitmap_inspector_set_map     (SitmapInspector *self,
                                         SitmapMap       *map);
void       sitmap_inspector_set_feature (SitmapInspector *self,
                                         int              index);
int        sitmap_inspector_get_feature (SitmapInspector *self);
/* Moves the keyboard focus to the first field. */
void       sitmap_inspector_focus       (SitmapInspector *self);
/* For tests: a field by name ("name", "label", "kind", "side",
 * "echelon", "status", "note", "calendar", "add-date", "figure-value",
 * "figure-qualifier", "figure-unit", "figure-source", "add-figure"). */
GtkWidget *sitmap_inspector_get_field   (SitmapInspector *self,
                                         const char      *name);

G_END_DECLS
