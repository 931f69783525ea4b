/* test-prepared-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The prepared-data cache: a map drawn from it is the map drawn without
 * it, to the pixel, and a damaged, truncated, stale or unwritable cache
 * is found out and costs only the time to prepare the data again.
 */

#undef G_DISABLE_ASSERT

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include <stdio.h>
#include <string.h>

#include "sitmap-export.h"
#include "sitmap-layer-cache.h"
#include "sitmap-lod.h"
#include "sitmap-map.h"
#include "sitmap-prepared-cache.h"
#include "sitmap-shapefile.h"
#include "fixtures-writer.h"
#include "test-files.h"

typedef struct
{
  char *dir;          /* the test's own cache directory */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  (void)data;
  f->dir = g_dir_make_tmp ("sitmap-cache-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("SITMAP_CACHE_DIR", f->dir, TRUE);
  g_unsetenv ("SITMAP_NO_CACHE");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  (void)data;
  test_remove_tree (f->dir);
  g_free (f->dir);
}

/* The cache's files, sorted by name. */
static GPtrArray *
list_cache (const char *dir_path)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (files, g_build_filename (dir_path, name, NULL));
  g_ptr_array_sort (files, (GCompareFunc)(void *)g_strcmp0);
  return files;
}

/* The built-in story at 960×540, and whether its shapefiles and their
 * levels of detail came from the cache. */
static cairo_surface_t *
render_story (gboolean *mapped)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(SitmapRenderer) renderer = sitmap_renderer_new (map);
  g_autoptr(GError) error = NULL;
  SitmapViewport viewport = { 0 };
  cairo_surface_t *surface;

  g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
  g_assert_no_error (error);
  g_assert_true (sitmap_map_load_builtin_story (map, &error));
  g_assert_no_error (error);
  viewport.width = 960;
  viewport.height = 540;
  viewport.scale_factor = 1;
  sitmap_map_fit_home (map, &viewport);
  surface = sitmap_export_render_image (renderer, &viewport);
  g_assert_nonnull (surface);

  *mapped = TRUE;
  for (guint i = 0; i < sitmap_map_get_n_layers (map); i++)
    {
      SitmapLayer *layer = sitmap_map_get_layer (map, i, NULL);

      if (sitmap_layer_get_kind (layer) != SITMAP_GEOMETRY_POINTS && sitmap_layer_is_prepared (layer))
        *mapped = *mapped && sitmap_lod_is_mapped (sitmap_layer_get_lod (layer));
      /* The shapefiles as loaded, too. */
      if (sitmap_layer_get_source_path (layer) != NULL)
        *mapped = *mapped && sitmap_layer_is_mapped (layer);
    }
  return surface;
}

static void
assert_same_pixels (cairo_surface_t *a,
                    cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_true (memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                         (gsize)stride * height) == 0);
}

static cairo_surface_t *
render_uncached (void)
{
  cairo_surface_t *surface;
  gboolean mapped;

  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  surface = render_story (&mapped);
  g_unsetenv ("SITMAP_NO_CACHE");
  g_assert_false (mapped);
  return surface;
}

/* Cold, then warm: the same pixels, the second time from the cache. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) files = NULL;
  cairo_surface_t *reference = render_uncached ();
  cairo_surface_t *cold, *warm;
  gboolean mapped;

  (void)data;
  files = list_cache (f->dir);
  g_assert_cmpuint (files->len, ==, 0);

  cold = render_story (&mapped);
  g_assert_false (mapped);
  assert_same_pixels (reference, cold);
  g_clear_pointer (&files, g_ptr_array_unref);
  files = list_cache (f->dir);
  /* The countries and the regions, each as loaded and as prepared, and
   * no temporary file left. */
  g_assert_cmpuint (files->len, ==, 4);
  for (guint i = 0; i < files->len; i++)
    g_assert_true (g_str_has_suffix (g_ptr_array_index (files, i), ".cache"));

  warm = render_story (&mapped);
  g_assert_true (mapped);
  assert_same_pixels (reference, warm);

  cairo_surface_destroy (reference);
  cairo_surface_destroy (cold);
  cairo_surface_destroy (warm);
}

