/* sitmap-story-layout.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "sitmap-label-placement.h"
#include "sitmap-map-language.h"
#include "sitmap-story-layout-private.h"
#include "sitmap-story-text-private.h"

/* Room for the pieces of a few views at HiDPI: the legend, the largest,
 * is about a megabyte there. */
#define SPRITE_BYTES       (6 * 1024 * 1024)

/* ---- Classification ------------------------------------------------------ */

gboolean
_sitmap_story_feature_has_marker (const SitmapStoryFeature *feature)
{
  switch (feature->kind)
    {
    case SITMAP_STORY_KIND_CAPITAL:
    case SITMAP_STORY_KIND_CITY:
    case SITMAP_STORY_KIND_VENUE:
    case SITMAP_STORY_KIND_FORCE:
    case SITMAP_STORY_KIND_EVENT:
      return TRUE;
    case SITMAP_STORY_KIND_AREA:
    case SITMAP_STORY_KIND_OCCUPIED:
      return feature->geometry_kind == SITMAP_GEOMETRY_POINTS;
    case SITMAP_STORY_KIND_MOVEMENT:
    case SITMAP_STORY_KIND_BORDER:
    default:
      return FALSE;
    }
}

SitmapPlaceSymbol
_sitmap_story_place_symbol_for (const SitmapStoryFeature *feature)
{
  switch (feature->kind)
    {
    case SITMAP_STORY_KIND_CAPITAL:
      return SITMAP_PLACE_SYMBOL_CAPITAL;
    case SITMAP_STORY_KIND_VENUE:
      return SITMAP_PLACE_SYMBOL_VENUE;
    case SITMAP_STORY_KIND_EVENT:
      return SITMAP_PLACE_SYMBOL_EVENT;
    case SITMAP_STORY_KIND_AREA:
    case SITMAP_STORY_KIND_OCCUPIED:
      return SITMAP_PLACE_SYMBOL_AREA;
    case SITMAP_STORY_KIND_CITY:
    case SITMAP_STORY_KIND_FORCE:
    case SITMAP_STORY_KIND_MOVEMENT:
    case SITMAP_STORY_KIND_BORDER:
    default:
      return SITMAP_PLACE_SYMBOL_CITY;
    }
}

double
_sitmap_story_place_symbol_size (SitmapPlaceSymbol symbol)
{
  switch (symbol)
    {
    case SITMAP_PLACE_SYMBOL_CAPITAL:
      return 14;
    case SITMAP_PLACE_SYMBOL_VENUE:
      return 16;
    case SITMAP_PLACE_SYMBOL_EVENT:
      return 17;
    case SITMAP_PLACE_SYMBOL_AREA:
      return 15;
    case SITMAP_PLACE_SYMBOL_CITY:
    default:
      return 8;
    }
}

int
_sitmap_story_feature_priority (const SitmapStoryFeature *feature)
{
  switch (feature->kind)
    {
    case SITMAP_STORY_KIND_FORCE:
      return 90;
    case SITMAP_STORY_KIND_CAPITAL:
      return 80;
    case SITMAP_STORY_KIND_OCCUPIED:
    case SITMAP_STORY_KIND_AREA:
      return 70;
    case SITMAP_STORY_KIND_EVENT:
    case SITMAP_STORY_KIND_VENUE:
      return 60;
    case SITMAP_STORY_KIND_BORDER:
    case SITMAP_STORY_KIND_MOVEMENT:
      return 50;
    case SITMAP_STORY_KIND_CITY:
    default:
      return 40;
    }
}

/* ---- Projected geometry -------------------------------------------------- */

/* A callout the user pinned is centred where they dropped it, whatever
 * else is there, and only if it is on screen; its leader runs from the
 * anchor to the nearest point of the box. */
static void
place_pinned_callout (SitmapStoryLayout    *self,
                      const SitmapViewport *viewport,
                      guint                 index,
                      double                width,
                      double                height)
{
  SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, index);
  SitmapCalloutPlacement *placement = &item->callout;
  double cx, cy;

  item->has_callout = FALSE;
  if (isnan (self->pin_xy[2 * index]) || isnan (self->pin_xy[2 * index + 1]))
    return;
  sitmap_viewport_to_screen (viewport, self->pin_xy[2 * index], self->pin_xy[2 * index + 1], &cx, &cy);
  placement->box.x = round (cx - width / 2);
  placement->box.y = round (cy - height / 2);
  placement->box.width = width;
  placement->box.height = height;
  if (placement->box.x + width < 0 || placement->box.y + height < 0 ||
      placement->box.x > viewport->width || placement->box.y > viewport->height)
    return;
  placement->placed = item->has_callout = TRUE;
  placement->leader_x0 = item->anchor_x;
  placement->leader_y0 = item->anchor_y;
  placement->leader_x1 = CLAMP (item->anchor_x, placement->box.x, placement->box.x + width);
  placement->leader_y1 = CLAMP (item->anchor_y, placement->box.y, placement->box.y + height);
}

