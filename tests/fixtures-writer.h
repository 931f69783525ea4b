/* fixtures-writer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One record of a fixture shapefile.  n_vertices 0 writes a null shape. */
typedef struct
{
  int           n_parts;      /* 0 for points and multipoints */
  const int    *part_start;
  const int    *part_type;    /* multipatch only; NULL means rings */
  int           n_vertices;
  const double *xy;           /* 2 × n_vertices */
} FixtureShape;

/* A fresh folder under the temporary directory; remove it with
 * fixture_remove_dir(). */
char     *fixture_make_dir         (void);
void      fixture_remove_dir       (const char          *dir);

/* Writes dir/name.shp and .shx with shapelib's own writer, and dir/name.dbf
 * when fields is not NULL.  Z and M types get made-up Z and M values.
 * values holds n_shapes × n_fields byte strings, stored as they are so
 * tests can write text in any code page.  dbf_codepage is passed to
 * DBFCreateEx: "LDID/201" sets the language-driver byte, "1252" writes a
 * .cpg, NULL gives neither.  Returns the .shp path. */
char     *fixture_write_shapefile  (const char          *dir,
                                    const char          *name,
                                    int                  shape_type,
                                    const FixtureShape  *shapes,
                                    guint                n_shapes,
                                    const char * const  *fields,
                                    const char * const  *values,
                                    const char          *dbf_codepage);

/* A square of 1° north-east of (30° E, 50° N), by Kyiv, in UTM zone 36N
 * metres as a GIS would write it (EPSG:32636, through PROJ), named
 * "Around Kyiv", and without a .prj.  Returns the .shp path. */
char     *fixture_write_kyiv_utm_square (const char     *dir,
                                         const char     *name);

/* Writes dir/filename with the given bytes; length -1 for a string. */
char     *fixture_write_file       (const char          *dir,
                                    const char          *filename,
                                    const char          *contents,
                                    gssize               length);

/* Cuts a file to length bytes. */
void      fixture_truncate         (const char          *path,
                                    gsize                length);

/* Byte offset of record index (from 0) in a .shp, read from its .shx. */
gsize     fixture_record_offset    (const char          *shx_path,
                                    guint                index);

/* Overwrites bytes of a file in place. */
void      fixture_patch            (const char          *path,
                                    gsize                offset,
                                    const void          *bytes,
                                    gsize                length);

/* The path with its extension replaced ("x.shp", "dbf" → "x.dbf"). */
char     *fixture_sibling          (const char          *shp_path,
                                    const char          *ext);

G_END_DECLS
