/* sitmap-test-gui.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <glib/gstdio.h>

#include "sitmap-test-gui.h"

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
sitmap_test_wait_for (SitmapTestCondition condition,
                      gpointer            data,
                      guint               timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, on_timeout, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return condition (data);
}

void
sitmap_test_settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* GTK 4.8's tooltip timer outlives the surface it was started on: a
 * popover unrealized while the pointer rested on it leaves the timer to
 * call gdk_surface_get_device_position() on no surface, a critical in a
 * later test's main loop (CI saw it once in 144 runs; GTK 4.10 checks the
 * surface first).  Only a critical raised while that one GTK source is
 * dispatched is forgiven; any other is as fatal as G_DEBUG=fatal-criticals
 * makes it.  GLib's fatal handler cannot do this: it is reset before each
 * test case, so the tests keep criticals fatal here instead. */
#define GTK_TOOLTIP_SOURCE "[gtk] tooltip_popup_timeout"

static GLogFunc test_log_handler;

static gboolean
raised_by_gtk_tooltip_timer (GLogLevelFlags log_level)
{
  GSource *source = g_main_current_source ();

  return (log_level & G_LOG_LEVEL_CRITICAL) && source != NULL &&
         g_strcmp0 (g_source_get_name (source), GTK_TOOLTIP_SOURCE) == 0;
}

static void
forgive (const char *message)
{
  g_printerr ("# forgiven, GTK 4.8's stale tooltip timer: %s\n", message);
}

/* g_log() and g_return_if_fail(), as GLib's own code and tests raise them. */
static void
handle_log (const char     *log_domain,
            GLogLevelFlags  log_level,
            const char     *message,
            gpointer        user_data)
{
  gboolean critical = (log_level & G_LOG_LEVEL_CRITICAL) != 0;

  if (raised_by_gtk_tooltip_timer (log_level))
    {
      forgive (message);
      return;
    }
  test_log_handler (log_domain, critical ? log_level | G_LOG_FLAG_FATAL : log_level, message, user_data);
  if (critical)
    g_abort ();
}

/* g_log_structured(), as GTK's own criticals are raised. */
static GLogWriterOutput
write_log (GLogLevelFlags   log_level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         user_data)
{
  if (raised_by_gtk_tooltip_timer (log_level))
    {
      for (gsize i = 0; i < n_fields; i++)
        if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0)
          forgive (fields[i].value);
      return G_LOG_WRITER_HANDLED;
    }
  if (log_level & G_LOG_LEVEL_CRITICAL)
    log_level |= G_LOG_FLAG_FATAL;
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
sitmap_test_forgive_gtk_tooltip_timer (void)
{
  GLogLevelFlags always_fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);

  g_log_set_always_fatal (always_fatal & ~G_LOG_LEVEL_CRITICAL);
  test_log_handler = g_log_set_default_handler (handle_log, NULL);
  g_log_set_writer_func (write_log, NULL, NULL);
}

GdkTexture *
sitmap_test_render_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkTexture *texture;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  /* On a loaded machine the widget may not have its view yet (nothing to
   * draw): give the main loop time rather than failing on the first try. */
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  while (node == NULL && g_get_monotonic_time () < deadline)
    {
      sitmap_test_settle (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  return texture;
}

void
sitmap_test_save_screenshot (GtkWidget  *widget,
                             const char *name)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (g_getenv ("TEST_OUTDIR") == NULL || gtk_widget_get_width (widget) < 1)
    return;

  texture = sitmap_test_render_widget (widget);
  g_mkdir_with_parents (g_getenv ("TEST_OUTDIR"), 0755);
  path = g_build_filename (g_getenv ("TEST_OUTDIR"), name, NULL);
  gdk_texture_save_to_png (texture, path);
}

typedef struct
{
  GtkWindow        *window;
  AdwMessageDialog *dialog;
} DialogWait;

static gboolean
message_dialog_shown (gpointer data)
{
  DialogWait *wait = data;
  g_autoptr(GList) toplevels = gtk_window_list_toplevels ();

  wait->dialog = NULL;
  /* Newest first, as GTK lists them. */
  for (GList *l = toplevels; l != NULL && wait->dialog == NULL; l = l->next)
    /* One answered is hidden at once but may stay mapped a while. */
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_window_get_transient_for (l->data) == wait->window &&
        gtk_widget_get_visible (l->data) && gtk_widget_get_mapped (l->data))
      wait->dialog = l->data;
  return wait->dialog != NULL;
}

AdwMessageDialog *
sitmap_test_wait_for_message_dialog (GtkWindow *window,
                                     guint      timeout_ms)
{
  DialogWait wait = { window, NULL };

  if (!sitmap_test_wait_for (message_dialog_shown, &wait, timeout_ms))
    return NULL;
  /* Its buttons take their size and focus in the next frames. */
  sitmap_test_settle (200);
  return wait.dialog;
}
