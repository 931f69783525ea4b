/* sitmap-figure-finder.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-figure-finder.h"

#include <math.h>
#include <string.h>

typedef struct
{
  const char *word;
  double      value;
} NumberWord;

static const NumberWord number_words[] = {
  { "zero", 0 }, { "one", 1 }, { "two", 2 }, { "three", 3 }, { "four", 4 }, { "five", 5 },
  { "six", 6 }, { "seven", 7 }, { "eight", 8 }, { "nine", 9 }, { "ten", 10 },
  { "eleven", 11 }, { "twelve", 12 }, { "thirteen", 13 }, { "fourteen", 14 },
  { "fifteen", 15 }, { "sixteen", 16 }, { "seventeen", 17 }, { "eighteen", 18 },
  { "nineteen", 19 }, { "twenty", 20 }, { "thirty", 30 }, { "forty", 40 }, { "fifty", 50 },
  { "sixty", 60 }, { "seventy", 70 }, { "eighty", 80 }, { "ninety", 90 },
  { "dozen", 12 },
};

static const NumberWord multipliers[] = {
  { "hundred", 1e2 }, { "thousand", 1e3 }, { "million", 1e6 }, { "billion", 1e9 },
  { "trillion", 1e12 }, { "bn", 1e9 },
};

/* How the article hedges a number, longest first. */
static const char * const qualifiers[] = {
  "no fewer than", "no more than", "as many as", "as few as", "well over", "just over",
  "just under", "more than", "fewer than", "less than", "up to", "at least", "at most",
  "close to", "upwards of", "an estimated", "an additional", "a further", "nearly", "almost",
  "roughly", "about", "around", "approximately", "some", "over", "under", "another",
  "exactly", "estimated", "only", "just", "barely",
  NULL
};

/* "dozens of", "thousands of": a figure with no number. */
static const char * const vague_amounts[] = {
  "dozens", "scores", "hundreds", "thousands", "tens", "millions", NULL
};

/* What is counted, as nouns that head the phrase after a number; the first
 * words of several-word units come first. */
typedef struct
{
  const char *words;   /* space-separated, lower case */
  const char *unit;    /* as reported; NULL: the words themselves */
} Unit;

static const Unit units[] = {
  { "battalion tactical groups", NULL }, { "battalion tactical group", "battalion tactical groups" },
  { "tactical groups", NULL }, { "square kilometres", "km²" }, { "square kilometers", "km²" },
  { "square miles", NULL }, { "kilometres", "km" }, { "kilometre", "km" }, { "kilometers", "km" },
  { "kilometer", "km" }, { "km", "km" }, { "miles", "miles" }, { "mile", "miles" },
  { "metres", "metres" }, { "metre", "metres" }, { "meters", "metres" }, { "meter", "metres" },
  { "troops", NULL }, { "troop", "troops" }, { "soldiers", NULL }, { "soldier", "soldiers" },
  { "servicemen", NULL }, { "service members", NULL }, { "fighters", NULL }, { "fighter", "fighters" },
  { "militants", NULL }, { "rebels", NULL }, { "personnel", NULL }, { "peacekeepers", NULL },
  { "police officers", NULL }, { "police", NULL }, { "officers", NULL }, { "sailors", NULL },
  { "marines", NULL }, { "reservists", NULL }, { "recruits", NULL }, { "mercenaries", NULL },
  { "battalions", NULL }, { "battalion", "battalions" }, { "brigades", NULL }, { "brigade", "brigades" },
  { "divisions", NULL }, { "regiments", NULL }, { "companies", NULL }, { "units", NULL },
  { "people", NULL }, { "persons", "people" }, { "civilians", NULL }, { "residents", NULL },
  { "children", NULL }, { "women", NULL }, { "men", NULL }, { "families", NULL },
  { "refugees", NULL }, { "migrants", NULL }, { "arrivals", NULL }, { "households", NULL },
  { "casualties", NULL }, { "deaths", NULL }, { "dead", "people killed" }, { "killed", "people killed" },
  { "wounded", "people wounded" }, { "injured", "people wounded" }, { "prisoners", NULL },
  { "hostages", NULL }, { "detainees", NULL }, { "protesters", NULL }, { "demonstrators", NULL },
  { "tanks", NULL }, { "tank", "tanks" }, { "armoured vehicles", NULL }, { "vehicles", NULL },
  { "trucks", NULL }, { "aircraft", NULL }, { "jets", NULL }, { "planes", NULL },
  { "helicopters", NULL }, { "drones", NULL }, { "missiles", NULL }, { "rockets", NULL },
  { "shells", NULL }, { "ships", NULL }, { "warships", NULL }, { "vessels", NULL },
  { "boats", NULL }, { "ministries", NULL }, { "websites", NULL }, { "hospitals", NULL },
  { "schools", NULL }, { "villages", NULL }, { "towns", NULL }, { "homes", NULL },
  { "houses", NULL }, { "buildings", NULL }, { "bridges", NULL }, { "strikes", NULL },
  { "airstrikes", NULL }, { "attacks", NULL }, { "sorties", NULL }, { "bombs", NULL },
  { "tonnes", NULL }, { "tons", "tonnes" }, { "barrels", NULL }, { "dollars", "USD" },
  { "euros", "EUR" }, { "pounds", "GBP" }, { "per cent", "%" }, { "percent", "%" },
};

