/* sitmap-map.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sitmap-map.h"
#include "sitmap-shapefile.h"

typedef struct
{
  SitmapLayer     *layer;
  SitmapLayerRole  role;
} LayerEntry;

struct _SitmapMap
{
  GObject           parent_instance;

  SitmapProjection *projection;
  GArray           *layers;          /* LayerEntry, in drawing order */
  SitmapStory      *story;
  guint64           generation;
  double            home_extent[4];
  /* Layers a story may refer to by name ("ukraine-regions"). */
  GHashTable     *named_layers;
  /* The built-in 1:10m countries, and while sitmap_map_prepare_async ()
   * prepares them, the 1:50m countries drawn in their place. */
  SitmapLayer    *countries;
  SitmapLayer    *preview;
  /* Callers of sitmap_map_prepare_async () while one was under way. */
  GPtrArray      *prepare_waiters;
  /* Shared with the map's snapshots (an atomic rc box): held for reading
   * while a snapshot draws, for writing while the layers are reprojected
   * in place, which frees the shapes a snapshot draws from. */
  GRWLock        *layers_lock;
};

G_DEFINE_FINAL_TYPE (SitmapMap, sitmap_map, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-map-error-quark, sitmap_map_error)

enum {
  PROP_0,
  PROP_GENERATION,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GType
sitmap_map_change_get_type (void)
{
  static gsize type;

  if (g_once_init_enter (&type))
    {
      static const GFlagsValue values[] = {
        { SITMAP_MAP_CHANGE_LAYERS, "SITMAP_MAP_CHANGE_LAYERS", "layers" },
        { SITMAP_MAP_CHANGE_PROJECTION, "SITMAP_MAP_CHANGE_PROJECTION", "projection" },
        { SITMAP_MAP_CHANGE_STORY, "SITMAP_MAP_CHANGE_STORY", "story" },
        { SITMAP_MAP_CHANGE_FEATURE, "SITMAP_MAP_CHANGE_FEATURE", "feature" },
        { SITMAP_MAP_CHANGE_INFO, "SITMAP_MAP_CHANGE_INFO", "info" },
        { 0, NULL, NULL },
      };
      GType registered = g_flags_register_static ("SitmapMapChange", values);

      g_once_init_leave (&type, registered);
    }
  return type;
}

/* Every change ends here: the generation grows first, so a listener that
 * asks for it sees the new one. */
static void
emit_changed (SitmapMap       *self,
              SitmapMapChange  what,
              int              feature)
{
  self->generation++;
  g_signal_emit (self, signals[CHANGED], 0, what, feature);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GENERATION]);
}

static void
layer_entry_clear (gpointer data)
{
  LayerEntry *entry = data;

  g_clear_object (&entry->layer);
}

/* The story's region: the Baltic states to the Black Sea, Vienna to
 * Moscow. */
static const double default_extent[4] = { 8.0, 43.0, 40.5, 60.0 };

/* A layer a snapshot may be drawing is reprojected once no snapshot
 * draws: projecting it again frees its shapes. */
static void
project_layer (SitmapMap        *self,
               SitmapLayer      *layer,
               SitmapProjection *projection)
{
  if (sitmap_layer_get_projection (layer) == projection)
    return;
  g_rw_lock_writer_lock (self->layers_lock);
  sitmap_layer_project (layer, projection);
  g_rw_lock_writer_unlock (self->layers_lock);
}

static gboolean
set_projection (SitmapMap        *self,
                SitmapProjection *projection)
{
  if (!g_set_object (&self->projection, projection))
    return FALSE;
  for (guint i = 0; i < self->layers->len; i++)
    project_layer (self, g_array_index (self->layers, LayerEntry, i).layer, projection);
  return TRUE;
}

/* Whether the projection changed, untold. */
static gboolean
set_home_extent (SitmapMap    *self,
                 const double  extent[4])
{
  g_autoptr(SitmapProjection) projection = NULL;

  memcpy (self->home_extent, extent, sizeof self->home_extent);
  projection = sitmap_projection_new_for_extent (extent[0], extent[1], extent[2], extent[3], NULL);
  /* Reprojecting every layer costs; a projection that is the same in all
   * but name is kept. */
  if (projection == NULL ||
      g_strcmp0 (sitmap_projection_get_definition (projection),
                 sitmap_projection_get_definition (self->projection)) == 0)
    return FALSE;
  return set_projection (self, projection);
}

