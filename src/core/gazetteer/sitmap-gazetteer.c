/* sitmap-gazetteer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-gazetteer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <zlib.h>

#include "sitmap-map.h"

/* The file is made by data/gazetteer/make-gazetteer.py, whose comment
 * before write() describes the layout.  Everything is read in place from
 * the mapping; only the small table of entry handles is allocated, so that
 * entries can be handed out as stable pointers. */

#define MAGIC          "SITMAPGZ"
#define FORMAT_VERSION 1
#define HEADER_SIZE    64
#define ENTRY_SIZE     36
#define N_KINDS        (SITMAP_GAZETTEER_KIND_ORGANISATION + 1)

typedef struct
{
  char    magic[8];
  guint32 version;
  guint32 header_size;
  guint32 n_entries;
  guint32 n_names;
  guint32 n_demonyms;
  guint32 n_countries;
  guint32 names_end;
  guint32 text_size;
  guint32 file_size;
  guint32 crc;
} Header;

typedef struct
{
  guint32 name;
  guint32 admin1;
  guint32 geonames_id;
  gint32  lon_e7;
  gint32  lat_e7;
  guint32 population;
  float   importance;
  guint16 n_alternates;
  guint8  kind;
  guint8  flags;
  char    country[2];
  guint16 padding;
} Record;

G_STATIC_ASSERT (sizeof (Record) == ENTRY_SIZE);

typedef struct
{
  guint32 text;
  guint32 entry;
} DemonymRow;

struct _SitmapGazetteerEntry
{
  const SitmapGazetteer *owner;
  const Record          *record;
  guint                  index;
};

struct _SitmapGazetteer
{
  GObject parent_instance;

  char                 *path;
  GBytes               *bytes;
  GMappedFile          *mapping;

  const Record         *records;
  const guint32        *names;
  const DemonymRow     *demonyms;
  const guint32        *countries;
  const char           *text;
  Header                header;

  SitmapGazetteerEntry *entries;
};

G_DEFINE_FINAL_TYPE (SitmapGazetteer, sitmap_gazetteer, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-gazetteer-error-quark, sitmap_gazetteer_error)

/* --- folding ------------------------------------------------------------
 *
 * Names are compared folded.  The index holds the names as written, sorted
 * by their folded bytes, so folding runs lazily while comparing: a
 * comparison that differs at the first letter folds one letter.  The rules
 * must stay those of fold() in make-gazetteer.py. */

typedef struct
{
  const char *next;
  char        buffer[4 * 6 * G_UNICHAR_MAX_DECOMPOSITION_LENGTH + 8];
  guint       length;
  guint       position;
  gboolean    pending_space;
  gboolean    started;
} Folder;

static void
folder_init (Folder     *folder,
             const char *text)
{
  folder->next = text;
  folder->length = 0;
  folder->position = 0;
  folder->pending_space = FALSE;
  folder->started = FALSE;
}

static gboolean
is_dropped (gunichar c)
{
  switch (c)
    {
    case '.': case '\'': case '`':
    case 0x00B4: case 0x02BB: case 0x02BC: case 0x2018: case 0x2019: case 0x00AD:
      return TRUE;
    default:
      return FALSE;
    }
}

static void
folder_emit_char (Folder   *folder,
                  gunichar  c)
{
  const char *replacement = NULL;

  switch (c)
    {
    case 0x00DF: replacement = "ss"; break;           /* ß */
    case 0x03C2: c = 0x03C3; break;                   /* ς → σ */
    case 0x0142: c = 'l'; break;                      /* ł */
    case 0x00F8: c = 'o'; break;                      /* ø */
    case 0x0111: c = 'd'; break;                      /* đ */
    case 0x0127: c = 'h'; break;                      /* ħ */
    case 0x0131: c = 'i'; break;                      /* ı */
    case 0x0167: c = 't'; break;                      /* ŧ */
    case 0x00E6: replacement = "ae"; break;           /* æ */
    case 0x0153: replacement = "oe"; break;           /* œ */
    case 0x00FE: replacement = "th"; break;           /* þ */
    case 0x00F0: c = 'd'; break;                      /* ð */
    default: break;
    }

  if (folder->pending_space && folder->started)
    folder->buffer[folder->length++] = ' ';
  folder->pending_space = FALSE;
  folder->started = TRUE;

  if (replacement)
    {
      for (const char *r = replacement; *r; r++)
        folder->buffer[folder->length++] = *r;
    }
  else
    folder->length += g_unichar_to_utf8 (c, folder->buffer + folder->length);
}

