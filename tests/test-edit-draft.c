/* test-edit-draft.c: New Story from Article in the real window
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include <shapefil.h>

#include "fixtures-writer.h"
#include "sitmap-article-dialog.h"
#include "sitmap-export.h"
#include "sitmap-gazetteer.h"
#include "sitmap-geojson-layer.h"
#include "sitmap-test-gui.h"
#include "sitmap-window.h"

typedef struct
{
  SitmapWindow        *window;
  SitmapMapView       *map_view;
  SitmapArticleDialog *dialog;
  guint                renders;
} Fixture;

static gboolean
has_rendered (Fixture *f)
{
  return sitmap_map_view_get_render_count (f->map_view) > f->renders;
}

static SitmapMap *
window_map (Fixture *f)
{
  return sitmap_map_view_get_map (f->map_view);
}

static SitmapArticleDialog *
find_article_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (SITMAP_IS_ARTICLE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return SITMAP_ARTICLE_DIALOG (window);
    }
  return NULL;
}

static GtkWindow *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
has_message_dialog (Fixture *f)
{
  return find_message_dialog () != NULL;
}

static gboolean
is_reviewing (Fixture *f)
{
  return g_str_equal (sitmap_article_dialog_get_page (f->dialog), "review");
}

static gboolean
dialog_closed (Fixture *f)
{
  return find_article_dialog () == NULL;
}

static gboolean
dialog_mapped (Fixture *f)
{
  return gtk_widget_get_mapped (GTK_WIDGET (f->dialog)) && gtk_widget_get_width (GTK_WIDGET (f->dialog)) > 0;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = sitmap_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  f->map_view = sitmap_window_get_map_view (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_rendered, f, 10000));

  /* The command, as the menu and Ctrl+Shift+N give it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-story-from-article", NULL));
  f->dialog = find_article_dialog ();
  g_assert_nonnull (f->dialog);
  g_assert_cmpstr (sitmap_article_dialog_get_page (f->dialog), ==, "input");
  g_assert_true (wait_for (dialog_mapped, f, 5000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  GtkWindow *message;

  while ((message = find_message_dialog ()))
    gtk_window_destroy (message);
  if (find_article_dialog ())
    gtk_window_destroy (GTK_WINDOW (find_article_dialog ()));
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static char *
fixture_path (const char *name)
{
  return g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data", "extraction", name, NULL);
}

static int
find_feature_named (SitmapStory *story,
                    const char  *name)
{
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    if (g_str_equal (sitmap_story_get_feature (story, i)->name, name))
      return i;
  return -1;
}

/* The text of a PNG's tEXt chunk, or NULL. */
static char *
png_text (const char *path,
          const char *keyword)
{
  g_autofree guchar *data = NULL;
  gsize length, at = 8;

  g_assert_true (g_file_get_contents (path, (char **)&data, &length, NULL));
  while (at + 12 <= length)
    {
      guint32 size = GUINT32_FROM_BE (*(guint32 *)(data + at));

      if (memcmp (data + at + 4, "tEXt", 4) == 0 && at + 12 + size <= length)
        {
          const char *text = (const char *)data + at + 8;
          gsize key_len = strnlen (text, size);

          if (key_len < size && g_str_equal (text, keyword))
            return g_strndup (text + key_len + 1, size - key_len - 1);
        }
      at += 12 + size;
    }
  return NULL;
}

static void
export_map (Fixture    *f,
            const char *path)
{
  g_autoptr(SitmapRenderer) renderer = sitmap_renderer_new (window_map (f));
  g_autoptr(GError) error = NULL;
  SitmapViewport viewport = { 0 };

  viewport.width = 800;
  viewport.height = 500;
  viewport.scale_factor = 1;
  sitmap_map_fit_home (window_map (f), &viewport);
  g_assert_true (sitmap_export_to_file (renderer, &viewport, path, &error));
  g_assert_no_error (error);
}

/* The article opened, its places reviewed (one rejected, one resolved to
 * another match), the draft accepted: the window's story is the draft as
 * reviewed, the map followed every step, and an export credits GeoNames. */