typedef void (*Damage) (const char *path, gsize length, const char *other);

static void
flip_bytes (const char *path,
            gsize       length,
            const char *other)
{
  g_autofree char *contents = NULL;
  gsize n;

  (void)other;
  g_assert_true (g_file_get_contents (path, &contents, &n, NULL));
  g_assert_cmpuint (n, ==, length);
  /* One in the middle of the body, one in the last section. */
  contents[n / 2] ^= 0x40;
  contents[n - 9] ^= 0x01;
  g_assert_true (g_file_set_contents (path, contents, n, NULL));
}

static void
truncate_half (const char *path,
               gsize       length,
               const char *other)
{
  g_autofree char *contents = NULL;

  (void)other;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (path, contents, length / 2, NULL));
}

/* Another key's file under this key's name: what a hash of the file
 * name alone would let through. */
static void
swap_in_other (const char *path,
               gsize       length,
               const char *other)
{
  g_autofree char *contents = NULL;
  gsize n;

  (void)length;
  g_assert_true (g_file_get_contents (other, &contents, &n, NULL));
  g_assert_true (g_file_set_contents (path, contents, n, NULL));
}

/* A file of the right key from another format of the cache, its header
 * checksum made right again. */
static void
older_format (const char *path,
              gsize       length,
              const char *other)
{
  g_autofree char *contents = NULL;
  guint32 format;
  guint64 sum;

  (void)other;
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  memcpy (&format, contents + 8, sizeof format);
  format++;
  memcpy (contents + 8, &format, sizeof format);
  sum = sitmap_prepared_cache_hash (contents, 56, 0);
  memcpy (contents + 56, &sum, sizeof sum);
  g_assert_true (g_file_set_contents (path, contents, length, NULL));
}

static void
test_damage (Fixture       *f,
             gconstpointer  data)
{
  Damage damage = (Damage)data;
  g_autoptr(GPtrArray) files = NULL;
  cairo_surface_t *reference = render_uncached ();
  cairo_surface_t *surface;
  gboolean mapped;

  surface = render_story (&mapped);
  cairo_surface_destroy (surface);
  files = list_cache (f->dir);
  g_assert_cmpuint (files->len, ==, 4);

  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      GStatBuf st;

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      damage (path, st.st_size, g_ptr_array_index (files, (i + 1) % files->len));
    }

  /* Not trusted: prepared again, and the same map. */
  surface = render_story (&mapped);
  g_assert_false (mapped);
  assert_same_pixels (reference, surface);
  cairo_surface_destroy (surface);

  /* And written anew, so the next start is quick again. */
  surface = render_story (&mapped);
  g_assert_true (mapped);
  assert_same_pixels (reference, surface);
  cairo_surface_destroy (surface);

  cairo_surface_destroy (reference);
}

/* A cache directory that cannot be made (its parent is a file: a
 * read-only directory would not stop root, which runs CI) and a cache
 * turned off: the same map, and nothing written. */
static void
test_unwritable (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "not-a-directory", NULL);
  g_autofree char *under = g_build_filename (file, "sitmap", NULL);
  cairo_surface_t *reference = render_uncached ();
  cairo_surface_t *surface;
  gboolean mapped;

  (void)data;
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_setenv ("SITMAP_CACHE_DIR", under, TRUE);
  for (guint i = 0; i < 2; i++)
    {
      surface = render_story (&mapped);
      g_assert_false (mapped);
      assert_same_pixels (reference, surface);
      cairo_surface_destroy (surface);
    }
  g_assert_false (g_file_test (under, G_FILE_TEST_EXISTS));
  cairo_surface_destroy (reference);
}

