/* sitmap-cli.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-cli"

#include "config.h"

#include <stdlib.h>

#include "sitmap-cli.h"
#include "sitmap-export.h"
#include "sitmap-map.h"

gboolean
sitmap_cli_parse (SitmapCliOptions   *options,
                  int                *argc,
                  char             ***argv)
{
  const GOptionEntry entries[] = {
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &options->export_path,
      "Write the map to FILE (.png, .svg or .pdf) and exit, without opening a window", "FILE" },
    { "size", 's', 0, G_OPTION_ARG_STRING, &options->size,
      "Size of the exported map in pixels (default 1920x1080)", "WIDTHxHEIGHT" },
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &options->scale,
      "Device pixels per pixel for PNG export, for crisp HiDPI images (default 1)", "N" },
    { "basemap", 'b', 0, G_OPTION_ARG_FILENAME_ARRAY, &options->basemaps,
      "Also draw the shapefile SHP; may be given more than once", "SHP" },
    { "no-story", 0, 0, G_OPTION_ARG_NONE, &options->no_story,
      "Draw only the boundaries, without the built-in story", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, "Print the version and exit", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->files, NULL, "[FILE…]" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— turn a news story into a situation map");
  g_autoptr(GError) error = NULL;

  options->scale = 1;
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context,
    "FILE is a story (.geojson; the built-in story when none is given) or shapefiles (.shp) to draw.\n"
    "Without --export, Sitmap opens its window.\n"
    "Exit status: 0 on success, 1 when a file cannot be read or written, 2 on bad usage.");

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("sitmap: %s\nTry “sitmap --help”.\n", error->message);
      return FALSE;
    }

  if (!(options->scale >= 0.25 && options->scale <= 8))
    {
      g_printerr ("sitmap: --scale must be between 0.25 and 8\n");
      return FALSE;
    }

  if ((options->size || options->scale != 1) && options->export_path == NULL)
    {
      g_printerr ("sitmap: --size and --scale only apply with --export\n");
      return FALSE;
    }

  return TRUE;
}

void
sitmap_cli_clear (SitmapCliOptions *options)
{
  g_clear_pointer (&options->export_path, g_free);
  g_clear_pointer (&options->size, g_free);
  g_clear_pointer (&options->basemaps, g_strfreev);
  g_clear_pointer (&options->files, g_strfreev);
}

static gboolean
parse_size (const char *text,
            double     *width,
            double     *height)
{
  char *end;
  gint64 w, h;

  w = g_ascii_strtoll (text, &end, 10);
  if (end == text || (*end != 'x' && *end != 'X'))
    return FALSE;
  text = end + 1;
  h = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || w < 16 || h < 16 || w > 32767 || h > 32767)
    return FALSE;

  *width = w;
  *height = h;
  return TRUE;
}

int
sitmap_cli_export (SitmapCliOptions *options)
{
  g_autoptr(SitmapMap) map = sitmap_map_new ();
  g_autoptr(GError) error = NULL;
  SitmapViewport viewport = { 0 };
  SitmapExportFormat format;
  const char *story_path = NULL;

  viewport.width = 1920;
  viewport.height = 1080;
  viewport.scale_factor = options->scale;

  if (options->size && !parse_size (options->size, &viewport.width, &viewport.height))
    {
      g_printerr ("sitmap: --size “%s” is not WIDTHxHEIGHT with 16–32767 pixels each\n", options->size);
      return SITMAP_CLI_EXIT_USAGE;
    }

  if (!sitmap_export_format_for_path (options->export_path, &format, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_USAGE;
    }

  if (!sitmap_map_load_builtin_basemaps (map, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  for (guint i = 0; options->basemaps && options->basemaps[i]; i++)
    {
      SitmapLayer *layer = sitmap_map_add_basemap (map, options->basemaps[i], &error);

      if (layer == NULL)
        {
          g_printerr ("sitmap: %s\n", error->message);
          return SITMAP_CLI_EXIT_FAILURE;
        }
      if (sitmap_layer_get_warnings (layer))
        g_printerr ("sitmap: %s\n", sitmap_layer_get_warnings (layer));
    }

  for (guint i = 0; options->files && options->files[i]; i++)
    {
      g_autofree char *lower = g_ascii_strdown (options->files[i], -1);

      if (g_str_has_suffix (lower, ".shp"))
        {
          if (sitmap_map_add_basemap (map, options->files[i], &error) == NULL)
            {
              g_printerr ("sitmap: %s\n", error->message);
              return SITMAP_CLI_EXIT_FAILURE;
            }
        }
      else if (story_path == NULL)
        story_path = options->files[i];
      else
        {
          g_printerr ("sitmap: only one story at a time (%s and %s)\n", story_path, options->files[i]);
          return SITMAP_CLI_EXIT_USAGE;
        }
    }

  if (story_path)
    {
      g_autoptr(SitmapStory) story = sitmap_story_load_file (story_path, &error);

      if (story == NULL || !sitmap_map_set_story (map, story, &error))
        {
          g_printerr ("sitmap: %s\n", error->message);
          return SITMAP_CLI_EXIT_FAILURE;
        }
    }
  else if (!options->no_story && !sitmap_map_load_builtin_story (map, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  sitmap_map_fit_home (map, &viewport);

  if (!sitmap_export_to_file (sitmap_map_get_renderer (map), &viewport, options->export_path, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}
