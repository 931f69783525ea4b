/* test-edit-document.c: the window's story as a document, edited: Save As
 * and opening it again, the unsaved-changes question, and the recovery
 * copy that brings an edit back after the app is killed
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "sitmap-recovery.h"
#include "sitmap-test-gui.h"
#include "sitmap-window.h"
#include "story-equal.h"
#include "test-files.h"

/* How far the edits move Kyiv, in degrees. */
#define SHIFT_LON 0.75
#define SHIFT_LAT -0.5

static char *home_dir;   /* XDG_DATA_HOME and XDG_STATE_HOME live here */

typedef struct
{
  SitmapWindow *window;
  char         *dir;     /* a temporary folder for the stories saved */
} Fixture;

static gboolean
has_rendered (Fixture *f)
{
  return sitmap_map_view_get_render_count (sitmap_window_get_map_view (f->window)) > 0;
}

static SitmapWindow *
new_window (void)
{
  SitmapWindow *window = sitmap_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->window = new_window ();
  f->dir = g_dir_make_tmp ("sitmap-edit-XXXXXX", NULL);
  g_assert_true (wait_for (has_rendered, f, 20000));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *recovery = NULL;

  if (f->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (f->window));
      f->window = NULL;
    }
  test_remove_tree (f->dir);
  g_free (f->dir);
  /* What one test left is not offered to the next. */
  recovery = sitmap_recovery_get_dir ();
  test_remove_tree (recovery);
}

static SitmapMap *
map_of (SitmapWindow *window)
{
  return sitmap_renderer_get_map (sitmap_map_view_get_renderer (sitmap_window_get_map_view (window)));
}

static const SitmapStoryFeature *
kyiv_of (SitmapWindow *window)
{
  SitmapStory *story = sitmap_map_get_story (map_of (window));
  int index = sitmap_story_find_feature (story, "kyiv");

  g_assert_cmpint (index, >=, 0);
  return sitmap_story_get_feature (story, index);
}

/* Kyiv moved through the model, as a drag or the arrow keys move it. */
static void
move_kyiv (SitmapWindow *window)
{
  SitmapMap *map = map_of (window);
  g_autoptr(GError) error = NULL;
  int index = sitmap_story_find_feature (sitmap_map_get_story (map), "kyiv");

  g_assert_true (sitmap_map_translate_feature (map, index, SHIFT_LON, SHIFT_LAT, &error));
  g_assert_no_error (error);
}

static const char *
title_of (SitmapWindow *window)
{
  return gtk_window_get_title (GTK_WINDOW (window));
}

static AdwMessageDialog *
wait_for_dialog (SitmapWindow *window)
{
  AdwMessageDialog *dialog = sitmap_test_wait_for_message_dialog (GTK_WINDOW (window), 10000);

  g_assert_nonnull (dialog);
  return dialog;
}

static gboolean
file_exists (const char *path)
{
  return path != NULL && g_file_test (path, G_FILE_TEST_EXISTS);
}

typedef struct
{
  const char *path;
  gboolean    exists;
} FileWait;

static gboolean
file_is (FileWait *wait)
{
  return file_exists (wait->path) == wait->exists;
}

/* Edited, the title shows it and a recovery copy appears; saved as a new
 * folder, the mark and the copy go; the folder opens in another window
 * as the same story, exports headlessly with the marker where it was
 * moved, and the built binary started on it shows it unchanged. */
