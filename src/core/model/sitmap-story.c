/* sitmap-story.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "sitmap-number.h"
#include "sitmap-story-private.h"

G_DEFINE_QUARK (sitmap-story-error-quark, sitmap_story_error)

const char * const _sitmap_story_kind_names[SITMAP_STORY_KIND_BORDER + 1] = {
  [SITMAP_STORY_KIND_CAPITAL] = "capital",
  [SITMAP_STORY_KIND_CITY] = "city",
  [SITMAP_STORY_KIND_VENUE] = "venue",
  [SITMAP_STORY_KIND_FORCE] = "force",
  [SITMAP_STORY_KIND_EVENT] = "event",
  [SITMAP_STORY_KIND_AREA] = "area",
  [SITMAP_STORY_KIND_OCCUPIED] = "occupied",
  [SITMAP_STORY_KIND_MOVEMENT] = "movement",
  [SITMAP_STORY_KIND_BORDER] = "border",
};

const char * const _sitmap_story_echelons[12] = {
  "team", "squad", "section", "platoon", "company", "battalion", "regiment",
  "brigade", "division", "corps", "army", "army-group",
};

const char * const _sitmap_story_qualifiers[8] = {
  "exactly", "about", "roughly", "more than", "fewer than", "at least",
  "up to", "another",
};


G_DEFINE_FINAL_TYPE (SitmapStory, sitmap_story, G_TYPE_OBJECT)

void
_sitmap_story_figure_clear (gpointer data)
{
  SitmapFigure *figure = data;

  g_clear_pointer (&figure->unit, g_free);
  g_clear_pointer (&figure->qualifier, g_free);
  g_clear_pointer (&figure->note, g_free);
  g_clear_pointer (&figure->source, g_free);
}

void
_sitmap_story_feature_clear (gpointer data)
{
  SitmapStoryFeature *feature = data;

  g_clear_pointer (&feature->id, g_free);
  g_clear_pointer (&feature->name, g_free);
  g_clear_pointer (&feature->label, g_free);
  g_clear_pointer (&feature->side, g_free);
  g_clear_pointer (&feature->echelon, g_free);
  g_clear_pointer (&feature->dates, g_strfreev);
  g_clear_pointer (&feature->note, g_free);
  g_clear_pointer (&feature->callout_title, g_free);
  g_clear_pointer (&feature->figures, g_array_unref);
  g_clear_pointer (&feature->excerpts, g_strfreev);
  g_clear_pointer (&feature->excerpt_ranges, g_array_unref);
  g_clear_pointer (&feature->part_start, g_free);
  g_clear_pointer (&feature->lonlat, g_free);
  g_clear_pointer (&feature->regions_layer, g_free);
  g_clear_pointer (&feature->regions_field, g_free);
  g_clear_pointer (&feature->regions_values, g_strfreev);
}


static void
sitmap_story_finalize (GObject *object)
{
  SitmapStory *self = (SitmapStory *)object;

  g_clear_pointer (&self->ids, g_hash_table_unref);
  g_clear_pointer (&self->features, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->publication, g_free);
  g_clear_pointer (&self->byline, g_free);
  g_clear_pointer (&self->date, g_free);
  g_clear_pointer (&self->convention, g_free);
  g_clear_pointer (&self->credit, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->article, g_free);

  G_OBJECT_CLASS (sitmap_story_parent_class)->finalize (object);
}

static void
sitmap_story_class_init (SitmapStoryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_story_finalize;
}

static void
sitmap_story_init (SitmapStory *self)
{
  self->features = g_array_new (FALSE, TRUE, sizeof (SitmapStoryFeature));
  g_array_set_clear_func (self->features, _sitmap_story_feature_clear);
  self->ids = g_hash_table_new (g_str_hash, g_str_equal);
}

/* ---- Messages ----------------------------------------------------------- */

/* Error messages are one line whatever the file holds: ids, excerpts and
 * file names may contain line breaks. */
