/* sitmap-dbf-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-dbf-text.h"

#include <string.h>

#include "sitmap-shapefile.h"

/* DBF files say little of their encoding and say it wrong often: a .cpg
 * or a language-driver byte names a code page by one of many spellings,
 * and the bytes themselves have the last word. */

typedef enum
{
  DECODE_UTF8,
  DECODE_ICONV,
  /* Nothing (usable) declared: UTF-8 when the bytes are valid UTF-8,
   * else CP1252, which is what undeclared 8-bit DBF text usually is. */
  DECODE_GUESS,
} DecodeMode;

struct _SitmapDbfDecoder
{
  DecodeMode  mode;
  GIConv      conv;
  /* A language-driver byte is often left at its default by the writer, so
   * text that is valid UTF-8 wins over the code page it names. */
  gboolean    prefer_utf8;
};

const char *
sitmap_shapefile_codepage_for_ldid (guint8 ldid)
{
  /* The dBase/FoxPro language-driver ids.  Kamenicky (0x68), Mazovia
   * (0x69) and a few others have no iconv converter and give NULL. */
  switch (ldid)
    {
    case 0x01: case 0x09: case 0x0B: case 0x0D: case 0x0F: case 0x11:
    case 0x15: case 0x18: case 0x19: case 0x1B: case 0x5E: case 0x5F:
      return "CP437";
    case 0x02: case 0x0A: case 0x0C: case 0x0E: case 0x10: case 0x12:
    case 0x14: case 0x16: case 0x1A: case 0x1D: case 0x25: case 0x37:
    case 0x60: case 0x9C:
      return "CP850";
    case 0x03: case 0x57: case 0x58: case 0x59: case 0x61: case 0x62:
      return "CP1252";
    case 0x04:
      return "MACINTOSH";
    case 0x08: case 0x17: case 0x66:
      return "CP865";
    case 0x13: case 0x56: case 0x7B:
      return "CP932";
    case 0x1C: case 0x6C:
      return "CP863";
    case 0x1F: case 0x22: case 0x23: case 0x40: case 0x64: case 0x87:
      return "CP852";
    case 0x24:
      return "CP860";
    case 0x26: case 0x65:
      return "CP866";
    case 0x4D: case 0x7A:
      return "CP936";
    case 0x4E: case 0x79:
      return "CP949";
    case 0x4F: case 0x78:
      return "CP950";
    case 0x50: case 0x7C:
      return "CP874";
    case 0x67:
      return "CP861";
    case 0x6A: case 0x86:
      return "CP737";
    case 0x6B: case 0x88:
      return "CP857";
    case 0x7D:
      return "CP1255";
    case 0x7E:
      return "CP1256";
    case 0x85:
      return "CP862";
    case 0x96:
      return "MAC-CYRILLIC";
    case 0x97:
      return "MAC-CENTRALEUROPE";
    case 0x9B: case 0xC8:
      return "CP1250";
    case 0xC9:
      return "CP1251";
    case 0xCA:
      return "CP1254";
    case 0xCB:
      return "CP1253";
    case 0xCC:
      return "CP1257";
    default:
      return NULL;
    }
}

static gboolean
is_all_digits (const char *s)
{
  if (*s == '\0')
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isdigit (*s))
      return FALSE;
  return TRUE;
}

/* Windows code page numbers, as .cpg files give them ("1251", "65001",
 * "28591") or as the tail of "88591"-style ISO names. */
static char *
codepage_for_number (const char *digits)
{
  guint64 n;

  if (g_str_has_prefix (digits, "8859") && digits[4] != '\0')
    return g_strdup_printf ("ISO-8859-%s", digits + 4);

  if (!g_ascii_string_to_unsigned (digits, 10, 1, G_MAXUINT32, &n, NULL))
    return NULL;

  switch (n)
    {
    case 65001:
      return g_strdup ("UTF-8");
    case 20127:
      /* Files that say ASCII still hold the odd accented letter. */
      return g_strdup ("CP1252");
    case 20866:
      return g_strdup ("KOI8-R");
    case 21866:
      return g_strdup ("KOI8-U");
    case 54936:
      return g_strdup ("GB18030");
    case 10000:
      return g_strdup ("MACINTOSH");
    case 10007:
      return g_strdup ("MAC-CYRILLIC");
    case 10029:
      return g_strdup ("MAC-CENTRALEUROPE");
    case 20932: case 51932:
      return g_strdup ("EUC-JP");
    case 51949:
      return g_strdup ("EUC-KR");
    default:
      break;
    }

  if (n >= 28591 && n <= 28606)
    return g_strdup_printf ("ISO-8859-%u", (guint)(n - 28590));

  return g_strdup_printf ("CP%u", (guint)n);
}

/* Maps the many spellings found in .cpg files ("UTF8", "ANSI 1251",
 * "88591", "Latin-1", "LDID/87" from DBFGetCodePage …) to an iconv name.
 * NULL means no code page is named. */
