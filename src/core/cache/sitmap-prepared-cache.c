/* sitmap-prepared-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* dl_iterate_phdr () */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <elf.h>
#include <link.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "sitmap-prepared-cache.h"

G_DEFINE_QUARK (sitmap-prepared-cache-error-quark, sitmap_prepared_cache_error)

/* Bumped whenever what any reader puts in the sections changes, or how
 * the data is prepared changes its result: files of another format are
 * stale. */
#define CACHE_FORMAT 2
#define HEADER_SIZE 64

/* Every build of Sitmap keys its own files, so those of earlier builds and
 * versions are never read again: a file unused for this long goes, and
 * the oldest go first once the folder holds more than MAX_CACHE_BYTES.  A
 * file that is read is marked used at most once a day. */
#define UNUSED_DAYS 30
#define MAX_CACHE_BYTES ((guint64)1 << 30)
#define SECONDS_PER_DAY (24 * 60 * 60)
static const char magic[8] = { 'S', 'I', 'T', 'M', 'A', 'P', 'P', 'C' };

typedef struct
{
  char    magic[8];
  guint32 format;
  guint32 header_size;
  guint64 key_a;
  guint64 key_b;
  guint64 body_length;
  guint64 body_checksum;
  guint64 n_sections;
  guint64 header_checksum;   /* of everything above */
} Header;

G_STATIC_ASSERT (sizeof (Header) == HEADER_SIZE);

struct _SitmapPreparedCache
{
  SitmapPreparedKey key;

  /* Reading */
  GBytes       *bytes;
  gboolean      mapped;     /* bytes are a mapping of the file */
  const guint8 *body;
  gsize         body_length;
  gsize         offset;
  guint64       n_sections;
  guint64       section;

  /* Writing: sections by reference */
  GArray       *sections;
  GPtrArray    *copies;
};

typedef struct
{
  gconstpointer data;
  gsize         size;
} Section;

/* ---- Hash ---------------------------------------------------------------- */

/* Four lanes of multiply–rotate over 32-byte stripes, as in xxHash64:
 * several gigabytes a second, so keying a ten-million-vertex layer by
 * every coordinate costs milliseconds. */
#define P1 G_GUINT64_CONSTANT (0x9E3779B185EBCA87)
#define P2 G_GUINT64_CONSTANT (0xC2B2AE3D27D4EB4F)
#define P3 G_GUINT64_CONSTANT (0x165667B19E3779F9)
#define P4 G_GUINT64_CONSTANT (0x85EBCA77C2B2AE63)
#define P5 G_GUINT64_CONSTANT (0x27D4EB2F165667C5)

static inline guint64
rotl (guint64 x,
      int     r)
{
  return (x << r) | (x >> (64 - r));
}

static inline guint64
read64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline guint64
round64 (guint64 acc,
         guint64 input)
{
  acc += input * P2;
  acc = rotl (acc, 31);
  return acc * P1;
}

static inline guint64
merge64 (guint64 acc,
         guint64 val)
{
  acc ^= round64 (0, val);
  return acc * P1 + P4;
}

guint64
sitmap_prepared_cache_hash (gconstpointer data,
                            gsize         size,
                            guint64       seed)
{
  const guint8 *p = data, *end = p + size;
  guint64 h;

  if (size >= 32)
    {
      guint64 v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;

      for (; p + 32 <= end; p += 32)
        {
          v1 = round64 (v1, read64 (p));
          v2 = round64 (v2, read64 (p + 8));
          v3 = round64 (v3, read64 (p + 16));
          v4 = round64 (v4, read64 (p + 24));
        }
      h = rotl (v1, 1) + rotl (v2, 7) + rotl (v3, 12) + rotl (v4, 18);
      h = merge64 (h, v1);
      h = merge64 (h, v2);
      h = merge64 (h, v3);
      h = merge64 (h, v4);
    }
  else
    h = seed + P5;

  h += size;
  for (; p + 8 <= end; p += 8)
    h = rotl (h ^ round64 (0, read64 (p)), 27) * P1 + P4;
  for (; p < end; p++)
    h = rotl (h ^ (*p * P5), 11) * P1;

  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  h ^= h >> 32;
  return h;
}

/* The GNU build id of the program, from its notes: any change to the
 * code that prepares the data makes another program, so a developer's
 * cache never outlives the build that wrote it, whatever the version
 * says.  Without one (a linker that adds none) the version alone keys. */
typedef struct
{
  const guint8 *id;
  gsize         size;
} BuildId;

