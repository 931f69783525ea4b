/* sitmap-shapefile-hooks.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-shapefile-hooks.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

/* shapelib opens the .shp, .shx and .dbf itself and reports problems on
 * stderr.  Its hooks carry no user data in 1.5, so the state of the load in
 * progress on this thread is reached through a thread-local pointer.  The
 * hooks pick the files the loader resolved (whatever the case of their
 * extensions), serve an index rebuilt in memory when the .shx is missing
 * or damaged, refuse every write, and keep error messages for GError. */

typedef struct
{
  FILE         *fp;
  const guint8 *data;        /* in-memory file when fp is NULL */
  gsize         size;
  gsize         pos;
} HookFile;

static _Thread_local SitmapShapefileHookState *hook_state;

static gboolean
has_extension (const char *filename,
               const char *ext)
{
  const char *dot = strrchr (filename, '.');

  return dot != NULL && g_ascii_strcasecmp (dot + 1, ext) == 0;
}

static SAFile
hook_file_new_from_data (const guint8 *data,
                         gsize         size)
{
  HookFile *file = g_new0 (HookFile, 1);

  file->data = data;
  file->size = size;
  return (SAFile)(gpointer)file;
}

static SAFile
hook_file_new_from_bytes (GBytes *bytes)
{
  const guint8 *data;
  gsize size;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  return hook_file_new_from_data (data, size);
}

static SAFile
hook_fopen (const char *filename,
            const char *access)
{
  HookFile *file;
  const char *real_path = filename;
  FILE *fp;

  if (strpbrk (access, "wa+") != NULL)
    return NULL;

  /* A rebuilt index stands in for the .shx, on disk or in memory. */
  if (hook_state != NULL && hook_state->shx_data != NULL && has_extension (filename, "shx"))
    return hook_file_new_from_data (hook_state->shx_data, hook_state->shx_size);

  if (hook_state != NULL && hook_state->in_memory)
    {
      if (has_extension (filename, "shp"))
        return hook_file_new_from_bytes (hook_state->shp_bytes);
      else if (has_extension (filename, "shx"))
        return hook_file_new_from_bytes (hook_state->shx_bytes);
      else if (has_extension (filename, "dbf"))
        return hook_file_new_from_bytes (hook_state->dbf_bytes);
      return NULL;
    }

  if (hook_state != NULL)
    {
      if (has_extension (filename, "shp"))
        real_path = hook_state->shp_path;
      else if (has_extension (filename, "shx"))
        real_path = hook_state->shx_path;
      else if (has_extension (filename, "dbf"))
        real_path = hook_state->dbf_path;
      else
        /* The .cpg is read by the loader, not by shapelib. */
        real_path = NULL;
    }

  if (real_path == NULL)
    return NULL;

  fp = g_fopen (real_path, "rb");
  if (fp == NULL)
    return NULL;

  file = g_new0 (HookFile, 1);
  file->fp = fp;
  return (SAFile)(gpointer)file;
}

static SAOffset
hook_fread (void     *p,
            SAOffset  size,
            SAOffset  nmemb,
            SAFile    f)
{
  HookFile *file = (HookFile *)(gpointer)f;
  gsize available;
  gsize count;

  if (file->fp != NULL)
    return fread (p, size, nmemb, file->fp);

  if (size == 0 || file->pos >= file->size)
    return 0;
  available = file->size - file->pos;
  count = MIN (nmemb, available / size);
  memcpy (p, file->data + file->pos, count * size);
  file->pos += count * size;
  return count;
}

static SAOffset
hook_fwrite (void     *p,
             SAOffset  size,
             SAOffset  nmemb,
             SAFile    f)
{
  return 0;
}

static SAOffset
hook_fseek (SAFile   f,
            SAOffset offset,
            int      whence)
{
  HookFile *file = (HookFile *)(gpointer)f;

  if (file->fp != NULL)
    return fseeko (file->fp, (off_t)offset, whence) == 0 ? 0 : (SAOffset)-1;

  switch (whence)
    {
    case SEEK_SET:
      file->pos = offset;
      break;
    case SEEK_CUR:
      file->pos += offset;
      break;
    case SEEK_END:
      file->pos = file->size + offset;
      break;
    default:
      return (SAOffset)-1;
    }
  return 0;
}

static SAOffset
hook_ftell (SAFile f)
{
  HookFile *file = (HookFile *)(gpointer)f;

  if (file->fp != NULL)
    return (SAOffset)ftello (file->fp);
  return file->pos;
}

static int
hook_fflush (SAFile f)
{
  return 0;
}

static int
hook_fclose (SAFile f)
{
  HookFile *file = (HookFile *)(gpointer)f;
  int ret = 0;

  if (file->fp != NULL)
    ret = fclose (file->fp);
  g_free (file);
  return ret;
}

static int
hook_remove (const char *filename)
{
  return -1;
}

static void
hook_error (const char *message)
{
  char *text;

  if (hook_state == NULL)
    {
      g_debug ("shapelib: %s", message);
      return;
    }

  /* Our messages are one line; some of shapelib's are not. */
  text = g_strstrip (g_strdelimit (g_strdup (message), "\r\n", ' '));
  if (g_str_has_suffix (text, "."))
    text[strlen (text) - 1] = '\0';

  g_free (hook_state->last_error);
  hook_state->last_error = text;
}

static double
hook_atof (const char *str)
{
  /* atof() follows the locale; DBF numbers always use a decimal point. */
  return g_ascii_strtod (str, NULL);
}

void
sitmap_shapefile_hooks_install (SAHooks                  *hooks,
                                SitmapShapefileHookState *state)
{
  SASetupDefaultHooks (hooks);
  hooks->FOpen = hook_fopen;
  hooks->FRead = hook_fread;
  hooks->FWrite = hook_fwrite;
  hooks->FSeek = hook_fseek;
  hooks->FTell = hook_ftell;
  hooks->FFlush = hook_fflush;
  hooks->FClose = hook_fclose;
  hooks->Remove = hook_remove;
  hooks->Error = hook_error;
  hooks->Atof = hook_atof;
  hook_state = state;
}

void
sitmap_shapefile_hooks_release (SitmapShapefileHookState *state)
{
  /* Nothing may leave the hooks pointing at freed state. */
  if (hook_state == state)
    hook_state = NULL;
}
