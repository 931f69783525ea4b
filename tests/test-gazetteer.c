/* test-gazetteer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sitmap-gazetteer.h"

static SitmapGazetteer *
open_default (void)
{
  g_autoptr(GError) error = NULL;
  SitmapGazetteer *gazetteer = sitmap_gazetteer_open_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (gazetteer);
  return gazetteer;
}

/* The most important entry of that name, which must exist. */
static const SitmapGazetteerEntry *
first (SitmapGazetteer *gazetteer,
       const char      *name)
{
  g_autoptr(GPtrArray) found = sitmap_gazetteer_lookup (gazetteer, name);

  if (found->len == 0)
    g_error ("no entry for “%s”", name);
  return g_ptr_array_index (found, 0);
}

static void
test_fold (void)
{
  static const char *const cases[][2] = {
    { "Zürich", "zurich" },
    { "ZURICH", "zurich" },
    { "U.S.", "us" },
    { "Washington, D.C.", "washington dc" },
    { "  Saint-Denis ", "saint denis" },
    { "Kraków", "krakow" },
    { "Łódź", "lodz" },
    { "Straße", "strasse" },
    { "Київ", "киів" },
    { "Kyiv’s", "kyivs" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = sitmap_gazetteer_fold (cases[i][0]);

      g_assert_cmpstr (folded, ==, cases[i][1]);
    }
}

static void
test_kyiv_in_every_spelling (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  const SitmapGazetteerEntry *kyiv = first (gazetteer, "Kyiv");
  const char *const spellings[] = { "Kiev", "Київ", "Киев", "KYIV", "kiev" };

  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (kyiv), ==, "Kyiv");
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (kyiv), ==, SITMAP_GAZETTEER_KIND_CAPITAL);
  g_assert_cmpuint (sitmap_gazetteer_entry_get_geonames_id (kyiv), ==, 703448);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_country_code (kyiv), ==, "UA");
  g_assert_cmpfloat_with_epsilon (sitmap_gazetteer_entry_get_lon (kyiv), 30.52, 0.1);
  g_assert_cmpfloat_with_epsilon (sitmap_gazetteer_entry_get_lat (kyiv), 50.45, 0.1);
  g_assert_cmpuint (sitmap_gazetteer_entry_get_population (kyiv), >, 2000000);

  for (guint i = 0; i < G_N_ELEMENTS (spellings); i++)
    g_assert_true (first (gazetteer, spellings[i]) == kyiv);

  /* The alternates hold the spellings as written. */
  {
    gboolean seen = FALSE;

    for (guint i = 0; i < sitmap_gazetteer_entry_get_n_alternate_names (kyiv); i++)
      seen |= g_strcmp0 (sitmap_gazetteer_entry_get_alternate_name (kyiv, i), "Київ") == 0;
    g_assert_true (seen);
  }
}

static void
test_accents_and_case (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  const SitmapGazetteerEntry *zurich = first (gazetteer, "Zürich");

  g_assert_true (first (gazetteer, "zurich") == zurich);
  g_assert_true (first (gazetteer, "ZÜRICH") == zurich);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_country_code (zurich), ==, "CH");
  g_assert_true (first (gazetteer, "Washington") == first (gazetteer, "Washington, D.C."));
  g_assert_cmpstr (sitmap_gazetteer_entry_get_country_code (first (gazetteer, "Washington")), ==, "US");
  g_assert_true (first (gazetteer, "U.S.") == sitmap_gazetteer_lookup_country (gazetteer, "us"));
}

static void
test_every_candidate (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  g_autoptr(GPtrArray) georgia = sitmap_gazetteer_lookup (gazetteer, "Georgia");
  g_autoptr(GPtrArray) nothing = sitmap_gazetteer_lookup (gazetteer, "Qwxzplk");
  gboolean state = FALSE;

  g_assert_cmpuint (georgia->len, >=, 2);
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (g_ptr_array_index (georgia, 0)), ==,
                   SITMAP_GAZETTEER_KIND_COUNTRY);
  for (guint i = 0; i < georgia->len; i++)
    {
      const SitmapGazetteerEntry *e = g_ptr_array_index (georgia, i);

      state |= sitmap_gazetteer_entry_get_kind (e) == SITMAP_GAZETTEER_KIND_ADMIN1
               && g_strcmp0 (sitmap_gazetteer_entry_get_country_code (e), "US") == 0;
      if (i > 0)
        g_assert_cmpfloat (sitmap_gazetteer_entry_get_importance (g_ptr_array_index (georgia, i - 1)),
                           >=, sitmap_gazetteer_entry_get_importance (e));
    }
  g_assert_true (state);
  g_assert_cmpuint (nothing->len, ==, 0);
}