static double *
copy_doubles (const double *src,
              gsize         n)
{
  return g_memdup2 (src, n * sizeof (double));
}
SitmapStoryLayout *
sitmap_story_layout_new (SitmapStory      *story,
                         SitmapProjection *projection)
{
  SitmapStoryLayout *self = g_new0 (SitmapStoryLayout, 1);
  guint n = sitmap_story_get_n_features (story);

  self->story = g_object_ref (story);
  self->projection = g_object_ref (projection);
  self->areas = sitmap_layer_new ("story areas", SITMAP_GEOMETRY_POLYGONS, NULL);
  self->lines = sitmap_layer_new ("story lines", SITMAP_GEOMETRY_LINES, NULL);
  self->area_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  self->line_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  self->anchor_xy = g_new (double, 2 * MAX (n, 1));
  self->items = g_array_new (FALSE, TRUE, sizeof (SitmapStoryItem));
  self->obstacles = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
  self->legend = g_array_new (FALSE, TRUE, sizeof (SitmapLegendEntry));
  self->callout_size = g_new (double, 2 * MAX (n, 1));
  self->pin_xy = g_new (double, 2 * MAX (n, 1));
  for (guint i = 0; i < 2 * n; i++)
    self->callout_size[i] = NAN;
  self->sprites = _sitmap_sprite_cache_new (SPRITE_BYTES);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      gsize n_points = feature->n_parts ? feature->part_start[feature->n_parts] : 0;

      self->anchor_xy[2 * i] = feature->anchor_lon;
      self->anchor_xy[2 * i + 1] = feature->anchor_lat;
      self->pin_xy[2 * i] = feature->callout_pinned ? feature->callout_pin_lon : NAN;
      self->pin_xy[2 * i + 1] = feature->callout_pinned ? feature->callout_pin_lat : NAN;

      if (n_points == 0)
        continue;

      if (feature->geometry_kind == SITMAP_GEOMETRY_POLYGONS)
        {
          sitmap_layer_take_feature (self->areas, g_strdup (feature->name), NULL, feature->n_parts,
                                     g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)),
                                     copy_doubles (feature->lonlat, 2 * n_points));
          g_array_append_val (self->area_feature, i);
        }
      else if (feature->geometry_kind == SITMAP_GEOMETRY_LINES)
        {
          sitmap_layer_take_feature (self->lines, g_strdup (feature->name), NULL, feature->n_parts,
                                     g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)),
                                     copy_doubles (feature->lonlat, 2 * n_points));
          g_array_append_val (self->line_feature, i);
        }
    }

  sitmap_projection_forward (projection, self->anchor_xy, n);
  sitmap_projection_forward (projection, self->pin_xy, n);
  sitmap_layer_project (self->areas, projection);
  sitmap_layer_project (self->lines, projection);
  return self;
}
static void
clear_legend (SitmapStoryLayout *self)
{
  for (guint i = 0; i < self->legend->len; i++)
    g_free (g_array_index (self->legend, SitmapLegendEntry, i).text);
  g_array_set_size (self->legend, 0);
}
void
sitmap_story_layout_free (SitmapStoryLayout *self)
{
  if (self == NULL)
    return;

  clear_legend (self);
  g_clear_pointer (&self->names, g_array_unref);
  g_clear_pointer (&self->mentioned, g_hash_table_unref);
  g_free (self->folded_text);
  g_clear_pointer (&self->neighbours, g_hash_table_unref);
  g_clear_pointer (&self->name_spots, sitmap_label_spots_free);
  g_clear_object (&self->neighbours_layer);
  _sitmap_sprite_cache_free (self->sprites);
  g_free (self->callout_size);
  g_array_unref (self->legend);
  g_array_unref (self->obstacles);
  g_array_unref (self->items);
  g_array_unref (self->area_feature);
  g_array_unref (self->line_feature);
  g_free (self->anchor_xy);
  g_free (self->pin_xy);
  g_object_unref (self->areas);
  g_object_unref (self->lines);
  g_object_unref (self->projection);
  g_object_unref (self->story);
  g_free (self);
}
void
_sitmap_story_layout_adopt_sprites (SitmapStoryLayout *self,
                                    SitmapStoryLayout *from)
{
  SitmapSpriteCache *sprites = self->sprites;

  self->sprites = from->sprites;
  from->sprites = sprites;
  g_clear_object (&self->neighbours_layer);
  g_clear_pointer (&self->neighbours, g_hash_table_unref);
  self->neighbours_layer = g_steal_pointer (&from->neighbours_layer);
  self->neighbours = g_steal_pointer (&from->neighbours);
  g_clear_pointer (&self->name_spots, sitmap_label_spots_free);
  self->name_spots = g_steal_pointer (&from->name_spots);
}

/* ---- Measuring ---------------------------------------------------------- */

static void
measure_callout (SitmapStoryLayout *self,
                 cairo_t          *cr,
                 guint             index,
                 double           *width,
                 double           *height)
{
  double *size = &self->callout_size[2 * index];

  if (isnan (size[0]))
    {
      g_autoptr(PangoLayout) layout = _sitmap_story_callout_layout_new (cr, sitmap_map_language_get_for_tag (sitmap_story_get_language (self->story)),
                                                                         sitmap_story_get_feature (self->story, index));
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      size[0] = logical.width + 2 * SITMAP_STORY_CALLOUT_PADDING + SITMAP_STORY_CALLOUT_ACCENT;
      size[1] = logical.height + 2 * SITMAP_STORY_CALLOUT_PADDING - 2;
    }
  *width = size[0];
  *height = size[1];
}

static const PangoRectangle *
title_extents (SitmapStoryLayout *self,
               cairo_t          *cr)
{
  if (!self->title_measured)
    {
      g_autoptr(PangoLayout) layout = _sitmap_story_title_layout_new (cr, self->story);

      pango_layout_get_pixel_extents (layout, NULL, &self->title_logical);
      self->title_measured = TRUE;
    }
  return &self->title_logical;
}

/* ---- Legend ----------------------------------------------------------------- */

static gboolean
legend_has (SitmapStoryLayout  *self,
            const SitmapLegendEntry *entry)
{
  for (guint i = 0; i < self->legend->len; i++)
    {
      const SitmapLegendEntry *other = &g_array_index (self->legend, SitmapLegendEntry, i);

      if (other->kind == entry->kind && other->affiliation == entry->affiliation &&
          other->en_route == entry->en_route && other->place == entry->place &&
          other->occupied == entry->occupied)
        return TRUE;
    }
  return FALSE;
}

/* Whole phrases, not an adjective and a noun, so that a language can
 * agree them as it must. */
typedef struct
{
  const char *side;
  const char *forces;
  const char *forces_en_route;
  const char *movement;
} SidePhrases;

static const SidePhrases side_phrases[] = {
  { "russia", NC_("map legend", "Russian forces"), NC_("map legend", "Russian forces en route"),
    NC_("map legend", "Russian movement") },
  { "ukraine", NC_("map legend", "Ukrainian forces"), NC_("map legend", "Ukrainian forces en route"),
    NC_("map legend", "Ukrainian movement") },
  { "nato", NC_("map legend", "NATO forces"), NC_("map legend", "NATO forces en route"),
    NC_("map legend", "NATO movement") },
  { "canada", NC_("map legend", "Canadian forces"), NC_("map legend", "Canadian forces en route"),
    NC_("map legend", "Canadian movement") },
  { "usa", NC_("map legend", "U.S. forces"), NC_("map legend", "U.S. forces en route"),
    NC_("map legend", "U.S. movement") },
  { "eu", NC_("map legend", "EU forces"), NC_("map legend", "EU forces en route"),
    NC_("map legend", "EU movement") },
  { NULL, NC_("map legend", "Other forces"), NC_("map legend", "Other forces en route"),
    NC_("map legend", "Troop movement") },
};

