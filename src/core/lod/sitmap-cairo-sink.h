/* sitmap-cairo-sink.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>

#include "sitmap-path-sink.h"

G_BEGIN_DECLS

/* A path sink that appends to cr's current path, in cr's user space. */
typedef struct
{
  SitmapPathSink  sink;
  cairo_t        *cr;
} SitmapCairoSink;

void sitmap_cairo_sink_init (SitmapCairoSink *self,
                             cairo_t         *cr);

G_END_DECLS
