/* sitmap-lod.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <wchar.h>

#include "sitmap-lod.h"

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
/* Segments per culling chunk along an arc: short enough that a ring
 * mostly out of view costs a few vertices, long enough that the boxes
 * cost little beside the vertices. */
#define CHUNK_SEGMENTS 32

#define NO_POINT G_MAXUINT32

typedef struct
{
  double x0, y0, x1, y1;
} Box;

enum
{
  ARC_SEAM   = 1 << 0,
  ARC_SHARED = 1 << 1,
  ARC_LOOP   = 1 << 2,   /* ends where it starts: a whole ring */
};

typedef struct
{
  double   tolerance;
  guint32 *index;          /* point ids, arc after arc */
  guint32 *arc_start;      /* n_arcs + 1 offsets into index */
  Box     *chunks;
  guint32 *chunk_start;    /* n_arcs + 1 offsets into chunks */
  gsize    n_vertices;
} Level;

typedef struct
{
  guint    columns;
  guint    rows;
  double   x0;
  double   y0;
  double   cell_w;
  double   cell_h;
  guint32 *cell_start;     /* columns × rows + 1 offsets into items */
  guint32 *items;
  guint    n_items;
} Grid;

struct _SitmapLod
{
  gboolean  closed;

  double   *points;        /* x, y of each distinct point */
  guint     n_points;

  guint     n_arcs;
  guint     n_shared;
  guint8   *arc_flags;
  Box      *arc_box;

  guint     n_features;
  guint32  *feature_ring_start;   /* n_features + 1 */
  guint     n_rings;
  guint32  *ring_start;           /* n_rings + 1 offsets into ring_arcs */
  gint32   *ring_arcs;            /* arc, or ~arc when walked backwards */
  guint32  *ring_feature;
  Box      *ring_box;
  guint8   *ring_reversed;        /* walk it backwards to go anticlockwise */

  Level    *levels;
  guint     n_levels;

  Grid      ring_grid;
  Grid      arc_grid;

  /* The outlines of the union of all rings, for fills: see
   * build_outlines ().  n_outlines is 0 where they could not be built. */
  guint     n_outlines;
  guint32  *outline_start;        /* n_outlines + 1 offsets into outline_arcs */
  gint32   *outline_arcs;         /* arc, or ~arc when walked backwards */
  Box      *outline_box;
  Grid      outline_grid;
};

static inline void
box_clear (Box *box)
{
  box->x0 = box->y0 = G_MAXDOUBLE;
  box->x1 = box->y1 = -G_MAXDOUBLE;
}

static inline void
box_add (Box          *box,
         const double *p)
{
  if (isnan (p[0]) || isnan (p[1]))
    return;
  box->x0 = MIN (box->x0, p[0]);
  box->y0 = MIN (box->y0, p[1]);
  box->x1 = MAX (box->x1, p[0]);
  box->y1 = MAX (box->y1, p[1]);
}

static inline void
box_union (Box       *box,
           const Box *other)
{
  box->x0 = MIN (box->x0, other->x0);
  box->y0 = MIN (box->y0, other->y0);
  box->x1 = MAX (box->x1, other->x1);
  box->y1 = MAX (box->y1, other->y1);
}

static inline gboolean
box_is_empty (const Box *box)
{
  return box->x0 > box->x1;
}

static inline gboolean
box_smaller_than (const Box *box,
                  double     size)
{
  return box->x1 - box->x0 < size && box->y1 - box->y0 < size;
}

/* Wholly on the far side of one edge of the view: whatever lies in such a
 * box can be replaced by any path that stays in the same half-plane
 * without changing anything drawn inside the view.  Empty boxes (nothing
 * but unprojectable points) count as outside. */
static inline gboolean
box_outside (const Box           *box,
             const SitmapLodView *view)
{
  return box->x1 < view->x_min || box->x0 > view->x_max ||
         box->y1 < view->y_min || box->y0 > view->y_max;
}

/* ---- Building ------------------------------------------------------------ */

typedef struct
{
  gboolean  closed;

  /* Distinct points, found through an open-addressing hash on their
   * coordinates' bits. */
  double   *points;
  guint     n_points;
  guint32  *slots;
  guint32   slot_mask;
  guint32   nan_point;

  /* Every ring (or line) as point ids, without repeats and, for rings,
   * without the closing vertex. */
  guint32  *seq;
  guint8   *seq_seam;      /* the edge to the next vertex is on the seam */
  guint32  *seq_start;     /* n_rings + 1 */
  guint     n_rings;

  guint32  *neighbour_a;
  guint32  *neighbour_b;
  guint8   *point_flags;

  /* Arcs in the orientation that makes them canonical. */
  GArray   *arc_points;    /* guint32 */
  GArray   *arc_start;     /* guint32 */
  GArray   *arc_flags;     /* guint8 */
  GArray   *arc_hash;      /* guint32 */
  guint32  *arc_slots;
  guint32   arc_slot_mask;

  GArray   *ring_arcs;     /* gint32 */
  GArray   *scratch;       /* guint32 */
} Builder;

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

