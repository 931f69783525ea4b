/* sitmap-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-story.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

G_DEFINE_QUARK (sitmap-story-error-quark, sitmap_story_error)

#define FORMAT_PREFIX        "sitmap-story/"
#define FORMAT_MAJOR         1

/* Limits against hostile or broken files.  A real story is a few dozen
 * kilobytes, its article a few dozen more. */
#define MAX_STORY_BYTES      (32 * 1024 * 1024)
/* Every excerpt is searched for in the article, so the article's size
 * bounds the cost of each search. */
#define MAX_ARTICLE_BYTES    (2 * 1024 * 1024)
#define MAX_FEATURES         10000
#define MAX_EXCERPTS         20000
#define MAX_DEPTH            64
/* json-glib spends about 100 bytes and a signal emission on each value:
 * 32 MiB of "[0,0]," would take 1.7 GB and some 15 s to parse. */
#define MAX_JSON_VALUES      1000000
#define MAX_NAME_CHARS       200
#define MAX_NOTE_CHARS       2000
#define MAX_EXCERPT_CHARS    5000

/* How much of a quoted excerpt or value an error message shows. */
#define QUOTE_CHARS          60

/* Candidate lines across an area when its centroid falls outside it. */
#define ANCHOR_SCANLINES     16

static const char * const kind_names[] = {
  [SITMAP_STORY_KIND_CAPITAL] = "capital",
  [SITMAP_STORY_KIND_CITY] = "city",
  [SITMAP_STORY_KIND_VENUE] = "venue",
  [SITMAP_STORY_KIND_FORCE] = "force",
  [SITMAP_STORY_KIND_EVENT] = "event",
  [SITMAP_STORY_KIND_AREA] = "area",
  [SITMAP_STORY_KIND_OCCUPIED] = "occupied",
  [SITMAP_STORY_KIND_MOVEMENT] = "movement",
  [SITMAP_STORY_KIND_BORDER] = "border",
};

static const char * const echelons[] = {
  "team", "squad", "section", "platoon", "company", "battalion", "regiment",
  "brigade", "division", "corps", "army", "army-group",
};

static const char * const qualifiers[] = {
  "exactly", "about", "roughly", "more than", "fewer than", "at least",
  "up to", "another",
};

struct _SitmapStory
{
  GObject     parent_instance;

  char       *path;
  char       *display_name;

  char       *title;
  char       *subtitle;
  char       *publication;
  char       *byline;
  char       *date;
  char       *convention;
  char       *credit;
  char       *article;
  gboolean    has_extent;
  double      extent[4];

  GArray     *features;   /* SitmapStoryFeature */
  GHashTable *ids;        /* id (owned by the feature) → index + 1 */
};

G_DEFINE_FINAL_TYPE (SitmapStory, sitmap_story, G_TYPE_OBJECT)

static void
figure_clear (gpointer data)
{
  SitmapFigure *figure = data;

  g_clear_pointer (&figure->unit, g_free);
  g_clear_pointer (&figure->qualifier, g_free);
  g_clear_pointer (&figure->note, g_free);
  g_clear_pointer (&figure->source, g_free);
}

static void
feature_clear (gpointer data)
{
  SitmapStoryFeature *feature = data;

  g_clear_pointer (&feature->id, g_free);
  g_clear_pointer (&feature->name, g_free);
  g_clear_pointer (&feature->label, g_free);
  g_clear_pointer (&feature->side, g_free);
  g_clear_pointer (&feature->echelon, g_free);
  g_clear_pointer (&feature->dates, g_strfreev);
  g_clear_pointer (&feature->note, g_free);
  g_clear_pointer (&feature->callout_title, g_free);
  g_clear_pointer (&feature->figures, g_array_unref);
  g_clear_pointer (&feature->excerpts, g_strfreev);
  g_clear_pointer (&feature->excerpt_ranges, g_array_unref);
  g_clear_pointer (&feature->part_start, g_free);
  g_clear_pointer (&feature->lonlat, g_free);
  g_clear_pointer (&feature->regions_layer, g_free);
  g_clear_pointer (&feature->regions_field, g_free);
  g_clear_pointer (&feature->regions_values, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SitmapFigure, figure_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SitmapStoryFeature, feature_clear)

static void
sitmap_story_finalize (GObject *object)
{
  SitmapStory *self = (SitmapStory *)object;

  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->features, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->publication, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->convention, g_free);
  g_clear_pointer (&self->credit, g_free);
  g_clear_pointer (&self->article, g_free);

  G_OBJECT_CLASS (sitmap_story_parent_class)->finalize (object);
}

static void
sitmap_story_class_init (SitmapStoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_story_finalize;
}

static void
sitmap_story_init (SitmapStory *self)
{
  self->features = g_array_new (FALSE, TRUE, sizeof (SitmapStoryFeature));
  g_array_set_clear_func (self->features, feature_clear);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- Messages ----------------------------------------------------------- */

/* Error messages are one line whatever the file holds: ids, excerpts and
 * file names may contain line breaks. */
static char *
one_line (const char *text)
{
  /* json-glib quotes the input in its messages and may cut it inside a
   * character: walking invalid UTF-8 by lead bytes could step past the
   * end. */
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Text for the map and the sidebar is one line of printable characters:
 * line and paragraph breaks and tabs become spaces, other control
 * characters (C0, DEL, C1) go.  Markup and right-to-left text stay as they
 * are; they are shown literally. */
static char *
clean_display_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        continue;
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The start of a long text for a message, with "…" when it was cut. */
static char *
shorten (const char *text,
         glong       max_chars)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, max_chars);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  return g_strdup_printf ("%.*s…", (int)(end - text), text);
}

/* Numbers as a reader writes them: 100,000 and 2.5, never 2.50000 or
 * 1e+05 (within reason). */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *digits;
  gsize n_digits = 0;

  if (value == 0)
    value = 0; /* no "-0" */

  if (fabs (value) < 1e21 && value == floor (value))
    g_ascii_formatd (buffer, sizeof buffer, "%.0f", value);
  else
    {
      /* The shortest form that reads back as the same number. */
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
    }

  if (strchr (buffer, 'e') != NULL || strchr (buffer, 'n') != NULL)
    {
      g_string_append (out, buffer);
      return;
    }

  digits = buffer;
  if (*digits == '-')
    g_string_append_c (out, *digits++);
  while (g_ascii_isdigit (digits[n_digits]))
    n_digits++;
  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n_digits);
}

static char *
format_number (double value)
{
  GString *out = g_string_new (NULL);

  append_number (out, value);
  return g_string_free (out, FALSE);
}

typedef struct
{
  const char        *file;     /* display name, one line */
  const char        *feature;  /* id of the feature being read, or NULL */
  const char        *where;    /* a part of it ("callout figure 2"), or NULL */
  SitmapStoryError   code;     /* for invalid content at this point */
  GError           **error;
} Ctx;

static gboolean
ctx_failv (Ctx              *ctx,
           SitmapStoryError  code,
           const char       *format,
           va_list           args) G_GNUC_PRINTF (3, 0);

static gboolean
ctx_failv (Ctx              *ctx,
           SitmapStoryError  code,
           const char       *format,
           va_list           args)
{
  g_autoptr(GString) message = g_string_new (ctx->file);
  g_autofree char *problem = g_strdup_vprintf (format, args);
  g_autofree char *flat = NULL;

  g_string_append (message, ": ");
  if (ctx->feature != NULL)
    {
      g_autofree char *id = shorten (ctx->feature, QUOTE_CHARS);

      g_string_append_printf (message, "feature “%s”: ", id);
    }
  if (ctx->where != NULL)
    g_string_append_printf (message, "%s: ", ctx->where);
  g_string_append (message, problem);

  flat = one_line (message->str);
  g_set_error_literal (ctx->error, SITMAP_STORY_ERROR, code, flat);
  return FALSE;
}

static gboolean ctx_fail (Ctx              *ctx,
                          SitmapStoryError  code,
                          const char       *format,
                          ...) G_GNUC_PRINTF (3, 4);

static gboolean
ctx_fail (Ctx              *ctx,
          SitmapStoryError  code,
          const char       *format,
          ...)
{
  va_list args;

  va_start (args, format);
  ctx_failv (ctx, code, format, args);
  va_end (args);
  return FALSE;
}

/* The content is wrong: INVALID_STORY or INVALID_FEATURE by context. */
static gboolean invalid (Ctx        *ctx,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (Ctx        *ctx,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  ctx_failv (ctx, ctx->code, format, args);
  va_end (args);
  return FALSE;
}

static gboolean
too_long (Ctx        *ctx,
          const char *what,
          guint       max_chars)
{
  g_autofree char *limit = format_number (max_chars);

  return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                   "%s is longer than %s characters", what, limit);
}

/* ---- The raw JSON text -------------------------------------------------- */

/* Where in the text a problem is, for messages: 1-based line and
 * character column. */
