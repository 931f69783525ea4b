/* sitmap-document.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Never losing work: Save and Save As, the unsaved-changes mark in the
 * title, the question before changes would go, the recovery copy written
 * within a second of every change and offered back after a crash, and the
 * recent stories.
 */

#define G_LOG_DOMAIN "sitmap-document"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "sitmap-document.h"
#include "sitmap-error-dialog.h"
#include "sitmap-recovery.h"
#include "sitmap-story-writer.h"
#include "sitmap-window-private.h"

/* The recovery copy is written this long after the first change not yet
 * in it, and not put off by the changes that follow (a drag is many), so
 * at most this much work plus the time to write it is ever lost. */
#define RECOVERY_DELAY_MS 1000
#define MAX_RECENT 8
#define STORY_FILE "story.geojson"

struct _SitmapDocument
{
  SitmapWindow         *window;       /* owns this */

  char                 *folder;       /* where Save writes; NULL: Save asks */
  /* Restored from a recovery copy: unsaved, though the history (cleared
   * with the new story) starts clean there. */
  gboolean              restored;
  gboolean              close_confirmed;

  char                 *recovery_path;
  guint                 recovery_source;
  gboolean              recovery_failure_told;

  GtkFileChooserNative *chooser;
  /* Run once a Save As chosen from the unsaved-changes question is done. */
  SitmapDocumentThen    pending_then;
  gpointer              pending_data;
  GDestroyNotify        pending_destroy;

  GtkRecentManager     *recent;       /* borrowed: the default one */
  GMenu                *recent_menu;  /* in the window's main menu */
};

static void update_title (SitmapDocument *self);

static SitmapStory *
story_of (SitmapDocument *self)
{
  return sitmap_map_get_story (self->window->map);
}

/* A story made in the app and never saved counts as unsaved once it has
 * anything in it: a draft reviewed from an article is work too. */
static gboolean
is_dirty (SitmapDocument *self)
{
  SitmapStory *story = story_of (self);

  return story != NULL && (self->restored || sitmap_edit_history_get_dirty (self->window->history) ||
                           (self->folder == NULL && sitmap_story_get_n_features (story) > 0));
}

/* The shipped stories, or a folder the user may not write to: Save asks
 * where instead. */
static gboolean
folder_is_writable (const char *folder)
{
  g_autofree char *data_dir = NULL;

  if (folder == NULL)
    return FALSE;
  data_dir = g_canonicalize_filename (sitmap_map_get_data_dir (), NULL);
  if (g_str_has_prefix (folder, data_dir))
    return FALSE;
  return g_access (folder, W_OK) == 0;
}

/* ---- The recovery copy --------------------------------------------------- */

static void
remove_recovery (SitmapDocument *self)
{
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (self->recovery_path != NULL && g_unlink (self->recovery_path) != 0 && errno != ENOENT)
    g_message ("cannot remove the recovery copy %s: %s", self->recovery_path, g_strerror (errno));
  g_clear_pointer (&self->recovery_path, g_free);
}

static void
write_recovery (SitmapDocument *self)
{
  g_autoptr(GError) error = NULL;

  if (!is_dirty (self))
    return;
  if (self->recovery_path == NULL)
    self->recovery_path = sitmap_recovery_new_path ();

  if (!sitmap_recovery_write (story_of (self), self->folder, self->recovery_path, &error))
    {
      g_message ("recovery copy not written: %s", error->message);
      /* Told once: the next change would only say it again. */
      if (!self->recovery_failure_told)
        {
          g_autofree char *text = g_strdup_printf (_("Unsaved changes cannot be kept safe: %s"), error->message);
          AdwToast *toast = adw_toast_new (text);

          adw_toast_set_timeout (toast, 0);
          adw_toast_overlay_add_toast (self->window->toast_overlay, toast);
          self->recovery_failure_told = TRUE;
        }
      return;
    }
  g_debug ("recovery copy written to %s", self->recovery_path);
}

