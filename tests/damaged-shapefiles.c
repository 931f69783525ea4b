/* damaged-shapefiles.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Damages a good shapefile set in every way a download, a disk, a text-mode
 * copy or a careless writer can.  The structure of the good set is read
 * first (record offsets, part and point arrays, DBF fields), so each
 * truncation and each lie lands on a real boundary of the format.
 */

#include "config.h"

#include "damaged-shapefiles.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

static const char * const extensions[DAMAGED_N_FILES] = { "shp", "shx", "dbf", "prj", "cpg" };

#define SHP_HEADER 100

typedef struct
{
  gsize    offset;          /* of the record header */
  gsize    end;             /* past the record */
  int      type;
  int      n_parts;         /* -1 when the type has no parts */
  int      n_points;
  gsize    parts;           /* offset of the part array, or 0 */
  gsize    part_types;      /* multipatch only, or 0 */
  gsize    points;          /* offset of the first x, or 0 */
} Record;

typedef struct
{
  char     name[12];
  char     type;
  guint    length;
  gsize    offset;          /* within a record, after the deletion flag */
} Field;

typedef struct
{
  GBytes  *files[DAMAGED_N_FILES];
  GArray  *records;         /* Record */
  guint    header_length;   /* DBF */
  guint    record_length;
  guint    n_dbf_records;
  GArray  *fields;          /* Field */
  int      name_field;      /* -1 when none */
  GPtrArray *variants;
} Generator;

static guint32
get_be32 (const guint8 *p)
{
  return ((guint32)p[0] << 24) | ((guint32)p[1] << 16) | ((guint32)p[2] << 8) | p[3];
}

static guint32
get_le32 (const guint8 *p)
{
  return ((guint32)p[3] << 24) | ((guint32)p[2] << 16) | ((guint32)p[1] << 8) | p[0];
}

static void
damaged_variant_free (gpointer data)
{
  DamagedVariant *variant = data;

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    g_clear_pointer (&variant->files[i], g_bytes_unref);
  g_free (variant->name);
  g_free (variant->expected_name);
  g_free (variant);
}

void
damaged_read_set (const char *shp_path,
                  GBytes     *files[DAMAGED_N_FILES])
{
  g_autofree char *stem = g_strndup (shp_path, strlen (shp_path) - 4);

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    {
      g_autofree char *path = g_strconcat (stem, ".", extensions[i], NULL);
      char *contents;
      gsize length;

      files[i] = NULL;
      if (g_file_get_contents (path, &contents, &length, NULL))
        files[i] = g_bytes_new_take (contents, length);
    }
  g_assert_nonnull (files[DAMAGED_SHP]);
}

/* A new variant that is the good set with one file replaced: by bytes, or
 * removed when bytes is NULL. */
static DamagedVariant *
add_variant (Generator   *self,
             DamagedFile  which,
             GBytes      *bytes,
             const char  *format,
             ...) G_GNUC_PRINTF (4, 5);

static DamagedVariant *
add_variant (Generator   *self,
             DamagedFile  which,
             GBytes      *bytes,
             const char  *format,
             ...)
{
  DamagedVariant *variant = g_new0 (DamagedVariant, 1);
  va_list args;

  va_start (args, format);
  variant->name = g_strdup_vprintf (format, args);
  va_end (args);

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    if (i != which && self->files[i] != NULL)
      variant->files[i] = g_bytes_ref (self->files[i]);
  variant->files[which] = bytes;

  g_ptr_array_add (self->variants, variant);
  return variant;
}

static GBytes *
truncated (GBytes *bytes,
           gsize   length)
{
  return g_bytes_new_from_bytes (bytes, 0, MIN (length, g_bytes_get_size (bytes)));
}

/* A copy with length bytes at offset overwritten (and the file grown if
 * it is shorter). */
