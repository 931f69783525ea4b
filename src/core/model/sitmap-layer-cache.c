/* sitmap-layer-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-layer-cache.h"
#include "sitmap-lod-store.h"

#define MAX_COORDINATE 1e10

/* One shape's numbers; its arrays follow as sections of their own, but
 * for its vertices, which are a stretch of the layer's. */
typedef struct
{
  guint32 n_parts;
  guint32 n_points;
  guint32 has_seam;
  guint32 padding;
  double  x_min, y_min, x_max, y_max;
  double  area;
  double  label_x, label_y;
} ShapeRecord;

typedef struct
{
  guint64 n_shapes;
  guint64 n_points;   /* of all the shapes, one section */
  double  bounds[4];
} LayerRecord;

void
sitmap_layer_cache_key (SitmapLayer       *layer,
                        SitmapProjection  *projection,
                        SitmapPreparedKey *key)
{
  const char *definition = sitmap_projection_get_definition (projection);
  double centre = sitmap_projection_get_central_longitude (projection);
  guint32 head[2] = { sitmap_layer_get_kind (layer), sitmap_layer_get_n_features (layer) };
  SitmapPreparedKey content;

  sitmap_prepared_key_init (key);
  sitmap_prepared_key_add (key, head, sizeof head);
  sitmap_prepared_key_add (key, definition, strlen (definition) + 1);
  sitmap_prepared_key_add (key, &centre, sizeof centre);
  /* Its loader hashed the files the features came from: the same thing,
   * without walking every vertex again. */
  if (sitmap_layer_get_content_key (layer, &content))
    {
      sitmap_prepared_key_add (key, &content, sizeof content);
      return;
    }
  for (guint f = 0; f < head[1]; f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);

      sitmap_prepared_key_add (key, &feature->n_parts, sizeof feature->n_parts);
      sitmap_prepared_key_add (key, feature->part_start, (feature->n_parts + 1) * sizeof (guint));
      sitmap_prepared_key_add (key, feature->lonlat, 2 * (gsize)feature->n_points * sizeof (double));
    }
}

static void
add_sections (SitmapPreparedCache *writer,
              GArray              *shapes,
              const double         bounds[4],
              SitmapLod           *lod)
{
  LayerRecord layer = { shapes->len, 0, { bounds[0], bounds[1], bounds[2], bounds[3] } };
  g_autofree ShapeRecord *records = g_new0 (ShapeRecord, MAX (shapes->len, 1));
  const double *points = shapes->len > 0 ? g_array_index (shapes, SitmapShape, 0).xy : NULL;

  for (guint i = 0; i < shapes->len; i++)
    {
      const SitmapShape *s = &g_array_index (shapes, SitmapShape, i);

      /* The shapes' vertices are one block, the level of detail's too. */
      g_assert (s->xy == points + 2 * layer.n_points);
      records[i] = (ShapeRecord) { s->n_parts, s->n_points, s->seam != NULL, 0,
                                   s->x_min, s->y_min, s->x_max, s->y_max,
                                   s->area, s->label_x, s->label_y };
      layer.n_points += s->n_points;
    }
  sitmap_prepared_cache_add_copy (writer, &layer, sizeof layer);
  sitmap_prepared_cache_add_copy (writer, records, shapes->len * sizeof (ShapeRecord));
  sitmap_prepared_cache_add (writer, points, 2 * (gsize)layer.n_points * sizeof (double));
  for (guint i = 0; i < shapes->len; i++)
    {
      const SitmapShape *s = &g_array_index (shapes, SitmapShape, i);

      sitmap_prepared_cache_add (writer, s->part_start, (s->n_parts + 1) * sizeof (guint));
      sitmap_prepared_cache_add (writer, s->seam, s->seam ? s->n_points : 0);
      sitmap_prepared_cache_add (writer, s->part_bounds, 4 * (gsize)MAX (s->n_parts, 1) * sizeof (double));
    }
  sitmap_lod_store (lod, FALSE, writer);
}

void
sitmap_layer_cache_write (const SitmapPreparedKey *key,
                          GArray                  *shapes,
                          const double             bounds[4],
                          SitmapLod               *lod)
{
  g_autoptr(SitmapPreparedCache) writer = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (key != NULL && shapes != NULL && lod != NULL);

  writer = sitmap_prepared_cache_new_writer (key);
  add_sections (writer, shapes, bounds, lod);
  if (!sitmap_prepared_cache_commit (writer, &error))
    g_debug ("%s", error->message);
}

GBytes *
sitmap_layer_cache_to_bytes (const SitmapPreparedKey *key,
                             GArray                  *shapes,
                             const double             bounds[4],
                             SitmapLod               *lod)
{
  g_autoptr(SitmapPreparedCache) writer = NULL;

  g_return_val_if_fail (key != NULL && shapes != NULL && lod != NULL, NULL);

  writer = sitmap_prepared_cache_new_writer (key);
  add_sections (writer, shapes, bounds, lod);
  return sitmap_prepared_cache_to_bytes (writer);
}

static gboolean
coordinate_ok (double v)
{
  return isnan (v) || fabs (v) <= MAX_COORDINATE;
}

/* Checked before anything is copied: the counts against the sections'
 * lengths, offsets in order, every number a number. */
