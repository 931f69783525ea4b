/* sitmap-frame-probe.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-frame-probe"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "sitmap-frame-probe.h"
#include "sitmap-frame-times.h"
#include "sitmap-map-view.h"

/* The script, a frame a step: pans and zooms that each stop long enough
 * for the view to settle and have its basemap drawn sharp, then a marker
 * dragged and let go, which has the basemap drawn again. */
#define MOVE_FRAMES 20
#define STILL_FRAMES 24
#define PANS 3
#define ZOOMS 2
#define DRAG_FRAMES 30
#define PAN_END (PANS * (MOVE_FRAMES + STILL_FRAMES))
#define ZOOM_END (PAN_END + ZOOMS * (MOVE_FRAMES + STILL_FRAMES))
#define DRAG_END (ZOOM_END + DRAG_FRAMES)
#define SCRIPT_END (DRAG_END + 2 * STILL_FRAMES)
G_STATIC_ASSERT (SCRIPT_END == SITMAP_FRAME_TIMES_SCRIPT_FRAMES);

typedef struct
{
  SitmapWindow  *window;
  SitmapMapView *view;
  char          *path;
  gint64         first_frame_real;
  gint64         first_frame_cpu;   /* the main thread's CPU time, µs */
  guint          step;
  gboolean       running;
  GtkGesture    *drag;        /* the view's, driven as a pointer would */
  double         drag_x, drag_y;
  SitmapFrameTimes times;
} Probe;

static void
write_result (Probe *probe)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  const char *t0 = g_getenv ("SITMAP_FRAME_PROBE_T0");

  g_string_append_printf (json, "\"first_frame_real_us\": %" G_GINT64_FORMAT ", \"t0_real_us\": %s",
                          probe->first_frame_real, t0 && *t0 ? t0 : "0");
  g_string_append_printf (json, ", \"first_frame_cpu_us\": %" G_GINT64_FORMAT, probe->first_frame_cpu);
  {
    guint on_main, in_worker;

    sitmap_map_view_get_render_threads (probe->view, &on_main, &in_worker);
    g_string_append_printf (json, ", \"renders_on_main\": %u, \"renders_in_worker\": %u", on_main, in_worker);
  }
  sitmap_frame_times_append_json (&probe->times, json);
  g_string_append (json, "}\n");
  if (!g_file_set_contents (probe->path, json->str, json->len, &error))
    g_warning ("%s", error->message);
}

/* Where the drag presses: the first point marker in view. */
static gboolean
find_marker (Probe *probe)
{
  SitmapStory *story = sitmap_map_get_story (sitmap_map_view_get_map (probe->view));
  GListModel *controllers = NULL;

  for (guint i = 0; story && i < sitmap_story_get_n_features (story); i++)
    {
      GdkRectangle rect;

      if (sitmap_story_get_feature (story, i)->geometry_kind == SITMAP_GEOMETRY_POINTS &&
          sitmap_map_view_get_feature_rect (probe->view, i, &rect))
        {
          probe->drag_x = rect.x + rect.width / 2.0;
          probe->drag_y = rect.y + rect.height / 2.0;
          break;
        }
    }
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (probe->view));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && probe->drag == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        probe->drag = GTK_GESTURE (controller);
    }
  g_object_unref (controllers);
  return probe->drag != NULL && probe->drag_x > 0;
}

static void
on_update (GdkFrameClock *clock,
           Probe         *probe)
{
  double w = gtk_widget_get_width (GTK_WIDGET (probe->view));
  double h = gtk_widget_get_height (GTK_WIDGET (probe->view));
  guint step = probe->step;

  sitmap_frame_times_update (&probe->times);
  if (!probe->running)
    return;
  if (step < PAN_END && step % (MOVE_FRAMES + STILL_FRAMES) < MOVE_FRAMES)
    sitmap_map_view_pan (probe->view, 6, 2);
  else if (step >= PAN_END && step < ZOOM_END && (step - PAN_END) % (MOVE_FRAMES + STILL_FRAMES) < MOVE_FRAMES)
    sitmap_map_view_zoom_at (probe->view, (step - PAN_END) / (MOVE_FRAMES + STILL_FRAMES) ? 1 / 1.015 : 1.015,
                             w / 2, h / 2);
  else if (step == ZOOM_END && find_marker (probe))
    g_signal_emit_by_name (probe->drag, "drag-begin", probe->drag_x, probe->drag_y);
  else if (step > ZOOM_END && step < DRAG_END && probe->drag)
    g_signal_emit_by_name (probe->drag, "drag-update", 3.0 * (step - ZOOM_END), 1.0 * (step - ZOOM_END));
  else if (step == DRAG_END && probe->drag)
    g_signal_emit_by_name (probe->drag, "drag-end", 3.0 * (step - ZOOM_END), 1.0 * (step - ZOOM_END));
  gtk_widget_queue_draw (GTK_WIDGET (probe->view));
}

static void
on_after_paint (GdkFrameClock *clock,
                Probe         *probe)
{
  gint64 now = g_get_monotonic_time ();
  SitmapMap *map = sitmap_map_view_get_map (probe->view);

  if (probe->first_frame_real == 0)
    {
      if (sitmap_map_view_get_render_count (probe->view) > 0)
        {
          struct timespec cpu;

          probe->first_frame_real = g_get_real_time ();
          /* What the main thread did for it, whatever else the machine
           * was doing meanwhile. */
          if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
            probe->first_frame_cpu = (gint64)cpu.tv_sec * G_USEC_PER_SEC + cpu.tv_nsec / 1000;
        }
      return;
    }

  if (!probe->running)
    {
      /* The script starts once the full detail is in. */
      if (map != NULL && sitmap_map_is_prepared (map))
        {
          probe->running = TRUE;
          sitmap_frame_times_start (&probe->times, now);
          gdk_frame_clock_begin_updating (clock);
        }
      return;
    }

  sitmap_frame_times_painted (&probe->times, now);
  if (++probe->step == SCRIPT_END)
    {
      gdk_frame_clock_end_updating (clock);
      g_signal_handlers_disconnect_by_data (clock, probe);
      write_result (probe);
      g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (probe->window))));
    }
}

static void
on_map (GtkWidget *window,
        Probe     *probe)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "update", G_CALLBACK (on_update), probe);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), probe);
  /* Frames until the map is drawn and ready, then the script's. */
  gdk_frame_clock_begin_updating (clock);
}

static void
probe_free (gpointer data)
{
  Probe *probe = data;

  sitmap_frame_times_clear (&probe->times);
  g_free (probe->path);
  g_free (probe);
}

void
sitmap_frame_probe_attach (SitmapWindow *window)
{
  const char *path = g_getenv ("SITMAP_FRAME_PROBE");
  Probe *probe;

  g_return_if_fail (SITMAP_IS_WINDOW (window));

  if (path == NULL || *path == '\0')
    return;
  probe = g_new0 (Probe, 1);
  probe->window = window;
  probe->view = sitmap_window_get_map_view (window);
  probe->path = g_strdup (path);
  sitmap_frame_times_init (&probe->times);
  g_object_set_data_full (G_OBJECT (window), "sitmap-frame-probe", probe, probe_free);
  g_signal_connect (window, "map", G_CALLBACK (on_map), probe);
}
