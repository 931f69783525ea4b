/* sitmap-labels.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-labels.h"

struct _SitmapCollision
{
  GArray *rects;
};

SitmapCollision *
sitmap_collision_new (void)
{
  SitmapCollision *self = g_new0 (SitmapCollision, 1);

  self->rects = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
  return self;
}

void
sitmap_collision_free (SitmapCollision *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->rects);
  g_free (self);
}

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

gboolean
sitmap_collision_is_free (SitmapCollision  *self,
                          const SitmapRect *rect)
{
  for (guint i = 0; i < self->rects->len; i++)
    if (sitmap_rect_intersects (rect, &g_array_index (self->rects, SitmapRect, i)))
      return FALSE;
  return TRUE;
}

void
sitmap_collision_add (SitmapCollision  *self,
                      const SitmapRect *rect)
{
  g_array_append_val (self->rects, *rect);
}

gboolean
sitmap_collision_try_add (SitmapCollision  *self,
                          const SitmapRect *rect)
{
  if (!sitmap_collision_is_free (self, rect))
    return FALSE;
  sitmap_collision_add (self, rect);
  return TRUE;
}
