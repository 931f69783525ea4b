/* sitmap-story-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdarg.h>

#include "sitmap-story.h"

G_BEGIN_DECLS

/* Shared by the story (model/), its anchors and its reader (io/). */

#define FORMAT_PREFIX        "sitmap-story/"
#define FORMAT_MAJOR         1

/* Limits against hostile or broken files.  A real story is a few dozen
 * kilobytes, its article a few dozen more. */
#define MAX_STORY_BYTES      (32 * 1024 * 1024)
/* Every excerpt is searched for in the article, so the article's size
 * bounds the cost of each search. */
#define MAX_ARTICLE_BYTES    (2 * 1024 * 1024)
#define MAX_FEATURES         10000
#define MAX_EXCERPTS         20000
#define MAX_DEPTH            64
/* json-glib spends about 100 bytes and a signal emission on each value:
 * 32 MiB of "[0,0]," would take 1.7 GB and some 15 s to parse. */
#define MAX_JSON_VALUES      1000000
#define MAX_NAME_CHARS       200
#define MAX_NOTE_CHARS       2000
#define MAX_EXCERPT_CHARS    5000

/* How much of a quoted excerpt or value an error message shows. */
#define QUOTE_CHARS          60

/* Candidate lines across an area when its centroid falls outside it. */
#define ANCHOR_SCANLINES     16

extern const char * const _sitmap_story_kind_names[SITMAP_STORY_KIND_BORDER + 1];
extern const char * const _sitmap_story_echelons[12];
extern const char * const _sitmap_story_qualifiers[8];

struct _SitmapStory
{
  GObject     parent_instance;

  char       *path;
  char       *display_name;

  char       *title;
  char       *subtitle;
  char       *publication;
  char       *byline;
  char       *date;
  char       *convention;
  char       *credit;
  char       *language;   /* BCP 47, the map's text; "en" by default */
  char       *article;
  gboolean    has_extent;
  double      extent[4];

  GArray     *features;   /* SitmapStoryFeature */
  GHashTable *ids;        /* id (owned by the feature) → index + 1 */
};


void      _sitmap_story_figure_clear          (gpointer            data);
void      _sitmap_story_feature_clear         (gpointer            data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SitmapFigure, _sitmap_story_figure_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SitmapStoryFeature, _sitmap_story_feature_clear)

/* Where the feature's marker, label and callout hang, from its geometry:
 * the point, the middle of the longest line, an area's label point. */
void      _sitmap_story_feature_update_anchor (SitmapStoryFeature *feature);
/* Whether text has the form 2022-01-14; real says whether such a day is. */
gboolean  _sitmap_story_is_iso_date           (const char         *text,
                                               gboolean           *real);

/* ---- Messages: one line, naming the file, the feature and the part ---- */

typedef struct
{
  const char        *file;     /* display name, one line */
  const char        *feature;  /* id of the feature being read, or NULL */
  const char        *where;    /* a part of it ("callout figure 2"), or NULL */
  SitmapStoryError   code;     /* for invalid content at this point */
  GError           **error;
} SitmapStoryCtx;

char     *_sitmap_story_one_line              (const char         *text);
char     *_sitmap_story_clean_display_text    (const char         *text);
char     *_sitmap_story_shorten               (const char         *text,
                                               glong               max_chars);
gboolean  _sitmap_story_ctx_fail              (SitmapStoryCtx     *ctx,
                                               SitmapStoryError    code,
                                               const char         *format,
                                               ...) G_GNUC_PRINTF (3, 4);
/* The content is wrong: INVALID_STORY or INVALID_FEATURE by context. */
gboolean  _sitmap_story_invalid               (SitmapStoryCtx     *ctx,
                                               const char         *format,
                                               ...) G_GNUC_PRINTF (2, 3);
gboolean  _sitmap_story_too_long              (SitmapStoryCtx     *ctx,
                                               const char         *what,
                                               guint               max_chars);

G_END_DECLS