static void
folder_take (Folder   *folder,
             gunichar  c)
{
  if (is_dropped (c))
    return;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_NON_SPACING_MARK:
    case G_UNICODE_ENCLOSING_MARK:
    case G_UNICODE_FORMAT:
      return;

    case G_UNICODE_LOWERCASE_LETTER:
    case G_UNICODE_MODIFIER_LETTER:
    case G_UNICODE_OTHER_LETTER:
    case G_UNICODE_TITLECASE_LETTER:
    case G_UNICODE_UPPERCASE_LETTER:
    case G_UNICODE_DECIMAL_NUMBER:
    case G_UNICODE_LETTER_NUMBER:
    case G_UNICODE_OTHER_NUMBER:
    case G_UNICODE_SPACING_MARK:
      folder_emit_char (folder, g_unichar_tolower (c));
      return;

    default:
      folder->pending_space = TRUE;
      return;
    }
}

/* The next byte of the folded text, or -1 at its end. */
static inline int
folder_next (Folder *folder)
{
  while (folder->position == folder->length)
    {
      guchar first = (guchar) *folder->next;
      gunichar c;

      folder->position = folder->length = 0;
      if (first == 0)
        return -1;

      if (first < 0x80)
        {
          folder->next++;
          if (g_ascii_isalnum (first))
            {
              if (folder->pending_space && folder->started)
                folder->buffer[folder->length++] = ' ';
              folder->pending_space = FALSE;
              folder->started = TRUE;
              folder->buffer[folder->length++] = g_ascii_tolower (first);
            }
          else if (!is_dropped (first))
            folder->pending_space = TRUE;
          continue;
        }

      c = g_utf8_get_char_validated (folder->next, -1);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: the byte separates words, as punctuation does. */
          folder->next++;
          folder->pending_space = TRUE;
          continue;
        }
      folder->next = g_utf8_next_char (folder->next);

      {
        gunichar decomposed[G_UNICHAR_MAX_DECOMPOSITION_LENGTH];
        gsize n = g_unichar_fully_decompose (c, TRUE, decomposed, G_N_ELEMENTS (decomposed));

        for (gsize i = 0; i < n; i++)
          folder_take (folder, decomposed[i]);
      }
    }

  return (guchar) folder->buffer[folder->position++];
}

char *
sitmap_gazetteer_fold (const char *text)
{
  GString *out;
  Folder folder;
  int c;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text));
  folder_init (&folder, text);
  while ((c = folder_next (&folder)) >= 0)
    g_string_append_c (out, (char) c);

  return g_string_free (out, FALSE);
}

/* Compares fold(name) with key, which is folded already.  With prefix,
 * a name that key begins counts as equal. */
static int
compare_folded (const char *name,
                const char *key,
                gboolean    prefix)
{
  Folder folder;

  folder_init (&folder, name);
  for (const guchar *k = (const guchar *) key;; k++)
    {
      int c;

      if (*k == 0 && prefix)
        return 0;
      c = folder_next (&folder);
      if (c < 0)
        return *k == 0 ? 0 : -1;
      if (*k == 0)
        return 1;
      if (c != *k)
        return c < *k ? -1 : 1;
    }
}

/* --- loading ------------------------------------------------------------ */

static void
sitmap_gazetteer_finalize (GObject *object)
{
  SitmapGazetteer *self = (SitmapGazetteer *) object;

  g_free (self->entries);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->mapping, g_mapped_file_unref);
  g_free (self->path);

  G_OBJECT_CLASS (sitmap_gazetteer_parent_class)->finalize (object);
}

static void
sitmap_gazetteer_class_init (SitmapGazetteerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_gazetteer_finalize;
}

static void
sitmap_gazetteer_init (SitmapGazetteer *self)
{
}

static gboolean
corrupt (GError     **error,
         const char  *name,
         const char  *what)
{
  g_set_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_CORRUPT,
               _("The gazetteer “%s” is damaged: %s"), name, what);
  return FALSE;
}

/* A text offset that starts a string inside [0, limit). */
static inline gboolean
string_start_ok (const SitmapGazetteer *self,
                 guint32                offset,
                 guint32                limit)
{
  return offset < limit && (offset == 0 || self->text[offset - 1] == '\0');
}

