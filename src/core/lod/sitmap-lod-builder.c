/* sitmap-lod-builder.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-lod-builder.h"
#include "sitmap-lod-private.h"

enum
{
  POINT_SEEN     = 1 << 0,
  POINT_JUNCTION = 1 << 1,
};

static inline guint64
mix64 (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

static inline guint32
hash_point (double x,
            double y)
{
  guint64 a, b;

  /* +0.0 and −0.0 are the same place. */
  x += 0.0;
  y += 0.0;
  memcpy (&a, &x, sizeof a);
  memcpy (&b, &y, sizeof b);
  return (guint32)mix64 (a ^ mix64 (b + G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)));
}

/* The id of the point at p, the vertex at index here: its own index if
 * it is the first at that place. */
static guint32
builder_point_id (SitmapLodBuilder *b,
                  const double     *p,
                  guint32           here)
{
  guint32 slot;

  if (isnan (p[0]) || isnan (p[1]))
    {
      if (b->nan_point == NO_POINT)
        b->nan_point = here;
      return b->nan_point;
    }

  for (slot = hash_point (p[0], p[1]) & b->slot_mask;; slot = (slot + 1) & b->slot_mask)
    {
      guint32 id = b->slots[slot];

      if (id == NO_POINT)
        {
          b->slots[slot] = here;
          return here;
        }
      if (b->points[2 * id] == p[0] && b->points[2 * id + 1] == p[1])
        return id;
    }
}

static guint32
pow2_at_least (gsize n)
{
  guint32 size = 16;

  while (size < n && size < (1u << 31))
    size <<= 1;
  return size;
}

/* How many points ahead of the one looked up its successors' slots are
 * fetched: about a memory latency's worth of look-ups. */
#define PREFETCH_AHEAD 8

/* Turns the parts into sequences of point ids. */
void
sitmap_lod_builder_read (SitmapLodBuilder      *b,
                         const double          *points,
                         gsize                  n_points,
                         const SitmapLodSource *features,
                         guint                  n_features,
                         guint32               *feature_ring_start)
{
  gsize total = 0;
  guint n_rings = 0, ring = 0;
  gsize out = 0;

  g_assert (n_points < NO_POINT);

  for (guint f = 0; f < n_features; f++)
    {
      total += features[f].n_parts ? features[f].part_start[features[f].n_parts] : 0;
      n_rings += features[f].n_parts;
    }

  b->points = points;
  b->n_points = n_points;
  b->slot_mask = pow2_at_least (total + total / 2 + 1) - 1;
  b->slots = g_new (guint32, (gsize)b->slot_mask + 1);
  memset (b->slots, 0xff, ((gsize)b->slot_mask + 1) * sizeof (guint32));
  b->nan_point = NO_POINT;
  b->seq = g_new (guint32, total + 1);
  b->seq_seam = g_new0 (guint8, total + 1);
  b->seq_start = g_new (guint32, n_rings + 1);
  b->n_rings = n_rings;

  for (guint f = 0; f < n_features; f++)
    {
      const SitmapLodSource *source = &features[f];
      gsize base = source->n_parts ? (gsize)(source->xy - points) / 2 : 0;

      g_assert (source->n_parts == 0 ||
                (source->xy >= points && base + source->part_start[source->n_parts] <= n_points));
      feature_ring_start[f] = ring;
      for (guint p = 0; p < source->n_parts; p++, ring++)
        {
          guint start = source->part_start[p], end = source->part_start[p + 1];
          gsize first = out;

          b->seq_start[ring] = first;
          for (guint i = start; i < end; i++)
            {
              guint8 seam = source->seam && i + 1 < end ? source->seam[i] : 0;
              guint32 id;

              /* The table is far larger than the caches, and each look-up
               * lands somewhere new: ask for the slot a few points ahead,
               * so that the memory is on its way while these are found. */
              if (i + PREFETCH_AHEAD < end)
                {
                  const double *ahead = source->xy + 2 * (i + PREFETCH_AHEAD);

                  __builtin_prefetch (&b->slots[hash_point (ahead[0], ahead[1]) & b->slot_mask]);
                }
              id = builder_point_id (b, source->xy + 2 * i, (guint32)(base + i));

              /* A repeated vertex adds nothing; the edge that leaves the
               * repeat is the one that counts. */
              if (out > first && b->seq[out - 1] == id)
                {
                  b->seq_seam[out - 1] = seam;
                  continue;
                }
              b->seq[out] = id;
              b->seq_seam[out] = seam;
              out++;
            }

          if (b->closed)
            {
              while (out - first > 1 && b->seq[out - 1] == b->seq[first])
                out--;
              if (out - first < 3)
                out = first;
            }
          else if (out - first < 2)
            out = first;
        }
    }
  feature_ring_start[n_features] = ring;
  b->seq_start[n_rings] = out;

  g_clear_pointer (&b->slots, g_free);
}