static char *
normalise_codepage (const char *codepage)
{
  static const char * const number_prefixes[] = {
    "ANSI", "OEM", "CP", "WINDOWS", "WIN", "MS", "IBM", "DOS",
  };
  static const struct { const char *key; const char *charset; } names[] = {
    { "UTF8", "UTF-8" }, { "UTF8BOM", "UTF-8" }, { "UNICODE", "UTF-8" },
    { "ANSI", "CP1252" }, { "OEM", "CP437" },
    { "ASCII", "CP1252" }, { "USASCII", "CP1252" },
    { "SJIS", "SHIFT_JIS" }, { "SHIFTJIS", "SHIFT_JIS" },
    { "GBK", "GBK" }, { "GB2312", "GBK" }, { "EUCCN", "GBK" },
    { "GB18030", "GB18030" }, { "BIG5", "BIG5" },
    { "EUCJP", "EUC-JP" }, { "EUCKR", "EUC-KR" },
    { "KOI8R", "KOI8-R" }, { "KOI8U", "KOI8-U" },
    { "MACINTOSH", "MACINTOSH" }, { "MACROMAN", "MACINTOSH" },
  };
  /* Latin-1 … Latin-10 in ISO-8859 numbering. */
  static const guint latin_parts[] = { 1, 2, 3, 4, 9, 10, 13, 14, 15, 16 };
  g_autofree char *trimmed = NULL;
  g_autoptr(GString) key = NULL;
  const char *text;

  if (codepage == NULL)
    return NULL;

  text = codepage;
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  /* Control characters are no part of a name: DOS editors end a file with
   * ^Z, and iconv would take "^ZUTF-8" for UTF-8 without its checks. */
  trimmed = g_strdup (text);
  {
    char *out = trimmed;

    for (const char *p = trimmed; *p != '\0'; p++)
      if ((guchar)*p >= 0x20 && *p != 0x7F)
        *out++ = *p;
    *out = '\0';
  }
  g_strstrip (trimmed);

  if (g_ascii_strncasecmp (trimmed, "LDID/", 5) == 0)
    {
      guint64 ldid;

      if (!g_ascii_string_to_unsigned (trimmed + 5, 10, 0, 255, &ldid, NULL))
        return NULL;
      return g_strdup (sitmap_shapefile_codepage_for_ldid ((guint8)ldid));
    }

  /* Compare without case, separators or ":1987"-style suffixes. */
  key = g_string_new (NULL);
  for (const char *p = trimmed; *p != '\0' && *p != ':'; p++)
    if (strchr (" -_.", *p) == NULL)
      g_string_append_c (key, g_ascii_toupper (*p));

  if (key->len == 0 || strcmp (key->str, "SYSTEM") == 0)
    return NULL;

  if (is_all_digits (key->str))
    return codepage_for_number (key->str);

  for (guint i = 0; i < G_N_ELEMENTS (number_prefixes); i++)
    if (g_str_has_prefix (key->str, number_prefixes[i]) &&
        is_all_digits (key->str + strlen (number_prefixes[i])))
      return codepage_for_number (key->str + strlen (number_prefixes[i]));

  if (g_str_has_prefix (key->str, "ISO8859") && is_all_digits (key->str + 7))
    return g_strdup_printf ("ISO-8859-%s", key->str + 7);

  if (g_str_has_prefix (key->str, "LATIN") && is_all_digits (key->str + 5))
    {
      guint64 n;

      if (g_ascii_string_to_unsigned (key->str + 5, 10, 1,
                                      G_N_ELEMENTS (latin_parts), &n, NULL))
        return g_strdup_printf ("ISO-8859-%u", latin_parts[n - 1]);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (key->str, names[i].key) == 0)
      return g_strdup (names[i].charset);

  /* Perhaps iconv knows it by this name. */
  return g_steal_pointer (&trimmed);
}

void
sitmap_dbf_decoder_free (SitmapDbfDecoder *self)
{
  if (self == NULL)
    return;
  if (self->conv != (GIConv)-1)
    g_iconv_close (self->conv);
  g_free (self);
}

SitmapDbfDecoder *
sitmap_dbf_decoder_new (const char *codepage)
{
  SitmapDbfDecoder *self = g_new0 (SitmapDbfDecoder, 1);
  g_autofree char *charset = normalise_codepage (codepage);

  self->conv = (GIConv)-1;
  self->prefer_utf8 = codepage != NULL && g_ascii_strncasecmp (codepage, "LDID/", 5) == 0;

  if (charset != NULL && g_ascii_strcasecmp (charset, "UTF-8") == 0)
    {
      self->mode = DECODE_UTF8;
      return self;
    }

  if (charset != NULL)
    {
      self->conv = g_iconv_open ("UTF-8", charset);
      if (self->conv != (GIConv)-1)
        {
          self->mode = DECODE_ICONV;
          return self;
        }
      g_debug ("No converter for code page “%s”, guessing", charset);
    }

  self->mode = DECODE_GUESS;
  self->conv = g_iconv_open ("UTF-8", "CP1252");
  return self;
}

