/* sitmap-story-reader.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Reading a story file: its JSON checked by the guard, then parsed, then
 * every member read and checked with a message naming the file, the
 * feature and the property, and every excerpt found in the article. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sitmap-json-guard.h"
#include "sitmap-number.h"
#include "sitmap-story-private.h"

/* json-glib says "<data>:3:14: Parse error: unexpected …"; say it the way
 * our own messages do. */
static gboolean
json_parser_failed (SitmapStoryCtx          *ctx,
                    const GError *parse_error)
{
  const char *text = parse_error->message;
  guint line, column;
  int consumed = 0;

  if (g_str_has_prefix (text, "<data>:"))
    text += strlen ("<data>:");
  if (sscanf (text, "%u:%u: %n", &line, &column, &consumed) == 2 && consumed > 0)
    {
      text += consumed;
      if (g_str_has_prefix (text, "Parse error: "))
        text += strlen ("Parse error: ");
      return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON,
                       _("invalid JSON at line %u, column %u: %s"), line, column, text);
    }
  return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON, _("invalid JSON: %s"), text);
}


/* ---- Reading values ----------------------------------------------------- */

/* A member, with JSON null taken as absent: QGIS writes null for every
 * empty attribute. */
static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static gboolean
is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static double
number_value (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double)json_node_get_int (node);
  return json_node_get_double (node);
}

/* A string member: absent is fine unless required, anything else but a
 * string is not, and neither is more than max_chars characters. */
static gboolean
read_string (SitmapStoryCtx         *ctx,
             JsonObject  *object,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             char       **out)
{
  JsonNode *node = get_member (object, name);
  g_autofree char *text = NULL;

  g_assert (*out == NULL);

  if (node == NULL)
    return required ? _sitmap_story_invalid (ctx, _("“%s” is missing"), name) : TRUE;
  if (!is_string (node))
    return _sitmap_story_invalid (ctx, _("“%s” must be a string"), name);

  text = _sitmap_story_clean_display_text (json_node_get_string (node));
  if (required && *text == '\0')
    return _sitmap_story_invalid (ctx, _("“%s” is empty"), name);
  if (g_utf8_strlen (text, -1) > (glong)max_chars)
    {
      g_autofree char *what = g_strdup_printf ("“%s”", name);

      return _sitmap_story_too_long (ctx, what, max_chars);
    }

  *out = g_steal_pointer (&text);
  return TRUE;
}

/* One of a fixed list of words; returns its index or -1 after setting the
 * error. */
static int
read_choice (SitmapStoryCtx                *ctx,
             JsonObject         *object,
             const char         *name,
             gboolean            required,
             const char * const *choices,
             guint               n_choices)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  g_autoptr(GString) list = g_string_new (NULL);

  if (!read_string (ctx, object, name, required, MAX_NAME_CHARS, &text))
    return -1;
  if (text == NULL)
    return (int)n_choices;

  for (guint i = 0; i < n_choices; i++)
    if (strcmp (text, choices[i]) == 0)
      return (int)i;

  for (guint i = 0; i < n_choices; i++)
    g_string_append_printf (list, "%s%s", i > 0 ? ", " : "", choices[i]);
  shown = _sitmap_story_shorten (text, QUOTE_CHARS);
  _sitmap_story_invalid (ctx, _("“%s” must be one of %s, not “%s”"), name, list->str, shown);
  return -1;
}

static gboolean
check_date (SitmapStoryCtx        *ctx,
            const char *name,
            const char *text)
{
  g_autofree char *shown = _sitmap_story_shorten (text, QUOTE_CHARS);
  gboolean real;

  if (!_sitmap_story_is_iso_date (text, &real))
    return _sitmap_story_invalid (ctx, _("“%s”: “%s” is not a date like 2022-01-14"), name, shown);
  if (!real)
    return _sitmap_story_invalid (ctx, _("“%s”: %s is not a real date"), name, shown);
  return TRUE;
}


/* ---- Geometry ----------------------------------------------------------- */

typedef struct
{
  GArray *lonlat;      /* double */
  GArray *part_start;  /* guint */
} GeometryBuilder;

static void
builder_end_part (GeometryBuilder *builder)
{
  guint n = builder->lonlat->len / 2;

  g_array_append_val (builder->part_start, n);
}

static char *
describe_position (const char *part,
                   guint       number)
{
  if (number == 0)
    return g_strdup ("the point");
  if (part == NULL)
    return g_strdup_printf (_("position %u"), number);
  return g_strdup_printf (_("position %u of %s"), number, part);
}

/* One position.  part names the ring or line it belongs to ("ring 2 of
 * polygon 3"), or is NULL; number is its 1-based place there, or 0 for a
 * Point's only position.  Big files hold millions of these, so the
 * description is only built for a message. */
static gboolean
read_position (SitmapStoryCtx             *ctx,
               JsonNode        *node,
               const char      *part,
               guint            number,
               GeometryBuilder *builder)
{
  g_autofree char *locus = NULL;
  g_autofree char *shown = NULL;
  JsonArray *array = NULL;
  guint n = 0;
  double pair[2];

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      n = json_array_get_length (array);
    }
  if (n < 2)
    {
      locus = describe_position (part, number);
      return _sitmap_story_invalid (ctx, _("%s must be [longitude, latitude], two numbers"), locus);
    }

  /* A third number (altitude) is allowed by RFC 7946 and ignored. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_number (element))
        {
          locus = describe_position (part, number);
          return _sitmap_story_invalid (ctx, _("%s must be [longitude, latitude], two numbers, "
                          "not text or anything else"), locus);
        }
      if (!isfinite (number_value (element)))
        {
          locus = describe_position (part, number);
          return _sitmap_story_invalid (ctx, _("%s holds a number too large to be a coordinate"), locus);
        }
      if (i < 2)
        pair[i] = number_value (element);
    }

  if (pair[0] < -180 || pair[0] > 180)
    {
      locus = describe_position (part, number);
      shown = sitmap_number_format (pair[0]);
      return _sitmap_story_invalid (ctx, _("longitude %s at %s is outside −180 to 180 "
                      "(coordinates are longitude first)"), shown, locus);
    }
  if (pair[1] < -90 || pair[1] > 90)
    {
      locus = describe_position (part, number);
      shown = sitmap_number_format (pair[1]);
      return _sitmap_story_invalid (ctx, _("latitude %s at %s is outside −90 to 90 "
                      "(coordinates are longitude first)"), shown, locus);
    }

  g_array_append_vals (builder->lonlat, pair, 2);
  return TRUE;
}

/* An array of positions, added as one part.  part is as for
 * read_position; what is "line" or "ring" for messages about the whole. */
