/* sitmap-collision.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-collision.h"

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

void
sitmap_collision_translate (SitmapCollision *self,
                            double           dx,
                            double           dy)
{
  for (guint i = 0; i < self->rects->len; i++)
    {
      SitmapRect *rect = &g_array_index (self->rects, SitmapRect, i);

      rect->x += dx;
      rect->y += dy;
    }
}
