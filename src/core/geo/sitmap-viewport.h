/* sitmap-viewport.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What part of the projected plane is shown and how big it is.  Widths and
 * heights are in logical pixels; scale_factor turns them into device pixels
 * so text and lines keep their size on HiDPI screens and in print. */
typedef struct
{
  double centre_x;       /* projection metres */
  double centre_y;
  double resolution;     /* projection metres per logical pixel */
  double width;          /* logical pixels */
  double height;
  double scale_factor;   /* device pixels per logical pixel */
} SitmapViewport;

#define SITMAP_TYPE_VIEWPORT (sitmap_viewport_get_type ())

GType           sitmap_viewport_get_type          (void) G_GNUC_CONST;
SitmapViewport *sitmap_viewport_copy              (const SitmapViewport *self);
void            sitmap_viewport_free              (SitmapViewport       *self);
gboolean        sitmap_viewport_equal             (const SitmapViewport *a,
                                                   const SitmapViewport *b);

void            sitmap_viewport_to_screen         (const SitmapViewport *self,
                                                   double                x,
                                                   double                y,
                                                   double               *screen_x,
                                                   double               *screen_y);
void            sitmap_viewport_to_map            (const SitmapViewport *self,
                                                   double                screen_x,
                                                   double                screen_y,
                                                   double               *x,
                                                   double               *y);
/* Fits the rectangle of projection metres into the viewport's size,
 * with a margin in logical pixels on every side. */
void            sitmap_viewport_fit               (SitmapViewport       *self,
                                                   double                x_min,
                                                   double                y_min,
                                                   double                x_max,
                                                   double                y_max,
                                                   double                margin);
/* Zooms by factor keeping the map point under (screen_x, screen_y) still. */
void            sitmap_viewport_zoom_at           (SitmapViewport       *self,
                                                   double                factor,
                                                   double                screen_x,
                                                   double                screen_y);
void            sitmap_viewport_pan               (SitmapViewport       *self,
                                                   double                dx,
                                                   double                dy);
/* Keeps resolution sane: neither smaller than a street nor larger than
 * several globes per pixel. */
void            sitmap_viewport_clamp             (SitmapViewport       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapViewport, sitmap_viewport_free)

G_END_DECLS
