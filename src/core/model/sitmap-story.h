/* sitmap-story.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-layer.h"

G_BEGIN_DECLS

#define SITMAP_STORY_ERROR (sitmap_story_error_quark ())

typedef enum
{
  SITMAP_STORY_ERROR_NOT_FOUND,
  SITMAP_STORY_ERROR_INVALID_JSON,
  SITMAP_STORY_ERROR_INVALID_STORY,     /* the "story" member or the collection */
  SITMAP_STORY_ERROR_INVALID_FEATURE,   /* a feature's geometry or properties */
  SITMAP_STORY_ERROR_EXCERPT_NOT_FOUND,
  SITMAP_STORY_ERROR_ARTICLE,           /* the article text cannot be read */
  SITMAP_STORY_ERROR_TOO_LARGE,
} SitmapStoryError;

GQuark sitmap_story_error_quark (void);

typedef enum
{
  SITMAP_STORY_KIND_CAPITAL,
  SITMAP_STORY_KIND_CITY,
  SITMAP_STORY_KIND_VENUE,
  SITMAP_STORY_KIND_FORCE,
  SITMAP_STORY_KIND_EVENT,
  SITMAP_STORY_KIND_AREA,
  SITMAP_STORY_KIND_OCCUPIED,
  SITMAP_STORY_KIND_MOVEMENT,
  SITMAP_STORY_KIND_BORDER,
} SitmapStoryKind;

typedef enum
{
  SITMAP_FORCE_STATUS_PRESENT,
  SITMAP_FORCE_STATUS_EN_ROUTE,
} SitmapForceStatus;

/* One number the article gives, as it gives it: "more than 100,000
 * troops", "another five to 10 battalion tactical groups". */
typedef struct
{
  gboolean  is_range;
  double    value;          /* when !is_range */
  double    low, high;      /* when is_range */
  char     *unit;           /* never NULL */
  char     *qualifier;      /* "more than", "about", … or NULL */
  char     *note;           /* or NULL */
  char     *source;         /* who says so, or NULL */
} SitmapFigure;

/* A byte range of the article text. */
typedef struct
{
  gsize start;
  gsize end;
} SitmapTextRange;

typedef struct
{
  char              *id;
  char              *name;
  char              *label;         /* never NULL: falls back to name */
  SitmapStoryKind    kind;
  char              *side;          /* lower-case ("russia", "nato") or NULL */
  char              *echelon;       /* forces: "battalion", … or NULL */
  SitmapForceStatus  status;
  GStrv              dates;         /* ISO dates, never NULL (may be empty) */
  char              *note;          /* or NULL */

  char              *callout_title; /* or NULL */
  GArray            *figures;       /* SitmapFigure; empty when no callout */
  /* A callout the user put somewhere stays there: its box's centre, in
   * longitude/latitude, in every view and export. */
  gboolean           callout_pinned;
  double             callout_pin_lon;
  double             callout_pin_lat;

  GStrv              excerpts;      /* verbatim in the article; none yet for
                                     * a feature not tied to the text */
  GArray            *excerpt_ranges;/* SitmapTextRange per excerpt */

  /* Geometry in longitude/latitude.  Areas given by reference have
   * geometry_kind POLYGONS, n_parts 0 until sitmap_story_resolve_regions. */
  SitmapGeometryKind geometry_kind;
  guint              n_parts;
  guint             *part_start;    /* n_parts + 1 */
  double            *lonlat;        /* 2 × part_start[n_parts] */
  char              *regions_layer; /* or NULL */
  char              *regions_field;
  GStrv              regions_values;

  /* Where its marker, label and callout hang: the point, the middle of the
   * line, or the area's label point once its geometry is known. */
  double             anchor_lon;
  double             anchor_lat;
} SitmapStoryFeature;

/* What a story says about itself, apart from its features and article:
 * the story properties dialog edits it, and the undo history keeps it
 * aside, as a whole. */
typedef struct
{
  char     *title;          /* never NULL nor empty */
  char     *subtitle;       /* or NULL, as the rest */
  char     *publication;
  char     *byline;
  char     *date;           /* ISO date */
  char     *convention;     /* one sentence on disputed territory */
  char     *credit;
  gboolean  has_extent;
  double    extent[4];      /* west, south, east, north in degrees */
} SitmapStoryInfo;

#define SITMAP_TYPE_STORY (sitmap_story_get_type ())

G_DECLARE_FINAL_TYPE (SitmapStory, sitmap_story, SITMAP, STORY, GObject)

/* Loads a story file (GeoJSON FeatureCollection with a "story" member) and
 * the article it names.  Every error message names the file, and the
 * feature (by id or position) and the property where that applies. */
SitmapStory              *sitmap_story_load_file        (const char   *path,
                                                         GError      **error);
/* The same from memory; base_dir resolves the article path (NULL: the
 * article must be given as article_text). */
SitmapStory              *sitmap_story_load_data        (const char   *data,
                                                         gsize         length,
                                                         const char   *display_name,
                                                         const char   *base_dir,
                                                         const char   *article_text,
                                                         GError      **error);

/* A blank story: title, the article (NULL: none yet), no features, no
 * extent, in English. */
SitmapStory              *sitmap_story_new              (const char   *title,
                                                         const char   *article);