static void
test_edit_save_as_reopen (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "Moved Kyiv", NULL);
  g_autofree char *path = g_build_filename (folder, "story.geojson", NULL);
  g_autofree char *builtin = g_build_filename (g_getenv ("SITMAP_DATADIR"), "stories", "ukraine-2022-01",
                                               "story.geojson", NULL);
  g_autofree char *builtin_before = NULL;
  g_autofree char *builtin_after = NULL;
  g_autofree char *difference = NULL;
  g_autofree char *clean_title = g_strdup (title_of (f->window));
  g_autofree char *recovery = NULL;
  SitmapWindow *again;
  double lon, lat;

  g_assert_false (sitmap_window_get_dirty (f->window));
  g_assert_false (g_str_has_prefix (clean_title, "•"));
  g_assert_true (g_file_get_contents (builtin, &builtin_before, NULL, NULL));

  move_kyiv (f->window);
  lon = kyiv_of (f->window)->lonlat[0];
  lat = kyiv_of (f->window)->lonlat[1];
  g_assert_true (sitmap_window_get_dirty (f->window));
  g_assert_true (g_str_has_prefix (title_of (f->window), "• "));
  sitmap_test_settle (300);
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-dirty-title.png");

  /* Within the recovery delay the copy is on disk, holding the edit. */
  {
    FileWait wait = { NULL, TRUE };

    recovery = g_strdup (sitmap_window_get_recovery_path (f->window));
    wait.path = recovery;
    g_assert_nonnull (recovery);
    g_assert_true (wait_for (file_is, &wait, 10000));
  }

  /* The built-in story is not saved over: Save asks where (the chooser is
   * not driven here) and the shipped file is untouched. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  sitmap_test_settle (200);
  g_assert_true (sitmap_window_get_dirty (f->window));

  g_assert_true (sitmap_window_save_to (f->window, folder, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (builtin, &builtin_after, NULL, NULL));
  g_assert_cmpstr (builtin_before, ==, builtin_after);
  g_assert_false (sitmap_window_get_dirty (f->window));
  g_assert_cmpstr (title_of (f->window), ==, clean_title);
  g_assert_cmpstr (sitmap_window_get_folder (f->window), ==, folder);
  g_assert_false (file_exists (recovery));
  g_assert_true (file_exists (path));

  /* Undo is a change from what is saved, redo is back to it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  g_assert_true (sitmap_window_get_dirty (f->window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.redo", NULL));
  g_assert_false (sitmap_window_get_dirty (f->window));

  /* Ctrl+S now writes the folder it was saved to, with no question. */
  move_kyiv (f->window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_false (sitmap_window_get_dirty (f->window));
  lon = kyiv_of (f->window)->lonlat[0];
  lat = kyiv_of (f->window)->lonlat[1];

  /* The folder opened again, in a window of its own. */
  again = new_window ();
  g_assert_true (sitmap_window_open_story (again, path));
  difference = story_difference (sitmap_map_get_story (map_of (f->window)), sitmap_map_get_story (map_of (again)));
  g_assert_cmpstr (difference, ==, NULL);
  g_assert_cmpfloat (kyiv_of (again)->lonlat[0], ==, lon);
  g_assert_cmpfloat (kyiv_of (again)->lonlat[1], ==, lat);
  g_assert_false (sitmap_window_get_dirty (again));
  g_assert_cmpstr (sitmap_window_get_folder (again), ==, folder);
  gtk_window_destroy (GTK_WINDOW (again));

  /* Started again, Sitmap shows the story last saved, not the built-in
   * one (the settings are the process's, as they are the user's). */
  again = new_window ();
  g_assert_cmpstr (sitmap_story_get_path (sitmap_map_get_story (map_of (again))), ==, path);
  g_assert_cmpfloat (kyiv_of (again)->lonlat[0], ==, lon);
  g_assert_false (sitmap_window_get_dirty (again));
  g_assert_cmpstr (sitmap_window_get_folder (again), ==, folder);
  gtk_window_destroy (GTK_WINDOW (again));

  /* Exported headlessly, the saved story draws its markers: the picture
   * differs from the built-in story's only where Kyiv went. */
  {
    g_autofree char *moved_png = g_build_filename (f->dir, "moved.png", NULL);
    g_autofree char *shipped_png = g_build_filename (f->dir, "shipped.png", NULL);
    const char *argv_moved[] = { g_getenv ("SITMAP_BIN"), path, "--export", moved_png, "--size", "800x600", NULL };
    const char *argv_shipped[] = { g_getenv ("SITMAP_BIN"), builtin, "--export", shipped_png, "--size", "800x600",
                                   NULL };
    g_autoptr(GdkTexture) moved = NULL;
    g_autoptr(GdkTexture) shipped = NULL;
    g_autofree guchar *a = g_malloc (800 * 600 * 4);
    g_autofree guchar *b = g_malloc (800 * 600 * 4);
    int status;
    guint differing = 0;

    g_assert_nonnull (g_getenv ("SITMAP_BIN"));
    g_assert_true (g_spawn_sync (NULL, (char **)argv_moved, NULL, 0, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, &error));
    g_assert_true (g_spawn_sync (NULL, (char **)argv_shipped, NULL, 0, NULL, NULL, NULL, NULL, &status, &error));
    g_assert_true (g_spawn_check_wait_status (status, &error));
    moved = gdk_texture_new_from_filename (moved_png, &error);
    g_assert_no_error (error);
    shipped = gdk_texture_new_from_filename (shipped_png, &error);
    g_assert_no_error (error);
    g_assert_cmpint (gdk_texture_get_width (moved), ==, 800);
    gdk_texture_download (moved, a, 800 * 4);
    gdk_texture_download (shipped, b, 800 * 4);
    for (guint i = 0; i < 800 * 600; i++)
      differing += memcmp (a + 4 * i, b + 4 * i, 4) != 0;
    /* A marker and its label moved: some hundreds of pixels, not the
     * whole map. */
    g_test_message ("%u pixels differ", differing);
    g_assert_cmpuint (differing, >, 100);
    g_assert_cmpuint (differing, <, 800 * 600 / 4);
    if (g_getenv ("TEST_OUTDIR"))
      {
        g_autofree char *copy = g_build_filename (g_getenv ("TEST_OUTDIR"), "edit-saved-export.png", NULL);

        gdk_texture_save_to_png (moved, copy);
      }
  }

  /* The built binary started on the folder: its window is titled with
   * the story, no unsaved mark. */
  {
    g_autofree char *expected = g_strdup_printf ("^%s$", title_of (f->window));
    const char *argv_app[] = { g_getenv ("SITMAP_BIN"), path, NULL };
    const char *argv_search[] = { "xdotool", "search", "--sync", "--name", expected, NULL };
    g_autofree char *found = NULL;
    GPid pid;
    int status = 0;

    g_assert_true (g_spawn_async (NULL, (char **)argv_app, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                                  &error));
    g_assert_no_error (error);
    /* xdotool --sync waits for the window; the test's own timeout bounds
     * it. */
    g_assert_true (g_spawn_sync (NULL, (char **)argv_search, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &found, NULL,
                                 &status, &error));
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    g_assert_cmpstr (found, !=, "");
    kill (pid, SIGTERM);
    waitpid (pid, NULL, 0);
    g_spawn_close_pid (pid);
  }
}