static gboolean
read_positions (SitmapStoryCtx             *ctx,
                JsonNode        *node,
                const char      *part,
                gboolean         is_ring,
                GeometryBuilder *builder)
{
  const char *what = part != NULL ? part : (is_ring ? _("the ring") : _("the line"));
  guint first = builder->lonlat->len;
  guint minimum = is_ring ? 4 : 2;
  JsonArray *array;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _sitmap_story_invalid (ctx, _("%s must be an array of positions"), what);
  array = json_node_get_array (node);
  n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    if (!read_position (ctx, json_array_get_element (array, i), part, i + 1, builder))
      return FALSE;

  if (n < minimum)
    return is_ring ? _sitmap_story_invalid (ctx, ngettext ("%s has %u position; a ring needs at least %u "
                                                           "(the first repeated at the end)",
                                                           "%s has %u positions; a ring needs at least %u "
                                                           "(the first repeated at the end)", n),
                                            what, n, minimum)
                   : _sitmap_story_invalid (ctx, ngettext ("%s has %u position; a line needs at least %u",
                                                           "%s has %u positions; a line needs at least %u", n),
                                            what, n, minimum);

  if (is_ring)
    {
      const double *lonlat = (const double *)(void *)builder->lonlat->data;
      guint last = builder->lonlat->len - 2;

      if (lonlat[first] != lonlat[last] || lonlat[first + 1] != lonlat[last + 1])
        return _sitmap_story_invalid (ctx, _("%s is not closed: its last position must repeat its first"), what);
    }

  builder_end_part (builder);
  return TRUE;
}

/* The rings of one polygon; polygon is its 1-based place in a
 * MultiPolygon or 0. */
static gboolean
read_polygon (SitmapStoryCtx             *ctx,
              JsonNode        *node,
              guint            polygon,
              GeometryBuilder *builder)
{
  g_autofree char *what = polygon ? g_strdup_printf (_("polygon %u"), polygon) : g_strdup ("the polygon");
  JsonArray *rings;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _sitmap_story_invalid (ctx, _("%s must be an array of rings"), what);
  rings = json_node_get_array (node);
  if (json_array_get_length (rings) == 0)
    return _sitmap_story_invalid (ctx, _("%s has no rings"), what);

  for (guint r = 0; r < json_array_get_length (rings); r++)
    {
      g_autofree char *part = polygon
        ? g_strdup_printf (_("ring %u of polygon %u"), r + 1, polygon)
        : g_strdup_printf (_("ring %u"), r + 1);

      if (!read_positions (ctx, json_array_get_element (rings, r), part, TRUE, builder))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_geometry (SitmapStoryCtx                *ctx,
               JsonNode           *node,
               SitmapStoryFeature *feature)
{
  g_autoptr(GArray) lonlat = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) part_start = g_array_new (FALSE, FALSE, sizeof (guint));
  GeometryBuilder builder = { lonlat, part_start };
  g_autofree char *type = NULL;
  JsonObject *object;
  JsonNode *coordinates;
  JsonArray *array = NULL;
  guint zero = 0;

  g_assert (ctx->where == NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _sitmap_story_invalid (ctx, _("“geometry” must be a GeoJSON geometry object, or null for an area "
                    "given by “regions”"));
  object = json_node_get_object (node);

  ctx->where = _("“geometry”");
  if (!read_string (ctx, object, "type", TRUE, MAX_NAME_CHARS, &type))
    return FALSE;

  if (strcmp (type, "GeometryCollection") == 0)
    return _sitmap_story_invalid (ctx, _("GeometryCollection is not supported; use one feature per geometry"));
  if (strcmp (type, "Point") != 0 && strcmp (type, "MultiPoint") != 0 &&
      strcmp (type, "LineString") != 0 && strcmp (type, "MultiLineString") != 0 &&
      strcmp (type, "Polygon") != 0 && strcmp (type, "MultiPolygon") != 0)
    {
      g_autofree char *shown = _sitmap_story_shorten (type, QUOTE_CHARS);

      return _sitmap_story_invalid (ctx, _("unknown type “%s”; use Point, MultiPoint, LineString, "
                      "MultiLineString, Polygon or MultiPolygon"), shown);
    }

  coordinates = get_member (object, "coordinates");
  if (coordinates == NULL)
    return _sitmap_story_invalid (ctx, _("“coordinates” is missing"));
  if (strcmp (type, "Point") != 0)
    {
      if (!JSON_NODE_HOLDS_ARRAY (coordinates))
        return _sitmap_story_invalid (ctx, _("“coordinates” must be an array"));
      array = json_node_get_array (coordinates);
      if (json_array_get_length (array) == 0)
        return _sitmap_story_invalid (ctx, _("“coordinates” is empty"));
    }

  g_array_append_val (part_start, zero);

  if (strcmp (type, "Point") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POINTS;
      if (!read_position (ctx, coordinates, NULL, 0, &builder))
        return FALSE;
      builder_end_part (&builder);
    }
  else if (strcmp (type, "MultiPoint") == 0)
    {
      /* Several markers for one feature, one part each. */
      feature->geometry_kind = SITMAP_GEOMETRY_POINTS;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!read_position (ctx, json_array_get_element (array, i), NULL, i + 1, &builder))
            return FALSE;
          builder_end_part (&builder);
        }
    }
  else if (strcmp (type, "LineString") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_LINES;
      if (!read_positions (ctx, coordinates, NULL, FALSE, &builder))
        return FALSE;
    }
  else if (strcmp (type, "MultiLineString") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_LINES;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *part = g_strdup_printf (_("line %u"), i + 1);

          if (!read_positions (ctx, json_array_get_element (array, i), part, FALSE, &builder))
            return FALSE;
        }
    }
  else if (strcmp (type, "Polygon") == 0)
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      if (!read_polygon (ctx, coordinates, 0, &builder))
        return FALSE;
    }
  else
    {
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!read_polygon (ctx, json_array_get_element (array, i), i + 1, &builder))
          return FALSE;
    }

  ctx->where = NULL;
  feature->n_parts = part_start->len - 1;
  feature->part_start = g_array_steal (part_start, NULL);
  feature->lonlat = g_array_steal (lonlat, NULL);

  _sitmap_story_feature_update_anchor (feature);
  return TRUE;
}


