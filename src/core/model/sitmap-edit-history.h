/* sitmap-edit-history.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-map.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_EDIT_HISTORY (sitmap_edit_history_get_type ())

G_DECLARE_FINAL_TYPE (SitmapEditHistory, sitmap_edit_history, SITMAP, EDIT_HISTORY, GObject)

/* The undo stack of one map's story.  It listens to the map, so every
 * edit made through the map (sitmap_map_add_feature () and its siblings)
 * is a step, whoever made it; a user action made of several edits (a
 * drag: many moves) is one step between begin_group and end_group.
 * Unlimited; a new edit clears what could be redone; another story
 * clears it all and is clean.  Properties: "map", "can-undo", "can-redo",
 * "undo-label", "redo-label" (the menu's "Undo Move Kyiv", translated, or
 * NULL) and "dirty" (the story differs from the one last marked clean). */
SitmapEditHistory *sitmap_edit_history_new            (SitmapMap          *map);
SitmapMap         *sitmap_edit_history_get_map        (SitmapEditHistory  *self);

gboolean           sitmap_edit_history_can_undo       (SitmapEditHistory  *self);
gboolean           sitmap_edit_history_can_redo       (SitmapEditHistory  *self);
const char        *sitmap_edit_history_get_undo_label (SitmapEditHistory  *self);
const char        *sitmap_edit_history_get_redo_label (SitmapEditHistory  *self);
/* Reverts the last step (or applies the last undone one) through the map;
 * FALSE with nothing to do.  Not inside a group. */
gboolean           sitmap_edit_history_undo           (SitmapEditHistory  *self,
                                                       GError            **error);
gboolean           sitmap_edit_history_redo           (SitmapEditHistory  *self,
                                                       GError            **error);

/* Everything edited until the matching end_group is one step, named by
 * description (translated, "Drag Kyiv"), or when NULL by its first edit.
 * Groups nest; an empty group is no step. */
void               sitmap_edit_history_begin_group    (SitmapEditHistory  *self,
                                                       const char         *description);
void               sitmap_edit_history_end_group      (SitmapEditHistory  *self);

/* The story as it is now is the one saved: dirty is FALSE until an edit,
 * an undo or a redo leaves this state (undoing back to it is clean
 * again). */
void               sitmap_edit_history_mark_clean     (SitmapEditHistory  *self);
gboolean           sitmap_edit_history_get_dirty      (SitmapEditHistory  *self);
/* Forgets every step; the story as it is is clean. */
void               sitmap_edit_history_clear          (SitmapEditHistory  *self);

G_END_DECLS