static inline void
mark_junction (SitmapLodBuilder *b,
               guint32  id)
{
  b->point_flags[id] |= POINT_JUNCTION;
}

/* A point is a junction where the rings through it do not all run along
 * the same two neighbours: where borders meet or part.  Line ends, the ends
 * of seam edges and unprojectable points (and their neighbours) are made
 * junctions too, so those never sit inside an arc that gets simplified. */
void
sitmap_lod_builder_find_junctions (SitmapLodBuilder *b)
{
  b->neighbour_a = g_new (guint32, MAX (b->n_points, 1));
  b->neighbour_b = g_new (guint32, MAX (b->n_points, 1));
  b->point_flags = g_new0 (guint8, MAX (b->n_points, 1));

  for (guint r = 0; r < b->n_rings; r++)
    {
      guint32 start = b->seq_start[r], n = b->seq_start[r + 1] - start;
      const guint32 *seq = b->seq + start;

      for (guint32 k = 0; k < n; k++)
        {
          guint32 id = seq[k];
          guint32 prev, next;

          if (b->closed)
            {
              prev = seq[(k + n - 1) % n];
              next = seq[(k + 1) % n];
            }
          else
            {
              prev = k > 0 ? seq[k - 1] : NO_POINT;
              next = k + 1 < n ? seq[k + 1] : NO_POINT;
              if (k == 0 || k + 1 == n)
                mark_junction (b, id);
            }

          if (id == b->nan_point || prev == b->nan_point || next == b->nan_point)
            mark_junction (b, id);
          if (b->seq_seam[start + k] && (b->closed || k + 1 < n))
            {
              mark_junction (b, id);
              mark_junction (b, next);
            }

          if (!(b->point_flags[id] & POINT_SEEN))
            {
              b->point_flags[id] |= POINT_SEEN;
              b->neighbour_a[id] = prev;
              b->neighbour_b[id] = next;
            }
          else if (!((b->neighbour_a[id] == prev && b->neighbour_b[id] == next) ||
                     (b->neighbour_a[id] == next && b->neighbour_b[id] == prev)))
            mark_junction (b, id);
        }
    }

  g_clear_pointer (&b->neighbour_a, g_free);
  g_clear_pointer (&b->neighbour_b, g_free);
}

static guint32
hash_ids (const guint32 *ids,
          guint          n)
{
  guint64 h = n;

  for (guint i = 0; i < n; i++)
    h = mix64 (h ^ ids[i]) + i;
  return (guint32)h;
}

static void
builder_grow_arc_table (SitmapLodBuilder *b)
{
  guint32 size = pow2_at_least (4 * (b->arc_hash->len + 1));

  g_free (b->arc_slots);
  b->arc_slots = g_new (guint32, size);
  memset (b->arc_slots, 0xff, size * sizeof (guint32));
  b->arc_slot_mask = size - 1;

  for (guint a = 0; a < b->arc_hash->len; a++)
    {
      guint32 slot = g_array_index (b->arc_hash, guint32, a) & b->arc_slot_mask;

      while (b->arc_slots[slot] != NO_POINT)
        slot = (slot + 1) & b->arc_slot_mask;
      b->arc_slots[slot] = a;
    }
}

/* Adds the arc ids[0..n) or finds the same arc, walked either way, added
 * by a neighbour.  Returns the arc, or ~arc when ids runs against the
 * stored direction. */