static gboolean
on_recovery_timeout (gpointer data)
{
  SitmapDocument *self = data;

  self->recovery_source = 0;
  write_recovery (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_recovery (SitmapDocument *self)
{
  if (!is_dirty (self))
    {
      /* Undone back to what is saved: nothing to recover. */
      remove_recovery (self);
      return;
    }
  if (self->recovery_path == NULL)
    self->recovery_path = sitmap_recovery_new_path ();
  if (self->recovery_source == 0)
    self->recovery_source = g_timeout_add (RECOVERY_DELAY_MS, on_recovery_timeout, self);
}

static void
on_map_changed (SitmapDocument  *self,
                SitmapMapChange  what,
                int              feature)
{
  /* Layers and the projection are not saved with the story. */
  if (what & ~(SITMAP_MAP_CHANGE_LAYERS | SITMAP_MAP_CHANGE_PROJECTION))
    {
      schedule_recovery (self);
      update_title (self);
    }
}

static void
on_dirty_changed (SitmapDocument *self)
{
  schedule_recovery (self);
  update_title (self);
}

/* ---- The title ----------------------------------------------------------- */

static char *
describe_folder (SitmapDocument *self)
{
  g_autofree char *data_dir = g_canonicalize_filename (sitmap_map_get_data_dir (), NULL);
  const char *home = g_get_home_dir ();

  if (self->folder == NULL)
    return g_strdup (_("Not Saved"));
  if (g_str_has_prefix (self->folder, data_dir))
    return g_strdup (_("Built-in Story"));
  if (home != NULL && g_str_has_prefix (self->folder, home) && self->folder[strlen (home)] == G_DIR_SEPARATOR)
    {
      g_autofree char *display = g_filename_display_name (self->folder + strlen (home));

      return g_strconcat ("~", display, NULL);
    }
  return g_filename_display_name (self->folder);
}

static void
update_title (SitmapDocument *self)
{
  SitmapStory *story = story_of (self);
  g_autofree char *title = NULL;
  g_autofree char *where = NULL;
  g_autofree char *window_title = NULL;

  if (story == NULL)
    return;

  /* The dot GNOME's editors put before a document with unsaved changes. */
  title = is_dirty (self) ? g_strdup_printf ("• %s", sitmap_story_get_title (story))
                          : g_strdup (sitmap_story_get_title (story));
  where = describe_folder (self);
  adw_window_title_set_title (self->window->window_title, title);
  adw_window_title_set_subtitle (self->window->window_title, where);
  /* TRANSLATORS: the window's title: the story's, then the app's name. */
  window_title = g_strdup_printf (_("%s — Sitmap"), title);
  gtk_window_set_title (GTK_WINDOW (self->window), window_title);
}

/* ---- Recent stories ------------------------------------------------------ */

static const char *
app_name (void)
{
  if (g_get_application_name () != NULL)
    return g_get_application_name ();
  return g_get_prgname () != NULL ? g_get_prgname () : "sitmap";
}

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GtkRecentInfo *x = *(GtkRecentInfo **)a, *y = *(GtkRecentInfo **)b;
  g_autoptr(GDateTime) tx = g_date_time_ref (gtk_recent_info_get_modified (x));
  g_autoptr(GDateTime) ty = g_date_time_ref (gtk_recent_info_get_modified (y));

  return g_date_time_compare (ty, tx);
}

static void
rebuild_recent_menu (SitmapDocument *self)
{
  GList *items = gtk_recent_manager_get_items (self->recent);
  g_autoptr(GPtrArray) stories = g_ptr_array_new ();

  g_menu_remove_all (self->recent_menu);
  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);

      if (gtk_recent_info_has_application (info, app_name ()) && g_str_has_suffix (uri, "/" STORY_FILE) &&
          gtk_recent_info_exists (info))
        g_ptr_array_add (stories, info);
    }
  g_ptr_array_sort (stories, compare_recent);

  for (guint i = 0; i < MIN (stories->len, MAX_RECENT); i++)
    {
      GtkRecentInfo *info = stories->pdata[i];
      g_autofree char *path = g_filename_from_uri (gtk_recent_info_get_uri (info), NULL, NULL);
      g_autoptr(GMenuItem) item = NULL;

      if (path == NULL)
        continue;
      /* Labels are menu mnemonics: a title's underscores stay as they are. */
      {
        g_autoptr(GString) label = g_string_new (gtk_recent_info_get_display_name (info));

        g_string_replace (label, "_", "__", 0);
        item = g_menu_item_new (label->str, NULL);
      }
      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (path));
      g_menu_append_item (self->recent_menu, item);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (self->recent_menu)) == 0)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No Recent Stories"), "win.no-recent");

      g_menu_append_item (self->recent_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify)gtk_recent_info_unref);
}

