/* sitmap-symbol-hatch.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-symbols-private.h"

/* Hatching ---------------------------------------------------------- */

/* More lines than this would be invisible as hatching anyway. */
#define MAX_HATCH_LINES 4096

/* On an image surface, hatching at ±45° is a tile repeated over the area:
 * one fill, where stroking every line through a clip costs cairo as much
 * as the rest of the map.  The tile's period is a whole number of device
 * pixels, so it repeats without blur; spacing moves by under half a pixel
 * for that.  The tile is anchored at the origin like the lines are, so
 * neighbouring areas still line up.  Returns FALSE, drawing nothing, where
 * only vector lines will do: other angles, vector surfaces, rotations. */
static gboolean
hatch_with_tile (cairo_t *cr,
                 double   red,
                 double   green,
                 double   blue,
                 double   spacing,
                 double   angle_degrees,
                 double   hatch_width)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_surface_t *tile;
  cairo_pattern_t *pattern;
  cairo_matrix_t matrix;
  cairo_t *tile_cr;
  double device_scale_x, device_scale_y, scale, turn = fmod (fabs (angle_degrees), 180);
  gboolean rising;
  int period;

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE || (turn != 45 && turn != 135))
    return FALSE;
  /* Rising to the right on screen: 45° anticlockwise, or -135°. */
  rising = (angle_degrees > 0) == (turn == 45);

  cairo_get_matrix (cr, &matrix);
  cairo_surface_get_device_scale (target, &device_scale_x, &device_scale_y);
  if (matrix.xy != 0 || matrix.yx != 0 || matrix.xx != matrix.yy || !(matrix.xx > 0) ||
      device_scale_x != device_scale_y)
    return FALSE;
  scale = matrix.xx * device_scale_x;
  period = (int)round (spacing * G_SQRT2 * scale);
  if (period < 3 || period > 256)
    return FALSE;

  tile = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, period, period);
  tile_cr = cairo_create (tile);
  cairo_set_source_rgba (tile_cr, red, green, blue, 0.15);
  cairo_paint (tile_cr);
  /* Three copies of the line, so that it wraps across the tile's edges. */
  for (int copy = -1; copy <= 1; copy++)
    {
      double offset = copy * period;

      if (rising)
        {
          cairo_move_to (tile_cr, -period, offset + 2 * period);
          cairo_line_to (tile_cr, 2 * period, offset - period);
        }
      else
        {
          cairo_move_to (tile_cr, -period, offset - period);
          cairo_line_to (tile_cr, 2 * period, offset + 2 * period);
        }
    }
  cairo_set_source_rgba (tile_cr, red, green, blue, 0.6);
  cairo_set_line_width (tile_cr, hatch_width * scale);
  cairo_stroke (tile_cr);
  cairo_destroy (tile_cr);

  pattern = cairo_pattern_create_for_surface (tile);
  cairo_pattern_set_extend (pattern, CAIRO_EXTEND_REPEAT);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  /* Pattern space is the tile's pixels: user space scaled to them. */
  cairo_matrix_init_scale (&matrix, scale, scale);
  cairo_pattern_set_matrix (pattern, &matrix);

  cairo_save (cr);
  cairo_set_source (cr, pattern);
  cairo_fill_preserve (cr);
  cairo_restore (cr);

  cairo_pattern_destroy (pattern);
  cairo_surface_destroy (tile);
  return TRUE;
}

void
sitmap_symbol_hatch_path (cairo_t  *cr,
                          double    red,
                          double    green,
                          double    blue,
                          double    spacing,
                          double    angle_degrees,
                          gboolean  dashed_outline)
{
  cairo_path_t *path;
  double line_width, hatch_width, angle, ux, uy, vx, vy;
  double x0, y0, x1, y1, u_min, u_max, v_min, v_max;
  double corners[4][2];
  long k0, k1;

  g_return_if_fail (cr != NULL);

  path = cairo_copy_path (cr);
  if (path->status != CAIRO_STATUS_SUCCESS || path->num_data == 0)
    {
      cairo_path_destroy (path);
      return;
    }

  /* The outline takes the caller's line width, so the hatched area
   * matches whatever weight the map uses for such boundaries. */
  line_width = cairo_get_line_width (cr);
  if (!(spacing > 0) || !isfinite (spacing))
    spacing = 8;
  if (!isfinite (angle_degrees))
    angle_degrees = 45;
  hatch_width = CLAMP (line_width / 2, 0.5, spacing * 0.4);

  if (hatch_with_tile (cr, red, green, blue, spacing, angle_degrees, hatch_width))
    goto outline;

  cairo_save (cr);

  cairo_set_source_rgba (cr, red, green, blue, 0.15);
  cairo_fill_preserve (cr);
  cairo_clip (cr);
  cairo_clip_extents (cr, &x0, &y0, &x1, &y1);

  /* Lines run along u, spaced along v.  They are laid out on a grid
   * anchored at the origin rather than at the shape, so neighbouring
   * hatched areas line up into one texture.  Angles count
   * anticlockwise as seen on screen. */
  angle = angle_degrees * G_PI / 180;
  ux = cos (angle);
  uy = -sin (angle);
  vx = -uy;
  vy = ux;

  corners[0][0] = x0; corners[0][1] = y0;
  corners[1][0] = x1; corners[1][1] = y0;
  corners[2][0] = x1; corners[2][1] = y1;
  corners[3][0] = x0; corners[3][1] = y1;
  u_min = v_min = G_MAXDOUBLE;
  u_max = v_max = -G_MAXDOUBLE;
  for (guint i = 0; i < 4; i++)
    {
      double u = corners[i][0] * ux + corners[i][1] * uy;
      double v = corners[i][0] * vx + corners[i][1] * vy;

      u_min = MIN (u_min, u);
      u_max = MAX (u_max, u);
      v_min = MIN (v_min, v);
      v_max = MAX (v_max, v);
    }

  if ((v_max - v_min) / spacing > MAX_HATCH_LINES)
    spacing = (v_max - v_min) / MAX_HATCH_LINES;
  k0 = (long) ceil (v_min / spacing);
  k1 = (long) floor (v_max / spacing);

  cairo_new_path (cr);
  for (long k = k0; k <= k1; k++)
    {
      double v = k * spacing;

      cairo_move_to (cr, v * vx + u_min * ux, v * vy + u_min * uy);
      cairo_line_to (cr, v * vx + u_max * ux, v * vy + u_max * uy);
    }
  cairo_set_source_rgba (cr, red, green, blue, 0.6);
  cairo_set_line_width (cr, hatch_width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);

  cairo_restore (cr);

outline:
  /* The clip consumed the path: put it back, stroke it, and leave it. */
  cairo_new_path (cr);
  cairo_append_path (cr, path);

  cairo_save (cr);
  cairo_set_source_rgb (cr, red, green, blue);
  if (dashed_outline)
    {
      double dashes[2] = { MAX (3 * line_width, 4.0), MAX (2 * line_width, 3.0) };

      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
      cairo_set_dash (cr, dashes, 2, 0);
    }
  else
    {
      cairo_set_dash (cr, NULL, 0, 0);
    }
  cairo_stroke_preserve (cr);
  cairo_restore (cr);

  cairo_path_destroy (path);
}
