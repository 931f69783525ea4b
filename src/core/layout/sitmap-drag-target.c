/* sitmap-drag-target.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-drag-target.h"

/* The line vertex nearest (x, y) within reach, in logical pixels. */
static gboolean
find_vertex (SitmapMap            *map,
             SitmapStory          *story,
             const SitmapViewport *viewport,
             double                x,
             double                y,
             double                reach,
             int                  *feature_out,
             guint                *vertex_out)
{
  double best = reach * reach;
  gboolean found = FALSE;

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      guint n = feature->n_parts ? feature->part_start[feature->n_parts] : 0;
      g_autofree double *xy = NULL;

      if (feature->geometry_kind != SITMAP_GEOMETRY_LINES || n == 0)
        continue;
      xy = g_memdup2 (feature->lonlat, 2 * n * sizeof (double));
      sitmap_projection_forward (sitmap_map_get_projection (map), xy, n);
      for (guint v = 0; v < n; v++)
        {
          double sx, sy, d;

          if (isnan (xy[2 * v]))
            continue;
          sitmap_viewport_to_screen (viewport, xy[2 * v], xy[2 * v + 1], &sx, &sy);
          d = (sx - x) * (sx - x) + (sy - y) * (sy - y);
          if (d <= best)
            {
              best = d;
              *feature_out = i;
              *vertex_out = v;
              found = TRUE;
            }
        }
    }
  return found;
}

/* A callout's box comes first, as it lies over its marker; then a place's
 * marker, then a line's vertex, and otherwise the press pans the map. */
SitmapDragTarget
sitmap_drag_target_pick (SitmapMap            *map,
                         SitmapStoryLayout    *layout,
                         const SitmapViewport *viewport,
                         double                x,
                         double                y,
                         double                vertex_reach)
{
  SitmapDragTarget target = { SITMAP_DRAG_PAN, -1, 0, 0, 0 };
  SitmapStory *story;
  SitmapRect marker, callout;
  double ax, ay, sx, sy;
  int index;

  g_return_val_if_fail (SITMAP_IS_MAP (map), target);
  g_return_val_if_fail (viewport != NULL, target);

  story = sitmap_map_get_story (map);
  if (story == NULL || layout == NULL)
    return target;

  index = sitmap_story_layout_hit_test (layout, viewport, x, y);
  if (index >= 0)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, index);
      guint boxes = sitmap_story_layout_get_boxes (layout, index, &marker, NULL, &callout);

      if ((boxes & SITMAP_LAYOUT_CALLOUT) && sitmap_rect_contains (&callout, x, y))
        {
          target.kind = SITMAP_DRAG_CALLOUT;
          target.feature = index;
          target.callout_dx = callout.x + callout.width / 2 - x;
          target.callout_dy = callout.y + callout.height / 2 - y;
          return target;
        }
      /* An edge tab points at a place out of view: it is no handle. */
      if (feature->geometry_kind == SITMAP_GEOMETRY_POINTS &&
          sitmap_story_layout_get_anchor (layout, index, &ax, &ay))
        {
          sitmap_viewport_to_screen (viewport, ax, ay, &sx, &sy);
          if (sx >= 0 && sy >= 0 && sx <= viewport->width && sy <= viewport->height)
            {
              target.kind = SITMAP_DRAG_FEATURE;
              target.feature = index;
              return target;
            }
        }
    }
  if (find_vertex (map, story, viewport, x, y, vertex_reach, &target.feature, &target.vertex))
    target.kind = SITMAP_DRAG_VERTEX;
  return target;
}
