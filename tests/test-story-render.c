/* test-story-render.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#undef G_DISABLE_ASSERT

#include <math.h>
#include <string.h>

#include "sitmap-export.h"
#include "sitmap-label-placement.h"
#include "sitmap-map.h"

typedef struct
{
  SitmapMap      *map;
  SitmapRenderer *renderer;
  SitmapViewport  viewport;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->map = sitmap_map_new ();
  f->renderer = sitmap_renderer_new (f->map);
  g_assert_true (sitmap_map_load_builtin_basemaps (f->map, &error));
  g_assert_true (sitmap_map_load_builtin_story (f->map, &error));
  g_assert_no_error (error);
  f->viewport.width = 1920;
  f->viewport.height = 1080;
  f->viewport.scale_factor = 1;
  sitmap_map_fit_home (f->map, &f->viewport);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->renderer);
  g_clear_object (&f->map);
}

/* Names measured without Pango: only the placement is under test. */
static void
measure_by_letters (const char *name,
                    double      size,
                    gpointer    data,
                    double     *width,
                    double     *height)
{
  *width = ceil (g_utf8_strlen (name, -1) * size * 0.62);
  *height = ceil (size * 1.25);
}

/* Every country's name placed in one view, through spots kept from the
 * views before or (spots NULL) computed afresh. */
static GArray *
place_country_names (SitmapLayer          *countries,
                     const SitmapViewport *viewport,
                     SitmapLabelSpots     *spots)
{
  g_autoptr(SitmapCollision) collision = sitmap_collision_new ();
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (SitmapNameCandidate));
  GArray *placed_names = sitmap_label_placed_names_new ();

  for (guint f = 0; f < sitmap_layer_get_n_features (countries); f++)
    {
      SitmapNameCandidate c = { sitmap_layer_get_shape (countries, f),
                                sitmap_layer_get_feature (countries, f)->name, 0 };

      if (c.name != NULL && c.shape->n_points > 0)
        g_array_append_val (candidates, c);
    }
  sitmap_label_filter_name_candidates (candidates, viewport);
  for (guint i = 0; i < candidates->len; i++)
    {
      SitmapPlacedName placed;

      if (sitmap_label_place_name (&g_array_index (candidates, SitmapNameCandidate, i), viewport, spots,
                                   measure_by_letters, NULL, collision, &placed))
        g_array_append_val (placed_names, placed);
    }
  return placed_names;
}

/* The spots a zoom, a pan or a view that stays put finds again give the
 * names the very places a fresh look gives: from the whole world down to
 * Ukraine and back, with countries cut by the view's edges and countries
 * large enough to be spaced by pixels among them. */
static void
test_name_spots_match_fresh (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(SitmapLabelSpots) spots = sitmap_label_spots_new ();
  SitmapLayer *countries = NULL;
  SitmapViewport home = f->viewport, view = f->viewport;
  guint compared = 0;

  for (guint i = 0; i < sitmap_map_get_n_layers (f->map) && countries == NULL; i++)
    {
      SitmapLayerRole role;
      SitmapLayer *layer = sitmap_map_get_layer (f->map, i, &role);

      if (role == SITMAP_LAYER_ROLE_COUNTRIES)
        countries = layer;
    }
  g_assert_nonnull (countries);

  view.resolution = 24000;
  for (guint step = 0; step < 28; step++)
    {
      g_autoptr(GArray) kept = NULL;
      g_autoptr(GArray) fresh = NULL;

      /* In towards the story's home view, then a pan and a pause there,
       * then out again. */
      if (step < 14)
        {
          view.resolution = MAX (home.resolution, view.resolution / 1.25);
          view.centre_x = home.centre_x * step / 13;
          view.centre_y = home.centre_y * step / 13;
        }
      else if (step < 18)
        view.centre_x += step < 17 ? 40 * view.resolution : 0;
      else
        view.resolution *= 1.3;

      kept = place_country_names (countries, &view, spots);
      fresh = place_country_names (countries, &view, NULL);
      g_assert_cmpuint (kept->len, ==, fresh->len);
      for (guint k = 0; k < kept->len; k++)
        {
          const SitmapPlacedName *a = &g_array_index (kept, SitmapPlacedName, k);
          const SitmapPlacedName *b = &g_array_index (fresh, SitmapPlacedName, k);

          g_assert_cmpstr (a->name, ==, b->name);
          g_assert_cmpfloat (a->size, ==, b->size);
          g_assert_cmpfloat (a->box.x, ==, b->box.x);
          g_assert_cmpfloat (a->box.y, ==, b->box.y);
          compared++;
        }
    }
  /* Dozens of names at the whole world's scale, a handful near Ukraine. */
  g_assert_cmpuint (compared, >, 300);
}

