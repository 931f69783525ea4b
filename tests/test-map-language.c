/* test-map-language.c: the map's text is in its story's language, not the
 * desktop's.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "sitmap-catalog.h"
#include "sitmap-date-text.h"
#include "sitmap-i18n.h"
#include "sitmap-map-language.h"
#include "sitmap-number.h"
#include "sitmap-story.h"

#define NBSP "\u00a0"

static void
test_story_language (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uk_path = g_test_build_filename (G_TEST_DIST, "data", "stories",
                                                    "ukraine-2022-01-uk", "story.geojson", NULL);
  g_autofree char *en_path = g_build_filename (SITMAP_SOURCE_DATADIR, "stories", "ukraine-2022-01",
                                               "story.geojson", NULL);
  g_autoptr(SitmapStory) uk = sitmap_story_load_file (uk_path, &error);
  g_autoptr(SitmapStory) en = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_story_get_language (uk), ==, "uk");
  en = sitmap_story_load_file (en_path, &error);
  g_assert_no_error (error);
  /* No "language" member: English. */
  g_assert_cmpstr (sitmap_story_get_language (en), ==, "en");
}

static void
test_bad_language (void)
{
  static const char *bad[] = { "", "u", "uk_UA", "uk-", "-uk", "ukrainian-language", "1k", "uk-ÜA" };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *json = g_strdup_printf (
        "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", "
        "\"title\": \"T\", \"article\": \"a.txt\", \"language\": \"%s\"}, \"features\": []}", bad[i]);
      g_autoptr(SitmapStory) story = sitmap_story_load_data (json, strlen (json), "t.geojson", NULL,
                                                             "Text.\n", &error);

      g_assert_null (story);
      g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_STORY);
      g_assert_nonnull (strstr (error->message, "language"));
    }
}

static void
test_numbers_and_dates (void)
{
  SitmapMapLanguage *uk = sitmap_map_language_get_for_tag ("uk");
  SitmapMapLanguage *en = sitmap_map_language_get_for_tag ("en");
  struct { SitmapMapLanguage *language; double value; const char *text; } numbers[] = {
    { en, 100000, "100,000" }, { en, 2000, "2,000" }, { en, 60, "60" }, { en, -1234.5, "−1,234.5" },
    { uk, 100000, "100" NBSP "000" }, { uk, 2000, "2" NBSP "000" }, { uk, 60, "60" },
    { uk, 1234567, "1" NBSP "234" NBSP "567" }, { uk, 2.5, "2,5" },
  };

  g_assert_true (sitmap_map_language_is_translated (uk));
  g_assert_false (sitmap_map_language_is_translated (en));
  /* Tags are case-insensitive and a region falls back to its language. */
  g_assert_true (sitmap_map_language_get_for_tag ("UK") == uk);
  g_assert_true (sitmap_map_language_is_translated (sitmap_map_language_get_for_tag ("uk-UA")));

  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    {
      g_autofree char *text = sitmap_map_language_format_number (numbers[i].language, numbers[i].value);

      g_assert_cmpstr (text, ==, numbers[i].text);
    }

  {
    SitmapFigure more = { .value = 100000, .unit = (char *)"troops", .qualifier = (char *)"more than" };
    SitmapFigure range = { .is_range = TRUE, .low = 5, .high = 10, .unit = (char *)"груп",
                           .qualifier = (char *)"another" };
    SitmapFigure exact = { .value = 7, .unit = (char *)"sites", .qualifier = (char *)"exactly" };
    g_autofree char *en_more = sitmap_map_language_format_figure (en, &more);
    g_autofree char *uk_more = sitmap_map_language_format_figure (uk, &more);
    g_autofree char *uk_range = sitmap_map_language_format_figure (uk, &range);
    g_autofree char *uk_exact = sitmap_map_language_format_figure (uk, &exact);

    g_assert_cmpstr (en_more, ==, "more than 100,000 troops");
    /* The hedge is translated, the unit is the story's own words. */
    g_assert_cmpstr (uk_more, ==, "понад 100" NBSP "000 troops");
    g_assert_cmpstr (uk_range, ==, "ще 5–10 груп");
    g_assert_cmpstr (uk_exact, ==, "7 sites");
  }

  /* Millions and billions as articles write them, and not when a count is
   * not a round number of them. */
  {
    SitmapFigure millions = { .value = 4500000, .unit = (char *)"people" };
    SitmapFigure billions = { .value = 1.5e9, .unit = (char *)"USD" };
    SitmapFigure range = { .is_range = TRUE, .low = 1e6, .high = 2e6, .unit = (char *)"people" };
    SitmapFigure exact = { .value = 4512345, .unit = (char *)"votes" };
    g_autofree char *en_millions = sitmap_map_language_format_figure (en, &millions);
    g_autofree char *uk_millions = sitmap_map_language_format_figure (uk, &millions);
    g_autofree char *en_billions = sitmap_map_language_format_figure (en, &billions);
    g_autofree char *en_range = sitmap_map_language_format_figure (en, &range);
    g_autofree char *en_exact = sitmap_map_language_format_figure (en, &exact);

    g_assert_cmpstr (en_millions, ==, "4.5 million people");
    g_assert_cmpstr (uk_millions, ==, "4,5 млн people");
    g_assert_cmpstr (en_billions, ==, "1.5 billion USD");
    g_assert_cmpstr (en_range, ==, "1–2 million people");
    g_assert_cmpstr (en_exact, ==, "4,512,345 votes");
  }

  {
    g_autofree char *en_date = sitmap_map_language_format_date (en, "2022-01-15");
    g_autofree char *uk_date = sitmap_map_language_format_date (uk, "2022-01-15");
    g_autofree char *uk_may = sitmap_map_language_format_date (uk, "2022-05-09");
    g_autofree char *odd = sitmap_map_language_format_date (uk, "2022-13-01");

    g_assert_cmpstr (en_date, ==, "15 January 2022");
    g_assert_cmpstr (uk_date, ==, "15 січня 2022");
    g_assert_cmpstr (uk_may, ==, "9 травня 2022");
    g_assert_cmpstr (odd, ==, "2022-13-01");
  }
}

