/* story-equal.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "story-equal.h"

static gboolean
strv_equal (GStrv a,
            GStrv b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *)a, (const char * const *)b);
}

static gboolean
close_or_nan (double a,
              double b)
{
  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b);
  return fabs (a - b) <= 1e-9;
}

static gboolean
figures_equal (const SitmapFigure *a,
               const SitmapFigure *b)
{
  if (a->is_range != b->is_range)
    return FALSE;
  if (a->is_range ? (a->low != b->low || a->high != b->high) : a->value != b->value)
    return FALSE;
  return g_strcmp0 (a->unit, b->unit) == 0 && g_strcmp0 (a->qualifier, b->qualifier) == 0 &&
         g_strcmp0 (a->note, b->note) == 0 && g_strcmp0 (a->source, b->source) == 0;
}

static gboolean
part_equal (const SitmapStoryFeature *a,
            const SitmapStoryFeature *b,
            guint                     p)
{
  guint start = a->part_start[p], n = a->part_start[p + 1] - start;
  gboolean same = TRUE, reversed = a->geometry_kind == SITMAP_GEOMETRY_POLYGONS && n > 0;

  for (guint k = 0; k < n && same; k++)
    same = a->lonlat[2 * (start + k)] == b->lonlat[2 * (start + k)] &&
           a->lonlat[2 * (start + k) + 1] == b->lonlat[2 * (start + k) + 1];
  /* A closed ring the other way round from the same first position. */
  for (guint k = 0; k < n && reversed && !same; k++)
    {
      guint j = k == 0 ? 0 : n - 1 - k;

      reversed = a->lonlat[2 * (start + k)] == b->lonlat[2 * (start + j)] &&
                 a->lonlat[2 * (start + k) + 1] == b->lonlat[2 * (start + j) + 1];
    }
  return same || reversed;
}

static char *
feature_difference (const SitmapStoryFeature *a,
                    const SitmapStoryFeature *b)
{
#define DIFFERS(what) g_strdup_printf ("feature “%s”: %s differs", a->id, what)
  if (strcmp (a->id, b->id) != 0)
    return g_strdup_printf ("feature “%s” became “%s”", a->id, b->id);
  if (g_strcmp0 (a->name, b->name) != 0) return DIFFERS ("name");
  if (g_strcmp0 (a->label, b->label) != 0) return DIFFERS ("label");
  if (a->kind != b->kind) return DIFFERS ("kind");
  if (g_strcmp0 (a->side, b->side) != 0) return DIFFERS ("side");
  if (g_strcmp0 (a->echelon, b->echelon) != 0) return DIFFERS ("echelon");
  if (a->status != b->status) return DIFFERS ("status");
  if (!strv_equal (a->dates, b->dates)) return DIFFERS ("dates");
  if (g_strcmp0 (a->note, b->note) != 0) return DIFFERS ("note");
  if (g_strcmp0 (a->callout_title, b->callout_title) != 0) return DIFFERS ("callout title");
  if (a->callout_pinned != b->callout_pinned || a->callout_pin_lon != b->callout_pin_lon ||
      a->callout_pin_lat != b->callout_pin_lat) return DIFFERS ("callout pin");
  if (a->figures->len != b->figures->len) return DIFFERS ("number of figures");
  for (guint f = 0; f < a->figures->len; f++)
    if (!figures_equal (&g_array_index (a->figures, SitmapFigure, f),
                        &g_array_index (b->figures, SitmapFigure, f)))
      return DIFFERS ("a figure");
  if (!strv_equal (a->excerpts, b->excerpts)) return DIFFERS ("excerpts");
  /* An empty GArray may have no data at all, which memcmp () must not see. */
  if (a->excerpt_ranges->len != b->excerpt_ranges->len ||
      (a->excerpt_ranges->len > 0 &&
       memcmp (a->excerpt_ranges->data, b->excerpt_ranges->data,
               a->excerpt_ranges->len * sizeof (SitmapTextRange)) != 0))
    return DIFFERS ("excerpt ranges");
  if (a->geometry_kind != b->geometry_kind) return DIFFERS ("geometry kind");
  if (a->n_parts != b->n_parts) return DIFFERS ("number of parts");
  if (memcmp (a->part_start, b->part_start, (a->n_parts + 1) * sizeof (guint)) != 0)
    return DIFFERS ("parts");
  for (guint p = 0; p < a->n_parts; p++)
    if (!part_equal (a, b, p))
      return g_strdup_printf ("feature “%s”: positions of part %u differ", a->id, p + 1);
  if (g_strcmp0 (a->regions_layer, b->regions_layer) != 0 ||
      g_strcmp0 (a->regions_field, b->regions_field) != 0 ||
      !strv_equal (a->regions_values, b->regions_values))
    return DIFFERS ("regions");
  if (!close_or_nan (a->anchor_lon, b->anchor_lon) || !close_or_nan (a->anchor_lat, b->anchor_lat))
    return DIFFERS ("anchor");
  return NULL;
#undef DIFFERS
}

char *
story_difference (SitmapStory *a,
                  SitmapStory *b)
{
  static const struct {
    const char *name;
    const char *(*get) (SitmapStory *);
  } texts[] = {
    { "title", sitmap_story_get_title }, { "subtitle", sitmap_story_get_subtitle },
    { "publication", sitmap_story_get_publication }, { "byline", sitmap_story_get_byline },
    { "date", sitmap_story_get_date }, { "convention", sitmap_story_get_convention },
    { "credit", sitmap_story_get_credit }, { "article", sitmap_story_get_article },
  };
  double extent_a[4], extent_b[4];
  gboolean has_a, has_b;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    if (g_strcmp0 (texts[i].get (a), texts[i].get (b)) != 0)
      return g_strdup_printf ("the %s differs", texts[i].name);

  has_a = sitmap_story_get_extent (a, extent_a);
  has_b = sitmap_story_get_extent (b, extent_b);
  if (has_a != has_b)
    return g_strdup ("the extent differs");
  for (guint i = 0; has_a && i < 4; i++)
    if (extent_a[i] != extent_b[i])
      return g_strdup ("the extent differs");

  if (sitmap_story_get_n_features (a) != sitmap_story_get_n_features (b))
    return g_strdup_printf ("%u features became %u", sitmap_story_get_n_features (a),
                            sitmap_story_get_n_features (b));
  for (guint i = 0; i < sitmap_story_get_n_features (a); i++)
    {
      char *difference = feature_difference (sitmap_story_get_feature (a, i),
                                              sitmap_story_get_feature (b, i));

      if (difference != NULL)
        return difference;
    }
  return NULL;
}