/* ---- Excerpts ----------------------------------------------------------- */

/* What a retyped excerpt most often gets wrong: quotes, dashes and
 * spaces.  Folded away only to explain a failed match, never to make one. */
static gunichar
fold_char (gunichar c)
{
  switch (c)
    {
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
      return '\'';
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033:
    case 0x00AB: case 0x00BB:
      return '"';
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
    case 0x2015: case 0x2212:
      return '-';
    default:
      return g_unichar_isspace (c) ? ' ' : c;
    }
}

/* The folded text, runs of spaces as one; map (if given) gets the byte
 * offset in text of each byte of the result. */
static GString *
fold_text (const char *text,
           GArray     *map)
{
  GString *out = g_string_sized_new (strlen (text));
  gboolean after_space = FALSE;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = fold_char (g_utf8_get_char (p));
      gsize before = out->len;
      gsize offset = p - text;

      if (c == ' ' && after_space)
        continue;
      after_space = c == ' ';
      g_string_append_unichar (out, c);
      if (map != NULL)
        for (gsize i = before; i < out->len; i++)
          g_array_append_val (map, offset);
    }

  return out;
}

static gboolean
is_quote (gunichar c)
{
  gunichar folded = fold_char (c);

  return folded == '\'' || folded == '"';
}

/* Why an excerpt that is not in the article nearly is, or NULL. */
static char *
excerpt_hint (const char *article,
              const char *excerpt)
{
  g_autoptr(GArray) map = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GString) folded_article = fold_text (article, map);
  g_autoptr(GString) folded_excerpt = fold_text (excerpt, NULL);
  const char *hit, *a, *e;

  if (folded_excerpt->len == 0)
    return NULL;
  hit = strstr (folded_article->str, folded_excerpt->str);
  if (hit == NULL)
    return NULL;

  a = article + g_array_index (map, gsize, hit - folded_article->str);
  for (e = excerpt; *e != '\0' && *a != '\0'; e = g_utf8_next_char (e), a = g_utf8_next_char (a))
    {
      gunichar ca = g_utf8_get_char (a), ce = g_utf8_get_char (e);
      char a_text[8] = { 0 }, e_text[8] = { 0 };

      if (ca == ce)
        continue;
      if (fold_char (ca) == ' ' || fold_char (ce) == ' ')
        return g_strdup ("(the spacing differs from the article’s)");
      if (is_quote (ca) && is_quote (ce) && ca != fold_char (ca) && ce == fold_char (ce))
        return g_strdup ("(the article has curly quotes)");
      if (is_quote (ca) && is_quote (ce) && ca == fold_char (ca) && ce != fold_char (ce))
        return g_strdup ("(the article has straight quotes)");
      g_unichar_to_utf8 (ca, a_text);
      g_unichar_to_utf8 (ce, e_text);
      return g_strdup_printf (_("(the article has “%s” where the excerpt has “%s”)"), a_text, e_text);
    }

  return NULL;
}

typedef struct
{
  SitmapStoryCtx          ctx;
  SitmapStory *story;
  GHashTable  *found;       /* excerpt (borrowed) → SitmapTextRange */
  guint        n_excerpts;
} Loader;

static gboolean
find_excerpt (Loader          *loader,
              const char      *excerpt,
              guint            number,
              SitmapTextRange *range)
{
  const char *article = loader->story->article;
  const SitmapTextRange *cached;
  const char *hit;

  /* The same sentence often serves several features. */
  cached = g_hash_table_lookup (loader->found, excerpt);
  if (cached != NULL)
    {
      *range = *cached;
      return TRUE;
    }

  hit = strstr (article, excerpt);
  if (hit == NULL)
    {
      g_autofree char *shown = _sitmap_story_shorten (excerpt, QUOTE_CHARS);
      g_autofree char *hint = excerpt_hint (article, excerpt);

      return _sitmap_story_ctx_fail (&loader->ctx, SITMAP_STORY_ERROR_EXCERPT_NOT_FOUND,
                       _("excerpt %u is not in the article: “%s”%s%s"),
                       number, shown, hint ? " " : "", hint ? hint : "");
    }

  range->start = hit - article;
  range->end = range->start + strlen (excerpt);
  g_hash_table_insert (loader->found, (gpointer)excerpt, g_memdup2 (range, sizeof *range));
  return TRUE;
}

/* ---- Features ----------------------------------------------------------- */

static gboolean
read_number (SitmapStoryCtx        *ctx,
             JsonNode   *node,
             const char *name,
             double     *out)
{
  if (!is_number (node))
    return _sitmap_story_invalid (ctx, _("“%s” must be a number, written without separators (100000)"), name);
  *out = number_value (node);
  if (!isfinite (*out))
    return _sitmap_story_invalid (ctx, _("“%s” is too large to be a number"), name);
  return TRUE;
}

