/* sitmap-symbols-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the symbol parts share: the palette, the geometry of the frames,
 * and how every draw function leaves the context as it found it.  The
 * parts: sitmap-symbols.c (forces, places, sides), sitmap-symbol-hatch.c
 * (hatched areas) and sitmap-symbol-arrow.c (movement arrows).
 */

#pragma once

#include "sitmap-symbols.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b;
} Rgb;

#define RGB8(r, g, b) { (r) / 255.0, (g) / 255.0, (b) / 255.0 }

/* APP-6 "medium" fills. */
static const Rgb fill_colours[] = {
  [SITMAP_AFFILIATION_FRIEND]  = RGB8 (128, 224, 255),
  [SITMAP_AFFILIATION_HOSTILE] = RGB8 (255, 128, 128),
  [SITMAP_AFFILIATION_NEUTRAL] = RGB8 (170, 255, 170),
  [SITMAP_AFFILIATION_UNKNOWN] = RGB8 (255, 255, 128),
};

/* Deeper versions that keep their contrast as thin lines on a pale map. */
static const Rgb deep_colours[] = {
  [SITMAP_AFFILIATION_FRIEND]  = RGB8 (0, 107, 179),
  [SITMAP_AFFILIATION_HOSTILE] = RGB8 (200, 30, 30),
  [SITMAP_AFFILIATION_NEUTRAL] = RGB8 (0, 140, 60),
  [SITMAP_AFFILIATION_UNKNOWN] = RGB8 (180, 150, 0),
};

/* Near-black rather than pure black, to sit with the anti-aliased map
 * linework around it. */
static const Rgb frame_ink = RGB8 (26, 26, 26);
static const Rgb halo_colour = RGB8 (255, 255, 255);

/* Military frame geometry, as fractions of L (see above). */
#define FRAME_TALLEST      1.44    /* size / L */
#define FRIEND_HALF_W      0.75
#define FRIEND_HALF_H      0.50
#define NEUTRAL_HALF       0.55
#define DIAMOND_HALF       0.72
#define ECHELON_GAP        0.12    /* frame ink to mark ink */

/* Line weights as fractions of size: 1.5 px outline at size 24. */
#define OUTLINE_PER_SIZE   (1.0 / 16.0)
#define HALO_PER_OUTLINE   0.75
#define MARK_PER_OUTLINE   0.85

/* Pictogram geometry, as fractions of size. */
#define BADGE_SIDE         0.82
#define BADGE_CORNER       0.22    /* of the badge side */
/* Inside the badge, as fractions of half its side. */
#define BADGE_DOT_RADIUS   0.11
#define BADGE_DOT_PITCH    0.30
#define BADGE_DOT_ROW      0.60    /* centre of the row, below the middle */
#define BADGE_HELMET_LIFT  0.16

/* Dash periods: short enough for at least two dashes on every side of a
 * frame, long enough that the dashes do not read as dots. */
#define FRAME_DASH_PERIOD  0.45    /* of L */
#define FRAME_DASH_ON      0.62    /* of the period, caps included */

static inline SitmapAffiliation
checked_affiliation (SitmapAffiliation affiliation)
{
  if ((guint) affiliation > SITMAP_AFFILIATION_UNKNOWN)
    return SITMAP_AFFILIATION_UNKNOWN;
  return affiliation;
}

static inline void
set_rgb (cairo_t   *cr,
         const Rgb *colour)
{
  cairo_set_source_rgb (cr, colour->r, colour->g, colour->b);
}

/* The draw functions promise to leave the context as they found it, and
 * the current path is not part of what cairo_save() keeps. */
static inline cairo_path_t *
stash_path (cairo_t *cr)
{
  cairo_path_t *path = cairo_copy_path (cr);

  cairo_new_path (cr);
  return path;
}

static inline void
unstash_path (cairo_t      *cr,
              cairo_path_t *path)
{
  cairo_new_path (cr);
  if (path->status == CAIRO_STATUS_SUCCESS && path->num_data > 0)
    cairo_append_path (cr, path);
  cairo_path_destroy (path);
}

/* Whatever the caller left set (a dash pattern, an odd operator or fill
 * rule) must not leak into the symbols. */
static inline void
reset_drawing_state (cairo_t *cr)
{
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_miter_limit (cr, 10);
}

static inline SitmapRect
rect_from_bounds (double x0,
                  double y0,
                  double x1,
                  double y1)
{
  SitmapRect rect = { x0, y0, x1 - x0, y1 - y0 };

  return rect;
}

G_END_DECLS
