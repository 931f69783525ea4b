/* sitmap-extraction.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-extraction.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

struct _SitmapExtraction
{
  GObject       parent_instance;

  char         *text;
  gsize         length;
  char         *date;
  SitmapTokens *tokens;
  GArray       *places;
  GArray       *figures;
  GArray       *dates;
  /* Kept for the other matches a reviewer may pick (immutable, shared). */
  SitmapGazetteer *gazetteer;
};

G_DEFINE_FINAL_TYPE (SitmapExtraction, sitmap_extraction, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-extraction-error-quark, sitmap_extraction_error)

/* Verbs that attribute what a sentence says. */
static const char * const speech_verbs[] = {
  "said", "says", "say", "told", "estimated", "estimates", "reported", "reports", "stated",
  "added", "claimed", "claims", "announced", "counted", "wrote", "according", NULL
};

static const char * const pronouns[] = { "he", "she", "they", NULL };

static const char * const person_titles[] = { "mr", "mrs", "ms", "dr", "miss", NULL };

static void
sitmap_extraction_finalize (GObject *object)
{
  SitmapExtraction *self = SITMAP_EXTRACTION (object);

  g_clear_pointer (&self->places, g_array_unref);
  g_clear_pointer (&self->figures, g_array_unref);
  g_clear_pointer (&self->dates, g_array_unref);
  g_clear_pointer (&self->tokens, sitmap_tokens_free);
  g_clear_object (&self->gazetteer);
  g_free (self->text);
  g_free (self->date);

  G_OBJECT_CLASS (sitmap_extraction_parent_class)->finalize (object);
}

static void
sitmap_extraction_class_init (SitmapExtractionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_extraction_finalize;
}

static void
sitmap_extraction_init (SitmapExtraction *self)
{
}

/* One line, whatever the article holds. */
static gboolean
check_text (const char  *text,
            gsize        length,
            const char  *name,
            GError     **error)
{
  const char *bad;
  gsize controls = 0;
  gboolean blank = TRUE;

  if (length > SITMAP_EXTRACTION_MAX_BYTES)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_TOO_LARGE,
                   _("%s: the article is too large (%zu bytes; at most %d)"),
                   name, (size_t)length, SITMAP_EXTRACTION_MAX_BYTES);
      return FALSE;
    }
  if (memchr (text, '\0', length) != NULL)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_BINARY,
                   _("%s: not a text file (it holds NUL bytes)"), name);
      return FALSE;
    }
  if (!g_utf8_validate_len (text, length, &bad))
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_INVALID_UTF8,
                   _("%s: not valid UTF-8 text (at byte %zu)"), name, (size_t)(bad - text));
      return FALSE;
    }
  for (gsize i = 0; i < length; i++)
    {
      guchar c = text[i];

      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
        controls++;
      if (!g_ascii_isspace (c))
        blank = FALSE;
    }
  if (controls > 0 && controls * 100 > length)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_BINARY,
                   _("%s: not a text file (it holds control characters)"), name);
      return FALSE;
    }
  if (blank)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_EMPTY,
                   _("%s: the article is empty"), name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_capitalised (const SitmapTokens *tokens,
                guint               index)
{
  return index < sitmap_tokens_len (tokens) && sitmap_tokens_get (tokens, index)->kind == SITMAP_TOKEN_WORD &&
         (sitmap_tokens_get (tokens, index)->flags & SITMAP_TOKEN_CAPITALISED);
}

static gboolean
in_sentence (const SitmapTokens *tokens,
             guint               index,
             guint               sentence)
{
  return index < sitmap_tokens_len (tokens) && sitmap_tokens_get (tokens, index)->sentence == sentence;
}

static char *
span (const SitmapTokens *tokens,
      guint               first,
      guint               last)
{
  return g_strndup (tokens->text + sitmap_tokens_get (tokens, first)->start,
                    sitmap_tokens_get (tokens, last)->end - sitmap_tokens_get (tokens, first)->start);
}

/* The capitalised run that ends at last, titles and a possessive owner
 * ("Russia’s Defence Ministry") included: its first token, or -1. */
static int
run_ending_at (const SitmapTokens *tokens,
               guint               last)
{
  int first = -1;
  guint sentence;

  if (!is_capitalised (tokens, last))
    return -1;
  sentence = sitmap_tokens_get (tokens, last)->sentence;
  for (guint i = last + 1; i-- > 0;)
    {
      if (!in_sentence (tokens, i, sentence) || !is_capitalised (tokens, i))
        break;
      if (i < last && sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_POSSESSIVE && first >= 0 &&
          sitmap_tokens_is_any (tokens, (guint)first, person_titles))
        break;
      first = i;
      if (sitmap_tokens_get (tokens, i)->flags & SITMAP_TOKEN_SENTENCE_START)
        break;
    }
  return first;
}