/* The text is handed to Pango, to JSON and to the folder, which walks it
 * by lead bytes: each string must be valid UTF-8 without control
 * characters, whatever the file says.  One pass over the bytes through a
 * table of what each byte may start; g_utf8_validate() per string took
 * three times as long as the rest of the load. */
enum { BYTE_SINGLE, BYTE_BAD, BYTE_LEAD2, BYTE_LEAD3, BYTE_LEAD4 };

static const guint8 *
byte_classes (void)
{
  static guint8 classes[256];
  static gsize done;

  if (g_once_init_enter (&done))
    {
      for (guint c = 0; c < 256; c++)
        {
          if (c == 0 || (c >= 0x20 && c < 0x7F))
            classes[c] = BYTE_SINGLE;   /* NUL ends each string */
          else if (c >= 0xC2 && c < 0xE0)
            classes[c] = BYTE_LEAD2;
          else if (c >= 0xE0 && c < 0xF0)
            classes[c] = BYTE_LEAD3;
          else if (c >= 0xF0 && c <= 0xF4)
            classes[c] = BYTE_LEAD4;
          else
            classes[c] = BYTE_BAD;      /* controls, DEL, stray continuations */
        }
      g_once_init_leave (&done, 1);
    }
  return classes;
}

static gboolean
text_is_clean (const guchar *text,
               gsize         size)
{
  const guint8 *classes = byte_classes ();
  const guchar *end = text + size;
  const guchar *p = text;

  while (p < end)
    {
      guchar c;
      guchar low = 0x80, high = 0xBF;
      guint n_continuation;

      while (p < end && classes[*p] == BYTE_SINGLE)
        p++;
      if (p == end)
        break;

      c = *p;
      switch (classes[c])
        {
        case BYTE_LEAD2:
          n_continuation = 1;
          if (c == 0xC2)
            low = 0xA0;  /* U+0080–U+009F are the C1 controls */
          break;
        case BYTE_LEAD3:
          n_continuation = 2;
          if (c == 0xE0)
            low = 0xA0;  /* overlong */
          else if (c == 0xED)
            high = 0x9F; /* surrogates */
          break;
        case BYTE_LEAD4:
          n_continuation = 3;
          if (c == 0xF0)
            low = 0x90;  /* overlong */
          else if (c == 0xF4)
            high = 0x8F; /* beyond U+10FFFF */
          break;
        default:
          return FALSE;
        }
      if ((gsize) (end - p) <= n_continuation || p[1] < low || p[1] > high)
        return FALSE;
      for (guint i = 2; i <= n_continuation; i++)
        if ((p[i] & 0xC0) != 0x80)
          return FALSE;
      p += n_continuation + 1;
    }
  return TRUE;
}

static gboolean
record_is_sane (const Record *r)
{
  gint32 lon = GINT32_FROM_LE (r->lon_e7);
  gint32 lat = GINT32_FROM_LE (r->lat_e7);
  float importance = r->importance;
  gboolean no_country = r->country[0] == '\0' && r->country[1] == '\0';
  gboolean iso_country = g_ascii_isupper (r->country[0]) && g_ascii_isupper (r->country[1]);

  return lon >= -1800000000 && lon <= 1800000000 && lat >= -900000000 && lat <= 900000000
         && isfinite (importance) && importance >= 0 && importance <= 1
         && (no_country || iso_country);
}