static void
test_words_and_countries (void)
{
  SitmapMapLanguage *uk = sitmap_map_language_get_for_tag ("uk");
  SitmapMapLanguage *en = sitmap_map_language_get_for_tag ("en");
  SitmapMapLanguage *xx = sitmap_map_language_get_for_tag ("tlh");
  const char *fields[] = { "name", "iso_a3", NULL };
  char *ukraine[] = { "Ukraine", "UKR", NULL };
  char *kosovo[] = { "Kosovo", "XKX", NULL };
  const char *region_fields[] = { "name", "name_uk", "iso_3166_2", NULL };
  char *kyiv[] = { "Kyiv Oblast", "Київська область", "UA-32", NULL };

  g_assert_cmpstr (sitmap_map_language_pgettext (uk, "map legend", "Capital"), ==, "Столиця");
  g_assert_cmpstr (sitmap_map_language_pgettext (en, "map legend", "Capital"), ==, "Capital");
  /* A language with no catalogue keeps the English words. */
  g_assert_false (sitmap_map_language_is_translated (xx));
  g_assert_cmpstr (sitmap_map_language_pgettext (xx, "map legend", "Capital"), ==, "Capital");
  /* Context matters: the UI's "Map" is not a map word. */
  g_assert_cmpstr (sitmap_map_language_pgettext (uk, "map legend", "Map"), ==, "Map");

  /* iso-codes' translation, keyed by ISO 3166 alpha-3. */
  g_assert_cmpstr (sitmap_map_language_country_name (uk, fields, ukraine, "Ukraine"), ==, "Україна");
  g_assert_cmpstr (sitmap_map_language_country_name (en, fields, ukraine, "Ukraine"), ==, "Ukraine");
  /* Natural Earth's own code, which ISO lacks: the data's name. */
  g_assert_cmpstr (sitmap_map_language_country_name (uk, fields, kosovo, "Kosovo"), ==, "Kosovo");
  /* The data's own name in the language comes first. */
  g_assert_cmpstr (sitmap_map_language_country_name (uk, region_fields, kyiv, "Kyiv Oblast"), ==,
                   "Київська область");
  g_assert_cmpstr (sitmap_map_language_country_name (en, region_fields, kyiv, "Kyiv Oblast"), ==,
                   "Kyiv Oblast");
}

/* The desktop speaks Ukrainian; an English map does not follow it. */
static void
test_independent_of_ui_locale (void)
{
  SitmapMapLanguage *en = sitmap_map_language_get_for_tag ("en-GB");
  g_autofree char *number = sitmap_map_language_format_number (en, 100000);
  g_autofree char *date = sitmap_map_language_format_date (en, "2022-01-15");

  /* The premise: the UI's catalogue answers in Ukrainian here. */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Zoom In"), ==, "Збільшити");

  g_assert_cmpstr (sitmap_map_language_pgettext (en, "map legend", "Capital"), ==, "Capital");
  g_assert_cmpstr (number, ==, "100,000");
  g_assert_cmpstr (date, ==, "15 January 2022");

  /* The window's dates (the sidebar's, the popover's) are the desktop's. */
  {
    g_autofree char *ui_date = sitmap_date_text_format ("2022-01-15", NULL, NULL);
    g_autofree char *ui_may = sitmap_date_text_format ("2022-05-09", NULL, NULL);
    g_autofree char *ui_odd = sitmap_date_text_format ("early 2022", NULL, NULL);
    g_autofree char *ui_none = sitmap_date_text_format (NULL, NULL, NULL);

    g_assert_cmpstr (ui_date, ==, "15 січня 2022");
    g_assert_cmpstr (ui_may, ==, "9 травня 2022");
    g_assert_cmpstr (ui_odd, ==, "early 2022");
    g_assert_cmpstr (ui_none, ==, "");
  }
}