const char               *sitmap_story_get_path         (SitmapStory  *self);
const char               *sitmap_story_get_title        (SitmapStory  *self);
const char               *sitmap_story_get_subtitle     (SitmapStory  *self);
const char               *sitmap_story_get_publication  (SitmapStory  *self);
const char               *sitmap_story_get_byline       (SitmapStory  *self);
const char               *sitmap_story_get_date         (SitmapStory  *self);
const char               *sitmap_story_get_convention   (SitmapStory  *self);
const char               *sitmap_story_get_credit       (SitmapStory  *self);
const char               *sitmap_story_get_language     (SitmapStory  *self);
/* The whole article, UTF-8. */
const char               *sitmap_story_get_article      (SitmapStory  *self);
/* west, south, east, north in degrees; FALSE when the story gives none. */
gboolean                  sitmap_story_get_extent       (SitmapStory  *self,
                                                         double        extent[4]);

guint                     sitmap_story_get_n_features   (SitmapStory  *self);
const SitmapStoryFeature *sitmap_story_get_feature      (SitmapStory  *self,
                                                         guint         index);
/* Index of the feature with that id, or -1. */
int                       sitmap_story_find_feature     (SitmapStory  *self,
                                                         const char   *id);

/* Fills the geometry of areas given by reference from a loaded layer:
 * every feature of layer whose attribute regions_field is one of
 * regions_values.  Features whose regions_layer is not layer_name are left
 * alone.  Returns FALSE (with an error naming the feature) when a
 * reference matches nothing. */
gboolean                  sitmap_story_resolve_regions  (SitmapStory  *self,
                                                         const char   *layer_name,
                                                         SitmapLayer  *layer,
                                                         GError      **error);

/* Edits, for SitmapMap, which tells whoever draws the story: edit a story
 * shown on a map through sitmap_map_add_feature () and its siblings.
 * A feature added has no excerpt, dates or figures yet. */
int                       sitmap_story_add_feature      (SitmapStory         *self,
                                                         const char          *id,
                                                         const char          *name,
                                                         SitmapStoryKind      kind,
                                                         SitmapGeometryKind   geometry_kind,
                                                         const double        *lonlat,
                                                         guint                n_positions,
                                                         GError             **error);
gboolean                  sitmap_story_remove_feature   (SitmapStory  *self,
                                                         guint         index);
/* A copy of a whole feature put back where it was, or in place of the
 * one at index, as undoing an edit needs: nothing is checked but the id. */
gboolean                  sitmap_story_insert_feature   (SitmapStory               *self,
                                                         guint                      index,
                                                         const SitmapStoryFeature  *feature,
                                                         GError                   **error);
gboolean                  sitmap_story_replace_feature  (SitmapStory               *self,
                                                         guint                      index,
                                                         const SitmapStoryFeature  *feature,
                                                         GError                   **error);
gboolean                  sitmap_story_set_feature_positions (SitmapStory   *self,
                                                              guint          index,
                                                              const double  *lonlat,
                                                              guint          n_positions,
                                                              GError       **error);
gboolean                  sitmap_story_set_feature_property  (SitmapStory  *self,
                                                              guint         index,
                                                              const char   *name,
                                                              const char   *value,
                                                              GError      **error);

/* Its figures (its callout's) replaced by copies of figures; none
 * leaves it without a callout. */
gboolean                  sitmap_story_set_feature_figures   (SitmapStory         *self,
                                                              guint                index,
                                                              const SitmapFigure  *figures,
                                                              guint                n_figures,
                                                              GError             **error);

/* The story's own properties, copied out and set as a whole, checked as
 * the reader checks them (empty texts are none); set_info_property sets
 * one ("title", "subtitle", "publication", "byline", "date",
 * "convention", "credit"; NULL or "" clears it).  Edit a story shown on a
 * map through sitmap_map_set_story_info (). */
SitmapStoryInfo          *sitmap_story_get_info         (SitmapStory            *self);
gboolean                  sitmap_story_set_info         (SitmapStory            *self,
                                                         const SitmapStoryInfo  *info,
                                                         GError                **error);
gboolean                  sitmap_story_set_info_property (SitmapStory           *self,
                                                          const char            *name,
                                                          const char            *value,
                                                          GError               **error);
SitmapStoryInfo          *sitmap_story_info_copy        (const SitmapStoryInfo  *info);
void                      sitmap_story_info_free        (SitmapStoryInfo        *info);
gboolean                  sitmap_story_info_equal       (const SitmapStoryInfo  *a,
                                                         const SitmapStoryInfo  *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapStoryInfo, sitmap_story_info_free)

/* Deep copies of a feature, for whoever keeps one aside (the undo
 * history); equal compares every field. */
/* A deep copy, features and all, that shares nothing with self: for
 * drawing in another thread while self is edited. */
SitmapStory              *sitmap_story_copy             (SitmapStory              *self);
SitmapStoryFeature       *sitmap_story_feature_copy     (const SitmapStoryFeature *feature);
void                      sitmap_story_feature_free     (SitmapStoryFeature       *feature);
gboolean                  sitmap_story_feature_equal    (const SitmapStoryFeature *a,
                                                         const SitmapStoryFeature *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapStoryFeature, sitmap_story_feature_free)

const char               *sitmap_story_kind_to_string   (SitmapStoryKind kind);
/* The echelons a force may have and the qualifiers a figure may have, as
 * the file spells them ("battalion", "more than"), in order. */
const char * const       *sitmap_story_get_echelons     (guint          *n_echelons);
const char * const       *sitmap_story_get_qualifiers   (guint          *n_qualifiers);
/* "more than 100,000 troops", "5–10 battalion tactical groups". */
char                     *sitmap_figure_format          (const SitmapFigure *figure);

G_END_DECLS
