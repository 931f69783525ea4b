/* sitmap-shapefile-open.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sitmap-shapefile-private.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

/* Opening a shapefile set: finding the files beside the .shp whatever the
 * case of their extensions, checking the .shp header, the .shx and the
 * .dbf header before shapelib trusts them, rebuilding a missing or damaged
 * index, and reading the .prj and .cpg. */

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

/* The name of a file of the set for messages: the file's own name when
 * there is one, else the .shp's stem with ext. */
static char *
side_name (Loader     *self,
           const char *path,
           const char *ext)
{
  if (path != NULL)
    return g_filename_display_basename (path);
  return g_strconcat (self->stem, ".", ext, NULL);
}

/* The file beside the .shp with the given extension: lower case, upper
 * case, or any mix found by listing the folder. */
char *
sitmap_shapefile_find_sibling (const char *shp_path,
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
                   _("%s: %s is over %zu KiB, too large to be %s"),
                   self->display, name, max_size / 1024, what);
      return FALSE;
    }

  else if (!g_file_get_contents (path, contents, &length, &local_error))
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                   _("%s: %s cannot be read (%s)"), self->display, name, local_error->message);
      return FALSE;
    }

  if (*contents == NULL || length > max_size)
    {
      g_clear_pointer (contents, g_free);
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   _("%s: %s is over %zu KiB, too large to be %s"),
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

gboolean
sitmap_shapefile_kind_for_type (int                 type,
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
     * areas, drawn as the outline of each part (see build_geometry ()
     * in sitmap-shapefile-record.c). */
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
                     _("%s: no such file"), self->display);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_FOUND,
                     _("%s: cannot be opened (%s)"), self->display, g_strerror (saved_errno));
      return FALSE;
    }

  if (fstat (fileno (fp), &st) != 0 || !S_ISREG (st.st_mode))
    {
      fclose (fp);
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   _("%s: not a shapefile (not a regular file)"), self->display);
      return FALSE;
    }
  self->shp_size = st.st_size;

  *n_read = fread (header, 1, SHP_HEADER_SIZE, fp);
  fclose (fp);
  return TRUE;
}

/* Our own look at the header before shapelib trusts it: shapelib checks
 * neither the magic number of the .shp nor its length. */
gboolean
sitmap_shapefile_check_header (Loader  *self,
                               GError **error)
{
  guint8 header[SHP_HEADER_SIZE];
  gsize n_read = 0;

  if (!read_shp_start (self, header, &n_read, error))
    return FALSE;

  if (self->shp_size == 0)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   _("%s: not a shapefile (the file is empty)"), self->display);
      return FALSE;
    }

  if (n_read < sizeof header)
    {
      if (n_read >= 4 && read_be32 (header) == SHP_MAGIC)
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                     _("%s: the file is truncated (%zu bytes, less than its header)"),
                     self->display, n_read);
      else
        g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                     _("%s: not a shapefile (bad header)"), self->display);
      return FALSE;
    }

  if (read_be32 (header) != SHP_MAGIC || read_le32 (header + 28) != SHP_VERSION)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_NOT_A_SHAPEFILE,
                   _("%s: not a shapefile (bad header)"), self->display);
      return FALSE;
    }

  self->header_size = (gsize)read_be32 (header + 24) * 2;
  self->shape_type = (int)read_le32 (header + 32);

  if (self->shape_type == SHPT_NULL)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_EMPTY,
                   _("%s: the shapefile holds no shapes (its type is “null shape”)"),
                   self->display);
      return FALSE;
    }

  if (!sitmap_shapefile_kind_for_type (self->shape_type, &self->kind))
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   _("%s: shape type %d is not supported"), self->display, self->shape_type);
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
                   _("%s: the file is truncated (%zu of %zu bytes) and %s"),
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
                   _("%s: cannot be read (%s)"), self->display,
                   saved_errno != 0 ? g_strerror (saved_errno) : _("short read"));
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
                   _("%s: record %u at byte %zu is damaged and %s"),
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
    return _("it cannot be opened");

  real_size = hook_file_size (self, fp);
  if (self->hooks.FSeek (fp, 0, SEEK_SET) != 0 ||
      self->hooks.FRead (header, 1, sizeof header, fp) != sizeof header)
    problem = _("it is shorter than its header");
  else if (read_be32 (header) != SHP_MAGIC || read_le32 (header + 28) != SHP_VERSION)
    problem = _("its header is not a shapefile index header");
  else
    {
      stated_size = (gsize)read_be32 (header + 24) * 2;
      if (stated_size < SHP_HEADER_SIZE || stated_size > real_size)
        problem = _("its header states a length the file does not have");
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

gboolean
sitmap_shapefile_open_shp (Loader  *self,
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
      self->shx_path = sitmap_shapefile_find_sibling (self->path, "shx");
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
        sitmap_shapefile_warn (self, _("The index file %s is missing; it was rebuilt from the .shp"), shx_name);
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
              problem = _("it points past the end of the .shp");
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
            sitmap_shapefile_warn (self, _("The index file %s is damaged; it was rebuilt from the .shp"),
                                   shx_name);
        }
    }

  if (self->shp == NULL)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_CORRUPT,
                   _("%s: the file cannot be read (%s)"), self->display,
                   self->hooks_state.last_error ? self->hooks_state.last_error : _("unknown error"));
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
    return _("its header is invalid");
  if (dbf->nRecordLength < 1 || dbf->nHeaderLength < 32 + 32 * dbf->nFields)
    return _("its header states impossible lengths");

  for (int i = 0; i < dbf->nFields; i++)
    {
      gint64 offset = dbf->panFieldOffset[i];
      gint64 size = dbf->panFieldSize[i];

      if (size < 1 || offset < 1 || offset + size > dbf->nRecordLength)
        return _("its fields do not fit its record length");
    }

  return NULL;
}

