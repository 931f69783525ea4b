/* sitmap-shapefile-record.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sitmap-shapefile-private.h"

#include <math.h>

/* One record of the .shp into a feature: its parts checked and closed,
 * its coordinates brought to longitude/latitude or found not to be, its
 * attributes and name from the .dbf row of the same number. */

static void
note_bad_record (Loader     *self,
                 int         record,
                 const char *reason)
{
  self->n_bad++;
  if (self->first_bad == NULL)
    self->first_bad = g_strdup_printf ("record %d: %s", record + 1, reason);
}

gboolean
sitmap_shapefile_is_lonlat (double x_min,
                            double y_min,
                            double x_max,
                            double y_max)
{
  return x_min >= -180.0 - LONLAT_EPSILON && x_max <= 180.0 + LONLAT_EPSILON &&
         y_min >= -90.0 - LONLAT_EPSILON && y_max <= 90.0 + LONLAT_EPSILON;
}

static char *
format_coordinate (double value)
{
  if (fabs (value) >= 1000.0)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%g", value);
}

/* The coordinate that most plainly is not longitude/latitude, in words:
 * "x up to 512345". */
static char *
describe_out_of_range (double x_min,
                       double y_min,
                       double x_max,
                       double y_max)
{
  struct { double excess; const char *what; double value; } worst[] = {
    { x_max - 180.0, _("x up to"), x_max },
    { -180.0 - x_min, _("x down to"), x_min },
    { y_max - 90.0, _("y up to"), y_max },
    { -90.0 - y_min, _("y down to"), y_min },
  };
  guint pick = 0;
  g_autofree char *number = NULL;

  for (guint i = 1; i < G_N_ELEMENTS (worst); i++)
    if (worst[i].excess > worst[pick].excess)
      pick = i;

  number = format_coordinate (worst[pick].value);
  return g_strdup_printf ("%s %s", worst[pick].what, number);
}

/* Copies one part, checking each coordinate; returns the number of pairs
 * written or -1 for a coordinate that is not a finite number. */
static int
copy_part (const SHPObject *obj,
           int              start,
           int              end,
           double          *out)
{
  for (int v = start; v < end; v++)
    {
      double x = obj->padfX[v];
      double y = obj->padfY[v];

      if (!isfinite (x) || !isfinite (y))
        return -1;
      out[0] = x;
      out[1] = y;
      out += 2;
    }
  return end - start;
}

/* Outline of a triangle strip: every other vertex along one side, then
 * back along the other. */
static int
copy_strip_outline (const SHPObject *obj,
                    int              start,
                    int              end,
                    double          *out)
{
  int n = end - start;
  int k = 0;

  for (int i = 0; i < n; i += 2, k++)
    {
      out[2 * k] = obj->padfX[start + i];
      out[2 * k + 1] = obj->padfY[start + i];
    }
  for (int i = (n - 1) % 2 == 1 ? n - 1 : n - 2; i >= 1; i -= 2, k++)
    {
      out[2 * k] = obj->padfX[start + i];
      out[2 * k + 1] = obj->padfY[start + i];
    }

  for (int i = 0; i < 2 * k; i++)
    if (!isfinite (out[i]))
      return -1;
  return k;
}

/* Turns a record into parts; NULL reason on success.  The arrays are
 * sized for the worst case, one closing vertex per ring. */