static guint32
builder_point_id (Builder      *b,
                  const double *p)
{
  guint32 slot;

  if (isnan (p[0]) || isnan (p[1]))
    {
      if (b->nan_point == NO_POINT)
        {
          b->nan_point = b->n_points++;
          b->points[2 * b->nan_point] = NAN;
          b->points[2 * b->nan_point + 1] = NAN;
        }
      return b->nan_point;
    }

  for (slot = hash_point (p[0], p[1]) & b->slot_mask;; slot = (slot + 1) & b->slot_mask)
    {
      guint32 id = b->slots[slot];

      if (id == NO_POINT)
        {
          id = b->n_points++;
          b->points[2 * id] = p[0];
          b->points[2 * id + 1] = p[1];
          b->slots[slot] = id;
          return id;
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

/* Turns the parts into sequences of point ids. */
static void
builder_read (Builder               *b,
              const SitmapLodSource *features,
              guint                  n_features,
              guint32               *feature_ring_start)
{
  gsize total = 0;
  guint n_rings = 0, ring = 0;
  gsize out = 0;

  for (guint f = 0; f < n_features; f++)
    {
      total += features[f].n_parts ? features[f].part_start[features[f].n_parts] : 0;
      n_rings += features[f].n_parts;
    }

  b->points = g_new (double, 2 * (total + 1));
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

      feature_ring_start[f] = ring;
      for (guint p = 0; p < source->n_parts; p++, ring++)
        {
          guint start = source->part_start[p], end = source->part_start[p + 1];
          gsize first = out;

          b->seq_start[ring] = first;
          for (guint i = start; i < end; i++)
            {
              guint32 id = builder_point_id (b, source->xy + 2 * i);
              guint8 seam = source->seam && i + 1 < end ? source->seam[i] : 0;

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
  b->points = g_renew (double, b->points, 2 * MAX (b->n_points, 1));
}

static inline void
mark_junction (Builder *b,
               guint32  id)
{
  b->point_flags[id] |= POINT_JUNCTION;
}

/* A point is a junction where the rings through it do not all run along
 * the same two neighbours: where borders meet or part.  Line ends, the ends
 * of seam edges and unprojectable points (and their neighbours) are made
 * junctions too, so those never sit inside an arc that gets simplified. */
static void
builder_find_junctions (Builder *b)
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
builder_grow_arc_table (Builder *b)
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
builder_add_arc (Builder       *b,
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
static void
builder_make_arcs (Builder  *b,
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
                   Level     *level)
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
  level->chunks = g_new (Box, MAX (n_chunks, 1));

  for (guint a = 0; a < self->n_arcs; a++)
    {
      const guint32 *ids = level->index + level->arc_start[a];
      guint32 n = level->arc_start[a + 1] - level->arc_start[a];

      for (guint32 s = 0; s + 1 < n; s += CHUNK_SEGMENTS)
        {
          guint32 e = MIN (s + CHUNK_SEGMENTS, n - 1);
          Box *box = &level->chunks[c++];

          box_clear (box);
          for (guint32 i = s; i <= e; i++)
            box_add (box, self->points + 2 * ids[i]);
        }
    }
}

/* Takes arc_points and arc_start as level 0, the data as it is. */
static void
build_levels (SitmapLod *self,
              guint32   *arc_points,
              guint32   *arc_start)
{
  gsize n = arc_start[self->n_arcs];
  g_autofree float *sig = g_new (float, MAX (n, 1));
  g_autofree guint8 *rank = g_new (guint8, MAX (n, 1));
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (Stretch));
  gsize histogram[MAX_LEVELS + 1] = { 0 };
  gsize kept[MAX_LEVELS + 1];
  GArray *levels = g_array_new (FALSE, TRUE, sizeof (Level));
  Level level = { 0 };
  gsize last_kept = n;

  for (guint a = 0; a < self->n_arcs; a++)
    significance (self->points, arc_points + arc_start[a], arc_start[a + 1] - arc_start[a],
                  sig + arc_start[a], stack);

  for (gsize i = 0; i < n; i++)
    histogram[rank[i] = significance_rank (sig[i])]++;

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
  self->levels = (Level *)(void *)g_array_free (levels, FALSE);
  for (guint l = 0; l < self->n_levels; l++)
    level_make_chunks (self, &self->levels[l]);
}

/* ---- The grid ------------------------------------------------------------ */

static void
grid_cell_range (const Grid *grid,
                 const Box  *box,
                 guint      *c0,
                 guint      *r0,
                 guint      *c1,
                 guint      *r1)
{
  double fc0 = floor ((box->x0 - grid->x0) / grid->cell_w);
  double fc1 = floor ((box->x1 - grid->x0) / grid->cell_w);
  double fr0 = floor ((box->y0 - grid->y0) / grid->cell_h);
  double fr1 = floor ((box->y1 - grid->y0) / grid->cell_h);

  *c0 = (guint)CLAMP (fc0, 0, grid->columns - 1);
  *c1 = (guint)CLAMP (fc1, 0, grid->columns - 1);
  *r0 = (guint)CLAMP (fr0, 0, grid->rows - 1);
  *r1 = (guint)CLAMP (fr1, 0, grid->rows - 1);
}

static void
grid_build (Grid      *grid,
            const Box *boxes,
            guint      n,
            const Box *extent)
{
  double w = MAX (extent->x1 - extent->x0, 1e-9), h = MAX (extent->y1 - extent->y0, 1e-9);
  double cells = CLAMP (n, 1, 256 * 256);
  g_autofree guint32 *fill = NULL;
  guint n_cells;

  grid->columns = (guint)CLAMP (round (sqrt (cells * w / h)), 1, 512);
  grid->rows = (guint)CLAMP (round (cells / grid->columns), 1, 512);
  grid->x0 = extent->x0;
  grid->y0 = extent->y0;
  grid->cell_w = w / grid->columns;
  grid->cell_h = h / grid->rows;
  grid->n_items = n;
  n_cells = grid->columns * grid->rows;
  grid->cell_start = g_new0 (guint32, n_cells + 1);

  for (guint i = 0; i < n; i++)
    {
      guint c0, r0, c1, r1;

      if (box_is_empty (&boxes[i]))
        continue;
      grid_cell_range (grid, &boxes[i], &c0, &r0, &c1, &r1);
      for (guint r = r0; r <= r1; r++)
        for (guint c = c0; c <= c1; c++)
          grid->cell_start[r * grid->columns + c + 1]++;
    }
  for (guint i = 0; i < n_cells; i++)
    grid->cell_start[i + 1] += grid->cell_start[i];

  grid->items = g_new (guint32, MAX (grid->cell_start[n_cells], 1));
  fill = g_memdup2 (grid->cell_start, n_cells * sizeof (guint32));
  for (guint i = 0; i < n; i++)
    {
      guint c0, r0, c1, r1;

      if (box_is_empty (&boxes[i]))
        continue;
      grid_cell_range (grid, &boxes[i], &c0, &r0, &c1, &r1);
      for (guint r = r0; r <= r1; r++)
        for (guint c = c0; c <= c1; c++)
          grid->items[fill[r * grid->columns + c]++] = i;
    }
}

static void
grid_clear (Grid *grid)
{
  g_clear_pointer (&grid->cell_start, g_free);
  g_clear_pointer (&grid->items, g_free);
}

/* Appends each item whose box meets box, once: an item in several of the
 * cells looked at is taken from the first of them only.  Nothing is marked
 * on the grid, so threads drawing bands of one frame can share it. */
static void
grid_query (const Grid *grid,
            const Box  *boxes,
            const Box  *box,
            GArray     *out)
{
  guint c0, r0, c1, r1;

  if (grid->n_items == 0 || box_is_empty (box))
    return;

  grid_cell_range (grid, box, &c0, &r0, &c1, &r1);
  for (guint r = r0; r <= r1; r++)
    for (guint c = c0; c <= c1; c++)
      {
        guint cell = r * grid->columns + c;

        for (guint32 i = grid->cell_start[cell]; i < grid->cell_start[cell + 1]; i++)
          {
            guint32 item = grid->items[i];
            const Box *b = &boxes[item];
            guint ic0, ir0, ic1, ir1;

            if (!(b->x1 >= box->x0 && b->x0 <= box->x1 && b->y1 >= box->y0 && b->y0 <= box->y1))
              continue;
            grid_cell_range (grid, b, &ic0, &ir0, &ic1, &ir1);
            if (c == MAX (ic0, c0) && r == MAX (ir0, r0))
              g_array_append_val (out, item);
          }
      }
}

/* ---- Construction -------------------------------------------------------- */

static void
find_ring_orientation (SitmapLod *self)
{
  const Level *l = &self->levels[0];

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
static void
build_outlines (SitmapLod *self)
{
  const Level *l = &self->levels[0];
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
  self->outline_box = g_new (Box, MAX (self->n_outlines, 1));
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

SitmapLod *
sitmap_lod_new (const SitmapLodSource *features,
                guint                  n_features,
                gboolean               closed)
{
  SitmapLod *self;
  Builder b = { 0 };
  guint32 *arc_points;
  guint32 *arc_start;
  Box extent;

  g_return_val_if_fail (features != NULL || n_features == 0, NULL);

  self = g_new0 (SitmapLod, 1);
  self->closed = b.closed = !!closed;
  self->n_features = n_features;
  self->feature_ring_start = g_new (guint32, n_features + 1);

  builder_read (&b, features, n_features, self->feature_ring_start);
  builder_find_junctions (&b);
  self->n_rings = b.n_rings;
  self->ring_start = g_new (guint32, b.n_rings + 1);
  builder_make_arcs (&b, self->ring_start);

  self->points = g_steal_pointer (&b.points);
  self->n_points = b.n_points;
  self->n_arcs = b.arc_flags->len;
  self->arc_flags = (guint8 *)g_array_free (g_steal_pointer (&b.arc_flags), FALSE);
  arc_points = (guint32 *)(void *)g_array_free (g_steal_pointer (&b.arc_points), FALSE);
  arc_start = (guint32 *)(void *)g_array_free (g_steal_pointer (&b.arc_start), FALSE);
  self->ring_arcs = (gint32 *)(void *)g_array_free (g_steal_pointer (&b.ring_arcs), FALSE);
  g_free (b.seq);
  g_free (b.seq_seam);
  g_free (b.seq_start);
  g_free (b.point_flags);

  self->arc_box = g_new (Box, MAX (self->n_arcs, 1));
  for (guint a = 0; a < self->n_arcs; a++)
    {
      box_clear (&self->arc_box[a]);
      for (guint32 i = arc_start[a]; i < arc_start[a + 1]; i++)
        box_add (&self->arc_box[a], self->points + 2 * arc_points[i]);
      if (self->arc_flags[a] & ARC_SHARED)
        self->n_shared++;
      if (arc_start[a + 1] - arc_start[a] > 2 && arc_points[arc_start[a]] == arc_points[arc_start[a + 1] - 1])
        self->arc_flags[a] |= ARC_LOOP;
    }

  box_clear (&extent);
  self->ring_box = g_new (Box, MAX (self->n_rings, 1));
  self->ring_feature = g_new (guint32, MAX (self->n_rings, 1));
  for (guint f = 0; f < n_features; f++)
    for (guint r = self->feature_ring_start[f]; r < self->feature_ring_start[f + 1]; r++)
      {
        box_clear (&self->ring_box[r]);
        for (guint32 i = self->ring_start[r]; i < self->ring_start[r + 1]; i++)
          {
            gint32 ref = self->ring_arcs[i];

            box_union (&self->ring_box[r], &self->arc_box[ref >= 0 ? ref : ~ref]);
          }
        self->ring_feature[r] = f;
        if (!box_is_empty (&self->ring_box[r]))
          box_union (&extent, &self->ring_box[r]);
      }

  build_levels (self, arc_points, arc_start);
  find_ring_orientation (self);

  if (box_is_empty (&extent))
    extent = (Box) { 0, 0, 1, 1 };
  grid_build (&self->ring_grid, self->ring_box, self->n_rings, &extent);
  grid_build (&self->arc_grid, self->arc_box, self->n_arcs, &extent);
  if (self->closed)
    build_outlines (self);
  if (self->n_outlines > 0)
    grid_build (&self->outline_grid, self->outline_box, self->n_outlines, &extent);

  return self;
}

void
sitmap_lod_free (SitmapLod *self)
{
  if (self == NULL)
    return;

  for (guint l = 0; l < self->n_levels; l++)
    {
      g_free (self->levels[l].index);
      g_free (self->levels[l].arc_start);
      g_free (self->levels[l].chunks);
      g_free (self->levels[l].chunk_start);
    }
  g_free (self->levels);
  grid_clear (&self->ring_grid);
  grid_clear (&self->arc_grid);
  grid_clear (&self->outline_grid);
  g_free (self->outline_start);
  g_free (self->outline_arcs);
  g_free (self->outline_box);
  g_free (self->points);
  g_free (self->arc_flags);
  g_free (self->arc_box);
  g_free (self->feature_ring_start);
  g_free (self->ring_start);
  g_free (self->ring_arcs);
  g_free (self->ring_feature);
  g_free (self->ring_box);
  g_free (self->ring_reversed);
  g_free (self);
}

/* ---- Queries ------------------------------------------------------------- */

guint
sitmap_lod_get_n_levels (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_levels;
}

double
sitmap_lod_get_level_tolerance (const SitmapLod *self,
                                guint            level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].tolerance;
}

gsize
sitmap_lod_get_level_n_vertices (const SitmapLod *self,
                                 guint            level)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  return self->levels[level].n_vertices;
}

guint
sitmap_lod_choose_level (const SitmapLod *self,
                         double           tolerance)
{
  guint level = 0;

  g_return_val_if_fail (self != NULL, 0);

  while (level + 1 < self->n_levels && self->levels[level + 1].tolerance <= tolerance)
    level++;
  return level;
}

guint
sitmap_lod_get_n_arcs (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_arcs;
}

guint
sitmap_lod_get_n_shared_arcs (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_shared;
}

guint
sitmap_lod_get_n_rings (const SitmapLod *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_rings;
}

guint
sitmap_lod_get_feature_first_ring (const SitmapLod *self,
                                   guint            feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->n_features, 0);
  return self->feature_ring_start[feature];
}

guint
sitmap_lod_get_feature_n_rings (const SitmapLod *self,
                                guint            feature)
{
  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (feature < self->n_features, 0);
  return self->feature_ring_start[feature + 1] - self->feature_ring_start[feature];
}

guint
sitmap_lod_get_ring (const SitmapLod *self,
                     guint            level,
                     guint            ring,
                     GArray          *xy)
{
  const Level *l;
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);
  g_return_val_if_fail (ring < self->n_rings, 0);
  g_return_val_if_fail (xy != NULL && g_array_get_element_size (xy) == sizeof (double), 0);

  l = &self->levels[level];
  for (guint32 i = self->ring_start[ring]; i < self->ring_start[ring + 1]; i++)
    {
      gint32 ref = self->ring_arcs[i];
      guint32 arc = ref >= 0 ? ref : ~ref;
      guint32 start = l->arc_start[arc], n = l->arc_start[arc + 1] - start;

      /* Each arc starts where the one before it ended. */
      for (guint32 k = i == self->ring_start[ring] ? 0 : 1; k < n; k++)
        {
          guint32 id = l->index[start + (ref >= 0 ? k : n - 1 - k)];

          g_array_append_vals (xy, self->points + 2 * id, 2);
          count++;
        }
    }

  return count;
}

void
sitmap_lod_get_ring_bounds (const SitmapLod *self,
                            guint            ring,
                            double           bounds[4])
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (ring < self->n_rings);

  bounds[0] = self->ring_box[ring].x0;
  bounds[1] = self->ring_box[ring].y0;
  bounds[2] = self->ring_box[ring].x1;
  bounds[3] = self->ring_box[ring].y1;
}

void
sitmap_lod_query_rings (SitmapLod *self,
                        double     x_min,
                        double     y_min,
                        double     x_max,
                        double     y_max,
                        GArray    *rings)
{
  Box box = { x_min, y_min, x_max, y_max };

  g_return_if_fail (self != NULL);
  g_return_if_fail (rings != NULL && g_array_get_element_size (rings) == sizeof (guint));

  grid_query (&self->ring_grid, self->ring_box, &box, rings);
}

static gboolean
ring_crossings_odd (const SitmapLod *self,
                    guint            ring,
                    double           x,
                    double           y)
{
  const Level *l = &self->levels[0];
  gboolean inside = FALSE;

  /* Direction does not matter for counting crossings, so each arc is
   * walked as stored. */
  for (guint32 i = self->ring_start[ring]; i < self->ring_start[ring + 1]; i++)
    {
      gint32 ref = self->ring_arcs[i];
      guint32 arc = ref >= 0 ? ref : ~ref;
      const Box *box = &self->arc_box[arc];

      if (box->y1 < y || box->y0 > y || box->x1 < x)
        continue;

      for (guint32 k = l->arc_start[arc]; k + 1 < l->arc_start[arc + 1]; k++)
        {
          const double *a = self->points + 2 * l->index[k];
          const double *b = self->points + 2 * l->index[k + 1];

          if (((a[1] > y) != (b[1] > y)) && x < (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]) + a[0])
            inside = !inside;
        }
    }

  return inside;
}