static void
test_draft_review_accept (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *article = fixture_path ("drc-goma-m23.txt");
  g_autoptr(SitmapStory) before = g_object_ref (sitmap_map_get_story (window_map (f)));
  SitmapDraftReview *review = sitmap_article_dialog_get_review (f->dialog);
  SitmapStory *draft;
  g_autofree char *rejected = NULL;
  g_autoptr(GPtrArray) accepted = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = g_dir_make_tmp ("sitmap-edit-draft-XXXXXX", NULL);
  g_autofree char *png = g_build_filename (dir, "draft.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "draft.svg", NULL);
  g_autofree char *builtin_png = g_build_filename (dir, "builtin.png", NULL);
  g_autofree char *credit = NULL;
  g_autofree char *svg_text = NULL;
  guint n_places, n_features;
  int resolved = -1;
  guint64 generation;

  gtk_editable_set_text (GTK_EDITABLE (sitmap_article_dialog_get_date_entry (f->dialog)), "2025-01-28");
  sitmap_article_dialog_find_in_file (f->dialog, article);
  g_assert_true (wait_for (is_reviewing, f, 30000));
  sitmap_test_settle (300);
  sitmap_test_save_screenshot (GTK_WIDGET (f->dialog), "edit-draft-review.png");

  draft = sitmap_map_get_story (window_map (f));
  g_assert_true (draft != before);
  n_places = sitmap_draft_review_get_n_places (review);
  g_assert_cmpuint (n_places, >=, 5);
  g_assert_cmpuint (sitmap_story_get_n_features (draft), ==, n_places);
  g_assert_cmpint (find_feature_named (draft, "Rwanda"), >=, 0);

  /* Reject the second place: it leaves the map at once. */
  rejected = g_strdup (sitmap_draft_review_get_place_name (review, 1));
  generation = sitmap_map_get_generation (window_map (f));
  sitmap_draft_review_set_place_accepted (review, 1, FALSE);
  g_assert_cmpuint (sitmap_map_get_generation (window_map (f)), >, generation);
  g_assert_cmpint (find_feature_named (draft, rejected), <, 0);
  g_assert_cmpuint (sitmap_story_get_n_features (draft), ==, n_places - 1);
  /* Ticked again, it is back where it was; and off again. */
  sitmap_draft_review_set_place_accepted (review, 1, TRUE);
  g_assert_cmpint (find_feature_named (draft, rejected), ==, 1);
  sitmap_draft_review_set_place_accepted (review, 1, FALSE);

  /* Another match for the first place that has one: the marker moves. */
  for (guint p = 0; p < n_places && resolved < 0; p++)
    if (p != 1 && sitmap_draft_review_get_n_candidates (review, p) > 1)
      resolved = p;
  if (resolved >= 0)
    {
      g_autofree char *name = g_strdup (sitmap_draft_review_get_place_name (review, resolved));
      int index = find_feature_named (draft, name);
      double lon = sitmap_story_get_feature (draft, index)->lonlat[0];
      double lat = sitmap_story_get_feature (draft, index)->lonlat[1];

      sitmap_draft_review_choose_candidate (review, resolved, 1);
      index = find_feature_named (draft, sitmap_draft_review_get_place_name (review, resolved));
      g_assert_cmpint (index, >=, 0);
      g_assert_true (sitmap_story_get_feature (draft, index)->lonlat[0] != lon ||
                     sitmap_story_get_feature (draft, index)->lonlat[1] != lat);
      sitmap_draft_review_choose_candidate (review, resolved, 0);
      g_assert_cmpint (find_feature_named (draft, name), ==, index);
    }

  for (guint p = 0; p < n_places; p++)
    if (p != 1)
      g_ptr_array_add (accepted, g_strdup (sitmap_draft_review_get_place_name (review, p)));
  f->renders = sitmap_map_view_get_render_count (f->map_view);
  sitmap_article_dialog_accept (f->dialog);
  g_assert_true (wait_for (dialog_closed, f, 5000));
  g_assert_true (sitmap_map_get_story (window_map (f)) == draft);
  n_features = sitmap_story_get_n_features (draft);
  g_assert_cmpuint (n_features, ==, n_places - 1);
  for (guint p = 0; p < accepted->len; p++)
    g_assert_cmpint (find_feature_named (draft, g_ptr_array_index (accepted, p)), >=, 0);
  g_assert_cmpint (find_feature_named (draft, rejected), <, 0);
  /* The map draws the story it now has. */
  g_assert_true (wait_for (has_rendered, f, 10000));
  sitmap_test_settle (500);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-draft-accepted.png");
  /* The map draws the story's credit where GeoNames is in it
   * (/story-edit/credit-shown holds the drawing to it). */
  g_assert_true (sitmap_gazetteer_is_credited (sitmap_story_get_credit (sitmap_map_get_story (window_map (f)))));

  /* A map of a draft story owes GeoNames its credit; the built-in one does not. */
  export_map (f, png);
  credit = png_text (png, "Copyright");
  g_assert_nonnull (credit);
  g_assert_nonnull (strstr (credit, "GeoNames"));
  export_map (f, svg);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "Places: GeoNames (CC BY 4.0)"));
  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *kept = g_build_filename (g_getenv ("TEST_OUTDIR"), "edit-draft-export.png", NULL);

      export_map (f, kept);
    }

  g_clear_pointer (&credit, g_free);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-builtin-story", NULL));
  /* The draft was never saved: opening another story asks first. */
  {
    AdwMessageDialog *question = sitmap_test_wait_for_message_dialog (GTK_WINDOW (f->window), 10000);

    g_assert_nonnull (question);
    adw_message_dialog_response (question, "discard");
  }
  g_assert_cmpstr (sitmap_story_get_title (sitmap_map_get_story (window_map (f))), ==,
                   sitmap_story_get_title (before));
  export_map (f, builtin_png);
  credit = png_text (builtin_png, "Copyright");
  g_assert_nonnull (credit);
  g_assert_null (strstr (credit, "GeoNames"));
  g_assert_false (sitmap_gazetteer_is_credited (sitmap_story_get_credit (sitmap_map_get_story (window_map (f)))));

  g_unlink (png);
  g_unlink (svg);
  g_unlink (builtin_png);
  g_rmdir (dir);
}

