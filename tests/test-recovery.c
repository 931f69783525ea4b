/* test-recovery.c: the story folder an edited story is saved to, and the
 * recovery copy kept while it is edited
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "sitmap-map.h"
#include "sitmap-recovery-private.h"
#include "sitmap-story-writer.h"
#include "story-equal.h"
#include "test-files.h"

static char *state_dir;

static char *
complete_story_path (void)
{
  return g_build_filename (SITMAP_SOURCE_DATADIR, "..", "tests", "data", "stories", "complete",
                           "story.geojson", NULL);
}

/* As a map resolves them: the story read back has its area's regions
 * unresolved, as written. */
static void
resolve (SitmapStory *story)
{
  g_autoptr(SitmapLayer) regions = test_regions_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_story_resolve_regions (story, "test-regions", regions, &error));
  g_assert_no_error (error);
}

/* The complete test story on a map, edited as the window edits it: a
 * feature moved, a property changed and a place added on the map, which
 * has no excerpt yet. */
static SitmapMap *
edited_map (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = complete_story_path ();
  g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);
  g_autoptr(SitmapLayer) regions = test_regions_new ();
  SitmapMap *map = sitmap_map_new ();
  const double odesa[2] = { 30.7233, 46.4825 };
  int kyiv;

  g_assert_no_error (error);
  sitmap_map_add_loaded_basemap (map, regions, "/nowhere/test-regions.shp");
  g_assert_true (sitmap_map_set_story (map, story, &error));
  kyiv = sitmap_story_find_feature (sitmap_map_get_story (map), "kyiv");
  g_assert_cmpint (kyiv, >=, 0);
  g_assert_true (sitmap_map_translate_feature (map, kyiv, 0.25, -0.125, &error));
  g_assert_true (sitmap_map_set_feature_property (map, kyiv, "note", "Moved a little.", &error));
  g_assert_cmpint (sitmap_map_add_feature (map, "odesa", "Odesa", SITMAP_STORY_KIND_CITY,
                                           SITMAP_GEOMETRY_POINTS, odesa, 1, &error), >=, 0);
  g_assert_no_error (error);
  return map;
}

/* Saved to a folder, an edited story (a place with no excerpt among its
 * features) opens again as the same story, article and all. */