static int
compare_guint (gconstpointer a,
               gconstpointer b)
{
  guint ua = *(const guint *)a, ub = *(const guint *)b;

  return ua < ub ? -1 : ua > ub;
}

int
sitmap_lod_feature_at (SitmapLod *self,
                       double     x,
                       double     y)
{
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  int best = -1;
  guint32 tested = NO_POINT;

  g_return_val_if_fail (self != NULL, -1);

  if (!self->closed)
    return -1;

  sitmap_lod_query_rings (self, x, y, x, y, rings);
  /* Rings come back in grid order; in ring order a feature's rings are
   * next to each other and each feature is tested once. */
  g_array_sort (rings, compare_guint);
  for (guint i = 0; i < rings->len; i++)
    {
      guint32 feature = self->ring_feature[g_array_index (rings, guint, i)];
      gboolean inside = FALSE;

      if (feature == tested)
        continue;
      tested = feature;
      /* Even-odd over all of the feature's rings, so holes count. */
      for (guint32 r = self->feature_ring_start[feature]; r < self->feature_ring_start[feature + 1]; r++)
        {
          const Box *box = &self->ring_box[r];

          if (box->x0 <= x && x <= box->x1 && box->y0 <= y && y <= box->y1 && ring_crossings_odd (self, r, x, y))
            inside = !inside;
        }
      if (inside)
        {
          best = feature;
          break;
        }
    }

  return best;
}

/* ---- Drawing straight into image surfaces -----------------------------------
 *
 * Cairo's software rasterizer spends about a microsecond and a half on
 * every antialiased segment it strokes, whatever the joins or batching, so
 * a world map of some 30,000 vertices a pass cannot be stroked within a
 * frame.  On image surfaces (the window's cached basemap, the benchmark)
 * the arcs are drawn here instead:
 *
 * - strokes as the union of round-capped segments: each pixel's coverage
 *   is that of the line's width, box-filtered, at its distance from the
 *   nearest segment, and the largest coverage wins, so joins neither gap
 *   nor darken; the whole pass is then composited once;
 * - fills by accumulating each edge's signed area into a buffer and
 *   summing along rows, folded even-odd.  Rings all go round the same way,
 *   so a border shared by two countries cancels out exactly and leaves no
 *   seam between them, which cairo's fill does.
 *
 * Anything else (SVG, PDF, recording surfaces, a pattern source, a rotated
 * or grouped target) goes through cairo as before. */

typedef struct
{
  cairo_surface_t *surface;
  guint8          *data;
  int              stride;
  /* The clip, in device pixels; x1, y1 exclusive. */
  int              x0, y0, x1, y1;
  /* From logical to device pixels: dx = sx × x + tx, dy = sy × y + ty. */
  double           sx, sy, tx, ty;
  double           scale;            /* |sx| */
  /* The source colour, premultiplied, as a pixel. */
  guint32          premultiplied;
  guint            alpha;
} Canvas;

/* floor () and ceil () for pixel positions, without the library calls the
 * baseline x86-64 instruction set needs for them. */
static inline int
ifloor (double x)
{
  int i;

  x = CLAMP (x, -1e9, 1e9);
  i = (int)x;
  return i - (x < i);
}

static inline int
iceil (double x)
{
  int i;

  x = CLAMP (x, -1e9, 1e9);
  i = (int)x;
  return i + (x > i);
}

/* The colour as the pixel cairo would paint with it: through 16 bits a
 * channel, premultiplied, then the top 8 bits, so that what is drawn here
 * matches to the last bit what cairo draws beside it. */
static inline guint
colour_channel (double value)
{
  return ((guint)(CLAMP (value, 0, 1) * 65535 + 0.5)) >> 8;
}

static void
canvas_set_colour (Canvas *canvas,
                   double  red,
                   double  green,
                   double  blue,
                   double  alpha)
{
  alpha = CLAMP (alpha, 0, 1);
  canvas->alpha = colour_channel (alpha);
  canvas->premultiplied = (guint32)canvas->alpha << 24 |
                          (guint32)colour_channel (red * alpha) << 16 |
                          (guint32)colour_channel (green * alpha) << 8 |
                          (guint32)colour_channel (blue * alpha);
}

static gboolean
canvas_init (Canvas  *canvas,
             cairo_t *cr)
{
  cairo_surface_t *target = cairo_get_target (cr);
  cairo_pattern_t *source = cairo_get_source (cr);
  cairo_rectangle_list_t *clips;
  cairo_format_t format;
  double ox = 0, oy = 0, ax = 1, ay = 0, bx = 0, by = 1;
  double r, g, b, a, cx0, cy0, cx1, cy1;

  if (cairo_get_group_target (cr) != target ||
      cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER ||
      cairo_pattern_get_type (source) != CAIRO_PATTERN_TYPE_SOLID)
    return FALSE;

  format = cairo_image_surface_get_format (target);
  if (format != CAIRO_FORMAT_ARGB32 && format != CAIRO_FORMAT_RGB24)
    return FALSE;

  cairo_user_to_device (cr, &ox, &oy);
  cairo_user_to_device (cr, &ax, &ay);
  cairo_user_to_device (cr, &bx, &by);
  /* cairo's device space stops short of the surface's own device scale
   * and offset (HiDPI, print resolution); pixels are after both. */
  {
    double scale_x, scale_y, offset_x, offset_y;

    cairo_surface_get_device_scale (target, &scale_x, &scale_y);
    cairo_surface_get_device_offset (target, &offset_x, &offset_y);
    ox = ox * scale_x + offset_x;
    oy = oy * scale_y + offset_y;
    ax = ax * scale_x + offset_x;
    ay = ay * scale_y + offset_y;
    bx = bx * scale_x + offset_x;
    by = by * scale_y + offset_y;
  }
  canvas->sx = ax - ox;
  canvas->sy = by - oy;
  canvas->tx = ox;
  canvas->ty = oy;
  canvas->scale = fabs (canvas->sx);
  /* Axis-aligned and uniform: a circle stays a circle. */
  if (fabs (ay - oy) > 1e-9 || fabs (bx - ox) > 1e-9 || canvas->scale < 1e-9 ||
      fabs (canvas->scale - fabs (canvas->sy)) > 1e-9 * canvas->scale)
    return FALSE;

  clips = cairo_copy_clip_rectangle_list (cr);
  if (clips->status != CAIRO_STATUS_SUCCESS || clips->num_rectangles != 1)
    {
      cairo_rectangle_list_destroy (clips);
      return FALSE;
    }
  cx0 = clips->rectangles[0].x * canvas->sx + canvas->tx;
  cx1 = (clips->rectangles[0].x + clips->rectangles[0].width) * canvas->sx + canvas->tx;
  cy0 = clips->rectangles[0].y * canvas->sy + canvas->ty;
  cy1 = (clips->rectangles[0].y + clips->rectangles[0].height) * canvas->sy + canvas->ty;
  cairo_rectangle_list_destroy (clips);

  canvas->x0 = MAX (0, (int)round (MIN (cx0, cx1)));
  canvas->x1 = MIN (cairo_image_surface_get_width (target), (int)round (MAX (cx0, cx1)));
  canvas->y0 = MAX (0, (int)round (MIN (cy0, cy1)));
  canvas->y1 = MIN (cairo_image_surface_get_height (target), (int)round (MAX (cy0, cy1)));
  if (canvas->x1 <= canvas->x0 || canvas->y1 <= canvas->y0)
    return FALSE;

  cairo_pattern_get_rgba (source, &r, &g, &b, &a);
  canvas_set_colour (canvas, r, g, b, a);

  cairo_surface_flush (target);
  canvas->surface = target;
  canvas->data = cairo_image_surface_get_data (target);
  canvas->stride = cairo_image_surface_get_stride (target);
  return canvas->data != NULL;
}

static void
canvas_set_ink (Canvas             *canvas,
                const SitmapLodInk *ink)
{
  canvas_set_colour (canvas, ink->red, ink->green, ink->blue, ink->alpha);
}

/* x / 255, rounded, for two 8-bit products in the 16-bit halves of x. */
static inline guint32
div255_pair (guint32 x)
{
  x += 0x00800080u;
  return ((x + ((x >> 8) & 0x00ff00ffu)) >> 8) & 0x00ff00ffu;
}

