/* sitmap-lod-outlines.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sitmap-lod-private.h"

void
sitmap_lod_find_ring_orientation (SitmapLod *self)
{
  const SitmapLodLevel *l = &self->levels[0];

  self->ring_reversed = g_new0 (guint8, MAX (self->n_rings, 1));
  for (guint r = 0; r < self->n_rings; r++)
    {
      double area = 0;

      for (guint32 i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
        {
          gint32 ref = self->ring_arcs[i];
          guint32 arc = ref >= 0 ? ref : ~ref;
          double sum = 0;

          for (guint32 k = l->arc_start[arc]; k + 1 < l->arc_start[arc + 1]; k++)
            {
              const double *a = self->points + 2 * l->index[k];
              const double *b = self->points + 2 * l->index[k + 1];

              if (!isnan (a[0]) && !isnan (b[0]))
                sum += a[0] * b[1] - b[0] * a[1];
            }
          area += ref >= 0 ? sum : -sum;
        }
      self->ring_reversed[r] = area < 0;
    }
}

/* An arc of the outlines, by the point it leaves from. */
typedef struct
{
  guint32 point;
  gint32  ref;
} Leaving;

static int
compare_leaving (const void *a,
                 const void *b)
{
  const Leaving *x = a, *y = b;
  guint32 arc_x = x->ref >= 0 ? (guint32)x->ref : ~(guint32)x->ref;
  guint32 arc_y = y->ref >= 0 ? (guint32)y->ref : ~(guint32)y->ref;

  if (x->point != y->point)
    return x->point < y->point ? -1 : 1;
  return arc_x < arc_y ? -1 : arc_x > arc_y;
}

/* The first of the arcs leaving point, or n when none does. */
static guint32
first_leaving (const Leaving *leaving,
               guint32        n,
               guint32        point)
{
  guint32 lo = 0, hi = n;

  while (lo < hi)
    {
      guint32 mid = lo + (hi - lo) / 2;

      if (leaving[mid].point < point)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n && leaving[lo].point == point ? lo : n;
}

/* A fill of every ring at once, as the basemap's land is, is a fill of
 * their union, and the union's outline is the arcs that one ring uses:
 * where two neighbours share a border they walk it in opposite directions
 * and cancel, so walking it at all is wasted.  (Under even-odd, an arc
 * walked twice the same way, around an enclave, cancels as well.)  So the
 * arcs walked an odd number of times, each in the direction that wins,
 * are chained into closed outlines; fills walk those, which on a map of
 * countries skips every land border.  Chaining fails only on data whose
 * rings do not close, which then keeps filling ring by ring.  The arcs
 * are found by the point they leave from in a sorted list of only them,
 * not in a table over every point, which on big data would be the
 * largest thing alive while the level of detail is built. */
void
sitmap_lod_build_outlines (SitmapLod *self)
{
  const SitmapLodLevel *l = &self->levels[0];
  g_autofree gint32 *net = g_new0 (gint32, MAX (self->n_arcs, 1));
  g_autofree Leaving *leaving = NULL;
  /* next[g], for the first arc g leaving a point: the next unused one. */
  g_autofree guint32 *next = NULL;
  g_autofree guint8 *used = g_new0 (guint8, MAX (self->n_arcs, 1));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (gint32));
  guint32 n_fill = 0;

  for (guint r = 0; r < self->n_rings; r++)
    for (guint32 i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
      {
        gint32 ref = self->ring_arcs[i];
        gboolean backwards = (ref < 0) != self->ring_reversed[r];

        net[ref >= 0 ? ref : ~ref] += backwards ? -1 : 1;
      }

#define REF_START(ref) ((ref) >= 0 ? l->index[l->arc_start[ref]] : l->index[l->arc_start[~(ref) + 1] - 1])
#define REF_END(ref) ((ref) >= 0 ? l->index[l->arc_start[(ref) + 1] - 1] : l->index[l->arc_start[~(ref)]])
#define REF_ARC(ref) ((ref) >= 0 ? (ref) : ~(ref))

  for (guint a = 0; a < self->n_arcs; a++)
    if (net[a] % 2 != 0 && l->arc_start[a + 1] > l->arc_start[a])
      n_fill++;
  leaving = g_new (Leaving, MAX (n_fill, 1));
  next = g_new (guint32, MAX (n_fill, 1));
  n_fill = 0;
  for (guint a = 0; a < self->n_arcs; a++)
    if (net[a] % 2 != 0 && l->arc_start[a + 1] > l->arc_start[a])
      {
        gint32 ref = net[a] > 0 ? (gint32)a : ~(gint32)a;

        leaving[n_fill].point = REF_START (ref);
        leaving[n_fill].ref = ref;
        next[n_fill] = n_fill;
        n_fill++;
      }
  qsort (leaving, n_fill, sizeof (Leaving), compare_leaving);

  for (guint32 k = 0; k < n_fill; k++)
    {
      gint32 ref = leaving[k].ref;
      guint32 first_point, point;

      if (used[REF_ARC (ref)])
        continue;
      first_point = REF_START (ref);
      g_array_append_val (starts, refs->len);
      for (;;)
        {
          guint32 g, c;

          used[REF_ARC (ref)] = TRUE;
          g_array_append_val (refs, ref);
          point = REF_END (ref);
          if (point == first_point)
            break;
          g = first_leaving (leaving, n_fill, point);
          if (g == n_fill)
            return;
          for (c = next[g]; c < n_fill && leaving[c].point == point && used[REF_ARC (leaving[c].ref)]; c++)
            ;
          next[g] = c;
          if (c == n_fill || leaving[c].point != point)
            return;
          ref = leaving[c].ref;
          next[g] = c + 1;
        }
    }

#undef REF_START
#undef REF_END
#undef REF_ARC

  self->n_outlines = starts->len;
  g_array_append_val (starts, refs->len);
  self->outline_start = (guint32 *)(void *)g_array_free (g_steal_pointer (&starts), FALSE);
  self->outline_arcs = (gint32 *)(void *)g_array_free (g_steal_pointer (&refs), FALSE);
  self->outline_box = g_new (SitmapLodBox, MAX (self->n_outlines, 1));
  for (guint o = 0; o < self->n_outlines; o++)
    {
      box_clear (&self->outline_box[o]);
      for (guint32 i = self->outline_start[o]; i < self->outline_start[o + 1]; i++)
        {
          gint32 ref = self->outline_arcs[i];

          box_union (&self->outline_box[o], &self->arc_box[ref >= 0 ? ref : ~ref]);
        }
    }
}