static int
find_build_id (struct dl_phdr_info *info,
               size_t               size,
               void                *data)
{
  BuildId *out = data;

  (void)size;
  for (guint i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      const guint8 *p, *end;

      if (ph->p_type != PT_NOTE)
        continue;
      p = (const guint8 *)(info->dlpi_addr + ph->p_vaddr);
      end = p + ph->p_memsz;
      while (p + sizeof (ElfW(Nhdr)) <= end)
        {
          const ElfW(Nhdr) *note = (const ElfW(Nhdr) *)(const void *)p;
          const guint8 *name = p + sizeof *note;
          const guint8 *desc = name + ((note->n_namesz + 3) & ~3u);

          if (desc + note->n_descsz > end)
            break;
          if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && memcmp (name, "GNU", 4) == 0)
            {
              out->id = desc;
              out->size = note->n_descsz;
              return 1;
            }
          p = desc + ((note->n_descsz + 3) & ~3u);
        }
    }
  /* The first object is the program itself. */
  return 1;
}

void
sitmap_prepared_key_init (SitmapPreparedKey *key)
{
  static BuildId build_id;
  static gsize build_id_once;

  const guint32 build[] = { CACHE_FORMAT, G_BYTE_ORDER, sizeof (gpointer), sizeof (double), sizeof (guint) };

  g_return_if_fail (key != NULL);

  key->a = G_GUINT64_CONSTANT (0x5349544d41504b31);
  key->b = G_GUINT64_CONSTANT (0x2d707265706172);
  sitmap_prepared_key_add (key, build, sizeof build);
  sitmap_prepared_key_add (key, PACKAGE_VERSION, strlen (PACKAGE_VERSION));

  if (g_once_init_enter (&build_id_once))
    {
      dl_iterate_phdr (find_build_id, &build_id);
      g_once_init_leave (&build_id_once, 1);
    }
  sitmap_prepared_key_add (key, build_id.id, build_id.size);
}

/* Two hashes chained with different seeds make the 128 bits. */
void
sitmap_prepared_key_add (SitmapPreparedKey *key,
                         gconstpointer      data,
                         gsize              size)
{
  g_return_if_fail (key != NULL);
  g_return_if_fail (data != NULL || size == 0);

  key->a = sitmap_prepared_cache_hash (data, size, key->a);
  key->b = sitmap_prepared_cache_hash (data, size, key->b ^ P3);
}

/* ---- Where ---------------------------------------------------------------- */

char *
sitmap_prepared_cache_get_dir (void)
{
  const char *off = g_getenv ("SITMAP_NO_CACHE");
  const char *dir = g_getenv ("SITMAP_CACHE_DIR");

  if (off != NULL && *off != '\0' && g_strcmp0 (off, "0") != 0)
    return NULL;
  if (dir != NULL && *dir != '\0')
    return g_strdup (dir);
  return g_build_filename (g_get_user_cache_dir (), "sitmap", NULL);
}

char *
sitmap_prepared_cache_get_path (const SitmapPreparedKey *key)
{
  g_autofree char *dir = sitmap_prepared_cache_get_dir ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (key != NULL, NULL);

  if (dir == NULL)
    return NULL;
  name = g_strdup_printf ("prepared-%016" G_GINT64_MODIFIER "x%016" G_GINT64_MODIFIER "x.cache",
                          key->a, key->b);
  return g_build_filename (dir, name, NULL);
}

/* ---- Forgetting ------------------------------------------------------------ */

typedef struct
{
  char    *path;
  time_t   used;
  guint64  size;
} CacheFile;

static void
cache_file_clear (gpointer data)
{
  g_free (((CacheFile *)data)->path);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const CacheFile *fa = a, *fb = b;

  return fa->used > fb->used ? -1 : fa->used < fb->used;
}

/* Removes the folder's files unused for UNUSED_DAYS (and a writer's
 * leftovers a day old), then the oldest while the rest are more than
 * MAX_CACHE_BYTES.  kept, the file just written, stays whatever. */
