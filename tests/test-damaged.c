/* test-damaged.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every damaged variant (damaged-shapefiles.c) of a real shapefile set and
 * of a small set of each shape type, loaded from files and from memory:
 * a clean error that names the file in one line, or a layer whose text is
 * clean UTF-8 and whose coordinates are finite.  Never a crash, a hang or,
 * in _build-asan and under valgrind, a memory error.
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <math.h>
#include <string.h>

#include <shapefil.h>

#include "damaged-shapefiles.h"
#include "fixtures-writer.h"
#include "sitmap-shapefile.h"
#include "sitmap-story.h"

#if defined(__has_include)
# if __has_include(<valgrind/valgrind.h>)
#  include <valgrind/valgrind.h>
# endif
#endif
#ifndef RUNNING_ON_VALGRIND
# define RUNNING_ON_VALGRIND 0
#endif

/* Under valgrind, every variant would take most of an hour: one in
 * VALGRIND_STRIDE is loaded, and every variant of the text. */
#define VALGRIND_STRIDE 8

typedef struct
{
  guint n_loaded;
  guint n_rejected;
  guint n_text_checked;
} Tally;

static gboolean
text_is_clean (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return FALSE;
    }
  return TRUE;
}

static void
check_layer (const DamagedVariant *variant,
             SitmapLayer          *layer,
             Tally                *tally)
{
  const char * const *fields = sitmap_layer_get_field_names (layer);
  guint n_fields = g_strv_length ((char **)fields);
  const char *warnings = sitmap_layer_get_warnings (layer);

  g_assert_cmpuint (sitmap_layer_get_n_features (layer), >, 0);
  if (warnings != NULL)
    g_assert_true (g_utf8_validate (warnings, -1, NULL));
  for (guint f = 0; f < n_fields; f++)
    g_assert_true (text_is_clean (fields[f]));

  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, i);

      g_assert_true (text_is_clean (feature->name));
      for (guint f = 0; f < n_fields; f++)
        g_assert_true (text_is_clean (feature->attributes[f]));
      g_assert_cmpuint (feature->part_start[feature->n_parts], ==, feature->n_points);
      for (guint v = 0; v < 2 * feature->n_points; v++)
        g_assert_true (isfinite (feature->lonlat[v]));
    }

  if (variant->text != DAMAGED_TEXT_NONE)
    {
      const char *name = sitmap_layer_get_feature (layer, 0)->name;

      if (variant->text == DAMAGED_TEXT_EXACT)
        g_assert_cmpstr (name, ==, variant->expected_name);
      else
        g_assert_nonnull (strstr (name, "\xEF\xBF\xBD"));
      tally->n_text_checked++;
    }
}

/* A rejection is one line that starts with the name of the file. */
static void
check_error (const GError *error,
             const char   *display)
{
  g_autofree char *prefix = g_strconcat (display, ": ", NULL);

  g_assert_nonnull (error);
  g_assert_true (error->domain == SITMAP_SHAPEFILE_ERROR);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
}

static void
load_variant (const DamagedVariant *variant,
              const char           *dir,
              Tally                *tally)
{
  g_autofree char *path = damaged_variant_write (variant, dir, "v");
  g_autofree char *display = g_filename_display_name (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) memory_error = NULL;
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(SitmapLayer) memory_layer = NULL;

  g_test_message ("variant %s", variant->name);

  layer = sitmap_shapefile_load (path, &error);
  if (layer != NULL)
    {
      g_assert_no_error (error);
      check_layer (variant, layer, tally);
      tally->n_loaded++;
    }
  else
    {
      check_error (error, display);
      g_assert_cmpint (variant->text, ==, DAMAGED_TEXT_NONE);
      tally->n_rejected++;
    }

  /* The same files from memory give the same outcome. */
  if (variant->files[DAMAGED_SHP] == NULL)
    return;
  memory_layer = sitmap_shapefile_load_from_memory ("v.shp",
                                                    variant->files[DAMAGED_SHP],
                                                    variant->files[DAMAGED_SHX],
                                                    variant->files[DAMAGED_DBF],
                                                    variant->files[DAMAGED_PRJ],
                                                    variant->files[DAMAGED_CPG],
                                                    &memory_error);
  if (layer != NULL)
    {
      g_assert_no_error (memory_error);
      check_layer (variant, memory_layer, tally);
      g_assert_cmpuint (sitmap_layer_get_n_features (memory_layer), ==,
                        sitmap_layer_get_n_features (layer));
    }
  else
    {
      check_error (memory_error, "v.shp");
      g_assert_cmpint (memory_error->code, ==, error->code);
    }
}