static void
sitmap_map_finalize (GObject *object)
{
  SitmapMap *self = (SitmapMap *)object;

  g_clear_pointer (&self->layers, g_array_unref);
  g_clear_object (&self->projection);
  g_clear_object (&self->story);
  g_clear_pointer (&self->named_layers, g_hash_table_unref);
  g_clear_object (&self->countries);
  g_clear_object (&self->preview);
  g_clear_pointer (&self->prepare_waiters, g_ptr_array_unref);
  g_atomic_rc_box_release_full (self->layers_lock, (GDestroyNotify)g_rw_lock_clear);

  G_OBJECT_CLASS (sitmap_map_parent_class)->finalize (object);
}

static void
sitmap_map_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  SitmapMap *self = SITMAP_MAP (object);

  switch (prop_id)
    {
    case PROP_GENERATION:
      g_value_set_uint64 (value, self->generation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_map_class_init (SitmapMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sitmap_map_finalize;
  object_class->get_property = sitmap_map_get_property;

  properties[PROP_GENERATION] =
    g_param_spec_uint64 ("generation", NULL, NULL, 0, G_MAXUINT64, 1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SitmapMap::changed:
   * @what: the #SitmapMapChange flags
   * @feature: the story feature's index with SITMAP_MAP_CHANGE_FEATURE, else -1
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, SITMAP_TYPE_MAP_CHANGE, G_TYPE_INT);
}

static void
sitmap_map_init (SitmapMap *self)
{
  g_autoptr(SitmapProjection) projection = NULL;
  g_autoptr(GError) error = NULL;

  self->generation = 1;
  self->layers = g_array_new (FALSE, TRUE, sizeof (LayerEntry));
  g_array_set_clear_func (self->layers, layer_entry_clear);
  memcpy (self->home_extent, default_extent, sizeof default_extent);
  self->named_layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->prepare_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->layers_lock = g_atomic_rc_box_new0 (GRWLock);
  g_rw_lock_init (self->layers_lock);
  projection = sitmap_projection_new_for_extent (default_extent[0], default_extent[1],
                                                 default_extent[2], default_extent[3], &error);
  /* Only a broken PROJ installation gets here; nothing can be drawn. */
  if (projection == NULL)
    g_error ("PROJ cannot create the map projection: %s", error->message);
  self->projection = g_steal_pointer (&projection);
}

SitmapMap *
sitmap_map_new (void)
{
  return g_object_new (SITMAP_TYPE_MAP, NULL);
}

SitmapMap *
sitmap_map_snapshot (SitmapMap *self)
{
  g_autoptr(SitmapProjection) own = NULL;
  SitmapMap *copy;
  GHashTableIter iter;
  gpointer name, layer;

  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);

  copy = sitmap_map_new ();
  g_atomic_rc_box_release_full (copy->layers_lock, (GDestroyNotify)g_rw_lock_clear);
  copy->layers_lock = g_atomic_rc_box_acquire (self->layers_lock);
  copy->generation = self->generation;
  memcpy (copy->home_extent, self->home_extent, sizeof copy->home_extent);
  /* PROJ objects must not be shared between threads. */
  own = sitmap_projection_new (sitmap_projection_get_definition (self->projection),
                               sitmap_projection_get_central_longitude (self->projection), NULL);
  if (own)
    g_set_object (&copy->projection, own);
  /* The layers as they are, not reprojected for the copy's projection:
   * sitmap_map_begin_drawing () prepares them with it. */
  for (guint i = 0; i < self->layers->len; i++)
    {
      LayerEntry entry = g_array_index (self->layers, LayerEntry, i);

      g_object_ref (entry.layer);
      g_array_append_val (copy->layers, entry);
    }
  g_hash_table_iter_init (&iter, self->named_layers);
  while (g_hash_table_iter_next (&iter, &name, &layer))
    g_hash_table_insert (copy->named_layers, g_strdup (name), g_object_ref (layer));
  copy->story = self->story ? sitmap_story_copy (self->story) : NULL;
  return copy;
}

gboolean
sitmap_map_begin_drawing (SitmapMap *self)
{
  const char *definition;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  definition = sitmap_projection_get_definition (self->projection);
  g_rw_lock_reader_lock (self->layers_lock);
  for (guint i = 0; i < self->layers->len; i++)
    {
      SitmapLayer *layer = g_array_index (self->layers, LayerEntry, i).layer;
      SitmapProjection *projection = sitmap_layer_get_projection (layer);

      /* Reprojected since the snapshot: drawing would project the layer
       * with the original's PROJ object, in this thread. */
      if (projection == NULL || g_strcmp0 (sitmap_projection_get_definition (projection), definition) != 0)
        {
          g_rw_lock_reader_unlock (self->layers_lock);
          return FALSE;
        }
      sitmap_layer_prepare (layer, self->projection);
    }
  return TRUE;
}

void
sitmap_map_end_drawing (SitmapMap *self)
{
  g_return_if_fail (SITMAP_IS_MAP (self));

  g_rw_lock_reader_unlock (self->layers_lock);
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
  sitmap_map_add_layer (self, layer, role);
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

  for (guint i = 0; i < self->layers->len; i++)
    sitmap_layer_prepare (g_array_index (self->layers, LayerEntry, i).layer, NULL);
}

/* Puts replacement where layer is, keeping the drawing order: one
 * change of the layers, as any swap of what is drawn. */
static void
replace_layer (SitmapMap   *self,
               SitmapLayer *layer,
               SitmapLayer *replacement)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      LayerEntry *entry = &g_array_index (self->layers, LayerEntry, i);

      if (entry->layer != layer)
        continue;
      project_layer (self, replacement, self->projection);
      g_set_object (&entry->layer, replacement);
      emit_changed (self, SITMAP_MAP_CHANGE_LAYERS, -1);
      return;
    }
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
  g_autoptr(GPtrArray) waiters = NULL;
  g_autoptr(GError) error = NULL;

  /* Cancelled or not, the 1:10m countries go back where they belong; if
   * the worker could not finish, they are prepared on first use. */
  if (self->preview)
    {
      replace_layer (self, self->preview, self->countries);
      g_clear_object (&self->preview);
    }

  /* Those who joined wait for the swap, whatever the worker's outcome:
   * from now on the map draws what it will go on drawing. */
  waiters = g_steal_pointer (&self->prepare_waiters);
  self->prepare_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_boolean (g_ptr_array_index (waiters, i), TRUE);

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

  /* Under way: this caller waits for the swap back too. */
  if (self->preview != NULL)
    {
      g_ptr_array_add (self->prepare_waiters, g_steal_pointer (&task));
      return;
    }

  /* Nothing to wait for, or the cache has it ready: mapping it is
   * quicker than drawing the 1:50m countries first and swapping. */
  if (self->countries == NULL ||
      sitmap_layer_get_projection (self->countries) == NULL ||
      sitmap_layer_prepare_from_cache (self->countries))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = g_build_filename (sitmap_map_get_data_dir (), "boundaries", "ne_50m_countries.shp", NULL);
  preview = sitmap_shapefile_load (path, NULL);
  if (preview)
    {
      self->preview = g_steal_pointer (&preview);
      replace_layer (self, self->countries, self->preview);
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
          sitmap_layer_get_projection (self->countries) == self->projection &&
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

  sitmap_map_add_layer (self, layer, SITMAP_LAYER_ROLE_USER);
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
  gboolean projection_changed = FALSE;
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

  g_set_object (&self->story, story);
  /* One change, told once the projection follows the story's extent. */
  if (sitmap_story_get_extent (story, extent))
    projection_changed = set_home_extent (self, extent);
  emit_changed (self, SITMAP_MAP_CHANGE_STORY | (projection_changed ? SITMAP_MAP_CHANGE_PROJECTION : 0), -1);
  return TRUE;
}

