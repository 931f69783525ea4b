/* sitmap-tokens.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SITMAP_TOKEN_WORD,
  SITMAP_TOKEN_NUMBER,   /* digits, with thousands separators or a decimal point */
  SITMAP_TOKEN_PUNCT,    /* one character that is neither */
} SitmapTokenKind;

typedef enum
{
  SITMAP_TOKEN_CAPITALISED    = 1 << 0, /* first letter upper case */
  SITMAP_TOKEN_ALL_CAPS       = 1 << 1, /* two letters or more, all upper case */
  SITMAP_TOKEN_SENTENCE_START = 1 << 2, /* first word of its sentence, past quotes */
  SITMAP_TOKEN_POSSESSIVE     = 1 << 3, /* "Kyiv’s", "Ukrainians’": the ’s is not in the token */
  SITMAP_TOKEN_HYPHEN_BEFORE  = 1 << 4, /* joined to the previous token by a hyphen */
  SITMAP_TOKEN_SPACE_BEFORE   = 1 << 5, /* white space between it and the previous token */
  SITMAP_TOKEN_DOTTED         = 1 << 6, /* "U.S.", "Mr.": ends in its full stop */
} SitmapTokenFlags;

typedef struct
{
  SitmapTokenKind  kind;
  SitmapTokenFlags flags;
  guint            start, end;        /* bytes, end exclusive */
  guint            cp_start, cp_end;  /* Unicode code points, end exclusive */
  guint            sentence;          /* index into the sentences */
  double           number;            /* SITMAP_TOKEN_NUMBER only */
} SitmapToken;

/* A sentence, or a run of text between paragraph breaks that no full stop
 * ends: bytes of the text, without the white space around it. */
typedef struct
{
  guint start, end;
  guint paragraph;
  guint first_token, n_tokens;
} SitmapSentence;

/* The words, numbers and punctuation of a text, split into sentences.
 * The text is borrowed and must be valid UTF-8. */
typedef struct
{
  const char *text;
  gsize       length;
  GArray     *tokens;     /* SitmapToken */
  GArray     *sentences;  /* SitmapSentence */
} SitmapTokens;

SitmapTokens *sitmap_tokens_new          (const char         *text,
                                          gsize               length);
void          sitmap_tokens_free         (SitmapTokens       *self);

static inline const SitmapToken *
sitmap_tokens_get (const SitmapTokens *self,
                   guint               index)
{
  return &g_array_index (self->tokens, SitmapToken, index);
}

static inline guint
sitmap_tokens_len (const SitmapTokens *self)
{
  return self->tokens->len;
}

/* The token's text, newly allocated, with any final full stop of a dotted
 * token kept ("U.S."). */
char         *sitmap_tokens_dup          (const SitmapTokens *self,
                                          guint               index);
/* TRUE when the token is the word, ignoring case (ASCII words only). */
gboolean      sitmap_tokens_is           (const SitmapTokens *self,
                                          guint               index,
                                          const char         *word);
/* TRUE when the token is one of the NULL-terminated words, ignoring case. */
gboolean      sitmap_tokens_is_any       (const SitmapTokens *self,
                                          guint               index,
                                          const char * const *words);
/* TRUE when the token is a single punctuation character c. */
gboolean      sitmap_tokens_is_punct     (const SitmapTokens *self,
                                          guint               index,
                                          gunichar            c);
const SitmapSentence *
              sitmap_tokens_get_sentence (const SitmapTokens *self,
                                          guint               index);
/* Code point offset of a byte offset. */
guint         sitmap_tokens_cp_at        (const SitmapTokens *self,
                                          guint               byte_offset);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapTokens, sitmap_tokens_free)

G_END_DECLS