static void
count_story_changes (SitmapMap       *map,
                     SitmapMapChange  what,
                     int              feature,
                     guint           *count)
{
  if (what & (SITMAP_MAP_CHANGE_STORY | SITMAP_MAP_CHANGE_FEATURE))
    (*count)++;
}

/* Stop while the article is read: the story stays, nothing comes later. */
static void
test_draft_stop_keeps_story (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *article = fixture_path ("sudan-khartoum-fighting.txt");
  SitmapStory *before = sitmap_map_get_story (window_map (f));
  guint story_changes = 0;
  gulong handler = g_signal_connect (window_map (f), "changed", G_CALLBACK (count_story_changes), &story_changes);

  sitmap_article_dialog_find_in_file (f->dialog, article);
  g_assert_cmpstr (sitmap_article_dialog_get_page (f->dialog), ==, "progress");
  /* At once, before the worker can be done: a screenshot here would run
   * the main loop and might let it finish. */
  sitmap_article_dialog_stop (f->dialog);
  g_assert_cmpstr (sitmap_article_dialog_get_page (f->dialog), ==, "input");
  sitmap_test_settle (1500);
  g_assert_cmpstr (sitmap_article_dialog_get_page (f->dialog), ==, "input");
  g_assert_true (sitmap_map_get_story (window_map (f)) == before);
  g_assert_cmpuint (story_changes, ==, 0);
  g_signal_handler_disconnect (window_map (f), handler);

  /* Cancel in the review brings the story back too. */
  sitmap_article_dialog_find_in_file (f->dialog, article);
  g_assert_true (wait_for (is_reviewing, f, 30000));
  g_assert_true (sitmap_map_get_story (window_map (f)) != before);
  gtk_window_close (GTK_WINDOW (f->dialog));
  g_assert_true (wait_for (dialog_closed, f, 5000));
  g_assert_true (sitmap_map_get_story (window_map (f)) == before);
}

/* A binary file, pasted nothing, invalid UTF-8: each refused with a
 * message that names it; the window keeps its story. */
