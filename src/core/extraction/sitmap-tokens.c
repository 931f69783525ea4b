/* sitmap-tokens.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-tokens.h"

#include <string.h>

/* Abbreviations whose full stop ends no sentence. */
static const char * const abbreviations[] = {
  "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sgt", "capt", "cpl", "maj", "adm",
  "jr", "sr", "sen", "rep", "gov", "prof", "rev", "no", "vs", "mt", "ft", "pres", "gens",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
  "approx", "est", "inc", "corp", "co", "ltd", "dept", "univ", "lt.-gen", "brig",
  NULL
};

static gboolean
is_apostrophe (gunichar c)
{
  return c == '\'' || c == 0x2019 || c == 0x02BC;
}

static gboolean
is_hyphen (gunichar c)
{
  return c == '-' || c == 0x2010 || c == 0x2011;
}

static gboolean
is_letter (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalpha (c);
  return g_unichar_isalpha (c) || g_unichar_ismark (c);
}

static gboolean
is_digit (gunichar c)
{
  return c >= '0' && c <= '9';
}

static gboolean
is_closing (gunichar c)
{
  return c == '"' || c == '\'' || c == 0x201D || c == 0x2019 || c == ')' || c == ']' ||
         c == 0x00BB;
}

typedef struct
{
  const char *text;
  gsize       length;
  guint       pos;   /* bytes */
  guint       cp;    /* code points before pos */
} Cursor;

static gunichar
peek (const Cursor *cursor,
      guint         ahead)
{
  const char *p = cursor->text + cursor->pos;
  const char *end = cursor->text + cursor->length;

  for (guint i = 0; i < ahead && p < end; i++)
    p = g_utf8_next_char (p);
  if (p >= end)
    return 0;
  return g_utf8_get_char (p);
}

static void
advance (Cursor *cursor)
{
  cursor->pos = g_utf8_next_char (cursor->text + cursor->pos) - cursor->text;
  cursor->cp++;
}

static gboolean
word_is_abbreviation (const char *text,
                      guint       start,
                      guint       end)
{
  char lower[16];
  guint n = end - start;

  if (n == 0 || n >= sizeof lower)
    return FALSE;
  for (guint i = 0; i < n; i++)
    lower[i] = g_ascii_tolower (text[start + i]);
  lower[n] = '\0';
  return g_strv_contains (abbreviations, lower);
}

static void
scan_word (Cursor      *cursor,
           SitmapToken *token)
{
  gboolean dotted_letters = FALSE;

  token->kind = SITMAP_TOKEN_WORD;
  for (;;)
    {
      gunichar c = peek (cursor, 0);

      if (is_letter (c) || is_digit (c))
        {
          advance (cursor);
          continue;
        }
      if (is_apostrophe (c))
        {
          gunichar next = peek (cursor, 1);

          if ((next == 's' || next == 'S') && !is_letter (peek (cursor, 2)))
            {
              token->end = cursor->pos;
              token->cp_end = cursor->cp;
              token->flags |= SITMAP_TOKEN_POSSESSIVE;
              advance (cursor);
              advance (cursor);
              return;
            }
          if (is_letter (next))
            {
              advance (cursor);
              continue;
            }
          /* "Ukrainians’ personal data" */
          if (cursor->pos > token->start && (cursor->text[cursor->pos - 1] == 's'))
            {
              token->end = cursor->pos;
              token->cp_end = cursor->cp;
              token->flags |= SITMAP_TOKEN_POSSESSIVE;
              advance (cursor);
              return;
            }
          break;
        }
      if (c == '.')
        {
          guint letters = cursor->cp - token->cp_start;
          gunichar next = peek (cursor, 1);

          /* "U.S.", "D.C.", "J." */
          if ((letters == 1 || dotted_letters) && g_unichar_isupper (g_utf8_get_char (cursor->text + token->start)))
            {
              advance (cursor);
              token->flags |= SITMAP_TOKEN_DOTTED;
              if (is_letter (next) && !is_letter (peek (cursor, 1)))
                {
                  dotted_letters = TRUE;
                  continue;
                }
              break;
            }
          if (word_is_abbreviation (cursor->text, token->start, cursor->pos))
            {
              advance (cursor);
              token->flags |= SITMAP_TOKEN_DOTTED;
            }
          break;
        }
      break;
    }
  token->end = cursor->pos;
  token->cp_end = cursor->cp;
}

