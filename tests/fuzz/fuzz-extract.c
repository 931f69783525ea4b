/* fuzz-extract.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is an article, extracted with a publication date and the
 * shipped gazetteer ($SITMAP_DATADIR).  Invariants, beyond what the
 * sanitizers see:
 *   - a rejected article gets one line that names it, in valid UTF-8;
 *   - every offset (places' mentions, figures, dates) lies inside the text,
 *     on code point boundaries, start before end, and code point offsets
 *     agree with the bytes;
 *   - every coordinate is finite and on the globe, every confidence in
 *     [0, 1];
 *   - every string handed on (names, kinds, units, qualifiers, sources,
 *     dates) is clean UTF-8, and the JSON parses back;
 *   - the draft story loads, with every excerpt verbatim in the article.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "fuzz-target.h"
#include "sitmap-draft-story.h"
#include "sitmap-extraction.h"

static SitmapGazetteer *
get_gazetteer (void)
{
  static SitmapGazetteer *gazetteer;

  if (gazetteer == NULL)
    {
      g_autoptr(GError) error = NULL;

      gazetteer = sitmap_gazetteer_open_default (&error);
      if (gazetteer == NULL)
        g_error ("%s", error->message);
    }
  return gazetteer;
}

static gboolean
on_boundary (const char *text,
             gsize       length,
             guint       offset)
{
  return offset <= length && (offset == length || ((guchar)text[offset] & 0xC0) != 0x80);
}

static void
check_range (SitmapExtraction *extraction,
             guint             start,
             guint             end)
{
  const char *text = sitmap_extraction_get_text (extraction);
  gsize length = sitmap_extraction_get_length (extraction);

  FUZZ_CHECK (start < end && end <= length);
  FUZZ_CHECK (on_boundary (text, length, start) && on_boundary (text, length, end));
  FUZZ_CHECK (sitmap_extraction_code_point (extraction, start) == (guint)g_utf8_strlen (text, start));
  FUZZ_CHECK (sitmap_extraction_code_point (extraction, end) == (guint)g_utf8_strlen (text, end));
}

static void
check_extraction (SitmapExtraction *extraction)
{
  GArray *places = sitmap_extraction_get_places (extraction);
  GArray *figures = sitmap_extraction_get_figures (extraction);
  GArray *dates = sitmap_extraction_get_dates (extraction);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *story = NULL;

  for (guint p = 0; p < places->len; p++)
    {
      const SitmapExtractedPlace *place = &g_array_index (places, SitmapExtractedPlace, p);

      FUZZ_CHECK (fuzz_text_is_clean (place->name) && fuzz_text_is_clean (place->kind));
      FUZZ_CHECK (isfinite (place->lon) && isfinite (place->lat));
      FUZZ_CHECK (fabs (place->lon) <= 180 && fabs (place->lat) <= 90);
      FUZZ_CHECK (place->confidence >= 0 && place->confidence <= 1);
      FUZZ_CHECK (place->mentions->len > 0);
      for (guint m = 0; m < place->mentions->len; m++)
        {
          const SitmapPlaceMention *mention = &g_array_index (place->mentions, SitmapPlaceMention, m);

          check_range (extraction, mention->start, mention->end);
        }
    }
  for (guint f = 0; f < figures->len; f++)
    {
      const SitmapExtractedFigure *figure = &g_array_index (figures, SitmapExtractedFigure, f);

      check_range (extraction, figure->start, figure->end);
      FUZZ_CHECK (fuzz_text_is_clean (figure->unit));
      FUZZ_CHECK (figure->qualifier == NULL || fuzz_text_is_clean (figure->qualifier));
      FUZZ_CHECK (figure->source == NULL || fuzz_text_is_clean (figure->source));
      FUZZ_CHECK (figure->place == NULL || fuzz_text_is_clean (figure->place));
      FUZZ_CHECK (isfinite (figure->value) && isfinite (figure->low) && isfinite (figure->high));
      FUZZ_CHECK (figure->place_index < (int)places->len);
    }
  for (guint d = 0; d < dates->len; d++)
    {
      const SitmapExtractedDate *date = &g_array_index (dates, SitmapExtractedDate, d);

      check_range (extraction, date->start, date->end);
      FUZZ_CHECK (date->date == NULL || (strlen (date->date) == 10 && fuzz_text_is_clean (date->date)));
    }

  json = sitmap_extraction_to_json (extraction);
  FUZZ_CHECK (g_utf8_validate (json, -1, NULL));
  FUZZ_CHECK (json_parser_load_from_data (parser, json, -1, NULL));

  /* The draft checks itself by loading: that must never fail. */
  story = sitmap_draft_story_to_geojson (extraction, &error);
  if (story == NULL)
    g_printerr ("%s\n", error->message);
  FUZZ_CHECK (story != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SitmapExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init_logging ();

  extraction = sitmap_extraction_new ((const char *)data, size, "fuzz.txt", "2022-01-15", get_gazetteer (), &error);
  if (fuzz_verbose)
    {
      if (extraction == NULL)
        g_print ("  %s\n", error->message);
      else
        g_print ("  %u places, %u figures, %u dates\n", sitmap_extraction_get_places (extraction)->len,
                 sitmap_extraction_get_figures (extraction)->len, sitmap_extraction_get_dates (extraction)->len);
    }
  if (extraction == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.txt"));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (strchr (error->message, '\n') == NULL);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  check_extraction (extraction);
  return 0;
}