static void
test_draft_bad_input (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dir = g_dir_make_tmp ("sitmap-edit-draft-XXXXXX", NULL);
  g_autofree char *binary = g_build_filename (dir, "photo.txt", NULL);
  g_autofree char *latin1 = g_build_filename (dir, "latin1.txt", NULL);
  static const char bytes[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
  SitmapStory *before = sitmap_map_get_story (window_map (f));
  GtkWindow *message;

  g_assert_true (g_file_set_contents (binary, bytes, sizeof bytes, NULL));
  sitmap_article_dialog_find_in_file (f->dialog, binary);
  g_assert_true (wait_for (has_message_dialog, f, 20000));
  message = find_message_dialog ();
  sitmap_test_settle (300);
  sitmap_test_save_screenshot (GTK_WIDGET (message), "edit-draft-binary.png");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "photo.txt"));
  g_assert_cmpstr (sitmap_article_dialog_get_page (f->dialog), ==, "input");
  g_assert_true (sitmap_map_get_story (window_map (f)) == before);
  gtk_window_destroy (message);

  g_assert_true (g_file_set_contents (latin1, "Kyiv and Z\xfcrich were named.", -1, NULL));
  sitmap_article_dialog_find_in_file (f->dialog, latin1);
  g_assert_true (wait_for (has_message_dialog, f, 20000));
  message = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "latin1.txt"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "UTF-8"));
  gtk_window_destroy (message);

  /* Nothing pasted. */
  sitmap_article_dialog_find_in_text (f->dialog);
  g_assert_true (wait_for (has_message_dialog, f, 20000));
  message = find_message_dialog ();
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (message)), "pasted text"));
  gtk_window_destroy (message);
  g_assert_true (sitmap_map_get_story (window_map (f)) == before);

  g_unlink (binary);
  g_unlink (latin1);
  g_rmdir (dir);
}

/* Pasted text, as a new user would: the review shows its places. */
static void
test_draft_pasted_text (Fixture       *f,
                        gconstpointer  data)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (sitmap_article_dialog_get_text_view (f->dialog));
  SitmapDraftReview *review = sitmap_article_dialog_get_review (f->dialog);
  SitmapStory *draft;

  gtk_text_buffer_set_text (buffer,
                            "Fighting spread from Kharkiv towards Kupiansk on Tuesday, officials in Kyiv said. "
                            "More than 2,000 soldiers were moved from Zaporizhzhia.", -1);
  sitmap_test_save_screenshot (GTK_WIDGET (f->dialog), "edit-draft-input.png");
  sitmap_article_dialog_find_in_text (f->dialog);
  g_assert_true (wait_for (is_reviewing, f, 30000));
  draft = sitmap_map_get_story (window_map (f));
  g_assert_cmpint (find_feature_named (draft, "Kharkiv"), >=, 0);
  g_assert_cmpint (find_feature_named (draft, "Kyiv"), >=, 0);
  g_assert_cmpuint (sitmap_draft_review_get_n_places (review), ==, sitmap_story_get_n_features (draft));
  sitmap_article_dialog_accept (f->dialog);
  g_assert_true (wait_for (dialog_closed, f, 5000));
  g_assert_true (sitmap_map_get_story (window_map (f)) == draft);
}

/* ---- A GeoJSON that GDAL wrote, in the window ---------------------------- */

static void
window_setup (Fixture       *f,
              gconstpointer  data)
{
  f->window = sitmap_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 700);
  f->map_view = sitmap_window_get_map_view (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_rendered, f, 10000));
}

static const struct
{
  const char *name;
  double      lon, lat;
  const char *pop_max;
} places[] = {
  { "Kyiv", 30.5234, 50.4501, "2709000" },
  { "Kharkiv", 36.2304, 49.9935, "1430000" },
  { "Odesa", 30.7233, 46.4825, "1010000" },
  { "Lviv", 24.0297, 49.8397, "717000" },
  { "Zaporizhzhia", 35.1396, 47.8388, "710000" },
};

static guint n_layers_wanted;

static gboolean
has_layers (Fixture *f)
{
  return sitmap_map_get_n_layers (window_map (f)) >= n_layers_wanted;
}

/* A small Natural Earth-style populated places shapefile (name, adm0name,
 * pop_max), written with shapelib, turned into GeoJSON by ogr2ogr as
 * QGIS and GDAL write it: foreign members name and crs, no story. */
