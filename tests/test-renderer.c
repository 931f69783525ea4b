/* test-renderer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "sitmap-export.h"
#include "sitmap-map.h"
#include "sitmap-shapefile.h"

#define PEREKOP_SCAN 33.70, 46.0, 33.70, 46.2

typedef struct
{
  SitmapMap       *map;
  SitmapRenderer  *renderer;
  SitmapViewport   viewport;
  cairo_surface_t *surface;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_10m_countries.shp", NULL);
  g_autoptr(SitmapLayer) countries = sitmap_shapefile_load (path, &error);
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (14.5, 43.0, 40.5, 60.0, &error);
  double x0, y0, x1, y1;

  g_assert_no_error (error);
  f->map = sitmap_map_new ();
  sitmap_map_set_projection (f->map, projection);
  sitmap_map_add_layer (f->map, countries, SITMAP_LAYER_ROLE_COUNTRIES);
  f->renderer = sitmap_renderer_new (f->map);

  f->viewport.width = 1200;
  f->viewport.height = 900;
  f->viewport.scale_factor = 1;
  g_assert_true (sitmap_map_lonlat_box_bounds (f->map, 14.5, 43.0, 40.5, 60.0, &x0, &y0, &x1, &y1));
  sitmap_viewport_fit (&f->viewport, x0, y0, x1, y1, 0);

  f->surface = sitmap_export_render_image (f->renderer, &f->viewport);
  g_assert_cmpint (cairo_surface_status (f->surface), ==, CAIRO_STATUS_SUCCESS);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *out = g_build_filename (g_getenv ("TEST_OUTDIR"), "renderer-europe.png", NULL);

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      cairo_surface_write_to_png (f->surface, out);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cairo_surface_destroy (f->surface);
  g_clear_object (&f->renderer);
  g_clear_object (&f->map);
}

static guint32
pixel_at_lonlat (Fixture *f,
                 double   lon,
                 double   lat)
{
  double xy[2] = { lon, lat }, sx, sy;
  int stride = cairo_image_surface_get_stride (f->surface);
  const guint8 *data = cairo_image_surface_get_data (f->surface);

  sitmap_projection_forward (sitmap_map_get_projection (f->map), xy, 1);
  sitmap_viewport_to_screen (&f->viewport, xy[0], xy[1], &sx, &sy);
  g_assert_cmpfloat (sx, >=, 0);
  g_assert_cmpfloat (sy, >=, 0);
  g_assert_cmpfloat (sx, <, f->viewport.width);
  g_assert_cmpfloat (sy, <, f->viewport.height);
  return *(const guint32 *)(const void *)(data + (int)sy * stride + 4 * (int)sx) & 0xffffff;
}

static int
luminance (guint32 rgb)
{
  return (((rgb >> 16) & 0xff) * 3 + ((rgb >> 8) & 0xff) * 6 + (rgb & 0xff)) / 10;
}

static gboolean
is_blueish (guint32 rgb)
{
  return (rgb & 0xff) > ((rgb >> 16) & 0xff) + 20;
}

static void
test_land_and_sea (Fixture       *f,
                   gconstpointer  data)
{
  /* Land: near Kyiv, in Belarus, and in Crimea; sea: the Black Sea and
   * the Baltic. */
  guint32 kyiv = pixel_at_lonlat (f, 31.2, 49.6);
  guint32 belarus = pixel_at_lonlat (f, 28.0, 53.5);
  guint32 crimea = pixel_at_lonlat (f, 34.1, 45.2);
  guint32 black_sea = pixel_at_lonlat (f, 34.0, 43.3);
  guint32 baltic = pixel_at_lonlat (f, 19.0, 56.0);

  g_assert_false (is_blueish (kyiv));
  g_assert_false (is_blueish (belarus));
  g_assert_false (is_blueish (crimea));
  g_assert_true (is_blueish (black_sea));
  g_assert_true (is_blueish (baltic));
  g_assert_cmpint (kyiv, ==, crimea);
}

/* Scans a line of longitude or latitude for the darkest pixel. */
static int
darkest_along (Fixture *f,
               double   lon0,
               double   lat0,
               double   lon1,
               double   lat1)
{
  int darkest = 255;

  for (int i = 0; i <= 200; i++)
    {
      double t = i / 200.0;
      guint32 rgb = pixel_at_lonlat (f, lon0 + t * (lon1 - lon0), lat0 + t * (lat1 - lat0));

      darkest = MIN (darkest, luminance (rgb));
    }
  return darkest;
}

static void
test_borders (Fixture       *f,
              gconstpointer  data)
{
  guint32 land = pixel_at_lonlat (f, 31.2, 49.6);

  /* Across the Poland–Ukraine border along 50.5°N there is a border line
   * clearly darker than land. */
  g_assert_cmpint (darkest_along (f, 23.0, 50.5, 25.0, 50.5), <, luminance (land) - 40);
  /* Inside Ukraine, away from any border, nothing dark either. */
  g_assert_cmpint (darkest_along (f, 30.0, 49.0, 33.0, 49.0), >, luminance (land) - 25);
}

/* Crimea is Ukraine: zoomed in on the Perekop isthmus, the land from the
 * mainland to the peninsula has no country border across it. */
static void
test_crimea_is_ukraine (Fixture       *f,
                        gconstpointer  data)
{
  double xy[2] = { 33.70, 46.10 };
  guint32 land = pixel_at_lonlat (f, 31.2, 49.6);

  sitmap_projection_forward (sitmap_map_get_projection (f->map), xy, 1);
  f->viewport.centre_x = xy[0];
  f->viewport.centre_y = xy[1];
  f->viewport.resolution = 100;
  f->viewport.width = 600;
  f->viewport.height = 400;
  cairo_surface_destroy (f->surface);
  f->surface = sitmap_export_render_image (f->renderer, &f->viewport);

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *out = g_build_filename (g_getenv ("TEST_OUTDIR"), "renderer-perekop.png", NULL);
      cairo_surface_write_to_png (f->surface, out);
    }

  g_assert_cmpint (darkest_along (f, PEREKOP_SCAN), >, luminance (land) - 25);
}

