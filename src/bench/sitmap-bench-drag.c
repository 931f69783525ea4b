/* sitmap-bench-drag.c: drag_frame_p95_ms
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-bench-drag.h"
#include "sitmap-edit-history.h"

static cairo_surface_t *
frame_surface (const SitmapViewport *viewport)
{
  return cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int)ceil (viewport->width * viewport->scale_factor),
                                     (int)ceil (viewport->height * viewport->scale_factor));
}

GArray *
sitmap_bench_drag (SitmapMap            *map,
                   SitmapRenderer       *renderer,
                   const SitmapViewport *viewport,
                   const char           *feature_id,
                   guint                 n_frames,
                   const char           *png_path)
{
  g_autoptr(SitmapEditHistory) history = sitmap_edit_history_new (map);
  SitmapStory *story = sitmap_map_get_story (map);
  int index = story ? sitmap_story_find_feature (story, feature_id) : -1;
  GArray *times = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *cache, *surface;
  double start_x, start_y;
  cairo_t *cr;

  g_return_val_if_fail (index >= 0, times);

  cache = frame_surface (viewport);
  surface = frame_surface (viewport);
  cr = cairo_create (cache);
  sitmap_renderer_draw_basemap (renderer, cr, viewport);
  cairo_destroy (cr);
  cairo_surface_flush (cache);

  {
    const SitmapStoryFeature *feature = sitmap_story_get_feature (story, index);
    double xy[2] = { feature->lonlat[0], feature->lonlat[1] };

    sitmap_projection_forward (sitmap_map_get_projection (map), xy, 1);
    sitmap_viewport_to_screen (viewport, xy[0], xy[1], &start_x, &start_y);
  }

  sitmap_edit_history_begin_group (history, NULL);
  /* Frame 0 warms the overlay's fonts and sprites up and is not counted. */
  for (guint i = 0; i <= n_frames; i++)
    {
      /* A loop of 150 px around where the marker was, as a hand drags. */
      double angle = 2 * G_PI * i / n_frames;
      double x = start_x + 150 * sin (angle), y = start_y + 100 * (1 - cos (angle));
      double mx, my, lonlat[2];
      gint64 t0 = g_get_monotonic_time ();
      g_autoptr(GError) error = NULL;

      sitmap_viewport_to_map (viewport, x, y, &mx, &my);
      if (!sitmap_projection_inverse (sitmap_map_get_projection (map), mx, my, &lonlat[0], &lonlat[1]) ||
          !sitmap_map_move_feature (map, index, lonlat, 1, &error))
        g_error ("drag: %s", error ? error->message : "outside the projection");

      cr = cairo_create (surface);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      cairo_set_source_surface (cr, cache, 0, 0);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      sitmap_renderer_draw_overlay (renderer, cr, viewport);
      cairo_destroy (cr);
      cairo_surface_flush (surface);

      if (i > 0)
        {
          double ms = (g_get_monotonic_time () - t0) / 1000.0;

          g_array_append_val (times, ms);
        }
      if (i == n_frames / 4 && png_path)
        cairo_surface_write_to_png (surface, png_path);
    }
  sitmap_edit_history_end_group (history);
  if (!sitmap_edit_history_undo (history, NULL))
    g_error ("drag: could not undo");

  cairo_surface_destroy (cache);
  cairo_surface_destroy (surface);
  return times;
}
