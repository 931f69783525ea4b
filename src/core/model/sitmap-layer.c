/* sitmap-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-layer.h"
#include "sitmap-layer-cache.h"

#include "sitmap-longitude.h"

struct _SitmapLayer
{
  GObject             parent_instance;

  char               *title;
  char               *source_path;
  SitmapGeometryKind  kind;
  GStrv               field_names;
  GArray             *features;   /* SitmapFeature */
  SitmapProjection   *projection;
  GString            *warnings;
  gsize               n_points;
  /* Set when the features' arrays point into a mapped file of the
   * prepared-data cache rather than being the layer's own. */
  GBytes             *storage;
  gboolean            storage_is_file_mapping;
  /* What the features were read from, when their loader hashed it: the
   * projected data's key then need not hash every vertex again. */
  SitmapPreparedKey   content_key;
  gboolean            has_content_key;

  /* What depends on the projection, made on first use and guarded by
   * lock so a worker can prepare it while the main thread draws; once
   * ready is set, readers need no lock until the projection changes,
   * which only the thread that owns the layer does. */
  GMutex              lock;
  int                 projected;  /* atomic */
  int                 lod_ready;  /* atomic */
  GArray             *shapes;     /* SitmapShape */
  /* The projected shapes' vertices, one shape after another, each
   * shape's xy a stretch of them; the level of detail's points too.
   * NULL for shapes read from the cache. */
  double             *shape_points;
  gsize               n_shape_points;
  /* The mapped cache file that shapes read from it point into. */
  GBytes             *shapes_storage;
  double              x_min, y_min, x_max, y_max;
  SitmapLod          *lod;
};

G_DEFINE_FINAL_TYPE (SitmapLayer, sitmap_layer, G_TYPE_OBJECT)

/* Keeps seam vertices a hair inside ±180° from the centre so PROJ puts
 * each on the side of the map it belongs to. */
#define SEAM_EPSILON 1e-7

static void
feature_clear (gpointer data)
{
  SitmapFeature *feature = data;

  g_free (feature->name);
  g_strfreev (feature->attributes);
  g_free (feature->part_start);
  g_free (feature->lonlat);
}

/* A feature of a stored layer owns its texts; its arrays are storage's. */
static void
stored_feature_clear (gpointer data)
{
  SitmapFeature *feature = data;

  g_free (feature->name);
  g_strfreev (feature->attributes);
}

static void
shape_clear (gpointer data)
{
  SitmapShape *shape = data;

  g_free (shape->part_start);
  g_free (shape->seam);
  g_free (shape->part_bounds);
  g_free (shape->contains_index);
}

/* A shape read from the prepared-data cache: only what was made since is
 * its own. */
static void
stored_shape_clear (gpointer data)
{
  SitmapShape *shape = data;

  g_free (shape->contains_index);
}

/* With the lock held, or before the layer is shared. */
static void
forget_shapes (SitmapLayer *self)
{
  g_clear_pointer (&self->shapes, g_array_unref);
  g_clear_pointer (&self->shapes_storage, g_bytes_unref);
  g_clear_pointer (&self->shape_points, g_free);
  self->n_shape_points = 0;
}

static void
sitmap_layer_finalize (GObject *object)
{
  SitmapLayer *self = (SitmapLayer *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->source_path, g_free);
  g_clear_pointer (&self->field_names, g_strfreev);
  g_clear_pointer (&self->features, g_array_unref);
  forget_shapes (self);
  g_clear_pointer (&self->storage, g_bytes_unref);
  g_clear_pointer (&self->lod, sitmap_lod_free);
  g_clear_object (&self->projection);
  g_string_free (self->warnings, TRUE);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sitmap_layer_parent_class)->finalize (object);
}

static void
sitmap_layer_class_init (SitmapLayerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_layer_finalize;
}

static void
sitmap_layer_init (SitmapLayer *self)
{
  self->features = g_array_new (FALSE, TRUE, sizeof (SitmapFeature));
  g_array_set_clear_func (self->features, feature_clear);
  self->warnings = g_string_new (NULL);
  g_mutex_init (&self->lock);
}

SitmapLayer *
sitmap_layer_new (const char         *title,
                  SitmapGeometryKind  kind,
                  const char * const *field_names)
{
  SitmapLayer *self = g_object_new (SITMAP_TYPE_LAYER, NULL);

  self->title = g_strdup (title ? title : "");
  self->kind = kind;
  self->field_names = field_names ? g_strdupv ((char **)field_names) : g_new0 (char *, 1);
  return self;
}

const char *
sitmap_layer_get_title (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return self->title;
}

const char *
sitmap_layer_get_source_path (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return self->source_path;
}

void
sitmap_layer_set_source_path (SitmapLayer *self,
                              const char  *path)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_free (self->source_path);
  self->source_path = g_strdup (path);
}

SitmapGeometryKind
sitmap_layer_get_kind (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), SITMAP_GEOMETRY_POLYGONS);
  return self->kind;
}

const char * const *
sitmap_layer_get_field_names (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return (const char * const *)self->field_names;
}

int
sitmap_layer_find_field (SitmapLayer *self,
                         const char  *field_name)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), -1);

  for (guint i = 0; self->field_names[i]; i++)
    if (g_ascii_strcasecmp (self->field_names[i], field_name) == 0)
      return i;
  return -1;
}

guint
sitmap_layer_get_n_features (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), 0);
  return self->features->len;
}

const SitmapFeature *
sitmap_layer_get_feature (SitmapLayer *self,
                          guint        index)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);
  return &g_array_index (self->features, SitmapFeature, index);
}

