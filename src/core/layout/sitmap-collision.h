/* sitmap-collision.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "sitmap-rect.h"

G_BEGIN_DECLS

/* Boxes already taken on the map (labels, markers, callouts), so later
 * items can look for free room.  Items come in priority order, a few
 * hundred at most, so a flat list is both simple and fast enough. */
typedef struct _SitmapCollision SitmapCollision;

SitmapCollision *sitmap_collision_new        (void);
void             sitmap_collision_free       (SitmapCollision  *self);
gboolean         sitmap_collision_is_free    (SitmapCollision  *self,
                                              const SitmapRect *rect);
void             sitmap_collision_add        (SitmapCollision  *self,
                                              const SitmapRect *rect);
/* Tries is_free then add, in one step. */
gboolean         sitmap_collision_try_add    (SitmapCollision  *self,
                                              const SitmapRect *rect);

/* Every box taken moved by (dx, dy): the same room on a canvas whose
 * origin lies elsewhere. */
void             sitmap_collision_translate  (SitmapCollision  *self,
                                              double            dx,
                                              double            dy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapCollision, sitmap_collision_free)

G_END_DECLS
