/* sitmap-json-guard.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "sitmap-json-guard.h"
#include "sitmap-number.h"

G_DEFINE_QUARK (sitmap-json-guard-error-quark, sitmap_json_guard_error)

/* Where in the text a problem is, for messages: 1-based line and
 * character column. */
char *
sitmap_json_text_position (const char *data,
                           gsize       offset)
{
  guint line = 1;
  gsize line_start = 0;

  for (gsize i = 0; i < offset; i++)
    if (data[i] == '\n')
      {
        line++;
        line_start = i + 1;
      }

  return g_strdup_printf ("line %u, column %ld", line,
                          g_utf8_strlen (data + line_start, offset - line_start) + 1);
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static gboolean
is_delimiter (const char *data,
              gsize       length,
              gsize       i)
{
  return i >= length || is_space (data[i]) || data[i] == ',' || data[i] == ':' ||
         data[i] == ']' || data[i] == '}';
}

static gboolean
syntax_error (GError    **error,
              const char *data,
              gsize       offset,
              const char *problem)
{
  g_autofree char *position = sitmap_json_text_position (data, offset);

  g_set_error (error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_SYNTAX,
               "invalid JSON at %s: %s", position, problem);
  return FALSE;
}

static gboolean
scan_hex4 (const char *data,
           gsize       length,
           gsize       i,
           gunichar   *out)
{
  *out = 0;
  if (i + 4 > length)
    return FALSE;
  for (gsize k = i; k < i + 4; k++)
    {
      if (!g_ascii_isxdigit (data[k]))
        return FALSE;
      *out = *out * 16 + g_ascii_xdigit_value (data[k]);
    }
  return TRUE;
}

/* json-glib 1.6 parses recursively and frees its trees recursively, so a
 * file of a few hundred thousand '[' would exhaust the stack before we saw
 * a single node.  This pass tokenises the raw text first and bounds the
 * nesting.  Being strict RFC 8259, it also rejects what json-glib quietly
 * accepts but would read wrongly: single quotes, comments, hexadecimal
 * and overflowing integers (read as garbage), "\u0000" (cuts the string)
 * and text after the end of the document. */
gboolean
sitmap_json_guard_check (const char  *data,
                         gsize        length,
                         guint        max_depth,
                         guint        max_values,
                         GError     **error)
{
  guint depth = 0;
  guint n_values = 0;
  gboolean seen_root = FALSE;
  gboolean root_done = FALSE;
  gsize i = 0;

  for (;;)
    {
      gsize start;
      char c;

      while (i < length && is_space (data[i]))
        i++;
      if (i >= length)
        break;

      start = i;
      c = data[i];
      if (root_done)
        return syntax_error (error, data, i, "unexpected text after the end of the JSON data");
      seen_root = TRUE;

      if (c != ',' && c != ':' && c != '}' && c != ']' && ++n_values > max_values)
        {
          g_autofree char *limit = sitmap_number_format (max_values);

          g_set_error (error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_TOO_LARGE,
                       "the file holds more than %s JSON values", limit);
          return FALSE;
        }

      if (c == '{' || c == '[')
        {
          if (++depth > max_depth)
            {
              g_autofree char *position = sitmap_json_text_position (data, i);

              g_set_error (error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_TOO_LARGE,
                           "the JSON data is nested more than %u levels deep (at %s)",
                           max_depth, position);
              return FALSE;
            }
          i++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return syntax_error (error, data, i, c == '}' ? "unexpected “}”" : "unexpected “]”");
          if (--depth == 0)
            root_done = TRUE;
          i++;
        }
      else if (c == ',' || c == ':')
        {
          /* The grammar is json-glib's job; only the document level is
           * checked here. */
          if (depth == 0)
            return syntax_error (error, data, i, c == ',' ? "unexpected “,”" : "unexpected “:”");
          i++;
        }
      else if (c == '"')
        {
          for (i++; ; )
            {
              guchar b;

              if (i >= length)
                return syntax_error (error, data, start, "a string is not closed");
              b = data[i];
              if (b == '"')
                {
                  i++;
                  break;
                }
              if (b < 0x20)
                return syntax_error (error, data, i,
                                          "a string contains a line break or another control "
                                          "character; write it as \\n or \\t");
              if (b != '\\')
                {
                  i++;
                  continue;
                }

              if (i + 1 >= length)
                return syntax_error (error, data, start, "a string is not closed");
              if (data[i + 1] != '\0' && strchr ("\"\\/bfnrt", data[i + 1]) != NULL)
                {
                  i += 2;
                  continue;
                }
              if (data[i + 1] == 'u')
                {
                  gunichar u, low;

                  if (!scan_hex4 (data, length, i + 2, &u))
                    return syntax_error (error, data, i, "“\\u” must be followed by four hexadecimal digits");
                  if (u == 0)
                    return syntax_error (error, data, i, "a string contains \\u0000");
                  if (u >= 0xDC00 && u <= 0xDFFF)
                    return syntax_error (error, data, i, "a string contains half of a surrogate pair");
                  if (u >= 0xD800 && u <= 0xDBFF)
                    {
                      if (i + 7 >= length || data[i + 6] != '\\' || data[i + 7] != 'u' ||
                          !scan_hex4 (data, length, i + 8, &low) || low < 0xDC00 || low > 0xDFFF)
                        return syntax_error (error, data, i, "a string contains half of a surrogate pair");
                      i += 6;
                    }
                  i += 6;
                  continue;
                }
              return syntax_error (error, data, i, "a string contains an invalid escape sequence");
            }
          if (depth == 0)
            root_done = TRUE;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize int_digits = 0;
          gboolean plain_integer = TRUE;

          if (c == '-')
            i++;
          if (i < length && data[i] == '0')
            {
              i++;
              int_digits = 1;
            }
          else
            while (i < length && g_ascii_isdigit (data[i]))
              {
                i++;
                int_digits++;
              }
          if (int_digits == 0)
            return syntax_error (error, data, start, "invalid number");
          if (i < length && data[i] == '.')
            {
              gsize frac_start = ++i;

              plain_integer = FALSE;
              while (i < length && g_ascii_isdigit (data[i]))
                i++;
              if (i == frac_start)
                return syntax_error (error, data, start, "invalid number");
            }
          if (i < length && (data[i] == 'e' || data[i] == 'E'))
            {
              gsize exp_start;

              plain_integer = FALSE;
              i++;
              if (i < length && (data[i] == '+' || data[i] == '-'))
                i++;
              exp_start = i;
              while (i < length && g_ascii_isdigit (data[i]))
                i++;
              if (i == exp_start)
                return syntax_error (error, data, start, "invalid number");
            }
          if (!is_delimiter (data, length, i))
            return syntax_error (error, data, start, "invalid number");
          /* json-glib reads integers as 64-bit and wraps silently; 18
           * digits always fit. */
          if (plain_integer && int_digits > 18)
            return syntax_error (error, data, start, "an integer is too large");
          if (depth == 0)
            root_done = TRUE;
        }
      else if (g_ascii_isalpha (c))
        {
          gsize word_length;

          while (i < length && g_ascii_isalnum (data[i]))
            i++;
          word_length = i - start;
          if (!((word_length == 4 && memcmp (data + start, "true", 4) == 0) ||
                (word_length == 5 && memcmp (data + start, "false", 5) == 0) ||
                (word_length == 4 && memcmp (data + start, "null", 4) == 0)) ||
              !is_delimiter (data, length, i))
            {
              g_autofree char *word = g_strndup (data + start, MIN (word_length, 20));
              g_autofree char *problem = g_strdup_printf ("unexpected word “%s”", word);

              return syntax_error (error, data, start, problem);
            }
          if (depth == 0)
            root_done = TRUE;
        }
      else if (c == '\'')
        return syntax_error (error, data, i, "single quotes are not JSON; use double quotes");
      else if (c == '/' || c == '#')
        return syntax_error (error, data, i, "comments are not allowed in JSON");
      else
        {
          g_autofree char *problem = NULL;
          gunichar u = g_utf8_get_char (data + i);

          if (g_unichar_isgraph (u))
            problem = g_strdup_printf ("unexpected character “%.*s”",
                                       (int)(g_utf8_next_char (data + i) - (data + i)), data + i);
          else
            problem = g_strdup_printf ("unexpected character U+%04X", u);
          return syntax_error (error, data, i, problem);
        }
    }

  if (!seen_root)
    {
      g_set_error_literal (error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_SYNTAX, "the file is empty");
      return FALSE;
    }
  if (depth > 0)
    {
      g_set_error_literal (error, SITMAP_JSON_GUARD_ERROR, SITMAP_JSON_GUARD_ERROR_SYNTAX,
                           "invalid JSON: the data ends before every “{” and “[” is closed "
                           "(is the file cut short?)");
      return FALSE;
    }
  return TRUE;
}
