/* sitmap-shapefile.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-shapefile.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <shapefil.h>

G_DEFINE_QUARK (sitmap-shapefile-error-quark, sitmap_shapefile_error)

#define SHP_HEADER_SIZE   100
#define SHP_MAGIC         9994
#define SHP_VERSION       1000
#define PRJ_MAX_SIZE      (64 * 1024)
#define CPG_MAX_SIZE      4096

/* Coordinates this far past ±180°/±90° still count as longitude/latitude:
 * writers round, and some data sets reach -180.0000001. */
#define LONLAT_EPSILON    1e-3

/* ---- Text decoding ------------------------------------------------------ */

typedef enum
{
  DECODE_UTF8,
  DECODE_ICONV,
  /* Nothing (usable) declared: UTF-8 when the bytes are valid UTF-8,
   * else CP1252, which is what undeclared 8-bit DBF text usually is. */
  DECODE_GUESS,
} DecodeMode;

typedef struct
{
  DecodeMode  mode;
  GIConv      conv;
  /* A language-driver byte is often left at its default by the writer, so
   * text that is valid UTF-8 wins over the code page it names. */
  gboolean    prefer_utf8;
} Decoder;

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

static void
decoder_free (Decoder *self)
{
  if (self == NULL)
    return;
  if (self->conv != (GIConv)-1)
    g_iconv_close (self->conv);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Decoder, decoder_free)

static Decoder *
decoder_new (const char *codepage)
{
  Decoder *self = g_new0 (Decoder, 1);
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

static char *
decoder_decode (Decoder    *self,
                const char *raw)
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
  g_autoptr(Decoder) decoder = NULL;

  if (raw == NULL)
    return g_strdup ("");

  decoder = decoder_new (codepage);
  return decoder_decode (decoder, raw);
}

/* ---- shapelib hooks ------------------------------------------------------
 *
 * shapelib opens the .shp, .shx and .dbf itself and reports problems on
 * stderr.  Its hooks carry no user data in 1.5, so the state of the load in
 * progress on this thread is reached through a thread-local pointer.  The
 * hooks pick the files the loader resolved (whatever the case of their
 * extensions), serve an index rebuilt in memory when the .shx is missing
 * or damaged, refuse every write, and keep error messages for GError. */

typedef struct
{
  const char *shp_path;
  const char *shx_path;      /* NULL if missing */
  const char *dbf_path;      /* NULL if missing */
  /* sitmap_shapefile_load_from_memory(): the files themselves, NULL if
   * missing; the paths above are then unused. */
  gboolean    in_memory;
  GBytes     *shp_bytes;
  GBytes     *shx_bytes;
  GBytes     *dbf_bytes;
  guint8     *shx_data;      /* rebuilt index, or NULL */
  gsize       shx_size;
  char       *last_error;
} HookState;

typedef struct
{
  FILE         *fp;
  const guint8 *data;        /* in-memory file when fp is NULL */
  gsize         size;
  gsize         pos;
} HookFile;

static _Thread_local HookState *hook_state;

static gboolean
has_extension (const char *filename,
               const char *ext)
{
  const char *dot = strrchr (filename, '.');

  return dot != NULL && g_ascii_strcasecmp (dot + 1, ext) == 0;
}

static SAFile
hook_file_new_from_bytes (GBytes *bytes)
{
  HookFile *file;

  if (bytes == NULL)
    return NULL;

  file = g_new0 (HookFile, 1);
  file->data = g_bytes_get_data (bytes, &file->size);
  return (SAFile)(gpointer)file;
}

static SAFile
hook_fopen (const char *filename,
            const char *access)
{
  HookFile *file;
  const char *real_path = filename;
  FILE *fp;

  if (strpbrk (access, "wa+") != NULL)
    return NULL;

  if (hook_state != NULL && hook_state->in_memory)
    {
      if (has_extension (filename, "shp"))
        return hook_file_new_from_bytes (hook_state->shp_bytes);
      else if (has_extension (filename, "shx"))
        {
          if (hook_state->shx_data != NULL)
            {
              file = g_new0 (HookFile, 1);
              file->data = hook_state->shx_data;
              file->size = hook_state->shx_size;
              return (SAFile)(gpointer)file;
            }
          return hook_file_new_from_bytes (hook_state->shx_bytes);
        }
      else if (has_extension (filename, "dbf"))
        return hook_file_new_from_bytes (hook_state->dbf_bytes);
      return NULL;
    }

  if (hook_state != NULL)
    {
      if (has_extension (filename, "shp"))
        real_path = hook_state->shp_path;
      else if (has_extension (filename, "shx"))
        {
          if (hook_state->shx_data != NULL)
            {
              file = g_new0 (HookFile, 1);
              file->data = hook_state->shx_data;
              file->size = hook_state->shx_size;
              return (SAFile)(gpointer)file;
            }
          real_path = hook_state->shx_path;
        }
      else if (has_extension (filename, "dbf"))
        real_path = hook_state->dbf_path;
      else
        /* The .cpg is read by the loader, not by shapelib. */
        real_path = NULL;
    }

  if (real_path == NULL)
    return NULL;

  fp = g_fopen (real_path, "rb");
  if (fp == NULL)
    return NULL;

  file = g_new0 (HookFile, 1);
  file->fp = fp;
  return (SAFile)(gpointer)file;
}

static SAOffset
hook_fread (void     *p,
            SAOffset  size,
            SAOffset  nmemb,
            SAFile    f)
{
  HookFile *file = (HookFile *)(gpointer)f;
  gsize available;
  gsize count;

  if (file->fp != NULL)
    return fread (p, size, nmemb, file->fp);

  if (size == 0 || file->pos >= file->size)
    return 0;
  available = file->size - file->pos;
  count = MIN (nmemb, available / size);
  memcpy (p, file->data + file->pos, count * size);
  file->pos += count * size;
  return count;
}

static SAOffset
hook_fwrite (void     *p,
             SAOffset  size,
             SAOffset  nmemb,
             SAFile    f)
{
  return 0;
}

