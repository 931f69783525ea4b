/* sitmap-place-finder.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Places in three steps.  Candidates: the longest runs of words that are a
 * gazetteer name, and single words that are a demonym.  Filters: the
 * context that makes a name a person's or an organisation's ("Mr. Lee",
 * "Rob Lee", "Vladimir Putin", "Foreign Policy Research Institute"), or a
 * common word that only a sentence's start capitalised.  Resolution: each
 * name's gazetteer entries scored by importance, by the countries the
 * article names, by distance to the article's other places and by the
 * publication's home, twice, so that the second round sees the first
 * round's places.
 */

#include "config.h"

#include "sitmap-place-finder.h"

#include <math.h>
#include <string.h>

#define MAX_NAME_TOKENS 6
#define MAX_CANDIDATES  12

/* Words before a name that make it a person's. */
static const char * const titles[] = {
  "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "president", "minister",
  "secretary", "gen", "general", "sen", "senator", "rep", "gov", "governor", "chancellor",
  "king", "queen", "prince", "princess", "pope", "lt", "col", "colonel", "capt", "captain",
  "sgt", "sergeant", "maj", "major", "adm", "admiral", "ambassador", "mayor", "commander",
  "spokesman", "spokeswoman", "spokesperson", "envoy", "chief", "judge", "justice",
  "professor", "prof", "rev", "father", "bishop", "sheikh", "emir", "sultan", "marshal",
  "premier", "deputy", "chairman", "chairwoman", "director", "leader", "analyst", "reporter",
  "correspondent", "official", "st.", NULL
};

/* Words after a place's name that keep it a place: "Kyiv Mayor", "Donetsk
 * Oblast", "Geneva talks". */
static const char * const place_heads[] = {
  "mayor", "governor", "oblast", "region", "province", "state", "city", "county", "district",
  "prefecture", "island", "islands", "river", "sea", "lake", "valley", "mountains", "airport",
  "port", "border", "front", "talks", "summit", "president", "prime", "minister", "government",
  "officials", "authorities", NULL
};

/* The last or first word of a name that makes it an organisation's or an
 * event's, not a place's. */
static const char * const organisation_words[] = {
  "institute", "university", "college", "school", "organization", "organisation", "ministry",
  "council", "agency", "party", "front", "forces", "force", "army", "navy", "command",
  "group", "committee", "commission", "office", "department", "bank", "company",
  "corporation", "times", "post", "press", "news", "herald", "journal", "tribune", "network",
  "observatory", "center", "centre", "foundation", "association", "federation", "league",
  "movement", "brigade", "battalion", "regiment", "division", "corps", "guard", "police",
  "service", "services", "house", "court", "parliament", "assembly", "congress", "senate",
  "crisis", "war", "revolution", "accords", "accord", "agreement", "agreements", "treaty",
  "convention", "conventions", "protocol", "declaration", "club", "fc", "airlines", "airways",
  "inc", "ltd", "alliance", "coalition", "authority", "board", "cabinet", "embassy",
  "consulate", "mission", "program", "programme", "project", "initiative", "fund", "trust",
  "society", "union", "community", "treasury", "operation", "district", NULL
};

/* Function words that start sentences and join names. */
static const char * const function_words[] = {
  "the", "a", "an", "in", "on", "at", "to", "from", "of", "for", "by", "with", "and", "or",
  "but", "as", "after", "before", "since", "until", "while", "when", "where", "if", "though",
  "although", "because", "near", "into", "across", "toward", "towards", "over", "under",
  "between", "around", "through", "during", "outside", "inside", "beyond", "against",
  "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you",
  "his", "her", "their", "our", "my", "your", "there", "here", "then", "so", "yet", "also",
  "not", "no", "all", "some", "many", "most", "both", "each", "every", "such", "what",
  "which", "who", "whom", "whose", "how", "why", "north", "south", "east", "west",
  /* Hedges that start a sentence or follow a dash: "Tuesday — More than a
   * million" is not Møre og Romsdal. */
  "more", "less", "fewer", "few", "several", "only", "nearly", "almost", "roughly", "just", NULL
};

/* Words that join the words of a longer name: "Organization for Security
 * and Co-operation in Europe", "Isle of Man". */
static const char * const connectors[] = {
  "of", "for", "and", "the", "in", "on", "de", "du", "des", "la", "le", "el", "al", "del",
  "da", "di", "van", "von", NULL
};

/* Before a place: the preposition of being there or going there. */
static const char * const locatives[] = {
  "in", "at", "near", "from", "to", "into", "across", "outside", "around", "toward",
  "towards", "via", "through", "inside", "throughout", "across", "reached", "entered",
  "visit", "visited", NULL
};

static const char * const compass_adjectives[] = {
  "northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
  "southeastern", "southwestern", "north-eastern", "north-western", "south-eastern",
  "south-western", "far", NULL
};

/* After a place's name: it is the region, or a settlement. */
static const char * const region_cues[] = {
  "region", "oblast", "province", "state", "governorate", "district", "county", NULL
};
static const char * const settlement_cues[] = {
  "village", "town", "city", "settlement", "hamlet", NULL
};

/* A government speaking through its capital or country's name. */
static const char * const metonymy_verbs[] = {
  "said", "says", "say", "wants", "want", "insists", "insisted", "demands", "demanded",
  "believes", "believed", "sees", "saw", "accused", "accuses", "denied", "denies", "warned",
  "warns", "claims", "claimed", "announced", "announces", "imposed", "has", "had",
  "refused", "rejected", "threatened", "responded", "agreed", "offered", "condemned",
  "tightened", "changed", NULL
};
static const char * const metonymy_nouns[] = {
  "demand", "demands", "position", "policy", "response", "decision", "stance", "view",
  "approval", "support", "objections", "proposal", NULL
};

/* Talks at a place make it a venue. */
static const char * const venue_nouns[] = {
  "talks", "meeting", "summit", "negotiations", "round", NULL
};

/* Features named after a place, which the gazetteer may not list: "Suez
 * Canal", "Rafah crossing", "Suwałki Gap".  Water first. */
static const char * const water_features[] = {
  "canal", "river", "strait", "shoal", "reservoir", "lagoon", NULL
};
static const char * const land_features[] = {
  "crossing", "corridor", "gap", "valley", "dam", "bridge", "airport", "avenue", "street",
  "square", "pass", "checkpoint", "base", "camp", NULL
};
static const char * const months[] = {
  "january", "february", "march", "april", "may", "june", "july", "august", "september",
  "october", "november", "december", NULL
};
static const char * const speech_verbs[] = { "said", "says", "told", "added", "according", NULL };

