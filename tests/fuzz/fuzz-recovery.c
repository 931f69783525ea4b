/* fuzz-recovery.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The editor's recovery copy, as the next launch reads it after a crash.
 * The input is a recovery file.  It is read twice: as a launch reads it,
 * digest checked, and with the digest check left out, which is how the
 * fuzzer reaches the header and story readers behind a SHA-256 it cannot
 * make match.  The seeds are recovery copies of the test suite's stories
 * and of the shipped one, with and without the folder they came from.
 *
 * Invariants:
 *   1. A refusal is an error of the recovery or story domain whose message
 *      is clean text naming the file, so the restore offer can show it.
 *   2. The digest only ever refuses more: what the checked read accepts,
 *      the unchecked read accepts too, with the same origin.
 *   3. What is accepted is a story whose title is clean text, whose
 *      article is valid UTF-8, whose origin is an absolute path that can
 *      be shown, and which round-trips: written as a recovery copy again
 *      and read back with the digest checked, it is the same story
 *      (story_difference ()) from the same origin, and written once more
 *      it is the same bytes.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <string.h>

#include "fuzz-target.h"
#include "sitmap-recovery-private.h"
#include "sitmap-story.h"
#include "story-equal.h"

#define DISPLAY_NAME "fuzz.sitmap-recovery"

static void
check_refusal (const GError *error)
{
  FUZZ_CHECK (error != NULL);
  FUZZ_CHECK (error->domain == SITMAP_RECOVERY_ERROR || error->domain == SITMAP_STORY_ERROR);
  FUZZ_CHECK (fuzz_text_is_clean (error->message));
  FUZZ_CHECK (strstr (error->message, DISPLAY_NAME) != NULL);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(SitmapStory) checked = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(SitmapStory) reread = NULL;
  g_autoptr(GError) checked_error = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *checked_origin = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *reread_origin = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *again = NULL;
  g_autofree char *difference = NULL;
  gsize length, again_length;

  fuzz_init_logging ();

  checked = sitmap_recovery_read_data ((const char *)data, size, DISPLAY_NAME, &checked_origin,
                                       &checked_error);
  story = _sitmap_recovery_read_data_full ((const char *)data, size, DISPLAY_NAME, FALSE,
                                           &origin, &error);
  if (fuzz_verbose)
    g_printerr ("  %s\n", story ? "accepted" : error->message);
  if (checked == NULL)
    check_refusal (checked_error);
  if (story == NULL)
    {
      check_refusal (error);
      FUZZ_CHECK (checked == NULL);
      return 0;
    }
  if (checked != NULL)
    FUZZ_CHECK (g_strcmp0 (checked_origin, origin) == 0);

  /* A folder's name may hold any byte but '/' and NUL, so the origin is
   * only held to being a whole path that can be shown. */
  if (origin != NULL)
    {
      g_autofree char *shown = g_filename_display_name (origin);

      FUZZ_CHECK (g_path_is_absolute (origin));
      FUZZ_CHECK (g_utf8_validate (shown, -1, NULL));
    }
  FUZZ_CHECK (sitmap_story_get_title (story) == NULL || fuzz_text_is_clean (sitmap_story_get_title (story)));
  FUZZ_CHECK (g_utf8_validate (sitmap_story_get_article (story), -1, NULL));

  copy = sitmap_recovery_to_data (story, origin, &length);
  FUZZ_CHECK (length == strlen (copy));
  reread = sitmap_recovery_read_data (copy, length, "written.sitmap-recovery", &reread_origin, &error);
  if (reread == NULL)
    g_printerr ("  read back: %s\n", error->message);
  FUZZ_CHECK (reread != NULL);
  FUZZ_CHECK (g_strcmp0 (origin, reread_origin) == 0);

  difference = story_difference (story, reread);
  if (difference != NULL)
    g_printerr ("  %s\n", difference);
  FUZZ_CHECK (difference == NULL);

  again = sitmap_recovery_to_data (reread, reread_origin, &again_length);
  FUZZ_CHECK (again_length == length && memcmp (copy, again, length) == 0);
  return 0;
}