static void
forget_unused (const char *dir_path,
               const char *kept)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GArray) files = g_array_new (FALSE, TRUE, sizeof (CacheFile));
  time_t now = time (NULL);
  guint64 total = 0;
  const char *name;

  g_array_set_clear_func (files, cache_file_clear);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      gboolean leftover;
      GStatBuf st;

      if (!g_str_has_prefix (name, "prepared-"))
        continue;
      leftover = !g_str_has_suffix (name, ".cache");
      path = g_build_filename (dir_path, name, NULL);
      if (g_strcmp0 (path, kept) == 0 || g_lstat (path, &st) != 0 || !S_ISREG (st.st_mode))
        continue;
      if (st.st_mtime < now - (leftover ? 1 : UNUSED_DAYS) * SECONDS_PER_DAY)
        {
          g_unlink (path);
          continue;
        }
      if (!leftover)
        {
          CacheFile file = { g_steal_pointer (&path), st.st_mtime, (guint64)st.st_size };

          g_array_append_val (files, file);
          total += file.size;
        }
    }

  g_array_sort (files, compare_newest_first);
  for (guint i = files->len; i > 0 && total > MAX_CACHE_BYTES; i--)
    {
      CacheFile *file = &g_array_index (files, CacheFile, i - 1);

      g_unlink (file->path);
      total -= file->size;
    }
}

/* ---- Reading -------------------------------------------------------------- */

gboolean
sitmap_prepared_cache_damaged (GError     **error,
                               const char  *what)
{
  g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_DAMAGED,
               _("The prepared-data cache is damaged: %s"), what);
  return FALSE;
}

/* The first pass: every section's length inside the body, their number
 * as the header says, and the checksum of them all. */
static gboolean
check_body (const guint8  *body,
            gsize          length,
            guint64        n_sections,
            guint64        checksum,
            GError       **error)
{
  guint64 sum = 0, count = 0;
  gsize offset = 0;

  while (offset < length)
    {
      guint64 size;

      if (length - offset < 8)
        return sitmap_prepared_cache_damaged (error, "a section's length is cut off");
      size = read64 (body + offset);
      offset += 8;
      if (size > length - offset || ((size + 7) & ~(guint64)7) > length - offset)
        return sitmap_prepared_cache_damaged (error, "a section runs past the end");
      sum = sitmap_prepared_cache_hash (body + offset, size, sum ^ size);
      /* The checksum leaves the padding out, so it must be as written. */
      for (guint64 i = size; i < ((size + 7) & ~(guint64)7); i++)
        if (body[offset + i] != 0)
          return sitmap_prepared_cache_damaged (error, "a section's padding is not zero");
      offset += (size + 7) & ~(guint64)7;
      count++;
    }
  if (count != n_sections)
    return sitmap_prepared_cache_damaged (error, "the number of sections is wrong");
  if (sum != checksum)
    return sitmap_prepared_cache_damaged (error, "the checksum does not match");
  return TRUE;
}

SitmapPreparedCache *
sitmap_prepared_cache_open_bytes (GBytes                   *bytes,
                                  const SitmapPreparedKey  *key,
                                  GError                  **error)
{
  g_autoptr(SitmapPreparedCache) self = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  Header header;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (size < HEADER_SIZE)
    {
      sitmap_prepared_cache_damaged (error, "shorter than its header");
      return NULL;
    }
  memcpy (&header, data, sizeof header);
  if (memcmp (header.magic, magic, sizeof magic) != 0)
    {
      sitmap_prepared_cache_damaged (error, "not a cache file");
      return NULL;
    }
  if (header.header_checksum != sitmap_prepared_cache_hash (&header, offsetof (Header, header_checksum), 0))
    {
      sitmap_prepared_cache_damaged (error, "the header's checksum does not match");
      return NULL;
    }
  if (header.format != CACHE_FORMAT || header.header_size != HEADER_SIZE)
    {
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_STALE,
                   _("The prepared-data cache is of format %u, not %u"), header.format, CACHE_FORMAT);
      return NULL;
    }
  if (header.key_a != key->a || header.key_b != key->b)
    {
      g_set_error_literal (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_STALE,
                           _("The prepared-data cache was made for other data"));
      return NULL;
    }
  if (header.body_length != size - HEADER_SIZE)
    {
      sitmap_prepared_cache_damaged (error, "truncated, or longer than written");
      return NULL;
    }
  if (!check_body (data + HEADER_SIZE, size - HEADER_SIZE, header.n_sections, header.body_checksum, error))
    return NULL;

  self = g_new0 (SitmapPreparedCache, 1);
  self->key = *key;
  self->bytes = g_bytes_ref (bytes);
  self->body = data + HEADER_SIZE;
  self->body_length = size - HEADER_SIZE;
  self->n_sections = header.n_sections;
  return g_steal_pointer (&self);
}

/* A file's last modification is its last use: reading it counts too. */
static void
mark_used (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_mtime < time (NULL) - SECONDS_PER_DAY)
    utimensat (AT_FDCWD, path, NULL, 0);
}

