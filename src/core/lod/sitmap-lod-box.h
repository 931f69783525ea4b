/* sitmap-lod-box.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include "sitmap-lod.h"

G_BEGIN_DECLS

/* A bounding box in projection metres. */
typedef struct
{
  double x0, y0, x1, y1;
} SitmapLodBox;

static inline void
box_clear (SitmapLodBox *box)
{
  box->x0 = box->y0 = G_MAXDOUBLE;
  box->x1 = box->y1 = -G_MAXDOUBLE;
}

static inline void
box_add (SitmapLodBox          *box,
         const double *p)
{
  if (isnan (p[0]) || isnan (p[1]))
    return;
  box->x0 = MIN (box->x0, p[0]);
  box->y0 = MIN (box->y0, p[1]);
  box->x1 = MAX (box->x1, p[0]);
  box->y1 = MAX (box->y1, p[1]);
}

static inline void
box_union (SitmapLodBox       *box,
           const SitmapLodBox *other)
{
  box->x0 = MIN (box->x0, other->x0);
  box->y0 = MIN (box->y0, other->y0);
  box->x1 = MAX (box->x1, other->x1);
  box->y1 = MAX (box->y1, other->y1);
}

static inline gboolean
box_is_empty (const SitmapLodBox *box)
{
  return box->x0 > box->x1;
}

static inline gboolean
box_smaller_than (const SitmapLodBox *box,
                  double     size)
{
  return box->x1 - box->x0 < size && box->y1 - box->y0 < size;
}

/* Wholly on the far side of one edge of the view: whatever lies in such a
 * box can be replaced by any path that stays in the same half-plane
 * without changing anything drawn inside the view.  Empty boxes (nothing
 * but unprojectable points) count as outside. */
static inline gboolean
box_outside (const SitmapLodBox           *box,
             const SitmapLodView *view)
{
  return box->x1 < view->x_min || box->x0 > view->x_max ||
         box->y1 < view->y_min || box->y0 > view->y_max;
}

G_END_DECLS
