/* sitmap-crs-catalog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <proj.h>
#include <string.h>

#include "sitmap-crs-catalog.h"

/* Degrees a point may lie outside an area of use and still count as in
 * it: data reaches past the edges of its zone (a UTM zone's data set
 * often runs a little into the next one), and the bounding box of data
 * along an edge of its zone lies partly outside it. */
#define AREA_TOLERANCE 1.0

struct _SitmapCrsCatalog
{
  GObject    parent_instance;

  GPtrArray *entries;         /* of SitmapCrsCatalogEntry */
  GHashTable *by_id;          /* id → index + 1, rebuilt after ranking */
};

G_DEFINE_FINAL_TYPE (SitmapCrsCatalog, sitmap_crs_catalog, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-crs-catalog-error-quark, sitmap_crs_catalog_error)

static void
entry_free (gpointer data)
{
  SitmapCrsCatalogEntry *entry = data;

  g_free (entry->id);
  g_free (entry->name);
  g_free (entry->area);
  g_free (entry);
}

static void
sitmap_crs_catalog_finalize (GObject *object)
{
  SitmapCrsCatalog *self = (SitmapCrsCatalog *)object;

  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);

  G_OBJECT_CLASS (sitmap_crs_catalog_parent_class)->finalize (object);
}

static void
sitmap_crs_catalog_class_init (SitmapCrsCatalogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_crs_catalog_finalize;
}

static void
sitmap_crs_catalog_init (SitmapCrsCatalog *self)
{
  self->entries = g_ptr_array_new_with_free_func (entry_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
}

static PJ_CONTEXT *
quiet_context (void)
{
  PJ_CONTEXT *context = proj_context_create ();

  proj_context_set_enable_network (context, FALSE);
  proj_log_level (context, PJ_LOG_NONE);
  return context;
}

static void
index_entries (SitmapCrsCatalog *self)
{
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < self->entries->len; i++)
    {
      SitmapCrsCatalogEntry *entry = g_ptr_array_index (self->entries, i);

      g_hash_table_insert (self->by_id, entry->id, GUINT_TO_POINTER (i + 1));
    }
}

SitmapCrsCatalog *
sitmap_crs_catalog_new (GError **error)
{
  g_autoptr(SitmapCrsCatalog) self = NULL;
  PJ_TYPE types[] = { PJ_TYPE_PROJECTED_CRS, PJ_TYPE_GEOGRAPHIC_2D_CRS };
  PROJ_CRS_LIST_PARAMETERS *parameters;
  PROJ_CRS_INFO **list;
  PJ_CONTEXT *context;
  int n = 0;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = quiet_context ();
  parameters = proj_get_crs_list_parameters_create ();
  parameters->types = types;
  parameters->typesCount = G_N_ELEMENTS (types);
  parameters->allow_deprecated = FALSE;
  list = proj_get_crs_info_list_from_database (context, "EPSG", parameters, &n);
  proj_get_crs_list_parameters_destroy (parameters);

  if (list == NULL || n == 0)
    {
      g_set_error (error, SITMAP_CRS_CATALOG_ERROR, SITMAP_CRS_CATALOG_ERROR_NO_DATABASE,
                   _("PROJ’s database of coordinate systems cannot be read"));
      proj_crs_info_list_destroy (list);
      proj_context_destroy (context);
      return NULL;
    }

  self = g_object_new (SITMAP_TYPE_CRS_CATALOG, NULL);
  for (int i = 0; i < n; i++)
    {
      const PROJ_CRS_INFO *info = list[i];
      SitmapCrsCatalogEntry *entry;

      if (info->auth_name == NULL || info->code == NULL || info->name == NULL)
        continue;
      entry = g_new0 (SitmapCrsCatalogEntry, 1);
      entry->id = g_strconcat (info->auth_name, ":", info->code, NULL);
      entry->name = g_utf8_make_valid (info->name, -1);
      entry->area = g_utf8_make_valid (info->area_name != NULL ? info->area_name : "", -1);
      entry->projected = info->type == PJ_TYPE_PROJECTED_CRS;
      if (info->bbox_valid)
        {
          entry->bbox[0] = info->west_lon_degree;
          entry->bbox[1] = info->south_lat_degree;
          entry->bbox[2] = info->east_lon_degree;
          entry->bbox[3] = info->north_lat_degree;
        }
      else
        entry->bbox[0] = entry->bbox[1] = entry->bbox[2] = entry->bbox[3] = NAN;
      g_ptr_array_add (self->entries, entry);
    }
  proj_crs_info_list_destroy (list);
  proj_context_destroy (context);

  index_entries (self);
  return g_steal_pointer (&self);
}

