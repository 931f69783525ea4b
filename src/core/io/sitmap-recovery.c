/* sitmap-recovery.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sitmap-recovery-private.h"
#include "sitmap-story-writer.h"

#define MAGIC          "sitmap-recovery/1"
#define SUFFIX         ".sitmap-recovery"
#define DAMAGED_SUFFIX ".damaged"
/* Far more than the header's five lines need with a long path, and little
 * enough that a file of garbage is not read line by line for long. */
#define MAX_HEADER     (16 * 1024)

G_DEFINE_QUARK (sitmap-recovery-error-quark, sitmap_recovery_error)

static char *
digest_of (const char *article,
           gsize       article_length,
           const char *story,
           gsize       story_length)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *)article, article_length);
  g_checksum_update (checksum, (const guchar *)story, story_length);
  return g_strdup (g_checksum_get_string (checksum));
}

char *
sitmap_recovery_to_data (SitmapStory *story,
                         const char  *origin,
                         gsize       *length)
{
  g_autofree char *json = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *origin_uri = NULL;
  const char *article;
  gsize json_length, article_length;
  GString *out;

  g_return_val_if_fail (SITMAP_IS_STORY (story), NULL);

  json = sitmap_story_writer_to_json (story, &json_length);
  article = sitmap_story_get_article (story);
  article_length = strlen (article);
  digest = digest_of (article, article_length, json, json_length);
  if (origin != NULL)
    origin_uri = g_filename_to_uri (origin, NULL, NULL);

  out = g_string_sized_new (json_length + article_length + 256);
  g_string_append_printf (out, MAGIC "\norigin %s\narticle %zu\nstory %zu\nsha256 %s\n\n",
                          origin_uri != NULL ? origin_uri : "-", article_length, json_length, digest);
  g_string_append_len (out, article, article_length);
  g_string_append_len (out, json, json_length);
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
sitmap_recovery_write (SitmapStory  *story,
                       const char   *origin,
                       const char   *path,
                       GError      **error)
{
  g_autofree char *data = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (SITMAP_IS_STORY (story), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (dir);

      g_set_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_WRITE,
                   _("%s: cannot make the folder for recovery copies: %s"), display,
                   g_strerror (saved_errno));
      return FALSE;
    }

  data = sitmap_recovery_to_data (story, origin, &length);
  /* The copy is replaced whole (a temporary file beside it, renamed), so
   * that a crash while writing leaves the previous copy; it is not synced
   * to disk every time, as the app being killed is the case to survive. */
  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error_literal (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_WRITE,
                           local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- Reading ------------------------------------------------------------ */

static SitmapStory *
damaged (GError     **error,
         const char  *display_name,
         const char  *why)
{
  g_set_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_DAMAGED,
               _("%s: the recovery copy is damaged: %s"), display_name, why);
  return NULL;
}

/* "key value" as the line, value up to the end of the line. */
static const char *
header_value (const char *line,
              const char *key)
{
  gsize n = strlen (key);

  if (strncmp (line, key, n) != 0 || line[n] != ' ')
    return NULL;
  return line + n + 1;
}

static gboolean
parse_length (const char *text,
              gsize       available,
              gsize      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 0, available, &value, NULL))
    return FALSE;
  *out = (gsize)value;
  return TRUE;
}