static char *
text_position (const char *data,
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
json_syntax_error (Ctx        *ctx,
                   const char *data,
                   gsize       offset,
                   const char *problem)
{
  g_autofree char *position = text_position (data, offset);

  return ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON, "invalid JSON at %s: %s",
                   position, problem);
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
static gboolean
check_json_text (Ctx        *ctx,
                 const char *data,
                 gsize       length)
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
        return json_syntax_error (ctx, data, i, "unexpected text after the end of the JSON data");
      seen_root = TRUE;

      if (c != ',' && c != ':' && c != '}' && c != ']' && ++n_values > MAX_JSON_VALUES)
        {
          g_autofree char *limit = format_number (MAX_JSON_VALUES);

          return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                           "the file holds more than %s JSON values", limit);
        }

      if (c == '{' || c == '[')
        {
          if (++depth > MAX_DEPTH)
            {
              g_autofree char *position = text_position (data, i);

              return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                               "the JSON data is nested more than %d levels deep (at %s)",
                               MAX_DEPTH, position);
            }
          i++;
        }
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return json_syntax_error (ctx, data, i, c == '}' ? "unexpected “}”" : "unexpected “]”");
          if (--depth == 0)
            root_done = TRUE;
          i++;
        }
      else if (c == ',' || c == ':')
        {
          /* The grammar is json-glib's job; only the document level is
           * checked here. */
          if (depth == 0)
            return json_syntax_error (ctx, data, i, c == ',' ? "unexpected “,”" : "unexpected “:”");
          i++;
        }
      else if (c == '"')
        {
          for (i++; ; )
            {
              guchar b;

              if (i >= length)
                return json_syntax_error (ctx, data, start, "a string is not closed");
              b = data[i];
              if (b == '"')
                {
                  i++;
                  break;
                }
              if (b < 0x20)
                return json_syntax_error (ctx, data, i,
                                          "a string contains a line break or another control "
                                          "character; write it as \\n or \\t");
              if (b != '\\')
                {
                  i++;
                  continue;
                }

              if (i + 1 >= length)
                return json_syntax_error (ctx, data, start, "a string is not closed");
              if (data[i + 1] != '\0' && strchr ("\"\\/bfnrt", data[i + 1]) != NULL)
                {
                  i += 2;
                  continue;
                }
              if (data[i + 1] == 'u')
                {
                  gunichar u, low;

                  if (!scan_hex4 (data, length, i + 2, &u))
                    return json_syntax_error (ctx, data, i, "“\\u” must be followed by four hexadecimal digits");
                  if (u == 0)
                    return json_syntax_error (ctx, data, i, "a string contains \\u0000");
                  if (u >= 0xDC00 && u <= 0xDFFF)
                    return json_syntax_error (ctx, data, i, "a string contains half of a surrogate pair");
                  if (u >= 0xD800 && u <= 0xDBFF)
                    {
                      if (i + 7 >= length || data[i + 6] != '\\' || data[i + 7] != 'u' ||
                          !scan_hex4 (data, length, i + 8, &low) || low < 0xDC00 || low > 0xDFFF)
                        return json_syntax_error (ctx, data, i, "a string contains half of a surrogate pair");
                      i += 6;
                    }
                  i += 6;
                  continue;
                }
              return json_syntax_error (ctx, data, i, "a string contains an invalid escape sequence");
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
            return json_syntax_error (ctx, data, start, "invalid number");
          if (i < length && data[i] == '.')
            {
              gsize frac_start = ++i;

              plain_integer = FALSE;
              while (i < length && g_ascii_isdigit (data[i]))
                i++;
              if (i == frac_start)
                return json_syntax_error (ctx, data, start, "invalid number");
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
                return json_syntax_error (ctx, data, start, "invalid number");
            }
          if (!is_delimiter (data, length, i))
            return json_syntax_error (ctx, data, start, "invalid number");
          /* json-glib reads integers as 64-bit and wraps silently; 18
           * digits always fit. */
          if (plain_integer && int_digits > 18)
            return json_syntax_error (ctx, data, start, "an integer is too large");
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

              return json_syntax_error (ctx, data, start, problem);
            }
          if (depth == 0)
            root_done = TRUE;
        }
      else if (c == '\'')
        return json_syntax_error (ctx, data, i, "single quotes are not JSON; use double quotes");
      else if (c == '/' || c == '#')
        return json_syntax_error (ctx, data, i, "comments are not allowed in JSON");
      else
        {
          g_autofree char *problem = NULL;
          gunichar u = g_utf8_get_char (data + i);

          if (g_unichar_isgraph (u))
            problem = g_strdup_printf ("unexpected character “%.*s”",
                                       (int)(g_utf8_next_char (data + i) - (data + i)), data + i);
          else
            problem = g_strdup_printf ("unexpected character U+%04X", u);
          return json_syntax_error (ctx, data, i, problem);
        }
    }

  if (!seen_root)
    return ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON, "the file is empty");
  if (depth > 0)
    return ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON,
                     "invalid JSON: the data ends before every “{” and “[” is closed "
                     "(is the file cut short?)");
  return TRUE;
}

/* json-glib says "<data>:3:14: Parse error: unexpected …"; say it the way
 * our own messages do. */
static gboolean
json_parser_failed (Ctx          *ctx,
                    const GError *parse_error)
{
  const char *text = parse_error->message;
  guint line, column;
  int consumed = 0;

  if (g_str_has_prefix (text, "<data>:"))
    text += strlen ("<data>:");
  if (sscanf (text, "%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      text += consumed;
      if (g_str_has_prefix (text, "Parse error: "))
        text += strlen ("Parse error: ");
      return ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON,
                       "invalid JSON at line %u, column %u: %s", line, column, text);
    }
  return ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON, "invalid JSON: %s", text);
}

/* ---- Reading values ----------------------------------------------------- */

/* A member, with JSON null taken as absent: QGIS writes null for every
 * empty attribute. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static double
number_value (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double)json_node_get_int (node);
  return json_node_get_double (node);
}

/* A string member: absent is fine unless required, anything else but a
 * string is not, and neither is more than max_chars characters. */
static gboolean
read_string (Ctx         *ctx,
             JsonObject  *object,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             char       **out)
{
  JsonNode *node = get_member (object, name);
  g_autofree char *text = NULL;

  g_assert (*out == NULL);

  if (node == NULL)
    return required ? invalid (ctx, "“%s” is missing", name) : TRUE;
  if (!is_string (node))
    return invalid (ctx, "“%s” must be a string", name);

  text = clean_display_text (json_node_get_string (node));
  if (required && *text == '\0')
    return invalid (ctx, "“%s” is empty", name);
  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    {
      g_autofree char *what = g_strdup_printf ("“%s”", name);

      return too_long (ctx, what, max_chars);
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* One of a fixed list of words; returns its index or -1 after setting the
 * error. */
static int
read_choice (Ctx                *ctx,
             JsonObject         *object,
             const char         *name,
             gboolean            required,
             const char * const *choices,
             guint               n_choices)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  if (!read_string (ctx, object, name, required, MAX_NAME_CHARS, &text))
    return -1;
  if (text == NULL)
    return (int)n_choices;

  for (guint i = 0; i < n_choices; i++)
    if (strcmp (text, choices[i]) == 0)
      return (int)i;

  for (guint i = 0; i < n_choices; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", choices[i]);
  shown = shorten (text, QUOTE_CHARS);
  invalid (ctx, "“%s” must be one of %s, not “%s”", name, list->str, shown);
  return -1;
}

static gboolean
is_iso_date (const char *text,
             gboolean   *real)
{
  guint year, month, day;

  *real = FALSE;
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  *real = g_date_valid_dmy (day, month, year);
  return TRUE;
}

static gboolean
check_date (Ctx        *ctx,
            const char *name,
            const char *text)
{
  g_autofree char *shown = shorten (text, QUOTE_CHARS);
  gboolean real;

  if (!is_iso_date (text, &real))
    return invalid (ctx, "“%s”: “%s” is not a date like 2022-01-14", name, shown);
  if (!real)
    return invalid (ctx, "“%s”: %s is not a real date", name, shown);
  return TRUE;
}

/* ---- Geometry ----------------------------------------------------------- */

static double
wrap180 (double degrees)
{
  degrees = fmod (degrees + 180.0, 360.0);
  if (degrees < 0)
    degrees += 360.0;
  return degrees - 180.0;
}

typedef struct
{
  GArray *lonlat;      /* double */
  GArray *part_start;  /* guint */
} GeometryBuilder;

static void
builder_end_part (GeometryBuilder *builder)
{
  guint n = builder->lonlat->len / 2;

  g_array_append_val (builder->part_start, n);
}

static char *
describe_position (const char *part,
                   guint       number)
{
  if (number == 0)
    return g_strdup ("the point");
  if (part == NULL)
    return g_strdup_printf ("position %u", number);
  return g_strdup_printf ("position %u of %s", number, part);
}

/* One position.  part names the ring or line it belongs to ("ring 2 of
 * polygon 3"), or is NULL; number is its 1-based place there, or 0 for a
 * Point's only position.  Big files hold millions of these, so the
 * description is only built for a message. */
static gboolean
read_position (Ctx             *ctx,
               JsonNode        *node,
               const char      *part,
               guint            number,
               GeometryBuilder *builder)
{
  g_autofree char *locus = NULL;
  g_autofree char *shown = NULL;
  JsonArray *array = NULL;
  guint n = 0;
  double pair[2];

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      n = json_array_get_length (array);
    }
  if (n < 2)
    {
      locus = describe_position (part, number);
      return invalid (ctx, "%s must be [longitude, latitude], two numbers", locus);
    }

  /* A third number (altitude) is allowed by RFC 7946 and ignored. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_number (element))
        {
          locus = describe_position (part, number);
          return invalid (ctx, "%s must be [longitude, latitude], two numbers, "
                          "not text or anything else", locus);
        }
      if (!isfinite (number_value (element)))
        {
          locus = describe_position (part, number);
          return invalid (ctx, "%s holds a number too large to be a coordinate", locus);
        }
      if (i < 2)
        pair[i] = number_value (element);
    }

  if (pair[0] < -180 || pair[0] > 180)
    {
      locus = describe_position (part, number);
      shown = format_number (pair[0]);
      return invalid (ctx, "longitude %s at %s is outside −180 to 180 "
                      "(coordinates are longitude first)", shown, locus);
    }
  if (pair[1] < -90 || pair[1] > 90)
    {
      locus = describe_position (part, number);
      shown = format_number (pair[1]);
      return invalid (ctx, "latitude %s at %s is outside −90 to 90 "
                      "(coordinates are longitude first)", shown, locus);
    }

  g_array_append_vals (builder->lonlat, pair, 2);
  return TRUE;
}

/* An array of positions, added as one part.  part is as for
 * read_position; what is "line" or "ring" for messages about the whole. */
static gboolean
read_positions (Ctx             *ctx,
                JsonNode        *node,
                const char      *part,
                gboolean         is_ring,
                GeometryBuilder *builder)
{
  const char *what = part != NULL ? part : (is_ring ? "the ring" : "the line");
  guint first = builder->lonlat->len;
  guint minimum = is_ring ? 4 : 2;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (ctx, "%s must be an array of positions", what);
  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    if (!read_position (ctx, json_array_get_element (array, i), part, i + 1, builder))
      return FALSE;

  if (n < minimum)
    return invalid (ctx, "%s has %u position%s; a %s needs at least %u%s",
                    what, n, n == 1 ? "" : "s", is_ring ? "ring" : "line", minimum,
                    is_ring ? " (the first repeated at the end)" : "");

  if (is_ring)
    {
      const double *lonlat = (const double *)(void *)builder->lonlat->data;
      guint last = builder->lonlat->len - 2;

      if (lonlat[first] != lonlat[last] || lonlat[first + 1] != lonlat[last + 1])
        return invalid (ctx, "%s is not closed: its last position must repeat its first", what);
    }

  builder_end_part (builder);
  return TRUE;
}

/* The rings of one polygon; polygon is its 1-based place in a
 * MultiPolygon or 0. */
static gboolean
read_polygon (Ctx             *ctx,
              JsonNode        *node,
              guint            polygon,
              GeometryBuilder *builder)
{
  g_autofree char *what = polygon ? g_strdup_printf ("polygon %u", polygon) : g_strdup ("the polygon");
  JsonArray *rings;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (ctx, "%s must be an array of rings", what);
  rings = json_node_get_array (node);
  if (json_array_get_length (rings) == 0)
    return invalid (ctx, "%s has no rings", what);

  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      g_autofree char *part = polygon
        ? g_strdup_printf ("ring %u of polygon %u", r + 1, polygon)
        : g_strdup_printf ("ring %u", r + 1);

      if (!read_positions (ctx, json_array_get_element (rings, r), part, TRUE, builder))
        return FALSE;
    }

  return TRUE;
}

static double
segment_length (const double *a,
                const double *b)
{
  double dx = wrap180 (b[0] - a[0]) * cos ((a[1] + b[1]) / 2 * G_PI / 180);

  return hypot (dx, b[1] - a[1]);
}

/* The point halfway along the longest part, measured on a local
 * equirectangular plane (good enough to hang a label on). */
static void
line_anchor (SitmapStoryFeature *feature)
{
  guint longest = 0;
  double longest_length = -1, half, walked = 0;

  feature->anchor_lon = feature->anchor_lat = NAN;
  if (feature->n_parts == 0)
    return;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      double length = 0;

      for (guint i = feature->part_start[p]; i + 1 < feature->part_start[p + 1]; i++)
        length += segment_length (feature->lonlat + 2 * i, feature->lonlat + 2 * i + 2);
      if (length > longest_length)
        {
          longest_length = length;
          longest = p;
        }
    }

  feature->anchor_lon = feature->lonlat[2 * feature->part_start[longest]];
  feature->anchor_lat = feature->lonlat[2 * feature->part_start[longest] + 1];
  half = longest_length / 2;

  for (guint i = feature->part_start[longest]; i + 1 < feature->part_start[longest + 1]; i++)
    {
      const double *a = feature->lonlat + 2 * i;
      const double *b = a + 2;
      double step = segment_length (a, b);

      if (step > 0 && walked + step >= half)
        {
          double t = (half - walked) / step;

          feature->anchor_lon = wrap180 (a[0] + wrap180 (b[0] - a[0]) * t);
          feature->anchor_lat = a[1] + (b[1] - a[1]) * t;
          return;
        }
      walked += step;
    }
}

