/* sitmap-viewport.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-viewport.h"

#define MIN_RESOLUTION 5.0       /* metres per pixel: a city block */
#define MAX_RESOLUTION 200000.0  /* the world several times over */

G_DEFINE_BOXED_TYPE (SitmapViewport, sitmap_viewport, sitmap_viewport_copy, sitmap_viewport_free)

SitmapViewport *
sitmap_viewport_copy (const SitmapViewport *self)
{
  return g_memdup2 (self, sizeof *self);
}

void
sitmap_viewport_free (SitmapViewport *self)
{
  g_free (self);
}

gboolean
sitmap_viewport_equal (const SitmapViewport *a,
                       const SitmapViewport *b)
{
  return a->centre_x == b->centre_x && a->centre_y == b->centre_y &&
         a->resolution == b->resolution && a->width == b->width &&
         a->height == b->height && a->scale_factor == b->scale_factor;
}

void
sitmap_viewport_to_screen (const SitmapViewport *self,
                           double                x,
                           double                y,
                           double               *screen_x,
                           double               *screen_y)
{
  *screen_x = (x - self->centre_x) / self->resolution + self->width / 2;
  *screen_y = self->height / 2 - (y - self->centre_y) / self->resolution;
}

void
sitmap_viewport_to_map (const SitmapViewport *self,
                        double                screen_x,
                        double                screen_y,
                        double               *x,
                        double               *y)
{
  *x = (screen_x - self->width / 2) * self->resolution + self->centre_x;
  *y = (self->height / 2 - screen_y) * self->resolution + self->centre_y;
}

void
sitmap_viewport_fit (SitmapViewport *self,
                     double          x_min,
                     double          y_min,
                     double          x_max,
                     double          y_max,
                     double          margin)
{
  double usable_w = MAX (self->width - 2 * margin, 1);
  double usable_h = MAX (self->height - 2 * margin, 1);

  self->centre_x = (x_min + x_max) / 2;
  self->centre_y = (y_min + y_max) / 2;
  self->resolution = MAX ((x_max - x_min) / usable_w, (y_max - y_min) / usable_h);
  sitmap_viewport_clamp (self);
}

void
sitmap_viewport_zoom_at (SitmapViewport *self,
                         double          factor,
                         double          screen_x,
                         double          screen_y)
{
  double x, y, old_resolution = self->resolution;

  sitmap_viewport_to_map (self, screen_x, screen_y, &x, &y);
  self->resolution /= factor;
  sitmap_viewport_clamp (self);
  if (self->resolution == old_resolution)
    return;

  /* Move the centre so (x, y) lands back under the pointer. */
  self->centre_x = x - (screen_x - self->width / 2) * self->resolution;
  self->centre_y = y - (self->height / 2 - screen_y) * self->resolution;
}

void
sitmap_viewport_pan (SitmapViewport *self,
                     double          dx,
                     double          dy)
{
  self->centre_x -= dx * self->resolution;
  self->centre_y += dy * self->resolution;
}

void
sitmap_viewport_clamp (SitmapViewport *self)
{
  if (!isfinite (self->resolution) || self->resolution <= 0)
    self->resolution = MAX_RESOLUTION / 10;
  self->resolution = CLAMP (self->resolution, MIN_RESOLUTION, MAX_RESOLUTION);
  if (self->scale_factor <= 0)
    self->scale_factor = 1;
}