SitmapStory *
sitmap_map_get_story (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  return self->story;
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
  g_return_if_fail (SITMAP_IS_MAP (self));
  g_return_if_fail (extent != NULL);

  if (set_home_extent (self, extent))
    emit_changed (self, SITMAP_MAP_CHANGE_PROJECTION, -1);
}

void
sitmap_map_fit_home (SitmapMap      *self,
                     SitmapViewport *viewport)
{
  double x0, y0, x1, y1;

  g_return_if_fail (SITMAP_IS_MAP (self));

  if (sitmap_map_lonlat_box_bounds (self, self->home_extent[0], self->home_extent[1],
                                    self->home_extent[2], self->home_extent[3],
                                    &x0, &y0, &x1, &y1))
    sitmap_viewport_fit (viewport, x0, y0, x1, y1, 0);
}

guint64
sitmap_map_get_generation (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), 0);
  return self->generation;
}

SitmapProjection *
sitmap_map_get_projection (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  return self->projection;
}

void
sitmap_map_set_projection (SitmapMap        *self,
                           SitmapProjection *projection)
{
  g_return_if_fail (SITMAP_IS_MAP (self));
  g_return_if_fail (SITMAP_IS_PROJECTION (projection));

  if (set_projection (self, projection))
    emit_changed (self, SITMAP_MAP_CHANGE_PROJECTION, -1);
}

