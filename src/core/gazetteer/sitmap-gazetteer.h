/* sitmap-gazetteer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* An offline gazetteer: the places a news story names (countries, admin-1
 * regions, cities and towns, capitals, regions that are not administrative
 * units, water bodies, venues and news aliases such as "NATO headquarters")
 * with every name they go by in every language, and the demonyms and
 * adjectives that point at them ("Ukrainian", "Soviet").
 *
 * The data is one compact file (data/gazetteer/places.gaz, made by
 * data/gazetteer/make-gazetteer.py from Debian packages) that is mapped,
 * validated and then read in place: nothing is copied at load.
 *
 * Names are compared after folding (sitmap_gazetteer_fold()): case,
 * accents and punctuation do not matter, so "Zürich", "ZURICH" and
 * "zurich" are one name, as are "U.S." and "US" or "Saint-Denis" and
 * "Saint Denis".  Scripts are not transliterated: "Київ" and "Киев" match
 * Kyiv because the data lists them, not by rule.
 *
 * A SitmapGazetteer is immutable once opened and may be used from any
 * thread at once.  Entries are borrowed: a `const SitmapGazetteerEntry *`
 * stays valid, and keeps its address, for as long as the gazetteer that
 * returned it is alive, so entries may be compared by pointer and used as
 * hash-table keys. */

#define SITMAP_GAZETTEER_ERROR (sitmap_gazetteer_error_quark ())

typedef enum
{
  /* The file is missing or cannot be read. */
  SITMAP_GAZETTEER_ERROR_NOT_FOUND,
  /* The file is not a gazetteer at all (wrong magic). */
  SITMAP_GAZETTEER_ERROR_NOT_A_GAZETTEER,
  /* A gazetteer of a format version this build does not read. */
  SITMAP_GAZETTEER_ERROR_UNSUPPORTED_VERSION,
  /* Truncated, checksum mismatch, or sizes and offsets out of bounds. */
  SITMAP_GAZETTEER_ERROR_CORRUPT,
} SitmapGazetteerError;

typedef enum
{
  /* A sovereign or de-facto country, or a former one ("Soviet Union"). */
  SITMAP_GAZETTEER_KIND_COUNTRY,
  /* A first-order administrative division: oblast, state, province. */
  SITMAP_GAZETTEER_KIND_ADMIN1,
  /* A region that is no administrative unit: Donbas, the Baltic states,
   * Siberia, Russia's Far East. */
  SITMAP_GAZETTEER_KIND_REGION,
  /* A country's capital city. */
  SITMAP_GAZETTEER_KIND_CAPITAL,
  /* Any other city, town or populated place. */
  SITMAP_GAZETTEER_KIND_CITY,
  /* A building or site where things happen: a summit venue, a base. */
  SITMAP_GAZETTEER_KIND_VENUE,
  /* A sea, lake, river, strait or gulf. */
  SITMAP_GAZETTEER_KIND_WATER,
  /* An organisation's seat, found by a name of the organisation or of
   * its seat: "NATO headquarters" (Brussels), "the Pentagon". */
  SITMAP_GAZETTEER_KIND_ORGANISATION,
} SitmapGazetteerKind;

typedef struct _SitmapGazetteerEntry SitmapGazetteerEntry;

#define SITMAP_TYPE_GAZETTEER (sitmap_gazetteer_get_type ())

G_DECLARE_FINAL_TYPE (SitmapGazetteer, sitmap_gazetteer, SITMAP, GAZETTEER, GObject)

GQuark                      sitmap_gazetteer_error_quark        (void);

/* The gazetteer shipped with the app: gazetteer/places.gaz in the data
 * directory (sitmap_map_get_data_dir(): $SITMAP_DATADIR, the source tree
 * when run uninstalled, or the installed copy).  It is opened once per
 * process and shared; each call returns a new reference to it.  A failure
 * is not cached, so a later call tries again. */
SitmapGazetteer            *sitmap_gazetteer_open_default       (GError               **error);
/* Maps and validates a gazetteer file.  Error messages name the file. */
SitmapGazetteer            *sitmap_gazetteer_new_for_file       (const char            *path,
                                                                 GError               **error);
/* The same from bytes in memory (kept referenced); name stands for the
 * file in error messages. */
SitmapGazetteer            *sitmap_gazetteer_new_from_bytes     (GBytes                *bytes,
                                                                 const char            *name,
                                                                 GError               **error);

/* The file it was opened from, or the name given with the bytes. */
const char                 *sitmap_gazetteer_get_path           (SitmapGazetteer       *self);
guint                       sitmap_gazetteer_get_n_entries      (SitmapGazetteer       *self);
/* Entry number index, 0 ≤ index < n_entries, in no particular order. */
const SitmapGazetteerEntry *sitmap_gazetteer_get_entry          (SitmapGazetteer       *self,
                                                                 guint                  index);

/* Every entry that has name among its names, in any language, compared
 * folded; a name not found with a leading "the" is looked up without it
 * ("the Black Sea").  Most important first.  Returns a new array of borrowed
 * `const SitmapGazetteerEntry *` (free the array only), empty when nothing
 * matches: "Washington" gives the US capital first and the town in
 * England after it; "Georgia" the country and the US state. */