/* Messages and the map write numbers with one formatter; they differ only
 * in the signs.  The cases are where the two formatters it replaced wrote
 * different things (the minus, 15 digits, an exponent from 10^15), and the
 * edges beside them. */
static void
test_one_number_formatter (void)
{
  SitmapMapLanguage *en = sitmap_map_language_get_for_tag ("en");
  SitmapMapLanguage *uk = sitmap_map_language_get_for_tag ("uk");
  struct { double value; const char *message; const char *map_en; const char *map_uk; } cases[] = {
    /* A true minus on the map, the ASCII one in messages. */
    { -3, "-3", "−3", "−3" },
    { -1234.5, "-1,234.5", "−1,234.5", "−1" NBSP "234,5" },
    /* No minus before a zero. */
    { -0.0, "0", "0", "0" },
    /* As many digits as tell the number apart: not 15 of them. */
    { 0.1 + 0.2, "0.30000000000000004", "0.30000000000000004", "0,30000000000000004" },
    { 1.0 / 3.0, "0.3333333333333333", "0.3333333333333333", "0,3333333333333333" },
    /* Grouped up to 10^21, not written with an exponent from 10^15. */
    { 1e15, "1,000,000,000,000,000", "1,000,000,000,000,000",
      "1" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" },
    { -2.5e21, "-2.5e+21", "−2.5e+21", "−2,5e+21" },
    { 1.5e-7, "1.5e-07", "1.5e-07", "1,5e-07" },
    { -INFINITY, "-inf", "−inf", "−inf" },
    { NAN, "nan", "nan", "nan" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *message = sitmap_number_format (cases[i].value);
      g_autofree char *map_en = sitmap_map_language_format_number (en, cases[i].value);
      g_autofree char *map_uk = sitmap_map_language_format_number (uk, cases[i].value);

      g_assert_cmpstr (message, ==, cases[i].message);
      g_assert_cmpstr (map_en, ==, cases[i].map_en);
      g_assert_cmpstr (map_uk, ==, cases[i].map_uk);
    }
}

/* Catalogues are files like any other: a damaged one is an error. */
static void
test_damaged_catalogue (void)
{
  static const guint8 truncated[] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 0xff, 0, 0, 0 };
  guint8 lying[28] = { 0xde, 0x12, 0x04, 0x95, 0, 0, 0, 0, 3, 0, 0, 0, 28, 0, 0, 0, 0xf0, 0xff, 0xff, 0x7f };
  g_autofree char *dir = g_dir_make_tmp ("sitmap-catalog-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "bad.mo", NULL);
  const struct { const guint8 *data; gsize len; } files[] = {
    { (const guint8 *)"", 0 }, { (const guint8 *)"not a catalogue at all, just text", 33 },
    { truncated, sizeof truncated }, { lying, sizeof lying },
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapCatalog) catalog = NULL;

      g_assert_true (g_file_set_contents (path, (const char *)files[i].data, files[i].len, NULL));
      catalog = sitmap_catalog_new (path, &error);
      g_assert_null (catalog);
      g_assert_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_CORRUPT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SitmapCatalog) missing = sitmap_catalog_find (dir, "sitmap", "uk", &error);

    g_assert_null (missing);
    g_assert_error (error, SITMAP_CATALOG_ERROR, SITMAP_CATALOG_ERROR_NOT_FOUND);
  }

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_locale_names (void)
{
  struct { const char *tag; const char *names; } cases[] = {
    { "uk", "uk" }, { "uk-UA", "uk_UA uk" }, { "UK-ua", "uk_UA uk" },
    { "sr-Latn-RS", "sr_RS@latin sr@latin sr" }, { "zh-Hant", "zh" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) names = sitmap_catalog_locale_names (cases[i].tag);
      g_autofree char *joined = g_strjoinv (" ", names);

      g_assert_cmpstr (joined, ==, cases[i].names);
    }
}

int
main (int   argc,
      char *argv[])
{
  /* A Ukrainian desktop, whatever the machine's own locale. */
  g_setenv ("LANGUAGE", "uk", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  sitmap_i18n_init ();

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/map-language/story", test_story_language);
  g_test_add_func ("/map-language/bad-tag", test_bad_language);
  g_test_add_func ("/map-language/numbers-and-dates", test_numbers_and_dates);
  g_test_add_func ("/map-language/words-and-countries", test_words_and_countries);
  g_test_add_func ("/map-language/independent-of-ui", test_independent_of_ui_locale);
  g_test_add_func ("/map-language/one-number-formatter", test_one_number_formatter);
  g_test_add_func ("/map-language/damaged-catalogue", test_damaged_catalogue);
  g_test_add_func ("/map-language/locale-names", test_locale_names);

  return g_test_run ();
}