/* ---- The level of detail itself ------------------------------------------ */

static SitmapLayer *
load_regions (SitmapProjection *projection)
{
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries",
                                            "ne_10m_ukraine_regions.shp", NULL);
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer = sitmap_shapefile_load (path, &error);

  g_assert_no_error (error);
  sitmap_layer_project (layer, projection);
  return layer;
}

static void
assert_same_lod (SitmapLod *a,
                 SitmapLod *b)
{
  g_autoptr(GArray) ra = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rb = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) qa = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) qb = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_cmpuint (sitmap_lod_get_n_levels (a), ==, sitmap_lod_get_n_levels (b));
  g_assert_cmpuint (sitmap_lod_get_n_arcs (a), ==, sitmap_lod_get_n_arcs (b));
  g_assert_cmpuint (sitmap_lod_get_n_shared_arcs (a), ==, sitmap_lod_get_n_shared_arcs (b));
  g_assert_cmpuint (sitmap_lod_get_n_rings (a), ==, sitmap_lod_get_n_rings (b));
  for (guint l = 0; l < sitmap_lod_get_n_levels (a); l++)
    {
      g_assert_cmpfloat (sitmap_lod_get_level_tolerance (a, l), ==, sitmap_lod_get_level_tolerance (b, l));
      g_assert_cmpuint (sitmap_lod_get_level_n_vertices (a, l), ==, sitmap_lod_get_level_n_vertices (b, l));
      for (guint r = 0; r < sitmap_lod_get_n_rings (a); r++)
        {
          g_array_set_size (ra, 0);
          g_array_set_size (rb, 0);
          g_assert_cmpuint (sitmap_lod_get_ring (a, l, r, ra), ==, sitmap_lod_get_ring (b, l, r, rb));
          g_assert_true (memcmp (ra->data, rb->data, ra->len * sizeof (double)) == 0);
        }
    }
  for (guint r = 0; r < sitmap_lod_get_n_rings (a); r++)
    {
      double ba[4], bb[4];

      sitmap_lod_get_ring_bounds (a, r, ba);
      sitmap_lod_get_ring_bounds (b, r, bb);
      g_assert_true (memcmp (ba, bb, sizeof ba) == 0);
      /* The grid answers the same: its middle, each ring's box. */
      g_array_set_size (qa, 0);
      g_array_set_size (qb, 0);
      sitmap_lod_query_rings (a, ba[0], ba[1], ba[2], ba[3], qa);
      sitmap_lod_query_rings (b, ba[0], ba[1], ba[2], ba[3], qb);
      g_assert_cmpuint (qa->len, ==, qb->len);
      g_assert_true (memcmp (qa->data, qb->data, qa->len * sizeof (guint)) == 0);
      g_assert_cmpint (sitmap_lod_feature_at (a, (ba[0] + ba[2]) / 2, (ba[1] + ba[3]) / 2), ==,
                       sitmap_lod_feature_at (b, (ba[0] + ba[2]) / 2, (ba[1] + ba[3]) / 2));
    }
}

