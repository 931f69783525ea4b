/* test-edit-history.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <string.h>

#include "sitmap-edit.h"
#include "sitmap-edit-history.h"
#include "sitmap-map.h"

#define ARTICLE \
  "Kyiv is the capital. More than 100,000 troops massed near Kharkiv.\n"

/* Two features with everything an edit could lose: excerpts, a callout
 * with figures, dates, a side, an echelon, a label of its own. */
#define STORY \
  "{\"type\": \"FeatureCollection\"," \
  " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Edits\", \"article\": \"article.txt\"," \
  "            \"extent\": [22, 44, 40, 53]}," \
  " \"features\": [" \
  "  {\"type\": \"Feature\", \"id\": \"kyiv\"," \
  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.52, 50.45]}," \
  "   \"properties\": {\"name\": \"Kyiv\", \"label\": \"Kyiv (capital)\", \"kind\": \"capital\"," \
  "                  \"dates\": [\"2022-01-14\"], \"excerpts\": [\"Kyiv is the capital.\"]}}," \
  "  {\"type\": \"Feature\", \"id\": \"troops\"," \
  "   \"geometry\": {\"type\": \"Point\", \"coordinates\": [36.25, 50.0]}," \
  "   \"properties\": {\"name\": \"Troops near Kharkiv\", \"kind\": \"force\", \"side\": \"russia\"," \
  "                  \"echelon\": \"battalion\", \"status\": \"en-route\"," \
  "                  \"excerpts\": [\"More than 100,000 troops massed near Kharkiv.\"]," \
  "                  \"callout\": {\"title\": \"Near Kharkiv\", \"figures\": [" \
  "                    {\"value\": 100000, \"unit\": \"troops\", \"qualifier\": \"more than\"}]}}}" \
  " ]}"

typedef struct
{
  SitmapMap         *map;
  SitmapEditHistory *history;
  guint              n_changes;
  guint              n_can_undo_notifies;
} Fixture;

static void
on_changed (SitmapMap       *map,
            SitmapMapChange  what,
            int              feature,
            Fixture         *f)
{
  f->n_changes++;
}

static void
on_can_undo (GObject    *object,
             GParamSpec *pspec,
             Fixture    *f)
{
  f->n_can_undo_notifies++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_data (STORY, strlen (STORY), "edits.geojson",
                                                         NULL, ARTICLE, &error);

  g_assert_no_error (error);
  f->map = sitmap_map_new ();
  g_assert_true (sitmap_map_set_story (f->map, story, &error));
  g_assert_no_error (error);
  f->history = sitmap_edit_history_new (f->map);
  g_signal_connect (f->map, "changed", G_CALLBACK (on_changed), f);
  g_signal_connect (f->history, "notify::can-undo", G_CALLBACK (on_can_undo), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->history);
  g_clear_object (&f->map);
}

static SitmapStory *
story (Fixture *f)
{
  return sitmap_map_get_story (f->map);
}

static const SitmapStoryFeature *
feature (Fixture    *f,
         const char *id)
{
  int index = sitmap_story_find_feature (story (f), id);

  g_assert_cmpint (index, >=, 0);
  return sitmap_story_get_feature (story (f), index);
}

/* Every feature, copied, to compare the story with later. */
static GPtrArray *
snapshot (Fixture *f)
{
  GPtrArray *copies = g_ptr_array_new_with_free_func ((GDestroyNotify)sitmap_story_feature_free);

  for (guint i = 0; i < sitmap_story_get_n_features (story (f)); i++)
    g_ptr_array_add (copies, sitmap_story_feature_copy (sitmap_story_get_feature (story (f), i)));
  return copies;
}

static void
assert_story_is (Fixture   *f,
                 GPtrArray *copies)
{
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, copies->len);
  for (guint i = 0; i < copies->len; i++)
    g_assert_true (sitmap_story_feature_equal (sitmap_story_get_feature (story (f), i),
                                               g_ptr_array_index (copies, i)));
}

static void
undo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_edit_history_undo (f->history, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_edit_history_redo (f->history, &error));
  g_assert_no_error (error);
}

