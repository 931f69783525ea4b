/* test-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-layer.h"
#include "sitmap-story.h"

#define ARTICLE \
  "Kyiv is the capital. Troops – many of them – massed at the border.\n" \
  "\n" \
  "He said it’s “over” now.\n"

#define STORY_HEAD \
  "{\"type\": \"FeatureCollection\"," \
  " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"Test\", \"article\": \"article.txt\"}," \
  " \"features\": ["

#define STORY_TAIL "]}"

/* A feature whose properties are the valid minimum plus extra. */
#define FEATURE(geometry, extra) \
  "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " geometry ", " \
  "\"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", " \
  "\"excerpts\": [\"Kyiv is the capital.\"]" extra "}}"

#define POINT "{\"type\": \"Point\", \"coordinates\": [30.5, 50.4]}"

static SitmapStory *
load_inline (const char  *json,
             GError     **error)
{
  return sitmap_story_load_data (json, strlen (json), "test.geojson", NULL, ARTICLE, error);
}

/* Loads one feature wrapped in a valid story. */
static SitmapStory *
load_feature (const char  *feature,
              GError     **error)
{
  g_autofree char *json = g_strconcat (STORY_HEAD, feature, STORY_TAIL, NULL);

  return load_inline (json, error);
}

static void
assert_one_line (const GError *error)
{
  g_assert_nonnull (error);
  g_assert_null (strchr (error->message, '\n'));
  g_assert_null (strchr (error->message, '\r'));
}

/* The error names the file first, and contains needle. */
#define assert_story_error(error, code, needle) G_STMT_START {                 \
  g_assert_error ((error), SITMAP_STORY_ERROR, (code));                         \
  assert_one_line (error);                                                      \
  g_assert_true (g_str_has_prefix ((error)->message, "test.geojson: "));        \
  if (strstr ((error)->message, (needle)) == NULL)                              \
    g_error ("“%s” not in “%s”", (needle), (error)->message);                   \
} G_STMT_END

static char *
test_data_path (const char *first,
                ...)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *base = NULL;
  g_autofree char *relative = NULL;
  va_list args;

  base = srcdir ? g_strdup (srcdir) : g_build_filename (SITMAP_SOURCE_DATADIR, "..", "tests", NULL);
  va_start (args, first);
  relative = g_build_filename_valist (first, &args);
  va_end (args);
  return g_build_filename (base, "data", "stories", relative, NULL);
}

static char *
builtin_story_path (void)
{
  const char *datadir = g_getenv ("SITMAP_DATADIR");

  return g_build_filename (datadir ? datadir : SITMAP_SOURCE_DATADIR,
                           "stories", "ukraine-2022-01", "story.geojson", NULL);
}

static const SitmapStoryFeature *
get_feature (SitmapStory *story,
             const char  *id)
{
  int index = sitmap_story_find_feature (story, id);

  if (index < 0)
    g_error ("no feature “%s”", id);
  return sitmap_story_get_feature (story, index);
}

static char *
format_figure (const SitmapStoryFeature *feature,
               guint                     index)
{
  g_assert_cmpuint (index, <, feature->figures->len);
  return sitmap_figure_format (&g_array_index (feature->figures, SitmapFigure, index));
}

/* ---- The built-in story ------------------------------------------------- */

static void
test_builtin (void)
{
  g_autofree char *path = builtin_story_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);
  const SitmapStoryFeature *feature;
  const char *article;
  gsize article_length;
  guint n_excerpts = 0;
  double extent[4];
  char *text;

  g_assert_no_error (error);
  g_assert_nonnull (story);
  g_assert_cmpstr (sitmap_story_get_path (story), ==, path);
  g_assert_nonnull (strstr (sitmap_story_get_title (story), "Ukraine’s border"));
  g_assert_cmpstr (sitmap_story_get_publication (story), ==, "The Globe and Mail");
  g_assert_cmpstr (sitmap_story_get_date (story), ==, "2022-01-15");
  g_assert_nonnull (sitmap_story_get_convention (story));
  g_assert_nonnull (sitmap_story_get_credit (story));
  g_assert_true (sitmap_story_get_extent (story, extent));
  /* Kyiv is in the opening view. */
  g_assert_cmpfloat (extent[0], <, 30.5);
  g_assert_cmpfloat (extent[2], >, 30.5);
  g_assert_cmpfloat (extent[1], <, 50.4);
  g_assert_cmpfloat (extent[3], >, 50.4);
  g_assert_cmpuint (sitmap_story_get_n_features (story), >=, 20);

  article = sitmap_story_get_article (story);
  article_length = strlen (article);
  g_assert_true (g_str_has_prefix (article, "A Ukrainian Military Forces serviceman"));

  /* Every excerpt is verbatim in the article, at the range recorded. */
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      feature = sitmap_story_get_feature (story, i);

      g_assert_nonnull (feature->id);
      g_assert_nonnull (feature->name);
      g_assert_nonnull (feature->label);
      g_assert_nonnull (feature->dates);
      g_assert_nonnull (feature->figures);
      g_assert_cmpuint (g_strv_length (feature->excerpts), >=, 1);
      g_assert_cmpuint (feature->excerpt_ranges->len, ==, g_strv_length (feature->excerpts));
      g_assert_cmpint (sitmap_story_find_feature (story, feature->id), ==, i);

      for (guint e = 0; feature->excerpts[e] != NULL; e++)
        {
          const SitmapTextRange *range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, e);
          const char *excerpt = feature->excerpts[e];

          g_assert_nonnull (strstr (article, excerpt));
          g_assert_cmpuint (range->end, <=, article_length);
          g_assert_cmpuint (range->end - range->start, ==, strlen (excerpt));
          g_assert_true (memcmp (article + range->start, excerpt, strlen (excerpt)) == 0);
          /* The first occurrence. */
          g_assert_true (strstr (article, excerpt) == article + range->start);
          n_excerpts++;
        }

      if (feature->regions_layer == NULL)
        {
          g_assert_cmpuint (feature->n_parts, >=, 1);
          g_assert_true (isfinite (feature->anchor_lon) && isfinite (feature->anchor_lat));
        }
    }
  g_assert_cmpuint (n_excerpts, >=, 40);

  feature = get_feature (story, "kyiv");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_CAPITAL);
  g_assert_cmpstr (sitmap_story_kind_to_string (feature->kind), ==, "capital");
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpuint (feature->n_parts, ==, 1);
  g_assert_cmpfloat (feature->anchor_lon, ==, 30.5234);
  g_assert_cmpfloat (feature->anchor_lat, ==, 50.4501);
  g_assert_cmpstrv (feature->dates, ((const char * const[]) { "2022-01-14", "2022-01-15", NULL }));
  g_assert_cmpstr (feature->side, ==, "ukraine");

  feature = get_feature (story, "russian-forces-border");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_FORCE);
  g_assert_cmpstr (feature->echelon, ==, "battalion");
  g_assert_cmpint (feature->status, ==, SITMAP_FORCE_STATUS_PRESENT);
  text = format_figure (feature, 0);
  g_assert_cmpstr (text, ==, "more than 100,000 troops");
  g_free (text);
  text = format_figure (feature, 1);
  g_assert_cmpstr (text, ==, "roughly 60 battalion tactical groups");
  g_free (text);

  feature = get_feature (story, "russian-forces-en-route");
  g_assert_cmpint (feature->status, ==, SITMAP_FORCE_STATUS_EN_ROUTE);
  text = format_figure (feature, 0);
  g_assert_cmpstr (text, ==, "another 5–10 battalion tactical groups");
  g_free (text);

  feature = get_feature (story, "canada-latvia");
  text = format_figure (feature, 0);
  g_assert_cmpstr (text, ==, "540 troops");
  g_free (text);

  feature = get_feature (story, "ukraine-russia-border");
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_LINES);
  g_assert_cmpuint (feature->part_start[1], ==, 22);
  g_assert_cmpfloat (feature->anchor_lon, >, 31.78);
  g_assert_cmpfloat (feature->anchor_lon, <, 40.15);

  feature = get_feature (story, "donbas");
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (feature->n_parts, ==, 0);
  g_assert_cmpstr (feature->regions_layer, ==, "ukraine-regions");
  g_assert_cmpstr (feature->regions_field, ==, "iso_3166_2");
  g_assert_cmpstrv (feature->regions_values, ((const char * const[]) { "UA-14", "UA-09", NULL }));
  g_assert_true (isnan (feature->anchor_lon));

  g_assert_cmpint (sitmap_story_find_feature (story, "atlantis"), ==, -1);
}