static void
test_lod_contents (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (22, 44, 41, 53, NULL);
  g_autoptr(SitmapLayer) built = NULL;
  g_autoptr(SitmapLayer) cached = NULL;
  double a[4], b[4];

  (void)f;
  (void)data;
  g_assert_nonnull (projection);
  built = load_regions (projection);
  g_assert_false (sitmap_lod_is_mapped (sitmap_layer_get_lod (built)));
  cached = load_regions (projection);
  g_assert_true (sitmap_lod_is_mapped (sitmap_layer_get_lod (cached)));

  assert_same_lod (sitmap_layer_get_lod (built), sitmap_layer_get_lod (cached));
  sitmap_layer_get_bounds (built, &a[0], &a[1], &a[2], &a[3]);
  sitmap_layer_get_bounds (cached, &b[0], &b[1], &b[2], &b[3]);
  g_assert_true (memcmp (a, b, sizeof a) == 0);
  for (guint i = 0; i < sitmap_layer_get_n_features (built); i++)
    {
      const SitmapShape *sa = sitmap_layer_get_shape (built, i);
      const SitmapShape *sb = sitmap_layer_get_shape (cached, i);

      g_assert_cmpuint (sa->n_parts, ==, sb->n_parts);
      g_assert_cmpuint (sa->n_points, ==, sb->n_points);
      g_assert_true (memcmp (sa->xy, sb->xy, 2 * sa->n_points * sizeof (double)) == 0);
      g_assert_true (memcmp (sa->part_start, sb->part_start, (sa->n_parts + 1) * sizeof (guint)) == 0);
      g_assert_true ((sa->seam == NULL) == (sb->seam == NULL));
      g_assert_cmpfloat (sa->label_x, ==, sb->label_x);
      g_assert_cmpfloat (sa->label_y, ==, sb->label_y);
      g_assert_cmpfloat (sa->area, ==, sb->area);
      g_assert_true (sitmap_shape_contains (sb, sb->label_x, sb->label_y) ==
                     sitmap_shape_contains (sa, sa->label_x, sa->label_y));
    }
}

/* Two 1° squares by Kyiv, named, in dir; the .shp's path. */
static char *
write_squares (const char *dir,
               const char *name,
               guint       n_shapes)
{
  static const int part_start[] = { 0 };
  static const double first[] = { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 };
  static const double second[] = { 31, 50, 31, 51, 32, 51, 32, 50, 31, 50 };
  static const char * const fields[] = { "NAME", "POP", NULL };
  static const char * const values[] = { "Kyiv square", "100", "Next square", "200" };
  FixtureShape shapes[] = { { 1, part_start, NULL, 5, first }, { 1, part_start, NULL, 5, second } };

  g_assert_cmpuint (n_shapes, <=, G_N_ELEMENTS (shapes));
  return fixture_write_shapefile (dir, name, 5 /* SHPT_POLYGON */, shapes, n_shapes, fields, values, NULL);
}