void
sitmap_layer_take_feature (SitmapLayer  *self,
                           char         *name,
                           char        **attributes,
                           guint         n_parts,
                           guint        *part_start,
                           double       *lonlat)
{
  SitmapFeature feature = { 0 };

  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (part_start != NULL || n_parts == 0);
  g_return_if_fail (self->storage == NULL);

  feature.name = name ? name : g_strdup ("");
  feature.attributes = attributes ? attributes : g_new0 (char *, 1);
  feature.n_parts = n_parts;
  feature.part_start = part_start ? part_start : g_new0 (guint, 1);
  feature.lonlat = lonlat;
  feature.n_points = feature.part_start[n_parts];

  g_mutex_lock (&self->lock);
  self->n_points += feature.n_points;
  g_array_append_val (self->features, feature);
  self->has_content_key = FALSE;
  /* Whatever was projected no longer covers every feature. */
  forget_shapes (self);
  g_clear_pointer (&self->lod, sitmap_lod_free);
  g_atomic_int_set (&self->projected, FALSE);
  g_atomic_int_set (&self->lod_ready, FALSE);
  g_mutex_unlock (&self->lock);
}

void
sitmap_layer_set_storage (SitmapLayer *self,
                          GBytes      *storage,
                          gboolean     is_file_mapping)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (storage != NULL);
  g_return_if_fail (self->features->len == 0 && self->storage == NULL);

  self->storage = g_bytes_ref (storage);
  self->storage_is_file_mapping = is_file_mapping;
  g_array_set_clear_func (self->features, stored_feature_clear);
}

void
sitmap_layer_add_stored_feature (SitmapLayer  *self,
                                 char         *name,
                                 char        **attributes,
                                 guint         n_parts,
                                 const guint  *part_start,
                                 const double *lonlat)
{
  SitmapFeature feature = { 0 };

  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (self->storage != NULL);
  g_return_if_fail (part_start != NULL);
  g_return_if_fail (self->shapes == NULL);

  feature.name = name ? name : g_strdup ("");
  feature.attributes = attributes ? attributes : g_new0 (char *, 1);
  feature.n_parts = n_parts;
  /* Never written through: a stored layer's features are not edited. */
  feature.part_start = (guint *)part_start;
  feature.lonlat = (double *)lonlat;
  feature.n_points = part_start[n_parts];
  self->n_points += feature.n_points;
  g_array_append_val (self->features, feature);
}

gboolean
sitmap_layer_is_mapped (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), FALSE);

  return self->storage != NULL;
}

void
sitmap_layer_set_content_key (SitmapLayer             *self,
                              const SitmapPreparedKey *key)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (key != NULL);

  self->content_key = *key;
  self->has_content_key = TRUE;
}

gboolean
sitmap_layer_get_content_key (SitmapLayer       *self,
                              SitmapPreparedKey *key)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (self->has_content_key)
    *key = self->content_key;
  return self->has_content_key;
}

gsize
sitmap_layer_get_n_points (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), 0);
  return self->n_points;
}

const char *
sitmap_layer_get_warnings (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return self->warnings->len ? self->warnings->str : NULL;
}

void
sitmap_layer_add_warning (SitmapLayer *self,
                          const char  *warning)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));

  if (self->warnings->len)
    g_string_append_c (self->warnings, '\n');
  g_string_append (self->warnings, warning);
}

/* ---- Cutting at the seam ------------------------------------------------
 *
 * Rings from TopoJSON-derived data keep their shape across ±180° and jump
 * from one side to the other; drawn as they are, they paint a band across
 * the whole map.  The seam of a projection is the antimeridian of its
 * central meridian, so the cut depends on the projection: longitudes are
 * taken relative to the centre, made continuous along each ring, and rings
 * that then reach past ±180° are clipped into one piece per side. */

typedef struct
{
  GArray *xy;          /* doubles, pairs: relative longitude, latitude */
  guint   base;        /* where this shape's pairs start in xy */
  GArray *part_start;  /* guint, from base */
  GArray *seam;        /* guint8 per vertex */
  gboolean any_seam;
} ShapeBuilder;

static void
builder_add_point (ShapeBuilder *builder,
                   double        rel_lon,
                   double        lat,
                   gboolean      seam_edge)
{
  double pair[2] = { CLAMP (rel_lon, -180.0 + SEAM_EPSILON, 180.0 - SEAM_EPSILON), lat };
  guint8 flag = seam_edge ? 1 : 0;

  g_array_append_vals (builder->xy, pair, 2);
  g_array_append_val (builder->seam, flag);
  if (seam_edge)
    builder->any_seam = TRUE;
}

static void
builder_end_part (ShapeBuilder *builder)
{
  guint n = builder->xy->len / 2 - builder->base;
  guint last_start = g_array_index (builder->part_start, guint, builder->part_start->len - 1);

  if (n > last_start)
    g_array_append_val (builder->part_start, n);
}

/* Sutherland–Hodgman against one vertical line; keep = +1 keeps x >= limit,
 * -1 keeps x <= limit.  Concave rings gain zero-width bridges along the
 * line, which even-odd filling ignores. */
static GArray *
clip_ring (GArray *ring,
           double  limit,
           int     keep)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = ring->len / 2;

  for (guint i = 0; i < n; i++)
    {
      const double *a = &g_array_index (ring, double, 2 * i);
      const double *b = &g_array_index (ring, double, 2 * ((i + 1) % n));
      gboolean a_in = keep * (a[0] - limit) >= 0;
      gboolean b_in = keep * (b[0] - limit) >= 0;

      if (a_in)
        g_array_append_vals (out, a, 2);
      if (a_in != b_in)
        {
          double t = (limit - a[0]) / (b[0] - a[0]);
          double cross[2] = { limit, a[1] + t * (b[1] - a[1]) };
          g_array_append_vals (out, cross, 2);
        }
    }

  return out;
}

