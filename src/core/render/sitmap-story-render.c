/* sitmap-story-render.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-map-language.h"
#include "sitmap-path-private.h"
#include "sitmap-story-layout-private.h"
#include "sitmap-story-render-private.h"
#include "sitmap-story-text-private.h"

static void
feature_colour (const SitmapStoryFeature *feature,
                double                   *r,
                double                   *g,
                double                   *b)
{
  if (feature->kind == SITMAP_STORY_KIND_CAPITAL || feature->kind == SITMAP_STORY_KIND_CITY)
    {
      *r = 0.14; *g = 0.12; *b = 0.19;
      return;
    }
  if (feature->side == NULL)
    {
      /* Conflict areas without a side: a warm neutral that reads as
       * "contested" next to red and blue. */
      *r = 0.80; *g = 0.42; *b = 0.05;
      return;
    }
  sitmap_affiliation_colour (sitmap_affiliation_for_side (feature->side), r, g, b);
}

/* ---- Painting --------------------------------------------------------------- */

static void
paint_area (SitmapStoryLayout         *story_layout,
            cairo_t                  *cr,
            const SitmapViewport     *viewport,
            double                    margin,
            guint                     area_index,
            const SitmapStoryFeature *feature)
{
  const SitmapShape *shape = sitmap_layer_get_shape (story_layout->areas, area_index);
  gboolean occupied = feature->kind == SITMAP_STORY_KIND_OCCUPIED;
  double r, g, b;

  feature_colour (feature, &r, &g, &b);
  cairo_new_path (cr);
  _sitmap_path_append_shape (cr, viewport, shape, TRUE, FALSE);
  /* The hatching's grid starts at the view's corner, drawn with a
   * margin round it or not, so it lines up with an export of the view. */
  cairo_save (cr);
  cairo_translate (cr, margin, margin);
  sitmap_symbol_hatch_path (cr, r, g, b, occupied ? 5 : 7, occupied ? 45 : -45, occupied);
  cairo_restore (cr);
  cairo_new_path (cr);
}

static void
screen_points_of_line (const SitmapViewport *viewport,
                       const SitmapShape    *shape,
                       guint                 part,
                       double                min_step,
                       GArray               *out)
{
  double last_x = NAN, last_y = NAN;
  guint start = shape->part_start[part], end = shape->part_start[part + 1];

  g_array_set_size (out, 0);
  for (guint i = start; i < end; i++)
    {
      double sx, sy;

      if (isnan (shape->xy[2 * i]))
        continue;
      sitmap_viewport_to_screen (viewport, shape->xy[2 * i], shape->xy[2 * i + 1], &sx, &sy);
      /* Close vertices make a curve wobble; the last one always stays so
       * the arrowhead lands exactly on the destination. */
      if (out->len && i + 1 < end && hypot (sx - last_x, sy - last_y) < min_step)
        continue;
      if (out->len >= 4 && i + 1 == end && hypot (sx - last_x, sy - last_y) < min_step / 3)
        g_array_set_size (out, out->len - 2);
      g_array_append_val (out, sx);
      g_array_append_val (out, sy);
      last_x = sx;
      last_y = sy;
    }
}

static void
paint_line (SitmapStoryLayout         *story_layout,
            cairo_t                  *cr,
            const SitmapViewport     *viewport,
            guint                     line_index,
            const SitmapStoryFeature *feature)
{
  const SitmapShape *shape = sitmap_layer_get_shape (story_layout->lines, line_index);
  g_autoptr(GArray) points = g_array_new (FALSE, FALSE, sizeof (double));
  double r, g, b;

  feature_colour (feature, &r, &g, &b);

  for (guint p = 0; p < shape->n_parts; p++)
    {
      if (feature->kind == SITMAP_STORY_KIND_MOVEMENT)
        {
          screen_points_of_line (viewport, shape, p, 24, points);
          if (points->len >= 4)
            sitmap_symbol_draw_arrow (cr, (const double *)(void *)points->data, points->len / 2, 5.0, r, g, b);
        }
      else
        {
          cairo_save (cr);
          cairo_new_path (cr);
          _sitmap_path_append_shape (cr, viewport, shape, FALSE, FALSE);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
          cairo_set_source_rgba (cr, 0.85, 0.2, 0.1, 0.35);
          cairo_set_line_width (cr, 7);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        }
    }
}