typedef enum
{
  CUE_NONE,
  CUE_REGION,
  CUE_SETTLEMENT,
} Cue;

typedef struct
{
  guint       first, last;      /* tokens of the name */
  guint       start, end;       /* bytes of the mention, any modifier included */
  char       *key;              /* the name folded, "adj:" before a demonym */
  gboolean    adjectival;
  gboolean    locative;
  gboolean    sentence_initial;
  gboolean    metonym;
  gboolean    unlisted;         /* a settlement the gazetteer lacks */
  int         feature;          /* 0, or 1 for land and 2 for water: "Suez Canal" */
  Cue         cue;
  guint       group;
  GPtrArray  *entries;          /* borrowed; shared by the group */
} Candidate;

typedef struct
{
  char                       *key;
  GPtrArray                  *entries;    /* candidates, most important first */
  GArray                     *members;    /* indexes into the candidates */
  const SitmapGazetteerEntry *chosen;
  double                      best, second;
  gboolean                    any_locative, any_mid_sentence, all_adjectival;
  Cue                         cue;
} Group;

static gboolean
is_word (const SitmapTokens *tokens,
         guint               index)
{
  return index < sitmap_tokens_len (tokens) && sitmap_tokens_get (tokens, index)->kind == SITMAP_TOKEN_WORD;
}

static gboolean
is_capitalised (const SitmapTokens *tokens,
                guint               index)
{
  return is_word (tokens, index) && (sitmap_tokens_get (tokens, index)->flags & SITMAP_TOKEN_CAPITALISED);
}

static gboolean
same_sentence (const SitmapTokens *tokens,
               guint               a,
               guint               b)
{
  return a < sitmap_tokens_len (tokens) && b < sitmap_tokens_len (tokens) &&
         sitmap_tokens_get (tokens, a)->sentence == sitmap_tokens_get (tokens, b)->sentence;
}

/* Whether token index follows index - 1 as the next word of one name:
 * white space or a hyphen between them, nothing else. */
static gboolean
joined (const SitmapTokens *tokens,
        guint               index)
{
  const SitmapToken *token;

  if (index == 0 || !same_sentence (tokens, index - 1, index))
    return FALSE;
  token = sitmap_tokens_get (tokens, index);
  if (sitmap_tokens_get (tokens, index - 1)->flags & SITMAP_TOKEN_POSSESSIVE)
    return FALSE;
  return token->kind != SITMAP_TOKEN_PUNCT;
}

static char *
span_text (const SitmapTokens *tokens,
           guint               first,
           guint               last)
{
  return g_strndup (tokens->text + sitmap_tokens_get (tokens, first)->start,
                    sitmap_tokens_get (tokens, last)->end - sitmap_tokens_get (tokens, first)->start);
}

static gboolean
first_letter_is_lower (const SitmapTokens *tokens,
                       guint               index)
{
  const SitmapToken *token = sitmap_tokens_get (tokens, index);

  return g_unichar_islower (g_utf8_get_char (tokens->text + token->start));
}

/* The word as written appears in lower case somewhere in the text: a
 * common word, capitalised here only because a sentence starts with it. */
static gboolean
appears_in_lower_case (const SitmapTokens *tokens,
                       GHashTable         *lower_words,
                       guint               index)
{
  g_autofree char *word = sitmap_tokens_dup (tokens, index);
  g_autofree char *lower = g_utf8_strdown (word, -1);

  return g_hash_table_contains (lower_words, lower);
}

/* The capitalised run around [first, last], through connectors: "Foreign
 * Policy Research Institute", "Organization for Security and Co-operation
 * in Europe".  An organisation's or an event's name when its first or last
 * word says so. */
static gboolean
inside_organisation_name (const SitmapTokens *tokens,
                          guint               first,
                          guint               last)
{
  guint a = first, b = last;

  while (a > 0 && joined (tokens, a) &&
         (is_capitalised (tokens, a - 1) ||
          (sitmap_tokens_is_any (tokens, a - 1, connectors) && !sitmap_tokens_is (tokens, a - 1, "in") &&
           !sitmap_tokens_is (tokens, a - 1, "on") && a >= 2 && joined (tokens, a - 1) && is_capitalised (tokens, a - 2))) &&
         !(sitmap_tokens_get (tokens, a - 1)->flags & SITMAP_TOKEN_SENTENCE_START && sitmap_tokens_is_any (tokens, a - 1, function_words)))
    a--;
  while (joined (tokens, b + 1) &&
         (is_capitalised (tokens, b + 1) ||
          (sitmap_tokens_is_any (tokens, b + 1, connectors) && joined (tokens, b + 2) && is_capitalised (tokens, b + 2))) &&
         !sitmap_tokens_is_any (tokens, b + 1, function_words + 0) )
    {
      b++;
      if (sitmap_tokens_get (tokens, b)->flags & SITMAP_TOKEN_POSSESSIVE)
        break;
    }
  /* Connectors crossed at the ends are not part of the name. */
  for (guint i = a; i <= b; i++)
    if ((i < first || i > last) && is_word (tokens, i) && sitmap_tokens_is_any (tokens, i, organisation_words))
      return TRUE;
  /* "the Pentagon", "the Kremlin": a name the gazetteer has as one word
   * with the organisation word inside, such as "Security Forces". */
  return FALSE;
}

static gboolean
is_demonym_like (SitmapGazetteer    *gazetteer,
                 const SitmapTokens *tokens,
                 guint               index)
{
  g_autofree char *word = sitmap_tokens_dup (tokens, index);
  g_autoptr(GPtrArray) found = sitmap_gazetteer_lookup_demonym (gazetteer, word);

  return found->len > 0;
}

/* The name at first..last is a person's: a title before it, a first name
 * before it, a surname after it. */