/* ---- Layers ---------------------------------------------------------- */

void
sitmap_map_add_layer (SitmapMap       *self,
                      SitmapLayer     *layer,
                      SitmapLayerRole  role)
{
  LayerEntry entry;

  g_return_if_fail (SITMAP_IS_MAP (self));
  g_return_if_fail (SITMAP_IS_LAYER (layer));

  project_layer (self, layer, self->projection);
  entry.layer = g_object_ref (layer);
  entry.role = role;
  g_array_append_val (self->layers, entry);
  emit_changed (self, SITMAP_MAP_CHANGE_LAYERS, -1);
}

void
sitmap_map_remove_layer (SitmapMap   *self,
                         SitmapLayer *layer)
{
  g_return_if_fail (SITMAP_IS_MAP (self));

  for (guint i = 0; i < self->layers->len; i++)
    if (g_array_index (self->layers, LayerEntry, i).layer == layer)
      {
        g_array_remove_index (self->layers, i);
        emit_changed (self, SITMAP_MAP_CHANGE_LAYERS, -1);
        return;
      }
}

guint
sitmap_map_get_n_layers (SitmapMap *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), 0);
  return self->layers->len;
}

SitmapLayer *
sitmap_map_get_layer (SitmapMap       *self,
                      guint            index,
                      SitmapLayerRole *role)
{
  LayerEntry *entry;

  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  g_return_val_if_fail (index < self->layers->len, NULL);

  entry = &g_array_index (self->layers, LayerEntry, index);
  if (role)
    *role = entry->role;
  return entry->layer;
}

SitmapLayer *
sitmap_map_get_named_layer (SitmapMap  *self,
                            const char *name)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->named_layers, name);
}

const char *
sitmap_map_get_layer_name (SitmapMap   *self,
                           SitmapLayer *layer)
{
  GHashTableIter iter;
  gpointer name, value;

  g_return_val_if_fail (SITMAP_IS_MAP (self), NULL);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), NULL);

  g_hash_table_iter_init (&iter, self->named_layers);
  while (g_hash_table_iter_next (&iter, &name, &value))
    if (value == (gpointer)layer)
      return name;
  return NULL;
}

gboolean
sitmap_map_get_bounds (SitmapMap *self,
                       double    *x_min,
                       double    *y_min,
                       double    *x_max,
                       double    *y_max)
{
  double bx0 = G_MAXDOUBLE, by0 = G_MAXDOUBLE, bx1 = -G_MAXDOUBLE, by1 = -G_MAXDOUBLE;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  for (guint i = 0; i < self->layers->len; i++)
    {
      double x0, y0, x1, y1;

      sitmap_layer_get_bounds (g_array_index (self->layers, LayerEntry, i).layer, &x0, &y0, &x1, &y1);
      if (x0 > x1)
        continue;
      bx0 = MIN (bx0, x0);
      by0 = MIN (by0, y0);
      bx1 = MAX (bx1, x1);
      by1 = MAX (by1, y1);
    }

  if (bx0 > bx1)
    return FALSE;

  *x_min = bx0;
  *y_min = by0;
  *x_max = bx1;
  *y_max = by1;
  return TRUE;
}