static gboolean
read_figure (SitmapStoryCtx          *ctx,
             JsonNode     *node,
             SitmapFigure *figure)
{
  JsonObject *object;
  JsonNode *value, *low, *high;
  int qualifier;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _sitmap_story_invalid (ctx, _("a figure must be an object with “value” (or “low” and “high”) and “unit”"));
  object = json_node_get_object (node);

  value = get_member (object, "value");
  low = get_member (object, "low");
  high = get_member (object, "high");
  if (value != NULL && (low != NULL || high != NULL))
    return _sitmap_story_invalid (ctx, _("give either “value” or “low” and “high”, not both"));
  if (value == NULL && low == NULL && high == NULL)
    return _sitmap_story_invalid (ctx, _("“value” is missing (or “low” and “high” for a range)"));
  if (value == NULL && (low == NULL || high == NULL))
    return _sitmap_story_invalid (ctx, _("a range needs both “low” and “high”"));

  if (value != NULL)
    {
      if (!read_number (ctx, value, "value", &figure->value))
        return FALSE;
    }
  else
    {
      figure->is_range = TRUE;
      if (!read_number (ctx, low, "low", &figure->low) ||
          !read_number (ctx, high, "high", &figure->high))
        return FALSE;
      if (figure->low > figure->high)
        return _sitmap_story_invalid (ctx, _("“low” is greater than “high”"));
    }

  if (!read_string (ctx, object, "unit", TRUE, MAX_NAME_CHARS, &figure->unit))
    return FALSE;
  qualifier = read_choice (ctx, object, "qualifier", FALSE, _sitmap_story_qualifiers, G_N_ELEMENTS (_sitmap_story_qualifiers));
  if (qualifier < 0)
    return FALSE;
  if (qualifier < (int)G_N_ELEMENTS (_sitmap_story_qualifiers))
    figure->qualifier = g_strdup (_sitmap_story_qualifiers[qualifier]);

  return read_string (ctx, object, "note", FALSE, MAX_NOTE_CHARS, &figure->note) &&
         read_string (ctx, object, "source", FALSE, MAX_NAME_CHARS, &figure->source);
}

/* Where the user pinned the callout: [longitude, latitude]. */
static gboolean
read_pin (SitmapStoryCtx     *ctx,
          JsonNode           *node,
          SitmapStoryFeature *feature)
{
  JsonArray *array;
  double lon, lat;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (array = json_node_get_array (node)) != 2 ||
      !is_number (json_array_get_element (array, 0)) || !is_number (json_array_get_element (array, 1)))
    return _sitmap_story_invalid (ctx, _("“pin” must be [longitude, latitude]"));
  lon = number_value (json_array_get_element (array, 0));
  lat = number_value (json_array_get_element (array, 1));
  if (!isfinite (lon) || !isfinite (lat) || fabs (lon) > 180 || fabs (lat) > 90)
    return _sitmap_story_invalid (ctx, _("“pin” must be [longitude, latitude]"));
  feature->callout_pinned = TRUE;
  feature->callout_pin_lon = lon;
  feature->callout_pin_lat = lat;
  return TRUE;
}

static gboolean
read_callout (SitmapStoryCtx                *ctx,
              JsonNode           *node,
              SitmapStoryFeature *feature)
{
  JsonObject *object;
  JsonNode *figures;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _sitmap_story_invalid (ctx, _("“callout” must be an object with “title” and “figures”"));
  object = json_node_get_object (node);

  ctx->where = _("“callout”");
  if (!read_string (ctx, object, "title", FALSE, MAX_NAME_CHARS, &feature->callout_title))
    return FALSE;

  figures = get_member (object, "figures");
  if (figures == NULL)
    return _sitmap_story_invalid (ctx, _("“figures” is missing"));
  if (!JSON_NODE_HOLDS_ARRAY (figures))
    return _sitmap_story_invalid (ctx, _("“figures” must be an array of figures"));
  array = json_node_get_array (figures);
  if (json_array_get_length (array) == 0)
    return _sitmap_story_invalid (ctx, _("“figures” is empty"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_auto(SitmapFigure) figure = { 0 };
      g_autofree char *where = g_strdup_printf (_("“callout” figure %u"), i + 1);

      ctx->where = where;
      if (!read_figure (ctx, json_array_get_element (array, i), &figure))
        return FALSE;
      g_array_append_val (feature->figures, figure);
      figure = (SitmapFigure) { 0 };
    }

  ctx->where = _("“callout”");
  if (!read_pin (ctx, get_member (object, "pin"), feature))
    return FALSE;
  ctx->where = NULL;
  return TRUE;
}

static gboolean
read_dates (SitmapStoryCtx                *ctx,
            JsonObject         *properties,
            SitmapStoryFeature *feature)
{
  JsonNode *dates = get_member (properties, "dates");
  JsonNode *date = get_member (properties, "date");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (dates != NULL && date != NULL)
    return _sitmap_story_invalid (ctx, _("give either “dates” or “date”, not both"));

  if (date != NULL)
    {
      if (!is_string (date))
        return _sitmap_story_invalid (ctx, _("“date” must be a date like 2022-01-14"));
      if (!check_date (ctx, "date", json_node_get_string (date)))
        return FALSE;
      g_strv_builder_add (builder, json_node_get_string (date));
    }
  else if (dates != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (dates))
        return _sitmap_story_invalid (ctx, _("“dates” must be an array of dates like 2022-01-14"));
      array = json_node_get_array (dates);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!is_string (element))
            return _sitmap_story_invalid (ctx, _("“dates” must be an array of dates like 2022-01-14"));
          if (!check_date (ctx, "dates", json_node_get_string (element)))
            return FALSE;
          g_strv_builder_add (builder, json_node_get_string (element));
        }
    }

  feature->dates = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