static void
test_prefix_search (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  g_autoptr(GPtrArray) kyi = sitmap_gazetteer_search (gazetteer, "Kyi", 10);
  g_autoptr(GPtrArray) all = sitmap_gazetteer_search (gazetteer, "Kyi", 0);
  g_autoptr(GPtrArray) empty = sitmap_gazetteer_search (gazetteer, "", 10);
  g_autoptr(GPtrArray) cyrillic = sitmap_gazetteer_search (gazetteer, "Киї", 5);

  g_assert_cmpuint (kyi->len, >, 1);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (g_ptr_array_index (kyi, 0)), ==, "Kyiv");
  g_assert_cmpuint (all->len, >=, kyi->len);
  for (guint i = 0; i < kyi->len; i++)
    {
      g_assert_true (g_ptr_array_index (kyi, i) == g_ptr_array_index (all, i));
      for (guint j = 0; j < i; j++)
        g_assert_true (g_ptr_array_index (kyi, i) != g_ptr_array_index (kyi, j));
    }
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (cyrillic->len, >, 0);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (g_ptr_array_index (cyrillic, 0)), ==, "Kyiv");

  g_assert_true (sitmap_gazetteer_has_prefix (gazetteer, "Saint P", FALSE));
  g_assert_true (sitmap_gazetteer_has_prefix (gazetteer, "Ukrain", TRUE));
  g_assert_false (sitmap_gazetteer_has_prefix (gazetteer, "Qwxzplk", TRUE));
}

static void
test_demonyms (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  static const char *const cases[][2] = {
    { "Ukrainian", "Ukraine" },
    { "Russian", "Russia" },
    { "Soviet", "Soviet Union" },
    { "American", "United States" },
    { "Muscovite", "Moscow" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) found = sitmap_gazetteer_lookup_demonym (gazetteer, cases[i][0]);

      g_assert_cmpuint (found->len, >, 0);
      g_assert_cmpstr (sitmap_gazetteer_entry_get_name (g_ptr_array_index (found, 0)), ==, cases[i][1]);
    }
}

static void
test_hand_table (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  const SitmapGazetteerEntry *donbas = first (gazetteer, "Donbas");
  const SitmapGazetteerEntry *sea = first (gazetteer, "the Black Sea");
  const SitmapGazetteerEntry *nato = first (gazetteer, "NATO headquarters");
  const SitmapGazetteerEntry *ukraine = sitmap_gazetteer_lookup_country (gazetteer, "UA");
  g_autoptr(GPtrArray) donetsk = sitmap_gazetteer_lookup (gazetteer, "Donetsk region");

  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (donbas), ==, SITMAP_GAZETTEER_KIND_REGION);
  /* Between the Donetsk and Luhansk oblasts. */
  g_assert_cmpfloat (sitmap_gazetteer_entry_get_lon (donbas), >, 36.5);
  g_assert_cmpfloat (sitmap_gazetteer_entry_get_lon (donbas), <, 40.3);
  g_assert_cmpfloat (sitmap_gazetteer_entry_get_lat (donbas), >, 46.8);
  g_assert_cmpfloat (sitmap_gazetteer_entry_get_lat (donbas), <, 50.1);
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (sea), ==, SITMAP_GAZETTEER_KIND_WATER);
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (nato), ==, SITMAP_GAZETTEER_KIND_ORGANISATION);
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (first (gazetteer, "Baltic states")), ==,
                   SITMAP_GAZETTEER_KIND_REGION);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (first (gazetteer, "eastern Siberia")), ==, "Eastern Siberia");
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (first (gazetteer, "Russia's Far East")), ==, "Russian Far East");

  g_assert_nonnull (ukraine);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (ukraine), ==, "Ukraine");
  g_assert_true (first (gazetteer, "Україна") == ukraine);
  g_assert_null (sitmap_gazetteer_lookup_country (gazetteer, "ZZ"));

  g_assert_cmpuint (donetsk->len, >, 0);
  g_assert_cmpint (sitmap_gazetteer_entry_get_kind (g_ptr_array_index (donetsk, 0)), ==,
                   SITMAP_GAZETTEER_KIND_ADMIN1);
  g_assert_cmpstr (sitmap_gazetteer_entry_get_name (g_ptr_array_index (donetsk, 0)), ==, "Donetsk Oblast");
  /* Crimea is drawn in Ukraine, and listed there. */
  g_assert_cmpstr (sitmap_gazetteer_entry_get_country_code (first (gazetteer, "Crimea")), ==, "UA");
}

static void
test_entries (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  guint n = sitmap_gazetteer_get_n_entries (gazetteer);

  g_assert_cmpuint (n, >, 25000);
  for (guint i = 0; i < n; i += 97)
    {
      const SitmapGazetteerEntry *e = sitmap_gazetteer_get_entry (gazetteer, i);
      double importance = sitmap_gazetteer_entry_get_importance (e);

      g_assert_cmpuint (sitmap_gazetteer_entry_get_index (e), ==, i);
      g_assert_cmpfloat (fabs (sitmap_gazetteer_entry_get_lon (e)), <=, 180);
      g_assert_cmpfloat (fabs (sitmap_gazetteer_entry_get_lat (e)), <=, 90);
      g_assert_cmpfloat (importance, >=, 0);
      g_assert_cmpfloat (importance, <=, 1);
      g_assert_true (g_utf8_validate (sitmap_gazetteer_entry_get_name (e), -1, NULL));
    }
}