static void
on_destroyed (gpointer  data,
              GObject  *where)
{
  *(gboolean *)data = TRUE;
}

static gboolean
is_true (gboolean *flag)
{
  return *flag;
}

/* Closing with unsaved changes asks: Cancel keeps the window and the
 * changes, Discard closes it and drops the recovery copy; Save saves and
 * closes. */
static void
test_edit_unsaved_close (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "story", NULL);
  g_autofree char *path = g_build_filename (folder, "story.geojson", NULL);
  g_autofree char *recovery = NULL;
  AdwMessageDialog *dialog;
  gboolean destroyed = FALSE;
  double lon;

  g_assert_true (sitmap_window_save_to (f->window, folder, &error));
  move_kyiv (f->window);
  g_object_weak_ref (G_OBJECT (f->window), on_destroyed, &destroyed);

  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_for_dialog (f->window);
  sitmap_test_save_screenshot (GTK_WIDGET (dialog), "edit-unsaved-dialog.png");
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-unsaved-window.png");
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  adw_message_dialog_response (dialog, "cancel");
  sitmap_test_settle (200);
  g_assert_false (destroyed);
  g_assert_true (sitmap_window_get_dirty (f->window));

  /* Opening another story asks the same; Cancel keeps this one. */
  lon = kyiv_of (f->window)->lonlat[0];
  sitmap_window_open_story (f->window, path);
  dialog = wait_for_dialog (f->window);
  adw_message_dialog_response (dialog, "cancel");
  sitmap_test_settle (200);
  g_assert_cmpfloat (kyiv_of (f->window)->lonlat[0], ==, lon);
  g_assert_true (sitmap_window_get_dirty (f->window));

  /* Save from the question: written, then closed. */
  {
    SitmapWindow *other = new_window ();
    gboolean other_destroyed = FALSE;
    g_autoptr(SitmapStory) saved = NULL;

    g_assert_true (sitmap_window_open_story (other, path));
    move_kyiv (other);
    g_object_weak_ref (G_OBJECT (other), on_destroyed, &other_destroyed);
    gtk_window_close (GTK_WINDOW (other));
    adw_message_dialog_response (wait_for_dialog (other), "save");
    g_assert_true (wait_for (is_true, &other_destroyed, 10000));
    saved = sitmap_story_load_file (path, &error);
    g_assert_no_error (error);
    g_assert_cmpfloat (sitmap_story_get_feature (saved, sitmap_story_find_feature (saved, "kyiv"))->lonlat[0], ==,
                       lon);
  }

  {
    FileWait wait = { NULL, TRUE };

    recovery = g_strdup (sitmap_window_get_recovery_path (f->window));
    wait.path = recovery;
    g_assert_true (wait_for (file_is, &wait, 10000));
  }
  gtk_window_close (GTK_WINDOW (f->window));
  dialog = wait_for_dialog (f->window);
  adw_message_dialog_response (dialog, "discard");
  g_assert_true (wait_for (is_true, &destroyed, 10000));
  f->window = NULL;
  g_assert_false (file_exists (recovery));
}

