/* test-export-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <adwaita.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "sitmap-export-dialog.h"
#include "sitmap-export.h"
#include "sitmap-settings.h"
#include "sitmap-test-gui.h"
#include "sitmap-window.h"
#include "test-files.h"

typedef struct
{
  SitmapWindow       *window;
  SitmapMapView      *map_view;
  SitmapExportDialog *dialog;
  GSettings          *settings;
  char               *dir;
  char               *exported;
  gboolean            closed;
} Fixture;

static gboolean
has_rendered (Fixture *f)
{
  return sitmap_map_view_get_render_count (f->map_view) > 0;
}

static gboolean
is_closed (Fixture *f)
{
  return f->closed;
}

static gboolean
has_full_detail (Fixture *f)
{
  return sitmap_map_is_prepared (sitmap_map_view_get_map (f->map_view));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->settings = sitmap_settings_new ();
  f->window = sitmap_window_new (NULL);
  f->map_view = sitmap_window_get_map_view (f->window);
  if (data)
    {
      /* The map at exactly this size: the window at its smallest. */
      const int *size = data;

      gtk_widget_set_size_request (GTK_WIDGET (f->map_view), size[0], size[1]);
      gtk_window_set_default_size (GTK_WINDOW (f->window), 200, 200);
    }
  else
    gtk_window_set_default_size (GTK_WINDOW (f->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (wait_for (has_rendered, f, 15000));
  /* The first frames come from the 1:50m countries while a worker
   * prepares the 1:10m ones: a frame from before the swap and an export
   * from after it draw different coasts.  On a loaded machine the swap
   * can come late. */
  g_assert_true (wait_for (has_full_detail, f, 60000));
  /* The view settles on the story once the first frames are drawn. */
  sitmap_test_settle (400);

  f->dir = g_dir_make_tmp ("sitmap-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog && !f->closed)
    gtk_window_destroy (GTK_WINDOW (f->dialog));
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_settings_reset (f->settings, "export-format");
  g_settings_reset (f->settings, "export-size");
  g_settings_reset (f->settings, "export-scale");
  g_settings_reset (f->settings, "export-width");
  g_settings_reset (f->settings, "export-height");
  g_settings_reset (f->settings, "export-legend");
  g_clear_object (&f->settings);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->exported);
}

static void
on_exported (Fixture            *f,
             const char         *path,
             SitmapExportDialog *dialog)
{
  g_free (f->exported);
  f->exported = g_strdup (path);
}

static void
on_dialog_destroyed (gpointer  data,
                     GObject  *where)
{
  ((Fixture *)data)->closed = TRUE;
}

/* Ctrl+E's action, and the dialog it opens. */
static void
open_dialog (Fixture *f)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  f->closed = FALSE;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.export", NULL));

  f->dialog = NULL;
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (SITMAP_IS_EXPORT_DIALOG (window))
        f->dialog = SITMAP_EXPORT_DIALOG (window);
    }
  g_assert_nonnull (f->dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (f->dialog)) == GTK_WINDOW (f->window));
  g_signal_connect_swapped (f->dialog, "exported", G_CALLBACK (on_exported), f);
  g_object_weak_ref (G_OBJECT (f->dialog), on_dialog_destroyed, f);
  sitmap_test_settle (100);
}

static void
save_dialog_screenshot (Fixture    *f,
                        const char *name)
{
  sitmap_test_save_screenshot (GTK_WIDGET (f->dialog), name);
}

static void
keep_output (const char *path,
             const char *name)
{
  g_autofree char *keep = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  if (g_getenv ("TEST_OUTDIR") == NULL)
    return;
  g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
  keep = g_build_filename (g_getenv ("TEST_OUTDIR"), name, NULL);
  if (g_file_get_contents (path, &contents, &length, NULL))
    g_file_set_contents (keep, contents, length, NULL);
}

static gboolean
basemap_is_current (Fixture *f)
{
  return sitmap_map_view_is_basemap_current (f->map_view);
}