static GBytes *
patched (GBytes     *bytes,
         gsize       offset,
         const void *data,
         gsize       length)
{
  gsize size;
  const guint8 *old = g_bytes_get_data (bytes, &size);
  guint8 *copy = g_malloc0 (MAX (size, offset + length));

  memcpy (copy, old, size);
  memcpy (copy + offset, data, length);
  return g_bytes_new_take (copy, MAX (size, offset + length));
}

static GBytes *
patched_be32 (GBytes  *bytes,
              gsize    offset,
              guint32  value)
{
  guint8 b[4] = { value >> 24, value >> 16, value >> 8, value };

  return patched (bytes, offset, b, 4);
}

static GBytes *
patched_le32 (GBytes  *bytes,
              gsize    offset,
              guint32  value)
{
  guint8 b[4] = { value, value >> 8, value >> 16, value >> 24 };

  return patched (bytes, offset, b, 4);
}

static GBytes *
patched_le16 (GBytes  *bytes,
              gsize    offset,
              guint16  value)
{
  guint8 b[2] = { value, value >> 8 };

  return patched (bytes, offset, b, 2);
}

static GBytes *
patched_double (GBytes *bytes,
                gsize   offset,
                double  value)
{
  guint8 b[8];
  guint64 bits;

  memcpy (&bits, &value, 8);
  for (guint i = 0; i < 8; i++)
    b[i] = bits >> (8 * i);
  return patched (bytes, offset, b, 8);
}

static gboolean
type_has_parts (int type)
{
  return type == 3 || type == 5 || type == 13 || type == 15 || type == 23 || type == 25 ||
         type == 31;
}

static gboolean
type_is_multipoint (int type)
{
  return type == 8 || type == 18 || type == 28;
}

static void
parse_shp (Generator *self)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (self->files[DAMAGED_SHP], &size);
  gsize offset = SHP_HEADER;

  self->records = g_array_new (FALSE, TRUE, sizeof (Record));
  while (offset + 12 <= size)
    {
      Record record = { 0 };

      record.offset = offset;
      record.end = offset + 8 + (gsize)get_be32 (data + offset + 4) * 2;
      record.type = get_le32 (data + offset + 8);
      record.n_parts = -1;
      g_assert_cmpuint (record.end, <=, size);

      if (type_has_parts (record.type))
        {
          record.n_parts = get_le32 (data + offset + 44);
          record.n_points = get_le32 (data + offset + 48);
          record.parts = offset + 52;
          record.points = record.parts + 4 * record.n_parts;
          if (record.type == 31)
            {
              record.part_types = record.points;
              record.points += 4 * record.n_parts;
            }
        }
      else if (type_is_multipoint (record.type))
        {
          record.n_points = get_le32 (data + offset + 44);
          record.points = offset + 48;
        }
      else if (record.type != 0)
        {
          record.n_points = 1;
          record.points = offset + 12;
        }

      g_array_append_val (self->records, record);
      offset = record.end;
    }
}

static void
parse_dbf (Generator *self)
{
  gsize size;
  const guint8 *data;
  gsize offset = 1;

  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  self->name_field = -1;
  if (self->files[DAMAGED_DBF] == NULL)
    return;

  data = g_bytes_get_data (self->files[DAMAGED_DBF], &size);
  self->n_dbf_records = get_le32 (data + 4);
  self->header_length = data[8] | data[9] << 8;
  self->record_length = data[10] | data[11] << 8;

  for (gsize at = 32; at + 32 <= self->header_length && data[at] != 0x0D; at += 32)
    {
      Field field = { { 0 } };

      memcpy (field.name, data + at, 11);
      field.type = data[at + 11];
      field.length = data[at + 16];
      field.offset = offset;
      offset += field.length;
      if (self->name_field < 0 && field.type == 'C' && g_ascii_strcasecmp (field.name, "NAME") == 0)
        self->name_field = self->fields->len;
      g_array_append_val (self->fields, field);
    }
}

