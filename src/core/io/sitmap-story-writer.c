/* sitmap-story-writer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "sitmap-story-writer.h"
/* For the longitude step alone: the story is read through its public API. */
#include "sitmap-longitude.h"
#include "sitmap-story-private.h"

#define ARTICLE_NAME "article.txt"
#define STORY_NAME   "story.geojson"

G_DEFINE_QUARK (sitmap-story-writer-error-quark, sitmap_story_writer_error)

/* ---- JSON text ---------------------------------------------------------- */

/* The file is meant to be read and edited by hand, so it is written as
 * text here rather than through json-glib's generator, which would give
 * 30.523399999999999 for 30.5234 and no say over the layout. */

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = (guchar)*p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char)c);
        }
    }
  g_string_append_c (out, '"');
}

/* The shortest decimal that reads back as the same double: 30.5234, not
 * 30.523399999999999; and 30, not 3e+01, except for numbers a person
 * would write with an exponent too. */
static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gboolean plain = fabs (value) >= 1e-5 && fabs (value) < 1e17;

  g_assert (isfinite (value));

  /* -0 would read back as the integer 0: the same number, and this way
   * the same text. */
  if (value == 0)
    value = 0;

  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value && (!plain || strchr (buffer, 'e') == NULL))
        break;
    }
  g_string_append (out, buffer);
}

static void
append_member (GString    *out,
               const char *indent,
               const char *name,
               gboolean   *first)
{
  g_string_append (out, *first ? "\n" : ",\n");
  *first = FALSE;
  g_string_append (out, indent);
  append_string (out, name);
  g_string_append (out, ": ");
}

static void
append_string_member (GString    *out,
                      const char *indent,
                      const char *name,
                      const char *value,
                      gboolean   *first)
{
  if (value == NULL)
    return;
  append_member (out, indent, name, first);
  append_string (out, value);
}

static void
append_number_member (GString    *out,
                      const char *name,
                      double      value)
{
  append_string (out, name);
  g_string_append (out, ": ");
  append_number (out, value);
}

static void
append_strings (GString            *out,
                const char * const *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_string (out, strings[i]);
    }
  g_string_append_c (out, ']');
}

/* ---- Geometry ----------------------------------------------------------- */

/* Twice the signed area of a ring, counterclockwise positive, with each
 * step taken the short way round so that a ring across ±180° counts as
 * the loader draws it. */
static double
ring_area2 (const double *lonlat,
            guint         start,
            guint         end)
{
  double area2 = 0, x = lonlat[2 * start], y = lonlat[2 * start + 1];

  for (guint i = start + 1; i < end; i++)
    {
      double next_x = x + sitmap_longitude_wrap (lonlat[2 * i] - lonlat[2 * i - 2]);
      double next_y = lonlat[2 * i + 1];

      area2 += x * next_y - next_x * y;
      x = next_x;
      y = next_y;
    }
  return area2;
}

static gboolean
ring_contains (const double *lonlat,
               guint         start,
               guint         end,
               double        x,
               double        y)
{
  gboolean inside = FALSE;

  for (guint i = start, j = end - 1; i < end; j = i++)
    {
      double xi = lonlat[2 * i], yi = lonlat[2 * i + 1];
      double xj = lonlat[2 * j], yj = lonlat[2 * j + 1];

      if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
        inside = !inside;
    }
  return inside;
}

static void
append_position (GString      *out,
                 const double *pair)
{
  g_string_append_c (out, '[');
  append_number (out, pair[0]);
  g_string_append (out, ", ");
  append_number (out, pair[1]);
  g_string_append_c (out, ']');
}

/* A part's positions; reversed keeps the first (and so the closing last)
 * position where it was, so the ring starts where it did. */
static void
append_positions (GString      *out,
                  const double *lonlat,
                  guint         start,
                  guint         end,
                  gboolean      reversed)
{
  g_string_append_c (out, '[');
  for (guint k = 0; k < end - start; k++)
    {
      guint i = !reversed || k == 0 ? start + k : end - 1 - k;

      if (k > 0)
        g_string_append (out, ", ");
      append_position (out, lonlat + 2 * i);
    }
  g_string_append_c (out, ']');
}

/* The loader keeps a polygon's rings in one list and draws them by the
 * even-odd rule.  They are written back as polygons in the same order: a
 * ring inside the polygon begun before it is one of its holes, any other
 * ring begins the next polygon.  The right-hand rule of RFC 7946 §3.1.6
 * turns exterior rings counterclockwise and holes clockwise. */
