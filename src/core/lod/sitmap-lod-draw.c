/* sitmap-lod-draw.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-lod.h"
#include "sitmap-lod-private.h"
#include "sitmap-raster-bands.h"
#include "sitmap-raster-canvas.h"

/* A draw under way: the helpers take bands from the moment it begins; the
 * caller takes its share when it ends the draw, and can do other work in
 * between, on anything but the target's pixels. */
struct _SitmapLodDraw
{
  cairo_t            *cr;
  SitmapLod          *lod;
  guint               level;
  SitmapLodView       view;
  SitmapRasterCanvas  canvas;
  SitmapLodInk        inks[4];     /* ground, coast, fill, border */
  gboolean            has_ink[4];
  gboolean            direct;      /* on the target's pixels, not through cairo */
  gsize               vertices;    /* when done through cairo */
  SitmapRasterBands   bands;
};

static const SitmapLodInk *
draw_ink (const SitmapLodDraw *draw,
          guint                which)
{
  return draw->has_ink[which] ? &draw->inks[which] : NULL;
}

static void
set_ink (cairo_t            *cr,
         const SitmapLodInk *ink)
{
  cairo_set_source_rgba (cr, ink->red, ink->green, ink->blue, ink->alpha);
  cairo_set_line_width (cr, ink->width);
}

/* One band: it walks only the chunks that reach its rows, widened by what
 * a stroke reaches. */
static gsize
draw_band (const SitmapRasterCanvas *canvas,
           gpointer                  user_data)
{
  SitmapLodDraw *draw = user_data;
  const SitmapRasterCanvas *whole = &draw->canvas;
  const SitmapLodView *view = &draw->view;
  const SitmapLodInk *coast = draw_ink (draw, 1), *border = draw_ink (draw, 3);
  SitmapLodView band_view = *view;
  double reach = (MAX (coast ? coast->width : 0, border ? border->width : 0) / 2 + 1) * whole->scale;
  double top, bottom, y_a, y_b;

  /* The band's rows in metres: the pen's transform undone. */
  top = canvas->y0 - reach;
  bottom = canvas->y1 + reach;
  y_a = ((top - whole->ty) / whole->sy - view->offset_y) / -view->scale;
  y_b = ((bottom - whole->ty) / whole->sy - view->offset_y) / -view->scale;
  band_view.y_min = MAX (view->y_min, MIN (y_a, y_b));
  band_view.y_max = MIN (view->y_max, MAX (y_a, y_b));

  return sitmap_lod_draw_polygons_into (draw->lod, draw->level, &band_view, canvas, draw_ink (draw, 0), coast,
                                        draw_ink (draw, 2), border);
}

SitmapLodDraw *
sitmap_lod_draw_polygons_begin (SitmapLod           *self,
                                cairo_t             *cr,
                                guint                level,
                                const SitmapLodView *view,
                                const SitmapLodInk  *ground,
                                const SitmapLodInk  *coast,
                                const SitmapLodInk  *fill,
                                const SitmapLodInk  *border)
{
  SitmapLodDraw *draw;
  const SitmapLodInk *inks[4] = { ground, coast, fill, border };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level < self->n_levels, NULL);

  draw = g_new0 (SitmapLodDraw, 1);
  draw->cr = cairo_reference (cr);
  draw->lod = self;
  draw->level = level;
  draw->view = *view;
  for (guint i = 0; i < 4; i++)
    if (inks[i])
      {
        draw->inks[i] = *inks[i];
        draw->has_ink[i] = TRUE;
      }

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (cairo_get_dash_count (cr) > 0 || !sitmap_raster_canvas_init (&draw->canvas, cr))
    {
      /* Pass by pass, through cairo; round caps draw the dots. */
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (ground)
        {
          set_ink (cr, ground);
          cairo_paint (cr);
        }
      if (coast)
        {
          set_ink (cr, coast);
          draw->vertices += sitmap_lod_stroke_arcs (self, cr, level, view, SITMAP_LOD_ARCS_UNSHARED);
        }
      if (fill)
        {
          set_ink (cr, fill);
          draw->vertices += sitmap_lod_fill_rings (self, cr, level, view);
        }
      if (border)
        {
          set_ink (cr, border);
          draw->vertices += sitmap_lod_stroke_arcs (self, cr, level, view, SITMAP_LOD_ARCS_ALL);
        }
      return draw;
    }

  draw->direct = TRUE;
  sitmap_raster_bands_start (&draw->bands, &draw->canvas, draw_band, draw);
  return draw;
}

gsize
sitmap_lod_draw_polygons_end (SitmapLodDraw *draw)
{
  cairo_t *cr;
  gsize vertices;

  g_return_val_if_fail (draw != NULL, 0);

  cr = draw->cr;
  if (!draw->direct)
    vertices = draw->vertices;
  else
    {
      vertices = sitmap_raster_bands_finish (&draw->bands);
      cairo_surface_mark_dirty (draw->canvas.surface);
      cairo_new_path (cr);
    }

  cairo_restore (cr);
  cairo_destroy (cr);
  g_free (draw);
  return vertices;
}