read_excerpts (Loader             *loader,
               JsonObject         *properties,
               SitmapStoryFeature *feature)
{
  SitmapStoryCtx *ctx = &loader->ctx;
  JsonNode *node = get_member (properties, "excerpts");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (node == NULL)
    return _sitmap_story_invalid (ctx, _("“excerpts” is missing: every feature needs at least one passage "
                    "copied from the article"));
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return _sitmap_story_invalid (ctx, _("“excerpts” must be an array of passages copied from the article"));
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  /* An empty list is a feature not yet tied to the text: what the editor
   * saves for a place added on the map.  It opens, flagged by having no
   * excerpt, so that whatever was saved reopens; a missing list is still
   * a mistake in a file written by hand. */

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      const char *text;

      if (!is_string (element))
        return _sitmap_story_invalid (ctx, _("“excerpts” must be an array of passages copied from the article"));
      text = json_node_get_string (element);
      if (*text == '\0')
        return _sitmap_story_invalid (ctx, _("excerpt %u is empty"), i + 1);
      if (g_utf8_strlen (text, -1) > MAX_EXCERPT_CHARS)
        {
          g_autofree char *what = g_strdup_printf (_("excerpt %u"), i + 1);

          return _sitmap_story_too_long (ctx, what, MAX_EXCERPT_CHARS);
        }
      g_strv_builder_add (builder, text);
    }

  loader->n_excerpts += n;
  if (loader->n_excerpts > MAX_EXCERPTS)
    {
      g_autofree char *limit = sitmap_number_format (MAX_EXCERPTS);

      ctx->feature = NULL;
      return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                       _("the story has more than %s excerpts"), limit);
    }

  feature->excerpts = g_strv_builder_end (builder);
  feature->excerpt_ranges = g_array_sized_new (FALSE, FALSE, sizeof (SitmapTextRange), n);
  for (guint i = 0; i < n; i++)
    {
      SitmapTextRange range;

      if (!find_excerpt (loader, feature->excerpts[i], i + 1, &range))
        return FALSE;
      g_array_append_val (feature->excerpt_ranges, range);
    }

  return TRUE;
}

static gboolean
read_regions (SitmapStoryCtx                *ctx,
              JsonNode           *node,
              SitmapStoryFeature *feature)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *object;
  JsonNode *values;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _sitmap_story_invalid (ctx, _("“regions” must be an object with “layer”, “field” and “values”"));
  object = json_node_get_object (node);

  ctx->where = _("“regions”");
  if (!read_string (ctx, object, "layer", TRUE, MAX_NAME_CHARS, &feature->regions_layer) ||
      !read_string (ctx, object, "field", TRUE, MAX_NAME_CHARS, &feature->regions_field))
    return FALSE;

  values = get_member (object, "values");
  if (values == NULL)
    return _sitmap_story_invalid (ctx, _("“values” is missing"));
  if (!JSON_NODE_HOLDS_ARRAY (values))
    return _sitmap_story_invalid (ctx, _("“values” must be an array of strings"));
  array = json_node_get_array (values);
  if (json_array_get_length (array) == 0)
    return _sitmap_story_invalid (ctx, _("“values” is empty"));

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_string (element) || *json_node_get_string (element) == '\0')
        return _sitmap_story_invalid (ctx, _("“values” must be an array of strings"));
      if (g_utf8_strlen (json_node_get_string (element), -1) > MAX_NAME_CHARS)
        return _sitmap_story_too_long (ctx, "a value", MAX_NAME_CHARS);
      /* Compared with attributes, which the shapefile loader cleans alike. */
      {
        g_autofree char *value = _sitmap_story_clean_display_text (json_node_get_string (element));

        g_strv_builder_add (builder, value);
      }
    }

  ctx->where = NULL;
  feature->regions_values = g_strv_builder_end (builder);
  /* No outline until sitmap_story_resolve_regions() finds one. */
  feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
  feature->n_parts = 0;
  feature->part_start = g_new0 (guint, 1);
  feature->anchor_lon = feature->anchor_lat = NAN;
  return TRUE;
}

static char *
id_from_number (JsonNode *node)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

  value = json_node_get_double (node);
  if (value == floor (value) && fabs (value) < 1e15)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64)value);
  return g_strdup (g_ascii_dtostr (buffer, sizeof buffer, value));
}

static gboolean
read_id (Loader             *loader,
         JsonObject         *object,
         guint               position,
         SitmapStoryFeature *feature)
{
  SitmapStoryCtx *ctx = &loader->ctx;
  JsonNode *id = get_member (object, "id");
  guint other;

  if (id == NULL)
    feature->id = g_strdup_printf ("feature-%u", position);
  else if (is_string (id))
    {
      const char *text = json_node_get_string (id);

      if (*text == '\0')
        return _sitmap_story_invalid (ctx, _("feature %u: “id” is empty"), position);
      if (g_utf8_strlen (text, -1) > MAX_NAME_CHARS)
        {
          g_autofree char *what = g_strdup_printf (_("feature %u: “id”"), position);

          return _sitmap_story_too_long (ctx, what, MAX_NAME_CHARS);
        }
      feature->id = g_strdup (text);
    }
  else if (is_number (id) && isfinite (number_value (id)))
    feature->id = id_from_number (id);
  else
    return _sitmap_story_invalid (ctx, _("feature %u: “id” must be a string or a number"), position);

  ctx->feature = feature->id;
  other = GPOINTER_TO_UINT (g_hash_table_lookup (loader->story->ids, feature->id));
  if (other != 0)
    return _sitmap_story_invalid (ctx, _("the id is used twice, by features %u and %u"), other, position);
  return TRUE;
}

