/* sitmap-bench-save.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-bench-save.h"

#include <glib/gstdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "sitmap-map.h"
#include "sitmap-story-writer.h"

/* The built-in story's text with its features copied until there are
 * n_features, each copy renamed, given an id of its own and its points
 * shifted, so that the story is as big as a long one and still every
 * excerpt is in the article. */
static char *
large_story_json (const char  *story_path,
                  guint        n_features,
                  GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;
  JsonArray *features;
  guint n_shipped;

  if (!json_parser_load_from_file (parser, story_path, error))
    return NULL;
  root = json_node_get_object (json_parser_get_root (parser));
  features = json_object_get_array_member (root, "features");
  n_shipped = json_array_get_length (features);
  g_return_val_if_fail (n_shipped > 0, NULL);

  for (guint i = n_shipped; i < n_features; i++)
    {
      /* json_node_copy () would share the feature's object: a copy made
       * through its text is its own. */
      g_autofree char *text = json_to_string (json_array_get_element (features, i % n_shipped), FALSE);
      JsonNode *copy = json_from_string (text, NULL);
      JsonObject *feature = json_node_get_object (copy);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      JsonObject *geometry = json_object_get_member (feature, "geometry") != NULL &&
                             JSON_NODE_HOLDS_OBJECT (json_object_get_member (feature, "geometry"))
                               ? json_object_get_object_member (feature, "geometry") : NULL;
      g_autofree char *name = g_strdup_printf ("%s %u", json_object_get_string_member (properties, "name"), i);

      json_object_set_string_member (properties, "name", name);
      if (json_object_has_member (feature, "id"))
        {
          g_autofree char *id = g_strdup_printf ("%s-%u", json_object_get_string_member (feature, "id"), i);

          json_object_set_string_member (feature, "id", id);
        }
      if (geometry != NULL && g_strcmp0 (json_object_get_string_member (geometry, "type"), "Point") == 0)
        {
          JsonArray *xy = json_object_get_array_member (geometry, "coordinates");
          double lat = json_array_get_double_element (xy, 1) + 0.01 * (i / n_shipped);

          json_array_remove_element (xy, 1);
          json_array_add_double_element (xy, MIN (lat, 89.0));
        }
      json_array_add_element (features, copy);
    }
  json_generator_set_root (generator, json_parser_get_root (parser));
  return json_generator_to_data (generator, NULL);
}

gboolean
sitmap_bench_save (guint     n_features,
                   guint     repeats,
                   GArray   *save_ms,
                   GArray   *json_ms,
                   GError  **error)
{
  g_autofree char *shipped = g_build_filename (sitmap_map_get_data_dir (), "stories", "ukraine-2022-01", NULL);
  g_autofree char *story_path = g_build_filename (shipped, "story.geojson", NULL);
  g_autofree char *article_path = g_build_filename (shipped, "article.txt", NULL);
  g_autofree char *article = NULL;
  g_autofree char *json = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(SitmapStory) story = NULL;
  gboolean ok = TRUE;

  if (!g_file_get_contents (article_path, &article, NULL, error))
    return FALSE;
  json = large_story_json (story_path, n_features, error);
  if (json == NULL)
    return FALSE;
  story = sitmap_story_load_data (json, strlen (json), "bench.geojson", NULL, article, error);
  if (story == NULL)
    return FALSE;
  g_assert (sitmap_story_get_n_features (story) == n_features);
  folder = g_dir_make_tmp ("sitmap-bench-save-XXXXXX", error);
  if (folder == NULL)
    return FALSE;

  /* The first save writes the article too; the usual save, timed, finds
   * it unchanged and writes the story alone. */
  for (guint r = 0; ok && r <= repeats; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double ms;

      ok = sitmap_story_writer_save (story, folder, error);
      ms = (g_get_monotonic_time () - start) / 1e3;
      if (ok && r > 0)
        {
          g_autofree char *text = NULL;

          g_array_append_val (save_ms, ms);
          start = g_get_monotonic_time ();
          text = sitmap_story_writer_to_json (story, NULL);
          ms = (g_get_monotonic_time () - start) / 1e3;
          g_array_append_val (json_ms, ms);
        }
    }

  {
    g_autofree char *written_story = g_build_filename (folder, "story.geojson", NULL);
    g_autofree char *written_article = g_build_filename (folder, "article.txt", NULL);

    g_unlink (written_story);
    g_unlink (written_article);
    g_rmdir (folder);
  }
  return ok;
}