static void
add_polygon_ring (ShapeBuilder *builder,
                  const double *lonlat,
                  guint         n,
                  double        centre)
{
  g_autoptr(GArray) ring = NULL;
  double previous = 0, unwrapped = 0, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  double lat_sum = 0;
  double *out;

  if (n < 3)
    return;

  ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n + 4);
  g_array_set_size (ring, 2 * n);
  out = (double *)(void *)ring->data;
  for (guint i = 0; i < n; i++)
    {
      double rel = sitmap_longitude_wrap (lonlat[2 * i] - centre);

      unwrapped = i == 0 ? rel : unwrapped + sitmap_longitude_wrap (rel - previous);
      previous = rel;
      out[2 * i] = unwrapped;
      out[2 * i + 1] = lonlat[2 * i + 1];
      lo = MIN (lo, unwrapped);
      hi = MAX (hi, unwrapped);
      lat_sum += out[2 * i + 1];
    }

  /* A ring around a pole (Antarctica) comes back 360° from where it
   * started: close it along the pole so it encloses the right side. */
  {
    double start = g_array_index (ring, double, 0);
    double net = unwrapped - start;

    if (fabs (net) > 180)
      {
        double pole = lat_sum < 0 ? -90.0 : 90.0;
        double corner1[2] = { unwrapped, pole };
        double corner2[2] = { start, pole };

        g_array_append_vals (ring, corner1, 2);
        g_array_append_vals (ring, corner2, 2);
      }
  }

  if (lo >= -180.0 && hi <= 180.0)
    {
      /* The common case, a ring clear of the seam, in one go. */
      guint m = ring->len / 2, at = builder->xy->len;
      const double *in = (const double *)(const void *)ring->data;
      double *xy;

      g_array_set_size (builder->xy, at + 2 * m);
      xy = (double *)(void *)builder->xy->data + at;
      for (guint i = 0; i < m; i++)
        {
          xy[2 * i] = CLAMP (in[2 * i], -180.0 + SEAM_EPSILON, 180.0 - SEAM_EPSILON);
          xy[2 * i + 1] = in[2 * i + 1];
        }
      at = builder->seam->len;
      g_array_set_size (builder->seam, at + m);
      memset (builder->seam->data + at, 0, m);
      builder_end_part (builder);
      return;
    }

  for (int k = (int)floor ((lo + 180.0) / 360.0); k <= (int)floor ((hi + 180.0) / 360.0); k++)
    {
      double left = -180.0 + 360.0 * k;
      double right = 180.0 + 360.0 * k;
      g_autoptr(GArray) half = clip_ring (ring, left, +1);
      g_autoptr(GArray) piece = clip_ring (half, right, -1);
      guint m = piece->len / 2;

      if (m < 3)
        continue;

      for (guint i = 0; i < m; i++)
        {
          const double *a = &g_array_index (piece, double, 2 * i);
          const double *b = &g_array_index (piece, double, 2 * ((i + 1) % m));
          gboolean on_seam = (a[0] == left && b[0] == left) || (a[0] == right && b[0] == right);

          builder_add_point (builder, a[0] - 360.0 * k, a[1], on_seam);
        }
      /* Close the ring explicitly; the closing edge's flag is the last
       * vertex's. */
      builder_add_point (builder, g_array_index (piece, double, 0) - 360.0 * k,
                         g_array_index (piece, double, 1), FALSE);
      builder_end_part (builder);
    }
}

static void
add_line (ShapeBuilder *builder,
          const double *lonlat,
          guint         n,
          double        centre)
{
  double previous_rel = 0;

  for (guint i = 0; i < n; i++)
    {
      double rel = sitmap_longitude_wrap (lonlat[2 * i] - centre);
      double lat = lonlat[2 * i + 1];

      if (i > 0)
        {
          double step = sitmap_longitude_wrap (rel - previous_rel);
          double target = previous_rel + step;

          if (target > 180.0 || target < -180.0)
            {
              double edge = target > 180.0 ? 180.0 : -180.0;
              double t = (edge - previous_rel) / step;
              double previous_lat = lonlat[2 * (i - 1) + 1];
              double cross_lat = previous_lat + t * (lat - previous_lat);

              builder_add_point (builder, edge, cross_lat, FALSE);
              builder_end_part (builder);
              builder_add_point (builder, -edge, cross_lat, FALSE);
            }
        }

      builder_add_point (builder, rel, lat, FALSE);
      previous_rel = rel;
    }

  builder_end_part (builder);
}

static double
ring_area (const double *xy,
           guint         n)
{
  double sum = 0;

  for (guint i = 0; i + 1 < n; i++)
    sum += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
  return fabs (sum) / 2;
}

/* Crossings of a rightward ray from (x, y) with the edges of part, taking
 * every stride-th vertex; stride 1 is exact. */
static gboolean
part_crossings_odd (const SitmapShape *shape,
                    guint              part,
                    guint              stride,
                    double             x,
                    double             y)
{
  guint start = shape->part_start[part], end = shape->part_start[part + 1];
  gboolean inside = FALSE;
  guint j = start;

  if (end - start < 2)
    return FALSE;

  for (guint i = start + stride;; i += stride)
    {
      guint at = MIN (i, end - 1);
      double xi = shape->xy[2 * at], yi = shape->xy[2 * at + 1];
      double xj = shape->xy[2 * j], yj = shape->xy[2 * j + 1];

      if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi))
        inside = !inside;
      j = at;
      if (at == end - 1)
        break;
    }

  /* Rings repeat their first vertex; when one does not, close it. */
  if (shape->xy[2 * start] != shape->xy[2 * (end - 1)] || shape->xy[2 * start + 1] != shape->xy[2 * (end - 1) + 1])
    {
      double xi = shape->xy[2 * start], yi = shape->xy[2 * start + 1];
      double xj = shape->xy[2 * (end - 1)], yj = shape->xy[2 * (end - 1) + 1];

      if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi))
        inside = !inside;
    }

  return inside;
}