static gboolean
looks_like_person (SitmapGazetteer    *gazetteer,
                   const SitmapTokens *tokens,
                   guint               first,
                   guint               last,
                   GHashTable         *surnames)
{
  guint before = first - 1;
  g_autofree char *name = span_text (tokens, first, last);

  if (g_hash_table_contains (surnames, name))
    return TRUE;

  /* "said Paris Mendoza", "said Lincoln Vilnius-Petrauskas": a run of two
   * capitalised words after a verb of speech names the speaker. */
  if (first > 0 && same_sentence (tokens, first - 1, first) && sitmap_tokens_is_any (tokens, first - 1, speech_verbs) &&
      joined (tokens, last + 1) && is_capitalised (tokens, last + 1))
    return TRUE;
  /* "Lt. Col. Austin Jordan" */
  if (first > 1 && joined (tokens, first) && is_capitalised (tokens, first - 1) &&
      sitmap_tokens_is_any (tokens, first - 2, titles))
    return TRUE;

  if (first > 0 && joined (tokens, first) && is_word (tokens, before))
    {
      const SitmapToken *previous = sitmap_tokens_get (tokens, before);

      if (sitmap_tokens_is_any (tokens, before, titles))
        return TRUE;
      /* "Rob Lee", "Robert Fife": a capitalised word that is no function
       * word, no place and no demonym. */
      if (is_capitalised (tokens, before) && !(previous->flags & SITMAP_TOKEN_HYPHEN_BEFORE && FALSE) &&
          !sitmap_tokens_is_any (tokens, before, function_words) &&
          !(previous->flags & SITMAP_TOKEN_ALL_CAPS) &&
          !is_demonym_like (gazetteer, tokens, before))
        {
          g_autofree char *word = sitmap_tokens_dup (tokens, before);
          g_autoptr(GPtrArray) places = sitmap_gazetteer_lookup (gazetteer, word);

          if (places->len == 0 || sitmap_gazetteer_entry_get_importance (g_ptr_array_index (places, 0)) < 0.3)
            return TRUE;
        }
    }

  /* "Vladimir Putin", "Chad Okafor": a capitalised word after a one-word
   * name that is not a place's head word. */
  if (joined (tokens, last + 1) && is_capitalised (tokens, last + 1) &&
      !(sitmap_tokens_get (tokens, last)->flags & SITMAP_TOKEN_POSSESSIVE) &&
      !(sitmap_tokens_get (tokens, last + 1)->flags & SITMAP_TOKEN_HYPHEN_BEFORE) &&
      !(sitmap_tokens_get (tokens, last + 1)->flags & SITMAP_TOKEN_ALL_CAPS) &&
      !sitmap_tokens_is_any (tokens, last + 1, place_heads) &&
      !sitmap_tokens_is_any (tokens, last + 1, function_words) &&
      !sitmap_tokens_is_any (tokens, last + 1, organisation_words))
    {
      g_autofree char *word = sitmap_tokens_dup (tokens, last + 1);
      g_autoptr(GPtrArray) places = sitmap_gazetteer_lookup (gazetteer, word);

      if (places->len == 0 && !is_demonym_like (gazetteer, tokens, last + 1))
        return TRUE;
    }
  return FALSE;
}

/* Surnames of the people the article introduces with a title or a first
 * name, so that a later "Lee said" is not Lee, the town. */
static void
collect_surnames (const SitmapTokens *tokens,
                  GHashTable         *surnames)
{
  for (guint i = 0; i + 1 < sitmap_tokens_len (tokens); i++)
    {
      guint j = i + 1;

      if (!sitmap_tokens_is_any (tokens, i, (const char * const[]) { "mr", "mrs", "ms", "dr", "miss", NULL }) ||
          !(sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_DOTTED || TRUE) || !is_capitalised (tokens, j) ||
          !same_sentence (tokens, i, j))
        continue;
      while (joined (tokens, j + 1) && is_capitalised (tokens, j + 1) && !(sitmap_tokens_get (tokens, j)->flags & SITMAP_TOKEN_POSSESSIVE))
        j++;
      g_hash_table_add (surnames, span_text (tokens, j, j));
    }
}

static void
candidate_clear (gpointer data)
{
  Candidate *candidate = data;

  g_free (candidate->key);
  g_clear_pointer (&candidate->entries, g_ptr_array_unref);
}

/* The longest gazetteer name that starts at index: its last token, or -1. */
static int
longest_name (SitmapGazetteer    *gazetteer,
              const SitmapTokens *tokens,
              guint               index,
              GPtrArray         **entries)
{
  int found = -1;

  for (guint last = index; last < index + MAX_NAME_TOKENS && last < sitmap_tokens_len (tokens); last++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GPtrArray) hits = NULL;

      if (last > index && !joined (tokens, last))
        break;
      if (!is_word (tokens, last) && sitmap_tokens_get (tokens, last)->kind != SITMAP_TOKEN_NUMBER)
        break;
      text = span_text (tokens, index, last);
      if (!sitmap_gazetteer_has_prefix (gazetteer, text, FALSE))
        break;
      /* A name ends on a capitalised word or a head word ("the Baltic
       * states"); a lower-case word inside it must be a connector. */
      if (last > index && !is_capitalised (tokens, last) && !sitmap_tokens_is_any (tokens, last, connectors) &&
          !first_letter_is_lower (tokens, last))
        break;
      hits = sitmap_gazetteer_lookup (gazetteer, text);
      if (hits->len > 0 && (is_capitalised (tokens, last) || last > index))
        {
          if (*entries)
            g_ptr_array_unref (*entries);
          *entries = g_steal_pointer (&hits);
          found = last;
        }
      if (sitmap_tokens_get (tokens, last)->flags & SITMAP_TOKEN_POSSESSIVE)
        break;
    }
  return found;
}

static gboolean
entry_is_organisation (const SitmapGazetteerEntry *entry)
{
  return sitmap_gazetteer_entry_get_kind (entry) == SITMAP_GAZETTEER_KIND_ORGANISATION;
}

static gboolean
span_has_lower_word (const SitmapTokens *tokens,
                     guint               first,
                     guint               last)
{
  for (guint i = first; i <= last; i++)
    if (is_word (tokens, i) && first_letter_is_lower (tokens, i) && !sitmap_tokens_is_any (tokens, i, connectors))
      return TRUE;
  return FALSE;
}

/* "the Shabelle and Juba rivers": the names before a lower-case "river"
 * or "rivers" name rivers, whatever else the gazetteer knows by them (Juba,
 * South Sudan's capital). */