/* OVER with the canvas's colour at coverage (0–255), on premultiplied
 * pixels, two channels at a time. */
static inline void
canvas_blend (const Canvas *canvas,
              guint32      *pixel,
              guint         coverage)
{
  guint32 d = *pixel, s = canvas->premultiplied;
  guint32 s_rb, s_ag, d_rb, d_ag;
  guint inverse;

  if (coverage == 255 && canvas->alpha == 255)
    {
      *pixel = s;
      return;
    }

  s_rb = div255_pair ((s & 0x00ff00ffu) * coverage);
  s_ag = div255_pair (((s >> 8) & 0x00ff00ffu) * coverage);
  inverse = 255 - (s_ag >> 16);
  d_rb = div255_pair ((d & 0x00ff00ffu) * inverse);
  d_ag = div255_pair (((d >> 8) & 0x00ff00ffu) * inverse);
  *pixel = (s_ag + d_ag) << 8 | (s_rb + d_rb);
}

/* Pixels [from, to) at one coverage. */
static inline void
canvas_run (const Canvas *canvas,
            guint32      *pixels,
            int           from,
            int           to,
            guint         value)
{
  if (value == 0)
    return;
  if (value == 255 && canvas->alpha == 255)
    {
      for (int x = from; x < to; x++)
        pixels[x] = canvas->premultiplied;
      return;
    }
  for (int x = from; x < to; x++)
    canvas_blend (canvas, &pixels[x], value);
}

/* The stroke mask and the fill's area buffer are a frame's size: kept
 * from one frame to the next, per thread, and left all zero by whoever
 * used them, so no frame pays for clearing (or faulting in) megabytes. */
typedef struct
{
  guint8 *mask[2];
  gsize   mask_size[2];
  float  *area;
  gsize   area_size;
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  g_free (scratch->mask[0]);
  g_free (scratch->mask[1]);
  g_free (scratch->area);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
scratch_get (void)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      g_private_set (&scratch_key, scratch);
    }
  return scratch;
}

static guint8 *
scratch_mask (guint  which,
              gsize  size)
{
  Scratch *scratch = scratch_get ();

  if (scratch->mask_size[which] < size)
    {
      g_free (scratch->mask[which]);
      scratch->mask[which] = g_malloc0 (size);
      scratch->mask_size[which] = size;
    }
  return scratch->mask[which];
}

static float *
scratch_area (gsize n)
{
  Scratch *scratch = scratch_get ();

  if (scratch->area_size < n)
    {
      g_free (scratch->area);
      scratch->area = g_malloc0 (n * sizeof (float));
      scratch->area_size = n;
    }
  return scratch->area;
}

/* ---- Strokes ---- */

typedef struct
{
  Canvas   canvas;
  int      width;            /* of the clip */
  int      height;
  guint8  *mask;             /* coverage per pixel of the clip */
  int      row_min;          /* rows touched, from the clip's top */
  int      row_max;
  double   half_width;       /* device pixels */
  double   peak;             /* coverage at the centre of the line */
  /* A second, wider line drawn in the same pass into its own mask, for
   * the arcs that have under set: the coasts' halo under the borders. */
  guint8  *under_mask;
  double   under_half_width;
  double   under_peak;
  gboolean under;
  double   last_x;
  double   last_y;
  gboolean joined;           /* the next segment continues another */
  /* Dashes, in device pixels along each subpath. */
  double  *dashes;
  int      n_dashes;
  double   period;
  double   dash_offset;
  double   travelled;
} StrokeRaster;

/* How much of the dash pattern covers position s, softened over a pixel. */
static double
dash_coverage (const StrokeRaster *r,
               double              s)
{
  double phase = fmod (s + r->dash_offset, r->period), start = 0;

  if (phase < 0)
    phase += r->period;
  for (int i = 0; i < r->n_dashes; i++)
    {
      double end = start + r->dashes[i];

      if (phase < end || i == r->n_dashes - 1)
        {
          double edge = MIN (phase - start, end - phase);

          return i % 2 == 0 ? MIN (1, 0.5 + edge) : MAX (0, 0.5 - edge);
        }
      start = end;
    }
  return 1;
}

/* Rasterizes the segment from (a0, b0) to (a1, b1) in a frame where a runs
 * along the segment's longer axis and b across it: for each pixel along,
 * the few pixels across whose centres lie within reach.  Across one such
 * line of pixels the distance to the segment (and the position along it)
 * changes linearly, so only pixels beyond the segment's ends need a square
 * root.  Segments that cross the whole view from far outside it cost only
 * the pixels inside. */
static void
stroke_span_segment (StrokeRaster *r,
                     double        a0,
                     double        b0,
                     double        a1,
                     double        b1,
                     int           a_min,
                     int           a_max,
                     int           b_min,
                     int           b_max,
                     guint8       *origin,
                     gsize         a_step,
                     gsize         b_step)
{
  double da = a1 - a0, db = b1 - b0, len2 = da * da + db * db;
  double length = sqrt (len2), inv_len2 = len2 > 0 ? 1 / len2 : 0, inv_len = length > 0 ? 1 / length : 0;
  gboolean under = r->under && r->under_mask != NULL;
  double reach = MAX (r->half_width, under ? r->under_half_width : 0) + 0.5;
  double slope = da != 0 ? db / da : 0, across = reach * sqrt (1 + slope * slope);
  /* A segment that continues the one before leaves the round join at its
   * start to that one, which drew it as its end; what remains at the start
   * is the square end, which reaches back only by the slant. */
  gboolean joined = r->joined && len2 > 0;
  double back = joined ? reach * fabs (db) * inv_len : reach;
  double low = a0 <= a1 ? a0 - back : a1 - reach, high = a0 <= a1 ? a1 + reach : a0 + back;
  double along_min = MIN (a0, a1), along_max = MAX (a0, a1);
  int first = MAX (a_min, iceil (low - 0.5)), last = MIN (a_max, ifloor (high - 0.5));
  /* The under mask as if it started at device pixel (0, 0), like origin. */
  guint8 *under_origin = under ? r->under_mask + (origin - r->mask) : NULL;

  for (int a = first; a <= last; a++)
    {
      double pa = a + 0.5;
      double centre = b0 + (CLAMP (pa, along_min, along_max) - a0) * slope;
      int lo = MAX (b_min, iceil (centre - across - 0.5)), hi = MIN (b_max, ifloor (centre + across - 0.5));
      /* t (position along, 0–1) and d (signed distance) at pixel b. */
      double t0 = ((pa - a0) * da - b0 * db) * inv_len2, tb = db * inv_len2;
      double d0 = ((pa - a0) * db + b0 * da) * inv_len, dbb = -da * inv_len;
      gsize row = (gsize)a * a_step;

      for (int b = lo; b <= hi; b++)
        {
          double pb = b + 0.5;
          double t = t0 + tb * pb, distance, coverage;
          gsize at = row + (gsize)b * b_step;
          guint8 value;

          if (t >= 0 && t <= 1 && len2 > 0)
            distance = fabs (d0 + dbb * pb);
          else if (t < 0 && joined)
            continue;
          else
            {
              gboolean at_end = t > 0.5 && len2 > 0;
              double ea = pa - (at_end ? a1 : a0), eb = pb - (at_end ? b1 : b0);

              distance = sqrt (ea * ea + eb * eb);
              t = at_end ? 1 : 0;
            }

          if (under)
            {
              coverage = MIN (r->under_peak, r->under_half_width + 0.5 - distance);
              value = coverage > 0 ? (guint8)(coverage * 255 + 0.5) : 0;
              if (value > under_origin[at])
                under_origin[at] = value;
            }

          coverage = MIN (r->peak, r->half_width + 0.5 - distance);
          if (coverage <= 0)
            continue;
          if (r->n_dashes > 0)
            coverage *= dash_coverage (r, r->travelled + t * length);
          value = (guint8)(coverage * 255 + 0.5);
          if (value > origin[at])
            origin[at] = value;
        }
    }
}

/* Coverage of a stroke at distance from its centre line, 0–255. */
static inline guint
stroke_coverage (float half_width,
                 float peak,
                 float distance)
{
  float coverage = MIN (peak, half_width + 0.5f - distance);

  return coverage > 0 ? (guint)(coverage * 255 + 0.5f) : 0;
}

static inline void
stroke_plot (guint8 *pixel,
             guint   value)
{
  if (value > *pixel)
    *pixel = (guint8)value;
}

/* How far past each end a solid segment is drawn, in pixels along its
 * longer axis: enough to close the corner where it meets the next. */
#define SOLID_OVERLAP 0.5

/* Lines drawn faster than stroke_span_segment () at the price of its
 * round joins and caps: each line of
 * pixels across the segment, from just before its start to just after its
 * end, gets the coverage of its distance from the segment's line, which
 * is the distance across scaled by the segment's slope; no square roots,
 * no caps.  Where two segments meet at an angle the overlap fills the
 * corner; the outer edge of a sharp turn is squarer than a round join, by
 * well under a pixel at the widths the basemap uses.  under and dashed
 * are constants at each call, so the compiler drops the work of what is
 * not there. */