static inline gboolean
part_may_contain (const SitmapShape *shape,
                  guint              part,
                  double             x,
                  double             y)
{
  const double *b;

  if (shape->part_bounds == NULL)
    return TRUE;
  /* A ray to the right crosses nothing of a part below, above or left of
   * the point. */
  b = shape->part_bounds + 4 * part;
  return y >= b[1] && y <= b[3] && x <= b[2];
}

/* Point-in-polygon tests come by the hundred for every label placed, on
 * countries of 50,000 vertices.  The edges are sorted into horizontal
 * bands once, so a test looks only at the edges of the band the point's
 * y falls in.  One block: the header, the band offsets, then the edges as
 * pairs of vertex indices. */
typedef struct
{
  double   y0;
  double   band_height;
  guint    n_bands;
  guint32 *band_start;   /* n_bands + 1 offsets into edges, in pairs */
  guint32 *edges;
} ContainsIndex;

#define CONTAINS_VERTICES_PER_BAND 8
#define CONTAINS_MAX_BANDS 1024

static ContainsIndex *
contains_index_new (const SitmapShape *shape)
{
  guint n_bands = CLAMP (shape->n_points / CONTAINS_VERTICES_PER_BAND, 1, CONTAINS_MAX_BANDS);
  double height = MAX ((shape->y_max - shape->y_min) / n_bands, 1e-9);
  g_autofree guint32 *fill = g_new0 (guint32, n_bands + 1);
  /* Each vertex's band, worked out once rather than for both its edges
   * in both passes: the band of an edge's lower end is the lower of its
   * ends' bands, the division being monotonic, so the index is the same. */
  g_autofree guint32 *vertex_band = g_new (guint32, MAX (shape->n_points, 1));
  ContainsIndex *index = NULL;
  gsize total = 0;

  for (guint i = 0; i < shape->n_points; i++)
    vertex_band[i] = (guint)CLAMP (floor ((shape->xy[2 * i + 1] - shape->y_min) / height), 0, n_bands - 1);

  /* Twice: count each band's edges, then place them. */
  for (int pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          guint8 *block = g_malloc (sizeof (ContainsIndex) + sizeof (guint32) * (n_bands + 1 + 2 * total));

          index = (ContainsIndex *)(void *)block;
          index->y0 = shape->y_min;
          index->band_height = height;
          index->n_bands = n_bands;
          index->band_start = (guint32 *)(void *)(block + sizeof (ContainsIndex));
          index->edges = index->band_start + n_bands + 1;
          index->band_start[0] = 0;
          for (guint b = 0; b < n_bands; b++)
            index->band_start[b + 1] = index->band_start[b] + fill[b];
          memcpy (fill, index->band_start, sizeof (guint32) * n_bands);
        }

      for (guint p = 0; p < shape->n_parts; p++)
        for (guint i = shape->part_start[p]; i < shape->part_start[p + 1]; i++)
          {
            /* The edge into vertex i; a ring's first vertex closes it. */
            guint j = i > shape->part_start[p] ? i - 1 : shape->part_start[p + 1] - 1;
            double ya = shape->xy[2 * i + 1], yb = shape->xy[2 * j + 1];
            guint b0, b1;

            /* Horizontal and unprojectable edges never count. */
            if (!(ya != yb) || isnan (shape->xy[2 * i]) || isnan (shape->xy[2 * j]))
              continue;
            b0 = MIN (vertex_band[i], vertex_band[j]);
            b1 = MAX (vertex_band[i], vertex_band[j]);
            for (guint b = b0; b <= b1; b++)
              if (pass == 0)
                fill[b]++;
              else
                {
                  index->edges[2 * fill[b]] = j;
                  index->edges[2 * fill[b] + 1] = i;
                  fill[b]++;
                }
            total += b1 - b0 + 1;
          }
    }

  return index;
}

static const ContainsIndex *
contains_index_of (const SitmapShape *shape)
{
  SitmapShape *mutable_shape = (SitmapShape *)shape;

  if (g_once_init_enter (&mutable_shape->contains_index))
    g_once_init_leave (&mutable_shape->contains_index, contains_index_new (shape));
  return shape->contains_index;
}

/* Where the edge from a to b crosses the line at y, or NAN when it does
 * not: the one test behind both sitmap_shape_contains () and
 * sitmap_shape_row_crossings (), so the two always agree. */
static inline double
edge_crossing (const double *a,
               const double *b,
               double        y)
{
  if ((b[1] > y) != (a[1] > y))
    return (a[0] - b[0]) * (y - b[1]) / (a[1] - b[1]) + b[0];
  return NAN;
}

gboolean
sitmap_shape_contains (const SitmapShape *shape,
                       double             x,
                       double             y)
{
  const ContainsIndex *index;
  gboolean inside = FALSE;
  guint band;

  if (shape->n_points == 0 || !(y >= shape->y_min && y <= shape->y_max && x >= shape->x_min && x <= shape->x_max))
    return FALSE;

  index = contains_index_of (shape);
  band = (guint)CLAMP (floor ((y - index->y0) / index->band_height), 0, index->n_bands - 1);
  for (guint32 k = index->band_start[band]; k < index->band_start[band + 1]; k++)
    {
      /* NAN compares false: an edge that does not cross never counts. */
      if (x < edge_crossing (shape->xy + 2 * index->edges[2 * k], shape->xy + 2 * index->edges[2 * k + 1], y))
        inside = !inside;
    }

  return inside;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double da = *(const double *)a, db = *(const double *)b;

  return da < db ? -1 : da > db;
}