static guint
run_starting_at (const SitmapTokens *tokens,
                 guint               first)
{
  guint sentence = sitmap_tokens_get (tokens, first)->sentence;
  guint last = first;

  while (in_sentence (tokens, last + 1, sentence) && is_capitalised (tokens, last + 1) &&
         !(sitmap_tokens_get (tokens, last)->flags & SITMAP_TOKEN_POSSESSIVE))
    last++;
  return last;
}

/* "Mr. Lee" is the "Rob Lee" introduced before, with what the article says
 * he is: "Rob Lee, Foreign Policy Research Institute". */
static char *
full_name (const SitmapTokens *tokens,
           guint               first,
           guint               last)
{
  guint surname = last;
  g_autofree char *surname_text = span (tokens, surname, surname);

  if (sitmap_tokens_is_any (tokens, first, person_titles))
    {
      for (guint i = 1; i < sitmap_tokens_len (tokens); i++)
        {
          g_autofree char *word = NULL;

          if (sitmap_tokens_get (tokens, i)->kind != SITMAP_TOKEN_WORD)
            continue;
          word = span (tokens, i, i);
          if (strcmp (word, surname_text) == 0 && is_capitalised (tokens, i - 1) &&
              !sitmap_tokens_is_any (tokens, i - 1, person_titles) &&
              sitmap_tokens_get (tokens, i - 1)->sentence == sitmap_tokens_get (tokens, i)->sentence &&
              !(sitmap_tokens_get (tokens, i - 1)->flags & SITMAP_TOKEN_POSSESSIVE))
            {
              first = i - 1;
              last = i;
              break;
            }
        }
    }

  {
    g_autofree char *name = span (tokens, first, last);
    guint sentence = sitmap_tokens_get (tokens, last)->sentence;

    /* ", a Russian military expert at the Foreign Policy Research
     * Institute" */
    if (sitmap_tokens_is_punct (tokens, last + 1, ','))
      for (guint i = last + 2; i < last + 10 && in_sentence (tokens, i, sentence); i++)
        {
          if (sitmap_tokens_get (tokens, i)->kind == SITMAP_TOKEN_PUNCT)
            break;
          if (sitmap_tokens_is_any (tokens, i, (const char * const[]) { "at", "of", "with", NULL }))
            {
              guint org = i + 1;

              if (sitmap_tokens_is (tokens, org, "the"))
                org++;
              if (is_capitalised (tokens, org))
                {
                  guint end = run_starting_at (tokens, org);

                  /* "the University of Khartoum" */
                  while (sitmap_tokens_is_any (tokens, end + 1, (const char * const[]) { "of", "for", NULL }) &&
                         is_capitalised (tokens, end + 2) && in_sentence (tokens, end + 2, sentence))
                    end = run_starting_at (tokens, end + 2);
                  if (end > org)
                    {
                      g_autofree char *affiliation = span (tokens, org, end);

                      return g_strdup_printf ("%s, %s", name, affiliation);
                    }
                }
              break;
            }
        }
    return g_steal_pointer (&name);
  }
}

/* The last person named before a sentence, for "he said". */
static char *
previous_speaker (const SitmapTokens *tokens,
                  guint               before_token)
{
  for (guint i = before_token; i-- > 0;)
    if (sitmap_tokens_is_any (tokens, i, person_titles) && is_capitalised (tokens, i + 1))
      return full_name (tokens, i, run_starting_at (tokens, i + 1));
  return NULL;
}