void
_sitmap_story_paint_shapes (SitmapStoryLayout     *story_layout,
                            cairo_t              *cr,
                            const SitmapViewport *viewport,
                            double                margin)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  for (guint a = 0; a < story_layout->area_feature->len; a++)
    paint_area (story_layout, cr, viewport, margin, a,
                sitmap_story_get_feature (story_layout->story, g_array_index (story_layout->area_feature, guint, a)));

  /* Borders under movements, so arrows read on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint l = 0; l < story_layout->line_feature->len; l++)
      {
        const SitmapStoryFeature *feature =
          sitmap_story_get_feature (story_layout->story, g_array_index (story_layout->line_feature, guint, l));
        gboolean is_movement = feature->kind == SITMAP_STORY_KIND_MOVEMENT;

        if (is_movement == (pass == 1))
          paint_line (story_layout, cr, viewport, l, feature);
      }

  cairo_restore (cr);
}

static void
rounded_rectangle (cairo_t          *cr,
                   const SitmapRect *rect,
                   double            radius)
{
  double x = rect->x, y = rect->y, w = rect->width, h = rect->height;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static void
paint_panel (cairo_t          *cr,
             const SitmapRect *rect)
{
  cairo_save (cr);
  rounded_rectangle (cr, rect, 4);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.93);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

typedef struct
{
  const SitmapStoryFeature *feature;
  SitmapSymbolStyle         style;
  double                    x;
  double                    y;
} Marker;

static void
paint_marker_symbol (cairo_t       *cr,
                     gconstpointer  data)
{
  const Marker *marker = data;
  const SitmapStoryFeature *feature = marker->feature;

  if (feature->kind == SITMAP_STORY_KIND_FORCE)
    sitmap_symbol_draw_force (cr, marker->x, marker->y, SITMAP_STORY_FORCE_SYMBOL_SIZE,
                              sitmap_affiliation_for_side (feature->side), feature->echelon,
                              feature->status == SITMAP_FORCE_STATUS_EN_ROUTE, marker->style);
  else
    {
      SitmapPlaceSymbol symbol = _sitmap_story_place_symbol_for (feature);
      double r, g, b;

      feature_colour (feature, &r, &g, &b);
      sitmap_symbol_draw_place (cr, marker->x, marker->y, _sitmap_story_place_symbol_size (symbol), symbol, r, g, b);
    }
}

/* A marker looks the same wherever it stands, so it is a sprite too. */
static void
paint_marker (SitmapStoryLayout         *story_layout,
              cairo_t                  *cr,
              guint                     index,
              const SitmapStoryFeature *feature,
              const SitmapStoryItem               *item)
{
  Marker marker = { feature, story_layout->layout_options.symbol_style, item->anchor_x, item->anchor_y };
  g_autofree char *key = g_strdup_printf ("marker\x1f%u\x1f%d", index, (int)marker.style);
  SitmapRect extent, bounds;

  if (feature->kind == SITMAP_STORY_KIND_FORCE)
    extent = sitmap_symbol_force_extent (marker.x, marker.y, SITMAP_STORY_FORCE_SYMBOL_SIZE, feature->echelon, marker.style);
  else
    {
      SitmapPlaceSymbol symbol = _sitmap_story_place_symbol_for (feature);

      extent = sitmap_symbol_place_extent (marker.x, marker.y, _sitmap_story_place_symbol_size (symbol), symbol);
    }
  /* Room for the outline's stroke and antialiasing around the extent. */
  bounds = sitmap_rect_inflate (&extent, 3);
  _sitmap_sprite_cache_paint (story_layout->sprites, cr, key, &bounds, paint_marker_symbol, &marker);
}

static void
paint_label (SitmapStoryLayout         *story_layout,
             cairo_t                  *cr,
             const SitmapStoryFeature *feature,
             const SitmapStoryItem               *item)
{
  gboolean area = !_sitmap_story_feature_has_marker (feature);
  double r = 0.14, g = 0.12, b = 0.19;
  SitmapStoryLabel label;
  SitmapText text;

  /* Areas and movements are named in their own colour, in italics. */
  _sitmap_story_label_init (&label, &text, feature, SITMAP_STORY_LABEL_SIZE, area);
  if (area)
    {
      feature_colour (feature, &r, &g, &b);
      r *= 0.8; g *= 0.8; b *= 0.8;
    }

  _sitmap_text_draw_with_halo (cr, story_layout->sprites, &text, item->label.x, item->label.y, r, g, b);
  _sitmap_story_label_clear (&label);
}

typedef struct
{
  const SitmapStoryFeature *feature;
  const SitmapRect         *box;
  SitmapMapLanguage        *language;  /* the story's, for callouts */
} Panel;