static const SidePhrases *
side_phrases_for (const char *side)
{
  for (guint i = 0; side && i < G_N_ELEMENTS (side_phrases) - 1; i++)
    if (g_ascii_strcasecmp (side, side_phrases[i].side) == 0)
      return &side_phrases[i];
  return &side_phrases[G_N_ELEMENTS (side_phrases) - 1];
}

static void
build_legend (SitmapStoryLayout         *self,
              const SitmapStoryOptions *options)
{
  guint n = sitmap_story_get_n_features (self->story);
  SitmapMapLanguage *language = sitmap_map_language_get_for_tag (sitmap_story_get_language (self->story));

  clear_legend (self);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
      const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);
      SitmapLegendEntry entry = { 0 };
      const SidePhrases *phrases = side_phrases_for (feature->side);
      const char *text;

      /* Only what is drawn: an edge tab shows no symbol. */
      if (!item->in_view)
        continue;

      entry.affiliation = sitmap_affiliation_for_side (feature->side);
      switch (feature->kind)
        {
        case SITMAP_STORY_KIND_FORCE:
          entry.kind = SITMAP_LEGEND_FORCE;
          entry.en_route = feature->status == SITMAP_FORCE_STATUS_EN_ROUTE;
          if (entry.affiliation == SITMAP_AFFILIATION_FRIEND)
            text = entry.en_route ? NC_("map legend", "Allied forces en route")
                                  : NC_("map legend", "Ukraine’s allies: NATO, Canada");
          else
            text = entry.en_route ? phrases->forces_en_route : phrases->forces;
          break;
        case SITMAP_STORY_KIND_CAPITAL:
        case SITMAP_STORY_KIND_CITY:
        case SITMAP_STORY_KIND_VENUE:
        case SITMAP_STORY_KIND_EVENT:
          entry.kind = SITMAP_LEGEND_PLACE;
          entry.place = _sitmap_story_place_symbol_for (feature);
          entry.affiliation = SITMAP_AFFILIATION_UNKNOWN;
          text = feature->kind == SITMAP_STORY_KIND_CAPITAL ? NC_("map legend", "Capital") :
                 feature->kind == SITMAP_STORY_KIND_VENUE ? NC_("map legend", "Talks") :
                 feature->kind == SITMAP_STORY_KIND_EVENT ? NC_("map legend", "Event") :
                 NC_("map legend", "City");
          break;
        case SITMAP_STORY_KIND_OCCUPIED:
        case SITMAP_STORY_KIND_AREA:
          entry.kind = feature->geometry_kind == SITMAP_GEOMETRY_POINTS ? SITMAP_LEGEND_PLACE : SITMAP_LEGEND_AREA;
          entry.place = SITMAP_PLACE_SYMBOL_AREA;
          entry.occupied = feature->kind == SITMAP_STORY_KIND_OCCUPIED;
          if (entry.kind == SITMAP_LEGEND_PLACE)
            {
              entry.affiliation = SITMAP_AFFILIATION_UNKNOWN;
              entry.occupied = FALSE;
              text = NC_("map legend", "Region named in the story");
            }
          else
            text = entry.occupied ? NC_("map legend", "Occupied by Russia")
                                  : NC_("map legend", "Conflict area");
          break;
        case SITMAP_STORY_KIND_MOVEMENT:
          entry.kind = SITMAP_LEGEND_MOVEMENT;
          text = phrases->movement;
          break;
        case SITMAP_STORY_KIND_BORDER:
          entry.kind = SITMAP_LEGEND_BORDER;
          text = NC_("map legend", "Border in the story");
          break;
        default:
          continue;
        }
      entry.text = g_strdup (sitmap_map_language_pgettext (language, "map legend", text));

      if (legend_has (self, &entry))
        g_free (entry.text);
      else
        g_array_append_val (self->legend, entry);
    }

  if (options->show_callouts)
    for (guint i = 0; i < n; i++)
      if (g_array_index (self->items, SitmapStoryItem, i).in_view &&
          sitmap_story_get_feature (self->story, i)->figures->len > 0)
        {
          SitmapLegendEntry entry = { SITMAP_LEGEND_CALLOUT, SITMAP_AFFILIATION_UNKNOWN, FALSE, 0, FALSE,
                                g_strdup (sitmap_map_language_pgettext (language, "map legend",
                                                                        "Figures as the article gives them")) };
          g_array_append_val (self->legend, entry);
          break;
        }
}

static PangoLayout *
legend_text_layout_new (cairo_t       *cr,
                        gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, SITMAP_STORY_LEGEND_TEXT_SIZE, PANGO_WEIGHT_NORMAL);
}

static void
legend_text (const SitmapLegendEntry  *entry,
             char              **key,
             SitmapText         *text)
{
  *key = g_strconcat ("legend\x1f", entry->text, NULL);
  text->key = *key;
  text->new_layout = legend_text_layout_new;
  text->data = entry->text;
}

static void
measure_legend (SitmapStoryLayout     *self,
                cairo_t              *cr,
                const SitmapViewport *viewport)
{
  double width = 0;

  for (guint i = 0; i < self->legend->len; i++)
    {
      SitmapLegendEntry *entry = &g_array_index (self->legend, SitmapLegendEntry, i);
      g_autofree char *key = NULL;
      SitmapText text;
      PangoRectangle logical;

      legend_text (entry, &key, &text);
      _sitmap_text_get_extents (cr, &text, NULL, &logical);
      width = MAX (width, logical.width);
    }

  self->has_legend = self->legend->len > 0;
  self->legend_column_width = width + SITMAP_STORY_LEGEND_SYMBOL_COLUMN + 10;

  /* One column where the view is tall enough, two on a short wide view,
   * none where either would cover most of the map. */
  for (guint columns = 1; columns <= 2; columns++)
    {
      guint rows = (self->legend->len + columns - 1) / columns;
      double w = self->legend_column_width * columns + 10;
      double h = rows * SITMAP_STORY_LEGEND_ROW + 14;

      self->legend_rows = MAX (rows, 1);
      self->legend_box.width = w;
      self->legend_box.height = h;
      if (w <= viewport->width * 0.45 && h <= viewport->height * (columns == 1 ? 0.4 : 0.3))
        return;
    }

  self->legend_rows = MAX (self->legend->len, 1);
  self->legend_box.width = self->legend_column_width + 10;
  self->legend_box.height = self->legend->len * SITMAP_STORY_LEGEND_ROW + 14;
  if (self->legend_box.width > viewport->width * 0.45 || self->legend_box.height > viewport->height * 0.6)
    self->has_legend = FALSE;
}