/* Numbers that count time are not figures of a map. */
static const char * const time_words[] = {
  "years", "year", "months", "month", "weeks", "week", "days", "day", "hours", "hour",
  "minutes", "minute", "seconds", "decades", "decade", "centuries", "century", "times",
  "o’clock", "a.m", "p.m", "am", "pm", "nights", "night", "th", "st", "nd", "rd",
  NULL
};

static const char * const months[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
  "sep", "sept", "oct", "nov", "dec", NULL
};

/* A phrase's words that never sit between a number and its unit. */
static const char * const phrase_breaks[] = {
  "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "from", "by", "for", "with",
  "were", "was", "is", "are", "be", "been", "have", "has", "had", "who", "which", "that",
  "it", "its", "their", "they", "he", "she", "we", "said", "says", "en", "as", "but",
  NULL
};

static const char * const killed_verbs[] = {
  "killed", "dead", "died", "kill", "kills", "killing", NULL
};
static const char * const wounded_verbs[] = { "wounded", "injured", NULL };
static const char * const displaced_verbs[] = { "fled", "displaced", "flee", "fleeing", NULL };

static gboolean
token_is_word (const SitmapTokens *tokens,
               guint               index)
{
  return index < sitmap_tokens_len (tokens) &&
         sitmap_tokens_get (tokens, index)->kind == SITMAP_TOKEN_WORD;
}

static gboolean
same_sentence (const SitmapTokens *tokens,
               guint               a,
               guint               b)
{
  return a < sitmap_tokens_len (tokens) && b < sitmap_tokens_len (tokens) &&
         sitmap_tokens_get (tokens, a)->sentence == sitmap_tokens_get (tokens, b)->sentence;
}

static gboolean
lookup_word (const SitmapTokens *tokens,
             guint               index,
             const NumberWord   *table,
             gsize               n,
             double             *value)
{
  if (!token_is_word (tokens, index))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (sitmap_tokens_is (tokens, index, table[i].word))
      {
        *value = table[i].value;
        return TRUE;
      }
  return FALSE;
}

gboolean
sitmap_figure_finder_parse_number (const SitmapTokens *tokens,
                                   guint               index,
                                   double             *value,
                                   guint              *next)
{
  const SitmapToken *token;
  double v, tens;
  guint i = index;

  if (index >= sitmap_tokens_len (tokens))
    return FALSE;
  token = sitmap_tokens_get (tokens, index);

  if (token->kind == SITMAP_TOKEN_NUMBER)
    {
      v = token->number;
      i++;
    }
  else if (sitmap_tokens_is (tokens, i, "a") && sitmap_tokens_is (tokens, i + 1, "dozen"))
    {
      v = 12;
      i += 2;
    }
  else if (lookup_word (tokens, i, number_words, G_N_ELEMENTS (number_words), &v))
    {
      i++;
      /* "twenty-five" */
      if (v >= 20 && v < 100 && fmod (v, 10) == 0 && i < sitmap_tokens_len (tokens) &&
          sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_HYPHEN_BEFORE &&
          lookup_word (tokens, i, number_words, G_N_ELEMENTS (number_words), &tens) && tens < 10)
        {
          v += tens;
          i++;
        }
    }
  else
    return FALSE;

  for (;;)
    {
      double m;

      if (i < sitmap_tokens_len (tokens) && same_sentence (tokens, index, i) &&
          lookup_word (tokens, i, multipliers, G_N_ELEMENTS (multipliers), &m) &&
          !(sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_HYPHEN_BEFORE))
        {
          v *= m;
          i++;
        }
      else
        break;
    }

  *value = v;
  *next = i;
  return TRUE;
}