static const char *
build_geometry (Loader           *self,
                const SHPObject  *obj,
                guint            *n_parts_out,
                guint           **part_start_out,
                double          **lonlat_out)
{
  g_autofree guint *part_start = NULL;
  g_autofree double *lonlat = NULL;
  SitmapGeometryKind kind;
  guint n_parts = 0;
  guint n_points = 0;

  if (!sitmap_shapefile_kind_for_type (obj->nSHPType, &kind))
    return _("the shape type is unknown");
  if (kind != self->kind)
    return _("its shape type differs from the file's");
  if (obj->nVertices < 0 || obj->nParts < 0)
    return _("negative vertex or part count");

  if (kind == SITMAP_GEOMETRY_POINTS)
    {
      part_start = g_new (guint, obj->nVertices + 1);
      lonlat = g_new (double, 2 * (gsize)obj->nVertices);
      if (copy_part (obj, 0, obj->nVertices, lonlat) < 0)
        return _("a coordinate is not a finite number");
      for (int v = 0; v <= obj->nVertices; v++)
        part_start[v] = v;
      n_parts = obj->nVertices;
    }
  else
    {
      gsize capacity = (gsize)obj->nVertices + obj->nParts;

      if (obj->nParts == 0)
        return _("it has vertices but no parts");
      if (obj->panPartStart[0] < 0)
        return _("a part starts before the first vertex");

      part_start = g_new (guint, obj->nParts + 1);
      lonlat = g_new (double, 2 * capacity);
      part_start[0] = 0;

      for (int p = 0; p < obj->nParts; p++)
        {
          int start = obj->panPartStart[p];
          int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;
          int part_type = obj->panPartType != NULL ? obj->panPartType[p] : SHPP_RING;
          double *out = lonlat + 2 * (gsize)n_points;
          int n;

          if (end <= start || end > obj->nVertices)
            return _("its part offsets are out of order or past the last vertex");

          if (kind == SITMAP_GEOMETRY_LINES)
            {
              if (end - start < 2)
                continue;
              n = copy_part (obj, start, end, out);
            }
          else
            {
              if (end - start < 3)
                continue;
              /* Multipatch parts become rings: a strip by its outline, a
               * fan as it is (centre, then the rim, is its outline), and
               * outer, inner and plain rings as they are.  Even-odd
               * filling then shows the footprint; Z is ignored. */
              if (obj->nSHPType == SHPT_MULTIPATCH && part_type == SHPP_TRISTRIP)
                n = copy_strip_outline (obj, start, end, out);
              else
                n = copy_part (obj, start, end, out);

              if (n > 0 && (out[0] != out[2 * n - 2] || out[1] != out[2 * n - 1]))
                {
                  out[2 * n] = out[0];
                  out[2 * n + 1] = out[1];
                  n++;
                }
            }

          if (n < 0)
            return _("a coordinate is not a finite number");

          n_points += n;
          n_parts++;
          part_start[n_parts] = n_points;
        }

      if (n_parts == 0)
        return kind == SITMAP_GEOMETRY_LINES ? _("every line has fewer than 2 vertices")
                                             : _("every ring has fewer than 3 vertices");
    }

  *n_parts_out = n_parts;
  *part_start_out = g_steal_pointer (&part_start);
  *lonlat_out = g_steal_pointer (&lonlat);
  return NULL;
}

static char **
read_attributes (Loader *self,
                 int     record,
                 char  **name)
{
  char **values = g_new0 (char *, self->n_fields + 1);
  gboolean have_row = self->dbf != NULL && record < DBFGetRecordCount (self->dbf);
  gboolean unreadable = FALSE;

  for (guint f = 0; f < self->n_fields; f++)
    {
      const char *raw = NULL;

      if (have_row && !unreadable)
        {
          raw = DBFReadStringAttribute (self->dbf, record, f);
          if (raw == NULL)
            {
              /* The row is cut off or unreadable: its other fields are too. */
              unreadable = TRUE;
              self->n_dbf_unreadable++;
            }
          /* Numeric NULLs are stored as "*****" or blanks. */
          if (raw != NULL && !self->field_is_string[f] &&
              DBFIsAttributeNULL (self->dbf, record, f))
            raw = "";
        }
      values[f] = raw != NULL ? sitmap_dbf_decoder_decode (self->decoder, raw) : g_strdup ("");
    }

  *name = NULL;
  for (guint i = 0; i < self->name_fields->len && *name == NULL; i++)
    {
      const char *value = values[g_array_index (self->name_fields, int, i)];

      if (value[0] != '\0')
        *name = g_strdup (value);
    }
  if (*name == NULL)
    *name = g_strdup ("");

  return values;
}

void
sitmap_shapefile_set_no_crs_error (Loader      *self,
                                   const char  *where,
                                   GError     **error)
{
  g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS,
               _("%s: there is no .prj file, so the coordinate system is unknown, and the "
                 "coordinates are not longitude/latitude (%s); give one with --crs "
                 "(for example --crs EPSG:32636) or add the .prj that came with the data"),
               self->display, where);
}