typedef enum
{
  CORNER_TOP_LEFT,
  CORNER_TOP_RIGHT,
  CORNER_BOTTOM_RIGHT,
  CORNER_BOTTOM_LEFT,
} Corner;

/* The corner, among those in order of preference, where a panel of
 * w × h hides the fewest places; corners taken by what is in blocked (the
 * scale bar, the title) are out.  FALSE when none is free. */
static gboolean
choose_corner (SitmapStoryLayout     *self,
               const SitmapViewport *viewport,
               double                w,
               double                h,
               SitmapCollision      *blocked,
               const Corner         *order,
               guint                 n_order,
               SitmapRect           *out)
{
  int best_score = G_MAXINT;

  for (guint k = 0; k < n_order; k++)
    {
      gboolean right = order[k] == CORNER_TOP_RIGHT || order[k] == CORNER_BOTTOM_RIGHT;
      gboolean bottom = order[k] == CORNER_BOTTOM_RIGHT || order[k] == CORNER_BOTTOM_LEFT;
      SitmapRect box = { right ? viewport->width - w - SITMAP_STORY_VIEW_MARGIN : SITMAP_STORY_VIEW_MARGIN,
                         bottom ? viewport->height - h - SITMAP_STORY_VIEW_MARGIN : SITMAP_STORY_VIEW_MARGIN, w, h };
      int score = 0;

      if (!sitmap_collision_is_free (blocked, &box))
        {
          /* The bottom-left corner belongs to the scale bar and the
           * credit under it, however tall they are: sit on them. */
          if (order[k] != CORNER_BOTTOM_LEFT)
            continue;
          while (box.y >= SITMAP_STORY_VIEW_MARGIN && !sitmap_collision_is_free (blocked, &box))
            box.y -= 4;
          if (box.y < SITMAP_STORY_VIEW_MARGIN)
            continue;
        }

      for (guint i = 0; i < self->items->len; i++)
        {
          const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);
          SitmapRect anchor = { item->anchor_x - 20, item->anchor_y - 20, 40, 40 };

          if (item->in_view && sitmap_rect_intersects (&box, &anchor))
            score += 3;
          if (item->has_marker && sitmap_rect_intersects (&box, &item->marker))
            score += 2;
        }

      if (score < best_score)
        {
          best_score = score;
          *out = box;
        }
    }

  return best_score < G_MAXINT;
}

/* ---- Placing ----------------------------------------------------------------- */

static void
story_label_extents (cairo_t                  *cr,
                     const SitmapStoryFeature *feature,
                     double                    size,
                     PangoRectangle           *logical)
{
  SitmapStoryLabel label;
  SitmapText text;

  _sitmap_story_label_init (&label, &text, feature, size, FALSE);
  _sitmap_text_get_extents (cr, &text, NULL, logical);
  _sitmap_story_label_clear (&label);
}

static SitmapRect
label_size (cairo_t                  *cr,
            const SitmapStoryFeature *feature)
{
  PangoRectangle logical;
  SitmapRect rect = { 0, 0, 0, 0 };

  story_label_extents (cr, feature, SITMAP_STORY_LABEL_SIZE, &logical);
  rect.width = logical.width;
  rect.height = logical.height;
  return rect;
}

/* An off-screen place is shown as a tab on the view's edge, pointing the
 * way to it, so a map of Europe still says where Washington is. */
static gboolean
place_edge_tab (SitmapCollision          *collision,
                const SitmapViewport     *viewport,
                cairo_t                  *cr,
                const SitmapStoryFeature *feature,
                double                    anchor_x,
                double                    anchor_y,
                SitmapStoryItem                     *item)
{
  PangoRectangle logical;
  double cx = viewport->width / 2, cy = viewport->height / 2;
  double dx = anchor_x - cx, dy = anchor_y - cy, length = hypot (dx, dy);
  double inset = SITMAP_STORY_VIEW_MARGIN + 4, t, ex, ey, w, h;

  if (!(length > 0) || !isfinite (length))
    return FALSE;
  dx /= length;
  dy /= length;

  /* Where the ray from the centre leaves the inset view. */
  t = G_MAXDOUBLE;
  if (dx > 0)
    t = MIN (t, (viewport->width - inset - cx) / dx);
  if (dx < 0)
    t = MIN (t, (inset - cx) / dx);
  if (dy > 0)
    t = MIN (t, (viewport->height - inset - cy) / dy);
  if (dy < 0)
    t = MIN (t, (inset - cy) / dy);
  ex = cx + t * dx;
  ey = cy + t * dy;

  story_label_extents (cr, feature, SITMAP_STORY_EDGE_TAB_SIZE, &logical);
  w = logical.width + 22;
  h = logical.height + 6;

  for (int attempt = 0; attempt < 60; attempt++)
    {
      /* Slide along the edge, alternately each way, until free. */
      double shift = (attempt + 1) / 2 * (h + 3) * (attempt % 2 ? 1 : -1);
      gboolean vertical_edge = fabs (ex - inset) < 1 || fabs (ex - (viewport->width - inset)) < 1;
      SitmapRect tab, padded;

      tab.width = w;
      tab.height = h;
      /* On whole pixels, as the callouts are: crisp edges, and the same
       * pixels as the tab moves, so a pan copies it rather than drawing. */
      tab.x = round (CLAMP (ex - w / 2 + (vertical_edge ? 0 : shift), inset, viewport->width - inset - w));
      tab.y = round (CLAMP (ey - h / 2 + (vertical_edge ? shift : 0), inset, viewport->height - inset - h));

      /* Kept a few pixels clear of the next tab, so they read apart. */
      padded = sitmap_rect_inflate (&tab, 2);
      if (sitmap_collision_is_free (collision, &padded))
        {
          sitmap_collision_add (collision, &tab);
          item->has_tab = TRUE;
          item->tab = tab;
          item->tab_dx = dx;
          item->tab_dy = dy;
          return TRUE;
        }
    }

  return FALSE;
}