static void
export_and_wait (Fixture    *f,
                 const char *path)
{
  _sitmap_export_dialog_export_to (f->dialog, path);
  g_assert_true (wait_for (is_closed, f, 60000));
  g_assert_cmpstr (f->exported, ==, path);
}

/* What the window shows and an export of the current view agree pixel
 * for pixel, but for antialiasing where the window composites its cached
 * basemap with the markers drawn over it. */
static void
assert_window_matches_png (GdkTexture *texture,
                           const char *path)
{
  g_autofree guint32 *screen = NULL;
  cairo_surface_t *png;
  const guint8 *file;
  int width, height, stride, differing = 0, max_delta = 0;

  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  screen = g_new (guint32, (gsize)width * height);
  gdk_texture_download (texture, (guchar *)screen, width * 4);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, width);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, height);

  file = cairo_image_surface_get_data (png);
  stride = cairo_image_surface_get_stride (png);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 a = screen[(gsize)y * width + x];
        guint32 b = ((const guint32 *)(const void *)(file + (gsize)y * stride))[x];
        int delta = 0;

        for (int shift = 0; shift < 24; shift += 8)
          delta = MAX (delta, abs ((int)((a >> shift) & 0xff) - (int)((b >> shift) & 0xff)));
        max_delta = MAX (max_delta, delta);
        differing += delta > 8;
      }

  g_test_message ("%d of %d pixels differ by more than 8 levels (largest difference %d)",
                  differing, width * height, max_delta);
  g_assert_cmpint (differing, <, width * height / 1000);
  cairo_surface_destroy (png);
}

static void
test_current_view_matches_window (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "view.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;

  g_settings_set_string (f->settings, "export-size", "view");
  g_settings_set_string (f->settings, "export-format", "png");
  g_settings_set_int (f->settings, "export-scale", 1);

  texture = sitmap_test_render_widget (GTK_WIDGET (f->map_view));
  if (g_getenv ("TEST_OUTDIR"))
    {
      g_autofree char *shot = g_build_filename (g_getenv ("TEST_OUTDIR"), "export-window-screen.png", NULL);

      g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
      gdk_texture_save_to_png (texture, shot);
    }

  open_dialog (f);
  save_dialog_screenshot (f, "export-dialog.png");
  export_and_wait (f, path);
  keep_output (path, "export-current-view.png");
  /* The toast that announces the file. */
  sitmap_test_settle (600);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "export-toast.png");

  assert_window_matches_png (texture, path);
}

/* An export asked for while the window swaps in the map's full detail
 * waits for the swap: it neither stops at it as a change of the map nor
 * writes the coarse countries the window no longer shows. */
static void
test_export_waits_for_full_detail (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "during-swap.png", NULL);
  SitmapMap *map = sitmap_map_view_get_map (f->map_view);
  g_autoptr(SitmapProjection) projection = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  g_settings_set_string (f->settings, "export-size", "view");
  g_settings_set_string (f->settings, "export-format", "png");
  g_settings_set_int (f->settings, "export-scale", 1);
  open_dialog (f);

  /* A projection of its own, as a story may bring: the window shows the
   * 1:50m countries again while the 1:10m are prepared for it.  The
   * worker's result can only arrive through the main loop, which does not
   * run before the export is asked for. */
  projection = sitmap_projection_new_for_extent (20, 43, 42, 53, &error);
  g_assert_no_error (error);
  /* The tests share one cache directory, and another test may already
   * have left this projection's countries in it: the swap then happens at
   * once and there is nothing to wait for.  Nothing else runs while the
   * view is settled, so the environment can change under no thread. */
  g_setenv ("SITMAP_NO_CACHE", "1", TRUE);
  sitmap_map_set_projection (map, projection);
  g_assert_false (sitmap_map_is_prepared (map));

  export_and_wait (f, path);
  g_assert_true (sitmap_map_is_prepared (map));
  keep_output (path, "export-during-swap.png");
  /* The window's own redraw for the full detail comes from a worker. */
  g_assert_true (wait_for (basemap_is_current, f, 10000));
  g_unsetenv ("SITMAP_NO_CACHE");

  texture = sitmap_test_render_widget (GTK_WIDGET (f->map_view));
  assert_window_matches_png (texture, path);
}

