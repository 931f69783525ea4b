/* sitmap-frame-times.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many frames the start-up probe's script times; the bare window the
 * benchmark sets beside it times as many. */
#define SITMAP_FRAME_TIMES_SCRIPT_FRAMES 298

/* The times of a run of frames on one frame clock, as the start-up probe
 * and the benchmark's bare window both report them: each frame's interval
 * since the one before it, and its work from its update to its paint. */
typedef struct
{
  gint64  update_start;   /* µs, monotonic */
  gint64  last_paint;
  GArray *intervals;      /* ms between painted frames */
  GArray *work;           /* ms from the frame's update to its paint */
} SitmapFrameTimes;

void sitmap_frame_times_init        (SitmapFrameTimes *times);
void sitmap_frame_times_clear       (SitmapFrameTimes *times);
/* From now on the frames are timed; the next paint is the first. */
void sitmap_frame_times_start       (SitmapFrameTimes *times,
                                     gint64            now);
/* In the frame clock's update, and in its after-paint. */
void sitmap_frame_times_update      (SitmapFrameTimes *times);
void sitmap_frame_times_painted     (SitmapFrameTimes *times,
                                     gint64            now);
/* ", "interval_ms": [...], "work_ms": [...]", for the probe's JSON. */
void sitmap_frame_times_append_json (SitmapFrameTimes *times,
                                     GString          *json);

G_END_DECLS