static void
load_all_variants (const char *shp_path,
                   Tally      *tally)
{
  g_autofree char *dir = fixture_make_dir ();
  GBytes *files[DAMAGED_N_FILES];
  g_autoptr(GPtrArray) variants = NULL;

  damaged_read_set (shp_path, files);
  variants = damaged_variants_new (files);
  g_test_message ("%u variants of %s", variants->len, shp_path);
  g_assert_cmpuint (variants->len, >, 100);

  for (guint i = 0; i < variants->len; i++)
    {
      const DamagedVariant *variant = g_ptr_array_index (variants, i);

      if (RUNNING_ON_VALGRIND && i % VALGRIND_STRIDE != 0 && variant->text == DAMAGED_TEXT_NONE)
        continue;
      load_variant (variant, dir, tally);
    }

  for (guint i = 0; i < DAMAGED_N_FILES; i++)
    g_clear_pointer (&files[i], g_bytes_unref);
  fixture_remove_dir (dir);
}

static void
test_shipped_regions (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SITMAP_DATADIR"), "boundaries",
                                            "ne_10m_ukraine_regions.shp", NULL);
  Tally tally = { 0 };

  load_all_variants (path, &tally);
  g_test_message ("%u loaded (whole or in part), %u rejected cleanly",
                  tally.n_loaded, tally.n_rejected);
  g_assert_cmpuint (tally.n_loaded, >, 0);
  g_assert_cmpuint (tally.n_rejected, >, 0);
  /* Each hostile name, from files and from memory. */
  g_assert_cmpuint (tally.n_text_checked, ==, 10);
}