/* Reads one record into the layer; FALSE with error only for a problem
 * that ends the whole load (projected data with no .prj). */
gboolean
sitmap_shapefile_load_record (Loader      *self,
                              SitmapLayer *layer,
                              int          record,
                              gboolean    *loaded,
                              GError     **error)
{
  g_autofree guint *part_start = NULL;
  g_autofree double *lonlat = NULL;
  g_autoptr(GError) local_error = NULL;
  SHPObject *obj;
  const char *reason;
  guint n_parts = 0;
  guint n_points;
  guint64 offset;
  guint64 end;
  char *name;
  char **attributes;

  *loaded = FALSE;

  /* The index entry against the bytes really there, before shapelib
   * allocates for the record and reads it. */
  offset = self->shp->panRecOffset[record];
  end = offset + self->shp->panRecSize[record] + 8;
  if (offset < SHP_HEADER_SIZE || self->shp->panRecSize[record] < 4)
    {
      note_bad_record (self, record, _("its index entry is invalid"));
      return TRUE;
    }
  if (end > self->shp_size)
    {
      note_bad_record (self, record, self->header_size > self->shp_size
                                     ? _("the file is truncated")
                                     : _("its index entry points past the end of the file"));
      return TRUE;
    }

  g_clear_pointer (&self->hooks_state.last_error, g_free);
  obj = SHPReadObject (self->shp, record);
  if (obj == NULL)
    {
      note_bad_record (self, record, self->hooks_state.last_error
                                     ? self->hooks_state.last_error : "unreadable");
      return TRUE;
    }

  /* Null and empty shapes are features with no geometry: nothing to draw,
   * and nothing wrong either. */
  if (obj->nSHPType == SHPT_NULL || obj->nVertices == 0)
    {
      SHPDestroyObject (obj);
      return TRUE;
    }

  reason = build_geometry (self, obj, &n_parts, &part_start, &lonlat);
  SHPDestroyObject (obj);
  if (reason != NULL)
    {
      note_bad_record (self, record, reason);
      return TRUE;
    }

  n_points = part_start[n_parts];

  if (self->crs != NULL)
    {
      if (!sitmap_crs_transform_to_lonlat (self->crs, lonlat, n_points, &local_error))
        {
          note_bad_record (self, record, local_error->message);
          return TRUE;
        }
    }
  else
    {
      double x_min = G_MAXDOUBLE, y_min = G_MAXDOUBLE;
      double x_max = -G_MAXDOUBLE, y_max = -G_MAXDOUBLE;

      for (guint i = 0; i < n_points; i++)
        {
          x_min = MIN (x_min, lonlat[2 * i]);
          x_max = MAX (x_max, lonlat[2 * i]);
          y_min = MIN (y_min, lonlat[2 * i + 1]);
          y_max = MAX (y_max, lonlat[2 * i + 1]);
        }

      if (!sitmap_shapefile_is_lonlat (x_min, y_min, x_max, y_max))
        {
          g_autofree char *where = describe_out_of_range (x_min, y_min, x_max, y_max);

          /* With no .prj, when the header agrees the data is not in
           * degrees, this is a projected file without its .prj, and there
           * is no use reading on; otherwise perhaps only this record is
           * bad. */
          if (!self->have_prj && !self->header_is_lonlat)
            {
              sitmap_shapefile_set_no_crs_error (self, where, error);
              return FALSE;
            }

          self->n_not_lonlat++;
          if (self->first_not_lonlat == NULL)
            self->first_not_lonlat = g_strdup (where);
          {
            g_autofree char *why = g_strdup_printf (_("coordinates are out of the range of "
                                                      "longitude/latitude (%s)"), where);
            note_bad_record (self, record, why);
          }
          return TRUE;
        }
    }

  attributes = read_attributes (self, record, &name);
  sitmap_layer_take_feature (layer, name, attributes, n_parts,
                             g_steal_pointer (&part_start), g_steal_pointer (&lonlat));
  *loaded = TRUE;
  return TRUE;
}
