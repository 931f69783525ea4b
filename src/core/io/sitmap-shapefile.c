/* sitmap-shapefile.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sitmap-shapefile-cache.h"
#include "sitmap-shapefile-private.h"

#include <math.h>
#include <string.h>

/* The loader's life and its run: the files are opened and checked in
 * sitmap-shapefile-open.c, the records read in sitmap-shapefile-record.c,
 * DBF text decoded in sitmap-dbf-text.c, and shapelib reaches the files
 * through sitmap-shapefile-hooks.c. */

G_DEFINE_QUARK (sitmap-shapefile-error-quark, sitmap_shapefile_error)

static void
loader_free (Loader *self)
{
  sitmap_shapefile_hooks_release (&self->hooks_state);

  g_clear_pointer (&self->shp, SHPClose);
  g_clear_pointer (&self->dbf, DBFClose);
  g_clear_pointer (&self->decoder, sitmap_dbf_decoder_free);
  g_clear_pointer (&self->crs, sitmap_crs_transform_free);
  g_clear_object (&self->given_crs);
  g_clear_pointer (&self->name_fields, g_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->field_is_string);
  g_free (self->first_not_lonlat);
  g_free (self->hooks_state.shx_data);
  g_free (self->hooks_state.last_error);
  g_clear_pointer (&self->hooks_state.shp_bytes, g_bytes_unref);
  g_clear_pointer (&self->hooks_state.shx_bytes, g_bytes_unref);
  g_clear_pointer (&self->hooks_state.dbf_bytes, g_bytes_unref);
  g_clear_pointer (&self->prj_bytes, g_bytes_unref);
  g_clear_pointer (&self->cpg_bytes, g_bytes_unref);
  g_free (self->display);
  g_free (self->stem);
  g_free (self->shx_path);
  g_free (self->dbf_path);
  g_free (self->first_bad);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loader, loader_free)

/* Warnings are kept until the layer exists, which is only once the .dbf
 * has told its field names. */
void
sitmap_shapefile_warn (Loader     *self,
                       const char *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static Loader *
loader_new (const char *path)
{
  Loader *self = g_new0 (Loader, 1);
  char *dot;

  self->path = path;
  self->display = g_filename_display_name (path);
  self->stem = g_filename_display_basename (path);
  dot = strrchr (self->stem, '.');
  if (dot != NULL && dot != self->stem)
    *dot = '\0';
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

static SitmapLayer *
loader_run (Loader  *self,
            GError **error)
{
  g_autoptr(SitmapLayer) layer = NULL;
  g_auto(GStrv) field_names = NULL;
  double bounds_min[4];
  double bounds_max[4];
  int n_records = 0;
  guint n_loaded = 0;

  sitmap_shapefile_hooks_install (&self->hooks, &self->hooks_state);

  if (!sitmap_shapefile_check_header (self, error) || !sitmap_shapefile_open_shp (self, error))
    return NULL;

  SHPGetInfo (self->shp, &n_records, NULL, bounds_min, bounds_max);
  if (n_records <= 0)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                   _("%s: the shapefile has no features"), self->display);
      return NULL;
    }

  if (!sitmap_shapefile_open_prj (self, error))
    return NULL;

  self->header_is_lonlat = isfinite (bounds_min[0]) && isfinite (bounds_max[0]) &&
                           isfinite (bounds_min[1]) && isfinite (bounds_max[1]) &&
                           sitmap_shapefile_is_lonlat (bounds_min[0], bounds_min[1],
                                                       bounds_max[0], bounds_max[1]);

  sitmap_shapefile_open_dbf (self);
  field_names = sitmap_shapefile_read_field_names (self);

  if (self->dbf != NULL && DBFGetRecordCount (self->dbf) != n_records)
    sitmap_shapefile_warn (self, _("The .dbf has %d records for %d shapes; "
                                   "shapes without a record have no name"),
                           DBFGetRecordCount (self->dbf), n_records);

  layer = sitmap_layer_new (self->stem, self->kind, (const char * const *)field_names);
  if (!self->hooks_state.in_memory)
    sitmap_layer_set_source_path (layer, self->path);

  for (int i = 0; i < n_records; i++)
    {
      gboolean loaded;

      if (!sitmap_shapefile_load_record (self, layer, i, &loaded, error))
        return NULL;
      n_loaded += loaded;
    }

  /* Mostly out of range: projected data after all, the header's bounds
   * notwithstanding. */
  if (!self->have_prj && self->n_not_lonlat > n_loaded)
    {
      sitmap_shapefile_set_no_crs_error (self, self->first_not_lonlat, error);
      return NULL;
    }

  if (n_loaded == 0)
    {
      if (self->n_bad == 0)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                     _("%s: all %d records are empty (null shapes)"), self->display, n_records);
      else if (self->header_size > self->shp_size)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     _("%s: the file is truncated (%zu of %zu"
                     " bytes) and none of its %d records can be read"),
                     self->display, self->shp_size, self->header_size, n_records);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     _("%s: none of the %d records can be read (%s)"),
                     self->display, n_records, self->first_bad);
      return NULL;
    }

  if (self->n_bad > 0)
    sitmap_shapefile_warn (self, _("%u of %u records skipped: %s"),
                           self->n_bad, (guint)n_records, self->first_bad);

  if (self->n_dbf_unreadable > 0)
    sitmap_shapefile_warn (self, ngettext ("The attributes of %u record cannot be read: "
                                           "the .dbf is damaged or cut short",
                                           "The attributes of %u records cannot be read: "
                                           "the .dbf is damaged or cut short",
                                           self->n_dbf_unreadable),
                           self->n_dbf_unreadable);

  for (guint i = 0; i < self->warnings->len; i++)
    sitmap_layer_add_warning (layer, g_ptr_array_index (self->warnings, i));

  return g_steal_pointer (&layer);
}

