/* sitmap-basemap-image.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-basemap-image"

#include "config.h"

#include <gio/gio.h>
#include <math.h>

#include "sitmap-basemap-image.h"
#include "sitmap-raster-bands.h"

/* The basemap is drawn this much wider than the view on every side, in
 * logical pixels, so that a pan of up to this much shows no edge before
 * the sharp image comes: two arrow-key steps (SITMAP_KEY_PAN_PIXELS) or
 * a short drag.  A fixed size rather than a share of the view: on a big
 * window a quarter each side would draw 2.25 times the pixels for every
 * settle, this adds a known amount (under twice the pixels at 790×543, a
 * third more at 1920×1080). */
#define MARGIN_PX 160

struct _SitmapBasemapImage
{
  GObject          parent_instance;

  /* The basemap as last drawn, margin round the view it was drawn for;
   * shown until a newer one comes, current or not: current is cleared
   * when the map changes.  An image surface, painted in a cairo node: a
   * texture node would copy all its pixels, margin and all, every frame. */
  cairo_surface_t *surface;
  SitmapViewport   drawn;
  double           margin;
  gboolean         current;
  guint            count;
  int              on_main;     /* atomic */
  int              in_worker;   /* atomic */

  /* The view at the last update, and what the map is at: grows whenever
   * what the basemap shows changes.  A drawing for an older generation,
   * or another view, is dropped. */
  SitmapViewport   viewport;
  guint            generation;
  /* The one basemap being drawn in a worker, or NULL; cancelled once it
   * is no longer wanted, and the next one starts when it returns. */
  GCancellable    *drawing;
  SitmapViewport   drawing_viewport;
  guint            drawing_generation;
};

G_DEFINE_FINAL_TYPE (SitmapBasemapImage, sitmap_basemap_image, G_TYPE_OBJECT)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The basemap with margin logical pixels round viewport, as the main
 * loop's thread or a worker draws it. */
static cairo_surface_t *
draw_surface (SitmapBasemapImage   *self,
              SitmapRenderer       *renderer,
              const SitmapViewport *viewport,
              double                margin)
{
  int width = (int)ceil ((viewport->width + 2 * margin) * viewport->scale_factor);
  int height = (int)ceil ((viewport->height + 2 * margin) * viewport->scale_factor);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr;

  cairo_surface_set_device_scale (surface, viewport->scale_factor, viewport->scale_factor);
  cr = cairo_create (surface);
  sitmap_renderer_draw_basemap_with_margin (renderer, cr, viewport, margin);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  /* Told apart by where it ran, not by who called: the tests hold the
   * main loop's thread to the first frame. */
  if (g_main_context_is_owner (g_main_context_default ()))
    g_atomic_int_inc (&self->on_main);
  else
    g_atomic_int_inc (&self->in_worker);
  return surface;
}

/* Shows surface, drawn for viewport with margin, from the frame painted
 * next. */
static void
take (SitmapBasemapImage   *self,
      cairo_surface_t      *surface,
      const SitmapViewport *viewport,
      double                margin)
{
  g_clear_pointer (&self->surface, cairo_surface_destroy);
  self->surface = surface;
  self->drawn = *viewport;
  self->margin = margin;
  self->current = TRUE;
  self->count++;
}

/* What a worker draws from: nothing the main loop's thread goes on
 * changing.  The snapshot of the map shares only its layers, which
 * sitmap_map_begin_drawing () keeps from being reprojected meanwhile; the
 * renderer (story layout, name and label copies, graticule) is the job's
 * own. */
typedef struct
{
  SitmapMap      *snapshot;
  SitmapRenderer *renderer;
  SitmapViewport  viewport;
  double          margin;
  guint           generation;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_clear_object (&job->renderer);
  g_clear_object (&job->snapshot);
  g_free (job);
}

