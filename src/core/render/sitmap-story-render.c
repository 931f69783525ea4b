/* sitmap-story-render.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sitmap-map-language.h"
#include "sitmap-path-private.h"
#include "sitmap-text-private.h"
#include "sitmap-sprite-cache-private.h"
#include "sitmap-story-render-private.h"

#define VIEW_MARGIN        10.0
#define LABEL_SIZE         12.5
#define LABEL_GAP          3.0
#define CALLOUT_MAX_WIDTH  230.0
#define CALLOUT_PADDING    7.0
#define CALLOUT_ACCENT     4.0
#define TITLE_MAX_WIDTH    470.0
#define EDGE_TAB_SIZE      11.5
#define LABEL_MAX_WIDTH    240.0
/* Room for the pieces of a few views at HiDPI: the legend, the largest,
 * is about a megabyte there. */
#define SPRITE_BYTES       (6 * 1024 * 1024)

typedef struct
{
  gboolean   in_view;
  gboolean   has_marker;
  SitmapRect marker;
  gboolean   has_label;
  SitmapRect label;
  gboolean   has_tab;        /* off-screen place shown at the view's edge */
  SitmapRect tab;
  double     tab_dx, tab_dy; /* unit vector towards the place */
  gboolean   has_callout;
  SitmapCalloutPlacement callout;
  double     anchor_x, anchor_y;
} Item;

typedef enum
{
  LEGEND_FORCE,
  LEGEND_PLACE,
  LEGEND_AREA,
  LEGEND_MOVEMENT,
  LEGEND_BORDER,
  LEGEND_CALLOUT,
} LegendKind;

typedef struct
{
  LegendKind        kind;
  SitmapAffiliation affiliation;
  gboolean          en_route;
  SitmapPlaceSymbol place;
  gboolean          occupied;
  char             *text;
} LegendEntry;

struct _SitmapStoryScene
{
  SitmapStory       *story;
  SitmapProjection  *projection;

  SitmapLayer       *areas;          /* one polygon feature per story area */
  SitmapLayer       *lines;          /* movements and borders */
  GArray            *area_feature;   /* guint: story index per area */
  GArray            *line_feature;   /* guint: story index per line */
  double            *anchor_xy;      /* projected anchor per story feature */

  gboolean           has_layout;
  SitmapViewport     layout_viewport;
  SitmapStoryOptions layout_options;
  GArray            *items;          /* Item per story feature */
  GArray            *obstacles;      /* SitmapRect taken by the layout */
  gboolean           has_title;
  SitmapRect         title_box;
  gboolean           has_legend;
  SitmapRect         legend_box;
  guint              legend_rows;
  double             legend_column_width;
  GArray            *legend;         /* LegendEntry */

  /* Text measured once: the story does not change, and the layout is
   * measured in a context of its own, whatever the view. */
  gboolean           title_measured;
  PangoRectangle     title_logical;
  double            *callout_size;   /* width, height per feature; NAN until measured */

  /* Callouts, labels, tabs, the title block and the legend as last
   * drawn, so a pan copies them. */
  SitmapSpriteCache *sprites;
};

/* ---- Classification ------------------------------------------------------ */

static gboolean
feature_has_marker (const SitmapStoryFeature *feature)
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

static SitmapPlaceSymbol
place_symbol_for (const SitmapStoryFeature *feature)
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

static double
place_symbol_size (SitmapPlaceSymbol symbol)
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

#define FORCE_SYMBOL_SIZE 22.0

/* Drawing order and placement priority: what the story is about first. */
static int
feature_priority (const SitmapStoryFeature *feature)
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

/* ---- Scene ---------------------------------------------------------------- */

static double *
copy_doubles (const double *src,
              gsize         n)
{
  return g_memdup2 (src, n * sizeof (double));
}

SitmapStoryScene *
_sitmap_story_scene_new (SitmapStory      *story,
                         SitmapProjection *projection)
{
  SitmapStoryScene *scene = g_new0 (SitmapStoryScene, 1);
  guint n = sitmap_story_get_n_features (story);

  scene->story = g_object_ref (story);
  scene->projection = g_object_ref (projection);
  scene->areas = sitmap_layer_new ("story areas", SITMAP_GEOMETRY_POLYGONS, NULL);
  scene->lines = sitmap_layer_new ("story lines", SITMAP_GEOMETRY_LINES, NULL);
  scene->area_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  scene->line_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  scene->anchor_xy = g_new (double, 2 * MAX (n, 1));
  scene->items = g_array_new (FALSE, TRUE, sizeof (Item));
  scene->obstacles = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
  scene->legend = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  scene->callout_size = g_new (double, 2 * MAX (n, 1));
  for (guint i = 0; i < 2 * n; i++)
    scene->callout_size[i] = NAN;
  scene->sprites = _sitmap_sprite_cache_new (SPRITE_BYTES);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      gsize n_points = feature->n_parts ? feature->part_start[feature->n_parts] : 0;

      scene->anchor_xy[2 * i] = feature->anchor_lon;
      scene->anchor_xy[2 * i + 1] = feature->anchor_lat;

      if (n_points == 0)
        continue;

      if (feature->geometry_kind == SITMAP_GEOMETRY_POLYGONS)
        {
          sitmap_layer_take_feature (scene->areas, g_strdup (feature->name), NULL, feature->n_parts,
                                     g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)),
                                     copy_doubles (feature->lonlat, 2 * n_points));
          g_array_append_val (scene->area_feature, i);
        }
      else if (feature->geometry_kind == SITMAP_GEOMETRY_LINES)
        {
          sitmap_layer_take_feature (scene->lines, g_strdup (feature->name), NULL, feature->n_parts,
                                     g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)),
                                     copy_doubles (feature->lonlat, 2 * n_points));
          g_array_append_val (scene->line_feature, i);
        }
    }

  sitmap_projection_forward (projection, scene->anchor_xy, n);
  sitmap_layer_project (scene->areas, projection);
  sitmap_layer_project (scene->lines, projection);
  return scene;
}

static void
clear_legend (SitmapStoryScene *scene)
{
  for (guint i = 0; i < scene->legend->len; i++)
    g_free (g_array_index (scene->legend, LegendEntry, i).text);
  g_array_set_size (scene->legend, 0);
}

void
_sitmap_story_scene_free (SitmapStoryScene *scene)
{
  if (scene == NULL)
    return;

  clear_legend (scene);
  _sitmap_sprite_cache_free (scene->sprites);
  g_free (scene->callout_size);
  g_array_unref (scene->legend);
  g_array_unref (scene->obstacles);
  g_array_unref (scene->items);
  g_array_unref (scene->area_feature);
  g_array_unref (scene->line_feature);
  g_free (scene->anchor_xy);
  g_object_unref (scene->areas);
  g_object_unref (scene->lines);
  g_object_unref (scene->projection);
  g_object_unref (scene->story);
  g_free (scene);
}