/* --- damaged files ------------------------------------------------------ */

static GBytes *
default_bytes (void)
{
  g_autoptr(SitmapGazetteer) gazetteer = open_default ();
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize size;

  g_file_get_contents (sitmap_gazetteer_get_path (gazetteer), &contents, &size, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, size);
}

static void
assert_refused (GBytes *bytes,
                int     code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapGazetteer) gazetteer = sitmap_gazetteer_new_from_bytes (bytes, "damaged.gaz", &error);

  g_assert_null (gazetteer);
  g_assert_error (error, SITMAP_GAZETTEER_ERROR, code);
  g_assert_nonnull (strstr (error->message, "damaged.gaz"));
}

static void
test_damaged (void)
{
  g_autoptr(GBytes) good = default_bytes ();
  gsize size;
  const guint8 *data = g_bytes_get_data (good, &size);
  const gsize cuts[] = { 0, 7, 63, 64, 1000, size / 2, size - 1 };

  /* Truncated anywhere. */
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GBytes) cut = g_bytes_new (data, cuts[i]);

      assert_refused (cut, cuts[i] < 64 ? SITMAP_GAZETTEER_ERROR_NOT_A_GAZETTEER
                                        : SITMAP_GAZETTEER_ERROR_CORRUPT);
    }

  /* One byte changed anywhere after the header: the checksum catches it. */
  for (gsize at = 64; at < size; at += size / 13)
    {
      guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) flipped = NULL;

      copy[at] ^= 0x5a;
      flipped = g_bytes_new_take (copy, size);
      assert_refused (flipped, SITMAP_GAZETTEER_ERROR_CORRUPT);
    }

  /* Wrong magic, a newer version, counts that overrun the file. */
  {
    guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) bytes = NULL;

    copy[0] = 'X';
    bytes = g_bytes_new_take (copy, size);
    assert_refused (bytes, SITMAP_GAZETTEER_ERROR_NOT_A_GAZETTEER);
  }
  {
    guint8 *copy = g_memdup2 (data, size);
    g_autoptr(GBytes) bytes = NULL;

    copy[8] = 99;
    bytes = g_bytes_new_take (copy, size);
    assert_refused (bytes, SITMAP_GAZETTEER_ERROR_UNSUPPORTED_VERSION);
  }
  for (guint field = 16; field < 40; field += 4)
    {
      guint8 *copy = g_memdup2 (data, size);
      g_autoptr(GBytes) bytes = NULL;
      guint32 huge = GUINT32_TO_LE (0xfffffff0u);

      memcpy (copy + field, &huge, 4);
      bytes = g_bytes_new_take (copy, size);
      assert_refused (bytes, SITMAP_GAZETTEER_ERROR_CORRUPT);
    }
}

static void
test_missing_and_empty_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapGazetteer) missing = sitmap_gazetteer_new_for_file ("/nonexistent/places.gaz", &error);
  g_autofree char *dir = g_dir_make_tmp ("test-gazetteer-XXXXXX", NULL);
  g_autofree char *empty_path = g_build_filename (dir, "empty.gaz", NULL);
  g_autoptr(SitmapGazetteer) empty = NULL;

  g_assert_null (missing);
  g_assert_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/places.gaz"));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  empty = sitmap_gazetteer_new_for_file (empty_path, &error);
  g_assert_null (empty);
  g_assert_error (error, SITMAP_GAZETTEER_ERROR, SITMAP_GAZETTEER_ERROR_NOT_A_GAZETTEER);
  g_assert_nonnull (strstr (error->message, empty_path));

  g_unlink (empty_path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/gazetteer/fold", test_fold);
  g_test_add_func ("/gazetteer/kyiv-in-every-spelling", test_kyiv_in_every_spelling);
  g_test_add_func ("/gazetteer/accents-and-case", test_accents_and_case);
  g_test_add_func ("/gazetteer/every-candidate", test_every_candidate);
  g_test_add_func ("/gazetteer/prefix-search", test_prefix_search);
  g_test_add_func ("/gazetteer/demonyms", test_demonyms);
  g_test_add_func ("/gazetteer/hand-table", test_hand_table);
  g_test_add_func ("/gazetteer/entries", test_entries);
  g_test_add_func ("/gazetteer/damaged", test_damaged);
  g_test_add_func ("/gazetteer/missing-and-empty-files", test_missing_and_empty_files);

  return g_test_run ();
}
