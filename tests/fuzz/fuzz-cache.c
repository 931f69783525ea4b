/* fuzz-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a prepared-data cache file, after one byte that picks the
 * layer it is read for (bit 0 clear: the polygons of fuzz-cache-layer.c,
 * set: its lines) and what the file holds (bit 1 clear: the layer's
 * projected shapes and level of detail; set: a shapefile as loaded, which
 * is read back as a layer of its own).  The seeds are real cache files of
 * both kinds for those layers.
 *
 * Invariants:
 *   1. Never trusts a bad file: the file as given is accepted only if its
 *      header (magic, format, key, lengths) and checksums are right, which
 *      is checked by sealing a copy (writing this program's key and the
 *      right lengths and checksums into its header) and requiring the two
 *      to be the same bytes.
 *   2. No crash and no sanitizer finding, whatever the sections hold: the
 *      sealed copy goes on to the readers (so the fuzzer reaches them past
 *      the checksum it cannot compute), and whatever they accept is drawn
 *      at every level, walked, queried and hit-tested.
 *   3. What is accepted fits the layer: one shape a feature, each with its
 *      parts inside its vertices; and a refusal leaves nothing behind.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <cairo.h>
#include <math.h>
#include <string.h>

#include "fuzz-cache-layer.h"
#include "fuzz-target.h"
#include "sitmap-layer-cache.h"
#include "sitmap-lod.h"
#include "sitmap-prepared-cache.h"
#include "sitmap-shapefile-cache.h"

/* The header as sitmap-prepared-cache.c writes it. */
#define HEADER_SIZE 64
#define OFFSET_KEY 16
#define OFFSET_BODY_LENGTH 32
#define OFFSET_BODY_CHECKSUM 40
#define OFFSET_N_SECTIONS 48
#define OFFSET_HEADER_CHECKSUM 56

static void
put64 (guint8  *p,
       guint64  v)
{
  memcpy (p, &v, sizeof v);
}

/* Makes the header right for the body as it is, where its sections can
 * be walked at all. */
static void
seal (guint8                  *data,
      gsize                    size,
      const SitmapPreparedKey *key)
{
  guint64 sum = 0, count = 0;
  gsize offset = HEADER_SIZE;

  if (size < HEADER_SIZE)
    return;
  while (offset + 8 <= size)
    {
      guint64 length;

      memcpy (&length, data + offset, sizeof length);
      offset += 8;
      if (length > size - offset)
        break;
      sum = sitmap_prepared_cache_hash (data + offset, length, sum ^ length);
      offset += length;
      offset = MIN ((offset + 7) & ~(gsize)7, size);
      count++;
    }
  put64 (data + OFFSET_KEY, key->a);
  put64 (data + OFFSET_KEY + 8, key->b);
  put64 (data + OFFSET_BODY_LENGTH, size - HEADER_SIZE);
  put64 (data + OFFSET_BODY_CHECKSUM, sum);
  put64 (data + OFFSET_N_SECTIONS, count);
  put64 (data + OFFSET_HEADER_CHECKSUM, sitmap_prepared_cache_hash (data, OFFSET_HEADER_CHECKSUM, 0));
}

typedef struct
{
  SitmapPathSink parent;
  gsize          n;
  double         sum;
} CountingSink;

static void
count_point (SitmapPathSink *sink,
             double          x,
             double          y)
{
  CountingSink *self = (CountingSink *)sink;

  self->n++;
  self->sum += x + y;
}

static const SitmapPathSinkFuncs counting_funcs = { count_point, count_point, NULL, NULL };

/* The shapes' arrays are the reader's bytes; only what was made since is
 * the shape's own. */
static void
shape_clear (gpointer data)
{
  SitmapShape *shape = data;

  g_free (shape->contains_index);
}

