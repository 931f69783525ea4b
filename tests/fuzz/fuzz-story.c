/* fuzz-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is a story file.  Its article is fixed (fuzz_story_article,
 * the test suite's small one), so that excerpts can be found and the
 * loader gets past them to the rest of each feature.  Areas given by reference are resolved
 * against a two-region layer named "test-regions" with a "code" field.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include "fuzz-target.h"
#include "sitmap-story.h"
#include "test-files.h"

static void
check_story (SitmapStory *story)
{
  g_autoptr(SitmapLayer) regions = test_regions_new ();
  g_autoptr(GError) error = NULL;
  double extent[4];
  gsize article_length = strlen (sitmap_story_get_article (story));

  FUZZ_CHECK (g_utf8_validate (sitmap_story_get_title (story), -1, NULL));
  (void)sitmap_story_get_extent (story, extent);

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);

      FUZZ_CHECK (feature->id != NULL && g_utf8_validate (feature->id, -1, NULL));
      FUZZ_CHECK (fuzz_text_is_clean (feature->label));
      FUZZ_CHECK (sitmap_story_find_feature (story, feature->id) == (int)i);
      FUZZ_CHECK (feature->excerpts != NULL);
      FUZZ_CHECK (g_strv_length (feature->excerpts) == feature->excerpt_ranges->len);
      for (guint e = 0; e < feature->excerpt_ranges->len; e++)
        {
          const SitmapTextRange *range = &g_array_index (feature->excerpt_ranges,
                                                         SitmapTextRange, e);

          FUZZ_CHECK (range->start <= range->end && range->end <= article_length);
        }
      for (guint f = 0; f < feature->figures->len; f++)
        {
          g_autofree char *text = sitmap_figure_format (&g_array_index (feature->figures,
                                                                        SitmapFigure, f));

          FUZZ_CHECK (g_utf8_validate (text, -1, NULL));
        }
      if (feature->n_parts > 0)
        for (guint v = 0; v < 2 * feature->part_start[feature->n_parts]; v++)
          FUZZ_CHECK (isfinite (feature->lonlat[v]));
    }

  /* A reference that matches nothing is an error, and fine here. */
  (void)sitmap_story_resolve_regions (story, "test-regions", regions, &error);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GError) error = NULL;

  fuzz_init_logging ();

  story = sitmap_story_load_data ((const char *)data, size, "fuzz.geojson", NULL, fuzz_story_article,
                                  &error);
  if (fuzz_verbose)
    {
      if (story == NULL)
        g_print ("  %s\n", error->message);
      else
        g_print ("  %u features\n", sitmap_story_get_n_features (story));
    }
  if (story == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.geojson"));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (strchr (error->message, '\n') == NULL);
      return 0;
    }

  FUZZ_CHECK (error == NULL);
  check_story (story);
  return 0;
}