static int
find_by_name (SitmapStory *story,
              const char  *id)
{
  int index = sitmap_story_find_feature (story, id);

  g_assert_cmpint (index, >=, 0);
  return index;
}

static gboolean
figures_include (const SitmapStoryFeature *feature,
                 double                    value)
{
  for (guint i = 0; i < feature->figures->len; i++)
    {
      const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);

      if ((!figure->is_range && figure->value == value) || (figure->is_range && figure->low == value))
        return TRUE;
    }
  return FALSE;
}

/* The promise for the built-in story at 1920×1080: the places
 * with readable labels, and callouts carrying 100,000, 60, 5–10, 540, 200
 * and 14,000, none overlapping anything. */
static void
test_builtin_callouts (Fixture       *f,
                       gconstpointer  data)
{
  SitmapRenderer *renderer = f->renderer;
  SitmapStory *story = sitmap_map_get_story (f->map);
  static const double expected[] = { 100000, 60, 5, 540, 200, 14000 };
  g_autoptr(GArray) boxes = g_array_new (FALSE, FALSE, sizeof (SitmapRect));
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
    {
      gboolean shown = FALSE;

      for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
        {
          SitmapRect marker, label, callout;
          guint which = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &f->viewport), i, &marker, &label, &callout);

          if (figures_include (sitmap_story_get_feature (story, i), expected[e]) && (which & SITMAP_LAYOUT_CALLOUT))
            shown = TRUE;
        }
      if (!shown)
        g_error ("no callout shows the figure %g", expected[e]);
    }

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect rects[3];
      guint which = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &f->viewport), i, &rects[0], &rects[1], &rects[2]);

      for (guint k = 0; k < 3; k++)
        if (which & (1u << k))
          {
            guint tagged = i * 4 + k;

            g_array_append_val (boxes, rects[k]);
            g_array_append_val (kinds, tagged);
          }
    }

  /* Callouts overlap nothing; labels overlap no other label or marker
   * (markers of places close together may touch each other). */
  for (guint a = 0; a < boxes->len; a++)
    for (guint b = a + 1; b < boxes->len; b++)
      {
        guint ka = g_array_index (kinds, guint, a), kb = g_array_index (kinds, guint, b);
        gboolean both_markers = (ka % 4) == 0 && (kb % 4) == 0;
        const SitmapRect *ra = &g_array_index (boxes, SitmapRect, a);
        const SitmapRect *rb = &g_array_index (boxes, SitmapRect, b);

        if (both_markers || ka / 4 == kb / 4)
          continue;
        if (sitmap_rect_intersects (ra, rb))
          g_error ("%s (%u) overlaps %s (%u)",
                   sitmap_story_get_feature (story, ka / 4)->id, ka % 4,
                   sitmap_story_get_feature (story, kb / 4)->id, kb % 4);
      }
}

static void
test_places_labelled (Fixture       *f,
                      gconstpointer  data)
{
  SitmapRenderer *renderer = f->renderer;
  SitmapStory *story = sitmap_map_get_story (f->map);
  static const char *ids[] = { "kyiv", "moscow", "vienna", "russian-forces-border", "canada-latvia" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      SitmapRect marker, label, callout;
      guint which = sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &f->viewport), find_by_name (story, ids[i]),
                                                      &marker, &label, &callout);

      if ((which & (SITMAP_LAYOUT_MARKER | SITMAP_LAYOUT_LABEL)) != (SITMAP_LAYOUT_MARKER | SITMAP_LAYOUT_LABEL))
        g_error ("%s has no marker and label in the home view", ids[i]);
    }
}

/* The same view laid out twice, and at another device scale, gives the
 * same boxes: the screen and an export agree. */
static void
test_layout_is_stable (Fixture       *f,
                       gconstpointer  data)
{
  SitmapRenderer *renderer = f->renderer;
  SitmapStory *story = sitmap_map_get_story (f->map);
  SitmapViewport hidpi = f->viewport;
  g_autoptr(GArray) first = g_array_new (FALSE, TRUE, sizeof (SitmapRect));

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect r[3] = { { 0 } };

      sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &f->viewport), i, &r[0], &r[1], &r[2]);
      g_array_append_vals (first, r, 3);
    }

  hidpi.scale_factor = 2;
  {
    cairo_surface_t *surface = sitmap_export_render_image (renderer, &hidpi);

    cairo_surface_destroy (surface);
  }

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      SitmapRect r[3] = { { 0 } };

      sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &hidpi), i, &r[0], &r[1], &r[2]);
      g_assert_true (memcmp (r, &g_array_index (first, SitmapRect, 3 * i), sizeof r) == 0);
    }
}