/* Rings in a continuous longitude frame: each ring is unwrapped along its
 * edges, then shifted by whole turns next to the largest ring, so areas
 * across ±180° (Chukotka, Fiji) get a sensible anchor. */
typedef struct
{
  guint         n_parts;
  const guint  *part_start;
  double       *xy;
  guint         largest;
} Rings;

static gboolean
ring_contains (const Rings *rings,
               guint        part,
               double       x,
               double       y)
{
  guint start = rings->part_start[part], end = rings->part_start[part + 1];
  gboolean inside = FALSE;

  for (guint i = start, j = end - 1; i < end; j = i++)
    {
      double xi = rings->xy[2 * i], yi = rings->xy[2 * i + 1];
      double xj = rings->xy[2 * j], yj = rings->xy[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }

  return inside;
}

/* Inside the largest ring and inside the area by the even-odd rule, so
 * not in a hole. */
static gboolean
rings_contain (const Rings *rings,
               double       x,
               double       y)
{
  gboolean inside = FALSE;

  if (!ring_contains (rings, rings->largest, x, y))
    return FALSE;
  for (guint p = 0; p < rings->n_parts; p++)
    if (ring_contains (rings, p, x, y))
      inside = !inside;
  return inside;
}

static double
distance_to_edges (const Rings *rings,
                   double       x,
                   double       y)
{
  double scale = cos (y * G_PI / 180);
  double best = G_MAXDOUBLE;

  for (guint p = 0; p < rings->n_parts; p++)
    {
      guint start = rings->part_start[p], end = rings->part_start[p + 1];

      for (guint i = start, j = end - 1; i < end; j = i++)
        {
          double ax = (rings->xy[2 * j] - x) * scale, ay = rings->xy[2 * j + 1] - y;
          double bx = (rings->xy[2 * i] - x) * scale, by = rings->xy[2 * i + 1] - y;
          double dx = bx - ax, dy = by - ay;
          double length2 = dx * dx + dy * dy;
          double t = length2 > 0 ? CLAMP (-(ax * dx + ay * dy) / length2, 0, 1) : 0;

          best = MIN (best, hypot (ax + t * dx, ay + t * dy));
        }
    }

  return best;
}

static gboolean
ring_centroid (const Rings *rings,
               guint        part,
               double      *cx,
               double      *cy)
{
  guint start = rings->part_start[part], end = rings->part_start[part + 1];
  double x0 = rings->xy[2 * start], y0 = rings->xy[2 * start + 1];
  double area2 = 0, sx = 0, sy = 0;

  /* Relative to the first vertex, for precision. */
  for (guint i = start, j = end - 1; i < end; j = i++)
    {
      double xj = rings->xy[2 * j] - x0, yj = rings->xy[2 * j + 1] - y0;
      double xi = rings->xy[2 * i] - x0, yi = rings->xy[2 * i + 1] - y0;
      double cross = xj * yi - xi * yj;

      area2 += cross;
      sx += (xj + xi) * cross;
      sy += (yj + yi) * cross;
    }

  if (fabs (area2) < 1e-12)
    return FALSE;
  *cx = x0 + sx / (3 * area2);
  *cy = y0 + sy / (3 * area2);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* A point inside the largest ring, not in a hole: the ring's centroid
 * when that is inside, else the point farthest from any edge among the
 * middles of the inside spans of a few horizontal lines across it. */
static void
polygon_anchor (SitmapStoryFeature *feature)
{
  g_autofree double *xy = NULL;
  g_autoptr(GArray) crossings = g_array_new (FALSE, FALSE, sizeof (double));
  Rings rings = { feature->n_parts, feature->part_start, NULL, 0 };
  guint n_points;
  double largest_area = -1, reference, y_min = G_MAXDOUBLE, y_max = -G_MAXDOUBLE;
  double cx, cy, best_x, best_y, best_distance = -1;

  feature->anchor_lon = feature->anchor_lat = NAN;
  if (feature->n_parts == 0)
    return;

  n_points = feature->part_start[feature->n_parts];
  xy = g_new (double, 2 * MAX (n_points, 1));
  rings.xy = xy;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      guint start = feature->part_start[p], end = feature->part_start[p + 1];
      double area2 = 0, mean_lat = 0;

      for (guint i = start; i < end; i++)
        {
          xy[2 * i] = i == start
            ? feature->lonlat[2 * i]
            : xy[2 * i - 2] + wrap180 (feature->lonlat[2 * i] - feature->lonlat[2 * i - 2]);
          xy[2 * i + 1] = feature->lonlat[2 * i + 1];
          mean_lat += xy[2 * i + 1];
        }
      if (end == start)
        continue;
      for (guint i = start, j = end - 1; i < end; j = i++)
        area2 += xy[2 * j] * xy[2 * i + 1] - xy[2 * i] * xy[2 * j + 1];
      mean_lat /= end - start;
      /* Compare areas as on the ground, not in degrees. */
      area2 = fabs (area2) * cos (mean_lat * G_PI / 180);
      if (area2 > largest_area)
        {
          largest_area = area2;
          rings.largest = p;
        }
    }

  if (feature->part_start[rings.largest + 1] == feature->part_start[rings.largest])
    return;

  reference = xy[2 * feature->part_start[rings.largest]];
  for (guint p = 0; p < feature->n_parts; p++)
    {
      guint start = feature->part_start[p], end = feature->part_start[p + 1];
      double shift;

      if (end == start)
        continue;
      shift = 360 * round ((reference - xy[2 * start]) / 360);
      for (guint i = start; i < end; i++)
        xy[2 * i] += shift;
    }

  best_x = xy[2 * feature->part_start[rings.largest]];
  best_y = xy[2 * feature->part_start[rings.largest] + 1];

  if (ring_centroid (&rings, rings.largest, &cx, &cy) && rings_contain (&rings, cx, cy))
    {
      best_x = cx;
      best_y = cy;
    }
  else
    {
      for (guint i = feature->part_start[rings.largest]; i < feature->part_start[rings.largest + 1]; i++)
        {
          y_min = MIN (y_min, xy[2 * i + 1]);
          y_max = MAX (y_max, xy[2 * i + 1]);
        }

      for (guint k = 0; k < ANCHOR_SCANLINES; k++)
        {
          double y = y_min + (y_max - y_min) * (k + 0.5) / ANCHOR_SCANLINES;

          g_array_set_size (crossings, 0);
          for (guint p = 0; p < rings.n_parts; p++)
            {
              guint start = rings.part_start[p], end = rings.part_start[p + 1];

              for (guint i = start, j = end - 1; i < end && end > start; j = i++)
                {
                  double xi = xy[2 * i], yi = xy[2 * i + 1];
                  double xj = xy[2 * j], yj = xy[2 * j + 1];

                  if ((yi > y) != (yj > y))
                    {
                      double x = xi + (y - yi) * (xj - xi) / (yj - yi);

                      g_array_append_val (crossings, x);
                    }
                }
            }

          g_array_sort (crossings, compare_doubles);
          for (guint c = 0; c + 1 < crossings->len; c += 2)
            {
              double x = (g_array_index (crossings, double, c) +
                          g_array_index (crossings, double, c + 1)) / 2;
              double distance;

              if (!rings_contain (&rings, x, y))
                continue;
              distance = distance_to_edges (&rings, x, y);
              if (distance > best_distance)
                {
                  best_distance = distance;
                  best_x = x;
                  best_y = y;
                }
            }
        }
    }

  feature->anchor_lon = wrap180 (best_x);
  feature->anchor_lat = best_y;
}

/* Where the marker, label and callout hang, from the geometry. */
static void
update_anchor (SitmapStoryFeature *feature)
{
  switch (feature->geometry_kind)
    {
    case SITMAP_GEOMETRY_POINTS:
      feature->anchor_lon = feature->n_parts ? feature->lonlat[0] : NAN;
      feature->anchor_lat = feature->n_parts ? feature->lonlat[1] : NAN;
      break;
    case SITMAP_GEOMETRY_LINES:
      line_anchor (feature);
      break;
    case SITMAP_GEOMETRY_POLYGONS:
    default:
      polygon_anchor (feature);
      break;
    }
}

static gboolean
read_geometry (Ctx                *ctx,
               JsonNode           *node,
               SitmapStoryFeature *feature)
{
  g_autoptr(GArray) lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  GeometryBuilder builder = { lonlat, part_start };
  g_autofree char *type = NULL;
  JsonObject *object;
  JsonNode *coordinates;
  JsonArray *array = NULL;
  guint zero = 0;

  g_assert (ctx->where == NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, "“geometry” must be a GeoJSON geometry object, or null for an area "
                    "given by “regions”");
  object = json_node_get_object (node);

  ctx->where = "“geometry”";
  if (!read_string (ctx, object, "type", TRUE, MAX_NAME_CHARS, &type))
    return FALSE;

  if (strcmp (type, "GeometryCollection") == 0)
    return invalid (ctx, "GeometryCollection is not supported; use one feature per geometry");
  if (strcmp (type, "Point") != 0 && strcmp (type, "MultiPoint") != 0 &&
      strcmp (type, "LineString") != 0 && strcmp (type, "MultiLineString") != 0 &&
      strcmp (type, "Polygon") != 0 && strcmp (type, "MultiPolygon") != 0)
    {
      g_autofree char *shown = shorten (type, QUOTE_CHARS);

      return invalid (ctx, "unknown type “%s”; use Point, MultiPoint, LineString, "
                      "MultiLineString, Polygon or MultiPolygon", shown);
    }

  coordinates = get_member (object, "coordinates");
  if (coordinates == NULL)
    return invalid (ctx, "“coordinates” is missing");
  if (strcmp (type, "Point") != 0)
    {
      if (!JSON_NODE_HOLDS_ARRAY (coordinates))
        return invalid (ctx, "“coordinates” must be an array");
      array = json_node_get_array (coordinates);
      if (json_array_get_length (array) == 0)
        return invalid (ctx, "“coordinates” is empty");
    }

  g_array_append_val (part_start, zero);

  if (strcmp (type, "Point") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POINTS;
      if (!read_position (ctx, coordinates, NULL, 0, &builder))
        return FALSE;
      builder_end_part (&builder);
    }
  else if (strcmp (type, "MultiPoint") == 0)
    {
      /* Several markers for one feature, one part each. */
      feature->geometry_kind = SITMAP_GEOMETRY_POINTS;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!read_position (ctx, json_array_get_element (array, i), NULL, i + 1, &builder))
            return FALSE;
          builder_end_part (&builder);
        }
    }
  else if (strcmp (type, "LineString") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_LINES;
      if (!read_positions (ctx, coordinates, NULL, FALSE, &builder))
        return FALSE;
    }
  else if (strcmp (type, "MultiLineString") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_LINES;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = g_strdup_printf ("line %u", i + 1);

          if (!read_positions (ctx, json_array_get_element (array, i), part, FALSE, &builder))
            return FALSE;
        }
    }
  else if (strcmp (type, "Polygon") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      if (!read_polygon (ctx, coordinates, 0, &builder))
        return FALSE;
    }
  else
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_polygon (ctx, json_array_get_element (array, i), i + 1, &builder))
          return FALSE;
    }

  ctx->where = NULL;
  feature->n_parts = part_start->len - 1;
  feature->part_start = g_array_steal (part_start, NULL);
  feature->lonlat = g_array_steal (lonlat, NULL);

  update_anchor (feature);
  return TRUE;
}

