/* sitmap-draft-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-draft-story.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "sitmap-story.h"

#define TITLE_CHARS 90
/* The story loader's limit on names and sources. */
#define NAME_CHARS  200
/* The extent holds the places this near the middle of them all; the rest
 * are shown as tabs on its edge. */
#define EXTENT_RADIUS_KM 2500.0
/* Below the story loader's limits on excerpts, features and excerpts in
 * all: a text that names more is no news story. */
#define EXCERPT_CHARS 4000
#define MAX_FEATURES  2000
#define MAX_EXCERPTS  10000

static char *
shorten (const char *text,
         glong       max_chars)
{
  glong n = g_utf8_strlen (text, -1);
  const char *cut;
  g_autofree char *head = NULL;
  char *space;

  if (n <= max_chars)
    return g_strdup (text);
  cut = g_utf8_offset_to_pointer (text, max_chars - 1);
  head = g_strndup (text, cut - text);
  space = strrchr (head, ' ');
  if (space && space - head > (glong)strlen (head) / 2)
    *space = '\0';
  return g_strconcat (head, "…", NULL);
}

/* Lower-case words joined by hyphens: "donetsk-oblast". */
static char *
slug (const char *name)
{
  g_autofree char *folded = sitmap_gazetteer_fold (name);
  GString *id = g_string_new (NULL);

  for (const char *p = folded; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (id, g_ascii_tolower (*p));
      else if (id->len > 0 && id->str[id->len - 1] != '-')
        g_string_append_c (id, '-');
    }
  while (id->len > 0 && id->str[id->len - 1] == '-')
    g_string_truncate (id, id->len - 1);
  if (id->len == 0)
    g_string_append (id, "place");
  return g_string_free (id, FALSE);
}

static const char *
story_kind (const char *kind)
{
  if (g_str_equal (kind, "capital") || g_str_equal (kind, "city") || g_str_equal (kind, "venue"))
    return kind;
  return "area";
}