GPtrArray                  *sitmap_gazetteer_lookup             (SitmapGazetteer       *self,
                                                                 const char            *name);
/* Every entry that word is a demonym or adjective of, compared folded,
 * most important first: "Ukrainian" gives Ukraine, "Soviet" the Soviet
 * Union, "Russian" Russia, "Muscovite" Moscow.  Same array as above. */
GPtrArray                  *sitmap_gazetteer_lookup_demonym     (SitmapGazetteer       *self,
                                                                 const char            *word);
/* The country entry for an ISO 3166-1 alpha-2 code ("UA"), or NULL. */
const SitmapGazetteerEntry *sitmap_gazetteer_lookup_country     (SitmapGazetteer       *self,
                                                                 const char            *iso_code);
/* Whether some name (or, with demonyms TRUE, some demonym too) begins
 * with prefix once both are folded.  A longest-match scanner asks this
 * to decide whether reading one more word can still find a name:
 * "Saint" is a prefix of "Saint Petersburg", "Saint P" as well. */
gboolean                    sitmap_gazetteer_has_prefix         (SitmapGazetteer       *self,
                                                                 const char            *prefix,
                                                                 gboolean               demonyms);
/* As-you-type search for an editor: the entries with a name that begins
 * with prefix (folded), each entry once, most important first, at most
 * max_results of them (0 for no limit).  Same array as above; empty for
 * an empty prefix. */
GPtrArray                  *sitmap_gazetteer_search             (SitmapGazetteer       *self,
                                                                 const char            *prefix,
                                                                 guint                  max_results);

/* Folds text the way names are compared: Unicode compatibility
 * decomposition, accents dropped, case folded, dots and apostrophes
 * dropped, every other run of non-alphanumeric characters one space,
 * none at either end.  "Zürich" → "zurich", "U.S." → "us",
 * "Washington, D.C." → "washington dc".  Newly allocated. */
char                       *sitmap_gazetteer_fold               (const char            *text);

/* The credit a map owes when its story used the gazetteer, for the
 * export's credit line ("Places: GeoNames (CC BY 4.0)", translated). */
const char                 *sitmap_gazetteer_get_credit         (void);
/* Whether a credit line (a story's) credits the gazetteer's data: a map
 * that shows it owes that credit on screen too, CC BY asks for it. */
gboolean                    sitmap_gazetteer_is_credited        (const char            *credit);
/* The longer attribution for an About dialog: every source and its
 * licence, one a line, translated. */
const char                 *sitmap_gazetteer_get_attribution    (void);

/* The entry's preferred English name ("Kyiv", "Washington D.C."). */
const char                 *sitmap_gazetteer_entry_get_name        (const SitmapGazetteerEntry *entry);
SitmapGazetteerKind         sitmap_gazetteer_entry_get_kind        (const SitmapGazetteerEntry *entry);
/* WGS 84 degrees: a city's centre, a country's or region's interior point
 * (inside its shipped boundary, not merely its bounding-box centre). */
double                      sitmap_gazetteer_entry_get_lon         (const SitmapGazetteerEntry *entry);
double                      sitmap_gazetteer_entry_get_lat         (const SitmapGazetteerEntry *entry);
/* The GeoNames id, or 0 for an entry GeoNames has no id for here. */
guint32                     sitmap_gazetteer_entry_get_geonames_id (const SitmapGazetteerEntry *entry);
/* People living there, or 0 when unknown (regions, water, venues). */
guint64                     sitmap_gazetteer_entry_get_population  (const SitmapGazetteerEntry *entry);
/* ISO 3166-1 alpha-2 code of the country it lies in (or is), upper case,
 * or NULL for places in no one country (the Black Sea, the Baltic states,
 * the Soviet Union). */
const char                 *sitmap_gazetteer_entry_get_country_code (const SitmapGazetteerEntry *entry);
/* The English name of the admin-1 region it lies in ("Donetsk Oblast"),
 * or NULL (countries, regions themselves, places without one). */
const char                 *sitmap_gazetteer_entry_get_admin1      (const SitmapGazetteerEntry *entry);
/* A prior in [0, 1] for how likely a mention of one of its names means
 * this entry: from kind and population.  Ranks lookups and searches. */
double                      sitmap_gazetteer_entry_get_importance  (const SitmapGazetteerEntry *entry);
/* Its other names (not the preferred one), in any language and script,
 * as written (not folded): "Kiev", "Київ", "Киев", "Kijów", … */
guint                       sitmap_gazetteer_entry_get_n_alternate_names (const SitmapGazetteerEntry *entry);
const char                 *sitmap_gazetteer_entry_get_alternate_name    (const SitmapGazetteerEntry *entry,
                                                                          guint                       index);
/* A stable number of the entry within its gazetteer file, the index
 * sitmap_gazetteer_get_entry() takes. */
guint                       sitmap_gazetteer_entry_get_index       (const SitmapGazetteerEntry *entry);

G_END_DECLS