static char *
write_ogr_geojson (const char *dir)
{
  static const char * const fields[] = { "name", "adm0name", "pop_max", NULL };
  const char *values[G_N_ELEMENTS (places) * 3];
  FixtureShape shapes[G_N_ELEMENTS (places)];
  double xy[2 * G_N_ELEMENTS (places)];
  g_autofree char *shp = NULL;
  char *geojson = g_build_filename (dir, "places.geojson", NULL);
  g_autofree char *out = NULL, *err = NULL, *written = NULL;
  int status;

  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      xy[2 * i] = places[i].lon;
      xy[2 * i + 1] = places[i].lat;
      shapes[i] = (FixtureShape) { 0, NULL, NULL, 1, xy + 2 * i };
      values[3 * i] = places[i].name;
      values[3 * i + 1] = "Ukraine";
      values[3 * i + 2] = places[i].pop_max;
    }
  shp = fixture_write_shapefile (dir, "places", SHPT_POINT, shapes, G_N_ELEMENTS (places), fields, values, NULL);
  /* Natural Earth ships its WGS 84 as ESRI's WKT. */
  g_free (fixture_write_file (dir, "places.prj",
                              "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,"
                              "298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]", -1));
  {
    const char *argv[] = { "ogr2ogr", "-f", "GeoJSON", geojson, shp, "-lco", "RFC7946=NO", NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                                 &status, &error));
    g_assert_no_error (error);
  }
  if (status != 0)
    g_printerr ("ogr2ogr: %s\n", err);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (g_file_get_contents (geojson, &written, NULL, NULL));
  /* What makes it a GIS tool's file and not a story. */
  g_assert_nonnull (strstr (written, "\"name\": \"places\""));
  g_assert_nonnull (strstr (written, "\"crs\""));
  g_assert_null (strstr (written, "\"story\""));
  return geojson;
}

/* Pixels of the names' ink (dark, unlike the dots, borders and country
 * names) in a box of half-size r round a point, from a PNG export. */
static guint
dark_pixels_near (cairo_surface_t      *image,
                  SitmapMap            *map,
                  const SitmapViewport *viewport,
                  double                lon,
                  double                lat,
                  int                   r)
{
  double xy[2] = { lon, lat }, sx, sy;
  int width = cairo_image_surface_get_width (image), height = cairo_image_surface_get_height (image);
  int stride = cairo_image_surface_get_stride (image);
  const guchar *data = cairo_image_surface_get_data (image);
  guint dark = 0;

  sitmap_projection_forward (sitmap_map_get_projection (map), xy, 1);
  sitmap_viewport_to_screen (viewport, xy[0], xy[1], &sx, &sy);
  for (int y = MAX (0, (int)sy - r); y < MIN (height, (int)sy + r); y++)
    for (int x = MAX (0, (int)sx - 2 * r); x < MIN (width, (int)sx + 2 * r); x++)
      {
        guint32 pixel = *(const guint32 *)(data + y * stride + 4 * x);

        if (((pixel >> 16) & 0xff) < 110 && ((pixel >> 8) & 0xff) < 110 && (pixel & 0xff) < 120)
          dark++;
      }
  return dark;
}

/* The same file headless, as `sitmap places.geojson --export` draws it:
 * every name beside its dot. */
static void
export_layer_headless (const char *geojson,
                       const char *png)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(SitmapLayer) layer = NULL;
  g_autoptr(SitmapRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  SitmapViewport viewport = { 0 };
  cairo_surface_t *image;
  guint named = 0;

  g_assert_true (sitmap_map_load_builtin_basemaps (map, &error));
  layer = sitmap_geojson_layer_load_file (geojson, &error);
  g_assert_no_error (error);
  sitmap_map_add_loaded_basemap (map, layer, geojson);
  g_assert_true (sitmap_map_frame_layer (map, layer));
  viewport.width = 900;
  viewport.height = 600;
  viewport.scale_factor = 1;
  sitmap_map_fit_home (map, &viewport);
  renderer = sitmap_renderer_new (map);
  g_assert_true (sitmap_export_to_file (renderer, &viewport, png, &error));
  g_assert_no_error (error);

  /* The same map without the layer, for what is there anyway. */
  sitmap_map_remove_layer (map, layer);
  {
    g_autofree char *bare_png = g_strconcat (png, ".bare.png", NULL);
    cairo_surface_t *bare;

    g_assert_true (sitmap_export_to_file (renderer, &viewport, bare_png, &error));
    g_assert_no_error (error);
    image = cairo_image_surface_create_from_png (png);
    bare = cairo_image_surface_create_from_png (bare_png);
    g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
    g_assert_cmpint (cairo_surface_status (bare), ==, CAIRO_STATUS_SUCCESS);
    for (guint i = 0; i < G_N_ELEMENTS (places); i++)
      {
        guint dark = dark_pixels_near (image, map, &viewport, places[i].lon, places[i].lat, 40);
        guint before = dark_pixels_near (bare, map, &viewport, places[i].lon, places[i].lat, 40);

        g_test_message ("%s: %u dark pixels, %u without the layer", places[i].name, dark, before);
        named += dark >= before + 8;
      }
    cairo_surface_destroy (image);
    cairo_surface_destroy (bare);
    g_unlink (bare_png);
  }
  g_assert_cmpuint (named, ==, G_N_ELEMENTS (places));
}