static gboolean
read_shape (SitmapPreparedCache  *reader,
            const ShapeRecord    *record,
            const double         *xy,
            SitmapShape          *shape,
            GError              **error)
{
  const guint *part_start;
  const double *part_bounds;
  const guint8 *seam;
  gsize n_bounds = 4 * (gsize)MAX (record->n_parts, 1);

  if (record->n_parts == G_MAXUINT32 || record->has_seam > 1)
    return sitmap_prepared_cache_damaged (error, "a shape's counts are out of range");
  if ((part_start = sitmap_prepared_cache_next_n (reader, sizeof (guint), record->n_parts + 1, error)) == NULL ||
      (seam = sitmap_prepared_cache_next_n (reader, 1, record->has_seam ? record->n_points : 0, error)) == NULL ||
      (part_bounds = sitmap_prepared_cache_next_n (reader, sizeof (double), n_bounds, error)) == NULL)
    return FALSE;

  if (part_start[0] != 0 || part_start[record->n_parts] != record->n_points)
    return sitmap_prepared_cache_damaged (error, "a shape's parts are out of range");
  for (guint p = 0; p < record->n_parts; p++)
    if (part_start[p] > part_start[p + 1])
      return sitmap_prepared_cache_damaged (error, "a shape's parts are out of range");
  for (gsize i = 0; i < n_bounds; i++)
    if (isnan (part_bounds[i]))
      return sitmap_prepared_cache_damaged (error, "a shape's bounds are not numbers");
  if (isnan (record->x_min) || isnan (record->y_min) || isnan (record->x_max) || isnan (record->y_max) ||
      !isfinite (record->area) || !coordinate_ok (record->label_x) || !coordinate_ok (record->label_y))
    return sitmap_prepared_cache_damaged (error, "a shape's bounds are not numbers");

  memset (shape, 0, sizeof *shape);
  shape->n_parts = record->n_parts;
  shape->n_points = record->n_points;
  /* Never written through: the reader's caller keeps the bytes. */
  shape->part_start = (guint *)part_start;
  shape->xy = (double *)xy;
  shape->seam = record->has_seam ? (guint8 *)seam : NULL;
  shape->part_bounds = (double *)part_bounds;
  shape->x_min = record->x_min;
  shape->y_min = record->y_min;
  shape->x_max = record->x_max;
  shape->y_max = record->y_max;
  shape->area = record->area;
  shape->label_x = record->label_x;
  shape->label_y = record->label_y;
  return TRUE;
}

gboolean
sitmap_layer_cache_read (SitmapPreparedCache  *reader,
                         SitmapLayer          *layer,
                         GArray               *shapes,
                         GDestroyNotify        clear_shape,
                         double                bounds[4],
                         SitmapLod           **lod,
                         GError              **error)
{
  guint n_features = sitmap_layer_get_n_features (layer);
  g_autoptr(GArray) read = NULL;
  const LayerRecord *record;
  const ShapeRecord *records;
  const double *points;
  guint64 n_points = 0;

  g_return_val_if_fail (reader != NULL && shapes != NULL && lod != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((record = sitmap_prepared_cache_next_n (reader, sizeof (LayerRecord), 1, error)) == NULL)
    return FALSE;
  if (record->n_shapes != n_features)
    return sitmap_prepared_cache_damaged (error, "made for another number of features");
  for (guint i = 0; i < 4; i++)
    if (isnan (record->bounds[i]))
      return sitmap_prepared_cache_damaged (error, "the layer's bounds are not numbers");
  if ((records = sitmap_prepared_cache_next_n (reader, sizeof (ShapeRecord), n_features, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < n_features; i++)
    n_points += records[i].n_points;
  if (n_points != record->n_points || n_points >= G_MAXUINT32)
    return sitmap_prepared_cache_damaged (error, "the shapes' counts do not add up");
  if ((points = sitmap_prepared_cache_next_n (reader, sizeof (double), 2 * (gsize)n_points, error)) == NULL)
    return FALSE;
  for (gsize i = 0; i < 2 * (gsize)n_points; i++)
    if (!coordinate_ok (points[i]))
      return sitmap_prepared_cache_damaged (error, "a coordinate is out of range");

  /* Into an array of the caller's kind, so a failure half-way frees
   * what was copied the way the layer would. */
  read = g_array_sized_new (FALSE, TRUE, sizeof (SitmapShape), n_features);
  g_array_set_clear_func (read, clear_shape);
  n_points = 0;
  for (guint i = 0; i < n_features; i++)
    {
      SitmapShape shape;

      if (!read_shape (reader, &records[i], points + 2 * n_points, &shape, error))
        return FALSE;
      n_points += records[i].n_points;
      g_array_append_val (read, shape);
    }

  *lod = sitmap_lod_load (reader, points, n_points, n_features, sitmap_layer_get_kind (layer) == SITMAP_GEOMETRY_POLYGONS, error);
  if (*lod == NULL)
    return FALSE;
  if (!sitmap_prepared_cache_at_end (reader))
    {
      g_clear_pointer (lod, sitmap_lod_free);
      return sitmap_prepared_cache_damaged (error, "sections left over");
    }

  /* The shapes change hands: clear nothing when read goes. */
  g_array_append_vals (shapes, read->data, read->len);
  g_array_set_clear_func (read, NULL);
  memcpy (bounds, record->bounds, sizeof record->bounds);
  return TRUE;
}