static inline __attribute__((always_inline)) void
stroke_span_solid (StrokeRaster *r,
                   gboolean      under,
                   gboolean      dashed,
                   double        a0,
                   double        b0,
                   double        a1,
                   double        b1,
                   int           a_min,
                   int           a_max,
                   int           b_min,
                   int           b_max,
                   guint8       *origin,
                   gsize         a_step,
                   gsize         b_step)
{
  double slope, reach, across;
  float cosine, half_width = (float)r->half_width, peak = (float)r->peak;
  float under_half_width = (float)r->under_half_width, under_peak = (float)r->under_peak;
  guint8 *under_origin = under ? r->under_mask + (origin - r->mask) : NULL;
  /* Where the segment starts along its longer axis, and which way it goes,
   * for the position along it that dashes follow. */
  double start = a0, direction = a1 >= a0 ? 1 : -1, length = dashed ? hypot (a1 - a0, b1 - b0) : 0;
  int first, last;

  if (a0 > a1)
    {
      double t;

      t = a0, a0 = a1, a1 = t;
      t = b0, b0 = b1, b1 = t;
    }
  slope = (b1 - b0) / (a1 - a0);
  cosine = (float)(1 / sqrt (1 + slope * slope));
  reach = MAX (r->half_width, under ? r->under_half_width : 0) + 0.5;
  across = reach / cosine;
  first = MAX (a_min, iceil (a0 - SOLID_OVERLAP - 0.5));
  last = MIN (a_max, ifloor (a1 + SOLID_OVERLAP - 0.5));

  for (int a = first; a <= last; a++)
    {
      double centre = b0 + (a + 0.5 - a0) * slope;
      int lo = MAX (b_min, iceil (centre - across - 0.5)), hi = MIN (b_max, ifloor (centre + across - 0.5));
      float offset = (float)(lo + 0.5 - centre);
      gsize at = (gsize)a * a_step + (gsize)lo * b_step;
      float dash = 1;

      /* A dash changes over a pixel or more along the line, so one
       * reading serves the few pixels across it. */
      if (dashed)
        {
          double along = CLAMP ((a + 0.5 - start) * direction / cosine, 0, length);

          dash = (float)dash_coverage (r, r->travelled + along);
          if (dash <= 0)
            continue;
        }

      for (int b = lo; b <= hi; b++, offset += 1, at += b_step)
        {
          float distance = fabsf (offset) * cosine;

          if (under)
            stroke_plot (&under_origin[at], stroke_coverage (under_half_width, under_peak, distance));
          if (dashed)
            stroke_plot (&origin[at], (guint)(stroke_coverage (half_width, peak, distance) * dash + 0.5f));
          else
            stroke_plot (&origin[at], stroke_coverage (half_width, peak, distance));
        }
    }
}

/* stroke_span_solid () along the segment's longer axis, which is x or y. */
static inline __attribute__((always_inline)) void
stroke_solid (StrokeRaster *r,
              gboolean      under,
              gboolean      dashed,
              double        x0,
              double        y0,
              double        x1,
              double        y1,
              guint8       *origin)
{
  const Canvas *c = &r->canvas;

  if (fabs (x1 - x0) >= fabs (y1 - y0))
    stroke_span_solid (r, under, dashed, x0, y0, x1, y1, c->x0, c->x1 - 1, c->y0, c->y1 - 1, origin, 1, r->width);
  else
    stroke_span_solid (r, under, dashed, y0, x0, y1, x1, c->y0, c->y1 - 1, c->x0, c->x1 - 1, origin, r->width, 1);
}

static void
stroke_segment (StrokeRaster *r,
                double        x0,
                double        y0,
                double        x1,
                double        y1)
{
  const Canvas *c = &r->canvas;
  double reach = MAX (r->half_width, r->under ? r->under_half_width : 0) + 0.5;
  /* The mask as if it started at device pixel (0, 0). */
  guint8 *origin = r->mask - (gsize)c->y0 * r->width - c->x0;

  if (MAX (x0, x1) + reach < c->x0 || MIN (x0, x1) - reach >= c->x1 ||
      MAX (y0, y1) + reach < c->y0 || MIN (y0, y1) - reach >= c->y1)
    goto done;

  r->row_min = MIN (r->row_min, MAX (c->y0, ifloor (MIN (y0, y1) - reach)) - c->y0);
  r->row_max = MAX (r->row_max, MIN (c->y1 - 1, iceil (MAX (y0, y1) + reach)) - c->y0);

  /* Dots (segments too short to have a direction) need the exact
   * rasterizer, which rounds them. */
  if (MAX (fabs (x1 - x0), fabs (y1 - y0)) < 0.25)
    {
      if (fabs (x1 - x0) >= fabs (y1 - y0))
        stroke_span_segment (r, x0, y0, x1, y1, c->x0, c->x1 - 1, c->y0, c->y1 - 1, origin, 1, r->width);
      else
        stroke_span_segment (r, y0, x0, y1, x1, c->y0, c->y1 - 1, c->x0, c->x1 - 1, origin, r->width, 1);
    }
  else if (r->n_dashes > 0)
    stroke_solid (r, FALSE, TRUE, x0, y0, x1, y1, origin);
  else if (r->under && r->under_mask != NULL)
    stroke_solid (r, TRUE, FALSE, x0, y0, x1, y1, origin);
  else
    stroke_solid (r, FALSE, FALSE, x0, y0, x1, y1, origin);

done:
  r->joined = TRUE;
  if (r->n_dashes > 0)
    r->travelled += sqrt ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0));
}

static inline void
stroke_move_to (StrokeRaster *r,
                double        x,
                double        y)
{
  r->last_x = x;
  r->last_y = y;
  r->travelled = 0;
  r->joined = FALSE;
}

static inline void
stroke_line_to (StrokeRaster *r,
                double        x,
                double        y)
{
  stroke_segment (r, r->last_x, r->last_y, x, y);
  r->last_x = x;
  r->last_y = y;
}

/* Blends mask over the pixels with the canvas's colour, and clears it. */
static void
stroke_composite (StrokeRaster *r,
                  guint8       *mask_pixels)
{
  const Canvas *c = &r->canvas;

  for (int row = MAX (r->row_min, 0); row <= MIN (r->row_max, r->height - 1); row++)
    {
      guint32 *pixels = (guint32 *)(void *)(c->data + (gsize)(c->y0 + row) * c->stride) + c->x0;
      guint8 *mask = mask_pixels + (gsize)row * r->width;
      int x = 0;

      while (x < r->width)
        {
          guint64 word;

          /* Most of a row is empty: skip it eight pixels at a time. */
          if (x + 8 <= r->width)
            {
              memcpy (&word, mask + x, sizeof word);
              if (word == 0)
                {
                  x += 8;
                  continue;
                }
            }
          if (mask[x])
            {
              canvas_blend (c, &pixels[x], mask[x]);
              mask[x] = 0;
            }
          x++;
        }
    }
}

/* ---- Fills ---- */

typedef struct
{
  Canvas   canvas;
  int      width;            /* of the clip */
  int      height;
  int      columns;          /* width + 2: room for what falls off the right */
  float   *area;             /* signed area per cell, summed along rows later */
  int      row_min;
  int      row_max;
  double   start_x;          /* the subpath's first vertex, clip pixels */
  double   start_y;
  double   last_x;
  double   last_y;
  gboolean open;
} FillRaster;

/* The part of an edge inside one row, from xa to xb across a height (signed
 * by direction), in clip pixels: each cell it crosses gets the area to the
 * right of the edge within the row, and the cell after it the rest, so that
 * summing along the row gives every cell to the right the full height. */
static inline void
fill_row_piece (float  *row,
                double  xa,
                double  xb,
                double  height)
{
  double left = MIN (xa, xb), right = MAX (xa, xb);
  int column = ifloor (left);

  if (right <= column + 1)
    {
      double middle = (left + right) / 2 - column;

      row[column] += (float)(height * (1 - middle));
      row[column + 1] += (float)(height * middle);
      return;
    }

  {
    double per_x = height / (right - left);

    for (double x = left; x < right; column++)
      {
        double next = MIN (right, column + 1.0);
        double piece = per_x * (next - x), middle = (x + next) / 2 - column;

        row[column] += (float)(piece * (1 - middle));
        row[column + 1] += (float)(piece * middle);
        x = next;
      }
  }
}

static void
fill_edge (FillRaster *r,
           double      x0,
           double      y0,
           double      x1,
           double      y1)
{
  double sign = 1, top, bottom, dxdy;
  int first, last;

  if (y0 == y1)
    return;
  if (y0 > y1)
    {
      double t;

      t = x0, x0 = x1, x1 = t;
      t = y0, y0 = y1, y1 = t;
      sign = -1;
    }
  if (y1 <= 0 || y0 >= r->height)
    return;

  dxdy = (x1 - x0) / (y1 - y0);
  top = MAX (y0, 0);
  bottom = MIN (y1, r->height);
  first = ifloor (top);
  last = iceil (bottom) - 1;
  r->row_min = MIN (r->row_min, first);
  r->row_max = MAX (r->row_max, last);

  for (int row = first; row <= last; row++)
    {
      double ya = MAX (top, row), yb = MIN (bottom, row + 1.0);
      /* Whatever lies left of the clip covers the row from its left edge;
       * whatever lies right of it covers nothing in view. */
      double xa = CLAMP (x0 + (ya - y0) * dxdy, 0, r->width);
      double xb = CLAMP (x0 + (yb - y0) * dxdy, 0, r->width);

      if (yb > ya)
        {
          fill_row_piece (r->area + (gsize)row * r->columns, xa, xb, sign * (yb - ya));
        }
    }
}

static inline void
fill_close (FillRaster *r)
{
  if (r->open)
    fill_edge (r, r->last_x, r->last_y, r->start_x, r->start_y);
  r->open = FALSE;
}

/* Like cairo, a new subpath closes the one before it. */
static inline void
fill_move_to (FillRaster *r,
              double      x,
              double      y)
{
  fill_close (r);
  r->open = TRUE;
  r->start_x = r->last_x = x;
  r->start_y = r->last_y = y;
}

static inline void
fill_line_to (FillRaster *r,
              double      x,
              double      y)
{
  fill_edge (r, r->last_x, r->last_y, x, y);
  r->last_x = x;
  r->last_y = y;
}

static inline guint
even_odd_value (double sum)
{
  double cover = fabs (sum);

  /* Twice round is outside again. */
  if (cover > 1)
    {
      cover -= 2 * floor (cover / 2);
      if (cover > 1)
        cover = 2 - cover;
    }
  return (guint)(MIN (cover, 1) * 255 + 0.5);
}


/* ---- Walking arcs ------------------------------------------------------------
 *
 * The walks send vertices to a pen: a cairo path in logical pixels, or one
 * of the rasterizers above in device pixels. */

typedef enum
{
  SINK_CAIRO,
  SINK_STROKE,
  SINK_FILL,
} SinkKind;

typedef struct
{
  const SitmapLodView *view;
  const double        *points;
  /* Projection metres to the sink's pixels: x × scale_x + offset_x. */
  double               scale_x;
  double               scale_y;
  double               offset_x;
  double               offset_y;
  gboolean             pen_down;
  gsize                vertices;
  SinkKind             kind;
  cairo_t             *cr;
  StrokeRaster        *stroke;
  FillRaster          *fill;
} Pen;