void
sitmap_shape_row_crossings (const SitmapShape *shape,
                            double             y,
                            GArray            *xs)
{
  const ContainsIndex *index;
  guint band;

  g_return_if_fail (shape != NULL);
  g_return_if_fail (xs != NULL && g_array_get_element_size (xs) == sizeof (double));

  g_array_set_size (xs, 0);
  if (shape->n_points == 0 || !(y >= shape->y_min && y <= shape->y_max))
    return;

  index = contains_index_of (shape);
  band = (guint)CLAMP (floor ((y - index->y0) / index->band_height), 0, index->n_bands - 1);
  for (guint32 k = index->band_start[band]; k < index->band_start[band + 1]; k++)
    {
      double x = edge_crossing (shape->xy + 2 * index->edges[2 * k], shape->xy + 2 * index->edges[2 * k + 1], y);

      if (!isnan (x))
        g_array_append_val (xs, x);
    }
  g_array_sort (xs, compare_doubles);
}

gboolean
sitmap_shape_row_contains (const SitmapShape *shape,
                           const GArray      *crossings,
                           double             x)
{
  guint right = 0;

  if (shape->n_points == 0 || !(x >= shape->x_min && x <= shape->x_max))
    return FALSE;
  /* Inside where an odd number of crossings lie to the right. */
  for (guint k = crossings->len; k > 0 && x < g_array_index (crossings, double, k - 1); k--)
    right++;
  return right % 2 == 1;
}

/* Every vertex on big rings is not worth it for a label position. */
#define LABEL_RING_VERTICES 128

/* The largest ring's edges, every stride-th vertex, ready for many
 * distance queries: start, direction and 1 / squared length. */
typedef struct
{
  double *edges;   /* 5 × n */
  guint   n;
} LabelRing;

static void
label_ring_init (LabelRing         *ring,
                 const SitmapShape *shape,
                 guint              part)
{
  guint start = shape->part_start[part], end = shape->part_start[part + 1];
  guint stride = MAX (1, (end - start) / LABEL_RING_VERTICES);

  ring->edges = g_new (double, 5 * ((end - start) / stride + 1));
  ring->n = 0;
  for (guint i = start; i + stride < end; i += stride)
    {
      double *e = ring->edges + 5 * ring->n++;
      double len2;

      e[0] = shape->xy[2 * i];
      e[1] = shape->xy[2 * i + 1];
      e[2] = shape->xy[2 * (i + stride)] - e[0];
      e[3] = shape->xy[2 * (i + stride) + 1] - e[1];
      len2 = e[2] * e[2] + e[3] * e[3];
      e[4] = len2 > 0 ? 1 / len2 : 0;
    }
}

/* The distance from (x, y) to the ring, or anything at most give_up once
 * it is clear the distance will not exceed give_up. */
static double
label_ring_distance (const LabelRing *ring,
                     double           x,
                     double           y,
                     double           give_up)
{
  double best = G_MAXDOUBLE, give_up2 = give_up > 0 ? give_up * give_up : -1;

  for (guint k = 0; k < ring->n; k++)
    {
      const double *e = ring->edges + 5 * k;
      double t = CLAMP (((x - e[0]) * e[2] + (y - e[1]) * e[3]) * e[4], 0, 1);
      double ex = e[0] + t * e[2] - x, ey = e[1] + t * e[3] - y;

      best = MIN (best, ex * ex + ey * ey);
      if (best <= give_up2)
        break;
    }

  return sqrt (best);
}

/* Inside test for the label search, with every ring as coarse as the
 * distance above. */
static gboolean
label_contains (const SitmapShape *shape,
                double             x,
                double             y)
{
  gboolean inside = FALSE;

  for (guint p = 0; p < shape->n_parts; p++)
    {
      guint n = shape->part_start[p + 1] - shape->part_start[p];
      guint stride = MAX (1, n / LABEL_RING_VERTICES);

      if (part_may_contain (shape, p, x, y) && part_crossings_odd (shape, p, stride, x, y))
        inside = !inside;
    }

  return inside;
}

/* A label point well inside the largest ring: the best of a coarse grid,
 * then of a finer grid around it (a cheap pole of inaccessibility). */
static void
shape_find_label_point (SitmapShape *shape)
{
  guint largest = 0;
  double best_area = -1;
  double x0, y0, x1, y1, best_x, best_y, best_d = -1;
  LabelRing ring;

  for (guint p = 0; p < shape->n_parts; p++)
    {
      guint start = shape->part_start[p], n = shape->part_start[p + 1] - start;
      double area = ring_area (shape->xy + 2 * start, n);

      if (area > best_area)
        {
          best_area = area;
          largest = p;
        }
    }

  shape->area = MAX (best_area, 0);
  label_ring_init (&ring, shape, largest);
  x0 = shape->part_bounds[4 * largest];
  y0 = shape->part_bounds[4 * largest + 1];
  x1 = shape->part_bounds[4 * largest + 2];
  y1 = shape->part_bounds[4 * largest + 3];

  best_x = (x0 + x1) / 2;
  best_y = (y0 + y1) / 2;
  for (int pass = 0; pass < 2; pass++)
    {
      const int steps = 10;
      double cx = best_x, cy = best_y;
      double w = pass == 0 ? x1 - x0 : (x1 - x0) / steps * 2;
      double h = pass == 0 ? y1 - y0 : (y1 - y0) / steps * 2;

      for (int i = 0; i <= steps; i++)
        for (int j = 0; j <= steps; j++)
          {
            double x = cx - w / 2 + w * i / steps;
            double y = cy - h / 2 + h * j / steps;
            double d;

            if (!label_contains (shape, x, y))
              continue;
            d = label_ring_distance (&ring, x, y, best_d);
            if (d > best_d)
              {
                best_d = d;
                best_x = x;
                best_y = y;
              }
          }
    }

  shape->label_x = best_x;
  shape->label_y = best_y;
  g_free (ring.edges);
}

