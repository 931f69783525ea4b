/* sitmap-article-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-article-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-article-dialog.h"
#include "sitmap-draft-story.h"
#include "sitmap-error-dialog.h"
#include "sitmap-window-private.h"

struct _SitmapArticleDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkButton            *accept_button;
  GtkButton            *cancel_button;
  GtkEntry             *date_entry;
  GtkButton            *find_button;
  GtkButton            *open_button;
  GtkProgressBar       *progress_bar;
  GtkLabel             *progress_label;
  SitmapDraftReview    *review;
  GtkStack             *stack;
  GtkButton            *stop_button;
  GtkTextView          *text_view;

  SitmapWindow         *window;
  GCancellable         *finding;
  GtkFileChooserNative *chooser;
  /* The story the window had, while the map shows the draft. */
  SitmapStory          *old_story;
  gboolean              draft_shown;
};

G_DEFINE_FINAL_TYPE (SitmapArticleDialog, sitmap_article_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  char    *path;          /* or NULL: text */
  char    *text;
  char    *date;          /* or NULL */
} FindRequest;

typedef struct
{
  SitmapExtraction *extraction;
  SitmapStory      *story;
} FindResult;

typedef struct
{
  SitmapArticleDialog *self;
  GCancellable        *cancellable;
  double               fraction;
  const char          *text;  /* static, translated */
} Progress;

static void
find_request_free (FindRequest *request)
{
  g_free (request->path);
  g_free (request->text);
  g_free (request->date);
  g_free (request);
}

static void
find_result_free (FindResult *result)
{
  g_clear_object (&result->extraction);
  g_clear_object (&result->story);
  g_free (result);
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->self);
  g_object_unref (progress->cancellable);
  g_free (progress);
}

static gboolean
show_progress (gpointer data)
{
  Progress *progress = data;

  if (!g_cancellable_is_cancelled (progress->cancellable))
    {
      gtk_progress_bar_set_fraction (progress->self->progress_bar, progress->fraction);
      gtk_label_set_text (progress->self->progress_label, progress->text);
    }
  return G_SOURCE_REMOVE;
}

static void
report_progress (GTask      *task,
                 double      fraction,
                 const char *text)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (g_task_get_source_object (task));
  progress->cancellable = g_object_ref (g_task_get_cancellable (task));
  progress->fraction = fraction;
  progress->text = text;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, show_progress, progress,
                              (GDestroyNotify)progress_free);
}

/* In a worker: the gazetteer's first load and a long article take long
 * enough that the window should stay responsive and Stop should work. */
static void
find_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindRequest *request = task_data;
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autoptr(SitmapExtraction) extraction = NULL;
  g_autofree char *geojson = NULL;
  FindResult *result;
  GError *error = NULL;

  report_progress (task, 0.1, _("Opening the gazetteer…"));
  gazetteer = sitmap_gazetteer_open_default (&error);
  if (gazetteer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  report_progress (task, 0.4, _("Finding places, figures and dates…"));
  if (request->path)
    extraction = sitmap_extraction_new_for_file (request->path, request->date, gazetteer, &error);
  else
    extraction = sitmap_extraction_new (request->text, strlen (request->text), _("The pasted text"),
                                        request->date, gazetteer, &error);
  if (extraction == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;

  report_progress (task, 0.8, _("Drafting the story…"));
  geojson = sitmap_draft_story_to_geojson (extraction, &error);
  if (geojson == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  result = g_new0 (FindResult, 1);
  result->extraction = g_steal_pointer (&extraction);
  result->story = sitmap_story_load_data (geojson, strlen (geojson), "story.geojson", NULL,
                                          sitmap_extraction_get_text (result->extraction), &error);
  if (result->story == NULL)
    {
      find_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify)find_result_free);
}

static void
show_page (SitmapArticleDialog *self,
           const char          *page)
{
  gboolean input = g_str_equal (page, "input");
  gboolean review = g_str_equal (page, "review");

  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_set_visible (GTK_WIDGET (self->find_button), input);
  gtk_widget_set_visible (GTK_WIDGET (self->accept_button), review);
  gtk_widget_set_sensitive (GTK_WIDGET (self->find_button), input);
  if (review)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->accept_button));
  else if (input)
    gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->find_button));
}