static void
test_story_folder_round_trip (void)
{
  g_autoptr(SitmapMap) map = edited_map ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sitmap-recovery-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (dir, "my story", NULL);
  g_autofree char *path = g_build_filename (folder, "story.geojson", NULL);
  g_autofree char *article_path = g_build_filename (folder, "article.txt", NULL);
  g_autofree char *article = NULL;
  g_autofree char *difference = NULL;
  g_autoptr(SitmapStory) reread = NULL;
  SitmapStory *story = sitmap_map_get_story (map);
  const SitmapStoryFeature *odesa;

  g_assert_true (sitmap_story_writer_save (story, folder, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (article_path, &article, NULL, NULL));
  g_assert_cmpstr (article, ==, sitmap_story_get_article (story));

  reread = sitmap_story_load_file (path, &error);
  g_assert_no_error (error);
  resolve (reread);
  difference = story_difference (story, reread);
  g_assert_cmpstr (difference, ==, NULL);

  odesa = sitmap_story_get_feature (reread, sitmap_story_find_feature (reread, "odesa"));
  g_assert_nonnull (odesa->excerpts);
  g_assert_null (odesa->excerpts[0]);
  g_assert_cmpuint (odesa->excerpt_ranges->len, ==, 0);
  test_remove_tree (dir);
}

/* read → write → read: the same story, the same folder, the same bytes. */
static void
test_round_trip (void)
{
  g_autoptr(SitmapMap) map = edited_map ();
  g_autoptr(GError) error = NULL;
  const char *origins[] = { NULL, "/home/someone/Stories/Kyiv, 14 January", "/tmp/a\nb" };

  for (guint i = 0; i < G_N_ELEMENTS (origins); i++)
    {
      g_autofree char *data = NULL;
      g_autofree char *again = NULL;
      g_autofree char *origin = NULL;
      g_autofree char *difference = NULL;
      g_autoptr(SitmapStory) reread = NULL;
      gsize length, again_length;

      data = sitmap_recovery_to_data (sitmap_map_get_story (map), origins[i], &length);
      g_assert_cmpuint (length, ==, strlen (data));
      reread = sitmap_recovery_read_data (data, length, "copy.sitmap-recovery", &origin, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (origin, ==, origins[i]);
      resolve (reread);
      difference = story_difference (sitmap_map_get_story (map), reread);
      g_assert_cmpstr (difference, ==, NULL);
      again = sitmap_recovery_to_data (reread, origin, &again_length);
      g_assert_cmpmem (data, length, again, again_length);
    }
}

/* Through a file in the recovery folder, which is made on first use and
 * listed newest first; a damaged copy set aside is no longer listed. */
static void
test_folder (void)
{
  g_autoptr(SitmapMap) map = edited_map ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = sitmap_recovery_get_dir ();
  g_autofree char *first = sitmap_recovery_new_path ();
  g_autofree char *second = sitmap_recovery_new_path ();
  g_autofree char *aside = NULL;
  g_autofree char *origin = NULL;
  g_autoptr(SitmapStory) reread = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  struct utimbuf old = { 1000000000, 1000000000 };

  g_assert_true (g_str_has_prefix (dir, state_dir));
  g_assert_cmpstr (first, !=, second);
  g_assert_true (g_str_has_prefix (first, dir));
  test_remove_tree (dir);

  g_assert_true (sitmap_recovery_write (sitmap_map_get_story (map), "/somewhere", first, &error));
  g_assert_no_error (error);
  g_assert_true (sitmap_recovery_write (sitmap_map_get_story (map), NULL, second, &error));
  g_assert_cmpint (g_utime (first, &old), ==, 0);

  listed = sitmap_recovery_list ();
  g_assert_cmpuint (listed->len, ==, 2);
  g_assert_cmpstr (listed->pdata[0], ==, second);
  g_assert_cmpstr (listed->pdata[1], ==, first);
  g_clear_pointer (&listed, g_ptr_array_unref);

  reread = sitmap_recovery_read_file (first, &origin, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (origin, ==, "/somewhere");

  /* Written again, the copy is replaced whole: no temporary file left. */
  g_assert_true (sitmap_recovery_write (reread, origin, first, &error));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    guint n = 0;

    while (g_dir_read_name (d) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 2);
  }

  aside = sitmap_recovery_set_aside (second, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (aside, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (second, G_FILE_TEST_EXISTS));
  listed = sitmap_recovery_list ();
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (listed->pdata[0], ==, first);
  test_remove_tree (dir);
}

static void
assert_damaged (const char *data,
                gsize       length,
                const char *why)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autofree char *origin = NULL;

  story = sitmap_recovery_read_data (data, length, "bad.sitmap-recovery", &origin, &error);
  if (story != NULL)
    g_error ("%s: read as a story", why);
  g_assert_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_DAMAGED);
  g_assert_true (g_str_has_prefix (error->message, "bad.sitmap-recovery"));
  g_assert_null (origin);
}

/* Cut short anywhere, a byte changed anywhere, or a header altered: a
 * message naming the file, never a story. */
static void
test_damaged (void)
{
  g_autoptr(SitmapMap) map = edited_map ();
  g_autofree char *data = NULL;
  gsize length;
  const char *body;

  data = sitmap_recovery_to_data (sitmap_map_get_story (map), "/somewhere", &length);
  body = strstr (data, "\n\n") + 2;

  for (gsize cut = 0; cut < length; cut += cut < 400 ? 1 : 97)
    assert_damaged (data, cut, "cut short");

  for (gsize at = 0; at < length; at += at < 400 ? 1 : 89)
    {
      g_autofree char *copy = g_memdup2 (data, length);
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = NULL;

      copy[at] ^= 0x20;
      story = sitmap_recovery_read_data (copy, length, "bad.sitmap-recovery", NULL, &error);
      /* The case of the digest's hex digits, or a changed origin, may
       * still read: the origin is only what the offer says. */
      if (story != NULL)
        {
          g_assert_true (at < (gsize)(body - data));
          continue;
        }
      g_assert_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_DAMAGED);
      g_assert_true (g_str_has_prefix (error->message, "bad.sitmap-recovery"));
    }

  {
    g_autofree char *longer = g_strconcat (data, "x", NULL);

    assert_damaged (longer, length + 1, "a byte added");
  }
  assert_damaged ("", 0, "empty");
  assert_damaged ("{\"type\": \"FeatureCollection\"}", 29, "a story file");
  {
    const char no_digest[] = "sitmap-recovery/1\norigin -\narticle 0\nstory 0\nsha256 x\n\n";
    const char huge[] = "sitmap-recovery/1\norigin -\narticle 99999999999999999999\nstory 0\nsha256 "
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n\n";

    assert_damaged (no_digest, strlen (no_digest), "no digest");
    assert_damaged (huge, strlen (huge), "huge length");
  }

  /* Past the digest, the story itself is checked as any story is. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SitmapStory) story = NULL;
    const char text[] = "sitmap-recovery/1\norigin -\narticle 3\nstory 2\nsha256 "
                        "0000000000000000000000000000000000000000000000000000000000000000\n\nabc{}";

    story = _sitmap_recovery_read_data_full (text, strlen (text), "bad.sitmap-recovery", FALSE, NULL,
                                             &error);
    g_assert_null (story);
    g_assert_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_DAMAGED);
    g_assert_true (g_str_has_prefix (error->message, "bad.sitmap-recovery"));
  }
}

/* A folder that cannot be made (a file is in its way): one error, naming
 * it. */
static void
test_unwritable (void)
{
  g_autoptr(SitmapMap) map = edited_map ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sitmap-recovery-XXXXXX", NULL);
  g_autofree char *file = g_build_filename (dir, "in-the-way", NULL);
  g_autofree char *path = g_build_filename (file, "recovery", "x.sitmap-recovery", NULL);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (sitmap_recovery_write (sitmap_map_get_story (map), NULL, path, &error));
  g_assert_error (error, SITMAP_RECOVERY_ERROR, SITMAP_RECOVERY_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, "in-the-way"));
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Before GLib reads it: the recovery folder of this test alone. */
  state_dir = g_dir_make_tmp ("sitmap-recovery-state-XXXXXX", NULL);
  g_setenv ("XDG_STATE_HOME", state_dir, TRUE);

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/story-file/edited-round-trip", test_story_folder_round_trip);
  g_test_add_func ("/recovery/round-trip", test_round_trip);
  g_test_add_func ("/recovery/folder", test_folder);
  g_test_add_func ("/recovery/damaged", test_damaged);
  g_test_add_func ("/recovery/unwritable", test_unwritable);
  status = g_test_run ();
  test_remove_tree (state_dir);
  g_free (state_dir);
  return status;
}