/* ---- Excerpts ----------------------------------------------------------- */

/* What a retyped excerpt most often gets wrong: quotes, dashes and
 * spaces.  Folded away only to explain a failed match, never to make one. */
static gunichar
fold_char (gunichar c)
{
  switch (c)
    {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
      return '-';
    default:
      return g_unichar_isspace (c) ? ' ' : c;
    }
}

/* The folded text, runs of spaces as one; map (if given) gets the byte
 * offset in text of each byte of the result. */
static GString *
fold_text (const char *text,
           GArray     *map)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean after_space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = fold_char (g_utf8_get_char (p));
      gsize before = out->len;
      gsize offset = p - text;

      if (c == ' ' && after_space)
        continue;
      after_space = c == ' ';
      g_string_append_unichar (out, c);
      if (map != NULL)
        for (gsize i = before; i < out->len; i++)
          g_array_append_val (map, offset);
    }

  return out;
}

static gboolean
is_quote (gunichar c)
{
  gunichar folded = fold_char (c);

  return folded == '\'' || folded == '"';
}

/* Why an excerpt that is not in the article nearly is, or NULL. */
static char *
excerpt_hint (const char *article,
              const char *excerpt)
{
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) folded_article = fold_text (article, map);
  g_autoptr(GString) folded_excerpt = fold_text (excerpt, NULL);
  const char *hit, *a, *e;

  if (folded_excerpt->len == 0)
    return NULL;
  hit = strstr (folded_article->str, folded_excerpt->str);
  if (hit == NULL)
    return NULL;

  a = article + g_array_index (map, gsize, hit - folded_article->str);
  for (e = excerpt; *e != '\0' && *a != '\0'; e = g_utf8_next_char (e), a = g_utf8_next_char (a))
    {
      gunichar ca = g_utf8_get_char (a), ce = g_utf8_get_char (e);
      char a_text[8] = { 0 }, e_text[8] = { 0 };

      if (ca == ce)
        continue;
      if (fold_char (ca) == ' ' || fold_char (ce) == ' ')
        return g_strdup ("(the spacing differs from the article’s)");
      if (is_quote (ca) && is_quote (ce) && ca != fold_char (ca) && ce == fold_char (ce))
        return g_strdup ("(the article has curly quotes)");
      if (is_quote (ca) && is_quote (ce) && ca == fold_char (ca) && ce != fold_char (ce))
        return g_strdup ("(the article has straight quotes)");
      g_unichar_to_utf8 (ca, a_text);
      g_unichar_to_utf8 (ce, e_text);
      return g_strdup_printf ("(the article has “%s” where the excerpt has “%s”)", a_text, e_text);
    }

  return NULL;
}

typedef struct
{
  Ctx          ctx;
  SitmapStory *story;
  GHashTable  *found;       /* excerpt (borrowed) → SitmapTextRange */
  guint        n_excerpts;
} Loader;

static gboolean
find_excerpt (Loader          *loader,
              const char      *excerpt,
              guint            number,
              SitmapTextRange *range)
{
  const char *article = loader->story->article;
  const SitmapTextRange *cached;
  const char *hit;

  /* The same sentence often serves several features. */
  cached = g_hash_table_lookup (loader->found, excerpt);
  if (cached != NULL)
    {
      *range = *cached;
      return TRUE;
    }

  hit = strstr (article, excerpt);
  if (hit == NULL)
    {
      g_autofree char *shown = shorten (excerpt, QUOTE_CHARS);
      g_autofree char *hint = excerpt_hint (article, excerpt);

      return ctx_fail (&loader->ctx, SITMAP_STORY_ERROR_EXCERPT_NOT_FOUND,
                       "excerpt %u is not in the article: “%s”%s%s",
                       number, shown, hint ? " " : "", hint ? hint : "");
    }

  range->start = hit - article;
  range->end = range->start + strlen (excerpt);
  g_hash_table_insert (loader->found, (gpointer)excerpt, g_memdup2 (range, sizeof *range));
  return TRUE;
}

/* ---- Features ----------------------------------------------------------- */

static gboolean
read_number (Ctx        *ctx,
             JsonNode   *node,
             const char *name,
             double     *out)
{
  if (!is_number (node))
    return invalid (ctx, "“%s” must be a number, written without separators (100000)", name);
  *out = number_value (node);
  if (!isfinite (*out))
    return invalid (ctx, "“%s” is too large to be a number", name);
  return TRUE;
}

static gboolean
read_figure (Ctx          *ctx,
             JsonNode     *node,
             SitmapFigure *figure)
{
  JsonObject *object;
  JsonNode *value, *low, *high;
  int qualifier;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, "a figure must be an object with “value” (or “low” and “high”) and “unit”");
  object = json_node_get_object (node);

  value = get_member (object, "value");
  low = get_member (object, "low");
  high = get_member (object, "high");
  if (value != NULL && (low != NULL || high != NULL))
    return invalid (ctx, "give either “value” or “low” and “high”, not both");
  if (value == NULL && low == NULL && high == NULL)
    return invalid (ctx, "“value” is missing (or “low” and “high” for a range)");
  if (value == NULL && (low == NULL || high == NULL))
    return invalid (ctx, "a range needs both “low” and “high”");

  if (value != NULL)
    {
      if (!read_number (ctx, value, "value", &figure->value))
        return FALSE;
    }
  else
    {
      figure->is_range = TRUE;
      if (!read_number (ctx, low, "low", &figure->low) ||
          !read_number (ctx, high, "high", &figure->high))
        return FALSE;
      if (figure->low > figure->high)
        return invalid (ctx, "“low” is greater than “high”");
    }

  if (!read_string (ctx, object, "unit", TRUE, MAX_NAME_CHARS, &figure->unit))
    return FALSE;
  qualifier = read_choice (ctx, object, "qualifier", FALSE, qualifiers, G_N_ELEMENTS (qualifiers));
  if (qualifier < 0)
    return FALSE;
  if (qualifier < (int)G_N_ELEMENTS (qualifiers))
    figure->qualifier = g_strdup (qualifiers[qualifier]);

  return read_string (ctx, object, "note", FALSE, MAX_NOTE_CHARS, &figure->note) &&
         read_string (ctx, object, "source", FALSE, MAX_NAME_CHARS, &figure->source);
}

static gboolean
read_callout (Ctx                *ctx,
              JsonNode           *node,
              SitmapStoryFeature *feature)
{
  JsonObject *object;
  JsonNode *figures;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, "“callout” must be an object with “title” and “figures”");
  object = json_node_get_object (node);

  ctx->where = "“callout”";
  if (!read_string (ctx, object, "title", FALSE, MAX_NAME_CHARS, &feature->callout_title))
    return FALSE;

  figures = get_member (object, "figures");
  if (figures == NULL)
    return invalid (ctx, "“figures” is missing");
  if (!JSON_NODE_HOLDS_ARRAY (figures))
    return invalid (ctx, "“figures” must be an array of figures");
  array = json_node_get_array (figures);
  if (json_array_get_length (array) == 0)
    return invalid (ctx, "“figures” is empty");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_auto(SitmapFigure) figure = { 0 };
      g_autofree char *where = g_strdup_printf ("“callout” figure %u", i + 1);

      ctx->where = where;
      if (!read_figure (ctx, json_array_get_element (array, i), &figure))
        return FALSE;
      g_array_append_val (feature->figures, figure);
      figure = (SitmapFigure) { 0 };
    }

  ctx->where = NULL;
  return TRUE;
}

