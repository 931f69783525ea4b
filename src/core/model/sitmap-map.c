/* sitmap-map.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

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
  /* The built-in 1:10m countries, and while sitmap_map_prepare_async ()
   * prepares them, the 1:50m countries drawn in their place. */
  SitmapLayer    *countries;
  SitmapLayer    *preview;
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
  g_clear_object (&self->countries);
  g_clear_object (&self->preview);

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

  if (role == SITMAP_LAYER_ROLE_COUNTRIES && self->countries == NULL)
    self->countries = g_object_ref (layer);
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

/* ---- Preparing ------------------------------------------------------------
 *
 * Loading reads the shapefiles; projecting them and building their level
 * of detail waits for the first frame that needs them, or is done here
 * ahead of time.  Of the built-in data only the 1:10m countries take long
 * (about a third of a second on a small machine), so the window prepares
 * them in a worker thread and meanwhile draws the 1:50m countries, which
 * take a tenth of that. */

void
sitmap_map_prepare (SitmapMap *self)
{
  g_return_if_fail (SITMAP_IS_MAP (self));

  for (guint i = 0; i < sitmap_renderer_get_n_layers (self->renderer); i++)
    sitmap_layer_prepare (sitmap_renderer_get_layer (self->renderer, i, NULL), NULL);
}

/* Puts replacement where layer is, keeping the drawing order. */
static void
replace_layer (SitmapRenderer *renderer,
               SitmapLayer    *layer,
               SitmapLayer    *replacement)
{
  g_autoptr(GPtrArray) layers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) roles = g_array_new (FALSE, FALSE, sizeof (SitmapLayerRole));
  gboolean found = FALSE;

  for (guint i = 0; i < sitmap_renderer_get_n_layers (renderer); i++)
    {
      SitmapLayerRole role;
      SitmapLayer *current = sitmap_renderer_get_layer (renderer, i, &role);

      found |= current == layer;
      g_ptr_array_add (layers, g_object_ref (current == layer ? replacement : current));
      g_array_append_val (roles, role);
    }
  if (!found)
    return;

  while (sitmap_renderer_get_n_layers (renderer) > 0)
    sitmap_renderer_remove_layer (renderer, sitmap_renderer_get_layer (renderer, 0, NULL));
  for (guint i = 0; i < layers->len; i++)
    sitmap_renderer_add_layer (renderer, g_ptr_array_index (layers, i), g_array_index (roles, SitmapLayerRole, i));
}

typedef struct
{
  SitmapLayer *layer;
  char        *definition;
  double       central_longitude;
} PrepareJob;

static void
prepare_job_free (gpointer data)
{
  PrepareJob *job = data;

  g_clear_object (&job->layer);
  g_free (job->definition);
  g_free (job);
}

static void
prepare_in_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  PrepareJob *job = task_data;
  g_autoptr(SitmapProjection) own = NULL;
  g_autoptr(GError) error = NULL;

  /* PROJ objects must not be shared between threads: the worker
   * transforms with its own copy of the projection. */
  own = sitmap_projection_new (job->definition, job->central_longitude, &error);
  if (own == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  sitmap_layer_prepare (job->layer, own);
  g_task_return_boolean (task, TRUE);
}

static void
on_prepared (GObject      *source_object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SitmapMap *self = SITMAP_MAP (source_object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* Cancelled or not, the 1:10m countries go back where they belong; if
   * the worker could not finish, they are prepared on first use. */
  if (self->preview)
    {
      replace_layer (self->renderer, self->preview, self->countries);
      g_clear_object (&self->preview);
    }

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
sitmap_map_prepare_async (SitmapMap           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) worker = NULL;
  g_autofree char *path = NULL;
  g_autoptr(SitmapLayer) preview = NULL;
  SitmapProjection *projection;
  PrepareJob *job;

  g_return_if_fail (SITMAP_IS_MAP (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sitmap_map_prepare_async);

  /* Nothing to wait for, or already under way. */
  if (self->countries == NULL || self->preview != NULL ||
      sitmap_layer_get_projection (self->countries) == NULL ||
      sitmap_layer_is_prepared (self->countries))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_50m_countries.shp", NULL);
  preview = sitmap_shapefile_load (path, NULL);
  if (preview)
    {
      self->preview = g_steal_pointer (&preview);
      replace_layer (self->renderer, self->countries, self->preview);
    }

  /* From here the renderer no longer reaches the 1:10m layer, so the
   * worker has it to itself. */
  projection = sitmap_layer_get_projection (self->countries);
  job = g_new0 (PrepareJob, 1);
  job->layer = g_object_ref (self->countries);
  job->definition = g_strdup (sitmap_projection_get_definition (projection));
  job->central_longitude = sitmap_projection_get_central_longitude (projection);
  worker = g_task_new (self, cancellable, on_prepared, g_steal_pointer (&task));
  g_task_set_source_tag (worker, prepare_in_worker);
  g_task_set_task_data (worker, job, prepare_job_free);
  g_task_run_in_thread (worker, prepare_in_worker);
}

gboolean
sitmap_map_prepare_finish (SitmapMap     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == sitmap_map_prepare_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
sitmap_map_is_prepared (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  return self->countries == NULL ||
         (self->preview == NULL &&
          sitmap_layer_get_projection (self->countries) == sitmap_renderer_get_projection (self->renderer) &&
          sitmap_layer_is_prepared (self->countries));
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
                       _("%s: feature “%s” refers to the layer “%s”, which is not loaded; "
                       "open the shapefile %s.shp first"),
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