static SitmapMap *
get_map (SitmapArticleDialog *self)
{
  return self->window ? self->window->map : NULL;
}

/* The window's story back as it was, when the draft is not wanted. */
static void
restore_story (SitmapArticleDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->draft_shown)
    return;
  self->draft_shown = FALSE;
  sitmap_draft_review_set_draft (self->review, NULL, NULL);
  if (get_map (self) == NULL)
    return;
  if (self->old_story && !sitmap_map_set_story (get_map (self), self->old_story, &error))
    g_warning ("the story shown before: %s", error->message);
  g_clear_object (&self->old_story);
  sitmap_map_view_zoom_to_fit (self->window->map_view);
}

static void
find_done (GObject      *source,
           GAsyncResult *res,
           gpointer      data)
{
  SitmapArticleDialog *self = SITMAP_ARTICLE_DIALOG (source);
  g_autoptr(GError) error = NULL;
  FindResult *result = g_task_propagate_pointer (G_TASK (res), &error);
  SitmapMap *map;

  if (result == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      show_page (self, "input");
      sitmap_error_dialog_show (GTK_WINDOW (self), _("Could Not Read the Article"), error->message);
      return;
    }

  map = get_map (self);
  if (map == NULL)
    {
      find_result_free (result);
      return;
    }
  g_set_object (&self->old_story, sitmap_map_get_story (map));
  if (!sitmap_map_set_story (map, result->story, &error))
    {
      g_clear_object (&self->old_story);
      find_result_free (result);
      show_page (self, "input");
      sitmap_error_dialog_show (GTK_WINDOW (self), _("Could Not Show the Draft"), error->message);
      return;
    }
  self->draft_shown = TRUE;
  sitmap_map_view_zoom_to_fit (self->window->map_view);
  sitmap_draft_review_set_draft (self->review, result->extraction, map);
  find_result_free (result);
  show_page (self, "review");
  g_message ("drafted a story of %u places", sitmap_draft_review_get_n_places (self->review));
}

static void
start_finding (SitmapArticleDialog *self,
               const char          *path,
               const char          *text)
{
  FindRequest *request = g_new0 (FindRequest, 1);
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->date_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (date));
  g_autoptr(GTask) task = NULL;

  if (self->finding)
    g_cancellable_cancel (self->finding);
  g_clear_object (&self->finding);
  self->finding = g_cancellable_new ();

  request->path = g_strdup (path);
  request->text = g_strdup (text);
  request->date = *stripped ? g_steal_pointer (&stripped) : NULL;

  if (path)
    {
      g_autofree char *base = g_filename_display_basename (path);
      g_autofree char *label = g_strdup_printf (_("Reading %s…"), base);

      gtk_label_set_text (self->progress_label, label);
    }
  else
    gtk_label_set_text (self->progress_label, _("Reading the article…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  show_page (self, "progress");

  task = g_task_new (self, self->finding, find_done, NULL);
  g_task_set_source_tag (task, start_finding);
  g_task_set_task_data (task, request, (GDestroyNotify)find_request_free);
  /* Stop answers at once; what the worker still finds is dropped. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, find_worker);
}

void
sitmap_article_dialog_find_in_text (SitmapArticleDialog *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_if_fail (SITMAP_IS_ARTICLE_DIALOG (self));

  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  start_finding (self, NULL, text);
}

void
sitmap_article_dialog_find_in_file (SitmapArticleDialog *self,
                                    const char          *path)
{
  g_return_if_fail (SITMAP_IS_ARTICLE_DIALOG (self));
  g_return_if_fail (path != NULL);

  start_finding (self, path, NULL);
}

void
sitmap_article_dialog_stop (SitmapArticleDialog *self)
{
  g_return_if_fail (SITMAP_IS_ARTICLE_DIALOG (self));

  if (self->finding)
    g_cancellable_cancel (self->finding);
  if (g_str_equal (sitmap_article_dialog_get_page (self), "progress"))
    show_page (self, "input");
}

void
sitmap_article_dialog_accept (SitmapArticleDialog *self)
{
  g_return_if_fail (SITMAP_IS_ARTICLE_DIALOG (self));

  if (!self->draft_shown)
    return;
  /* The draft as reviewed is where the new story's history starts. */
  self->draft_shown = FALSE;
  g_clear_object (&self->old_story);
  if (self->window)
    {
      sitmap_edit_history_clear (self->window->history);
      _sitmap_document_story_opened (self->window->document, NULL);
    }
  sitmap_draft_review_set_draft (self->review, NULL, NULL);
  gtk_window_close (GTK_WINDOW (self));
}

const char *
sitmap_article_dialog_get_page (SitmapArticleDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_ARTICLE_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

SitmapDraftReview *
sitmap_article_dialog_get_review (SitmapArticleDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_ARTICLE_DIALOG (self), NULL);
  return self->review;
}

GtkTextView *
sitmap_article_dialog_get_text_view (SitmapArticleDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_ARTICLE_DIALOG (self), NULL);
  return self->text_view;
}