static SAOffset
hook_fseek (SAFile   f,
            SAOffset offset,
            int      whence)
{
  HookFile *file = (HookFile *)(gpointer)f;

  if (file->fp != NULL)
    return fseeko (file->fp, (off_t)offset, whence) == 0 ? 0 : (SAOffset)-1;

  switch (whence)
    {
    case SEEK_SET:
      file->pos = offset;
      break;
    case SEEK_CUR:
      file->pos += offset;
      break;
    case SEEK_END:
      file->pos = file->size + offset;
      break;
    default:
      return (SAOffset)-1;
    }
  return 0;
}

static SAOffset
hook_ftell (SAFile f)
{
  HookFile *file = (HookFile *)(gpointer)f;

  if (file->fp != NULL)
    return (SAOffset)ftello (file->fp);
  return file->pos;
}

static int
hook_fflush (SAFile f)
{
  return 0;
}

static int
hook_fclose (SAFile f)
{
  HookFile *file = (HookFile *)(gpointer)f;
  int ret = 0;

  if (file->fp != NULL)
    ret = fclose (file->fp);
  g_free (file);
  return ret;
}

static int
hook_remove (const char *filename)
{
  return -1;
}

static void
hook_error (const char *message)
{
  char *text;

  if (hook_state == NULL)
    {
      g_debug ("shapelib: %s", message);
      return;
    }

  /* Our messages are one line; some of shapelib's are not. */
  text = g_strstrip (g_strdelimit (g_strdup (message), "\r\n", ' '));
  if (g_str_has_suffix (text, "."))
    text[strlen (text) - 1] = '\0';

  g_free (hook_state->last_error);
  hook_state->last_error = text;
}

static double
hook_atof (const char *str)
{
  /* atof() follows the locale; DBF numbers always use a decimal point. */
  return g_ascii_strtod (str, NULL);
}

/* ---- The loader --------------------------------------------------------- */

typedef struct
{
  const char          *path;
  char                *display;       /* the path, for messages */
  char                *stem;          /* its base name without extension */
  GBytes              *prj_bytes;     /* in memory only */
  GBytes              *cpg_bytes;
  char                *shx_path;
  char                *dbf_path;
  gsize                shp_size;      /* real size */
  gsize                header_size;   /* as the header says */
  int                  shape_type;
  SitmapGeometryKind   kind;

  HookState            hooks_state;
  SAHooks              hooks;
  SHPHandle            shp;
  DBFHandle            dbf;
  Decoder             *decoder;
  SitmapCrsTransform  *crs;            /* NULL when no work is needed */
  gboolean             have_prj;
  gboolean             header_is_lonlat;

  /* Name candidates, field indexes in priority order. */
  GArray              *name_fields;
  guint                n_fields;
  gboolean            *field_is_string;
  guint                n_dbf_unreadable;

  GPtrArray           *warnings;
  guint                n_bad;
  char                *first_bad;
  guint                n_not_lonlat;
  char                *first_not_lonlat;
} Loader;

static void
loader_free (Loader *self)
{
  /* Nothing may leave the hooks pointing at freed state. */
  if (hook_state == &self->hooks_state)
    hook_state = NULL;

  g_clear_pointer (&self->shp, SHPClose);
  g_clear_pointer (&self->dbf, DBFClose);
  g_clear_pointer (&self->decoder, decoder_free);
  g_clear_pointer (&self->crs, sitmap_crs_transform_free);
  g_clear_pointer (&self->name_fields, g_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self->field_is_string);
  g_free (self->first_not_lonlat);
  g_free (self->hooks_state.shx_data);
  g_free (self->hooks_state.last_error);
  g_clear_pointer (&self->hooks_state.shp_bytes, g_bytes_unref);
  g_clear_pointer (&self->hooks_state.shx_bytes, g_bytes_unref);
  g_clear_pointer (&self->hooks_state.dbf_bytes, g_bytes_unref);
  g_clear_pointer (&self->prj_bytes, g_bytes_unref);
  g_clear_pointer (&self->cpg_bytes, g_bytes_unref);
  g_free (self->display);
  g_free (self->stem);
  g_free (self->shx_path);
  g_free (self->dbf_path);
  g_free (self->first_bad);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loader, loader_free)