/* Like g_convert_with_iconv() but never fails: a byte the code page does
 * not define becomes U+FFFD and decoding goes on after it. */
static char *
convert_lossy (GIConv      conv,
               const char *raw,
               gsize       len)
{
  GString *out = g_string_sized_new (len * 2 + 1);
  char buffer[1024];
  char *in = (char *)raw;
  gsize in_left = len;

  /* Drop any shift state a previous string left behind. */
  g_iconv (conv, NULL, NULL, NULL, NULL);

  while (in_left > 0)
    {
      char *outp = buffer;
      gsize out_left = sizeof buffer;
      gsize r = g_iconv (conv, &in, &in_left, &outp, &out_left);
      int saved_errno = errno;

      g_string_append_len (out, buffer, outp - buffer);

      if (r != (gsize)-1)
        continue;

      if (saved_errno == E2BIG)
        continue;
      else if (saved_errno == EILSEQ)
        {
          g_string_append (out, "\xEF\xBF\xBD");
          in++;
          in_left--;
        }
      else
        {
          /* EINVAL: an incomplete sequence at the end of the text. */
          g_string_append (out, "\xEF\xBF\xBD");
          break;
        }
    }

  /* CP1255 and CP1258 hold back a letter in case a combining mark
   * follows; flushing lets it out. */
  {
    char *outp = buffer;
    gsize out_left = sizeof buffer;

    g_iconv (conv, NULL, NULL, &outp, &out_left);
    g_string_append_len (out, buffer, outp - buffer);
  }

  return g_string_free (out, FALSE);
}

/* Valid UTF-8 from bytes that should be UTF-8.  A DBF field cut at its
 * width can end inside a character; that stub is dropped, not shown. */
static char *
make_valid_utf8 (const char *raw,
                 gsize       len)
{
  const char *end;

  if (g_utf8_validate (raw, len, &end))
    return g_strndup (raw, len);

  if (len - (end - raw) < 4)
    {
      guchar lead = (guchar)*end;
      gsize needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
      gboolean stub = needed > len - (end - raw);

      for (const char *p = end + 1; stub && p < raw + len; p++)
        stub = ((guchar)*p & 0xC0) == 0x80;

      if (stub)
        len = end - raw;
    }

  return g_utf8_make_valid (raw, len);
}

/* Control characters are never meant as text in an attribute: line breaks
 * and tabs become spaces, the rest (C0, DEL, C1, BOM) go.  Every decoded
 * field name, attribute and name passes here, so here is where the text
 * is made valid UTF-8 too: iconv's converters do not all promise it (glibc
 * reads "UTF-8" as the old 31-bit form and passes five-byte sequences
 * through), and walking invalid UTF-8 by lead bytes would step over the
 * control characters after it, or past the end. */
static char *
clean_text (char *text)
{
  char *out;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    {
      char *valid = g_utf8_make_valid (text, -1);

      g_free (text);
      text = valid;
    }
  out = text;
  p = text;

  while (*p != '\0')
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == '\t' || c == '\n' || c == '\r')
        *out++ = ' ';
      else if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0xFEFF)
        ;
      else
        {
          memmove (out, p, next - p);
          out += next - p;
        }
      p = next;
    }
  *out = '\0';

  return g_strstrip (text);
}

char *
sitmap_dbf_decoder_decode (SitmapDbfDecoder *self,
                           const char       *raw)
{
  gsize len;
  gsize start;
  gboolean plain = TRUE;
  char *text;

  if (raw == NULL)
    return g_strdup ("");

  /* Most attribute values are plain ASCII: no conversion, no copying
   * beyond the trimmed result. */
  for (len = 0; raw[len] != '\0'; len++)
    if ((guchar)raw[len] < 0x20 || (guchar)raw[len] > 0x7E)
      plain = FALSE;

  if (plain)
    {
      for (start = 0; start < len && raw[start] == ' '; start++)
        ;
      while (len > start && raw[len - 1] == ' ')
        len--;
      return g_strndup (raw + start, len - start);
    }

  if (self->mode == DECODE_UTF8)
    text = make_valid_utf8 (raw, len);
  else if ((self->mode == DECODE_GUESS || self->prefer_utf8) &&
           g_utf8_validate (raw, len, NULL))
    text = g_strndup (raw, len);
  else if (self->conv != (GIConv)-1)
    text = convert_lossy (self->conv, raw, len);
  else
    text = g_utf8_make_valid (raw, len);

  return clean_text (text);
}

char *
sitmap_shapefile_decode_text (const char *raw,
                              const char *codepage)
{
  g_autoptr(SitmapDbfDecoder) decoder = NULL;

  if (raw == NULL)
    return g_strdup ("");

  decoder = sitmap_dbf_decoder_new (codepage);
  return sitmap_dbf_decoder_decode (decoder, raw);
}
