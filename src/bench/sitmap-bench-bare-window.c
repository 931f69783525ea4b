/* sitmap-bench-bare-window.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

/* For build-aux/bench: the least a libadwaita window costs to start on
 * this machine, under the same wrapper as Sitmap's window: a header bar
 * and a line of text, at Sitmap's default size.  Its first painted frame
 * is written where SITMAP_FRAME_PROBE says, in the form Sitmap's probe
 * writes, and it quits. */

typedef struct
{
  GtkWindow *window;
  gboolean   written;
} Bare;

static void
on_after_paint (GdkFrameClock *clock,
                Bare          *bare)
{
  const char *path = g_getenv ("SITMAP_FRAME_PROBE");
  const char *t0 = g_getenv ("SITMAP_FRAME_PROBE_T0");
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;

  if (bare->written)
    return;
  bare->written = TRUE;
  json = g_strdup_printf ("{\"first_frame_real_us\": %" G_GINT64_FORMAT ", \"t0_real_us\": %s, "
                          "\"interval_ms\": [], \"work_ms\": []}\n",
                          g_get_real_time (), t0 && *t0 ? t0 : "0");
  if (path && !g_file_set_contents (path, json, -1, &error))
    g_printerr ("%s\n", error->message);
  gtk_window_destroy (bare->window);
}

static void
on_realize (GtkWidget *widget,
            Bare      *bare)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint", G_CALLBACK (on_after_paint), bare);
}

static void
on_activate (GtkApplication *app,
             Bare           *bare)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

  bare->window = GTK_WINDOW (adw_application_window_new (app));
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), gtk_label_new ("Sitmap"));
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (bare->window), box);
  gtk_window_set_default_size (bare->window, 1200, 800);
  g_signal_connect (bare->window, "realize", G_CALLBACK (on_realize), bare);
  gtk_window_present (bare->window);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = adw_application_new ("io.github.sitmap.BenchBareWindow", G_APPLICATION_NON_UNIQUE);
  Bare bare = { NULL, FALSE };

  g_signal_connect (app, "activate", G_CALLBACK (on_activate), &bare);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