static void
shape_find_bounds (SitmapShape *shape)
{
  shape->x_min = shape->y_min = G_MAXDOUBLE;
  shape->x_max = shape->y_max = -G_MAXDOUBLE;
  shape->part_bounds = g_new (double, 4 * MAX (shape->n_parts, 1));

  for (guint p = 0; p < shape->n_parts; p++)
    {
      double *b = shape->part_bounds + 4 * p;

      b[0] = b[1] = G_MAXDOUBLE;
      b[2] = b[3] = -G_MAXDOUBLE;
      for (guint i = shape->part_start[p]; i < shape->part_start[p + 1]; i++)
        {
          double x = shape->xy[2 * i], y = shape->xy[2 * i + 1];

          if (isnan (x) || isnan (y))
            continue;
          b[0] = MIN (b[0], x);
          b[1] = MIN (b[1], y);
          b[2] = MAX (b[2], x);
          b[3] = MAX (b[3], y);
        }
      if (b[0] > b[2])
        continue;
      shape->x_min = MIN (shape->x_min, b[0]);
      shape->y_min = MIN (shape->y_min, b[1]);
      shape->x_max = MAX (shape->x_max, b[2]);
      shape->y_max = MAX (shape->y_max, b[3]);
    }
}

/* Once projected, a feature's coordinates are read only to project again
 * or to copy a region: where they are the cache's file, mapped, they need
 * not stay in memory.  They were 16 of the 45 bytes a vertex of a large
 * layer cost. */
static void
release_read_coordinates (SitmapLayer *self,
                          guint        from,
                          guint        to)
{
  if (!self->storage_is_file_mapping)
    return;
  for (guint f = from; f < to; f++)
    {
      const SitmapFeature *feature = &g_array_index (self->features, SitmapFeature, f);

      sitmap_prepared_cache_release_pages (feature->lonlat, 2 * (gsize)feature->n_points * sizeof (double));
    }
}

/* Projects features [from, to) into shapes, widening bounds: their
 * vertices are appended to points (doubles), and where each shape's begin
 * in it to starts (gsize, in pairs).  The shapes' xy are left unset, since
 * points may still move. */
static void
project_range (SitmapLayer      *self,
               SitmapProjection *projection,
               guint             from,
               guint             to,
               GArray           *shapes,
               GArray           *points,
               GArray           *starts,
               double            bounds[4])
{
  double centre = sitmap_projection_get_central_longitude (projection);

  for (guint f = from; f < to; f++)
    {
      const SitmapFeature *feature = &g_array_index (self->features, SitmapFeature, f);
      ShapeBuilder builder;
      SitmapShape shape = { 0 };
      guint zero = 0;

      builder.xy = points;
      builder.base = points->len / 2;
      builder.part_start = g_array_sized_new (FALSE, FALSE, sizeof (guint), feature->n_parts + 2);
      builder.seam = g_array_sized_new (FALSE, FALSE, sizeof (guint8), feature->n_points + 4);
      builder.any_seam = FALSE;
      g_array_append_val (builder.part_start, zero);

      for (guint p = 0; p < feature->n_parts; p++)
        {
          const double *part = feature->lonlat + 2 * feature->part_start[p];
          guint n = feature->part_start[p + 1] - feature->part_start[p];

          if (self->kind == SITMAP_GEOMETRY_POLYGONS)
            add_polygon_ring (&builder, part, n, centre);
          else if (self->kind == SITMAP_GEOMETRY_LINES)
            add_line (&builder, part, n, centre);
          else
            for (guint i = 0; i < n; i++)
              {
                builder_add_point (&builder, sitmap_longitude_wrap (part[2 * i] - centre), part[2 * i + 1], FALSE);
                builder_end_part (&builder);
              }
        }

      shape.n_points = points->len / 2 - builder.base;
      /* Until the next shape's vertices are appended. */
      shape.xy = &g_array_index (points, double, 2 * (gsize)builder.base);
      for (guint i = 0; i < shape.n_points; i++)
        shape.xy[2 * i] += centre;
      shape.n_parts = builder.part_start->len - 1;
      shape.part_start = (guint *)(void *)g_array_free (builder.part_start, FALSE);
      shape.seam = (guint8 *)g_array_free (builder.seam, !builder.any_seam);

      sitmap_projection_forward (projection, shape.xy, shape.n_points);
      shape_find_bounds (&shape);

      if (shape.x_min <= shape.x_max)
        {
          bounds[0] = MIN (bounds[0], shape.x_min);
          bounds[1] = MIN (bounds[1], shape.y_min);
          bounds[2] = MAX (bounds[2], shape.x_max);
          bounds[3] = MAX (bounds[3], shape.y_max);
        }

      if (self->kind == SITMAP_GEOMETRY_POLYGONS && shape.n_parts > 0)
        shape_find_label_point (&shape);
      else if (shape.n_points > 0)
        {
          shape.label_x = shape.xy[0];
          shape.label_y = shape.xy[1];
        }

      shape.xy = NULL;
      {
        gsize start = builder.base;

        g_array_append_val (starts, start);
      }
      g_array_append_val (shapes, shape);
      release_read_coordinates (self, f, f + 1);
    }
}

/* Projecting is mostly PROJ's arithmetic, a quarter of a microsecond a
 * vertex; big layers share it with a second thread, which needs its own
 * copy of the projection (PROJ objects are not to be shared). */
#define PARALLEL_PROJECT_POINTS 200000

typedef struct
{
  SitmapLayer *layer;
  char        *definition;
  double       central_longitude;
  guint        from;
  guint        to;
  GArray      *shapes;
  GArray      *points;
  GArray      *starts;
  double       bounds[4];
  gboolean     done;
} ProjectJob;

static gpointer
project_in_thread (gpointer data)
{
  ProjectJob *job = data;
  g_autoptr(SitmapProjection) projection = sitmap_projection_new (job->definition, job->central_longitude, NULL);

  if (projection)
    {
      project_range (job->layer, projection, job->from, job->to, job->shapes, job->points, job->starts, job->bounds);
      job->done = TRUE;
    }
  return NULL;
}

