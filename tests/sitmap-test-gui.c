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