static SitmapLayer *
load_prepared (const char       *path,
               SitmapProjection *projection)
{
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer = sitmap_shapefile_load (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (layer);
  sitmap_layer_project (layer, projection);
  (void)sitmap_layer_get_lod (layer);
  return layer;
}

/* A changed file is another key: one vertex moved on disk, and the next
 * load reads the file, not what was kept for it before. */
static void
test_changed_source (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (22, 44, 41, 53, NULL);
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *shp = write_squares (dir, "squares", 2);
  g_autofree char *shx = fixture_sibling (shp, "shx");
  g_autoptr(SitmapLayer) first = NULL;
  g_autoptr(SitmapLayer) again = NULL;
  g_autoptr(SitmapLayer) changed = NULL;
  g_autoptr(SitmapLayer) reference = NULL;
  SitmapPreparedKey key_first, key_changed;
  /* The first vertex of the first ring: past the record's header, its
   * type, box, counts and one part offset. */
  gsize offset = fixture_record_offset (shx, 0) + 8 + 4 + 32 + 4 + 4 + 4;
  double moved = 30.25;

  (void)f;
  (void)data;
  /* Kept, the first load's features are read back from the cache at
   * once; its level of detail is built. */
  first = load_prepared (shp, projection);
  g_assert_true (sitmap_layer_is_mapped (first));
  g_assert_false (sitmap_lod_is_mapped (sitmap_layer_get_lod (first)));
  again = load_prepared (shp, projection);
  g_assert_true (sitmap_layer_is_mapped (again));
  g_assert_true (sitmap_lod_is_mapped (sitmap_layer_get_lod (again)));

  fixture_patch (shp, offset, &moved, sizeof moved);
  changed = load_prepared (shp, projection);
  g_assert_false (sitmap_lod_is_mapped (sitmap_layer_get_lod (changed)));
  g_assert_cmpfloat (sitmap_layer_get_feature (changed, 0)->lonlat[0], ==, moved);
  sitmap_layer_cache_key (first, projection, &key_first);
  sitmap_layer_cache_key (changed, projection, &key_changed);
  g_assert_false (key_first.a == key_changed.a && key_first.b == key_changed.b);

  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  reference = load_prepared (shp, projection);
  g_unsetenv ("SITMAP_NO_CACHE");
  assert_same_lod (sitmap_layer_get_lod (reference), sitmap_layer_get_lod (changed));
  fixture_remove_dir (dir);
}

static void
assert_same_layer (SitmapLayer *a,
                   SitmapLayer *b)
{
  const char * const *fa = sitmap_layer_get_field_names (a);
  const char * const *fb = sitmap_layer_get_field_names (b);

  g_assert_cmpstr (sitmap_layer_get_title (a), ==, sitmap_layer_get_title (b));
  g_assert_cmpstr (sitmap_layer_get_source_path (a), ==, sitmap_layer_get_source_path (b));
  g_assert_cmpstr (sitmap_layer_get_warnings (a), ==, sitmap_layer_get_warnings (b));
  g_assert_cmpint (sitmap_layer_get_kind (a), ==, sitmap_layer_get_kind (b));
  g_assert_cmpuint (g_strv_length ((char **)fa), ==, g_strv_length ((char **)fb));
  for (guint i = 0; fa[i] != NULL; i++)
    g_assert_cmpstr (fa[i], ==, fb[i]);
  g_assert_cmpuint (sitmap_layer_get_n_points (a), ==, sitmap_layer_get_n_points (b));
  g_assert_cmpuint (sitmap_layer_get_n_features (a), ==, sitmap_layer_get_n_features (b));
  for (guint i = 0; i < sitmap_layer_get_n_features (a); i++)
    {
      const SitmapFeature *x = sitmap_layer_get_feature (a, i);
      const SitmapFeature *y = sitmap_layer_get_feature (b, i);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpuint (g_strv_length (x->attributes), ==, g_strv_length (y->attributes));
      for (guint k = 0; x->attributes[k] != NULL; k++)
        g_assert_cmpstr (x->attributes[k], ==, y->attributes[k]);
      g_assert_cmpuint (x->n_parts, ==, y->n_parts);
      g_assert_cmpuint (x->n_points, ==, y->n_points);
      g_assert_true (memcmp (x->part_start, y->part_start, (x->n_parts + 1) * sizeof (guint)) == 0);
      g_assert_true (memcmp (x->lonlat, y->lonlat, 2 * (gsize)x->n_points * sizeof (double)) == 0);
    }
}

/* A shapefile read back from the cache is the shapefile read from disk:
 * every name, value, vertex and warning, for the built-in countries and
 * for a set whose .dbf is short of a record. */
static void
test_loaded_layer (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *countries = g_build_filename (sitmap_map_get_data_dir (), "boundaries",
                                                 "ne_10m_countries.shp", NULL);
  g_autofree char *two = write_squares (dir, "two", 2);
  g_autofree char *one = write_squares (dir, "one", 1);
  g_autofree char *one_dbf = fixture_sibling (one, "dbf");
  g_autofree char *two_dbf = fixture_sibling (two, "dbf");
  const char *paths[] = { countries, two };

  (void)f;
  (void)data;
  g_assert_cmpint (g_rename (one_dbf, two_dbf), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapLayer) cold = NULL;
      g_autoptr(SitmapLayer) warm = NULL;
      g_autoptr(SitmapLayer) reference = NULL;

      g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
      reference = sitmap_shapefile_load (paths[i], &error);
      g_unsetenv ("SITMAP_NO_CACHE");
      g_assert_no_error (error);
      cold = sitmap_shapefile_load (paths[i], &error);
      g_assert_no_error (error);
      warm = sitmap_shapefile_load (paths[i], &error);
      g_assert_no_error (error);
      g_assert_false (sitmap_layer_is_mapped (reference));
      g_assert_true (sitmap_layer_is_mapped (cold));
      g_assert_true (sitmap_layer_is_mapped (warm));
      assert_same_layer (reference, cold);
      assert_same_layer (reference, warm);
      if (i == 1)
        g_assert_nonnull (strstr (sitmap_layer_get_warnings (warm), ".dbf"));
    }
  fixture_remove_dir (dir);
}