static void
test_hit_test (Fixture       *f,
               gconstpointer  data)
{
  SitmapRenderer *renderer = f->renderer;
  SitmapStory *story = sitmap_map_get_story (f->map);
  int kyiv = find_by_name (story, "kyiv");
  int crimea = find_by_name (story, "crimea");
  SitmapRect marker, label, callout;
  double x, y, sx, sy;

  sitmap_story_layout_get_boxes (sitmap_renderer_get_story_layout (renderer, &f->viewport), kyiv, &marker, &label, &callout);
  g_assert_cmpint (sitmap_story_layout_hit_test (sitmap_renderer_get_story_layout (renderer, &f->viewport), &f->viewport, marker.x + marker.width / 2,
                                             marker.y + marker.height / 2), ==, kyiv);

  /* Inside Crimea, away from its label: the area itself answers. */
  {
    double lonlat[2] = { 34.4, 45.0 };

    sitmap_projection_forward (sitmap_map_get_projection (f->map), lonlat, 1);
    x = lonlat[0];
    y = lonlat[1];
  }
  sitmap_viewport_to_screen (&f->viewport, x, y, &sx, &sy);
  g_assert_cmpint (sitmap_story_layout_hit_test (sitmap_renderer_get_story_layout (renderer, &f->viewport), &f->viewport, sx, sy), ==, crimea);

  /* Open sea far from everything: nothing. */
  g_assert_cmpint (sitmap_story_layout_hit_test (sitmap_renderer_get_story_layout (renderer, &f->viewport), &f->viewport, 5, f->viewport.height / 2), ==, -1);
}

/* A view of the built-in story as the window or an export of that size
 * lays it out: the story's extent fitted. */
static SitmapStoryLayout *
layout_at (Fixture        *f,
           int             width,
           int             height,
           SitmapViewport *viewport)
{
  *viewport = (SitmapViewport) { 0 };
  viewport->width = width;
  viewport->height = height;
  viewport->scale_factor = 1;
  sitmap_map_fit_home (f->map, viewport);
  return sitmap_renderer_get_story_layout (f->renderer, viewport);
}

static gboolean
names_include (GArray     *names,
               const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_strcmp0 (g_array_index (names, SitmapPlacedName, i).name, name) == 0)
      return TRUE;
  return FALSE;
}

/* The promise: the countries the story is about are named at
 * every size a reader sees, and no name collides with anything. */
static void
test_country_names (Fixture       *f,
                    gconstpointer  data)
{
  /* 1920×1080 and 1280×800 exports; the window's map at its default size
   * (1200×800 less the sidebar and header bar) and maximised on a laptop. */
  static const int sizes[][2] = { { 1920, 1080 }, { 1280, 800 }, { 1080, 1080 }, { 858, 753 }, { 1366, 700 } };
  static const char *expected[] = { "UKRAINE", "RUSSIA", "BELARUS", "POLAND" };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      SitmapViewport viewport;
      SitmapStoryLayout *layout = layout_at (f, sizes[s][0], sizes[s][1], &viewport);
      GArray *names = sitmap_story_layout_get_names (layout);
      g_autoptr(GString) placed = g_string_new (NULL);

      g_assert_nonnull (names);
      for (guint i = 0; i < names->len; i++)
        g_string_append_printf (placed, " %s(%g)", g_array_index (names, SitmapPlacedName, i).name,
                                g_array_index (names, SitmapPlacedName, i).size);
      g_test_message ("%dx%d:%s", sizes[s][0], sizes[s][1], placed->str);

      for (guint e = 0; e < G_N_ELEMENTS (expected); e++)
        if (!names_include (names, expected[e]))
          g_error ("%s is not named at %dx%d", expected[e], sizes[s][0], sizes[s][1]);

      /* Names clear of one another, of every marker, label and callout,
       * and of the inset; legible: 9 px at the smallest. */
      for (guint i = 0; i < names->len; i++)
        {
          const SitmapPlacedName *a = &g_array_index (names, SitmapPlacedName, i);
          SitmapRect inset;

          g_assert_cmpfloat (a->size, >=, 9);
          for (guint j = i + 1; j < names->len; j++)
            g_assert_false (sitmap_rect_intersects (&a->box, &g_array_index (names, SitmapPlacedName, j).box));
          for (guint k = 0; k < sitmap_story_get_n_features (sitmap_map_get_story (f->map)); k++)
            {
              SitmapRect boxes[3];
              guint which = sitmap_story_layout_get_boxes (layout, k, &boxes[0], &boxes[1], &boxes[2]);

              for (guint b = 0; b < 3; b++)
                if ((which & (1u << b)) && sitmap_rect_intersects (&a->box, &boxes[b]))
                  g_error ("%s overlaps %s (%u) at %dx%d", a->name,
                           sitmap_story_get_feature (sitmap_map_get_story (f->map), k)->id, b,
                           sizes[s][0], sizes[s][1]);
            }
          if (sitmap_story_layout_get_inset (layout, &inset))
            g_assert_false (sitmap_rect_intersects (&a->box, &inset));
        }
    }
}