guint
sitmap_crs_catalog_get_n_entries (SitmapCrsCatalog *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_CATALOG (self), 0);
  return self->entries->len;
}

const SitmapCrsCatalogEntry *
sitmap_crs_catalog_get_entry (SitmapCrsCatalog *self,
                              guint             index)
{
  g_return_val_if_fail (SITMAP_IS_CRS_CATALOG (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return g_ptr_array_index (self->entries, index);
}

int
sitmap_crs_catalog_find (SitmapCrsCatalog *self,
                         const char       *id)
{
  g_return_val_if_fail (SITMAP_IS_CRS_CATALOG (self), -1);
  g_return_val_if_fail (id != NULL, -1);
  return (int)GPOINTER_TO_UINT (g_hash_table_lookup (self->by_id, id)) - 1;
}

static gboolean
in_area (const SitmapCrsCatalogEntry *entry,
         double                       lon,
         double                       lat,
         double                       tolerance)
{
  double west = entry->bbox[0], east = entry->bbox[2];

  if (!isfinite (lon) || !isfinite (lat) ||
      lat < entry->bbox[1] - tolerance || lat > entry->bbox[3] + tolerance)
    return FALSE;
  /* An area across the antimeridian has its west east of its east. */
  if (west > east)
    return lon >= west - tolerance || lon <= east + tolerance;
  return lon >= west - tolerance && lon <= east + tolerance;
}

/* The corners and the middle of the extent, read in the entry's system,
 * all inside its area of use.  Only the system's own conversion to its
 * base longitude/latitude is needed, no datum shift: at the scale of an
 * area of use the datums agree. */
static gboolean
entry_fits (PJ_CONTEXT            *context,
            SitmapCrsCatalogEntry *entry,
            const double           extent[4])
{
  const double xs[] = { extent[0], extent[0], extent[2], extent[2], (extent[0] + extent[2]) / 2 };
  const double ys[] = { extent[1], extent[3], extent[1], extent[3], (extent[1] + extent[3]) / 2 };
  g_auto(GStrv) parts = NULL;
  PJ *crs, *base = NULL, *raw = NULL, *inverse = NULL;
  gboolean fits = FALSE;

  if (!isfinite (entry->bbox[0]))
    return FALSE;

  if (!entry->projected)
    {
      for (guint i = 0; i < G_N_ELEMENTS (xs); i++)
        if (!in_area (entry, xs[i], ys[i], AREA_TOLERANCE))
          return FALSE;
      entry->centred = in_area (entry, xs[4], ys[4], 0);
      entry->middle[0] = xs[4];
      entry->middle[1] = ys[4];
      return TRUE;
    }

  parts = g_strsplit (entry->id, ":", 2);
  crs = proj_create_from_database (context, parts[0], parts[1], PJ_CATEGORY_CRS, FALSE, NULL);
  if (crs != NULL)
    base = proj_crs_get_geodetic_crs (context, crs);
  if (base != NULL)
    raw = proj_create_crs_to_crs_from_pj (context, crs, base, NULL, NULL);
  if (raw != NULL)
    inverse = proj_normalize_for_visualization (context, raw);
  if (inverse != NULL)
    {
      fits = TRUE;
      for (guint i = 0; fits && i < G_N_ELEMENTS (xs); i++)
        {
          PJ_COORD c = proj_trans (inverse, PJ_FWD, proj_coord (xs[i], ys[i], 0, 0));

          fits = in_area (entry, c.lp.lam, c.lp.phi, AREA_TOLERANCE);
          /* The last point is the middle. */
          entry->centred = fits && in_area (entry, c.lp.lam, c.lp.phi, 0);
          entry->middle[0] = c.lp.lam;
          entry->middle[1] = c.lp.phi;
        }
    }
  proj_destroy (inverse);
  proj_destroy (raw);
  proj_destroy (base);
  proj_destroy (crs);
  /* A failed conversion leaves its error behind for the next one. */
  proj_context_errno (context);
  return fits;
}

static double
area_size (const SitmapCrsCatalogEntry *entry)
{
  double width = entry->bbox[2] - entry->bbox[0];

  if (width < 0)
    width += 360;
  return width * (entry->bbox[3] - entry->bbox[1]);
}

/* Those holding the data's middle first, then smaller areas; g_qsort_with_data() is stable, so ties keep the
 * database's order. */
static int
compare_area (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const SitmapCrsCatalogEntry *ea = *(SitmapCrsCatalogEntry * const *)a;
  const SitmapCrsCatalogEntry *eb = *(SitmapCrsCatalogEntry * const *)b;
  double sa = area_size (ea), sb = area_size (eb);

  if (ea->centred != eb->centred)
    return ea->centred ? -1 : 1;
  if (sa != sb)
    return sa < sb ? -1 : 1;
  return 0;
}

guint
sitmap_crs_catalog_rank (SitmapCrsCatalog *self,
                         const double      extent[4],
                         GCancellable     *cancellable)
{
  g_autoptr(GPtrArray) fitting = NULL;
  g_autoptr(GPtrArray) rest = NULL;
  PJ_CONTEXT *context;
  guint n_fit;

  g_return_val_if_fail (SITMAP_IS_CRS_CATALOG (self), 0);
  g_return_val_if_fail (extent != NULL, 0);

  for (guint i = 0; i < 4; i++)
    if (!isfinite (extent[i]))
      return 0;

  context = quiet_context ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      SitmapCrsCatalogEntry *entry = g_ptr_array_index (self->entries, i);

      if (g_cancellable_is_cancelled (cancellable))
        {
          proj_context_destroy (context);
          return 0;
        }
      entry->centred = FALSE;
      entry->fits = entry_fits (context, entry, extent);
    }
  proj_context_destroy (context);

  fitting = g_ptr_array_new ();
  rest = g_ptr_array_new ();
  for (guint i = 0; i < self->entries->len; i++)
    {
      SitmapCrsCatalogEntry *entry = g_ptr_array_index (self->entries, i);

      g_ptr_array_add (entry->fits ? fitting : rest, entry);
    }
  n_fit = fitting->len;
  /* The most local system first: data that fits a national or regional
   * grid was more likely made in it than in a world-wide one. */
  g_qsort_with_data (fitting->pdata, fitting->len, sizeof (gpointer), compare_area, NULL);

  /* Reorder in place without freeing: the array owns the entries. */
  for (guint i = 0; i < fitting->len; i++)
    self->entries->pdata[i] = fitting->pdata[i];
  for (guint i = 0; i < rest->len; i++)
    self->entries->pdata[n_fit + i] = rest->pdata[i];
  index_entries (self);
  return n_fit;
}

gboolean
sitmap_crs_catalog_entry_matches (const SitmapCrsCatalogEntry *entry,
                                  const char                  *query)
{
  g_autofree char *haystack = NULL;
  g_autofree char *needle = NULL;
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);

  if (query == NULL)
    return TRUE;

  {
    g_autofree char *joined = g_strjoin (" ", entry->id, entry->name, entry->area, NULL);

    haystack = g_utf8_casefold (joined, -1);
  }
  needle = g_utf8_casefold (query, -1);
  words = g_strsplit_set (needle, " \t\n/,", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0' && strstr (haystack, words[i]) == NULL)
      return FALSE;
  return TRUE;
}