/* Matches space-separated words at index; the number of tokens, or 0. */
static guint
match_words (const SitmapTokens *tokens,
             guint               index,
             const char         *words)
{
  g_auto(GStrv) parts = g_strsplit (words, " ", -1);
  guint n = g_strv_length (parts);

  for (guint k = 0; k < n; k++)
    {
      if (!same_sentence (tokens, index, index + k) || !sitmap_tokens_is (tokens, index + k, parts[k]))
        return 0;
      if (k > 0 && !(sitmap_tokens_get (tokens, index + k)->flags & (SITMAP_TOKEN_SPACE_BEFORE | SITMAP_TOKEN_HYPHEN_BEFORE)))
        return 0;
    }
  return n;
}

/* The qualifier that ends just before index: its first token, or index. */
static guint
find_qualifier (const SitmapTokens *tokens,
                guint               index,
                char              **qualifier)
{
  for (guint q = 0; qualifiers[q]; q++)
    {
      guint n = 1;

      for (const char *p = qualifiers[q]; *p; p++)
        n += *p == ' ';
      if (index < n)
        continue;
      if (match_words (tokens, index - n, qualifiers[q]) == n && same_sentence (tokens, index - n, index))
        {
          *qualifier = g_strdup (qualifiers[q]);
          return index - n;
        }
    }
  return index;
}

static const Unit *
find_unit_at (const SitmapTokens *tokens,
              guint               index,
              guint              *n_tokens)
{
  for (gsize u = 0; u < G_N_ELEMENTS (units); u++)
    {
      guint n = match_words (tokens, index, units[u].words);

      if (n > 0)
        {
          *n_tokens = n;
          return &units[u];
        }
    }
  return NULL;
}

static gboolean
near_word (const SitmapTokens *tokens,
           guint               from,
           guint               to,
           const char * const *words)
{
  for (guint i = from; i < to && i < sitmap_tokens_len (tokens); i++)
    {
      if (sitmap_tokens_get (tokens, i)->kind == SITMAP_TOKEN_PUNCT &&
          !sitmap_tokens_is_punct (tokens, i, ','))
        return FALSE;
      if (sitmap_tokens_is_any (tokens, i, words))
        return TRUE;
    }
  return FALSE;
}

/* A verb of the clause that says what happened to the people counted:
 * "has killed more than 14,000 people", "40 people were killed". */
static const char *
people_outcome (const SitmapTokens *tokens,
                guint               first,
                guint               last)
{
  guint before = first > 6 ? first - 6 : 0;

  while (before < first && !same_sentence (tokens, before, first))
    before++;
  if (near_word (tokens, last + 1, last + 4, killed_verbs))
    return "killed";
  if (near_word (tokens, last + 1, last + 4, wounded_verbs))
    return "wounded";
  if (near_word (tokens, last + 1, last + 4, displaced_verbs))
    return "displaced";
  for (guint i = first; i > before; i--)
    {
      if (sitmap_tokens_get (tokens, i - 1)->kind == SITMAP_TOKEN_PUNCT)
        break;
      if (sitmap_tokens_is_any (tokens, i - 1, killed_verbs))
        return "killed";
      if (sitmap_tokens_is_any (tokens, i - 1, wounded_verbs))
        return "wounded";
    }
  return NULL;
}

static gboolean
is_year (const SitmapToken *token,
         const char        *text)
{
  guint n = token->end - token->start;

  return token->kind == SITMAP_TOKEN_NUMBER && n == 4 && memchr (text + token->start, ',', n) == NULL &&
         token->number >= 1000 && token->number <= 2100;
}

static void
figure_clear (gpointer data)
{
  SitmapExtractedFigure *figure = data;

  g_free (figure->qualifier);
  g_free (figure->unit);
  g_free (figure->place);
  g_free (figure->source);
}

/* A phrase at index that reads as a count: fills the figure and returns
 * TRUE. */
