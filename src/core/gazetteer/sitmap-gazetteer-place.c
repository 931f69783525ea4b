/* sitmap-gazetteer-place.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-gazetteer-place.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sitmap-place-finder.h"

SitmapStoryKind
sitmap_gazetteer_place_kind (const SitmapGazetteerEntry *entry)
{
  g_return_val_if_fail (entry != NULL, SITMAP_STORY_KIND_CITY);

  switch (sitmap_gazetteer_entry_get_kind (entry))
    {
    case SITMAP_GAZETTEER_KIND_CAPITAL:
      return SITMAP_STORY_KIND_CAPITAL;
    case SITMAP_GAZETTEER_KIND_CITY:
      return SITMAP_STORY_KIND_CITY;
    case SITMAP_GAZETTEER_KIND_VENUE:
    case SITMAP_GAZETTEER_KIND_ORGANISATION:
      return SITMAP_STORY_KIND_VENUE;
    case SITMAP_GAZETTEER_KIND_COUNTRY:
    case SITMAP_GAZETTEER_KIND_ADMIN1:
    case SITMAP_GAZETTEER_KIND_REGION:
    case SITMAP_GAZETTEER_KIND_WATER:
    default:
      return SITMAP_STORY_KIND_EVENT;
    }
}

char *
sitmap_gazetteer_place_title (SitmapGazetteer            *gazetteer,
                              const SitmapGazetteerEntry *entry)
{
  const SitmapGazetteerEntry *country = NULL;
  const char *code, *admin1;
  GString *title;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (gazetteer), NULL);
  g_return_val_if_fail (entry != NULL, NULL);

  title = g_string_new (sitmap_gazetteer_entry_get_name (entry));
  if (sitmap_gazetteer_entry_get_kind (entry) == SITMAP_GAZETTEER_KIND_COUNTRY)
    return g_string_free (title, FALSE);

  admin1 = sitmap_gazetteer_entry_get_admin1 (entry);
  code = sitmap_gazetteer_entry_get_country_code (entry);
  if (code)
    country = sitmap_gazetteer_lookup_country (gazetteer, code);
  /* A capital's region says nothing its country does not. */
  if (admin1 && sitmap_gazetteer_entry_get_kind (entry) == SITMAP_GAZETTEER_KIND_CITY)
    /* TRANSLATORS: a place and what it lies in, "Donetsk, Donetsk Oblast" */
    g_string_append_printf (title, _(", %s"), admin1);
  if (country && country != entry)
    /* TRANSLATORS: a place and what it lies in, "Kyiv, Ukraine" */
    g_string_append_printf (title, _(", %s"), sitmap_gazetteer_entry_get_name (country));
  return g_string_free (title, FALSE);
}

static gboolean
folded_has_prefix (const char *name,
                   const char *folded_prefix)
{
  g_autofree char *folded = sitmap_gazetteer_fold (name);

  return g_str_has_prefix (folded, folded_prefix);
}

const char *
sitmap_gazetteer_place_matched_name (const SitmapGazetteerEntry *entry,
                                     const char                 *prefix)
{
  g_autofree char *folded_prefix = NULL;
  guint n;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (prefix != NULL, NULL);

  folded_prefix = sitmap_gazetteer_fold (prefix);
  if (*folded_prefix == '\0' || folded_has_prefix (sitmap_gazetteer_entry_get_name (entry), folded_prefix))
    return NULL;
  n = sitmap_gazetteer_entry_get_n_alternate_names (entry);
  for (guint i = 0; i < n; i++)
    {
      const char *name = sitmap_gazetteer_entry_get_alternate_name (entry, i);

      if (folded_has_prefix (name, folded_prefix))
        return name;
    }
  return NULL;
}

const SitmapGazetteerEntry *
sitmap_gazetteer_place_nearest (SitmapGazetteer *gazetteer,
                                double           lon,
                                double           lat,
                                double           max_km)
{
  const SitmapGazetteerEntry *best = NULL;
  double best_score = INFINITY;
  guint n;

  g_return_val_if_fail (SITMAP_IS_GAZETTEER (gazetteer), NULL);

  n = sitmap_gazetteer_get_n_entries (gazetteer);
  for (guint i = 0; i < n; i++)
    {
      const SitmapGazetteerEntry *entry = sitmap_gazetteer_get_entry (gazetteer, i);
      SitmapGazetteerKind kind = sitmap_gazetteer_entry_get_kind (entry);
      double elat = sitmap_gazetteer_entry_get_lat (entry);
      double km, score;

      if (kind != SITMAP_GAZETTEER_KIND_CAPITAL && kind != SITMAP_GAZETTEER_KIND_CITY &&
          kind != SITMAP_GAZETTEER_KIND_VENUE)
        continue;
      /* A degree of latitude is 111 km anywhere: most entries are out of
       * reach at a glance. */
      if (fabs (elat - lat) * 111.0 > max_km)
        continue;
      km = sitmap_place_finder_distance_km (lon, lat, sitmap_gazetteer_entry_get_lon (entry), elat);
      if (km > max_km)
        continue;
      /* Whoever clicks beside a city means the city, not the hamlet a
       * little nearer. */
      score = km * (1.5 - sitmap_gazetteer_entry_get_importance (entry));
      if (score < best_score)
        {
          best_score = score;
          best = entry;
        }
    }
  return best;
}