static gboolean
read_feature (Loader             *loader,
              JsonNode           *node,
              guint               position,
              SitmapStoryFeature *feature)
{
  static const char * const statuses[] = { "present", "en-route" };
  SitmapStoryCtx *ctx = &loader->ctx;
  g_autofree char *type = NULL;
  g_autofree char *side = NULL;
  JsonObject *object, *properties;
  JsonNode *member, *geometry, *regions;
  int choice;

  ctx->feature = NULL;
  ctx->where = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _sitmap_story_invalid (ctx, _("feature %u is not a JSON object"), position);
  object = json_node_get_object (node);
  if (!read_id (loader, object, position, feature))
    return FALSE;

  if (!read_string (ctx, object, "type", TRUE, MAX_NAME_CHARS, &type))
    return FALSE;
  if (strcmp (type, "Feature") != 0)
    {
      g_autofree char *shown = _sitmap_story_shorten (type, QUOTE_CHARS);

      return _sitmap_story_invalid (ctx, _("“type” must be “Feature”, not “%s”"), shown);
    }

  member = get_member (object, "properties");
  if (member == NULL)
    return _sitmap_story_invalid (ctx, _("“properties” is missing"));
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return _sitmap_story_invalid (ctx, _("“properties” must be an object"));
  properties = json_node_get_object (member);

  if (!read_string (ctx, properties, "name", TRUE, MAX_NAME_CHARS, &feature->name))
    return FALSE;
  choice = read_choice (ctx, properties, "kind", TRUE, _sitmap_story_kind_names, G_N_ELEMENTS (_sitmap_story_kind_names));
  if (choice < 0)
    return FALSE;
  feature->kind = choice;

  if (!read_string (ctx, properties, "label", FALSE, MAX_NAME_CHARS, &feature->label))
    return FALSE;
  if (feature->label == NULL)
    feature->label = g_strdup (feature->name);

  if (!read_dates (ctx, properties, feature))
    return FALSE;

  if (!read_string (ctx, properties, "side", FALSE, MAX_NAME_CHARS, &side))
    return FALSE;
  if (side != NULL)
    feature->side = g_utf8_strdown (side, -1);

  choice = read_choice (ctx, properties, "echelon", FALSE, _sitmap_story_echelons, G_N_ELEMENTS (_sitmap_story_echelons));
  if (choice < 0)
    return FALSE;
  if (choice < (int)G_N_ELEMENTS (_sitmap_story_echelons))
    {
      if (feature->kind != SITMAP_STORY_KIND_FORCE)
        return _sitmap_story_invalid (ctx, _("“echelon” is only for forces (kind “force”)"));
      feature->echelon = g_strdup (_sitmap_story_echelons[choice]);
    }

  choice = read_choice (ctx, properties, "status", FALSE, statuses, G_N_ELEMENTS (statuses));
  if (choice < 0)
    return FALSE;
  if (choice < (int)G_N_ELEMENTS (statuses) && feature->kind != SITMAP_STORY_KIND_FORCE)
    return _sitmap_story_invalid (ctx, _("“status” is only for forces (kind “force”)"));
  feature->status = choice == 1 ? SITMAP_FORCE_STATUS_EN_ROUTE : SITMAP_FORCE_STATUS_PRESENT;

  if (!read_string (ctx, properties, "note", FALSE, MAX_NOTE_CHARS, &feature->note))
    return FALSE;

  feature->figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (feature->figures, _sitmap_story_figure_clear);
  member = get_member (properties, "callout");
  if (member != NULL && !read_callout (ctx, member, feature))
    return FALSE;

  if (!read_excerpts (loader, properties, feature))
    return FALSE;

  if (!json_object_has_member (object, "geometry"))
    return _sitmap_story_invalid (ctx, _("“geometry” is missing (use null for an area given by “regions”)"));
  geometry = get_member (object, "geometry");
  regions = get_member (properties, "regions");
  if (geometry != NULL && regions != NULL)
    return _sitmap_story_invalid (ctx, _("has both a “geometry” and “regions”; give one"));
  if (geometry == NULL && regions == NULL)
    return _sitmap_story_invalid (ctx, _("has no geometry: give a “geometry” or, for an area, “regions”"));

  return geometry != NULL
    ? read_geometry (ctx, geometry, feature)
    : read_regions (ctx, regions, feature);
}

/* ---- The story ---------------------------------------------------------- */

static gboolean
read_format (SitmapStoryCtx        *ctx,
             JsonObject *story)
{
  g_autofree char *format = NULL;
  g_autofree char *shown = NULL;
  const char *version;
  guint64 major;
  char *end;

  if (!read_string (ctx, story, "format", TRUE, MAX_NAME_CHARS, &format))
    return FALSE;

  shown = _sitmap_story_shorten (format, QUOTE_CHARS);
  if (!g_str_has_prefix (format, FORMAT_PREFIX))
    return _sitmap_story_invalid (ctx, _("“format” must be “%s%d”, not “%s”"), FORMAT_PREFIX, FORMAT_MAJOR, shown);

  version = format + strlen (FORMAT_PREFIX);
  if (!g_ascii_isdigit (*version))
    return _sitmap_story_invalid (ctx, _("“format” must be “%s%d”, not “%s”"), FORMAT_PREFIX, FORMAT_MAJOR, shown);
  major = g_ascii_strtoull (version, &end, 10);
  /* Minor versions only add to the format; a reader of 1 can read 1.1. */
  if (*end == '.')
    {
      if (!g_ascii_isdigit (end[1]))
        return _sitmap_story_invalid (ctx, _("“format” must be “%s%d”, not “%s”"), FORMAT_PREFIX, FORMAT_MAJOR, shown);
      g_ascii_strtoull (end + 1, &end, 10);
    }
  if (*end != '\0')
    return _sitmap_story_invalid (ctx, _("“format” must be “%s%d”, not “%s”"), FORMAT_PREFIX, FORMAT_MAJOR, shown);
  if (major != FORMAT_MAJOR)
    return _sitmap_story_invalid (ctx, _("the story is in format %s, which this version of Sitmap cannot read "
                                         "(it reads %s%d)"), shown, FORMAT_PREFIX, FORMAT_MAJOR);
  return TRUE;
}

