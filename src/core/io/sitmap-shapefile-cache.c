/* sitmap-shapefile-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-shapefile-cache.h"
#include "sitmap-shapefile-private.h"

/* Changes whenever what the loader makes of the same files changes, on
 * top of the version of Sitmap the key already holds. */
#define LOADED_TAG "sitmap shapefile as loaded, 2"

/* Farther than any longitude or latitude the loader keeps: a number out
 * here is damage, not data. */
#define MAX_DEGREES 1e4
#define MAX_FIELDS 65535

/* The sections, in order: this record; the offset of each text; the
 * texts, each ending in NUL; a FeatureRecord per feature; then for each
 * feature its part offsets and its coordinates.  The
 * texts are the field names, the warnings, then each feature's name and
 * its attributes, one per field. */
typedef struct
{
  guint32 kind;
  guint32 n_features;
  guint32 n_fields;
  guint32 has_warnings;
  guint64 n_part_starts;
  guint64 n_points;
} LoadedRecord;

typedef struct
{
  guint32 n_parts;
  guint32 n_points;
} FeatureRecord;

static void
key_add_string (SitmapPreparedKey *key,
                const char        *text)
{
  sitmap_prepared_key_add (key, text ? text : "", strlen (text ? text : "") + 1);
}

/* One file of the set: whether it is there, its size and its bytes. */
static gboolean
key_add_file (SitmapPreparedKey *key,
              const char        *ext,
              const char        *path)
{
  g_autoptr(GMappedFile) file = NULL;
  guint64 size;

  key_add_string (key, ext);
  if (path != NULL)
    file = g_mapped_file_new (path, FALSE, NULL);
  if (file == NULL)
    {
      key_add_string (key, "absent");
      return FALSE;
    }
  size = g_mapped_file_get_length (file);
  sitmap_prepared_key_add (key, &size, sizeof size);
  if (size > 0)
    sitmap_prepared_key_add (key, g_mapped_file_get_contents (file), size);
  return TRUE;
}

gboolean
sitmap_shapefile_cache_key (const char        *path,
                            SitmapCrs         *given_crs,
                            SitmapPreparedKey *key)
{
  static const char * const sides[] = { "shx", "dbf", "prj", "cpg" };

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (given_crs == NULL || SITMAP_IS_CRS (given_crs), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  sitmap_prepared_key_init (key);
  key_add_string (key, LOADED_TAG);
  key_add_string (key, path);
  /* The warnings are kept as written, in the language of the time. */
  key_add_string (key, g_get_language_names ()[0]);
  key_add_string (key, given_crs ? sitmap_crs_get_definition (given_crs) : NULL);
  if (!key_add_file (key, "shp", path))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    {
      g_autofree char *side = sitmap_shapefile_find_sibling (path, sides[i]);

      key_add_file (key, sides[i], side);
    }
  return TRUE;
}

/* ---- Writing -------------------------------------------------------------- */

static SitmapPreparedCache *
new_writer (const SitmapPreparedKey *key,
            SitmapLayer             *layer)
{
  g_autoptr(SitmapPreparedCache) writer = sitmap_prepared_cache_new_writer (key);
  const char * const *fields = sitmap_layer_get_field_names (layer);
  guint n_features = sitmap_layer_get_n_features (layer);
  guint n_fields = g_strv_length ((char **)fields);
  const char *warnings = sitmap_layer_get_warnings (layer);
  g_autofree FeatureRecord *features = g_new0 (FeatureRecord, MAX (n_features, 1));
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GString) texts = g_string_new (NULL);
  LoadedRecord record = { 0 };

#define ADD_TEXT(t) G_STMT_START {                               \
    guint64 offset_ = texts->len;                                \
    g_array_append_val (offsets, offset_);                       \
    g_string_append_len (texts, (t), strlen (t) + 1);            \
  } G_STMT_END

  for (guint i = 0; i < n_fields; i++)
    ADD_TEXT (fields[i]);
  if (warnings != NULL)
    ADD_TEXT (warnings);
  for (guint f = 0; f < n_features; f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);

      /* A feature with more or fewer values than fields is not the
       * loader's: not cached, rather than cached wrong. */
      if (g_strv_length (feature->attributes) != n_fields)
        return NULL;
      features[f] = (FeatureRecord) { feature->n_parts, feature->n_points };
      record.n_part_starts += feature->n_parts + 1;
      record.n_points += feature->n_points;
      ADD_TEXT (feature->name);
      for (guint i = 0; i < n_fields; i++)
        ADD_TEXT (feature->attributes[i]);
    }