static gboolean
read_dates (Ctx                *ctx,
            JsonObject         *properties,
            SitmapStoryFeature *feature)
{
  JsonNode *dates = get_member (properties, "dates");
  JsonNode *date = get_member (properties, "date");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (dates != NULL && date != NULL)
    return invalid (ctx, "give either “dates” or “date”, not both");

  if (date != NULL)
    {
      if (!is_string (date))
        return invalid (ctx, "“date” must be a date like 2022-01-14");
      if (!check_date (ctx, "date", json_node_get_string (date)))
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (date));
    }
  else if (dates != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (dates))
        return invalid (ctx, "“dates” must be an array of dates like 2022-01-14");
      array = json_node_get_array (dates);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!is_string (element))
            return invalid (ctx, "“dates” must be an array of dates like 2022-01-14");
          if (!check_date (ctx, "dates", json_node_get_string (element)))
            return FALSE;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  feature->dates = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_excerpts (Loader             *loader,
               JsonObject         *properties,
               SitmapStoryFeature *feature)
{
  Ctx *ctx = &loader->ctx;
  JsonNode *node = get_member (properties, "excerpts");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL)
    return invalid (ctx, "“excerpts” is missing: every feature needs at least one passage "
                    "copied from the article");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return invalid (ctx, "“excerpts” must be an array of passages copied from the article");
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return invalid (ctx, "“excerpts” is empty: every feature needs at least one passage "
                    "copied from the article");

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;

      if (!is_string (element))
        return invalid (ctx, "“excerpts” must be an array of passages copied from the article");
      text = json_node_get_string (element);
      if (*text == '\0')
        return invalid (ctx, "excerpt %u is empty", i + 1);
      if (g_utf8_strlen (text, -1) > MAX_EXCERPT_CHARS)
        {
          g_autofree char *what = g_strdup_printf ("excerpt %u", i + 1);

          return too_long (ctx, what, MAX_EXCERPT_CHARS);
        }
      g_strv_builder_add (builder, text);
    }

  loader->n_excerpts += n;
  if (loader->n_excerpts > MAX_EXCERPTS)
    {
      g_autofree char *limit = format_number (MAX_EXCERPTS);

      ctx->feature = NULL;
      return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                       "the story has more than %s excerpts", limit);
    }

  feature->excerpts = g_strv_builder_end (builder);
  feature->excerpt_ranges = g_array_sized_new (FALSE, FALSE, sizeof (SitmapTextRange), n);
  for (guint i = 0; i < n; i++)
    {
      SitmapTextRange range;

      if (!find_excerpt (loader, feature->excerpts[i], i + 1, &range))
        return FALSE;
      g_array_append_val (feature->excerpt_ranges, range);
    }

  return TRUE;
}

static gboolean
read_regions (Ctx                *ctx,
              JsonNode           *node,
              SitmapStoryFeature *feature)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *values;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, "“regions” must be an object with “layer”, “field” and “values”");
  object = json_node_get_object (node);

  ctx->where = "“regions”";
  if (!read_string (ctx, object, "layer", TRUE, MAX_NAME_CHARS, &feature->regions_layer) ||
      !read_string (ctx, object, "field", TRUE, MAX_NAME_CHARS, &feature->regions_field))
    return FALSE;

  values = get_member (object, "values");
  if (values == NULL)
    return invalid (ctx, "“values” is missing");
  if (!JSON_NODE_HOLDS_ARRAY (values))
    return invalid (ctx, "“values” must be an array of strings");
  array = json_node_get_array (values);
  if (json_array_get_length (array) == 0)
    return invalid (ctx, "“values” is empty");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element) || *json_node_get_string (element) == '\0')
        return invalid (ctx, "“values” must be an array of strings");
      if (g_utf8_strlen (json_node_get_string (element), -1) > MAX_NAME_CHARS)
        return too_long (ctx, "a value", MAX_NAME_CHARS);
      /* Compared with attributes, which the shapefile loader cleans alike. */
      {
        g_autofree char *value = clean_display_text (json_node_get_string (element));

        g_strv_builder_add (builder, value);
      }
    }

  ctx->where = NULL;
  feature->regions_values = g_strv_builder_end (builder);
  /* No outline until sitmap_story_resolve_regions() finds one. */
  feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
  feature->n_parts = 0;
  feature->part_start = g_new0 (guint, 1);
  feature->anchor_lon = feature->anchor_lat = NAN;
  return TRUE;
}

static char *
id_from_number (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  value = json_node_get_double (node);
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)value);
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static gboolean
read_id (Loader             *loader,
         JsonObject         *object,
         guint               position,
         SitmapStoryFeature *feature)
{
  Ctx *ctx = &loader->ctx;
  JsonNode *id = get_member (object, "id");
  guint other;

  if (id == NULL)
    feature->id = g_strdup_printf ("feature-%u", position);
  else if (is_string (id))
    {
      const char *text = json_node_get_string (id);

      if (*text == '\0')
        return invalid (ctx, "feature %u: “id” is empty", position);
      if (g_utf8_strlen (text, -1) > MAX_NAME_CHARS)
        {
          g_autofree char *what = g_strdup_printf ("feature %u: “id”", position);

          return too_long (ctx, what, MAX_NAME_CHARS);
        }
      feature->id = g_strdup (text);
    }
  else if (is_number (id) && isfinite (number_value (id)))
    feature->id = id_from_number (id);
  else
    return invalid (ctx, "feature %u: “id” must be a string or a number", position);

  ctx->feature = feature->id;
  other = GPOINTER_TO_UINT (g_hash_table_lookup (loader->story->ids, feature->id));
  if (other != 0)
    return invalid (ctx, "the id is used twice, by features %u and %u", other, position);
  return TRUE;
}

static gboolean
read_feature (Loader             *loader,
              JsonNode           *node,
              guint               position,
              SitmapStoryFeature *feature)
{
  static const char * const statuses[] = { "present", "en-route" };
  Ctx *ctx = &loader->ctx;
  g_autofree char *type = NULL;
  g_autofree char *side = NULL;
  JsonObject *object, *properties;
  JsonNode *member, *geometry, *regions;
  int choice;

  ctx->feature = NULL;
  ctx->where = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (ctx, "feature %u is not a JSON object", position);
  object = json_node_get_object (node);
  if (!read_id (loader, object, position, feature))
    return FALSE;

  if (!read_string (ctx, object, "type", TRUE, MAX_NAME_CHARS, &type))
    return FALSE;
  if (strcmp (type, "Feature") != 0)
    {
      g_autofree char *shown = shorten (type, QUOTE_CHARS);

      return invalid (ctx, "“type” must be “Feature”, not “%s”", shown);
    }

  member = get_member (object, "properties");
  if (member == NULL)
    return invalid (ctx, "“properties” is missing");
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return invalid (ctx, "“properties” must be an object");
  properties = json_node_get_object (member);

  if (!read_string (ctx, properties, "name", TRUE, MAX_NAME_CHARS, &feature->name))
    return FALSE;
  choice = read_choice (ctx, properties, "kind", TRUE, kind_names, G_N_ELEMENTS (kind_names));
  if (choice < 0)
    return FALSE;
  feature->kind = choice;

  if (!read_string (ctx, properties, "label", FALSE, MAX_NAME_CHARS, &feature->label))
    return FALSE;
  if (feature->label == NULL)
    feature->label = g_strdup (feature->name);

  if (!read_dates (ctx, properties, feature))
    return FALSE;

  if (!read_string (ctx, properties, "side", FALSE, MAX_NAME_CHARS, &side))
    return FALSE;
  if (side != NULL)
    feature->side = g_utf8_strdown (side, -1);

  choice = read_choice (ctx, properties, "echelon", FALSE, echelons, G_N_ELEMENTS (echelons));
  if (choice < 0)
    return FALSE;
  if (choice < (int)G_N_ELEMENTS (echelons))
    {
      if (feature->kind != SITMAP_STORY_KIND_FORCE)
        return invalid (ctx, "“echelon” is only for forces (kind “force”)");
      feature->echelon = g_strdup (echelons[choice]);
    }

  choice = read_choice (ctx, properties, "status", FALSE, statuses, G_N_ELEMENTS (statuses));
  if (choice < 0)
    return FALSE;
  if (choice < (int)G_N_ELEMENTS (statuses) && feature->kind != SITMAP_STORY_KIND_FORCE)
    return invalid (ctx, "“status” is only for forces (kind “force”)");
  feature->status = choice == 1 ? SITMAP_FORCE_STATUS_EN_ROUTE : SITMAP_FORCE_STATUS_PRESENT;

  if (!read_string (ctx, properties, "note", FALSE, MAX_NOTE_CHARS, &feature->note))
    return FALSE;

  feature->figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (feature->figures, figure_clear);
  member = get_member (properties, "callout");
  if (member != NULL && !read_callout (ctx, member, feature))
    return FALSE;

  if (!read_excerpts (loader, properties, feature))
    return FALSE;

  if (!json_object_has_member (object, "geometry"))
    return invalid (ctx, "“geometry” is missing (use null for an area given by “regions”)");
  geometry = get_member (object, "geometry");
  regions = get_member (properties, "regions");
  if (geometry != NULL && regions != NULL)
    return invalid (ctx, "has both a “geometry” and “regions”; give one");
  if (geometry == NULL && regions == NULL)
    return invalid (ctx, "has no geometry: give a “geometry” or, for an area, “regions”");

  return geometry != NULL
    ? read_geometry (ctx, geometry, feature)
    : read_regions (ctx, regions, feature);
}

/* ---- The story ---------------------------------------------------------- */

static gboolean
read_format (Ctx        *ctx,
             JsonObject *story)
{
  g_autofree char *format = NULL;
  g_autofree char *shown = NULL;
  const char *version;
  guint64 major;
  char *end;

  if (!read_string (ctx, story, "format", TRUE, MAX_NAME_CHARS, &format))
    return FALSE;

  shown = shorten (format, QUOTE_CHARS);
  if (!g_str_has_prefix (format, FORMAT_PREFIX))
    return invalid (ctx, "“format” must be “" FORMAT_PREFIX "%d”, not “%s”", FORMAT_MAJOR, shown);

  version = format + strlen (FORMAT_PREFIX);
  if (!g_ascii_isdigit (*version))
    return invalid (ctx, "“format” must be “" FORMAT_PREFIX "%d”, not “%s”", FORMAT_MAJOR, shown);
  major = g_ascii_strtoull (version, &end, 10);
  /* Minor versions only add to the format; a reader of 1 can read 1.1. */
  if (*end == '.')
    {
      if (!g_ascii_isdigit (end[1]))
        return invalid (ctx, "“format” must be “" FORMAT_PREFIX "%d”, not “%s”", FORMAT_MAJOR, shown);
      g_ascii_strtoull (end + 1, &end, 10);
    }
  if (*end != '\0')
    return invalid (ctx, "“format” must be “" FORMAT_PREFIX "%d”, not “%s”", FORMAT_MAJOR, shown);
  if (major != FORMAT_MAJOR)
    return invalid (ctx, "the story is in format %s, which this version of Sitmap cannot read "
                    "(it reads " FORMAT_PREFIX "%d)", shown, FORMAT_MAJOR);
  return TRUE;
}