/* Who gives the figures of a sentence, or NULL. */
static char *
find_source (const SitmapTokens *tokens,
             guint               sentence_index)
{
  const SitmapSentence *sentence = sitmap_tokens_get_sentence (tokens, sentence_index);
  guint end = sentence->first_token + sentence->n_tokens;

  for (guint v = sentence->first_token; v < end; v++)
    {
      int first;

      if (!sitmap_tokens_is_any (tokens, v, speech_verbs))
        continue;
      /* "a message that said Ukrainians’ data had leaked" */
      if (v > sentence->first_token &&
          sitmap_tokens_is_any (tokens, v - 1, (const char * const[]) { "that", "which", "who", "it", NULL }))
        continue;
      if (sitmap_tokens_is (tokens, v, "according") && sitmap_tokens_is (tokens, v + 1, "to"))
        {
          guint at = v + 2;

          if (sitmap_tokens_is (tokens, at, "the"))
            at++;
          if (is_capitalised (tokens, at) && in_sentence (tokens, at, sentence_index))
            return full_name (tokens, at, run_starting_at (tokens, at));
          continue;
        }
      /* "Mr. Lee said", "Russia’s Defence Ministry said" */
      if (v > sentence->first_token && (first = run_ending_at (tokens, v - 1)) >= 0)
        return full_name (tokens, first, v - 1);
      if (v > sentence->first_token && sitmap_tokens_is_any (tokens, v - 1, pronouns))
        {
          char *speaker = previous_speaker (tokens, v - 1);

          if (speaker)
            return speaker;
        }
      /* "said Rob Lee" */
      if (is_capitalised (tokens, v + 1) && in_sentence (tokens, v + 1, sentence_index) &&
          !(sitmap_tokens_get (tokens, run_starting_at (tokens, v + 1))->flags & SITMAP_TOKEN_POSSESSIVE))
        return full_name (tokens, v + 1, run_starting_at (tokens, v + 1));
    }
  return NULL;
}

/* "in the southeastern Donbas region": in, near or at before a name,
 * past its article and compass adjective. */
static gboolean
preceded_by_locative (const SitmapTokens *tokens,
                      guint               first)
{
  guint p = first;

  while (p > 0 && first - p < 3 &&
         sitmap_tokens_is_any (tokens, p - 1, (const char * const[]) { "the", "southeastern", "southwestern",
                                                                      "northeastern", "northwestern", "eastern",
                                                                      "western", "northern", "southern", "central", NULL }))
    p--;
  return p > 0 && sitmap_tokens_is_any (tokens, p - 1, (const char * const[]) { "in", "near", "at", NULL });
}

/* The place a figure describes: bound to its phrase ("Canada’s 200-soldier
 * mission", "100,000 Russian troops"), then where it is ("540 troops
 * stationed in Latvia"), then where the sentence is. */
static int
find_figure_place (SitmapExtraction            *self,
                   const SitmapExtractedFigure *figure)
{
  int bound = -1, after = -1, before = -1, nearest = -1;
  guint after_distance = G_MAXUINT, before_distance = G_MAXUINT, nearest_distance = G_MAXUINT;

  for (guint p = 0; p < self->places->len; p++)
    {
      const SitmapExtractedPlace *place = &g_array_index (self->places, SitmapExtractedPlace, p);

      for (guint m = 0; m < place->mentions->len; m++)
        {
          const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);
          guint distance;

          if (mention->sentence != figure->sentence)
            continue;
          if (mention->first_token > figure->first_token && mention->last_token < figure->last_token)
            bound = p;
          if (mention->last_token + 1 == figure->first_token &&
              sitmap_tokens_get (self->tokens, mention->last_token)->flags & SITMAP_TOKEN_POSSESSIVE)
            bound = p;
          if (bound >= 0)
            continue;
          if (mention->first_token > figure->last_token)
            {
              distance = mention->first_token - figure->last_token;
              if (distance <= 8 && distance < after_distance &&
                  sitmap_tokens_is_any (self->tokens, mention->first_token - 1,
                                        (const char * const[]) { "in", "near", "at", "on", "around", "into", "from", NULL }))
                {
                  after = p;
                  after_distance = distance;
                }
            }
          else
            {
              distance = figure->first_token - mention->last_token;
              if (distance < before_distance && preceded_by_locative (self->tokens, mention->first_token))
                {
                  before = p;
                  before_distance = distance;
                }
            }
          distance = mention->first_token > figure->first_token ? mention->first_token - figure->first_token
                                                                : figure->first_token - mention->first_token;
          if (distance < nearest_distance)
            {
              nearest = p;
              nearest_distance = distance;
            }
        }
    }
  return bound >= 0 ? bound : after >= 0 ? after : before >= 0 ? before : nearest;
}

