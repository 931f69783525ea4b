/* sitmap-renderer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <pango/pangocairo.h>

#include <glib/gi18n-lib.h>

#include "sitmap-gazetteer.h"
#include "sitmap-label-placement.h"
#include "sitmap-map-language.h"
#include "sitmap-path-private.h"
#include "sitmap-point-labels-private.h"
#include "sitmap-text-private.h"
#include "sitmap-renderer.h"
#include "sitmap-sprite-cache-private.h"
#include "sitmap-story-layout-private.h"
#include "sitmap-story-render-private.h"
#include "sitmap-story-text-private.h"

struct _SitmapRenderer
{
  GObject           parent_instance;

  /* What is drawn; the renderer only paints it.  Its caches are keyed by
   * the map's generation at the last change that touched them. */
  SitmapMap        *map;
  gulong            changed_handler;
  guint64           story_generation;
  guint64           projection_generation;
  gboolean          show_graticule;
  gboolean          show_inset;

  /* Graticule lines at one spacing, for the projection of its generation. */
  SitmapLayer      *graticule;
  double            graticule_step;
  guint64           graticule_generation;

  SitmapStoryLayout *story_layout;  /* the story projected, and laid out for the last view */
  guint64           layout_generation;
  SitmapStoryOptions story_options;
  int               hovered;
  int               selected;

  gsize             last_vertex_count;

  /* Country names with their halos, as last drawn. */
  SitmapSpriteCache *label_sprites;

  /* While the view moves the inset holds still, so it is copied rather
   * than drawn again each frame, and the main map's extent moves across
   * it; held_inset is the inset as last drawn, for held_key. */
  gboolean          moving;
  SitmapViewport    held_inset;
  char             *held_key;         /* NULL until an inset is drawn */
};

G_DEFINE_FINAL_TYPE (SitmapRenderer, sitmap_renderer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MAP,
  PROP_SHOW_GRATICULE,
  PROP_SYMBOL_STYLE,
  PROP_SHOW_INSET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct { double r, g, b, a; } Colour;

static const Colour sea_colour        = { 0.776, 0.855, 0.922, 1 };
static const Colour coast_glow_colour = { 0.620, 0.757, 0.867, 1 };
static const Colour land_colour       = { 0.961, 0.949, 0.922, 1 };
static const Colour border_colour     = { 0.545, 0.529, 0.502, 1 };
static const Colour region_colour     = { 0.690, 0.675, 0.647, 1 };
static const Colour graticule_colour  = { 0.560, 0.690, 0.800, 0.8 };
static const Colour country_label_colour = { 0.370, 0.360, 0.390, 1 };
static const Colour user_fill_colour  = { 0.886, 0.561, 0.169, 0.25 };
static const Colour user_line_colour  = { 0.702, 0.345, 0.035, 1 };

/* Room for the country names of a few views at HiDPI: a name is a few
 * kilobytes of pixels. */
#define LABEL_SPRITE_BYTES (4 * 1024 * 1024)

static void
set_colour (cairo_t      *cr,
            const Colour *colour)
{
  cairo_set_source_rgba (cr, colour->r, colour->g, colour->b, colour->a);
}

static void
on_map_changed (SitmapMap       *map,
                SitmapMapChange  what,
                int              feature,
                SitmapRenderer  *self)
{
  guint64 generation = sitmap_map_get_generation (map);

  if (what & (SITMAP_MAP_CHANGE_STORY | SITMAP_MAP_CHANGE_PROJECTION | SITMAP_MAP_CHANGE_FEATURE |
              SITMAP_MAP_CHANGE_INFO))
    self->story_generation = generation;
  if (what & SITMAP_MAP_CHANGE_PROJECTION)
    self->projection_generation = generation;
  /* Highlights name features of the story that was. */
  if (what & SITMAP_MAP_CHANGE_STORY)
    self->hovered = self->selected = -1;
}

/* The story's geometry, projected, for the map's story as it is now. */
static SitmapStoryLayout *
current_story_layout (SitmapRenderer *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);

  if (story == NULL)
    g_clear_pointer (&self->story_layout, sitmap_story_layout_free);
  else if (self->story_layout == NULL || self->layout_generation != self->story_generation)
    {
      SitmapStoryLayout *fresh = sitmap_story_layout_new (story, sitmap_map_get_projection (self->map));

      if (self->story_layout)
        _sitmap_story_layout_adopt_sprites (fresh, self->story_layout);
      g_clear_pointer (&self->story_layout, sitmap_story_layout_free);
      self->story_layout = fresh;
      self->layout_generation = self->story_generation;
    }
  return self->story_layout;
}

static void
sitmap_renderer_dispose (GObject *object)
{
  SitmapRenderer *self = (SitmapRenderer *)object;

  g_clear_signal_handler (&self->changed_handler, self->map);
  g_clear_object (&self->map);

  G_OBJECT_CLASS (sitmap_renderer_parent_class)->dispose (object);
}

static void
sitmap_renderer_finalize (GObject *object)
{
  SitmapRenderer *self = (SitmapRenderer *)object;

  g_clear_object (&self->graticule);
  g_clear_pointer (&self->story_layout, sitmap_story_layout_free);
  g_clear_pointer (&self->label_sprites, _sitmap_sprite_cache_free);
  g_clear_pointer (&self->held_key, g_free);

  G_OBJECT_CLASS (sitmap_renderer_parent_class)->finalize (object);
}

