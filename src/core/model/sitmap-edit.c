/* sitmap-edit.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-edit.h"

#include <string.h>

#include <glib/gi18n.h>

struct _SitmapEdit
{
  guint               index;
  SitmapStoryFeature *before;  /* NULL for an addition */
  SitmapStoryFeature *after;   /* NULL for a removal */
  /* Or, for an edit of the story's own properties, both of these. */
  SitmapStoryInfo    *info_before;
  SitmapStoryInfo    *info_after;
};

SitmapEdit *
sitmap_edit_new (guint                     index,
                 const SitmapStoryFeature *before,
                 const SitmapStoryFeature *after)
{
  SitmapEdit *self;

  g_return_val_if_fail (before != NULL || after != NULL, NULL);

  self = g_new0 (SitmapEdit, 1);
  self->index = index;
  self->before = before ? sitmap_story_feature_copy (before) : NULL;
  self->after = after ? sitmap_story_feature_copy (after) : NULL;
  return self;
}

SitmapEdit *
sitmap_edit_new_info (const SitmapStoryInfo *before,
                      const SitmapStoryInfo *after)
{
  SitmapEdit *self;

  g_return_val_if_fail (before != NULL && after != NULL, NULL);

  self = g_new0 (SitmapEdit, 1);
  self->index = G_MAXUINT;
  self->info_before = sitmap_story_info_copy (before);
  self->info_after = sitmap_story_info_copy (after);
  return self;
}

void
sitmap_edit_free (SitmapEdit *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->info_before, sitmap_story_info_free);
  g_clear_pointer (&self->info_after, sitmap_story_info_free);
  g_clear_pointer (&self->before, sitmap_story_feature_free);
  g_clear_pointer (&self->after, sitmap_story_feature_free);
  g_free (self);
}

guint
sitmap_edit_get_index (SitmapEdit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->index;
}

static gboolean
same_positions (const SitmapStoryFeature *a,
                const SitmapStoryFeature *b)
{
  guint n;

  if (a->n_parts != b->n_parts || a->geometry_kind != b->geometry_kind)
    return FALSE;
  if (a->n_parts == 0)
    return TRUE;
  if (memcmp (a->part_start, b->part_start, (a->n_parts + 1) * sizeof (guint)) != 0)
    return FALSE;
  n = a->part_start[a->n_parts];
  return memcmp (a->lonlat, b->lonlat, 2 * n * sizeof (double)) == 0;
}

SitmapEditKind
sitmap_edit_get_kind (SitmapEdit *self)
{
  g_return_val_if_fail (self != NULL, SITMAP_EDIT_CHANGE);

  if (self->info_after != NULL)
    return SITMAP_EDIT_INFO;
  if (self->before == NULL)
    return SITMAP_EDIT_ADD;
  if (self->after == NULL)
    return SITMAP_EDIT_REMOVE;
  if (g_strcmp0 (self->before->name, self->after->name) != 0)
    return SITMAP_EDIT_RENAME;
  if (!same_positions (self->before, self->after))
    return SITMAP_EDIT_MOVE;
  return SITMAP_EDIT_CHANGE;
}

gboolean
sitmap_edit_absorb (SitmapEdit       *self,
                    const SitmapEdit *next)
{
  g_return_val_if_fail (self != NULL && next != NULL, FALSE);

  if (self->info_after != NULL || next->info_after != NULL)
    {
      if (self->info_after == NULL || next->info_after == NULL)
        return FALSE;
      sitmap_story_info_free (self->info_after);
      self->info_after = sitmap_story_info_copy (next->info_after);
      return TRUE;
    }

  /* The feature self leaves must be the one next starts from. */
  if (self->after == NULL || next->before == NULL || self->index != next->index ||
      g_strcmp0 (self->after->id, next->before->id) != 0)
    return FALSE;
  g_clear_pointer (&self->after, sitmap_story_feature_free);
  if (next->after != NULL)
    self->after = sitmap_story_feature_copy (next->after);
  return TRUE;
}

gboolean
sitmap_edit_is_empty (SitmapEdit *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  if (self->info_after != NULL)
    return sitmap_story_info_equal (self->info_before, self->info_after);
  if (self->before == NULL || self->after == NULL)
    return self->before == self->after;
  return sitmap_story_feature_equal (self->before, self->after);
}

/* Makes the feature at index what target says: there (inserted or
 * replaced) or gone (NULL). */
static gboolean
put (SitmapMap                 *map,
     guint                      index,
     const SitmapStoryFeature  *current,
     const SitmapStoryFeature  *target,
     GError                   **error)
{
  if (current == NULL)
    return sitmap_map_insert_feature (map, index, target, error);
  if (target == NULL)
    return sitmap_map_remove_feature (map, index, error);
  return sitmap_map_replace_feature (map, index, target, error);
}

gboolean
sitmap_edit_apply (SitmapEdit  *self,
                   SitmapMap   *map,
                   GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_MAP (map), FALSE);

  if (self->info_after != NULL)
    return sitmap_map_set_story_info (map, self->info_after, error);
  return put (map, self->index, self->before, self->after, error);
}

gboolean
sitmap_edit_revert (SitmapEdit  *self,
                    SitmapMap   *map,
                    GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_MAP (map), FALSE);

  if (self->info_after != NULL)
    return sitmap_map_set_story_info (map, self->info_before, error);
  return put (map, self->index, self->after, self->before, error);
}

char *
sitmap_edit_describe (SitmapEdit *self)
{
  const SitmapStoryFeature *feature;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->info_after != NULL)
    /* Translators: an undo step: the title, date, extent… of the story */
    return g_strdup (_("Change Story Properties"));

  /* The name the user knew it by when they made the edit. */
  feature = self->before ? self->before : self->after;
  switch (sitmap_edit_get_kind (self))
    {
    case SITMAP_EDIT_ADD:
      /* Translators: an undo step, "Add Kyiv"; %s is a place's name */
      return g_strdup_printf (_("Add %s"), self->after->name);
    case SITMAP_EDIT_REMOVE:
      /* Translators: an undo step, "Remove Kyiv" */
      return g_strdup_printf (_("Remove %s"), feature->name);
    case SITMAP_EDIT_MOVE:
      /* Translators: an undo step, "Move Kyiv" */
      return g_strdup_printf (_("Move %s"), feature->name);
    case SITMAP_EDIT_RENAME:
      /* Translators: an undo step, "Rename Kyiv" */
      return g_strdup_printf (_("Rename %s"), feature->name);
    case SITMAP_EDIT_CHANGE:
    default:
      /* Translators: an undo step, "Change Kyiv": one of its properties */
      return g_strdup_printf (_("Change %s"), feature->name);
    }
}