static void
test_nothing_to_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_false (sitmap_edit_history_can_redo (f->history));
  g_assert_null (sitmap_edit_history_get_undo_label (f->history));
  g_assert_false (sitmap_edit_history_get_dirty (f->history));
  g_assert_false (sitmap_edit_history_undo (f->history, NULL));
  g_assert_false (sitmap_edit_history_redo (f->history, NULL));
  g_assert_cmpuint (f->n_changes, ==, 0);
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  const double lonlat[] = { 36.23, 49.99 };
  guint n_changes;

  g_assert_cmpint (sitmap_map_add_feature (f->map, "kharkiv", "Kharkiv", SITMAP_STORY_KIND_CITY,
                                           SITMAP_GEOMETRY_POINTS, lonlat, 1, &error), ==, 2);
  g_assert_no_error (error);
  after = snapshot (f);
  g_assert_true (sitmap_edit_history_can_undo (f->history));
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Add Kharkiv");
  g_assert_true (sitmap_edit_history_get_dirty (f->history));

  n_changes = f->n_changes;
  undo (f);
  /* Through the map, so whoever draws it heard of it. */
  g_assert_cmpuint (f->n_changes, ==, n_changes + 1);
  assert_story_is (f, before);
  g_assert_cmpint (sitmap_story_find_feature (story (f), "kharkiv"), ==, -1);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_true (sitmap_edit_history_can_redo (f->history));
  g_assert_cmpstr (sitmap_edit_history_get_redo_label (f->history), ==, "Redo Add Kharkiv");
  g_assert_false (sitmap_edit_history_get_dirty (f->history));

  redo (f);
  assert_story_is (f, after);
  g_assert_false (sitmap_edit_history_can_redo (f->history));
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f);
  g_autoptr(GError) error = NULL;

  /* The first, so the one after it moves down and must move back. */
  g_assert_true (sitmap_map_remove_feature (f->map, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, 1);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Remove Kyiv");

  undo (f);
  /* Back where it was with its excerpt, dates and label, which no
   * sitmap_map_add_feature () could give it. */
  assert_story_is (f, before);
  g_assert_cmpstr (feature (f, "kyiv")->excerpts[0], ==, "Kyiv is the capital.");
  g_assert_cmpstr (feature (f, "kyiv")->label, ==, "Kyiv (capital)");
  g_assert_cmpint (sitmap_story_find_feature (story (f), "kyiv"), ==, 0);

  redo (f);
  g_assert_cmpint (sitmap_story_find_feature (story (f), "kyiv"), ==, -1);
  g_assert_cmpint (sitmap_story_find_feature (story (f), "troops"), ==, 0);
}