static void
export_uhd (Fixture    *f,
            const char *name)
{
  g_autofree char *path = g_build_filename (f->dir, "uhd.png", NULL);
  cairo_surface_t *png;

  g_settings_set_string (f->settings, "export-size", "3840x2160");
  g_settings_set_string (f->settings, "export-format", "png");
  g_settings_set_int (f->settings, "export-scale", 1);
  open_dialog (f);
  export_and_wait (f, path);
  keep_output (path, name);

  png = cairo_image_surface_create_from_png (path);
  g_assert_cmpint (cairo_surface_status (png), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (png), ==, 3840);
  g_assert_cmpint (cairo_image_surface_get_height (png), ==, 2160);
  cairo_surface_destroy (png);
}

static gboolean
same_box (const SitmapRect *a,
          const SitmapRect *b)
{
  return fabs (a->x - b->x) < 0.01 && fabs (a->y - b->y) < 0.01 &&
         fabs (a->width - b->width) < 0.01 && fabs (a->height - b->height) < 0.01;
}

/* A 16:9 window exported at 3840×2160 is the window three times over:
 * every marker, label and callout where the window has it. */
static void
test_uhd_same_layout (Fixture       *f,
                      gconstpointer  data)
{
  SitmapRenderer *renderer = sitmap_map_view_get_renderer (f->map_view);
  SitmapViewport view = *sitmap_map_view_get_viewport (f->map_view);
  SitmapStory *story = sitmap_map_get_story (sitmap_renderer_get_map (renderer));
  SitmapViewport uhd;
  guint callouts = 0;

  g_assert_cmpfloat (view.width, ==, 1280);
  g_assert_cmpfloat (view.height, ==, 720);
  export_uhd (f, "export-uhd-16x9.png");

  sitmap_export_viewport_for_pixels (&view, 3840, 2160, &uhd);
  g_assert_cmpfloat (uhd.scale_factor, ==, 3);
  g_assert_cmpfloat (uhd.width, ==, view.width);
  g_assert_cmpfloat (uhd.height, ==, view.height);
  g_assert_cmpfloat (uhd.resolution, ==, view.resolution);

  g_assert_nonnull (story);
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect marker[2], label[2], callout[2];
      guint shown = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &view), i, &marker[0], &label[0], &callout[0]);

      g_assert_cmpuint (sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &uhd), i, &marker[1], &label[1], &callout[1]),
                        ==, shown);
      if (shown & SITMAP_LAYOUT_MARKER)
        g_assert_true (same_box (&marker[0], &marker[1]));
      if (shown & SITMAP_LAYOUT_LABEL)
        g_assert_true (same_box (&label[0], &label[1]));
      if (shown & SITMAP_LAYOUT_CALLOUT)
        {
          g_assert_true (same_box (&callout[0], &callout[1]));
          callouts++;
        }
    }
  g_assert_cmpuint (callouts, >, 3);
}

/* In other proportions the map widens on one side: the centre, the scale
 * and every marker on the map stay; the callouts are laid out afresh for
 * the wider page. */