/* What of the mapping holding p is resident in this process, and its
 * size, in kB, from /proc/self/smaps. */
static void
mapping_resident_kb (gconstpointer  p,
                     guint64       *rss,
                     guint64       *size)
{
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean inside = FALSE;

  *rss = *size = 0;
  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 from, to;

      if (sscanf (lines[i], "%" G_GINT64_MODIFIER "x-%" G_GINT64_MODIFIER "x ", &from, &to) == 2)
        inside = (guint64)(guintptr)p >= from && (guint64)(guintptr)p < to;
      else if (inside && g_str_has_prefix (lines[i], "Size:"))
        *size = g_ascii_strtoull (lines[i] + strlen ("Size:"), NULL, 10);
      else if (inside && g_str_has_prefix (lines[i], "Rss:"))
        *rss = g_ascii_strtoull (lines[i] + strlen ("Rss:"), NULL, 10);
    }
  g_assert_cmpuint (*size, >, 0);
}

/* Once projected, a layer's coordinates read from the cache are given back
 * to the system: most of the mapping is no longer resident.  Read again,
 * they are what the shapefile holds, and projecting anew makes the same
 * shapes as for a layer that never was cached. */
static void
test_coordinates_given_back (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (sitmap_map_get_data_dir (), "boundaries",
                                            "ne_50m_countries.shp", NULL);
  g_autoptr(SitmapProjection) first = sitmap_projection_new_for_extent (22, 44, 41, 53, NULL);
  g_autoptr(SitmapProjection) second = sitmap_projection_new_for_extent (-120, 20, -60, 60, NULL);
  g_autoptr(SitmapLayer) reference = NULL;
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  guint64 rss, size;

  (void)f;
  (void)data;
  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  reference = sitmap_shapefile_load (path, &error);
  g_unsetenv ("SITMAP_NO_CACHE");
  g_assert_no_error (error);
  layer = load_prepared (path, first);
  g_assert_true (sitmap_layer_is_mapped (layer));

  mapping_resident_kb (sitmap_layer_get_feature (layer, 0)->lonlat, &rss, &size);
  g_assert_cmpuint (rss, <, size / 2);

  assert_same_layer (reference, layer);
  sitmap_layer_project (layer, second);
  sitmap_layer_project (reference, second);
  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    {
      const SitmapShape *a = sitmap_layer_get_shape (layer, i);
      const SitmapShape *b = sitmap_layer_get_shape (reference, i);

      g_assert_cmpuint (a->n_points, ==, b->n_points);
      g_assert_true (memcmp (a->xy, b->xy, 2 * (gsize)a->n_points * sizeof (double)) == 0);
    }
}

/* ---- The file itself ------------------------------------------------------ */

static GBytes *
regions_cache_bytes (SitmapPreparedKey *key)
{
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (22, 44, 41, 53, NULL);
  g_autoptr(SitmapLayer) layer = load_regions (projection);
  g_autofree char *path = NULL;
  char *contents;
  gsize length;

  (void)sitmap_layer_get_lod (layer);
  sitmap_layer_cache_key (layer, projection, key);
  path = sitmap_prepared_cache_get_path (key);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_bytes_new_take (contents, length);
}

/* Every cut of the file, and a flipped bit in each of its first and last
 * kilobytes and at every 4099th byte between, is refused at opening. */
