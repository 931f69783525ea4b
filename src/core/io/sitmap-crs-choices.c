/* sitmap-crs-choices.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "sitmap-crs-choices.h"

struct _SitmapCrsChoices
{
  GObject  parent_instance;

  char    *path;
};

G_DEFINE_FINAL_TYPE (SitmapCrsChoices, sitmap_crs_choices, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-crs-choices-error-quark, sitmap_crs_choices_error)

static void
sitmap_crs_choices_finalize (GObject *object)
{
  SitmapCrsChoices *self = (SitmapCrsChoices *)object;

  g_free (self->path);

  G_OBJECT_CLASS (sitmap_crs_choices_parent_class)->finalize (object);
}

static void
sitmap_crs_choices_class_init (SitmapCrsChoicesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_crs_choices_finalize;
}

static void
sitmap_crs_choices_init (SitmapCrsChoices *self)
{
}

SitmapCrsChoices *
sitmap_crs_choices_new (const char *path)
{
  SitmapCrsChoices *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (SITMAP_TYPE_CRS_CHOICES, NULL);
  self->path = g_strdup (path);
  return self;
}

SitmapCrsChoices *
sitmap_crs_choices_new_default (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "sitmap", "crs-choices.ini", NULL);

  return sitmap_crs_choices_new (path);
}

const char *
sitmap_crs_choices_get_path (SitmapCrsChoices *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS_CHOICES (self), NULL);
  return self->path;
}

/* The group of a file as it is now: its absolute path; and its size and
 * time, which must still match.  FALSE when the file cannot be looked at. */
static gboolean
describe_file (const char  *shp_path,
               char       **group,
               guint64     *size,
               gint64      *mtime_usec)
{
  g_autoptr(GFile) file = g_file_new_for_path (shp_path);
  g_autoptr(GFileInfo) info = g_file_query_info (file,
                                                 G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                                 G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info == NULL)
    return FALSE;
  *group = g_file_get_path (file);
  *size = g_file_info_get_size (info);
  *mtime_usec = (gint64)g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC +
                g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
  return *group != NULL;
}

char *
sitmap_crs_choices_lookup (SitmapCrsChoices *self,
                           const char       *shp_path)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autofree char *group = NULL;
  g_autofree char *crs = NULL;
  guint64 size;
  gint64 mtime;

  g_return_val_if_fail (SITMAP_IS_CRS_CHOICES (self), NULL);
  g_return_val_if_fail (shp_path != NULL, NULL);

  if (!describe_file (shp_path, &group, &size, &mtime) ||
      !g_key_file_load_from_file (keys, self->path, G_KEY_FILE_NONE, NULL) ||
      g_key_file_get_uint64 (keys, group, "size", NULL) != size ||
      g_key_file_get_int64 (keys, group, "mtime-usec", NULL) != mtime)
    return NULL;

  crs = g_key_file_get_string (keys, group, "crs", NULL);
  if (crs == NULL || crs[0] == '\0')
    return NULL;
  return g_steal_pointer (&crs);
}

gboolean
sitmap_crs_choices_remember (SitmapCrsChoices  *self,
                             const char        *shp_path,
                             SitmapCrs         *crs,
                             GError           **error)
{
  g_autoptr(GKeyFile) keys = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *group = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *data = NULL;
  g_autofree char *display = NULL;
  g_autofree char *shp_display = NULL;
  guint64 size;
  gint64 mtime;
  gsize length;

  g_return_val_if_fail (SITMAP_IS_CRS_CHOICES (self), FALSE);
  g_return_val_if_fail (shp_path != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_CRS (crs), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (self->path);
  shp_display = g_filename_display_name (shp_path);
  if (!describe_file (shp_path, &group, &size, &mtime))
    {
      g_set_error (error, SITMAP_CRS_CHOICES_ERROR, SITMAP_CRS_CHOICES_ERROR_WRITE,
                   _("%s: the file cannot be looked at, so its coordinate system cannot be remembered"),
                   shp_display);
      return FALSE;
    }

  /* A damaged key file only loses what it held. */
  if (!g_key_file_load_from_file (keys, self->path, G_KEY_FILE_KEEP_COMMENTS, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    g_warning ("%s: %s; starting afresh", display, local_error->message);

  g_key_file_set_uint64 (keys, group, "size", size);
  g_key_file_set_int64 (keys, group, "mtime-usec", mtime);
  g_key_file_set_string (keys, group, "crs", sitmap_crs_get_definition (crs));
  g_key_file_set_string (keys, group, "name", sitmap_crs_get_name (crs));
  data = g_key_file_to_data (keys, &length, NULL);

  dir = g_path_get_dirname (self->path);
  g_clear_error (&local_error);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (self->path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &local_error))
    {
      g_set_error (error, SITMAP_CRS_CHOICES_ERROR, SITMAP_CRS_CHOICES_ERROR_WRITE,
                   _("%s: the choice of coordinate system cannot be saved (%s)"), display,
                   local_error != NULL ? local_error->message : g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

char *
sitmap_crs_write_prj_beside (const char  *shp_path,
                             SitmapCrs   *crs,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *wkt = NULL;
  g_autofree char *prj_path = NULL;
  g_autofree char *display = NULL;
  const char *dot;
  const char *slash;

  g_return_val_if_fail (shp_path != NULL, NULL);
  g_return_val_if_fail (SITMAP_IS_CRS (crs), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  dot = strrchr (shp_path, '.');
  slash = strrchr (shp_path, G_DIR_SEPARATOR);
  if (dot != NULL && (slash == NULL || dot > slash + 1))
    {
      g_autofree char *stem = g_strndup (shp_path, dot - shp_path);

      prj_path = g_strconcat (stem, ".prj", NULL);
    }
  else
    prj_path = g_strconcat (shp_path, ".prj", NULL);
  display = g_filename_display_name (prj_path);

  if (g_file_test (prj_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, SITMAP_CRS_CHOICES_ERROR, SITMAP_CRS_CHOICES_ERROR_EXISTS,
                   _("%s is already there and was left as it is"), display);
      return NULL;
    }

  wkt = sitmap_crs_to_prj (crs, error);
  if (wkt == NULL)
    return NULL;

  /* Temporary file beside, then renamed over: never half a .prj. */
  if (!g_file_set_contents_full (prj_path, wkt, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, SITMAP_CRS_CHOICES_ERROR, SITMAP_CRS_CHOICES_ERROR_WRITE,
                   _("%s cannot be written (%s)"), display, local_error->message);
      return NULL;
    }
  return g_steal_pointer (&prj_path);
}
