/* test-figures-dates.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tokens, figures and dates of an article, with no gazetteer.
 */

#include "config.h"

#include <string.h>

#include "sitmap-date-finder.h"
#include "sitmap-figure-finder.h"
#include "sitmap-tokens.h"

static char *
read_article (gsize *length)
{
  g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "stories", "ukraine-2022-01",
                                            "article.txt", NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, length, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_tokens_unicode (void)
{
  const char *text = "Kyiv’s “first data” came from the U.S. Mr. Lee said 2,000-kilometre "
                     "coups d’état.\n\nUkrainians’ data.";
  g_autoptr(SitmapTokens) tokens = sitmap_tokens_new (text, strlen (text));
  const SitmapToken *kyiv = sitmap_tokens_get (tokens, 0);
  gboolean found_us = FALSE, found_number = FALSE, found_etat = FALSE;

  g_assert_cmpint (kyiv->kind, ==, SITMAP_TOKEN_WORD);
  g_assert_cmpuint (kyiv->end - kyiv->start, ==, 4);
  g_assert_true (kyiv->flags & SITMAP_TOKEN_POSSESSIVE);
  g_assert_true (kyiv->flags & SITMAP_TOKEN_CAPITALISED);
  /* Code points: the curly quote before "first" is one. */
  g_assert_cmpuint (sitmap_tokens_get (tokens, 2)->cp_start, ==, 8);

  for (guint i = 0; i < sitmap_tokens_len (tokens); i++)
    {
      g_autofree char *word = sitmap_tokens_dup (tokens, i);
      const SitmapToken *token = sitmap_tokens_get (tokens, i);

      if (g_str_equal (word, "U.S."))
        found_us = TRUE;
      if (token->kind == SITMAP_TOKEN_NUMBER)
        {
          g_assert_cmpfloat (token->number, ==, 2000);
          g_assert_true (sitmap_tokens_get (tokens, i + 1)->flags & SITMAP_TOKEN_HYPHEN_BEFORE);
          found_number = TRUE;
        }
      if (g_str_equal (word, "d’état"))
        found_etat = TRUE;
    }
  g_assert_true (found_us && found_number && found_etat);
  /* "Mr." ends no sentence; the paragraph break does. */
  g_assert_cmpuint (tokens->sentences->len, ==, 2);
  g_assert_cmpuint (sitmap_tokens_get_sentence (tokens, 1)->paragraph, ==, 1);
  g_assert_true (sitmap_tokens_get (tokens, sitmap_tokens_get_sentence (tokens, 1)->first_token)->flags &
                 SITMAP_TOKEN_POSSESSIVE);
}

typedef struct
{
  const char *qualifier;
  double      value, low, high;
  const char *unit;
} Expected;

static const SitmapExtractedFigure *
find_figure (GArray         *figures,
             const Expected *expected)
{
  for (guint i = 0; i < figures->len; i++)
    {
      const SitmapExtractedFigure *f = &g_array_index (figures, SitmapExtractedFigure, i);

      if (g_strcmp0 (f->qualifier, expected->qualifier) != 0 || g_strcmp0 (f->unit, expected->unit) != 0)
        continue;
      if (expected->low > 0 ? (f->is_range && f->low == expected->low && f->high == expected->high)
                            : (!f->is_range && f->value == expected->value))
        return f;
    }
  return NULL;
}

static void
test_figures_article (void)
{
  gsize length;
  g_autofree char *text = read_article (&length);
  g_autoptr(SitmapTokens) tokens = sitmap_tokens_new (text, length);
  g_autoptr(GArray) figures = sitmap_figure_finder_run (tokens);
  static const Expected expected[] = {
    { "more than", 100000, 0, 0, "troops" },
    { "roughly", 60, 0, 0, "battalion tactical groups" },
    { "another", 0, 5, 10, "battalion tactical groups" },
    { NULL, 540, 0, 0, "troops" },
    { NULL, 200, 0, 0, "soldiers" },
    { "more than", 14000, 0, 0, "people killed" },
    { NULL, 2000, 0, 0, "km" },
    { NULL, 7, 0, 0, "ministries" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const SitmapExtractedFigure *figure = find_figure (figures, &expected[i]);

      if (figure == NULL)
        g_error ("no figure %s %g %g–%g %s", expected[i].qualifier, expected[i].value, expected[i].low,
                 expected[i].high, expected[i].unit);
      g_assert_cmpuint (figure->start, <, figure->end);
      g_assert_cmpuint (figure->end, <=, length);
    }

  /* Years, times and "three-way" are no figures. */
  for (guint i = 0; i < figures->len; i++)
    {
      const SitmapExtractedFigure *f = &g_array_index (figures, SitmapExtractedFigure, i);

      g_assert_true (f->value != 2014 && f->value != 1962 && f->value != 30 && f->value != 3);
    }
}

static void
test_figures_forms (void)
{
  static const struct
  {
    const char *text;
    const char *qualifier;
    double      value, low, high;
    const char *unit;
  } cases[] = {
    { "Between 3,000 and 4,000 people crossed.", NULL, 0, 3000, 4000, "people" },
    { "It holds about 1.5 million barrels.", "about", 1.5e6, 0, 0, "barrels" },
    { "At least twenty-five civilians were killed.", "at least", 25, 0, 0, "civilians killed" },
    { "A 150-kilometre front.", NULL, 150, 0, 0, "km" },
    { "Up to 500,000 people have fled.", "up to", 500000, 0, 0, "people displaced" },
    { "It costs $2.6 billion.", NULL, 2.6e9, 0, 0, "USD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SitmapTokens) tokens = sitmap_tokens_new (cases[i].text, strlen (cases[i].text));
      g_autoptr(GArray) figures = sitmap_figure_finder_run (tokens);
      const SitmapExtractedFigure *f;

      g_assert_cmpuint (figures->len, ==, 1);
      f = &g_array_index (figures, SitmapExtractedFigure, 0);
      g_assert_cmpstr (f->qualifier, ==, cases[i].qualifier);
      g_assert_cmpstr (f->unit, ==, cases[i].unit);
      if (cases[i].low > 0)
        {
          g_assert_true (f->is_range);
          g_assert_cmpfloat (f->low, ==, cases[i].low);
          g_assert_cmpfloat (f->high, ==, cases[i].high);
        }
      else
        g_assert_cmpfloat_with_epsilon (f->value, cases[i].value, 1e-3);
    }
}

static void
test_dates_article (void)
{
  gsize length;
  g_autofree char *text = read_article (&length);
  g_autoptr(SitmapTokens) tokens = sitmap_tokens_new (text, length);
  g_autoptr(GDate) published = g_date_new_dmy (15, G_DATE_JANUARY, 2022);
  g_autoptr(GArray) dates = sitmap_date_finder_run (tokens, published);
  guint fridays = 0, thursdays = 0, saturdays = 0, weeks = 0;

  for (guint i = 0; i < dates->len; i++)
    {
      const SitmapExtractedDate *d = &g_array_index (dates, SitmapExtractedDate, i);
      g_autofree char *said = g_strndup (text + d->start, d->end - d->start);

      g_assert_nonnull (d->date);
      if (strstr (said, "Friday"))
        {
          g_assert_cmpstr (d->date, ==, "2022-01-14");
          fridays++;
        }
      else if (strstr (said, "Thursday"))
        {
          g_assert_cmpstr (d->date, ==, "2022-01-13");
          thursdays++;
        }
      else if (strstr (said, "Saturday"))
        {
          g_assert_cmpstr (d->date, ==, "2022-01-15");
          saturdays++;
        }
      else if (g_str_equal (said, "this week"))
        {
          g_assert_cmpstr (d->date, ==, "2022-01-10");
          weeks++;
        }
    }
  g_assert_cmpuint (fridays, >=, 4);
  g_assert_cmpuint (thursdays, ==, 1);
  g_assert_cmpuint (saturdays, ==, 1);
  g_assert_cmpuint (weeks, ==, 1);
}

static void
test_dates_forms (void)
{
  const char *text = "On Jan. 14, 2022, talks began. She will fly there on Monday. "
                     "It happened 3 January. Last week was calm; 2021-12-31 too.";
  g_autoptr(SitmapTokens) tokens = sitmap_tokens_new (text, strlen (text));
  g_autoptr(GDate) published = g_date_new_dmy (15, G_DATE_JANUARY, 2022);  /* a Saturday */
  g_autoptr(GArray) dates = sitmap_date_finder_run (tokens, published);
  g_autoptr(GArray) unresolved = sitmap_date_finder_run (tokens, NULL);
  static const char * const expected[] = { "2022-01-14", "2022-01-17", "2022-01-03", "2022-01-03", "2021-12-31" };

  g_assert_cmpuint (dates->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < dates->len; i++)
    g_assert_cmpstr (g_array_index (dates, SitmapExtractedDate, i).date, ==, expected[i]);
  /* Without a publication date only the dates with a year are known. */
  g_assert_cmpstr (g_array_index (unresolved, SitmapExtractedDate, 0).date, ==, "2022-01-14");
  g_assert_null (g_array_index (unresolved, SitmapExtractedDate, 1).date);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tokens/unicode", test_tokens_unicode);
  g_test_add_func ("/figures/article", test_figures_article);
  g_test_add_func ("/figures/forms", test_figures_forms);
  g_test_add_func ("/dates/article", test_dates_article);
  g_test_add_func ("/dates/forms", test_dates_forms);
  return g_test_run ();
}