/* The records worth damaging one by one: first, second, middle, last. */
static GArray *
chosen_records (Generator *self)
{
  GArray *chosen = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = self->records->len;
  guint picks[] = { 0, 1, n / 2, n - 1 };

  for (guint i = 0; i < G_N_ELEMENTS (picks); i++)
    {
      gboolean seen = FALSE;
      const Record *record;

      if (picks[i] >= n)
        continue;
      record = &g_array_index (self->records, Record, picks[i]);
      if (record->type == 0)
        continue;
      for (guint j = 0; j < chosen->len; j++)
        seen |= g_array_index (chosen, guint, j) == picks[i];
      if (!seen)
        g_array_append_val (chosen, picks[i]);
    }
  return chosen;
}

static void
add_missing_and_empty (Generator *self)
{
  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    {
      add_variant (self, i, g_bytes_new (NULL, 0), "%s-zero-bytes", extensions[i]);
      if (self->files[i] != NULL)
        add_variant (self, i, NULL, "%s-missing", extensions[i]);
    }
}

static void
add_shp_truncations (Generator *self,
                     GArray    *chosen)
{
  GBytes *shp = self->files[DAMAGED_SHP];
  static const gsize header_cuts[] = { 4, 24, 36, 50, 99, 100, 104, 107 };
  g_autoptr(GHashTable) done = g_hash_table_new (g_direct_hash, g_direct_equal);

  for (guint i = 0; i < G_N_ELEMENTS (header_cuts); i++)
    {
      g_hash_table_add (done, GSIZE_TO_POINTER (header_cuts[i]));
      add_variant (self, DAMAGED_SHP, truncated (shp, header_cuts[i]),
                   "shp-cut-at-%" G_GSIZE_FORMAT, header_cuts[i]);
    }

  for (guint c = 0; c < chosen->len; c++)
    {
      guint r = g_array_index (chosen, guint, c);
      const Record *record = &g_array_index (self->records, Record, r);
      gsize cuts[] = {
        record->offset, record->offset + 4, record->offset + 8, record->offset + 11,
        record->offset + 12, record->offset + 20, record->offset + 44, record->offset + 48,
        record->parts, record->parts + 2, record->part_types, record->points,
        record->points + 8, record->points + 16 * (record->n_points / 2) + 4,
        record->end - 1, record->end,
      };

      for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
        {
          if (cuts[i] == 0 || cuts[i] > record->end ||
              g_hash_table_contains (done, GSIZE_TO_POINTER (cuts[i])))
            continue;
          g_hash_table_add (done, GSIZE_TO_POINTER (cuts[i]));
          add_variant (self, DAMAGED_SHP, truncated (shp, cuts[i]),
                       "shp-record-%u-cut-at-%+d", r + 1, (int)(cuts[i] - record->offset));
        }
    }
}

static void
add_shp_header_lies (Generator *self)
{
  GBytes *shp = self->files[DAMAGED_SHP];
  int type = get_le32 ((const guint8 *)g_bytes_get_data (shp, NULL) + 32);
  static const guint32 lengths[] = { 0, 25, 0x7FFFFFFF, 0xFFFFFFFF };
  static const int types[] = { 0, 1, 3, 5, 8, 31, 2, 99, -1 };

  add_variant (self, DAMAGED_SHP, patched_be32 (shp, 0, 0), "shp-header-magic-zero");
  add_variant (self, DAMAGED_SHP, patched_be32 (shp, 0, 9995), "shp-header-magic-wrong");
  add_variant (self, DAMAGED_SHP, patched_le32 (shp, 28, 999), "shp-header-version-wrong");
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    add_variant (self, DAMAGED_SHP, patched_be32 (shp, 24, lengths[i]),
                 "shp-header-length-%08x", lengths[i]);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (types[i] != type)
      add_variant (self, DAMAGED_SHP, patched_le32 (shp, 32, types[i]),
                   "shp-header-type-%d", types[i]);
  add_variant (self, DAMAGED_SHP, patched_double (shp, 36, NAN), "shp-header-bounds-nan");
  add_variant (self, DAMAGED_SHP, patched_double (shp, 60, INFINITY), "shp-header-bounds-inf");
  add_variant (self, DAMAGED_SHP, patched_double (shp, 52, -1e300), "shp-header-bounds-inverted");

  /* Junk after the last record, and a file of zeros past the header. */
  {
    gsize size;
    const guint8 *data = g_bytes_get_data (shp, &size);
    guint8 *grown = g_malloc (size + 37);

    memcpy (grown, data, size);
    memset (grown + size, 0xA5, 37);
    add_variant (self, DAMAGED_SHP, g_bytes_new_take (grown, size + 37), "shp-junk-at-end");
  }
  {
    gsize size;
    const guint8 *data = g_bytes_get_data (shp, &size);
    guint8 *zeros = g_malloc0 (size);

    memcpy (zeros, data, SHP_HEADER);
    add_variant (self, DAMAGED_SHP, g_bytes_new_take (zeros, size), "shp-records-zeroed");
  }
}

