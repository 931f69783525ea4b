/* sitmap-geojson-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-geojson-layer.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "sitmap-json-guard.h"

G_DEFINE_QUARK (sitmap-geojson-layer-error-quark, sitmap_geojson_layer_error)

/* Against hostile or broken files: a whole country's roads in GeoJSON is
 * a few hundred megabytes, more than a news map needs. */
#define MAX_BYTES        (64 * 1024 * 1024)
#define MAX_DEPTH        64
#define MAX_VALUES       4000000
#define MAX_FIELDS       256

typedef struct
{
  const char        *file;
  SitmapGeometryKind kind;
  gboolean           has_kind;
  GArray            *part_start;  /* guint */
  GArray            *lonlat;      /* double */
  guint              n_other_kind;
  guint              n_bad;
} Reader;

static gboolean
member_holds (JsonObject   *object,
              const char   *name,
              JsonNodeType  type)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_TYPE (node) == type;
}

/* A string member, or NULL when absent or of another type (json-glib's
 * own getters complain on a wrong type, which a hostile file must not
 * cause). */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static gboolean
kind_of (const char         *type,
         SitmapGeometryKind *kind)
{
  if (g_strcmp0 (type, "Point") == 0 || g_strcmp0 (type, "MultiPoint") == 0)
    *kind = SITMAP_GEOMETRY_POINTS;
  else if (g_strcmp0 (type, "LineString") == 0 || g_strcmp0 (type, "MultiLineString") == 0)
    *kind = SITMAP_GEOMETRY_LINES;
  else if (g_strcmp0 (type, "Polygon") == 0 || g_strcmp0 (type, "MultiPolygon") == 0)
    *kind = SITMAP_GEOMETRY_POLYGONS;
  else
    return FALSE;
  return TRUE;
}

static gboolean
add_position (Reader   *reader,
              JsonNode *node)
{
  JsonArray *position;
  double lonlat[2];

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  position = json_node_get_array (node);
  if (json_array_get_length (position) < 2)
    return FALSE;
  for (guint i = 0; i < 2; i++)
    {
      JsonNode *number = json_array_get_element (position, i);

      if (!JSON_NODE_HOLDS_VALUE (number) ||
          (json_node_get_value_type (number) != G_TYPE_DOUBLE &&
           json_node_get_value_type (number) != G_TYPE_INT64))
        return FALSE;
      lonlat[i] = json_node_get_double (number);
    }
  if (!isfinite (lonlat[0]) || !isfinite (lonlat[1]) || fabs (lonlat[0]) > 180 || fabs (lonlat[1]) > 90)
    return FALSE;
  g_array_append_vals (reader->lonlat, lonlat, 2);
  return TRUE;
}

static void
end_part (Reader *reader)
{
  guint n = reader->lonlat->len / 2;

  g_array_append_val (reader->part_start, n);
}

/* A list of positions as one part each (points) or as one part. */
static gboolean
add_positions (Reader   *reader,
               JsonNode *node,
               gboolean  each_a_part,
               guint     min_positions)
{
  JsonArray *positions;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  positions = json_node_get_array (node);
  n = json_array_get_length (positions);
  if (n < min_positions)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      if (!add_position (reader, json_array_get_element (positions, i)))
        return FALSE;
      if (each_a_part)
        end_part (reader);
    }
  if (!each_a_part)
    end_part (reader);
  return TRUE;
}

/* Arrays of what depth levels below: a MultiPolygon's polygons' rings. */
static gboolean
add_nested (Reader   *reader,
            JsonNode *node,
            guint     depth,
            guint     min_positions)
{
  JsonArray *array;

  if (depth == 0)
    return add_positions (reader, node, FALSE, min_positions);
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!add_nested (reader, json_array_get_element (array, i), depth - 1, min_positions))
      return FALSE;
  return TRUE;
}

