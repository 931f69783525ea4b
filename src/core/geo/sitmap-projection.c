/* sitmap-projection.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>
#include <proj.h>

#include "sitmap-projection.h"

struct _SitmapProjection
{
  GObject     parent_instance;

  /* Made on first use for a definition with a known pipeline: opening a
   * context reads PROJ's database, a few milliseconds each time, and
   * many projections are made only to compare their definitions or are
   * replaced before anything is projected.  lock guards the making. */
  GMutex      lock;
  char       *pipeline;
  PJ_CONTEXT *context;
  PJ         *transform;
  char       *definition;
  double      central_longitude;
};

G_DEFINE_FINAL_TYPE (SitmapProjection, sitmap_projection, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-projection-error-quark, sitmap_projection_error)

/* PROJ's default context searches the network and logs to stderr; the app
 * works offline and reports errors itself. */
static PJ_CONTEXT *
create_quiet_context (void)
{
  PJ_CONTEXT *context = proj_context_create ();

  proj_context_set_enable_network (context, FALSE);
  proj_log_level (context, PJ_LOG_NONE);
  return context;
}

/* The pipeline PROJ would make from longitude/latitude on WGS 84 to a
 * plain PROJ string on the same datum: degrees to radians, then the
 * projection on the WGS 84 ellipsoid.  Asked for "EPSG:4326" to
 * definition, PROJ gives exactly this (bit for bit, forward and inverse,
 * checked for laea and eqearth over the globe) but first reads its SQLite
 * database, a tenth of a thumbnail's whole process.  NULL for anything
 * but the few parameters known to mean the same in both. */
static char *
pipeline_for (const char *definition)
{
  static const char * const allowed[] = {
    "+lat_0=", "+lon_0=", "+lat_1=", "+lat_2=", "+lat_ts=", "+x_0=", "+y_0=", "+k=", "+k_0=", NULL
  };
  g_auto(GStrv) tokens = g_strsplit (definition, " ", -1);
  g_autoptr(GString) pipeline = g_string_new ("+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step");
  gboolean datum = FALSE, projection = FALSE;

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      const char *t = tokens[i];
      gboolean ok = FALSE;

      if (*t == '\0' || g_str_equal (t, "+no_defs") || g_str_equal (t, "+units=m"))
        continue;
      if (g_str_equal (t, "+datum=WGS84"))
        {
          datum = TRUE;
          continue;
        }
      if (g_str_has_prefix (t, "+proj=") && !projection)
        {
          const char *name = t + strlen ("+proj=");

          if (g_str_equal (name, "longlat") || g_str_equal (name, "latlong") ||
              g_str_equal (name, "lonlat") || g_str_equal (name, "latlon") ||
              g_str_equal (name, "pipeline") || *name == '\0')
            return NULL;
          projection = ok = TRUE;
        }
      for (guint k = 0; !ok && allowed[k] != NULL; k++)
        ok = g_str_has_prefix (t, allowed[k]);
      if (!ok)
        return NULL;
      g_string_append_c (pipeline, ' ');
      g_string_append (pipeline, t);
    }
  if (!datum || !projection)
    return NULL;
  g_string_append (pipeline, " +ellps=WGS84");
  return g_string_free (g_steal_pointer (&pipeline), FALSE);
}

static void
sitmap_projection_finalize (GObject *object)
{
  SitmapProjection *self = (SitmapProjection *)object;

  g_clear_pointer (&self->transform, proj_destroy);
  g_clear_pointer (&self->context, proj_context_destroy);
  g_clear_pointer (&self->definition, g_free);
  g_clear_pointer (&self->pipeline, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sitmap_projection_parent_class)->finalize (object);
}

static void
sitmap_projection_class_init (SitmapProjectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_projection_finalize;
}

static void
sitmap_projection_init (SitmapProjection *self)
{
  g_mutex_init (&self->lock);
}

/* The transform from WGS 84 degrees to definition, in context; NULL when
 * PROJ cannot make it, with the reason in context. */
static PJ *
create_transform (PJ_CONTEXT *context,
                  const char *pipeline,
                  const char *definition)
{
  PJ *raw, *transform;

  if (pipeline != NULL && (transform = proj_create (context, pipeline)) != NULL)
    return transform;

  raw = proj_create_crs_to_crs (context, "EPSG:4326", definition, NULL);
  if (raw == NULL)
    return NULL;
  /* EPSG:4326 is latitude first; normalising makes every call lon, lat. */
  transform = proj_normalize_for_visualization (context, raw);
  proj_destroy (raw);
  return transform;
}

/* The transform, made now if it was put off; NULL only if PROJ cannot
 * make a pipeline it made before, which leaves every point unprojected. */