static void loader_warn (Loader     *self,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* Warnings are kept until the layer exists, which is only once the .dbf
 * has told its field names. */
static void
loader_warn (Loader     *self,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static guint32
read_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint32
read_le32 (const guint8 *p)
{
  return ((guint32)p[3] << 24) | ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
}

static void
write_be32 (guint8  *p,
            guint32  value)
{
  p[0] = value >> 24;
  p[1] = value >> 16;
  p[2] = value >> 8;
  p[3] = value;
}

static char *
display_basename (const char *path)
{
  return g_filename_display_basename (path);
}

/* The name of a file of the set for messages: the file's own name when
 * there is one, else the .shp's stem with ext. */
static char *
side_name (Loader     *self,
           const char *path,
           const char *ext)
{
  if (path != NULL)
    return display_basename (path);
  return g_strconcat (self->stem, ".", ext, NULL);
}

/* The file beside the .shp with the given extension: lower case, upper
 * case, or any mix found by listing the folder. */
static char *
find_sibling (const char *shp_path,
              const char *ext)
{
  g_autofree char *dir = g_path_get_dirname (shp_path);
  g_autofree char *base = g_path_get_basename (shp_path);
  g_autofree char *stem = NULL;
  g_autofree char *upper = NULL;
  g_autofree char *wanted = NULL;
  g_autoptr(GDir) listing = NULL;
  char *dot = strrchr (base, '.');
  char *candidate;
  const char *name;

  stem = dot != NULL && dot != base ? g_strndup (base, dot - base) : g_strdup (base);

  wanted = g_strconcat (stem, ".", ext, NULL);
  candidate = g_build_filename (dir, wanted, NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
    return candidate;
  g_free (candidate);

  upper = g_ascii_strup (ext, -1);
  candidate = g_strconcat (dir, G_DIR_SEPARATOR_S, stem, ".", upper, NULL);
  if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
    return candidate;
  g_free (candidate);

  listing = g_dir_open (dir, 0, NULL);
  if (listing == NULL)
    return NULL;
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_ascii_strcasecmp (name, wanted) == 0)
      {
        candidate = g_build_filename (dir, name, NULL);
        if (g_file_test (candidate, G_FILE_TEST_IS_REGULAR))
          return candidate;
        g_free (candidate);
      }

  return NULL;
}

/* Reads a small side file (.prj, .cpg) whole, from path or, in memory,
 * from bytes; FALSE with error when it cannot be read or is larger than
 * max_size.  what says in words what the file should hold. */
static gboolean
read_side_file (Loader      *self,
                const char  *path,
                GBytes      *bytes,
                const char  *ext,
                gsize        max_size,
                const char  *what,
                char       **contents,
                GError     **error)
{
  g_autofree char *name = side_name (self, path, ext);
  g_autoptr(GError) local_error = NULL;
  GStatBuf st;
  gsize length;

  if (bytes != NULL)
    {
      const char *data = g_bytes_get_data (bytes, &length);

      /* An empty GBytes may hold no data pointer at all. */
      *contents = length <= max_size ? g_strndup (data != NULL ? data : "", length) : NULL;
    }
  else if (g_stat (path, &st) == 0 && (guint64)st.st_size > max_size)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   "%s: %s is over %" G_GSIZE_FORMAT " KiB, too large to be %s",
                   self->display, name, max_size / 1024, what);
      return FALSE;
    }

  else if (!g_file_get_contents (path, contents, &length, &local_error))
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                   "%s: %s cannot be read (%s)", self->display, name, local_error->message);
      return FALSE;
    }

  if (*contents == NULL || length > max_size)
    {
      g_clear_pointer (contents, g_free);
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   "%s: %s is over %" G_GSIZE_FORMAT " KiB, too large to be %s",
                   self->display, name, max_size / 1024, what);
      return FALSE;
    }

  /* Text files: anything after an embedded NUL is not meant. */
  if (memchr (*contents, '\0', length) != NULL)
    length = strlen (*contents);
  if (!g_utf8_validate (*contents, length, NULL))
    {
      char *valid = g_utf8_make_valid (*contents, length);

      g_free (*contents);
      *contents = valid;
    }

  return TRUE;
}

static gboolean
kind_for_shape_type (int                 type,
                     SitmapGeometryKind *kind)
{
  switch (type)
    {
    case SHPT_POINT: case SHPT_POINTZ: case SHPT_POINTM:
    case SHPT_MULTIPOINT: case SHPT_MULTIPOINTZ: case SHPT_MULTIPOINTM:
      *kind = SITMAP_GEOMETRY_POINTS;
      return TRUE;
    case SHPT_ARC: case SHPT_ARCZ: case SHPT_ARCM:
      *kind = SITMAP_GEOMETRY_LINES;
      return TRUE;
    case SHPT_POLYGON: case SHPT_POLYGONZ: case SHPT_POLYGONM:
    /* A multipatch is a 3-D surface; seen from above its patches are
     * areas, drawn as the outline of each part (see build_geometry). */
    case SHPT_MULTIPATCH:
      *kind = SITMAP_GEOMETRY_POLYGONS;
      return TRUE;
    default:
      return FALSE;
    }
}

/* The first bytes of the .shp, up to a header's worth, and its real size. */
static gboolean
read_shp_start (Loader  *self,
                guint8   header[SHP_HEADER_SIZE],
                gsize   *n_read,
                GError **error)
{
  GStatBuf st;
  FILE *fp;
  int saved_errno;

  if (self->hooks_state.in_memory)
    {
      const guint8 *data = g_bytes_get_data (self->hooks_state.shp_bytes, &self->shp_size);

      *n_read = MIN (self->shp_size, SHP_HEADER_SIZE);
      if (*n_read > 0)
        memcpy (header, data, *n_read);
      return TRUE;
    }

  fp = g_fopen (self->path, "rb");
  if (fp == NULL)
    {
      saved_errno = errno;
      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                     "%s: no such file", self->display);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                     "%s: cannot be opened (%s)", self->display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fileno (fp), &st) != 0 || !S_ISREG (st.st_mode))
    {
      fclose (fp);
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   "%s: not a shapefile (not a regular file)", self->display);
      return FALSE;
    }
  self->shp_size = st.st_size;

  *n_read = fread (header, 1, SHP_HEADER_SIZE, fp);
  fclose (fp);
  return TRUE;
}

/* Our own look at the header before shapelib trusts it: shapelib checks
 * neither the magic number of the .shp nor its length. */
static gboolean
check_header (Loader  *self,
              GError **error)
{
  guint8 header[SHP_HEADER_SIZE];
  gsize n_read = 0;

  if (!read_shp_start (self, header, &n_read, error))
    return FALSE;

  if (self->shp_size == 0)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   "%s: not a shapefile (the file is empty)", self->display);
      return FALSE;
    }

  if (n_read < sizeof header)
    {
      if (n_read >= 4 && read_be32 (header) == SHP_MAGIC)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     "%s: the file is truncated (%" G_GSIZE_FORMAT " bytes, less than its header)",
                     self->display, n_read);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                     "%s: not a shapefile (bad header)", self->display);
      return FALSE;
    }

  if (read_be32 (header) != SHP_MAGIC || read_le32 (header + 28) != SHP_VERSION)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   "%s: not a shapefile (bad header)", self->display);
      return FALSE;
    }

  self->header_size = (gsize)read_be32 (header + 24) * 2;
  self->shape_type = (int)read_le32 (header + 32);

  if (self->shape_type == SHPT_NULL)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                   "%s: the shapefile holds no shapes (its type is “null shape”)",
                   self->display);
      return FALSE;
    }

  if (!kind_for_shape_type (self->shape_type, &self->kind))
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   "%s: shape type %d is not supported", self->display, self->shape_type);
      return FALSE;
    }

  return TRUE;
}