static void
draw_in_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  cairo_surface_t *surface;

  if (g_cancellable_is_cancelled (cancellable) || !sitmap_map_begin_drawing (job->snapshot))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  /* The other processors but one: the main loop's thread keeps one for
   * the frames it draws meanwhile. */
  sitmap_raster_bands_limit_threads (MAX (1, g_get_num_processors () - 1));
  surface = draw_surface (source_object, job->renderer, &job->viewport, job->margin);
  sitmap_raster_bands_limit_threads (0);
  sitmap_map_end_drawing (job->snapshot);
  g_task_return_pointer (task, surface, (GDestroyNotify)cairo_surface_destroy);
}

static void
on_drawn (GObject      *source_object,
          GAsyncResult *result,
          gpointer      user_data)
{
  SitmapBasemapImage *self = SITMAP_BASEMAP_IMAGE (source_object);
  Job *job = g_task_get_task_data (G_TASK (result));
  cairo_surface_t *surface = g_task_propagate_pointer (G_TASK (result), NULL);
  gboolean wanted = job->generation == self->generation && sitmap_viewport_equal (&job->viewport, &self->viewport);

  if (self->drawing == g_task_get_cancellable (G_TASK (result)))
    g_clear_object (&self->drawing);
  if (surface && wanted)
    take (self, surface, &job->viewport, job->margin);
  else if (surface)
    cairo_surface_destroy (surface);
  /* The view asks again if it wants another; not for what the worker
   * could not draw (a layer with no projection), which it would fail to
   * draw again. */
  if (surface || !wanted)
    g_signal_emit (self, signals[UPDATED], 0);
}

/* Has the basemap for the view drawn in a worker, unless it is being
 * drawn already; one drawn for what is no longer wanted is called off
 * first (its result is dropped and the next update starts the new one). */
static void
request (SitmapBasemapImage *self,
         SitmapMap          *map,
         SitmapRenderer     *renderer)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->drawing != NULL)
    {
      if (self->drawing_generation != self->generation ||
          !sitmap_viewport_equal (&self->drawing_viewport, &self->viewport))
        g_cancellable_cancel (self->drawing);
      return;
    }

  job = g_new0 (Job, 1);
  job->snapshot = sitmap_map_snapshot (map);
  job->renderer = sitmap_renderer_new_like (renderer, job->snapshot);
  job->viewport = self->viewport;
  job->margin = MARGIN_PX;
  job->generation = self->generation;
  self->drawing = g_cancellable_new ();
  self->drawing_viewport = job->viewport;
  self->drawing_generation = job->generation;
  task = g_task_new (self, self->drawing, on_drawn, NULL);
  g_task_set_source_tag (task, request);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, draw_in_worker);
}

static void
sitmap_basemap_image_dispose (GObject *object)
{
  SitmapBasemapImage *self = (SitmapBasemapImage *)object;

  if (self->drawing)
    g_cancellable_cancel (self->drawing);
  g_clear_object (&self->drawing);
  g_clear_pointer (&self->surface, cairo_surface_destroy);

  G_OBJECT_CLASS (sitmap_basemap_image_parent_class)->dispose (object);
}