static gint32
builder_add_arc (SitmapLodBuilder       *b,
                 const guint32 *ids,
                 guint          n,
                 gboolean       seam)
{
  gboolean forward = ids[0] < ids[n - 1] || (ids[0] == ids[n - 1] && ids[1] <= ids[n - 2]);
  const guint32 *canonical = ids;
  guint32 hash, slot, arc;

  if (!forward)
    {
      guint32 *reversed;

      g_array_set_size (b->scratch, n);
      reversed = (guint32 *)(void *)b->scratch->data;
      for (guint i = 0; i < n; i++)
        reversed[i] = ids[n - 1 - i];
      canonical = reversed;
    }

  hash = hash_ids (canonical, n);
  for (slot = hash & b->arc_slot_mask;; slot = (slot + 1) & b->arc_slot_mask)
    {
      guint32 start, length;

      arc = b->arc_slots[slot];
      if (arc == NO_POINT)
        break;
      if (g_array_index (b->arc_hash, guint32, arc) != hash)
        continue;
      start = g_array_index (b->arc_start, guint32, arc);
      length = g_array_index (b->arc_start, guint32, arc + 1) - start;
      if (length == n && memcmp (&g_array_index (b->arc_points, guint32, start), canonical, n * sizeof (guint32)) == 0)
        {
          guint8 *flags = &g_array_index (b->arc_flags, guint8, arc);

          *flags |= ARC_SHARED | (seam ? ARC_SEAM : 0);
          return forward ? (gint32)arc : ~(gint32)arc;
        }
    }

  arc = b->arc_hash->len;
  {
    guint8 flags = seam ? ARC_SEAM : 0;
    guint32 end = b->arc_points->len + n;

    g_array_append_vals (b->arc_points, canonical, n);
    g_array_append_val (b->arc_start, end);
    g_array_append_val (b->arc_flags, flags);
    g_array_append_val (b->arc_hash, hash);
  }
  b->arc_slots[slot] = arc;
  if (b->arc_hash->len * 2 > b->arc_slot_mask)
    builder_grow_arc_table (b);

  return forward ? (gint32)arc : ~(gint32)arc;
}

/* Cuts each ring at its junctions.  A ring with none (an island, or a
 * country inside another) becomes one closed arc, started at its lowest
 * point id so that the enclave and the hole around it find each other. */
void
sitmap_lod_builder_make_arcs (SitmapLodBuilder  *b,
                   guint32  *ring_start)
{
  g_autoptr(GArray) buffer = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 zero = 0;

  b->arc_points = g_array_new (FALSE, FALSE, sizeof (guint32));
  b->arc_start = g_array_new (FALSE, FALSE, sizeof (guint32));
  b->arc_flags = g_array_new (FALSE, FALSE, sizeof (guint8));
  b->arc_hash = g_array_new (FALSE, FALSE, sizeof (guint32));
  b->ring_arcs = g_array_new (FALSE, FALSE, sizeof (gint32));
  b->scratch = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_array_append_val (b->arc_start, zero);
  builder_grow_arc_table (b);

  for (guint r = 0; r < b->n_rings; r++)
    {
      guint32 start = b->seq_start[r], n = b->seq_start[r + 1] - start;
      const guint32 *seq = b->seq + start;
      const guint8 *seam = b->seq_seam + start;
      guint32 first_junction = NO_POINT;

      ring_start[r] = b->ring_arcs->len;
      if (n == 0)
        continue;

      for (guint32 k = 0; k < n && first_junction == NO_POINT; k++)
        if (b->point_flags[seq[k]] & POINT_JUNCTION)
          first_junction = k;

      if (first_junction == NO_POINT)
        {
          /* Only rings get here: line ends are always junctions. */
          guint32 lowest = 0;
          gboolean forward;
          gint32 ref;

          for (guint32 k = 1; k < n; k++)
            if (seq[k] < seq[lowest])
              lowest = k;
          forward = seq[(lowest + 1) % n] <= seq[(lowest + n - 1) % n];

          g_array_set_size (buffer, n + 1);
          for (guint32 k = 0; k <= n; k++)
            {
              guint32 at = forward ? (lowest + k) % n : (lowest + n - k % n) % n;

              g_array_index (buffer, guint32, k) = seq[at];
            }
          ref = builder_add_arc (b, (guint32 *)(void *)buffer->data, n + 1, FALSE);
          g_array_append_val (b->ring_arcs, ref);
          continue;
        }

      {
        guint32 limit = b->closed ? n : n - 1;
        guint32 k = first_junction, walked = 0;

        /* Lines start at a junction, their first vertex. */
        while (walked < limit)
          {
            guint32 length = 1;
            gint32 ref;

            g_array_set_size (buffer, 0);
            g_array_append_val (buffer, seq[k]);
            do
              {
                guint32 next = b->closed ? (k + length) % n : k + length;

                g_array_append_val (buffer, seq[next]);
                length++;
                walked++;
                if (b->point_flags[seq[next]] & POINT_JUNCTION)
                  break;
              }
            while (walked < limit);

            ref = builder_add_arc (b, (guint32 *)(void *)buffer->data, buffer->len,
                                   buffer->len == 2 && seam[k]);
            g_array_append_val (b->ring_arcs, ref);
            k = b->closed ? (k + length - 1) % n : k + length - 1;
          }
      }
    }
  ring_start[b->n_rings] = b->ring_arcs->len;

  g_clear_pointer (&b->arc_slots, g_free);
  g_clear_pointer (&b->arc_hash, g_array_unref);
  g_clear_pointer (&b->scratch, g_array_unref);
}