/* Walks the record headers of the .shp and builds the index shapelib
 * needs; used when the .shx is missing or damaged.  The .shp must be whole:
 * without an index there is no telling how much of a cut file is left. */
static gboolean
rebuild_index (Loader      *self,
               const char  *why,
               GError     **error)
{
  g_autoptr(GByteArray) index = g_byte_array_new ();
  guint8 header[SHP_HEADER_SIZE];
  gsize limit = self->shp_size;
  gsize offset = SHP_HEADER_SIZE;
  guint n_records = 0;
  SAFile fp;

  /* Bytes past the length in the header are junk some writers leave. */
  if (self->header_size >= SHP_HEADER_SIZE && self->header_size < limit)
    limit = self->header_size;

  if (self->header_size > self->shp_size)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                   "%s: the file is truncated (%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                   " bytes) and %s",
                   self->display, self->shp_size, self->header_size, why);
      return FALSE;
    }

  /* Through the hooks, so that files in memory are read the same way. */
  errno = 0;
  fp = self->hooks.FOpen (self->path, "rb");
  if (fp == NULL || self->hooks.FRead (header, 1, sizeof header, fp) != sizeof header)
    {
      int saved_errno = errno;

      if (fp != NULL)
        self->hooks.FClose (fp);
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                   "%s: cannot be read (%s)", self->display,
                   saved_errno != 0 ? g_strerror (saved_errno) : "short read");
      return FALSE;
    }

  g_byte_array_append (index, header, sizeof header);

  while (offset < limit)
    {
      guint8 record[8];
      guint8 entry[8];
      gsize content;

      if (limit - offset < 8 ||
          self->hooks.FSeek (fp, offset, SEEK_SET) != 0 ||
          self->hooks.FRead (record, 1, sizeof record, fp) != sizeof record)
        break;

      /* Every record holds at least its 4-byte shape type. */
      content = (gsize)read_be32 (record + 4) * 2;
      if (content < 4 || content > limit - offset - 8)
        break;

      write_be32 (entry, offset / 2);
      write_be32 (entry + 4, content / 2);
      g_byte_array_append (index, entry, sizeof entry);
      n_records++;
      offset += 8 + content;
    }
  self->hooks.FClose (fp);

  if (offset < limit)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                   "%s: record %u at byte %" G_GSIZE_FORMAT " is damaged and %s",
                   self->display, n_records + 1, offset, why);
      return FALSE;
    }

  write_be32 (index->data + 24, index->len / 2);

  g_free (self->hooks_state.shx_data);
  self->hooks_state.shx_size = index->len;
  self->hooks_state.shx_data = g_byte_array_free (g_steal_pointer (&index), FALSE);
  return TRUE;
}

/* Size of an open file of the set, or G_MAXSIZE when unknown. */
static gsize
hook_file_size (Loader *self,
                SAFile  fp)
{
  SAOffset size;

  if (self->hooks.FSeek (fp, 0, SEEK_END) != 0)
    return G_MAXSIZE;
  size = self->hooks.FTell (fp);
  if (size == (SAOffset)-1)
    return G_MAXSIZE;
  return size;
}

/* shapelib sizes its index from the length the .shx header states and
 * allocates for that many records before reading them: a lying header
 * costs gigabytes.  Held to the real size, the index costs at most twice
 * the .shx.  NULL when the .shx looks whole, else what is wrong. */
static const char *
check_shx (Loader *self)
{
  guint8 header[SHP_HEADER_SIZE];
  g_autofree char *name = self->shx_path != NULL ? g_strdup (self->shx_path)
                                                 : g_strconcat (self->stem, ".shx", NULL);
  const char *problem = NULL;
  gsize real_size;
  gsize stated_size;
  SAFile fp;

  fp = self->hooks.FOpen (name, "rb");
  if (fp == NULL)
    return "it cannot be opened";

  real_size = hook_file_size (self, fp);
  if (self->hooks.FSeek (fp, 0, SEEK_SET) != 0 ||
      self->hooks.FRead (header, 1, sizeof header, fp) != sizeof header)
    problem = "it is shorter than its header";
  else if (read_be32 (header) != SHP_MAGIC || read_le32 (header + 28) != SHP_VERSION)
    problem = "its header is not a shapefile index header";
  else
    {
      stated_size = (gsize)read_be32 (header + 24) * 2;
      if (stated_size < SHP_HEADER_SIZE || stated_size > real_size)
        problem = "its header states a length the file does not have";
    }

  self->hooks.FClose (fp);
  return problem;
}

/* Every index entry against the bytes really present; the first bad
 * entry's number (from 1), or 0 when all are good. */
static int
first_bad_index_entry (Loader *self)
{
  for (int i = 0; i < self->shp->nRecords; i++)
    {
      guint64 offset = self->shp->panRecOffset[i];
      guint64 size = self->shp->panRecSize[i];

      if (offset < SHP_HEADER_SIZE || size < 4 || offset + 8 + size > self->shp_size)
        return i + 1;
    }
  return 0;
}

