/* test-story-writer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sitmap-story-writer.h"
#include "story-equal.h"
#include "test-files.h"

static char *
test_stories_path (const char *name)
{
  return g_build_filename (SITMAP_SOURCE_DATADIR, "..", "tests", "data", "stories", name, NULL);
}

static char *
make_temp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("sitmap-story-writer-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static GPtrArray *
list_names (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  return names;
}

/* read → write → read gives the same story, and writing that again gives
 * the same bytes. */
static void
check_round_trip (SitmapStory *story,
                  const char  *what)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "story.geojson", NULL);
  g_autofree char *written = NULL;
  g_autofree char *again = NULL;
  g_autofree char *difference = NULL;
  g_autoptr(SitmapStory) reread = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gsize length;

  g_test_message ("round trip of %s", what);
  g_assert_true (sitmap_story_writer_save (story, dir, &error));
  g_assert_no_error (error);

  reread = sitmap_story_load_file (path, &error);
  g_assert_no_error (error);
  difference = story_difference (story, reread);
  g_assert_cmpstr (difference, ==, NULL);

  g_assert_true (g_file_get_contents (path, &written, &length, NULL));
  again = sitmap_story_writer_to_json (reread, NULL);
  g_assert_cmpstr (written, ==, again);

  /* Nothing but the two files: no temporary left behind. */
  names = list_names (dir);
  g_assert_cmpuint (names->len, ==, 2);

  test_remove_tree (dir);
}

static void
test_round_trip_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "stories",
                                            "ukraine-2022-01", "story.geojson", NULL);
  g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_story_get_n_features (story), >, 20);
  check_round_trip (story, path);
}

/* Every story of tests/data/stories; one whose article is missing is
 * read with an empty article instead, so it is written too. */
static void
test_round_trip_test_stories (void)
{
  g_autofree char *root = test_stories_path (NULL);
  g_autoptr(GPtrArray) names = list_names (root);
  guint n_checked = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (root, g_ptr_array_index (names, i),
                                                "story.geojson", NULL);
      g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);

      if (g_error_matches (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_ARTICLE))
        {
          g_autofree char *contents = NULL;
          gsize length;

          g_clear_error (&error);
          g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
          story = sitmap_story_load_data (contents, length, path, NULL, "", &error);
        }
      g_assert_no_error (error);
      check_round_trip (story, path);
      n_checked++;
    }
  g_assert_cmpuint (n_checked, >=, 2);
}

/* The geometry RFC 7946 asks for: exterior rings counterclockwise, holes
 * clockwise, longitude first, no "crs"; and a hole stays with its polygon. */
static void
test_geojson_rules (void)
{
  static const char article[] = "Here it is.\n";
  static const char story_json[] =
    "{\"type\": \"FeatureCollection\","
    " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", \"article\": \"a.txt\"},"
    " \"features\": ["
    "{\"type\": \"Feature\", \"id\": \"lake\", \"geometry\": {\"type\": \"MultiPolygon\", \"coordinates\": ["
    "  [[[30, 50], [30, 52], [32, 52], [32, 50], [30, 50]],"         /* clockwise: turned */
    "   [[30.5, 50.5], [31.5, 50.5], [31.5, 51.5], [30.5, 51.5], [30.5, 50.5]]]," /* hole, ccw: turned */
    "  [[[40, 50], [41, 50], [41, 51], [40, 51], [40, 50]]]]},"       /* counterclockwise: kept */
    " \"properties\": {\"name\": \"Lake\", \"kind\": \"area\", \"excerpts\": [\"Here it is.\"]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_data (story_json, strlen (story_json),
                                                         "t.geojson", NULL, article, &error);
  g_autoptr(SitmapStory) reread = NULL;
  g_autofree char *json = NULL;
  g_autofree char *difference = NULL;

  g_assert_no_error (error);
  json = sitmap_story_writer_to_json (story, NULL);
  g_assert_nonnull (strstr (json, "\"MultiPolygon\", \"coordinates\": "
                            "[[[[30, 50], [32, 50], [32, 52], [30, 52], [30, 50]], "
                            "[[30.5, 50.5], [30.5, 51.5], [31.5, 51.5], [31.5, 50.5], [30.5, 50.5]]], "
                            "[[[40, 50], [41, 50], [41, 51], [40, 51], [40, 50]]]]"));
  g_assert_null (strstr (json, "\"crs\""));

  reread = sitmap_story_load_data (json, strlen (json), "again.geojson", NULL, article, &error);
  g_assert_no_error (error);
  difference = story_difference (story, reread);
  g_assert_cmpstr (difference, ==, NULL);
}

