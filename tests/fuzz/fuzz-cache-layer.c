/* fuzz-cache-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "fuzz-cache-layer.h"

static void
add_feature (SitmapLayer  *layer,
             const char   *name,
             const double *lonlat,
             const guint  *part_start,
             guint         n_parts)
{
  guint n = part_start[n_parts];

  sitmap_layer_take_feature (layer, g_strdup (name), NULL, n_parts,
                             g_memdup2 (part_start, (n_parts + 1) * sizeof (guint)),
                             g_memdup2 (lonlat, 2 * n * sizeof (double)));
}

SitmapLayer *
fuzz_cache_layer (SitmapGeometryKind kind)
{
  SitmapLayer *layer = sitmap_layer_new (kind == SITMAP_GEOMETRY_POLYGONS ? "fuzz-squares" : "fuzz-lines",
                                         kind, NULL);

  if (kind == SITMAP_GEOMETRY_POLYGONS)
    {
      static const double a[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
      static const double b[] = { 31, 50, 31, 51, 32, 51, 32, 50, 31, 50,
                                  31.4, 50.4, 31.6, 50.4, 31.6, 50.6, 31.4, 50.6, 31.4, 50.4 };
      static const double c[] = { 30, 49, 30, 50, 31, 50, 32, 50, 32, 49, 30, 49 };
      /* Across the antimeridian of the projection's centre, 30° E. */
      static const double d[] = { -152, 10, -152, 12, -148, 12, -148, 10, -152, 10 };
      static const double e[] = { 33, 52, 33.001, 52.001, 33.002, 52, 33, 52 };
      static const guint one[] = { 0, 5 };
      static const guint two[] = { 0, 5, 10 };
      static const guint six[] = { 0, 6 };
      static const guint four[] = { 0, 4 };

      add_feature (layer, "a", a, one, 1);
      add_feature (layer, "b", b, two, 2);
      add_feature (layer, "c", c, six, 1);
      add_feature (layer, "d", d, one, 1);
      add_feature (layer, "e", e, four, 1);
    }
  else
    {
      static const double road[] = { 30, 50, 30.5, 50.2, 31, 50.1, 31.5, 50.6, 32, 50.5 };
      static const double branch[] = { 30.5, 50.2, 30.6, 49.8, 31, 50.1, 29, 48, 28, 47 };
      static const double seam[] = { -155, 0, -150, 1, -145, 2 };
      static const guint road_parts[] = { 0, 5 };
      static const guint branch_parts[] = { 0, 3, 5 };
      static const guint seam_parts[] = { 0, 3 };

      add_feature (layer, "road", road, road_parts, 1);
      add_feature (layer, "branch", branch, branch_parts, 2);
      add_feature (layer, "seam", seam, seam_parts, 1);
    }
  return layer;
}

SitmapProjection *
fuzz_cache_projection (void)
{
  return sitmap_projection_new ("+proj=laea +lat_0=49.0000 +lon_0=30.0000 +datum=WGS84 +units=m +no_defs",
                                30, NULL);
}
