/* sitmap-rect.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A box on the map, in logical pixels from the view's top left corner. */
typedef struct
{
  double x, y, width, height;
} SitmapRect;

gboolean         sitmap_rect_intersects      (const SitmapRect *a,
                                              const SitmapRect *b);
SitmapRect       sitmap_rect_inflate         (const SitmapRect *rect,
                                              double            margin);

/* Edges included. Inline: the callout placer asks it millions of times. */
static inline gboolean
sitmap_rect_contains (const SitmapRect *rect,
                      double            x,
                      double            y)
{
  return x >= rect->x && x <= rect->x + rect->width &&
         y >= rect->y && y <= rect->y + rect->height;
}

G_END_DECLS