/* The tab's panel and name. */
static void
paint_tab_panel (cairo_t       *cr,
                 gconstpointer  data)
{
  const Panel *panel = data;
  g_autoptr(PangoLayout) layout = _sitmap_story_label_layout_new (cr, panel->feature, SITMAP_STORY_EDGE_TAB_SIZE);

  paint_panel (cr, panel->box);
  cairo_move_to (cr, panel->box->x + 18, panel->box->y + 3);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  pango_cairo_show_layout (cr, layout);
}

typedef struct
{
  double x, y;        /* centre */
  double angle;       /* radians */
} TabArrow;

/* A small arrowhead pointing the way to the place: a shaft and a narrow
 * head, since a bare triangle reads as pointing whichever way its widest
 * corner happens to face. */
static void
paint_tab_arrow (cairo_t       *cr,
                 gconstpointer  data)
{
  const TabArrow *arrow = data;

  cairo_save (cr);
  cairo_translate (cr, arrow->x, arrow->y);
  cairo_rotate (cr, arrow->angle);
  cairo_set_source_rgb (cr, 0.24, 0.22, 0.27);
  cairo_move_to (cr, -5.5, 0);
  cairo_line_to (cr, 1.5, 0);
  cairo_set_line_width (cr, 1.6);
  cairo_stroke (cr);
  cairo_move_to (cr, 6, 0);
  cairo_line_to (cr, 0.5, -3.6);
  cairo_line_to (cr, 0.5, 3.6);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The arrow turns as the view moves; in steps of a few degrees, too
 * small to see, so that every tab pointing the same way shares one copy,
 * and the panel with its name, which does not turn, keeps its own. */
#define TAB_ARROW_STEPS 120

static void
paint_tab (SitmapStoryLayout         *story_layout,
           cairo_t                  *cr,
           guint                     index,
           const SitmapStoryFeature *feature,
           const SitmapStoryItem               *item)
{
  const SitmapRect *tab = &item->tab;
  int step = (int)lround (atan2 (item->tab_dy, item->tab_dx) / (2 * G_PI) * TAB_ARROW_STEPS);
  Panel panel = { feature, tab };
  TabArrow arrow = { tab->x + 9, tab->y + tab->height / 2, step * 2 * G_PI / TAB_ARROW_STEPS };
  SitmapRect bounds = sitmap_rect_inflate (tab, 1);
  SitmapRect arrow_bounds = { arrow.x - 8, arrow.y - 8, 16, 16 };
  g_autofree char *key = g_strdup_printf ("tab\x1f%u", index);
  g_autofree char *arrow_key = g_strdup_printf ("tab-arrow\x1f%d", step);

  _sitmap_sprite_cache_paint (story_layout->sprites, cr, key, &bounds, paint_tab_panel, &panel);
  _sitmap_sprite_cache_paint (story_layout->sprites, cr, arrow_key, &arrow_bounds, paint_tab_arrow, &arrow);
}

static void
paint_callout_panel (cairo_t       *cr,
                     gconstpointer  data)
{
  const Panel *panel = data;
  g_autoptr(PangoLayout) layout = _sitmap_story_callout_layout_new (cr, panel->language, panel->feature);
  double r, g, b;

  feature_colour (panel->feature, &r, &g, &b);

  paint_panel (cr, panel->box);
  cairo_rectangle (cr, panel->box->x, panel->box->y + 2, SITMAP_STORY_CALLOUT_ACCENT, panel->box->height - 4);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);

  cairo_move_to (cr, panel->box->x + SITMAP_STORY_CALLOUT_ACCENT + SITMAP_STORY_CALLOUT_PADDING, panel->box->y + SITMAP_STORY_CALLOUT_PADDING - 1);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  pango_cairo_show_layout (cr, layout);
}

static void
paint_callout (SitmapStoryLayout         *story_layout,
               cairo_t                  *cr,
               guint                     index,
               const SitmapStoryFeature *feature,
               const SitmapStoryItem               *item)
{
  const SitmapCalloutPlacement *placement = &item->callout;
  Panel panel = { feature, &placement->box,
                  sitmap_map_language_get_for_tag (sitmap_story_get_language (story_layout->story)) };
  SitmapRect bounds = sitmap_rect_inflate (&placement->box, 1);
  g_autofree char *key = g_strdup_printf ("callout\x1f%u", index);

  cairo_save (cr);
  /* Leader: a white casing under a thin dark line, with a dot on the
   * place. */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_move_to (cr, placement->leader_x0, placement->leader_y0);
  cairo_line_to (cr, placement->leader_x1, placement->leader_y1);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.9);
  cairo_set_line_width (cr, 3.2);
  cairo_stroke (cr);
  cairo_move_to (cr, placement->leader_x0, placement->leader_y0);
  cairo_line_to (cr, placement->leader_x1, placement->leader_y1);
  cairo_set_source_rgb (cr, 0.25, 0.24, 0.27);
  cairo_set_line_width (cr, 1.2);
  cairo_stroke (cr);

  _sitmap_sprite_cache_paint (story_layout->sprites, cr, key, &bounds, paint_callout_panel, &panel);
  cairo_restore (cr);
}