static gboolean
read_extent (SitmapStoryCtx         *ctx,
             JsonObject  *story,
             SitmapStory *self)
{
  JsonNode *node = get_member (story, "extent");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) != 4)
    return _sitmap_story_invalid (ctx, _("“extent” must be [west, south, east, north] in degrees"));
  array = json_node_get_array (node);
  for (guint i = 0; i < 4; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!is_number (element) || !isfinite (number_value (element)))
        return _sitmap_story_invalid (ctx, _("“extent” must be [west, south, east, north] in degrees"));
      self->extent[i] = number_value (element);
    }

  if (self->extent[0] < -180 || self->extent[0] > 180 || self->extent[2] < -180 || self->extent[2] > 180)
    return _sitmap_story_invalid (ctx, _("“extent”: west and east must be longitudes, from −180 to 180"));
  if (self->extent[1] < -90 || self->extent[1] > 90 || self->extent[3] < -90 || self->extent[3] > 90)
    return _sitmap_story_invalid (ctx, _("“extent”: south and north must be latitudes, from −90 to 90"));
  if (self->extent[1] >= self->extent[3])
    return _sitmap_story_invalid (ctx, _("“extent”: south must be less than north"));
  /* West greater than east is an extent across ±180° (RFC 7946 §5.2). */
  if (self->extent[0] == self->extent[2])
    return _sitmap_story_invalid (ctx, _("“extent”: west and east must differ"));

  self->has_extent = TRUE;
  return TRUE;
}

/* A well-formed BCP 47 tag (RFC 5646 §2.1): a language of two to eight
 * letters, then subtags of one to eight letters or digits. */
static gboolean
is_language_tag (const char *tag)
{
  g_auto(GStrv) subtags = g_strsplit (tag, "-", -1);

  for (guint i = 0; subtags[i]; i++)
    {
      gsize len = strlen (subtags[i]);

      if (len < 1 || len > 8 || (i == 0 && len < 2))
        return FALSE;
      for (gsize c = 0; c < len; c++)
        if (i == 0 ? !g_ascii_isalpha (subtags[i][c]) : !g_ascii_isalnum (subtags[i][c]))
          return FALSE;
    }
  return subtags[0] != NULL;
}

static gboolean
read_story_block (SitmapStoryCtx         *ctx,
                  JsonObject  *story,
                  SitmapStory *self,
                  char       **article_path)
{
  if (!read_format (ctx, story) ||
      !read_string (ctx, story, "title", TRUE, MAX_NAME_CHARS, &self->title) ||
      !read_string (ctx, story, "subtitle", FALSE, MAX_NOTE_CHARS, &self->subtitle) ||
      !read_string (ctx, story, "publication", FALSE, MAX_NAME_CHARS, &self->publication) ||
      !read_string (ctx, story, "byline", FALSE, MAX_NOTE_CHARS, &self->byline) ||
      !read_string (ctx, story, "date", FALSE, MAX_NAME_CHARS, &self->date) ||
      !read_string (ctx, story, "convention", FALSE, MAX_NOTE_CHARS, &self->convention) ||
      !read_string (ctx, story, "credit", FALSE, MAX_NOTE_CHARS, &self->credit) ||
      !read_string (ctx, story, "language", FALSE, MAX_NAME_CHARS, &self->language) ||
      !read_string (ctx, story, "article", TRUE, MAX_NOTE_CHARS, article_path))
    return FALSE;

  if (self->language == NULL)
    self->language = g_strdup ("en");
  else if (!is_language_tag (self->language))
    return _sitmap_story_invalid (ctx, _("“language” must be a BCP 47 language tag, such as “en” or “uk”"));

  if (self->date != NULL && !check_date (ctx, "date", self->date))
    return FALSE;
  if (g_path_is_absolute (*article_path))
    return _sitmap_story_invalid (ctx, _("“article” must be a path relative to the story file"));

  return read_extent (ctx, story, self);
}

/* Reads a whole file of at most max_bytes.  Only regular files: a story
 * naming /dev/zero or a FIFO as its article must not hang the app. */
static gboolean
read_file (SitmapStoryCtx               *ctx,
           const char        *path,
           const char        *what,
           gsize              max_bytes,
           SitmapStoryError   code,
           char             **contents,
           gsize             *length)
{
  g_autoptr(GError) local_error = NULL;
  GStatBuf info;

  if (g_stat (path, &info) != 0)
    {
      int saved_errno = errno;

      return _sitmap_story_ctx_fail (ctx, code, _("cannot read %s: %s"), what, g_strerror (saved_errno));
    }
  if (!S_ISREG (info.st_mode))
    return _sitmap_story_ctx_fail (ctx, code, _("cannot read %s: it is not a regular file"), what);
  if ((guint64)info.st_size > max_bytes)
    return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, _("%s is larger than %zu MiB"),
                     what, max_bytes / (1024 * 1024));

  if (!g_file_get_contents (path, contents, length, &local_error))
    return _sitmap_story_ctx_fail (ctx, code, _("cannot read %s: %s"), what, local_error->message);
  if (*length > max_bytes)
    {
      g_clear_pointer (contents, g_free);
      return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, _("%s is larger than %zu MiB"),
                       what, max_bytes / (1024 * 1024));
    }
  return TRUE;
}

static gboolean
load_article (SitmapStoryCtx         *ctx,
              SitmapStory *self,
              const char  *base_dir,
              const char  *article_path,
              const char  *article_text)
{
  g_autofree char *path = NULL;
  g_autofree char *what = NULL;
  const char *end;
  gsize length;

  if (article_text != NULL)
    {
      what = g_strdup ("the article");
      length = strlen (article_text);
      if (length > MAX_ARTICLE_BYTES)
        return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, _("%s is larger than %d MiB"),
                         what, MAX_ARTICLE_BYTES / (1024 * 1024));
      self->article = g_strndup (article_text, length);
    }
  else if (base_dir != NULL)
    {
      g_autofree char *display = NULL;

      path = g_build_filename (base_dir, article_path, NULL);
      display = g_filename_display_name (path);
      what = g_strdup_printf (_("the article %s"), display);
      if (!read_file (ctx, path, what, MAX_ARTICLE_BYTES, SITMAP_STORY_ERROR_ARTICLE,
                      &self->article, &length))
        return FALSE;
    }
  else
    return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_ARTICLE,
                     _("no article: the story was given without a folder or article text"));

  if (!g_utf8_validate_len (self->article, length, &end))
    {
      g_autofree char *position = sitmap_json_text_position (self->article, end - self->article);

      return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_ARTICLE, _("%s is not UTF-8 text (at %s)"),
                       what, position);
    }
  return TRUE;
}

