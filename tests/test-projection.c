/* test-projection.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <proj.h>
#include <string.h>

#include "sitmap-layer.h"
#include "sitmap-projection.h"

static void
test_regional_projection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapProjection) projection =
    sitmap_projection_new_for_extent (14.5, 43.0, 40.5, 60.0, &error);
  double xy[] = { 27.5, 51.5, 30.52, 50.45, 37.62, 55.75 };
  double lon, lat;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (sitmap_projection_get_definition (projection), "+proj=laea"));

  sitmap_projection_forward (projection, xy, 3);
  /* The centre maps to the origin; Kyiv lies east-southeast of it and
   * Moscow about 850 km to the northeast. */
  g_assert_cmpfloat (fabs (xy[0]), <, 1);
  g_assert_cmpfloat (fabs (xy[1]), <, 1);
  g_assert_cmpfloat (xy[2], >, 150000);
  g_assert_cmpfloat (xy[3], <, 0);
  g_assert_cmpfloat (hypot (xy[4], xy[5]), >, 800000);
  g_assert_cmpfloat (hypot (xy[4], xy[5]), <, 1000000);

  g_assert_true (sitmap_projection_inverse (projection, xy[2], xy[3], &lon, &lat));
  g_assert_cmpfloat_with_epsilon (lon, 30.52, 1e-6);
  g_assert_cmpfloat_with_epsilon (lat, 50.45, 1e-6);
}

static void
test_world_projection (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapProjection) projection =
    sitmap_projection_new_for_extent (-180, -90, 180, 90, &error);
  double xy[] = { -179.9, 0, 179.9, 0 };

  g_assert_no_error (error);
  g_assert_nonnull (strstr (sitmap_projection_get_definition (projection), "+proj=eqearth"));
  sitmap_projection_forward (projection, xy, 2);
  /* The two sides of the antimeridian are the map's two edges. */
  g_assert_cmpfloat (xy[0], <, -17000000);
  g_assert_cmpfloat (xy[2], >, 17000000);
}

static void
test_crs_transform (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapCrsTransform) utm = sitmap_crs_transform_new ("EPSG:32636", &error);
  g_autoptr(SitmapCrsTransform) wgs84 = NULL;
  double xy[] = { 500000, 5587000 };

  g_assert_no_error (error);
  g_assert_false (sitmap_crs_transform_is_identity (utm));
  g_assert_true (sitmap_crs_transform_to_lonlat (utm, xy, 1, &error));
  g_assert_no_error (error);
  /* UTM 36N's central meridian is 33°E. */
  g_assert_cmpfloat_with_epsilon (xy[0], 33.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (xy[1], 50.435, 0.005);

  wgs84 = sitmap_crs_transform_new ("GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", &error);
  g_assert_no_error (error);
  g_assert_true (sitmap_crs_transform_is_identity (wgs84));

  g_assert_null (sitmap_crs_transform_new ("this is not a CRS", &error));
  g_assert_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_INVALID_CRS);
}

/* A ring that crosses the antimeridian whole (as in TopoJSON-derived data)
 * must not stretch across the world map. */
static void
test_antimeridian_cut (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapProjection) world = sitmap_projection_new_for_extent (-180, -90, 180, 90, &error);
  g_autoptr(SitmapProjection) europe = sitmap_projection_new_for_extent (14.5, 43.0, 40.5, 60.0, &error);
  g_autoptr(SitmapLayer) layer = sitmap_layer_new ("test", SITMAP_GEOMETRY_POLYGONS, NULL);
  static const double ring[] = { 178, 60, 180, 60, -180, 60, -178, 60, -178, 65,
                                 -180, 65, 180, 65, 178, 65, 178, 60 };
  guint *start = g_new (guint, 2);
  const SitmapShape *shape;
  double world_width;

  start[0] = 0;
  start[1] = G_N_ELEMENTS (ring) / 2;
  sitmap_layer_take_feature (layer, g_strdup ("Chukotka"), NULL, 1, start, g_memdup2 (ring, sizeof ring));

  sitmap_layer_project (layer, world);
  shape = sitmap_layer_get_shape (layer, 0);
  g_assert_cmpuint (shape->n_parts, ==, 2);
  g_assert_nonnull (shape->seam);
  for (guint p = 0; p < shape->n_parts; p++)
    {
      guint first = shape->part_start[p], end = shape->part_start[p + 1];
      double side = shape->xy[2 * first];

      for (guint i = first; i + 1 < end; i++)
        {
          double dx = shape->xy[2 * i + 2] - shape->xy[2 * i];
          double dy = shape->xy[2 * i + 3] - shape->xy[2 * i + 1];

          /* Each piece stays on its own side of the map, and no edge that
           * is stroked runs across it. */
          g_assert_cmpfloat (side * shape->xy[2 * i], >, 0);
          if (!shape->seam[i])
            g_assert_cmpfloat (hypot (dx, dy), <, 2000000);
        }
    }
  world_width = shape->x_max - shape->x_min;
  g_assert_cmpfloat (world_width, >, 20000000);

  /* Centred on Europe the seam is at 152.5°W and the ring stays whole. */
  sitmap_layer_project (layer, europe);
  shape = sitmap_layer_get_shape (layer, 0);
  g_assert_cmpuint (shape->n_parts, ==, 1);
  g_assert_null (shape->seam);
}