char *
_sitmap_story_one_line (const char *text)
{
  /* json-glib quotes the input in its messages and may cut it inside a
   * character: walking invalid UTF-8 by lead bytes could step past the
   * end. */
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *out = g_string_sized_new (strlen (valid));

  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Text for the map and the sidebar is one line of printable characters:
 * line and paragraph breaks and tabs become spaces, other control
 * characters (C0, DEL, C1) go.  Markup and right-to-left text stay as they
 * are; they are shown literally. */
char *
_sitmap_story_clean_display_text (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029)
        g_string_append_c (out, ' ');
      else if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        continue;
      else
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The start of a long text for a message, with "…" when it was cut. */
char *
_sitmap_story_shorten (const char *text,
                       glong       max_chars)
{
  const char *end;

  if (g_utf8_strlen (text, -1) <= max_chars)
    return g_strdup (text);
  end = g_utf8_offset_to_pointer (text, max_chars);
  while (end > text && g_ascii_isspace (end[-1]))
    end--;
  return g_strdup_printf ("%.*s…", (int)(end - text), text);
}


static gboolean
_sitmap_story_ctx_failv (SitmapStoryCtx              *ctx,
                         SitmapStoryError  code,
                         const char       *format,
                         va_list           args) G_GNUC_PRINTF (3, 0);

static gboolean
_sitmap_story_ctx_failv (SitmapStoryCtx              *ctx,
                         SitmapStoryError  code,
                         const char       *format,
                         va_list           args)
{
  g_autoptr(GString) message = g_string_new (ctx->file);
  g_autofree char *problem = g_strdup_vprintf (format, args);
  g_autofree char *flat = NULL;

  g_string_append (message, ": ");
  if (ctx->feature != NULL)
    {
      g_autofree char *id = _sitmap_story_shorten (ctx->feature, QUOTE_CHARS);

      g_string_append_printf (message, _("feature “%s”: "), id);
    }
  if (ctx->where != NULL)
    g_string_append_printf (message, "%s: ", ctx->where);
  g_string_append (message, problem);

  flat = _sitmap_story_one_line (message->str);
  g_set_error_literal (ctx->error, SITMAP_STORY_ERROR, code, flat);
  return FALSE;
}

gboolean
_sitmap_story_ctx_fail (SitmapStoryCtx              *ctx,
                        SitmapStoryError  code,
                        const char       *format,
                        ...)
{
  va_list args;

  va_start (args, format);
  _sitmap_story_ctx_failv (ctx, code, format, args);
  va_end (args);
  return FALSE;
}

gboolean
_sitmap_story_invalid (SitmapStoryCtx        *ctx,
                       const char *format,
                       ...)
{
  va_list args;

  va_start (args, format);
  _sitmap_story_ctx_failv (ctx, ctx->code, format, args);
  va_end (args);
  return FALSE;
}

gboolean
_sitmap_story_too_long (SitmapStoryCtx        *ctx,
                        const char *what,
                        guint       max_chars)
{
  g_autofree char *limit = sitmap_number_format (max_chars);

  return _sitmap_story_ctx_fail (ctx, SITMAP_STORY_ERROR_TOO_LARGE,
                   _("%s is longer than %s characters"), what, limit);
}


gboolean
_sitmap_story_is_iso_date (const char *text,
                           gboolean   *real)
{
  guint year, month, day;

  *real = FALSE;
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = g_ascii_strtoull (text, NULL, 10);
  month = g_ascii_strtoull (text + 5, NULL, 10);
  day = g_ascii_strtoull (text + 8, NULL, 10);
  *real = g_date_valid_dmy (day, month, year);
  return TRUE;
}


const char *
sitmap_story_get_path (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->path;
}

const char *
sitmap_story_get_title (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->title;
}

const char *
sitmap_story_get_subtitle (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->subtitle;
}

const char *
sitmap_story_get_publication (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->publication;
}

const char *
sitmap_story_get_byline (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->byline;
}

const char *
sitmap_story_get_date (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->date;
}

const char *
sitmap_story_get_convention (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->convention;
}

const char *
sitmap_story_get_credit (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->credit;
}

/* The language of the map's text (a BCP 47 tag, "en" unless the story
 * says otherwise), which is not the desktop's. */
const char *
sitmap_story_get_language (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->language;
}

const char *
sitmap_story_get_article (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  return self->article;
}

gboolean
sitmap_story_get_extent (SitmapStory *self,
                         double       extent[4])
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (extent != NULL, FALSE);

  if (!self->has_extent)
    return FALSE;
  memcpy (extent, self->extent, sizeof self->extent);
  return TRUE;
}