static void
sitmap_renderer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SitmapRenderer *self = SITMAP_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_SHOW_GRATICULE:
      g_value_set_boolean (value, self->show_graticule);
      break;
    case PROP_SYMBOL_STYLE:
      g_value_set_int (value, self->story_options.symbol_style);
      break;
    case PROP_SHOW_INSET:
      g_value_set_boolean (value, self->show_inset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_renderer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SitmapRenderer *self = SITMAP_RENDERER (object);

  switch (prop_id)
    {
    case PROP_MAP:
      self->map = g_value_dup_object (value);
      self->story_generation = self->projection_generation = sitmap_map_get_generation (self->map);
      self->changed_handler = g_signal_connect (self->map, "changed", G_CALLBACK (on_map_changed), self);
      break;
    case PROP_SHOW_GRATICULE:
      sitmap_renderer_set_show_graticule (self, g_value_get_boolean (value));
      break;
    case PROP_SYMBOL_STYLE:
      sitmap_renderer_set_symbol_style (self, g_value_get_int (value));
      break;
    case PROP_SHOW_INSET:
      sitmap_renderer_set_show_inset (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_renderer_class_init (SitmapRendererClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sitmap_renderer_dispose;
  object_class->finalize = sitmap_renderer_finalize;
  object_class->get_property = sitmap_renderer_get_property;
  object_class->set_property = sitmap_renderer_set_property;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, SITMAP_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_GRATICULE] =
    g_param_spec_boolean ("show-graticule", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYMBOL_STYLE] =
    g_param_spec_int ("symbol-style", NULL, NULL,
                      SITMAP_SYMBOL_STYLE_MILITARY, SITMAP_SYMBOL_STYLE_PICTOGRAM, SITMAP_SYMBOL_STYLE_MILITARY,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_INSET] =
    g_param_spec_boolean ("show-inset", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sitmap_renderer_init (SitmapRenderer *self)
{
  self->story_options.symbol_style = SITMAP_SYMBOL_STYLE_MILITARY;
  self->story_options.show_callouts = TRUE;
  self->story_options.show_legend = TRUE;
  self->story_options.show_title = TRUE;
  self->show_inset = TRUE;
  self->hovered = -1;
  self->selected = -1;
  self->label_sprites = _sitmap_sprite_cache_new (LABEL_SPRITE_BYTES);
}

SitmapRenderer *
sitmap_renderer_new (SitmapMap *map)
{
  g_return_val_if_fail (SITMAP_IS_MAP (map), NULL);

  return g_object_new (SITMAP_TYPE_RENDERER, "map", map, NULL);
}

void
sitmap_renderer_start_fonts (void)
{
  /* Pango's font map hands fontconfig's set-up to a thread of its own
   * when it is made; this thread's map is the one every layout here
   * uses. */
  pango_cairo_font_map_get_default ();
}

SitmapRenderer *
sitmap_renderer_new_like (SitmapRenderer *self,
                          SitmapMap      *map)
{
  SitmapRenderer *like;

  g_return_val_if_fail (SITMAP_IS_RENDERER (self), NULL);
  g_return_val_if_fail (SITMAP_IS_MAP (map), NULL);

  like = sitmap_renderer_new (map);
  like->show_graticule = self->show_graticule;
  like->show_inset = self->show_inset;
  like->story_options.symbol_style = self->story_options.symbol_style;
  like->story_options.show_callouts = self->story_options.show_callouts;
  like->story_options.show_legend = self->story_options.show_legend;
  like->story_options.show_title = self->story_options.show_title;
  return like;
}

SitmapMap *
sitmap_renderer_get_map (SitmapRenderer *self)
{
  g_return_val_if_fail (SITMAP_IS_RENDERER (self), NULL);
  return self->map;
}

gboolean
sitmap_renderer_get_show_graticule (SitmapRenderer *self)
{
  g_return_val_if_fail (SITMAP_IS_RENDERER (self), FALSE);
  return self->show_graticule;
}

void
sitmap_renderer_set_show_graticule (SitmapRenderer *self,
                                    gboolean        show_graticule)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));

  show_graticule = !!show_graticule;
  if (self->show_graticule == show_graticule)
    return;
  self->show_graticule = show_graticule;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_GRATICULE]);
}

gboolean
sitmap_renderer_get_show_inset (SitmapRenderer *self)
{
  g_return_val_if_fail (SITMAP_IS_RENDERER (self), FALSE);
  return self->show_inset;
}

void
sitmap_renderer_set_show_inset (SitmapRenderer *self,
                                gboolean        show_inset)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));

  show_inset = !!show_inset;
  if (self->show_inset == show_inset)
    return;
  self->show_inset = show_inset;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_INSET]);
}

/* ---- Geometry to cairo paths ------------------------------------------- */

/* Without level of detail (small user layers): every visible shape,
 * straight to cairo's path. */
static void
append_visible_shapes (SitmapPathContext *ctx,
                       cairo_t     *cr,
                       SitmapLayer *layer,
                       gboolean     close_rings,
                       gboolean     skip_seam)
{
  guint n = sitmap_layer_get_n_features (layer);

  cairo_new_path (cr);
  for (guint f = 0; f < n; f++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (layer, f);

      if (_sitmap_path_shape_visible (ctx, shape))
        _sitmap_path_append (ctx, cr, shape, close_rings, skip_seam);
    }
}

/* ---- Basemap ----------------------------------------------------------- */

/* The frame's level of detail: the coarsest whose error stays below
 * SITMAP_LOD_TOLERANCE_DEVICE_PX. */
static guint
lod_level (SitmapPathContext *ctx,
           SitmapLod   *lod)
{
  return sitmap_lod_choose_level (lod, ctx->tolerance);
}

/* Fills the layer's polygons with cr's source, even-odd: the rings are
 * rebuilt from the shared arcs at the frame's level of detail. */
static void
draw_polygon_layer_fill (SitmapPathContext *ctx,
                         cairo_t     *cr,
                         SitmapLayer *layer)
{
  SitmapLod *lod = sitmap_layer_get_lod (layer);

  if (lod)
    {
      ctx->vertices += sitmap_lod_fill_rings (lod, cr, lod_level (ctx, lod), &ctx->lod_view);
      return;
    }

  append_visible_shapes (ctx, cr, layer, TRUE, FALSE);
  cairo_fill (cr);
}

/* Strokes the layer's outlines with cr's source and line settings.  Each
 * arc is stroked once: a border between two neighbours once rather than
 * once for each, which halves the cost of stroking, by far the largest
 * part of drawing a basemap. */