#undef ADD_TEXT

  record.kind = sitmap_layer_get_kind (layer);
  record.n_features = n_features;
  record.n_fields = n_fields;
  record.has_warnings = warnings != NULL;

  sitmap_prepared_cache_add_copy (writer, &record, sizeof record);
  sitmap_prepared_cache_add_copy (writer, offsets->data, offsets->len * sizeof (guint64));
  sitmap_prepared_cache_add_copy (writer, texts->str, texts->len);
  sitmap_prepared_cache_add_copy (writer, features, n_features * sizeof (FeatureRecord));
  /* By reference: the layer outlives the writer, and a large layer's
   * coordinates are not copied on their way to the disk. */
  for (guint f = 0; f < n_features; f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);

      sitmap_prepared_cache_add (writer, feature->part_start, (feature->n_parts + 1) * sizeof (guint32));
      sitmap_prepared_cache_add (writer, feature->lonlat, 2 * (gsize)feature->n_points * sizeof (double));
    }
  return g_steal_pointer (&writer);
}

gboolean
sitmap_shapefile_cache_write (const SitmapPreparedKey *key,
                              SitmapLayer             *layer)
{
  g_autoptr(SitmapPreparedCache) writer = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), FALSE);

  writer = new_writer (key, layer);
  if (writer == NULL)
    return FALSE;
  if (!sitmap_prepared_cache_commit (writer, &error))
    {
      g_debug ("%s: %s", sitmap_layer_get_title (layer), error->message);
      return FALSE;
    }
  return TRUE;
}

GBytes *
sitmap_shapefile_cache_to_bytes (const SitmapPreparedKey *key,
                                 SitmapLayer             *layer)
{
  g_autoptr(SitmapPreparedCache) writer = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), NULL);

  writer = new_writer (key, layer);
  return writer ? sitmap_prepared_cache_to_bytes (writer) : NULL;
}

/* ---- Reading -------------------------------------------------------------- */

typedef struct
{
  const guint64 *offsets;
  gsize          n_offsets;
  const char    *texts;
  gsize          length;
  gsize          next;
} Texts;

/* The next text, checked: inside the section, ended, and UTF-8. */
static const char *
next_text (Texts   *t,
           GError **error)
{
  const char *text;
  guint64 offset;

  if (t->next >= t->n_offsets)
    {
      sitmap_prepared_cache_damaged (error, "texts are missing");
      return NULL;
    }
  offset = t->offsets[t->next++];
  if (offset >= t->length || (t->next < t->n_offsets && t->offsets[t->next] <= offset))
    {
      sitmap_prepared_cache_damaged (error, "a text is out of range");
      return NULL;
    }
  text = t->texts + offset;
  if (!g_utf8_validate (text, -1, NULL))
    {
      sitmap_prepared_cache_damaged (error, "a text is not UTF-8");
      return NULL;
    }
  return text;
}

static gboolean
read_features (SitmapPreparedCache  *reader,
               const LoadedRecord   *record,
               SitmapLayer          *layer,
               Texts                *texts,
               GError              **error)
{
  const FeatureRecord *features;
  guint64 used_starts = 0, used_points = 0;

  if ((features = sitmap_prepared_cache_next_n (reader, sizeof (FeatureRecord), record->n_features, error)) == NULL)
    return FALSE;

  for (guint f = 0; f < record->n_features; f++)
    {
      const FeatureRecord *feature = &features[f];
      g_autoptr(GStrvBuilder) attributes = g_strv_builder_new ();
      const guint32 *starts;
      const double *lonlat;
      const char *name;

      if (feature->n_parts == G_MAXUINT32 ||
          record->n_part_starts - used_starts < (guint64)feature->n_parts + 1 ||
          record->n_points - used_points < feature->n_points)
        return sitmap_prepared_cache_damaged (error, "a feature's counts are out of range");
      if ((starts = sitmap_prepared_cache_next_n (reader, sizeof (guint32), (gsize)feature->n_parts + 1, error)) == NULL ||
          (lonlat = sitmap_prepared_cache_next_n (reader, sizeof (double), 2 * (gsize)feature->n_points, error)) == NULL)
        return FALSE;
      if (starts[0] != 0 || starts[feature->n_parts] != feature->n_points)
        return sitmap_prepared_cache_damaged (error, "a feature's parts are out of range");
      for (guint p = 0; p < feature->n_parts; p++)
        if (starts[p] > starts[p + 1])
          return sitmap_prepared_cache_damaged (error, "a feature's parts are out of range");
      for (gsize i = 0; i < 2 * (gsize)feature->n_points; i++)
        if (!(fabs (lonlat[i]) <= MAX_DEGREES))
          return sitmap_prepared_cache_damaged (error, "a coordinate is out of range");

      if ((name = next_text (texts, error)) == NULL)
        return FALSE;
      for (guint i = 0; i < record->n_fields; i++)
        {
          const char *value = next_text (texts, error);

          if (value == NULL)
            return FALSE;
          g_strv_builder_add (attributes, value);
        }

      sitmap_layer_add_stored_feature (layer, g_strdup (name), g_strv_builder_end (attributes),
                                       feature->n_parts, starts, lonlat);
      used_starts += feature->n_parts + 1;
      used_points += feature->n_points;
    }

  if (used_starts != record->n_part_starts || used_points != record->n_points)
    return sitmap_prepared_cache_damaged (error, "coordinates left over");
  return TRUE;
}