static void
test_plain_geojson_layer (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *geojson = write_ogr_geojson (dir);
  g_autofree char *png = g_build_filename (dir, "places.png", NULL);
  SitmapStory *before = sitmap_map_get_story (window_map (f));
  SitmapLayerRole role;
  SitmapLayer *layer;
  SitmapStory *story;

  /* As Ctrl+O, a drop or the command line open it. */
  n_layers_wanted = sitmap_map_get_n_layers (window_map (f)) + 1;
  f->renders = sitmap_map_view_get_render_count (f->map_view);
  sitmap_window_open_file_async (f->window, geojson);
  g_assert_true (wait_for (has_layers, f, 20000));
  g_assert_null (find_message_dialog ());
  layer = sitmap_map_get_layer (window_map (f), sitmap_map_get_n_layers (window_map (f)) - 1, &role);
  g_assert_cmpint (role, ==, SITMAP_LAYER_ROLE_USER);
  g_assert_cmpint (sitmap_layer_get_kind (layer), ==, SITMAP_GEOMETRY_POINTS);
  g_assert_cmpuint (sitmap_layer_get_n_features (layer), ==, G_N_ELEMENTS (places));
  g_assert_cmpstr (sitmap_layer_get_feature (layer, 0)->name, ==, "Kyiv");
  g_assert_true (sitmap_map_get_story (window_map (f)) == before);
  g_assert_true (wait_for (has_rendered, f, 10000));
  sitmap_test_settle (800);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-draft-geojson-layer.png");

  /* Make Story from Layer: its places become the story's. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.make-story-from-layer", NULL));
  g_assert_null (find_message_dialog ());
  story = sitmap_map_get_story (window_map (f));
  g_assert_true (story != before);
  /* The layer gave its features to the story. */
  g_assert_cmpuint (sitmap_map_get_n_layers (window_map (f)), ==, n_layers_wanted - 1);
  g_assert_cmpuint (sitmap_story_get_n_features (story), ==, G_N_ELEMENTS (places));
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, find_feature_named (story, places[i].name));

      g_assert_cmpint (feature->kind, ==, SITMAP_STORY_KIND_CITY);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[0], places[i].lon, 1e-5);
      g_assert_cmpfloat_with_epsilon (feature->lonlat[1], places[i].lat, 1e-5);
      g_assert_cmpstr (feature->excerpts[0], ==, places[i].name);
    }
  sitmap_test_settle (800);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-draft-layer-story.png");

  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *kept = g_build_filename (g_getenv ("TEST_OUTDIR"), "edit-draft-geojson-export.png", NULL);

      export_layer_headless (geojson, kept);
    }
  export_layer_headless (geojson, png);
  fixture_remove_dir (dir);
}

static void
window_teardown (Fixture       *f,
                 gconstpointer  data)
{
  GtkWindow *message;

  while ((message = find_message_dialog ()))
    gtk_window_destroy (message);
  gtk_window_destroy (GTK_WINDOW (f->window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();

  if (!gtk_init_check ())
    {
      g_printerr ("no display: run this test through build-aux/with-xvfb\n");
      return 77;
    }
  adw_init ();

  g_test_add ("/edit-draft/review-accept", Fixture, NULL, fixture_setup, test_draft_review_accept, fixture_teardown);
  g_test_add ("/edit-draft/stop-keeps-story", Fixture, NULL, fixture_setup, test_draft_stop_keeps_story, fixture_teardown);
  g_test_add ("/edit-draft/bad-input", Fixture, NULL, fixture_setup, test_draft_bad_input, fixture_teardown);
  g_test_add ("/edit-draft/pasted-text", Fixture, NULL, fixture_setup, test_draft_pasted_text, fixture_teardown);
  g_test_add ("/edit-draft/plain-geojson-layer", Fixture, NULL, window_setup, test_plain_geojson_layer, window_teardown);

  return g_test_run ();
}