static gboolean
open_shp (Loader  *self,
          GError **error)
{
  g_autofree char *shx_name = NULL;
  g_autofree char *why = NULL;
  const char *problem = NULL;
  gboolean have_shx;

  if (self->hooks_state.in_memory)
    have_shx = self->hooks_state.shx_bytes != NULL;
  else
    {
      self->shx_path = find_sibling (self->path, "shx");
      self->hooks_state.shp_path = self->path;
      self->hooks_state.shx_path = self->shx_path;
      have_shx = self->shx_path != NULL;
    }
  shx_name = side_name (self, self->shx_path, "shx");

  if (!have_shx)
    {
      why = g_strdup_printf ("its index file %s is missing", shx_name);
      if (!rebuild_index (self, why, error))
        return FALSE;
      self->shp = SHPOpenLLEx (self->path, "rb", &self->hooks, FALSE);
      if (self->shp != NULL)
        loader_warn (self, "The index file %s is missing; it was rebuilt from the .shp", shx_name);
    }
  else
    {
      problem = check_shx (self);
      if (problem == NULL)
        {
          self->shp = SHPOpenLLEx (self->path, "rb", &self->hooks, FALSE);
          if (self->shp == NULL)
            problem = self->hooks_state.last_error ? self->hooks_state.last_error : "unreadable";
          else if (first_bad_index_entry (self) > 0 && self->header_size <= self->shp_size)
            {
              /* A whole .shp indexed wrongly: its own record headers are
               * the better guide.  (A cut .shp keeps its index, which
               * still finds the records before the cut.) */
              problem = "it points past the end of the .shp";
              g_clear_pointer (&self->shp, SHPClose);
            }
        }

      if (self->shp == NULL)
        {
          g_debug ("%s: %s: %s", self->display, shx_name, problem);
          why = g_strdup_printf ("its index file %s is damaged", shx_name);
          if (!rebuild_index (self, why, error))
            return FALSE;
          self->shp = SHPOpenLLEx (self->path, "rb", &self->hooks, FALSE);
          if (self->shp != NULL)
            loader_warn (self, "The index file %s is damaged; it was rebuilt from the .shp",
                         shx_name);
        }
    }

  if (self->shp == NULL)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                   "%s: the file cannot be read (%s)", self->display,
                   self->hooks_state.last_error ? self->hooks_state.last_error : "unknown error");
      return FALSE;
    }

  /* Reuse one object buffer for every record instead of allocating. */
  SHPSetFastModeReadObject (self->shp, TRUE);
  return TRUE;
}

/* shapelib reads each DBF record into a buffer of the record length the
 * header states, then copies every field out of it at the offsets the
 * field descriptors add up to: they must fit. */
static const char *
check_dbf (DBFHandle dbf)
{
  if (dbf->nFields < 0 || dbf->nRecords < 0)
    return "its header is invalid";
  if (dbf->nRecordLength < 1 || dbf->nHeaderLength < 32 + 32 * dbf->nFields)
    return "its header states impossible lengths";

  for (int i = 0; i < dbf->nFields; i++)
    {
      gint64 offset = dbf->panFieldOffset[i];
      gint64 size = dbf->panFieldSize[i];

      if (size < 1 || offset < 1 || offset + size > dbf->nRecordLength)
        return "its fields do not fit its record length";
    }

  return NULL;
}

static void
open_dbf (Loader *self)
{
  g_autofree char *cpg_path = NULL;
  g_autofree char *codepage = NULL;
  g_autofree char *name = NULL;
  g_autofree char *open_name = NULL;
  const char *problem;

  if (!self->hooks_state.in_memory)
    {
      self->dbf_path = find_sibling (self->path, "dbf");
      self->hooks_state.dbf_path = self->dbf_path;
    }
  name = side_name (self, self->dbf_path, "dbf");

  if (self->dbf_path == NULL && self->hooks_state.dbf_bytes == NULL)
    {
      loader_warn (self, "There is no %s: the features have no names or attributes", name);
      return;
    }

  g_clear_pointer (&self->hooks_state.last_error, g_free);
  open_name = self->dbf_path != NULL ? g_strdup (self->dbf_path)
                                     : g_strconcat (self->stem, ".dbf", NULL);
  self->dbf = DBFOpenLL (open_name, "rb", &self->hooks);
  if (self->dbf == NULL)
    {
      loader_warn (self, "%s cannot be read (%s): the features have no names or attributes",
                   name, self->hooks_state.last_error ? self->hooks_state.last_error
                                                      : "it is damaged");
      return;
    }

  problem = check_dbf (self->dbf);
  if (problem != NULL)
    {
      loader_warn (self, "%s is damaged (%s): the features have no names or attributes",
                   name, problem);
      g_clear_pointer (&self->dbf, DBFClose);
      return;
    }

  /* The .cpg names the encoding; failing that the language-driver byte of
   * the DBF header; failing that, decoder_new() guesses. */
  if (!self->hooks_state.in_memory)
    cpg_path = find_sibling (self->path, "cpg");
  if (cpg_path != NULL || self->cpg_bytes != NULL)
    {
      g_autofree char *contents = NULL;

      if (read_side_file (self, cpg_path, self->cpg_bytes, "cpg", CPG_MAX_SIZE,
                          "a code page name", &contents, NULL))
        {
          contents[strcspn (contents, "\r\n")] = '\0';
          g_strstrip (contents);
          if (contents[0] != '\0')
            codepage = g_steal_pointer (&contents);
        }
    }
  if (codepage == NULL && self->dbf->iLanguageDriver > 0)
    codepage = g_strdup_printf ("LDID/%d", self->dbf->iLanguageDriver);

  self->decoder = decoder_new (codepage);
}

static char **
read_field_names (Loader *self)
{
  /* Most specific first: English names, then local ones, then labels. */
  static const char * const name_priority[] = {
    "NAME_EN", "NAME_LONG", "ADMIN", "NAME", "NAME_1", "NAME_0",
    "NAZWA", "NOM", "NOMBRE", "LABEL",
  };
  char **names;
  int first_string = -1;

  self->name_fields = g_array_new (FALSE, FALSE, sizeof (int));

  if (self->dbf == NULL)
    return g_new0 (char *, 1);

  self->n_fields = MAX (DBFGetFieldCount (self->dbf), 0);
  self->field_is_string = g_new0 (gboolean, self->n_fields);
  names = g_new0 (char *, self->n_fields + 1);

  for (guint i = 0; i < self->n_fields; i++)
    {
      char raw[XBASE_FLDNAME_LEN_READ + 1] = { 0 };
      DBFFieldType type = DBFGetFieldInfo (self->dbf, i, raw, NULL, NULL);

      names[i] = decoder_decode (self->decoder, raw);
      self->field_is_string[i] = type == FTString;
      if (type == FTString && first_string < 0)
        first_string = i;
    }

  for (guint p = 0; p < G_N_ELEMENTS (name_priority); p++)
    for (guint i = 0; i < self->n_fields; i++)
      if (self->field_is_string[i] &&
          g_ascii_strcasecmp (names[i], name_priority[p]) == 0)
        {
          int index = i;

          g_array_append_val (self->name_fields, index);
          break;
        }

  if (self->name_fields->len == 0 && first_string >= 0)
    g_array_append_val (self->name_fields, first_string);

  return names;
}