static void
add_record_lies (Generator *self,
                 GArray    *chosen)
{
  GBytes *shp = self->files[DAMAGED_SHP];
  static const guint32 contents[] = { 0, 1, 2, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF };
  static const int types[] = { 0, 1, 3, 5, 8, 31, 99, -7 };
  static const guint32 counts[] = { 0, 0xFFFFFFFF, 0x7FFFFFFF, 0x10000000 };

  for (guint c = 0; c < chosen->len; c++)
    {
      guint r = g_array_index (chosen, guint, c);
      const Record *record = &g_array_index (self->records, Record, r);
      gsize at = record->offset;

      add_variant (self, DAMAGED_SHP, patched_be32 (shp, at, 0x7FFFFFFF),
                   "shp-record-%u-number-huge", r + 1);
      for (guint i = 0; i < G_N_ELEMENTS (contents); i++)
        add_variant (self, DAMAGED_SHP, patched_be32 (shp, at + 4, contents[i]),
                     "shp-record-%u-length-%08x", r + 1, contents[i]);
      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        if (types[i] != record->type)
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, at + 8, types[i]),
                       "shp-record-%u-type-%d", r + 1, types[i]);

      if (record->n_parts >= 0)
        {
          for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
            add_variant (self, DAMAGED_SHP, patched_le32 (shp, at + 44, counts[i]),
                         "shp-record-%u-n-parts-%08x", r + 1, counts[i]);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, at + 44, record->n_parts + 1),
                       "shp-record-%u-n-parts-one-more", r + 1);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, record->parts, 0xFFFFFFFF),
                       "shp-record-%u-part-0-negative", r + 1);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, record->parts, record->n_points),
                       "shp-record-%u-part-0-at-end", r + 1);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, record->parts, 0x7FFFFFFF),
                       "shp-record-%u-part-0-huge", r + 1);
          add_variant (self, DAMAGED_SHP,
                       patched_le32 (shp, record->parts + 4 * (record->n_parts - 1),
                                     record->n_points + 5),
                       "shp-record-%u-last-part-past-end", r + 1);
          add_variant (self, DAMAGED_SHP,
                       patched_le32 (shp, record->parts + 4 * (record->n_parts - 1), 0xFFFFFFFB),
                       "shp-record-%u-last-part-negative", r + 1);
          if (record->n_parts > 1)
            add_variant (self, DAMAGED_SHP,
                         patched_le32 (shp, record->parts + 4, 0),
                         "shp-record-%u-parts-out-of-order", r + 1);
          if (record->part_types != 0)
            add_variant (self, DAMAGED_SHP, patched_le32 (shp, record->part_types, 99),
                         "shp-record-%u-part-type-unknown", r + 1);
        }

      if (record->n_parts >= 0 || type_is_multipoint (record->type))
        {
          gsize count_at = record->n_parts >= 0 ? at + 48 : at + 44;

          for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
            add_variant (self, DAMAGED_SHP, patched_le32 (shp, count_at, counts[i]),
                         "shp-record-%u-n-points-%08x", r + 1, counts[i]);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, count_at, record->n_points + 1),
                       "shp-record-%u-n-points-one-more", r + 1);
          add_variant (self, DAMAGED_SHP, patched_le32 (shp, count_at, record->n_points - 1),
                       "shp-record-%u-n-points-one-less", r + 1);
          add_variant (self, DAMAGED_SHP, patched_double (shp, at + 12, NAN),
                       "shp-record-%u-bbox-nan", r + 1);
        }

      if (record->points != 0)
        {
          gsize last = record->points + 16 * (record->n_points - 1);

          add_variant (self, DAMAGED_SHP, patched_double (shp, record->points, NAN),
                       "shp-record-%u-x-nan", r + 1);
          add_variant (self, DAMAGED_SHP, patched_double (shp, record->points + 8, INFINITY),
                       "shp-record-%u-y-inf", r + 1);
          add_variant (self, DAMAGED_SHP, patched_double (shp, last, -INFINITY),
                       "shp-record-%u-last-x-minus-inf", r + 1);
          add_variant (self, DAMAGED_SHP, patched_double (shp, last + 8, 1e308),
                       "shp-record-%u-last-y-huge", r + 1);
          add_variant (self, DAMAGED_SHP, patched_double (shp, record->points, G_MAXDOUBLE),
                       "shp-record-%u-x-max-double", r + 1);
        }
    }
}