static void
test_device_scale (Fixture       *f,
                   gconstpointer  data)
{
  SitmapViewport hidpi = f->viewport;
  cairo_surface_t *surface;

  hidpi.scale_factor = 2;
  surface = sitmap_export_render_image (f->renderer, &hidpi);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 2400);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1800);

  /* Every pixel of the 1× image has its 2× twin: land stays land and sea
   * stays sea over the whole surface, not just a corner of it. */
  {
    static const double places[][2] = { { 31.2, 49.6 }, { 28.0, 53.5 }, { 34.0, 43.3 }, { 19.0, 56.0 } };

    for (guint i = 0; i < G_N_ELEMENTS (places); i++)
      {
        double xy[2] = { places[i][0], places[i][1] }, sx, sy;
        guint32 once = pixel_at_lonlat (f, places[i][0], places[i][1]);
        guint32 twice;

        sitmap_projection_forward (sitmap_map_get_projection (f->map), xy, 1);
        sitmap_viewport_to_screen (&f->viewport, xy[0], xy[1], &sx, &sy);
        twice = *(const guint32 *)(const void *)(cairo_image_surface_get_data (surface) +
                                                 (int)(2 * sy) * cairo_image_surface_get_stride (surface) +
                                                 4 * (int)(2 * sx)) & 0xffffff;
        g_assert_cmpint (is_blueish (once), ==, is_blueish (twice));
      }
  }
  cairo_surface_destroy (surface);
}

/* The overlay alone, as the window draws it over the basemap's image. */
static cairo_surface_t *
draw_overlay (SitmapRenderer       *renderer,
              const SitmapViewport *viewport)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, viewport->width, viewport->height);
  cairo_t *cr = cairo_create (surface);

  sitmap_renderer_draw_overlay (renderer, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels that differ inside box. */
static guint
differences_in (cairo_surface_t  *a,
                cairo_surface_t  *b,
                const SitmapRect *box)
{
  int stride = cairo_image_surface_get_stride (a);
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  guint n = 0;

  for (int y = (int)box->y; y < (int)(box->y + box->height); y++)
    for (int x = (int)box->x; x < (int)(box->x + box->width); x++)
      n += memcmp (pa + y * stride + 4 * x, pb + y * stride + 4 * x, 4) != 0;
  return n;
}

/* While the view moves the locator inset holds still, so only the red
 * extent moves across it; once the view stands still the frame is the
 * one a renderer that never moved draws, to the pixel. */
static void
test_inset_holds_while_moving (void)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(SitmapRenderer) moved = NULL;
  g_autoptr(SitmapRenderer) still = NULL;
  g_autoptr(GError) error = NULL;
  SitmapViewport start = { 0 }, panned;
  cairo_surface_t *before, *moving, *settled, *reference;
  SitmapRect box, panned_box;
  guint held, redrawn;

  g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
  g_assert_true (sitmap_map_load_builtin_story (map, &error));
  g_assert_no_error (error);
  start.width = 1200;
  start.height = 800;
  start.scale_factor = 1;
  sitmap_map_fit_home (map, &start);
  panned = start;
  sitmap_viewport_pan (&panned, 30, 20);
  moved = sitmap_renderer_new (map);
  still = sitmap_renderer_new (map);

  before = draw_overlay (moved, &start);
  g_assert_true (sitmap_story_layout_get_inset (sitmap_renderer_get_story_layout (moved, &start), &box));
  sitmap_renderer_set_moving (moved, TRUE);
  moving = draw_overlay (moved, &panned);
  sitmap_renderer_set_moving (moved, FALSE);
  settled = draw_overlay (moved, &panned);
  reference = draw_overlay (still, &panned);
  g_assert_true (sitmap_story_layout_get_inset (sitmap_renderer_get_story_layout (still, &panned), &panned_box));
  g_assert_true (memcmp (&box, &panned_box, sizeof box) == 0);

  held = differences_in (before, moving, &box);
  redrawn = differences_in (before, reference, &box);
  g_test_message ("inset pixels changed by the pan: %u held, %u drawn again, of %.0f", held, redrawn,
                  box.width * box.height);
  g_assert_cmpuint (redrawn, >, 0);
  g_assert_cmpuint (held * 3, <, redrawn);
  g_assert_true (memcmp (cairo_image_surface_get_data (settled), cairo_image_surface_get_data (reference),
                         (gsize)cairo_image_surface_get_stride (reference) * 800) == 0);

  cairo_surface_destroy (before);
  cairo_surface_destroy (moving);
  cairo_surface_destroy (settled);
  cairo_surface_destroy (reference);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/renderer/land-and-sea", Fixture, NULL, fixture_setup, test_land_and_sea, fixture_teardown);
  g_test_add ("/renderer/borders", Fixture, NULL, fixture_setup, test_borders, fixture_teardown);
  g_test_add ("/renderer/crimea-is-ukraine", Fixture, NULL, fixture_setup, test_crimea_is_ukraine, fixture_teardown);
  g_test_add ("/renderer/device-scale", Fixture, NULL, fixture_setup, test_device_scale, fixture_teardown);
  g_test_add_func ("/renderer/inset-holds-while-moving", test_inset_holds_while_moving);

  return g_test_run ();
}
