/* sitmap-bench-bare-window.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "sitmap-frame-times.h"

/* For build-aux/bench: the least a libadwaita window costs on this
 * machine, under the same wrapper as Sitmap's window: a header bar over an
 * area painted one flat colour, at Sitmap's default size.  It starts, then
 * repaints the whole area as many frames as Sitmap's probe scripts, and
 * writes where SITMAP_FRAME_PROBE says, in the form that probe writes, its
 * first painted frame and the frames' intervals and work, then quits. */

#define FRAMES SITMAP_FRAME_TIMES_SCRIPT_FRAMES

typedef struct
{
  GtkWindow *window;
  GtkWidget *area;
  gint64     first_frame_real;
  guint      frame;
  SitmapFrameTimes times;
} Bare;

static void
write_result (Bare *bare)
{
  const char *path = g_getenv ("SITMAP_FRAME_PROBE");
  const char *t0 = g_getenv ("SITMAP_FRAME_PROBE_T0");
  g_autoptr(GString) json = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  g_string_printf (json, "{\"first_frame_real_us\": %" G_GINT64_FORMAT ", \"t0_real_us\": %s",
                   bare->first_frame_real, t0 && *t0 ? t0 : "0");
  sitmap_frame_times_append_json (&bare->times, json);
  g_string_append (json, "}\n");
  if (path && !g_file_set_contents (path, json->str, json->len, &error))
    g_printerr ("%s\n", error->message);
}

static void
on_update (GdkFrameClock *clock,
           Bare          *bare)
{
  sitmap_frame_times_update (&bare->times);
  gtk_widget_queue_draw (bare->area);
}

static void
on_after_paint (GdkFrameClock *clock,
                Bare          *bare)
{
  gint64 now = g_get_monotonic_time ();

  if (bare->first_frame_real == 0)
    {
      bare->first_frame_real = g_get_real_time ();
      sitmap_frame_times_start (&bare->times, now);
      g_signal_connect (clock, "update", G_CALLBACK (on_update), bare);
      gdk_frame_clock_begin_updating (clock);
      return;
    }
  if (bare->frame >= FRAMES)
    return;

  sitmap_frame_times_painted (&bare->times, now);
  if (++bare->frame == FRAMES)
    {
      gdk_frame_clock_end_updating (clock);
      write_result (bare);
      gtk_window_destroy (bare->window);
    }
}

/* A different grey each frame, so that every frame has the whole area to
 * paint. */
static void
draw_area (GtkDrawingArea *area,
           cairo_t        *cr,
           int             width,
           int             height,
           gpointer        data)
{
  Bare *bare = data;
  double grey = 0.8 + 0.1 * (bare->frame % 2);

  cairo_set_source_rgb (cr, grey, grey, grey);
  cairo_paint (cr);
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
  bare->area = gtk_drawing_area_new ();
  gtk_widget_set_vexpand (bare->area, TRUE);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bare->area), draw_area, bare, NULL);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), bare->area);
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
  Bare bare = { NULL };
  int status;

  sitmap_frame_times_init (&bare.times);
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), &bare);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  sitmap_frame_times_clear (&bare.times);
  return status;
}