static double
round4 (double value)
{
  return round (value * 1e4) / 1e4;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* West, south, east, north around the places near the middle of them all,
 * each weighted by its mentions. */
static gboolean
find_extent (GArray *places,
             double  extent[4])
{
  g_autoptr(GArray) lons = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lats = g_array_new (FALSE, FALSE, sizeof (double));
  double mid_lon, mid_lat, pad_lon, pad_lat;
  gboolean any = FALSE;

  for (guint p = 0; p < places->len; p++)
    {
      const SitmapExtractedPlace *place = &g_array_index (places, SitmapExtractedPlace, p);

      for (guint m = 0; m < place->mentions->len; m++)
        {
          g_array_append_val (lons, place->lon);
          g_array_append_val (lats, place->lat);
        }
    }
  if (lons->len == 0)
    return FALSE;
  g_array_sort (lons, compare_doubles);
  g_array_sort (lats, compare_doubles);
  mid_lon = g_array_index (lons, double, lons->len / 2);
  mid_lat = g_array_index (lats, double, lats->len / 2);

  extent[0] = extent[1] = G_MAXDOUBLE;
  extent[2] = extent[3] = -G_MAXDOUBLE;
  for (guint p = 0; p < places->len; p++)
    {
      const SitmapExtractedPlace *place = &g_array_index (places, SitmapExtractedPlace, p);

      if (sitmap_place_finder_distance_km (mid_lon, mid_lat, place->lon, place->lat) > EXTENT_RADIUS_KM)
        continue;
      extent[0] = MIN (extent[0], place->lon);
      extent[1] = MIN (extent[1], place->lat);
      extent[2] = MAX (extent[2], place->lon);
      extent[3] = MAX (extent[3], place->lat);
      any = TRUE;
    }
  if (!any)
    {
      extent[0] = extent[2] = mid_lon;
      extent[1] = extent[3] = mid_lat;
    }
  pad_lon = MAX (2.0, (extent[2] - extent[0]) * 0.15);
  pad_lat = MAX (1.5, (extent[3] - extent[1]) * 0.15);
  extent[0] = round4 (CLAMP (extent[0] - pad_lon, -180, 179));
  extent[2] = round4 (CLAMP (extent[2] + pad_lon, extent[0] + 1, 180));
  extent[1] = round4 (CLAMP (extent[1] - pad_lat, -85, 84));
  extent[3] = round4 (CLAMP (extent[3] + pad_lat, extent[1] + 1, 85));
  return TRUE;
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_number (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (value == floor (value) && fabs (value) < 1e15)
    json_builder_add_int_value (builder, (gint64)value);
  else
    json_builder_add_double_value (builder, value);
}

/* The story format hedges a figure with a few words only
 * (data/stories/README.md); the article's own words ("some", "nearly",
 * "upwards of") are told by the nearest of them, and a hedge with none
 * ("only") is left out rather than making a story that does not load. */
static const char *
story_qualifier (const char *qualifier)
{
  static const struct { const char *found; const char *story; } table[] = {
    { "no fewer than", "at least" }, { "as few as", "at least" }, { "at least", "at least" },
    { "no more than", "up to" }, { "as many as", "up to" }, { "at most", "up to" }, { "up to", "up to" },
    { "well over", "more than" }, { "just over", "more than" }, { "more than", "more than" },
    { "upwards of", "more than" }, { "over", "more than" },
    { "just under", "fewer than" }, { "fewer than", "fewer than" }, { "less than", "fewer than" },
    { "under", "fewer than" },
    { "roughly", "roughly" }, { "approximately", "roughly" },
    { "about", "about" }, { "around", "about" }, { "some", "about" }, { "an estimated", "about" },
    { "estimated", "about" }, { "close to", "about" }, { "nearly", "about" }, { "almost", "about" },
    { "barely", "about" },
    { "another", "another" }, { "an additional", "another" }, { "a further", "another" },
    { "exactly", "exactly" },
  };

  for (guint i = 0; qualifier && i < G_N_ELEMENTS (table); i++)
    if (g_ascii_strcasecmp (qualifier, table[i].found) == 0)
      return table[i].story;
  return NULL;
}

static void
add_callout (JsonBuilder                *builder,
             SitmapExtraction           *extraction,
             guint                       place_index,
             const SitmapExtractedPlace *place)
{
  GArray *figures = sitmap_extraction_get_figures (extraction);
  gboolean open = FALSE;

  for (guint f = 0; f < figures->len; f++)
    {
      const SitmapExtractedFigure *figure = &g_array_index (figures, SitmapExtractedFigure, f);

      /* "dozens of": a callout needs a number. */
      if (figure->place_index != (int)place_index || !figure->has_value)
        continue;
      if (!open)
        {
          json_builder_set_member_name (builder, "callout");
          json_builder_begin_object (builder);
          add_string (builder, "title", place->name);
          json_builder_set_member_name (builder, "figures");
          json_builder_begin_array (builder);
          open = TRUE;
        }
      json_builder_begin_object (builder);
      if (figure->is_range)
        {
          add_number (builder, "low", figure->low);
          add_number (builder, "high", figure->high);
        }
      else
        add_number (builder, "value", figure->value);
      add_string (builder, "unit", figure->unit);
      if (story_qualifier (figure->qualifier))
        add_string (builder, "qualifier", story_qualifier (figure->qualifier));
      if (figure->source)
        {
          g_autofree char *source = shorten (figure->source, NAME_CHARS);

          add_string (builder, "source", source);
        }
      json_builder_end_object (builder);
    }
  if (open)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
}

/* g_ptr_array_sort hands over pointers to the elements. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static gboolean
is_control (gunichar c)
{
  return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F);
}

/* The mention's sentence, verbatim, as an excerpt: the stretch of it
 * between control characters (which no story file holds) around the
 * mention, cut short of the loader's limit. */
static char *
excerpt_of (SitmapExtraction         *extraction,
            const SitmapPlaceMention *mention)
{
  const SitmapSentence *sentence = sitmap_tokens_get_sentence (sitmap_extraction_get_tokens (extraction),
                                                               mention->sentence);
  const char *text = sitmap_extraction_get_text (extraction);
  const char *start = text + sentence->start, *end = text + sentence->end;
  const char *at = text + mention->start;
  char *excerpt;

  for (const char *p = start; p < at; p = g_utf8_next_char (p))
    if (is_control (g_utf8_get_char (p)))
      start = g_utf8_next_char (p);
  for (const char *p = at; p < end; p = g_utf8_next_char (p))
    if (is_control (g_utf8_get_char (p)))
      {
        end = p;
        break;
      }
  excerpt = g_strndup (start, end - start);
  if (g_utf8_strlen (excerpt, -1) > EXCERPT_CHARS)
    *g_utf8_offset_to_pointer (excerpt, EXCERPT_CHARS) = '\0';
  return excerpt;
}

static void
add_feature (JsonBuilder                *builder,
             SitmapExtraction           *extraction,
             guint                       place_index,
             const SitmapExtractedPlace *place,
             GHashTable                 *ids,
             guint                      *n_excerpts)
{
  g_autofree char *base = slug (place->name);
  g_autofree char *id = g_strdup (base);
  g_autoptr(GPtrArray) dates = g_ptr_array_new ();
  GArray *all_dates = sitmap_extraction_get_dates (extraction);
  g_autofree char *name = shorten (place->name, NAME_CHARS);
  int last_sentence = -1;

  for (guint n = 2; g_hash_table_contains (ids, id); n++)
    {
      g_free (id);
      id = g_strdup_printf ("%s-%u", base, n);
    }
  g_hash_table_add (ids, g_strdup (id));

  json_builder_begin_object (builder);
  add_string (builder, "type", "Feature");
  add_string (builder, "id", id);
  json_builder_set_member_name (builder, "geometry");
  json_builder_begin_object (builder);
  add_string (builder, "type", "Point");
  json_builder_set_member_name (builder, "coordinates");
  json_builder_begin_array (builder);
  json_builder_add_double_value (builder, round4 (place->lon));
  json_builder_add_double_value (builder, round4 (place->lat));
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "properties");
  json_builder_begin_object (builder);
  add_string (builder, "name", name);
  add_string (builder, "kind", story_kind (place->kind));
  json_builder_set_member_name (builder, "confidence");
  json_builder_add_double_value (builder, round (place->confidence * 100) / 100);
  add_callout (builder, extraction, place_index, place);

  json_builder_set_member_name (builder, "excerpts");
  json_builder_begin_array (builder);
  for (guint m = 0; m < place->mentions->len; m++)
    {
      const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);
      g_autofree char *sentence = NULL;

      if ((int)mention->sentence == last_sentence || (last_sentence >= 0 && *n_excerpts >= MAX_EXCERPTS))
        continue;
      last_sentence = mention->sentence;
      (*n_excerpts)++;
      sentence = excerpt_of (extraction, mention);
      json_builder_add_string_value (builder, sentence);
      for (guint d = 0; d < all_dates->len; d++)
        {
          const SitmapExtractedDate *date = &g_array_index (all_dates, SitmapExtractedDate, d);

          if (date->sentence == mention->sentence && date->date && !date->is_week &&
              !g_ptr_array_find_with_equal_func (dates, date->date, g_str_equal, NULL))
            g_ptr_array_add (dates, date->date);
        }
    }
  json_builder_end_array (builder);

  if (dates->len > 0)
    {
      g_ptr_array_sort (dates, compare_strings);
      json_builder_set_member_name (builder, "dates");
      json_builder_begin_array (builder);
      for (guint d = 0; d < dates->len; d++)
        json_builder_add_string_value (builder, g_ptr_array_index (dates, d));
      json_builder_end_array (builder);
    }
  add_string (builder, "note", _("Drafted by Sitmap from the article: check the place and its figures."));
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* The first line of the article, as the map's working title. */
static char *
draft_title (SitmapExtraction *extraction)
{
  const SitmapTokens *tokens = sitmap_extraction_get_tokens (extraction);
  g_autofree char *first = NULL;

  if (tokens->sentences->len == 0)
    return g_strdup (_("Draft story"));
  first = sitmap_extraction_dup_sentence (extraction, 0);
  /* Not an excerpt: a control character may become a space. */
  for (char *p = first; *p; p = g_utf8_next_char (p))
    if (is_control (g_utf8_get_char (p)))
      memset (p, ' ', g_utf8_next_char (p) - p);
  return shorten (first, TITLE_CHARS);
}

char *
sitmap_draft_story_to_geojson (SitmapExtraction  *extraction,
                               GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SitmapStory) check = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *credit = NULL;
  GArray *places;
  double extent[4];
  char *text;

  g_return_val_if_fail (SITMAP_IS_EXTRACTION (extraction), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  places = sitmap_extraction_get_places (extraction);
  title = draft_title (extraction);
  credit = g_strdup_printf ("%s; %s", _("Boundaries: Natural Earth (public domain)"),
                            sitmap_gazetteer_get_credit ());

  json_builder_begin_object (builder);
  add_string (builder, "type", "FeatureCollection");
  json_builder_set_member_name (builder, "story");
  json_builder_begin_object (builder);
  add_string (builder, "format", "sitmap-story/1");
  add_string (builder, "title", title);
  if (sitmap_extraction_get_date (extraction))
    add_string (builder, "date", sitmap_extraction_get_date (extraction));
  add_string (builder, "article", "article.txt");
  if (find_extent (places, extent))
    {
      json_builder_set_member_name (builder, "extent");
      json_builder_begin_array (builder);
      for (guint i = 0; i < 4; i++)
        json_builder_add_double_value (builder, extent[i]);
      json_builder_end_array (builder);
    }
  add_string (builder, "credit", credit);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "features");
  json_builder_begin_array (builder);
  for (guint p = 0, n_excerpts = 0; p < places->len && p < MAX_FEATURES; p++)
    add_feature (builder, extraction, p, &g_array_index (places, SitmapExtractedPlace, p), ids, &n_excerpts);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);

  /* What the app will do with it, before anyone has to. */
  check = sitmap_story_load_data (text, strlen (text), "story.geojson", NULL,
                                  sitmap_extraction_get_text (extraction), &local_error);
  if (check == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("the draft story does not load: %s"), local_error->message);
      g_free (text);
      return NULL;
    }
  return text;
}

gboolean
sitmap_draft_story_write (SitmapExtraction  *extraction,
                          const char        *dir,
                          GError           **error)
{
  g_autofree char *story = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *story_path = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SITMAP_IS_EXTRACTION (extraction), FALSE);
  g_return_val_if_fail (dir != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  story = sitmap_draft_story_to_geojson (extraction, error);
  if (story == NULL)
    return FALSE;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("%s: cannot make the folder: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  article_path = g_build_filename (dir, "article.txt", NULL);
  story_path = g_build_filename (dir, "story.geojson", NULL);
  if (!g_file_set_contents_full (article_path, sitmap_extraction_get_text (extraction),
                                 sitmap_extraction_get_length (extraction),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error) ||
      !g_file_set_contents_full (story_path, story, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, local_error->message);
      return FALSE;
    }
  return TRUE;
}