static void
pen_init (Pen                 *pen,
          SitmapLod           *self,
          const SitmapLodView *view,
          SinkKind             kind,
          const Canvas        *canvas)
{
  memset (pen, 0, sizeof *pen);
  pen->view = view;
  pen->points = self->points;
  pen->kind = kind;
  pen->scale_x = view->scale;
  pen->scale_y = -view->scale;
  pen->offset_x = view->offset_x;
  pen->offset_y = view->offset_y;
  if (canvas)
    {
      /* Straight to device pixels; fills count from the clip's corner. */
      double corner_x = kind == SINK_FILL ? canvas->x0 : 0, corner_y = kind == SINK_FILL ? canvas->y0 : 0;

      pen->scale_x *= canvas->sx;
      pen->scale_y *= canvas->sy;
      pen->offset_x = pen->offset_x * canvas->sx + canvas->tx - corner_x;
      pen->offset_y = pen->offset_y * canvas->sy + canvas->ty - corner_y;
    }
}

static inline void
pen_emit (Pen      *pen,
          double    x,
          double    y,
          gboolean  line)
{
  switch (pen->kind)
    {
    case SINK_STROKE:
      if (line)
        stroke_line_to (pen->stroke, x, y);
      else
        stroke_move_to (pen->stroke, x, y);
      break;
    case SINK_FILL:
      if (line)
        fill_line_to (pen->fill, x, y);
      else
        fill_move_to (pen->fill, x, y);
      break;
    case SINK_CAIRO:
    default:
      if (line)
        cairo_line_to (pen->cr, x, y);
      else
        cairo_move_to (pen->cr, x, y);
      break;
    }
}

static inline void
pen_to (Pen     *pen,
        guint32  id)
{
  const double *p = pen->points + 2 * id;

  if (isnan (p[0]) || isnan (p[1]))
    {
      pen->pen_down = FALSE;
      return;
    }

  pen_emit (pen, p[0] * pen->scale_x + pen->offset_x, p[1] * pen->scale_y + pen->offset_y, pen->pen_down);
  pen->pen_down = TRUE;
  pen->vertices++;
}

/* A dot: a segment of no length, which rounds to a disc. */
static inline void
pen_dot (Pen     *pen,
         guint32  id)
{
  const double *p = pen->points + 2 * id;

  pen->pen_down = FALSE;
  pen_to (pen, id);
  if (pen->pen_down)
    pen_emit (pen, p[0] * pen->scale_x + pen->offset_x, p[1] * pen->scale_y + pen->offset_y, TRUE);
}

static inline void
pen_close (Pen *pen)
{
  if (pen->kind == SINK_FILL)
    fill_close (pen->fill);
  else if (pen->kind == SINK_CAIRO)
    cairo_close_path (pen->cr);
}

/* Walks one arc at a level, forwards or backwards.  The arc's first vertex
 * is drawn only with include_first; rings leave it out after their first
 * arc, since it is where the previous arc ended.  Chunks out of view are
 * skipped: for a fill they shrink to their last vertex, which keeps the
 * filled area in view as it was; for a stroke the pen lifts. */
static void
walk_arc (const SitmapLod *self,
          const Level     *level,
          guint32          arc,
          gboolean         backwards,
          gboolean         include_first,
          gboolean         fill,
          Pen             *pen)
{
  const guint32 *ids = level->index + level->arc_start[arc];
  guint32 n = level->arc_start[arc + 1] - level->arc_start[arc];
  const Box *chunks = level->chunks + level->chunk_start[arc];
  guint32 n_chunks = level->chunk_start[arc + 1] - level->chunk_start[arc];

  if (n == 0)
    return;

  if (box_outside (&self->arc_box[arc], pen->view))
    {
      if (fill)
        {
          if (include_first)
            pen_to (pen, ids[backwards ? n - 1 : 0]);
          pen_to (pen, ids[backwards ? 0 : n - 1]);
        }
      else
        pen->pen_down = FALSE;
      return;
    }

  if (include_first && fill)
    pen_to (pen, ids[backwards ? n - 1 : 0]);

  for (guint32 j = 0; j < n_chunks; j++)
    {
      guint32 c = backwards ? n_chunks - 1 - j : j;
      guint32 s = c * CHUNK_SEGMENTS, e = MIN (s + CHUNK_SEGMENTS, n - 1);

      if (box_outside (&chunks[c], pen->view))
        {
          if (fill)
            pen_to (pen, ids[backwards ? s : e]);
          else
            pen->pen_down = FALSE;
          continue;
        }

      if (!pen->pen_down && !fill)
        pen_to (pen, ids[backwards ? e : s]);
      if (backwards)
        for (guint32 i = e; i-- > s;)
          pen_to (pen, ids[i]);
      else
        for (guint32 i = s + 1; i <= e; i++)
          pen_to (pen, ids[i]);
    }
}

/* Walks the rings in view for a fill: the outlines of their union where
 * there are some, otherwise each ring, all turned the same way so that
 * the rasterizer above sees the borders of neighbours cancel out. */
static void
walk_rings (SitmapLod   *self,
            const Level *level,
            Pen         *pen)
{
  g_autoptr(GArray) rings = g_array_new (FALSE, FALSE, sizeof (guint));
  const SitmapLodView *view = pen->view;
  Box box = { view->x_min, view->y_min, view->x_max, view->y_max };
  gboolean outlines = self->n_outlines > 0;
  const guint32 *ring_start = outlines ? self->outline_start : self->ring_start;
  const gint32 *ring_arcs = outlines ? self->outline_arcs : self->ring_arcs;
  const Box *ring_box = outlines ? self->outline_box : self->ring_box;

  grid_query (outlines ? &self->outline_grid : &self->ring_grid, ring_box, &box, rings);
  for (guint i = 0; i < rings->len; i++)
    {
      guint ring = g_array_index (rings, guint, i);
      guint32 first = ring_start[ring], end = ring_start[ring + 1];
      gboolean reverse = !outlines && self->ring_reversed[ring];

      /* An island under a pixel adds nothing to a fill but its vertices;
       * its outline's dot shows it. */
      if (box_smaller_than (&ring_box[ring], view->dot_size))
        continue;

      pen->pen_down = FALSE;
      for (guint32 k = 0; k < end - first; k++)
        {
          gint32 ref = ring_arcs[reverse ? end - 1 - k : first + k];
          gboolean backwards = (ref < 0) != reverse;

          walk_arc (self, level, ref >= 0 ? ref : ~ref, backwards, k == 0, TRUE, pen);
        }
      if (pen->pen_down)
        pen_close (pen);
    }
}

static void
walk_arcs (SitmapLod     *self,
           const Level   *level,
           SitmapLodArcs  which,
           Pen           *pen)
{
  g_autoptr(GArray) arcs = g_array_new (FALSE, FALSE, sizeof (guint));
  const SitmapLodView *view = pen->view;
  Box box = { view->x_min, view->y_min, view->x_max, view->y_max };

  grid_query (&self->arc_grid, self->arc_box, &box, arcs);
  for (guint i = 0; i < arcs->len; i++)
    {
      guint arc = g_array_index (arcs, guint, i);
      guint8 flags = self->arc_flags[arc];

      if ((flags & ARC_SEAM) || (which == SITMAP_LOD_ARCS_UNSHARED && (flags & ARC_SHARED)))
        continue;
      pen->pen_down = FALSE;
      /* A whole island under a pixel: one vertex, a dot for the borders,
       * and nothing for the coasts, whose wide halo would make a blot of
       * every speck of land. */
      if ((flags & ARC_LOOP) && box_smaller_than (&self->arc_box[arc], view->dot_size))
        {
          if (pen->kind == SINK_STROKE)
            pen->stroke->under = FALSE;
          if (which == SITMAP_LOD_ARCS_ALL)
            pen_dot (pen, level->index[level->arc_start[arc]]);
        }
      else
        {
          if (pen->kind == SINK_STROKE)
            pen->stroke->under = !(flags & ARC_SHARED);
          walk_arc (self, level, arc, FALSE, TRUE, FALSE, pen);
        }
    }
}

/* ---- Drawing ------------------------------------------------------------- */

gsize
sitmap_lod_append_rings (SitmapLod           *self,
                         cairo_t             *cr,
                         guint                level,
                         const SitmapLodView *view)
{
  Pen pen;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  pen_init (&pen, self, view, SINK_CAIRO, NULL);
  pen.cr = cr;
  walk_rings (self, &self->levels[level], &pen);
  return pen.vertices;
}

gsize
sitmap_lod_append_arcs (SitmapLod           *self,
                        cairo_t             *cr,
                        guint                level,
                        const SitmapLodView *view,
                        SitmapLodArcs        which)
{
  Pen pen;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  pen_init (&pen, self, view, SINK_CAIRO, NULL);
  pen.cr = cr;
  walk_arcs (self, &self->levels[level], which, &pen);
  return pen.vertices;
}

gsize
sitmap_lod_stroke_arcs (SitmapLod           *self,
                        cairo_t             *cr,
                        guint                level,
                        const SitmapLodView *view,
                        SitmapLodArcs        which)
{
  StrokeRaster r = { 0 };
  Pen pen;
  int n_dashes;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  if (!canvas_init (&r.canvas, cr))
    {
      gsize vertices = sitmap_lod_append_arcs (self, cr, level, view, which);

      cairo_stroke (cr);
      return vertices;
    }

  r.width = r.canvas.x1 - r.canvas.x0;
  r.height = r.canvas.y1 - r.canvas.y0;
  r.mask = scratch_mask (0, (gsize)r.width * r.height);
  r.row_min = G_MAXINT;
  r.row_max = G_MININT;
  r.half_width = cairo_get_line_width (cr) * r.canvas.scale / 2;
  r.peak = MIN (1, 2 * r.half_width);
  n_dashes = cairo_get_dash_count (cr);
  if (n_dashes > 0)
    {
      r.dashes = g_new (double, n_dashes);
      cairo_get_dash (cr, r.dashes, &r.dash_offset);
      r.n_dashes = n_dashes;
      for (int i = 0; i < n_dashes; i++)
        {
          r.dashes[i] *= r.canvas.scale;
          r.period += r.dashes[i];
        }
      r.dash_offset *= r.canvas.scale;
      if (!(r.period > 0))
        r.n_dashes = 0;
    }

  pen_init (&pen, self, view, SINK_STROKE, &r.canvas);
  pen.stroke = &r;
  walk_arcs (self, &self->levels[level], which, &pen);
  stroke_composite (&r, r.mask);
  cairo_surface_mark_dirty (r.canvas.surface);
  cairo_new_path (cr);

  g_free (r.dashes);
  return pen.vertices;
}

