/* sitmap-layer-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-layer-story.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

/* The story loader's limits on names and on features. */
#define NAME_CHARS   200
#define MAX_FEATURES 2000

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_position (JsonBuilder  *builder,
              const double *lonlat)
{
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, round (lonlat[0] * 1e6) / 1e6);
  json_builder_add_double_value (builder, round (lonlat[1] * 1e6) / 1e6);
  json_builder_end_array (builder);
}

static void
add_part (JsonBuilder         *builder,
          const SitmapFeature *feature,
          guint                part)
{
  json_builder_begin_array (builder);
  for (guint i = feature->part_start[part]; i < feature->part_start[part + 1]; i++)
    add_position (builder, feature->lonlat + 2 * i);
  json_builder_end_array (builder);
}

static void
add_geometry (JsonBuilder         *builder,
              SitmapGeometryKind   kind,
              const SitmapFeature *feature)
{
  json_builder_set_member_name (builder, "geometry");
  json_builder_begin_object (builder);
  switch (kind)
    {
    case SITMAP_GEOMETRY_LINES:
      add_string (builder, "type", "MultiLineString");
      json_builder_set_member_name (builder, "coordinates");
      json_builder_begin_array (builder);
      for (guint p = 0; p < feature->n_parts; p++)
        add_part (builder, feature, p);
      json_builder_end_array (builder);
      break;
    case SITMAP_GEOMETRY_POLYGONS:
      /* Each ring its own polygon: the loader tells holes by winding. */
      add_string (builder, "type", "MultiPolygon");
      json_builder_set_member_name (builder, "coordinates");
      json_builder_begin_array (builder);
      for (guint p = 0; p < feature->n_parts; p++)
        {
          json_builder_begin_array (builder);
          add_part (builder, feature, p);
          json_builder_end_array (builder);
        }
      json_builder_end_array (builder);
      break;
    case SITMAP_GEOMETRY_POINTS:
    default:
      add_string (builder, "type", "Point");
      json_builder_set_member_name (builder, "coordinates");
      add_position (builder, feature->lonlat);
      break;
    }
  json_builder_end_object (builder);
}

/* The name on one line of its own, cut to the loader's length. */
static char *
clean_name (const char *name)
{
  g_autofree char *flat = g_strdup (name);
  glong n;

  for (char *p = flat; *p; p++)
    if ((guchar)*p < 0x20)
      *p = ' ';
  g_strstrip (flat);
  n = g_utf8_strlen (flat, -1);
  if (n > NAME_CHARS)
    *g_utf8_offset_to_pointer (flat, NAME_CHARS) = '\0';
  return g_steal_pointer (&flat);
}

SitmapStory *
sitmap_layer_story_new (SitmapLayer  *layer,
                        GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) article = g_string_new (NULL);
  g_autofree char *title = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *text = NULL;
  SitmapGeometryKind kind;
  double extent[4];
  guint n_features = 0;

  g_return_val_if_fail (SITMAP_IS_LAYER (layer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = sitmap_layer_get_kind (layer);
  title = clean_name (sitmap_layer_get_title (layer));
  /* TRANSLATORS: the credit of a story made from a layer; %s is the layer's title. */
  credit = g_strdup_printf (_("Boundaries: Natural Earth (public domain); places: %s"), title);
  g_string_append_printf (article, "%s\n\n", title);

  json_builder_begin_object (builder);
  add_string (builder, "type", "FeatureCollection");
  json_builder_set_member_name (builder, "story");
  json_builder_begin_object (builder);
  add_string (builder, "format", "sitmap-story/1");
  add_string (builder, "title", title);
  add_string (builder, "article", "article.txt");
  add_string (builder, "credit", credit);
  if (sitmap_layer_get_lonlat_extent (layer, extent))
    {
      double pad_lon = MAX (1.0, 0.15 * (extent[2] - extent[0]));
      double pad_lat = MAX (1.0, 0.15 * (extent[3] - extent[1]));
      double box[4] = {
        MAX (-180, extent[0] - pad_lon), MAX (-85, extent[1] - pad_lat),
        MIN (180, extent[2] + pad_lon), MIN (85, extent[3] + pad_lat),
      };

      json_builder_set_member_name (builder, "extent");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 4; i++)
        json_builder_add_double_value (builder, round (box[i] * 1e4) / 1e4);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint f = 0; f < sitmap_layer_get_n_features (layer) && n_features < MAX_FEATURES; f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);
      g_autofree char *name = clean_name (feature->name);
      g_autofree char *id = NULL;

      if (*name == '\0' || feature->n_points == 0)
        continue;
      id = g_strdup_printf ("%s-%u", kind == SITMAP_GEOMETRY_POINTS ? "place" : "feature", f + 1);
      g_string_append_printf (article, "%s\n", name);

      json_builder_begin_object (builder);
      add_string (builder, "type", "Feature");
      add_string (builder, "id", id);
      add_geometry (builder, kind, feature);
      json_builder_set_member_name (builder, "properties");
      json_builder_begin_object (builder);
      add_string (builder, "name", name);
      add_string (builder, "kind", kind == SITMAP_GEOMETRY_LINES ? "border"
                                   : kind == SITMAP_GEOMETRY_POLYGONS ? "area" : "city");
      json_builder_set_member_name (builder, "excerpts");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, name);
      json_builder_end_array (builder);
      add_string (builder, "note", _("Made by Sitmap from a layer: add what the article says of it."));
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      n_features++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (n_features == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: no feature has a name to make a story of"), sitmap_layer_get_title (layer));
      return NULL;
    }

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  return sitmap_story_load_data (text, strlen (text), "story.geojson", NULL, article->str, error);
}