SitmapStory *
_sitmap_recovery_read_data_full (const char  *data,
                                 gsize        length,
                                 const char  *display_name,
                                 gboolean     check_digest,
                                 char       **origin,
                                 GError     **error)
{
  g_auto(GStrv) lines = NULL;
  g_autofree char *header = NULL;
  g_autofree char *article = NULL;
  g_autofree char *origin_path = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GError) story_error = NULL;
  const char *end, *body, *value;
  gsize body_length, article_length, story_length;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < strlen (MAGIC) + 1 || memcmp (data, MAGIC "\n", strlen (MAGIC) + 1) != 0)
    return damaged (error, display_name, _("it does not begin as a recovery copy does"));

  end = g_strstr_len (data, MIN (length, MAX_HEADER), "\n\n");
  if (end == NULL)
    return damaged (error, display_name, _("its header is cut short"));
  header = g_strndup (data, end - data);
  if (strlen (header) != (gsize)(end - data) || !g_utf8_validate (header, -1, NULL))
    return damaged (error, display_name, _("its header is not text"));
  body = end + 2;
  body_length = length - (body - data);

  lines = g_strsplit (header, "\n", -1);
  if (g_strv_length (lines) != 5)
    return damaged (error, display_name, _("its header does not have the five lines it should"));

  value = header_value (lines[1], "origin");
  if (value == NULL)
    return damaged (error, display_name, _("the line “origin” is missing"));
  if (strcmp (value, "-") != 0)
    {
      origin_path = g_filename_from_uri (value, NULL, NULL);
      if (origin_path == NULL)
        return damaged (error, display_name, _("the folder it was saved from is not a file URI"));
    }

  if (!parse_length (header_value (lines[2], "article"), body_length, &article_length))
    return damaged (error, display_name, _("the article’s length is missing or wrong"));
  if (!parse_length (header_value (lines[3], "story"), body_length - article_length, &story_length))
    return damaged (error, display_name, _("the story’s length is missing or wrong"));
  if (article_length + story_length != body_length)
    return damaged (error, display_name, _("it is cut short or has bytes added"));

  value = header_value (lines[4], "sha256");
  if (value == NULL || strlen (value) != 64)
    return damaged (error, display_name, _("the line “sha256” is missing"));
  if (check_digest)
    {
      g_autofree char *digest = digest_of (body, article_length, body + article_length, story_length);

      if (g_ascii_strcasecmp (digest, value) != 0)
        return damaged (error, display_name, _("its contents do not match their checksum"));
    }

  /* The story reader takes the article as a string. */
  if (memchr (body, '\0', article_length) != NULL)
    return damaged (error, display_name, _("the article holds a NUL byte"));
  article = g_strndup (body, article_length);

  story = sitmap_story_load_data (body + article_length, story_length, display_name, NULL, article,
                                  &story_error);
  if (story == NULL)
    {
      /* The reader's message names the file already. */
      g_set_error_literal (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_DAMAGED,
                           story_error->message);
      return NULL;
    }

  if (origin != NULL)
    *origin = g_steal_pointer (&origin_path);
  return g_steal_pointer (&story);
}

SitmapStory *
sitmap_recovery_read_data (const char  *data,
                           gsize        length,
                           const char  *display_name,
                           char       **origin,
                           GError     **error)
{
  return _sitmap_recovery_read_data_full (data, length, display_name, TRUE, origin, error);
}

SitmapStory *
sitmap_recovery_read_file (const char  *path,
                           char       **origin,
                           GError     **error)
{
  g_autofree char *display = NULL;
  g_autofree char *data = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  if (!g_file_get_contents (path, &data, &length, &local_error))
    {
      g_set_error_literal (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_READ,
                           local_error->message);
      return NULL;
    }
  return sitmap_recovery_read_data (data, length, display, origin, error);
}

/* ---- The folder --------------------------------------------------------- */

char *
sitmap_recovery_get_dir (void)
{
  return g_build_filename (g_get_user_state_dir (), "sitmap", "recovery", NULL);
}

char *
sitmap_recovery_new_path (void)
{
  g_autofree char *dir = sitmap_recovery_get_dir ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S");
  g_autofree char *name = g_strdup_printf ("%s-%d-%08x" SUFFIX, stamp, (int)getpid (), g_random_int ());

  return g_build_filename (dir, name, NULL);
}

typedef struct
{
  char   *path;
  gint64  mtime;
} Entry;

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const Entry *x = a, *y = b;

  if (x->mtime != y->mtime)
    return x->mtime > y->mtime ? -1 : 1;
  return strcmp (y->path, x->path);
}

GPtrArray *
sitmap_recovery_list (void)
{
  g_autofree char *dir_path = sitmap_recovery_get_dir ();
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return paths;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      GStatBuf buf;
      Entry entry;

      /* A temporary file of a write cut short is no recovery copy. */
      if (name[0] == '.' || !g_str_has_suffix (name, SUFFIX))
        continue;
      entry.path = g_build_filename (dir_path, name, NULL);
      if (g_stat (entry.path, &buf) != 0 || !S_ISREG (buf.st_mode))
        {
          g_free (entry.path);
          continue;
        }
      entry.mtime = buf.st_mtime;
      g_array_append_val (entries, entry);
    }

  g_array_sort (entries, compare_newest_first);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (paths, g_array_index (entries, Entry, i).path);
  return paths;
}

char *
sitmap_recovery_set_aside (const char  *path,
                           GError     **error)
{
  g_autofree char *aside = g_strconcat (path, DAMAGED_SUFFIX, NULL);

  g_return_val_if_fail (path != NULL, NULL);

  if (g_rename (path, aside) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (path);

      g_set_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_WRITE,
                   _("%s: cannot move the damaged recovery copy aside: %s"), display,
                   g_strerror (saved_errno));
      return NULL;
    }
  return g_steal_pointer (&aside);
}