static void
sitmap_basemap_image_class_init (SitmapBasemapImageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = sitmap_basemap_image_dispose;

  /**
   * SitmapBasemapImage::updated:
   *
   * A newer image is in, or one was dropped: paint a frame.
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
sitmap_basemap_image_init (SitmapBasemapImage *self)
{
}

SitmapBasemapImage *
sitmap_basemap_image_new (void)
{
  return g_object_new (SITMAP_TYPE_BASEMAP_IMAGE, NULL);
}

void
sitmap_basemap_image_invalidate (SitmapBasemapImage *self)
{
  g_return_if_fail (SITMAP_IS_BASEMAP_IMAGE (self));

  self->current = FALSE;
  self->generation++;
  if (self->drawing)
    g_cancellable_cancel (self->drawing);
}

void
sitmap_basemap_image_clear (SitmapBasemapImage *self)
{
  g_return_if_fail (SITMAP_IS_BASEMAP_IMAGE (self));

  sitmap_basemap_image_invalidate (self);
  g_clear_pointer (&self->surface, cairo_surface_destroy);
}

void
sitmap_basemap_image_update (SitmapBasemapImage   *self,
                             SitmapMap            *map,
                             SitmapRenderer       *renderer,
                             const SitmapViewport *viewport,
                             gboolean              settled)
{
  g_return_if_fail (SITMAP_IS_BASEMAP_IMAGE (self));
  g_return_if_fail (SITMAP_IS_MAP (map));
  g_return_if_fail (SITMAP_IS_RENDERER (renderer));

  self->viewport = *viewport;
  /* Nothing to show: drawn here, without the margin, so that the window
   * shows its map at once. */
  if (self->surface == NULL || self->drawn.scale_factor != viewport->scale_factor)
    {
      take (self, draw_surface (self, renderer, viewport, 0), viewport, 0);
      if (self->drawing)
        g_cancellable_cancel (self->drawing);
    }
  /* The sharp one, with its margin, for where the view is going. */
  if (settled && (!self->current || self->margin != MARGIN_PX || !sitmap_viewport_equal (&self->drawn, viewport)))
    request (self, map, renderer);
}

/* Moved, scaled, resized or mid-animation, the image is moved and scaled,
 * margin and all: within the margin a pan so is a copy of it. */
void
sitmap_basemap_image_paint (SitmapBasemapImage   *self,
                            cairo_t              *cr,
                            const SitmapViewport *shown)
{
  gboolean same;

  g_return_if_fail (SITMAP_IS_BASEMAP_IMAGE (self));

  if (self->surface == NULL)
    return;
  same = sitmap_viewport_equal (&self->drawn, shown);
  cairo_save (cr);
  if (same)
    cairo_translate (cr, -self->margin, -self->margin);
  else
    {
      double x0, y0, sx, sy, factor = self->drawn.resolution / shown->resolution;

      cairo_set_source_rgb (cr, 0.776, 0.855, 0.922);
      cairo_paint (cr);
      sitmap_viewport_to_map (&self->drawn, -self->margin, -self->margin, &x0, &y0);
      sitmap_viewport_to_screen (shown, x0, y0, &sx, &sy);
      cairo_translate (cr, sx, sy);
      cairo_scale (cr, factor, factor);
    }
  cairo_set_source_surface (cr, self->surface, 0, 0);
  /* Shrunk by more than a quarter, cairo's default filter convolves
   * (three times the frame, zooming out); for a few frames before the
   * sharp image comes, bilinear is as good. */
  if (!same)
    cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
}

double
sitmap_basemap_image_get_max_margin (void)
{
  return MARGIN_PX;
}

double
sitmap_basemap_image_get_margin (SitmapBasemapImage *self)
{
  g_return_val_if_fail (SITMAP_IS_BASEMAP_IMAGE (self), 0);
  return self->margin;
}

gboolean
sitmap_basemap_image_is_current (SitmapBasemapImage *self)
{
  g_return_val_if_fail (SITMAP_IS_BASEMAP_IMAGE (self), FALSE);
  return self->surface != NULL && self->current && sitmap_viewport_equal (&self->drawn, &self->viewport);
}

guint
sitmap_basemap_image_get_count (SitmapBasemapImage *self)
{
  g_return_val_if_fail (SITMAP_IS_BASEMAP_IMAGE (self), 0);
  return self->count;
}

void
sitmap_basemap_image_get_threads (SitmapBasemapImage *self,
                                  guint              *on_main,
                                  guint              *in_worker)
{
  g_return_if_fail (SITMAP_IS_BASEMAP_IMAGE (self));

  if (on_main)
    *on_main = (guint)g_atomic_int_get (&self->on_main);
  if (in_worker)
    *in_worker = (guint)g_atomic_int_get (&self->in_worker);
}
