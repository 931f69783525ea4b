/* sitmap-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-layer.h"

struct _SitmapLayer
{
  GObject             parent_instance;

  char               *title;
  char               *source_path;
  SitmapGeometryKind  kind;
  GStrv               field_names;
  GArray             *features;   /* SitmapFeature */
  GArray             *shapes;     /* SitmapShape, empty until projected */
  SitmapProjection   *projection;
  GString            *warnings;
  gsize               n_points;
  double              x_min, y_min, x_max, y_max;
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

static void
shape_clear (gpointer data)
{
  SitmapShape *shape = data;

  g_free (shape->part_start);
  g_free (shape->xy);
  g_free (shape->seam);
}

static void
sitmap_layer_finalize (GObject *object)
{
  SitmapLayer *self = (SitmapLayer *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->source_path, g_free);
  g_clear_pointer (&self->field_names, g_strfreev);
  g_clear_pointer (&self->features, g_array_unref);
  g_clear_pointer (&self->shapes, g_array_unref);
  g_clear_object (&self->projection);
  g_string_free (self->warnings, TRUE);

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
  self->shapes = g_array_new (FALSE, TRUE, sizeof (SitmapShape));
  g_array_set_clear_func (self->shapes, shape_clear);
  self->warnings = g_string_new (NULL);
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

  feature.name = name ? name : g_strdup ("");
  feature.attributes = attributes ? attributes : g_new0 (char *, 1);
  feature.n_parts = n_parts;
  feature.part_start = part_start ? part_start : g_new0 (guint, 1);
  feature.lonlat = lonlat;
  feature.n_points = feature.part_start[n_parts];
  self->n_points += feature.n_points;
  g_array_append_val (self->features, feature);
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
  GArray *xy;          /* double pairs: relative longitude, latitude */
  GArray *part_start;  /* guint */
  GArray *seam;        /* guint8 per vertex */
  gboolean any_seam;
} ShapeBuilder;