static void
draw_polygon_layer_outline (SitmapPathContext   *ctx,
                            cairo_t       *cr,
                            SitmapLayer   *layer,
                            SitmapLodArcs  which)
{
  SitmapLod *lod = sitmap_layer_get_lod (layer);

  if (lod)
    {
      ctx->vertices += sitmap_lod_stroke_arcs (lod, cr, lod_level (ctx, lod), &ctx->lod_view, which);
      return;
    }

  append_visible_shapes (ctx, cr, layer, TRUE, TRUE);
  cairo_stroke (cr);
}

static void
draw_line_layer (SitmapPathContext *ctx,
                 cairo_t     *cr,
                 SitmapLayer *layer)
{
  SitmapLod *lod = sitmap_layer_get_lod (layer);

  if (lod)
    {
      ctx->vertices += sitmap_lod_stroke_arcs (lod, cr, lod_level (ctx, lod), &ctx->lod_view, SITMAP_LOD_ARCS_ALL);
      return;
    }

  append_visible_shapes (ctx, cr, layer, FALSE, FALSE);
  cairo_stroke (cr);
}

static SitmapLodInk
ink (const Colour *colour,
     double        width)
{
  SitmapLodInk ink = { colour->r, colour->g, colour->b, colour->a, width };

  return ink;
}

static GArray *country_labels (SitmapRenderer    *self,
                               SitmapPathContext *ctx,
                               cairo_t           *cr,
                               SitmapLayer       *layer,
                               SitmapCollision   *collision,
                               double             margin);

/* The room the story's layout and the scale bar take, claimed once a
 * frame before the first name is placed.  Claiming lays out the story,
 * which touches no pixel, so it is done while the other processors draw
 * the land where there is land to draw.  The overlay is drawn for the
 * view, so it claims its room there, and the claim is moved by the margin
 * into the basemap's pixels, before anything else is placed. */
typedef struct
{
  SitmapCollision      *collision;
  const SitmapViewport *view;
  double                margin;
  gboolean              done;
} OverlayClaim;

static void claim_overlay (SitmapRenderer *self,
                           cairo_t        *cr,
                           OverlayClaim   *claim);

/* With ground, the sea has not been painted yet: the level of detail
 * paints it with the land, in bands on every processor.  The country
 * names are placed, and returned, while the other processors draw the
 * land (margin: see country_labels ()). */
static GArray *
draw_countries (SitmapRenderer    *self,
                SitmapPathContext *ctx,
                cairo_t           *cr,
                SitmapLayer       *layer,
                gboolean           ground,
                OverlayClaim      *claim)
{
  SitmapLod *lod = sitmap_layer_get_lod (layer);
  GArray *labels = NULL;

  /* A wide water-coloured stroke under the land along the coasts: arcs
   * that only one country uses.  Where land meets land the neighbours'
   * fills would cover it anyway. */
  if (lod)
    {
      SitmapLodInk sea = ink (&sea_colour, 0);
      SitmapLodInk coast = ink (&coast_glow_colour, 2.6);
      SitmapLodInk land = ink (&land_colour, 0);
      SitmapLodInk border = ink (&border_colour, 0.8);
      SitmapLodDraw *draw = sitmap_lod_draw_polygons_begin (lod, cr, lod_level (ctx, lod), &ctx->lod_view,
                                                            ground ? &sea : NULL, &coast, &land, &border);

      claim_overlay (self, cr, claim);
      labels = country_labels (self, ctx, cr, layer, claim->collision, claim->margin);
      ctx->vertices += sitmap_lod_draw_polygons_end (draw);
      /* As the strokes below leave it, for whatever draws next. */
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      return labels;
    }

  if (ground)
    {
      set_colour (cr, &sea_colour);
      cairo_paint (cr);
    }
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_colour (cr, &coast_glow_colour);
  cairo_set_line_width (cr, 2.6);
  draw_polygon_layer_outline (ctx, cr, layer, SITMAP_LOD_ARCS_UNSHARED);

  set_colour (cr, &land_colour);
  draw_polygon_layer_fill (ctx, cr, layer);

  set_colour (cr, &border_colour);
  cairo_set_line_width (cr, 0.8);
  draw_polygon_layer_outline (ctx, cr, layer, SITMAP_LOD_ARCS_ALL);

  claim_overlay (self, cr, claim);
  return country_labels (self, ctx, cr, layer, claim->collision, claim->margin);
}

static void
draw_regions (SitmapPathContext *ctx,
              cairo_t     *cr,
              SitmapLayer *layer)
{
  static const double dashes[] = { 2.0, 1.6 };

  set_colour (cr, &region_colour);
  cairo_set_line_width (cr, 0.5);
  cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
  draw_polygon_layer_outline (ctx, cr, layer, SITMAP_LOD_ARCS_ALL);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
draw_user_layer (SitmapPathContext *ctx,
                 cairo_t     *cr,
                 SitmapLayer *layer)
{
  guint n = sitmap_layer_get_n_features (layer);

  switch (sitmap_layer_get_kind (layer))
    {
    case SITMAP_GEOMETRY_POLYGONS:
      set_colour (cr, &user_fill_colour);
      draw_polygon_layer_fill (ctx, cr, layer);
      set_colour (cr, &user_line_colour);
      cairo_set_line_width (cr, 1.0);
      draw_polygon_layer_outline (ctx, cr, layer, SITMAP_LOD_ARCS_ALL);
      break;

    case SITMAP_GEOMETRY_LINES:
      set_colour (cr, &user_line_colour);
      cairo_set_line_width (cr, 1.2);
      draw_line_layer (ctx, cr, layer);
      break;

    case SITMAP_GEOMETRY_POINTS:
    default:
      cairo_new_path (cr);
      for (guint f = 0; f < n; f++)
        {
          const SitmapShape *shape = sitmap_layer_get_shape (layer, f);

          if (!_sitmap_path_shape_visible (ctx, shape))
            continue;
          for (guint i = 0; i < shape->n_points; i++)
            {
              double x = shape->xy[2 * i], y = shape->xy[2 * i + 1];
              double sx, sy;

              if (x < ctx->x_min || x > ctx->x_max || y < ctx->y_min || y > ctx->y_max)
                continue;
              sitmap_viewport_to_screen (ctx->viewport, x, y, &sx, &sy);
              cairo_new_sub_path (cr);
              cairo_arc (cr, sx, sy, 2.5, 0, 2 * G_PI);
              ctx->vertices++;
            }
        }
      set_colour (cr, &user_line_colour);
      cairo_fill (cr);
      break;
    }
}

static double
graticule_step_for (const SitmapViewport *viewport)
{
  /* Roughly 111 km per degree; aim for lines every 80–200 pixels. */
  double degrees_per_px = viewport->resolution / 111320.0;
  static const double steps[] = { 1, 2, 5, 10, 15, 30 };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] / degrees_per_px >= 80)
      return steps[i];
  return 30;
}