static void
add_shx_damage (Generator *self,
                GArray    *chosen)
{
  GBytes *shx = self->files[DAMAGED_SHX];
  gsize size;
  static const guint32 lengths[] = { 0, 25, 0x7FFFFFFF, 0xFFFFFFFF };

  if (shx == NULL)
    return;
  size = g_bytes_get_size (shx);

  {
    gsize cuts[] = { 50, 99, 100, 104, 100 + 8 * (self->records->len / 2) + 3, size - 1 };

    for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
      if (cuts[i] < size)
        add_variant (self, DAMAGED_SHX, truncated (shx, cuts[i]),
                     "shx-cut-at-%" G_GSIZE_FORMAT, cuts[i]);
  }
  add_variant (self, DAMAGED_SHX, patched_be32 (shx, 0, 1234), "shx-header-magic-wrong");
  for (guint i = 0; i < G_N_ELEMENTS (lengths); i++)
    add_variant (self, DAMAGED_SHX, patched_be32 (shx, 24, lengths[i]),
                 "shx-header-length-%08x", lengths[i]);

  for (guint c = 0; c < chosen->len; c++)
    {
      guint r = g_array_index (chosen, guint, c);
      const Record *record = &g_array_index (self->records, Record, r);
      gsize at = SHP_HEADER + 8 * r;

      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at, 0x7FFFFFF0),
                   "shx-entry-%u-offset-past-end", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at, 0),
                   "shx-entry-%u-offset-zero", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at, 10),
                   "shx-entry-%u-offset-in-header", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at, record->offset / 2 + 6),
                   "shx-entry-%u-offset-mid-record", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at + 4, 0x7FFFFFFF),
                   "shx-entry-%u-length-huge", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at + 4, 0),
                   "shx-entry-%u-length-zero", r + 1);
      add_variant (self, DAMAGED_SHX, patched_be32 (shx, at + 4, 0xFFFFFFFF),
                   "shx-entry-%u-length-negative", r + 1);
    }
}