SitmapPreparedCache *
sitmap_prepared_cache_open (const SitmapPreparedKey  *key,
                            GError                  **error)
{
  g_autofree char *path = sitmap_prepared_cache_get_path (key);
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  SitmapPreparedCache *self;

  g_return_val_if_fail (key != NULL, NULL);

  if (path == NULL)
    {
      g_set_error_literal (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_DISABLED,
                           _("The prepared-data cache is turned off"));
      return NULL;
    }
  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_MISSING,
                   _("The prepared-data cache cannot be read: %s"), local_error->message);
      return NULL;
    }
  /* An empty file maps to no memory at all. */
  if (g_mapped_file_get_length (file) == 0)
    {
      sitmap_prepared_cache_damaged (error, "empty");
      return NULL;
    }
  bytes = g_mapped_file_get_bytes (file);
  self = sitmap_prepared_cache_open_bytes (bytes, key, error);
  if (self != NULL)
    {
      self->mapped = TRUE;
      mark_used (path);
    }
  return self;
}

gconstpointer
sitmap_prepared_cache_next (SitmapPreparedCache  *self,
                            gsize                 size,
                            gsize                *n_elements,
                            GError              **error)
{
  static const guint64 empty[1] = { 0 };
  const guint8 *data;
  guint64 length;

  g_return_val_if_fail (self != NULL && self->bytes != NULL, NULL);
  g_return_val_if_fail (size > 0 && n_elements != NULL, NULL);

  /* check_body () made sure each length fits. */
  if (self->section >= self->n_sections)
    {
      sitmap_prepared_cache_damaged (error, "fewer sections than its reader needs");
      return NULL;
    }
  length = read64 (self->body + self->offset);
  data = self->body + self->offset + 8;
  if (length % size != 0)
    {
      sitmap_prepared_cache_damaged (error, "a section of the wrong size");
      return NULL;
    }
  self->offset += 8 + ((length + 7) & ~(guint64)7);
  self->section++;
  *n_elements = length / size;
  /* Never a pointer at the very end of the mapping, even for nothing. */
  return length > 0 ? data : (gconstpointer)empty;
}

gconstpointer
sitmap_prepared_cache_next_n (SitmapPreparedCache  *self,
                              gsize                 size,
                              gsize                 n_elements,
                              GError              **error)
{
  gsize n;
  gconstpointer data = sitmap_prepared_cache_next (self, size, &n, error);

  if (data != NULL && n != n_elements)
    {
      sitmap_prepared_cache_damaged (error, "a section of the wrong length");
      return NULL;
    }
  return data;
}

gboolean
sitmap_prepared_cache_at_end (SitmapPreparedCache *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->section == self->n_sections;
}

GBytes *
sitmap_prepared_cache_get_bytes (SitmapPreparedCache *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->bytes;
}

gboolean
sitmap_prepared_cache_is_mapped (SitmapPreparedCache *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->mapped;
}

void
sitmap_prepared_cache_release_pages (gconstpointer data,
                                     gsize         size)
{
  gsize page = (gsize)sysconf (_SC_PAGESIZE);
  guintptr first = ((guintptr)data + page - 1) & ~(guintptr)(page - 1);
  guintptr end = ((guintptr)data + size) & ~(guintptr)(page - 1);

  g_return_if_fail (data != NULL || size == 0);

  /* Not posix_madvise (): glibc makes its POSIX_MADV_DONTNEED do nothing,
   * because for memory of its own it would lose the contents.  A file
   * mapped read-only and private has none to lose. */
#ifdef MADV_DONTNEED
  if (end > first)
    madvise ((void *)first, end - first, MADV_DONTNEED);
#endif
}

/* ---- Writing -------------------------------------------------------------- */

SitmapPreparedCache *
sitmap_prepared_cache_new_writer (const SitmapPreparedKey *key)
{
  SitmapPreparedCache *self;

  g_return_val_if_fail (key != NULL, NULL);

  self = g_new0 (SitmapPreparedCache, 1);
  self->key = *key;
  self->sections = g_array_new (FALSE, FALSE, sizeof (Section));
  self->copies = g_ptr_array_new_with_free_func (g_free);
  return self;
}

void
sitmap_prepared_cache_add (SitmapPreparedCache *self,
                           gconstpointer        data,
                           gsize                size)
{
  Section section = { data, size };

  g_return_if_fail (self != NULL && self->sections != NULL);
  g_return_if_fail (data != NULL || size == 0);

  g_array_append_val (self->sections, section);
}