static SitmapLayer *
build_graticule (SitmapProjection *projection,
                 double            step)
{
  SitmapLayer *layer = sitmap_layer_new ("Graticule", SITMAP_GEOMETRY_LINES, NULL);
  const double density = 0.5;  /* degrees between vertices along a line */

  for (double lon = -180; lon < 180; lon += step)
    {
      guint n = (guint)(160 / density) + 1;
      guint *start = g_new (guint, 2);
      double *lonlat = g_new (double, 2 * n);

      for (guint i = 0; i < n; i++)
        {
          lonlat[2 * i] = lon;
          lonlat[2 * i + 1] = -80 + i * density;
        }
      start[0] = 0;
      start[1] = n;
      sitmap_layer_take_feature (layer, NULL, NULL, 1, start, lonlat);
    }

  for (double lat = -80; lat <= 80; lat += step)
    {
      guint n = (guint)(360 / density) + 1;
      guint *start = g_new (guint, 2);
      double *lonlat = g_new (double, 2 * n);

      for (guint i = 0; i < n; i++)
        {
          lonlat[2 * i] = -180 + i * density;
          lonlat[2 * i + 1] = lat;
        }
      start[0] = 0;
      start[1] = n;
      sitmap_layer_take_feature (layer, NULL, NULL, 1, start, lonlat);
    }

  sitmap_layer_project (layer, projection);
  return layer;
}

static void
draw_graticule (SitmapRenderer       *self,
                SitmapPathContext          *ctx,
                cairo_t              *cr)
{
  double step = graticule_step_for (ctx->viewport);

  if (self->graticule == NULL || self->graticule_step != step ||
      self->graticule_generation != self->projection_generation)
    {
      g_clear_object (&self->graticule);
      self->graticule = build_graticule (sitmap_map_get_projection (self->map), step);
      self->graticule_step = step;
      self->graticule_generation = self->projection_generation;
    }

  set_colour (cr, &graticule_colour);
  cairo_set_line_width (cr, 0.6);
  draw_line_layer (ctx, cr, self->graticule);
}

/* ---- Text -------------------------------------------------------------- */

static void
paint_country_labels (SitmapRenderer *self,
                      cairo_t        *cr,
                      GArray         *placed_labels)
{
  for (guint i = 0; i < placed_labels->len; i++)
    {
      SitmapPlacedName *placed = &g_array_index (placed_labels, SitmapPlacedName, i);
      SitmapCountryName label;
      SitmapText text;

      _sitmap_country_name_init (&label, &text, placed->name, placed->size);
      _sitmap_text_draw_with_halo (cr, self->label_sprites, &text, placed->box.x, placed->box.y,
                                   country_label_colour.r, country_label_colour.g, country_label_colour.b);
      _sitmap_country_name_clear (&label);
    }
}

/* The map speaks its story's language; with no story, English. */
static SitmapMapLanguage *
map_language (SitmapRenderer *self)
{
  SitmapStory *story = self->map ? sitmap_map_get_story (self->map) : NULL;

  return sitmap_map_language_get_for_tag (story ? sitmap_story_get_language (story) : NULL);
}

/* Places the names that fit (see sitmap_label_place_names) and makes
 * their copies; touches nothing of cr's target, so it runs while the land
 * is being drawn on the other processors. */
static GArray *
place_country_labels (SitmapRenderer    *self,
                      SitmapPathContext *ctx,
                      cairo_t           *cr,
                      SitmapLayer       *layer,
                      SitmapCollision   *collision)
{
  const SitmapViewport *vp = ctx->viewport;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (SitmapNameCandidate));
  SitmapMapLanguage *language = map_language (self);
  GArray *placed_labels;

  for (guint f = 0; f < sitmap_layer_get_n_features (layer); f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (layer, f);
      /* In the map's language, from the boundary data or iso-codes. */
      SitmapNameCandidate c = { sitmap_layer_get_shape (layer, f),
                                sitmap_map_language_country_name (language, sitmap_layer_get_field_names (layer),
                                                                  feature->attributes, feature->name) };

      if (_sitmap_path_shape_visible (ctx, c.shape))
        g_array_append_val (candidates, c);
    }
  placed_labels = sitmap_label_place_names (candidates, vp, _sitmap_country_name_measure, cr,
                                            collision);

  return placed_labels;
}

/* The names the story's layout placed for this layer, else names placed
 * here; their copies are made now and painted once the land is drawn.
 * The layout was made for the view, which lies margin pixels right of and
 * below ctx's origin. */
static GArray *
country_labels (SitmapRenderer    *self,
                SitmapPathContext *ctx,
                cairo_t           *cr,
                SitmapLayer       *layer,
                SitmapCollision   *collision,
                double             margin)
{
  GArray *names = self->story_layout && layer == self->story_options.countries
                  ? sitmap_story_layout_get_names (self->story_layout) : NULL;

  if (names && margin != 0)
    {
      GArray *moved = g_array_sized_new (FALSE, FALSE, sizeof (SitmapPlacedName), names->len);

      /* Borrowing the layout's names, which outlive the draw. */
      for (guint i = 0; i < names->len; i++)
        {
          SitmapPlacedName placed = g_array_index (names, SitmapPlacedName, i);

          placed.box.x += margin;
          placed.box.y += margin;
          g_array_append_val (moved, placed);
        }
      names = moved;
    }
  else if (names)
    names = g_array_ref (names);
  if (names)
    {
      /* Another countries layer's names keep clear of these. */
      for (guint i = 0; i < names->len; i++)
        {
          SitmapRect padded = sitmap_rect_inflate (&g_array_index (names, SitmapPlacedName, i).box, 3);

          sitmap_collision_add (collision, &padded);
        }
    }
  else
    names = place_country_labels (self, ctx, cr, layer, collision);

  _sitmap_sprite_cache_set_painting (self->label_sprites, FALSE);
  paint_country_labels (self, cr, names);
  _sitmap_sprite_cache_set_painting (self->label_sprites, TRUE);
  return names;
}