/* ---- Every property ----------------------------------------------------- */

static gboolean
inside_rect (double lon,
             double lat,
             double west,
             double south,
             double east,
             double north)
{
  return lon > west && lon < east && lat > south && lat < north;
}

static void
test_complete (void)
{
  g_autofree char *path = test_data_path ("complete", "story.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);
  const SitmapStoryFeature *feature;
  const SitmapFigure *figure;
  const SitmapTextRange *range;
  double extent[4];

  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_story_get_title (story), ==, "A test story with every property");
  g_assert_cmpstr (sitmap_story_get_subtitle (story), ==, "Places, forces, movements and areas");
  g_assert_cmpstr (sitmap_story_get_publication (story), ==, "The Test Gazette");
  g_assert_cmpstr (sitmap_story_get_byline (story), ==, "By A. Reporter");
  g_assert_cmpstr (sitmap_story_get_date (story), ==, "2022-01-15");
  g_assert_cmpstr (sitmap_story_get_convention (story), ==, "Nothing disputed is shown.");
  g_assert_cmpstr (sitmap_story_get_credit (story), ==, "Boundaries: made up for the test");
  g_assert_true (g_str_has_prefix (sitmap_story_get_article (story), "Kyiv is the capital"));
  g_assert_true (sitmap_story_get_extent (story, extent));
  g_assert_cmpfloat (extent[0], ==, 20.0);
  g_assert_cmpfloat (extent[1], ==, 44.0);
  g_assert_cmpfloat (extent[2], ==, 41.0);
  g_assert_cmpfloat (extent[3], ==, 53.0);
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, 7);

  feature = get_feature (story, "kyiv");
  g_assert_cmpstr (feature->name, ==, "Kyiv, capital of Ukraine");
  g_assert_cmpstr (feature->label, ==, "Kyiv");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_CAPITAL);
  g_assert_cmpstrv (feature->dates, ((const char * const[]) { "2022-01-14", "2022-01-15", NULL }));
  g_assert_cmpstr (feature->side, ==, "ukraine");
  g_assert_null (feature->echelon);
  g_assert_cmpstr (feature->note, ==, "The point is the city centre.");
  g_assert_cmpstr (feature->callout_title, ==, "Troops near the border");
  g_assert_cmpuint (feature->figures->len, ==, 2);
  figure = &g_array_index (feature->figures, SitmapFigure, 0);
  g_assert_false (figure->is_range);
  g_assert_cmpfloat (figure->value, ==, 100000);
  g_assert_cmpstr (figure->unit, ==, "troops");
  g_assert_cmpstr (figure->qualifier, ==, "more than");
  g_assert_cmpstr (figure->note, ==, "near the border");
  g_assert_cmpstr (figure->source, ==, "The Test Gazette");
  figure = &g_array_index (feature->figures, SitmapFigure, 1);
  g_assert_true (figure->is_range);
  g_assert_cmpfloat (figure->low, ==, 5);
  g_assert_cmpfloat (figure->high, ==, 10);
  g_assert_cmpstr (figure->qualifier, ==, "another");
  g_assert_null (figure->note);
  g_assert_null (figure->source);
  g_assert_cmpuint (g_strv_length (feature->excerpts), ==, 2);
  range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, 0);
  g_assert_cmpuint (range->start, ==, 0);
  g_assert_cmpuint (range->end, ==, strlen ("Kyiv is the capital of Ukraine."));
  range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, 1);
  g_assert_cmpuint (range->start, ==, strlen ("Kyiv is the capital of Ukraine. "));

  /* A numeric id; a null label falls back to the name; "date". */
  feature = get_feature (story, "42");
  g_assert_cmpstr (feature->label, ==, "A brigade on its way");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_FORCE);
  g_assert_cmpstr (feature->echelon, ==, "brigade");
  g_assert_cmpint (feature->status, ==, SITMAP_FORCE_STATUS_EN_ROUTE);
  g_assert_cmpstrv (feature->dates, ((const char * const[]) { "2022-01-14", NULL }));
  g_assert_cmpuint (feature->figures->len, ==, 0);
  g_assert_null (feature->callout_title);
  /* The altitude is dropped. */
  g_assert_cmpuint (feature->n_parts, ==, 1);
  g_assert_cmpuint (feature->part_start[1], ==, 1);
  g_assert_cmpfloat (feature->lonlat[0], ==, 37.5);
  g_assert_cmpfloat (feature->lonlat[1], ==, 51.0);

  /* No id: named by position.  The anchor is the middle of the longer
   * line: 4° along it from its start at 34°E. */
  feature = get_feature (story, "feature-3");
  g_assert_cmpint (sitmap_story_find_feature (story, "feature-3"), ==, 2);
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_MOVEMENT);
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_LINES);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->part_start[0], ==, 0);
  g_assert_cmpuint (feature->part_start[1], ==, 2);
  g_assert_cmpuint (feature->part_start[2], ==, 5);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lon, 32.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lat, 50.0, 1e-9);
  g_assert_cmpstrv (feature->dates, ((const char * const[]) { NULL }));
  g_assert_null (feature->side);
  g_assert_cmpstr (feature->label, ==, feature->name);

  /* Both rings are kept; the centroid is in the hole, so the anchor is
   * elsewhere: inside the outer ring and outside the hole. */
  feature = get_feature (story, "lake-area");
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->part_start[2], ==, 10);
  g_assert_true (inside_rect (feature->anchor_lon, feature->anchor_lat, 30, 49, 34, 53));
  g_assert_false (inside_rect (feature->anchor_lon, feature->anchor_lat, 30.5, 49.5, 33.5, 52.5));

  /* One part per point. */
  feature = get_feature (story, "lakeside");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_CITY);
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->part_start[1], ==, 1);
  g_assert_cmpuint (feature->part_start[2], ==, 2);
  g_assert_cmpfloat (feature->anchor_lon, ==, 31.0);

  feature = get_feature (story, "border-area");
  g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_OCCUPIED);
  g_assert_cmpuint (feature->n_parts, ==, 0);
  g_assert_cmpstr (feature->regions_layer, ==, "test-regions");
  g_assert_cmpstr (feature->regions_field, ==, "code");
  g_assert_cmpstrv (feature->regions_values, ((const char * const[]) { "A", "B", NULL }));

  /* The U's centroid falls in its gap; the anchor lands in the U. */
  feature = get_feature (story, "u-shape");
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_true (inside_rect (feature->anchor_lon, feature->anchor_lat, 22, 44, 23, 50) ||
                 inside_rect (feature->anchor_lon, feature->anchor_lat, 27, 44, 28, 50) ||
                 inside_rect (feature->anchor_lon, feature->anchor_lat, 22, 44, 28, 45));
}

