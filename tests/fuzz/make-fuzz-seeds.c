/* make-fuzz-seeds.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes the seed corpora of the fuzz targets, each seed a few KiB:
 *
 *   make-fuzz-seeds SOURCE_ROOT OUTPUT_DIR
 *
 * shapefile/: a small set of every shape type written with shapelib by the
 * test fixtures writer, with and without .shx, .dbf, .prj and .cpg, plus
 * the first regions of data/boundaries/ne_10m_ukraine_regions thinned to a
 * few dozen vertices each, all carved into fuzz-shapefile.c's format.
 * story/: the test suite's story, and one story for each kind of feature
 * in the shipped story with its excerpts pointed at the fixed article.
 * cache/: prepared-data cache files; recovery/: the editor's recovery
 * copies of the test suite's and the shipped story.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <shapefil.h>
#include <string.h>

#include "fixtures-writer.h"
#include "fuzz-cache-layer.h"
#include "sitmap-layer-cache.h"
#include "sitmap-shapefile-cache.h"
#include "sitmap-recovery.h"
#include "sitmap-story.h"

enum
{
  HAS_SHX = 1 << 0,
  HAS_DBF = 1 << 1,
  HAS_PRJ = 1 << 2,
  HAS_CPG = 1 << 3,
};

static const char wgs84_prj[] =
  "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
  "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

static const char mercator_prj[] =
  "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\","
  "DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
  "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],"
  "PROJECTION[\"Mercator_Auxiliary_Sphere\"],PARAMETER[\"False_Easting\",0.0],"
  "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],"
  "PARAMETER[\"Standard_Parallel_1\",0.0],PARAMETER[\"Auxiliary_Sphere_Type\",0.0],"
  "UNIT[\"Meter\",1.0]]";

static void
put_le32 (GByteArray *out,
          guint32     value)
{
  guint8 b[4] = { value, value >> 8, value >> 16, value >> 24 };

  g_byte_array_append (out, b, 4);
}

static GBytes *
read_or_null (const char *path)
{
  char *contents;
  gsize length;

  if (path == NULL || !g_file_get_contents (path, &contents, &length, NULL))
    return NULL;
  return g_bytes_new_take (contents, length);
}

/* Packs the files beside shp_path into one fuzz input. */
static void
carve_set (const char *shp_path,
           const char *prj_text,
           const char *cpg_text,
           guint       flags,
           const char *out_dir,
           const char *seed_name)
{
  g_autofree char *shx_path = fixture_sibling (shp_path, "shx");
  g_autofree char *dbf_path = fixture_sibling (shp_path, "dbf");
  g_autoptr(GBytes) shp = read_or_null (shp_path);
  g_autoptr(GBytes) shx = flags & HAS_SHX ? read_or_null (shx_path) : NULL;
  g_autoptr(GBytes) dbf = flags & HAS_DBF ? read_or_null (dbf_path) : NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (out_dir, seed_name, NULL);
  GBytes *parts[] = { shp, shx, dbf };

  g_assert (shp != NULL);
  if (shx == NULL)
    flags &= ~HAS_SHX;
  if (dbf == NULL)
    flags &= ~HAS_DBF;
  if (prj_text == NULL)
    flags &= ~HAS_PRJ;
  if (cpg_text == NULL)
    flags &= ~HAS_CPG;

  g_byte_array_append (out, (guint8[]){ flags }, 1);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    put_le32 (out, parts[i] != NULL ? g_bytes_get_size (parts[i]) : 0);
  put_le32 (out, prj_text != NULL ? strlen (prj_text) : 0);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_byte_array_append (out, g_bytes_get_data (parts[i], NULL), g_bytes_get_size (parts[i]));
  if (flags & HAS_PRJ)
    g_byte_array_append (out, (const guint8 *)prj_text, strlen (prj_text));
  if (flags & HAS_CPG)
    g_byte_array_append (out, (const guint8 *)cpg_text, strlen (cpg_text));

  if (!g_file_set_contents (path, (const char *)out->data, out->len, &error))
    g_error ("%s", error->message);
  g_print ("%s: %u bytes\n", path, out->len);
}

