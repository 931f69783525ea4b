/* sitmap-feature-add.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-feature-add.h"

#include <glib/gi18n.h>

#define MAX_ID_BYTES 48

char *
sitmap_feature_add_make_id (SitmapStory     *story,
                            const char      *name,
                            SitmapStoryKind  kind)
{
  g_autofree char *ascii = NULL;
  GString *id;
  gsize stem;

  g_return_val_if_fail (SITMAP_IS_STORY (story), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  /* Ids are for files and people reading them: ASCII, lower case,
   * hyphens, accents dropped ("Zürich": "zurich"); a name in another
   * script leaves nothing, and the kind stands in ("city-2"). */
  ascii = g_str_to_ascii (name, "C");
  id = g_string_new (NULL);
  for (const char *p = ascii; *p && id->len < MAX_ID_BYTES; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_append (id, sitmap_story_kind_to_string (kind));

  stem = id->len;
  for (guint n = 2; sitmap_story_find_feature (story, id->str) >= 0; n++)
    {
      g_string_truncate (id, stem);
      g_string_append_printf (id, "-%u", n);
    }
  return g_string_free (id, FALSE);
}

int
sitmap_feature_add (SitmapMap           *map,
                    const char          *name,
                    SitmapStoryKind      kind,
                    SitmapGeometryKind   geometry_kind,
                    const double        *lonlat,
                    guint                n_positions,
                    GError             **error)
{
  SitmapStory *story;
  g_autofree char *id = NULL;

  g_return_val_if_fail (SITMAP_IS_MAP (map), -1);
  g_return_val_if_fail (name != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  story = sitmap_map_get_story (map);
  if (story == NULL)
    {
      g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                   _("There is no story to add to; open or make one first"));
      return -1;
    }
  id = sitmap_feature_add_make_id (story, name, kind);
  return sitmap_map_add_feature (map, id, name, kind, geometry_kind, lonlat, n_positions, error);
}