/* The next start shows the story the user last opened or saved; the
 * shipped one, or one never saved, leaves the built-in story to show. */
static void
remember_last_story (SitmapDocument *self)
{
  gboolean own = self->folder != NULL && folder_is_writable (self->folder);

  g_settings_set_string (self->window->settings, "last-story", own ? self->folder : "");
}

static void
add_recent (SitmapDocument *self)
{
  g_autofree char *path = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *exec = NULL;
  GtkRecentData data = { 0 };

  remember_last_story (self);
  if (self->folder == NULL || !folder_is_writable (self->folder))
    return;
  path = g_build_filename (self->folder, STORY_FILE, NULL);
  uri = g_filename_to_uri (path, NULL, NULL);
  if (uri == NULL)
    return;
  exec = g_strdup_printf ("%s %%f", g_get_prgname () != NULL ? g_get_prgname () : "sitmap");
  data.display_name = (char *)sitmap_story_get_title (story_of (self));
  data.mime_type = (char *)"application/geo+json";
  data.app_name = (char *)app_name ();
  data.app_exec = exec;
  gtk_recent_manager_add_full (self->recent, uri, &data);
}

/* ---- Saving -------------------------------------------------------------- */

static void
saved (SitmapDocument *self,
       const char     *folder)
{
  if (folder != self->folder)
    {
      g_free (self->folder);
      self->folder = g_strdup (folder);
    }
  self->restored = FALSE;
  sitmap_edit_history_mark_clean (self->window->history);
  remove_recovery (self);
  add_recent (self);
  update_title (self);
  g_message ("saved %s", folder);
}

static gboolean
save_to (SitmapDocument  *self,
         const char      *folder,
         GError         **error)
{
  if (!sitmap_story_writer_save (story_of (self), folder, error))
    return FALSE;
  saved (self, folder);
  return TRUE;
}

static void
run_pending (SitmapDocument *self,
             gboolean        run)
{
  SitmapDocumentThen then = self->pending_then;
  gpointer data = self->pending_data;
  GDestroyNotify destroy = self->pending_destroy;

  self->pending_then = NULL;
  self->pending_data = NULL;
  self->pending_destroy = NULL;
  if (then != NULL && run)
    then (self->window, data);
  if (destroy != NULL)
    destroy (data);
}

static void
set_pending (SitmapDocument     *self,
             SitmapDocumentThen  then,
             gpointer            data,
             GDestroyNotify      destroy)
{
  run_pending (self, FALSE);
  self->pending_then = then;
  self->pending_data = data;
  self->pending_destroy = destroy;
}

static void
show_save_error (SitmapDocument *self,
                 const GError   *error)
{
  sitmap_error_dialog_show (GTK_WINDOW (self->window), _("Could Not Save Story"), error->message);
}

static void
on_save_as_response (SitmapDocument       *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  gboolean done = FALSE;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      /* A story is a folder: picking its story.geojson means the folder. */
      if (path != NULL && g_str_has_suffix (path, G_DIR_SEPARATOR_S STORY_FILE))
        {
          char *folder = g_path_get_dirname (path);

          g_free (path);
          path = folder;
        }
      if (path != NULL && !(done = save_to (self, path, &error)))
        show_save_error (self, error);
    }
  g_clear_object (&self->chooser);
  run_pending (self, done);
}

static char *
suggested_name (SitmapStory *story)
{
  g_autofree char *name = g_strdup (sitmap_story_get_title (story));

  /* A folder name, not a path. */
  g_strdelimit (name, G_DIR_SEPARATOR_S, '-');
  g_strstrip (name);
  return *name != '\0' ? g_steal_pointer (&name) : g_strdup (_("Story"));
}