GtkEntry *
sitmap_article_dialog_get_date_entry (SitmapArticleDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_ARTICLE_DIALOG (self), NULL);
  return self->date_entry;
}

static void
on_chooser_response (SitmapArticleDialog  *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path)
        sitmap_article_dialog_find_in_file (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_open_clicked (SitmapArticleDialog *self)
{
  g_autoptr(GtkFileFilter) texts = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (texts, _("Text Files"));
  gtk_file_filter_add_mime_type (texts, "text/plain");
  gtk_file_filter_add_pattern (texts, "*.txt");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open an Article"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), texts);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static gboolean
sitmap_article_dialog_close_request (GtkWindow *window)
{
  SitmapArticleDialog *self = SITMAP_ARTICLE_DIALOG (window);

  if (self->finding)
    g_cancellable_cancel (self->finding);
  restore_story (self);
  return GTK_WINDOW_CLASS (sitmap_article_dialog_parent_class)->close_request (window);
}

static void
sitmap_article_dialog_dispose (GObject *object)
{
  SitmapArticleDialog *self = SITMAP_ARTICLE_DIALOG (object);

  if (self->finding)
    g_cancellable_cancel (self->finding);
  g_clear_object (&self->finding);
  g_clear_object (&self->chooser);
  restore_story (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_ARTICLE_DIALOG);
  g_clear_object (&self->old_story);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (sitmap_article_dialog_parent_class)->dispose (object);
}

static void
sitmap_article_dialog_class_init (SitmapArticleDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sitmap_article_dialog_dispose;
  window_class->close_request = sitmap_article_dialog_close_request;

  g_type_ensure (SITMAP_TYPE_DRAFT_REVIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-article-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, accept_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, date_entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, find_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, open_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, progress_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, review);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, stop_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapArticleDialog, text_view);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sitmap_article_dialog_init (SitmapArticleDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->find_button, "clicked", G_CALLBACK (sitmap_article_dialog_find_in_text), self);
  g_signal_connect_swapped (self->open_button, "clicked", G_CALLBACK (on_open_clicked), self);
  g_signal_connect_swapped (self->stop_button, "clicked", G_CALLBACK (sitmap_article_dialog_stop), self);
  g_signal_connect_swapped (self->accept_button, "clicked", G_CALLBACK (sitmap_article_dialog_accept), self);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_close), self);
  show_page (self, "input");
}

GtkWidget *
sitmap_article_dialog_new (SitmapWindow *window)
{
  SitmapArticleDialog *self;

  g_return_val_if_fail (SITMAP_IS_WINDOW (window), NULL);

  self = g_object_new (SITMAP_TYPE_ARTICLE_DIALOG, "transient-for", window, "destroy-with-parent", TRUE, NULL);
  g_set_weak_pointer (&self->window, window);
  return GTK_WIDGET (self);
}