static gboolean
names_a_river (const SitmapTokens *tokens,
               guint               last)
{
  guint k = last + 1;

  while (joined (tokens, k) && sitmap_tokens_is (tokens, k, "and") && is_capitalised (tokens, k + 1) &&
         joined (tokens, k + 1))
    k += 2;
  return joined (tokens, k) && first_letter_is_lower (tokens, k) &&
         (sitmap_tokens_is (tokens, k, "river") || sitmap_tokens_is (tokens, k, "rivers"));
}

static gboolean
has_water_entry (GPtrArray *entries)
{
  for (guint k = 0; k < entries->len; k++)
    if (sitmap_gazetteer_entry_get_kind (g_ptr_array_index (entries, k)) == SITMAP_GAZETTEER_KIND_WATER)
      return TRUE;
  return FALSE;
}

static void
find_candidates (const SitmapTokens *tokens,
                 SitmapGazetteer    *gazetteer,
                 GArray             *candidates)
{
  g_autoptr(GHashTable) lower_words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) surnames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = sitmap_tokens_len (tokens);

  for (guint i = 0; i < n; i++)
    if (is_word (tokens, i) && first_letter_is_lower (tokens, i))
      g_hash_table_add (lower_words, sitmap_tokens_dup (tokens, i));
  collect_surnames (tokens, surnames);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) entries = NULL;
      const SitmapToken *token = sitmap_tokens_get (tokens, i);
      Candidate candidate = { 0 };
      int last;

      if (!is_capitalised (tokens, i))
        {
          /* "eastern Siberia" when the gazetteer has it as one name */
          if (sitmap_tokens_is_any (tokens, i, compass_adjectives) && is_capitalised (tokens, i + 1) &&
              joined (tokens, i + 1) && (last = longest_name (gazetteer, tokens, i, &entries)) > (int)i)
            {
              candidate.first = i;
              candidate.last = last;
              candidate.entries = g_steal_pointer (&entries);
              {
                g_autofree char *text = span_text (tokens, i, last);

                candidate.key = sitmap_gazetteer_fold (text);
              }
              goto found;
            }
          g_clear_pointer (&entries, g_ptr_array_unref);
          continue;
        }

      last = longest_name (gazetteer, tokens, i, &entries);
      if (last >= 0)
        {
          gboolean single = (guint)last == i;

          /* "NATO", "the Pentagon": an organisation is a place only by a
           * name that says where it sits ("NATO headquarters"). */
          if (single && entry_is_organisation (g_ptr_array_index (entries, 0)))
            {
              guint k;

              for (k = 0; k < entries->len && entry_is_organisation (g_ptr_array_index (entries, k)); k++)
                ;
              if (k == entries->len)
                {
                  i = last;
                  continue;
                }
              g_ptr_array_remove_range (entries, 0, k);
            }
          if (inside_organisation_name (tokens, i, last) ||
              looks_like_person (gazetteer, tokens, i, last, surnames))
            {
              i = last;
              continue;
            }
          if (names_a_river (tokens, last) && !has_water_entry (entries))
            {
              i = last;
              continue;
            }
          /* A common word capitalised by the sentence it starts. */
          if (single && token->flags & SITMAP_TOKEN_SENTENCE_START &&
              (appears_in_lower_case (tokens, lower_words, i) || sitmap_tokens_is_any (tokens, i, function_words)))
            continue;
          if (single && sitmap_tokens_is_any (tokens, i, function_words) && !(token->flags & SITMAP_TOKEN_ALL_CAPS))
            continue;
          /* "Western officials": an adjective of direction, not Western
           * Province; "Canal", "University": a feature or body named
           * with a place left out. */
          if (single && (sitmap_tokens_is_any (tokens, i, compass_adjectives) ||
                         sitmap_tokens_is_any (tokens, i, water_features) ||
                         sitmap_tokens_is_any (tokens, i, land_features) ||
                         sitmap_tokens_is_any (tokens, i, organisation_words) ||
                         sitmap_tokens_is_any (tokens, i, (const char * const[]) { "bay", "gulf", "sea", "lake", "island", "islands", "mount", NULL })))
            continue;
          /* "March 4", "on May 10" */
          if (single && sitmap_tokens_is_any (tokens, i, months) &&
              ((i + 1 < sitmap_tokens_len (tokens) && sitmap_tokens_get (tokens, i + 1)->kind == SITMAP_TOKEN_NUMBER) ||
               (i > 0 && sitmap_tokens_get (tokens, i - 1)->kind == SITMAP_TOKEN_NUMBER)))
            continue;
          /* "UN", "EU": a short acronym is a country's or a region's, or
           * no place. */
          if (single && token->flags & SITMAP_TOKEN_ALL_CAPS && token->cp_end - token->cp_start <= 4)
            {
              for (guint k = entries->len; k-- > 0;)
                {
                  SitmapGazetteerKind kind = sitmap_gazetteer_entry_get_kind (g_ptr_array_index (entries, k));

                  if (kind != SITMAP_GAZETTEER_KIND_COUNTRY && kind != SITMAP_GAZETTEER_KIND_REGION &&
                      kind != SITMAP_GAZETTEER_KIND_ADMIN1)
                    g_ptr_array_remove_index (entries, k);
                }
              if (entries->len == 0)
                continue;
            }
          /* "the North Atlantic Treaty Organization" is no place; "NATO
           * headquarters" is where it sits. */
          if (entry_is_organisation (g_ptr_array_index (entries, 0)) && !span_has_lower_word (tokens, i, last))
            {
              i = last;
              continue;
            }
          candidate.first = i;
          candidate.last = last;
          candidate.entries = g_steal_pointer (&entries);
          {
            g_autofree char *text = span_text (tokens, i, last);

            candidate.key = sitmap_gazetteer_fold (text);
          }
        }
      else if (!(token->flags & SITMAP_TOKEN_SENTENCE_START) && joined (tokens, i + 1) &&
               sitmap_tokens_is_any (tokens, i + 1, settlement_cues) &&
               !sitmap_tokens_is_any (tokens, i, function_words) &&
               !looks_like_person (gazetteer, tokens, i, i, surnames))
        {
          /* "near Luganske village": a settlement the gazetteer does not
           * list, placed later by the region or country around it. */
          candidate.first = candidate.last = i;
          candidate.entries = g_ptr_array_new ();
          candidate.unlisted = TRUE;
          {
            g_autofree char *word = sitmap_tokens_dup (tokens, i);

            candidate.key = g_strconcat ("unlisted:", word, NULL);
          }
        }
      else
        {
          g_autofree char *word = sitmap_tokens_dup (tokens, i);
          GPtrArray *demonyms = sitmap_gazetteer_lookup_demonym (gazetteer, word);
          gsize len = strlen (word);

          /* "Ukrainians", "Canadians" */
          if (demonyms->len == 0 && len > 3 && word[len - 1] == 's')
            {
              word[len - 1] = '\0';
              g_ptr_array_unref (demonyms);
              demonyms = sitmap_gazetteer_lookup_demonym (gazetteer, word);
            }
          if (demonyms->len == 0 || inside_organisation_name (tokens, i, i))
            {
              g_ptr_array_unref (demonyms);
              continue;
            }
          candidate.first = candidate.last = i;
          candidate.entries = demonyms;
          candidate.adjectival = TRUE;
          {
            g_autofree char *folded = sitmap_gazetteer_fold (word);

            candidate.key = g_strconcat ("adj:", folded, NULL);
          }
        }

    found:
      candidate.start = sitmap_tokens_get (tokens, candidate.first)->start;
      candidate.end = sitmap_tokens_get (tokens, candidate.last)->end;
      candidate.sentence_initial = (token->flags & SITMAP_TOKEN_SENTENCE_START) != 0;

      /* "eastern Siberia", "the Donetsk region", "Luganske village" */
      if (candidate.first > 0 && joined (tokens, candidate.first) &&
          sitmap_tokens_is_any (tokens, candidate.first - 1, compass_adjectives) && !candidate.adjectival)
        candidate.start = sitmap_tokens_get (tokens, candidate.first - 1)->start;
      if (joined (tokens, candidate.last + 1) && !(sitmap_tokens_get (tokens, candidate.last)->flags & SITMAP_TOKEN_POSSESSIVE))
        {
          if (sitmap_tokens_is_any (tokens, candidate.last + 1, region_cues))
            {
              candidate.cue = CUE_REGION;
              candidate.end = sitmap_tokens_get (tokens, candidate.last + 1)->end;
            }
          else if (sitmap_tokens_is_any (tokens, candidate.last + 1, settlement_cues))
            candidate.cue = CUE_SETTLEMENT;
        }
      /* "the Donetsk region" is the oblast, not the city: its names as
       * the admin-1 region come first, under a key of their own. */
      if (candidate.cue == CUE_REGION && !candidate.adjectival && !candidate.unlisted)
        {
          static const char * const suffixes[] = { "Oblast", "Region", "Province", "State", "Governorate", "Krai" };
          g_autofree char *text = span_text (tokens, candidate.first, candidate.last);
          g_autoptr(GPtrArray) regional = g_ptr_array_new ();

          for (guint k = 0; k < G_N_ELEMENTS (suffixes); k++)
            {
              g_autofree char *name = g_strdup_printf ("%s %s", text, suffixes[k]);
              g_autoptr(GPtrArray) hits = sitmap_gazetteer_lookup (gazetteer, name);

              for (guint h = 0; h < hits->len; h++)
                if (!g_ptr_array_find (regional, g_ptr_array_index (hits, h), NULL))
                  g_ptr_array_add (regional, g_ptr_array_index (hits, h));
            }
          for (guint h = 0; h < candidate.entries->len; h++)
            if (!g_ptr_array_find (regional, g_ptr_array_index (candidate.entries, h), NULL))
              g_ptr_array_add (regional, g_ptr_array_index (candidate.entries, h));
          g_ptr_array_unref (candidate.entries);
          candidate.entries = g_steal_pointer (&regional);
          {
            char *key = g_strconcat (candidate.key, " region", NULL);

            g_free (candidate.key);
            candidate.key = key;
          }
        }

      /* "Suez Canal", "Rafah crossing": the feature, placed at the place
       * it is named after. */
      if (!candidate.adjectival && !candidate.unlisted && joined (tokens, candidate.last + 1) &&
          !(sitmap_tokens_get (tokens, candidate.last)->flags & SITMAP_TOKEN_POSSESSIVE) &&
          !(sitmap_tokens_get (tokens, candidate.last + 1)->flags & SITMAP_TOKEN_HYPHEN_BEFORE) &&
          (sitmap_tokens_is_any (tokens, candidate.last + 1, water_features) ||
           sitmap_tokens_is_any (tokens, candidate.last + 1, land_features)))
        {
          g_autofree char *text = NULL;

          candidate.feature = sitmap_tokens_is_any (tokens, candidate.last + 1, water_features) ? 2 : 1;
          candidate.last++;
          candidate.end = sitmap_tokens_get (tokens, candidate.last)->end;
          text = span_text (tokens, candidate.first, candidate.last);
          g_free (candidate.key);
          candidate.key = g_strconcat ("feature:", text, NULL);
        }

      /* The article and preposition before it: "in the Donetsk region". */
      {
        guint p = candidate.first;

        while (p > 0 && same_sentence (tokens, p - 1, candidate.first) && p + 3 > candidate.first &&
               (sitmap_tokens_is_any (tokens, p - 1, compass_adjectives) || sitmap_tokens_is (tokens, p - 1, "the")))
          p--;
        if (p > 0 && same_sentence (tokens, p - 1, candidate.first) && sitmap_tokens_is_any (tokens, p - 1, locatives))
          candidate.locative = TRUE;
        if (sitmap_tokens_is (tokens, p > 0 ? p - 1 : 0, "the") && p > 0 && candidate.cue == CUE_REGION)
          candidate.start = sitmap_tokens_get (tokens, p - 1)->start;
      }
      /* "Moscow said", "Moscow’s key demand" */
      if (!candidate.adjectival &&
          ((joined (tokens, candidate.last + 1) && sitmap_tokens_is_any (tokens, candidate.last + 1, metonymy_verbs) &&
            !(sitmap_tokens_get (tokens, candidate.last)->flags & SITMAP_TOKEN_POSSESSIVE)) ||
           (sitmap_tokens_get (tokens, candidate.last)->flags & SITMAP_TOKEN_POSSESSIVE &&
            (sitmap_tokens_is_any (tokens, candidate.last + 1, metonymy_nouns) ||
             sitmap_tokens_is_any (tokens, candidate.last + 2, metonymy_nouns)))))
        candidate.metonym = TRUE;

      g_array_append_val (candidates, candidate);
      i = candidate.last;
    }
}