static void
save_as (SitmapDocument *self)
{
  g_autofree char *name = NULL;

  if (story_of (self) == NULL)
    return;
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Story As"), GTK_WINDOW (self->window),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  name = suggested_name (story_of (self));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  if (folder_is_writable (self->folder))
    {
      g_autofree char *parent = g_path_get_dirname (self->folder);
      g_autoptr(GFile) parent_file = g_file_new_for_path (parent);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent_file, NULL);
    }
  g_signal_connect_swapped (self->chooser, "response", G_CALLBACK (on_save_as_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Save, or Save As when there is nowhere to save to; pending runs once
 * saved. */
static void
save (SitmapDocument *self)
{
  g_autoptr(GError) error = NULL;

  if (story_of (self) == NULL)
    return;
  if (!folder_is_writable (self->folder))
    {
      save_as (self);
      return;
    }
  if (!save_to (self, self->folder, &error))
    {
      show_save_error (self, error);
      run_pending (self, FALSE);
      return;
    }
  run_pending (self, TRUE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  save (SITMAP_WINDOW (widget)->document);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  save_as (SITMAP_WINDOW (widget)->document);
}

/* ---- Asking before changes would go -------------------------------------- */

typedef struct
{
  SitmapDocument     *document;
  SitmapDocumentThen  then;
  gpointer            data;
  GDestroyNotify      destroy;
} Question;

static void
on_unsaved_response (AdwMessageDialog *dialog,
                     const char       *response,
                     Question         *question)
{
  SitmapDocument *self = question->document;

  /* Answered once: a response given without a click (as a test or a
   * screen reader may give it) leaves the dialog open otherwise. */
  g_signal_handlers_disconnect_by_data (dialog, question);
  gtk_window_close (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "discard") == 0)
    {
      remove_recovery (self);
      self->restored = FALSE;
      question->then (self->window, question->data);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      set_pending (self, question->then, question->data, question->destroy);
      question->destroy = NULL;
      question->data = NULL;
      save (self);
    }
  if (question->destroy != NULL)
    question->destroy (question->data);
  g_free (question);
}

void
_sitmap_document_confirm (SitmapDocument     *self,
                          SitmapDocumentThen  then,
                          gpointer            data,
                          GDestroyNotify      destroy)
{
  AdwMessageDialog *dialog;
  Question *question;
  g_autofree char *body = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (then != NULL);

  if (!is_dirty (self))
    {
      then (self->window, data);
      if (destroy != NULL)
        destroy (data);
      return;
    }

  question = g_new0 (Question, 1);
  question->document = self;
  question->then = then;
  question->data = data;
  question->destroy = destroy;

  body = g_strdup_printf (_("“%s” has changes that are not saved. They will be lost if you discard them."),
                          sitmap_story_get_title (story_of (self)));
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self->window), _("Save Changes?"), body));
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_unsaved_response), question);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
close_later (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

static void
close_window (SitmapWindow *window,
              gpointer      data)
{
  window->document->close_confirmed = TRUE;
  /* Not from inside the question's response: the question goes with the
   * window. */
  g_idle_add_full (G_PRIORITY_DEFAULT, close_later, g_object_ref (window), g_object_unref);
}

gboolean
_sitmap_document_close_request (SitmapDocument *self)
{
  if (self->close_confirmed || !is_dirty (self))
    {
      remove_recovery (self);
      return FALSE;
    }
  _sitmap_document_confirm (self, close_window, NULL, NULL);
  return TRUE;
}

/* ---- Opening ------------------------------------------------------------- */

void
_sitmap_document_story_opened (SitmapDocument *self,
                               const char     *path)
{
  g_autofree char *folder = NULL;

  g_return_if_fail (self != NULL);

  if (path != NULL)
    {
      g_autofree char *absolute = g_canonicalize_filename (path, NULL);

      folder = g_path_get_dirname (absolute);
    }
  remove_recovery (self);
  g_free (self->folder);
  self->folder = g_steal_pointer (&folder);
  self->restored = FALSE;
  self->close_confirmed = FALSE;
  sitmap_edit_history_mark_clean (self->window->history);
  add_recent (self);
  update_title (self);
  /* A draft made in the app is unsaved from the start. */
  schedule_recovery (self);
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  sitmap_window_open_file_async (SITMAP_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* ---- Restoring after a crash --------------------------------------------- */

static void offer_next_recovery (SitmapDocument *self,
                                 GPtrArray      *paths);

typedef struct
{
  SitmapDocument *document;
  GPtrArray      *paths;     /* still to offer, the first being offered */
  SitmapStory    *story;
  char           *origin;
} Offer;

static void
offer_free (Offer *offer)
{
  g_clear_pointer (&offer->paths, g_ptr_array_unref);
  g_clear_object (&offer->story);
  g_free (offer->origin);
  g_free (offer);
}

static void
restore (SitmapDocument *self,
         SitmapStory    *story,
         const char     *origin,
         const char     *recovery_path)
{
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_set_story (self->window->map, story, &error))
    {
      sitmap_error_dialog_show (GTK_WINDOW (self->window), _("Could Not Restore Unsaved Changes"),
                                error->message);
      return;
    }
  sitmap_map_view_zoom_to_fit (self->window->map_view);
  remove_recovery (self);
  g_free (self->folder);
  self->folder = g_strdup (origin);
  self->restored = TRUE;
  self->close_confirmed = FALSE;
  /* This window keeps the copy up to date from now on. */
  self->recovery_path = g_strdup (recovery_path);
  write_recovery (self);
  update_title (self);
  g_message ("restored %s", recovery_path);
}

static void
on_offer_response (AdwMessageDialog *dialog,
                   const char       *response,
                   Offer            *offer)
{
  SitmapDocument *self = offer->document;
  const char *path = offer->paths->pdata[0];

  /* As for the unsaved-changes question: answered once, then closed. */
  g_signal_handlers_disconnect_by_data (dialog, offer);
  gtk_window_close (GTK_WINDOW (dialog));

  if (g_strcmp0 (response, "restore") == 0)
    {
      /* Asked again, for whatever this window has unsaved meanwhile. */
      if (is_dirty (self))
        write_recovery (self);
      restore (self, offer->story, offer->origin, path);
    }
  else if (g_strcmp0 (response, "discard") == 0)
    g_unlink (path);
  /* Otherwise (Escape) it is kept for the next start. */

  g_ptr_array_remove_index (offer->paths, 0);
  offer_next_recovery (self, g_steal_pointer (&offer->paths));
  offer_free (offer);
}

/* When the copy was written, as one says it: "today at 08:50",
 * "yesterday at 17:02", "on 1 December at 09:15". */
static char *
describe_time (const char *path)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  const char *format;
  GStatBuf buf;

  if (g_stat (path, &buf) != 0)
    return g_strdup ("");
  time = g_date_time_new_from_unix_local (buf.st_mtime);
  if (g_date_time_get_year (time) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now))
    /* Translators: when unsaved changes were kept, in g_date_time_format ()'s terms. */
    format = _("today at %H:%M");
  else if (g_date_time_get_year (time) == g_date_time_get_year (yesterday) &&
           g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (yesterday))
    format = _("yesterday at %H:%M");
  else if (g_date_time_get_year (time) == g_date_time_get_year (now))
    format = _("on %-d %B at %H:%M");
  else
    format = _("on %-d %B %Y at %H:%M");
  return g_date_time_format (time, format);
}

