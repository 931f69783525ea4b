/* sitmap-edit-history.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-edit-history.h"

#include <glib/gi18n.h>

#include "sitmap-edit.h"

/* One user action: its edits in the order made. */
typedef struct
{
  GPtrArray *edits;        /* SitmapEdit */
  char      *description;  /* or NULL: the first edit's */
  guint64    state;        /* the story's state once it is applied */
} Step;

struct _SitmapEditHistory
{
  GObject    parent_instance;

  SitmapMap *map;
  gulong     changed_id;

  /* A copy of every feature as the story had it after the last change, so
   * that a change heard of can be told as before and after. */
  GPtrArray *shadow;       /* SitmapStoryFeature */
  SitmapStoryInfo *shadow_info;  /* or NULL without a story */

  GPtrArray *undo;         /* Step, the next to undo last */
  GPtrArray *redo;         /* Step, the next to redo last */
  Step      *open;         /* the group being made, or NULL */
  guint      depth;
  gboolean   replaying;    /* our own undo or redo: not a new step */

  /* States name the story after each step; 0 is the state before any. */
  guint64    next_state;
  guint64    clean_state;

  char      *undo_label;
  char      *redo_label;
  gboolean   can_undo;
  gboolean   can_redo;
  gboolean   dirty;
};

G_DEFINE_FINAL_TYPE (SitmapEditHistory, sitmap_edit_history, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_MAP,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  PROP_DIRTY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static Step *
step_new (void)
{
  Step *step = g_new0 (Step, 1);

  step->edits = g_ptr_array_new_with_free_func ((GDestroyNotify)sitmap_edit_free);
  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_ptr_array_unref (step->edits);
  g_free (step->description);
  g_free (step);
}

static char *
step_describe (Step *step)
{
  g_assert (step->edits->len > 0);

  if (step->description)
    return g_strdup (step->description);
  return sitmap_edit_describe (g_ptr_array_index (step->edits, 0));
}

static guint64
current_state (SitmapEditHistory *self)
{
  if (self->undo->len == 0)
    return 0;
  return ((Step *)g_ptr_array_index (self->undo, self->undo->len - 1))->state;
}

static void
set_label (SitmapEditHistory  *self,
           char              **field,
           char               *label,
           GParamSpec         *pspec)
{
  if (g_strcmp0 (*field, label) == 0)
    {
      g_free (label);
      return;
    }
  g_free (*field);
  *field = label;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
set_flag (SitmapEditHistory *self,
          gboolean          *field,
          gboolean           value,
          GParamSpec        *pspec)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

/* Tells whoever shows the history what it offers now. */
static void
update (SitmapEditHistory *self)
{
  char *undo_label = NULL;
  char *redo_label = NULL;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->undo->len)
    {
      g_autofree char *what = step_describe (g_ptr_array_index (self->undo, self->undo->len - 1));

      /* Translators: the Undo menu item, "Undo Move Kyiv" */
      undo_label = g_strdup_printf (_("Undo %s"), what);
    }
  if (self->redo->len)
    {
      g_autofree char *what = step_describe (g_ptr_array_index (self->redo, self->redo->len - 1));

      /* Translators: the Redo menu item, "Redo Move Kyiv" */
      redo_label = g_strdup_printf (_("Redo %s"), what);
    }
  set_label (self, &self->undo_label, undo_label, properties[PROP_UNDO_LABEL]);
  set_label (self, &self->redo_label, redo_label, properties[PROP_REDO_LABEL]);
  set_flag (self, &self->can_undo, self->undo->len > 0, properties[PROP_CAN_UNDO]);
  set_flag (self, &self->can_redo, self->redo->len > 0, properties[PROP_CAN_REDO]);
  set_flag (self, &self->dirty, current_state (self) != self->clean_state, properties[PROP_DIRTY]);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
take_shadow (SitmapEditHistory *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);

  g_ptr_array_set_size (self->shadow, 0);
  g_clear_pointer (&self->shadow_info, sitmap_story_info_free);
  if (story == NULL)
    return;
  self->shadow_info = sitmap_story_get_info (story);
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    g_ptr_array_add (self->shadow, sitmap_story_feature_copy (sitmap_story_get_feature (story, i)));
}

static void
push_step (SitmapEditHistory *self,
           Step              *step)
{
  step->state = ++self->next_state;
  g_ptr_array_add (self->undo, step);
  /* What was undone belongs to a past the new edit replaces. */
  g_ptr_array_set_size (self->redo, 0);
}

static void
record (SitmapEditHistory *self,
        SitmapEdit        *edit)
{
  Step *step;

  if (self->open != NULL)
    {
      GPtrArray *edits = self->open->edits;

      if (edits->len > 0 && sitmap_edit_absorb (g_ptr_array_index (edits, edits->len - 1), edit))
        sitmap_edit_free (edit);
      else
        g_ptr_array_add (edits, edit);
      return;
    }
  step = step_new ();
  g_ptr_array_add (step->edits, edit);
  push_step (self, step);
  update (self);
}

/* The feature index changed: told as what it was and what it is. */
static void
feature_changed (SitmapEditHistory *self,
                 guint              index)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  guint n = sitmap_story_get_n_features (story);
  SitmapStoryFeature *before = NULL;
  SitmapStoryFeature *after = NULL;
  SitmapEdit *edit;

  if (n == self->shadow->len + 1 && index < n)
    {
      after = sitmap_story_feature_copy (sitmap_story_get_feature (story, index));
      g_ptr_array_insert (self->shadow, index, after);
    }
  else if (n + 1 == self->shadow->len && index < self->shadow->len)
    {
      before = g_ptr_array_steal_index (self->shadow, index);
    }
  else if (n == self->shadow->len && index < n)
    {
      before = g_ptr_array_steal_index (self->shadow, index);
      after = sitmap_story_feature_copy (sitmap_story_get_feature (story, index));
      g_ptr_array_insert (self->shadow, index, after);
    }
  else
    {
      /* The story was edited behind the map's back: what came before is
       * unknown, so there is nothing safe to undo. */
      g_warning ("story edited outside its map; the undo history starts again");
      take_shadow (self);
      sitmap_edit_history_clear (self);
      return;
    }

  if (!self->replaying)
    {
      edit = sitmap_edit_new (index, before, after);
      if (sitmap_edit_is_empty (edit))
        sitmap_edit_free (edit);
      else
        record (self, edit);
    }
  sitmap_story_feature_free (before);
}