static void
paint_legend_panel (cairo_t       *cr,
                    gconstpointer  data)
{
  const SitmapStoryLayout *story_layout = data;
  const SitmapRect *box = &story_layout->legend_box;

  paint_panel (cr, box);

  for (guint i = 0; i < story_layout->legend->len; i++)
    {
      const SitmapLegendEntry *entry = &g_array_index (story_layout->legend, SitmapLegendEntry, i);
      double column_x = box->x + story_layout->legend_column_width * (i / story_layout->legend_rows);
      double sx = column_x + 10 + SITMAP_STORY_LEGEND_SYMBOL_COLUMN / 2 - 4;
      double sy = box->y + 7 + SITMAP_STORY_LEGEND_ROW * (i % story_layout->legend_rows) + SITMAP_STORY_LEGEND_ROW / 2;
      g_autoptr(PangoLayout) layout = _sitmap_text_layout_new (cr, entry->text, SITMAP_STORY_LEGEND_TEXT_SIZE, PANGO_WEIGHT_NORMAL);
      PangoRectangle logical;
      double r, g, b;

      sitmap_affiliation_colour (entry->affiliation, &r, &g, &b);
      switch (entry->kind)
        {
        case SITMAP_LEGEND_FORCE:
          sitmap_symbol_draw_force (cr, sx, sy, 15, entry->affiliation, NULL, entry->en_route,
                                    story_layout->layout_options.symbol_style);
          break;
        case SITMAP_LEGEND_PLACE:
          sitmap_symbol_draw_place (cr, sx, sy, MIN (_sitmap_story_place_symbol_size (entry->place), 14), entry->place,
                                    0.14, 0.12, 0.19);
          break;
        case SITMAP_LEGEND_AREA:
          {
            SitmapRect swatch = { sx - 11, sy - 7, 22, 14 };

            if (!entry->occupied)
              {
                r = 0.80; g = 0.42; b = 0.05;
              }
            else
              sitmap_affiliation_colour (SITMAP_AFFILIATION_HOSTILE, &r, &g, &b);
            /* The hatching's grid starts at the swatch, so the legend
             * looks the same wherever it sits, and can be copied. */
            cairo_save (cr);
            cairo_translate (cr, swatch.x, swatch.y);
            cairo_new_path (cr);
            cairo_rectangle (cr, 0, 0, swatch.width, swatch.height);
            sitmap_symbol_hatch_path (cr, r, g, b, entry->occupied ? 5 : 7, entry->occupied ? 45 : -45,
                                      entry->occupied);
            cairo_new_path (cr);
            cairo_restore (cr);
          }
          break;
        case SITMAP_LEGEND_MOVEMENT:
          {
            double xy[4] = { sx - 12, sy + 3, sx + 12, sy - 3 };

            sitmap_affiliation_colour (entry->affiliation, &r, &g, &b);
            sitmap_symbol_draw_arrow (cr, xy, 2, 3.5, r, g, b);
          }
          break;
        case SITMAP_LEGEND_BORDER:
          cairo_save (cr);
          cairo_move_to (cr, sx - 12, sy);
          cairo_line_to (cr, sx + 12, sy);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_source_rgba (cr, 0.85, 0.2, 0.1, 0.35);
          cairo_set_line_width (cr, 7);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        case SITMAP_LEGEND_CALLOUT:
        default:
          {
            SitmapRect swatch = { sx - 11, sy - 7, 22, 14 };

            paint_panel (cr, &swatch);
            cairo_rectangle (cr, swatch.x, swatch.y + 1, 3, swatch.height - 2);
            cairo_set_source_rgb (cr, 0.4, 0.4, 0.45);
            cairo_fill (cr);
          }
          break;
        }

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      cairo_move_to (cr, column_x + 10 + SITMAP_STORY_LEGEND_SYMBOL_COLUMN, sy - logical.height / 2.0);
      cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Everything the legend's pixels depend on besides its place. */
static char *
legend_key (SitmapStoryLayout *story_layout)
{
  GString *key = g_string_new ("legend");

  g_string_append_printf (key, "\x1f%u\x1f%a\x1f%d", story_layout->legend_rows, story_layout->legend_column_width,
                          story_layout->layout_options.symbol_style);
  for (guint i = 0; i < story_layout->legend->len; i++)
    {
      const SitmapLegendEntry *entry = &g_array_index (story_layout->legend, SitmapLegendEntry, i);

      g_string_append_printf (key, "\x1f%d %d %d %d %d %s", entry->kind, entry->affiliation, entry->en_route,
                              entry->place, entry->occupied, entry->text);
    }
  return g_string_free (key, FALSE);
}

static void
paint_legend (SitmapStoryLayout *story_layout,
              cairo_t          *cr)
{
  g_autofree char *key = legend_key (story_layout);
  SitmapRect bounds = sitmap_rect_inflate (&story_layout->legend_box, 1);

  _sitmap_sprite_cache_paint (story_layout->sprites, cr, key, &bounds, paint_legend_panel, story_layout);
}

static void
paint_title_panel (cairo_t       *cr,
                   gconstpointer  data)
{
  const SitmapStoryLayout *story_layout = data;
  g_autoptr(PangoLayout) layout = _sitmap_story_title_layout_new (cr, story_layout->story);

  paint_panel (cr, &story_layout->title_box);
  cairo_move_to (cr, story_layout->title_box.x + 10, story_layout->title_box.y + 8);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  pango_cairo_show_layout (cr, layout);
}

static void
paint_title (SitmapStoryLayout *story_layout,
             cairo_t          *cr)
{
  SitmapRect bounds = sitmap_rect_inflate (&story_layout->title_box, 1);

  _sitmap_sprite_cache_paint (story_layout->sprites, cr, "title", &bounds, paint_title_panel, story_layout);
}


static void
paint_highlight (SitmapStoryLayout     *story_layout,
                 cairo_t              *cr,
                 const SitmapViewport *viewport,
                 int                   index,
                 gboolean              selected)
{
  const SitmapStoryItem *item;
  SitmapRect box;

  if (index < 0 || (guint)index >= story_layout->items->len)
    return;
  item = &g_array_index (story_layout->items, SitmapStoryItem, index);

  cairo_save (cr);
  /* GNOME's accent blue for selection, a softer one for hover. */
  if (selected)
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.95);
  else
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.55);
  cairo_set_line_width (cr, selected ? 2.5 : 2);

  for (guint a = 0; a < story_layout->area_feature->len; a++)
    if (g_array_index (story_layout->area_feature, guint, a) == (guint)index)
      {
        cairo_new_path (cr);
        _sitmap_path_append_shape (cr, viewport, sitmap_layer_get_shape (story_layout->areas, a), TRUE, FALSE);
        cairo_stroke (cr);
      }

  if (_sitmap_story_item_box (item, &box))
    {
      SitmapRect ring = sitmap_rect_inflate (&box, 3);

      rounded_rectangle (cr, &ring, 4);
      cairo_stroke (cr);
    }
  if (item->has_callout)
    {
      SitmapRect ring = sitmap_rect_inflate (&item->callout.box, 2);

      rounded_rectangle (cr, &ring, 5);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

void
_sitmap_story_paint_overlay (SitmapStoryLayout     *story_layout,
                             cairo_t              *cr,
                             const SitmapViewport *viewport,
                             int                   hovered,
                             int                   selected)
{
  guint n = story_layout->items->len;

  g_return_if_fail (story_layout->has_layout);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
  cairo_clip (cr);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryItem *item = &g_array_index (story_layout->items, SitmapStoryItem, i);

      if (item->has_callout)
        paint_callout (story_layout, cr, i, sitmap_story_get_feature (story_layout->story, i), item);
    }

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryItem *item = &g_array_index (story_layout->items, SitmapStoryItem, i);

      if (item->has_marker)
        paint_marker (story_layout, cr, i, sitmap_story_get_feature (story_layout->story, i), item);
    }

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story_layout->story, i);
      const SitmapStoryItem *item = &g_array_index (story_layout->items, SitmapStoryItem, i);

      if (item->has_label)
        paint_label (story_layout, cr, feature, item);
      if (item->has_tab)
        paint_tab (story_layout, cr, i, feature, item);
    }

  if (story_layout->has_title)
    paint_title (story_layout, cr);
  if (story_layout->has_legend)
    paint_legend (story_layout, cr);

  if (hovered != selected)
    paint_highlight (story_layout, cr, viewport, hovered, FALSE);
  paint_highlight (story_layout, cr, viewport, selected, TRUE);

  cairo_restore (cr);
  _sitmap_sprite_cache_end_frame (story_layout->sprites);
}