double
sitmap_place_finder_distance_km (double lon1,
                                 double lat1,
                                 double lon2,
                                 double lat2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 2 * 6371.0 * asin (sqrt (MIN (1.0, a)));
}

static gboolean
country_named (GHashTable                 *countries,
               const SitmapGazetteerEntry *entry)
{
  const char *code = sitmap_gazetteer_entry_get_country_code (entry);

  return code != NULL && g_hash_table_contains (countries, code);
}

static double
score_entry (const Group                *group,
             const SitmapGazetteerEntry *entry,
             GHashTable                 *countries,
             GPtrArray                  *others,
             const double               *focus_lon,   /* lon, lat */
             const char                 *home_country)
{
  SitmapGazetteerKind kind = sitmap_gazetteer_entry_get_kind (entry);
  double score = sitmap_gazetteer_entry_get_importance (entry);
  double nearest = G_MAXDOUBLE;

  if (kind != SITMAP_GAZETTEER_KIND_COUNTRY && country_named (countries, entry))
    score += 0.15;
  if (focus_lon != NULL)
    {
      double km = sitmap_place_finder_distance_km (sitmap_gazetteer_entry_get_lon (entry), sitmap_gazetteer_entry_get_lat (entry),
                               focus_lon[0], focus_lon[1]);

      if (km < 1000)
        score += 0.15;
      else if (km < 3000)
        score += 0.05;
    }
  for (guint i = 0; i < others->len; i++)
    {
      const SitmapGazetteerEntry *other = g_ptr_array_index (others, i);

      if (other == entry || sitmap_gazetteer_entry_get_kind (other) == SITMAP_GAZETTEER_KIND_COUNTRY)
        continue;
      nearest = MIN (nearest, sitmap_place_finder_distance_km (sitmap_gazetteer_entry_get_lon (entry), sitmap_gazetteer_entry_get_lat (entry),
                                           sitmap_gazetteer_entry_get_lon (other), sitmap_gazetteer_entry_get_lat (other)));
    }
  if (nearest < 300)
    score += 0.2;
  else if (nearest < 1500)
    score += 0.1;
  if (home_country && g_strcmp0 (sitmap_gazetteer_entry_get_country_code (entry), home_country) == 0)
    score += 0.05;
  if (group->cue == CUE_REGION && (kind == SITMAP_GAZETTEER_KIND_ADMIN1 || kind == SITMAP_GAZETTEER_KIND_REGION))
    score += 1.0;
  if (group->cue == CUE_SETTLEMENT && (kind == SITMAP_GAZETTEER_KIND_CITY || kind == SITMAP_GAZETTEER_KIND_CAPITAL))
    score += 0.5;
  return score;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* The article's focus: the middle (median longitude and latitude) of the
 * places chosen so far, each as often as it is named.  FALSE when none is
 * chosen yet. */
static gboolean
story_focus (GArray *groups,
             double  focus[2])
{
  g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lats = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);

      if (group->chosen == NULL)
        continue;
      for (guint m = 0; m < group->members->len; m++)
        {
          double lon = sitmap_gazetteer_entry_get_lon (group->chosen), lat = sitmap_gazetteer_entry_get_lat (group->chosen);

          g_array_append_val (lons, lon);
          g_array_append_val (lats, lat);
        }
    }
  if (lons->len == 0)
    return FALSE;
  g_array_sort (lons, compare_doubles);
  g_array_sort (lats, compare_doubles);
  focus[0] = g_array_index (lons, double, lons->len / 2);
  focus[1] = g_array_index (lats, double, lats->len / 2);
  return TRUE;
}