static gboolean
read_extent (Ctx         *ctx,
             JsonObject  *story,
             SitmapStory *self)
{
  JsonNode *node = get_member (story, "extent");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 4)
    return invalid (ctx, "“extent” must be [west, south, east, north] in degrees");
  array = json_node_get_array (node);
  for (guint i = 0; i < 4; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_number (element) || !isfinite (number_value (element)))
        return invalid (ctx, "“extent” must be [west, south, east, north] in degrees");
      self->extent[i] = number_value (element);
    }

  if (self->extent[0] < -180 || self->extent[0] > 180 || self->extent[2] < -180 || self->extent[2] > 180)
    return invalid (ctx, "“extent”: west and east must be longitudes, from −180 to 180");
  if (self->extent[1] < -90 || self->extent[1] > 90 || self->extent[3] < -90 || self->extent[3] > 90)
    return invalid (ctx, "“extent”: south and north must be latitudes, from −90 to 90");
  if (self->extent[1] >= self->extent[3])
    return invalid (ctx, "“extent”: south must be less than north");
  /* West greater than east is an extent across ±180° (RFC 7946 §5.2). */
  if (self->extent[0] == self->extent[2])
    return invalid (ctx, "“extent”: west and east must differ");

  self->has_extent = TRUE;
  return TRUE;
}

static gboolean
read_story_block (Ctx         *ctx,
                  JsonObject  *story,
                  SitmapStory *self,
                  char       **article_path)
{
  if (!read_format (ctx, story) ||
      !read_string (ctx, story, "title", TRUE, MAX_NAME_CHARS, &self->title) ||
      !read_string (ctx, story, "subtitle", FALSE, MAX_NOTE_CHARS, &self->subtitle) ||
      !read_string (ctx, story, "publication", FALSE, MAX_NAME_CHARS, &self->publication) ||
      !read_string (ctx, story, "byline", FALSE, MAX_NOTE_CHARS, &self->byline) ||
      !read_string (ctx, story, "date", FALSE, MAX_NAME_CHARS, &self->date) ||
      !read_string (ctx, story, "convention", FALSE, MAX_NOTE_CHARS, &self->convention) ||
      !read_string (ctx, story, "credit", FALSE, MAX_NOTE_CHARS, &self->credit) ||
      !read_string (ctx, story, "article", TRUE, MAX_NOTE_CHARS, article_path))
    return FALSE;

  if (self->date != NULL && !check_date (ctx, "date", self->date))
    return FALSE;
  if (g_path_is_absolute (*article_path))
    return invalid (ctx, "“article” must be a path relative to the story file");

  return read_extent (ctx, story, self);
}

/* Reads a whole file of at most max_bytes.  Only regular files: a story
 * naming /dev/zero or a FIFO as its article must not hang the app. */
static gboolean
read_file (Ctx               *ctx,
           const char        *path,
           const char        *what,
           gsize              max_bytes,
           SitmapStoryError   code,
           char             **contents,
           gsize             *length)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      return ctx_fail (ctx, code, "cannot read %s: %s", what, g_strerror (saved_errno));
    }
  if (!S_ISREG (info.st_mode))
    return ctx_fail (ctx, code, "cannot read %s: it is not a regular file", what);
  if ((guint64)info.st_size > max_bytes)
    return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, "%s is larger than %" G_GSIZE_FORMAT " MiB",
                     what, max_bytes / (1024 * 1024));

  if (!g_file_get_contents (path, contents, length, &local_error))
    return ctx_fail (ctx, code, "cannot read %s: %s", what, local_error->message);
  if (*length > max_bytes)
    {
      g_clear_pointer (contents, g_free);
      return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, "%s is larger than %" G_GSIZE_FORMAT " MiB",
                       what, max_bytes / (1024 * 1024));
    }
  return TRUE;
}

static gboolean
load_article (Ctx         *ctx,
              SitmapStory *self,
              const char  *base_dir,
              const char  *article_path,
              const char  *article_text)
{
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  const char *end;
  gsize length;

  if (article_text != NULL)
    {
      what = g_strdup ("the article");
      length = strlen (article_text);
      if (length > MAX_ARTICLE_BYTES)
        return ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, "%s is larger than %d MiB",
                         what, MAX_ARTICLE_BYTES / (1024 * 1024));
      self->article = g_strndup (article_text, length);
    }
  else if (base_dir != NULL)
    {
      g_autofree char *display = NULL;

      path = g_build_filename (base_dir, article_path, NULL);
      display = g_filename_display_name (path);
      what = g_strdup_printf ("the article %s", display);
      if (!read_file (ctx, path, what, MAX_ARTICLE_BYTES, SITMAP_STORY_ERROR_ARTICLE,
                      &self->article, &length))
        return FALSE;
    }
  else
    return ctx_fail (ctx, SITMAP_STORY_ERROR_ARTICLE,
                     "no article: the story was given without a folder or article text");

  if (!g_utf8_validate_len (self->article, length, &end))
    {
      g_autofree char *position = text_position (self->article, end - self->article);

      return ctx_fail (ctx, SITMAP_STORY_ERROR_ARTICLE, "%s is not UTF-8 text (at %s)",
                       what, position);
    }
  return TRUE;
}

static SitmapStory *
load_story (const char  *data,
            gsize        length,
            const char  *display_name,
            const char  *path,
            const char  *base_dir,
            const char  *article_text,
            GError     **error)
{
  g_autoptr(SitmapStory) self = g_object_new (SITMAP_TYPE_STORY, NULL);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *article_path = NULL;
  Loader loader = { { 0 } };
  Ctx *ctx = &loader.ctx;
  JsonObject *root, *story;
  JsonNode *node;
  JsonArray *features;
  const char *end;
  guint n_features;

  self->display_name = one_line (display_name);
  self->path = g_strdup (path);
  loader.story = self;
  loader.found = found;
  ctx->file = self->display_name;
  ctx->code = SITMAP_STORY_ERROR_INVALID_STORY;
  ctx->error = error;

  if (length > MAX_STORY_BYTES)
    {
      ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, "the file is larger than %d MiB",
                MAX_STORY_BYTES / (1024 * 1024));
      return NULL;
    }

  /* RFC 8259 lets a parser ignore a byte order mark; editors add one. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!g_utf8_validate_len (data, length, &end))
    {
      g_autofree char *position = text_position (data, end - data);

      ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON,
                *end == '\0' ? "the file contains a NUL byte (at %s)" : "the file is not UTF-8 text (at %s)",
                position);
      return NULL;
    }

  if (!check_json_text (ctx, data, length))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      json_parser_failed (ctx, parse_error);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (ctx, "not a story: a story is a GeoJSON FeatureCollection");
      return NULL;
    }
  root = json_node_get_object (node);

  node = get_member (root, "type");
  if (node == NULL || !is_string (node) || strcmp (json_node_get_string (node), "FeatureCollection") != 0)
    {
      invalid (ctx, "not a story: a story is a GeoJSON FeatureCollection (“type” must be "
               "“FeatureCollection”)");
      return NULL;
    }

  node = get_member (root, "story");
  if (node == NULL)
    {
      invalid (ctx, "not a story: the FeatureCollection has no “story” member");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (ctx, "“story” must be an object");
      return NULL;
    }
  story = json_node_get_object (node);

  ctx->where = "“story”";
  if (!read_story_block (ctx, story, self, &article_path))
    return NULL;
  ctx->where = NULL;

  node = get_member (root, "features");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (ctx, "“features” must be an array of GeoJSON features");
      return NULL;
    }
  features = json_node_get_array (node);
  n_features = json_array_get_length (features);
  if (n_features > MAX_FEATURES)
    {
      g_autofree char *count = format_number (n_features);
      g_autofree char *limit = format_number (MAX_FEATURES);

      ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, "the story has %s features; the limit is %s",
                count, limit);
      return NULL;
    }

  if (!load_article (ctx, self, base_dir, article_path, article_text))
    return NULL;

  ctx->code = SITMAP_STORY_ERROR_INVALID_FEATURE;
  for (guint i = 0; i < n_features; i++)
    {
      g_auto(SitmapStoryFeature) feature = { 0 };
      const SitmapStoryFeature *stored;

      if (!read_feature (&loader, json_array_get_element (features, i), i + 1, &feature))
        return NULL;
      g_array_append_val (self->features, feature);
      feature = (SitmapStoryFeature) { 0 };
      stored = &g_array_index (self->features, SitmapStoryFeature, i);
      g_hash_table_insert (self->ids, stored->id, GUINT_TO_POINTER (i + 1));
    }

  return g_steal_pointer (&self);
}

SitmapStory *
sitmap_story_load_file (const char  *path,
                        GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *base_dir = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  Ctx ctx = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  ctx.file = display_name;
  ctx.error = error;
  if (!read_file (&ctx, path, "the file", MAX_STORY_BYTES, SITMAP_STORY_ERROR_NOT_FOUND,
                  &contents, &length))
    return NULL;

  base_dir = g_path_get_dirname (path);
  return load_story (contents, length, display_name, path, base_dir, NULL, error);
}

SitmapStory *
sitmap_story_load_data (const char  *data,
                        gsize        length,
                        const char  *display_name,
                        const char  *base_dir,
                        const char  *article_text,
                        GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_story (data ? data : "", length, display_name ? display_name : "story",
                     NULL, base_dir, article_text, error);
}

const char *
sitmap_story_get_path (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->path;
}

const char *
sitmap_story_get_title (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->title;
}

const char *
sitmap_story_get_subtitle (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->subtitle;
}

const char *
sitmap_story_get_publication (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->publication;
}

const char *
sitmap_story_get_byline (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->byline;
}

const char *
sitmap_story_get_date (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->date;
}

const char *
sitmap_story_get_convention (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->convention;
}

const char *
sitmap_story_get_credit (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->credit;
}

const char *
sitmap_story_get_article (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->article;
}

gboolean
sitmap_story_get_extent (SitmapStory *self,
                         double       extent[4])
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (extent != NULL, FALSE);

  if (!self->has_extent)
    return FALSE;
  memcpy (extent, self->extent, sizeof self->extent);
  return TRUE;
}

guint
sitmap_story_get_n_features (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), 0);
  return self->features->len;
}

const SitmapStoryFeature *
sitmap_story_get_feature (SitmapStory *self,
                          guint        index)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);
  return &g_array_index (self->features, SitmapStoryFeature, index);
}

int
sitmap_story_find_feature (SitmapStory *self,
                           const char  *id)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  return (int)GPOINTER_TO_UINT (g_hash_table_lookup (self->ids, id)) - 1;
}

/* ---- Editing -------------------------------------------------------------
 *
 * The map (sitmap_map_*_feature) calls these and tells its listeners;
 * each checks what the reader would and leaves the feature as it was on
 * failure. */

