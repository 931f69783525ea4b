/* test-extraction-eval.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The extractor against the hand annotations of tests/data/extraction:
 *
 *   test-extraction-eval DIR MIN_PRECISION MIN_RECALL MIN_WITHIN_161KM [--details]
 *
 * Every DIR/NAME.txt is extracted with the date of DIR/NAME.json.  A place
 * found matches an annotated one when its name, one of the annotation's
 * aliases, or the text of one of its mentions is one of the annotated
 * place's names or forms (folded as the gazetteer folds names), each
 * annotated place matched once.  Precision is the share of places found
 * that match, recall the share of annotated places found, and "within 161
 * km" the share of matched places whose point lies within 161 km (100
 * miles, the measure of the geoparsing literature) of the annotation's;
 * a country's point is a convention (the annotator's and the gazetteer's
 * interior points of Russia are 2,700 km apart), so a country also counts
 * as within when both points lie in the same country of the shipped 1:50m
 * boundaries.
 * Figures and dates are scored too, for the record.  Fails when a place
 * score is below its floor.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sitmap-extraction.h"
#include "sitmap-shapefile.h"

typedef struct
{
  guint found, annotated, matched, within;
  guint figures_annotated, figures_matched;
  guint dates_annotated, dates_matched;
} Score;

static SitmapLayer *countries;

/* Even-odd over every ring of the feature, in degrees. */
static gboolean
feature_contains (const SitmapFeature *feature,
                  double               lon,
                  double               lat)
{
  gboolean inside = FALSE;

  for (guint part = 0; part < feature->n_parts; part++)
    for (guint i = feature->part_start[part], j = feature->part_start[part + 1] - 1;
         i < feature->part_start[part + 1]; j = i++)
      {
        double xi = feature->lonlat[2 * i], yi = feature->lonlat[2 * i + 1];
        double xj = feature->lonlat[2 * j], yj = feature->lonlat[2 * j + 1];

        if ((yi > lat) != (yj > lat) && lon < (xj - xi) * (lat - yi) / (yj - yi) + xi)
          inside = !inside;
      }
  return inside;
}

static int
country_at (double lon,
            double lat)
{
  for (guint f = 0; f < sitmap_layer_get_n_features (countries); f++)
    if (feature_contains (sitmap_layer_get_feature (countries, f), lon, lat))
      return f;
  return -1;
}

/* Folded, without a leading "the". */
static char *
fold (const char *text)
{
  char *folded = sitmap_gazetteer_fold (text);

  if (g_str_has_prefix (folded, "the "))
    memmove (folded, folded + 4, strlen (folded + 4) + 1);
  return folded;
}

static void
add_names (GHashTable *names,
           JsonObject *object,
           const char *member)
{
  JsonArray *array;

  if (!json_object_has_member (object, member))
    return;
  array = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_hash_table_add (names, fold (json_array_get_string_element (array, i)));
}

static gboolean
place_matches (SitmapExtraction           *extraction,
               const SitmapExtractedPlace *place,
               GHashTable                 *names)
{
  const char *text = sitmap_extraction_get_text (extraction);
  g_autofree char *name = fold (place->name);

  if (g_hash_table_contains (names, name))
    return TRUE;
  for (guint i = 0; place->entry && i < sitmap_gazetteer_entry_get_n_alternate_names (place->entry); i++)
    {
      g_autofree char *alternate = fold (sitmap_gazetteer_entry_get_alternate_name (place->entry, i));

      if (g_hash_table_contains (names, alternate))
        return TRUE;
    }
  for (guint m = 0; m < place->mentions->len; m++)
    {
      const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);
      g_autofree char *said = g_strndup (text + mention->start, mention->end - mention->start);
      g_autofree char *folded = fold (said);

      if (g_hash_table_contains (names, folded))
        return TRUE;
    }
  return FALSE;
}