/* The layer the prepared-data cache keeps under key, or NULL. */
static SitmapLayer *
read_kept (Loader                  *self,
           const SitmapPreparedKey *key,
           GError                 **error)
{
  SitmapLayer *layer = sitmap_shapefile_cache_read (key, self->stem, error);

  if (layer != NULL)
    sitmap_layer_set_source_path (layer, self->path);
  return layer;
}

/* From the prepared-data cache when it holds these very files as loaded,
 * else read, checked and then kept there for next time. */
static SitmapLayer *
load_through_cache (Loader  *self,
                    GError **error)
{
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(GError) cache_error = NULL;
  g_autofree char *cache_dir = sitmap_prepared_cache_get_dir ();
  SitmapPreparedKey key;
  gboolean keyed;

  /* Hashing the files is worth it only where the result can be kept. */
  keyed = cache_dir != NULL && sitmap_shapefile_cache_key (self->path, self->given_crs, &key);
  if (keyed)
    {
      layer = read_kept (self, &key, &cache_error);
      if (layer != NULL)
        return g_steal_pointer (&layer);
      if (!g_error_matches (cache_error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_MISSING))
        g_debug ("%s: %s", self->display, cache_error->message);
      g_clear_error (&cache_error);
    }

  layer = loader_run (self, error);
  if (layer == NULL || !keyed || !sitmap_shapefile_cache_write (&key, layer))
    {
      if (layer != NULL && keyed)
        sitmap_layer_set_content_key (layer, &key);
      return g_steal_pointer (&layer);
    }

  /* Kept, the layer is read back as the next start would read it, so that
   * its coordinates are the file's pages, given back once projected,
   * rather than memory of its own for as long as it lives.  The copy read
   * from the shapefile goes first, or both would be resident at once. */
  g_clear_object (&layer);
  layer = read_kept (self, &key, &cache_error);
  if (layer != NULL)
    return g_steal_pointer (&layer);
  g_debug ("%s: just kept, but not read back: %s", self->display, cache_error->message);
  layer = loader_run (self, error);
  if (layer != NULL)
    sitmap_layer_set_content_key (layer, &key);
  return g_steal_pointer (&layer);
}

SitmapLayer *
sitmap_shapefile_load (const char  *path,
                       GError     **error)
{
  g_autoptr(Loader) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = loader_new (path);
  return load_through_cache (self, error);
}

SitmapLayer *
sitmap_shapefile_load_with_crs (const char  *path,
                                SitmapCrs   *crs,
                                GError     **error)
{
  g_autoptr(Loader) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (crs == NULL || SITMAP_IS_CRS (crs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = loader_new (path);
  self->given_crs = crs != NULL ? g_object_ref (crs) : NULL;
  return load_through_cache (self, error);
}

gboolean
sitmap_shapefile_read_extent (const char  *path,
                              double       extent[4],
                              GError     **error)
{
  g_autoptr(Loader) self = NULL;
  double bounds_min[4];
  double bounds_max[4];
  int n_records = 0;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (extent != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self = loader_new (path);
  sitmap_shapefile_hooks_install (&self->hooks, &self->hooks_state);
  if (!sitmap_shapefile_check_header (self, error) || !sitmap_shapefile_open_shp (self, error))
    return FALSE;

  SHPGetInfo (self->shp, &n_records, NULL, bounds_min, bounds_max);
  extent[0] = bounds_min[0];
  extent[1] = bounds_min[1];
  extent[2] = bounds_max[0];
  extent[3] = bounds_max[1];
  if (n_records <= 0 || !isfinite (extent[0]) || !isfinite (extent[1]) ||
      !isfinite (extent[2]) || !isfinite (extent[3]) || extent[0] > extent[2] || extent[1] > extent[3])
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                   _("%s: the header states no extent"), self->display);
      return FALSE;
    }
  return TRUE;
}

SitmapLayer *
sitmap_shapefile_load_from_memory (const char  *name,
                                   GBytes      *shp,
                                   GBytes      *shx,
                                   GBytes      *dbf,
                                   GBytes      *prj,
                                   GBytes      *cpg,
                                   GError     **error)
{
  g_autoptr(Loader) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (shp != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = loader_new (name);
  self->hooks_state.in_memory = TRUE;
  self->hooks_state.shp_bytes = g_bytes_ref (shp);
  self->hooks_state.shx_bytes = shx != NULL ? g_bytes_ref (shx) : NULL;
  self->hooks_state.dbf_bytes = dbf != NULL ? g_bytes_ref (dbf) : NULL;
  self->prj_bytes = prj != NULL ? g_bytes_ref (prj) : NULL;
  self->cpg_bytes = cpg != NULL ? g_bytes_ref (cpg) : NULL;
  return loader_run (self, error);
}