static void
test_anchors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  const SitmapStoryFeature *feature;

  /* Half of the length is reached 2° along the second segment. */
  story = load_feature (FEATURE ("{\"type\": \"LineString\", \"coordinates\": [[0, 0], [2, 0], [8, 0]]}", ""),
                        &error);
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (story, 0);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lon, 4.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lat, 0.0, 1e-9);
  g_clear_object (&story);

  /* Across the antimeridian the middle is at ±180°, not at 0°. */
  story = load_feature (FEATURE ("{\"type\": \"LineString\", \"coordinates\": [[178, 10], [-178, 10]]}", ""),
                        &error);
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (story, 0);
  g_assert_cmpfloat_with_epsilon (fabs (feature->anchor_lon), 180.0, 1e-9);
  g_clear_object (&story);

  /* A convex polygon: its centroid. */
  story = load_feature (FEATURE ("{\"type\": \"Polygon\", \"coordinates\": "
                                 "[[[10, 10], [14, 10], [14, 12], [10, 12], [10, 10]]]}", ""),
                        &error);
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (story, 0);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lon, 12.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lat, 11.0, 1e-9);
}

/* ---- Malformed JSON ----------------------------------------------------- */

static void
test_malformed_json (void)
{
  static const char * const broken[] = {
    "",
    "   \n ",
    "{\"type\": \"FeatureCollection\"",
    "{\"type\": \"FeatureCollection\"} trailing garbage",
    "{\"type\": \"FeatureCollection\"} {}",
    "{\"type\": \"FeatureCollection\"}}",
    "{'type': 'FeatureCollection'}",
    "{\"type\": \"FeatureCollection\" /* comment */}",
    "{\"a\": 0x10}",
    "{\"a\": 99999999999999999999}",
    "{\"a\": 01}",
    "{\"a\": .5}",
    "{\"a\": NaN}",
    "{\"a\": Infinity}",
    "{\"a\": \"x\\u0000y\"}",
    "{\"a\": \"\\ud800\"}",
    "{\"a\": \"line\nbreak\"}",
    "{\"a\": \"\\q\"}",
    "{\"a\" 1}",
    "{\"a\": [1, 2,]}",
    "{\"a\": \"\xff\"}",
  };
  g_autofree char *path = builtin_story_path ();
  g_autofree char *contents = NULL;
  gsize length;

  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = load_inline (broken[i], &error);

      g_assert_null (story);
      if (!g_error_matches (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_JSON))
        g_error ("case %u (%s): %s", i, broken[i], error ? error->message : "no error");
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_JSON, "");
    }

  /* A NUL byte inside the data. */
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (sitmap_story_load_data ("{\"a\":\0 1}", 9, "test.geojson", NULL, ARTICLE, &error));
    assert_story_error (error, SITMAP_STORY_ERROR_INVALID_JSON, "NUL");
  }

  /* The built-in story cut short. */
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_str_has_suffix (contents, "}\n"));
  for (gsize cut = 1; cut < length - 2; cut += length / 7)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story =
        sitmap_story_load_data (contents, cut, "test.geojson", NULL, ARTICLE, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_JSON, "invalid JSON");
    }

  /* A byte order mark is allowed. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *json = g_strconcat ("\xEF\xBB\xBF" STORY_HEAD, FEATURE (POINT, ""), STORY_TAIL, NULL);
    g_autoptr(SitmapStory) story = load_inline (json, &error);

    g_assert_no_error (error);
    g_assert_nonnull (story);
  }
}

static void
test_json_messages (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (load_inline ("{\n  \"a\": 1,\n  \"b\": 'x'\n}", &error));
  g_assert_cmpstr (error->message, ==,
                   "test.geojson: invalid JSON at line 3, column 8: single quotes are not JSON; use double quotes");
  g_clear_error (&error);

  /* json-glib's own messages are rephrased the same way. */
  g_assert_null (load_inline ("{\n  \"a\" 1\n}", &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_JSON);
  g_assert_true (g_str_has_prefix (error->message, "test.geojson: invalid JSON at line 2, column "));
  g_assert_null (strstr (error->message, "<data>"));
}

/* ---- The collection and the story block --------------------------------- */

static void
test_story_block (void)
{
  static const struct {
    const char *json;
    const char *needle;
  } cases[] = {
    { "[]", "GeoJSON FeatureCollection" },
    { "{\"type\": \"Feature\"}", "“FeatureCollection”" },
    { "{\"type\": \"FeatureCollection\", \"features\": []}", "no “story” member" },
    { "{\"type\": \"FeatureCollection\", \"story\": 3, \"features\": []}", "“story” must be an object" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/2\", \"title\": \"T\", "
      "\"article\": \"a.txt\"}, \"features\": []}", "sitmap-story/2, which this version of Sitmap cannot read" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"geojson\", \"title\": \"T\", "
      "\"article\": \"a.txt\"}, \"features\": []}", "“format” must be “sitmap-story/1”, not “geojson”" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"title\": \"T\", \"article\": \"a.txt\"}, "
      "\"features\": []}", "“story”: “format” is missing" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", "
      "\"article\": \"a.txt\"}, \"features\": []}", "“story”: “title” is missing" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\"}, "
      "\"features\": []}", "“story”: “article” is missing" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"/etc/passwd\"}, \"features\": []}", "relative to the story file" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"date\": \"15/01/2022\"}, \"features\": []}", "not a date like 2022-01-14" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [1, 2, 3]}, \"features\": []}", "[west, south, east, north]" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [1, 2, 3, \"4\"]}, \"features\": []}", "[west, south, east, north]" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [1, 2, 3, 1e400]}, \"features\": []}", "[west, south, east, north]" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [1, 95, 3, 96]}, \"features\": []}", "latitudes" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [200, 2, 3, 4]}, \"features\": []}", "longitudes" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\", \"extent\": [1, 4, 3, 2]}, \"features\": []}", "south must be less than north" },
    { "{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\", "
      "\"article\": \"a.txt\"}}", "“features” must be an array" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = load_inline (cases[i].json, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_STORY, cases[i].needle);
    }
}