static gboolean
read_geometry (Reader     *reader,
               JsonObject *geometry)
{
  const char *type = string_member (geometry, "type");
  JsonNode *coordinates = json_object_get_member (geometry, "coordinates");

  if (coordinates == NULL)
    return FALSE;
  if (g_strcmp0 (type, "Point") == 0)
    {
      if (!add_position (reader, coordinates))
        return FALSE;
      end_part (reader);
      return TRUE;
    }
  if (g_strcmp0 (type, "MultiPoint") == 0)
    return add_positions (reader, coordinates, TRUE, 1);
  if (g_strcmp0 (type, "LineString") == 0)
    return add_positions (reader, coordinates, FALSE, 2);
  if (g_strcmp0 (type, "MultiLineString") == 0 || g_strcmp0 (type, "Polygon") == 0)
    return add_nested (reader, coordinates, 1, g_strcmp0 (type, "Polygon") == 0 ? 4 : 2);
  if (g_strcmp0 (type, "MultiPolygon") == 0)
    return add_nested (reader, coordinates, 2, 4);
  return FALSE;
}

static char *
value_text (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return g_strdup ("");
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
    case G_TYPE_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    default:
      return g_strdup ("");
    }
}

/* GDAL writes the CRS it was given; only longitude/latitude is drawn
 * right, the rest would land in the wrong place without a word. */
static gboolean
check_crs (JsonObject  *root,
           const char  *file,
           GError     **error)
{
  JsonNode *crs = json_object_get_member (root, "crs");
  JsonObject *properties;
  const char *name;

  if (crs == NULL || JSON_NODE_HOLDS_NULL (crs))
    return TRUE;
  if (JSON_NODE_HOLDS_OBJECT (crs) &&
      member_holds (json_node_get_object (crs), "properties", JSON_NODE_OBJECT) &&
      (properties = json_object_get_object_member (json_node_get_object (crs), "properties")) != NULL &&
      (name = string_member (properties, "name")) != NULL &&
      (g_str_has_suffix (name, "CRS84") || g_str_has_suffix (name, "EPSG::4326") ||
       g_strcmp0 (name, "EPSG:4326") == 0))
    return TRUE;
  g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_CRS,
               _("%s: the coordinates are not longitude and latitude (its “crs” is not WGS 84); "
                 "write it again with ogr2ogr -t_srs EPSG:4326"), file);
  return FALSE;
}

static GStrv
field_names_of (JsonArray *features)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < json_array_get_length (features) && names->len < MAX_FIELDS; i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *properties;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      if (!member_holds (json_node_get_object (node), "properties", JSON_NODE_OBJECT))
        continue;
      properties = json_object_get_object_member (json_node_get_object (node), "properties");
      members = json_object_get_members (properties);
      for (GList *l = members; l && names->len < MAX_FIELDS; l = l->next)
        if (!g_hash_table_contains (seen, l->data))
          {
            char *name = g_strdup (l->data);

            g_ptr_array_add (names, name);
            g_hash_table_add (seen, name);
          }
    }
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static int
name_field (const char * const *fields)
{
  static const char * const candidates[] = { "name", "NAME", "Name", "name_en", "NAME_EN", "nameascii" };

  for (guint c = 0; c < G_N_ELEMENTS (candidates); c++)
    for (guint i = 0; fields[i]; i++)
      if (strcmp (fields[i], candidates[c]) == 0)
        return i;
  return -1;
}