/* ---- Killed after an edit ------------------------------------------------ */

/* The app's window in a process of its own, opened on folder: Kyiv is
 * moved, "edited" printed, and the process waits to be killed. */
static int
run_edit_child (const char *path)
{
  SitmapWindow *window;
  Fixture f = { 0 };

  gtk_init ();
  adw_init ();
  window = new_window ();
  f.window = window;
  g_assert_true (wait_for (has_rendered, &f, 60000));
  g_assert_true (sitmap_window_open_story (window, path));
  move_kyiv (window);
  g_print ("edited\n");
  fflush (stdout);
  for (;;)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}

/* The app killed (SIGKILL) 2.5 s after an edit: the next start offers to
 * restore it (the built binary says so too), and restoring brings the
 * moved Kyiv back, to be saved into the folder it came from. */
static void
test_edit_recovery_after_kill (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "story", NULL);
  g_autofree char *path = g_build_filename (folder, "story.geojson", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *line = NULL;
  g_autoptr(GIOChannel) channel = NULL;
  g_autoptr(GPtrArray) copies = NULL;
  g_autoptr(SitmapStory) saved = NULL;
  AdwMessageDialog *dialog;
  GPid pid;
  int out_fd, status;
  double lon, lat;

  /* The story as the killed process will find it, and where Kyiv will be. */
  g_assert_true (sitmap_window_save_to (f->window, folder, &error));
  lon = kyiv_of (f->window)->lonlat[0] + SHIFT_LON;
  lat = kyiv_of (f->window)->lonlat[1] + SHIFT_LAT;
  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = NULL;

  {
    const char *argv[] = { self_exe, "--edit-child", path, NULL };

    g_assert_true (g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                             &pid, NULL, &out_fd, NULL, &error));
    g_assert_no_error (error);
  }
  channel = g_io_channel_unix_new (out_fd);
  g_io_channel_set_close_on_unref (channel, TRUE);
  g_assert_cmpint (g_io_channel_read_line (channel, &line, NULL, NULL, &error), ==, G_IO_STATUS_NORMAL);
  g_assert_cmpstr (line, ==, "edited\n");

  /* More than 2 s after the edit, then no chance to tidy up. */
  g_usleep (2500 * 1000);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
  g_spawn_close_pid (pid);

  copies = sitmap_recovery_list ();
  g_assert_cmpuint (copies->len, ==, 1);

  /* The built binary, started the same way, offers it. */
  {
    const char *argv[] = { g_getenv ("SITMAP_BIN"), NULL };
    g_autoptr(GIOChannel) err_channel = NULL;
    g_autofree char *expected = g_strdup_printf ("offering to restore %s", (char *)copies->pdata[0]);
    GPid app;
    int err_fd;
    gboolean offered = FALSE;

    g_assert_true (g_spawn_async_with_pipes (NULL, (char **)argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                             &app, NULL, NULL, &err_fd, &error));
    g_assert_no_error (error);
    err_channel = g_io_channel_unix_new (err_fd);
    g_io_channel_set_close_on_unref (err_channel, TRUE);
    while (!offered)
      {
        g_autofree char *text = NULL;

        if (g_io_channel_read_line (err_channel, &text, NULL, NULL, NULL) != G_IO_STATUS_NORMAL)
          break;
        offered = strstr (text, expected) != NULL;
      }
    g_assert_true (offered);
    kill (app, SIGTERM);
    waitpid (app, NULL, 0);
    g_spawn_close_pid (app);
  }
  /* Left alone, the copy is kept. */
  g_assert_true (file_exists (copies->pdata[0]));

  /* Started again here, the window offers it; Restore brings the edit. */
  f->window = new_window ();
  g_assert_true (wait_for (has_rendered, f, 20000));
  sitmap_window_offer_recovery (f->window);
  dialog = wait_for_dialog (f->window);
  sitmap_test_save_screenshot (GTK_WIDGET (dialog), "edit-restore-dialog.png");
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "restore");
  adw_message_dialog_response (dialog, "restore");
  sitmap_test_settle (200);

  g_assert_cmpfloat_with_epsilon (kyiv_of (f->window)->lonlat[0], lon, 1e-9);
  g_assert_cmpfloat_with_epsilon (kyiv_of (f->window)->lonlat[1], lat, 1e-9);
  g_assert_true (sitmap_window_get_dirty (f->window));
  g_assert_cmpstr (sitmap_window_get_folder (f->window), ==, folder);
  g_assert_true (g_str_has_prefix (title_of (f->window), "• "));
  sitmap_test_save_screenshot (GTK_WIDGET (f->window), "edit-restored-window.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save", NULL));
  g_assert_false (sitmap_window_get_dirty (f->window));
  g_assert_false (file_exists (copies->pdata[0]));
  saved = sitmap_story_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (sitmap_story_get_feature (saved, sitmap_story_find_feature (saved, "kyiv"))->lonlat[0],
                                  lon, 1e-9);
}