static void
project_features (SitmapLayer      *self,
                  SitmapProjection *projection)
{
  double bounds[4] = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
  guint n = self->features->len, split = n;
  ProjectJob job = { 0 };
  GThread *thread = NULL;
  GArray *points;
  g_autoptr(GArray) starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n);

  self->shapes = g_array_sized_new (FALSE, TRUE, sizeof (SitmapShape), n);
  g_array_set_clear_func (self->shapes, shape_clear);

  if (self->n_points >= PARALLEL_PROJECT_POINTS && g_get_num_processors () > 1)
    {
      gsize half = 0;

      /* The first half of the vertices here, the rest in the thread. */
      for (split = 0; split < n && half < self->n_points / 2; split++)
        half += g_array_index (self->features, SitmapFeature, split).n_points;

      job.layer = self;
      job.definition = g_strdup (sitmap_projection_get_definition (projection));
      job.central_longitude = sitmap_projection_get_central_longitude (projection);
      job.from = split;
      job.to = n;
      job.shapes = g_array_sized_new (FALSE, TRUE, sizeof (SitmapShape), n - split);
      job.points = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (self->n_points - half) + 16);
      job.starts = g_array_sized_new (FALSE, FALSE, sizeof (gsize), n - split);
      job.bounds[0] = job.bounds[1] = G_MAXDOUBLE;
      job.bounds[2] = job.bounds[3] = -G_MAXDOUBLE;
      thread = g_thread_try_new ("sitmap-project", project_in_thread, &job, NULL);
      if (thread == NULL)
        split = n;
    }

  /* Room for the thread's half too, so that joining it is one copy. */
  points = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * (gsize)self->n_points + 16);
  project_range (self, projection, 0, split, self->shapes, points, starts, bounds);

  if (thread)
    {
      gsize offset = points->len / 2;

      g_thread_join (thread);
      if (!job.done)
        project_range (self, projection, split, n, job.shapes, job.points, job.starts, job.bounds);
      /* The shapes change hands: their arrays now belong to self->shapes,
       * their vertices follow the first half's. */
      g_array_append_vals (self->shapes, job.shapes->data, job.shapes->len);
      g_array_append_vals (points, job.points->data, job.points->len);
      for (guint i = 0; i < job.starts->len; i++)
        {
          gsize start = g_array_index (job.starts, gsize, i) + offset;

          g_array_append_val (starts, start);
        }
      bounds[0] = MIN (bounds[0], job.bounds[0]);
      bounds[1] = MIN (bounds[1], job.bounds[1]);
      bounds[2] = MAX (bounds[2], job.bounds[2]);
      bounds[3] = MAX (bounds[3], job.bounds[3]);
    }
  g_clear_pointer (&job.shapes, g_array_unref);
  g_clear_pointer (&job.points, g_array_unref);
  g_clear_pointer (&job.starts, g_array_unref);
  g_free (job.definition);

  /* Seams and poles can add vertices: cut the block to what was used. */
  self->n_shape_points = points->len / 2;
  self->shape_points = g_realloc (g_array_free (points, FALSE), 2 * MAX (self->n_shape_points, 1) * sizeof (double));
  for (guint f = 0; f < self->shapes->len; f++)
    g_array_index (self->shapes, SitmapShape, f).xy = self->shape_points + 2 * g_array_index (starts, gsize, f);

  self->x_min = bounds[0];
  self->y_min = bounds[1];
  self->x_max = bounds[2];
  self->y_max = bounds[3];
}

static void
build_lod (SitmapLayer *self)
{
  g_autofree SitmapLodSource *sources = g_new0 (SitmapLodSource, MAX (self->shapes->len, 1));

  for (guint f = 0; f < self->shapes->len; f++)
    {
      const SitmapShape *shape = &g_array_index (self->shapes, SitmapShape, f);

      sources[f].n_parts = shape->n_parts;
      sources[f].part_start = shape->part_start;
      sources[f].xy = shape->xy;
      sources[f].seam = shape->seam;
    }

  /* The shapes' vertices are the level of detail's points: no copy. */
  g_assert (self->shape_points != NULL);
  self->lod = sitmap_lod_new_sharing (self->shape_points, self->n_shape_points, sources, self->shapes->len,
                                      self->kind == SITMAP_GEOMETRY_POLYGONS);
}

/* Shapes and level of detail from the prepared-data cache, if it has
 * them for this geometry and projection; points are not worth it. */
static gboolean
read_prepared (SitmapLayer      *self,
               SitmapProjection *projection)
{
  g_autoptr(SitmapPreparedCache) reader = NULL;
  g_autoptr(GError) error = NULL;
  SitmapPreparedKey key;
  double bounds[4];

  if (self->kind == SITMAP_GEOMETRY_POINTS)
    return FALSE;
  sitmap_layer_cache_key (self, projection, &key);
  reader = sitmap_prepared_cache_open (&key, &error);
  self->shapes = g_array_sized_new (FALSE, TRUE, sizeof (SitmapShape), self->features->len);
  g_array_set_clear_func (self->shapes, stored_shape_clear);
  if (reader == NULL ||
      !sitmap_layer_cache_read (reader, self, self->shapes, stored_shape_clear, bounds, &self->lod, &error))
    {
      if (!g_error_matches (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_MISSING) &&
          !g_error_matches (error, SITMAP_PREPARED_CACHE_ERROR, SITMAP_PREPARED_CACHE_ERROR_DISABLED))
        g_debug ("%s: %s", self->title, error->message);
      forget_shapes (self);
      return FALSE;
    }
  self->shapes_storage = g_bytes_ref (sitmap_prepared_cache_get_bytes (reader));
  self->x_min = bounds[0];
  self->y_min = bounds[1];
  self->x_max = bounds[2];
  self->y_max = bounds[3];
  return TRUE;
}

