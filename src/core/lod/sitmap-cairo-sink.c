/* sitmap-cairo-sink.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-cairo-sink.h"

static void
cairo_sink_move_to (SitmapPathSink *sink,
                    double          x,
                    double          y)
{
  cairo_move_to (((SitmapCairoSink *)sink)->cr, x, y);
}

static void
cairo_sink_line_to (SitmapPathSink *sink,
                    double          x,
                    double          y)
{
  cairo_line_to (((SitmapCairoSink *)sink)->cr, x, y);
}

static void
cairo_sink_close_path (SitmapPathSink *sink)
{
  cairo_close_path (((SitmapCairoSink *)sink)->cr);
}

static const SitmapPathSinkFuncs cairo_sink_funcs = {
  cairo_sink_move_to,
  cairo_sink_line_to,
  cairo_sink_close_path,
  NULL,
};

void
sitmap_cairo_sink_init (SitmapCairoSink *self,
                        cairo_t         *cr)
{
  g_assert (self != NULL && cr != NULL);

  self->sink.funcs = &cairo_sink_funcs;
  self->sink.sx = 1;
  self->sink.sy = 1;
  self->sink.tx = 0;
  self->sink.ty = 0;
  self->cr = cr;
}