static PJ *
get_transform (SitmapProjection *self)
{
  PJ *transform;

  g_mutex_lock (&self->lock);
  if (self->transform == NULL && self->pipeline != NULL)
    {
      self->context = create_quiet_context ();
      self->transform = create_transform (self->context, self->pipeline, self->definition);
      g_clear_pointer (&self->pipeline, g_free);
    }
  transform = self->transform;
  g_mutex_unlock (&self->lock);
  return transform;
}

SitmapProjection *
sitmap_projection_new (const char  *proj_definition,
                       double       central_longitude,
                       GError     **error)
{
  g_autoptr(SitmapProjection) self = NULL;

  g_return_val_if_fail (proj_definition != NULL, NULL);

  self = g_object_new (SITMAP_TYPE_PROJECTION, NULL);
  self->definition = g_strdup (proj_definition);
  self->central_longitude = central_longitude;

  /* A known pipeline is made when first used; anything else is checked
   * now, so a bad definition is an error here. */
  if ((self->pipeline = pipeline_for (proj_definition)) != NULL)
    return g_steal_pointer (&self);

  self->context = create_quiet_context ();
  self->transform = create_transform (self->context, NULL, proj_definition);
  if (self->transform == NULL)
    {
      g_set_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_INVALID_CRS,
                   _("Cannot create the projection “%s”: %s"), proj_definition,
                   proj_context_errno_string (self->context, proj_context_errno (self->context)));
      return NULL;
    }

  return g_steal_pointer (&self);
}

SitmapProjection *
sitmap_projection_new_for_extent (double   west,
                                  double   south,
                                  double   east,
                                  double   north,
                                  GError **error)
{
  g_autofree char *definition = NULL;
  char lon_text[G_ASCII_DTOSTR_BUF_SIZE];
  char lat_text[G_ASCII_DTOSTR_BUF_SIZE];
  double width = east - west;
  double centre_lon, centre_lat;

  if (width < 0)
    width += 360;

  /* A regional map keeps shapes and areas honest with an azimuthal
   * equal-area projection centred on it; beyond about a third of the globe
   * that distorts too much, and a world projection reads better. */
  if (width > 150 || north - south > 100)
    {
      centre_lon = fmod (west + width / 2 + 540, 360) - 180;
      if (width >= 359)
        centre_lon = 0;
      g_ascii_formatd (lon_text, sizeof lon_text, "%.4f", centre_lon);
      definition = g_strdup_printf ("+proj=eqearth +lon_0=%s +datum=WGS84 +units=m +no_defs", lon_text);
    }
  else
    {
      /* Rounded to half degrees: nearby extents share one projection, so
       * opening a story on the region already shown reprojects nothing. */
      centre_lon = round (2 * (fmod (west + width / 2 + 540, 360) - 180)) / 2;
      centre_lat = CLAMP (round ((south + north)) / 2, -90, 90);
      g_ascii_formatd (lon_text, sizeof lon_text, "%.4f", centre_lon);
      g_ascii_formatd (lat_text, sizeof lat_text, "%.4f", centre_lat);
      definition = g_strdup_printf ("+proj=laea +lat_0=%s +lon_0=%s +datum=WGS84 +units=m +no_defs",
                                    lat_text, lon_text);
    }

  return sitmap_projection_new (definition, centre_lon, error);
}

const char *
sitmap_projection_get_definition (SitmapProjection *self)
{
  g_return_val_if_fail (SITMAP_IS_PROJECTION (self), NULL);

  return self->definition;
}

double
sitmap_projection_get_central_longitude (SitmapProjection *self)
{
  g_return_val_if_fail (SITMAP_IS_PROJECTION (self), 0);

  return self->central_longitude;
}

void
sitmap_projection_forward (SitmapProjection *self,
                           double           *xy,
                           gsize             n_points)
{
  PJ *transform;

  g_return_if_fail (SITMAP_IS_PROJECTION (self));

  if (n_points == 0)
    return;

  if ((transform = get_transform (self)) == NULL)
    {
      for (gsize i = 0; i < 2 * n_points; i++)
        xy[i] = NAN;
      return;
    }
  proj_trans_generic (transform, PJ_FWD,
                      xy, 2 * sizeof (double), n_points,
                      xy + 1, 2 * sizeof (double), n_points,
                      NULL, 0, 0,
                      NULL, 0, 0);

  /* PROJ marks failures with HUGE_VAL; callers test isfinite(). */
  for (gsize i = 0; i < 2 * n_points; i++)
    if (!isfinite (xy[i]) || fabs (xy[i]) > 1e15)
      xy[i] = NAN;
}