/* Makes what depends on the projection, with working (or the layer's own
 * projection) doing the transforming.  A working copy that no longer
 * matches the layer's projection (it changed in the meantime) does
 * nothing. */
static void
ensure_prepared (SitmapLayer      *self,
                 SitmapProjection *working,
                 gboolean          with_lod)
{
  if (g_atomic_int_get (&self->projected) && (!with_lod || g_atomic_int_get (&self->lod_ready)))
    return;

  g_mutex_lock (&self->lock);
  if (self->projection == NULL ||
      (working != NULL && g_strcmp0 (sitmap_projection_get_definition (working),
                                     sitmap_projection_get_definition (self->projection)) != 0))
    {
      g_mutex_unlock (&self->lock);
      return;
    }
  if (!g_atomic_int_get (&self->projected))
    {
      if (read_prepared (self, working ? working : self->projection))
        {
          release_read_coordinates (self, 0, self->features->len);
          g_atomic_int_set (&self->lod_ready, TRUE);
        }
      else
        project_features (self, working ? working : self->projection);
      g_atomic_int_set (&self->projected, TRUE);
    }
  if (with_lod && !g_atomic_int_get (&self->lod_ready))
    {
      if (self->kind != SITMAP_GEOMETRY_POINTS)
        {
          SitmapPreparedKey key;

          build_lod (self);
          sitmap_layer_cache_key (self, working ? working : self->projection, &key);
          sitmap_layer_cache_write (&key, self->shapes, (double[4]) { self->x_min, self->y_min, self->x_max, self->y_max }, self->lod);
        }
      g_atomic_int_set (&self->lod_ready, TRUE);
    }
  g_mutex_unlock (&self->lock);
}

void
sitmap_layer_project (SitmapLayer      *self,
                      SitmapProjection *projection)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (SITMAP_IS_PROJECTION (projection));

  if (self->projection == projection)
    return;

  g_mutex_lock (&self->lock);
  g_set_object (&self->projection, projection);
  forget_shapes (self);
  g_clear_pointer (&self->lod, sitmap_lod_free);
  g_atomic_int_set (&self->projected, FALSE);
  g_atomic_int_set (&self->lod_ready, FALSE);
  g_mutex_unlock (&self->lock);
}

SitmapProjection *
sitmap_layer_get_projection (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return self->projection;
}

void
sitmap_layer_prepare (SitmapLayer      *self,
                      SitmapProjection *working_copy)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (working_copy == NULL || SITMAP_IS_PROJECTION (working_copy));

  ensure_prepared (self, working_copy, TRUE);
}

gboolean
sitmap_layer_prepare_from_cache (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), FALSE);

  if (sitmap_layer_is_prepared (self))
    return TRUE;
  g_mutex_lock (&self->lock);
  if (self->projection != NULL && !g_atomic_int_get (&self->projected) && read_prepared (self, self->projection))
    {
      release_read_coordinates (self, 0, self->features->len);
      g_atomic_int_set (&self->lod_ready, TRUE);
      g_atomic_int_set (&self->projected, TRUE);
    }
  g_mutex_unlock (&self->lock);
  return sitmap_layer_is_prepared (self);
}

gboolean
sitmap_layer_is_prepared (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), FALSE);

  return g_atomic_int_get (&self->projected) && g_atomic_int_get (&self->lod_ready);
}

SitmapLod *
sitmap_layer_get_lod (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);

  ensure_prepared (self, NULL, TRUE);
  return self->lod;
}

int
sitmap_layer_feature_at (SitmapLayer *self,
                         double       x,
                         double       y)
{
  SitmapLod *lod;

  g_return_val_if_fail (SITMAP_IS_LAYER (self), -1);

  if (self->kind != SITMAP_GEOMETRY_POLYGONS || (lod = sitmap_layer_get_lod (self)) == NULL)
    return -1;
  return sitmap_lod_feature_at (lod, x, y);
}

const SitmapShape *
sitmap_layer_get_shape (SitmapLayer *self,
                        guint        index)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);

  ensure_prepared (self, NULL, FALSE);
  g_return_val_if_fail (self->shapes != NULL && index < self->shapes->len, NULL);
  return &g_array_index (self->shapes, SitmapShape, index);
}

void
sitmap_layer_get_bounds (SitmapLayer *self,
                         double      *x_min,
                         double      *y_min,
                         double      *x_max,
                         double      *y_max)
{
  g_return_if_fail (SITMAP_IS_LAYER (self));

  ensure_prepared (self, NULL, FALSE);
  if (self->shapes == NULL)
    {
      /* Never projected: empty bounds, as for a layer with no features. */
      *x_min = *y_min = G_MAXDOUBLE;
      *x_max = *y_max = -G_MAXDOUBLE;
      return;
    }

  *x_min = self->x_min;
  *y_min = self->y_min;
  *x_max = self->x_max;
  *y_max = self->y_max;
}

gboolean
sitmap_layer_get_lonlat_extent (SitmapLayer *self,
                                double       extent[4])
{
  gboolean any = FALSE;

  g_return_val_if_fail (SITMAP_IS_LAYER (self), FALSE);
  g_return_val_if_fail (extent != NULL, FALSE);

  for (guint f = 0; f < sitmap_layer_get_n_features (self); f++)
    {
      const SitmapFeature *feature = sitmap_layer_get_feature (self, f);

      for (guint i = 0; i < feature->n_points; i++)
        {
          double lon = feature->lonlat[2 * i], lat = feature->lonlat[2 * i + 1];

          if (!any)
            {
              extent[0] = extent[2] = lon;
              extent[1] = extent[3] = lat;
              any = TRUE;
              continue;
            }
          extent[0] = MIN (extent[0], lon);
          extent[1] = MIN (extent[1], lat);
          extent[2] = MAX (extent[2], lon);
          extent[3] = MAX (extent[3], lat);
        }
    }
  return any;
}