/* Text that needs escaping survives, and numbers are written as short as
 * they read back exactly. */
static void
test_escapes_and_numbers (void)
{
  static const char article[] = "He said \"no\" \\ twice.\tThen left.\n";
  static const char story_json[] =
    "{\"type\": \"FeatureCollection\","
    " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Quotes \\\"and\\\" \\\\ slashes\","
    "  \"article\": \"a.txt\", \"extent\": [-0.5, -1e-7, 0.1, 0.30000000000000004]},"
    " \"features\": ["
    "{\"type\": \"Feature\", \"id\": \"tab\\there\", \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.5234, 50.4501]},"
    " \"properties\": {\"name\": \"N\", \"kind\": \"force\", \"status\": \"en-route\","
    "  \"callout\": {\"figures\": [{\"value\": 123456789012, \"unit\": \"u\"}, {\"low\": 0.1, \"high\": 1e300, \"unit\": \"v\"}]},"
    "  \"excerpts\": [\"He said \\\"no\\\" \\\\ twice.\\tThen left.\"]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_data (story_json, strlen (story_json),
                                                         "t.geojson", NULL, article, &error);
  g_autoptr(SitmapStory) reread = NULL;
  g_autofree char *json = NULL;
  g_autofree char *difference = NULL;

  g_assert_no_error (error);
  json = sitmap_story_writer_to_json (story, NULL);
  g_assert_nonnull (strstr (json, "[30.5234, 50.4501]"));
  g_assert_nonnull (strstr (json, "[-0.5, -1e-07, 0.1, 0.30000000000000004]"));
  g_assert_nonnull (strstr (json, "\"value\": 123456789012,"));
  g_assert_nonnull (strstr (json, "\"id\": \"tab\\there\""));

  reread = sitmap_story_load_data (json, strlen (json), "again.geojson", NULL, article, &error);
  g_assert_no_error (error);
  difference = story_difference (story, reread);
  g_assert_cmpstr (difference, ==, NULL);
}

static SitmapStory *
load_shipped (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "stories",
                                            "ukraine-2022-01", "story.geojson", NULL);
  SitmapStory *story = sitmap_story_load_file (path, &error);

  g_assert_no_error (error);
  return story;
}

/* A folder that cannot be made: one message naming it, nothing written. */
static void
test_unwritable_folder (void)
{
  g_autoptr(SitmapStory) story = load_shipped ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *file = g_build_filename (dir, "a-file", NULL);
  g_autofree char *folder = g_build_filename (file, "story", NULL);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (sitmap_story_writer_save (story, folder, &error));
  g_assert_error (error, SITMAP_STORY_WRITER_ERROR, SITMAP_STORY_WRITER_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, folder));
  g_assert_null (strchr (error->message, '\n'));
  test_remove_tree (dir);
}

/* story.geojson cannot be replaced (here a folder is in its way): the
 * error names it, the old article is back as it was, and no temporary
 * file is left. */
