/* sitmap-path-sink.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Where the level of detail sends the paths it walks: a cairo path (see
 * SitmapCairoSink), or one of the rasterizers in raster/.  A sink takes
 * vertices in its own pixels, given by an affine map from the logical
 * pixels the view is in. */
typedef struct _SitmapPathSink SitmapPathSink;

typedef struct
{
  void (*move_to)    (SitmapPathSink *sink,
                      double          x,
                      double          y);
  void (*line_to)    (SitmapPathSink *sink,
                      double          x,
                      double          y);
  /* NULL: the sink closes subpaths itself, or never fills them. */
  void (*close_path) (SitmapPathSink *sink);
  /* Called before each arc of a stroke: coast is set on arcs only one
   * ring uses, which a sink may draw a halo under.  NULL: ignored. */
  void (*begin_arc)  (SitmapPathSink *sink,
                      gboolean        coast);
} SitmapPathSinkFuncs;

struct _SitmapPathSink
{
  const SitmapPathSinkFuncs *funcs;
  /* From logical pixels to the sink's: x' = sx × x + tx, y' = sy × y + ty. */
  double                     sx, sy, tx, ty;
};

G_END_DECLS
