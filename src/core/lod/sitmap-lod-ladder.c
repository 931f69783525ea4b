/* sitmap-lod-ladder.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-lod-ladder.h"
#include "sitmap-lod-private.h"

/* Tolerances run FIRST_TOLERANCE × 2^(k / LADDER_STEPS) metres.  A metre is far below what
 * any Natural Earth scale holds, so level 0 (the data as it is) is only
 * used when zoomed in past what the data can show anyway. */
#define FIRST_TOLERANCE 1.0
/* Steps per doubling of the tolerance.  A frame takes the coarsest level
 * within its tolerance, so with steps of two it draws up to twice the
 * detail it needs, just after a level switches; with steps of √2, at most
 * √2 times. */
#define LADDER_STEPS 2
#define MAX_LEVELS (26 * LADDER_STEPS)
/* A level that keeps more than this share of the vertices of the finer
 * one kept before it is not worth its memory: frames use the finer one. */
#define LEVEL_KEEP_RATIO 0.8

/* ---- Douglas–Peucker, once for every tolerance ------------------------------
 *
 * Each vertex gets the tolerance below which Douglas–Peucker keeps it: its
 * distance from the chord when it was chosen as the farthest point, capped
 * by that of the vertices chosen before it on the way down, since a vertex
 * can only be kept when the ones that split its stretch are.  Keeping the
 * vertices above a tolerance then gives exactly what running Douglas–
 * Peucker with that tolerance would. */

typedef struct
{
  guint32 lo;
  guint32 hi;
  float   cap;
} Stretch;

static void
significance (const double  *points,
              const guint32 *ids,
              guint32        n,
              float         *sig,
              GArray        *stack)
{
  sig[0] = sig[n - 1] = INFINITY;
  for (guint32 i = 1; i + 1 < n; i++)
    sig[i] = 0;

  g_array_set_size (stack, 0);
  if (ids[0] == ids[n - 1] && n >= 3)
    {
      /* A loop has no chord: anchor it at its farthest point too. */
      const double *p0 = points + 2 * ids[0];
      double best = -1;
      guint32 far = 1;

      for (guint32 i = 1; i + 1 < n; i++)
        {
          const double *p = points + 2 * ids[i];
          double d = (p[0] - p0[0]) * (p[0] - p0[0]) + (p[1] - p0[1]) * (p[1] - p0[1]);

          if (d > best)
            {
              best = d;
              far = i;
            }
        }
      sig[far] = INFINITY;
      g_array_append_val (stack, ((Stretch) { 0, far, INFINITY }));
      g_array_append_val (stack, ((Stretch) { far, n - 1, INFINITY }));
    }
  else
    g_array_append_val (stack, ((Stretch) { 0, n - 1, INFINITY }));

  while (stack->len > 0)
    {
      Stretch s = g_array_index (stack, Stretch, stack->len - 1);
      const double *a = points + 2 * ids[s.lo], *b = points + 2 * ids[s.hi];
      double dx = b[0] - a[0], dy = b[1] - a[1];
      double len2 = dx * dx + dy * dy, inv_len2 = len2 > 0 ? 1 / len2 : 0;
      double best = -1;
      guint32 far = 0;
      float value;

      g_array_set_size (stack, stack->len - 1);
      if (s.hi - s.lo < 2)
        continue;

      /* Squared distance to the segment, without a division or a
       * square root per vertex. */
      for (guint32 i = s.lo + 1; i < s.hi; i++)
        {
          const double *p = points + 2 * ids[i];
          double px = p[0] - a[0], py = p[1] - a[1];
          double dot = px * dx + py * dy, d;

          if (dot <= 0 || len2 == 0)
            d = px * px + py * py;
          else if (dot >= len2)
            d = (p[0] - b[0]) * (p[0] - b[0]) + (p[1] - b[1]) * (p[1] - b[1]);
          else
            {
              double cross = px * dy - py * dx;

              d = cross * cross * inv_len2;
            }

          if (d > best)
            {
              best = d;
              far = i;
            }
        }

      value = MIN ((float)sqrt (best), s.cap);
      sig[far] = value;
      g_array_append_val (stack, ((Stretch) { s.lo, far, value }));
      g_array_append_val (stack, ((Stretch) { far, s.hi, value }));
    }
}

/* The number of ladder steps k whose tolerance is below sig: the vertex
 * appears in the levels k < rank. */