static gboolean
validate (SitmapGazetteer  *self,
          const guint8     *data,
          gsize             size,
          GError          **error)
{
  const char *name = self->path;
  Header *h = &self->header;
  guint64 expected;
  guint32 names_end;
  const char *cursor;

  if (size < HEADER_SIZE || memcmp (data, MAGIC, 8) != 0)
    {
      g_set_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_NOT_A_GAZETTEER,
                   _("“%s” is not a Sitmap gazetteer"), name);
      return FALSE;
    }
  memcpy (h, data, sizeof *h);
  h->version = GUINT32_FROM_LE (h->version);
  h->header_size = GUINT32_FROM_LE (h->header_size);
  h->n_entries = GUINT32_FROM_LE (h->n_entries);
  h->n_names = GUINT32_FROM_LE (h->n_names);
  h->n_demonyms = GUINT32_FROM_LE (h->n_demonyms);
  h->n_countries = GUINT32_FROM_LE (h->n_countries);
  h->names_end = GUINT32_FROM_LE (h->names_end);
  h->text_size = GUINT32_FROM_LE (h->text_size);
  h->file_size = GUINT32_FROM_LE (h->file_size);
  h->crc = GUINT32_FROM_LE (h->crc);

  if (h->version != FORMAT_VERSION)
    {
      g_set_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_UNSUPPORTED_VERSION,
                   _("The gazetteer “%s” has format version %u; this Sitmap reads version %u"),
                   name, h->version, FORMAT_VERSION);
      return FALSE;
    }
  if (h->header_size != HEADER_SIZE)
    return corrupt (error, name, _("wrong header size"));
  if (h->file_size != size)
    return corrupt (error, name, size < h->file_size ? _("the file is truncated")
                                                     : _("the file is longer than its header says"));

  expected = (guint64) HEADER_SIZE + (guint64) h->n_entries * ENTRY_SIZE
             + (guint64) h->n_names * 4 + (guint64) h->n_demonyms * 8
             + (guint64) h->n_countries * 4 + h->text_size;
  if (expected != size)
    return corrupt (error, name, _("its sections do not add up to its size"));
  if (h->text_size == 0 || h->names_end > h->text_size || h->n_entries == 0)
    return corrupt (error, name, _("its text is out of bounds"));

  if (crc32 (0L, data + HEADER_SIZE, size - HEADER_SIZE) != h->crc)
    return corrupt (error, name, _("checksum mismatch"));

  self->records = (const Record *) (data + HEADER_SIZE);
  self->names = (const guint32 *) (self->records + h->n_entries);
  self->demonyms = (const DemonymRow *) (self->names + h->n_names);
  self->countries = (const guint32 *) (self->demonyms + h->n_demonyms);
  self->text = (const char *) (self->countries + h->n_countries);

  if (self->text[h->text_size - 1] != '\0')
    return corrupt (error, name, _("its text is not terminated"));
  if (!text_is_clean ((const guchar *) self->text, h->text_size))
    return corrupt (error, name, _("its text is not clean UTF-8"));

  /* Each entry's names run from its name offset to the next entry's, and
   * hold exactly its preferred name and its alternates. */
  names_end = h->names_end;
  cursor = self->text + 1;
  for (guint i = 0; i < h->n_entries; i++)
    {
      const Record *r = &self->records[i];
      guint32 start = GUINT32_FROM_LE (r->name);
      guint32 end = i + 1 < h->n_entries ? GUINT32_FROM_LE (self->records[i + 1].name) : names_end;

      if (self->text + start != cursor || end <= start || end > names_end)
        return corrupt (error, name, _("an entry's names are out of bounds"));
      for (guint n = 0; n <= GUINT16_FROM_LE (r->n_alternates); n++)
        {
          const char *nul = memchr (cursor, '\0', self->text + end - cursor);

          if (nul == NULL)
            return corrupt (error, name, _("an entry has fewer names than it counts"));
          cursor = nul + 1;
        }
      if (cursor != self->text + end)
        return corrupt (error, name, _("an entry has more names than it counts"));
      if (r->kind >= N_KINDS)
        return corrupt (error, name, _("an entry has an unknown kind"));
      if (!record_is_sane (r))
        return corrupt (error, name, _("an entry's place, importance or country code is invalid"));
      if (!string_start_ok (self, GUINT32_FROM_LE (r->admin1), h->text_size))
        return corrupt (error, name, _("an admin-1 name is out of bounds"));
    }

  for (guint i = 0; i < h->n_names; i++)
    if (!string_start_ok (self, GUINT32_FROM_LE (self->names[i]), names_end))
      return corrupt (error, name, _("a name is out of bounds"));
  for (guint i = 0; i < h->n_demonyms; i++)
    if (!string_start_ok (self, GUINT32_FROM_LE (self->demonyms[i].text), h->text_size)
        || GUINT32_FROM_LE (self->demonyms[i].entry) >= h->n_entries)
      return corrupt (error, name, _("a demonym is out of bounds"));
  for (guint i = 0; i < h->n_countries; i++)
    {
      guint32 e = GUINT32_FROM_LE (self->countries[i]);

      if (e >= h->n_entries || self->records[e].kind != SITMAP_GAZETTEER_KIND_COUNTRY)
        return corrupt (error, name, _("a country is out of bounds"));
    }

  return TRUE;
}