gboolean
sitmap_map_lonlat_box_bounds (SitmapMap *self,
                              double     west,
                              double     south,
                              double     east,
                              double     north,
                              double    *x_min,
                              double    *y_min,
                              double    *x_max,
                              double    *y_max)
{
  const int steps = 16;
  double xy[2 * 4 * 17];
  int n = 0;
  double bx0 = G_MAXDOUBLE, by0 = G_MAXDOUBLE, bx1 = -G_MAXDOUBLE, by1 = -G_MAXDOUBLE;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  if (east < west)
    east += 360;

  for (int i = 0; i <= steps; i++)
    {
      double t = (double)i / steps;
      double lon = west + t * (east - west), lat = south + t * (north - south);

      xy[2 * n] = lon; xy[2 * n + 1] = south; n++;
      xy[2 * n] = lon; xy[2 * n + 1] = north; n++;
      xy[2 * n] = west; xy[2 * n + 1] = lat; n++;
      xy[2 * n] = east; xy[2 * n + 1] = lat; n++;
    }

  sitmap_projection_forward (self->projection, xy, n);
  for (int i = 0; i < n; i++)
    {
      if (isnan (xy[2 * i]) || isnan (xy[2 * i + 1]))
        continue;
      bx0 = MIN (bx0, xy[2 * i]);
      bx1 = MAX (bx1, xy[2 * i]);
      by0 = MIN (by0, xy[2 * i + 1]);
      by1 = MAX (by1, xy[2 * i + 1]);
    }

  if (bx0 > bx1)
    return FALSE;

  *x_min = bx0;
  *y_min = by0;
  *x_max = bx1;
  *y_max = by1;
  return TRUE;
}

/* ---- Editing the story ------------------------------------------------ */

static gboolean
check_feature (SitmapMap  *self,
               guint       index,
               GError    **error)
{
  if (self->story == NULL)
    {
      g_set_error_literal (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                           "the map shows no story");
      return FALSE;
    }
  if (index >= sitmap_story_get_n_features (self->story))
    {
      g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE,
                   _("the story has no feature %u"), index);
      return FALSE;
    }
  return TRUE;
}

int
sitmap_map_add_feature (SitmapMap           *self,
                        const char          *id,
                        const char          *name,
                        SitmapStoryKind      kind,
                        SitmapGeometryKind   geometry_kind,
                        const double        *lonlat,
                        guint                n_positions,
                        GError             **error)
{
  int index;

  g_return_val_if_fail (SITMAP_IS_MAP (self), -1);

  if (self->story == NULL)
    {
      g_set_error_literal (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                           "the map shows no story");
      return -1;
    }
  index = sitmap_story_add_feature (self->story, id, name, kind, geometry_kind, lonlat, n_positions, error);
  if (index >= 0)
    emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return index;
}