static void
test_story_block_valid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  double extent[4] = { 0 };

  /* A later minor version is read; an extent may cross ±180°. */
  story = load_inline ("{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1.3\", "
                       "\"title\": \"T\", \"article\": \"a.txt\", \"extent\": [170, -20, -170, 10], "
                       "\"unknown\": true}, \"features\": []}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, 0);
  g_assert_true (sitmap_story_get_extent (story, extent));
  g_assert_cmpfloat (extent[2], ==, -170);
  g_assert_null (sitmap_story_get_subtitle (story));
  g_assert_null (sitmap_story_get_path (story));
  g_assert_cmpstr (sitmap_story_get_article (story), ==, ARTICLE);
  g_clear_object (&story);

  story = load_inline ("{\"type\": \"FeatureCollection\", \"story\": {\"format\": \"sitmap-story/1\", "
                       "\"title\": \"T\", \"article\": \"a.txt\"}, \"features\": []}", &error);
  g_assert_no_error (error);
  g_assert_false (sitmap_story_get_extent (story, extent));
}

/* ---- Geometry ----------------------------------------------------------- */

static void
test_bad_geometry (void)
{
  static const struct {
    const char *geometry;
    const char *needle;
  } cases[] = {
    { "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [0, 0]]]}",
      "“geometry”: ring 1 has 3 positions; a ring needs at least 4" },
    { "{\"type\": \"Polygon\", \"coordinates\": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}",
      "ring 1 is not closed" },
    { "{\"type\": \"Polygon\", \"coordinates\": []}", "“coordinates” is empty" },
    { "{\"type\": \"Circle\", \"coordinates\": [30, 50], \"radius\": 10}", "unknown type “Circle”" },
    { "{\"type\": \"GeometryCollection\", \"geometries\": []}", "GeometryCollection is not supported" },
    { "{\"type\": \"Point\", \"coordinates\": [\"30.5\", \"50.4\"]}", "the point must be [longitude, latitude]" },
    { "{\"type\": \"Point\", \"coordinates\": [30.5]}", "the point must be [longitude, latitude]" },
    { "{\"type\": \"Point\", \"coordinates\": [30.5, 95]}", "latitude 95 at the point is outside −90 to 90" },
    { "{\"type\": \"Point\", \"coordinates\": [50.4, 30.5e1]}", "latitude 305" },
    { "{\"type\": \"Point\", \"coordinates\": [-180.5, 0]}", "longitude -180.5" },
    { "{\"type\": \"Point\", \"coordinates\": [1e400, 0]}", "too large to be a coordinate" },
    { "{\"type\": \"Point\"}", "“coordinates” is missing" },
    { "{\"coordinates\": [1, 2]}", "“geometry”: “type” is missing" },
    { "\"Point\"", "“geometry” must be a GeoJSON geometry object" },
    { "{\"type\": \"LineString\", \"coordinates\": [[0, 0]]}", "the line has 1 position; a line needs at least 2" },
    { "{\"type\": \"LineString\", \"coordinates\": [[0, 0], [1, \"x\"]]}", "position 2 must be [longitude" },
    { "{\"type\": \"MultiLineString\", \"coordinates\": [[[0, 0], [1, 1]], [[0, 0], [1, 91]]]}",
      "latitude 91 at position 2 of line 2" },
    { "{\"type\": \"MultiPolygon\", \"coordinates\": [[[[0, 0], [1, 0], [1, 1], [0, 0]]], "
      "[[[0, 0], [1, 0], [1, 1], [0, 0]], [[0, 0], [1, 0], [0, 0]]]]}", "ring 2 of polygon 2 has 3 positions" },
    { "{\"type\": \"MultiPoint\", \"coordinates\": [[0, 0], 7]}", "position 2 must be [longitude" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *feature = g_strdup_printf ("{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": %s, "
                                                  "\"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", "
                                                  "\"excerpts\": [\"Kyiv is the capital.\"]}}",
                                                  cases[i].geometry);
      g_autoptr(SitmapStory) story = load_feature (feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, "feature “kyiv”: ");
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, cases[i].needle);
    }
}

static void
test_missing_geometry (void)
{
  static const struct {
    const char *feature;
    const char *needle;
  } cases[] = {
    { "{\"type\": \"Feature\", \"id\": \"a\", \"properties\": {\"name\": \"A\", \"kind\": \"area\", "
      "\"excerpts\": [\"Kyiv is the capital.\"]}}", "“geometry” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": null, \"properties\": {\"name\": \"A\", "
      "\"kind\": \"area\", \"excerpts\": [\"Kyiv is the capital.\"]}}", "has no geometry" },
    { "{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": " POINT ", \"properties\": {\"name\": \"A\", "
      "\"kind\": \"area\", \"excerpts\": [\"Kyiv is the capital.\"], \"regions\": {\"layer\": \"l\", "
      "\"field\": \"f\", \"values\": [\"v\"]}}}", "both a “geometry” and “regions”" },
    { "{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": null, \"properties\": {\"name\": \"A\", "
      "\"kind\": \"area\", \"excerpts\": [\"Kyiv is the capital.\"], \"regions\": {\"layer\": \"l\", "
      "\"field\": \"f\", \"values\": []}}}", "“regions”: “values” is empty" },
    { "{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": null, \"properties\": {\"name\": \"A\", "
      "\"kind\": \"area\", \"excerpts\": [\"Kyiv is the capital.\"], \"regions\": {\"field\": \"f\", "
      "\"values\": [\"v\"]}}}", "“regions”: “layer” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"a\", \"geometry\": null, \"properties\": {\"name\": \"A\", "
      "\"kind\": \"area\", \"excerpts\": [\"Kyiv is the capital.\"], \"regions\": [\"UA-14\"]}}",
      "“regions” must be an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = load_feature (cases[i].feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, "feature “a”: ");
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, cases[i].needle);
    }
}

/* ---- Properties --------------------------------------------------------- */