/* A damaged copy: a message naming it, the copy set aside, no story
 * changed. */
static void
test_edit_damaged_recovery (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *dir = sitmap_recovery_get_dir ();
  g_autofree char *path = g_build_filename (dir, "left-over.sitmap-recovery", NULL);
  g_autofree char *aside = g_strconcat (path, ".damaged", NULL);
  g_autofree char *title = g_strdup (title_of (f->window));
  AdwMessageDialog *dialog;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "sitmap-recovery/1\norigin -\narticle 3\n", -1, NULL));
  sitmap_window_offer_recovery (f->window);
  dialog = wait_for_dialog (f->window);
  sitmap_test_save_screenshot (GTK_WIDGET (dialog), "edit-damaged-recovery.png");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "left-over.sitmap-recovery"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "damaged"));
  g_assert_false (file_exists (path));
  g_assert_true (file_exists (aside));
  adw_message_dialog_response (dialog, "close");
  g_assert_cmpstr (title_of (f->window), ==, title);
  g_assert_false (sitmap_window_get_dirty (f->window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (argc == 3 && strcmp (argv[1], "--edit-child") == 0)
    return run_edit_child (argv[2]);

  /* Before GLib reads them: this test's recent stories and recovery
   * copies, shared with the processes it starts and no one else. */
  home_dir = g_dir_make_tmp ("sitmap-edit-home-XXXXXX", NULL);
  {
    g_autofree char *data = g_build_filename (home_dir, "data", NULL);
    g_autofree char *state = g_build_filename (home_dir, "state", NULL);

    g_setenv ("XDG_DATA_HOME", data, TRUE);
    g_setenv ("XDG_STATE_HOME", state, TRUE);
  }

  gtk_test_init (&argc, &argv, NULL);
  sitmap_test_forgive_gtk_tooltip_timer ();
  adw_init ();

  g_test_add ("/edit/save-as-reopen", Fixture, NULL, fixture_setup, test_edit_save_as_reopen, fixture_teardown);
  g_test_add ("/edit/unsaved-close", Fixture, NULL, fixture_setup, test_edit_unsaved_close, fixture_teardown);
  g_test_add ("/edit/recovery-after-kill", Fixture, NULL, fixture_setup, test_edit_recovery_after_kill,
              fixture_teardown);
  g_test_add ("/edit/damaged-recovery", Fixture, NULL, fixture_setup, test_edit_damaged_recovery, fixture_teardown);
  status = g_test_run ();
  test_remove_tree (home_dir);
  g_free (home_dir);
  return status;
}