static SitmapLayer *
read_layer (SitmapPreparedCache  *reader,
            const char           *title,
            GError              **error)
{
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_auto(GStrv) field_names = NULL;
  const LoadedRecord *record;
  const char *warnings = NULL;
  Texts texts = { 0 };

  if ((record = sitmap_prepared_cache_next_n (reader, sizeof (LoadedRecord), 1, error)) == NULL)
    return NULL;
  if (record->kind > SITMAP_GEOMETRY_POLYGONS || record->n_fields > MAX_FIELDS || record->has_warnings > 1 ||
      record->n_points > G_MAXSIZE / 32 || record->n_part_starts > G_MAXSIZE / 8)
    {
      sitmap_prepared_cache_damaged (error, "the layer's counts are out of range");
      return NULL;
    }
  if ((texts.offsets = sitmap_prepared_cache_next (reader, sizeof (guint64), &texts.n_offsets, error)) == NULL ||
      (texts.texts = sitmap_prepared_cache_next (reader, 1, &texts.length, error)) == NULL)
    return NULL;
  if (texts.length == 0 || texts.texts[texts.length - 1] != '\0')
    {
      sitmap_prepared_cache_damaged (error, "the texts are not ended");
      return NULL;
    }
  if (texts.n_offsets != record->n_fields + record->has_warnings +
                         (guint64)record->n_features * (1 + record->n_fields))
    {
      sitmap_prepared_cache_damaged (error, "the number of texts is wrong");
      return NULL;
    }

  for (guint i = 0; i < record->n_fields; i++)
    {
      const char *field = next_text (&texts, error);

      if (field == NULL)
        return NULL;
      g_strv_builder_add (fields, field);
    }
  if (record->has_warnings && (warnings = next_text (&texts, error)) == NULL)
    return NULL;

  field_names = g_strv_builder_end (fields);
  layer = sitmap_layer_new (title, record->kind, (const char * const *)field_names);
  sitmap_layer_set_storage (layer, sitmap_prepared_cache_get_bytes (reader), sitmap_prepared_cache_is_mapped (reader));
  if (!read_features (reader, record, layer, &texts, error))
    return NULL;
  if (!sitmap_prepared_cache_at_end (reader))
    {
      sitmap_prepared_cache_damaged (error, "sections left over");
      return NULL;
    }
  if (warnings != NULL)
    sitmap_layer_add_warning (layer, warnings);
  return g_steal_pointer (&layer);
}

/* The layer from an opened file, knowing the key it was found under. */
static SitmapLayer *
layer_from_reader (SitmapPreparedCache      *reader,
                   const SitmapPreparedKey  *key,
                   const char               *title,
                   GError                  **error)
{
  SitmapLayer *layer;

  if (reader == NULL || (layer = read_layer (reader, title, error)) == NULL)
    return NULL;
  sitmap_layer_set_content_key (layer, key);
  return layer;
}

SitmapLayer *
sitmap_shapefile_cache_read_bytes (GBytes                  *bytes,
                                   const SitmapPreparedKey *key,
                                   const char              *title,
                                   GError                 **error)
{
  g_autoptr(SitmapPreparedCache) reader = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = sitmap_prepared_cache_open_bytes (bytes, key, error);
  return layer_from_reader (reader, key, title, error);
}

SitmapLayer *
sitmap_shapefile_cache_read (const SitmapPreparedKey *key,
                             const char              *title,
                             GError                 **error)
{
  g_autoptr(SitmapPreparedCache) reader = NULL;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = sitmap_prepared_cache_open (key, error);
  return layer_from_reader (reader, key, title, error);
}
