/* sitmap-edit.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-map.h"

G_BEGIN_DECLS

typedef enum
{
  SITMAP_EDIT_ADD,      /* a feature that was not there */
  SITMAP_EDIT_REMOVE,   /* a feature that is gone */
  SITMAP_EDIT_MOVE,     /* its positions changed (and maybe more, its name not) */
  SITMAP_EDIT_RENAME,   /* its name changed */
  SITMAP_EDIT_CHANGE,   /* any other property */
  SITMAP_EDIT_INFO,     /* the story's own properties (title, extent, …) */
} SitmapEditKind;

/* One edit of one story feature, as the feature was before and after it:
 * undoing puts the whole feature back as it was, so nothing the edit
 * touched on the side (a label following the name, an area no longer
 * given by reference once moved) is lost.  Applied and reverted through
 * the map, which tells whoever draws it. */
typedef struct _SitmapEdit SitmapEdit;

/* before NULL: an addition; after NULL: a removal; not both.  Both are
 * copied. */
SitmapEdit     *sitmap_edit_new          (guint                     index,
                                          const SitmapStoryFeature *before,
                                          const SitmapStoryFeature *after);
/* An edit of the story's own properties, not of a feature (its index is
 * G_MAXUINT); both are copied. */
SitmapEdit     *sitmap_edit_new_info     (const SitmapStoryInfo    *before,
                                          const SitmapStoryInfo    *after);
void            sitmap_edit_free         (SitmapEdit               *self);
SitmapEditKind  sitmap_edit_get_kind     (SitmapEdit               *self);
guint           sitmap_edit_get_index    (SitmapEdit               *self);
/* Folds next, an edit of the same feature made just after, into self, as
 * a drag of many moves is one edit.  FALSE (and nothing changes) when
 * next is of another feature. */
gboolean        sitmap_edit_absorb       (SitmapEdit               *self,
                                          const SitmapEdit         *next);
/* Whether it changes nothing (an addition removed again, a feature
 * dragged back where it was). */
gboolean        sitmap_edit_is_empty     (SitmapEdit               *self);
gboolean        sitmap_edit_apply        (SitmapEdit               *self,
                                          SitmapMap                *map,
                                          GError                  **error);
gboolean        sitmap_edit_revert       (SitmapEdit               *self,
                                          SitmapMap                *map,
                                          GError                  **error);
/* For the menu, translated: "Move Kyiv", "Add Kharkiv". */
char           *sitmap_edit_describe     (SitmapEdit               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapEdit, sitmap_edit_free)

G_END_DECLS