static void
scan_number (Cursor      *cursor,
             SitmapToken *token)
{
  GString *digits = g_string_new (NULL);

  token->kind = SITMAP_TOKEN_NUMBER;
  for (;;)
    {
      gunichar c = peek (cursor, 0);

      if (is_digit (c))
        {
          g_string_append_c (digits, (char)c);
          advance (cursor);
          continue;
        }
      /* Thousands: exactly three digits follow, then no digit. */
      if ((c == ',' || c == 0x202F || c == 0x00A0) && digits->len <= 3 + 4 * 3 &&
          is_digit (peek (cursor, 1)) && is_digit (peek (cursor, 2)) && is_digit (peek (cursor, 3)) &&
          !is_digit (peek (cursor, 4)) && strchr (digits->str, '.') == NULL)
        {
          advance (cursor);
          continue;
        }
      if (c == '.' && is_digit (peek (cursor, 1)) && strchr (digits->str, '.') == NULL)
        {
          g_string_append_c (digits, '.');
          advance (cursor);
          continue;
        }
      break;
    }
  token->number = g_ascii_strtod (digits->str, NULL);
  token->end = cursor->pos;
  token->cp_end = cursor->cp;
  g_string_free (digits, TRUE);
}

/* Where a full stop, question or exclamation mark ends its sentence: white
 * space, then something that can start one. */
static gboolean
ends_sentence (const Cursor *cursor)
{
  guint i = 0;
  gunichar c;

  while (is_closing (peek (cursor, i)))
    i++;
  c = peek (cursor, i);
  if (c == 0 || c == '\n')
    return TRUE;
  if (!g_unichar_isspace (c))
    return FALSE;
  while (g_unichar_isspace (c = peek (cursor, i)) && c != '\n')
    i++;
  return c == 0 || c == '\n' || g_unichar_isupper (c) || is_digit (c) || c == 0x201C ||
         c == '"' || c == 0x2018 || c == '(' || c == 0x201D;
}

static void
close_sentence (SitmapTokens *self,
                SitmapSentence *sentence,
                guint end)
{
  if (self->tokens->len > sentence->first_token)
    {
      sentence->n_tokens = self->tokens->len - sentence->first_token;
      sentence->end = end;
      g_array_append_val (self->sentences, *sentence);
    }
  sentence->first_token = self->tokens->len;
  sentence->start = G_MAXUINT;
}

SitmapTokens *
sitmap_tokens_new (const char *text,
                   gsize       length)
{
  SitmapTokens *self = g_new0 (SitmapTokens, 1);
  Cursor cursor = { text, length, 0, 0 };
  SitmapSentence sentence = { G_MAXUINT, 0, 0, 0, 0 };
  gboolean space_before = TRUE, hyphen_before = FALSE, want_start = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  self->text = text;
  self->length = length;
  self->tokens = g_array_sized_new (FALSE, FALSE, sizeof (SitmapToken), length / 5 + 1);
  self->sentences = g_array_new (FALSE, FALSE, sizeof (SitmapSentence));

  while (cursor.pos < length)
    {
      gunichar c = peek (&cursor, 0);
      SitmapToken token = { 0 };

      if (c == '\n')
        {
          guint newlines = 0;

          close_sentence (self, &sentence, self->tokens->len ? g_array_index (self->tokens, SitmapToken, self->tokens->len - 1).end : 0);
          while (cursor.pos < length && g_unichar_isspace (peek (&cursor, 0)))
            {
              if (peek (&cursor, 0) == '\n')
                newlines++;
              advance (&cursor);
            }
          if (newlines > 1)
            sentence.paragraph++;
          space_before = TRUE;
          hyphen_before = FALSE;
          want_start = TRUE;
          continue;
        }
      if (g_unichar_isspace (c) || c == 0)
        {
          advance (&cursor);
          space_before = TRUE;
          hyphen_before = FALSE;
          continue;
        }

      token.start = cursor.pos;
      token.cp_start = cursor.cp;
      if (is_hyphen (c) && !space_before && self->tokens->len > 0 &&
          (is_letter (peek (&cursor, 1)) || is_digit (peek (&cursor, 1))) &&
          g_array_index (self->tokens, SitmapToken, self->tokens->len - 1).kind != SITMAP_TOKEN_PUNCT)
        {
          advance (&cursor);
          hyphen_before = TRUE;
          continue;
        }

      if (is_letter (c))
        scan_word (&cursor, &token);
      else if (is_digit (c))
        scan_number (&cursor, &token);
      else
        {
          token.kind = SITMAP_TOKEN_PUNCT;
          advance (&cursor);
          token.end = cursor.pos;
          token.cp_end = cursor.cp;
        }

      if (space_before)
        token.flags |= SITMAP_TOKEN_SPACE_BEFORE;
      if (hyphen_before)
        token.flags |= SITMAP_TOKEN_HYPHEN_BEFORE;
      if (token.kind == SITMAP_TOKEN_WORD)
        {
          gunichar first = g_utf8_get_char (text + token.start);
          gboolean all_caps = token.cp_end - token.cp_start >= 2;

          if (g_unichar_isupper (first) || g_unichar_istitle (first))
            token.flags |= SITMAP_TOKEN_CAPITALISED;
          for (const char *p = text + token.start; p < text + token.end && all_caps; p = g_utf8_next_char (p))
            {
              gunichar l = g_utf8_get_char (p);

              if (is_letter (l) && !g_unichar_isupper (l))
                all_caps = FALSE;
            }
          if (all_caps)
            token.flags |= SITMAP_TOKEN_ALL_CAPS;
        }
      if (want_start && token.kind != SITMAP_TOKEN_PUNCT)
        {
          token.flags |= SITMAP_TOKEN_SENTENCE_START;
          want_start = FALSE;
        }
      if (sentence.start == G_MAXUINT)
        sentence.start = token.start;
      token.sentence = self->sentences->len;
      g_array_append_val (self->tokens, token);
      space_before = FALSE;
      hyphen_before = FALSE;

      if (token.kind == SITMAP_TOKEN_PUNCT && (c == '.' || c == '!' || c == '?' || c == 0x2026) &&
          ends_sentence (&cursor))
        {
          /* The closing quotes belong to the sentence they close. */
          while (is_closing (peek (&cursor, 0)))
            {
              SitmapToken quote = { SITMAP_TOKEN_PUNCT, 0, cursor.pos, 0, cursor.cp, 0, token.sentence, 0 };

              advance (&cursor);
              quote.end = cursor.pos;
              quote.cp_end = cursor.cp;
              g_array_append_val (self->tokens, quote);
            }
          close_sentence (self, &sentence, cursor.pos);
          want_start = TRUE;
        }
    }
  close_sentence (self, &sentence, self->tokens->len ? g_array_index (self->tokens, SitmapToken, self->tokens->len - 1).end : 0);

  return self;
}