static SitmapGazetteer *
gazetteer_new (const char   *name,
               GMappedFile  *mapping,
               GBytes       *bytes,
               GError      **error)
{
  g_autoptr(SitmapGazetteer) self = g_object_new (SITMAP_TYPE_GAZETTEER, NULL);
  gconstpointer data;
  gsize size;

  self->path = g_strdup (name);
  self->mapping = mapping;
  self->bytes = bytes;
  data = g_bytes_get_data (bytes, &size);

  /* The records are read as structs in place: the mapping is page-aligned,
   * GBytes from elsewhere need not be. */
  if (data != NULL && ((guintptr) data % 8) != 0)
    {
      GBytes *copy = g_bytes_new (data, size);

      g_bytes_unref (self->bytes);
      self->bytes = copy;
      data = g_bytes_get_data (copy, &size);
    }

  if (!validate (self, data, data ? size : 0, error))
    return NULL;

  self->entries = g_new (SitmapGazetteerEntry, self->header.n_entries);
  for (guint i = 0; i < self->header.n_entries; i++)
    {
      self->entries[i].owner = self;
      self->entries[i].record = &self->records[i];
      self->entries[i].index = i;
    }

  return g_steal_pointer (&self);
}

SitmapGazetteer *
sitmap_gazetteer_new_for_file (const char  *path,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GMappedFile *mapping;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  mapping = g_mapped_file_new (path, FALSE, &local_error);
  if (mapping == NULL)
    {
      g_set_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_NOT_FOUND,
                   _("Cannot read the gazetteer “%s”: %s"), path, local_error->message);
      return NULL;
    }

  return gazetteer_new (path, mapping, g_mapped_file_get_bytes (mapping), error);
}

SitmapGazetteer *
sitmap_gazetteer_new_from_bytes (GBytes      *bytes,
                                 const char  *name,
                                 GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gazetteer_new (name, NULL, g_bytes_ref (bytes), error);
}

SitmapGazetteer *
sitmap_gazetteer_open_default (GError **error)
{
  static GMutex lock;
  static SitmapGazetteer *shared;
  SitmapGazetteer *result = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_mutex_lock (&lock);
  if (shared == NULL)
    {
      g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (),
                                                "gazetteer", "places.gaz", NULL);

      shared = sitmap_gazetteer_new_for_file (path, error);
    }
  if (shared != NULL)
    result = g_object_ref (shared);
  g_mutex_unlock (&lock);

  return result;
}

const char *
sitmap_gazetteer_get_path (SitmapGazetteer *self)
{
  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);

  return self->path;
}

guint
sitmap_gazetteer_get_n_entries (SitmapGazetteer *self)
{
  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), 0);

  return self->header.n_entries;
}

const SitmapGazetteerEntry *
sitmap_gazetteer_get_entry (SitmapGazetteer *self,
                            guint            index)
{
  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (index < self->header.n_entries, NULL);

  return &self->entries[index];
}

/* --- lookups ------------------------------------------------------------ */

/* The entry whose names hold the text offset: the last one starting at or
 * before it (the entries' names lie in entry order). */
static guint
entry_for_offset (SitmapGazetteer *self,
                  guint32          offset)
{
  guint low = 0, high = self->header.n_entries;

  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (GUINT32_FROM_LE (self->records[mid].name) <= offset)
        low = mid;
      else
        high = mid;
    }

  return low;
}

/* An index of names sorted by their folded form: rows of stride 32-bit
 * words, each starting with the text offset of its name. */
typedef struct
{
  const guint32 *rows;
  guint          stride;
  guint          n_rows;
} Index;

static inline const char *
index_text (SitmapGazetteer *self,
            const Index     *index,
            guint            row)
{
  return self->text + GUINT32_FROM_LE (index->rows[(gsize) row * index->stride]);
}

/* The first row whose folded name is not below key. */
static guint
index_lower_bound (SitmapGazetteer *self,
                   const Index     *index,
                   const char      *key)
{
  guint low = 0, high = index->n_rows;

  while (low < high)
    {
      guint mid = low + (high - low) / 2;

      if (compare_folded (index_text (self, index, mid), key, FALSE) < 0)
        low = mid + 1;
      else
        high = mid;
    }

  return low;
}

/* Whether some name in the index begins with key. */
static gboolean
index_has_prefix (SitmapGazetteer *self,
                  const Index     *index,
                  const char      *key)
{
  guint i = index_lower_bound (self, index, key);

  return i < index->n_rows && compare_folded (index_text (self, index, i), key, TRUE) == 0;
}