/* The projections Sitmap makes for itself skip PROJ's database; they
 * must give what PROJ's own route from EPSG:4326 gives, to the bit, both
 * ways. */
static void
test_same_as_epsg_route (void)
{
  static const char * const definitions[] = {
    "+proj=laea +lat_0=49.0000 +lon_0=31.0000 +datum=WGS84 +units=m +no_defs",
    "+proj=laea +lat_0=-33.5000 +lon_0=151.0000 +datum=WGS84 +units=m +no_defs",
    "+proj=eqearth +lon_0=0.0000 +datum=WGS84 +units=m +no_defs",
    "+proj=eqearth +lon_0=-150.0000 +datum=WGS84 +units=m +no_defs",
  };

  for (guint d = 0; d < G_N_ELEMENTS (definitions); d++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapProjection) projection = sitmap_projection_new (definitions[d], 0, &error);
      PJ_CONTEXT *context = proj_context_create ();
      PJ *raw = proj_create_crs_to_crs (context, "EPSG:4326", definitions[d], NULL);
      PJ *reference = proj_normalize_for_visualization (context, raw);
      g_autoptr(GArray) xy = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (double));

      g_assert_no_error (error);
      g_assert_nonnull (reference);
      for (double lon = -179.9; lon < 180; lon += 3.7)
        for (double lat = -85; lat <= 85; lat += 2.9)
          {
            double pair[2] = { lon, lat };
            PJ_COORD c = proj_trans (reference, PJ_FWD, proj_coord (lon, lat, 0, 0));

            g_array_append_vals (xy, pair, 2);
            g_array_append_vals (expected, c.v, 2);
          }
      sitmap_projection_forward (projection, (double *)(void *)xy->data, xy->len / 2);
      g_assert_true (memcmp (xy->data, expected->data, xy->len * sizeof (double)) == 0);

      for (guint i = 0; i < xy->len / 2; i++)
        {
          double *p = &g_array_index (xy, double, 2 * i);
          PJ_COORD c = proj_trans (reference, PJ_INV, proj_coord (p[0], p[1], 0, 0));
          double back[2];

          if (sitmap_projection_inverse (projection, p[0], p[1], &back[0], &back[1]))
            g_assert_true (memcmp (back, c.v, sizeof back) == 0);
        }

      proj_destroy (reference);
      proj_destroy (raw);
      proj_context_destroy (context);
    }

  /* The .prj taken for WGS 84 without asking PROJ is WGS 84 to PROJ. */
  {
    PJ_CONTEXT *context = proj_context_create ();
    PJ *esri = proj_create (context, "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\","
                                     "6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],"
                                     "UNIT[\"Degree\",0.0174532925199433]]");
    PJ *wgs84 = proj_create (context, "EPSG:4326");

    g_assert_true (proj_is_equivalent_to (esri, wgs84, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS));
    proj_destroy (esri);
    proj_destroy (wgs84);
    proj_context_destroy (context);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/projection/regional", test_regional_projection);
  g_test_add_func ("/projection/world", test_world_projection);
  g_test_add_func ("/projection/crs-transform", test_crs_transform);
  g_test_add_func ("/projection/antimeridian-cut", test_antimeridian_cut);
  g_test_add_func ("/projection/same-as-epsg-route", test_same_as_epsg_route);

  return g_test_run ();
}
