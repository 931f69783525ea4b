/* sitmap-test-gui.h: what the in-process GUI tests share
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef gboolean (*SitmapTestCondition) (gpointer data);

/* Runs the main loop until condition (data) holds or timeout_ms pass;
 * returns whether it holds. */
gboolean    sitmap_test_wait_for      (SitmapTestCondition  condition,
                                       gpointer             data,
                                       guint                timeout_ms);
/* Runs the main loop for ms milliseconds. */
void        sitmap_test_settle        (guint                ms);
/* What widget looks like now, drawn by its window's renderer. */
GdkTexture *sitmap_test_render_widget (GtkWidget           *widget);
/* Keeps a picture of widget as TEST_OUTDIR/name, if TEST_OUTDIR is set
 * and the widget has a size. */
void        sitmap_test_save_screenshot (GtkWidget         *widget,
                                         const char        *name);

/* The message dialog (Save / Discard / Cancel, a restore offer) shown
 * over window, once it is mapped, or NULL after timeout_ms. */
AdwMessageDialog *sitmap_test_wait_for_message_dialog (GtkWindow *window,
                                                       guint      timeout_ms);

/* Forgives the one critical GTK 4.8 raises from a stale tooltip timer
 * (see the .c); to be called once in main(), after g_test_init(). */
void        sitmap_test_forgive_gtk_tooltip_timer (void);

/* The tests' conditions take their own fixture. */
#define wait_for(condition, fixture, timeout_ms) \
  sitmap_test_wait_for ((SitmapTestCondition)(void (*) (void))(condition), (fixture), (timeout_ms))

G_END_DECLS