static gboolean
open_prj (Loader  *self,
          GError **error)
{
  g_autofree char *prj_path = NULL;
  g_autofree char *wkt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!self->hooks_state.in_memory)
    prj_path = find_sibling (self->path, "prj");
  if (prj_path == NULL && self->prj_bytes == NULL)
    return TRUE;

  if (!read_side_file (self, prj_path, self->prj_bytes, "prj", PRJ_MAX_SIZE,
                       "a coordinate system", &wkt, error))
    return FALSE;

  if (g_str_has_prefix (wkt, "\xEF\xBB\xBF"))
    memmove (wkt, wkt + 3, strlen (wkt + 3) + 1);
  g_strstrip (wkt);
  if (wkt[0] == '\0')
    return TRUE;

  self->have_prj = TRUE;
  self->crs = sitmap_crs_transform_new (wkt, &local_error);
  if (self->crs == NULL)
    {
      g_autofree char *name = side_name (self, prj_path, "prj");

      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   "%s: %s: %s", self->display, name, local_error->message);
      return FALSE;
    }

  if (sitmap_crs_transform_is_identity (self->crs))
    g_clear_pointer (&self->crs, sitmap_crs_transform_free);

  return TRUE;
}

static void
note_bad_record (Loader     *self,
                 int         record,
                 const char *reason)
{
  self->n_bad++;
  if (self->first_bad == NULL)
    self->first_bad = g_strdup_printf ("record %d: %s", record + 1, reason);
}

static gboolean
is_lonlat (double x_min,
           double y_min,
           double x_max,
           double y_max)
{
  return x_min >= -180.0 - LONLAT_EPSILON && x_max <= 180.0 + LONLAT_EPSILON &&
         y_min >= -90.0 - LONLAT_EPSILON && y_max <= 90.0 + LONLAT_EPSILON;
}

static char *
format_coordinate (double value)
{
  if (fabs (value) >= 1000.0)
    return g_strdup_printf ("%.0f", value);
  return g_strdup_printf ("%g", value);
}

/* The coordinate that most plainly is not longitude/latitude, in words:
 * "x up to 512345". */
static char *
describe_out_of_range (double x_min,
                       double y_min,
                       double x_max,
                       double y_max)
{
  struct { double excess; const char *what; double value; } worst[] = {
    { x_max - 180.0, "x up to", x_max },
    { -180.0 - x_min, "x down to", x_min },
    { y_max - 90.0, "y up to", y_max },
    { -90.0 - y_min, "y down to", y_min },
  };
  guint pick = 0;
  g_autofree char *number = NULL;

  for (guint i = 1; i < G_N_ELEMENTS (worst); i++)
    if (worst[i].excess > worst[pick].excess)
      pick = i;

  number = format_coordinate (worst[pick].value);
  return g_strdup_printf ("%s %s", worst[pick].what, number);
}

/* Copies one part, checking each coordinate; returns the number of pairs
 * written or -1 for a coordinate that is not a finite number. */
static int
copy_part (const SHPObject *obj,
           int              start,
           int              end,
           double          *out)
{
  for (int v = start; v < end; v++)
    {
      double x = obj->padfX[v];
      double y = obj->padfY[v];

      if (!isfinite (x) || !isfinite (y))
        return -1;
      out[0] = x;
      out[1] = y;
      out += 2;
    }
  return end - start;
}

/* Outline of a triangle strip: every other vertex along one side, then
 * back along the other. */
static int
copy_strip_outline (const SHPObject *obj,
                    int              start,
                    int              end,
                    double          *out)
{
  int n = end - start;
  int k = 0;

  for (int i = 0; i < n; i += 2, k++)
    {
      out[2 * k] = obj->padfX[start + i];
      out[2 * k + 1] = obj->padfY[start + i];
    }
  for (int i = (n - 1) % 2 == 1 ? n - 1 : n - 2; i >= 1; i -= 2, k++)
    {
      out[2 * k] = obj->padfX[start + i];
      out[2 * k + 1] = obj->padfY[start + i];
    }

  for (int i = 0; i < 2 * k; i++)
    if (!isfinite (out[i]))
      return -1;
  return k;
}

/* Turns a record into parts; NULL reason on success.  The arrays are
 * sized for the worst case, one closing vertex per ring. */