/* A line whose middle is off the map still needs a handle: the last of
 * its vertices in view, which for a movement is nearest the arrowhead. */
static gboolean
find_visible_line_point (SitmapStoryLayout     *self,
                         const SitmapViewport *viewport,
                         guint                 feature_index,
                         double               *x,
                         double               *y)
{
  const double inset = 30;

  for (guint l = 0; l < self->line_feature->len; l++)
    {
      const SitmapShape *shape;

      if (g_array_index (self->line_feature, guint, l) != feature_index)
        continue;

      shape = sitmap_layer_get_shape (self->lines, l);
      for (guint k = shape->n_points; k-- > 0;)
        {
          double sx, sy;

          if (isnan (shape->xy[2 * k]))
            continue;
          sitmap_viewport_to_screen (viewport, shape->xy[2 * k], shape->xy[2 * k + 1], &sx, &sy);
          if (sx >= inset && sy >= inset && sx <= viewport->width - inset && sy <= viewport->height - inset)
            {
              *x = sx;
              *y = sy;
              return TRUE;
            }
        }
    }

  return FALSE;
}

static int
compare_by_priority (gconstpointer a,
                     gconstpointer b,
                     gpointer      data)
{
  SitmapStory *story = data;
  guint ia = *(const guint *)a, ib = *(const guint *)b;
  int pa = _sitmap_story_feature_priority (sitmap_story_get_feature (story, ia));
  int pb = _sitmap_story_feature_priority (sitmap_story_get_feature (story, ib));

  if (pa != pb)
    return pb - pa;
  return ia < ib ? -1 : ia > ib;
}

/* Everything the story has placed so far, without the country names. */
static SitmapCollision *
story_collision (SitmapStoryLayout *self,
                 const SitmapRect  *reserved,
                 guint              n_reserved)
{
  SitmapCollision *collision = sitmap_collision_new ();

  for (guint i = 0; i < n_reserved; i++)
    sitmap_collision_add (collision, &reserved[i]);
  if (self->has_title)
    sitmap_collision_add (collision, &self->title_box);
  if (self->has_legend)
    sitmap_collision_add (collision, &self->legend_box);
  if (self->has_inset)
    sitmap_collision_add (collision, &self->inset_box);
  for (guint i = 0; i < self->items->len; i++)
    {
      const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if (item->has_marker)
        sitmap_collision_add (collision, &item->marker);
      if (item->has_label)
        sitmap_collision_add (collision, &item->label);
      if (item->has_tab)
        sitmap_collision_add (collision, &item->tab);
    }
  return collision;
}

/* Each callout hangs away from the middle of the places that have one:
 * out of the crowd, where there is room, and the same way at any size or
 * proportions of the view, since the direction from the middle of the
 * anchors to one of them does not change when the view is scaled or
 * widened. */
static void
preferred_sides (GArray *requests,
                 GArray *sides)
{
  double cx = 0, cy = 0, spread_x = 0, spread_y = 0;

  g_array_set_size (sides, requests->len);
  if (requests->len < 2)
    {
      for (guint r = 0; r < requests->len; r++)
        g_array_index (sides, SitmapCalloutSide, r) = (SitmapCalloutSide) { 1, -1 };
      return;
    }

  for (guint r = 0; r < requests->len; r++)
    {
      const SitmapCalloutRequest *request = &g_array_index (requests, SitmapCalloutRequest, r);

      cx += request->anchor_x / requests->len;
      cy += request->anchor_y / requests->len;
    }
  for (guint r = 0; r < requests->len; r++)
    {
      const SitmapCalloutRequest *request = &g_array_index (requests, SitmapCalloutRequest, r);

      spread_x = MAX (spread_x, fabs (request->anchor_x - cx));
      spread_y = MAX (spread_y, fabs (request->anchor_y - cy));
    }
  for (guint r = 0; r < requests->len; r++)
    {
      const SitmapCalloutRequest *request = &g_array_index (requests, SitmapCalloutRequest, r);
      double dx = request->anchor_x - cx, dy = request->anchor_y - cy;
      SitmapCalloutSide *side = &g_array_index (sides, SitmapCalloutSide, r);

      /* Only an anchor on the middle itself has no side; near it, the
       * side is as arbitrary as anywhere but the same at every size. */
      side->dx = fabs (dx) <= 1e-6 * spread_x ? 1 : dx > 0 ? 1 : -1;
      side->dy = fabs (dy) <= 1e-6 * spread_y ? -1 : dy > 0 ? 1 : -1;
    }
}

/* A newsroom inset: a small fixed share of the view, never so small it
 * shows nothing nor so large it covers the story. */
static gboolean
inset_size (const SitmapViewport *viewport,
            double               *width,
            double               *height)
{
  double w = CLAMP (round (MIN (viewport->width, viewport->height * 1.6) * 0.15), 120, 220);

  *width = w;
  *height = round (w * 0.72);
  return viewport->width >= 4 * w && viewport->height >= 3.5 * *height;
}