/* One pass over the band's pixels for the coasts' halo, the fill and the
 * borders, each pixel read and written once, where three passes would each
 * read and write every pixel they touch.  Most of a map is open sea or
 * the inside of a country: blocks of eight pixels where no stroke passes
 * and no fill edge starts carry on the coverage before them, and a run of
 * opaque land is written as one span.  The halo goes under the fill, so
 * where the land covers a pixel fully the halo is not blended at all. */
static inline guint64
load_word (const void *p)
{
  guint64 word;

  memcpy (&word, p, sizeof word);
  return word;
}

static void
paint_run (const Canvas *canvas,
           guint32      *pixels,
           int           from,
           int           to,
           guint         value)
{
  G_STATIC_ASSERT (sizeof (wchar_t) == sizeof (guint32));

  if (to <= from || value == 0)
    return;
  /* glibc's wmemset is the vectorised way to repeat a 32-bit value. */
  if (value == 255 && canvas->alpha == 255)
    wmemset ((wchar_t *)(void *)(pixels + from), (wchar_t)canvas->premultiplied, (size_t)(to - from));
  else
    canvas_run (canvas, pixels, from, to, value);
}

/* An ink at every coverage, premultiplied and split into the two channel
 * pairs canvas_blend () works on, so that blending a pixel only has to
 * scale what is under it. */
typedef struct
{
  guint32 red_blue[256];
  guint32 alpha_green[256];
  gboolean opaque;
} InkTable;

static void
ink_table_init (InkTable     *table,
                const Canvas *canvas)
{
  guint32 s = canvas->premultiplied;

  for (guint coverage = 0; coverage < 256; coverage++)
    {
      table->red_blue[coverage] = div255_pair ((s & 0x00ff00ffu) * coverage);
      table->alpha_green[coverage] = div255_pair (((s >> 8) & 0x00ff00ffu) * coverage);
    }
  table->opaque = canvas->alpha == 255;
}

static inline guint32
ink_table_blend (const InkTable *table,
                 guint32         d,
                 guint           coverage)
{
  guint32 s_rb = table->red_blue[coverage], s_ag = table->alpha_green[coverage];
  guint inverse = 255 - (s_ag >> 16);

  return (s_ag + div255_pair (((d >> 8) & 0x00ff00ffu) * inverse)) << 8 |
         (s_rb + div255_pair ((d & 0x00ff00ffu) * inverse));
}

/* Paints a run of pixels at one fill coverage.  Without ground the land
 * goes over what the pixels hold; with it, the run is all sea, all land
 * or one mixture of the two, each a single colour repeated. */
static void
paint_coverage_run (const Canvas   *ground,
                    const Canvas   *land,
                    const InkTable *land_ink,
                    guint32        *pixels,
                    int             from,
                    int             to,
                    guint           value)
{
  guint32 colour;

  if (to <= from)
    return;
  if (ground == NULL)
    {
      paint_run (land, pixels, from, to, value);
      return;
    }
  if (value == 0 || land == NULL)
    colour = ground->premultiplied;
  else if (value == 255 && land->alpha == 255)
    colour = land->premultiplied;
  else
    colour = ink_table_blend (land_ink, ground->premultiplied, value);
  wmemset ((wchar_t *)(void *)(pixels + from), (wchar_t)colour, (size_t)(to - from));
}

/* With ground (opaque), the pixels are not read at all: every one is
 * written once, from the sea up. */
static void
composite_polygons (const Canvas *canvas,
                    StrokeRaster *stroke,
                    FillRaster   *fill,
                    const Canvas *ground,
                    const Canvas *coast,
                    const Canvas *land,
                    const Canvas *border)
{
  int width = canvas->x1 - canvas->x0, height = canvas->y1 - canvas->y0;
  guint8 *under_mask = stroke && coast ? stroke->under_mask : NULL;
  guint8 *line_mask = stroke && border ? stroke->mask : NULL;
  InkTable coast_ink, land_ink, border_ink;
  gboolean land_covers;
  int row_min = G_MAXINT, row_max = G_MININT;

  if (coast)
    ink_table_init (&coast_ink, coast);
  if (land)
    ink_table_init (&land_ink, land);
  if (border)
    ink_table_init (&border_ink, border);
  land_covers = land != NULL && land_ink.opaque;

  if (stroke)
    {
      row_min = stroke->row_min;
      row_max = stroke->row_max;
    }
  if (fill)
    {
      row_min = MIN (row_min, fill->row_min);
      row_max = MAX (row_max, fill->row_max);
    }

  for (int row = ground ? 0 : MAX (row_min, 0); row <= (ground ? height - 1 : MIN (row_max, height - 1)); row++)
    {
      guint32 *pixels = (guint32 *)(void *)(canvas->data + (gsize)(canvas->y0 + row) * canvas->stride) + canvas->x0;
      guint8 *under = under_mask ? under_mask + (gsize)row * width : NULL;
      guint8 *line = line_mask ? line_mask + (gsize)row * width : NULL;
      float *area = fill ? fill->area + (gsize)row * fill->columns : NULL;
      double sum = 0;
      guint value = 0;
      int run_start = 0, x = 0;

      if (row < row_min || row > row_max)
        {
          paint_coverage_run (ground, land, &land_ink, pixels, 0, width, 0);
          continue;
        }

      while (x < width)
        {
          int block_end = MIN (x + 8, width);

          if (block_end - x == 8 &&
              (under == NULL || load_word (under + x) == 0) &&
              (line == NULL || load_word (line + x) == 0) &&
              (area == NULL || (load_word (area + x) | load_word (area + x + 2) |
                                load_word (area + x + 4) | load_word (area + x + 6)) == 0))
            {
              x = block_end;
              continue;
            }

          for (; x < block_end; x++)
            {
              guint u = under ? under[x] : 0, l = line ? line[x] : 0;
              guint32 pixel;

              /* Buffers are cleared as they are read, for the next frame. */
              if (area && area[x] != 0)
                {
                  guint next;

                  sum += area[x];
                  area[x] = 0;
                  next = even_odd_value (sum);
                  if (next != value)
                    {
                      paint_coverage_run (ground, land, &land_ink, pixels, run_start, x, value);
                      run_start = x;
                      value = next;
                    }
                }
              if (u != 0)
                under[x] = 0;
              /* The halo under land that covers it is no stroke at all. */
              if (l == 0 && (u == 0 || (land_covers && value == 255)))
                continue;

              /* A stroke here: the run so far, then this pixel alone. */
              paint_coverage_run (ground, land, &land_ink, pixels, run_start, x, value);
              run_start = x + 1;
              pixel = ground ? ground->premultiplied : pixels[x];
              if (u != 0 && !(land_covers && value == 255))
                pixel = ink_table_blend (&coast_ink, pixel, u);
              if (value != 0)
                pixel = value == 255 && land_covers ? land->premultiplied : ink_table_blend (&land_ink, pixel, value);
              if (l != 0)
                {
                  pixel = ink_table_blend (&border_ink, pixel, l);
                  line[x] = 0;
                }
              pixels[x] = pixel;
            }
        }
      paint_coverage_run (ground, land, &land_ink, pixels, run_start, width, value);

      /* What edges left right of the view, where nothing is drawn. */
      if (area)
        area[width] = area[width + 1] = 0;
    }
}

/* Walks the rings into r's area buffer; composite_polygons () then
 * paints them. */
static gsize
fill_walk (SitmapLod           *self,
           FillRaster          *r,
           const Canvas        *canvas,
           guint                level,
           const SitmapLodView *view)
{
  Pen pen;

  memset (r, 0, sizeof *r);
  r->canvas = *canvas;
  r->width = r->canvas.x1 - r->canvas.x0;
  r->height = r->canvas.y1 - r->canvas.y0;
  r->columns = r->width + 2;
  r->area = scratch_area ((gsize)r->columns * r->height);
  r->row_min = G_MAXINT;
  r->row_max = G_MININT;

  pen_init (&pen, self, view, SINK_FILL, &r->canvas);
  pen.fill = r;
  walk_rings (self, &self->levels[level], &pen);
  fill_close (r);
  return pen.vertices;
}

/* Fills the rings into the canvas with its colour. */
static gsize
fill_into (SitmapLod           *self,
           const Canvas        *canvas,
           guint                level,
           const SitmapLodView *view)
{
  FillRaster r;
  gsize vertices = fill_walk (self, &r, canvas, level, view);

  composite_polygons (canvas, NULL, &r, NULL, NULL, canvas, NULL);
  return vertices;
}

gsize
sitmap_lod_fill_rings (SitmapLod           *self,
                       cairo_t             *cr,
                       guint                level,
                       const SitmapLodView *view)
{
  Canvas canvas;
  gsize vertices;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (level < self->n_levels, 0);

  if (!canvas_init (&canvas, cr))
    {
      cairo_save (cr);
      cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
      vertices = sitmap_lod_append_rings (self, cr, level, view);
      cairo_fill (cr);
      cairo_restore (cr);
      return vertices;
    }

  vertices = fill_into (self, &canvas, level, view);
  cairo_surface_mark_dirty (canvas.surface);
  cairo_new_path (cr);
  return vertices;
}

static void
set_ink (cairo_t            *cr,
         const SitmapLodInk *ink)
{
  cairo_set_source_rgba (cr, ink->red, ink->green, ink->blue, ink->alpha);
  cairo_set_line_width (cr, ink->width);
}

/* The three passes of sitmap_lod_draw_polygons_begin () into the canvas's
 * pixels.  Both strokes come from one walk over the arcs, the coasts' halo
 * into a mask of its own, composited under the fill. */
