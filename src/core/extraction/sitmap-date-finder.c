/* sitmap-date-finder.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-date-finder.h"

#include <stdlib.h>

static const char * const weekdays[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL
};

static const char * const month_names[] = {
  "january", "february", "march", "april", "may", "june", "july", "august",
  "september", "october", "november", "december", NULL
};

static const char * const month_abbreviations[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL
};

/* Words that put a weekday after the publication day. */
static const char * const future_cues[] = {
  "will", "’ll", "shall", "next", "upcoming", "tomorrow", "plans", "planned", "scheduled",
  "expected", "due", NULL
};

static int
word_index (const SitmapTokens *tokens,
            guint               index,
            const char * const *words)
{
  if (index >= sitmap_tokens_len (tokens) || sitmap_tokens_get (tokens, index)->kind != SITMAP_TOKEN_WORD)
    return -1;
  for (int i = 0; words[i]; i++)
    if (sitmap_tokens_is (tokens, index, words[i]))
      return i;
  return -1;
}

static int
month_at (const SitmapTokens *tokens,
          guint               index)
{
  int m;

  if (index >= sitmap_tokens_len (tokens) ||
      !(sitmap_tokens_get (tokens, index)->flags & SITMAP_TOKEN_CAPITALISED))
    return -1;
  m = word_index (tokens, index, month_names);
  if (m < 0)
    {
      m = word_index (tokens, index, month_abbreviations);
      if (m < 0 && sitmap_tokens_is (tokens, index, "sept"))
        m = 8;
    }
  return m;
}

static gboolean
day_number (const SitmapTokens *tokens,
            guint               index,
            int                *day)
{
  const SitmapToken *token;

  if (index >= sitmap_tokens_len (tokens))
    return FALSE;
  token = sitmap_tokens_get (tokens, index);
  if (token->kind != SITMAP_TOKEN_NUMBER || token->end - token->start > 2 ||
      token->number < 1 || token->number > 31 || token->number != (int)token->number)
    return FALSE;
  *day = (int)token->number;
  return TRUE;
}

static gboolean
year_number (const SitmapTokens *tokens,
             guint               index,
             int                *year)
{
  const SitmapToken *token;

  if (index >= sitmap_tokens_len (tokens))
    return FALSE;
  token = sitmap_tokens_get (tokens, index);
  if (token->kind != SITMAP_TOKEN_NUMBER || token->end - token->start != 4 ||
      token->number < 1000 || token->number > 2999)
    return FALSE;
  *year = (int)token->number;
  return TRUE;
}