gboolean
sitmap_projection_inverse (SitmapProjection *self,
                           double            x,
                           double            y,
                           double           *lon,
                           double           *lat)
{
  PJ_COORD coord;
  PJ *transform;

  g_return_val_if_fail (SITMAP_IS_PROJECTION (self), FALSE);

  if ((transform = get_transform (self)) == NULL)
    return FALSE;
  coord = proj_trans (transform, PJ_INV, proj_coord (x, y, 0, 0));
  if (!isfinite (coord.xy.x) || !isfinite (coord.xy.y) || fabs (coord.xy.x) > 1e10)
    return FALSE;

  *lon = coord.lp.lam;
  *lat = coord.lp.phi;
  return TRUE;
}

struct _SitmapCrsTransform
{
  PJ_CONTEXT *context;
  PJ         *transform;
  char       *name;
  gboolean    identity;
};

void
sitmap_crs_transform_free (SitmapCrsTransform *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->transform, proj_destroy);
  g_clear_pointer (&self->context, proj_context_destroy);
  g_free (self->name);
  g_free (self);
}

static gboolean
crs_is_wgs84_geographic (PJ_CONTEXT *context,
                         PJ         *crs)
{
  PJ *wgs84 = proj_create (context, "EPSG:4326");
  gboolean same;

  if (wgs84 == NULL)
    return FALSE;

  same = proj_is_equivalent_to (crs, wgs84, PJ_COMP_EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS);
  proj_destroy (wgs84);
  return same;
}

/* The .prj that Natural Earth, and ESRI's tools for any data in plain
 * WGS 84 degrees, write: what PROJ would find to be longitude/latitude on
 * WGS 84 after reading its database, a tenth of a thumbnail's process. */
static gboolean
is_esri_wgs84 (const char *wkt)
{
  static const char esri[] =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
    "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";
  const char *e = esri;

  for (const char *p = wkt; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        continue;
      if (*p != *e)
        return FALSE;
      e++;
    }
  return *e == '\0';
}

SitmapCrsTransform *
sitmap_crs_transform_new (const char  *source_crs,
                          GError     **error)
{
  g_autoptr(SitmapCrsTransform) self = g_new0 (SitmapCrsTransform, 1);
  PJ *source;
  PJ *target;
  PJ *raw;

  g_return_val_if_fail (source_crs != NULL, NULL);

  if (is_esri_wgs84 (source_crs))
    {
      self->name = g_strdup ("GCS_WGS_1984");
      self->identity = TRUE;
      return g_steal_pointer (&self);
    }

  self->context = create_quiet_context ();
  source = proj_create (self->context, source_crs);
  if (source == NULL)
    {
      g_set_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_INVALID_CRS,
                   _("the coordinate system is not understood (%s)"),
                   proj_context_errno_string (self->context, proj_context_errno (self->context)));
      return NULL;
    }

  self->name = g_strdup (proj_get_name (source));

  /* WKT1 from ESRI .prj files is recognised by proj_create; a geographic
   * CRS on the WGS 84 (or a practically identical) datum needs no work. */
  if (crs_is_wgs84_geographic (self->context, source))
    {
      self->identity = TRUE;
      proj_destroy (source);
      return g_steal_pointer (&self);
    }

  target = proj_create (self->context, "EPSG:4326");
  raw = proj_create_crs_to_crs_from_pj (self->context, source, target, NULL, NULL);
  proj_destroy (target);
  proj_destroy (source);
  if (raw == NULL)
    {
      g_set_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_INVALID_CRS,
                   _("no transformation from %s to longitude/latitude"), self->name);
      return NULL;
    }

  self->transform = proj_normalize_for_visualization (self->context, raw);
  proj_destroy (raw);
  if (self->transform == NULL)
    {
      g_set_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_INVALID_CRS,
                   _("cannot normalise the transformation from %s"), self->name);
      return NULL;
    }

  return g_steal_pointer (&self);
}

gboolean
sitmap_crs_transform_is_identity (SitmapCrsTransform *self)
{
  return self->identity;
}

gboolean
sitmap_crs_transform_to_lonlat (SitmapCrsTransform  *self,
                                double              *xy,
                                gsize                n_points,
                                GError             **error)
{
  if (self->identity || n_points == 0)
    return TRUE;

  proj_trans_generic (self->transform, PJ_FWD,
                      xy, 2 * sizeof (double), n_points,
                      xy + 1, 2 * sizeof (double), n_points,
                      NULL, 0, 0,
                      NULL, 0, 0);

  for (gsize i = 0; i < n_points; i++)
    {
      double lon = xy[2 * i], lat = xy[2 * i + 1];

      if (!isfinite (lon) || !isfinite (lat) || fabs (lon) > 540 || fabs (lat) > 90.0001)
        {
          g_set_error (error, SITMAP_PROJECTION_ERROR, SITMAP_PROJECTION_ERROR_TRANSFORM,
                       _("coordinates cannot be converted from %s to longitude/latitude"), self->name);
          return FALSE;
        }
    }

  return TRUE;
}