guint
sitmap_story_get_n_features (SitmapStory *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), 0);
  return self->features->len;
}

const SitmapStoryFeature *
sitmap_story_get_feature (SitmapStory *self,
                          guint        index)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);
  g_return_val_if_fail (index < self->features->len, NULL);
  return &g_array_index (self->features, SitmapStoryFeature, index);
}

int
sitmap_story_find_feature (SitmapStory *self,
                           const char  *id)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), -1);
  g_return_val_if_fail (id != NULL, -1);

  return (int)GPOINTER_TO_UINT (g_hash_table_lookup (self->ids, id)) - 1;
}

/* ---- Editing -------------------------------------------------------------
 *
 * The map (sitmap_map_*_feature) calls these and tells its listeners;
 * each checks what the reader would and leaves the feature as it was on
 * failure. */

static gboolean
feature_error (SitmapStory  *self,
               guint         index,
               GError      **error,
               const char   *format,
               ...) G_GNUC_PRINTF (4, 5);

static gboolean
feature_error (SitmapStory  *self,
               guint         index,
               GError      **error,
               const char   *format,
               ...)
{
  const SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, index);
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
               _("feature “%s”: %s"), feature->id, message);
  return FALSE;
}

static void
replace_string (char       **field,
                const char  *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

static void
reindex (SitmapStory *self)
{
  g_hash_table_remove_all (self->ids);
  for (guint i = 0; i < self->features->len; i++)
    g_hash_table_insert (self->ids, g_array_index (self->features, SitmapStoryFeature, i).id,
                         GUINT_TO_POINTER (i + 1));
}

int
sitmap_story_add_feature (SitmapStory         *self,
                          const char          *id,
                          const char          *name,
                          SitmapStoryKind      kind,
                          SitmapGeometryKind   geometry_kind,
                          const double        *lonlat,
                          guint                n_positions,
                          GError             **error)
{
  SitmapStoryFeature feature = { 0 };
  guint n_parts;

  g_return_val_if_fail (SITMAP_IS_STORY (self), -1);
  g_return_val_if_fail (id != NULL && name != NULL, -1);
  g_return_val_if_fail (kind <= SITMAP_STORY_KIND_BORDER, -1);
  g_return_val_if_fail (lonlat != NULL || n_positions == 0, -1);

  if (g_hash_table_contains (self->ids, id))
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   _(_("a feature with the id “%s” is already in the story")), id);
      return -1;
    }
  if (n_positions == 0 ||
      (geometry_kind == SITMAP_GEOMETRY_LINES && n_positions < 2) ||
      (geometry_kind == SITMAP_GEOMETRY_POLYGONS && n_positions < 4))
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   _("feature “%s”: too few positions (%u) for its geometry"), id, n_positions);
      return -1;
    }
  for (guint i = 0; i < n_positions; i++)
    if (!isfinite (lonlat[2 * i]) || !isfinite (lonlat[2 * i + 1]) ||
        fabs (lonlat[2 * i]) > 180 || fabs (lonlat[2 * i + 1]) > 90)
      {
        g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                     _("feature “%s”: position %u is not a longitude and latitude"), id, i + 1);
        return -1;
      }

  /* Several points are several markers, one part each. */
  n_parts = geometry_kind == SITMAP_GEOMETRY_POINTS ? n_positions : 1;
  feature.id = g_strdup (id);
  feature.name = g_strdup (name);
  feature.label = g_strdup (name);
  feature.kind = kind;
  feature.dates = g_new0 (char *, 1);
  feature.figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (feature.figures, _sitmap_story_figure_clear);
  feature.excerpts = g_new0 (char *, 1);
  feature.excerpt_ranges = g_array_new (FALSE, FALSE, sizeof (SitmapTextRange));
  feature.geometry_kind = geometry_kind;
  feature.n_parts = n_parts;
  feature.part_start = g_new (guint, n_parts + 1);
  for (guint p = 0; p < n_parts; p++)
    feature.part_start[p] = p;
  feature.part_start[n_parts] = n_positions;
  feature.lonlat = g_memdup2 (lonlat, 2 * n_positions * sizeof (double));
  _sitmap_story_feature_update_anchor (&feature);

  g_array_append_val (self->features, feature);
  reindex (self);
  return self->features->len - 1;
}