static void
test_bad_properties (void)
{
  static const struct {
    const char *extra;
    const char *needle;
  } cases[] = {
    { ", \"dates\": \"2022-01-14\"", "“dates” must be an array of dates like 2022-01-14" },
    { ", \"dates\": [20220114]", "“dates” must be an array of dates like 2022-01-14" },
    { ", \"dates\": [\"14 January 2022\"]", "“dates”: “14 January 2022” is not a date like 2022-01-14" },
    { ", \"dates\": [\"2022-02-30\"]", "“dates”: 2022-02-30 is not a real date" },
    { ", \"date\": \"2022-13-01\"", "“date”: 2022-13-01 is not a real date" },
    { ", \"date\": [\"2022-01-14\"]", "“date” must be a date like 2022-01-14" },
    { ", \"date\": \"2022-01-14\", \"dates\": [\"2022-01-14\"]", "either “dates” or “date”" },
    { ", \"label\": 7", "“label” must be a string" },
    { ", \"side\": false", "“side” must be a string" },
    { ", \"echelon\": \"battalion\"", "“echelon” is only for forces" },
    { ", \"status\": \"present\"", "“status” is only for forces" },
    { ", \"note\": {\"text\": \"x\"}", "“note” must be a string" },
    { ", \"callout\": \"100,000 troops\"", "“callout” must be an object" },
    { ", \"callout\": {\"title\": \"T\"}", "“callout”: “figures” is missing" },
    { ", \"callout\": {\"figures\": []}", "“callout”: “figures” is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *feature = g_strdup_printf ("{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT
                                                  ", \"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", "
                                                  "\"excerpts\": [\"Kyiv is the capital.\"]%s}}", cases[i].extra);
      g_autoptr(SitmapStory) story = load_feature (feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, "feature “kyiv”: ");
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, cases[i].needle);
    }
}

static void
test_required_properties (void)
{
  static const struct {
    const char *feature;
    const char *needle;
  } cases[] = {
    { "[1, 2]", "test.geojson: feature 1 is not a JSON object" },
    { "{\"type\": \"Feature\", \"id\": true, \"geometry\": " POINT ", \"properties\": {}}",
      "test.geojson: feature 1: “id” must be a string or a number" },
    { "{\"type\": \"Feature\", \"id\": \"\", \"geometry\": " POINT ", \"properties\": {}}",
      "test.geojson: feature 1: “id” is empty" },
    { "{\"type\": \"Feat\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {}}",
      "test.geojson: feature “kyiv”: “type” must be “Feature”, not “Feat”" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT "}",
      "test.geojson: feature “kyiv”: “properties” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"kind\": \"city\", "
      "\"excerpts\": [\"Kyiv is the capital.\"]}}",
      "test.geojson: feature “kyiv”: “name” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"\", "
      "\"kind\": \"city\", \"excerpts\": [\"Kyiv is the capital.\"]}}",
      "test.geojson: feature “kyiv”: “name” is empty" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"excerpts\": [\"Kyiv is the capital.\"]}}",
      "test.geojson: feature “kyiv”: “kind” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"town\", \"excerpts\": [\"Kyiv is the capital.\"]}}",
      "test.geojson: feature “kyiv”: “kind” must be one of capital, city, venue, force, event, area, "
      "occupied, movement, border, not “town”" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"force\", \"echelon\": \"legion\", \"excerpts\": [\"Kyiv is the capital.\"]}}",
      "“echelon” must be one of team, squad, section, platoon, company, battalion, regiment, brigade, "
      "division, corps, army, army-group, not “legion”" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"force\", \"status\": \"moving\", \"excerpts\": [\"Kyiv is the capital.\"]}}",
      "“status” must be one of present, en-route, not “moving”" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"city\"}}",
      "test.geojson: feature “kyiv”: “excerpts” is missing" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"city\", \"excerpts\": \"Kyiv is the capital.\"}}",
      "test.geojson: feature “kyiv”: “excerpts” must be an array of passages" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"city\", \"excerpts\": [\"Kyiv is the capital.\", 3]}}",
      "test.geojson: feature “kyiv”: “excerpts” must be an array of passages" },
    { "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", \"properties\": {\"name\": \"K\", "
      "\"kind\": \"city\", \"excerpts\": [\"\"]}}",
      "test.geojson: feature “kyiv”: excerpt 1 is empty" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = load_feature (cases[i].feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, cases[i].needle);
    }
}

static void
test_message_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;

  story = load_feature (FEATURE (POINT, ", \"dates\": \"2022-01-14\""), &error);
  g_assert_null (story);
  g_assert_cmpstr (error->message, ==,
                   "test.geojson: feature “kyiv”: “dates” must be an array of dates like 2022-01-14");
  g_clear_error (&error);

  /* Line breaks in ids never reach the message. */
  story = load_feature ("{\"type\": \"Feature\", \"id\": \"two\\nlines\", \"geometry\": " POINT ", "
                        "\"properties\": {\"kind\": \"city\"}}", &error);
  g_assert_null (story);
  g_assert_cmpstr (error->message, ==, "test.geojson: feature “two lines”: “name” is missing");
  g_clear_error (&error);

  /* Nor in the display name. */
  story = sitmap_story_load_data ("[]", 2, "a\nb.geojson", NULL, ARTICLE, &error);
  g_assert_null (story);
  assert_one_line (error);
  g_assert_true (g_str_has_prefix (error->message, "a b.geojson: "));
}

/* ---- Figures ------------------------------------------------------------ */

static void
test_bad_figures (void)
{
  static const struct {
    const char *figure;
    const char *needle;
  } cases[] = {
    { "{\"value\": 5}", "“callout” figure 1: “unit” is missing" },
    { "{\"value\": 5, \"unit\": \"\"}", "“callout” figure 1: “unit” is empty" },
    { "{\"value\": 5, \"low\": 1, \"high\": 9, \"unit\": \"troops\"}", "either “value” or “low” and “high”, not both" },
    { "{\"low\": 1, \"unit\": \"troops\"}", "a range needs both “low” and “high”" },
    { "{\"unit\": \"troops\"}", "“value” is missing" },
    { "{\"low\": 9, \"high\": 1, \"unit\": \"troops\"}", "“low” is greater than “high”" },
    { "{\"value\": 5, \"unit\": \"troops\", \"qualifier\": \"kinda\"}",
      "“qualifier” must be one of exactly, about, roughly, more than, fewer than, at least, up to, another, "
      "not “kinda”" },
    { "{\"value\": 1e400, \"unit\": \"troops\"}", "“value” is too large to be a number" },
    { "{\"low\": -1e400, \"high\": 5, \"unit\": \"troops\"}", "“low” is too large to be a number" },
    { "{\"value\": \"100,000\", \"unit\": \"troops\"}", "“value” must be a number" },
    { "{\"value\": true, \"unit\": \"troops\"}", "“value” must be a number" },
    { "{\"value\": 5, \"unit\": \"troops\", \"source\": 5}", "“source” must be a string" },
    { "\"100,000 troops\"", "“callout” figure 1: a figure must be an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *feature =
        g_strdup_printf ("{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                         "\"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", "
                         "\"callout\": {\"title\": \"T\", \"figures\": [%s]}, "
                         "\"excerpts\": [\"Kyiv is the capital.\"]}}", cases[i].figure);
      g_autoptr(SitmapStory) story = load_feature (feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, "feature “kyiv”: ");
      assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, cases[i].needle);
    }
}