static gboolean
feature_error (SitmapStory  *self,
               guint         index,
               GError      **error,
               const char   *format,
               ...) G_GNUC_PRINTF (4, 5);

static gboolean
feature_error (SitmapStory  *self,
               guint         index,
               GError      **error,
               const char   *format,
               ...)
{
  const SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, index);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
               "feature “%s”: %s", feature->id, message);
  return FALSE;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
reindex (SitmapStory *self)
{
  g_hash_table_remove_all (self->ids);
  for (guint i = 0; i < self->features->len; i++)
    g_hash_table_insert (self->ids, g_array_index (self->features, SitmapStoryFeature, i).id,
                         GUINT_TO_POINTER (i + 1));
}

int
sitmap_story_add_feature (SitmapStory         *self,
                          const char          *id,
                          const char          *name,
                          SitmapStoryKind      kind,
                          SitmapGeometryKind   geometry_kind,
                          const double        *lonlat,
                          guint                n_positions,
                          GError             **error)
{
  SitmapStoryFeature feature = { 0 };
  guint n_parts;

  g_return_val_if_fail (SITMAP_IS_STORY (self), -1);
  g_return_val_if_fail (id != NULL && name != NULL, -1);
  g_return_val_if_fail (kind <= SITMAP_STORY_KIND_BORDER, -1);
  g_return_val_if_fail (lonlat != NULL || n_positions == 0, -1);

  if (g_hash_table_contains (self->ids, id))
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   "a feature with the id “%s” is already in the story", id);
      return -1;
    }
  if (n_positions == 0 ||
      (geometry_kind == SITMAP_GEOMETRY_LINES && n_positions < 2) ||
      (geometry_kind == SITMAP_GEOMETRY_POLYGONS && n_positions < 4))
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   "feature “%s”: too few positions (%u) for its geometry", id, n_positions);
      return -1;
    }
  for (guint i = 0; i < n_positions; i++)
    if (!isfinite (lonlat[2 * i]) || !isfinite (lonlat[2 * i + 1]) ||
        fabs (lonlat[2 * i]) > 180 || fabs (lonlat[2 * i + 1]) > 90)
      {
        g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                     "feature “%s”: position %u is not a longitude and latitude", id, i + 1);
        return -1;
      }

  /* Several points are several markers, one part each. */
  n_parts = geometry_kind == SITMAP_GEOMETRY_POINTS ? n_positions : 1;
  feature.id = g_strdup (id);
  feature.name = g_strdup (name);
  feature.label = g_strdup (name);
  feature.kind = kind;
  feature.dates = g_new0 (char *, 1);
  feature.figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (feature.figures, figure_clear);
  feature.excerpts = g_new0 (char *, 1);
  feature.excerpt_ranges = g_array_new (FALSE, FALSE, sizeof (SitmapTextRange));
  feature.geometry_kind = geometry_kind;
  feature.n_parts = n_parts;
  feature.part_start = g_new (guint, n_parts + 1);
  for (guint p = 0; p < n_parts; p++)
    feature.part_start[p] = p;
  feature.part_start[n_parts] = n_positions;
  feature.lonlat = g_memdup2 (lonlat, 2 * n_positions * sizeof (double));
  update_anchor (&feature);

  g_array_append_val (self->features, feature);
  reindex (self);
  return self->features->len - 1;
}

gboolean
sitmap_story_remove_feature (SitmapStory  *self,
                             guint         index)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);

  g_array_remove_index (self->features, index);
  reindex (self);
  return TRUE;
}

/* ---- Whole features, for undoing edits ---------------------------------- */

SitmapStoryFeature *
sitmap_story_feature_copy (const SitmapStoryFeature *feature)
{
  SitmapStoryFeature *copy;
  guint n_positions;

  g_return_val_if_fail (feature != NULL, NULL);

  copy = g_new0 (SitmapStoryFeature, 1);
  *copy = *feature;
  copy->id = g_strdup (feature->id);
  copy->name = g_strdup (feature->name);
  copy->label = g_strdup (feature->label);
  copy->side = g_strdup (feature->side);
  copy->echelon = g_strdup (feature->echelon);
  copy->dates = g_strdupv (feature->dates);
  copy->note = g_strdup (feature->note);
  copy->callout_title = g_strdup (feature->callout_title);
  copy->figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (copy->figures, figure_clear);
  for (guint i = 0; i < feature->figures->len; i++)
    {
      SitmapFigure figure = g_array_index (feature->figures, SitmapFigure, i);

      figure.unit = g_strdup (figure.unit);
      figure.qualifier = g_strdup (figure.qualifier);
      figure.note = g_strdup (figure.note);
      figure.source = g_strdup (figure.source);
      g_array_append_val (copy->figures, figure);
    }
  copy->excerpts = g_strdupv (feature->excerpts);
  copy->excerpt_ranges = g_array_copy (feature->excerpt_ranges);
  n_positions = feature->part_start ? feature->part_start[feature->n_parts] : 0;
  copy->part_start = feature->part_start
    ? g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)) : NULL;
  copy->lonlat = g_memdup2 (feature->lonlat, 2 * n_positions * sizeof (double));
  copy->regions_layer = g_strdup (feature->regions_layer);
  copy->regions_field = g_strdup (feature->regions_field);
  copy->regions_values = g_strdupv (feature->regions_values);
  return copy;
}

void
sitmap_story_feature_free (SitmapStoryFeature *feature)
{
  if (feature == NULL)
    return;
  feature_clear (feature);
  g_free (feature);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

gboolean
sitmap_story_feature_equal (const SitmapStoryFeature *a,
                            const SitmapStoryFeature *b)
{
  guint n_positions;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->id, b->id) || g_strcmp0 (a->name, b->name) || g_strcmp0 (a->label, b->label) ||
      a->kind != b->kind || g_strcmp0 (a->side, b->side) || g_strcmp0 (a->echelon, b->echelon) ||
      a->status != b->status || !strv_equal0 ((const char * const *)a->dates, (const char * const *)b->dates) ||
      g_strcmp0 (a->note, b->note) || g_strcmp0 (a->callout_title, b->callout_title) ||
      a->figures->len != b->figures->len ||
      !strv_equal0 ((const char * const *)a->excerpts, (const char * const *)b->excerpts) ||
      a->excerpt_ranges->len != b->excerpt_ranges->len ||
      a->geometry_kind != b->geometry_kind || a->n_parts != b->n_parts ||
      g_strcmp0 (a->regions_layer, b->regions_layer) || g_strcmp0 (a->regions_field, b->regions_field) ||
      !strv_equal0 ((const char * const *)a->regions_values, (const char * const *)b->regions_values) ||
      a->anchor_lon != b->anchor_lon || a->anchor_lat != b->anchor_lat)
    return FALSE;
  for (guint i = 0; i < a->figures->len; i++)
    {
      const SitmapFigure *fa = &g_array_index (a->figures, SitmapFigure, i);
      const SitmapFigure *fb = &g_array_index (b->figures, SitmapFigure, i);

      if (fa->is_range != fb->is_range || fa->value != fb->value || fa->low != fb->low ||
          fa->high != fb->high || g_strcmp0 (fa->unit, fb->unit) ||
          g_strcmp0 (fa->qualifier, fb->qualifier) || g_strcmp0 (fa->note, fb->note) ||
          g_strcmp0 (fa->source, fb->source))
        return FALSE;
    }
  if (a->excerpt_ranges->len &&
      memcmp (a->excerpt_ranges->data, b->excerpt_ranges->data,
              a->excerpt_ranges->len * sizeof (SitmapTextRange)) != 0)
    return FALSE;
  if ((a->part_start == NULL) != (b->part_start == NULL))
    return FALSE;
  if (a->part_start == NULL)
    return TRUE;
  if (memcmp (a->part_start, b->part_start, (a->n_parts + 1) * sizeof (guint)) != 0)
    return FALSE;
  n_positions = a->part_start[a->n_parts];
  return n_positions == 0 || memcmp (a->lonlat, b->lonlat, 2 * n_positions * sizeof (double)) == 0;
}

/* Whether feature may stand at index: its id is free, or is the one of
 * the feature it replaces. */
static gboolean
check_whole_feature (SitmapStory               *self,
                     const SitmapStoryFeature  *feature,
                     int                        replaced,
                     GError                   **error)
{
  gpointer found = g_hash_table_lookup (self->ids, feature->id);

  if (found != NULL && GPOINTER_TO_INT (found) - 1 != replaced)
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   "a feature with the id “%s” is already in the story", feature->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
sitmap_story_insert_feature (SitmapStory               *self,
                             guint                      index,
                             const SitmapStoryFeature  *feature,
                             GError                   **error)
{
  SitmapStoryFeature *copy;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index <= self->features->len, FALSE);
  g_return_val_if_fail (feature != NULL && feature->id != NULL, FALSE);

  if (!check_whole_feature (self, feature, -1, error))
    return FALSE;
  copy = sitmap_story_feature_copy (feature);
  g_array_insert_vals (self->features, index, copy, 1);
  g_free (copy);
  reindex (self);
  return TRUE;
}

gboolean
sitmap_story_replace_feature (SitmapStory               *self,
                              guint                      index,
                              const SitmapStoryFeature  *feature,
                              GError                   **error)
{
  SitmapStoryFeature *slot;
  SitmapStoryFeature *copy;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (feature != NULL && feature->id != NULL, FALSE);

  if (!check_whole_feature (self, feature, index, error))
    return FALSE;
  copy = sitmap_story_feature_copy (feature);
  slot = &g_array_index (self->features, SitmapStoryFeature, index);
  feature_clear (slot);
  *slot = *copy;
  g_free (copy);
  reindex (self);
  return TRUE;
}

