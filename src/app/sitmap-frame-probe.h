/* sitmap-frame-probe.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-window.h"

G_BEGIN_DECLS

/* For build-aux/bench: with SITMAP_FRAME_PROBE=FILE in the environment,
 * the window notes when its map is first painted (in real time, which
 * the benchmark compares with SITMAP_FRAME_PROBE_T0, microseconds since
 * the epoch taken just before the process started), waits for the full
 * detail, then pans for 60 frames, zooms for 60, and waits 30 more for
 * the sharp redraw after the gesture, timing each frame on the window's
 * frame clock.  It writes the times to FILE as JSON and quits. */
void sitmap_frame_probe_attach (SitmapWindow *window);

G_END_DECLS
