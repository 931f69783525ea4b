/* fuzz-crs.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is what a person gives --crs (or the window's coordinate
 * system dialog): any bytes, read up to the first NUL as the C string a
 * command line is, by sitmap_crs_new_from_string(), which never opens
 * files.
 *
 * Invariants, besides the sanitizers:
 *   - exactly one of a CRS and an error comes back;
 *   - an error is in SITMAP_CRS_ERROR and its message is one line of clean
 *     UTF-8 (no control characters), whatever bytes were given;
 *   - a CRS has a clean name, a definition, an id that is NULL or
 *     "AUTH:CODE", and is usable: a transform to longitude/latitude can be
 *     made from its definition, and its sample point converts through it
 *     to finite longitude and latitude in range;
 *   - writing it as a .prj gives UTF-8 WKT or a clean error.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-target.h"
#include "sitmap-crs.h"

static void
check_crs (SitmapCrs *crs)
{
  g_autoptr(SitmapCrsTransform) transform = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *prj = NULL;
  const char *id = sitmap_crs_get_id (crs);
  double xy[2];

  FUZZ_CHECK (fuzz_text_is_clean (sitmap_crs_get_name (crs)));
  FUZZ_CHECK (sitmap_crs_get_definition (crs) != NULL && sitmap_crs_get_definition (crs)[0] != '\0');
  FUZZ_CHECK (id == NULL || (fuzz_text_is_clean (id) && strchr (id, ':') != NULL));

  transform = sitmap_crs_new_transform (crs, &error);
  FUZZ_CHECK (transform != NULL && error == NULL);
  sitmap_crs_get_sample_point (crs, &xy[0], &xy[1]);
  FUZZ_CHECK (isfinite (xy[0]) && isfinite (xy[1]));
  FUZZ_CHECK (sitmap_crs_transform_to_lonlat (transform, xy, 1, &error));
  FUZZ_CHECK (isfinite (xy[0]) && isfinite (xy[1]));
  FUZZ_CHECK (fabs (xy[0]) <= 540 && fabs (xy[1]) <= 90.0001);

  prj = sitmap_crs_to_prj (crs, &error);
  FUZZ_CHECK ((prj != NULL) != (error != NULL));
  FUZZ_CHECK (prj == NULL || g_utf8_validate (prj, -1, NULL));
  FUZZ_CHECK (error == NULL || fuzz_text_is_clean (error->message));

  if (fuzz_verbose)
    g_print ("  %s (%s)\n", sitmap_crs_get_name (crs), id != NULL ? id : "no id");
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *)data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapCrs) crs = NULL;

  fuzz_init_logging ();

  crs = sitmap_crs_new_from_string (text, &error);
  FUZZ_CHECK ((crs != NULL) != (error != NULL));
  if (crs == NULL)
    {
      FUZZ_CHECK (error->domain == SITMAP_CRS_ERROR);
      FUZZ_CHECK (fuzz_text_is_clean (error->message));
      if (fuzz_verbose)
        g_print ("  %s\n", error->message);
      return 0;
    }

  check_crs (crs);
  return 0;
}