static void
test_uhd_other_proportions (Fixture       *f,
                            gconstpointer  data)
{
  SitmapRenderer *renderer = sitmap_map_view_get_renderer (f->map_view);
  SitmapViewport view = *sitmap_map_view_get_viewport (f->map_view);
  SitmapStory *story = sitmap_map_get_story (sitmap_renderer_get_map (renderer));
  SitmapViewport uhd;
  guint markers = 0, same_callouts = 0, callouts = 0;

  export_uhd (f, "export-uhd.png");

  sitmap_export_viewport_for_pixels (&view, 3840, 2160, &uhd);
  g_assert_cmpfloat (uhd.resolution, ==, view.resolution);
  g_assert_cmpfloat (uhd.centre_x, ==, view.centre_x);
  g_assert_cmpfloat (uhd.centre_y, ==, view.centre_y);
  g_assert_cmpfloat (uhd.width, >=, view.width - 1e-6);
  g_assert_cmpfloat (uhd.height, >=, view.height - 1e-6);

  g_assert_nonnull (story);
  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect marker[2], label[2], callout[2];
      guint a = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &view), i, &marker[0], &label[0], &callout[0]);
      guint b = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &uhd), i, &marker[1], &label[1], &callout[1]);
      double ax, ay, bx, by, anchor_x, anchor_y, sx, sy;

      /* Markers at their place on the map, not edge tabs. */
      if (!(a & SITMAP_LAYOUT_MARKER) || !sitmap_story_layout_get_anchor (sitmap_renderer_get_story_layout (renderer, &view), i, &anchor_x, &anchor_y))
        continue;
      sitmap_viewport_to_screen (&view, anchor_x, anchor_y, &sx, &sy);
      if (sx < 0 || sy < 0 || sx > view.width || sy > view.height)
        continue;

      g_assert_true (b & SITMAP_LAYOUT_MARKER);
      sitmap_viewport_to_map (&view, marker[0].x, marker[0].y, &ax, &ay);
      sitmap_viewport_to_map (&uhd, marker[1].x, marker[1].y, &bx, &by);
      /* Symbols sit on whole pixels, so each view may round a place
       * its own way: within a pixel. */
      g_assert_cmpfloat (fabs (ax - bx), <, view.resolution);
      g_assert_cmpfloat (fabs (ay - by), <, view.resolution);
      markers++;

      if (a & SITMAP_LAYOUT_CALLOUT)
        {
          callouts++;
          sitmap_viewport_to_map (&view, callout[0].x, callout[0].y, &ax, &ay);
          sitmap_viewport_to_map (&uhd, callout[1].x, callout[1].y, &bx, &by);
          same_callouts += (b & SITMAP_LAYOUT_CALLOUT) && fabs (ax - bx) < view.resolution && fabs (ay - by) < view.resolution;
        }
    }

  g_test_message ("%u markers in place; %u of %u callouts in the same place in a %.0fx%.0f view",
                  markers, same_callouts, callouts, view.width, view.height);
  g_assert_cmpuint (markers, >, 5);
}

/* PDFs hold binary streams: strstr would stop at the first zero byte. */
static const char *
find_bytes (const char *data,
            gsize       length,
            const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return data + i;
  return NULL;
}

static void
test_paper_pdf (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "page.pdf", NULL);
  g_autofree char *contents = NULL;
  const char *box;
  gsize length;
  double w, h;

  g_settings_set_string (f->settings, "export-size", "a4");
  g_settings_set_string (f->settings, "export-format", "pdf");
  open_dialog (f);
  save_dialog_screenshot (f, "export-dialog-a4-pdf.png");
  export_and_wait (f, path);
  keep_output (path, "export-a4.pdf");

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  box = find_bytes (contents, length, "/MediaBox [");
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf ]", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, 297 / 25.4 * 72, 0.01);
  g_assert_cmpfloat_with_epsilon (h, 210 / 25.4 * 72, 0.01);
}

static guint
count_entries (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (handle))
    n++;
  return n;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static GtkRevealer *progress_revealer;

static gboolean
is_idle (Fixture *f)
{
  return !gtk_revealer_get_reveal_child (progress_revealer);
}