void
sitmap_story_layout_compute (SitmapStoryLayout         *self,
                             const SitmapViewport     *viewport,
                             const SitmapStoryOptions *options,
                             const SitmapRect         *reserved,
                             guint                     n_reserved)
{
  guint n = sitmap_story_get_n_features (self->story);
  g_autoptr(SitmapCollision) collision = sitmap_collision_new ();
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  g_autoptr(GArray) requests = g_array_new (FALSE, FALSE, sizeof (SitmapCalloutRequest));
  g_autoptr(GArray) request_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(SitmapStoryNames) names = NULL;
  cairo_t *cr;

  if (self->has_layout &&
      self->layout_viewport.centre_x == viewport->centre_x &&
      self->layout_viewport.centre_y == viewport->centre_y &&
      self->layout_viewport.resolution == viewport->resolution &&
      self->layout_viewport.width == viewport->width &&
      self->layout_viewport.height == viewport->height &&
      memcmp (&self->layout_options, options, sizeof *options) == 0)
    return;

  cr = _sitmap_text_measuring_context ();
  self->has_layout = TRUE;
  self->layout_viewport = *viewport;
  self->layout_options = *options;
  g_array_set_size (self->items, 0);
  g_array_set_size (self->items, n);
  g_array_set_size (self->obstacles, 0);
  g_clear_pointer (&self->names, g_array_unref);
  self->has_title = FALSE;
  self->has_legend = FALSE;
  self->has_inset = FALSE;

  for (guint i = 0; i < n_reserved; i++)
    sitmap_collision_add (collision, &reserved[i]);


  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_by_priority, self->story);

  /* Markers first: every place in view gets its symbol, even where two
   * crowd each other, because a missing marker would misinform. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
      SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);
      double sx, sy;

      if (isnan (self->anchor_xy[2 * i]) || isnan (self->anchor_xy[2 * i + 1]))
        continue;

      sitmap_viewport_to_screen (viewport, self->anchor_xy[2 * i], self->anchor_xy[2 * i + 1], &sx, &sy);
      /* Symbols sit on whole pixels: half a pixel is nothing on a map,
       * and a symbol drawn at the same place within its pixel every frame
       * is copied rather than drawn again as the view zooms. */
      item->anchor_x = sx = round (sx);
      item->anchor_y = sy = round (sy);
      item->in_view = sx >= 0 && sy >= 0 && sx <= viewport->width && sy <= viewport->height;
      if (!item->in_view && feature->geometry_kind == SITMAP_GEOMETRY_LINES)
        item->in_view = find_visible_line_point (self, viewport, i, &item->anchor_x, &item->anchor_y);

      if (!item->in_view || !_sitmap_story_feature_has_marker (feature))
        continue;

      if (feature->kind == SITMAP_STORY_KIND_FORCE)
        item->marker = sitmap_symbol_force_extent (sx, sy, SITMAP_STORY_FORCE_SYMBOL_SIZE, feature->echelon, options->symbol_style);
      else
        {
          SitmapPlaceSymbol symbol = _sitmap_story_place_symbol_for (feature);

          item->marker = sitmap_symbol_place_extent (sx, sy, _sitmap_story_place_symbol_size (symbol), symbol);
        }
      item->has_marker = TRUE;
      sitmap_collision_add (collision, &item->marker);
    }

  /* The title block and the legend go where they hide least; labels and
   * callouts then keep clear of them. */
  {
    static const Corner title_order[] = { CORNER_TOP_LEFT, CORNER_TOP_RIGHT, CORNER_BOTTOM_LEFT, CORNER_BOTTOM_RIGHT };
    static const Corner legend_order[] = { CORNER_BOTTOM_RIGHT, CORNER_TOP_RIGHT, CORNER_BOTTOM_LEFT, CORNER_TOP_LEFT };
    static const Corner inset_order[] = { CORNER_TOP_RIGHT, CORNER_BOTTOM_LEFT, CORNER_BOTTOM_RIGHT, CORNER_TOP_LEFT };
    g_autoptr(SitmapCollision) fixed = sitmap_collision_new ();

    for (guint i = 0; i < n_reserved; i++)
      sitmap_collision_add (fixed, &reserved[i]);

    if (options->show_title)
      {
        const PangoRectangle *logical = title_extents (self, cr);
        double w, h;

        w = logical->width + 20;
        h = logical->height + 16;
        self->has_title = w < viewport->width * 0.8 && h < viewport->height * 0.4 &&
                           choose_corner (self, viewport, w, h, fixed, title_order,
                                          G_N_ELEMENTS (title_order), &self->title_box);
        if (self->has_title)
          {
            sitmap_collision_add (fixed, &self->title_box);
            sitmap_collision_add (collision, &self->title_box);
          }
      }

    if (options->show_legend)
      {
        build_legend (self, options);
        measure_legend (self, cr, viewport);
        if (self->has_legend)
          self->has_legend = choose_corner (self, viewport, self->legend_box.width, self->legend_box.height,
                                             fixed, legend_order, G_N_ELEMENTS (legend_order), &self->legend_box);
        if (self->has_legend)
          {
            sitmap_collision_add (fixed, &self->legend_box);
            sitmap_collision_add (collision, &self->legend_box);
          }
      }

    if (options->show_inset)
      {
        double w, h;

        self->has_inset = inset_size (viewport, &w, &h) &&
                          choose_corner (self, viewport, w, h, fixed, inset_order,
                                         G_N_ELEMENTS (inset_order), &self->inset_box);
        if (self->has_inset)
          sitmap_collision_add (collision, &self->inset_box);
      }
  }

  /* The names of the countries the story is about come before its labels
   * and callouts, which keep clear of them where they can. */
  if (options->countries)
    {
      names = _sitmap_story_names_new (self, viewport, options->countries);
      _sitmap_story_names_place_first (names, collision);
    }

  /* Labels next, in priority order, where there is room. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
      SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if (!item->in_view)
        continue;

      item->label = label_size (cr, feature);
      item->has_label = sitmap_label_place_by_marker (collision, viewport, item->has_marker ? &item->marker : NULL,
                                     item->anchor_x, item->anchor_y, &item->label);
      /* Where only a country's name is in the way, the label wins and the
       * name moves. */
      if (!item->has_label && names)
        {
          g_autoptr(SitmapCollision) bare = story_collision (self, reserved, n_reserved);

          item->has_label = sitmap_label_place_by_marker (bare, viewport, item->has_marker ? &item->marker : NULL,
                                                          item->anchor_x, item->anchor_y, &item->label);
          if (item->has_label)
            sitmap_collision_add (collision, &item->label);
        }
    }

  /* Off-screen places with a marker become tabs on the edge. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
      SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if (item->in_view || !_sitmap_story_feature_has_marker (feature) || isnan (self->anchor_xy[2 * i]))
        continue;
      if (!place_edge_tab (collision, viewport, cr, feature, item->anchor_x, item->anchor_y, item) && names)
        {
          g_autoptr(SitmapCollision) bare = story_collision (self, reserved, n_reserved);

          if (place_edge_tab (bare, viewport, cr, feature, item->anchor_x, item->anchor_y, item))
            sitmap_collision_add (collision, &item->tab);
        }
    }


  if (options->show_callouts)
    {
      g_autoptr(GArray) obstacle_rects = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
      g_autoptr(GArray) soft_rects = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
      g_autoptr(GArray) sides = g_array_new (FALSE, FALSE, sizeof (SitmapCalloutSide));
      SitmapCalloutHints hints = { 0 };
      SitmapCalloutPlacement *placements;

      for (guint i = 0; i < n; i++)
        {
          const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
          const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);
          SitmapCalloutRequest request;

          if (feature->figures->len == 0 || (!item->in_view && !feature->callout_pinned))
            continue;

          measure_callout (self, cr, i, &request.width, &request.height);
          if (feature->callout_pinned)
            {
              place_pinned_callout (self, viewport, i, request.width, request.height);
              continue;
            }
          request.anchor_x = item->anchor_x;
          request.anchor_y = item->anchor_y;
          request.priority = _sitmap_story_feature_priority (feature);
          g_array_append_val (requests, request);
          g_array_append_val (request_feature, i);
        }

      for (guint i = 0; i < n; i++)
        {
          const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

          if (item->has_marker)
            g_array_append_val (obstacle_rects, item->marker);
          if (item->has_label)
            g_array_append_val (obstacle_rects, item->label);
          if (item->has_tab)
            g_array_append_val (obstacle_rects, item->tab);
        }
      for (guint i = 0; i < n_reserved; i++)
        g_array_append_val (obstacle_rects, reserved[i]);
      /* The user put these where they are: the others keep clear. */
      for (guint i = 0; i < n; i++)
        {
          const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

          if (item->has_callout)
            g_array_append_val (obstacle_rects, item->callout.box);
        }
      if (self->has_title)
        g_array_append_val (obstacle_rects, self->title_box);
      if (self->has_legend)
        g_array_append_val (obstacle_rects, self->legend_box);

      if (self->has_inset)
        g_array_append_val (obstacle_rects, self->inset_box);
      if (names)
        _sitmap_story_names_add_obstacles (names, soft_rects);
      preferred_sides (requests, sides);
      hints.soft_obstacles = (const SitmapRect *)(void *)soft_rects->data;
      hints.n_soft_obstacles = soft_rects->len;
      hints.preferred_sides = (const SitmapCalloutSide *)(void *)sides->data;

      placements = g_new0 (SitmapCalloutPlacement, MAX (requests->len, 1));
      {
        /* The names as rules first; as costs only where that leaves a
         * callout out, since a figure matters more than a name. */
        guint n_hard = obstacle_rects->len, placed_hard, placed_soft;
        SitmapCalloutPlacement *soft = g_new0 (SitmapCalloutPlacement, MAX (requests->len, 1));
        SitmapCalloutHints side_only = hints;

        g_array_append_vals (obstacle_rects, soft_rects->data, soft_rects->len);
        side_only.n_soft_obstacles = 0;
        placed_hard = sitmap_callouts_layout_with_hints ((const SitmapCalloutRequest *)(void *)requests->data, requests->len,
                                                         (const SitmapRect *)(void *)obstacle_rects->data, obstacle_rects->len,
                                                         viewport->width, viewport->height, &side_only, placements);
        g_array_set_size (obstacle_rects, n_hard);
        if (placed_hard < requests->len && soft_rects->len > 0)
          {
            placed_soft = sitmap_callouts_layout_with_hints ((const SitmapCalloutRequest *)(void *)requests->data, requests->len,
                                                             (const SitmapRect *)(void *)obstacle_rects->data, obstacle_rects->len,
                                                             viewport->width, viewport->height, &hints, soft);
            if (placed_soft > placed_hard)
              memcpy (placements, soft, requests->len * sizeof *placements);
          }
        g_free (soft);
      }
      for (guint r = 0; r < requests->len; r++)
        {
          SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, g_array_index (request_feature, guint, r));

          item->has_callout = placements[r].placed;
          item->callout = placements[r];
        }
      g_free (placements);
    }

  /* What the basemap's own labels must keep clear of. */
  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if (item->has_marker)
        g_array_append_val (self->obstacles, item->marker);
      if (item->has_label)
        g_array_append_val (self->obstacles, item->label);
      if (item->has_tab)
        g_array_append_val (self->obstacles, item->tab);
      if (item->has_callout)
        g_array_append_val (self->obstacles, item->callout.box);
    }
  if (self->has_title)
    g_array_append_val (self->obstacles, self->title_box);
  if (self->has_legend)
    g_array_append_val (self->obstacles, self->legend_box);
  if (self->has_inset)
    g_array_append_val (self->obstacles, self->inset_box);

  /* The names last: those placed early stay unless the story had to take
   * their room, and the other countries are named where room is left. */
  if (names)
    {
      g_autoptr(SitmapCollision) taken = sitmap_collision_new ();

      for (guint i = 0; i < n_reserved; i++)
        sitmap_collision_add (taken, &reserved[i]);
      sitmap_story_layout_add_obstacles (self, taken);
      self->names = _sitmap_story_names_finish (names, taken);
    }
}

