/* fuzz-story-write.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The story writer's round trip.  The input is a story file, read with
 * fuzz_story_article as fuzz-story reads it (and from the same seeds).
 * Inputs that do not parse as a story are of no interest here.  For one
 * that does, the invariants are:
 *
 *   - the written text is valid UTF-8 and has no "crs" member;
 *   - it reads back, with the same article, without an error;
 *   - what it reads back as is the same story (story_difference(): every
 *     documented property, the excerpts' places, the geometry to the bit
 *     with rings perhaps turned to the right-hand rule, the anchors);
 *   - written again, it gives the same bytes: the writer's output is a
 *     fixed point, so a save after a save changes nothing.
 *
 * The folder writing itself (temporary files, renames) is tested by
 * test-story-writer; here the text is made in memory.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include "fuzz-target.h"
#include "sitmap-story-writer.h"
#include "story-equal.h"

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(SitmapStory) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *again = NULL;
  g_autofree char *difference = NULL;
  gsize length;

  fuzz_init_logging ();

  story = sitmap_story_load_data ((const char *)data, size, "fuzz.geojson", NULL,
                                  fuzz_story_article, NULL);
  if (story == NULL)
    return 0;

  json = sitmap_story_writer_to_json (story, &length);
  FUZZ_CHECK (length == strlen (json));
  FUZZ_CHECK (g_utf8_validate (json, length, NULL));
  FUZZ_CHECK (strstr (json, "\"crs\"") == NULL);

  reread = sitmap_story_load_data (json, length, "written.geojson", NULL, fuzz_story_article,
                                   &error);
  if (reread == NULL || fuzz_verbose)
    g_printerr ("  %u features; read back: %s\n", sitmap_story_get_n_features (story),
                reread == NULL ? error->message : "the same");
  FUZZ_CHECK (reread != NULL);

  difference = story_difference (story, reread);
  if (difference != NULL)
    g_printerr ("  %s\n", difference);
  FUZZ_CHECK (difference == NULL);

  again = sitmap_story_writer_to_json (reread, NULL);
  FUZZ_CHECK (strcmp (json, again) == 0);
  return 0;
}