gboolean
sitmap_story_set_feature_positions (SitmapStory   *self,
                                    guint          index,
                                    const double  *lonlat,
                                    guint          n_positions,
                                    GError       **error)
{
  SitmapStoryFeature *feature;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (lonlat != NULL, FALSE);

  feature = &g_array_index (self->features, SitmapStoryFeature, index);
  if (feature->n_parts == 0 || n_positions != feature->part_start[feature->n_parts])
    return feature_error (self, index, error, "has %u positions, not %u",
                          feature->n_parts ? feature->part_start[feature->n_parts] : 0, n_positions);
  for (guint i = 0; i < n_positions; i++)
    if (!isfinite (lonlat[2 * i]) || !isfinite (lonlat[2 * i + 1]) ||
        fabs (lonlat[2 * i]) > 180 || fabs (lonlat[2 * i + 1]) > 90)
      return feature_error (self, index, error, "position %u is not a longitude and latitude", i + 1);

  memcpy (feature->lonlat, lonlat, 2 * n_positions * sizeof (double));
  /* Moved, an area is its own outline now, no longer the regions named. */
  g_clear_pointer (&feature->regions_layer, g_free);
  update_anchor (feature);
  return TRUE;
}

static gboolean
set_text (SitmapStory  *self,
          guint         index,
          const char   *name,
          const char   *value,
          gboolean      required,
          guint         max_chars,
          char        **field,
          GError      **error)
{
  if (value == NULL || *value == '\0')
    {
      if (required)
        return feature_error (self, index, error, "“%s” cannot be empty", name);
      g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    return feature_error (self, index, error, "“%s” is not UTF-8 text", name);
  if (g_utf8_strlen (value, -1) > max_chars)
    return feature_error (self, index, error, "“%s” is longer than %u characters", name, max_chars);
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static int
find_choice (const char * const *choices,
             guint               n_choices,
             const char         *value)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (choices[i], value) == 0)
      return i;
  return -1;
}

gboolean
sitmap_story_set_feature_property (SitmapStory  *self,
                                   guint         index,
                                   const char   *name,
                                   const char   *value,
                                   GError      **error)
{
  SitmapStoryFeature *feature;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  feature = &g_array_index (self->features, SitmapStoryFeature, index);

  if (strcmp (name, "name") == 0)
    {
      gboolean label_follows = g_strcmp0 (feature->label, feature->name) == 0;

      if (!set_text (self, index, name, value, TRUE, MAX_NAME_CHARS, &feature->name, error))
        return FALSE;
      if (label_follows)
        replace_string (&feature->label, feature->name);
      return TRUE;
    }
  if (strcmp (name, "label") == 0)
    {
      if (!set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->label, error))
        return FALSE;
      if (feature->label == NULL)
        feature->label = g_strdup (feature->name);
      return TRUE;
    }
  if (strcmp (name, "note") == 0)
    return set_text (self, index, name, value, FALSE, MAX_NOTE_CHARS, &feature->note, error);
  if (strcmp (name, "callout-title") == 0)
    return set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->callout_title, error);
  if (strcmp (name, "side") == 0)
    {
      if (!set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->side, error))
        return FALSE;
      if (feature->side)
        {
          char *lower = g_utf8_strdown (feature->side, -1);

          g_free (feature->side);
          feature->side = lower;
        }
      return TRUE;
    }
  if (strcmp (name, "kind") == 0)
    {
      int kind = find_choice (kind_names, G_N_ELEMENTS (kind_names), value);

      if (kind < 0)
        return feature_error (self, index, error, "“kind” “%s” is none of the kinds", value ? value : "");
      if (kind != SITMAP_STORY_KIND_FORCE && feature->echelon)
        return feature_error (self, index, error, "“echelon” is only for forces (kind “force”)");
      feature->kind = kind;
      return TRUE;
    }
  if (strcmp (name, "echelon") == 0)
    {
      int echelon;

      if (value == NULL)
        {
          g_clear_pointer (&feature->echelon, g_free);
          return TRUE;
        }
      echelon = find_choice (echelons, G_N_ELEMENTS (echelons), value);
      if (echelon < 0)
        return feature_error (self, index, error, "“echelon” “%s” is none of the echelons", value);
      if (feature->kind != SITMAP_STORY_KIND_FORCE)
        return feature_error (self, index, error, "“echelon” is only for forces (kind “force”)");
      replace_string (&feature->echelon, echelons[echelon]);
      return TRUE;
    }
  if (strcmp (name, "status") == 0)
    {
      if (value != NULL && strcmp (value, "present") != 0 && strcmp (value, "en-route") != 0)
        return feature_error (self, index, error, "“status” must be “present” or “en-route”");
      if (value != NULL && feature->kind != SITMAP_STORY_KIND_FORCE)
        return feature_error (self, index, error, "“status” is only for forces (kind “force”)");
      feature->status = g_strcmp0 (value, "en-route") == 0
        ? SITMAP_FORCE_STATUS_EN_ROUTE : SITMAP_FORCE_STATUS_PRESENT;
      return TRUE;
    }
  if (strcmp (name, "dates") == 0)
    {
      g_auto(GStrv) dates = value && *value ? g_strsplit (value, ",", -1) : g_new0 (char *, 1);

      for (guint i = 0; dates[i]; i++)
        {
          gboolean real;

          g_strstrip (dates[i]);
          if (!is_iso_date (dates[i], &real) || !real)
            return feature_error (self, index, error, "“dates”: “%s” is not a real date like 2022-01-14",
                                  dates[i]);
        }
      g_strfreev (feature->dates);
      feature->dates = g_steal_pointer (&dates);
      return TRUE;
    }

  return feature_error (self, index, error, "“%s” is not a property that can be set", name);
}

/* ---- Areas by reference ------------------------------------------------- */

typedef struct
{
  guint   index;
  GArray *part_start;  /* guint */
  GArray *lonlat;      /* double */
} Resolved;

static void
resolved_free (gpointer data)
{
  Resolved *resolved = data;

  g_array_unref (resolved->part_start);
  g_array_unref (resolved->lonlat);
  g_free (resolved);
}

static const char *
layer_attribute (const SitmapFeature *feature,
                 guint                field)
{
  for (guint i = 0; i < field; i++)
    if (feature->attributes[i] == NULL)
      return NULL;
  return feature->attributes[field];
}

static gboolean
collect_regions (Ctx                      *ctx,
                 const SitmapStoryFeature *feature,
                 const char               *layer_name,
                 SitmapLayer              *layer,
                 Resolved                 *resolved)
{
  g_autofree char *layer_shown = shorten (layer_name, QUOTE_CHARS);
  g_autofree char *field_shown = shorten (feature->regions_field, QUOTE_CHARS);
  int field = sitmap_layer_find_field (layer, feature->regions_field);

  if (field < 0)
    return invalid (ctx, "layer %s has no field “%s”", layer_shown, field_shown);
  if (sitmap_layer_get_kind (layer) != SITMAP_GEOMETRY_POLYGONS)
    return invalid (ctx, "layer %s holds no areas", layer_shown);

  for (guint v = 0; feature->regions_values[v] != NULL; v++)
    {
      const char *value = feature->regions_values[v];
      gboolean matched = FALSE;

      /* A region named twice would cancel itself out when filled. */
      if (g_strv_contains ((const char * const *)feature->regions_values + v + 1, value))
        continue;

      for (guint k = 0; k < sitmap_layer_get_n_features (layer); k++)
        {
          const SitmapFeature *region = sitmap_layer_get_feature (layer, k);
          const char *attribute = layer_attribute (region, field);
          guint offset = resolved->lonlat->len / 2;

          if (attribute == NULL || strcmp (attribute, value) != 0)
            continue;
          matched = TRUE;
          for (guint p = 1; p <= region->n_parts; p++)
            {
              guint next = offset + region->part_start[p];

              g_array_append_val (resolved->part_start, next);
            }
          g_array_append_vals (resolved->lonlat, region->lonlat, 2 * region->part_start[region->n_parts]);
        }

      if (!matched)
        {
          g_autofree char *shown = shorten (value, QUOTE_CHARS);

          return invalid (ctx, "region %s not found in layer %s", shown, layer_shown);
        }
    }

  if (resolved->part_start->len == 1)
    return invalid (ctx, "the regions in layer %s have no outline", layer_shown);
  return TRUE;
}

gboolean
sitmap_story_resolve_regions (SitmapStory  *self,
                              const char   *layer_name,
                              SitmapLayer  *layer,
                              GError      **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  Ctx ctx = { 0 };

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (layer_name != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.file = self->display_name;
  ctx.code = SITMAP_STORY_ERROR_INVALID_FEATURE;
  ctx.error = error;
  pending = g_ptr_array_new_with_free_func (resolved_free);

  /* Everything is collected before anything changes, so a failure leaves
   * the story as it was. */
  for (guint i = 0; i < self->features->len; i++)
    {
      const SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, i);
      Resolved *resolved;
      guint zero = 0;

      if (feature->regions_layer == NULL || strcmp (feature->regions_layer, layer_name) != 0)
        continue;

      resolved = g_new0 (Resolved, 1);
      resolved->index = i;
      resolved->part_start = g_array_new (FALSE, FALSE, sizeof (guint));
      resolved->lonlat = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_val (resolved->part_start, zero);
      g_ptr_array_add (pending, resolved);

      ctx.feature = feature->id;
      if (!collect_regions (&ctx, feature, layer_name, layer, resolved))
        return FALSE;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      Resolved *resolved = g_ptr_array_index (pending, i);
      SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, resolved->index);

      g_free (feature->part_start);
      g_free (feature->lonlat);
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      feature->n_parts = resolved->part_start->len - 1;
      feature->part_start = g_array_steal (resolved->part_start, NULL);
      feature->lonlat = g_array_steal (resolved->lonlat, NULL);
      polygon_anchor (feature);
    }

  return TRUE;
}

/* ---- Names and figures -------------------------------------------------- */

const char *
sitmap_story_kind_to_string (SitmapStoryKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

char *
sitmap_figure_format (const SitmapFigure *figure)
{
  GString *out;

  g_return_val_if_fail (figure != NULL, NULL);

  out = g_string_new (NULL);
  if (figure->qualifier != NULL && *figure->qualifier != '\0')
    g_string_append_printf (out, "%s ", figure->qualifier);
  if (figure->is_range)
    {
      append_number (out, figure->low);
      g_string_append (out, "–");
      append_number (out, figure->high);
    }
  else
    append_number (out, figure->value);
  if (figure->unit != NULL && *figure->unit != '\0')
    g_string_append_printf (out, " %s", figure->unit);

  return g_string_free (out, FALSE);
}