void
sitmap_story_layout_add_obstacles (SitmapStoryLayout *self,
                                   SitmapCollision  *collision)
{
  for (guint i = 0; i < self->obstacles->len; i++)
    sitmap_collision_add (collision, &g_array_index (self->obstacles, SitmapRect, i));
}

/* ---- Queries ---------------------------------------------------------------- */

gboolean
_sitmap_story_item_box (const SitmapStoryItem *item,
                        SitmapRect *box)
{
  if (item->has_marker)
    *box = item->marker;
  else if (item->has_tab)
    *box = item->tab;
  else if (item->has_label)
    *box = item->label;
  else
    return FALSE;
  return TRUE;
}

static double
distance_to_segment (double px, double py,
                     double ax, double ay,
                     double bx, double by)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  return hypot (ax + t * dx - px, ay + t * dy - py);
}

int
sitmap_story_layout_hit_test (SitmapStoryLayout     *self,
                              const SitmapViewport *viewport,
                              double                x,
                              double                y)
{
  double mx, my;

  if (!self->has_layout)
    return -1;

  /* Topmost first: callouts, then markers, labels and tabs. */
  for (guint i = 0; i < self->items->len; i++)
    {
      const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if (item->has_callout && sitmap_rect_contains (&item->callout.box, x, y))
        return i;
    }
  for (guint i = 0; i < self->items->len; i++)
    {
      const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);

      if ((item->has_marker && sitmap_rect_contains (&item->marker, x, y)) ||
          (item->has_label && sitmap_rect_contains (&item->label, x, y)) ||
          (item->has_tab && sitmap_rect_contains (&item->tab, x, y)))
        return i;
    }

  for (guint l = 0; l < self->line_feature->len; l++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (self->lines, l);

      for (guint p = 0; p < shape->n_parts; p++)
        for (guint k = shape->part_start[p]; k + 1 < shape->part_start[p + 1]; k++)
          {
            double ax, ay, bx, by;

            sitmap_viewport_to_screen (viewport, shape->xy[2 * k], shape->xy[2 * k + 1], &ax, &ay);
            sitmap_viewport_to_screen (viewport, shape->xy[2 * k + 2], shape->xy[2 * k + 3], &bx, &by);
            if (distance_to_segment (x, y, ax, ay, bx, by) < 7)
              return g_array_index (self->line_feature, guint, l);
          }
    }

  sitmap_viewport_to_map (viewport, x, y, &mx, &my);
  for (guint a = 0; a < self->area_feature->len; a++)
    if (sitmap_shape_contains (sitmap_layer_get_shape (self->areas, a), mx, my))
      return g_array_index (self->area_feature, guint, a);

  return -1;
}