static double
wrap180 (double degrees)
{
  degrees = fmod (degrees + 180.0, 360.0);
  if (degrees < 0)
    degrees += 360.0;
  return degrees - 180.0;
}

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
  guint n = builder->xy->len / 2;
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
  g_autoptr(GArray) ring = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * n + 4);
  double previous = 0, unwrapped = 0, lo = G_MAXDOUBLE, hi = -G_MAXDOUBLE;
  double lat_sum = 0;

  if (n < 3)
    return;

  for (guint i = 0; i < n; i++)
    {
      double rel = wrap180 (lonlat[2 * i] - centre);
      double pair[2];

      unwrapped = i == 0 ? rel : unwrapped + wrap180 (rel - previous);
      previous = rel;
      pair[0] = unwrapped;
      pair[1] = lonlat[2 * i + 1];
      g_array_append_vals (ring, pair, 2);
      lo = MIN (lo, unwrapped);
      hi = MAX (hi, unwrapped);
      lat_sum += pair[1];
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
      for (guint i = 0; i < ring->len / 2; i++)
        builder_add_point (builder, g_array_index (ring, double, 2 * i),
                           g_array_index (ring, double, 2 * i + 1), FALSE);
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
      double rel = wrap180 (lonlat[2 * i] - centre);
      double lat = lonlat[2 * i + 1];

      if (i > 0)
        {
          double step = wrap180 (rel - previous_rel);
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

gboolean
sitmap_shape_contains (const SitmapShape *shape,
                       double             x,
                       double             y)
{
  gboolean inside = FALSE;

  for (guint p = 0; p < shape->n_parts; p++)
    {
      guint start = shape->part_start[p], end = shape->part_start[p + 1];

      for (guint i = start, j = end - 1; i < end; j = i++)
        {
          double xi = shape->xy[2 * i], yi = shape->xy[2 * i + 1];
          double xj = shape->xy[2 * j], yj = shape->xy[2 * j + 1];

          if (((yi > y) != (yj > y)) && (x < (xj - xi) * (y - yi) / (yj - yi) + xi))
            inside = !inside;
        }
    }

  return inside;
}

static double
distance_to_edges (const SitmapShape *shape,
                   guint              part,
                   double             x,
                   double             y)
{
  guint start = shape->part_start[part], end = shape->part_start[part + 1];
  /* Every vertex on big rings is not worth it for a label position. */
  guint stride = MAX (1, (end - start) / 400);
  double best = G_MAXDOUBLE;

  for (guint i = start; i + stride < end; i += stride)
    {
      double ax = shape->xy[2 * i], ay = shape->xy[2 * i + 1];
      double bx = shape->xy[2 * (i + stride)], by = shape->xy[2 * (i + stride) + 1];
      double dx = bx - ax, dy = by - ay;
      double len2 = dx * dx + dy * dy;
      double t = len2 > 0 ? CLAMP (((x - ax) * dx + (y - ay) * dy) / len2, 0, 1) : 0;
      double ex = ax + t * dx - x, ey = ay + t * dy - y;

      best = MIN (best, ex * ex + ey * ey);
    }

  return sqrt (best);
}

/* A label point well inside the largest ring: the best of a coarse grid,
 * then of a finer grid around it (a cheap pole of inaccessibility). */
static void
shape_find_label_point (SitmapShape *shape)
{
  guint largest = 0;
  double best_area = -1;
  double x0, y0, x1, y1, best_x, best_y, best_d = -1;

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
  x0 = y0 = G_MAXDOUBLE;
  x1 = y1 = -G_MAXDOUBLE;
  for (guint i = shape->part_start[largest]; i < shape->part_start[largest + 1]; i++)
    {
      x0 = MIN (x0, shape->xy[2 * i]);
      x1 = MAX (x1, shape->xy[2 * i]);
      y0 = MIN (y0, shape->xy[2 * i + 1]);
      y1 = MAX (y1, shape->xy[2 * i + 1]);
    }

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

            if (!sitmap_shape_contains (shape, x, y))
              continue;
            d = distance_to_edges (shape, largest, x, y);
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
}

void
sitmap_layer_project (SitmapLayer      *self,
                      SitmapProjection *projection)
{
  double centre;

  g_return_if_fail (SITMAP_IS_LAYER (self));
  g_return_if_fail (SITMAP_IS_PROJECTION (projection));

  /* A layer projected in a worker thread used its own copy of the same
   * projection (PROJ objects are not shared across threads). */
  if (self->projection == projection ||
      (self->projection &&
       g_strcmp0 (sitmap_projection_get_definition (self->projection),
                  sitmap_projection_get_definition (projection)) == 0))
    {
      g_set_object (&self->projection, projection);
      return;
    }

  g_set_object (&self->projection, projection);
  g_array_set_size (self->shapes, 0);
  centre = sitmap_projection_get_central_longitude (projection);
  self->x_min = self->y_min = G_MAXDOUBLE;
  self->x_max = self->y_max = -G_MAXDOUBLE;

  for (guint f = 0; f < self->features->len; f++)
    {
      const SitmapFeature *feature = &g_array_index (self->features, SitmapFeature, f);
      ShapeBuilder builder;
      SitmapShape shape = { 0 };
      guint zero = 0;

      builder.xy = g_array_sized_new (FALSE, FALSE, sizeof (double), 2 * feature->n_points + 8);
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
                builder_add_point (&builder, wrap180 (part[2 * i] - centre), part[2 * i + 1], FALSE);
                builder_end_part (&builder);
              }
        }

      shape.n_points = builder.xy->len / 2;
      for (guint i = 0; i < shape.n_points; i++)
        g_array_index (builder.xy, double, 2 * i) += centre;
      shape.xy = (double *)(void *)g_array_free (builder.xy, FALSE);
      shape.n_parts = builder.part_start->len - 1;
      shape.part_start = (guint *)(void *)g_array_free (builder.part_start, FALSE);
      shape.seam = (guint8 *)g_array_free (builder.seam, !builder.any_seam);

      sitmap_projection_forward (projection, shape.xy, shape.n_points);

      shape.x_min = shape.y_min = G_MAXDOUBLE;
      shape.x_max = shape.y_max = -G_MAXDOUBLE;
      for (guint i = 0; i < shape.n_points; i++)
        {
          double x = shape.xy[2 * i], y = shape.xy[2 * i + 1];

          if (isnan (x) || isnan (y))
            continue;
          shape.x_min = MIN (shape.x_min, x);
          shape.x_max = MAX (shape.x_max, x);
          shape.y_min = MIN (shape.y_min, y);
          shape.y_max = MAX (shape.y_max, y);
        }

      if (shape.x_min <= shape.x_max)
        {
          self->x_min = MIN (self->x_min, shape.x_min);
          self->x_max = MAX (self->x_max, shape.x_max);
          self->y_min = MIN (self->y_min, shape.y_min);
          self->y_max = MAX (self->y_max, shape.y_max);
        }

      if (self->kind == SITMAP_GEOMETRY_POLYGONS && shape.n_parts > 0)
        shape_find_label_point (&shape);
      else if (shape.n_points > 0)
        {
          shape.label_x = shape.xy[0];
          shape.label_y = shape.xy[1];
        }

      g_array_append_val (self->shapes, shape);
    }
}

SitmapProjection *
sitmap_layer_get_projection (SitmapLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  return self->projection;
}

const SitmapShape *
sitmap_layer_get_shape (SitmapLayer *self,
                        guint        index)
{
  g_return_val_if_fail (SITMAP_IS_LAYER (self), NULL);
  g_return_val_if_fail (index < self->shapes->len, NULL);
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

  *x_min = self->x_min;
  *y_min = self->y_min;
  *x_max = self->x_max;
  *y_max = self->y_max;
}