static guint8
significance_rank (float sig)
{
  if (!(sig > FIRST_TOLERANCE))
    return 0;
  if (isinf (sig))
    return MAX_LEVELS;
  return (guint8)CLAMP (ceil (LADDER_STEPS * log2 (sig / FIRST_TOLERANCE)), 0, MAX_LEVELS);
}

static double
ladder_tolerance (int k)
{
  return FIRST_TOLERANCE * exp2 ((double)k / LADDER_STEPS);
}

static void
level_make_chunks (SitmapLod *self,
                   SitmapLodLevel     *level)
{
  gsize n_chunks = 0, c = 0;

  level->chunk_start = g_new (guint32, self->n_arcs + 1);
  for (guint a = 0; a < self->n_arcs; a++)
    {
      guint32 n = level->arc_start[a + 1] - level->arc_start[a];

      level->chunk_start[a] = n_chunks;
      n_chunks += n > 1 ? (n - 2) / CHUNK_SEGMENTS + 1 : 0;
    }
  level->chunk_start[self->n_arcs] = n_chunks;
  level->chunks = g_new (SitmapLodBox, MAX (n_chunks, 1));

  for (guint a = 0; a < self->n_arcs; a++)
    {
      const guint32 *ids = level->index + level->arc_start[a];
      guint32 n = level->arc_start[a + 1] - level->arc_start[a];

      for (guint32 s = 0; s + 1 < n; s += CHUNK_SEGMENTS)
        {
          guint32 e = MIN (s + CHUNK_SEGMENTS, n - 1);
          SitmapLodBox *box = &level->chunks[c++];

          box_clear (box);
          for (guint32 i = s; i <= e; i++)
            box_add (box, self->points + 2 * ids[i]);
        }
    }
}

/* Takes arc_points and arc_start as level 0, the data as it is. */
void
sitmap_lod_ladder_build (SitmapLod *self,
              guint32   *arc_points,
              guint32   *arc_start)
{
  gsize n = arc_start[self->n_arcs];
  /* One arc's significances at a time: only their ranks are kept. */
  g_autoptr(GArray) sig = g_array_new (FALSE, FALSE, sizeof (float));
  g_autofree guint8 *rank = g_new (guint8, MAX (n, 1));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Stretch));
  gsize histogram[MAX_LEVELS + 1] = { 0 };
  gsize kept[MAX_LEVELS + 1];
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (SitmapLodLevel));
  SitmapLodLevel level = { 0 };
  gsize last_kept = n;

  for (guint a = 0; a < self->n_arcs; a++)
    {
      guint32 length = arc_start[a + 1] - arc_start[a];

      if (length == 0)
        continue;
      g_array_set_size (sig, length);
      significance (self->points, arc_points + arc_start[a], length, (float *)(void *)sig->data, stack);
      for (guint32 i = 0; i < length; i++)
        histogram[rank[arc_start[a] + i] = significance_rank (g_array_index (sig, float, i))]++;
    }

  /* kept[k]: vertices above ladder_tolerance (k); kept[MAX_LEVELS − 1]
   * is what no tolerance removes, the ends of arcs. */
  kept[MAX_LEVELS] = 0;
  for (int k = MAX_LEVELS - 1; k >= 0; k--)
    kept[k] = kept[k + 1] + histogram[k + 1];

  level.tolerance = 0;
  level.index = arc_points;
  level.arc_start = arc_start;
  level.n_vertices = n;
  g_array_append_val (levels, level);

  for (int k = 0; k < MAX_LEVELS && last_kept > kept[MAX_LEVELS - 1]; k++)
    {
      gboolean coarsest = kept[k] == kept[MAX_LEVELS - 1];
      gsize out = 0;

      if (kept[k] > LEVEL_KEEP_RATIO * last_kept && !coarsest)
        continue;

      level.tolerance = ladder_tolerance (k);
      level.index = g_new (guint32, MAX (kept[k], 1));
      level.arc_start = g_new (guint32, self->n_arcs + 1);
      for (guint a = 0; a < self->n_arcs; a++)
        {
          level.arc_start[a] = out;
          for (guint32 i = arc_start[a]; i < arc_start[a + 1]; i++)
            if (rank[i] > k)
              level.index[out++] = arc_points[i];
        }
      level.arc_start[self->n_arcs] = out;
      level.n_vertices = out;
      g_array_append_val (levels, level);
      last_kept = out;
    }

  self->n_levels = levels->len;
  self->levels = (SitmapLodLevel *)(void *)g_array_free (levels, FALSE);
  for (guint l = 0; l < self->n_levels; l++)
    level_make_chunks (self, &self->levels[l]);
}