static void
resolve (GArray     *groups,
         GHashTable *countries,
         const char *home_country)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  double focus[2];
  gboolean has_focus = story_focus (groups, focus);

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);

      if (group->chosen != NULL)
        g_ptr_array_add (chosen, (gpointer)group->chosen);
    }

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);

      group->best = -1;
      group->second = -1;
      for (guint e = 0; e < group->entries->len && e < MAX_CANDIDATES; e++)
        {
          const SitmapGazetteerEntry *entry = g_ptr_array_index (group->entries, e);
          double score = score_entry (group, entry, countries, chosen, has_focus ? focus : NULL, home_country);

          if (score > group->best)
            {
              group->second = group->best;
              group->best = score;
              group->chosen = entry;
            }
          else if (score > group->second)
            group->second = score;
        }
    }
}

/* Below this a city is a town of under 15,000 people (make-gazetteer.py's
 * small_town_importance()). */
#define SMALL_TOWN_IMPORTANCE 0.15
#define FAR_FROM_THE_STORY_KM 1500.0

static const char *
kind_name (const SitmapGazetteerEntry *entry)
{
  switch (sitmap_gazetteer_entry_get_kind (entry))
    {
    case SITMAP_GAZETTEER_KIND_COUNTRY:
      return "country";
    case SITMAP_GAZETTEER_KIND_ADMIN1:
    case SITMAP_GAZETTEER_KIND_REGION:
      return "region";
    case SITMAP_GAZETTEER_KIND_CAPITAL:
      return "capital";
    case SITMAP_GAZETTEER_KIND_CITY:
      return "city";
    case SITMAP_GAZETTEER_KIND_WATER:
      return "water";
    case SITMAP_GAZETTEER_KIND_VENUE:
    case SITMAP_GAZETTEER_KIND_ORGANISATION:
    default:
      return "venue";
    }
}

/* "talks in Geneva", "Thursday’s OSCE meeting in Vienna" */
static gboolean
is_venue_mention (const SitmapTokens *tokens,
                  const Candidate    *candidate)
{
  guint p = candidate->first;

  if (p < 2 || !sitmap_tokens_is_any (tokens, p - 1, (const char * const[]) { "in", "at", NULL }))
    return FALSE;
  for (guint back = 2; back <= 3 && back <= p; back++)
    {
      if (!same_sentence (tokens, p - back, p))
        return FALSE;
      if (sitmap_tokens_is_any (tokens, p - back, venue_nouns))
        return TRUE;
      if (sitmap_tokens_get (tokens, p - back)->kind == SITMAP_TOKEN_PUNCT &&
          !sitmap_tokens_is_punct (tokens, p - back, 0x2013) && !sitmap_tokens_is_punct (tokens, p - back, 0x2014))
        return FALSE;
    }
  return FALSE;
}

/* A name as written, with any control character between its words (a
 * form feed is white space too) made a space. */
