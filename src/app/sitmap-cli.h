/* sitmap-cli.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The command line as given; sitmap_cli_export checks the export options
 * against each other. */
typedef struct
{
  char     *export_path;
  char     *size;
  char     *scale;
  char     *dpi;
  char     *bbox;
  char     *extract_path;
  char     *date;
  char     *draft_story_dir;
  gboolean  json;
  GStrv     basemaps;
  GStrv     files;
  gboolean  version;
  gboolean  no_story;
  gboolean  no_legend;
  gboolean  no_callouts;
  gboolean  no_title;
  gboolean  no_inset;
  /* Beside basemaps and files, one each: the --crs given before it on the
   * command line, or "" for none. */
  GStrv     basemaps_crs;
  GStrv     files_crs;
} SitmapCliOptions;

#define SITMAP_CLI_EXIT_FAILURE 1
#define SITMAP_CLI_EXIT_USAGE   2

/* Parses the command line; on bad usage prints why and returns FALSE. */
gboolean sitmap_cli_parse   (SitmapCliOptions  *options,
                             int               *argc,
                             char            ***argv);
void     sitmap_cli_clear   (SitmapCliOptions  *options);
/* Draws the map into a file with no display at all; the exit status. */
int      sitmap_cli_export  (SitmapCliOptions  *options);
/* Finds the places, figures and dates of an article and prints them as
 * JSON or writes a draft story; the exit status. */
int      sitmap_cli_extract (SitmapCliOptions  *options);

G_END_DECLS