static void
draw_basemap (SitmapRenderer       *self,
              cairo_t              *cr,
              const SitmapViewport *viewport,
              OverlayClaim         *claim)
{
  double margin = claim->margin;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  SitmapMap *map = self->map;
  guint n_layers = sitmap_map_get_n_layers (map);
  SitmapStoryLayout *story_layout = current_story_layout (self);
  SitmapPathContext ctx;
  SitmapLayerRole first_role = SITMAP_LAYER_ROLE_USER;
  gboolean sea_painted;

  _sitmap_path_context_init (&ctx, viewport);

  cairo_save (cr);
  cairo_rectangle (cr, 0, 0, viewport->width, viewport->height);
  cairo_clip (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);

  /* The sea, unless the countries come first and paint it themselves. */
  if (n_layers > 0)
    sitmap_map_get_layer (map, 0, &first_role);
  sea_painted = self->show_graticule || first_role != SITMAP_LAYER_ROLE_COUNTRIES;
  if (sea_painted)
    {
      set_colour (cr, &sea_colour);
      cairo_paint (cr);
    }

  if (self->show_graticule)
    draw_graticule (self, &ctx, cr);

  for (guint i = 0; i < n_layers; i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (map, i, &role);

      switch (role)
        {
        case SITMAP_LAYER_ROLE_COUNTRIES:
          g_ptr_array_add (labels, draw_countries (self, &ctx, cr, layer, !sea_painted, claim));
          sea_painted = TRUE;
          break;
        case SITMAP_LAYER_ROLE_REGIONS:
          draw_regions (&ctx, cr, layer);
          break;
        case SITMAP_LAYER_ROLE_USER:
        default:
          draw_user_layer (&ctx, cr, layer);
          break;
        }
    }

  claim_overlay (self, cr, claim);
  if (story_layout)
    _sitmap_story_paint_shapes (story_layout, cr, viewport, margin);

  for (guint i = 0; i < labels->len; i++)
    if (g_ptr_array_index (labels, i))
      paint_country_labels (self, cr, g_ptr_array_index (labels, i));
  /* The names of places a GIS tool wrote, where the story leaves room. */
  for (guint i = 0; i < n_layers; i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (map, i, &role);

      if (role == SITMAP_LAYER_ROLE_USER && sitmap_layer_get_kind (layer) == SITMAP_GEOMETRY_POINTS)
        _sitmap_point_labels_paint (cr, self->label_sprites, viewport, layer, claim->collision);
    }
  _sitmap_sprite_cache_end_frame (self->label_sprites);

  cairo_restore (cr);
  self->last_vertex_count = ctx.vertices;
}

/* ---- Overlay ----------------------------------------------------------- */

static double
haversine_km (double lon1, double lat1, double lon2, double lat2)
{
  double p1 = lat1 * G_PI / 180, p2 = lat2 * G_PI / 180;
  double dp = p2 - p1, dl = (lon2 - lon1) * G_PI / 180;
  double a = sin (dp / 2) * sin (dp / 2) + cos (p1) * cos (p2) * sin (dl / 2) * sin (dl / 2);

  return 6371.0088 * 2 * atan2 (sqrt (a), sqrt (1 - a));
}

/* The scale bar, and under it the credit line a story owes its data where
 * the licence asks for it to be shown (GeoNames' CC BY; the boundaries'
 * public domain does not): one box in the corner, on screen and in every
 * export alike. */
typedef struct
{
  double     bar_px;
  char      *text;
  char      *credit;
  double     credit_height;
  SitmapRect box;
  double     left, bottom;
} ScaleBar;

static void
scale_bar_clear (ScaleBar *bar)
{
  g_clear_pointer (&bar->text, g_free);
  g_clear_pointer (&bar->credit, g_free);
}

static PangoLayout *
credit_layout_new (cairo_t       *cr,
                   gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, 9, PANGO_WEIGHT_NORMAL);
}

static void
credit_text (const ScaleBar *bar,
             SitmapText     *text)
{
  text->key = bar->credit;
  text->new_layout = credit_layout_new;
  text->data = bar->credit;
}

static PangoLayout *
scale_bar_layout_new (cairo_t       *cr,
                      gconstpointer  data)
{
  return _sitmap_text_layout_new (cr, data, 11, PANGO_WEIGHT_NORMAL);
}

static void
scale_bar_text (const ScaleBar *bar,
                SitmapText     *text)
{
  text->key = bar->text;
  text->new_layout = scale_bar_layout_new;
  text->data = bar->text;
}

/* Measures on the ground at the centre: equal-area maps are not
 * equidistant, so the bar is true there and near it. */
