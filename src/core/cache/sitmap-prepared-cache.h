/* sitmap-prepared-cache.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A file of prepared data (projected shapes, shared arcs, simplification
 * levels, indexes) in the user's cache directory, so that the next start
 * maps it from disk instead of preparing it again.
 *
 * A file is a header and a list of sections, each a length and its bytes,
 * 8-byte aligned.  The header holds a magic, the format, the key the file
 * was made for, the body's length and a checksum of the body and of the
 * header itself: a file whose header, key, length or checksum is wrong is
 * refused, never read.  What a section holds is its reader's business,
 * which checks every count and index before use, since a checksum only
 * guards against damage, not against a file made to look right.
 *
 * Writing goes to a temporary file of a unique name beside the final one,
 * renamed over it when complete: two processes writing the same key at
 * once each rename a whole file, and a reader sees either one.  A cache
 * directory that cannot be written, or a full disk, only means the data
 * is prepared again next time.  Each write also clears out files unused
 * for a month (those of other builds are never read again) and keeps the
 * folder under a gibibyte, the least recently used going first. */
typedef struct _SitmapPreparedCache SitmapPreparedCache;

#define SITMAP_PREPARED_CACHE_ERROR (sitmap_prepared_cache_error_quark ())

typedef enum
{
  SITMAP_PREPARED_CACHE_ERROR_DISABLED,   /* SITMAP_NO_CACHE, or no directory */
  SITMAP_PREPARED_CACHE_ERROR_MISSING,    /* nothing cached for the key */
  SITMAP_PREPARED_CACHE_ERROR_DAMAGED,    /* truncated, bad magic, checksum, sections */
  SITMAP_PREPARED_CACHE_ERROR_STALE,      /* another format or another key */
  SITMAP_PREPARED_CACHE_ERROR_WRITE,      /* could not be written */
} SitmapPreparedCacheError;

GQuark sitmap_prepared_cache_error_quark (void);

/* 128 bits of what the data was prepared from. */
typedef struct
{
  guint64 a, b;
} SitmapPreparedKey;

/* Starts a key with the cache's format, Sitmap's version and the
 * machine's byte order and word sizes, so that another build's files are
 * never taken for this one's. */
void     sitmap_prepared_key_init    (SitmapPreparedKey  *key);
void     sitmap_prepared_key_add     (SitmapPreparedKey  *key,
                                      gconstpointer       data,
                                      gsize               size);
/* A fast 64-bit hash (not cryptographic), for keys and checksums. */
guint64  sitmap_prepared_cache_hash  (gconstpointer       data,
                                      gsize               size,
                                      guint64             seed);

/* $SITMAP_CACHE_DIR, else the user's cache directory's "sitmap"; NULL
 * when SITMAP_NO_CACHE is set to anything but "" or "0". */
char    *sitmap_prepared_cache_get_dir (void);

/* Reading.  _open () maps the key's file and checks its header, length
 * and checksum; _open_bytes () checks bytes the same way (for tests and
 * fuzzing).  _next () hands out the sections in order: size must divide
 * the section's length, and the number of elements is returned in
 * n_elements; NULL with an error past the last section or on a section
 * of the wrong size. */
SitmapPreparedCache *sitmap_prepared_cache_open       (const SitmapPreparedKey  *key,
                                                       GError                  **error);
SitmapPreparedCache *sitmap_prepared_cache_open_bytes (GBytes                   *bytes,
                                                       const SitmapPreparedKey  *key,
                                                       GError                  **error);
gconstpointer        sitmap_prepared_cache_next       (SitmapPreparedCache      *self,
                                                       gsize                     size,
                                                       gsize                    *n_elements,
                                                       GError                  **error);
/* Like _next (), and the section must have exactly n_elements. */
gconstpointer        sitmap_prepared_cache_next_n     (SitmapPreparedCache      *self,
                                                       gsize                     size,
                                                       gsize                     n_elements,
                                                       GError                  **error);
/* TRUE when every section has been read. */
gboolean             sitmap_prepared_cache_at_end     (SitmapPreparedCache      *self);
/* The mapped bytes the sections point into: whoever keeps pointers into
 * them keeps a reference. */
GBytes              *sitmap_prepared_cache_get_bytes  (SitmapPreparedCache      *self);
/* TRUE when those bytes are the file mapped by _open (), not memory given
 * to _open_bytes (). */
gboolean             sitmap_prepared_cache_is_mapped  (SitmapPreparedCache      *self);
/* Gives the system back the pages wholly inside [data, data + size) of a
 * file mapped by _open (), without unmapping them: they cost no memory
 * until touched again, and are then read back from the file, which the
 * cache only ever replaces by renaming a new one over it.  Only for such
 * mappings: memory of the process's own would read back as zeros. */
void                 sitmap_prepared_cache_release_pages (gconstpointer      data,
                                                          gsize              size);

/* Writing.  _add () takes a section by reference, not by copy, so its
 * data must stay as it is until _commit (), which writes the file beside
 * its final name and renames it there, or _to_bytes (). */
SitmapPreparedCache *sitmap_prepared_cache_new_writer (const SitmapPreparedKey  *key);
void                 sitmap_prepared_cache_add        (SitmapPreparedCache      *self,
                                                       gconstpointer             data,
                                                       gsize                     size);
/* The same with a copy of data, for small things made on the spot. */
void                 sitmap_prepared_cache_add_copy   (SitmapPreparedCache      *self,
                                                       gconstpointer             data,
                                                       gsize                     size);
gboolean             sitmap_prepared_cache_commit     (SitmapPreparedCache      *self,
                                                       GError                  **error);
GBytes              *sitmap_prepared_cache_to_bytes   (SitmapPreparedCache      *self);
/* Where the key's file is, or would be; NULL when the cache is disabled. */
char                *sitmap_prepared_cache_get_path   (const SitmapPreparedKey  *key);

void                 sitmap_prepared_cache_free       (SitmapPreparedCache      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapPreparedCache, sitmap_prepared_cache_free)

/* Sets a "damaged" error about the cache saying what was wrong; returns
 * FALSE, for the readers of the cache's parts. */
gboolean sitmap_prepared_cache_damaged (GError     **error,
                                        const char  *what);

G_END_DECLS