static SitmapStory *
load_story (const char  *data,
            gsize        length,
            const char  *display_name,
            const char  *path,
            const char  *base_dir,
            const char  *article_text,
            GError     **error)
{
  g_autoptr(SitmapStory) self = g_object_new (SITMAP_TYPE_STORY, NULL);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) guard_error = NULL;
  g_autoptr(GHashTable) found = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *article_path = NULL;
  Loader loader = { { 0 } };
  SitmapStoryCtx *ctx = &loader.ctx;
  JsonObject *root, *story;
  JsonNode *node;
  JsonArray *features;
  const char *end;
  guint n_features;

  self->display_name = _sitmap_story_one_line (display_name);
  self->path = g_strdup (path);
  loader.story = self;
  loader.found = found;
  ctx->file = self->display_name;
  ctx->code = SITMAP_STORY_ERROR_INVALID_STORY;
  ctx->error = error;

  if (length > MAX_STORY_BYTES)
    {
      _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, _("the file is larger than %d MiB"),
                MAX_STORY_BYTES / (1024 * 1024));
      return NULL;
    }

  /* RFC 8259 lets a parser ignore a byte order mark; editors add one. */
  if (length >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      data += 3;
      length -= 3;
    }

  if (!g_utf8_validate_len (data, length, &end))
    {
      g_autofree char *position = sitmap_json_text_position (data, end - data);

      _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_INVALID_JSON,
                              *end == '\0' ? _("the file contains a NUL byte (at %s)")
                                           : _("the file is not UTF-8 text (at %s)"),
                              position);
      return NULL;
    }

  if (!sitmap_json_guard_check (data, length, MAX_DEPTH, MAX_JSON_VALUES, &guard_error))
    {
      _sitmap_story_ctx_fail (ctx, guard_error->code == SITMAP_JSON_GUARD_ERROR_TOO_LARGE
                                     ? SITMAP_STORY_ERROR_TOO_LARGE : SITMAP_STORY_ERROR_INVALID_JSON,
                              "%s", guard_error->message);
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, length, &parse_error))
    {
      json_parser_failed (ctx, parse_error);
      return NULL;
    }

  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _sitmap_story_invalid (ctx, _("not a story: a story is a GeoJSON FeatureCollection"));
      return NULL;
    }
  root = json_node_get_object (node);

  node = get_member (root, "type");
  if (node == NULL || !is_string (node) || strcmp (json_node_get_string (node), "FeatureCollection") != 0)
    {
      _sitmap_story_invalid (ctx, _("not a story: a story is a GeoJSON FeatureCollection (“type” must be "
               "“FeatureCollection”)"));
      return NULL;
    }

  node = get_member (root, "story");
  if (node == NULL)
    {
      _sitmap_story_invalid (ctx, _("not a story: the FeatureCollection has no “story” member"));
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      _sitmap_story_invalid (ctx, _("“story” must be an object"));
      return NULL;
    }
  story = json_node_get_object (node);

  ctx->where = _("“story”");
  if (!read_story_block (ctx, story, self, &article_path))
    return NULL;
  ctx->where = NULL;

  node = get_member (root, "features");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _sitmap_story_invalid (ctx, _("“features” must be an array of GeoJSON features"));
      return NULL;
    }
  features = json_node_get_array (node);
  n_features = json_array_get_length (features);
  if (n_features > MAX_FEATURES)
    {
      g_autofree char *count = sitmap_number_format (n_features);
      g_autofree char *limit = sitmap_number_format (MAX_FEATURES);

      _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE, _("the story has %s features; the limit is %s"),
                count, limit);
      return NULL;
    }

  if (!load_article (ctx, self, base_dir, article_path, article_text))
    return NULL;

  ctx->code = SITMAP_STORY_ERROR_INVALID_FEATURE;
  for (guint i = 0; i < n_features; i++)
    {
      g_auto(SitmapStoryFeature) feature = { 0 };
      const SitmapStoryFeature *stored;

      if (!read_feature (&loader, json_array_get_element (features, i), i + 1, &feature))
        return NULL;
      g_array_append_val (self->features, feature);
      feature = (SitmapStoryFeature) { 0 };
      stored = &g_array_index (self->features, SitmapStoryFeature, i);
      g_hash_table_insert (self->ids, stored->id, GUINT_TO_POINTER (i + 1));
    }

  return g_steal_pointer (&self);
}

SitmapStory *
sitmap_story_load_file (const char  *path,
                        GError     **error)
{
  g_autofree char *display_name = NULL;
  g_autofree char *base_dir = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  SitmapStoryCtx ctx = { 0 };

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_filename_display_name (path);
  ctx.file = display_name;
  ctx.error = error;
  if (!read_file (&ctx, path, _("the file"), MAX_STORY_BYTES, SITMAP_STORY_ERROR_NOT_FOUND,
                  &contents, &length))
    return NULL;

  base_dir = g_path_get_dirname (path);
  return load_story (contents, length, display_name, path, base_dir, NULL, error);
}

SitmapStory *
sitmap_story_load_data (const char  *data,
                        gsize        length,
                        const char  *display_name,
                        const char  *base_dir,
                        const char  *article_text,
                        GError     **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_story (data ? data : "", length, display_name ? display_name : "story",
                     NULL, base_dir, article_text, error);
}