static void
test_unreplaceable_story (void)
{
  g_autoptr(SitmapStory) story = load_shipped ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *story_path = g_build_filename (dir, "story.geojson", NULL);
  g_autofree char *in_the_way = g_build_filename (story_path, "x", NULL);
  g_autofree char *article_path = g_build_filename (dir, "article.txt", NULL);
  g_autofree char *article = NULL;
  g_autoptr(GPtrArray) names = NULL;

  g_assert_cmpint (g_mkdir (story_path, 0777), ==, 0);
  g_assert_true (g_file_set_contents (in_the_way, "x", 1, NULL));
  g_assert_true (g_file_set_contents (article_path, "The old article.\n", -1, NULL));

  g_assert_false (sitmap_story_writer_save (story, dir, &error));
  g_assert_error (error, SITMAP_STORY_WRITER_ERROR, SITMAP_STORY_WRITER_ERROR_WRITE);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, story_path));

  g_assert_true (g_file_get_contents (article_path, &article, NULL, NULL));
  g_assert_cmpstr (article, ==, "The old article.\n");
  names = list_names (dir);
  g_assert_cmpuint (names->len, ==, 2);

  g_remove (in_the_way);
  test_remove_tree (dir);
}

/* Saving again over a story replaces it whole; an unchanged article is
 * not rewritten. */
static void
test_save_over (void)
{
  g_autoptr(SitmapStory) story = load_shipped ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *article_path = g_build_filename (dir, "article.txt", NULL);
  g_autofree char *story_path = g_build_filename (dir, "story.geojson", NULL);
  GStatBuf before, after;

  g_assert_true (g_file_set_contents (story_path, "{ a much longer old file than the new one "
                                      "would be if it were only partly overwritten ...", -1, NULL));
  g_assert_true (sitmap_story_writer_save (story, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (article_path, &before), ==, 0);

  g_assert_true (sitmap_story_writer_save (story, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (article_path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);

  {
    g_autoptr(SitmapStory) reread = sitmap_story_load_file (story_path, &error);
    g_autofree char *difference = NULL;

    g_assert_no_error (error);
    difference = story_difference (story, reread);
    g_assert_cmpstr (difference, ==, NULL);
  }
  test_remove_tree (dir);
}

/* GDAL, as a GIS user would open the file: every feature, in WGS 84, and
 * no complaint about the geometry. */
static void
test_gdal_opens (void)
{
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = make_temp_dir ();
  g_autofree char *path = g_build_filename (dir, "story.geojson", NULL);
  g_autofree char *root = test_stories_path ("complete/story.geojson");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  story = sitmap_story_load_file (root, &error);
  g_assert_no_error (error);
  g_assert_true (sitmap_story_writer_save (story, dir, &error));
  g_assert_no_error (error);

  {
    const char *argv[] = { "ogrinfo", "-ro", "-al", "-so", path, NULL };

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("ogrinfo: %s%s", out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpstr (err, ==, "");
  {
    g_autofree char *count = g_strdup_printf ("Feature Count: %u",
                                              sitmap_story_get_n_features (story));

    g_assert_nonnull (strstr (out, count));
  }
  g_assert_nonnull (strstr (out, "WGS 84"));

  /* And the geometry checked against the simple features rules. */
  {
    g_autofree char *sql = g_strdup ("SELECT id FROM story WHERE NOT ST_IsValid(geometry)");
    const char *argv[] = { "ogrinfo", "-ro", "-dialect", "SQLite", "-sql", sql, "-q", path, NULL };
    g_autofree char *out2 = NULL;
    g_autofree char *err2 = NULL;

    g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                  &out2, &err2, &status, &error);
    g_assert_no_error (error);
    g_test_message ("ogrinfo (invalid geometries): %s%s", out2, err2);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (err2, ==, "");
    g_assert_null (strstr (out2, "OGRFeature"));
  }
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/story-writer/round-trip/shipped", test_round_trip_shipped);
  g_test_add_func ("/story-writer/round-trip/test-stories", test_round_trip_test_stories);
  g_test_add_func ("/story-writer/geojson-rules", test_geojson_rules);
  g_test_add_func ("/story-writer/escapes-and-numbers", test_escapes_and_numbers);
  g_test_add_func ("/story-writer/unwritable-folder", test_unwritable_folder);
  g_test_add_func ("/story-writer/unreplaceable-story", test_unreplaceable_story);
  g_test_add_func ("/story-writer/save-over", test_save_over);
  g_test_add_func ("/story-writer/gdal-opens", test_gdal_opens);

  return g_test_run ();
}
