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
  /* Layers a story may refer to by name ("ukraine-regions"). */
  GHashTable     *named_layers;
};

G_DEFINE_FINAL_TYPE (SitmapMap, sitmap_map, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-map-error-quark, sitmap_map_error)

/* The story's region: the Baltic states to the Black Sea, Vienna to
 * Moscow. */
static const double default_extent[4] = { 8.0, 43.0, 40.5, 60.0 };

static void
sitmap_map_finalize (GObject *object)
{
  SitmapMap *self = (SitmapMap *)object;

  g_clear_object (&self->renderer);
  g_clear_pointer (&self->named_layers, g_hash_table_unref);

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
  self->named_layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
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

static char *
layer_name_for_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gboolean
add_builtin (SitmapMap       *self,
             const char      *file_name,
             const char      *story_name,
             SitmapLayerRole  role,
             GError         **error)
{
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", file_name, NULL);
  g_autoptr(SitmapLayer) layer = sitmap_shapefile_load (path, error);

  if (layer == NULL)
    return FALSE;

  sitmap_renderer_add_layer (self->renderer, layer, role);
  if (story_name)
    g_hash_table_replace (self->named_layers, g_strdup (story_name), g_object_ref (layer));
  return TRUE;
}

gboolean
sitmap_map_load_builtin_basemaps (SitmapMap  *self,
                                  GError    **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  return add_builtin (self, "ne_10m_countries.shp", "countries", SITMAP_LAYER_ROLE_COUNTRIES, error) &&
         add_builtin (self, "ne_10m_ukraine_regions.shp", "ukraine-regions", SITMAP_LAYER_ROLE_REGIONS, error);
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

  sitmap_map_add_loaded_basemap (self, layer, path);
  return layer;
}

void
sitmap_map_add_loaded_basemap (SitmapMap   *self,
                               SitmapLayer *layer,
                               const char  *path)
{
  g_return_if_fail (SITMAP_IS_MAP (self));
  g_return_if_fail (SITMAP_IS_LAYER (layer));

  sitmap_renderer_add_layer (self->renderer, layer, SITMAP_LAYER_ROLE_USER);
  g_hash_table_replace (self->named_layers, layer_name_for_path (path), g_object_ref (layer));
}

gboolean
sitmap_map_load_builtin_story (SitmapMap  *self,
                               GError    **error)
{
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "stories", "ukraine-2022-01",
                                            "story.geojson", NULL);
  g_autoptr(SitmapStory) story = sitmap_story_load_file (path, error);

  return story != NULL && sitmap_map_set_story (self, story, error);
}

gboolean
sitmap_map_set_story (SitmapMap    *self,
                      SitmapStory  *story,
                      GError      **error)
{
  double extent[4];

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (SITMAP_IS_STORY (story), FALSE);

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      SitmapLayer *layer;

      if (feature->regions_layer == NULL || feature->n_parts > 0)
        continue;

      layer = g_hash_table_lookup (self->named_layers, feature->regions_layer);
      if (layer == NULL)
        {
          g_autofree char *display = g_filename_display_name (sitmap_story_get_path (story)
                                                               ? sitmap_story_get_path (story) : "story");

          g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_MISSING_LAYER,
                       "%s: feature “%s” refers to the layer “%s”, which is not loaded; "
                       "open the shapefile %s.shp first",
                       display, feature->id, feature->regions_layer, feature->regions_layer);
          return FALSE;
        }

      if (!sitmap_story_resolve_regions (story, feature->regions_layer, layer, error))
        return FALSE;
    }

  sitmap_renderer_set_story (self->renderer, story);
  if (sitmap_story_get_extent (story, extent))
    sitmap_map_set_home_extent (self, extent);
  return TRUE;
}

SitmapStory *
sitmap_map_get_story (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  return sitmap_renderer_get_story (self->renderer);
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
  /* Reprojecting every layer costs; a projection that is the same in all
   * but name is kept. */
  if (projection &&
      g_strcmp0 (sitmap_projection_get_definition (projection),
                 sitmap_projection_get_definition (sitmap_renderer_get_projection (self->renderer))) != 0)
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
