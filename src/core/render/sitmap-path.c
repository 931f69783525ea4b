/* sitmap-path.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-path-private.h"

/* Below half a device pixel a vertex adds nothing visible but costs a
 * full cairo segment; strokes dominate drawing time. */
#define MIN_SEGMENT_DEVICE_PX 0.5
/* Room around the view for the widest stroke, so culling never clips one. */
#define CULL_MARGIN_PX 4

void
_sitmap_path_context_init (SitmapPathContext    *ctx,
                           const SitmapViewport *viewport)
{
  double margin = CULL_MARGIN_PX * viewport->resolution;

  ctx->viewport = viewport;
  ctx->min_segment = MIN_SEGMENT_DEVICE_PX / viewport->scale_factor;
  ctx->x_min = viewport->centre_x - viewport->width / 2 * viewport->resolution - margin;
  ctx->x_max = viewport->centre_x + viewport->width / 2 * viewport->resolution + margin;
  ctx->y_min = viewport->centre_y - viewport->height / 2 * viewport->resolution - margin;
  ctx->y_max = viewport->centre_y + viewport->height / 2 * viewport->resolution + margin;
  ctx->tolerance = SITMAP_LOD_TOLERANCE_DEVICE_PX * viewport->resolution / viewport->scale_factor;
  ctx->lod_view.scale = 1.0 / viewport->resolution;
  ctx->lod_view.offset_x = viewport->width / 2 - viewport->centre_x / viewport->resolution;
  ctx->lod_view.offset_y = viewport->height / 2 + viewport->centre_y / viewport->resolution;
  ctx->lod_view.x_min = ctx->x_min;
  ctx->lod_view.y_min = ctx->y_min;
  ctx->lod_view.x_max = ctx->x_max;
  ctx->lod_view.y_max = ctx->y_max;
  ctx->lod_view.dot_size = viewport->resolution / viewport->scale_factor;
  ctx->vertices = 0;
}

gboolean
_sitmap_path_shape_visible (const SitmapPathContext *ctx,
                            const SitmapShape       *shape)
{
  return shape->n_points > 0 &&
         shape->x_max >= ctx->x_min && shape->x_min <= ctx->x_max &&
         shape->y_max >= ctx->y_min && shape->y_min <= ctx->y_max;
}

/* Appends the shape's parts to cr's path.  Rings close; lines do not.
 * With skip_seam, edges along a projection seam become moves, so strokes
 * never draw the map's own edge as a border. */
void
_sitmap_path_append (SitmapPathContext *ctx,
                     cairo_t           *cr,
                     const SitmapShape *shape,
                     gboolean           close_rings,
                     gboolean           skip_seam)
{
  const SitmapViewport *vp = ctx->viewport;
  double inv = 1.0 / vp->resolution;
  double ox = vp->width / 2 - vp->centre_x * inv;
  double oy = vp->height / 2 + vp->centre_y * inv;

  for (guint p = 0; p < shape->n_parts; p++)
    {
      guint start = shape->part_start[p], end = shape->part_start[p + 1];
      double last_x = 0, last_y = 0;
      gboolean pen_down = FALSE;

      for (guint i = start; i < end; i++)
        {
          double x = shape->xy[2 * i] * inv + ox;
          double y = oy - shape->xy[2 * i + 1] * inv;
          gboolean after_seam = skip_seam && shape->seam && i > start && shape->seam[i - 1];

          if (isnan (x) || isnan (y))
            {
              pen_down = FALSE;
              continue;
            }

          if (!pen_down || after_seam)
            {
              cairo_move_to (cr, x, y);
              pen_down = TRUE;
            }
          else if (i + 1 < end && fabs (x - last_x) < ctx->min_segment && fabs (y - last_y) < ctx->min_segment)
            continue;
          else
            cairo_line_to (cr, x, y);

          last_x = x;
          last_y = y;
          ctx->vertices++;
        }

      if (close_rings && pen_down && !(skip_seam && shape->seam))
        cairo_close_path (cr);
    }
}

gsize
_sitmap_path_append_shape (cairo_t              *cr,
                           const SitmapViewport *viewport,
                           const SitmapShape    *shape,
                           gboolean              close_rings,
                           gboolean              skip_seam)
{
  SitmapPathContext ctx;

  _sitmap_path_context_init (&ctx, viewport);
  _sitmap_path_append (&ctx, cr, shape, close_rings, skip_seam);
  return ctx.vertices;
}

