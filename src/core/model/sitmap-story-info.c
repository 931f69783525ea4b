/* sitmap-story-info.c: what a story says about itself, and blank stories
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "sitmap-story-private.h"

SitmapStory *
sitmap_story_new (const char *title,
                  const char *article)
{
  SitmapStory *self;

  g_return_val_if_fail (title != NULL && *title != '\0', NULL);
  g_return_val_if_fail (article == NULL || g_utf8_validate (article, -1, NULL), NULL);

  self = g_object_new (SITMAP_TYPE_STORY, NULL);
  self->title = g_strdup (title);
  self->language = g_strdup ("en");
  self->article = g_strdup (article ? article : "");
  return self;
}

SitmapStoryInfo *
sitmap_story_info_copy (const SitmapStoryInfo *info)
{
  SitmapStoryInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (SitmapStoryInfo, 1);
  copy->title = g_strdup (info->title);
  copy->subtitle = g_strdup (info->subtitle);
  copy->publication = g_strdup (info->publication);
  copy->byline = g_strdup (info->byline);
  copy->date = g_strdup (info->date);
  copy->convention = g_strdup (info->convention);
  copy->credit = g_strdup (info->credit);
  copy->has_extent = info->has_extent;
  memcpy (copy->extent, info->extent, sizeof copy->extent);
  return copy;
}

void
sitmap_story_info_free (SitmapStoryInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->title);
  g_free (info->subtitle);
  g_free (info->publication);
  g_free (info->byline);
  g_free (info->date);
  g_free (info->convention);
  g_free (info->credit);
  g_free (info);
}

gboolean
sitmap_story_info_equal (const SitmapStoryInfo *a,
                         const SitmapStoryInfo *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return g_strcmp0 (a->title, b->title) == 0 &&
         g_strcmp0 (a->subtitle, b->subtitle) == 0 &&
         g_strcmp0 (a->publication, b->publication) == 0 &&
         g_strcmp0 (a->byline, b->byline) == 0 &&
         g_strcmp0 (a->date, b->date) == 0 &&
         g_strcmp0 (a->convention, b->convention) == 0 &&
         g_strcmp0 (a->credit, b->credit) == 0 &&
         a->has_extent == b->has_extent &&
         (!a->has_extent || memcmp (a->extent, b->extent, sizeof a->extent) == 0);
}

SitmapStoryInfo *
sitmap_story_get_info (SitmapStory *self)
{
  SitmapStoryInfo info = { 0 };

  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);

  info.title = self->title;
  info.subtitle = self->subtitle;
  info.publication = self->publication;
  info.byline = self->byline;
  info.date = self->date;
  info.convention = self->convention;
  info.credit = self->credit;
  info.has_extent = self->has_extent;
  memcpy (info.extent, self->extent, sizeof info.extent);
  return sitmap_story_info_copy (&info);
}

static gboolean
info_error (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY, message);
  return FALSE;
}

static gboolean
check_text (const char  *value,
            guint        max_chars,
            const char  *too_long,
            GError     **error)
{
  if (value == NULL)
    return TRUE;
  if (!g_utf8_validate (value, -1, NULL))
    return info_error (error, _("the story’s properties must be UTF-8 text"));
  if (g_utf8_strlen (value, -1) > max_chars)
    return info_error (error, too_long);
  return TRUE;
}

/* What the reader accepts, so a story edited here reads back. */
static gboolean
check_info (const SitmapStoryInfo  *info,
            GError                **error)
{
  gboolean real;

  if (info->title == NULL || *info->title == '\0')
    return info_error (error, _("a story needs a title"));
  if (!check_text (info->title, MAX_NAME_CHARS, _("the title is too long"), error) ||
      !check_text (info->subtitle, MAX_NOTE_CHARS, _("the subtitle is too long"), error) ||
      !check_text (info->publication, MAX_NAME_CHARS, _("the publication’s name is too long"), error) ||
      !check_text (info->byline, MAX_NOTE_CHARS, _("the byline is too long"), error) ||
      !check_text (info->convention, MAX_NOTE_CHARS, _("the convention is too long"), error) ||
      !check_text (info->credit, MAX_NOTE_CHARS, _("the credit line is too long"), error))
    return FALSE;
  if (info->date != NULL && (!_sitmap_story_is_iso_date (info->date, &real) || !real))
    return info_error (error, _("the story’s date must be a real date like 2022-01-14"));
  if (info->has_extent)
    {
      const double *e = info->extent;

      for (guint i = 0; i < 4; i++)
        if (!isfinite (e[i]))
          return info_error (error, _("the extent must be west, south, east and north in degrees"));
      if (fabs (e[0]) > 180 || fabs (e[2]) > 180 || fabs (e[1]) > 90 || fabs (e[3]) > 90 ||
          e[1] >= e[3] || e[0] == e[2])
        return info_error (error, _("the extent must be west, south, east and north in degrees"));
    }
  return TRUE;
}

