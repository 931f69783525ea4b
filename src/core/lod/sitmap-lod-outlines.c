/* sitmap-lod-outlines.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
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

/* A fill of every ring at once, as the basemap's land is, is a fill of
 * their union, and the union's outline is the arcs that one ring uses:
 * where two neighbours share a border they walk it in opposite directions
 * and cancel, so walking it at all is wasted.  (Under even-odd, an arc
 * walked twice the same way, around an enclave, cancels as well.)  So the
 * arcs walked an odd number of times, each in the direction that wins,
 * are chained into closed outlines; fills walk those, which on a map of
 * countries skips every land border.  Chaining fails only on data whose
 * rings do not close, which then keeps filling ring by ring. */
void
sitmap_lod_build_outlines (SitmapLod *self)
{
  const SitmapLodLevel *l = &self->levels[0];
  g_autofree gint32 *net = g_new0 (gint32, MAX (self->n_arcs, 1));
  g_autofree guint32 *out_start = g_new0 (guint32, self->n_points + 2);
  g_autofree guint32 *out_next = NULL;
  g_autofree gint32 *out_refs = NULL;
  g_autofree guint8 *used = g_new0 (guint8, MAX (self->n_arcs, 1));
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (gint32));
  guint n_fill = 0;

  for (guint r = 0; r < self->n_rings; r++)
    for (guint32 i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
      {
        gint32 ref = self->ring_arcs[i];
        gboolean backwards = (ref < 0) != self->ring_reversed[r];

        net[ref >= 0 ? ref : ~ref] += backwards ? -1 : 1;
      }

#define REF_START(ref) ((ref) >= 0 ? l->index[l->arc_start[ref]] : l->index[l->arc_start[~(ref) + 1] - 1])
#define REF_END(ref) ((ref) >= 0 ? l->index[l->arc_start[(ref) + 1] - 1] : l->index[l->arc_start[~(ref)]])

  /* Outgoing arcs by the point they leave from. */
  for (guint a = 0; a < self->n_arcs; a++)
    if (net[a] % 2 != 0 && l->arc_start[a + 1] > l->arc_start[a])
      {
        gint32 ref = net[a] > 0 ? (gint32)a : ~(gint32)a;

        out_start[REF_START (ref) + 1]++;
        n_fill++;
      }
  for (guint p = 0; p < self->n_points; p++)
    out_start[p + 1] += out_start[p];
  out_refs = g_new (gint32, MAX (n_fill, 1));
  out_next = g_memdup2 (out_start, (self->n_points + 1) * sizeof (guint32));
  for (guint a = 0; a < self->n_arcs; a++)
    if (net[a] % 2 != 0 && l->arc_start[a + 1] > l->arc_start[a])
      {
        gint32 ref = net[a] > 0 ? (gint32)a : ~(gint32)a;

        out_refs[out_next[REF_START (ref)]++] = ref;
      }
  /* From here out_next[p] is the next unused arc leaving p. */
  memcpy (out_next, out_start, (self->n_points + 1) * sizeof (guint32));

  for (guint32 k = 0; k < n_fill; k++)
    {
      gint32 ref = out_refs[k];
      guint32 first_point, point;

      if (used[ref >= 0 ? ref : ~ref])
        continue;
      first_point = REF_START (ref);
      g_array_append_val (starts, refs->len);
      for (;;)
        {
          used[ref >= 0 ? ref : ~ref] = TRUE;
          g_array_append_val (refs, ref);
          point = REF_END (ref);
          if (point == first_point)
            break;
          while (out_next[point] < out_start[point + 1] &&
                 used[out_refs[out_next[point]] >= 0 ? out_refs[out_next[point]] : ~out_refs[out_next[point]]])
            out_next[point]++;
          if (out_next[point] == out_start[point + 1])
            return;
          ref = out_refs[out_next[point]++];
        }
    }

#undef REF_START
#undef REF_END

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

