/* sitmap-story-names.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-label-placement.h"
#include "sitmap-map-language.h"
#include "sitmap-story-layout-private.h"
#include "sitmap-story-text-private.h"

/* The basemap's country names as part of the story's layout.  A reader
 * must find the countries the story is about, so their names are placed
 * before the story's labels and callouts, which then keep clear of them
 * where they can; what still covers a name afterwards moves it, and the
 * other countries are named last, in what room is left. */

#define ANCHOR_SCORE  10   /* per place of the story inside the country */
#define MENTION_SCORE  5   /* named in the title or the article */
#define NEIGHBOUR_SCORE 1  /* bordering a country with places of the story */

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || c == '-';
}

/* Whether folded_name occurs in text as a word of its own: "Niger" is
 * not in "Nigeria". */
static gboolean
text_mentions (const char *text,
               const char *folded_name)
{
  gsize length = strlen (folded_name);

  if (length == 0)
    return FALSE;
  for (const char *at = strstr (text, folded_name); at; at = strstr (at + 1, folded_name))
    {
      const char *before = at > text ? g_utf8_find_prev_char (text, at) : NULL;
      const char *after = at + length;

      if ((before == NULL || !is_word_char (g_utf8_get_char (before))) &&
          (*after == '\0' || !is_word_char (g_utf8_get_char (after))))
        return TRUE;
    }
  return FALSE;
}

static int
mention_score (SitmapStoryLayout *self,
               const char        *name)
{
  gpointer cached;

  if (name == NULL || name[0] == '\0')
    return 0;

  if (self->mentioned == NULL)
    {
      g_autofree char *joined = g_strconcat (sitmap_story_get_title (self->story) ? sitmap_story_get_title (self->story) : "",
                                             "\n",
                                             sitmap_story_get_article (self->story) ? sitmap_story_get_article (self->story) : "",
                                             NULL);

      self->mentioned = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      self->folded_text = g_utf8_casefold (joined, -1);
    }

  if (!g_hash_table_lookup_extended (self->mentioned, name, NULL, &cached))
    {
      g_autofree char *folded = g_utf8_casefold (name, -1);

      cached = GINT_TO_POINTER (text_mentions (self->folded_text, folded) ? MENTION_SCORE : 0);
      g_hash_table_insert (self->mentioned, g_strdup (name), cached);
    }
  return GPOINTER_TO_INT (cached);
}

static gboolean
shape_in_view (const SitmapShape    *shape,
               const SitmapViewport *vp)
{
  double x0, y0, x1, y1;

  if (shape->n_points == 0 || !(shape->x_max >= shape->x_min))
    return FALSE;
  sitmap_viewport_to_map (vp, 0, vp->height, &x0, &y0);
  sitmap_viewport_to_map (vp, vp->width, 0, &x1, &y1);
  return shape->x_max >= x0 && shape->x_min <= x1 && shape->y_max >= y0 && shape->y_min <= y1;
}

/* Whether the two countries share a border: some of neighbour's
 * vertices lie on story's outline, inside it one way and outside another
 * a little off.  The offset is a share of the smaller country's size, not
 * of the view, so that the answer is the same at every scale, on screen as
 * in an export, and can be kept. */
static gboolean
shares_border (const SitmapShape *story,
               const SitmapShape *neighbour)
{
  double d = MIN (MAX (story->x_max - story->x_min, story->y_max - story->y_min),
                  MAX (neighbour->x_max - neighbour->x_min, neighbour->y_max - neighbour->y_min)) / 500;
  guint stride;

  if (neighbour->x_min > story->x_max + d || neighbour->x_max < story->x_min - d ||
      neighbour->y_min > story->y_max + d || neighbour->y_max < story->y_min - d)
    return FALSE;

  stride = MAX (1, neighbour->n_points / 256);
  for (guint k = 0; k < neighbour->n_points; k += stride)
    {
      double x = neighbour->xy[2 * k], y = neighbour->xy[2 * k + 1];
      guint inside;

      if (!(x >= story->x_min - d && x <= story->x_max + d && y >= story->y_min - d && y <= story->y_max + d))
        continue;
      inside = sitmap_shape_contains (story, x + d, y) + sitmap_shape_contains (story, x - d, y) +
               sitmap_shape_contains (story, x, y + d) + sitmap_shape_contains (story, x, y - d);
      if (inside > 0 && inside < 4)
        return TRUE;
    }
  return FALSE;
}