static void
test_every_cut_and_flip (Fixture       *f,
                         gconstpointer  data)
{
  SitmapPreparedKey key;
  g_autoptr(GBytes) bytes = regions_cache_bytes (&key);
  gsize size;
  const guint8 *whole = g_bytes_get_data (bytes, &size);
  g_autofree guint8 *copy = g_memdup2 (whole, size);

  (void)f;
  (void)data;
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SitmapPreparedCache) ok = sitmap_prepared_cache_open_bytes (bytes, &key, &error);

    g_assert_no_error (error);
    g_assert_nonnull (ok);
  }

  for (gsize cut = 0; cut < size; cut += cut < 4096 ? 1 : 997)
    {
      g_autoptr(GBytes) part = g_bytes_new_static (whole, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapPreparedCache) reader = sitmap_prepared_cache_open_bytes (part, &key, &error);

      g_assert_null (reader);
      g_assert_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_DAMAGED);
    }

  for (gsize i = 0; i < size; i += (i < 1024 || i + 1024 > size) ? 1 : 4099)
    {
      g_autoptr(GBytes) flipped = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapPreparedCache) reader = NULL;

      copy[i] ^= 0x10;
      flipped = g_bytes_new_static (copy, size);
      reader = sitmap_prepared_cache_open_bytes (flipped, &key, &error);
      g_assert_null (reader);
      g_assert_nonnull (error);
      copy[i] ^= 0x10;
    }
}

typedef struct
{
  SitmapPreparedKey key;
  GArray           *shapes;
  SitmapLod        *lod;
  double            bounds[4];
} Writer;

static gpointer
write_many (gpointer data)
{
  Writer *w = data;

  for (guint i = 0; i < 8; i++)
    sitmap_layer_cache_write (&w->key, w->shapes, w->bounds, w->lod);
  return NULL;
}

/* Two writers of one key at once, and a reader between them: it finds
 * the file whole, or not yet there, never half-written. */
static void
test_concurrent_writers (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(SitmapProjection) projection = sitmap_projection_new_for_extent (22, 44, 41, 53, NULL);
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(GPtrArray) files = NULL;
  GArray *shapes;
  Writer w = { 0 };
  GThread *threads[2];
  guint opened = 0;

  (void)data;
  layer = load_regions (projection);
  w.lod = sitmap_layer_get_lod (layer);
  /* Prepared here, and then only the writers' file is there. */
  g_assert_false (sitmap_lod_is_mapped (w.lod));
  test_remove_tree (f->dir);
  shapes = g_array_new (FALSE, TRUE, sizeof (SitmapShape));
  for (guint i = 0; i < sitmap_layer_get_n_features (layer); i++)
    g_array_append_vals (shapes, sitmap_layer_get_shape (layer, i), 1);
  sitmap_layer_get_bounds (layer, &w.bounds[0], &w.bounds[1], &w.bounds[2], &w.bounds[3]);
  sitmap_layer_cache_key (layer, projection, &w.key);
  w.shapes = shapes;

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("writer", write_many, &w);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SitmapPreparedCache) reader = sitmap_prepared_cache_open (&w.key, &error);

      if (reader == NULL)
        g_assert_error (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_MISSING);
      else
        opened++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  /* One file, no temporary ones left, and it reads back. */
  files = list_cache (f->dir);
  g_assert_cmpuint (files->len, ==, 1);
  {
    g_autoptr(SitmapLayer) again = load_regions (projection);

    g_assert_true (sitmap_lod_is_mapped (sitmap_layer_get_lod (again)));
    assert_same_lod (w.lod, sitmap_layer_get_lod (again));
  }
  g_test_message ("%u of 200 reads found the file", opened);
  /* The shapes are the layer's: only the array goes. */
  g_array_unref (shapes);
}

/* A file in the cache folder, of size bytes (sparse), last used
 * days_ago. */