/* The story's own properties changed: told as they were and are. */
static void
info_changed (SitmapEditHistory *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  g_autoptr(SitmapStoryInfo) before = g_steal_pointer (&self->shadow_info);

  self->shadow_info = sitmap_story_get_info (story);
  if (before != NULL && !self->replaying)
    {
      SitmapEdit *edit = sitmap_edit_new_info (before, self->shadow_info);

      if (sitmap_edit_is_empty (edit))
        sitmap_edit_free (edit);
      else
        record (self, edit);
    }
}

static void
on_map_changed (SitmapMap         *map,
                SitmapMapChange    what,
                int                feature,
                SitmapEditHistory *self)
{
  if (what & SITMAP_MAP_CHANGE_STORY)
    {
      take_shadow (self);
      sitmap_edit_history_clear (self);
      return;
    }
  if ((what & SITMAP_MAP_CHANGE_FEATURE) && feature >= 0 && sitmap_map_get_story (map) != NULL)
    feature_changed (self, feature);
  if ((what & SITMAP_MAP_CHANGE_INFO) && sitmap_map_get_story (map) != NULL)
    info_changed (self);
}

static void
sitmap_edit_history_constructed (GObject *object)
{
  SitmapEditHistory *self = (SitmapEditHistory *)object;

  G_OBJECT_CLASS (sitmap_edit_history_parent_class)->constructed (object);

  g_assert (self->map != NULL);
  self->changed_id = g_signal_connect (self->map, "changed", G_CALLBACK (on_map_changed), self);
  take_shadow (self);
}

static void
sitmap_edit_history_dispose (GObject *object)
{
  SitmapEditHistory *self = (SitmapEditHistory *)object;

  g_clear_signal_handler (&self->changed_id, self->map);
  g_clear_object (&self->map);

  G_OBJECT_CLASS (sitmap_edit_history_parent_class)->dispose (object);
}

static void
sitmap_edit_history_finalize (GObject *object)
{
  SitmapEditHistory *self = (SitmapEditHistory *)object;

  g_clear_pointer (&self->open, step_free);
  g_clear_pointer (&self->undo, g_ptr_array_unref);
  g_clear_pointer (&self->redo, g_ptr_array_unref);
  g_clear_pointer (&self->shadow, g_ptr_array_unref);
  g_clear_pointer (&self->shadow_info, sitmap_story_info_free);
  g_clear_pointer (&self->undo_label, g_free);
  g_clear_pointer (&self->redo_label, g_free);

  G_OBJECT_CLASS (sitmap_edit_history_parent_class)->finalize (object);
}