static void
append_polygons (GString                  *out,
                 const SitmapStoryFeature *feature)
{
  g_autoptr(GArray) polygon_of = g_array_sized_new (FALSE, FALSE, sizeof (guint), feature->n_parts);
  const guint *part_start = feature->part_start;
  const double *lonlat = feature->lonlat;
  guint n_polygons = 0, outer = 0;

  for (guint p = 0; p < feature->n_parts; p++)
    {
      gboolean hole = p > 0 &&
        ring_contains (lonlat, part_start[outer], part_start[outer + 1],
                       lonlat[2 * part_start[p]], lonlat[2 * part_start[p] + 1]);

      if (!hole)
        {
          outer = p;
          n_polygons++;
        }
      g_array_append_val (polygon_of, n_polygons);
    }

  g_string_append_printf (out, "{\"type\": \"%s\", \"coordinates\": ",
                          n_polygons == 1 ? "Polygon" : "MultiPolygon");
  if (n_polygons > 1)
    g_string_append_c (out, '[');
  for (guint p = 0; p < feature->n_parts; p++)
    {
      guint polygon = g_array_index (polygon_of, guint, p);
      gboolean first_ring = p == 0 || g_array_index (polygon_of, guint, p - 1) != polygon;
      gboolean last_ring = p + 1 == feature->n_parts ||
                           g_array_index (polygon_of, guint, p + 1) != polygon;
      double area2 = ring_area2 (lonlat, part_start[p], part_start[p + 1]);

      if (first_ring)
        g_string_append (out, polygon > 1 ? ", [" : "[");
      else
        g_string_append (out, ", ");
      append_positions (out, lonlat, part_start[p], part_start[p + 1],
                        first_ring ? area2 < 0 : area2 > 0);
      if (last_ring)
        g_string_append_c (out, ']');
    }
  if (n_polygons > 1)
    g_string_append_c (out, ']');
  g_string_append_c (out, '}');
}