/* Cancel stops a large export: nothing is written, the file already
 * there is untouched, and the dialog stays open for another try. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "big.png", NULL);
  g_autofree char *contents = NULL;
  GtkWidget *content, *cancel;

  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  g_settings_set_string (f->settings, "export-size", "custom");
  g_settings_set_string (f->settings, "export-format", "png");
  g_settings_set_int (f->settings, "export-width", 16000);
  g_settings_set_int (f->settings, "export-height", 9000);
  g_settings_set_int (f->settings, "export-scale", 2);
  open_dialog (f);

  content = adw_window_get_content (ADW_WINDOW (f->dialog));
  progress_revealer = GTK_REVEALER (gtk_widget_get_last_child (content));
  g_assert_true (GTK_IS_REVEALER (progress_revealer));
  cancel = find_button (GTK_WIDGET (f->dialog), "_Cancel");
  g_assert_nonnull (cancel);

  _sitmap_export_dialog_export_to (f->dialog, path);
  g_assert_false (is_idle (f));
  sitmap_test_settle (300);
  save_dialog_screenshot (f, "export-dialog-progress.png");

  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (wait_for (is_idle, f, 30000));
  g_assert_false (f->closed);
  g_assert_null (f->exported);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpuint (count_entries (f->dir), ==, 1);

  /* Closing the window while it exports cancels too, and waits for the
   * temporary file to go. */
  _sitmap_export_dialog_export_to (f->dialog, path);
  sitmap_test_settle (200);
  gtk_window_close (GTK_WINDOW (f->dialog));
  g_assert_false (f->closed);
  g_assert_true (wait_for (is_closed, f, 30000));
  g_assert_null (f->exported);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
  g_assert_cmpuint (count_entries (f->dir), ==, 1);
}

static void
test_failure_keeps_dialog (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "map.png", NULL);
  GListModel *toplevels;
  gboolean error_shown = FALSE;

  g_settings_set_string (f->settings, "export-size", "view");
  g_settings_set_string (f->settings, "export-format", "png");
  open_dialog (f);
  g_test_expect_message ("sitmap-error", G_LOG_LEVEL_MESSAGE, "Could Not Export the Map: *no-such-folder*No such file*");
  _sitmap_export_dialog_export_to (f->dialog, path);
  sitmap_test_settle (1500);
  g_test_assert_expected_messages ();

  g_assert_false (f->closed);
  g_assert_null (f->exported);
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) &&
          gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (f->dialog))
        {
          g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), "no-such-folder"));
          error_shown = TRUE;
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  g_assert_true (error_shown);
}

/* A dialog whose parent is some other window, closed while its export
 * fails: the error is shown over that window.  It used to be dropped
 * unless the parent was a SitmapWindow. */
static void
test_failure_other_parent_shown (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "map.png", NULL);
  GtkWidget *other = adw_window_new ();
  GtkWidget *toasts = adw_toast_overlay_new ();
  GListModel *toplevels;
  gboolean error_shown = FALSE;

  g_settings_set_string (f->settings, "export-size", "view");
  g_settings_set_string (f->settings, "export-format", "png");
  adw_window_set_content (ADW_WINDOW (other), toasts);
  gtk_window_present (GTK_WINDOW (other));
  f->closed = FALSE;
  f->dialog = sitmap_export_dialog_new (GTK_WINDOW (other), f->map_view, ADW_TOAST_OVERLAY (toasts));
  g_object_weak_ref (G_OBJECT (f->dialog), on_dialog_destroyed, f);
  gtk_window_present (GTK_WINDOW (f->dialog));
  sitmap_test_settle (100);

  g_test_expect_message ("sitmap-error", G_LOG_LEVEL_MESSAGE, "Could Not Export the Map: *no-such-folder*");
  _sitmap_export_dialog_export_to (f->dialog, path);
  /* The worker fails at once on the missing folder; the main loop is held
   * meanwhile so that its report is still on the way when the dialog is
   * closed (closed earlier, the export would be cancelled before the
   * worker ran).  The dialog waits for the report, then goes, and its
   * error must go somewhere. */
  g_usleep (500 * 1000);
  gtk_window_close (GTK_WINDOW (f->dialog));
  g_assert_true (wait_for (is_closed, f, 10000));
  sitmap_test_settle (200);
  g_test_assert_expected_messages ();

  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (other))
        {
          g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (window)), "no-such-folder"));
          error_shown = TRUE;
          gtk_window_destroy (GTK_WINDOW (window));
        }
    }
  g_assert_true (error_shown);
  gtk_window_destroy (GTK_WINDOW (other));
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER_DIALOG (window))
        return GTK_WIDGET (window);
    }
  return NULL;
}

