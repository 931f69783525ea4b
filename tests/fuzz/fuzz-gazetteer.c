/* fuzz-gazetteer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a gazetteer file (the format of data/gazetteer/places.gaz).
 * A file whose checksum does not match is refused before anything else is
 * read, so a mutated input would almost never get further: when the input
 * starts with the magic, its header's file size and CRC-32 are set to
 * those of the input before it is opened, and the structure behind the
 * checksum is what gets fuzzed.  The seeds are small gazetteers written by
 * make-gazetteer-seed.py.  Invariants, beyond what the sanitizers see:
 *   - a refused file gets a message that names it, in valid UTF-8;
 *   - an opened one hands out only clean text: every name, alternate name
 *     and admin-1 name valid UTF-8 without control characters, every
 *     country code NULL or two capital letters;
 *   - every coordinate is finite and on the globe, every importance in
 *     [0, 1];
 *   - lookups, demonym lookups, as-you-type searches and prefix tests on
 *     the file's own names (and prefixes of them) return entries of this
 *     gazetteer only, each the same pointer get_entry() gives for its
 *     index; a search honours its limit.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>
#include <zlib.h>

#include "fuzz-target.h"
#include "sitmap-gazetteer.h"

#define INPUT_NAME       "fuzz.gaz"
#define HEADER_SIZE      64
#define FILE_SIZE_OFFSET 40
#define CRC_OFFSET       44
#define SEARCH_LIMIT     5

static void
fix_up_header (guint8 *data,
               gsize   size)
{
  guint32 file_size, crc;

  if (size < HEADER_SIZE || memcmp (data, "SITMAPGZ", 8) != 0 || size > G_MAXUINT32)
    return;
  file_size = GUINT32_TO_LE ((guint32) size);
  crc = GUINT32_TO_LE ((guint32) crc32 (0L, data + HEADER_SIZE, size - HEADER_SIZE));
  memcpy (data + FILE_SIZE_OFFSET, &file_size, 4);
  memcpy (data + CRC_OFFSET, &crc, 4);
}

static void
check_results (SitmapGazetteer *gazetteer,
               GPtrArray       *results,
               guint            limit)
{
  guint n_entries = sitmap_gazetteer_get_n_entries (gazetteer);

  FUZZ_CHECK (results != NULL);
  FUZZ_CHECK (limit == 0 || results->len <= limit);
  for (guint i = 0; i < results->len; i++)
    {
      const SitmapGazetteerEntry *entry = g_ptr_array_index (results, i);
      guint index = sitmap_gazetteer_entry_get_index (entry);

      FUZZ_CHECK (index < n_entries);
      FUZZ_CHECK (sitmap_gazetteer_get_entry (gazetteer, index) == entry);
    }
  g_ptr_array_unref (results);
}

static void
check_entry (const SitmapGazetteerEntry *entry)
{
  const char *code = sitmap_gazetteer_entry_get_country_code (entry);
  const char *admin1 = sitmap_gazetteer_entry_get_admin1 (entry);
  double lon = sitmap_gazetteer_entry_get_lon (entry);
  double lat = sitmap_gazetteer_entry_get_lat (entry);
  double importance = sitmap_gazetteer_entry_get_importance (entry);

  FUZZ_CHECK (fuzz_text_is_clean (sitmap_gazetteer_entry_get_name (entry)));
  for (guint n = 0; n < sitmap_gazetteer_entry_get_n_alternate_names (entry); n++)
    FUZZ_CHECK (fuzz_text_is_clean (sitmap_gazetteer_entry_get_alternate_name (entry, n)));
  FUZZ_CHECK (admin1 == NULL || fuzz_text_is_clean (admin1));
  FUZZ_CHECK (code == NULL
              || (strlen (code) == 2 && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1])));
  FUZZ_CHECK (isfinite (lon) && lon >= -180 && lon <= 180);
  FUZZ_CHECK (isfinite (lat) && lat >= -90 && lat <= 90);
  FUZZ_CHECK (isfinite (importance) && importance >= 0 && importance <= 1);
  FUZZ_CHECK ((guint) sitmap_gazetteer_entry_get_kind (entry)
              <= SITMAP_GAZETTEER_KIND_ORGANISATION);
}

/* Every query the editor's search and the extractor make, with the file's
 * own names so that they find something. */
static void
query_with (SitmapGazetteer *gazetteer,
            const char      *name)
{
  g_autofree char *folded = sitmap_gazetteer_fold (name);
  glong n_chars = g_utf8_strlen (name, -1);
  g_autofree char *prefix = g_utf8_substring (name, 0, MAX (1, n_chars / 2));

  FUZZ_CHECK (g_utf8_validate (folded, -1, NULL));
  check_results (gazetteer, sitmap_gazetteer_lookup (gazetteer, name), 0);
  check_results (gazetteer, sitmap_gazetteer_lookup_demonym (gazetteer, name), 0);
  check_results (gazetteer, sitmap_gazetteer_search (gazetteer, prefix, SEARCH_LIMIT),
                 SEARCH_LIMIT);
  (void) sitmap_gazetteer_has_prefix (gazetteer, prefix, TRUE);
  (void) sitmap_gazetteer_has_prefix (gazetteer, folded, FALSE);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *copy;
  guint n_entries;

  fuzz_init_logging ();

  copy = g_memdup2 (data, size);
  fix_up_header (copy, size);
  bytes = g_bytes_new_take (copy, size);

  gazetteer = sitmap_gazetteer_new_from_bytes (bytes, INPUT_NAME, &error);
  if (gazetteer == NULL)
    {
      FUZZ_CHECK (error != NULL && g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (strstr (error->message, INPUT_NAME) != NULL);
      if (fuzz_verbose)
        g_print ("  refused: %s\n", error->message);
      return 0;
    }

  n_entries = sitmap_gazetteer_get_n_entries (gazetteer);
  FUZZ_CHECK (n_entries > 0);
  for (guint i = 0; i < n_entries; i++)
    {
      const SitmapGazetteerEntry *entry = sitmap_gazetteer_get_entry (gazetteer, i);

      FUZZ_CHECK (sitmap_gazetteer_entry_get_index (entry) == i);
      check_entry (entry);
    }

  /* The queries fold and compare every name they pass: a few entries'
   * names reach every path without making each run slow. */
  for (guint i = 0; i < MIN (n_entries, 8); i++)
    {
      const SitmapGazetteerEntry *entry = sitmap_gazetteer_get_entry (gazetteer, i);
      const char *code = sitmap_gazetteer_entry_get_country_code (entry);

      query_with (gazetteer, sitmap_gazetteer_entry_get_name (entry));
      if (sitmap_gazetteer_entry_get_n_alternate_names (entry) > 0)
        query_with (gazetteer, sitmap_gazetteer_entry_get_alternate_name (entry, 0));
      if (code != NULL)
        {
          const SitmapGazetteerEntry *country = sitmap_gazetteer_lookup_country (gazetteer, code);

          FUZZ_CHECK (country == NULL
                      || sitmap_gazetteer_get_entry (gazetteer,
                                                     sitmap_gazetteer_entry_get_index (country))
                         == country);
        }
    }
  check_results (gazetteer, sitmap_gazetteer_search (gazetteer, "k", 0), 0);

  if (fuzz_verbose)
    g_print ("  opened: %u entries\n", n_entries);
  return 0;
}