SitmapStory *
_sitmap_story_scene_get_story (SitmapStoryScene *scene)
{
  return scene->story;
}

/* ---- Text blocks ------------------------------------------------------------ */

/* A scratch context for measuring text: layout must not depend on the
 * surface being drawn to. */
static cairo_t *
measuring_context (void)
{
  static cairo_surface_t *surface;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
      g_once_init_leave (&initialised, 1);
    }
  return cairo_create (surface);
}

static void
append_with_attr (GString        *text,
                  PangoAttrList  *attrs,
                  const char     *piece,
                  PangoAttribute *attr)
{
  gsize start = text->len;

  g_string_append (text, piece);
  if (attr)
    {
      attr->start_index = start;
      attr->end_index = text->len;
      pango_attr_list_insert (attrs, attr);
    }
}

/* The callout's text: a bold title, one line per figure with the number
 * large, and who says so, small. */
static SitmapMapLanguage *
story_language (SitmapStory *story)
{
  return sitmap_map_language_get_for_tag (sitmap_story_get_language (story));
}

static PangoLayout *
callout_layout_new (cairo_t                  *cr,
                    SitmapMapLanguage        *language,
                    const SitmapStoryFeature *feature)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  PangoLayout *layout;

  if (feature->callout_title)
    {
      append_with_attr (text, attrs, feature->callout_title, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      g_string_append_c (text, '\n');
    }

  for (guint i = 0; i < feature->figures->len; i++)
    {
      const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);
      g_autofree char *number = sitmap_map_language_format_figure_number (language, figure);
      const char *qualifier = sitmap_map_language_figure_qualifier (language, figure);

      if (qualifier)
        {
          g_string_append (text, qualifier);
          g_string_append_c (text, ' ');
        }
      {
        gsize start = text->len;
        PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
        PangoAttribute *big = pango_attr_scale_new (1.45);

        g_string_append (text, number);
        bold->start_index = big->start_index = start;
        bold->end_index = big->end_index = text->len;
        pango_attr_list_insert (attrs, bold);
        pango_attr_list_insert (attrs, big);
      }
      g_string_append_c (text, ' ');
      g_string_append (text, figure->unit);
      g_string_append_c (text, '\n');

      if (figure->source && !g_ptr_array_find_with_equal_func (sources, figure->source, g_str_equal, NULL))
        g_ptr_array_add (sources, figure->source);
    }

  if (sources->len)
    {
      /* TRANSLATORS: before who gives a callout's figures. */
      g_autoptr(GString) line = g_string_new (sitmap_map_language_pgettext (language, "map callout", "Source:"));

      g_string_append_c (line, ' ');

      for (guint i = 0; i < sources->len; i++)
        {
          if (i)
            g_string_append (line, "; ");
          g_string_append (line, g_ptr_array_index (sources, i));
        }
      {
        gsize start = text->len;
        PangoAttribute *small = pango_attr_scale_new (0.82);
        PangoAttribute *italic = pango_attr_style_new (PANGO_STYLE_ITALIC);
        PangoAttribute *grey = pango_attr_foreground_new (0x5e00, 0x5c00, 0x6400);

        g_string_append (text, line->str);
        small->start_index = italic->start_index = grey->start_index = start;
        small->end_index = italic->end_index = grey->end_index = text->len;
        pango_attr_list_insert (attrs, small);
        pango_attr_list_insert (attrs, italic);
        pango_attr_list_insert (attrs, grey);
      }
    }

  while (text->len && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);

  layout = _sitmap_text_layout_new (cr, text->str, 11.5, PANGO_WEIGHT_NORMAL);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, (int)((CALLOUT_MAX_WIDTH - 2 * CALLOUT_PADDING - CALLOUT_ACCENT) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_attr_list_unref (attrs);
  return layout;
}

static void
measure_callout (SitmapStoryScene *scene,
                 cairo_t          *cr,
                 guint             index,
                 double           *width,
                 double           *height)
{
  double *size = &scene->callout_size[2 * index];

  if (isnan (size[0]))
    {
      g_autoptr(PangoLayout) layout = callout_layout_new (cr, story_language (scene->story),
                                                             sitmap_story_get_feature (scene->story, index));
      PangoRectangle logical;

      pango_layout_get_pixel_extents (layout, NULL, &logical);
      size[0] = logical.width + 2 * CALLOUT_PADDING + CALLOUT_ACCENT;
      size[1] = logical.height + 2 * CALLOUT_PADDING - 2;
    }
  *width = size[0];
  *height = size[1];
}

static PangoLayout *
title_layout_new (cairo_t     *cr,
                  SitmapStory *story)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *date = sitmap_map_language_format_date (story_language (story),
                                                           sitmap_story_get_date (story));
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoLayout *layout;

  {
    PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
    PangoAttribute *big = pango_attr_scale_new (1.5);
    gsize start = text->len;

    g_string_append (text, sitmap_story_get_title (story));
    bold->start_index = big->start_index = start;
    bold->end_index = big->end_index = text->len;
    pango_attr_list_insert (attrs, bold);
    pango_attr_list_insert (attrs, big);
  }

  g_string_append_c (text, '\n');
  if (sitmap_story_get_publication (story))
    g_string_append (text, sitmap_story_get_publication (story));
  if (sitmap_story_get_publication (story) && *date)
    g_string_append (text, " · ");
  g_string_append (text, date);

  if (sitmap_story_get_convention (story))
    {
      PangoAttribute *italic = pango_attr_style_new (PANGO_STYLE_ITALIC);
      PangoAttribute *small = pango_attr_scale_new (0.9);
      gsize start;

      g_string_append_c (text, '\n');
      start = text->len;
      g_string_append (text, sitmap_story_get_convention (story));
      italic->start_index = small->start_index = start;
      italic->end_index = small->end_index = text->len;
      pango_attr_list_insert (attrs, italic);
      pango_attr_list_insert (attrs, small);
    }

  layout = _sitmap_text_layout_new (cr, text->str, 11.5, PANGO_WEIGHT_NORMAL);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, (int)((TITLE_MAX_WIDTH - 20) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_attr_list_unref (attrs);
  return layout;
}

static const PangoRectangle *
title_extents (SitmapStoryScene *scene,
               cairo_t          *cr)
{
  if (!scene->title_measured)
    {
      g_autoptr(PangoLayout) layout = title_layout_new (cr, scene->story);

      pango_layout_get_pixel_extents (layout, NULL, &scene->title_logical);
      scene->title_measured = TRUE;
    }
  return &scene->title_logical;
}

/* ---- Legend ----------------------------------------------------------------- */