static const double ring[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
static const double inner[] = { 30.2, 50.2, 30.8, 50.2, 30.8, 50.8, 30.2, 50.8, 30.2, 50.2 };
static const double line[] = { 24, 48, 25, 49, 26, 48.5, 27, 49.5 };
static const double points[] = { 30.5, 50.4, 36.2, 49.9, 24.0, 49.8 };

/* A small set of each shape type, written by shapelib. */
static void
test_fixture (gconstpointer data)
{
  int type = GPOINTER_TO_INT (data);
  static const char * const fields[] = { "NAME", "POP", NULL };
  static const char * const values[] = { "Kyiv", "2900000", "Kharkiv", "1400000", "Lviv", "720000" };
  double rings[20];
  const FixtureShape polygons[] = {
    { 2, (const int[]){ 0, 5 }, (const int[]){ SHPP_OUTERRING, SHPP_INNERRING }, 10, rings },
    { 0, NULL, NULL, 0, NULL },
    { 1, (const int[]){ 0 }, (const int[]){ SHPP_TRISTRIP }, 5, ring },
  };
  const FixtureShape lines[] = {
    { 2, (const int[]){ 0, 2 }, NULL, 4, line },
    { 1, (const int[]){ 0 }, NULL, 4, line },
    { 0, NULL, NULL, 0, NULL },
  };
  const FixtureShape singles[] = {
    { 0, NULL, NULL, 1, points }, { 0, NULL, NULL, 1, points + 2 }, { 0, NULL, NULL, 1, points + 4 },
  };
  const FixtureShape multi[] = {
    { 0, NULL, NULL, 3, points }, { 0, NULL, NULL, 0, NULL }, { 0, NULL, NULL, 2, points + 2 },
  };
  const FixtureShape *shapes;
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *shp = NULL;
  Tally tally = { 0 };

  memcpy (rings, ring, sizeof ring);
  memcpy (rings + 10, inner, sizeof inner);

  switch (type)
    {
    case SHPT_POLYGON: case SHPT_POLYGONZ: case SHPT_POLYGONM: case SHPT_MULTIPATCH:
      shapes = polygons;
      break;
    case SHPT_ARC: case SHPT_ARCZ: case SHPT_ARCM:
      shapes = lines;
      break;
    case SHPT_MULTIPOINT: case SHPT_MULTIPOINTZ: case SHPT_MULTIPOINTM:
      shapes = multi;
      break;
    default:
      shapes = singles;
      break;
    }

  shp = fixture_write_shapefile (dir, "set", type, shapes, 3, fields, values, "UTF-8");
  load_all_variants (shp, &tally);
  g_test_message ("%u loaded (whole or in part), %u rejected cleanly",
                  tally.n_loaded, tally.n_rejected);
  g_assert_cmpuint (tally.n_text_checked, ==, 10);
  fixture_remove_dir (dir);
}

/* Story text goes on the map and in the sidebar as it is, in plain labels:
 * markup and right-to-left text stay literal, control characters go, and
 * line breaks become spaces. */
static void
test_story_text (void)
{
  static const char story[] =
    "{\"type\": \"FeatureCollection\","
    " \"story\": {\"format\": \"sitmap-story/1\", \"title\": \"T\\u0007est\", \"article\": \"a.txt\"},"
    " \"features\": [{\"type\": \"Feature\", \"id\": \"kyiv\","
    " \"geometry\": {\"type\": \"Point\", \"coordinates\": [30.5, 50.4]},"
    " \"properties\": {\"name\": \"<b>Kyiv</b> &amp;\\n\\u202e\\u05e9\\u05dc\\u05d5\\u05dd\\u007f\\u0085\","
    " \"kind\": \"capital\", \"note\": \"a\\tb\\r\\nc\\u2028d\","
    " \"excerpts\": [\"Kyiv is the capital.\"]}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapStory) loaded = sitmap_story_load_data (story, strlen (story), "s.geojson",
                                                          NULL, "Kyiv is the capital.", &error);
  const SitmapStoryFeature *feature;

  g_assert_no_error (error);
  g_assert_cmpstr (sitmap_story_get_title (loaded), ==, "Test");
  feature = sitmap_story_get_feature (loaded, 0);
  g_assert_cmpstr (feature->name, ==,
                   "<b>Kyiv</b> &amp; \xE2\x80\xAE\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  g_assert_cmpstr (feature->label, ==, feature->name);
  g_assert_cmpstr (feature->note, ==, "a b  c d");
}

int
main (int   argc,
      char *argv[])
{
  static const struct { const char *name; int type; } types[] = {
    { "polygon", SHPT_POLYGON }, { "polygonz", SHPT_POLYGONZ }, { "polygonm", SHPT_POLYGONM },
    { "multipatch", SHPT_MULTIPATCH }, { "arc", SHPT_ARC }, { "arcz", SHPT_ARCZ },
    { "arcm", SHPT_ARCM }, { "point", SHPT_POINT }, { "pointz", SHPT_POINTZ },
    { "pointm", SHPT_POINTM }, { "multipoint", SHPT_MULTIPOINT },
    { "multipointz", SHPT_MULTIPOINTZ }, { "multipointm", SHPT_MULTIPOINTM },
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/damaged/shipped/ne-10m-ukraine-regions", test_shipped_regions);
  g_test_add_func ("/damaged/story/text", test_story_text);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *path = g_strdup_printf ("/damaged/fixture/%s", types[i].name);

      g_test_add_data_func (path, GINT_TO_POINTER (types[i].type), test_fixture);
    }

  return g_test_run ();
}