static void
append_geometry (GString                  *out,
                 const SitmapStoryFeature *feature)
{
  const guint *part_start = feature->part_start;

  if (feature->regions_layer != NULL || feature->n_parts == 0)
    {
      /* An area by reference is written as one, even once resolved: the
       * regions are what the author chose. */
      g_string_append (out, "null");
      return;
    }

  switch (feature->geometry_kind)
    {
    case SITMAP_GEOMETRY_POINTS:
      if (feature->n_parts == 1)
        {
          g_string_append (out, "{\"type\": \"Point\", \"coordinates\": ");
          append_position (out, feature->lonlat + 2 * part_start[0]);
        }
      else
        {
          g_string_append (out, "{\"type\": \"MultiPoint\", \"coordinates\": [");
          for (guint p = 0; p < feature->n_parts; p++)
            {
              g_assert (part_start[p + 1] == part_start[p] + 1);
              if (p > 0)
                g_string_append (out, ", ");
              append_position (out, feature->lonlat + 2 * part_start[p]);
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
      break;

    case SITMAP_GEOMETRY_LINES:
      g_string_append_printf (out, "{\"type\": \"%s\", \"coordinates\": ",
                              feature->n_parts == 1 ? "LineString" : "MultiLineString");
      if (feature->n_parts > 1)
        g_string_append_c (out, '[');
      for (guint p = 0; p < feature->n_parts; p++)
        {
          if (p > 0)
            g_string_append (out, ", ");
          append_positions (out, feature->lonlat, part_start[p], part_start[p + 1], FALSE);
        }
      if (feature->n_parts > 1)
        g_string_append_c (out, ']');
      g_string_append_c (out, '}');
      break;

    case SITMAP_GEOMETRY_POLYGONS:
    default:
      append_polygons (out, feature);
      break;
    }
}

/* ---- Features ----------------------------------------------------------- */

static void
append_figure (GString            *out,
               const SitmapFigure *figure)
{
  g_string_append_c (out, '{');
  if (figure->is_range)
    {
      append_number_member (out, "low", figure->low);
      g_string_append (out, ", ");
      append_number_member (out, "high", figure->high);
    }
  else
    append_number_member (out, "value", figure->value);

  g_string_append (out, ", \"unit\": ");
  append_string (out, figure->unit);

  if (figure->qualifier != NULL)
    {
      g_string_append (out, ", \"qualifier\": ");
      append_string (out, figure->qualifier);
    }
  if (figure->note != NULL)
    {
      g_string_append (out, ", \"note\": ");
      append_string (out, figure->note);
    }
  if (figure->source != NULL)
    {
      g_string_append (out, ", \"source\": ");
      append_string (out, figure->source);
    }
  g_string_append_c (out, '}');
}

static void
append_feature (GString                  *out,
                const SitmapStoryFeature *feature)
{
  static const char indent[] = "        ";
  gboolean first = TRUE;

  g_string_append (out, "    {\n      \"type\": \"Feature\",\n      \"id\": ");
  append_string (out, feature->id);
  g_string_append (out, ",\n      \"geometry\": ");
  append_geometry (out, feature);
  g_string_append (out, ",\n      \"properties\": {");

  append_string_member (out, indent, "name", feature->name, &first);
  append_string_member (out, indent, "kind", sitmap_story_kind_to_string (feature->kind), &first);
  if (g_strcmp0 (feature->label, feature->name) != 0)
    append_string_member (out, indent, "label", feature->label, &first);
  append_string_member (out, indent, "side", feature->side, &first);
  append_string_member (out, indent, "echelon", feature->echelon, &first);
  if (feature->kind == SITMAP_STORY_KIND_FORCE)
    append_string_member (out, indent, "status",
                          feature->status == SITMAP_FORCE_STATUS_EN_ROUTE ? "en-route" : "present",
                          &first);
  if (feature->dates != NULL && feature->dates[0] != NULL)
    {
      append_member (out, indent, "dates", &first);
      append_strings (out, (const char * const *)feature->dates);
    }

  if (feature->figures != NULL && feature->figures->len > 0)
    {
      append_member (out, indent, "callout", &first);
      g_string_append_c (out, '{');
      if (feature->callout_title != NULL)
        {
          g_string_append (out, "\n          \"title\": ");
          append_string (out, feature->callout_title);
          g_string_append_c (out, ',');
        }
      g_string_append (out, "\n          \"figures\": [");
      for (guint f = 0; f < feature->figures->len; f++)
        {
          g_string_append (out, f > 0 ? ",\n            " : "\n            ");
          append_figure (out, &g_array_index (feature->figures, SitmapFigure, f));
        }
      g_string_append (out, "\n          ]");
      if (feature->callout_pinned)
        {
          g_string_append (out, ",\n          \"pin\": [");
          append_number (out, feature->callout_pin_lon);
          g_string_append (out, ", ");
          append_number (out, feature->callout_pin_lat);
          g_string_append_c (out, ']');
        }
      g_string_append (out, "\n        }");
    }

  if (feature->regions_layer != NULL)
    {
      append_member (out, indent, "regions", &first);
      g_string_append (out, "{\"layer\": ");
      append_string (out, feature->regions_layer);
      g_string_append (out, ", \"field\": ");
      append_string (out, feature->regions_field);
      g_string_append (out, ", \"values\": ");
      append_strings (out, (const char * const *)feature->regions_values);
      g_string_append_c (out, '}');
    }

  append_member (out, indent, "excerpts", &first);
  g_string_append_c (out, '[');
  for (guint e = 0; feature->excerpts[e] != NULL; e++)
    {
      g_string_append (out, e > 0 ? ",\n          " : "\n          ");
      append_string (out, feature->excerpts[e]);
    }
  g_string_append (out, "\n        ]");

  append_string_member (out, indent, "note", feature->note, &first);
  g_string_append (out, "\n      }\n    }");
}

char *
sitmap_story_writer_to_json (SitmapStory *story,
                             gsize       *length)
{
  static const char indent[] = "    ";
  GString *out = g_string_sized_new (4096);
  gboolean first = TRUE;
  double extent[4];
  guint n_features;

  g_return_val_if_fail (SITMAP_IS_STORY (story), NULL);

  g_string_append (out, "{\n  \"type\": \"FeatureCollection\",\n  \"story\": {");
  append_string_member (out, indent, "format", "sitmap-story/1", &first);
  append_string_member (out, indent, "title", sitmap_story_get_title (story), &first);
  append_string_member (out, indent, "subtitle", sitmap_story_get_subtitle (story), &first);
  append_string_member (out, indent, "publication", sitmap_story_get_publication (story), &first);
  append_string_member (out, indent, "byline", sitmap_story_get_byline (story), &first);
  append_string_member (out, indent, "date", sitmap_story_get_date (story), &first);
  append_string_member (out, indent, "article", ARTICLE_NAME, &first);
  if (sitmap_story_get_extent (story, extent))
    {
      append_member (out, indent, "extent", &first);
      g_string_append_c (out, '[');
      for (guint i = 0; i < 4; i++)
        {
          if (i > 0)
            g_string_append (out, ", ");
          append_number (out, extent[i]);
        }
      g_string_append_c (out, ']');
    }
  append_string_member (out, indent, "convention", sitmap_story_get_convention (story), &first);
  append_string_member (out, indent, "credit", sitmap_story_get_credit (story), &first);
  /* "en" is what the reader takes when none is given. */
  if (g_strcmp0 (sitmap_story_get_language (story), "en") != 0)
    append_string_member (out, indent, "language", sitmap_story_get_language (story), &first);
  g_string_append (out, "\n  },\n  \"features\": [");

  n_features = sitmap_story_get_n_features (story);
  for (guint i = 0; i < n_features; i++)
    {
      g_string_append (out, i > 0 ? ",\n" : "\n");
      append_feature (out, sitmap_story_get_feature (story, i));
    }
  g_string_append (out, n_features > 0 ? "\n  ]\n}\n" : "]\n}\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* ---- Files -------------------------------------------------------------- */

static gboolean
fail_errno (GError     **error,
            const char  *path,
            const char  *what,
            int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SITMAP_STORY_WRITER_ERROR, SITMAP_STORY_WRITER_ERROR_WRITE,
               "%s: %s: %s", display, what, g_strerror (saved_errno));
  return FALSE;
}

/* Writes contents to a new file beside path and flushes it to disk;
 * *temp_path names it for the rename (or the clean-up). */
static gboolean
write_beside (const char  *path,
              const char  *contents,
              gsize        length,
              char       **temp_path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *template = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  gsize done = 0;
  int fd;

  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    return fail_errno (error, path, "cannot write", errno);

  while (done < length)
    {
      gssize n = write (fd, contents + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n < 0 ? errno : ENOSPC;

          close (fd);
          g_unlink (template);
          return fail_errno (error, path, "cannot write", saved_errno);
        }
      done += n;
    }

  if (fsync (fd) != 0 || close (fd) != 0)
    {
      int saved_errno = errno;

      g_unlink (template);
      return fail_errno (error, path, "cannot write", saved_errno);
    }

  *temp_path = g_steal_pointer (&template);
  return TRUE;
}

static gboolean
file_has_contents (const char *path,
                   const char *contents,
                   gsize       length)
{
  g_autofree char *old = NULL;
  gsize old_length;

  return g_file_get_contents (path, &old, &old_length, NULL) &&
         old_length == length && memcmp (old, contents, length) == 0;
}

gboolean
sitmap_story_writer_save (SitmapStory  *story,
                          const char   *folder,
                          GError      **error)
{
  g_autofree char *json = NULL;
  g_autofree char *story_path = NULL;
  g_autofree char *article_path = NULL;
  g_autofree char *story_temp = NULL;
  g_autofree char *article_temp = NULL;
  g_autofree char *article_old = NULL;
  const char *article;
  gsize json_length;
  gsize article_length;
  int dir_fd;

  g_return_val_if_fail (SITMAP_IS_STORY (story), FALSE);
  g_return_val_if_fail (folder != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json = sitmap_story_writer_to_json (story, &json_length);
  article = sitmap_story_get_article (story);
  article_length = strlen (article);
  story_path = g_build_filename (folder, STORY_NAME, NULL);
  article_path = g_build_filename (folder, ARTICLE_NAME, NULL);

  if (g_mkdir_with_parents (folder, 0777) != 0)
    return fail_errno (error, folder, "cannot make the folder", errno);

  /* Both files whole on disk before either replaces anything. */
  if (!file_has_contents (article_path, article, article_length) &&
      !write_beside (article_path, article, article_length, &article_temp, error))
    return FALSE;
  if (!write_beside (story_path, json, json_length, &story_temp, error))
    {
      if (article_temp != NULL)
        g_unlink (article_temp);
      return FALSE;
    }

  /* A second name for the old article, so that it can come back if the
   * story cannot follow it. */
  if (article_temp != NULL && g_file_test (article_path, G_FILE_TEST_EXISTS))
    {
      article_old = g_strdup_printf ("%s.old", article_temp);
      if (link (article_path, article_old) != 0)
        g_clear_pointer (&article_old, g_free);
    }
  if (article_temp != NULL && g_rename (article_temp, article_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (article_temp);
      g_unlink (story_temp);
      if (article_old != NULL)
        g_unlink (article_old);
      return fail_errno (error, article_path, "cannot replace", saved_errno);
    }
  if (g_rename (story_temp, story_path) != 0)
    {
      int saved_errno = errno;

      g_unlink (story_temp);
      if (article_old != NULL)
        g_rename (article_old, article_path);
      return fail_errno (error, story_path, "cannot replace", saved_errno);
    }
  if (article_old != NULL)
    g_unlink (article_old);

  /* The renames themselves reach the disk with the folder. */
  dir_fd = open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0)
    {
      fsync (dir_fd);
      close (dir_fd);
    }
  return TRUE;
}