gboolean
sitmap_story_remove_feature (SitmapStory  *self,
                             guint         index)
{
  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);

  g_array_remove_index (self->features, index);
  reindex (self);
  return TRUE;
}

/* ---- Whole features, for undoing edits ---------------------------------- */

SitmapStoryFeature *
sitmap_story_feature_copy (const SitmapStoryFeature *feature)
{
  SitmapStoryFeature *copy;
  guint n_positions;

  g_return_val_if_fail (feature != NULL, NULL);

  copy = g_new0 (SitmapStoryFeature, 1);
  *copy = *feature;
  copy->id = g_strdup (feature->id);
  copy->name = g_strdup (feature->name);
  copy->label = g_strdup (feature->label);
  copy->side = g_strdup (feature->side);
  copy->echelon = g_strdup (feature->echelon);
  copy->dates = g_strdupv (feature->dates);
  copy->note = g_strdup (feature->note);
  copy->callout_title = g_strdup (feature->callout_title);
  copy->figures = g_array_new (FALSE, TRUE, sizeof (SitmapFigure));
  g_array_set_clear_func (copy->figures, _sitmap_story_figure_clear);
  for (guint i = 0; i < feature->figures->len; i++)
    {
      SitmapFigure figure = g_array_index (feature->figures, SitmapFigure, i);

      figure.unit = g_strdup (figure.unit);
      figure.qualifier = g_strdup (figure.qualifier);
      figure.note = g_strdup (figure.note);
      figure.source = g_strdup (figure.source);
      g_array_append_val (copy->figures, figure);
    }
  copy->excerpts = g_strdupv (feature->excerpts);
  copy->excerpt_ranges = g_array_copy (feature->excerpt_ranges);
  n_positions = feature->part_start ? feature->part_start[feature->n_parts] : 0;
  copy->part_start = feature->part_start
    ? g_memdup2 (feature->part_start, (feature->n_parts + 1) * sizeof (guint)) : NULL;
  copy->lonlat = g_memdup2 (feature->lonlat, 2 * n_positions * sizeof (double));
  copy->regions_layer = g_strdup (feature->regions_layer);
  copy->regions_field = g_strdup (feature->regions_field);
  copy->regions_values = g_strdupv (feature->regions_values);
  return copy;
}

SitmapStory *
sitmap_story_copy (SitmapStory *self)
{
  SitmapStory *copy;

  g_return_val_if_fail (SITMAP_IS_STORY (self), NULL);

  copy = g_object_new (SITMAP_TYPE_STORY, NULL);
  copy->path = g_strdup (self->path);
  copy->display_name = g_strdup (self->display_name);
  copy->title = g_strdup (self->title);
  copy->subtitle = g_strdup (self->subtitle);
  copy->publication = g_strdup (self->publication);
  copy->byline = g_strdup (self->byline);
  copy->date = g_strdup (self->date);
  copy->convention = g_strdup (self->convention);
  copy->credit = g_strdup (self->credit);
  copy->language = g_strdup (self->language);
  copy->article = g_strdup (self->article);
  copy->has_extent = self->has_extent;
  memcpy (copy->extent, self->extent, sizeof copy->extent);
  for (guint i = 0; i < self->features->len; i++)
    {
      SitmapStoryFeature *feature = sitmap_story_feature_copy (&g_array_index (self->features, SitmapStoryFeature, i));

      g_array_append_vals (copy->features, feature, 1);
      g_free (feature);
    }
  reindex (copy);
  return copy;
}

void
sitmap_story_feature_free (SitmapStoryFeature *feature)
{
  if (feature == NULL)
    return;
  _sitmap_story_feature_clear (feature);
  g_free (feature);
}

static gboolean
strv_equal0 (const char * const *a,
             const char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal (a, b);
}