gboolean
sitmap_map_remove_feature (SitmapMap  *self,
                           guint       index,
                           GError    **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  if (!check_feature (self, index, error) || !sitmap_story_remove_feature (self->story, index))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

gboolean
sitmap_map_move_feature (SitmapMap     *self,
                         guint          index,
                         const double  *lonlat,
                         guint          n_positions,
                         GError       **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (lonlat != NULL, FALSE);

  if (!check_feature (self, index, error) ||
      !sitmap_story_set_feature_positions (self->story, index, lonlat, n_positions, error))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

gboolean
sitmap_map_translate_feature (SitmapMap  *self,
                              guint       index,
                              double      d_lon,
                              double      d_lat,
                              GError    **error)
{
  const SitmapStoryFeature *feature;
  g_autofree double *lonlat = NULL;
  guint n;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  if (!check_feature (self, index, error))
    return FALSE;
  feature = sitmap_story_get_feature (self->story, index);
  n = feature->n_parts ? feature->part_start[feature->n_parts] : 0;
  lonlat = g_memdup2 (feature->lonlat, 2 * n * sizeof (double));
  for (guint i = 0; i < n; i++)
    {
      lonlat[2 * i] += d_lon;
      lonlat[2 * i + 1] += d_lat;
    }
  return sitmap_map_move_feature (self, index, lonlat, n, error);
}

gboolean
sitmap_map_set_feature_property (SitmapMap   *self,
                                 guint        index,
                                 const char  *name,
                                 const char  *value,
                                 GError     **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_feature (self, index, error) ||
      !sitmap_story_set_feature_property (self->story, index, name, value, error))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

gboolean
sitmap_map_insert_feature (SitmapMap                 *self,
                           guint                      index,
                           const SitmapStoryFeature  *feature,
                           GError                   **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (self->story == NULL)
    {
      g_set_error_literal (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                           "the map shows no story");
      return FALSE;
    }
  if (index > sitmap_story_get_n_features (self->story))
    {
      g_set_error (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_FEATURE,
                   _("the story has fewer than %u features"), index);
      return FALSE;
    }
  if (!sitmap_story_insert_feature (self->story, index, feature, error))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

gboolean
sitmap_map_replace_feature (SitmapMap                 *self,
                            guint                      index,
                            const SitmapStoryFeature  *feature,
                            GError                   **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (feature != NULL, FALSE);

  if (!check_feature (self, index, error) ||
      !sitmap_story_replace_feature (self->story, index, feature, error))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

gboolean
sitmap_map_frame_layer (SitmapMap   *self,
                        SitmapLayer *layer)
{
  double extent[4];

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), FALSE);

  if (!sitmap_layer_get_lonlat_extent (layer, extent))
    return FALSE;
  {
    /* A margin of a fifth, and at least a degree, round what is drawn. */
    double margin_lon = MAX (1.0, 0.2 * (extent[2] - extent[0]));
    double margin_lat = MAX (1.0, 0.2 * (extent[3] - extent[1]));
    double home[4] = {
      MAX (-180, extent[0] - margin_lon), MAX (-85, extent[1] - margin_lat),
      MIN (180, extent[2] + margin_lon), MIN (85, extent[3] + margin_lat),
    };

    sitmap_map_set_home_extent (self, home);
  }
  return TRUE;
}

gboolean
sitmap_map_set_feature_figures (SitmapMap           *self,
                                guint                index,
                                const SitmapFigure  *figures,
                                guint                n_figures,
                                GError             **error)
{
  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);

  if (!check_feature (self, index, error) ||
      !sitmap_story_set_feature_figures (self->story, index, figures, n_figures, error))
    return FALSE;
  emit_changed (self, SITMAP_MAP_CHANGE_FEATURE, index);
  return TRUE;
}

/* ---- The story's own properties ---------------------------------------- */

static gboolean
check_story (SitmapMap  *self,
             GError    **error)
{
  if (self->story != NULL)
    return TRUE;
  g_set_error_literal (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY,
                       "the map shows no story");
  return FALSE;
}

gboolean
sitmap_map_set_story_info (SitmapMap              *self,
                           const SitmapStoryInfo  *info,
                           GError                **error)
{
  g_autoptr(SitmapStoryInfo) before = NULL;
  gboolean projection_changed = FALSE;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (info != NULL, FALSE);

  if (!check_story (self, error))
    return FALSE;
  before = sitmap_story_get_info (self->story);
  if (sitmap_story_info_equal (before, info))
    return TRUE;
  if (!sitmap_story_set_info (self->story, info, error))
    return FALSE;
  /* A new extent is a new home view, as opening the story would give. */
  if (info->has_extent &&
      (!before->has_extent || memcmp (before->extent, info->extent, sizeof info->extent) != 0))
    projection_changed = set_home_extent (self, info->extent);
  emit_changed (self, SITMAP_MAP_CHANGE_INFO | (projection_changed ? SITMAP_MAP_CHANGE_PROJECTION : 0), -1);
  return TRUE;
}

gboolean
sitmap_map_set_story_property (SitmapMap   *self,
                               const char  *name,
                               const char  *value,
                               GError     **error)
{
  g_autoptr(SitmapStoryInfo) info = NULL;
  g_autoptr(SitmapStory) scratch = NULL;

  g_return_val_if_fail (SITMAP_IS_MAP (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!check_story (self, error))
    return FALSE;
  /* Checked on a scratch story, so the map's changes once or not at all. */
  info = sitmap_story_get_info (self->story);
  scratch = sitmap_story_new (info->title, NULL);
  if (!sitmap_story_set_info (scratch, info, error) ||
      !sitmap_story_set_info_property (scratch, name, value, error))
    return FALSE;
  g_clear_pointer (&info, sitmap_story_info_free);
  info = sitmap_story_get_info (scratch);
  return sitmap_map_set_story_info (self, info, error);
}