static Index
names_index (SitmapGazetteer *self)
{
  return (Index) { self->names, 1, self->header.n_names };
}

static Index
demonyms_index (SitmapGazetteer *self)
{
  return (Index) { (const guint32 *) self->demonyms, 2, self->header.n_demonyms };
}

static void
lookup_key (SitmapGazetteer *self,
            const char      *key,
            GPtrArray       *found)
{
  Index names = names_index (self);

  /* Rows with one key are sorted by entry, so most important first, and
   * an entry has each folded name once. */
  for (guint i = index_lower_bound (self, &names, key); i < names.n_rows; i++)
    {
      guint32 offset = GUINT32_FROM_LE (self->names[i]);

      if (compare_folded (self->text + offset, key, FALSE) != 0)
        break;
      g_ptr_array_add (found, &self->entries[entry_for_offset (self, offset)]);
    }
}

GPtrArray *
sitmap_gazetteer_lookup (SitmapGazetteer *self,
                         const char      *name)
{
  g_autofree char *key = NULL;
  GPtrArray *found;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  found = g_ptr_array_new ();
  key = sitmap_gazetteer_fold (name);
  if (*key == '\0')
    return found;

  lookup_key (self, key, found);
  /* News write "the Black Sea", "the Donbas": a name not found with its
   * article is looked up without it. */
  if (found->len == 0 && g_str_has_prefix (key, "the ") && key[4] != '\0')
    lookup_key (self, key + 4, found);

  return found;
}

GPtrArray *
sitmap_gazetteer_lookup_demonym (SitmapGazetteer *self,
                                 const char      *word)
{
  g_autofree char *key = NULL;
  GPtrArray *found;
  Index demonyms;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (word != NULL, NULL);

  found = g_ptr_array_new ();
  key = sitmap_gazetteer_fold (word);
  if (*key == '\0')
    return found;

  demonyms = demonyms_index (self);
  for (guint i = index_lower_bound (self, &demonyms, key); i < demonyms.n_rows; i++)
    {
      if (compare_folded (index_text (self, &demonyms, i), key, FALSE) != 0)
        break;
      g_ptr_array_add (found, &self->entries[GUINT32_FROM_LE (self->demonyms[i].entry)]);
    }

  return found;
}

const SitmapGazetteerEntry *
sitmap_gazetteer_lookup_country (SitmapGazetteer *self,
                                 const char      *iso_code)
{
  char code[2];
  guint low = 0, high;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (iso_code != NULL, NULL);

  if (strlen (iso_code) != 2)
    return NULL;
  code[0] = g_ascii_toupper (iso_code[0]);
  code[1] = g_ascii_toupper (iso_code[1]);

  high = self->header.n_countries;
  while (low < high)
    {
      guint mid = low + (high - low) / 2;
      guint32 e = GUINT32_FROM_LE (self->countries[mid]);
      int cmp = memcmp (self->records[e].country, code, 2);

      if (cmp == 0)
        return &self->entries[e];
      if (cmp < 0)
        low = mid + 1;
      else
        high = mid;
    }

  return NULL;
}

gboolean
sitmap_gazetteer_has_prefix (SitmapGazetteer *self,
                             const char      *prefix,
                             gboolean         demonyms)
{
  g_autofree char *key = NULL;
  Index names, demonym_rows;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), FALSE);
  g_return_val_if_fail (prefix != NULL, FALSE);

  key = sitmap_gazetteer_fold (prefix);
  if (*key == '\0')
    return FALSE;

  names = names_index (self);
  demonym_rows = demonyms_index (self);
  return index_has_prefix (self, &names, key)
         || (demonyms && index_has_prefix (self, &demonym_rows, key));
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