gboolean
sitmap_story_feature_equal (const SitmapStoryFeature *a,
                            const SitmapStoryFeature *b)
{
  guint n_positions;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (g_strcmp0 (a->id, b->id) || g_strcmp0 (a->name, b->name) || g_strcmp0 (a->label, b->label) ||
      a->kind != b->kind || g_strcmp0 (a->side, b->side) || g_strcmp0 (a->echelon, b->echelon) ||
      a->status != b->status || !strv_equal0 ((const char * const *)a->dates, (const char * const *)b->dates) ||
      g_strcmp0 (a->note, b->note) || g_strcmp0 (a->callout_title, b->callout_title) ||
      a->callout_pinned != b->callout_pinned ||
      (a->callout_pinned && (a->callout_pin_lon != b->callout_pin_lon || a->callout_pin_lat != b->callout_pin_lat)) ||
      a->figures->len != b->figures->len ||
      !strv_equal0 ((const char * const *)a->excerpts, (const char * const *)b->excerpts) ||
      a->excerpt_ranges->len != b->excerpt_ranges->len ||
      a->geometry_kind != b->geometry_kind || a->n_parts != b->n_parts ||
      g_strcmp0 (a->regions_layer, b->regions_layer) || g_strcmp0 (a->regions_field, b->regions_field) ||
      !strv_equal0 ((const char * const *)a->regions_values, (const char * const *)b->regions_values) ||
      a->anchor_lon != b->anchor_lon || a->anchor_lat != b->anchor_lat)
    return FALSE;
  for (guint i = 0; i < a->figures->len; i++)
    {
      const SitmapFigure *fa = &g_array_index (a->figures, SitmapFigure, i);
      const SitmapFigure *fb = &g_array_index (b->figures, SitmapFigure, i);

      if (fa->is_range != fb->is_range || fa->value != fb->value || fa->low != fb->low ||
          fa->high != fb->high || g_strcmp0 (fa->unit, fb->unit) ||
          g_strcmp0 (fa->qualifier, fb->qualifier) || g_strcmp0 (fa->note, fb->note) ||
          g_strcmp0 (fa->source, fb->source))
        return FALSE;
    }
  if (a->excerpt_ranges->len &&
      memcmp (a->excerpt_ranges->data, b->excerpt_ranges->data,
              a->excerpt_ranges->len * sizeof (SitmapTextRange)) != 0)
    return FALSE;
  if ((a->part_start == NULL) != (b->part_start == NULL))
    return FALSE;
  if (a->part_start == NULL)
    return TRUE;
  if (memcmp (a->part_start, b->part_start, (a->n_parts + 1) * sizeof (guint)) != 0)
    return FALSE;
  n_positions = a->part_start[a->n_parts];
  return n_positions == 0 || memcmp (a->lonlat, b->lonlat, 2 * n_positions * sizeof (double)) == 0;
}

/* Whether feature may stand at index: its id is free, or is the one of
 * the feature it replaces. */
static gboolean
check_whole_feature (SitmapStory               *self,
                     const SitmapStoryFeature  *feature,
                     int                        replaced,
                     GError                   **error)
{
  gpointer found = g_hash_table_lookup (self->ids, feature->id);

  if (found != NULL && GPOINTER_TO_INT (found) - 1 != replaced)
    {
      g_set_error (error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                   _("a feature with the id “%s” is already in the story"), feature->id);
      return FALSE;
    }
  return TRUE;
}

gboolean
sitmap_story_insert_feature (SitmapStory               *self,
                             guint                      index,
                             const SitmapStoryFeature  *feature,
                             GError                   **error)
{
  SitmapStoryFeature *copy;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index <= self->features->len, FALSE);
  g_return_val_if_fail (feature != NULL && feature->id != NULL, FALSE);

  if (!check_whole_feature (self, feature, -1, error))
    return FALSE;
  copy = sitmap_story_feature_copy (feature);
  g_array_insert_vals (self->features, index, copy, 1);
  g_free (copy);
  reindex (self);
  return TRUE;
}

gboolean
sitmap_story_replace_feature (SitmapStory               *self,
                              guint                      index,
                              const SitmapStoryFeature  *feature,
                              GError                   **error)
{
  SitmapStoryFeature *slot;
  SitmapStoryFeature *copy;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (feature != NULL && feature->id != NULL, FALSE);

  if (!check_whole_feature (self, feature, index, error))
    return FALSE;
  copy = sitmap_story_feature_copy (feature);
  slot = &g_array_index (self->features, SitmapStoryFeature, index);
  _sitmap_story_feature_clear (slot);
  *slot = *copy;
  g_free (copy);
  reindex (self);
  return TRUE;
}