SitmapLayer *
sitmap_geojson_layer_load_data (const char  *data,
                                gsize        length,
                                const char  *display_name,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SitmapLayer) layer = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *file = NULL;
  JsonNode *root_node;
  JsonObject *root;
  JsonArray *features;
  Reader reader = { 0 };
  const char *title;
  guint n_fields;
  int name_index;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  /* File names may hold line breaks; messages are one line. */
  file = g_strdelimit (g_strdup (display_name), "\r\n", ' ');
  if (length > MAX_BYTES)
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_TOO_LARGE,
                   _("%s: larger than %d MiB"), file, MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!sitmap_json_guard_check (data, length, MAX_DEPTH, MAX_VALUES, &local_error))
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR,
                   g_error_matches (local_error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_TOO_LARGE)
                   ? SITMAP_GEOJSON_LAYER_ERROR_TOO_LARGE : SITMAP_GEOJSON_LAYER_ERROR_INVALID,
                   "%s: %s", file, local_error->message);
      return NULL;
    }
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_INVALID,
                   _("%s: invalid JSON: %s"), file, local_error->message);
      return NULL;
    }
  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node) ||
      g_strcmp0 (string_member (json_node_get_object (root_node), "type"),
                 "FeatureCollection") != 0 ||
      !member_holds (json_node_get_object (root_node), "features", JSON_NODE_ARRAY))
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_INVALID,
                   _("%s: not a GeoJSON FeatureCollection with “features”"), file);
      return NULL;
    }
  root = json_node_get_object (root_node);
  if (json_object_has_member (root, "story"))
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_IS_STORY,
                   _("%s: a story, not a plain layer"), file);
      return NULL;
    }
  if (!check_crs (root, file, error))
    return NULL;

  features = json_object_get_array_member (root, "features");
  fields = field_names_of (features);
  n_fields = g_strv_length (fields);
  name_index = name_field ((const char * const *)fields);
  title = string_member (root, "name");

  reader.file = file;
  reader.part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  reader.lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonNode *node = json_array_get_element (features, i);
      JsonObject *feature, *geometry, *properties;
      SitmapGeometryKind kind;
      char **attributes;
      guint zero = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          reader.n_bad++;
          continue;
        }
      feature = json_node_get_object (node);
      if (!member_holds (feature, "geometry", JSON_NODE_OBJECT))
        continue;  /* a feature without a geometry: nothing to draw */
      geometry = json_object_get_object_member (feature, "geometry");
      if (!kind_of (string_member (geometry, "type"), &kind))
        {
          reader.n_bad++;
          continue;
        }
      if (!reader.has_kind)
        {
          reader.kind = kind;
          reader.has_kind = TRUE;
        }
      if (kind != reader.kind)
        {
          reader.n_other_kind++;
          continue;
        }

      g_array_set_size (reader.part_start, 0);
      g_array_set_size (reader.lonlat, 0);
      g_array_append_val (reader.part_start, zero);
      if (!read_geometry (&reader, geometry))
        {
          reader.n_bad++;
          continue;
        }

      if (layer == NULL)
        layer = sitmap_layer_new (title ? title : display_name, reader.kind, (const char * const *)fields);
      properties = member_holds (feature, "properties", JSON_NODE_OBJECT)
                   ? json_object_get_object_member (feature, "properties") : NULL;
      attributes = g_new0 (char *, n_fields + 1);
      for (guint f = 0; f < n_fields; f++)
        attributes[f] = properties ? value_text (json_object_get_member (properties, fields[f]))
                                   : g_strdup ("");
      sitmap_layer_take_feature (layer,
                                 g_strdup (name_index >= 0 ? attributes[name_index] : ""),
                                 attributes,
                                 reader.part_start->len - 1,
                                 g_memdup2 (reader.part_start->data, reader.part_start->len * sizeof (guint)),
                                 g_memdup2 (reader.lonlat->data, reader.lonlat->len * sizeof (double)));
    }
  g_array_unref (reader.part_start);
  g_array_unref (reader.lonlat);

  if (layer == NULL)
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_EMPTY,
                   _("%s: no feature has a geometry Sitmap can draw"), file);
      return NULL;
    }
  if (reader.n_other_kind > 0)
    {
      g_autofree char *warning =
        g_strdup_printf ("%s: %u features left out: their geometry is not of the first feature's kind",
                         file, reader.n_other_kind);
      sitmap_layer_add_warning (layer, warning);
    }
  if (reader.n_bad > 0)
    {
      g_autofree char *warning =
        g_strdup_printf ("%s: %u features left out: their geometry is broken "
                         "(not longitude and latitude, too few positions or an unknown type)",
                         file, reader.n_bad);
      sitmap_layer_add_warning (layer, warning);
    }
  return g_steal_pointer (&layer);
}

SitmapLayer *
sitmap_geojson_layer_load_file (const char  *path,
                                GError     **error)
{
  g_autoptr(GMappedFile) mapped = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *display = NULL;
  SitmapLayer *layer;

  g_return_val_if_fail (path != NULL, NULL);

  display = g_filename_display_name (path);
  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_NOT_FOUND,
                   "%s", local_error->message);
      return NULL;
    }
  layer = sitmap_geojson_layer_load_data (g_mapped_file_get_contents (mapped),
                                          g_mapped_file_get_length (mapped), display, error);
  if (layer)
    sitmap_layer_set_source_path (layer, path);
  return layer;
}