static void
offer_next_recovery (SitmapDocument *self,
                     GPtrArray      *paths)
{
  g_autoptr(GPtrArray) owned = paths;

  while (owned->len > 0)
    {
      const char *path = owned->pdata[0];
      g_autoptr(GError) error = NULL;
      g_autofree char *origin = NULL;
      g_autoptr(SitmapStory) story = NULL;

      /* Another window of this process keeps this one. */
      if (g_strcmp0 (path, self->recovery_path) == 0)
        {
          g_ptr_array_remove_index (owned, 0);
          continue;
        }

      story = sitmap_recovery_read_file (path, &origin, &error);
      if (story == NULL)
        {
          g_autoptr(GError) aside_error = NULL;
          g_autofree char *aside = sitmap_recovery_set_aside (path, &aside_error);
          g_autofree char *message = NULL;

          if (aside != NULL)
            {
              g_autofree char *display = g_filename_display_name (aside);

              message = g_strdup_printf (_("%s\n\nThe copy was moved to %s."), error->message, display);
            }
          else
            message = g_strdup_printf ("%s\n\n%s", error->message, aside_error->message);
          sitmap_error_dialog_show (GTK_WINDOW (self->window), _("Could Not Restore Unsaved Changes"), message);
          g_ptr_array_remove_index (owned, 0);
          continue;
        }

      {
        Offer *offer = g_new0 (Offer, 1);
        g_autofree char *when = describe_time (path);
        g_autofree char *body = NULL;
        AdwMessageDialog *dialog;

        offer->document = self;
        offer->paths = g_steal_pointer (&owned);
        offer->story = g_steal_pointer (&story);
        offer->origin = g_steal_pointer (&origin);

        body = g_strdup_printf (_("Sitmap closed before the changes to “%s” were saved. They can be "
                                  "restored as they were %s."),
                                sitmap_story_get_title (offer->story), when);
        dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self->window),
                                                             _("Restore Unsaved Changes?"), body));
        adw_message_dialog_set_body_use_markup (dialog, FALSE);
        adw_message_dialog_add_responses (dialog,
                                          "discard", _("_Discard"),
                                          "restore", _("_Restore"),
                                          NULL);
        adw_message_dialog_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
        adw_message_dialog_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
        adw_message_dialog_set_default_response (dialog, "restore");
        adw_message_dialog_set_close_response (dialog, "later");
        g_signal_connect (dialog, "response", G_CALLBACK (on_offer_response), offer);
        gtk_window_present (GTK_WINDOW (dialog));
        g_message ("offering to restore %s", path);
        return;
      }
    }
}