GPtrArray *
sitmap_gazetteer_search (SitmapGazetteer *self,
                         const char      *prefix,
                         guint            max_results)
{
  g_autofree char *key = NULL;
  g_autoptr(GArray) best = NULL;
  GPtrArray *found;
  Index names;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (self), NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  found = g_ptr_array_new ();
  key = sitmap_gazetteer_fold (prefix);
  if (*key == '\0')
    return found;

  /* Entries are stored most important first, so ranking is keeping the
   * smallest entry numbers: a sorted array of at most max_results. */
  names = names_index (self);
  best = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = index_lower_bound (self, &names, key); i < names.n_rows; i++)
    {
      guint32 offset = GUINT32_FROM_LE (self->names[i]);
      guint entry, at;

      if (compare_folded (self->text + offset, key, TRUE) != 0)
        break;
      entry = entry_for_offset (self, offset);

      if (max_results == 0)
        {
          g_array_append_val (best, entry);
          continue;
        }
      if (best->len == max_results && entry >= g_array_index (best, guint, best->len - 1))
        continue;
      for (at = 0; at < best->len && g_array_index (best, guint, at) < entry; at++)
        ;
      if (at < best->len && g_array_index (best, guint, at) == entry)
        continue;
      g_array_insert_val (best, at, entry);
      if (best->len > max_results)
        g_array_set_size (best, max_results);
    }

  if (max_results == 0)
    g_array_sort (best, compare_guint);
  for (guint i = 0; i < best->len; i++)
    {
      guint entry = g_array_index (best, guint, i);

      if (i > 0 && entry == g_array_index (best, guint, i - 1))
        continue;
      g_ptr_array_add (found, &self->entries[entry]);
    }

  return found;
}

/* --- attribution -------------------------------------------------------- */

const char *
sitmap_gazetteer_get_credit (void)
{
  return _("Places: GeoNames (CC BY 4.0)");
}

gboolean
sitmap_gazetteer_is_credited (const char *credit)
{
  /* The name is the same in every language's credit line. */
  return credit != NULL && (strstr (credit, sitmap_gazetteer_get_credit ()) != NULL ||
                            strstr (credit, "GeoNames") != NULL);
}

const char *
sitmap_gazetteer_get_attribution (void)
{
  return _("Place names and coordinates from GeoNames (geonames.org), CC BY 4.0, as packaged "
           "by Debian in libgeonames.\n"
           "Capitals, regions and their names from Natural Earth, public domain.\n"
           "Country names and their translations from iso-codes, LGPL 2.1 or later.\n"
           "Demonyms from i18n-nationality, MIT licence.");
}

/* --- entries ------------------------------------------------------------ */

const char *
sitmap_gazetteer_entry_get_name (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  return entry->owner->text + GUINT32_FROM_LE (entry->record->name);
}

SitmapGazetteerKind
sitmap_gazetteer_entry_get_kind (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, SITMAP_GAZETTEER_KIND_CITY);

  return (SitmapGazetteerKind) entry->record->kind;
}

double
sitmap_gazetteer_entry_get_lon (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0.0);

  return (gint32) GINT32_FROM_LE (entry->record->lon_e7) / 1e7;
}

double
sitmap_gazetteer_entry_get_lat (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0.0);

  return (gint32) GINT32_FROM_LE (entry->record->lat_e7) / 1e7;
}

guint32
sitmap_gazetteer_entry_get_geonames_id (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0);

  return GUINT32_FROM_LE (entry->record->geonames_id);
}

guint64
sitmap_gazetteer_entry_get_population (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0);

  return GUINT32_FROM_LE (entry->record->population);
}

const char *
sitmap_gazetteer_entry_get_country_code (const SitmapGazetteerEntry *entry)
{
  const char *code;

  g_return_val_if_fail (entry != NULL, NULL);

  code = entry->record->country;
  if (code[0] == '\0')
    return NULL;

  /* Two bytes in the record, no terminator: intern gives a stable string. */
  {
    char text[3] = { code[0], code[1], '\0' };

    return g_intern_string (text);
  }
}

const char *
sitmap_gazetteer_entry_get_admin1 (const SitmapGazetteerEntry *entry)
{
  guint32 offset;

  g_return_val_if_fail (entry != NULL, NULL);

  offset = GUINT32_FROM_LE (entry->record->admin1);
  return offset ? entry->owner->text + offset : NULL;
}

double
sitmap_gazetteer_entry_get_importance (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0.0);

  return entry->record->importance;
}

guint
sitmap_gazetteer_entry_get_n_alternate_names (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0);

  return GUINT16_FROM_LE (entry->record->n_alternates);
}

const char *
sitmap_gazetteer_entry_get_alternate_name (const SitmapGazetteerEntry *entry,
                                           guint                       index)
{
  const char *name;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (index < GUINT16_FROM_LE (entry->record->n_alternates), NULL);

  /* Validated at load: the entry's names are consecutive strings. */
  name = sitmap_gazetteer_entry_get_name (entry);
  for (guint i = 0; i <= index; i++)
    name += strlen (name) + 1;

  return name;
}

guint
sitmap_gazetteer_entry_get_index (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, 0);

  return entry->index;
}