/* Empty texts are no text: the reader drops what the writer would not
 * write. */
static char *
dup_or_null (const char *value)
{
  return value != NULL && *value != '\0' ? g_strdup (value) : NULL;
}

gboolean
sitmap_story_set_info (SitmapStory            *self,
                       const SitmapStoryInfo  *info,
                       GError                **error)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!check_info (info, error))
    return FALSE;

  g_free (self->title);
  self->title = g_strdup (info->title);
  g_free (self->subtitle);
  self->subtitle = dup_or_null (info->subtitle);
  g_free (self->publication);
  self->publication = dup_or_null (info->publication);
  g_free (self->byline);
  self->byline = dup_or_null (info->byline);
  g_free (self->date);
  self->date = dup_or_null (info->date);
  g_free (self->convention);
  self->convention = dup_or_null (info->convention);
  g_free (self->credit);
  self->credit = dup_or_null (info->credit);
  self->has_extent = info->has_extent;
  memcpy (self->extent, info->extent, sizeof self->extent);
  return TRUE;
}

gboolean
sitmap_story_set_info_property (SitmapStory  *self,
                                const char   *name,
                                const char   *value,
                                GError      **error)
{
  g_autoptr(SitmapStoryInfo) info = NULL;
  char **field;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  info = sitmap_story_get_info (self);
  if (strcmp (name, "title") == 0)
    field = &info->title;
  else if (strcmp (name, "subtitle") == 0)
    field = &info->subtitle;
  else if (strcmp (name, "publication") == 0)
    field = &info->publication;
  else if (strcmp (name, "byline") == 0)
    field = &info->byline;
  else if (strcmp (name, "date") == 0)
    field = &info->date;
  else if (strcmp (name, "convention") == 0)
    field = &info->convention;
  else if (strcmp (name, "credit") == 0)
    field = &info->credit;
  else
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY,
                   _("“%s” is not a property of the story that can be set"), name);
      return FALSE;
    }
  g_free (*field);
  *field = g_strdup (value);
  return sitmap_story_set_info (self, info, error);
}

static gboolean
is_qualifier (const char *value)
{
  for (guint i = 0; i < G_N_ELEMENTS (_sitmap_story_qualifiers); i++)
    if (strcmp (_sitmap_story_qualifiers[i], value) == 0)
      return TRUE;
  return FALSE;
}

gboolean
sitmap_story_set_feature_figures (SitmapStory         *self,
                                  guint                index,
                                  const SitmapFigure  *figures,
                                  guint                n_figures,
                                  GError             **error)
{
  SitmapStoryFeature *feature;
  GArray *fresh;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (figures != NULL || n_figures == 0, FALSE);

  feature = &g_array_index (self->features, SitmapStoryFeature, index);
  for (guint i = 0; i < n_figures; i++)
    {
      const SitmapFigure *f = &figures[i];

      if (f->unit == NULL || *f->unit == '\0' ||
          !(f->is_range ? isfinite (f->low) && isfinite (f->high) && f->low <= f->high : isfinite (f->value)))
        {
          g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                       _("feature “%s”: figure %u needs a unit and a number, or a range from low to high"),
                       feature->id, i + 1);
          return FALSE;
        }
      if (f->qualifier != NULL && *f->qualifier != '\0' && !is_qualifier (f->qualifier))
        {
          g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                       _("feature “%s”: figure %u: “%s” is none of the qualifiers"),
                       feature->id, i + 1, f->qualifier);
          return FALSE;
        }
    }

  fresh = g_array_sized_new (FALSE, TRUE, sizeof (SitmapFigure), n_figures);
  g_array_set_clear_func (fresh, _sitmap_story_figure_clear);
  for (guint i = 0; i < n_figures; i++)
    {
      SitmapFigure copy = figures[i];

      copy.unit = g_strdup (figures[i].unit);
      copy.qualifier = dup_or_null (figures[i].qualifier);
      copy.note = dup_or_null (figures[i].note);
      copy.source = dup_or_null (figures[i].source);
      g_array_append_val (fresh, copy);
    }
  g_array_unref (feature->figures);
  feature->figures = fresh;
  if (n_figures == 0)
    feature->callout_pinned = FALSE;
  return TRUE;
}

const char * const *
sitmap_story_get_echelons (guint *n_echelons)
{
  if (n_echelons)
    *n_echelons = G_N_ELEMENTS (_sitmap_story_echelons);
  return _sitmap_story_echelons;
}

const char * const *
sitmap_story_get_qualifiers (guint *n_qualifiers)
{
  if (n_qualifiers)
    *n_qualifiers = G_N_ELEMENTS (_sitmap_story_qualifiers);
  return _sitmap_story_qualifiers;
}
