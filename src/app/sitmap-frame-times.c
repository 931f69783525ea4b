/* sitmap-frame-times.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-frame-times.h"

void
sitmap_frame_times_init (SitmapFrameTimes *times)
{
  g_return_if_fail (times != NULL);

  times->update_start = 0;
  times->last_paint = 0;
  times->intervals = g_array_new (FALSE, FALSE, sizeof (double));
  times->work = g_array_new (FALSE, FALSE, sizeof (double));
}

void
sitmap_frame_times_clear (SitmapFrameTimes *times)
{
  g_return_if_fail (times != NULL);

  g_clear_pointer (&times->intervals, g_array_unref);
  g_clear_pointer (&times->work, g_array_unref);
}

void
sitmap_frame_times_start (SitmapFrameTimes *times,
                          gint64            now)
{
  g_return_if_fail (times != NULL);

  times->last_paint = now;
}

void
sitmap_frame_times_update (SitmapFrameTimes *times)
{
  g_return_if_fail (times != NULL);

  times->update_start = g_get_monotonic_time ();
}

void
sitmap_frame_times_painted (SitmapFrameTimes *times,
                            gint64            now)
{
  double interval, work;

  g_return_if_fail (times != NULL);

  interval = (now - times->last_paint) / 1000.0;
  work = (now - times->update_start) / 1000.0;
  g_array_append_val (times->intervals, interval);
  g_array_append_val (times->work, work);
  times->last_paint = now;
}

void
sitmap_frame_times_append_json (SitmapFrameTimes *times,
                                GString          *json)
{
  g_return_if_fail (times != NULL);
  g_return_if_fail (json != NULL);

  for (guint k = 0; k < 2; k++)
    {
      GArray *values = k == 0 ? times->intervals : times->work;

      g_string_append_printf (json, ", \"%s\": [", k == 0 ? "interval_ms" : "work_ms");
      for (guint i = 0; i < values->len; i++)
        g_string_append_printf (json, "%s%.3f", i ? ", " : "", g_array_index (values, double, i));
      g_string_append (json, "]");
    }
}
