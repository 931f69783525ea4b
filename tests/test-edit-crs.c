/* test-edit-crs.c: the window asks the coordinate system of a shapefile
 * without a .prj, on the real window under the project's Xvfb.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include "config.h"

#include <adwaita.h>

#include "fixtures-writer.h"
#include "sitmap-crs-choices.h"
#include "sitmap-crs-dialog.h"
#include "sitmap-map-view.h"
#include "sitmap-map.h"
#include "sitmap-renderer.h"
#include "sitmap-test-gui.h"
#include "sitmap-window.h"

typedef struct
{
  SitmapWindow    *window;
  SitmapCrsDialog *dialog;
  guint            n_layers;
} Fixture;

static SitmapMap *
map_of (SitmapWindow *window)
{
  return sitmap_renderer_get_map (sitmap_map_view_get_renderer (sitmap_window_get_map_view (window)));
}

static gboolean
has_rendered (Fixture *f)
{
  return sitmap_map_view_get_render_count (sitmap_window_get_map_view (f->window)) > 0;
}

static gboolean
dialog_ready (Fixture *f)
{
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  f->dialog = NULL;
  for (GList *l = toplevels; l != NULL && f->dialog == NULL; l = l->next)
    if (SITMAP_IS_CRS_DIALOG (l->data) && gtk_widget_get_mapped (l->data))
      f->dialog = l->data;
  return f->dialog != NULL && sitmap_crs_dialog_get_ready (f->dialog);
}

static gboolean
layer_added (Fixture *f)
{
  return sitmap_map_get_n_layers (map_of (f->window)) > f->n_layers;
}

/* Whether the newest layer holds a point near Kyiv (30.5° E, 50.5° N),
 * the middle of the fixture's square: drawn where it belongs. */
static gboolean
newest_layer_holds_kyiv (SitmapWindow *window)
{
  SitmapMap *map = map_of (window);
  SitmapLayer *layer = sitmap_map_get_layer (map, sitmap_map_get_n_layers (map) - 1, NULL);
  double xy[2] = { 30.5, 50.5 };

  sitmap_projection_forward (sitmap_map_get_projection (map), xy, 1);
  return sitmap_layer_feature_at (layer, xy[0], xy[1]) == 0;
}

/* Type the code, Use: the square is drawn around Kyiv and the choice is
 * remembered, so opening the file again asks nothing.  Cancel on another
 * file leaves it out and the window as it was. */
static void
test_edit_crs_dialog (void)
{
  g_autofree char *dir = fixture_make_dir ();
  g_autofree char *path = fixture_write_kyiv_utm_square (dir, "kyiv-utm");
  g_autofree char *other = fixture_write_kyiv_utm_square (dir, "kyiv-utm-other");
  g_autofree char *prj = g_build_filename (dir, "kyiv-utm.prj", NULL);
  g_autoptr(SitmapCrsChoices) choices = sitmap_crs_choices_new_default ();
  g_autofree char *remembered = NULL;
  Fixture f = { NULL };
  GListModel *model;
  gboolean found = FALSE;

  f.window = sitmap_window_new (NULL);
  gtk_window_set_default_size (GTK_WINDOW (f.window), 1000, 700);
  gtk_window_present (GTK_WINDOW (f.window));
  g_assert_true (sitmap_test_wait_for ((SitmapTestCondition)has_rendered, &f, 20000));
  f.n_layers = sitmap_map_get_n_layers (map_of (f.window));

  sitmap_window_open_file_async (f.window, path);
  g_assert_true (sitmap_test_wait_for ((SitmapTestCondition)dialog_ready, &f, 30000));
  g_assert_cmpstr (sitmap_crs_dialog_get_path (f.dialog), ==, path);
  sitmap_test_save_screenshot (GTK_WIDGET (f.dialog), "edit-crs-dialog.png");

  /* Found by typing its code, as the search promises. */
  gtk_editable_set_text (sitmap_crs_dialog_get_search_entry (f.dialog), "32636");
  sitmap_test_settle (300);
  model = sitmap_crs_dialog_get_model (f.dialog);
  g_assert_cmpuint (g_list_model_get_n_items (model), >=, 1);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      found |= g_strcmp0 (gtk_string_object_get_string (item), "EPSG:32636") == 0;
    }
  g_assert_true (found);
  g_assert_cmpstr (sitmap_crs_dialog_get_selected_id (f.dialog), ==, "EPSG:32636");
  sitmap_test_save_screenshot (GTK_WIDGET (f.dialog), "edit-crs-dialog-search.png");
  g_assert_false (gtk_check_button_get_active (sitmap_crs_dialog_get_save_prj_check (f.dialog)));
  gtk_widget_activate (GTK_WIDGET (sitmap_crs_dialog_get_use_button (f.dialog)));

  g_assert_true (sitmap_test_wait_for ((SitmapTestCondition)layer_added, &f, 20000));
  g_assert_true (newest_layer_holds_kyiv (f.window));
  sitmap_test_settle (500);
  sitmap_test_save_screenshot (GTK_WIDGET (f.window), "edit-crs-drawn.png");
  /* Remembered in the config dir, nothing written beside the data. */
  remembered = sitmap_crs_choices_lookup (choices, path);
  g_assert_nonnull (remembered);
  g_assert_false (g_file_test (prj, G_FILE_TEST_EXISTS));

  /* Again: the choice is applied without asking. */
  f.n_layers = sitmap_map_get_n_layers (map_of (f.window));
  sitmap_window_open_file_async (f.window, path);
  g_assert_true (sitmap_test_wait_for ((SitmapTestCondition)layer_added, &f, 20000));
  g_assert_false (dialog_ready (&f));
  g_assert_true (newest_layer_holds_kyiv (f.window));

  /* Cancel: the other file stays out, the window keeps what it had. */
  f.n_layers = sitmap_map_get_n_layers (map_of (f.window));
  sitmap_window_open_file_async (f.window, other);
  g_assert_true (sitmap_test_wait_for ((SitmapTestCondition)dialog_ready, &f, 30000));
  gtk_widget_activate (GTK_WIDGET (sitmap_crs_dialog_get_cancel_button (f.dialog)));
  sitmap_test_settle (1000);
  g_assert_cmpuint (sitmap_map_get_n_layers (map_of (f.window)), ==, f.n_layers);
  g_assert_false (dialog_ready (&f));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window)));

  gtk_window_destroy (GTK_WINDOW (f.window));
  fixture_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();
  adw_init ();
  g_test_add_func ("/edit/crs-dialog", test_edit_crs_dialog);
  return g_test_run ();
}
