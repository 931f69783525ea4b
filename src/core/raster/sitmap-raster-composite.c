/* sitmap-raster-composite.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <wchar.h>

#include "sitmap-raster-composite.h"
#include "sitmap-raster-fill.h"
#include "sitmap-raster-stroke.h"

/* One pass over the band's pixels for the coasts' halo, the fill and the
 * borders, each pixel read and written once, where three passes would each
 * read and write every pixel they touch.  Most of a map is open sea or
 * the inside of a country: blocks of eight pixels where no stroke passes
 * and no fill edge starts carry on the coverage before them, and a run of
 * opaque land is written as one span.  The halo goes under the fill, so
 * where the land covers a pixel fully the halo is not blended at all. */
static inline guint64
load_word (const void *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

static void
paint_run (const SitmapRasterCanvas *canvas,
           guint32      *pixels,
           int           from,
           int           to,
           guint         value)
{
  G_STATIC_ASSERT (sizeof (wchar_t) == sizeof (guint32));

  if (to <= from || value == 0)
    return;
  /* glibc's wmemset is the vectorised way to repeat a 32-bit value. */
  if (value == 255 && canvas->alpha == 255)
    wmemset ((wchar_t *)(void *)(pixels + from), (wchar_t)canvas->premultiplied, (size_t)(to - from));
  else
    sitmap_raster_canvas_run (canvas, pixels, from, to, value);
}

/* An ink at every coverage, premultiplied and split into the two channel
 * pairs sitmap_raster_canvas_blend () works on, so that blending a pixel only has to
 * scale what is under it. */
typedef struct
{
  guint32 red_blue[256];
  guint32 alpha_green[256];
  gboolean opaque;
} InkTable;

static void
ink_table_init (InkTable     *table,
                const SitmapRasterCanvas *canvas)
{
  guint32 s = canvas->premultiplied;

  for (guint coverage = 0; coverage < 256; coverage++)
    {
      table->red_blue[coverage] = sitmap_raster_div255_pair ((s & 0x00ff00ffu) * coverage);
      table->alpha_green[coverage] = sitmap_raster_div255_pair (((s >> 8) & 0x00ff00ffu) * coverage);
    }
  table->opaque = canvas->alpha == 255;
}

static inline guint32
ink_table_blend (const InkTable *table,
                 guint32         d,
                 guint           coverage)
{
  guint32 s_rb = table->red_blue[coverage], s_ag = table->alpha_green[coverage];
  guint inverse = 255 - (s_ag >> 16);

  return (s_ag + sitmap_raster_div255_pair (((d >> 8) & 0x00ff00ffu) * inverse)) << 8 |
         (s_rb + sitmap_raster_div255_pair ((d & 0x00ff00ffu) * inverse));
}

/* Paints a run of pixels at one fill coverage.  Without ground the land
 * goes over what the pixels hold; with it, the run is all sea, all land
 * or one mixture of the two, each a single colour repeated. */
static void
paint_coverage_run (const SitmapRasterCanvas   *ground,
                    const SitmapRasterCanvas   *land,
                    const InkTable *land_ink,
                    guint32        *pixels,
                    int             from,
                    int             to,
                    guint           value)
{
  guint32 colour;

  if (to <= from)
    return;
  if (ground == NULL)
    {
      paint_run (land, pixels, from, to, value);
      return;
    }
  if (value == 0 || land == NULL)
    colour = ground->premultiplied;
  else if (value == 255 && land->alpha == 255)
    colour = land->premultiplied;
  else
    colour = ink_table_blend (land_ink, ground->premultiplied, value);
  wmemset ((wchar_t *)(void *)(pixels + from), (wchar_t)colour, (size_t)(to - from));
}

void
sitmap_raster_composite_polygons (const SitmapRasterCanvas *canvas,
                    SitmapRasterStroke *stroke,
                    SitmapRasterFill   *fill,
                    const SitmapRasterCanvas *ground,
                    const SitmapRasterCanvas *coast,
                    const SitmapRasterCanvas *land,
                    const SitmapRasterCanvas *border)
{
  int width = canvas->x1 - canvas->x0, height = canvas->y1 - canvas->y0;
  guint8 *under_mask = stroke && coast ? stroke->under_mask : NULL;
  guint8 *line_mask = stroke && border ? stroke->mask : NULL;
  InkTable coast_ink, land_ink, border_ink;
  gboolean land_covers;
  int row_min = G_MAXINT, row_max = G_MININT;

  if (coast)
    ink_table_init (&coast_ink, coast);
  if (land)
    ink_table_init (&land_ink, land);
  if (border)
    ink_table_init (&border_ink, border);
  land_covers = land != NULL && land_ink.opaque;

  if (stroke)
    {
      row_min = stroke->row_min;
      row_max = stroke->row_max;
    }
  if (fill)
    {
      row_min = MIN (row_min, fill->row_min);
      row_max = MAX (row_max, fill->row_max);
    }

  for (int row = ground ? 0 : MAX (row_min, 0); row <= (ground ? height - 1 : MIN (row_max, height - 1)); row++)
    {
      guint32 *pixels = (guint32 *)(void *)(canvas->data + (gsize)(canvas->y0 + row) * canvas->stride) + canvas->x0;
      guint8 *under = under_mask ? under_mask + (gsize)row * width : NULL;
      guint8 *line = line_mask ? line_mask + (gsize)row * width : NULL;
      float *area = fill ? fill->area + (gsize)row * fill->columns : NULL;
      double sum = 0;
      guint value = 0;
      int run_start = 0, x = 0;

      if (row < row_min || row > row_max)
        {
          paint_coverage_run (ground, land, &land_ink, pixels, 0, width, 0);
          continue;
        }

      while (x < width)
        {
          int block_end = MIN (x + 8, width);

          if (block_end - x == 8 &&
              (under == NULL || load_word (under + x) == 0) &&
              (line == NULL || load_word (line + x) == 0) &&
              (area == NULL || (load_word (area + x) | load_word (area + x + 2) |
                                load_word (area + x + 4) | load_word (area + x + 6)) == 0))
            {
              x = block_end;
              continue;
            }

          for (; x < block_end; x++)
            {
              guint u = under ? under[x] : 0, l = line ? line[x] : 0;
              guint32 pixel;

              /* Buffers are cleared as they are read, for the next frame. */
              if (area && area[x] != 0)
                {
                  guint next;

                  sum += area[x];
                  area[x] = 0;
                  next = sitmap_raster_even_odd_value (sum);
                  if (next != value)
                    {
                      paint_coverage_run (ground, land, &land_ink, pixels, run_start, x, value);
                      run_start = x;
                      value = next;
                    }
                }
              if (u != 0)
                under[x] = 0;
              /* The halo under land that covers it is no stroke at all. */
              if (l == 0 && (u == 0 || (land_covers && value == 255)))
                continue;

              /* A stroke here: the run so far, then this pixel alone. */
              paint_coverage_run (ground, land, &land_ink, pixels, run_start, x, value);
              run_start = x + 1;
              pixel = ground ? ground->premultiplied : pixels[x];
              if (u != 0 && !(land_covers && value == 255))
                pixel = ink_table_blend (&coast_ink, pixel, u);
              if (value != 0)
                pixel = value == 255 && land_covers ? land->premultiplied : ink_table_blend (&land_ink, pixel, value);
              if (l != 0)
                {
                  pixel = ink_table_blend (&border_ink, pixel, l);
                  line[x] = 0;
                }
              pixels[x] = pixel;
            }
        }
      paint_coverage_run (ground, land, &land_ink, pixels, run_start, width, value);

      /* What edges left right of the view, where nothing is drawn. */
      if (area)
        area[width] = area[width + 1] = 0;
    }
}