static void
add_dbf_damage (Generator *self)
{
  GBytes *dbf = self->files[DAMAGED_DBF];
  gsize size;
  guint8 no_nul_name[11];

  if (dbf == NULL)
    return;
  size = g_bytes_get_size (dbf);

  {
    gsize cuts[] = {
      1, 4, 8, 12, 16, 31, 32, 48, 64, self->header_length - 1, self->header_length,
      self->header_length + self->record_length / 2,
      self->header_length + self->record_length * (self->n_dbf_records / 2) + 1, size - 1,
    };

    for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
      if (cuts[i] < size)
        add_variant (self, DAMAGED_DBF, truncated (dbf, cuts[i]),
                     "dbf-cut-at-%" G_GSIZE_FORMAT, cuts[i]);
  }

  add_variant (self, DAMAGED_DBF, patched (dbf, 0, "\x00", 1), "dbf-version-zero");
  add_variant (self, DAMAGED_DBF, patched_le32 (dbf, 4, 0x7FFFFFFF), "dbf-records-huge");
  add_variant (self, DAMAGED_DBF, patched_le32 (dbf, 4, 0xFFFFFFFF), "dbf-records-negative");
  add_variant (self, DAMAGED_DBF, patched_le32 (dbf, 4, 0), "dbf-records-zero");
  add_variant (self, DAMAGED_DBF, patched_le32 (dbf, 4, self->n_dbf_records + 5),
               "dbf-records-more-than-present");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, 0xFFFF), "dbf-header-length-huge");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, 0), "dbf-header-length-zero");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, 31), "dbf-header-length-31");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, 33), "dbf-header-length-33");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, self->header_length + 32),
               "dbf-header-length-one-field-more");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 8, self->header_length - 32),
               "dbf-header-length-one-field-less");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 10, 0), "dbf-record-length-zero");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 10, 1), "dbf-record-length-one");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 10, 0xFFFF), "dbf-record-length-huge");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 10, self->record_length - 1),
               "dbf-record-length-one-short");
  add_variant (self, DAMAGED_DBF, patched_le16 (dbf, 10, self->record_length + 1),
               "dbf-record-length-one-long");

  if (self->fields->len > 0)
    {
      add_variant (self, DAMAGED_DBF, patched (dbf, 32 + 16, "\x00", 1), "dbf-field-length-zero");
      add_variant (self, DAMAGED_DBF, patched (dbf, 32 + 16, "\xFF", 1), "dbf-field-length-255");
      /* Character fields take the decimals byte as the high byte of their
       * length. */
      add_variant (self, DAMAGED_DBF, patched (dbf, 32 + 17, "\xFF", 1),
                   "dbf-field-decimals-255");
      add_variant (self, DAMAGED_DBF, patched (dbf, 32 + 11, "X", 1), "dbf-field-type-unknown");
      add_variant (self, DAMAGED_DBF, patched (dbf, 32 + 11, "N", 1), "dbf-field-type-numeric");
      memset (no_nul_name, 'A', sizeof no_nul_name);
      add_variant (self, DAMAGED_DBF, patched (dbf, 32, no_nul_name, sizeof no_nul_name),
                   "dbf-field-name-unterminated");
      add_variant (self, DAMAGED_DBF, patched (dbf, 32, "\xC3\x28\xFF\x01<b>", 7),
                   "dbf-field-name-hostile");
      add_variant (self, DAMAGED_DBF, patched (dbf, self->header_length - 1, "\x20", 1),
                   "dbf-header-terminator-missing");
    }
}

/* The name of feature 1 set to raw bytes, cut or padded to the field. */
static DamagedVariant *
add_name_variant (Generator  *self,
                  const char *raw,
                  const char *name)
{
  const Field *field = &g_array_index (self->fields, Field, self->name_field);
  g_autofree char *value = g_malloc (field->length);
  gsize length = MIN (strlen (raw), field->length);

  memset (value, ' ', field->length);
  memcpy (value, raw, length);
  return add_variant (self, DAMAGED_DBF,
                      patched (self->files[DAMAGED_DBF], self->header_length + field->offset,
                               value, field->length),
                      "dbf-name-%s", name);
}