static gboolean
read_figure (const SitmapTokens    *tokens,
             guint                  index,
             const GArray          *found,
             SitmapExtractedFigure *figure,
             guint                 *next)
{
  const SitmapToken *token = sitmap_tokens_get (tokens, index);
  gboolean numeral = token->kind == SITMAP_TOKEN_NUMBER;
  gboolean compound = FALSE;
  guint first = index, i, n_unit = 0;
  double value, high;
  const Unit *unit = NULL;
  g_autofree char *qualifier = NULL;
  g_autofree char *unit_text = NULL;
  const char *money = NULL;

  /* Part of an identifier or code: "F-16", "UA-14", "COVID-19". */
  if (token->flags & SITMAP_TOKEN_HYPHEN_BEFORE && index > 0 && token_is_word (tokens, index - 1))
    return FALSE;
  if (index > 0 && !(token->flags & SITMAP_TOKEN_SPACE_BEFORE) &&
      sitmap_tokens_get (tokens, index - 1)->kind == SITMAP_TOKEN_WORD)
    return FALSE;
  if (index > 0 && same_sentence (tokens, index - 1, index) && !(token->flags & SITMAP_TOKEN_SPACE_BEFORE))
    {
      if (sitmap_tokens_is_punct (tokens, index - 1, '$'))
        money = "USD";
      else if (sitmap_tokens_is_punct (tokens, index - 1, 0x20AC))
        money = "EUR";
      else if (sitmap_tokens_is_punct (tokens, index - 1, 0x00A3))
        money = "GBP";
      if (money)
        first = index - 1;
    }

  if (sitmap_tokens_is_any (tokens, index, vague_amounts) &&
      sitmap_tokens_is (tokens, index + 1, "of"))
    {
      qualifier = g_ascii_strdown (tokens->text + token->start, token->end - token->start);
      figure->has_value = FALSE;
      i = index + 2;
    }
  else
    {
      if (!sitmap_figure_finder_parse_number (tokens, index, &value, &i))
        return FALSE;
      /* "a dozen" starts at its article */
      if (token_is_word (tokens, index) && sitmap_tokens_is (tokens, index, "a"))
        numeral = FALSE;
      /* Dates, times and ordinals. */
      if (index > 0 && same_sentence (tokens, index - 1, index) && sitmap_tokens_is_any (tokens, index - 1, months))
        return FALSE;
      if (sitmap_tokens_is_any (tokens, i, months) && same_sentence (tokens, index, i))
        return FALSE;
      if (sitmap_tokens_is_punct (tokens, i, ':') || sitmap_tokens_is_punct (tokens, i, '/'))
        return FALSE;
      if (i < sitmap_tokens_len (tokens) && token_is_word (tokens, i) &&
          !(sitmap_tokens_get (tokens, i)->flags & (SITMAP_TOKEN_SPACE_BEFORE | SITMAP_TOKEN_HYPHEN_BEFORE)) &&
          !sitmap_tokens_is (tokens, i, "km") && !sitmap_tokens_is (tokens, i, "bn"))
        return FALSE;
      /* Beyond what any count reaches: digits run together, not a figure. */
      if (!isfinite (value) || value > 1e15)
        return FALSE;
      figure->has_value = TRUE;
      figure->value = value;

      /* A range: "five to 10", "3,000-4,000", "between 3,000 and 4,000". */
      if (same_sentence (tokens, index, i + 1) &&
          (sitmap_tokens_is (tokens, i, "to") || sitmap_tokens_is_punct (tokens, i, 0x2013) ||
           sitmap_tokens_is (tokens, i, "or") ||
           (sitmap_tokens_is (tokens, i, "and") && index > 0 && sitmap_tokens_is (tokens, index - 1, "between"))) &&
          sitmap_figure_finder_parse_number (tokens, i + 1, &high, next) && high > value && high <= 1e15)
        {
          figure->is_range = TRUE;
          i = *next;
        }
      else if (i < sitmap_tokens_len (tokens) && sitmap_tokens_get (tokens, i)->kind == SITMAP_TOKEN_NUMBER &&
               sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_HYPHEN_BEFORE &&
               sitmap_figure_finder_parse_number (tokens, i, &high, next) && high > value && high <= 1e15)
        {
          figure->is_range = TRUE;
          i = *next;
        }
      if (figure->is_range)
        {
          figure->low = value;
          figure->high = high;
        }
      if (index > 0 && sitmap_tokens_is (tokens, index - 1, "between"))
        first = index - 1;
    }

  if (first == index || money == NULL)
    first = find_qualifier (tokens, first, &qualifier);
  if (first == index && qualifier == NULL && index > 0 && sitmap_tokens_is (tokens, index - 1, "between"))
    first = index - 1;

  /* The unit: "2,000-kilometre", or the head of the phrase after. */
  if (i < sitmap_tokens_len (tokens) && same_sentence (tokens, index, i) &&
      sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_HYPHEN_BEFORE && token_is_word (tokens, i))
    {
      unit = find_unit_at (tokens, i, &n_unit);
      if (unit == NULL)
        return FALSE;
      compound = TRUE;
    }
  else if (!money)
    {
      for (guint skipped = 0; skipped <= 3 && same_sentence (tokens, index, i + skipped); skipped++)
        {
          guint at = i + skipped;

          if (!token_is_word (tokens, at) || sitmap_tokens_is_any (tokens, at, time_words))
            break;
          unit = find_unit_at (tokens, at, &n_unit);
          if (unit)
            {
              i = at;
              break;
            }
          if (sitmap_tokens_is_any (tokens, at, phrase_breaks) || sitmap_tokens_is_any (tokens, at, months))
            break;
          if (sitmap_tokens_get (tokens, at)->flags & SITMAP_TOKEN_POSSESSIVE)
            break;
        }
      /* Any plural noun right after a numeral: "12 checkpoints". */
      if (unit == NULL && numeral && figure->has_value && token_is_word (tokens, i) && same_sentence (tokens, index, i) &&
          !(sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_CAPITALISED) &&
          !sitmap_tokens_is_any (tokens, i, time_words) && !sitmap_tokens_is_any (tokens, i, phrase_breaks))
        {
          const SitmapToken *word = sitmap_tokens_get (tokens, i);

          if (word->end - word->start > 3 && tokens->text[word->end - 1] == 's' && tokens->text[word->end - 2] != 's')
            {
              unit_text = g_strndup (tokens->text + word->start, word->end - word->start);
              n_unit = 1;
            }
        }
    }

  if (unit)
    unit_text = g_strdup (unit->unit ? unit->unit : unit->words);
  else if (money)
    {
      unit_text = g_strdup (money);
      n_unit = 0;
    }
  else if (sitmap_tokens_is (tokens, i, "%"))
    {
      unit_text = g_strdup ("%");
      n_unit = 1;
    }

  if (unit_text == NULL)
    {
      /* "another five to 10 en route": the unit of the figure before it
       * in the sentence. */
      const SitmapExtractedFigure *previous = found->len ? &g_array_index (found, SitmapExtractedFigure, found->len - 1) : NULL;

      if (previous && previous->sentence == token->sentence && (figure->is_range || qualifier))
        unit_text = g_strdup (previous->unit);
      else
        return FALSE;
      n_unit = 0;
    }

  if (!numeral && !qualifier && !unit && !compound)
    return FALSE;
  if (is_year (token, tokens->text) && !qualifier && !unit)
    return FALSE;

  /* Counts of people: what happened to them. */
  if (g_str_equal (unit_text, "people") || g_str_equal (unit_text, "civilians") ||
      g_str_equal (unit_text, "soldiers") || g_str_equal (unit_text, "troops") ||
      g_str_equal (unit_text, "children"))
    {
      const char *outcome = people_outcome (tokens, first, n_unit ? i + n_unit - 1 : i - 1);

      if (outcome)
        {
          char *with = g_strdup_printf ("%s %s", unit_text, outcome);

          g_free (unit_text);
          unit_text = with;
        }
    }

  figure->qualifier = g_steal_pointer (&qualifier);
  figure->unit = g_steal_pointer (&unit_text);
  figure->first_token = index;
  figure->last_token = n_unit ? i + n_unit - 1 : i - 1;
  figure->start = sitmap_tokens_get (tokens, first)->start;
  figure->end = sitmap_tokens_get (tokens, figure->last_token)->end;
  figure->sentence = token->sentence;
  figure->place_index = -1;
  *next = figure->last_token + 1;
  return TRUE;
}

GArray *
sitmap_figure_finder_run (const SitmapTokens *tokens)
{
  GArray *found = g_array_new (FALSE, TRUE, sizeof (SitmapExtractedFigure));

  g_return_val_if_fail (tokens != NULL, found);

  g_array_set_clear_func (found, figure_clear);
  for (guint i = 0; i < sitmap_tokens_len (tokens);)
    {
      SitmapExtractedFigure figure = { 0 };
      guint next = i + 1;

      if (read_figure (tokens, i, found, &figure, &next))
        {
          g_array_append_val (found, figure);
          i = MAX (next, i + 1);
        }
      else
        {
          figure_clear (&figure);
          i++;
        }
    }
  return found;
}