static const char *
build_geometry (Loader           *self,
                const SHPObject  *obj,
                guint            *n_parts_out,
                guint           **part_start_out,
                double          **lonlat_out)
{
  g_autofree guint *part_start = NULL;
  g_autofree double *lonlat = NULL;
  SitmapGeometryKind kind;
  guint n_parts = 0;
  guint n_points = 0;

  if (!kind_for_shape_type (obj->nSHPType, &kind))
    return "the shape type is unknown";
  if (kind != self->kind)
    return "its shape type differs from the file's";
  if (obj->nVertices < 0 || obj->nParts < 0)
    return "negative vertex or part count";

  if (kind == SITMAP_GEOMETRY_POINTS)
    {
      part_start = g_new (guint, obj->nVertices + 1);
      lonlat = g_new (double, 2 * (gsize)obj->nVertices);
      if (copy_part (obj, 0, obj->nVertices, lonlat) < 0)
        return "a coordinate is not a finite number";
      for (int v = 0; v <= obj->nVertices; v++)
        part_start[v] = v;
      n_parts = obj->nVertices;
    }
  else
    {
      gsize capacity = (gsize)obj->nVertices + obj->nParts;

      if (obj->nParts == 0)
        return "it has vertices but no parts";
      if (obj->panPartStart[0] < 0)
        return "a part starts before the first vertex";

      part_start = g_new (guint, obj->nParts + 1);
      lonlat = g_new (double, 2 * capacity);
      part_start[0] = 0;

      for (int p = 0; p < obj->nParts; p++)
        {
          int start = obj->panPartStart[p];
          int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;
          int part_type = obj->panPartType != NULL ? obj->panPartType[p] : SHPP_RING;
          double *out = lonlat + 2 * (gsize)n_points;
          int n;

          if (end <= start || end > obj->nVertices)
            return "its part offsets are out of order or past the last vertex";

          if (kind == SITMAP_GEOMETRY_LINES)
            {
              if (end - start < 2)
                continue;
              n = copy_part (obj, start, end, out);
            }
          else
            {
              if (end - start < 3)
                continue;
              /* Multipatch parts become rings: a strip by its outline, a
               * fan as it is (centre, then the rim, is its outline), and
               * outer, inner and plain rings as they are.  Even-odd
               * filling then shows the footprint; Z is ignored. */
              if (obj->nSHPType == SHPT_MULTIPATCH && part_type == SHPP_TRISTRIP)
                n = copy_strip_outline (obj, start, end, out);
              else
                n = copy_part (obj, start, end, out);

              if (n > 0 && (out[0] != out[2 * n - 2] || out[1] != out[2 * n - 1]))
                {
                  out[2 * n] = out[0];
                  out[2 * n + 1] = out[1];
                  n++;
                }
            }

          if (n < 0)
            return "a coordinate is not a finite number";

          n_points += n;
          n_parts++;
          part_start[n_parts] = n_points;
        }

      if (n_parts == 0)
        return kind == SITMAP_GEOMETRY_LINES ? "every line has fewer than 2 vertices"
                                             : "every ring has fewer than 3 vertices";
    }

  *n_parts_out = n_parts;
  *part_start_out = g_steal_pointer (&part_start);
  *lonlat_out = g_steal_pointer (&lonlat);
  return NULL;
}

static char **
read_attributes (Loader *self,
                 int     record,
                 char  **name)
{
  char **values = g_new0 (char *, self->n_fields + 1);
  gboolean have_row = self->dbf != NULL && record < DBFGetRecordCount (self->dbf);
  gboolean unreadable = FALSE;

  for (guint f = 0; f < self->n_fields; f++)
    {
      const char *raw = NULL;

      if (have_row && !unreadable)
        {
          raw = DBFReadStringAttribute (self->dbf, record, f);
          if (raw == NULL)
            {
              /* The row is cut off or unreadable: its other fields are too. */
              unreadable = TRUE;
              self->n_dbf_unreadable++;
            }
          /* Numeric NULLs are stored as "*****" or blanks. */
          if (raw != NULL && !self->field_is_string[f] &&
              DBFIsAttributeNULL (self->dbf, record, f))
            raw = "";
        }
      values[f] = raw != NULL ? decoder_decode (self->decoder, raw) : g_strdup ("");
    }

  *name = NULL;
  for (guint i = 0; i < self->name_fields->len && *name == NULL; i++)
    {
      const char *value = values[g_array_index (self->name_fields, int, i)];

      if (value[0] != '\0')
        *name = g_strdup (value);
    }
  if (*name == NULL)
    *name = g_strdup ("");

  return values;
}

static void
set_no_crs_error (Loader      *self,
                  const char  *where,
                  GError     **error)
{
  g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NO_CRS,
               "%s: no .prj file and coordinates are not longitude/latitude (%s); "
               "add the .prj that came with the data", self->display, where);
}

/* Reads one record into the layer; FALSE with error only for a problem
 * that ends the whole load (projected data with no .prj). */
static gboolean
load_record (Loader      *self,
             SitmapLayer *layer,
             int          record,
             gboolean    *loaded,
             GError     **error)
{
  g_autofree guint *part_start = NULL;
  g_autofree double *lonlat = NULL;
  g_autoptr(GError) local_error = NULL;
  SHPObject *obj;
  const char *reason;
  guint n_parts = 0;
  guint n_points;
  guint64 offset;
  guint64 end;
  char *name;
  char **attributes;

  *loaded = FALSE;

  /* The index entry against the bytes really there, before shapelib
   * allocates for the record and reads it. */
  offset = self->shp->panRecOffset[record];
  end = offset + self->shp->panRecSize[record] + 8;
  if (offset < SHP_HEADER_SIZE || self->shp->panRecSize[record] < 4)
    {
      note_bad_record (self, record, "its index entry is invalid");
      return TRUE;
    }
  if (end > self->shp_size)
    {
      note_bad_record (self, record, self->header_size > self->shp_size
                                     ? "the file is truncated"
                                     : "its index entry points past the end of the file");
      return TRUE;
    }

  g_clear_pointer (&self->hooks_state.last_error, g_free);
  obj = SHPReadObject (self->shp, record);
  if (obj == NULL)
    {
      note_bad_record (self, record, self->hooks_state.last_error
                                     ? self->hooks_state.last_error : "unreadable");
      return TRUE;
    }

  /* Null and empty shapes are features with no geometry: nothing to draw,
   * and nothing wrong either. */
  if (obj->nSHPType == SHPT_NULL || obj->nVertices == 0)
    {
      SHPDestroyObject (obj);
      return TRUE;
    }

  reason = build_geometry (self, obj, &n_parts, &part_start, &lonlat);
  SHPDestroyObject (obj);
  if (reason != NULL)
    {
      note_bad_record (self, record, reason);
      return TRUE;
    }

  n_points = part_start[n_parts];

  if (self->crs != NULL)
    {
      if (!sitmap_crs_transform_to_lonlat (self->crs, lonlat, n_points, &local_error))
        {
          note_bad_record (self, record, local_error->message);
          return TRUE;
        }
    }
  else
    {
      double x_min = G_MAXDOUBLE, y_min = G_MAXDOUBLE;
      double x_max = -G_MAXDOUBLE, y_max = -G_MAXDOUBLE;

      for (guint i = 0; i < n_points; i++)
        {
          x_min = MIN (x_min, lonlat[2 * i]);
          x_max = MAX (x_max, lonlat[2 * i]);
          y_min = MIN (y_min, lonlat[2 * i + 1]);
          y_max = MAX (y_max, lonlat[2 * i + 1]);
        }

      if (!is_lonlat (x_min, y_min, x_max, y_max))
        {
          g_autofree char *where = describe_out_of_range (x_min, y_min, x_max, y_max);

          /* With no .prj, when the header agrees the data is not in
           * degrees, this is a projected file without its .prj, and there
           * is no use reading on; otherwise perhaps only this record is
           * bad. */
          if (!self->have_prj && !self->header_is_lonlat)
            {
              set_no_crs_error (self, where, error);
              return FALSE;
            }

          self->n_not_lonlat++;
          if (self->first_not_lonlat == NULL)
            self->first_not_lonlat = g_strdup (where);
          {
            g_autofree char *why = g_strdup_printf ("coordinates are out of the range of "
                                                    "longitude/latitude (%s)", where);
            note_bad_record (self, record, why);
          }
          return TRUE;
        }
    }

  attributes = read_attributes (self, record, &name);
  sitmap_layer_take_feature (layer, name, attributes, n_parts,
                             g_steal_pointer (&part_start), g_steal_pointer (&lonlat));
  *loaded = TRUE;
  return TRUE;
}

