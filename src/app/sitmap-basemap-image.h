/* sitmap-basemap-image.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib-object.h>

#include "sitmap-map.h"
#include "sitmap-renderer.h"
#include "sitmap-viewport.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_BASEMAP_IMAGE (sitmap_basemap_image_get_type ())

G_DECLARE_FINAL_TYPE (SitmapBasemapImage, sitmap_basemap_image, SITMAP, BASEMAP_IMAGE, GObject)

/* The map view's basemap as an image, with a margin round the view: drawn
 * on the main loop's thread only when there is nothing to show (the first
 * frame, another scale), else in a worker from a snapshot of the map,
 * while the image there is moved and scaled to stand in.  A newer request
 * calls off an older one, whose image is dropped.  "updated" says that a
 * newer image is in, or that the view should ask again. */
SitmapBasemapImage *sitmap_basemap_image_new           (void);
/* The map changed: the image is shown until the next one comes. */
void                sitmap_basemap_image_invalidate    (SitmapBasemapImage   *self);
/* Another map: nothing is shown until the next image. */
void                sitmap_basemap_image_clear         (SitmapBasemapImage   *self);
/* Before painting a frame of viewport: draws an image now if there is
 * none to show, and once the view has settled has the sharp one drawn in
 * a worker, with renderer's settings, if the image is not it. */
void                sitmap_basemap_image_update        (SitmapBasemapImage   *self,
                                                        SitmapMap            *map,
                                                        SitmapRenderer       *renderer,
                                                        const SitmapViewport *viewport,
                                                        gboolean              settled);
/* The image where it belongs in shown, on cr in shown's logical pixels
 * (margin included, from -margin on). */
void                sitmap_basemap_image_paint         (SitmapBasemapImage   *self,
                                                        cairo_t              *cr,
                                                        const SitmapViewport *shown);
/* Logical pixels painted round the view: the most sitmap_basemap_image_paint ()
 * paints past its edges. */
double              sitmap_basemap_image_get_max_margin (void);
/* Of the image now: the margin drawn round its view (0 for the first). */
double              sitmap_basemap_image_get_margin    (SitmapBasemapImage   *self);
/* Whether the image was drawn for the map as it is and the view of the
 * last update (FALSE while a redraw is due or under way). */
gboolean            sitmap_basemap_image_is_current    (SitmapBasemapImage   *self);
/* Images drawn and shown so far. */
guint               sitmap_basemap_image_get_count     (SitmapBasemapImage   *self);
/* Images drawn on the main loop's thread and in workers. */
void                sitmap_basemap_image_get_threads   (SitmapBasemapImage   *self,
                                                        guint                *on_main,
                                                        guint                *in_worker);

G_END_DECLS
