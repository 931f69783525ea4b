/* sitmap-rect.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-rect.h"

gboolean
sitmap_rect_intersects (const SitmapRect *a,
                        const SitmapRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

SitmapRect
sitmap_rect_inflate (const SitmapRect *rect,
                     double            margin)
{
  SitmapRect out = { rect->x - margin, rect->y - margin,
                     rect->width + 2 * margin, rect->height + 2 * margin };
  return out;
}
