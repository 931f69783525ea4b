/* sitmap-excerpt.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-excerpt.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sitmap-story-private.h"

G_DEFINE_QUARK (sitmap-excerpt-error-quark, sitmap_excerpt_error)

gboolean
sitmap_excerpt_range_from_offsets (const char       *article,
                                   glong             start,
                                   glong             end,
                                   SitmapTextRange  *range,
                                   GError          **error)
{
  glong length;
  const char *from, *to;

  g_return_val_if_fail (article != NULL, FALSE);
  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (end < start)
    {
      glong swap = start;

      start = end;
      end = swap;
    }
  length = g_utf8_strlen (article, -1);
  if (start < 0 || end > length)
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE,
                   _("The passage chosen is not in the article"));
      return FALSE;
    }

  from = g_utf8_offset_to_pointer (article, start);
  to = g_utf8_offset_to_pointer (from, end - start);
  /* A selection made by dragging often takes the space after a word. */
  while (from < to && g_unichar_isspace (g_utf8_get_char (from)))
    from = g_utf8_next_char (from);
  while (to > from && g_unichar_isspace (g_utf8_get_char (g_utf8_prev_char (to))))
    to = g_utf8_prev_char (to);

  if (from == to)
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_EMPTY,
                   _("Choose some words of the article first"));
      return FALSE;
    }
  if (g_utf8_pointer_to_offset (from, to) > MAX_EXCERPT_CHARS)
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_TOO_LONG,
                   _("The passage is longer than %d characters; choose a shorter one"), MAX_EXCERPT_CHARS);
      return FALSE;
    }

  range->start = from - article;
  range->end = to - article;
  return TRUE;
}

char *
sitmap_excerpt_text (const char            *article,
                     const SitmapTextRange *range)
{
  g_return_val_if_fail (article != NULL, NULL);
  g_return_val_if_fail (range != NULL && range->start <= range->end, NULL);

  return g_strndup (article + range->start, range->end - range->start);
}

static const SitmapStoryFeature *
get_feature (SitmapMap  *map,
             guint       index,
             GError    **error)
{
  SitmapStory *story = sitmap_map_get_story (map);

  if (story == NULL || index >= sitmap_story_get_n_features (story))
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_NO_FEATURE,
                   _("There is no such place in the story"));
      return NULL;
    }
  return sitmap_story_get_feature (story, index);
}

gboolean
sitmap_excerpt_link (SitmapMap              *map,
                     guint                   index,
                     const SitmapTextRange  *range,
                     GError                **error)
{
  const SitmapStoryFeature *feature;
  g_autoptr(SitmapStoryFeature) changed = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *article;
  gsize length;
  guint at;

  g_return_val_if_fail (SITMAP_IS_MAP (map), FALSE);
  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  feature = get_feature (map, index, error);
  if (feature == NULL)
    return FALSE;
  article = sitmap_story_get_article (sitmap_map_get_story (map));
  length = strlen (article);
  if (range->start >= range->end || range->end > length ||
      !g_utf8_validate (article + range->start, range->end - range->start, NULL))
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE,
                   _("The passage chosen is not in the article"));
      return FALSE;
    }

  at = feature->excerpt_ranges->len;
  for (guint e = 0; e < feature->excerpt_ranges->len; e++)
    {
      const SitmapTextRange *other = &g_array_index (feature->excerpt_ranges, SitmapTextRange, e);

      if (other->start == range->start && other->end == range->end)
        {
          g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_DUPLICATE,
                       _("This passage is tied to “%s” already"), feature->name);
          return FALSE;
        }
      if (at == feature->excerpt_ranges->len && other->start > range->start)
        at = e;
    }

  changed = sitmap_story_feature_copy (feature);
  for (guint e = 0; e < at; e++)
    g_strv_builder_add (builder, feature->excerpts[e]);
  {
    g_autofree char *text = sitmap_excerpt_text (article, range);

    g_strv_builder_add (builder, text);
  }
  for (guint e = at; feature->excerpts[e] != NULL; e++)
    g_strv_builder_add (builder, feature->excerpts[e]);
  g_strfreev (changed->excerpts);
  changed->excerpts = g_strv_builder_end (builder);
  g_array_insert_val (changed->excerpt_ranges, at, *range);

  return sitmap_map_replace_feature (map, index, changed, error);
}

gboolean
sitmap_excerpt_unlink (SitmapMap  *map,
                       guint       index,
                       guint       excerpt,
                       GError    **error)
{
  const SitmapStoryFeature *feature;
  g_autoptr(SitmapStoryFeature) changed = NULL;

  g_return_val_if_fail (SITMAP_IS_MAP (map), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  feature = get_feature (map, index, error);
  if (feature == NULL)
    return FALSE;
  if (excerpt >= feature->excerpt_ranges->len)
    {
      g_set_error (error, SITMAP_EXCERPT_ERROR, SITMAP_EXCERPT_ERROR_OUT_OF_RANGE,
                   _("“%s” has no such passage"), feature->name);
      return FALSE;
    }

  changed = sitmap_story_feature_copy (feature);
  g_free (changed->excerpts[excerpt]);
  memmove (changed->excerpts + excerpt, changed->excerpts + excerpt + 1,
           (g_strv_length (changed->excerpts + excerpt + 1) + 1) * sizeof (char *));
  g_array_remove_index (changed->excerpt_ranges, excerpt);

  return sitmap_map_replace_feature (map, index, changed, error);
}

int
sitmap_excerpt_find (SitmapStory *story,
                     gsize        start,
                     gsize        end,
                     guint       *excerpt)
{
  g_return_val_if_fail (SITMAP_IS_STORY (story), -1);

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);

      for (guint e = 0; e < feature->excerpt_ranges->len; e++)
        {
          const SitmapTextRange *range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, e);
          gboolean hit = start == end ? (range->start <= start && start < range->end)
                                      : (range->start < end && start < range->end);

          if (hit)
            {
              if (excerpt)
                *excerpt = e;
              return i;
            }
        }
    }
  return -1;
}
