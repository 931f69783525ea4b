/* sitmap-recovery.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_RECOVERY_ERROR (sitmap_recovery_error_quark ())

typedef enum
{
  SITMAP_RECOVERY_ERROR_DAMAGED,   /* not a recovery file, cut short or altered */
  SITMAP_RECOVERY_ERROR_WRITE,     /* the file or its folder cannot be written */
  SITMAP_RECOVERY_ERROR_READ,      /* the file cannot be read */
} SitmapRecoveryError;

GQuark       sitmap_recovery_error_quark (void);

/* A recovery file is the story being edited, article and all, kept so
 * that a crash loses at most the last few seconds: one file, so that it is
 * replaced whole or not at all, with a header giving the length of each
 * part and a SHA-256 of both, so that a file cut short or damaged on disk
 * is told apart from a story.  origin is the folder the story was opened
 * from or last saved to (NULL: never saved).
 *
 *   sitmap-recovery/1
 *   origin file:///home/me/Stories/kyiv      (or "origin -")
 *   article 1234
 *   story 5678
 *   sha256 <64 hex digits of the article's bytes then the story's>
 *   <empty line>
 *   <the article, 1234 bytes><story.geojson as the writer writes it>
 */
char        *sitmap_recovery_to_data     (SitmapStory  *story,
                                          const char   *origin,
                                          gsize        *length);
/* Written beside path and renamed over it. */
gboolean     sitmap_recovery_write       (SitmapStory  *story,
                                          const char   *origin,
                                          const char   *path,
                                          GError      **error);
/* The story a recovery file holds, and in *origin (if not NULL) its
 * folder or NULL.  Errors name display_name (the file) and say what is
 * wrong with it. */
SitmapStory *sitmap_recovery_read_data   (const char   *data,
                                          gsize         length,
                                          const char   *display_name,
                                          char        **origin,
                                          GError      **error);
SitmapStory *sitmap_recovery_read_file   (const char   *path,
                                          char        **origin,
                                          GError      **error);

/* Where recovery files live: $XDG_STATE_HOME/sitmap/recovery (made on
 * first use, by the writer). */
char        *sitmap_recovery_get_dir     (void);
/* A new file name there, for one window's story. */
char        *sitmap_recovery_new_path    (void);
/* The recovery files left there (full paths), newest first. */
GPtrArray   *sitmap_recovery_list        (void);
/* Moves a damaged recovery file out of the way (renamed to end in
 * ".damaged", where sitmap_recovery_list no longer sees it) and returns
 * its new path, or NULL with error. */
char        *sitmap_recovery_set_aside   (const char   *path,
                                          GError      **error);

G_END_DECLS