static void
add_text_damage (Generator *self)
{
  DamagedVariant *variant;
  const Field *field;
  g_autofree char *long_name = NULL;

  if (self->files[DAMAGED_DBF] == NULL || self->name_field < 0)
    return;
  field = &g_array_index (self->fields, Field, self->name_field);

  variant = add_name_variant (self, "A\xFF\xFE" "B\xC3", "invalid-utf8");
  variant->text = DAMAGED_TEXT_REPLACED;

  variant = add_name_variant (self, "<b>x</b> & <i>", "markup");
  variant->text = DAMAGED_TEXT_EXACT;
  variant->expected_name = g_strdup ("<b>x</b> & <i>");

  variant = add_name_variant (self, "A\x01" "B\x1B[31mC\x7F" "D\tE", "control-characters");
  variant->text = DAMAGED_TEXT_EXACT;
  variant->expected_name = g_strdup ("AB[31mCD E");

  /* Hebrew, with an explicit right-to-left override: shown as it is. */
  variant = add_name_variant (self, "\xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "rtl");
  variant->text = DAMAGED_TEXT_EXACT;
  variant->expected_name = g_strdup ("\xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");

  long_name = g_strnfill (field->length, 'W');
  variant = add_name_variant (self, long_name, "full-width");
  variant->text = DAMAGED_TEXT_EXACT;
  variant->expected_name = g_strdup (long_name);

  /* Code pages that are unknown, hostile or enormous. */
  add_variant (self, DAMAGED_CPG, g_bytes_new_static ("X-NO-SUCH-CODEPAGE", 18), "cpg-unknown");
  add_variant (self, DAMAGED_CPG, g_bytes_new_static ("\xFF\xFE\x00\x01", 4), "cpg-binary");
  add_variant (self, DAMAGED_CPG, g_bytes_new_static ("LDID/99999", 10), "cpg-ldid-out-of-range");
  add_variant (self, DAMAGED_CPG, g_bytes_new_take (g_strnfill (100000, '1'), 100000),
               "cpg-huge");
}

static void
add_prj_damage (Generator *self)
{
  g_autofree char *nested = NULL;
  GString *big;

  add_variant (self, DAMAGED_PRJ, g_bytes_new_static ("GEOGCS[\"broken", 14), "prj-cut");
  add_variant (self, DAMAGED_PRJ, g_bytes_new_static ("\x00\xFF\xFE garbage\n", 12), "prj-binary");
  add_variant (self, DAMAGED_PRJ, g_bytes_new_static ("hello, world", 12), "prj-not-wkt");

  nested = g_strnfill (4000, '[');
  add_variant (self, DAMAGED_PRJ, g_bytes_new_take (g_strconcat ("GEOGCS", nested, NULL), 4006),
               "prj-deeply-nested");

  /* Over the cap: refused before PROJ reads it. */
  big = g_string_new (NULL);
  while (big->len < 200000)
    g_string_append (big, "                                                                ");
  add_variant (self, DAMAGED_PRJ, g_string_free_to_bytes (big), "prj-huge");
}

GPtrArray *
damaged_variants_new (GBytes *files[DAMAGED_N_FILES])
{
  Generator self = { { 0 } };
  g_autoptr(GArray) chosen = NULL;

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    self.files[i] = files[i];
  self.variants = g_ptr_array_new_with_free_func (damaged_variant_free);

  parse_shp (&self);
  parse_dbf (&self);
  chosen = chosen_records (&self);

  add_missing_and_empty (&self);
  add_shp_truncations (&self, chosen);
  add_shp_header_lies (&self);
  add_record_lies (&self, chosen);
  add_shx_damage (&self, chosen);
  add_dbf_damage (&self);
  add_text_damage (&self);
  add_prj_damage (&self);

  g_array_unref (self.records);
  g_array_unref (self.fields);
  return self.variants;
}

char *
damaged_variant_write (const DamagedVariant *variant,
                       const char           *dir,
                       const char           *stem)
{
  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    {
      g_autofree char *name = g_strconcat (stem, ".", extensions[i], NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      gsize length;
      const char *data;

      g_remove (path);
      if (variant->files[i] == NULL)
        continue;
      data = g_bytes_get_data (variant->files[i], &length);
      g_file_set_contents (path, data != NULL ? data : "", length, &error);
      g_assert_no_error (error);
    }

  {
    g_autofree char *name = g_strconcat (stem, ".shp", NULL);

    return g_build_filename (dir, name, NULL);
  }
}