SitmapExtraction *
sitmap_extraction_new (const char       *text,
                       gsize             length,
                       const char       *display_name,
                       const char       *date,
                       SitmapGazetteer  *gazetteer,
                       GError          **error)
{
  g_autoptr(SitmapExtraction) self = NULL;
  g_autoptr(GDate) published = NULL;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (gazetteer == NULL || SITMAP_IS_GAZETTEER (gazetteer), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (date != NULL)
    {
      int y, m, d;
      char tail;

      if (strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
          date[4] != '-' || date[7] != '-' || !g_date_valid_dmy (d, m, y))
        {
          g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_INVALID_DATE,
                       _("the publication date “%s” is not a date like 2022-01-15"), date);
          return NULL;
        }
      published = g_date_new_dmy (d, m, y);
    }
  if (!check_text (text ? text : "", length, display_name, error))
    return NULL;

  self = g_object_new (SITMAP_TYPE_EXTRACTION, NULL);
  self->text = g_strndup (text, length);
  self->length = length;
  self->date = g_strdup (date);
  self->tokens = sitmap_tokens_new (self->text, self->length);
  if (gazetteer)
    self->gazetteer = g_object_ref (gazetteer);
  if (gazetteer)
    self->places = sitmap_place_finder_run (self->tokens, gazetteer, NULL);
  else
    self->places = g_array_new (FALSE, TRUE, sizeof (SitmapExtractedPlace));
  self->figures = sitmap_figure_finder_run (self->tokens);
  self->dates = sitmap_date_finder_run (self->tokens, published);

  for (guint f = 0; f < self->figures->len; f++)
    {
      SitmapExtractedFigure *figure = &g_array_index (self->figures, SitmapExtractedFigure, f);

      figure->place_index = find_figure_place (self, figure);
      if (figure->place_index >= 0)
        figure->place = g_strdup (g_array_index (self->places, SitmapExtractedPlace, figure->place_index).name);
      figure->source = find_source (self->tokens, figure->sentence);
    }

  return g_steal_pointer (&self);
}

SitmapExtraction *
sitmap_extraction_new_for_file (const char       *path,
                                const char       *date,
                                SitmapGazetteer  *gazetteer,
                                GError          **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_new_for_commandline_arg (path);
  name = g_file_get_parse_name (file);
  /* A device or a huge file is not read to find out. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_NOT_FOUND,
                   _("%s: cannot read the article: %s"), name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_NOT_FOUND,
                   _("%s: not a regular file"), name);
      return NULL;
    }
  if (g_file_info_get_size (info) > SITMAP_EXTRACTION_MAX_BYTES)
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_TOO_LARGE,
                   _("%s: the article is too large (%zu bytes; at most %d)"),
                   name, (size_t)g_file_info_get_size (info), SITMAP_EXTRACTION_MAX_BYTES);
      return NULL;
    }
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_set_error (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_NOT_FOUND,
                   _("%s: cannot read the article: %s"), name, local_error->message);
      return NULL;
    }
  return sitmap_extraction_new (contents, length, name, date, gazetteer, error);
}

const char *
sitmap_extraction_get_text (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->text;
}

gsize
sitmap_extraction_get_length (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), 0);
  return self->length;
}

const char *
sitmap_extraction_get_date (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->date;
}

const SitmapTokens *
sitmap_extraction_get_tokens (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->tokens;
}

GArray *
sitmap_extraction_get_places (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->places;
}

GArray *
sitmap_extraction_get_figures (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->figures;
}

GArray *
sitmap_extraction_get_dates (SitmapExtraction *self)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  return self->dates;
}

guint
sitmap_extraction_code_point (SitmapExtraction *self,
                              guint             byte_offset)
{
  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), 0);
  g_return_val_if_fail (byte_offset <= self->length, 0);
  return sitmap_tokens_cp_at (self->tokens, byte_offset);
}

char *
sitmap_extraction_dup_sentence (SitmapExtraction *self,
                                guint             sentence)
{
  const SitmapSentence *s;

  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);
  g_return_val_if_fail (sentence < self->tokens->sentences->len, NULL);
  s = sitmap_tokens_get_sentence (self->tokens, sentence);
  return g_strndup (self->text + s->start, s->end - s->start);
}

/* The mention as a name to look up: "Kyiv’s" is Kyiv. */
static char *
mention_name (SitmapExtraction         *self,
              const SitmapPlaceMention *mention)
{
  char *name = g_strndup (self->text + mention->start, mention->end - mention->start);
  gsize len = strlen (name);

  if (len > 4 && g_str_has_suffix (name, "\u2019s"))
    name[len - 4] = '\0';
  else if (len > 2 && (g_str_has_suffix (name, "'s") || g_str_has_suffix (name, "\u2019")))
    name[len - (g_str_has_suffix (name, "'s") ? 2 : 3)] = '\0';
  return name;
}

static void
add_candidates (GPtrArray *candidates,
                GPtrArray *found)
{
  for (guint i = 0; i < found->len; i++)
    if (!g_ptr_array_find (candidates, g_ptr_array_index (found, i), NULL))
      g_ptr_array_add (candidates, g_ptr_array_index (found, i));
}

GPtrArray *
sitmap_extraction_get_candidates (SitmapExtraction *self,
                                  guint             place_index,
                                  guint             max_results)
{
  GPtrArray *candidates = g_ptr_array_new ();
  const SitmapExtractedPlace *place;

  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), candidates);
  g_return_val_if_fail (place_index < self->places->len, candidates);

  place = &g_array_index (self->places, SitmapExtractedPlace, place_index);
  if (place->entry)
    g_ptr_array_add (candidates, (gpointer)place->entry);
  if (self->gazetteer == NULL)
    return candidates;

  for (guint m = 0; m < place->mentions->len; m++)
    {
      const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);
      g_autofree char *name = mention_name (self, mention);
      g_autoptr(GPtrArray) found = mention->form == SITMAP_MENTION_ADJECTIVAL
                                   ? sitmap_gazetteer_lookup_demonym (self->gazetteer, name)
                                   : sitmap_gazetteer_lookup (self->gazetteer, name);

      add_candidates (candidates, found);
    }
  /* "the Donetsk region" is found by the entry's own name only. */
  {
    g_autoptr(GPtrArray) found = sitmap_gazetteer_lookup (self->gazetteer, place->name);

    add_candidates (candidates, found);
  }
  if (max_results > 0 && candidates->len > max_results)
    g_ptr_array_set_size (candidates, max_results);
  return candidates;
}