gboolean
sitmap_story_layout_get_feature_box (SitmapStoryLayout *self,
                                     guint             index,
                                     SitmapRect       *box)
{
  if (!self->has_layout || index >= self->items->len)
    return FALSE;

  if (_sitmap_story_item_box (&g_array_index (self->items, SitmapStoryItem, index), box))
    return TRUE;

  /* An area or movement whose name found no room is still reachable:
   * a small target on its anchor, if that is in view. */
  {
    const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, index);

    if (!item->in_view)
      return FALSE;
    *box = (SitmapRect) { item->anchor_x - 8, item->anchor_y - 8, 16, 16 };
    return TRUE;
  }
}

guint
sitmap_story_layout_get_boxes (SitmapStoryLayout *self,
                               guint              index,
                               SitmapRect        *marker,
                               SitmapRect        *label,
                               SitmapRect        *callout)
{
  const SitmapStoryItem *item;
  guint which = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (!self->has_layout || index >= self->items->len)
    return 0;

  item = &g_array_index (self->items, SitmapStoryItem, index);
  if (item->has_marker || item->has_tab)
    {
      if (marker)
        *marker = item->has_marker ? item->marker : item->tab;
      which |= SITMAP_LAYOUT_MARKER;
    }
  if (item->has_label)
    {
      if (label)
        *label = item->label;
      which |= SITMAP_LAYOUT_LABEL;
    }
  if (item->has_callout)
    {
      if (callout)
        *callout = item->callout.box;
      which |= SITMAP_LAYOUT_CALLOUT;
    }
  return which;
}

gboolean
sitmap_story_layout_get_callout_leader (SitmapStoryLayout *self,
                                        guint              index,
                                        double            *x0,
                                        double            *y0,
                                        double            *x1,
                                        double            *y1)
{
  const SitmapStoryItem *item;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_layout || index >= self->items->len)
    return FALSE;
  item = &g_array_index (self->items, SitmapStoryItem, index);
  if (!item->has_callout)
    return FALSE;
  *x0 = item->callout.leader_x0;
  *y0 = item->callout.leader_y0;
  *x1 = item->callout.leader_x1;
  *y1 = item->callout.leader_y1;
  return TRUE;
}

gboolean
sitmap_story_layout_get_anchor (SitmapStoryLayout *self,
                                guint             index,
                                double           *x,
                                double           *y)
{
  guint n = sitmap_story_get_n_features (self->story);

  if (index >= n || isnan (self->anchor_xy[2 * index]))
    return FALSE;
  *x = self->anchor_xy[2 * index];
  *y = self->anchor_xy[2 * index + 1];
  return TRUE;
}

GArray *
sitmap_story_layout_get_names (SitmapStoryLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->has_layout ? self->names : NULL;
}

gboolean
sitmap_story_layout_get_inset (SitmapStoryLayout *self,
                               SitmapRect        *box)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->has_layout || !self->has_inset)
    return FALSE;
  if (box)
    *box = self->inset_box;
  return TRUE;
}

char *
sitmap_story_layout_describe (SitmapStoryLayout *self)
{
  GString *text = g_string_new (NULL);
  guint n = sitmap_story_get_n_features (self->story);
  gboolean first = TRUE;
  SitmapMapLanguage *language = sitmap_map_language_get_for_tag (sitmap_story_get_language (self->story));

  /* TRANSLATORS: the start of the map's description, as an image's
   * alternative text; %s is the story's title. */
  g_string_append_printf (text, sitmap_map_language_pgettext (language, "map description", "Situation map for “%s”"),
                          sitmap_story_get_title (self->story));
  /* The date as ISO 8601, which reads the same in every language. */
  if (sitmap_story_get_publication (self->story))
    g_string_append_printf (text, " (%s, %s)", sitmap_story_get_publication (self->story),
                            sitmap_story_get_date (self->story) ? sitmap_story_get_date (self->story) : "");
  g_string_append (text, sitmap_map_language_pgettext (language, "map description", ". It shows "));

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryItem *item = self->has_layout ? &g_array_index (self->items, SitmapStoryItem, i) : NULL;

      if (item && !item->in_view && !item->has_tab)
        continue;
      g_string_append_printf (text, "%s%s", first ? "" : ", ", sitmap_story_get_feature (self->story, i)->name);
      first = FALSE;
    }
  g_string_append_c (text, '.');

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (self->story, i);
      const SitmapStoryItem *item = self->has_layout ? &g_array_index (self->items, SitmapStoryItem, i) : NULL;

      if (feature->figures->len == 0 || (item && !item->has_callout))
        continue;
      g_string_append_printf (text, " %s:", feature->name);
      for (guint f = 0; f < feature->figures->len; f++)
        {
          g_autofree char *figure = sitmap_map_language_format_figure (language,
                                                                       &g_array_index (feature->figures,
                                                                                       SitmapFigure, f));

          g_string_append_printf (text, "%s %s", f ? ";" : "", figure);
        }
      g_string_append_c (text, '.');
    }

  if (sitmap_story_get_convention (self->story))
    g_string_append_printf (text, " %s", sitmap_story_get_convention (self->story));

  return g_string_free (text, FALSE);
}

gboolean
sitmap_story_layout_get_title_box (SitmapStoryLayout *self,
                                   SitmapRect        *box)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  if (!self->has_title)
    return FALSE;
  *box = self->title_box;
  return TRUE;
}