static const double square[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
static const double hole[] = { 30.2, 50.2, 30.8, 50.2, 30.8, 50.8, 30.2, 50.8, 30.2, 50.2 };
static const double line[] = { 24, 48, 25, 49, 26, 48.5, 27, 49.5 };
static const double points[] = { 30.52, 50.45, 36.23, 49.99, 24.03, 49.84 };

static void
write_fixture_seeds (const char *dir,
                     const char *out_dir)
{
  static const char * const fields[] = { "NAME", "NAME_EN", NULL };
  static const char * const values[] = {
    "Kyiv", "Kyiv", "<b>Kharkiv</b> &amp;", "Kharkiv", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "Lviv",
  };
  double rings[20];
  const FixtureShape polygon[] = {
    { 2, (const int[]){ 0, 5 }, NULL, 10, rings },
    { 1, (const int[]){ 0 }, NULL, 5, square },
    { 0, NULL, NULL, 0, NULL },
  };
  const FixtureShape arcs[] = {
    { 1, (const int[]){ 0 }, NULL, 4, line },
    { 2, (const int[]){ 0, 2 }, NULL, 4, line },
    { 0, NULL, NULL, 0, NULL },
  };
  const FixtureShape multipatch[] = {
    { 2, (const int[]){ 0, 5 }, (const int[]){ SHPP_OUTERRING, SHPP_TRISTRIP }, 10, rings },
    { 1, (const int[]){ 0 }, (const int[]){ SHPP_TRIFAN }, 5, square },
    { 0, NULL, NULL, 0, NULL },
  };
  const FixtureShape point_list[] = {
    { 0, NULL, NULL, 1, points },
    { 0, NULL, NULL, 1, points + 2 },
    { 0, NULL, NULL, 1, points + 4 },
  };
  const FixtureShape multipoint[] = {
    { 0, NULL, NULL, 3, points },
    { 0, NULL, NULL, 2, points + 2 },
    { 0, NULL, NULL, 0, NULL },
  };
  struct
  {
    const char         *name;
    int                 type;
    const FixtureShape *shapes;
  } sets[] = {
    { "polygon", SHPT_POLYGON, polygon },
    { "polygonz", SHPT_POLYGONZ, polygon },
    { "polygonm", SHPT_POLYGONM, polygon },
    { "arc", SHPT_ARC, arcs },
    { "arcz", SHPT_ARCZ, arcs },
    { "arcm", SHPT_ARCM, arcs },
    { "multipatch", SHPT_MULTIPATCH, multipatch },
    { "point", SHPT_POINT, point_list },
    { "pointz", SHPT_POINTZ, point_list },
    { "pointm", SHPT_POINTM, point_list },
    { "multipoint", SHPT_MULTIPOINT, multipoint },
    { "multipointz", SHPT_MULTIPOINTZ, multipoint },
  };

  memcpy (rings, square, sizeof square);
  memcpy (rings + 10, hole, sizeof hole);

  for (guint i = 0; i < G_N_ELEMENTS (sets); i++)
    {
      g_autofree char *shp = fixture_write_shapefile (dir, sets[i].name, sets[i].type,
                                                      sets[i].shapes, 3, fields, values, NULL);
      g_autofree char *all = g_strdup_printf ("fixture-%s", sets[i].name);
      g_autofree char *bare = g_strdup_printf ("fixture-%s-shp-only", sets[i].name);

      /* PROJ makes a load with a .prj a hundred times slower; a few seeds
       * with one are enough to reach that code. */
      carve_set (shp, i == 0 ? wgs84_prj : NULL, "UTF-8",
                 HAS_SHX | HAS_DBF | HAS_PRJ | HAS_CPG, out_dir, all);
      if (i % 3 == 0)
        carve_set (shp, NULL, NULL, 0, out_dir, bare);
    }

  /* Text in a code page named only by the language-driver byte, and a
   * projected set with its .prj. */
  {
    static const char * const cp1251[] = { "\xCA\xE8\xBF\xE2", "Kyiv", "\xD5\xE0\xF0\xEA\xB3\xE2",
                                           "Kharkiv", "\xCB\xFC\xE2\xB3\xE2", "Lviv" };
    g_autofree char *shp = fixture_write_shapefile (dir, "cp1251", SHPT_POINT, point_list, 3,
                                                    fields, cp1251, "LDID/201");
    const double merc[] = { 3397897, 6522414, 4033190, 6446275, 2674720, 6422214 };
    const FixtureShape merc_points[] = {
      { 0, NULL, NULL, 1, merc }, { 0, NULL, NULL, 1, merc + 2 }, { 0, NULL, NULL, 1, merc + 4 },
    };
    g_autofree char *projected = fixture_write_shapefile (dir, "mercator", SHPT_POINT,
                                                          merc_points, 3, fields, values,
                                                          NULL);

    carve_set (shp, NULL, NULL, HAS_SHX | HAS_DBF, out_dir, "fixture-cp1251-ldid");
    carve_set (shp, NULL, "1251", HAS_SHX | HAS_DBF | HAS_CPG, out_dir, "fixture-cp1251-cpg");
    carve_set (projected, mercator_prj, NULL, HAS_SHX | HAS_DBF | HAS_PRJ, out_dir,
               "fixture-mercator");
  }
}

/* The first regions of a shipped shapefile, each part thinned to at most
 * max_vertices, with their text fields. */
static void
write_shipped_seeds (const char *source_root,
                     const char *dir,
                     const char *out_dir)
{
  g_autofree char *path = g_build_filename (source_root, "data", "boundaries",
                                            "ne_10m_ukraine_regions.shp", NULL);
  const guint n_records = 3;
  const int max_vertices = 24;
  SHPHandle shp = SHPOpen (path, "rb");
  DBFHandle dbf = DBFOpen (path, "rb");
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  FixtureShape shapes[3];
  g_autofree char *out = NULL;

  g_assert (shp != NULL && dbf != NULL);

  for (int f = 0; f < DBFGetFieldCount (dbf) && fields->len < 3; f++)
    {
      char name[XBASE_FLDNAME_LEN_READ + 1];

      if (DBFGetFieldInfo (dbf, f, name, NULL, NULL) == FTString)
        g_ptr_array_add (fields, g_strdup (name));
    }
  g_ptr_array_add (fields, NULL);

  for (guint r = 0; r < n_records; r++)
    {
      SHPObject *obj = SHPReadObject (shp, r);
      int *starts = g_new (int, obj->nParts);
      double *xy = g_new (double, 2 * max_vertices * obj->nParts);
      int n = 0;

      for (int p = 0; p < obj->nParts; p++)
        {
          int start = obj->panPartStart[p];
          int end = p + 1 < obj->nParts ? obj->panPartStart[p + 1] : obj->nVertices;
          int step = MAX (1, (end - start) / (max_vertices - 1));

          starts[p] = n;
          for (int v = start; v < end - 1 && n - starts[p] < max_vertices - 1; v += step, n++)
            {
              xy[2 * n] = obj->padfX[v];
              xy[2 * n + 1] = obj->padfY[v];
            }
          /* Close the ring where it started. */
          xy[2 * n] = obj->padfX[start];
          xy[2 * n + 1] = obj->padfY[start];
          n++;
        }

      shapes[r] = (FixtureShape) { obj->nParts, starts, NULL, n, xy };
      g_ptr_array_add (keep, starts);
      g_ptr_array_add (keep, xy);
      for (guint f = 0; f + 1 < fields->len; f++)
        g_ptr_array_add (values, g_strdup (DBFReadStringAttribute (dbf, r,
                                                                   DBFGetFieldIndex (dbf, g_ptr_array_index (fields, f)))));
      SHPDestroyObject (obj);
    }
  SHPClose (shp);
  DBFClose (dbf);

  out = fixture_write_shapefile (dir, "ukraine", SHPT_POLYGON, shapes, n_records,
                                 (const char * const *)fields->pdata,
                                 (const char * const *)values->pdata, NULL);
  carve_set (out, wgs84_prj, "UTF-8", HAS_SHX | HAS_DBF | HAS_PRJ | HAS_CPG, out_dir,
             "shipped-ukraine-regions");
  carve_set (out, NULL, NULL, HAS_DBF, out_dir, "shipped-ukraine-regions-no-shx");
}

static void
save_json (JsonNode   *root,
           const char *out_dir,
           const char *name)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, FALSE);
  if (!json_generator_to_file (generator, path, &error))
    g_error ("%s", error->message);
  g_print ("%s\n", path);
}

