/* sitmap-point-labels.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "sitmap-point-labels-private.h"

#include <math.h>
#include <stdlib.h>

#include "sitmap-text-private.h"

#define LABEL_SIZE  11.0
#define DOT_RADIUS  2.5
#define GAP         3.0

typedef struct
{
  guint  feature;
  double x, y;      /* the dot, on screen */
  double rank;      /* lower first */
} Point;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const Point *p = a, *q = b;

  if (p->rank != q->rank)
    return p->rank < q->rank ? -1 : 1;
  return p->feature < q->feature ? -1 : p->feature > q->feature;
}

/* A field that ranks the points, and whether more of it comes first. */
static int
ranking_field (SitmapLayer *layer,
               gboolean    *descending)
{
  static const char * const ascending[] = { "scalerank", "SCALERANK", "rank", "labelrank", "LABELRANK", NULL };
  static const char * const larger_first[] = { "pop_max", "POP_MAX", "population", "POPULATION", "pop", NULL };

  for (guint i = 0; ascending[i]; i++)
    if (sitmap_layer_find_field (layer, ascending[i]) >= 0)
      {
        *descending = FALSE;
        return sitmap_layer_find_field (layer, ascending[i]);
      }
  for (guint i = 0; larger_first[i]; i++)
    if (sitmap_layer_find_field (layer, larger_first[i]) >= 0)
      {
        *descending = TRUE;
        return sitmap_layer_find_field (layer, larger_first[i]);
      }
  return -1;
}

static PangoLayout *
point_label_layout_new (cairo_t       *cr,
                        gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, LABEL_SIZE, PANGO_WEIGHT_MEDIUM);
}

void
_sitmap_point_labels_paint (cairo_t              *cr,
                            SitmapSpriteCache    *sprites,
                            const SitmapViewport *viewport,
                            SitmapLayer          *layer,
                            SitmapCollision      *collision)
{
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (Point));
  gboolean descending = FALSE;
  int field = ranking_field (layer, &descending);
  guint n = sitmap_layer_get_n_features (layer);

  for (guint f = 0; f < n; f++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (layer, f);
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);
      Point point = { f, 0, 0, f };

      if (shape == NULL || shape->n_points == 0 || feature->name[0] == '\0')
        continue;
      sitmap_viewport_to_screen (viewport, shape->xy[0], shape->xy[1], &point.x, &point.y);
      if (point.x < 0 || point.y < 0 || point.x > viewport->width || point.y > viewport->height)
        continue;
      if (field >= 0 && feature->attributes[field] && *feature->attributes[field])
        {
          double value = g_ascii_strtod (feature->attributes[field], NULL);

          point.rank = descending ? -value : value;
        }
      else if (field >= 0)
        point.rank = G_MAXDOUBLE;
      g_array_append_val (points, point);
    }
  if (field >= 0)
    g_array_sort (points, compare_points);

  for (guint i = 0; i < points->len; i++)
    {
      const Point *point = &g_array_index (points, Point, i);
      SitmapRect dot = { point->x - DOT_RADIUS, point->y - DOT_RADIUS, 2 * DOT_RADIUS, 2 * DOT_RADIUS };

      sitmap_collision_add (collision, &dot);
    }

  for (guint i = 0; i < points->len; i++)
    {
      const Point *point = &g_array_index (points, Point, i);
      const char *name = sitmap_layer_get_feature (layer, point->feature)->name;
      g_autofree char *key = g_strconcat ("point\x1f", name, NULL);
      SitmapText text = { key, point_label_layout_new, name };
      PangoRectangle logical;
      double w, h;

      _sitmap_text_get_extents (cr, &text, NULL, &logical);
      w = logical.width;
      h = logical.height;
      {
        const SitmapRect tries[] = {
          { point->x + DOT_RADIUS + GAP, point->y - h / 2, w, h },
          { point->x - DOT_RADIUS - GAP - w, point->y - h / 2, w, h },
          { point->x - w / 2, point->y - DOT_RADIUS - GAP - h, w, h },
          { point->x - w / 2, point->y + DOT_RADIUS + GAP, w, h },
        };

        for (guint t = 0; t < G_N_ELEMENTS (tries); t++)
          {
            const SitmapRect *box = &tries[t];

            if (box->x < 0 || box->y < 0 || box->x + box->width > viewport->width ||
                box->y + box->height > viewport->height || !sitmap_collision_try_add (collision, box))
              continue;
            _sitmap_text_draw_with_halo (cr, sprites, &text, round (box->x), round (box->y), 0.16, 0.17, 0.20);
            break;
          }
      }
    }
}