static gboolean
legend_has (SitmapStoryScene  *scene,
            const LegendEntry *entry)
{
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const LegendEntry *other = &g_array_index (scene->legend, LegendEntry, i);

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
build_legend (SitmapStoryScene         *scene,
              const SitmapStoryOptions *options)
{
  guint n = sitmap_story_get_n_features (scene->story);
  SitmapMapLanguage *language = story_language (scene->story);

  clear_legend (scene);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      const Item *item = &g_array_index (scene->items, Item, i);
      LegendEntry entry = { 0 };
      const SidePhrases *phrases = side_phrases_for (feature->side);
      const char *text;

      /* Only what is drawn: an edge tab shows no symbol. */
      if (!item->in_view)
        continue;

      entry.affiliation = sitmap_affiliation_for_side (feature->side);
      switch (feature->kind)
        {
        case SITMAP_STORY_KIND_FORCE:
          entry.kind = LEGEND_FORCE;
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
          entry.kind = LEGEND_PLACE;
          entry.place = place_symbol_for (feature);
          entry.affiliation = SITMAP_AFFILIATION_UNKNOWN;
          text = feature->kind == SITMAP_STORY_KIND_CAPITAL ? NC_("map legend", "Capital") :
                 feature->kind == SITMAP_STORY_KIND_VENUE ? NC_("map legend", "Talks") :
                 feature->kind == SITMAP_STORY_KIND_EVENT ? NC_("map legend", "Event") :
                 NC_("map legend", "City");
          break;
        case SITMAP_STORY_KIND_OCCUPIED:
        case SITMAP_STORY_KIND_AREA:
          entry.kind = feature->geometry_kind == SITMAP_GEOMETRY_POINTS ? LEGEND_PLACE : LEGEND_AREA;
          entry.place = SITMAP_PLACE_SYMBOL_AREA;
          entry.occupied = feature->kind == SITMAP_STORY_KIND_OCCUPIED;
          if (entry.kind == LEGEND_PLACE)
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
          entry.kind = LEGEND_MOVEMENT;
          text = phrases->movement;
          break;
        case SITMAP_STORY_KIND_BORDER:
          entry.kind = LEGEND_BORDER;
          text = NC_("map legend", "Border in the story");
          break;
        default:
          continue;
        }

      entry.text = g_strdup (sitmap_map_language_pgettext (language, "map legend", text));
      if (legend_has (scene, &entry))
        g_free (entry.text);
      else
        g_array_append_val (scene->legend, entry);
    }

  if (options->show_callouts)
    for (guint i = 0; i < n; i++)
      if (g_array_index (scene->items, Item, i).in_view &&
          sitmap_story_get_feature (scene->story, i)->figures->len > 0)
        {
          LegendEntry entry = { LEGEND_CALLOUT, SITMAP_AFFILIATION_UNKNOWN, FALSE, 0, FALSE,
                                g_strdup (sitmap_map_language_pgettext (language, "map legend",
                                                                        "Figures as the article gives them")) };
          g_array_append_val (scene->legend, entry);
          break;
        }
}

#define LEGEND_ROW 19.0
#define LEGEND_SYMBOL_COLUMN 28.0
#define LEGEND_TEXT_SIZE 10.5

static PangoLayout *
legend_text_layout_new (cairo_t       *cr,
                        gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, LEGEND_TEXT_SIZE, PANGO_WEIGHT_NORMAL);
}

static void
legend_text (const LegendEntry  *entry,
             char              **key,
             SitmapText         *text)
{
  *key = g_strconcat ("legend\x1f", entry->text, NULL);
  text->key = *key;
  text->new_layout = legend_text_layout_new;
  text->data = entry->text;
}