gboolean
sitmap_story_set_feature_positions (SitmapStory   *self,
                                    guint          index,
                                    const double  *lonlat,
                                    guint          n_positions,
                                    GError       **error)
{
  SitmapStoryFeature *feature;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (lonlat != NULL, FALSE);

  feature = &g_array_index (self->features, SitmapStoryFeature, index);
  if (feature->n_parts == 0 || n_positions != feature->part_start[feature->n_parts])
    return feature_error (self, index, error, "has %u positions, not %u",
                          feature->n_parts ? feature->part_start[feature->n_parts] : 0, n_positions);
  for (guint i = 0; i < n_positions; i++)
    if (!isfinite (lonlat[2 * i]) || !isfinite (lonlat[2 * i + 1]) ||
        fabs (lonlat[2 * i]) > 180 || fabs (lonlat[2 * i + 1]) > 90)
      return feature_error (self, index, error, "position %u is not a longitude and latitude", i + 1);

  memcpy (feature->lonlat, lonlat, 2 * n_positions * sizeof (double));
  /* Moved, an area is its own outline now, no longer the regions named. */
  g_clear_pointer (&feature->regions_layer, g_free);
  _sitmap_story_feature_update_anchor (feature);
  return TRUE;
}

static gboolean
set_text (SitmapStory  *self,
          guint         index,
          const char   *name,
          const char   *value,
          gboolean      required,
          guint         max_chars,
          char        **field,
          GError      **error)
{
  if (value == NULL || *value == '\0')
    {
      if (required)
        return feature_error (self, index, error, "“%s” cannot be empty", name);
      g_clear_pointer (field, g_free);
      return TRUE;
    }
  if (!g_utf8_validate (value, -1, NULL))
    return feature_error (self, index, error, "“%s” is not UTF-8 text", name);
  if (g_utf8_strlen (value, -1) > max_chars)
    return feature_error (self, index, error, "“%s” is longer than %u characters", name, max_chars);
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

static int
find_choice (const char * const *choices,
             guint               n_choices,
             const char         *value)
{
  for (guint i = 0; i < n_choices; i++)
    if (g_strcmp0 (choices[i], value) == 0)
      return i;
  return -1;
}

gboolean
sitmap_story_set_feature_property (SitmapStory  *self,
                                   guint         index,
                                   const char   *name,
                                   const char   *value,
                                   GError      **error)
{
  SitmapStoryFeature *feature;

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (index < self->features->len, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  feature = &g_array_index (self->features, SitmapStoryFeature, index);

  if (strcmp (name, "name") == 0)
    {
      gboolean label_follows = g_strcmp0 (feature->label, feature->name) == 0;

      if (!set_text (self, index, name, value, TRUE, MAX_NAME_CHARS, &feature->name, error))
        return FALSE;
      if (label_follows)
        replace_string (&feature->label, feature->name);
      return TRUE;
    }
  if (strcmp (name, "label") == 0)
    {
      if (!set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->label, error))
        return FALSE;
      if (feature->label == NULL)
        feature->label = g_strdup (feature->name);
      return TRUE;
    }
  if (strcmp (name, "note") == 0)
    return set_text (self, index, name, value, FALSE, MAX_NOTE_CHARS, &feature->note, error);
  if (strcmp (name, "callout-title") == 0)
    return set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->callout_title, error);
  if (strcmp (name, "side") == 0)
    {
      if (!set_text (self, index, name, value, FALSE, MAX_NAME_CHARS, &feature->side, error))
        return FALSE;
      if (feature->side)
        {
          char *lower = g_utf8_strdown (feature->side, -1);

          g_free (feature->side);
          feature->side = lower;
        }
      return TRUE;
    }
  if (strcmp (name, "kind") == 0)
    {
      int kind = find_choice (_sitmap_story_kind_names, G_N_ELEMENTS (_sitmap_story_kind_names), value);

      if (kind < 0)
        return feature_error (self, index, error, "“kind” “%s” is none of the kinds", value ? value : "");
      if (kind != SITMAP_STORY_KIND_FORCE && feature->echelon)
        return feature_error (self, index, error, "“echelon” is only for forces (kind “force”)");
      feature->kind = kind;
      return TRUE;
    }
  if (strcmp (name, "echelon") == 0)
    {
      int echelon;

      if (value == NULL)
        {
          g_clear_pointer (&feature->echelon, g_free);
          return TRUE;
        }
      echelon = find_choice (_sitmap_story_echelons, G_N_ELEMENTS (_sitmap_story_echelons), value);
      if (echelon < 0)
        return feature_error (self, index, error, "“echelon” “%s” is none of the _sitmap_story_echelons", value);
      if (feature->kind != SITMAP_STORY_KIND_FORCE)
        return feature_error (self, index, error, "“echelon” is only for forces (kind “force”)");
      replace_string (&feature->echelon, _sitmap_story_echelons[echelon]);
      return TRUE;
    }
  if (strcmp (name, "status") == 0)
    {
      if (value != NULL && strcmp (value, "present") != 0 && strcmp (value, "en-route") != 0)
        return feature_error (self, index, error, "“status” must be “present” or “en-route”");
      if (value != NULL && feature->kind != SITMAP_STORY_KIND_FORCE)
        return feature_error (self, index, error, "“status” is only for forces (kind “force”)");
      feature->status = g_strcmp0 (value, "en-route") == 0
        ? SITMAP_FORCE_STATUS_EN_ROUTE : SITMAP_FORCE_STATUS_PRESENT;
      return TRUE;
    }
  if (strcmp (name, "callout-pin") == 0)
    {
      double lon, lat;
      char *end;

      if (value == NULL)
        {
          feature->callout_pinned = FALSE;
          return TRUE;
        }
      lon = g_ascii_strtod (value, &end);
      if (*end != ',' || !isfinite (lon) || fabs (lon) > 180)
        return feature_error (self, index, error, "“callout-pin” must be a longitude and latitude");
      lat = g_ascii_strtod (end + 1, &end);
      if (*end != '\0' || !isfinite (lat) || fabs (lat) > 90)
        return feature_error (self, index, error, "“callout-pin” must be a longitude and latitude");
      if (feature->figures->len == 0)
        return feature_error (self, index, error, "“callout-pin”: the feature has no callout");
      feature->callout_pinned = TRUE;
      feature->callout_pin_lon = lon;
      feature->callout_pin_lat = lat;
      return TRUE;
    }
  if (strcmp (name, "dates") == 0)
    {
      g_auto(GStrv) dates = value && *value ? g_strsplit (value, ",", -1) : g_new0 (char *, 1);

      for (guint i = 0; dates[i]; i++)
        {
          gboolean real;

          g_strstrip (dates[i]);
          if (!_sitmap_story_is_iso_date (dates[i], &real) || !real)
            return feature_error (self, index, error, "“dates”: “%s” is not a real date like 2022-01-14",
                                  dates[i]);
        }
      g_strfreev (feature->dates);
      feature->dates = g_steal_pointer (&dates);
      return TRUE;
    }

  return feature_error (self, index, error, "“%s” is not a property that can be set", name);
}