static const char * const form_names[] = {
  [SITMAP_MENTION_NAME] = "name",
  [SITMAP_MENTION_ADJECTIVAL] = "adjectival",
  [SITMAP_MENTION_METONYM] = "metonym",
};

static void
add_range (JsonBuilder      *builder,
           SitmapExtraction *self,
           guint             start,
           guint             end)
{
  g_autofree char *text = g_strndup (self->text + start, end - start);

  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, sitmap_tokens_cp_at (self->tokens, start));
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, sitmap_tokens_cp_at (self->tokens, end));
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (fabs (value) < 1e15 && value == (gint64)value)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

char *
sitmap_extraction_to_json (SitmapExtraction *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (SITMAP_IS_EXTRACTION (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "places");
  json_builder_begin_array (builder);
  for (guint p = 0; p < self->places->len; p++)
    {
      const SitmapExtractedPlace *place = &g_array_index (self->places, SitmapExtractedPlace, p);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, place->name);
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, place->kind);
      json_builder_set_member_name (builder, "lon");
      json_builder_add_double_value (builder, place->lon);
      json_builder_set_member_name (builder, "lat");
      json_builder_add_double_value (builder, place->lat);
      if (place->geonames_id)
        add_number (builder, "geonames_id", place->geonames_id);
      json_builder_set_member_name (builder, "confidence");
      json_builder_add_double_value (builder, ((gint64)(place->confidence * 100 + 0.5)) / 100.0);
      json_builder_set_member_name (builder, "mentions");
      json_builder_begin_array (builder);
      for (guint m = 0; m < place->mentions->len; m++)
        {
          const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);

          json_builder_begin_object (builder);
          add_range (builder, self, mention->start, mention->end);
          json_builder_set_member_name (builder, "form");
          json_builder_add_string_value (builder, form_names[mention->form]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "figures");
  json_builder_begin_array (builder);
  for (guint f = 0; f < self->figures->len; f++)
    {
      const SitmapExtractedFigure *figure = &g_array_index (self->figures, SitmapExtractedFigure, f);

      json_builder_begin_object (builder);
      if (figure->has_value && figure->is_range)
        {
          add_number (builder, "low", figure->low);
          add_number (builder, "high", figure->high);
        }
      else if (figure->has_value)
        add_number (builder, "value", figure->value);
      if (figure->qualifier)
        {
          json_builder_set_member_name (builder, "qualifier");
          json_builder_add_string_value (builder, figure->qualifier);
        }
      json_builder_set_member_name (builder, "unit");
      json_builder_add_string_value (builder, figure->unit);
      add_range (builder, self, figure->start, figure->end);
      if (figure->place)
        {
          json_builder_set_member_name (builder, "place");
          json_builder_add_string_value (builder, figure->place);
        }
      if (figure->source)
        {
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, figure->source);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "dates");
  json_builder_begin_array (builder);
  for (guint d = 0; d < self->dates->len; d++)
    {
      const SitmapExtractedDate *date = &g_array_index (self->dates, SitmapExtractedDate, d);

      json_builder_begin_object (builder);
      if (date->date)
        {
          json_builder_set_member_name (builder, "date");
          json_builder_add_string_value (builder, date->date);
        }
      add_range (builder, self, date->start, date->end);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  return json_generator_to_data (generator, NULL);
}