static void
copy_file (const char *from,
           const char *out_dir,
           const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *path = g_build_filename (out_dir, name, NULL);
  gsize length;

  if (!g_file_get_contents (from, &contents, &length, NULL) ||
      !g_file_set_contents (path, contents, length, NULL))
    g_error ("cannot copy %s", from);
  g_print ("%s\n", path);
}

static void
write_story_seeds (const char *source_root,
                   const char *out_dir)
{
  g_autofree char *complete = g_build_filename (source_root, "tests", "data", "stories",
                                                "complete", "story.geojson", NULL);
  g_autofree char *missing = g_build_filename (source_root, "tests", "data", "stories",
                                               "missing-article", "story.geojson", NULL);
  g_autofree char *shipped = g_build_filename (source_root, "data", "stories",
                                               "ukraine-2022-01", "story.geojson", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *features;

  copy_file (complete, out_dir, "test-complete.geojson");
  copy_file (missing, out_dir, "test-missing-article.geojson");

  if (!json_parser_load_from_file (parser, shipped, &error))
    g_error ("%s", error->message);
  root = json_node_get_object (json_parser_get_root (parser));
  features = json_object_get_array_member (root, "features");

  for (guint i = 0; i < json_array_get_length (features); i++)
    {
      JsonObject *feature = json_array_get_object_element (features, i);
      JsonObject *properties = json_object_get_object_member (feature, "properties");
      JsonNode *geometry = json_object_get_member (feature, "geometry");
      const char *kind = json_object_get_string_member (properties, "kind");
      const char *geometry_type = "none";
      g_autofree char *key = NULL;
      g_autofree char *name = NULL;
      g_autoptr(JsonNode) seed = NULL;
      g_autoptr(JsonNode) copy = json_node_copy (json_array_get_element (features, i));
      JsonObject *seed_root;
      JsonObject *copy_properties;
      JsonArray *excerpts;
      JsonArray *seed_features;

      if (geometry != NULL && JSON_NODE_HOLDS_OBJECT (geometry))
        geometry_type = json_object_get_string_member (json_node_get_object (geometry), "type");
      key = g_strdup_printf ("%s-%s", kind, geometry_type);
      if (g_hash_table_contains (seen, key))
        continue;
      g_hash_table_add (seen, g_strdup (key));

      copy_properties = json_object_get_object_member (json_node_get_object (copy), "properties");
      excerpts = json_array_new ();
      json_array_add_string_element (excerpts, "Kyiv is the capital of Ukraine.");
      json_object_set_array_member (copy_properties, "excerpts", excerpts);
      if (json_object_has_member (copy_properties, "regions"))
        {
          JsonObject *regions = json_object_new ();
          JsonArray *values = json_array_new ();

          json_array_add_string_element (values, "A");
          json_object_set_string_member (regions, "layer", "test-regions");
          json_object_set_string_member (regions, "field", "code");
          json_object_set_array_member (regions, "values", values);
          json_object_set_object_member (copy_properties, "regions", regions);
        }

      seed = json_node_new (JSON_NODE_OBJECT);
      seed_root = json_object_new ();
      json_object_set_string_member (seed_root, "type", "FeatureCollection");
      json_object_set_member (seed_root, "story",
                              json_node_copy (json_object_get_member (root, "story")));
      seed_features = json_array_new ();
      json_array_add_element (seed_features, g_steal_pointer (&copy));
      json_object_set_array_member (seed_root, "features", seed_features);
      json_node_take_object (seed, seed_root);

      name = g_strdup_printf ("shipped-%s.geojson", key);
      save_json (seed, out_dir, name);
    }
}

/* Real prepared-data cache files of the cache target's layers, each
 * after the byte that picks the layer and the kind of file: their
 * projected shapes, and the layers as a shapefile's load keeps them. */
static void
write_cache_seeds (const char *out_dir)
{
  g_autoptr(SitmapProjection) projection = fuzz_cache_projection ();

  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  for (guint which = 0; which < 2; which++)
    {
      g_autoptr(SitmapLayer) layer = fuzz_cache_layer (which == 0 ? SITMAP_GEOMETRY_POLYGONS
                                                                  : SITMAP_GEOMETRY_LINES);
      g_autoptr(GArray) shapes = g_array_new (FALSE, FALSE, sizeof (SitmapShape));
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GByteArray) seed = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *path = g_build_filename (out_dir, which == 0 ? "squares.cache" : "lines.cache", NULL);
      SitmapPreparedKey key;
      double bounds[4];
      guint8 selector = which;
      SitmapLod *lod;

      sitmap_layer_project (layer, projection);
      lod = sitmap_layer_get_lod (layer);
      for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
        g_array_append_vals (shapes, sitmap_layer_get_shape (layer, i), 1);
      sitmap_layer_get_bounds (layer, &bounds[0], &bounds[1], &bounds[2], &bounds[3]);
      sitmap_layer_cache_key (layer, projection, &key);
      bytes = sitmap_layer_cache_to_bytes (&key, shapes, bounds, lod);
      g_byte_array_append (seed, &selector, 1);
      g_byte_array_append (seed, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (!g_file_set_contents (path, (const char *)seed->data, seed->len, &error))
        g_error ("%s", error->message);

      {
        g_autoptr(GBytes) loaded = sitmap_shapefile_cache_to_bytes (&key, layer);
        g_autofree char *loaded_path = g_build_filename (out_dir, which == 0 ? "squares-loaded.cache"
                                                                             : "lines-loaded.cache", NULL);

        g_assert_nonnull (loaded);
        selector = which | 2;
        g_byte_array_set_size (seed, 0);
        g_byte_array_append (seed, &selector, 1);
        g_byte_array_append (seed, g_bytes_get_data (loaded, NULL), g_bytes_get_size (loaded));
        if (!g_file_set_contents (loaded_path, (const char *)seed->data, seed->len, &error))
          g_error ("%s", error->message);
      }
    }
}

/* Recovery copies of the test suite's complete story and of the shipped
 * one, as the editor writes them: of a saved story (with a folder of no
 * machine in particular, not ASCII) and of one never saved. */
static void
write_recovery_seeds (const char *source_root,
                      const char *out_dir)
{
  static const char * const folders[][2] = {
    { "tests/data/stories", "complete" },
    { "data/stories", "ukraine-2022-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (folders); i++)
    {
      g_autofree char *folder = g_build_filename (source_root, folders[i][0], folders[i][1], NULL);
      g_autofree char *path = g_build_filename (folder, "story.geojson", NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapStory) story = sitmap_story_load_file (path, &error);

      if (story == NULL)
        g_error ("%s", error->message);
      for (guint saved = 0; saved < 2; saved++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%s.sitmap-recovery", folders[i][1],
                                                   saved ? "saved" : "unsaved");
          g_autofree char *seed = g_build_filename (out_dir, name, NULL);
          gsize length;
          g_autofree char *data = sitmap_recovery_to_data (story, saved ? "/home/reporter/Stories/Kyiv Ő" : NULL, &length);

          if (!g_file_set_contents (seed, data, length, &error))
            g_error ("%s", error->message);
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  g_autofree char *shapefile_dir = NULL;
  g_autofree char *story_dir = NULL;
  g_autofree char *cache_dir = NULL;
  g_autofree char *recovery_dir = NULL;

  if (argc != 3)
    {
      g_printerr ("usage: %s SOURCE_ROOT OUTPUT_DIR\n", argv[0]);
      return 2;
    }

  shapefile_dir = g_build_filename (argv[2], "shapefile", NULL);
  story_dir = g_build_filename (argv[2], "story", NULL);
  g_mkdir_with_parents (shapefile_dir, 0755);
  g_mkdir_with_parents (story_dir, 0755);

  dir = fixture_make_dir ();
  write_fixture_seeds (dir, shapefile_dir);
  write_shipped_seeds (argv[1], dir, shapefile_dir);
  fixture_remove_dir (dir);

  write_story_seeds (argv[1], story_dir);

  cache_dir = g_build_filename (argv[2], "cache", NULL);
  g_mkdir_with_parents (cache_dir, 0755);
  write_cache_seeds (cache_dir);

  recovery_dir = g_build_filename (argv[2], "recovery", NULL);
  g_mkdir_with_parents (recovery_dir, 0755);
  write_recovery_seeds (argv[1], recovery_dir);
  return 0;
}