/* Through the file chooser: a name without an extension gets the
 * format's, a name with another format's extension picks that format. */
static void
test_file_chooser (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *expected = g_build_filename (f->dir, "chosen.png", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "other.pdf", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  GtkWidget *chooser;

  g_settings_set_string (f->settings, "export-size", "view");
  g_settings_set_string (f->settings, "export-format", "png");
  open_dialog (f);
  g_signal_emit_by_name (find_button (GTK_WIDGET (f->dialog), "_Export…"), "clicked");
  sitmap_test_settle (300);
  chooser = find_file_chooser ();
  g_assert_nonnull (chooser);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (chooser)));
  /* The suggestion comes from the story's title. */
  g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), ==,
                   "russia-masses-troops-on-ukraines-border.png");
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "chosen");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (wait_for (is_closed, f, 30000));
  g_assert_cmpstr (f->exported, ==, expected);
  g_assert_true (g_file_test (expected, G_FILE_TEST_IS_REGULAR));

  open_dialog (f);
  g_signal_emit_by_name (find_button (GTK_WIDGET (f->dialog), "_Export…"), "clicked");
  sitmap_test_settle (300);
  chooser = find_file_chooser ();
  g_assert_nonnull (chooser);
  g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "other.pdf");
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (wait_for (is_closed, f, 30000));
  g_assert_cmpstr (f->exported, ==, pdf);
  {
    g_autofree char *format = g_settings_get_string (f->settings, "export-format");
    g_autofree char *contents = NULL;

    g_assert_cmpstr (format, ==, "pdf");
    g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
  }
}

int
main (int   argc,
      char *argv[])
{
  static const int size_16_9[] = { 1280, 720 };

  g_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();

  if (!gtk_init_check ())
    {
      /* Under CI a skipped GUI test counts as a failure: say so loudly. */
      g_printerr ("no display: run this test through build-aux/with-xvfb\n");
      return 77;
    }
  adw_init ();

  /* AdwApplication loads the app's style sheet; these tests have none.
   * Without it the marker buttons show as grey boxes over the map. */
  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/sitmap/Sitmap/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add ("/export-dialog/current-view-matches-window", Fixture, NULL, fixture_setup,
              test_current_view_matches_window, fixture_teardown);
  g_test_add ("/export-dialog/export-waits-for-full-detail", Fixture, NULL, fixture_setup,
              test_export_waits_for_full_detail, fixture_teardown);
  g_test_add ("/export-dialog/uhd-same-layout", Fixture, size_16_9, fixture_setup, test_uhd_same_layout,
              fixture_teardown);
  g_test_add ("/export-dialog/uhd-other-proportions", Fixture, NULL, fixture_setup, test_uhd_other_proportions,
              fixture_teardown);
  g_test_add ("/export-dialog/paper-pdf", Fixture, NULL, fixture_setup, test_paper_pdf, fixture_teardown);
  g_test_add ("/export-dialog/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/export-dialog/file-chooser", Fixture, NULL, fixture_setup, test_file_chooser, fixture_teardown);
  g_test_add ("/export-dialog/failure-other-parent-shown", Fixture, NULL, fixture_setup,
              test_failure_other_parent_shown, fixture_teardown);
  g_test_add ("/export-dialog/failure-keeps-dialog", Fixture, NULL, fixture_setup, test_failure_keeps_dialog,
              fixture_teardown);

  return g_test_run ();
}