/* Everything a map does with a level of detail. */
static void
exercise (SitmapLod    *lod,
          GArray       *shapes,
          const double  bounds[4])
{
  g_autoptr(GArray) ring = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (guint));
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 48, 32);
  cairo_t *cr = cairo_create (surface);
  double w = isfinite (bounds[2] - bounds[0]) ? MAX (bounds[2] - bounds[0], 1) : 1e6;
  double cx = isfinite (bounds[0] + w / 2) ? bounds[0] + w / 2 : 0;
  double cy = isfinite (bounds[1] + bounds[3]) ? (bounds[1] + bounds[3]) / 2 : 0;
  SitmapLodInk sea = { 0.8, 0.9, 1, 1, 0 }, coast = { 0.5, 0.6, 0.9, 0.5, 3 };
  SitmapLodInk land = { 1, 1, 0.9, 1, 0 }, border = { 0.4, 0.4, 0.4, 1, 1 };

  for (guint s = 0; s < shapes->len; s++)
    {
      const SitmapShape *shape = &g_array_index (shapes, SitmapShape, s);

      FUZZ_CHECK (shape->part_start[0] == 0 && shape->part_start[shape->n_parts] == shape->n_points);
    }

  for (guint l = 0; l < sitmap_lod_get_n_levels (lod); l++)
    {
      /* The whole layer, and a close look at its middle. */
      for (guint zoom = 0; zoom < 2; zoom++)
        {
          double scale = 48 / w * (zoom ? 8 : 1);
          SitmapLodView view = {
            scale, 24 - cx * scale, 16 + cy * scale,
            cx - 24 / scale, cy - 16 / scale, cx + 24 / scale, cy + 16 / scale,
            zoom ? 0 : 1 / scale,
          };
          CountingSink sink = { { &counting_funcs, 1, 1, 0, 0 }, 0, 0 };
          SitmapLodDraw *draw;

          sitmap_lod_walk_rings (lod, l, &view, &sink.parent);
          sitmap_lod_walk_arcs (lod, l, &view, SITMAP_LOD_ARCS_ALL, &sink.parent);
          sitmap_lod_walk_arcs (lod, l, &view, SITMAP_LOD_ARCS_UNSHARED, &sink.parent);
          draw = sitmap_lod_draw_polygons_begin (lod, cr, l, &view, &sea, &coast, &land, &border);
          sitmap_lod_draw_polygons_end (draw);
        }
      for (guint r = 0; r < sitmap_lod_get_n_rings (lod); r++)
        {
          g_array_set_size (ring, 0);
          FUZZ_CHECK (sitmap_lod_get_ring (lod, l, r, ring) == ring->len / 2);
        }
    }

  for (guint r = 0; r < sitmap_lod_get_n_rings (lod); r++)
    {
      double b[4];

      sitmap_lod_get_ring_bounds (lod, r, b);
      g_array_set_size (found, 0);
      sitmap_lod_query_rings (lod, b[0], b[1], b[2], b[3], found);
      for (guint i = 0; i < found->len; i++)
        FUZZ_CHECK (g_array_index (found, guint, i) < sitmap_lod_get_n_rings (lod));
      (void)sitmap_lod_feature_at (lod, (b[0] + b[2]) / 2, (b[1] + b[3]) / 2);
    }
  FUZZ_CHECK (sitmap_lod_feature_at (lod, cx, cy) < (int)shapes->len);

  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

static gboolean
valid_text (const char *text)
{
  return text != NULL && g_utf8_validate (text, -1, NULL);
}

/* A shapefile as loaded: whatever is accepted is a layer whose every
 * feature has its parts inside its vertices and a value for each field,
 * all of it text, and which projects and draws. */