static gboolean
layout_scale_bar (SitmapRenderer       *self,
                  cairo_t              *cr,
                  const SitmapViewport *vp,
                  ScaleBar             *bar)
{
  const double sample_px = 100;
  double lon1, lat1, lon2, lat2, x1, y1, x2, y2, km_per_px, nice_km;
  SitmapText text;
  PangoRectangle logical;

  sitmap_viewport_to_map (vp, vp->width / 2 - sample_px / 2, vp->height / 2, &x1, &y1);
  sitmap_viewport_to_map (vp, vp->width / 2 + sample_px / 2, vp->height / 2, &x2, &y2);
  if (!sitmap_projection_inverse (sitmap_map_get_projection (self->map), x1, y1, &lon1, &lat1) ||
      !sitmap_projection_inverse (sitmap_map_get_projection (self->map), x2, y2, &lon2, &lat2))
    return FALSE;

  km_per_px = haversine_km (lon1, lat1, lon2, lat2) / sample_px;
  if (!(km_per_px > 0))
    return FALSE;

  {
    double target = km_per_px * 120;
    double magnitude = pow (10, floor (log10 (target)));
    double mantissa = target / magnitude;

    nice_km = (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * magnitude;
  }

  bar->bar_px = nice_km / km_per_px;
  {
    SitmapMapLanguage *language = map_language (self);
    /* Whole numbers of one significant digit ("2000 km"): no grouping. */
    g_autofree char *number = g_strdup_printf ("%g", nice_km >= 1 ? nice_km : nice_km * 1000);

    /* TRANSLATORS: the scale bar's length, %s a number. */
    bar->text = nice_km >= 1 ? g_strdup_printf (sitmap_map_language_pgettext (language, "map scale bar", "%s km"), number)
                             : g_strdup_printf (sitmap_map_language_pgettext (language, "map scale bar", "%s m"), number);
  }
  bar->left = 16;
  bar->bottom = vp->height - 16;

  {
    SitmapStory *story = sitmap_map_get_story (self->map);
    const char *credit = story ? sitmap_story_get_credit (story) : NULL;

    if (sitmap_gazetteer_is_credited (credit))
      bar->credit = g_strdup (credit);
  }
  bar->credit_height = 0;
  if (bar->credit)
    {
      PangoRectangle credit_logical;

      credit_text (bar, &text);
      _sitmap_text_get_extents (cr, &text, NULL, &credit_logical);
      bar->credit_height = credit_logical.height + 4;
      bar->bottom -= bar->credit_height;
      bar->box.width = credit_logical.width + 12;
    }

  scale_bar_text (bar, &text);
  _sitmap_text_get_extents (cr, &text, NULL, &logical);
  bar->box.x = bar->left - 6;
  bar->box.y = bar->bottom - 8 - logical.height - 6;
  bar->box.width = MAX (bar->box.width, MAX (bar->bar_px, logical.width) + 12);
  bar->box.height = logical.height + 8 + 12 + bar->credit_height;
  return TRUE;
}

static void
paint_scale_bar (cairo_t        *cr,
                 const ScaleBar *bar)
{
  g_autoptr(PangoLayout) layout = scale_bar_layout_new (cr, bar->text);
  PangoRectangle logical;

  pango_layout_get_pixel_extents (layout, NULL, &logical);

  cairo_save (cr);
  cairo_rectangle (cr, bar->box.x, bar->box.y, bar->box.width, bar->box.height);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.75);
  cairo_fill (cr);

  /* Alternating halves read as a ruler. */
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, bar->left + 0.5, bar->bottom - 5.5, bar->bar_px, 5);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0.2, 0.2, 0.22);
  cairo_stroke (cr);
  cairo_rectangle (cr, bar->left + 0.5, bar->bottom - 5.5, bar->bar_px / 2, 5);
  cairo_fill (cr);

  cairo_move_to (cr, bar->left, bar->bottom - 8 - logical.height);
  pango_cairo_show_layout (cr, layout);
  if (bar->credit)
    {
      g_autoptr(PangoLayout) credit = credit_layout_new (cr, bar->credit);

      cairo_set_source_rgb (cr, 0.3, 0.3, 0.32);
      cairo_move_to (cr, bar->left, bar->bottom + 4);
      pango_cairo_show_layout (cr, credit);
    }
  cairo_restore (cr);
}

/* The first countries layer is named by the story's layout; an inset is
 * drawn where the view shows a small part of the world. */
static void
update_story_options (SitmapRenderer       *self,
                      const SitmapViewport *viewport)
{
  SitmapLayer *countries = NULL;
  double x0, y0, x1, y1;

  for (guint i = 0; i < sitmap_map_get_n_layers (self->map) && !countries; i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (self->map, i, &role);

      if (role == SITMAP_LAYER_ROLE_COUNTRIES)
        countries = layer;
    }
  self->story_options.countries = countries;
  self->story_options.show_inset = FALSE;
  if (self->show_inset && countries)
    {
      sitmap_layer_get_bounds (countries, &x0, &y0, &x1, &y1);
      self->story_options.show_inset = viewport->width * viewport->resolution < 0.45 * (x1 - x0);
    }
}

/* The inset's view: the main view's centre, the main view a fifth of its
 * width, as a continent is to a country; the whole world when that is
 * more than the world. */
static void
inset_viewport (SitmapRenderer       *self,
                const SitmapViewport *viewport,
                const SitmapRect     *box,
                SitmapViewport       *inset)
{
  double x0, y0, x1, y1;

  *inset = *viewport;
  inset->width = box->width;
  inset->height = box->height;
  inset->resolution = viewport->width * viewport->resolution * 5 / box->width;
  sitmap_layer_get_bounds (self->story_options.countries, &x0, &y0, &x1, &y1);
  if (inset->resolution * box->width > 0.8 * (x1 - x0))
    sitmap_viewport_fit (inset, x0, y0, x1, y1, 0);
}

/* The main view's corners in the inset's pixels. */
static void
extent_in_inset (const SitmapViewport *viewport,
                 const SitmapViewport *inset,
                 double               *ex0,
                 double               *ey0,
                 double               *ex1,
                 double               *ey1)
{
  double mx0, my0, mx1, my1;

  sitmap_viewport_to_map (viewport, 0, 0, &mx0, &my0);
  sitmap_viewport_to_map (viewport, viewport->width, viewport->height, &mx1, &my1);
  sitmap_viewport_to_screen (inset, mx0, my0, ex0, ey0);
  sitmap_viewport_to_screen (inset, mx1, my1, ex1, ey1);
}

/* Whether the held inset still shows the main view well: its extent
 * inside the inset, neither lost in it nor filling it. */
static gboolean
held_inset_fits (const SitmapViewport *held,
                 const SitmapViewport *viewport)
{
  double ex0, ey0, ex1, ey1, share;

  extent_in_inset (viewport, held, &ex0, &ey0, &ex1, &ey1);
  share = (ex1 - ex0) / held->width;
  return ex0 >= 0 && ey0 >= 0 && ex1 <= held->width && ey1 <= held->height && share > 0.1 && share < 0.4;
}