typedef struct
{
  const SitmapShape *story, *neighbour;
} ShapePair;

static guint
shape_pair_hash (gconstpointer key)
{
  const ShapePair *pair = key;

  return g_direct_hash (pair->story) * 31 + g_direct_hash (pair->neighbour);
}

static gboolean
shape_pair_equal (gconstpointer a,
                  gconstpointer b)
{
  const ShapePair *pa = a, *pb = b;

  return pa->story == pb->story && pa->neighbour == pb->neighbour;
}

/* shares_border () once per pair of countries of the layer: it walks a
 * large country's outline hundreds of times, and a pan or a drag asks
 * again every frame.  The layer is held, so its shapes stay where the
 * keys point. */
static gboolean
shares_border_cached (SitmapStoryLayout *self,
                      SitmapLayer       *countries,
                      const SitmapShape *story,
                      const SitmapShape *neighbour)
{
  ShapePair key = { story, neighbour };
  gpointer known;

  g_assert (self->neighbours_layer == countries);
  known = g_hash_table_lookup (self->neighbours, &key);
  if (known == NULL)
    {
      known = GINT_TO_POINTER (shares_border (story, neighbour) ? 1 : 2);
      g_hash_table_insert (self->neighbours, g_memdup2 (&key, sizeof key), known);
    }
  return known == GINT_TO_POINTER (1);
}

/* What is kept about another layer's countries is of no use. */
static void
keep_geometry_of (SitmapStoryLayout *self,
                  SitmapLayer       *countries)
{
  /* The two are made, handed on and freed together. */
  if (self->neighbours_layer == countries && self->neighbours != NULL)
    return;
  g_set_object (&self->neighbours_layer, countries);
  g_clear_pointer (&self->neighbours, g_hash_table_unref);
  self->neighbours = g_hash_table_new_full (shape_pair_hash, shape_pair_equal, g_free, NULL);
  g_clear_pointer (&self->name_spots, sitmap_label_spots_free);
  self->name_spots = sitmap_label_spots_new ();
}

SitmapStoryNames *
_sitmap_story_names_new (SitmapStoryLayout    *self,
                         const SitmapViewport *viewport,
                         SitmapLayer          *countries)
{
  SitmapStoryNames *names = g_new0 (SitmapStoryNames, 1);
  SitmapMapLanguage *language = sitmap_map_language_get_for_tag (sitmap_story_get_language (self->story));
  const char * const *fields = sitmap_layer_get_field_names (countries);
  g_autoptr(GArray) with_places = g_array_new (FALSE, FALSE, sizeof (guint));

  keep_geometry_of (self, countries);
  names->viewport = *viewport;
  names->spots = self->name_spots;
  names->candidates = g_array_new (FALSE, FALSE, sizeof (SitmapNameCandidate));
  names->first = sitmap_label_placed_names_new ();

  for (guint f = 0; f < sitmap_layer_get_n_features (countries); f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (countries, f);
      SitmapNameCandidate c = { sitmap_layer_get_shape (countries, f),
                                sitmap_map_language_country_name (language, fields, feature->attributes, feature->name),
                                0 };

      if (c.name == NULL || !shape_in_view (c.shape, viewport))
        continue;

      /* The places the story puts in this country, as the reader sees
       * them, and whether the story names it at all. */
      for (guint i = 0; i < self->items->len; i++)
        {
          const SitmapStoryItem *item = &g_array_index (self->items, SitmapStoryItem, i);
          double x, y;

          if (!item->in_view)
            continue;
          sitmap_viewport_to_map (viewport, item->anchor_x, item->anchor_y, &x, &y);
          if (sitmap_shape_contains (c.shape, x, y))
            c.priority += ANCHOR_SCORE;
        }
      c.priority += MAX (mention_score (self, c.name), mention_score (self, feature->name));
      g_array_append_val (names->candidates, c);
    }

  /* The neighbours of the countries the story's places are in frame
   * them: Belarus and Poland on a map of Ukraine.  The few countries with
   * places are gathered first, so a view of the world asks about each
   * country against those few rather than against every other. */
  for (guint m = 0; m < names->candidates->len; m++)
    if (g_array_index (names->candidates, SitmapNameCandidate, m).priority >= ANCHOR_SCORE)
      g_array_append_val (with_places, m);
  for (guint k = 0; k < names->candidates->len; k++)
    {
      SitmapNameCandidate *c = &g_array_index (names->candidates, SitmapNameCandidate, k);

      for (guint j = 0; j < with_places->len && c->priority == 0; j++)
        {
          const SitmapNameCandidate *story = &g_array_index (names->candidates, SitmapNameCandidate,
                                                             g_array_index (with_places, guint, j));

          if (shares_border_cached (self, countries, story->shape, c->shape))
            c->priority = NEIGHBOUR_SCORE;
        }
    }

  sitmap_label_filter_name_candidates (names->candidates, viewport);
  return names;
}