static char *
old_file (const char *dir,
          const char *name,
          gsize       size,
          int         days_ago)
{
  char *path = g_build_filename (dir, name, NULL);
  struct timespec times[2];
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  times[0].tv_sec = times[1].tv_sec = time (NULL) - (time_t)days_ago * 24 * 60 * 60;
  times[0].tv_nsec = times[1].tv_nsec = 0;
  g_assert_cmpint (futimens (fd, times), ==, 0);
  close (fd);
  return path;
}

/* Files of other builds are never read again: a write clears out those
 * unused for a month and a writer's day-old leftovers, then the least
 * recently used while the folder holds over a gibibyte; what the map
 * reads is marked used and stays, as do files that are not the cache's. */
static void
test_forgets_unused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *month = old_file (f->dir, "prepared-0000000000000000000000000000000a.cache", 16, 40);
  g_autofree char *leftover = old_file (f->dir, "prepared-0000000000000000000000000000000b.cache.Ab12Cd", 16, 2);
  g_autofree char *recent_leftover = old_file (f->dir, "prepared-0000000000000000000000000000000c.cache.Ef34Gh", 16, 0);
  g_autofree char *big_old = old_file (f->dir, "prepared-0000000000000000000000000000000d.cache", 700 << 20, 10);
  g_autofree char *big_new = old_file (f->dir, "prepared-0000000000000000000000000000000e.cache", 700 << 20, 5);
  g_autofree char *other = old_file (f->dir, "notes.txt", 16, 400);
  g_autoptr(GPtrArray) files = NULL;
  cairo_surface_t *surface;
  GStatBuf st;
  gboolean mapped;

  (void)data;
  surface = render_story (&mapped);
  cairo_surface_destroy (surface);

  g_assert_false (g_file_test (month, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (leftover, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent_leftover, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (big_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (big_new, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  files = list_cache (f->dir);
  /* The story's four, the recent leftover, the newer big one, the notes. */
  g_assert_cmpuint (files->len, ==, 7);

  /* Read a month later, the story's files are marked used again. */
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      struct utimbuf then = { time (NULL) - 31 * 24 * 60 * 60, time (NULL) - 31 * 24 * 60 * 60 };

      if (g_str_has_suffix (path, ".cache") && g_strcmp0 (path, big_new) != 0)
        g_assert_cmpint (g_utime (path, &then), ==, 0);
    }
  surface = render_story (&mapped);
  cairo_surface_destroy (surface);
  g_assert_true (mapped);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);

      g_assert_cmpint (g_stat (path, &st), ==, 0);
      if (g_str_has_suffix (path, ".cache") && g_strcmp0 (path, big_new) != 0)
        g_assert_cmpint (st.st_mtime, >, time (NULL) - 24 * 60 * 60);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_set_up, func, fixture_tear_down)

  ADD ("/prepared-cache/round-trip", test_round_trip, NULL);
  ADD ("/prepared-cache/corrupt", test_damage, flip_bytes);
  ADD ("/prepared-cache/truncated", test_damage, truncate_half);
  ADD ("/prepared-cache/stale-other-key", test_damage, swap_in_other);
  ADD ("/prepared-cache/stale-format", test_damage, older_format);
  ADD ("/prepared-cache/unwritable", test_unwritable, NULL);
  ADD ("/prepared-cache/lod-contents", test_lod_contents, NULL);
  ADD ("/prepared-cache/changed-source", test_changed_source, NULL);
  ADD ("/prepared-cache/loaded-layer", test_loaded_layer, NULL);
  ADD ("/prepared-cache/coordinates-given-back", test_coordinates_given_back, NULL);
  ADD ("/prepared-cache/every-cut-and-flip", test_every_cut_and_flip, NULL);
  ADD ("/prepared-cache/concurrent-writers", test_concurrent_writers, NULL);
  ADD ("/prepared-cache/forgets-unused", test_forgets_unused, NULL);

  return g_test_run ();
}