static void
test_figure_format (void)
{
  static const struct {
    gboolean    is_range;
    double      value, low, high;
    const char *unit;
    const char *qualifier;
    const char *expected;
  } cases[] = {
    { FALSE, 100000, 0, 0, "troops", "more than", "more than 100,000 troops" },
    { FALSE, 60, 0, 0, "battalion tactical groups", "roughly", "roughly 60 battalion tactical groups" },
    { TRUE, 0, 5, 10, "battalion tactical groups", "another", "another 5–10 battalion tactical groups" },
    { FALSE, 540, 0, 0, "troops", NULL, "540 troops" },
    { FALSE, 2000, 0, 0, "km", NULL, "2,000 km" },
    { FALSE, 999, 0, 0, "km", NULL, "999 km" },
    { FALSE, 1000, 0, 0, "km", NULL, "1,000 km" },
    { FALSE, 1234567, 0, 0, "people", "about", "about 1,234,567 people" },
    { FALSE, 2.5, 0, 0, "million people", NULL, "2.5 million people" },
    { FALSE, 0.1, 0, 0, "per cent", NULL, "0.1 per cent" },
    { FALSE, 12345.75, 0, 0, "tonnes", NULL, "12,345.75 tonnes" },
    { FALSE, 7.0, 0, 0, "websites", NULL, "7 websites" },
    { FALSE, -3000, 0, 0, "metres", NULL, "-3,000 metres" },
    { FALSE, 0, 0, 0, "deaths", NULL, "0 deaths" },
    { TRUE, 0, 1500, 2000, "km", "up to", "up to 1,500–2,000 km" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SitmapFigure figure = { 0 };
      g_autofree char *text = NULL;

      figure.is_range = cases[i].is_range;
      figure.value = cases[i].value;
      figure.low = cases[i].low;
      figure.high = cases[i].high;
      figure.unit = (char *)cases[i].unit;
      figure.qualifier = (char *)cases[i].qualifier;
      text = sitmap_figure_format (&figure);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

/* ---- Excerpts and ids --------------------------------------------------- */

static void
test_excerpt_not_found (void)
{
  static const struct {
    const char *excerpt;
    const char *needle;
  } cases[] = {
    { "Kyiv is a capital.", "feature “kyiv”: excerpt 2 is not in the article: “Kyiv is a capital.”" },
    /* Retyped with straight quotes and a hyphen. */
    { "He said it's \\\"over\\\" now.", "(the article has curly quotes)" },
    { "He said it’s \\\"over\\\" now.", "(the article has curly quotes)" },
    { "Troops - many of them", "(the article has “–” where the excerpt has “-”)" },
    { "Kyiv is the  capital.", "(the spacing differs from the article’s)" },
    { "massed at the border. He said", "(the spacing differs from the article’s)" },
    /* Case counts. */
    { "kyiv is the capital.", "not in the article: “kyiv is the capital.”" },
    { "This excerpt is much longer than sixty characters and is not in the article at all.",
      "“This excerpt is much longer than sixty characters and is not…”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *feature =
        g_strdup_printf ("{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                         "\"properties\": {\"name\": \"Kyiv\", \"kind\": \"capital\", "
                         "\"excerpts\": [\"Kyiv is the capital.\", \"%s\"]}}", cases[i].excerpt);
      g_autoptr(SitmapStory) story = load_feature (feature, &error);

      g_assert_null (story);
      assert_story_error (error, SITMAP_STORY_ERROR_EXCERPT_NOT_FOUND, "feature “kyiv”: excerpt 2 is not in the article");
      assert_story_error (error, SITMAP_STORY_ERROR_EXCERPT_NOT_FOUND, cases[i].needle);
    }
}

static void
test_excerpt_ranges (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  const SitmapStoryFeature *feature;
  const SitmapTextRange *range;
  const char *excerpt = "He said it’s “over” now.";

  story = load_feature (FEATURE (POINT, ", \"note\": \"n\"") ", "
                        "{\"type\": \"Feature\", \"geometry\": " POINT ", \"properties\": {\"name\": \"B\", "
                        "\"kind\": \"city\", \"excerpts\": [\"He said it’s “over” now.\", \"Kyiv is the capital.\"]}}",
                        &error);
  g_assert_no_error (error);
  feature = sitmap_story_get_feature (story, 1);
  g_assert_cmpstr (feature->id, ==, "feature-2");
  range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, 0);
  g_assert_cmpuint (range->end - range->start, ==, strlen (excerpt));
  g_assert_true (memcmp (sitmap_story_get_article (story) + range->start, excerpt, strlen (excerpt)) == 0);
  range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, 1);
  g_assert_cmpuint (range->start, ==, 0);
}

static void
test_duplicate_ids (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;

  story = load_feature (FEATURE (POINT, "") ", " FEATURE (POINT, "") , &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_cmpstr (error->message, ==, "test.geojson: feature “kyiv”: the id is used twice, by features 1 and 2");
  g_clear_error (&error);

  /* A number and a string with the same text are the same id. */
  story = load_feature ("{\"type\": \"Feature\", \"id\": 7, \"geometry\": " POINT ", \"properties\": "
                        "{\"name\": \"A\", \"kind\": \"city\", \"excerpts\": [\"Kyiv is the capital.\"]}}, "
                        "{\"type\": \"Feature\", \"geometry\": " POINT ", \"properties\": "
                        "{\"name\": \"A\", \"kind\": \"city\", \"excerpts\": [\"Kyiv is the capital.\"]}}, "
                        "{\"type\": \"Feature\", \"id\": \"7\", \"geometry\": " POINT ", \"properties\": "
                        "{\"name\": \"B\", \"kind\": \"city\", \"excerpts\": [\"Kyiv is the capital.\"]}}",
                        &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_INVALID_FEATURE, "feature “7”: the id is used twice, by features 1 and 3");
}

/* ---- Limits ------------------------------------------------------------- */

static void
test_deep_nesting (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autofree char *brackets = g_strnfill (100000, '[');
  g_autoptr(GString) json = g_string_new (NULL);

  story = load_inline (brackets, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "nested more than 64 levels");
  g_clear_error (&error);

  /* Closed properly, and mixing objects in. */
  for (guint i = 0; i < 50000; i++)
    g_string_append (json, "{\"a\":[");
  for (guint i = 0; i < 50000; i++)
    g_string_append (json, "]}");
  story = load_inline (json->str, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "nested more than 64 levels");
  g_clear_error (&error);

  /* 64 levels are fine as JSON (this is then not a story). */
  g_string_truncate (json, 0);
  for (guint i = 0; i < 64; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 64; i++)
    g_string_append_c (json, ']');
  story = load_inline (json->str, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_INVALID_STORY, "FeatureCollection");
  g_clear_error (&error);

  /* Brackets inside strings are text. */
  g_string_truncate (json, 0);
  g_string_append (json, STORY_HEAD "{\"type\": \"Feature\", \"id\": \"k\", \"geometry\": " POINT ", "
                   "\"properties\": {\"name\": \"K\", \"kind\": \"city\", \"note\": \"");
  for (guint i = 0; i < 100; i++)
    g_string_append (json, "[{\\\"");
  g_string_append (json, "\", \"excerpts\": [\"Kyiv is the capital.\"]}}" STORY_TAIL);
  story = load_inline (json->str, &error);
  g_assert_no_error (error);
  g_assert_nonnull (story);
}

static void
test_long_strings (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autofree char *name_200 = g_strnfill (200, 'x');
  g_autofree char *long_excerpt = g_strnfill (5001, 'x');
  g_autofree char *long_note = g_strnfill (2001, 'n');
  g_autofree char *huge = NULL;
  g_autofree char *json = NULL;
  GString *name_201 = g_string_new (NULL);
  gsize size = 33 * 1024 * 1024;

  /* Characters, not bytes: 200 Cyrillic letters are 400 bytes. */
  for (guint i = 0; i < 200; i++)
    g_string_append (name_201, "ж");
  json = g_strdup_printf (STORY_HEAD "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                          "\"properties\": {\"name\": \"%s\", \"label\": \"%s\", \"kind\": \"city\", "
                          "\"excerpts\": [\"Kyiv is the capital.\"]}}" STORY_TAIL, name_201->str, name_200);
  story = load_inline (json, &error);
  g_assert_no_error (error);
  g_clear_object (&story);
  g_free (json);

  g_string_append (name_201, "ж");
  json = g_strdup_printf (STORY_HEAD "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                          "\"properties\": {\"name\": \"%s\", \"kind\": \"city\", "
                          "\"excerpts\": [\"Kyiv is the capital.\"]}}" STORY_TAIL, name_201->str);
  g_string_free (name_201, TRUE);
  story = load_inline (json, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "feature “kyiv”: “name” is longer than 200 characters");
  g_clear_error (&error);
  g_free (json);

  json = g_strdup_printf (STORY_HEAD "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                          "\"properties\": {\"name\": \"K\", \"kind\": \"city\", "
                          "\"excerpts\": [\"Kyiv is the capital.\", \"%s\"]}}" STORY_TAIL, long_excerpt);
  story = load_inline (json, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "feature “kyiv”: excerpt 2 is longer than 5,000 characters");
  g_clear_error (&error);
  g_free (json);

  json = g_strdup_printf (STORY_HEAD "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                          "\"properties\": {\"name\": \"K\", \"kind\": \"city\", \"note\": \"%s\", "
                          "\"excerpts\": [\"Kyiv is the capital.\"]}}" STORY_TAIL, long_note);
  story = load_inline (json, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "feature “kyiv”: “note” is longer than 2,000 characters");
  g_clear_error (&error);

  /* An enormous string: the whole file is refused before parsing. */
  huge = g_malloc (size + 1);
  memset (huge, 'x', size);
  memcpy (huge, "{\"a\": \"", 7);
  memcpy (huge + size - 2, "\"}", 2);
  huge[size] = '\0';
  story = load_inline (huge, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "larger than 32 MiB");
  g_clear_error (&error);

  /* Under the cap, still refused, by what the string is. */
  huge[10 * 1024 * 1024] = '\0';
  g_free (json);
  json = g_strdup_printf (STORY_HEAD "{\"type\": \"Feature\", \"id\": \"kyiv\", \"geometry\": " POINT ", "
                          "\"properties\": {\"name\": \"K\", \"kind\": \"city\", "
                          "\"excerpts\": [\"%s\"]}}" STORY_TAIL, huge + 7);
  story = load_inline (json, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "excerpt 1 is longer than 5,000 characters");
}

static void
test_too_many_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GString) json = g_string_new ("[0");

  for (guint i = 0; i < 1000000; i++)
    g_string_append (json, ",0");
  g_string_append (json, "]");

  story = load_inline (json->str, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "more than 1,000,000 JSON values");
}

static void
test_too_many_features (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autoptr(GString) json = g_string_new (STORY_HEAD);

  for (guint i = 0; i < 10001; i++)
    g_string_append_printf (json, "%s{\"type\": \"Feature\", \"id\": %u, \"geometry\": " POINT ", "
                            "\"properties\": {\"name\": \"K\", \"kind\": \"city\", "
                            "\"excerpts\": [\"Kyiv is the capital.\"]}}", i > 0 ? ", " : "", i);
  g_string_append (json, STORY_TAIL);

  story = load_inline (json->str, &error);
  g_assert_null (story);
  assert_story_error (error, SITMAP_STORY_ERROR_TOO_LARGE, "the story has 10,001 features; the limit is 10,000");
}

/* ---- The article -------------------------------------------------------- */

static void
test_missing_article (void)
{
  g_autofree char *path = test_data_path ("missing-article", "story.geojson", NULL);
  g_autofree char *missing = test_data_path ("no-such-story", "story.geojson", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  g_autofree char *folder = NULL;

  story = sitmap_story_load_file (path, &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_ARTICLE);
  assert_one_line (error);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "no-such-article.txt"));
  g_clear_error (&error);

  story = sitmap_story_load_file (missing, &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, missing));
  g_clear_error (&error);

  /* A folder is not a story file. */
  folder = test_data_path ("complete", NULL);
  story = sitmap_story_load_file (folder, &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  /* From memory with neither a folder nor the text. */
  story = sitmap_story_load_data (STORY_HEAD STORY_TAIL, strlen (STORY_HEAD STORY_TAIL), "test.geojson",
                                  NULL, NULL, &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_ARTICLE);
  g_clear_error (&error);

  /* Not UTF-8. */
  story = sitmap_story_load_data (STORY_HEAD STORY_TAIL, strlen (STORY_HEAD STORY_TAIL), "test.geojson",
                                  NULL, "caf\xe9", &error);
  g_assert_null (story);
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_ARTICLE);
  g_assert_nonnull (strstr (error->message, "not UTF-8"));
}