void
_sitmap_story_names_free (SitmapStoryNames *names)
{
  if (names == NULL)
    return;
  g_array_unref (names->candidates);
  g_array_unref (names->first);
  g_free (names);
}

void
_sitmap_story_names_place_first (SitmapStoryNames *names,
                                 SitmapCollision  *collision)
{
  cairo_t *cr = _sitmap_text_measuring_context ();

  g_array_set_size (names->first, 0);
  for (guint k = 0; k < names->candidates->len; k++)
    {
      const SitmapNameCandidate *c = &g_array_index (names->candidates, SitmapNameCandidate, k);
      SitmapPlacedName placed = { NULL };

      /* Candidates come sorted: the story's countries lead. */
      if (c->priority <= 0)
        break;
      if (!sitmap_label_place_name (c, &names->viewport, names->spots, _sitmap_country_name_measure, cr, collision,
                                    &placed))
        placed.name = NULL;
      g_array_append_val (names->first, placed);
    }
}

void
_sitmap_story_names_add_obstacles (SitmapStoryNames *names,
                                   GArray           *rects)
{
  for (guint k = 0; k < names->first->len; k++)
    {
      const SitmapPlacedName *placed = &g_array_index (names->first, SitmapPlacedName, k);

      if (placed->name)
        {
          SitmapRect padded = sitmap_rect_inflate (&placed->box, 3);

          g_array_append_val (rects, padded);
        }
    }
}

GArray *
_sitmap_story_names_finish (SitmapStoryNames *names,
                            SitmapCollision  *collision)
{
  cairo_t *cr = _sitmap_text_measuring_context ();
  GArray *placed_names = sitmap_label_placed_names_new ();

  for (guint k = 0; k < names->candidates->len; k++)
    {
      const SitmapNameCandidate *c = &g_array_index (names->candidates, SitmapNameCandidate, k);
      SitmapPlacedName *first = k < names->first->len ? &g_array_index (names->first, SitmapPlacedName, k) : NULL;
      SitmapPlacedName placed = { NULL };

      if (first && first->name)
        {
          SitmapRect padded = sitmap_rect_inflate (&first->box, 3);

          /* Kept where it was unless a label or callout had to take it. */
          if (sitmap_collision_try_add (collision, &padded))
            {
              placed = *first;
              first->name = NULL;
              g_array_append_val (placed_names, placed);
              continue;
            }
        }
      if (sitmap_label_place_name (c, &names->viewport, names->spots, _sitmap_country_name_measure, cr, collision,
                                    &placed))
        g_array_append_val (placed_names, placed);
    }

  return placed_names;
}
