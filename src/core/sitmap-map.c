/* sitmap-map.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sitmap-map.h"
#include "sitmap-shapefile.h"

struct _SitmapMap
{
  GObject         parent_instance;

  SitmapRenderer *renderer;
  double          home_extent[4];
};

G_DEFINE_FINAL_TYPE (SitmapMap, sitmap_map, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-map-error-quark, sitmap_map_error)

/* The story's region: the Baltic states to the Black Sea, Vienna to
 * Moscow. */
static const double default_extent[4] = { 14.5, 43.0, 40.5, 60.0 };

static void
sitmap_map_finalize (GObject *object)
{
  SitmapMap *self = (SitmapMap *)object;

  g_clear_object (&self->renderer);

  G_OBJECT_CLASS (sitmap_map_parent_class)->finalize (object);
}

static void
sitmap_map_class_init (SitmapMapClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_map_finalize;
}

static void
sitmap_map_init (SitmapMap *self)
{
  g_autoptr(SitmapProjection) projection = NULL;
  g_autoptr(GError) error = NULL;

  memcpy (self->home_extent, default_extent, sizeof default_extent);
  projection = sitmap_projection_new_for_extent (default_extent[0], default_extent[1],
                                                 default_extent[2], default_extent[3], &error);
  /* Only a broken PROJ installation gets here; nothing can be drawn. */
  if (projection == NULL)
    g_error ("PROJ cannot create the map projection: %s", error->message);
  self->renderer = sitmap_renderer_new (projection);
}

SitmapMap *
sitmap_map_new (void)
{
  return g_object_new (SITMAP_TYPE_MAP, NULL);
}

const char *
sitmap_map_get_data_dir (void)
{
  static const char *data_dir;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      const char *env = g_getenv ("SITMAP_DATADIR");
      char *found;

      if (env && *env)
        found = g_strdup (env);
      else if (g_file_test (SITMAP_SOURCE_DATADIR "/boundaries", G_FILE_TEST_IS_DIR))
        found = g_strdup (SITMAP_SOURCE_DATADIR);
      else
        found = g_strdup (SITMAP_DATADIR);
      data_dir = found;
      g_once_init_leave (&initialised, 1);
    }

  return data_dir;
}

static gboolean
add_builtin (SitmapMap       *self,
             const char      *file_name,
             SitmapLayerRole  role,
             GError         **error)
{
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", file_name, NULL);
  g_autoptr(SitmapLayer) layer = sitmap_shapefile_load (path, error);

  if (layer == NULL)
    return FALSE;

  sitmap_renderer_add_layer (self->renderer, layer, role);
  return TRUE;
}

gboolean
sitmap_map_load_builtin_basemaps (SitmapMap  *self,
                                  GError    **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  return add_builtin (self, "ne_10m_countries.shp", SITMAP_LAYER_ROLE_COUNTRIES, error) &&
         add_builtin (self, "ne_10m_ukraine_regions.shp", SITMAP_LAYER_ROLE_REGIONS, error);
}

SitmapLayer *
sitmap_map_add_basemap (SitmapMap   *self,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(SitmapLayer) layer = NULL;

  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);

  layer = sitmap_shapefile_load (path, error);
  if (layer == NULL)
    return NULL;

  sitmap_renderer_add_layer (self->renderer, layer, SITMAP_LAYER_ROLE_USER);
  return layer;
}

SitmapRenderer *
sitmap_map_get_renderer (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  return self->renderer;
}

void
sitmap_map_get_home_extent (SitmapMap *self,
                            double     extent[4])
{
  g_return_if_fail (SITMAP_IS_MAP (self));
  memcpy (extent, self->home_extent, sizeof self->home_extent);
}

void
sitmap_map_set_home_extent (SitmapMap    *self,
                            const double  extent[4])
{
  g_autoptr(SitmapProjection) projection = NULL;

  g_return_if_fail (SITMAP_IS_MAP (self));

  memcpy (self->home_extent, extent, sizeof self->home_extent);
  projection = sitmap_projection_new_for_extent (extent[0], extent[1], extent[2], extent[3], NULL);
  if (projection)
    sitmap_renderer_set_projection (self->renderer, projection);
}

void
sitmap_map_fit_home (SitmapMap      *self,
                     SitmapViewport *viewport)
{
  double x0, y0, x1, y1;

  g_return_if_fail (SITMAP_IS_MAP (self));

  if (sitmap_renderer_lonlat_box_bounds (self->renderer,
                                         self->home_extent[0], self->home_extent[1],
                                         self->home_extent[2], self->home_extent[3],
                                         &x0, &y0, &x1, &y1))
    sitmap_viewport_fit (viewport, x0, y0, x1, y1, 0);
}
