/* sitmap-feature-add.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-feature-add.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sitmap-story-private.h"

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

static gboolean
value_is_unique (SitmapLayer *layer,
                 int          field,
                 const char  *value)
{
  guint n = 0;

  /* Natural Earth writes "-99" where a region has no code. */
  if (value == NULL || *value == '\0' || g_str_equal (value, "-99"))
    return FALSE;
  for (guint i = 0; i < sitmap_layer_get_n_features (layer) && n < 2; i++)
    if (g_strcmp0 (sitmap_layer_get_feature (layer, i)->attributes[field], value) == 0)
      n++;
  return n == 1;
}

const char *
sitmap_feature_add_region_key (SitmapLayer *layer,
                               guint        index)
{
  const char * const *fields;
  const SitmapFeature *feature;
  int name_field;

  g_return_val_if_fail (SITMAP_IS_LAYER (layer), NULL);
  g_return_val_if_fail (index < sitmap_layer_get_n_features (layer), NULL);

  fields = sitmap_layer_get_field_names (layer);
  feature = sitmap_layer_get_feature (layer, index);
  for (int f = 0; fields && fields[f]; f++)
    if (g_ascii_strncasecmp (fields[f], "iso", 3) == 0 && value_is_unique (layer, f, feature->attributes[f]))
      return fields[f];
  name_field = sitmap_layer_find_field (layer, "name");
  if (name_field >= 0 && value_is_unique (layer, name_field, feature->attributes[name_field]))
    return fields[name_field];
  return NULL;
}

int
sitmap_feature_add_regions (SitmapMap           *map,
                            const char          *name,
                            SitmapStoryKind      kind,
                            const char          *layer_name,
                            const char          *field,
                            const char * const  *values,
                            GError             **error)
{
  g_autoptr(SitmapStoryFeature) feature = NULL;
  g_autoptr(GArray) part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  SitmapStory *story;
  SitmapLayer *layer;
  guint zero = 0;
  int field_index, index;

  g_return_val_if_fail (SITMAP_IS_MAP (map), -1);
  g_return_val_if_fail (name != NULL && layer_name != NULL && field != NULL, -1);
  g_return_val_if_fail (values != NULL && values[0] != NULL, -1);
  g_return_val_if_fail (error == NULL || *error == NULL, -1);

  story = sitmap_map_get_story (map);
  layer = sitmap_map_get_named_layer (map, layer_name);
  if (story == NULL)
    {
      g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                   _("There is no story to add to; open or make one first"));
      return -1;
    }
  field_index = layer ? sitmap_layer_find_field (layer, field) : -1;
  if (field_index < 0)
    {
      g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_MISSING_LAYER,
                   _("The layer “%s” with the field “%s” is not loaded"), layer_name, field);
      return -1;
    }

  g_array_append_val (part_start, zero);
  for (guint v = 0; values[v] != NULL; v++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
        {
          const SitmapFeature *region = sitmap_layer_get_feature (layer, i);

          if (g_strcmp0 (region->attributes[field_index], values[v]) != 0)
            continue;
          found = TRUE;
          for (guint p = 0; p < region->n_parts; p++)
            {
              guint end;

              g_array_append_vals (lonlat, region->lonlat + 2 * region->part_start[p],
                                   2 * (region->part_start[p + 1] - region->part_start[p]));
              end = lonlat->len / 2;
              g_array_append_val (part_start, end);
            }
        }
      if (!found)
        {
          g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE,
                       _("No region of the layer “%s” has “%s” for “%s”"), layer_name, values[v], field);
          return -1;
        }
    }

  feature = g_new0 (SitmapStoryFeature, 1);
  feature->id = sitmap_feature_add_make_id (story, name, kind);
  feature->name = g_strdup (name);
  feature->label = g_strdup (name);
  feature->kind = kind;
  feature->dates = g_new0 (char *, 1);
  feature->figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (feature->figures, _sitmap_story_figure_clear);
  feature->excerpts = g_new0 (char *, 1);
  feature->excerpt_ranges = g_array_new (FALSE, FALSE, sizeof (SitmapTextRange));
  feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
  feature->n_parts = part_start->len - 1;
  feature->part_start = g_array_steal (part_start, NULL);
  feature->lonlat = g_array_steal (lonlat, NULL);
  feature->regions_layer = g_strdup (layer_name);
  feature->regions_field = g_strdup (field);
  feature->regions_values = g_strdupv ((char **)values);
  _sitmap_story_feature_update_anchor (feature);

  index = sitmap_story_get_n_features (story);
  if (!sitmap_map_insert_feature (map, index, feature, error))
    return -1;
  return index;
}