static void
measure_legend (SitmapStoryScene     *scene,
                cairo_t              *cr,
                const SitmapViewport *viewport)
{
  double width = 0;

  for (guint i = 0; i < scene->legend->len; i++)
    {
      LegendEntry *entry = &g_array_index (scene->legend, LegendEntry, i);
      g_autofree char *key = NULL;
      SitmapText text;
      PangoRectangle logical;

      legend_text (entry, &key, &text);
      _sitmap_text_get_extents (cr, &text, NULL, &logical);
      width = MAX (width, logical.width);
    }

  scene->has_legend = scene->legend->len > 0;
  scene->legend_column_width = width + LEGEND_SYMBOL_COLUMN + 10;

  /* One column where the view is tall enough, two on a short wide view,
   * none where either would cover most of the map. */
  for (guint columns = 1; columns <= 2; columns++)
    {
      guint rows = (scene->legend->len + columns - 1) / columns;
      double w = scene->legend_column_width * columns + 10;
      double h = rows * LEGEND_ROW + 14;

      scene->legend_rows = MAX (rows, 1);
      scene->legend_box.width = w;
      scene->legend_box.height = h;
      if (w <= viewport->width * 0.45 && h <= viewport->height * (columns == 1 ? 0.4 : 0.3))
        return;
    }

  scene->legend_rows = MAX (scene->legend->len, 1);
  scene->legend_box.width = scene->legend_column_width + 10;
  scene->legend_box.height = scene->legend->len * LEGEND_ROW + 14;
  if (scene->legend_box.width > viewport->width * 0.45 || scene->legend_box.height > viewport->height * 0.6)
    scene->has_legend = FALSE;
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
choose_corner (SitmapStoryScene     *scene,
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
      SitmapRect box = { right ? viewport->width - w - VIEW_MARGIN : VIEW_MARGIN,
                         bottom ? viewport->height - h - VIEW_MARGIN : VIEW_MARGIN, w, h };
      int score = 0;

      if (!sitmap_collision_is_free (blocked, &box))
        {
          /* The bottom-left corner belongs to the scale bar: sit on it. */
          if (order[k] != CORNER_BOTTOM_LEFT)
            continue;
          box.y -= 44;
          if (box.y < VIEW_MARGIN || !sitmap_collision_is_free (blocked, &box))
            continue;
        }

      for (guint i = 0; i < scene->items->len; i++)
        {
          const Item *item = &g_array_index (scene->items, Item, i);
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

/* ---- Layout ----------------------------------------------------------------- */

static gboolean
rect_inside_view (const SitmapRect     *rect,
                  const SitmapViewport *viewport)
{
  return rect->x >= 2 && rect->y >= 2 &&
         rect->x + rect->width <= viewport->width - 2 &&
         rect->y + rect->height <= viewport->height - 2;
}

/* Labels come from files anyone can write: one line, ellipsized when
 * long, never markup. */
static PangoLayout *
label_layout_new (cairo_t                  *cr,
                  const SitmapStoryFeature *feature,
                  double                    size)
{
  PangoLayout *layout = _sitmap_text_layout_new (cr, feature->label, size,
                                                 feature->kind == SITMAP_STORY_KIND_CAPITAL
                                                   ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_SEMIBOLD);

  pango_layout_set_width (layout, (int)(LABEL_MAX_WIDTH * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

typedef struct
{
  const SitmapStoryFeature *feature;
  double                    size;
  gboolean                  italic;
  char                     *key;
} StoryLabel;

static PangoLayout *
story_label_layout_new (cairo_t       *cr,
                        gconstpointer  data)
{
  const StoryLabel *label = data;
  PangoLayout *layout = label_layout_new (cr, label->feature, label->size);

  if (label->italic)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

/* Keyed by what label_layout_new() reads, since measurements are shared
 * by every story drawn in the thread. */
static void
story_label_init (StoryLabel               *label,
                  SitmapText               *text,
                  const SitmapStoryFeature *feature,
                  double                    size,
                  gboolean                  italic)
{
  label->feature = feature;
  label->size = size;
  label->italic = italic;
  label->key = g_strdup_printf ("story-label\x1f%a\x1f%d\x1f%d\x1f%s", size,
                                feature->kind == SITMAP_STORY_KIND_CAPITAL, italic, feature->label);
  text->key = label->key;
  text->new_layout = story_label_layout_new;
  text->data = label;
}

static void
story_label_clear (StoryLabel *label)
{
  g_free (label->key);
}

static void
story_label_extents (cairo_t                  *cr,
                     const SitmapStoryFeature *feature,
                     double                    size,
                     PangoRectangle           *logical)
{
  StoryLabel label;
  SitmapText text;

  story_label_init (&label, &text, feature, size, FALSE);
  _sitmap_text_get_extents (cr, &text, NULL, logical);
  story_label_clear (&label);
}

static SitmapRect
label_size (cairo_t                  *cr,
            const SitmapStoryFeature *feature)
{
  PangoRectangle logical;
  SitmapRect rect = { 0, 0, 0, 0 };

  story_label_extents (cr, feature, LABEL_SIZE, &logical);
  rect.width = logical.width;
  rect.height = logical.height;
  return rect;
}

/* Tries the usual cartographic positions around a marker: right, left,
 * above, below, then the diagonals. */
static gboolean
place_label (SitmapCollision      *collision,
             const SitmapViewport *viewport,
             const SitmapRect     *marker,
             double                anchor_x,
             double                anchor_y,
             SitmapRect           *label)
{
  double w = label->width, h = label->height;
  SitmapRect candidates[9];
  guint n = 0;

  if (marker)
    {
      double cy = marker->y + marker->height / 2 - h / 2;
      double cx = marker->x + marker->width / 2 - w / 2;

      candidates[n++] = (SitmapRect) { marker->x + marker->width + LABEL_GAP, cy, w, h };
      candidates[n++] = (SitmapRect) { marker->x - LABEL_GAP - w, cy, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y - LABEL_GAP - h, w, h };
      candidates[n++] = (SitmapRect) { cx, marker->y + marker->height + LABEL_GAP, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x + marker->width, marker->y + marker->height - 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y - h + 2, w, h };
      candidates[n++] = (SitmapRect) { marker->x - w, marker->y + marker->height - 2, w, h };
    }
  else
    {
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y - h * 1.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w / 2, anchor_y + h * 0.6, w, h };
      candidates[n++] = (SitmapRect) { anchor_x + 6, anchor_y - h / 2, w, h };
      candidates[n++] = (SitmapRect) { anchor_x - w - 6, anchor_y - h / 2, w, h };
    }

  /* Whole pixels, like the markers they sit by. */
  for (guint i = 0; i < n; i++)
    {
      candidates[i].x = round (candidates[i].x);
      candidates[i].y = round (candidates[i].y);
    }

  for (guint i = 0; i < n; i++)
    if (rect_inside_view (&candidates[i], viewport) && sitmap_collision_is_free (collision, &candidates[i]))
      {
        *label = candidates[i];
        sitmap_collision_add (collision, label);
        return TRUE;
      }

  return FALSE;
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
                Item                     *item)
{
  PangoRectangle logical;
  double cx = viewport->width / 2, cy = viewport->height / 2;
  double dx = anchor_x - cx, dy = anchor_y - cy, length = hypot (dx, dy);
  double inset = VIEW_MARGIN + 4, t, ex, ey, w, h;

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

  story_label_extents (cr, feature, EDGE_TAB_SIZE, &logical);
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
find_visible_line_point (SitmapStoryScene     *scene,
                         const SitmapViewport *viewport,
                         guint                 feature_index,
                         double               *x,
                         double               *y)
{
  const double inset = 30;

  for (guint l = 0; l < scene->line_feature->len; l++)
    {
      const SitmapShape *shape;

      if (g_array_index (scene->line_feature, guint, l) != feature_index)
        continue;

      shape = sitmap_layer_get_shape (scene->lines, l);
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
  int pa = feature_priority (sitmap_story_get_feature (story, ia));
  int pb = feature_priority (sitmap_story_get_feature (story, ib));

  if (pa != pb)
    return pb - pa;
  return ia < ib ? -1 : ia > ib;
}

void
_sitmap_story_scene_layout (SitmapStoryScene         *scene,
                            const SitmapViewport     *viewport,
                            const SitmapStoryOptions *options,
                            const SitmapRect         *reserved,
                            guint                     n_reserved)
{
  guint n = sitmap_story_get_n_features (scene->story);
  g_autoptr(SitmapCollision) collision = sitmap_collision_new ();
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (guint), n);
  g_autoptr(GArray) requests = g_array_new (FALSE, FALSE, sizeof (SitmapCalloutRequest));
  g_autoptr(GArray) request_feature = g_array_new (FALSE, FALSE, sizeof (guint));
  cairo_t *cr;

  if (scene->has_layout &&
      scene->layout_viewport.centre_x == viewport->centre_x &&
      scene->layout_viewport.centre_y == viewport->centre_y &&
      scene->layout_viewport.resolution == viewport->resolution &&
      scene->layout_viewport.width == viewport->width &&
      scene->layout_viewport.height == viewport->height &&
      memcmp (&scene->layout_options, options, sizeof *options) == 0)
    return;

  cr = measuring_context ();
  scene->has_layout = TRUE;
  scene->layout_viewport = *viewport;
  scene->layout_options = *options;
  g_array_set_size (scene->items, 0);
  g_array_set_size (scene->items, n);
  g_array_set_size (scene->obstacles, 0);
  scene->has_title = FALSE;
  scene->has_legend = FALSE;

  for (guint i = 0; i < n_reserved; i++)
    sitmap_collision_add (collision, &reserved[i]);


  for (guint i = 0; i < n; i++)
    g_array_append_val (order, i);
  g_array_sort_with_data (order, compare_by_priority, scene->story);

  /* Markers first: every place in view gets its symbol, even where two
   * crowd each other, because a missing marker would misinform. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      Item *item = &g_array_index (scene->items, Item, i);
      double sx, sy;

      if (isnan (scene->anchor_xy[2 * i]) || isnan (scene->anchor_xy[2 * i + 1]))
        continue;

      sitmap_viewport_to_screen (viewport, scene->anchor_xy[2 * i], scene->anchor_xy[2 * i + 1], &sx, &sy);
      /* Symbols sit on whole pixels: half a pixel is nothing on a map,
       * and a symbol drawn at the same place within its pixel every frame
       * is copied rather than drawn again as the view zooms. */
      item->anchor_x = sx = round (sx);
      item->anchor_y = sy = round (sy);
      item->in_view = sx >= 0 && sy >= 0 && sx <= viewport->width && sy <= viewport->height;
      if (!item->in_view && feature->geometry_kind == SITMAP_GEOMETRY_LINES)
        item->in_view = find_visible_line_point (scene, viewport, i, &item->anchor_x, &item->anchor_y);

      if (!item->in_view || !feature_has_marker (feature))
        continue;

      if (feature->kind == SITMAP_STORY_KIND_FORCE)
        item->marker = sitmap_symbol_force_extent (sx, sy, FORCE_SYMBOL_SIZE, feature->echelon, options->symbol_style);
      else
        {
          SitmapPlaceSymbol symbol = place_symbol_for (feature);

          item->marker = sitmap_symbol_place_extent (sx, sy, place_symbol_size (symbol), symbol);
        }
      item->has_marker = TRUE;
      sitmap_collision_add (collision, &item->marker);
    }

  /* The title block and the legend go where they hide least; labels and
   * callouts then keep clear of them. */
  {
    static const Corner title_order[] = { CORNER_TOP_LEFT, CORNER_TOP_RIGHT, CORNER_BOTTOM_LEFT, CORNER_BOTTOM_RIGHT };
    static const Corner legend_order[] = { CORNER_BOTTOM_RIGHT, CORNER_TOP_RIGHT, CORNER_BOTTOM_LEFT, CORNER_TOP_LEFT };
    g_autoptr(SitmapCollision) fixed = sitmap_collision_new ();

    for (guint i = 0; i < n_reserved; i++)
      sitmap_collision_add (fixed, &reserved[i]);

    if (options->show_title)
      {
        const PangoRectangle *logical = title_extents (scene, cr);
        double w, h;

        w = logical->width + 20;
        h = logical->height + 16;
        scene->has_title = w < viewport->width * 0.8 && h < viewport->height * 0.4 &&
                           choose_corner (scene, viewport, w, h, fixed, title_order,
                                          G_N_ELEMENTS (title_order), &scene->title_box);
        if (scene->has_title)
          {
            sitmap_collision_add (fixed, &scene->title_box);
            sitmap_collision_add (collision, &scene->title_box);
          }
      }

    if (options->show_legend)
      {
        build_legend (scene, options);
        measure_legend (scene, cr, viewport);
        if (scene->has_legend)
          scene->has_legend = choose_corner (scene, viewport, scene->legend_box.width, scene->legend_box.height,
                                             fixed, legend_order, G_N_ELEMENTS (legend_order), &scene->legend_box);
        if (scene->has_legend)
          sitmap_collision_add (collision, &scene->legend_box);
      }
  }

  /* Labels next, in priority order, where there is room. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      Item *item = &g_array_index (scene->items, Item, i);

      if (!item->in_view)
        continue;

      item->label = label_size (cr, feature);
      item->has_label = place_label (collision, viewport, item->has_marker ? &item->marker : NULL,
                                     item->anchor_x, item->anchor_y, &item->label);
    }

  /* Off-screen places with a marker become tabs on the edge. */
  for (guint k = 0; k < n; k++)
    {
      guint i = g_array_index (order, guint, k);
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      Item *item = &g_array_index (scene->items, Item, i);

      if (item->in_view || !feature_has_marker (feature) || isnan (scene->anchor_xy[2 * i]))
        continue;
      place_edge_tab (collision, viewport, cr, feature, item->anchor_x, item->anchor_y, item);
    }


  if (options->show_callouts)
    {
      g_autoptr(GArray) obstacle_rects = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
      SitmapCalloutPlacement *placements;

      for (guint i = 0; i < n; i++)
        {
          const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
          const Item *item = &g_array_index (scene->items, Item, i);
          SitmapCalloutRequest request;

          if (!item->in_view || feature->figures->len == 0)
            continue;

          measure_callout (scene, cr, i, &request.width, &request.height);
          request.anchor_x = item->anchor_x;
          request.anchor_y = item->anchor_y;
          request.priority = feature_priority (feature);
          g_array_append_val (requests, request);
          g_array_append_val (request_feature, i);
        }

      for (guint i = 0; i < n; i++)
        {
          const Item *item = &g_array_index (scene->items, Item, i);

          if (item->has_marker)
            g_array_append_val (obstacle_rects, item->marker);
          if (item->has_label)
            g_array_append_val (obstacle_rects, item->label);
          if (item->has_tab)
            g_array_append_val (obstacle_rects, item->tab);
        }
      for (guint i = 0; i < n_reserved; i++)
        g_array_append_val (obstacle_rects, reserved[i]);
      if (scene->has_title)
        g_array_append_val (obstacle_rects, scene->title_box);
      if (scene->has_legend)
        g_array_append_val (obstacle_rects, scene->legend_box);

      placements = g_new0 (SitmapCalloutPlacement, MAX (requests->len, 1));
      sitmap_callouts_layout ((const SitmapCalloutRequest *)(void *)requests->data, requests->len,
                              (const SitmapRect *)(void *)obstacle_rects->data, obstacle_rects->len,
                              viewport->width, viewport->height, placements);
      for (guint r = 0; r < requests->len; r++)
        {
          Item *item = &g_array_index (scene->items, Item, g_array_index (request_feature, guint, r));

          item->has_callout = placements[r].placed;
          item->callout = placements[r];
        }
      g_free (placements);
    }

  /* What the basemap's own labels must keep clear of. */
  for (guint i = 0; i < n; i++)
    {
      const Item *item = &g_array_index (scene->items, Item, i);

      if (item->has_marker)
        g_array_append_val (scene->obstacles, item->marker);
      if (item->has_label)
        g_array_append_val (scene->obstacles, item->label);
      if (item->has_tab)
        g_array_append_val (scene->obstacles, item->tab);
      if (item->has_callout)
        g_array_append_val (scene->obstacles, item->callout.box);
    }
  if (scene->has_title)
    g_array_append_val (scene->obstacles, scene->title_box);
  if (scene->has_legend)
    g_array_append_val (scene->obstacles, scene->legend_box);

  cairo_destroy (cr);
}

void
_sitmap_story_scene_add_obstacles (SitmapStoryScene *scene,
                                   SitmapCollision  *collision)
{
  for (guint i = 0; i < scene->obstacles->len; i++)
    sitmap_collision_add (collision, &g_array_index (scene->obstacles, SitmapRect, i));
}

/* ---- Painting --------------------------------------------------------------- */

static void
paint_area (SitmapStoryScene         *scene,
            cairo_t                  *cr,
            const SitmapViewport     *viewport,
            guint                     area_index,
            const SitmapStoryFeature *feature)
{
  const SitmapShape *shape = sitmap_layer_get_shape (scene->areas, area_index);
  gboolean occupied = feature->kind == SITMAP_STORY_KIND_OCCUPIED;
  double r, g, b;

  feature_colour (feature, &r, &g, &b);
  cairo_new_path (cr);
  _sitmap_path_append_shape (cr, viewport, shape, TRUE, FALSE);
  sitmap_symbol_hatch_path (cr, r, g, b, occupied ? 5 : 7, occupied ? 45 : -45, occupied);
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
paint_line (SitmapStoryScene         *scene,
            cairo_t                  *cr,
            const SitmapViewport     *viewport,
            guint                     line_index,
            const SitmapStoryFeature *feature)
{
  const SitmapShape *shape = sitmap_layer_get_shape (scene->lines, line_index);
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
_sitmap_story_scene_paint_shapes (SitmapStoryScene     *scene,
                                  cairo_t              *cr,
                                  const SitmapViewport *viewport)
{
  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  for (guint a = 0; a < scene->area_feature->len; a++)
    paint_area (scene, cr, viewport, a,
                sitmap_story_get_feature (scene->story, g_array_index (scene->area_feature, guint, a)));

  /* Borders under movements, so arrows read on top. */
  for (int pass = 0; pass < 2; pass++)
    for (guint l = 0; l < scene->line_feature->len; l++)
      {
        const SitmapStoryFeature *feature =
          sitmap_story_get_feature (scene->story, g_array_index (scene->line_feature, guint, l));
        gboolean is_movement = feature->kind == SITMAP_STORY_KIND_MOVEMENT;

        if (is_movement == (pass == 1))
          paint_line (scene, cr, viewport, l, feature);
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
    sitmap_symbol_draw_force (cr, marker->x, marker->y, FORCE_SYMBOL_SIZE,
                              sitmap_affiliation_for_side (feature->side), feature->echelon,
                              feature->status == SITMAP_FORCE_STATUS_EN_ROUTE, marker->style);
  else
    {
      SitmapPlaceSymbol symbol = place_symbol_for (feature);
      double r, g, b;

      feature_colour (feature, &r, &g, &b);
      sitmap_symbol_draw_place (cr, marker->x, marker->y, place_symbol_size (symbol), symbol, r, g, b);
    }
}

/* A marker looks the same wherever it stands, so it is a sprite too. */
static void
paint_marker (SitmapStoryScene         *scene,
              cairo_t                  *cr,
              guint                     index,
              const SitmapStoryFeature *feature,
              const Item               *item)
{
  Marker marker = { feature, scene->layout_options.symbol_style, item->anchor_x, item->anchor_y };
  g_autofree char *key = g_strdup_printf ("marker\x1f%u\x1f%d", index, (int)marker.style);
  SitmapRect extent, bounds;

  if (feature->kind == SITMAP_STORY_KIND_FORCE)
    extent = sitmap_symbol_force_extent (marker.x, marker.y, FORCE_SYMBOL_SIZE, feature->echelon, marker.style);
  else
    {
      SitmapPlaceSymbol symbol = place_symbol_for (feature);

      extent = sitmap_symbol_place_extent (marker.x, marker.y, place_symbol_size (symbol), symbol);
    }
  /* Room for the outline's stroke and antialiasing around the extent. */
  bounds = sitmap_rect_inflate (&extent, 3);
  _sitmap_sprite_cache_paint (scene->sprites, cr, key, &bounds, paint_marker_symbol, &marker);
}

static void
paint_label (SitmapStoryScene         *scene,
             cairo_t                  *cr,
             const SitmapStoryFeature *feature,
             const Item               *item)
{
  gboolean area = !feature_has_marker (feature);
  double r = 0.14, g = 0.12, b = 0.19;
  StoryLabel label;
  SitmapText text;

  /* Areas and movements are named in their own colour, in italics. */
  story_label_init (&label, &text, feature, LABEL_SIZE, area);
  if (area)
    {
      feature_colour (feature, &r, &g, &b);
      r *= 0.8; g *= 0.8; b *= 0.8;
    }

  _sitmap_text_draw_with_halo (cr, scene->sprites, &text, item->label.x, item->label.y, r, g, b);
  story_label_clear (&label);
}

typedef struct
{
  const SitmapStoryFeature *feature;
  const SitmapRect         *box;
  SitmapMapLanguage        *language;
} Panel;

/* The tab's panel and name. */
static void
paint_tab_panel (cairo_t       *cr,
                 gconstpointer  data)
{
  const Panel *panel = data;
  g_autoptr(PangoLayout) layout = label_layout_new (cr, panel->feature, EDGE_TAB_SIZE);

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
paint_tab (SitmapStoryScene         *scene,
           cairo_t                  *cr,
           guint                     index,
           const SitmapStoryFeature *feature,
           const Item               *item)
{
  const SitmapRect *tab = &item->tab;
  int step = (int)lround (atan2 (item->tab_dy, item->tab_dx) / (2 * G_PI) * TAB_ARROW_STEPS);
  Panel panel = { feature, tab };
  TabArrow arrow = { tab->x + 9, tab->y + tab->height / 2, step * 2 * G_PI / TAB_ARROW_STEPS };
  SitmapRect bounds = sitmap_rect_inflate (tab, 1);
  SitmapRect arrow_bounds = { arrow.x - 8, arrow.y - 8, 16, 16 };
  g_autofree char *key = g_strdup_printf ("tab\x1f%u", index);
  g_autofree char *arrow_key = g_strdup_printf ("tab-arrow\x1f%d", step);

  _sitmap_sprite_cache_paint (scene->sprites, cr, key, &bounds, paint_tab_panel, &panel);
  _sitmap_sprite_cache_paint (scene->sprites, cr, arrow_key, &arrow_bounds, paint_tab_arrow, &arrow);
}

static void
paint_callout_panel (cairo_t       *cr,
                     gconstpointer  data)
{
  const Panel *panel = data;
  g_autoptr(PangoLayout) layout = callout_layout_new (cr, panel->language, panel->feature);
  double r, g, b;

  feature_colour (panel->feature, &r, &g, &b);

  paint_panel (cr, panel->box);
  cairo_rectangle (cr, panel->box->x, panel->box->y + 2, CALLOUT_ACCENT, panel->box->height - 4);
  cairo_set_source_rgb (cr, r, g, b);
  cairo_fill (cr);

  cairo_move_to (cr, panel->box->x + CALLOUT_ACCENT + CALLOUT_PADDING, panel->box->y + CALLOUT_PADDING - 1);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  pango_cairo_show_layout (cr, layout);
}

static void
paint_callout (SitmapStoryScene         *scene,
               cairo_t                  *cr,
               guint                     index,
               const SitmapStoryFeature *feature,
               const Item               *item)
{
  const SitmapCalloutPlacement *placement = &item->callout;
  Panel panel = { feature, &placement->box, story_language (scene->story) };
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

  _sitmap_sprite_cache_paint (scene->sprites, cr, key, &bounds, paint_callout_panel, &panel);
  cairo_restore (cr);
}

static void
paint_legend_panel (cairo_t       *cr,
                    gconstpointer  data)
{
  const SitmapStoryScene *scene = data;
  const SitmapRect *box = &scene->legend_box;

  paint_panel (cr, box);

  for (guint i = 0; i < scene->legend->len; i++)
    {
      const LegendEntry *entry = &g_array_index (scene->legend, LegendEntry, i);
      double column_x = box->x + scene->legend_column_width * (i / scene->legend_rows);
      double sx = column_x + 10 + LEGEND_SYMBOL_COLUMN / 2 - 4;
      double sy = box->y + 7 + LEGEND_ROW * (i % scene->legend_rows) + LEGEND_ROW / 2;
      g_autoptr(PangoLayout) layout = _sitmap_text_layout_new (cr, entry->text, LEGEND_TEXT_SIZE, PANGO_WEIGHT_NORMAL);
      PangoRectangle logical;
      double r, g, b;

      sitmap_affiliation_colour (entry->affiliation, &r, &g, &b);
      switch (entry->kind)
        {
        case LEGEND_FORCE:
          sitmap_symbol_draw_force (cr, sx, sy, 15, entry->affiliation, NULL, entry->en_route,
                                    scene->layout_options.symbol_style);
          break;
        case LEGEND_PLACE:
          sitmap_symbol_draw_place (cr, sx, sy, MIN (place_symbol_size (entry->place), 14), entry->place,
                                    0.14, 0.12, 0.19);
          break;
        case LEGEND_AREA:
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
        case LEGEND_MOVEMENT:
          {
            double xy[4] = { sx - 12, sy + 3, sx + 12, sy - 3 };

            sitmap_affiliation_colour (entry->affiliation, &r, &g, &b);
            sitmap_symbol_draw_arrow (cr, xy, 2, 3.5, r, g, b);
          }
          break;
        case LEGEND_BORDER:
          cairo_save (cr);
          cairo_move_to (cr, sx - 12, sy);
          cairo_line_to (cr, sx + 12, sy);
          cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
          cairo_set_source_rgba (cr, 0.85, 0.2, 0.1, 0.35);
          cairo_set_line_width (cr, 7);
          cairo_stroke (cr);
          cairo_restore (cr);
          break;
        case LEGEND_CALLOUT:
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
      cairo_move_to (cr, column_x + 10 + LEGEND_SYMBOL_COLUMN, sy - logical.height / 2.0);
      cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
      pango_cairo_show_layout (cr, layout);
    }
}

/* Everything the legend's pixels depend on besides its place. */
static char *
legend_key (SitmapStoryScene *scene)
{
  GString *key = g_string_new ("legend");

  g_string_append_printf (key, "\x1f%u\x1f%a\x1f%d", scene->legend_rows, scene->legend_column_width,
                          scene->layout_options.symbol_style);
  for (guint i = 0; i < scene->legend->len; i++)
    {
      const LegendEntry *entry = &g_array_index (scene->legend, LegendEntry, i);

      g_string_append_printf (key, "\x1f%d %d %d %d %d %s", entry->kind, entry->affiliation, entry->en_route,
                              entry->place, entry->occupied, entry->text);
    }
  return g_string_free (key, FALSE);
}

static void
paint_legend (SitmapStoryScene *scene,
              cairo_t          *cr)
{
  g_autofree char *key = legend_key (scene);
  SitmapRect bounds = sitmap_rect_inflate (&scene->legend_box, 1);

  _sitmap_sprite_cache_paint (scene->sprites, cr, key, &bounds, paint_legend_panel, scene);
}

static void
paint_title_panel (cairo_t       *cr,
                   gconstpointer  data)
{
  const SitmapStoryScene *scene = data;
  g_autoptr(PangoLayout) layout = title_layout_new (cr, scene->story);

  paint_panel (cr, &scene->title_box);
  cairo_move_to (cr, scene->title_box.x + 10, scene->title_box.y + 8);
  cairo_set_source_rgb (cr, 0.14, 0.12, 0.19);
  pango_cairo_show_layout (cr, layout);
}

static void
paint_title (SitmapStoryScene *scene,
             cairo_t          *cr)
{
  SitmapRect bounds = sitmap_rect_inflate (&scene->title_box, 1);

  _sitmap_sprite_cache_paint (scene->sprites, cr, "title", &bounds, paint_title_panel, scene);
}

static gboolean
feature_box (const Item *item,
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

static void
paint_highlight (SitmapStoryScene     *scene,
                 cairo_t              *cr,
                 const SitmapViewport *viewport,
                 int                   index,
                 gboolean              selected)
{
  const Item *item;
  SitmapRect box;

  if (index < 0 || (guint)index >= scene->items->len)
    return;
  item = &g_array_index (scene->items, Item, index);

  cairo_save (cr);
  /* GNOME's accent blue for selection, a softer one for hover. */
  if (selected)
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.95);
  else
    cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.55);
  cairo_set_line_width (cr, selected ? 2.5 : 2);

  for (guint a = 0; a < scene->area_feature->len; a++)
    if (g_array_index (scene->area_feature, guint, a) == (guint)index)
      {
        cairo_new_path (cr);
        _sitmap_path_append_shape (cr, viewport, sitmap_layer_get_shape (scene->areas, a), TRUE, FALSE);
        cairo_stroke (cr);
      }

  if (feature_box (item, &box))
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
_sitmap_story_scene_paint_overlay (SitmapStoryScene     *scene,
                                   cairo_t              *cr,
                                   const SitmapViewport *viewport,
                                   int                   hovered,
                                   int                   selected)
{
  guint n = scene->items->len;

  g_return_if_fail (scene->has_layout);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
  cairo_clip (cr);

  for (guint i = 0; i < n; i++)
    {
      const Item *item = &g_array_index (scene->items, Item, i);

      if (item->has_callout)
        paint_callout (scene, cr, i, sitmap_story_get_feature (scene->story, i), item);
    }

  for (guint i = 0; i < n; i++)
    {
      const Item *item = &g_array_index (scene->items, Item, i);

      if (item->has_marker)
        paint_marker (scene, cr, i, sitmap_story_get_feature (scene->story, i), item);
    }

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      const Item *item = &g_array_index (scene->items, Item, i);

      if (item->has_label)
        paint_label (scene, cr, feature, item);
      if (item->has_tab)
        paint_tab (scene, cr, i, feature, item);
    }

  if (scene->has_title)
    paint_title (scene, cr);
  if (scene->has_legend)
    paint_legend (scene, cr);

  if (hovered != selected)
    paint_highlight (scene, cr, viewport, hovered, FALSE);
  paint_highlight (scene, cr, viewport, selected, TRUE);

  cairo_restore (cr);
  _sitmap_sprite_cache_end_frame (scene->sprites);
}

/* ---- Queries ---------------------------------------------------------------- */

static double
distance_to_segment (double px, double py,
                     double ax, double ay,
                     double bx, double by)
{
  double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? CLAMP (((px - ax) * dx + (py - ay) * dy) / len2, 0, 1) : 0;

  return hypot (ax + t * dx - px, ay + t * dy - py);
}

static gboolean
rect_contains (const SitmapRect *rect,
               double            x,
               double            y)
{
  return x >= rect->x && y >= rect->y && x < rect->x + rect->width && y < rect->y + rect->height;
}

int
_sitmap_story_scene_hit_test (SitmapStoryScene     *scene,
                              const SitmapViewport *viewport,
                              double                x,
                              double                y)
{
  double mx, my;

  if (!scene->has_layout)
    return -1;

  /* Topmost first: callouts, then markers, labels and tabs. */
  for (guint i = 0; i < scene->items->len; i++)
    {
      const Item *item = &g_array_index (scene->items, Item, i);

      if (item->has_callout && rect_contains (&item->callout.box, x, y))
        return i;
    }
  for (guint i = 0; i < scene->items->len; i++)
    {
      const Item *item = &g_array_index (scene->items, Item, i);

      if ((item->has_marker && rect_contains (&item->marker, x, y)) ||
          (item->has_label && rect_contains (&item->label, x, y)) ||
          (item->has_tab && rect_contains (&item->tab, x, y)))
        return i;
    }

  for (guint l = 0; l < scene->line_feature->len; l++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (scene->lines, l);

      for (guint p = 0; p < shape->n_parts; p++)
        for (guint k = shape->part_start[p]; k + 1 < shape->part_start[p + 1]; k++)
          {
            double ax, ay, bx, by;

            sitmap_viewport_to_screen (viewport, shape->xy[2 * k], shape->xy[2 * k + 1], &ax, &ay);
            sitmap_viewport_to_screen (viewport, shape->xy[2 * k + 2], shape->xy[2 * k + 3], &bx, &by);
            if (distance_to_segment (x, y, ax, ay, bx, by) < 7)
              return g_array_index (scene->line_feature, guint, l);
          }
    }

  sitmap_viewport_to_map (viewport, x, y, &mx, &my);
  for (guint a = 0; a < scene->area_feature->len; a++)
    if (sitmap_shape_contains (sitmap_layer_get_shape (scene->areas, a), mx, my))
      return g_array_index (scene->area_feature, guint, a);

  return -1;
}

gboolean
_sitmap_story_scene_get_feature_box (SitmapStoryScene *scene,
                                     guint             index,
                                     SitmapRect       *box)
{
  if (!scene->has_layout || index >= scene->items->len)
    return FALSE;

  if (feature_box (&g_array_index (scene->items, Item, index), box))
    return TRUE;

  /* An area or movement whose name found no room is still reachable:
   * a small target on its anchor, if that is in view. */
  {
    const Item *item = &g_array_index (scene->items, Item, index);

    if (!item->in_view)
      return FALSE;
    *box = (SitmapRect) { item->anchor_x - 8, item->anchor_y - 8, 16, 16 };
    return TRUE;
  }
}

gboolean
_sitmap_story_scene_get_layout_boxes (SitmapStoryScene *scene,
                                      guint             index,
                                      SitmapRect       *marker,
                                      SitmapRect       *label,
                                      SitmapRect       *callout,
                                      guint            *which)
{
  const Item *item;

  if (!scene->has_layout || index >= scene->items->len)
    return FALSE;

  item = &g_array_index (scene->items, Item, index);
  *which = 0;
  if (item->has_marker)
    {
      *marker = item->marker;
      *which |= 1;
    }
  else if (item->has_tab)
    {
      *marker = item->tab;
      *which |= 1;
    }
  if (item->has_label)
    {
      *label = item->label;
      *which |= 2;
    }
  if (item->has_callout)
    {
      *callout = item->callout.box;
      *which |= 4;
    }
  return TRUE;
}

gboolean
_sitmap_story_scene_get_anchor (SitmapStoryScene *scene,
                                guint             index,
                                double           *x,
                                double           *y)
{
  guint n = sitmap_story_get_n_features (scene->story);

  if (index >= n || isnan (scene->anchor_xy[2 * index]))
    return FALSE;
  *x = scene->anchor_xy[2 * index];
  *y = scene->anchor_xy[2 * index + 1];
  return TRUE;
}

char *
_sitmap_story_scene_describe (SitmapStoryScene *scene)
{
  GString *text = g_string_new (NULL);
  guint n = sitmap_story_get_n_features (scene->story);
  gboolean first = TRUE;
  SitmapMapLanguage *language = story_language (scene->story);

  /* TRANSLATORS: the start of the map's description, as an image's
   * alternative text; %s is the story's title. */
  g_string_append_printf (text, sitmap_map_language_pgettext (language, "map description", "Situation map for “%s”"),
                          sitmap_story_get_title (scene->story));
  if (sitmap_story_get_publication (scene->story))
    {
      g_autofree char *date = sitmap_map_language_format_date (language, sitmap_story_get_date (scene->story));

      g_string_append_printf (text, " (%s, %s)", sitmap_story_get_publication (scene->story), date);
    }
  g_string_append (text, sitmap_map_language_pgettext (language, "map description", ". It shows "));

  for (guint i = 0; i < n; i++)
    {
      const Item *item = scene->has_layout ? &g_array_index (scene->items, Item, i) : NULL;

      if (item && !item->in_view && !item->has_tab)
        continue;
      g_string_append_printf (text, "%s%s", first ? "" : ", ", sitmap_story_get_feature (scene->story, i)->name);
      first = FALSE;
    }
  g_string_append_c (text, '.');

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (scene->story, i);
      const Item *item = scene->has_layout ? &g_array_index (scene->items, Item, i) : NULL;

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

  if (sitmap_story_get_convention (scene->story))
    g_string_append_printf (text, " %s", sitmap_story_get_convention (scene->story));

  return g_string_free (text, FALSE);
}