void
sitmap_shapefile_open_dbf (Loader *self)
{
  g_autofree char *cpg_path = NULL;
  g_autofree char *codepage = NULL;
  g_autofree char *name = NULL;
  g_autofree char *open_name = NULL;
  const char *problem;

  if (!self->hooks_state.in_memory)
    {
      self->dbf_path = sitmap_shapefile_find_sibling (self->path, "dbf");
      self->hooks_state.dbf_path = self->dbf_path;
    }
  name = side_name (self, self->dbf_path, "dbf");

  if (self->dbf_path == NULL && self->hooks_state.dbf_bytes == NULL)
    {
      sitmap_shapefile_warn (self, _("There is no %s: the features have no names or attributes"), name);
      return;
    }

  g_clear_pointer (&self->hooks_state.last_error, g_free);
  open_name = self->dbf_path != NULL ? g_strdup (self->dbf_path)
                                     : g_strconcat (self->stem, ".dbf", NULL);
  self->dbf = DBFOpenLL (open_name, "rb", &self->hooks);
  if (self->dbf == NULL)
    {
      sitmap_shapefile_warn (self, _("%s cannot be read (%s): the features have no names or attributes"),
                             name, self->hooks_state.last_error ? self->hooks_state.last_error
                                                                : _("it is damaged"));
      return;
    }

  problem = check_dbf (self->dbf);
  if (problem != NULL)
    {
      sitmap_shapefile_warn (self, _("%s is damaged (%s): the features have no names or attributes"),
                             name, problem);
      g_clear_pointer (&self->dbf, DBFClose);
      return;
    }

  /* The .cpg names the encoding; failing that the language-driver byte of
   * the DBF header; failing that, sitmap_dbf_decoder_new() guesses. */
  if (!self->hooks_state.in_memory)
    cpg_path = sitmap_shapefile_find_sibling (self->path, "cpg");
  if (cpg_path != NULL || self->cpg_bytes != NULL)
    {
      g_autofree char *contents = NULL;

      if (read_side_file (self, cpg_path, self->cpg_bytes, "cpg", CPG_MAX_SIZE,
                          _("a code page name"), &contents, NULL))
        {
          contents[strcspn (contents, "\r\n")] = '\0';
          g_strstrip (contents);
          if (contents[0] != '\0')
            codepage = g_steal_pointer (&contents);
        }
    }
  if (codepage == NULL && self->dbf->iLanguageDriver > 0)
    codepage = g_strdup_printf ("LDID/%d", self->dbf->iLanguageDriver);

  self->decoder = sitmap_dbf_decoder_new (codepage);
}

char **
sitmap_shapefile_read_field_names (Loader *self)
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

      names[i] = sitmap_dbf_decoder_decode (self->decoder, raw);
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

/* Without a .prj, the coordinate system the caller was told. */
static gboolean
use_given_crs (Loader  *self,
               GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->given_crs == NULL)
    return TRUE;

  self->have_prj = TRUE;
  self->crs = sitmap_crs_new_transform (self->given_crs, &local_error);
  if (self->crs == NULL)
    {
      g_set_error (error, SITMAP_SHAPEFILE_ERROR, SITMAP_SHAPEFILE_ERROR_UNSUPPORTED,
                   "%s: %s", self->display, local_error->message);
      return FALSE;
    }
  if (sitmap_crs_transform_is_identity (self->crs))
    g_clear_pointer (&self->crs, sitmap_crs_transform_free);
  return TRUE;
}

gboolean
sitmap_shapefile_open_prj (Loader  *self,
                           GError **error)
{
  g_autofree char *prj_path = NULL;
  g_autofree char *wkt = NULL;
  g_autoptr(GError) local_error = NULL;

  if (!self->hooks_state.in_memory)
    prj_path = sitmap_shapefile_find_sibling (self->path, "prj");
  if (prj_path == NULL && self->prj_bytes == NULL)
    return use_given_crs (self, error);

  if (!read_side_file (self, prj_path, self->prj_bytes, "prj", PRJ_MAX_SIZE,
                       _("a coordinate system"), &wkt, error))
    return FALSE;

  if (g_str_has_prefix (wkt, "\xEF\xBB\xBF"))
    memmove (wkt, wkt + 3, strlen (wkt + 3) + 1);
  g_strstrip (wkt);
  if (wkt[0] == '\0')
    return use_given_crs (self, error);

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