static char *
format_date (GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* "will meet on Monday": a cue of the future in the clause before the
 * weekday, not anywhere in a sentence that may quote someone else. */
static gboolean
clause_says_future (const SitmapTokens *tokens,
                    guint               index)
{
  guint sentence = sitmap_tokens_get (tokens, index)->sentence;

  for (guint i = index, n = 0; i-- > 0 && n < 10; n++)
    {
      const SitmapToken *token = sitmap_tokens_get (tokens, i);

      if (token->sentence != sentence)
        break;
      if (token->kind == SITMAP_TOKEN_PUNCT && !sitmap_tokens_is_punct (tokens, i, ','))
        break;
      if (word_index (tokens, i, future_cues) >= 0)
        return TRUE;
    }
  return FALSE;
}

/* A day and month without a year: the year that puts it nearest the
 * publication, earlier rather than later. */
static char *
resolve_day_month (int    day,
                   int    month,
                   int    year,
                   GDate *published)
{
  g_autoptr(GDate) date = NULL;

  if (year == 0)
    {
      int best = 0;
      gint64 best_distance = G_MAXINT64;

      if (published == NULL)
        return NULL;
      for (int y = g_date_get_year (published) - 1; y <= g_date_get_year (published) + 1; y++)
        {
          g_autoptr(GDate) candidate = NULL;
          gint64 distance;

          if (!g_date_valid_dmy (day, month + 1, y))
            continue;
          candidate = g_date_new_dmy (day, month + 1, y);
          distance = g_date_days_between (candidate, published);
          /* Days ahead count double: news reports what has happened. */
          distance = distance >= 0 ? distance : -2 * distance;
          if (distance < best_distance)
            {
              best_distance = distance;
              best = y;
            }
        }
      year = best;
      if (year == 0)
        return NULL;
    }
  if (!g_date_valid_dmy (day, month + 1, year))
    return NULL;
  date = g_date_new_dmy (day, month + 1, year);
  return format_date (date);
}

static void
date_clear (gpointer data)
{
  SitmapExtractedDate *date = data;

  g_free (date->date);
}

static void
add (GArray             *found,
     const SitmapTokens *tokens,
     guint               first,
     guint               last,
     char               *iso,
     gboolean            is_week)
{
  SitmapExtractedDate date = {
    .date = iso,
    .is_week = is_week,
    .start = sitmap_tokens_get (tokens, first)->start,
    .end = sitmap_tokens_get (tokens, last)->end,
    .first_token = first,
    .last_token = last,
    .sentence = sitmap_tokens_get (tokens, first)->sentence,
  };

  g_array_append_val (found, date);
}

static char *
shifted (GDate *published,
         int    days)
{
  g_autoptr(GDate) date = NULL;

  if (published == NULL)
    return NULL;
  date = g_date_copy (published);
  if (days >= 0)
    g_date_add_days (date, days);
  else
    g_date_subtract_days (date, -days);
  return format_date (date);
}

/* Days from the publication day back to the Monday of its week. */
static int
to_monday (GDate *published)
{
  return published ? -(int)(g_date_get_weekday (published) - G_DATE_MONDAY) : 0;
}

GArray *
sitmap_date_finder_run (const SitmapTokens *tokens,
                        GDate              *published)
{
  GArray *found = g_array_new (FALSE, TRUE, sizeof (SitmapExtractedDate));
  guint n = sitmap_tokens_len (tokens);

  g_array_set_clear_func (found, date_clear);
  if (published && !g_date_valid (published))
    published = NULL;

  for (guint i = 0; i < n; i++)
    {
      int weekday, month, day, year = 0;

      if ((weekday = word_index (tokens, i, weekdays)) >= 0 &&
          sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_CAPITALISED)
        {
          guint first = i;
          int delta = 0;
          gboolean next_week = FALSE, last_week = FALSE;

          if (i > 0 && sitmap_tokens_is_any (tokens, i - 1, (const char * const[]) { "on", "last", "next", "this", "since", "by", "until", "late", "early", NULL }))
            {
              first = i - 1;
              next_week = sitmap_tokens_is (tokens, i - 1, "next");
              last_week = sitmap_tokens_is (tokens, i - 1, "last");
            }
          if (published)
            {
              int today = g_date_get_weekday (published) - G_DATE_MONDAY;

              if (next_week || (!last_week && clause_says_future (tokens, i)))
                {
                  delta = (weekday - today + 7) % 7;
                  if (delta == 0 && next_week)
                    delta = 7;
                }
              else
                {
                  delta = -((today - weekday + 7) % 7);
                  if (delta == 0 && last_week)
                    delta = -7;
                }
            }
          add (found, tokens, first, i, shifted (published, delta), FALSE);
          continue;
        }

      if (word_index (tokens, i, (const char * const[]) { "today", "yesterday", "tomorrow", NULL }) >= 0)
        {
          int delta = sitmap_tokens_is (tokens, i, "today") ? 0 : sitmap_tokens_is (tokens, i, "yesterday") ? -1 : 1;

          add (found, tokens, i, i, shifted (published, delta), FALSE);
          continue;
        }

      if (word_index (tokens, i, (const char * const[]) { "this", "last", "next", NULL }) >= 0 &&
          sitmap_tokens_is (tokens, i + 1, "week") &&
          sitmap_tokens_get (tokens, i + 1)->sentence == sitmap_tokens_get (tokens, i)->sentence)
        {
          int delta = to_monday (published);

          if (sitmap_tokens_is (tokens, i, "last"))
            delta -= 7;
          else if (sitmap_tokens_is (tokens, i, "next"))
            delta += 7;
          add (found, tokens, i, i + 1, shifted (published, delta), TRUE);
          i++;
          continue;
        }

      /* "January 14", "Jan. 14, 2022" */
      if ((month = month_at (tokens, i)) >= 0 && day_number (tokens, i + 1, &day))
        {
          guint last = i + 1;

          if (sitmap_tokens_is_punct (tokens, i + 2, ',') && year_number (tokens, i + 3, &year))
            last = i + 3;
          else if (year_number (tokens, i + 2, &year))
            last = i + 2;
          else
            year = 0;
          add (found, tokens, i, last, resolve_day_month (day, month, year, published), FALSE);
          i = last;
          continue;
        }

      /* "14 January 2022" */
      if (day_number (tokens, i, &day) && (month = month_at (tokens, i + 1)) >= 0)
        {
          guint last = i + 1;

          if (year_number (tokens, i + 2, &year))
            last = i + 2;
          else
            year = 0;
          add (found, tokens, i, last, resolve_day_month (day, month, year, published), FALSE);
          i = last;
          continue;
        }

      /* "2022-01-14" */
      if (year_number (tokens, i, &year) && i + 2 < n &&
          sitmap_tokens_get (tokens, i + 1)->kind == SITMAP_TOKEN_NUMBER &&
          sitmap_tokens_get (tokens, i + 1)->flags & SITMAP_TOKEN_HYPHEN_BEFORE &&
          sitmap_tokens_get (tokens, i + 2)->kind == SITMAP_TOKEN_NUMBER &&
          sitmap_tokens_get (tokens, i + 2)->flags & SITMAP_TOKEN_HYPHEN_BEFORE &&
          sitmap_tokens_get (tokens, i + 1)->end - sitmap_tokens_get (tokens, i + 1)->start == 2 &&
          day_number (tokens, i + 2, &day))
        {
          month = (int)sitmap_tokens_get (tokens, i + 1)->number - 1;
          if (month >= 0 && month < 12)
            {
              add (found, tokens, i, i + 2, resolve_day_month (day, month, year, published), FALSE);
              i += 2;
              continue;
            }
        }
    }
  return found;
}