void
sitmap_tokens_free (SitmapTokens *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->tokens);
  g_array_unref (self->sentences);
  g_free (self);
}

char *
sitmap_tokens_dup (const SitmapTokens *self,
                   guint               index)
{
  const SitmapToken *token = sitmap_tokens_get (self, index);

  return g_strndup (self->text + token->start, token->end - token->start);
}

gboolean
sitmap_tokens_is (const SitmapTokens *self,
                  guint               index,
                  const char         *word)
{
  const SitmapToken *token;
  gsize n = strlen (word);
  gsize len;

  if (index >= self->tokens->len)
    return FALSE;
  token = sitmap_tokens_get (self, index);
  len = token->end - token->start;
  if (token->flags & SITMAP_TOKEN_DOTTED && word[n - 1] != '.')
    len--;
  return len == n && g_ascii_strncasecmp (self->text + token->start, word, n) == 0;
}

gboolean
sitmap_tokens_is_any (const SitmapTokens *self,
                      guint               index,
                      const char * const *words)
{
  for (guint i = 0; words[i]; i++)
    if (sitmap_tokens_is (self, index, words[i]))
      return TRUE;
  return FALSE;
}

gboolean
sitmap_tokens_is_punct (const SitmapTokens *self,
                        guint               index,
                        gunichar            c)
{
  const SitmapToken *token;

  if (index >= self->tokens->len)
    return FALSE;
  token = sitmap_tokens_get (self, index);
  return token->kind == SITMAP_TOKEN_PUNCT && g_utf8_get_char (self->text + token->start) == c;
}

const SitmapSentence *
sitmap_tokens_get_sentence (const SitmapTokens *self,
                            guint               index)
{
  g_assert (index < self->sentences->len);
  return &g_array_index (self->sentences, SitmapSentence, index);
}

guint
sitmap_tokens_cp_at (const SitmapTokens *self,
                     guint               byte_offset)
{
  guint lo = 0, hi = self->tokens->len;

  /* From the nearest token that starts at or before the offset. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (sitmap_tokens_get (self, mid)->start <= byte_offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return g_utf8_strlen (self->text, byte_offset);
  {
    const SitmapToken *token = sitmap_tokens_get (self, lo - 1);

    return token->cp_start + g_utf8_strlen (self->text + token->start, byte_offset - token->start);
  }
}