static void
clean_name (char *name)
{
  for (char *p = name; *p; p++)
    if ((guchar)*p < 0x20 || (guchar)*p == 0x7F)
      *p = ' ';
}

static void
add_mention (SitmapExtractedPlace *place,
             const SitmapTokens   *tokens,
             const Candidate      *candidate)
{
  SitmapPlaceMention mention = {
    .start = candidate->start,
    .end = candidate->end,
    .first_token = candidate->first,
    .last_token = candidate->last,
    .sentence = sitmap_tokens_get (tokens, candidate->first)->sentence,
    .form = candidate->adjectival ? SITMAP_MENTION_ADJECTIVAL :
            candidate->metonym ? SITMAP_MENTION_METONYM : SITMAP_MENTION_NAME,
  };

  g_array_append_val (place->mentions, mention);
}

/* A settlement the gazetteer lacks, at the point of the region around it:
 * a guess the confidence says is one. */
static void
add_unlisted (GArray                     *places,
              const SitmapTokens         *tokens,
              GArray                     *candidates,
              const Group                *group,
              const SitmapGazetteerEntry *around)
{
  const Candidate *first = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, 0));
  SitmapExtractedPlace place = {
    .entry = NULL,
    .kind = "city",
    .lon = sitmap_gazetteer_entry_get_lon (around),
    .lat = sitmap_gazetteer_entry_get_lat (around),
    .geonames_id = 0,
    .confidence = 0.3,
    .mentions = g_array_new (FALSE, FALSE, sizeof (SitmapPlaceMention)),
  };

  place.owned_name = g_strndup (tokens->text + first->start, sitmap_tokens_get (tokens, first->last)->end - first->start);
  clean_name (place.owned_name);
  place.name = place.owned_name;
  for (guint m = 0; m < group->members->len; m++)
    add_mention (&place, tokens, &g_array_index (candidates, Candidate, g_array_index (group->members, guint, m)));
  g_array_append_val (places, place);
}

/* A feature named after a place ("Suez Canal"), at that place's point:
 * near enough to map, and said to be approximate by its confidence. */
static void
add_feature (GArray                     *places,
             const SitmapTokens         *tokens,
             GArray                     *candidates,
             const Group                *group,
             const SitmapGazetteerEntry *base,
             gboolean                    water)
{
  const Candidate *first = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, 0));
  SitmapExtractedPlace place = {
    .entry = NULL,
    .kind = water ? "water" : "venue",
    .lon = sitmap_gazetteer_entry_get_lon (base),
    .lat = sitmap_gazetteer_entry_get_lat (base),
    .geonames_id = 0,
    .confidence = 0.4,
    .mentions = g_array_new (FALSE, FALSE, sizeof (SitmapPlaceMention)),
  };

  place.owned_name = g_strndup (tokens->text + sitmap_tokens_get (tokens, first->first)->start,
                                first->end - sitmap_tokens_get (tokens, first->first)->start);
  clean_name (place.owned_name);
  place.name = place.owned_name;
  for (guint m = 0; m < group->members->len; m++)
    add_mention (&place, tokens, &g_array_index (candidates, Candidate, g_array_index (group->members, guint, m)));
  g_array_append_val (places, place);
}

static void
place_clear (gpointer data)
{
  SitmapExtractedPlace *place = data;

  g_clear_pointer (&place->mentions, g_array_unref);
  g_clear_pointer (&place->owned_name, g_free);
}