void
sitmap_window_offer_recovery (SitmapWindow *window)
{
  g_return_if_fail (SITMAP_IS_WINDOW (window));

  offer_next_recovery (window->document, sitmap_recovery_list ());
}

/* ---- For whoever drives the window --------------------------------------- */

gboolean
sitmap_window_save_to (SitmapWindow  *window,
                       const char    *folder,
                       GError       **error)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (story_of (window->document) == NULL)
    {
      g_set_error_literal (error, SITMAP_MAP_ERROR, SITMAP_MAP_ERROR_NO_STORY, _("There is no story to save."));
      return FALSE;
    }
  return save_to (window->document, folder, error);
}

gboolean
sitmap_window_get_dirty (SitmapWindow *window)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (window), FALSE);
  return is_dirty (window->document);
}

const char *
sitmap_window_get_folder (SitmapWindow *window)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (window), NULL);
  return window->document->folder;
}

const char *
sitmap_window_get_recovery_path (SitmapWindow *window)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (window), NULL);
  return window->document->recovery_path;
}

/* ---- Set-up -------------------------------------------------------------- */

static void
no_recent_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
}

void
_sitmap_document_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_S, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  /* Never enabled: greys out "No Recent Stories". */
  gtk_widget_class_install_action (widget_class, "win.no-recent", NULL, no_recent_action);
}

SitmapDocument *
_sitmap_document_new (SitmapWindow *window)
{
  SitmapDocument *self = g_new0 (SitmapDocument, 1);

  self->window = window;
  self->recent = gtk_recent_manager_get_default ();
  self->recent_menu = g_object_ref (window->recent_menu);
  gtk_widget_action_set_enabled (GTK_WIDGET (window), "win.no-recent", FALSE);
  g_signal_connect_swapped (self->recent, "changed", G_CALLBACK (rebuild_recent_menu), self);
  rebuild_recent_menu (self);

  g_signal_connect_swapped (window->map, "changed", G_CALLBACK (on_map_changed), self);
  g_signal_connect_swapped (window->history, "notify::dirty", G_CALLBACK (on_dirty_changed), self);
  return self;
}

void
_sitmap_document_free (SitmapDocument *self)
{
  if (self == NULL)
    return;
  /* The copy stays: a window destroyed with unsaved changes (the session
   * ending) keeps them for the next start, as a crash would. */
  g_clear_handle_id (&self->recovery_source, g_source_remove);
  if (is_dirty (self))
    write_recovery (self);
  run_pending (self, FALSE);
  g_signal_handlers_disconnect_by_data (self->recent, self);
  g_signal_handlers_disconnect_by_data (self->window->map, self);
  g_signal_handlers_disconnect_by_data (self->window->history, self);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      g_clear_object (&self->chooser);
    }
  g_clear_object (&self->recent_menu);
  g_free (self->folder);
  g_free (self->recovery_path);
  g_free (self);
}
