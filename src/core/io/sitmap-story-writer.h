/* sitmap-story-writer.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_STORY_WRITER_ERROR (sitmap_story_writer_error_quark ())

typedef enum
{
  SITMAP_STORY_WRITER_ERROR_WRITE,      /* the folder or a file cannot be written */
} SitmapStoryWriterError;

GQuark   sitmap_story_writer_error_quark (void);

/* The story file for story, as data/stories/README.md describes it:
 * RFC 7946 GeoJSON (longitude first, exterior rings counterclockwise and
 * holes clockwise, no "crs") whose "story" block names "article.txt".
 * Read back with the same article it gives the same story, rings perhaps
 * turned the other way.  Ends with a newline; NUL-terminated. */
char    *sitmap_story_writer_to_json     (SitmapStory  *story,
                                          gsize        *length);

/* Writes story.geojson and article.txt into folder (made if missing).
 * Both are written in full beside the old files and flushed to disk
 * before either is renamed over its old self, and the article is left
 * alone when it has not changed (the usual save), so a failure leaves the
 * old files as they were and no file is ever half-written.  Errors name
 * the file. */
gboolean sitmap_story_writer_save        (SitmapStory  *story,
                                          const char   *folder,
                                          GError      **error);

G_END_DECLS