/* The inset for this frame: drawn for the view, or while the view moves,
 * the one last drawn as long as it still fits. */
static void
choose_inset (SitmapRenderer       *self,
              const SitmapViewport *viewport,
              const SitmapRect     *box,
              SitmapViewport       *inset)
{
  g_autofree char *key = g_strdup_printf ("%p %" G_GUINT64_FORMAT " %gx%g %g",
                                          (gpointer)self->story_options.countries, self->projection_generation,
                                          box->width, box->height, viewport->scale_factor);

  if (self->moving && g_strcmp0 (key, self->held_key) == 0 &&
      held_inset_fits (&self->held_inset, viewport))
    {
      *inset = self->held_inset;
      return;
    }
  inset_viewport (self, viewport, box, inset);
  self->held_inset = *inset;
  g_free (self->held_key);
  self->held_key = g_steal_pointer (&key);
}

static const Colour inset_frame_colour  = { 0.33, 0.33, 0.36, 1 };
static const Colour inset_extent_colour = { 0.784, 0.106, 0.122, 1 };

typedef struct
{
  SitmapRenderer       *renderer;
  const SitmapViewport *inset;
  const SitmapRect     *box;
  cairo_t              *painted_on;
} InsetMap;

/* Clipped to the inset's box, with the inset's origin at its corner. */
static void
enter_inset (cairo_t          *cr,
             const SitmapRect *box)
{
  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_clip (cr);
  cairo_translate (cr, box->x, box->y);
}

/* The inset's land, sea and borders.  It leaves cr inside the inset (see
 * enter_inset()), so that drawn as vectors the inset is one clip group,
 * as SVG and PDF exports have always had it. */
static void
paint_inset_map (cairo_t       *cr,
                 gconstpointer  data)
{
  InsetMap *map = (InsetMap *)data;
  SitmapLayer *layer = map->renderer->story_options.countries;
  SitmapLod *lod = sitmap_layer_get_lod (layer);
  SitmapPathContext ctx;

  map->painted_on = cr;
  _sitmap_path_context_init (&ctx, map->inset);
  enter_inset (cr, map->box);
  /* As the basemap draws its countries, so on pixels through the
   * rasterizer: stroked by cairo, a continent's borders took most of the
   * window's first frame.  Islands are filled however small: a dot for
   * each, as the main map has, speckles a map this size. */
  if (lod)
    {
      SitmapLodInk sea = ink (&sea_colour, 0);
      SitmapLodInk land = ink (&land_colour, 0);
      SitmapLodInk border = ink (&region_colour, 0.4);
      SitmapLodView view = ctx.lod_view;

      view.dot_size = 0;
      sitmap_lod_draw_polygons_end (sitmap_lod_draw_polygons_begin (lod, cr, lod_level (&ctx, lod), &view,
                                                                    &sea, NULL, &land, &border));
      return;
    }
  set_colour (cr, &sea_colour);
  cairo_paint (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  set_colour (cr, &land_colour);
  append_visible_shapes (&ctx, cr, layer, TRUE, FALSE);
  cairo_fill (cr);
  set_colour (cr, &region_colour);
  cairo_set_line_width (cr, 0.4);
  append_visible_shapes (&ctx, cr, layer, TRUE, TRUE);
  cairo_stroke (cr);
}

/* A locator map as newspapers draw one: land and sea, thin borders, a
 * thin frame with a white edge, and the main map's extent in red.  The
 * map part is a sprite: while a marker is dragged or the story edited the
 * view stands still, and redrawing a continent's borders each frame cost
 * more than the rest of the overlay. */
static void
paint_inset (SitmapRenderer       *self,
             cairo_t              *cr,
             const SitmapViewport *viewport,
             const SitmapRect     *box)
{
  SitmapViewport inset;
  double ex0, ey0, ex1, ey1;
  g_autofree char *key = NULL;
  InsetMap map = { self, &inset, box, NULL };

  choose_inset (self, viewport, box, &inset);

  cairo_save (cr);
  cairo_rectangle (cr, box->x - 1.5, box->y - 1.5, box->width + 3, box->height + 3);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_fill (cr);

  /* Not the map's generation: a story edit leaves the inset as it was. */
  key = g_strdup_printf ("inset %p %p %" G_GUINT64_FORMAT " %.17g %.17g %.17g %gx%g",
                         (gpointer)self->story_options.countries,
                         (gpointer)sitmap_layer_get_lod (self->story_options.countries), self->projection_generation,
                         inset.centre_x, inset.centre_y, inset.resolution, box->width, box->height);
  _sitmap_sprite_cache_paint (self->story_layout->sprites, cr, key, box, paint_inset_map, &map);
  if (map.painted_on != cr)
    enter_inset (cr, box);
  /* The main map's extent, at least a few pixels so it always reads. */
  extent_in_inset (viewport, &inset, &ex0, &ey0, &ex1, &ey1);
  if (ex1 - ex0 < 6)
    {
      ex0 = (ex0 + ex1) / 2 - 3;
      ex1 = ex0 + 6;
    }
  if (ey1 - ey0 < 6)
    {
      ey0 = (ey0 + ey1) / 2 - 3;
      ey1 = ey0 + 6;
    }
  cairo_rectangle (cr, round (ex0) + 0.5, round (ey0) + 0.5, round (ex1 - ex0), round (ey1 - ey0));
  cairo_set_source_rgba (cr, inset_extent_colour.r, inset_extent_colour.g, inset_extent_colour.b, 0.12);
  cairo_fill_preserve (cr);
  set_colour (cr, &inset_extent_colour);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);
  cairo_restore (cr);

  cairo_rectangle (cr, box->x - 0.5, box->y - 0.5, box->width + 1, box->height + 1);
  set_colour (cr, &inset_frame_colour);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* Everything drawn over the basemap claims its room before the basemap's
 * own labels are placed, so country names keep clear of it. */
static void
claim_overlay (SitmapRenderer *self,
               cairo_t        *cr,
               OverlayClaim   *claim)
{
  SitmapCollision *collision = claim->collision;
  const SitmapViewport *viewport = claim->view;
  ScaleBar bar = { 0 };
  gboolean has_bar;

  if (claim->done)
    return;
  claim->done = TRUE;
  has_bar = layout_scale_bar (self, cr, viewport, &bar);
  if (has_bar)
    sitmap_collision_add (collision, &bar.box);
  scale_bar_clear (&bar);

  if (current_story_layout (self))
    {
      update_story_options (self, viewport);
      sitmap_story_layout_compute (self->story_layout, viewport, &self->story_options, &bar.box, has_bar ? 1 : 0);
      sitmap_story_layout_add_obstacles (self->story_layout, collision);
    }
  sitmap_collision_translate (collision, claim->margin, claim->margin);
}

void
sitmap_renderer_draw_basemap (SitmapRenderer       *self,
                              cairo_t              *cr,
                              const SitmapViewport *viewport)
{
  sitmap_renderer_draw_basemap_with_margin (self, cr, viewport, 0);
}

void
sitmap_renderer_draw_basemap_with_margin (SitmapRenderer       *self,
                                          cairo_t              *cr,
                                          const SitmapViewport *viewport,
                                          double                margin)
{
  g_autoptr(SitmapCollision) collision = sitmap_collision_new ();
  OverlayClaim claim = { collision, viewport, margin, FALSE };
  SitmapViewport around;

  g_return_if_fail (SITMAP_IS_RENDERER (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (viewport != NULL);
  g_return_if_fail (margin >= 0);

  around = *viewport;
  around.width += 2 * margin;
  around.height += 2 * margin;
  draw_basemap (self, cr, &around, &claim);
}

void
sitmap_renderer_draw_overlay (SitmapRenderer       *self,
                              cairo_t              *cr,
                              const SitmapViewport *viewport)
{
  ScaleBar bar = { 0 };
  gboolean has_bar;

  g_return_if_fail (SITMAP_IS_RENDERER (self));

  has_bar = layout_scale_bar (self, cr, viewport, &bar);
  if (has_bar)
    paint_scale_bar (cr, &bar);

  if (current_story_layout (self))
    {
      SitmapRect inset_box;

      update_story_options (self, viewport);
      sitmap_story_layout_compute (self->story_layout, viewport, &self->story_options, &bar.box, has_bar ? 1 : 0);
      if (sitmap_story_layout_get_inset (self->story_layout, &inset_box))
        paint_inset (self, cr, viewport, &inset_box);
      _sitmap_story_paint_overlay (self->story_layout, cr, viewport, self->hovered, self->selected);
    }
  scale_bar_clear (&bar);
}

void
sitmap_renderer_draw (SitmapRenderer       *self,
                      cairo_t              *cr,
                      const SitmapViewport *viewport)
{
  sitmap_renderer_draw_basemap (self, cr, viewport);
  sitmap_renderer_draw_overlay (self, cr, viewport);
}

void
sitmap_renderer_hint_pixels_later (cairo_t *cr,
                                   double   scale_factor)
{
  cairo_surface_t *target;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (scale_factor > 0);

  target = cairo_get_target (cr);
  if (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_RECORDING)
    _sitmap_sprite_cache_hint_pixels_later (target, scale_factor);
}

gsize
sitmap_renderer_get_last_vertex_count (SitmapRenderer *self)
{
  g_return_val_if_fail (SITMAP_IS_RENDERER (self), 0);
  return self->last_vertex_count;
}

void
sitmap_renderer_set_symbol_style (SitmapRenderer    *self,
                                  SitmapSymbolStyle  style)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));

  if (self->story_options.symbol_style == style)
    return;
  self->story_options.symbol_style = style;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYMBOL_STYLE]);
}