static gsize
draw_polygons_into (SitmapLod           *self,
                    guint                level,
                    const SitmapLodView *view,
                    const Canvas        *canvas,
                    const SitmapLodInk  *ground,
                    const SitmapLodInk  *coast,
                    const SitmapLodInk  *fill,
                    const SitmapLodInk  *border)
{
  StrokeRaster r = { 0 };
  FillRaster f;
  Pen pen;
  gsize vertices = 0;

  if (coast || border)
    {
      r.canvas = *canvas;
      r.width = canvas->x1 - canvas->x0;
      r.height = canvas->y1 - canvas->y0;
      r.mask = scratch_mask (0, (gsize)r.width * r.height);
      r.row_min = G_MAXINT;
      r.row_max = G_MININT;
      r.half_width = border ? border->width * canvas->scale / 2 : 0;
      r.peak = border ? MIN (1, 2 * r.half_width) : 0;
      if (coast)
        {
          r.under_mask = scratch_mask (1, (gsize)r.width * r.height);
          r.under_half_width = coast->width * canvas->scale / 2;
          r.under_peak = MIN (1, 2 * r.under_half_width);
        }

      pen_init (&pen, self, view, SINK_STROKE, &r.canvas);
      pen.stroke = &r;
      walk_arcs (self, &self->levels[level], border ? SITMAP_LOD_ARCS_ALL : SITMAP_LOD_ARCS_UNSHARED, &pen);
      vertices += pen.vertices;
    }

  if (fill)
    vertices += fill_walk (self, &f, canvas, level, view);

  {
    Canvas ground_ink = *canvas, coast_ink = *canvas, land_ink = *canvas, border_ink = *canvas;

    if (ground)
      canvas_set_ink (&ground_ink, ground);
    if (coast)
      canvas_set_ink (&coast_ink, coast);
    if (fill)
      canvas_set_ink (&land_ink, fill);
    if (border)
      canvas_set_ink (&border_ink, border);
    composite_polygons (canvas, (coast || border) ? &r : NULL, fill ? &f : NULL, ground ? &ground_ink : NULL,
                        coast ? &coast_ink : NULL, fill ? &land_ink : NULL, border ? &border_ink : NULL);
  }
  return vertices;
}

/* ---- Bands ----
 *
 * A frame is cut into horizontal bands drawn at the same time on every
 * processor: each band walks only the chunks that reach it and writes only
 * its own rows, with its own masks (the scratch buffers are per thread),
 * so bands share nothing but the prepared data, which drawing only reads.
 * There are several bands per thread, taken in turn from a counter, since
 * land and coastline crowd some rows of a map and leave others empty.
 * The helper threads stay alive between frames, keeping their scratch
 * buffers, so a frame pays neither for starting threads nor for faulting
 * in megabytes of masks. */

#define MAX_THREADS 4
#define BANDS_PER_THREAD 4
/* Below this many rows a band costs more to hand over than it saves. */
#define MIN_BAND_ROWS 48

typedef struct
{
  SitmapLod          *lod;
  guint               level;
  const SitmapLodView *view;
  const Canvas       *canvas;
  const SitmapLodInk *ground;
  const SitmapLodInk *coast;
  const SitmapLodInk *fill;
  const SitmapLodInk *border;
  guint               n_bands;
  gint                next_band;      /* atomic */
  gsize               vertices;       /* atomic */
  GMutex              mutex;
  GCond               finished_cond;
  guint               helpers_running;
} BandJob;

static void
band_job_draw (BandJob *job,
               guint    band)
{
  const Canvas *whole = job->canvas;
  const SitmapLodView *view = job->view;
  int rows = whole->y1 - whole->y0;
  Canvas canvas = *whole;
  SitmapLodView band_view = *view;
  /* Strokes reach this far past the rows they are centred on. */
  double reach = (MAX (job->coast ? job->coast->width : 0, job->border ? job->border->width : 0) / 2 + 1) *
                 whole->scale;
  double top, bottom, y_a, y_b;
  gsize vertices;

  canvas.y0 = whole->y0 + (int)((gint64)rows * band / job->n_bands);
  canvas.y1 = whole->y0 + (int)((gint64)rows * (band + 1) / job->n_bands);

  /* The band's rows, widened by what a stroke reaches, in metres: the
   * pen's transform undone. */
  top = canvas.y0 - reach;
  bottom = canvas.y1 + reach;
  y_a = ((top - whole->ty) / whole->sy - view->offset_y) / -view->scale;
  y_b = ((bottom - whole->ty) / whole->sy - view->offset_y) / -view->scale;
  band_view.y_min = MAX (view->y_min, MIN (y_a, y_b));
  band_view.y_max = MIN (view->y_max, MAX (y_a, y_b));

  vertices = draw_polygons_into (job->lod, job->level, &band_view, &canvas, job->ground, job->coast, job->fill,
                                 job->border);
  g_atomic_pointer_add (&job->vertices, vertices);
}

static void
band_job_run (BandJob *job)
{
  for (;;)
    {
      gint band = g_atomic_int_add (&job->next_band, 1);

      if (band >= (gint)job->n_bands)
        break;
      band_job_draw (job, (guint)band);
    }
}

static void
band_helper (gpointer data,
             gpointer user_data)
{
  BandJob *job = data;

  band_job_run (job);
  g_mutex_lock (&job->mutex);
  job->helpers_running--;
  g_cond_signal (&job->finished_cond);
  g_mutex_unlock (&job->mutex);
}

/* Exclusive pools keep their threads, and with them the threads' scratch
 * buffers; one pool per helper so that the helpers of one frame never
 * queue behind each other. */
static GThreadPool *
band_helper_pool (guint index)
{
  static GThreadPool *pools[MAX_THREADS];
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      for (guint i = 0; i + 1 < MAX_THREADS; i++)
        pools[i] = g_thread_pool_new (band_helper, NULL, 1, TRUE, NULL);
      g_once_init_leave (&initialised, 1);
    }
  return pools[index];
}

static guint
thread_count (void)
{
  static gsize threads;

  if (g_once_init_enter (&threads))
    g_once_init_leave (&threads, (gsize)CLAMP (g_get_num_processors (), 1, MAX_THREADS));
  return (guint)threads;
}

/* A draw under way: the helpers take bands from the moment it begins; the
 * caller takes its share when it ends the draw, and can do other work in
 * between, on anything but the target's pixels. */
struct _SitmapLodDraw
{
  cairo_t       *cr;
  Canvas         canvas;
  SitmapLodView  view;
  SitmapLodInk   inks[4];     /* ground, coast, fill, border */
  gboolean       has_ink[4];
  gboolean       direct;      /* on the target's pixels, not through cairo */
  guint          helpers;
  gsize          vertices;    /* when done through cairo */
  BandJob        job;
};

static const SitmapLodInk *
draw_ink (const SitmapLodDraw *draw,
          guint                which)
{
  return draw->has_ink[which] ? &draw->inks[which] : NULL;
}

SitmapLodDraw *
sitmap_lod_draw_polygons_begin (SitmapLod           *self,
                                cairo_t             *cr,
                                guint                level,
                                const SitmapLodView *view,
                                const SitmapLodInk  *ground,
                                const SitmapLodInk  *coast,
                                const SitmapLodInk  *fill,
                                const SitmapLodInk  *border)
{
  SitmapLodDraw *draw;
  const SitmapLodInk *inks[4] = { ground, coast, fill, border };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (level < self->n_levels, NULL);

  draw = g_new0 (SitmapLodDraw, 1);
  draw->cr = cairo_reference (cr);
  draw->view = *view;
  for (guint i = 0; i < 4; i++)
    if (inks[i])
      {
        draw->inks[i] = *inks[i];
        draw->has_ink[i] = TRUE;
      }

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  if (cairo_get_dash_count (cr) > 0 || !canvas_init (&draw->canvas, cr))
    {
      /* Pass by pass, through cairo; round caps draw the dots. */
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      if (ground)
        {
          set_ink (cr, ground);
          cairo_paint (cr);
        }
      if (coast)
        {
          set_ink (cr, coast);
          draw->vertices += sitmap_lod_stroke_arcs (self, cr, level, view, SITMAP_LOD_ARCS_UNSHARED);
        }
      if (fill)
        {
          set_ink (cr, fill);
          draw->vertices += sitmap_lod_fill_rings (self, cr, level, view);
        }
      if (border)
        {
          set_ink (cr, border);
          draw->vertices += sitmap_lod_stroke_arcs (self, cr, level, view, SITMAP_LOD_ARCS_ALL);
        }
      return draw;
    }

  draw->direct = TRUE;
  {
    int rows = draw->canvas.y1 - draw->canvas.y0;
    guint threads = thread_count ();
    guint n_bands = (guint)CLAMP (rows / MIN_BAND_ROWS, 1, (int)(threads * BANDS_PER_THREAD));
    BandJob *job = &draw->job;

    draw->helpers = MIN (threads, n_bands) - 1;
    job->lod = self;
    job->level = level;
    job->view = &draw->view;
    job->canvas = &draw->canvas;
    job->ground = draw_ink (draw, 0);
    job->coast = draw_ink (draw, 1);
    job->fill = draw_ink (draw, 2);
    job->border = draw_ink (draw, 3);
    job->n_bands = n_bands;
    job->helpers_running = draw->helpers;
    g_mutex_init (&job->mutex);
    g_cond_init (&job->finished_cond);
    for (guint i = 0; i < draw->helpers; i++)
      g_thread_pool_push (band_helper_pool (i), job, NULL);
  }
  return draw;
}

gsize
sitmap_lod_draw_polygons_end (SitmapLodDraw *draw)
{
  cairo_t *cr;
  gsize vertices;

  g_return_val_if_fail (draw != NULL, 0);

  cr = draw->cr;
  if (!draw->direct)
    vertices = draw->vertices;
  else
    {
      BandJob *job = &draw->job;

      band_job_run (job);
      g_mutex_lock (&job->mutex);
      while (job->helpers_running > 0)
        g_cond_wait (&job->finished_cond, &job->mutex);
      g_mutex_unlock (&job->mutex);
      g_mutex_clear (&job->mutex);
      g_cond_clear (&job->finished_cond);
      vertices = job->vertices;
      cairo_surface_mark_dirty (draw->canvas.surface);
      cairo_new_path (cr);
    }

  cairo_restore (cr);
  cairo_destroy (cr);
  g_free (draw);
  return vertices;
}