void
sitmap_prepared_cache_add_copy (SitmapPreparedCache *self,
                                gconstpointer        data,
                                gsize                size)
{
  gpointer copy;

  g_return_if_fail (self != NULL && self->copies != NULL);
  g_return_if_fail (data != NULL || size == 0);

  copy = g_memdup2 (data, size);
  g_ptr_array_add (self->copies, copy);
  sitmap_prepared_cache_add (self, copy, size);
}

static void
make_header (SitmapPreparedCache *self,
             Header              *header)
{
  guint64 sum = 0, length = 0;

  for (guint i = 0; i < self->sections->len; i++)
    {
      const Section *s = &g_array_index (self->sections, Section, i);

      sum = sitmap_prepared_cache_hash (s->data, s->size, sum ^ s->size);
      length += 8 + ((s->size + 7) & ~(gsize)7);
    }

  memset (header, 0, sizeof *header);
  memcpy (header->magic, magic, sizeof magic);
  header->format = CACHE_FORMAT;
  header->header_size = HEADER_SIZE;
  header->key_a = self->key.a;
  header->key_b = self->key.b;
  header->body_length = length;
  header->body_checksum = sum;
  header->n_sections = self->sections->len;
  header->header_checksum = sitmap_prepared_cache_hash (header, offsetof (Header, header_checksum), 0);
}

static gboolean
write_body (SitmapPreparedCache *self,
            const Header        *header,
            FILE                *out)
{
  static const guint8 pad[8] = { 0 };

  if (fwrite (header, sizeof *header, 1, out) != 1)
    return FALSE;
  for (guint i = 0; i < self->sections->len; i++)
    {
      const Section *s = &g_array_index (self->sections, Section, i);
      guint64 size = s->size;
      gsize padding = ((s->size + 7) & ~(gsize)7) - s->size;

      if (fwrite (&size, sizeof size, 1, out) != 1 ||
          (s->size > 0 && fwrite (s->data, s->size, 1, out) != 1) ||
          (padding > 0 && fwrite (pad, padding, 1, out) != 1))
        return FALSE;
    }
  return TRUE;
}

GBytes *
sitmap_prepared_cache_to_bytes (SitmapPreparedCache *self)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  static const guint8 pad[8] = { 0 };
  Header header;

  g_return_val_if_fail (self != NULL && self->sections != NULL, NULL);

  make_header (self, &header);
  g_byte_array_append (out, (const guint8 *)&header, sizeof header);
  for (guint i = 0; i < self->sections->len; i++)
    {
      const Section *s = &g_array_index (self->sections, Section, i);
      guint64 size = s->size;

      g_byte_array_append (out, (const guint8 *)&size, sizeof size);
      g_byte_array_append (out, s->data, s->size);
      g_byte_array_append (out, pad, ((s->size + 7) & ~(gsize)7) - s->size);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* No fsync: a file cut short by a crash after the rename fails its
 * length or checksum and is made again, which is all a cache owes. */
gboolean
sitmap_prepared_cache_commit (SitmapPreparedCache  *self,
                              GError              **error)
{
  g_autofree char *path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *temp = NULL;
  Header header;
  FILE *out;
  int fd, saved_errno;
  gboolean ok;

  g_return_val_if_fail (self != NULL && self->sections != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = sitmap_prepared_cache_get_path (&self->key);
  if (path == NULL)
    {
      g_set_error_literal (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_DISABLED,
                           _("The prepared-data cache is turned off"));
      return FALSE;
    }
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      saved_errno = errno;
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_WRITE,
                   _("The cache folder “%s” cannot be made: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }

  /* Unique per process and call, so concurrent writers never share one. */
  temp = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (temp, O_WRONLY, 0600);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_WRITE,
                   _("The cache folder “%s” cannot be written in: %s"), dir, g_strerror (saved_errno));
      return FALSE;
    }
  out = fdopen (fd, "wb");
  if (out == NULL)
    {
      saved_errno = errno;
      close (fd);
      g_unlink (temp);
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_WRITE,
                   _("The prepared-data cache cannot be written: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  make_header (self, &header);
  ok = write_body (self, &header, out);
  saved_errno = errno;
  if (fclose (out) != 0 && ok)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (ok && g_rename (temp, path) != 0)
    {
      ok = FALSE;
      saved_errno = errno;
    }
  if (!ok)
    {
      g_unlink (temp);
      g_set_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_WRITE,
                   _("The prepared-data cache “%s” cannot be written: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  forget_unused (dir, path);
  return TRUE;
}

void
sitmap_prepared_cache_free (SitmapPreparedCache *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->sections, g_array_unref);
  g_clear_pointer (&self->copies, g_ptr_array_unref);
  g_free (self);
}