static void
test_move (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f);
  g_autoptr(GError) error = NULL;
  const double moved[] = { 31.0, 50.0 };

  g_assert_true (sitmap_map_move_feature (f->map, 0, moved, 1, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (feature (f, "kyiv")->lonlat[0], ==, 31.0);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Move Kyiv");

  undo (f);
  assert_story_is (f, before);
  g_assert_cmpfloat (feature (f, "kyiv")->lonlat[0], ==, 30.52);
  g_assert_cmpfloat (feature (f, "kyiv")->anchor_lat, ==, 50.45);
  redo (f);
  g_assert_cmpfloat (feature (f, "kyiv")->lonlat[0], ==, 31.0);
  g_assert_cmpfloat (feature (f, "kyiv")->anchor_lon, ==, 31.0);
}

static void
test_set_property (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f);
  g_autoptr(GError) error = NULL;

  /* Its label is its own, so renaming leaves it alone. */
  g_assert_true (sitmap_map_set_feature_property (f->map, 0, "name", "Kiev", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Rename Kyiv");
  g_assert_true (sitmap_map_set_feature_property (f->map, 1, "echelon", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==,
                   "Undo Change Troops near Kharkiv");
  g_assert_true (sitmap_map_set_feature_property (f->map, 1, "dates", "2022-02-24, 2022-02-25", &error));
  g_assert_no_error (error);

  undo (f);
  g_assert_cmpstrv (feature (f, "troops")->dates, ((const char * const[]) { NULL }));
  g_assert_null (feature (f, "troops")->echelon);
  undo (f);
  g_assert_cmpstr (feature (f, "troops")->echelon, ==, "battalion");
  undo (f);
  assert_story_is (f, before);
  g_assert_cmpstr (feature (f, "kyiv")->label, ==, "Kyiv (capital)");
  g_assert_false (sitmap_edit_history_can_undo (f->history));
}

/* A change that changes nothing, or one the story refuses, is no step. */
static void
test_no_step (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_map_set_feature_property (f->map, 0, "name", "Kyiv", &error));
  g_assert_no_error (error);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_false (sitmap_map_set_feature_property (f->map, 0, "kind", "castle", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_false (sitmap_edit_history_get_dirty (f->history));
  g_assert_cmpuint (f->n_can_undo_notifies, ==, 0);
}

static void
test_undo_twice_redo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) start = snapshot (f);
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GError) error = NULL;
  const double moved[] = { 35.0, 49.0 };

  g_assert_true (sitmap_map_translate_feature (f->map, 0, 0.5, -0.25, &error));
  first = snapshot (f);
  g_assert_true (sitmap_map_move_feature (f->map, 1, moved, 1, &error));
  g_assert_true (sitmap_map_set_feature_property (f->map, 1, "note", "Satellite images", &error));
  g_assert_no_error (error);
  second = snapshot (f);
  g_assert_true (sitmap_map_remove_feature (f->map, 0, &error));
  g_assert_no_error (error);

  undo (f);
  assert_story_is (f, second);
  undo (f);
  undo (f);
  assert_story_is (f, first);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Move Kyiv");
  g_assert_cmpstr (sitmap_edit_history_get_redo_label (f->history), ==, "Redo Move Troops near Kharkiv");
  redo (f);
  redo (f);
  assert_story_is (f, second);
  g_assert_true (sitmap_edit_history_can_redo (f->history));
  undo (f);
  undo (f);
  undo (f);
  assert_story_is (f, start);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
}

static void
test_group (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) before = snapshot (f);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  guint notifies;

  /* A drag: a hundred small moves, one step. */
  sitmap_edit_history_begin_group (f->history, NULL);
  for (guint i = 0; i < 100; i++)
    g_assert_true (sitmap_map_translate_feature (f->map, 0, 0.01, 0.005, &error));
  g_assert_no_error (error);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  sitmap_edit_history_end_group (f->history);
  after = snapshot (f);
  g_assert_true (sitmap_edit_history_can_undo (f->history));
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Move Kyiv");

  undo (f);
  assert_story_is (f, before);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  redo (f);
  assert_story_is (f, after);

  /* Nested, named, over two features: one step still. */
  sitmap_edit_history_begin_group (f->history, "Swap places");
  sitmap_edit_history_begin_group (f->history, NULL);
  g_assert_true (sitmap_map_move_feature (f->map, 0, (double[]) { 36.25, 50.0 }, 1, &error));
  sitmap_edit_history_end_group (f->history);
  g_assert_true (sitmap_map_move_feature (f->map, 1, (double[]) { 30.52, 50.45 }, 1, &error));
  g_assert_no_error (error);
  sitmap_edit_history_end_group (f->history);
  g_assert_cmpstr (sitmap_edit_history_get_undo_label (f->history), ==, "Undo Swap places");
  undo (f);
  assert_story_is (f, after);

  /* A feature dragged back where it started is no step. */
  notifies = f->n_can_undo_notifies;
  sitmap_edit_history_clear (f->history);
  g_assert_cmpuint (f->n_can_undo_notifies, ==, notifies + 1);
  sitmap_edit_history_begin_group (f->history, NULL);
  g_assert_true (sitmap_map_translate_feature (f->map, 1, 1, 0, &error));
  g_assert_true (sitmap_map_translate_feature (f->map, 1, -1, 0, &error));
  sitmap_edit_history_end_group (f->history);
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_false (sitmap_edit_history_can_redo (f->history));
}

static void
test_redo_cleared (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (sitmap_map_translate_feature (f->map, 0, 1, 1, &error));
  g_assert_true (sitmap_map_translate_feature (f->map, 0, 1, 1, &error));
  undo (f);
  g_assert_true (sitmap_edit_history_can_redo (f->history));
  g_assert_true (sitmap_map_set_feature_property (f->map, 0, "note", "Moved", &error));
  g_assert_no_error (error);
  g_assert_false (sitmap_edit_history_can_redo (f->history));
  g_assert_false (sitmap_edit_history_redo (f->history, NULL));
  undo (f);
  undo (f);
  g_assert_cmpfloat (feature (f, "kyiv")->lonlat[0], ==, 30.52);
}