static gboolean
figure_matches (SitmapExtraction *extraction,
                JsonObject       *annotated)
{
  GArray *figures = sitmap_extraction_get_figures (extraction);

  for (guint f = 0; f < figures->len; f++)
    {
      const SitmapExtractedFigure *figure = &g_array_index (figures, SitmapExtractedFigure, f);

      if (json_object_has_member (annotated, "value"))
        {
          if (!figure->has_value || figure->is_range ||
              fabs (figure->value - json_object_get_double_member (annotated, "value")) > 1e-6 * fabs (figure->value))
            continue;
        }
      else if (json_object_has_member (annotated, "low"))
        {
          if (!figure->is_range || figure->low != json_object_get_double_member (annotated, "low") ||
              figure->high != json_object_get_double_member (annotated, "high"))
            continue;
        }
      else if (figure->has_value)
        continue;
      if (g_strcmp0 (figure->qualifier, json_object_get_string_member_with_default (annotated, "qualifier", NULL)) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
date_matches (SitmapExtraction *extraction,
              JsonObject       *annotated)
{
  GArray *dates = sitmap_extraction_get_dates (extraction);
  const char *text = sitmap_extraction_get_text (extraction);

  for (guint d = 0; d < dates->len; d++)
    {
      const SitmapExtractedDate *date = &g_array_index (dates, SitmapExtractedDate, d);
      g_autofree char *said = g_strndup (text + date->start, date->end - date->start);

      if (g_strcmp0 (date->date, json_object_get_string_member (annotated, "date")) == 0 &&
          strstr (json_object_get_string_member (annotated, "text"), said) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
evaluate (SitmapGazetteer *gazetteer,
          const char      *txt_path,
          gboolean         details,
          Score           *score)
{
  g_autofree char *base = g_strndup (txt_path, strlen (txt_path) - 4);
  g_autofree char *json_path = g_strconcat (base, ".json", NULL);
  g_autofree char *name = g_path_get_basename (base);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapExtraction) extraction = NULL;
  g_autoptr(GString) misses = g_string_new (NULL);
  g_autoptr(GString) false_hits = g_string_new (NULL);
  g_autoptr(GString) far = g_string_new (NULL);
  JsonObject *root;
  JsonArray *annotated;
  GArray *places;
  gboolean *used;
  Score doc = { 0 };

  if (!json_parser_load_from_file (parser, json_path, &error))
    g_error ("%s: %s", json_path, error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  extraction = sitmap_extraction_new_for_file (txt_path, json_object_get_string_member (root, "date"), gazetteer, &error);
  g_assert_no_error (error);

  places = sitmap_extraction_get_places (extraction);
  annotated = json_object_get_array_member (root, "places");
  used = g_new0 (gboolean, places->len);
  doc.found = places->len;
  doc.annotated = json_array_get_length (annotated);

  for (guint a = 0; a < json_array_get_length (annotated); a++)
    {
      JsonObject *truth = json_array_get_object_element (annotated, a);
      g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gboolean matched = FALSE;

      g_hash_table_add (names, fold (json_object_get_string_member (truth, "name")));
      add_names (names, truth, "aliases");
      add_names (names, truth, "forms");
      for (guint p = 0; p < places->len && !matched; p++)
        {
          const SitmapExtractedPlace *place = &g_array_index (places, SitmapExtractedPlace, p);
          double km;

          if (used[p] || !place_matches (extraction, place, names))
            continue;
          used[p] = matched = TRUE;
          doc.matched++;
          km = sitmap_place_finder_distance_km (place->lon, place->lat, json_object_get_double_member (truth, "lon"),
                            json_object_get_double_member (truth, "lat"));
          if (km <= 161 ||
              (g_strcmp0 (json_object_get_string_member (truth, "kind"), "country") == 0 &&
               country_at (place->lon, place->lat) >= 0 &&
               country_at (place->lon, place->lat) == country_at (json_object_get_double_member (truth, "lon"),
                                                                  json_object_get_double_member (truth, "lat"))))
            doc.within++;
          else
            g_string_append_printf (far, " %s(%.0f km)", json_object_get_string_member (truth, "name"), km);
        }
      if (!matched)
        g_string_append_printf (misses, " %s;", json_object_get_string_member (truth, "name"));
    }
  for (guint p = 0; p < places->len; p++)
    if (!used[p])
      g_string_append_printf (false_hits, " %s;", g_array_index (places, SitmapExtractedPlace, p).name);
  g_free (used);

  if (json_object_has_member (root, "figures"))
    {
      JsonArray *figures = json_object_get_array_member (root, "figures");

      doc.figures_annotated = json_array_get_length (figures);
      for (guint f = 0; f < doc.figures_annotated; f++)
        doc.figures_matched += figure_matches (extraction, json_array_get_object_element (figures, f));
    }
  if (json_object_has_member (root, "dates"))
    {
      JsonArray *dates = json_object_get_array_member (root, "dates");

      doc.dates_annotated = json_array_get_length (dates);
      for (guint d = 0; d < doc.dates_annotated; d++)
        doc.dates_matched += date_matches (extraction, json_array_get_object_element (dates, d));
    }

  printf ("# %-32s places: %2u annotated, %2u found, %2u matched, %2u within 161 km; figures %u/%u; dates %u/%u\n",
           name, doc.annotated, doc.found, doc.matched, doc.within,
           doc.figures_matched, doc.figures_annotated, doc.dates_matched, doc.dates_annotated);
  if (details)
    {
      if (misses->len)
        printf ("#   missed:%s\n", misses->str);
      if (false_hits->len)
        printf ("#   not annotated:%s\n", false_hits->str);
      if (far->len)
        printf ("#   far:%s\n", far->str);
    }

  score->found += doc.found;
  score->annotated += doc.annotated;
  score->matched += doc.matched;
  score->within += doc.within;
  score->figures_annotated += doc.figures_annotated;
  score->figures_matched += doc.figures_matched;
  score->dates_annotated += doc.dates_annotated;
  score->dates_matched += doc.dates_matched;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char **)a, *(char **)b);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  Score score = { 0 };
  double precision, recall, within, floors[3];
  gboolean details;
  const char *entry;

  if (argc < 5)
    {
      g_printerr ("usage: %s DIR MIN_PRECISION MIN_RECALL MIN_WITHIN_161KM [--details]\n", argv[0]);
      return 2;
    }
  for (int i = 0; i < 3; i++)
    floors[i] = g_ascii_strtod (argv[2 + i], NULL);
  details = argc > 5 && g_str_equal (argv[5], "--details");

  gazetteer = sitmap_gazetteer_open_default (&error);
  g_assert_no_error (error);
  {
    g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "boundaries", "ne_50m_countries.shp", NULL);

    countries = sitmap_shapefile_load (path, &error);
    g_assert_no_error (error);
  }
  dir = g_dir_open (argv[1], 0, &error);
  g_assert_no_error (error);
  while ((entry = g_dir_read_name (dir)))
    if (g_str_has_suffix (entry, ".txt"))
      g_ptr_array_add (paths, g_build_filename (argv[1], entry, NULL));
  g_ptr_array_sort (paths, compare_paths);

  g_print ("TAP version 13\n1..1\n");
  for (guint i = 0; i < paths->len; i++)
    evaluate (gazetteer, g_ptr_array_index (paths, i), details, &score);

  precision = score.found ? (double)score.matched / score.found : 0;
  recall = score.annotated ? (double)score.matched / score.annotated : 0;
  within = score.matched ? (double)score.within / score.matched : 0;
  g_print ("# %u texts: place precision %.3f, recall %.3f, within 161 km %.3f "
           "(floors %.2f, %.2f, %.2f); figures %u/%u, dates %u/%u\n",
           paths->len, precision, recall, within, floors[0], floors[1], floors[2],
           score.figures_matched, score.figures_annotated, score.dates_matched, score.dates_annotated);

  if (paths->len == 0 || precision < floors[0] || recall < floors[1] || within < floors[2])
    {
      g_print ("not ok 1 - places below their floors\n");
      return 1;
    }
  g_print ("ok 1 - places at or above their floors\n");
  return 0;
}
