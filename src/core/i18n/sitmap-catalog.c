/* sitmap-catalog.c: a compiled gettext catalogue (.mo) read for one
 * language, whatever the process's locale.
 *
 * The map speaks its story's language while the window speaks the
 * desktop's, in one process and from several threads.  gettext(3) answers
 * for the process's locale and $LANGUAGE only, so map text is looked up
 * here, in the same .mo files msgfmt builds from po/ (and in other
 * packages' catalogues, such as iso-codes' country names).
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sitmap-catalog.h"

#define MO_MAGIC         0x950412deu
#define MO_MAGIC_SWAPPED 0xde120495u
#define MO_HEADER_SIZE   28

struct _SitmapCatalog
{
  gatomicrefcount  ref_count;
  char            *path;
  GMappedFile     *file;
  /* Keys and values point into the mapped file.  A key is "message" or
   * "context\004message", as msgfmt writes them. */
  GHashTable      *messages;
};

G_DEFINE_BOXED_TYPE (SitmapCatalog, sitmap_catalog, sitmap_catalog_ref, sitmap_catalog_unref)
G_DEFINE_QUARK (sitmap-catalog-error-quark, sitmap_catalog_error)

static gboolean
read_word (const guint8 *data,
           gsize         size,
           gsize         offset,
           gboolean      swapped,
           guint32      *word)
{
  guint32 value;

  if (offset > size || size - offset < 4)
    return FALSE;
  memcpy (&value, data + offset, 4);
  *word = swapped ? GUINT32_SWAP_LE_BE (value) : value;
  return TRUE;
}

/* The string table entry at index i of the table at table_offset: a length
 * and an offset, the string NUL-terminated inside the file. */
static const char *
read_string (const guint8 *data,
             gsize         size,
             guint32       table_offset,
             guint32       i,
             gboolean      swapped)
{
  guint32 length, offset;
  gsize entry = (gsize)table_offset + 8 * (gsize)i;

  if (!read_word (data, size, entry, swapped, &length) ||
      !read_word (data, size, entry + 4, swapped, &offset))
    return NULL;
  if (offset >= size || size - offset <= length || data[(gsize)offset + length] != '\0')
    return NULL;
  return (const char *)data + offset;
}

SitmapCatalog *
sitmap_catalog_new (const char  *path,
                    GError     **error)
{
  g_autoptr(SitmapCatalog) self = NULL;
  g_autoptr(GError) local_error = NULL;
  const guint8 *data;
  gsize size;
  guint32 magic, n, originals, translations;
  gboolean swapped;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (SitmapCatalog, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  self->messages = g_hash_table_new (g_str_hash, g_str_equal);
  self->file = g_mapped_file_new (path, FALSE, &local_error);
  if (self->file == NULL)
    {
      g_set_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_NOT_FOUND,
                   "%s", local_error->message);
      return NULL;
    }

  data = (const guint8 *)g_mapped_file_get_contents (self->file);
  size = g_mapped_file_get_length (self->file);
  if (!read_word (data, size, 0, FALSE, &magic) ||
      (magic != MO_MAGIC && magic != MO_MAGIC_SWAPPED) || size < MO_HEADER_SIZE)
    {
      g_set_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_CORRUPT,
                   _("“%s” is not a compiled message catalogue"), path);
      return NULL;
    }
  swapped = magic == MO_MAGIC_SWAPPED;
  read_word (data, size, 8, swapped, &n);
  read_word (data, size, 12, swapped, &originals);
  read_word (data, size, 16, swapped, &translations);

  for (guint32 i = 0; i < n; i++)
    {
      const char *original = read_string (data, size, originals, i, swapped);
      const char *translation = read_string (data, size, translations, i, swapped);

      if (original == NULL || translation == NULL)
        {
          g_set_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_CORRUPT,
                       _("Message %u of “%s” lies outside the file"), i, path);
          return NULL;
        }
      /* The header (empty message) and untranslated entries say nothing. */
      if (*original && *translation)
        g_hash_table_insert (self->messages, (gpointer)original, (gpointer)translation);
    }

  return g_steal_pointer (&self);
}

/* The locale names gettext would try for a BCP 47 tag, most specific
 * first: "uk-UA" gives "uk_UA", "uk"; "sr-Latn" gives "sr@latin", "sr". */
char **
sitmap_catalog_locale_names (const char *language)
{
  g_auto(GStrv) subtags = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *primary = NULL;
  const char *region = NULL;
  gboolean latin = FALSE;

  g_return_val_if_fail (language != NULL, NULL);

  subtags = g_strsplit_set (language, "-_", -1);
  primary = g_ascii_strdown (subtags[0] ? subtags[0] : "", -1);
  for (guint i = 1; subtags[0] && subtags[i]; i++)
    {
      gsize len = strlen (subtags[i]);

      if (len == 4 && g_ascii_strcasecmp (subtags[i], "Latn") == 0)
        latin = TRUE;
      else if ((len == 2 || len == 3) && region == NULL)
        region = subtags[i];
    }

  if (*primary)
    {
      g_autofree char *base = latin ? g_strconcat (primary, "@latin", NULL) : g_strdup (primary);

      if (region)
        {
          g_autofree char *upper = g_ascii_strup (region, -1);

          g_ptr_array_add (names, latin ? g_strdup_printf ("%s_%s@latin", primary, upper)
                                        : g_strdup_printf ("%s_%s", primary, upper));
        }
      if (latin)
        g_ptr_array_add (names, g_strdup (base));
      g_ptr_array_add (names, g_strdup (primary));
    }
  g_ptr_array_add (names, NULL);
  return (char **)g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

SitmapCatalog *
sitmap_catalog_find (const char  *locale_dir,
                     const char  *domain,
                     const char  *language,
                     GError     **error)
{
  g_auto(GStrv) names = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (locale_dir != NULL, NULL);
  g_return_val_if_fail (domain != NULL, NULL);
  g_return_val_if_fail (language != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  names = sitmap_catalog_locale_names (language);
  file = g_strconcat (domain, ".mo", NULL);
  for (guint i = 0; names[i]; i++)
    {
      g_autofree char *path = g_build_filename (locale_dir, names[i], "LC_MESSAGES", file, NULL);

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return sitmap_catalog_new (path, error);
    }

  g_set_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_NOT_FOUND,
               _("No “%s” catalogue for “%s” in %s"), domain, language, locale_dir);
  return NULL;
}

SitmapCatalog *
sitmap_catalog_ref (SitmapCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sitmap_catalog_unref (SitmapCatalog *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->messages);
      g_clear_pointer (&self->file, g_mapped_file_unref);
      g_free (self->path);
      g_free (self);
    }
}

const char *
sitmap_catalog_get_path (SitmapCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/* The translation, or NULL when the catalogue has none. */
const char *
sitmap_catalog_lookup (SitmapCatalog *self,
                       const char    *context,
                       const char    *message)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  if (context == NULL)
    return g_hash_table_lookup (self->messages, message);
  key = g_strconcat (context, "\004", message, NULL);
  return g_hash_table_lookup (self->messages, key);
}