static void
test_base_dir (void)
{
  g_autofree char *dir = test_data_path ("complete", NULL);
  g_autofree char *path = test_data_path ("complete", "story.geojson", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) story = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  story = sitmap_story_load_data (contents, length, "story.geojson", dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, 7);
  g_assert_true (g_str_has_prefix (sitmap_story_get_article (story), "Kyiv is the capital of Ukraine."));
}

/* ---- Areas by reference ------------------------------------------------- */

static void
add_region (SitmapLayer *layer,
            const char  *code,
            double       west,
            double       south,
            double       east,
            double       north)
{
  const char * const attributes[] = { code, NULL };
  guint *part_start = g_new (guint, 2);
  double *lonlat = g_new (double, 10);
  const double ring[] = { west, south, east, south, east, north, west, north, west, south };

  part_start[0] = 0;
  part_start[1] = 5;
  memcpy (lonlat, ring, sizeof ring);
  sitmap_layer_take_feature (layer, g_strdup (code), g_strdupv ((char **)attributes), 1, part_start, lonlat);
}

#define REGIONS_STORY \
  STORY_HEAD \
  "{\"type\": \"Feature\", \"id\": \"donbas\", \"geometry\": null, \"properties\": {\"name\": \"Donbas\", " \
  "\"kind\": \"area\", \"regions\": {\"layer\": \"ukraine-regions\", \"field\": \"iso_3166_2\", " \
  "\"values\": [\"UA-14\", \"UA-09\"]}, \"excerpts\": [\"Kyiv is the capital.\"]}}, " \
  "{\"type\": \"Feature\", \"id\": \"elsewhere\", \"geometry\": null, \"properties\": {\"name\": \"E\", " \
  "\"kind\": \"area\", \"regions\": {\"layer\": \"other-layer\", \"field\": \"code\", " \
  "\"values\": [\"X\"]}, \"excerpts\": [\"Kyiv is the capital.\"]}}, " \
  FEATURE (POINT, "")