/* Exports at another aspect keep each callout on its side of its place,
 * left or right (straight above or below counts as either), and leaders
 * stay short. */
static void
test_callouts_keep_side (Fixture       *f,
                         gconstpointer  data)
{
  static const int sizes[][2] = { { 1920, 1080 }, { 1080, 1080 }, { 1280, 800 } };
  SitmapStory *story = sitmap_map_get_story (f->map);
  guint n = sitmap_story_get_n_features (story);
  g_autofree int *side_x = g_new0 (int, n);
  g_autofree int *side_y = g_new0 (int, n);
  g_autofree gboolean *seen = g_new0 (gboolean, n);

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      SitmapViewport viewport;
      SitmapStoryLayout *layout = layout_at (f, sizes[s][0], sizes[s][1], &viewport);
      double longest = 0, total = 0;
      guint count = 0;

      for (guint i = 0; i < n; i++)
        {
          double x0, y0, x1, y1, length;
          int dx, dy;

          if (!sitmap_story_layout_get_callout_leader (layout, i, &x0, &y0, &x1, &y1))
            continue;
          length = hypot (x1 - x0, y1 - y0);
          dx = (x1 > x0 + 0.5) - (x1 < x0 - 0.5);
          dy = (y1 > y0 + 0.5) - (y1 < y0 - 0.5);
          g_test_message ("%dx%d %s: side %+d,%+d leader %.1f px", sizes[s][0], sizes[s][1],
                          sitmap_story_get_feature (story, i)->id, dx, dy, length);
          longest = MAX (longest, length);
          total += length;
          count++;

          /* The 1280×800 layout is held to the leaders' bound only. */
          if (s == 2)
            continue;
          /* Left or right of its place, as a reader remembers it; above
           * or below may change where the taller view has room. */
          if (seen[i] && side_y[i] && dy && side_y[i] != dy)
            g_test_message ("%s's callout moves %s its place", sitmap_story_get_feature (story, i)->id,
                            dy > 0 ? "below" : "above");
          if (seen[i] && side_x[i] && dx && side_x[i] != dx)
            g_error ("%s's callout changes sides at %dx%d (%+d,%+d, was %+d,%+d)",
                     sitmap_story_get_feature (story, i)->id, sizes[s][0], sizes[s][1], dx, dy, side_x[i], side_y[i]);
          seen[i] = TRUE;
          side_x[i] = dx;
          side_y[i] = dy;
        }
      g_assert_cmpuint (count, >=, 6);
      g_test_message ("%dx%d: %u leaders, longest %.1f px, mean %.1f px",
                      sizes[s][0], sizes[s][1], count, longest, total / count);
      g_assert_cmpfloat (longest, <=, 110);
      g_assert_cmpfloat (total / count, <=, 45);
    }
}

static void
test_description (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *text = sitmap_renderer_describe (f->renderer, &f->viewport);

  g_assert_nonnull (strstr (text, "Kyiv"));
  g_assert_nonnull (strstr (text, "100,000"));
  g_assert_nonnull (strstr (text, "Crimea is shown as part of Ukraine"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/story-render/builtin-callouts", Fixture, NULL, fixture_setup, test_builtin_callouts, fixture_teardown);
  g_test_add ("/story-render/places-labelled", Fixture, NULL, fixture_setup, test_places_labelled, fixture_teardown);
  g_test_add ("/story-render/layout-is-stable", Fixture, NULL, fixture_setup, test_layout_is_stable, fixture_teardown);
  g_test_add ("/story-render/hit-test", Fixture, NULL, fixture_setup, test_hit_test, fixture_teardown);
  g_test_add ("/story-render/country-names", Fixture, NULL, fixture_setup, test_country_names, fixture_teardown);
  g_test_add ("/story-render/name-spots-match-fresh", Fixture, NULL, fixture_setup, test_name_spots_match_fresh,
              fixture_teardown);
  g_test_add ("/story-render/callouts-keep-side", Fixture, NULL, fixture_setup, test_callouts_keep_side, fixture_teardown);
  g_test_add ("/story-render/description", Fixture, NULL, fixture_setup, test_description, fixture_teardown);

  return g_test_run ();
}
