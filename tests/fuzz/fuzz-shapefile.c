/* fuzz-shapefile.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One input carries a whole shapefile set:
 *
 *   byte 0      which side files are present: 1 .shx, 2 .dbf, 4 .prj, 8 .cpg
 *   bytes 1–16  lengths of the .shp, .shx, .dbf and .prj, 32-bit little
 *               endian, each cut to the bytes that remain
 *   then        the .shp, and each present file in that order; the .cpg
 *               takes whatever is left
 *
 * A missing file takes no bytes.  The set is loaded through the loader's
 * in-memory hooks, then projected the way a map would draw it.
 *
 * PROJ makes a load with a .prj forty times slower (it opens its database
 * and searches for a transformation), so the libFuzzer build runs this
 * target twice: fuzz-shapefile with FUZZ_SKIP_PRJ, which drops the .prj
 * and goes deep into .shp, .shx, .dbf and .cpg, and fuzz-shapefile-prj.
 * The replay in the test suite always reads the .prj.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-target.h"
#include "sitmap-shapefile.h"

enum
{
  HAS_SHX = 1 << 0,
  HAS_DBF = 1 << 1,
  HAS_PRJ = 1 << 2,
  HAS_CPG = 1 << 3,
};

#define CARVE_HEADER_SIZE 17

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32)p[3] << 24) | ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
}

/* The next file of the set, or NULL when flags say it is missing. */
static GBytes *
carve (const guint8 **data,
       size_t        *left,
       gboolean       present,
       guint32        wanted)
{
  gsize length;
  GBytes *bytes;

  if (!present)
    return NULL;

  length = MIN ((gsize)wanted, *left);
  bytes = g_bytes_new (*data, length);
  *data += length;
  *left -= length;
  return bytes;
}

static SitmapProjection *
get_projection (void)
{
  static SitmapProjection *projection;

  /* One projection for every run: creating it costs more than most loads. */
  if (projection == NULL)
    projection = sitmap_projection_new_for_extent (20.0, 44.0, 41.0, 53.0, NULL);
  g_assert (projection != NULL);
  return projection;
}

static void
check_layer (SitmapLayer *layer)
{
  const char * const *fields = sitmap_layer_get_field_names (layer);
  guint n_fields = fields != NULL ? g_strv_length ((char **)fields) : 0;
  double x_min, y_min, x_max, y_max;

  FUZZ_CHECK (sitmap_layer_get_n_features (layer) > 0);
  for (guint i = 0; i < n_fields; i++)
    FUZZ_CHECK (fuzz_text_is_clean (fields[i]));

  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, i);

      FUZZ_CHECK (fuzz_text_is_clean (feature->name));
      for (guint f = 0; f < n_fields; f++)
        FUZZ_CHECK (fuzz_text_is_clean (feature->attributes[f]));

      FUZZ_CHECK (feature->part_start[0] == 0);
      for (guint p = 0; p < feature->n_parts; p++)
        FUZZ_CHECK (feature->part_start[p] <= feature->part_start[p + 1]);
      FUZZ_CHECK (feature->part_start[feature->n_parts] == feature->n_points);
      for (guint v = 0; v < 2 * feature->n_points; v++)
        FUZZ_CHECK (isfinite (feature->lonlat[v]));
    }

  if (sitmap_layer_get_warnings (layer) != NULL)
    FUZZ_CHECK (g_utf8_validate (sitmap_layer_get_warnings (layer), -1, NULL));

  sitmap_layer_project (layer, get_projection ());
  sitmap_layer_get_bounds (layer, &x_min, &y_min, &x_max, &y_max);
  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (layer, i);

      if (shape != NULL && shape->n_points > 0)
        (void)sitmap_shape_contains (shape, shape->label_x, shape->label_y);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) shp = NULL;
  g_autoptr(GBytes) shx = NULL;
  g_autoptr(GBytes) dbf = NULL;
  g_autoptr(GBytes) prj = NULL;
  g_autoptr(GBytes) cpg = NULL;
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  guint32 lengths[4];
  guint8 flags;
  size_t left;

  fuzz_init_logging ();

  if (size < CARVE_HEADER_SIZE)
    return 0;

  flags = data[0];
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    lengths[i] = read_le32 (data + 1 + 4 * i);
  data += CARVE_HEADER_SIZE;
  left = size - CARVE_HEADER_SIZE;

  shp = carve (&data, &left, TRUE, lengths[0]);
  shx = carve (&data, &left, flags & HAS_SHX, lengths[1]);
  dbf = carve (&data, &left, flags & HAS_DBF, lengths[2]);
  prj = carve (&data, &left, flags & HAS_PRJ, lengths[3]);
#ifdef FUZZ_SKIP_PRJ
  g_clear_pointer (&prj, g_bytes_unref);
#endif
  cpg = carve (&data, &left, flags & HAS_CPG, G_MAXUINT32);

  layer = sitmap_shapefile_load_from_memory ("fuzz.shp", shp, shx, dbf, prj, cpg, &error);
  if (fuzz_verbose)
    {
      if (layer == NULL)
        g_print ("  %s\n", error->message);
      else
        g_print ("  %u features%s%s\n", sitmap_layer_get_n_features (layer),
               sitmap_layer_get_warnings (layer) ? "; " : "",
               sitmap_layer_get_warnings (layer) ? sitmap_layer_get_warnings (layer) : "");
    }
  if (layer == NULL)
    {
      /* A rejection is one line that names the file. */
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.shp: "));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (strchr (error->message, '\n') == NULL);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  check_layer (layer);
  return 0;
}