static void
test_clean (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) other = NULL;

  g_assert_true (sitmap_map_translate_feature (f->map, 0, 1, 0, &error));
  g_assert_true (sitmap_edit_history_get_dirty (f->history));
  /* Saved here. */
  sitmap_edit_history_mark_clean (f->history);
  g_assert_false (sitmap_edit_history_get_dirty (f->history));
  g_assert_true (sitmap_edit_history_can_undo (f->history));

  g_assert_true (sitmap_map_translate_feature (f->map, 0, 1, 0, &error));
  g_assert_true (sitmap_edit_history_get_dirty (f->history));
  undo (f);
  g_assert_false (sitmap_edit_history_get_dirty (f->history));
  undo (f);
  g_assert_true (sitmap_edit_history_get_dirty (f->history));
  redo (f);
  g_assert_false (sitmap_edit_history_get_dirty (f->history));

  /* From the saved state undo once and edit: the saved one is out of reach. */
  undo (f);
  g_assert_true (sitmap_map_translate_feature (f->map, 0, 0, 1, &error));
  g_assert_true (sitmap_edit_history_get_dirty (f->history));
  undo (f);
  g_assert_true (sitmap_edit_history_get_dirty (f->history));

  /* Another story starts clean, with nothing to undo. */
  other = sitmap_story_load_data (STORY, strlen (STORY), "other.geojson", NULL, ARTICLE, &error);
  g_assert_no_error (error);
  g_assert_true (sitmap_map_set_story (f->map, other, &error));
  g_assert_false (sitmap_edit_history_get_dirty (f->history));
  g_assert_false (sitmap_edit_history_can_undo (f->history));
  g_assert_false (sitmap_edit_history_can_redo (f->history));
  g_assert_true (sitmap_map_remove_feature (f->map, 1, &error));
  undo (f);
  g_assert_cmpuint (sitmap_story_get_n_features (story (f)), ==, 2);
}

static void
test_edit_kinds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) s = sitmap_story_load_data (STORY, strlen (STORY), "edits.geojson",
                                                     NULL, ARTICLE, &error);
  const SitmapStoryFeature *kyiv = sitmap_story_get_feature (s, 0);
  g_autoptr(SitmapStoryFeature) moved = sitmap_story_feature_copy (kyiv);
  g_autoptr(SitmapEdit) add = sitmap_edit_new (0, NULL, kyiv);
  g_autoptr(SitmapEdit) remove = sitmap_edit_new (0, kyiv, NULL);
  g_autoptr(SitmapEdit) move = NULL;
  g_autoptr(SitmapEdit) same = sitmap_edit_new (0, kyiv, kyiv);

  g_assert_no_error (error);
  moved->lonlat[1] += 1;
  g_assert_false (sitmap_story_feature_equal (kyiv, moved));
  move = sitmap_edit_new (0, kyiv, moved);
  g_assert_cmpint (sitmap_edit_get_kind (add), ==, SITMAP_EDIT_ADD);
  g_assert_cmpint (sitmap_edit_get_kind (remove), ==, SITMAP_EDIT_REMOVE);
  g_assert_cmpint (sitmap_edit_get_kind (move), ==, SITMAP_EDIT_MOVE);
  g_assert_true (sitmap_edit_is_empty (same));
  g_assert_false (sitmap_edit_is_empty (move));
  /* An addition then its removal is nothing at all. */
  g_assert_true (sitmap_edit_absorb (add, remove));
  g_assert_true (sitmap_edit_is_empty (add));
  /* Nothing follows a removal. */
  g_assert_false (sitmap_edit_absorb (remove, move));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/edit-history/nothing", test_nothing_to_undo);
  ADD ("/edit-history/add", test_add);
  ADD ("/edit-history/remove", test_remove);
  ADD ("/edit-history/move", test_move);
  ADD ("/edit-history/set-property", test_set_property);
  ADD ("/edit-history/no-step", test_no_step);
  ADD ("/edit-history/undo-twice-redo", test_undo_twice_redo);
  ADD ("/edit-history/group", test_group);
  ADD ("/edit-history/redo-cleared", test_redo_cleared);
  ADD ("/edit-history/clean", test_clean);
#undef ADD
  g_test_add_func ("/edit-history/edit-kinds", test_edit_kinds);

  return g_test_run ();
}