static void
read_as_loaded (GBytes                  *sealed,
                const SitmapPreparedKey *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = sitmap_shapefile_cache_read_bytes (sealed, key, "fuzz", &error);
  g_autoptr(SitmapProjection) projection = NULL;
  g_autoptr(GArray) shapes = NULL;
  const char * const *fields;
  double bounds[4];
  guint n_fields;
  SitmapLod *lod;

  if (layer == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == SITMAP_PREPARED_CACHE_ERROR);
      if (fuzz_verbose)
        g_print ("  refused as loaded: %s\n", error->message);
      return;
    }
  FUZZ_CHECK (sitmap_layer_is_mapped (layer));
  fields = sitmap_layer_get_field_names (layer);
  n_fields = g_strv_length ((char **)fields);
  for (guint i = 0; i < n_fields; i++)
    FUZZ_CHECK (valid_text (fields[i]));
  FUZZ_CHECK (sitmap_layer_get_warnings (layer) == NULL || valid_text (sitmap_layer_get_warnings (layer)));
  for (guint f = 0; f < sitmap_layer_get_n_features (layer); f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);

      FUZZ_CHECK (valid_text (feature->name));
      FUZZ_CHECK (g_strv_length (feature->attributes) == n_fields);
      for (guint i = 0; i < n_fields; i++)
        FUZZ_CHECK (valid_text (feature->attributes[i]));
      FUZZ_CHECK (feature->part_start[0] == 0 && feature->part_start[feature->n_parts] == feature->n_points);
      for (guint p = 0; p < feature->n_parts; p++)
        FUZZ_CHECK (feature->part_start[p] <= feature->part_start[p + 1]);
      for (guint i = 0; i < 2 * feature->n_points; i++)
        FUZZ_CHECK (isfinite (feature->lonlat[i]));
    }
  if (fuzz_verbose)
    g_print ("  read as loaded: %u features, %u fields\n", sitmap_layer_get_n_features (layer), n_fields);
  if (sitmap_layer_get_kind (layer) == SITMAP_GEOMETRY_POINTS)
    return;

  projection = fuzz_cache_projection ();
  sitmap_layer_project (layer, projection);
  lod = sitmap_layer_get_lod (layer);
  FUZZ_CHECK (lod != NULL);
  shapes = g_array_new (FALSE, FALSE, sizeof (SitmapShape));
  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    g_array_append_vals (shapes, sitmap_layer_get_shape (layer, i), 1);
  sitmap_layer_get_bounds (layer, &bounds[0], &bounds[1], &bounds[2], &bounds[3]);
  exercise (lod, shapes, bounds);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static SitmapLayer *layers[2];
  static SitmapPreparedKey keys[2];
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) sealed = NULL;
  g_autoptr(SitmapPreparedCache) raw_reader = NULL;
  g_autoptr(SitmapPreparedCache) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) shapes = NULL;
  g_autofree guint8 *copy = NULL;
  SitmapLod *lod = NULL;
  double bounds[4];
  guint which;
  gboolean as_loaded;

  if (layers[0] == NULL)
    {
      g_autoptr(SitmapProjection) projection = fuzz_cache_projection ();

      g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
      g_assert_nonnull (projection);
      for (guint i = 0; i < 2; i++)
        {
          layers[i] = fuzz_cache_layer (i == 0 ? SITMAP_GEOMETRY_POLYGONS : SITMAP_GEOMETRY_LINES);
          sitmap_layer_cache_key (layers[i], projection, &keys[i]);
        }
    }

  if (size < 1)
    return 0;
  which = data[0] & 1;
  as_loaded = (data[0] & 2) != 0;
  data++;
  size--;

  /* 1: as given, only a sound file of this key. */
  copy = g_memdup2 (data, size);
  seal (copy, size, &keys[which]);
  raw = g_bytes_new_static (data, size);
  raw_reader = sitmap_prepared_cache_open_bytes (raw, &keys[which], &error);
  if (raw_reader != NULL)
    FUZZ_CHECK (memcmp (copy, data, size) == 0);
  else
    FUZZ_CHECK (error != NULL && error->domain == SITMAP_PREPARED_CACHE_ERROR);
  g_clear_error (&error);

  /* 2 and 3: the readers, past the checksums. */
  sealed = g_bytes_new_static (copy, size);
  if (as_loaded)
    {
      read_as_loaded (sealed, &keys[which]);
      return 0;
    }
  reader = sitmap_prepared_cache_open_bytes (sealed, &keys[which], &error);
  if (reader == NULL)
    {
      FUZZ_CHECK (error != NULL);
      if (fuzz_verbose)
        g_print ("  refused at opening: %s\n", error->message);
      return 0;
    }

  shapes = g_array_new (FALSE, TRUE, sizeof (SitmapShape));
  g_array_set_clear_func (shapes, shape_clear);
  if (!sitmap_layer_cache_read (reader, layers[which], shapes, shape_clear, bounds, &lod, &error))
    {
      FUZZ_CHECK (error != NULL && shapes->len == 0 && lod == NULL);
      if (fuzz_verbose)
        g_print ("  refused: %s\n", error->message);
      return 0;
    }

  FUZZ_CHECK (lod != NULL && sitmap_lod_is_mapped (lod));
  FUZZ_CHECK (shapes->len == sitmap_layer_get_n_features (layers[which]));
  FUZZ_CHECK (sitmap_lod_get_n_levels (lod) >= 1);
  if (fuzz_verbose)
    g_print ("  read: %u levels, %u arcs, %u rings\n", sitmap_lod_get_n_levels (lod),
             sitmap_lod_get_n_arcs (lod), sitmap_lod_get_n_rings (lod));
  exercise (lod, shapes, bounds);
  sitmap_lod_free (lod);
  /* The mapped bytes must outlive the level of detail, never the other
   * way round: reader and sealed go after it. */
  return 0;
}
