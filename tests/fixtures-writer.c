/* fixtures-writer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "fixtures-writer.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <proj.h>
#include <shapefil.h>

char *
fixture_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sitmap-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

void
fixture_remove_dir (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}

static gboolean
type_has_z (int type)
{
  return type == SHPT_POINTZ || type == SHPT_ARCZ || type == SHPT_POLYGONZ ||
         type == SHPT_MULTIPOINTZ || type == SHPT_MULTIPATCH;
}

static gboolean
type_has_m (int type)
{
  return type == SHPT_POINTM || type == SHPT_ARCM || type == SHPT_POLYGONM ||
         type == SHPT_MULTIPOINTM || type_has_z (type);
}

char *
fixture_write_shapefile (const char          *dir,
                         const char          *name,
                         int                  shape_type,
                         const FixtureShape  *shapes,
                         guint                n_shapes,
                         const char * const  *fields,
                         const char * const  *values,
                         const char          *dbf_codepage)
{
  g_autofree char *base = g_build_filename (dir, name, NULL);
  SHPHandle shp = SHPCreate (base, shape_type);
  guint n_fields = fields ? g_strv_length ((char **)fields) : 0;

  g_assert_nonnull (shp);

  for (guint i = 0; i < n_shapes; i++)
    {
      const FixtureShape *shape = &shapes[i];
      g_autofree double *x = g_new0 (double, MAX (shape->n_vertices, 1));
      g_autofree double *y = g_new0 (double, MAX (shape->n_vertices, 1));
      g_autofree double *z = g_new0 (double, MAX (shape->n_vertices, 1));
      g_autofree double *m = g_new0 (double, MAX (shape->n_vertices, 1));
      SHPObject *obj;

      for (int v = 0; v < shape->n_vertices; v++)
        {
          x[v] = shape->xy[2 * v];
          y[v] = shape->xy[2 * v + 1];
          z[v] = 100.0 + v;
          m[v] = v;
        }

      if (shape->n_vertices == 0)
        obj = SHPCreateObject (SHPT_NULL, -1, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL);
      else
        obj = SHPCreateObject (shape_type, -1, shape->n_parts, shape->part_start,
                               shape->part_type, shape->n_vertices, x, y,
                               type_has_z (shape_type) ? z : NULL,
                               type_has_m (shape_type) ? m : NULL);
      g_assert_nonnull (obj);
      g_assert_cmpint (SHPWriteObject (shp, -1, obj), ==, (int)i);
      SHPDestroyObject (obj);
    }
  SHPClose (shp);

  if (fields != NULL)
    {
      g_autofree char *dbf_path = g_strconcat (base, ".dbf", NULL);
      DBFHandle dbf = DBFCreateEx (dbf_path, dbf_codepage);

      g_assert_nonnull (dbf);
      for (guint f = 0; f < n_fields; f++)
        g_assert_cmpint (DBFAddField (dbf, fields[f], FTString, 60, 0), ==, (int)f);

      for (guint i = 0; i < n_shapes; i++)
        for (guint f = 0; f < n_fields; f++)
          g_assert_true (DBFWriteStringAttribute (dbf, i, f, values[i * n_fields + f]));
      DBFClose (dbf);
    }

  return g_strconcat (base, ".shp", NULL);
}

char *
fixture_write_file (const char *dir,
                    const char *filename,
                    const char *contents,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, filename, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

void
fixture_truncate (const char *path,
                  gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize old_length;

  g_file_get_contents (path, &contents, &old_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, <=, old_length);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

gsize
fixture_record_offset (const char *shx_path,
                       guint       index)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const guint8 *entry;
  gsize length;

  g_file_get_contents (shx_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >=, 100 + 8 * (index + 1));

  entry = (const guint8 *)contents + 100 + 8 * index;
  return 2 * (((gsize)entry[0] << 24) | ((gsize)entry[1] << 16) |
              ((gsize)entry[2] << 8) | entry[3]);
}

void
fixture_patch (const char *path,
               gsize       offset,
               const void *bytes,
               gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize file_length;

  g_file_get_contents (path, &contents, &file_length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (offset + length, <=, file_length);
  memcpy (contents + offset, bytes, length);
  g_file_set_contents (path, contents, file_length, &error);
  g_assert_no_error (error);
}

char *
fixture_sibling (const char *shp_path,
                 const char *ext)
{
  const char *dot = strrchr (shp_path, '.');

  g_assert_nonnull (dot);
  return g_strdup_printf ("%.*s.%s", (int)(dot - shp_path), shp_path, ext);
}

char *
fixture_write_kyiv_utm_square (const char *dir,
                               const char *name)
{
  static const double lonlat[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
  static const char * const fields[] = { "NAME", NULL };
  static const char * const values[] = { "Around Kyiv" };
  static const int part_start[] = { 0 };
  PJ_CONTEXT *context = proj_context_create ();
  PJ *raw = proj_create_crs_to_crs (context, "EPSG:4326", "EPSG:32636", NULL);
  PJ *transform = proj_normalize_for_visualization (context, raw);
  double xy[10];
  FixtureShape shape = { 1, part_start, NULL, 5, xy };

  for (guint i = 0; i < 5; i++)
    {
      PJ_COORD c = proj_trans (transform, PJ_FWD, proj_coord (lonlat[2 * i], lonlat[2 * i + 1], 0, 0));

      xy[2 * i] = c.xy.x;
      xy[2 * i + 1] = c.xy.y;
    }
  g_assert (xy[0] > 200000);
  proj_destroy (transform);
  proj_destroy (raw);
  proj_context_destroy (context);
  return fixture_write_shapefile (dir, name, SHPT_POLYGON, &shape, 1, fields, values, NULL);
}