/* ---- Areas by reference ------------------------------------------------- */

typedef struct
{
  guint   index;
  GArray *part_start;  /* guint */
  GArray *lonlat;      /* double */
} Resolved;

static void
resolved_free (gpointer data)
{
  Resolved *resolved = data;

  g_array_unref (resolved->part_start);
  g_array_unref (resolved->lonlat);
  g_free (resolved);
}

static const char *
layer_attribute (const SitmapFeature *feature,
                 guint                field)
{
  for (guint i = 0; i < field; i++)
    if (feature->attributes[i] == NULL)
      return NULL;
  return feature->attributes[field];
}

static gboolean
collect_regions (SitmapStoryCtx                      *ctx,
                 const SitmapStoryFeature *feature,
                 const char               *layer_name,
                 SitmapLayer              *layer,
                 Resolved                 *resolved)
{
  g_autofree char *layer_shown = _sitmap_story_shorten (layer_name, QUOTE_CHARS);
  g_autofree char *field_shown = _sitmap_story_shorten (feature->regions_field, QUOTE_CHARS);
  int field = sitmap_layer_find_field (layer, feature->regions_field);

  if (field < 0)
    return _sitmap_story_invalid (ctx, _("layer %s has no field “%s”"), layer_shown, field_shown);
  if (sitmap_layer_get_kind (layer) != SITMAP_GEOMETRY_POLYGONS)
    return _sitmap_story_invalid (ctx, _("layer %s holds no areas"), layer_shown);

  for (guint v = 0; feature->regions_values[v] != NULL; v++)
    {
      const char *value = feature->regions_values[v];
      gboolean matched = FALSE;

      /* A region named twice would cancel itself out when filled. */
      if (g_strv_contains ((const char * const *)feature->regions_values + v + 1, value))
        continue;

      for (guint k = 0; k < sitmap_layer_get_n_features (layer); k++)
        {
          const SitmapFeature *region = sitmap_layer_get_feature (layer, k);
          const char *attribute = layer_attribute (region, field);
          guint offset = resolved->lonlat->len / 2;

          if (attribute == NULL || strcmp (attribute, value) != 0)
            continue;
          matched = TRUE;
          for (guint p = 1; p <= region->n_parts; p++)
            {
              guint next = offset + region->part_start[p];

              g_array_append_val (resolved->part_start, next);
            }
          g_array_append_vals (resolved->lonlat, region->lonlat, 2 * region->part_start[region->n_parts]);
        }

      if (!matched)
        {
          g_autofree char *shown = _sitmap_story_shorten (value, QUOTE_CHARS);

          return _sitmap_story_invalid (ctx, _("region %s not found in layer %s"), shown, layer_shown);
        }
    }

  if (resolved->part_start->len == 1)
    return _sitmap_story_invalid (ctx, _("the regions in layer %s have no outline"), layer_shown);
  return TRUE;
}