static int
compare_mentions (gconstpointer a,
                  gconstpointer b)
{
  const SitmapPlaceMention *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static int
compare_places (gconstpointer a,
                gconstpointer b)
{
  const SitmapExtractedPlace *x = a, *y = b;
  guint sx = g_array_index (x->mentions, SitmapPlaceMention, 0).start;
  guint sy = g_array_index (y->mentions, SitmapPlaceMention, 0).start;

  return sx < sy ? -1 : sx > sy;
}

/* The region or country an unlisted settlement lies in, as its sentence
 * says ("near Luganske village, in Donetsk region, Ukraine"): the most
 * precise one named in the sentence, or NULL. */
static const SitmapGazetteerEntry *
locate_unlisted (const SitmapTokens *tokens,
                 GArray             *candidates,
                 GArray             *groups,
                 const Candidate    *unlisted)
{
  const SitmapGazetteerEntry *best = NULL;
  int best_rank = 0;
  guint sentence = sitmap_tokens_get (tokens, unlisted->first)->sentence;

  for (guint c = 0; c < candidates->len; c++)
    {
      const Candidate *other = &g_array_index (candidates, Candidate, c);
      const Group *group = &g_array_index (groups, Group, other->group);
      int rank;

      if (other == unlisted || group->chosen == NULL || other->adjectival ||
          sitmap_tokens_get (tokens, other->first)->sentence != sentence)
        continue;
      switch (sitmap_gazetteer_entry_get_kind (group->chosen))
        {
        case SITMAP_GAZETTEER_KIND_ADMIN1:
        case SITMAP_GAZETTEER_KIND_REGION:
          rank = 2;
          break;
        case SITMAP_GAZETTEER_KIND_COUNTRY:
          rank = 1;
          break;
        default:
          rank = 0;
        }
      if (rank > best_rank)
        {
          best = group->chosen;
          best_rank = rank;
        }
    }
  return best;
}

GArray *
sitmap_place_finder_run (const SitmapTokens *tokens,
                         SitmapGazetteer    *gazetteer,
                         const char         *home_country)
{
  g_autoptr(GArray) candidates = g_array_new (FALSE, TRUE, sizeof (Candidate));
  g_autoptr(GArray) groups = g_array_new (FALSE, TRUE, sizeof (Group));
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) countries = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) by_entry = g_hash_table_new (NULL, NULL);
  GArray *places = g_array_new (FALSE, TRUE, sizeof (SitmapExtractedPlace));
  double focus[2];
  gboolean has_focus;

  g_return_val_if_fail (tokens != NULL, places);
  g_return_val_if_fail (SITMAP_IS_GAZETTEER (gazetteer), places);

  g_array_set_clear_func (places, place_clear);
  g_array_set_clear_func (candidates, candidate_clear);
  find_candidates (tokens, gazetteer, candidates);

  for (guint c = 0; c < candidates->len; c++)
    {
      Candidate *candidate = &g_array_index (candidates, Candidate, c);
      gpointer index;
      Group *group;

      if (!g_hash_table_lookup_extended (by_key, candidate->key, NULL, &index))
        {
          Group fresh = { candidate->key, candidate->entries, g_array_new (FALSE, FALSE, sizeof (guint)),
                          NULL, 0, 0, FALSE, FALSE, TRUE, CUE_NONE };

          g_array_append_val (groups, fresh);
          index = GUINT_TO_POINTER (groups->len - 1);
          g_hash_table_insert (by_key, candidate->key, index);
        }
      group = &g_array_index (groups, Group, GPOINTER_TO_UINT (index));
      candidate->group = GPOINTER_TO_UINT (index);
      g_array_append_val (group->members, c);
      group->any_locative |= candidate->locative;
      group->any_mid_sentence |= !candidate->sentence_initial;
      group->all_adjectival &= candidate->adjectival;
      if (candidate->cue != CUE_NONE)
        group->cue = candidate->cue;
    }

  /* The countries the article names: those no other reading of the name
   * outranks. */
  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);
      const SitmapGazetteerEntry *top;

      if (group->entries->len == 0)
        continue;
      top = g_ptr_array_index (group->entries, 0);
      if (sitmap_gazetteer_entry_get_kind (top) == SITMAP_GAZETTEER_KIND_COUNTRY &&
          sitmap_gazetteer_entry_get_country_code (top))
        g_hash_table_add (countries, (gpointer)sitmap_gazetteer_entry_get_country_code (top));
    }

  resolve (groups, countries, home_country);
  resolve (groups, countries, home_country);
  has_focus = story_focus (groups, focus);

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);
      const SitmapGazetteerEntry *entry = group->chosen;
      SitmapGazetteerKind kind;
      double importance;
      double confidence, margin;
      SitmapExtractedPlace *place;
      gpointer index;

      if (entry == NULL)
        {
          const Candidate *first = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, 0));
          const SitmapGazetteerEntry *around = locate_unlisted (tokens, candidates, groups, first);

          if (around != NULL)
            add_unlisted (places, tokens, candidates, group, around);
          continue;
        }
      kind = sitmap_gazetteer_entry_get_kind (entry);
      importance = sitmap_gazetteer_entry_get_importance (entry);
      {
        const Candidate *first = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, 0));
        g_autofree char *preferred = sitmap_gazetteer_fold (sitmap_gazetteer_entry_get_name (entry));

        if (first->feature)
          {
            add_feature (places, tokens, candidates, group, entry, first->feature == 2);
            continue;
          }
        /* "Hamas" is Hamm in some language: a small town known here only
         * by another language's name of it, and nothing says it is a
         * place. */
        if (kind == SITMAP_GAZETTEER_KIND_CITY && importance < 0.45 && !group->any_locative &&
            group->cue == CUE_NONE && !g_str_has_prefix (group->key, preferred))
          continue;
        /* "More than 2 million": another language's name of a region, at
         * the start of sentences only. */
        if (!group->any_mid_sentence && !group->any_locative && !g_str_has_prefix (group->key, preferred) &&
            importance < 0.7)
          continue;
      }

      /* A town in a country the article never names, far from the
       * places it names: another town of that name is meant, one the
       * gazetteer lacks ("El Olivar" in Honduras for the one in Chile).
       * Placed by the region or country its sentence names, if any. */
      if (kind == SITMAP_GAZETTEER_KIND_CITY && importance < SMALL_TOWN_IMPORTANCE && has_focus &&
          !country_named (countries, entry) &&
          sitmap_place_finder_distance_km (sitmap_gazetteer_entry_get_lon (entry), sitmap_gazetteer_entry_get_lat (entry),
                                           focus[0], focus[1]) > FAR_FROM_THE_STORY_KM)
        {
          const Candidate *first = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, 0));
          const SitmapGazetteerEntry *around = locate_unlisted (tokens, candidates, groups, first);

          if (around != NULL)
            add_unlisted (places, tokens, candidates, group, around);
          continue;
        }

      /* A small place with nothing in the text for it: a name that only
       * happens to be a village somewhere. */
      if ((kind == SITMAP_GAZETTEER_KIND_CITY && importance < 0.15 && !group->any_locative && group->cue == CUE_NONE &&
           !country_named (countries, entry)) ||
          (!group->any_mid_sentence && importance < 0.3 && !group->any_locative))
        continue;

      margin = group->second > 0 ? (group->best - group->second) / group->best : 1.0;
      confidence = 0.5 + 0.3 * CLAMP (margin, 0, 1) + 0.2 * MIN (1.0, importance * 2);
      if (group->all_adjectival)
        confidence *= 0.8;
      if (!group->any_mid_sentence)
        confidence *= 0.8;

      if (g_hash_table_lookup_extended (by_entry, entry, NULL, &index))
        place = &g_array_index (places, SitmapExtractedPlace, GPOINTER_TO_UINT (index));
      else
        {
          SitmapExtractedPlace fresh = {
            .entry = entry,
            .name = sitmap_gazetteer_entry_get_name (entry),
            .kind = kind_name (entry),
            .lon = sitmap_gazetteer_entry_get_lon (entry),
            .lat = sitmap_gazetteer_entry_get_lat (entry),
            .geonames_id = sitmap_gazetteer_entry_get_geonames_id (entry),
            .confidence = 0,
            .mentions = g_array_new (FALSE, FALSE, sizeof (SitmapPlaceMention)),
          };

          g_array_append_val (places, fresh);
          g_hash_table_insert (by_entry, (gpointer)entry, GUINT_TO_POINTER (places->len - 1));
          place = &g_array_index (places, SitmapExtractedPlace, places->len - 1);
        }
      place->confidence = MAX (place->confidence, confidence);

      for (guint m = 0; m < group->members->len; m++)
        {
          const Candidate *candidate = &g_array_index (candidates, Candidate, g_array_index (group->members, guint, m));

          add_mention (place, tokens, candidate);
          if ((kind == SITMAP_GAZETTEER_KIND_CITY || kind == SITMAP_GAZETTEER_KIND_CAPITAL) &&
              is_venue_mention (tokens, candidate))
            place->kind = "venue";
        }
    }

  for (guint p = 0; p < places->len; p++)
    g_array_sort (g_array_index (places, SitmapExtractedPlace, p).mentions, compare_mentions);
  g_array_sort (places, compare_places);

  for (guint g = 0; g < groups->len; g++)
    g_array_unref (g_array_index (groups, Group, g).members);
  return places;
}
