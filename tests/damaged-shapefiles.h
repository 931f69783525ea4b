/* damaged-shapefiles.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DAMAGED_SHP,
  DAMAGED_SHX,
  DAMAGED_DBF,
  DAMAGED_PRJ,
  DAMAGED_CPG,
  DAMAGED_N_FILES,
} DamagedFile;

/* What a variant's name field should read once loaded, when the damage is
 * to that text only. */
typedef enum
{
  DAMAGED_TEXT_NONE,
  DAMAGED_TEXT_EXACT,        /* expected_name, literally */
  DAMAGED_TEXT_REPLACED,     /* valid UTF-8 holding U+FFFD */
} DamagedText;

typedef struct
{
  char        *name;                     /* "shp-record-2-n-parts-huge" */
  GBytes      *files[DAMAGED_N_FILES];   /* NULL: the file is missing */
  DamagedText  text;
  char        *expected_name;
} DamagedVariant;

/* Reads path (a .shp) and the files beside it; missing ones stay NULL. */
void       damaged_read_set      (const char          *shp_path,
                                  GBytes              *files[DAMAGED_N_FILES]);

/* Every damaged variant of a good shapefile set: truncations at each
 * structural boundary of the .shp, .shx and .dbf, lying lengths, offsets
 * and counts, part indices out of range, wrong record types, NaN and
 * infinite coordinates, bad DBF header and record sizes, hostile text
 * (invalid UTF-8, markup, control characters, right-to-left, full
 * width), bad .prj and .cpg, zero-byte and missing files.  An array of
 * DamagedVariant, freed with it. */
GPtrArray *damaged_variants_new  (GBytes              *files[DAMAGED_N_FILES]);

/* Writes the variant's files as dir/stem.shp and so on; returns the path
 * of the .shp (which may not exist, when the variant has none). */
char      *damaged_variant_write (const DamagedVariant *variant,
                                  const char          *dir,
                                  const char          *stem);

G_END_DECLS