static Loader *
loader_new (const char *path)
{
  Loader *self = g_new0 (Loader, 1);
  char *dot;

  self->path = path;
  self->display = g_filename_display_name (path);
  self->stem = display_basename (path);
  dot = strrchr (self->stem, '.');
  if (dot != NULL && dot != self->stem)
    *dot = '\0';
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

static SitmapLayer *
loader_run (Loader  *self,
            GError **error)
{
  g_autoptr(SitmapLayer) layer = NULL;
  g_auto(GStrv) field_names = NULL;
  double bounds_min[4];
  double bounds_max[4];
  int n_records = 0;
  guint n_loaded = 0;

  SASetupDefaultHooks (&self->hooks);
  self->hooks.FOpen = hook_fopen;
  self->hooks.FRead = hook_fread;
  self->hooks.FWrite = hook_fwrite;
  self->hooks.FSeek = hook_fseek;
  self->hooks.FTell = hook_ftell;
  self->hooks.FFlush = hook_fflush;
  self->hooks.FClose = hook_fclose;
  self->hooks.Remove = hook_remove;
  self->hooks.Error = hook_error;
  self->hooks.Atof = hook_atof;
  hook_state = &self->hooks_state;

  if (!check_header (self, error) || !open_shp (self, error))
    return NULL;

  SHPGetInfo (self->shp, &n_records, NULL, bounds_min, bounds_max);
  if (n_records <= 0)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                   "%s: the shapefile has no features", self->display);
      return NULL;
    }

  if (!open_prj (self, error))
    return NULL;

  self->header_is_lonlat = isfinite (bounds_min[0]) && isfinite (bounds_max[0]) &&
                           isfinite (bounds_min[1]) && isfinite (bounds_max[1]) &&
                           is_lonlat (bounds_min[0], bounds_min[1], bounds_max[0], bounds_max[1]);

  open_dbf (self);
  field_names = read_field_names (self);

  if (self->dbf != NULL && DBFGetRecordCount (self->dbf) != n_records)
    loader_warn (self, "The .dbf has %d records for %d shapes; shapes without a record have no name",
                 DBFGetRecordCount (self->dbf), n_records);

  layer = sitmap_layer_new (self->stem, self->kind, (const char * const *)field_names);
  if (!self->hooks_state.in_memory)
    sitmap_layer_set_source_path (layer, self->path);

  for (int i = 0; i < n_records; i++)
    {
      gboolean loaded;

      if (!load_record (self, layer, i, &loaded, error))
        return NULL;
      n_loaded += loaded;
    }

  /* Mostly out of range: projected data after all, the header's bounds
   * notwithstanding. */
  if (!self->have_prj && self->n_not_lonlat > n_loaded)
    {
      set_no_crs_error (self, self->first_not_lonlat, error);
      return NULL;
    }

  if (n_loaded == 0)
    {
      if (self->n_bad == 0)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                     "%s: all %d records are empty (null shapes)", self->display, n_records);
      else if (self->header_size > self->shp_size)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     "%s: the file is truncated (%" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                     " bytes) and none of its %d records can be read",
                     self->display, self->shp_size, self->header_size, n_records);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     "%s: none of the %d records can be read (%s)",
                     self->display, n_records, self->first_bad);
      return NULL;
    }

  if (self->n_bad > 0)
    loader_warn (self, "%u of %u records skipped: %s",
                 self->n_bad, (guint)n_records, self->first_bad);

  if (self->n_dbf_unreadable > 0)
    loader_warn (self, "The attributes of %u %s cannot be read: the .dbf is damaged "
                 "or cut short", self->n_dbf_unreadable,
                 self->n_dbf_unreadable == 1 ? "record" : "records");

  for (guint i = 0; i < self->warnings->len; i++)
    sitmap_layer_add_warning (layer, g_ptr_array_index (self->warnings, i));

  return g_steal_pointer (&layer);
}

SitmapLayer *
sitmap_shapefile_load (const char  *path,
                       GError     **error)
{
  g_autoptr(Loader) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = loader_new (path);
  return loader_run (self, error);
}

SitmapLayer *
sitmap_shapefile_load_from_memory (const char  *name,
                                   GBytes      *shp,
                                   GBytes      *shx,
                                   GBytes      *dbf,
                                   GBytes      *prj,
                                   GBytes      *cpg,
                                   GError     **error)
{
  g_autoptr(Loader) self = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (shp != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = loader_new (name);
  self->hooks_state.in_memory = TRUE;
  self->hooks_state.shp_bytes = g_bytes_ref (shp);
  self->hooks_state.shx_bytes = shx != NULL ? g_bytes_ref (shx) : NULL;
  self->hooks_state.dbf_bytes = dbf != NULL ? g_bytes_ref (dbf) : NULL;
  self->prj_bytes = prj != NULL ? g_bytes_ref (prj) : NULL;
  self->cpg_bytes = cpg != NULL ? g_bytes_ref (cpg) : NULL;
  return loader_run (self, error);
}