static SitmapLayer *
make_regions_layer (void)
{
  SitmapLayer *layer = sitmap_layer_new ("ukraine-regions", SITMAP_GEOMETRY_POLYGONS,
                                         (const char * const[]) { "iso_3166_2", NULL });

  add_region (layer, "UA-14", 36.5, 47.0, 38.5, 49.0);   /* the larger */
  add_region (layer, "UA-09", 38.5, 48.0, 40.0, 49.5);
  add_region (layer, "UA-43", 32.5, 44.5, 36.5, 46.0);
  return layer;
}

static void
test_resolve_regions (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = make_regions_layer ();
  g_autoptr(SitmapStory) story = load_inline (REGIONS_STORY STORY_TAIL, &error);
  const SitmapStoryFeature *feature;

  g_assert_no_error (error);
  g_assert_true (sitmap_story_resolve_regions (story, "ukraine-regions", layer, &error));
  g_assert_no_error (error);

  feature = get_feature (story, "donbas");
  g_assert_cmpint (feature->geometry_kind, ==, SITMAP_GEOMETRY_POLYGONS);
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->part_start[0], ==, 0);
  g_assert_cmpuint (feature->part_start[1], ==, 5);
  g_assert_cmpuint (feature->part_start[2], ==, 10);
  g_assert_cmpfloat (feature->lonlat[0], ==, 36.5);
  g_assert_cmpfloat (feature->lonlat[10], ==, 38.5);
  g_assert_cmpfloat (feature->lonlat[11], ==, 48.0);
  /* Inside the larger region, at its centre. */
  g_assert_cmpfloat_with_epsilon (feature->anchor_lon, 37.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (feature->anchor_lat, 48.0, 1e-9);

  /* Another layer's reference is left alone. */
  feature = get_feature (story, "elsewhere");
  g_assert_cmpuint (feature->n_parts, ==, 0);
  g_assert_true (isnan (feature->anchor_lon));

  /* Resolving again gives the same result. */
  g_assert_true (sitmap_story_resolve_regions (story, "ukraine-regions", layer, &error));
  feature = get_feature (story, "donbas");
  g_assert_cmpuint (feature->n_parts, ==, 2);
  g_assert_cmpuint (feature->part_start[2], ==, 10);

  /* Nothing to do for a layer nobody names. */
  g_assert_true (sitmap_story_resolve_regions (story, "rivers", layer, &error));
  g_assert_no_error (error);
}

static void
test_resolve_regions_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = make_regions_layer ();
  g_autoptr(SitmapLayer) wrong_field = sitmap_layer_new ("ukraine-regions", SITMAP_GEOMETRY_POLYGONS,
                                                         (const char * const[]) { "name", NULL });
  g_autoptr(SitmapStory) story = NULL;
  const SitmapStoryFeature *feature;

  story = load_inline (STORY_HEAD
                       "{\"type\": \"Feature\", \"id\": \"crimea\", \"geometry\": null, \"properties\": "
                       "{\"name\": \"Crimea\", \"kind\": \"occupied\", \"regions\": {\"layer\": \"ukraine-regions\", "
                       "\"field\": \"iso_3166_2\", \"values\": [\"UA-43\"]}, \"excerpts\": [\"Kyiv is the capital.\"]}}, "
                       "{\"type\": \"Feature\", \"id\": \"donbas\", \"geometry\": null, \"properties\": "
                       "{\"name\": \"Donbas\", \"kind\": \"area\", \"regions\": {\"layer\": \"ukraine-regions\", "
                       "\"field\": \"iso_3166_2\", \"values\": [\"UA-14\", \"UA-99\"]}, "
                       "\"excerpts\": [\"Kyiv is the capital.\"]}}" STORY_TAIL, &error);
  g_assert_no_error (error);

  g_assert_false (sitmap_story_resolve_regions (story, "ukraine-regions", layer, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_cmpstr (error->message, ==, "test.geojson: feature “donbas”: region UA-99 not found in layer ukraine-regions");
  g_clear_error (&error);
  /* Nothing changed, not even the feature that could be resolved. */
  feature = get_feature (story, "crimea");
  g_assert_cmpuint (feature->n_parts, ==, 0);

  g_assert_false (sitmap_story_resolve_regions (story, "ukraine-regions", wrong_field, &error));
  g_assert_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE);
  g_assert_cmpstr (error->message, ==, "test.geojson: feature “crimea”: layer ukraine-regions has no field “iso_3166_2”");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/story/builtin", test_builtin);
  g_test_add_func ("/story/complete", test_complete);
  g_test_add_func ("/story/anchors", test_anchors);
  g_test_add_func ("/story/json/malformed", test_malformed_json);
  g_test_add_func ("/story/json/messages", test_json_messages);
  g_test_add_func ("/story/block/invalid", test_story_block);
  g_test_add_func ("/story/block/valid", test_story_block_valid);
  g_test_add_func ("/story/geometry/invalid", test_bad_geometry);
  g_test_add_func ("/story/geometry/missing", test_missing_geometry);
  g_test_add_func ("/story/properties/invalid", test_bad_properties);
  g_test_add_func ("/story/properties/required", test_required_properties);
  g_test_add_func ("/story/properties/messages", test_message_format);
  g_test_add_func ("/story/figures/invalid", test_bad_figures);
  g_test_add_func ("/story/figures/format", test_figure_format);
  g_test_add_func ("/story/excerpts/not-found", test_excerpt_not_found);
  g_test_add_func ("/story/excerpts/ranges", test_excerpt_ranges);
  g_test_add_func ("/story/ids/duplicate", test_duplicate_ids);
  g_test_add_func ("/story/limits/nesting", test_deep_nesting);
  g_test_add_func ("/story/limits/strings", test_long_strings);
  g_test_add_func ("/story/limits/values", test_too_many_values);
  g_test_add_func ("/story/limits/features", test_too_many_features);
  g_test_add_func ("/story/article/missing", test_missing_article);
  g_test_add_func ("/story/article/base-dir", test_base_dir);
  g_test_add_func ("/story/regions/resolve", test_resolve_regions);
  g_test_add_func ("/story/regions/errors", test_resolve_regions_errors);

  return g_test_run ();
}