SitmapSymbolStyle
sitmap_renderer_get_symbol_style (SitmapRenderer *self)
{
  g_return_val_if_fail (SITMAP_IS_RENDERER (self), SITMAP_SYMBOL_STYLE_MILITARY);
  return self->story_options.symbol_style;
}

void
sitmap_renderer_set_decorations (SitmapRenderer *self,
                                 gboolean        show_callouts,
                                 gboolean        show_legend,
                                 gboolean        show_title)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));
  self->story_options.show_callouts = !!show_callouts;
  self->story_options.show_legend = !!show_legend;
  self->story_options.show_title = !!show_title;
}

SitmapStoryLayout *
sitmap_renderer_get_story_layout (SitmapRenderer       *self,
                                  const SitmapViewport *viewport)
{
  ScaleBar bar = { 0 };
  gboolean has_bar;

  g_return_val_if_fail (SITMAP_IS_RENDERER (self), NULL);
  g_return_val_if_fail (viewport != NULL, NULL);

  if (current_story_layout (self) == NULL)
    return NULL;

  /* As a draw of this viewport lays it out, the scale bar's room kept. */
  update_story_options (self, viewport);
  has_bar = layout_scale_bar (self, _sitmap_text_measuring_context (), viewport, &bar);
  sitmap_story_layout_compute (self->story_layout, viewport, &self->story_options, &bar.box, has_bar ? 1 : 0);
  scale_bar_clear (&bar);
  return self->story_layout;
}

void
sitmap_renderer_set_highlight (SitmapRenderer *self,
                               int             hovered,
                               int             selected)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));
  self->hovered = hovered;
  self->selected = selected;
}

void
sitmap_renderer_set_moving (SitmapRenderer *self,
                            gboolean        moving)
{
  g_return_if_fail (SITMAP_IS_RENDERER (self));
  self->moving = !!moving;
}

char *
sitmap_renderer_describe (SitmapRenderer       *self,
                          const SitmapViewport *viewport)
{
  SitmapStoryLayout *story_layout;

  g_return_val_if_fail (SITMAP_IS_RENDERER (self), NULL);

  story_layout = sitmap_renderer_get_story_layout (self, viewport);
  if (story_layout == NULL)
    return g_strdup ("Map of country borders.");
  return sitmap_story_layout_describe (story_layout);
}