gboolean
sitmap_story_resolve_regions (SitmapStory  *self,
                              const char   *layer_name,
                              SitmapLayer  *layer,
                              GError      **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  SitmapStoryCtx ctx = { 0 };

  g_return_val_if_fail (SITMAP_IS_STORY (self), FALSE);
  g_return_val_if_fail (layer_name != NULL, FALSE);
  g_return_val_if_fail (SITMAP_IS_LAYER (layer), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ctx.file = self->display_name;
  ctx.code = SITMAP_STORY_ERROR_INVALID_FEATURE;
  ctx.error = error;
  pending = g_ptr_array_new_with_free_func (resolved_free);

  /* Everything is collected before anything changes, so a failure leaves
   * the story as it was. */
  for (guint i = 0; i < self->features->len; i++)
    {
      const SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, i);
      Resolved *resolved;
      guint zero = 0;

      if (feature->regions_layer == NULL || strcmp (feature->regions_layer, layer_name) != 0)
        continue;

      resolved = g_new0 (Resolved, 1);
      resolved->index = i;
      resolved->part_start = g_array_new (FALSE, FALSE, sizeof (guint));
      resolved->lonlat = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_val (resolved->part_start, zero);
      g_ptr_array_add (pending, resolved);

      ctx.feature = feature->id;
      if (!collect_regions (&ctx, feature, layer_name, layer, resolved))
        return FALSE;
    }

  for (guint i = 0; i < pending->len; i++)
    {
      Resolved *resolved = g_ptr_array_index (pending, i);
      SitmapStoryFeature *feature = &g_array_index (self->features, SitmapStoryFeature, resolved->index);

      g_free (feature->part_start);
      g_free (feature->lonlat);
      feature->geometry_kind = SITMAP_GEOMETRY_POLYGONS;
      feature->n_parts = resolved->part_start->len - 1;
      feature->part_start = g_array_steal (resolved->part_start, NULL);
      feature->lonlat = g_array_steal (resolved->lonlat, NULL);
      _sitmap_story_feature_update_anchor (feature);
    }

  return TRUE;
}

/* ---- Names and figures -------------------------------------------------- */

const char *
sitmap_story_kind_to_string (SitmapStoryKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (_sitmap_story_kind_names), NULL);
  return _sitmap_story_kind_names[kind];
}

char *
sitmap_figure_format (const SitmapFigure *figure)
{
  GString *out;

  g_return_val_if_fail (figure != NULL, NULL);

  out = g_string_new (NULL);
  if (figure->qualifier != NULL && *figure->qualifier != '\0')
    g_string_append_printf (out, "%s ", figure->qualifier);
  if (figure->is_range)
    {
      sitmap_number_append (out, figure->low);
      g_string_append (out, "–");
      sitmap_number_append (out, figure->high);
    }
  else
    sitmap_number_append (out, figure->value);
  if (figure->unit != NULL && *figure->unit != '\0')
    g_string_append_printf (out, " %s", figure->unit);

  return g_string_free (out, FALSE);
}