static void
sitmap_edit_history_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  SitmapEditHistory *self = SITMAP_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, self->undo_label);
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, self->redo_label);
      break;
    case PROP_DIRTY:
      g_value_set_boolean (value, self->dirty);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_edit_history_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  SitmapEditHistory *self = SITMAP_EDIT_HISTORY (object);

  switch (prop_id)
    {
    case PROP_MAP:
      self->map = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_edit_history_class_init (SitmapEditHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = sitmap_edit_history_constructed;
  object_class->dispose = sitmap_edit_history_dispose;
  object_class->finalize = sitmap_edit_history_finalize;
  object_class->get_property = sitmap_edit_history_get_property;
  object_class->set_property = sitmap_edit_history_set_property;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, SITMAP_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DIRTY] =
    g_param_spec_boolean ("dirty", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sitmap_edit_history_init (SitmapEditHistory *self)
{
  self->shadow = g_ptr_array_new_with_free_func ((GDestroyNotify)sitmap_story_feature_free);
  self->undo = g_ptr_array_new_with_free_func (step_free);
  self->redo = g_ptr_array_new_with_free_func (step_free);
}

SitmapEditHistory *
sitmap_edit_history_new (SitmapMap *map)
{
  g_return_val_if_fail (SITMAP_IS_MAP (map), NULL);

  return g_object_new (SITMAP_TYPE_EDIT_HISTORY, "map", map, NULL);
}

SitmapMap *
sitmap_edit_history_get_map (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), NULL);

  return self->map;
}

gboolean
sitmap_edit_history_can_undo (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), FALSE);

  return self->can_undo;
}

gboolean
sitmap_edit_history_can_redo (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), FALSE);

  return self->can_redo;
}

const char *
sitmap_edit_history_get_undo_label (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), NULL);

  return self->undo_label;
}

const char *
sitmap_edit_history_get_redo_label (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), NULL);

  return self->redo_label;
}

/* Moves the last step of from onto to, reverting or applying it. */
static gboolean
replay (SitmapEditHistory  *self,
        GPtrArray          *from,
        GPtrArray          *to,
        gboolean            revert,
        GError            **error)
{
  Step *step;
  gboolean ok = TRUE;

  if (from->len == 0)
    return FALSE;

  step = g_ptr_array_steal_index (from, from->len - 1);
  self->replaying = TRUE;
  for (guint i = 0; ok && i < step->edits->len; i++)
    {
      SitmapEdit *edit = g_ptr_array_index (step->edits, revert ? step->edits->len - 1 - i : i);

      ok = revert ? sitmap_edit_revert (edit, self->map, error)
                  : sitmap_edit_apply (edit, self->map, error);
    }
  self->replaying = FALSE;

  if (!ok)
    {
      /* Half a step is a state no step names: start again from it rather
       * than undo into something else. */
      step_free (step);
      sitmap_edit_history_clear (self);
      self->clean_state = G_MAXUINT64;
      update (self);
      return FALSE;
    }

  g_ptr_array_add (to, step);
  update (self);
  return TRUE;
}

gboolean
sitmap_edit_history_undo (SitmapEditHistory  *self,
                          GError            **error)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  return replay (self, self->undo, self->redo, TRUE, error);
}

gboolean
sitmap_edit_history_redo (SitmapEditHistory  *self,
                          GError            **error)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);

  return replay (self, self->redo, self->undo, FALSE, error);
}

void
sitmap_edit_history_begin_group (SitmapEditHistory *self,
                                 const char        *description)
{
  g_return_if_fail (SITMAP_IS_EDIT_HISTORY (self));

  if (self->depth++ > 0)
    return;
  g_assert (self->open == NULL);
  self->open = step_new ();
  self->open->description = g_strdup (description);
}

void
sitmap_edit_history_end_group (SitmapEditHistory *self)
{
  Step *step;

  g_return_if_fail (SITMAP_IS_EDIT_HISTORY (self));
  g_return_if_fail (self->depth > 0);

  if (--self->depth > 0)
    return;
  step = g_steal_pointer (&self->open);
  /* A feature dragged back where it was is no step. */
  for (guint i = step->edits->len; i > 0; i--)
    if (sitmap_edit_is_empty (g_ptr_array_index (step->edits, i - 1)))
      g_ptr_array_remove_index (step->edits, i - 1);
  if (step->edits->len == 0)
    {
      step_free (step);
      return;
    }
  push_step (self, step);
  update (self);
}

void
sitmap_edit_history_mark_clean (SitmapEditHistory *self)
{
  g_return_if_fail (SITMAP_IS_EDIT_HISTORY (self));

  self->clean_state = current_state (self);
  update (self);
}

gboolean
sitmap_edit_history_get_dirty (SitmapEditHistory *self)
{
  g_return_val_if_fail (SITMAP_IS_EDIT_HISTORY (self), FALSE);

  return self->dirty;
}

void
sitmap_edit_history_clear (SitmapEditHistory *self)
{
  g_return_if_fail (SITMAP_IS_EDIT_HISTORY (self));

  g_ptr_array_set_size (self->undo, 0);
  g_ptr_array_set_size (self->redo, 0);
  if (self->open)
    g_ptr_array_set_size (self->open->edits, 0);
  self->clean_state = 0;
  update (self);
}
