/* sitmap-cli.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-cli.h"

#include "sitmap-crs.h"
#include "sitmap-draft-story.h"
#include "sitmap-export.h"
#include "sitmap-geojson-layer.h"
#include "sitmap-extraction.h"
#include "sitmap-gazetteer.h"
#include "sitmap-map.h"
#include "sitmap-shapefile.h"

#include <glib/gi18n.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_WIDTH 1920
#define DEFAULT_HEIGHT 1080
/* A paper size without --dpi is for print. */
#define DEFAULT_PAPER_DPI 300
#define MIN_PIXELS 16
#define MIN_SCALE 0.25
#define MAX_SCALE 8.0
#define MIN_DPI 24
#define MAX_DPI 2400

/* The command line in its order: a --crs holds for the shapefiles after
 * it, so --crs, --basemap and the files are callbacks, which GOption calls
 * in command-line order. */
typedef struct
{
  GPtrArray *basemaps;
  GPtrArray *basemaps_crs;
  GPtrArray *files;
  GPtrArray *files_crs;
  char      *crs;
  gboolean   crs_used;
} ParseOrder;

static gboolean
on_crs (const char  *option_name,
        const char  *value,
        gpointer     data,
        GError     **error)
{
  ParseOrder *order = data;
  g_autoptr(SitmapCrs) crs = NULL;
  g_autoptr(GError) local_error = NULL;

  crs = sitmap_crs_new_from_argument (value, &local_error);
  if (crs == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--crs: %s"), local_error->message);
      return FALSE;
    }
  g_free (order->crs);
  order->crs = g_strdup (value);
  order->crs_used = FALSE;
  return TRUE;
}

static void
add_in_order (ParseOrder *order,
              GPtrArray  *paths,
              GPtrArray  *crs,
              const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  g_ptr_array_add (paths, g_strdup (path));
  g_ptr_array_add (crs, g_strdup (order->crs != NULL ? order->crs : ""));
  if (g_str_has_suffix (lower, ".shp"))
    order->crs_used = TRUE;
}

static gboolean
on_basemap (const char  *option_name,
            const char  *value,
            gpointer     data,
            GError     **error)
{
  ParseOrder *order = data;

  add_in_order (order, order->basemaps, order->basemaps_crs, value);
  return TRUE;
}

static gboolean
on_file (const char  *option_name,
         const char  *value,
         gpointer     data,
         GError     **error)
{
  ParseOrder *order = data;

  add_in_order (order, order->files, order->files_crs, value);
  return TRUE;
}

static GStrv
steal_strv (GPtrArray *array)
{
  if (array->len == 0)
    return NULL;
  g_ptr_array_add (array, NULL);
  return (GStrv)g_ptr_array_steal (array, NULL);
}

static gboolean
any_crs (GStrv crs)
{
  for (guint i = 0; crs && crs[i]; i++)
    if (crs[i][0] != '\0')
      return TRUE;
  return FALSE;
}

gboolean
sitmap_cli_parse (SitmapCliOptions   *options,
                  int                *argc,
                  char             ***argv)
{
  const GOptionEntry entries[] = {
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &options->export_path,
      N_("Write the map to FILE (.png, .svg or .pdf) and exit, without opening a window"), N_("FILE") },
    { "size", 's', 0, G_OPTION_ARG_STRING, &options->size,
      N_("Size of the map: pixels (1920x1080, the default) or paper (297x210mm, 11x8.5in, 29.7x21cm)"), N_("WxH[UNIT]") },
    { "scale", 0, 0, G_OPTION_ARG_STRING, &options->scale,
      N_("Pixels per pixel of --size, for crisp HiDPI images; the map is laid out the same (default 1)"), N_("N") },
    { "dpi", 0, 0, G_OPTION_ARG_STRING, &options->dpi,
      N_("Resolution of a paper size (default 300), or of a pixel size taken as 96 dpi"), N_("D") },
    { "bbox", 0, 0, G_OPTION_ARG_STRING, &options->bbox,
      N_("Show this area, in degrees, instead of the story's extent"), N_("W,S,E,N") },
    { "no-legend", 0, 0, G_OPTION_ARG_NONE, &options->no_legend, N_("Leave out the legend"), NULL },
    { "no-title", 0, 0, G_OPTION_ARG_NONE, &options->no_title, N_("Leave out the title block"), NULL },
    { "no-callouts", 0, 0, G_OPTION_ARG_NONE, &options->no_callouts, N_("Leave out the callouts with figures"), NULL },
    { "no-inset", 0, 0, G_OPTION_ARG_NONE, &options->no_inset, N_("Leave out the inset locator map"), NULL },
    { "basemap", 'b', G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer)on_basemap,
      N_("Also draw the shapefile SHP; may be given more than once"), N_("SHP") },
    { "no-story", 0, 0, G_OPTION_ARG_NONE, &options->no_story,
      N_("Draw only the boundaries, without the built-in story"), NULL },
    { "extract", 0, 0, G_OPTION_ARG_FILENAME, &options->extract_path,
      N_("Find the places, figures and dates of the article FILE (plain text) and exit"), N_("FILE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &options->date,
      N_("With --extract: the article’s publication date, for “on Friday” and “this week”"), N_("YYYY-MM-DD") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      N_("With --extract: print what was found as one JSON object"), NULL },
    { "draft-story", 0, 0, G_OPTION_ARG_FILENAME, &options->draft_story_dir,
      N_("With --extract: write DIR/article.txt and DIR/story.geojson, a draft story to review"), N_("DIR") },
    { "version", 0, 0, G_OPTION_ARG_NONE, &options->version, N_("Print the version and exit"), NULL },
    { "crs", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer)on_crs,
      N_("Read the shapefiles after this option that have no .prj in the coordinate system CRS: "
         "an EPSG code (EPSG:32636), a PROJ string, WKT or a .prj file"), N_("CRS") },
    { G_OPTION_REMAINING, 0, G_OPTION_FLAG_FILENAME, G_OPTION_ARG_CALLBACK, (gpointer)on_file,
      NULL, N_("[FILE…]") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— turn a news story into a situation map"));
  g_autoptr(GError) error = NULL;
  ParseOrder order = {
    g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
    g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free),
    NULL, TRUE,
  };
  gboolean parsed;

  /* The entries, the parameter string and the description are marked
   * N_() and translated by GOption in our domain. */
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, g_option_group_new (NULL, NULL, NULL, &order, NULL));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context, N_(
    "FILE is a story (.geojson; the built-in story when none is given) or shapefiles (.shp) to draw.\n"
    "Without --export, Sitmap opens its window.\n"
    "\n"
    "Sizes in pixels are laid out as a window of that size; --scale 2 doubles the pixels, not the map.\n"
    "Paper sizes keep text at its size on screen, so a page reads like the window; PNG, SVG and PDF\n"
    "all take them, and a PDF page is exactly that size.\n"
    "\n"
    "Examples:\n"
    "  sitmap --export map.png --size 1920x1080 --scale 2\n"
    "  sitmap --export map.pdf --size 297x210mm --dpi 300\n"
    "  sitmap story.geojson --export map.svg --bbox 22,44,41,53 --no-legend\n"
    "  sitmap --extract article.txt --date 2022-01-15 --json\n"
    "  sitmap --extract article.txt --date 2022-01-15 --draft-story my-story\n"
    "\n"
    "Exit status: 0 on success, 1 when a file cannot be read or written, 2 on bad usage."));

  parsed = g_option_context_parse (context, argc, argv, &error);
  options->basemaps = steal_strv (order.basemaps);
  options->basemaps_crs = steal_strv (order.basemaps_crs);
  options->files = steal_strv (order.files);
  options->files_crs = steal_strv (order.files_crs);
  g_ptr_array_unref (order.basemaps);
  g_ptr_array_unref (order.basemaps_crs);
  g_ptr_array_unref (order.files);
  g_ptr_array_unref (order.files_crs);
  g_free (order.crs);
  if (!parsed)
    {
      g_printerr (_("sitmap: %s\nTry “sitmap --help”.\n"), error->message);
      return FALSE;
    }

  if (!order.crs_used)
    {
      g_printerr (_("sitmap: --crs applies to the shapefiles after it on the command line, "
                    "and none follows it\n"));
      return FALSE;
    }
  if (options->export_path == NULL && (any_crs (options->basemaps_crs) || any_crs (options->files_crs)))
    {
      g_printerr (_("sitmap: --crs only applies with --export; the window asks for the "
                    "coordinate system of a shapefile without a .prj\n"));
      return FALSE;
    }

  if ((options->size || options->scale || options->dpi || options->bbox ||
       options->no_legend || options->no_title || options->no_callouts || options->no_inset) &&
      options->export_path == NULL)
    {
      g_printerr (_("sitmap: --size, --scale, --dpi, --bbox and --no-… only apply with --export\n"));
      return FALSE;
    }

  if ((options->date || options->json || options->draft_story_dir) && options->extract_path == NULL)
    {
      g_printerr (_("sitmap: --date, --json and --draft-story only apply with --extract\n"));
      return FALSE;
    }
  if (options->extract_path && options->export_path)
    {
      g_printerr (_("sitmap: give either --extract or --export, not both\n"));
      return FALSE;
    }
  if (options->extract_path && !options->json && !options->draft_story_dir)
    {
      g_printerr (_("sitmap: --extract needs --json, --draft-story DIR, or both\n"));
      return FALSE;
    }

  return TRUE;
}

void
sitmap_cli_clear (SitmapCliOptions *options)
{
  g_clear_pointer (&options->export_path, g_free);
  g_clear_pointer (&options->size, g_free);
  g_clear_pointer (&options->scale, g_free);
  g_clear_pointer (&options->dpi, g_free);
  g_clear_pointer (&options->bbox, g_free);
  g_clear_pointer (&options->extract_path, g_free);
  g_clear_pointer (&options->date, g_free);
  g_clear_pointer (&options->draft_story_dir, g_free);
  g_clear_pointer (&options->basemaps, g_strfreev);
  g_clear_pointer (&options->files, g_strfreev);
  g_clear_pointer (&options->basemaps_crs, g_strfreev);
  g_clear_pointer (&options->files_crs, g_strfreev);
}

/* What the export options ask for, checked against each other. */
typedef struct
{
  SitmapViewport      viewport;   /* size and scale; the place comes later */
  SitmapExportOptions export_options;
  gboolean            has_bbox;
  double              bbox[4];
} ExportRequest;

/* A number and nothing else. */
static gboolean
parse_number (const char  *text,
              const char **end,
              double      *value)
{
  char *stop;

  *value = g_ascii_strtod (text, &stop);
  if (stop == text || !isfinite (*value))
    return FALSE;
  if (end)
    *end = stop;
  else if (*stop != '\0')
    return FALSE;
  return TRUE;
}

/* WIDTHxHEIGHT, then nothing or px for pixels, or mm, cm or in for
 * paper: mm_per_unit is 0 for pixels. */
static gboolean
parse_size (const char *text,
            double     *width,
            double     *height,
            double     *mm_per_unit)
{
  const char *rest;

  if (!parse_number (text, &rest, width) || (*rest != 'x' && *rest != 'X'))
    return FALSE;
  if (!parse_number (rest + 1, &rest, height) || !(*width > 0) || !(*height > 0))
    return FALSE;

  if (*rest == '\0' || g_ascii_strcasecmp (rest, "px") == 0)
    {
      *mm_per_unit = 0;
      return *width == floor (*width) && *height == floor (*height);
    }
  if (g_ascii_strcasecmp (rest, "mm") == 0)
    *mm_per_unit = 1;
  else if (g_ascii_strcasecmp (rest, "cm") == 0)
    *mm_per_unit = 10;
  else if (g_ascii_strcasecmp (rest, "in") == 0)
    *mm_per_unit = 25.4;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_bbox (const char *text,
            double      bbox[4])
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  if (g_strv_length (parts) != 4)
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      g_strstrip (parts[i]);
      if (!parse_number (parts[i], NULL, &bbox[i]))
        return FALSE;
    }

  return bbox[0] >= -180 && bbox[0] < bbox[2] && bbox[2] <= 180 &&
         bbox[1] >= -90 && bbox[1] < bbox[3] && bbox[3] <= 90;
}

/* Prints why and returns FALSE on bad usage. */
static gboolean
resolve_request (SitmapCliOptions *options,
                 ExportRequest    *request)
{
  double width = DEFAULT_WIDTH, height = DEFAULT_HEIGHT, mm_per_unit = 0;
  double scale = 1, dpi = 0;
  int pixels_w, pixels_h;

  request->export_options = (SitmapExportOptions) SITMAP_EXPORT_OPTIONS_INIT;
  request->export_options.show_legend = !options->no_legend;
  request->export_options.show_title = !options->no_title;
  request->export_options.show_callouts = !options->no_callouts;

  if (options->size && !parse_size (options->size, &width, &height, &mm_per_unit))
    {
      g_printerr (_("sitmap: --size “%s” is not WIDTHxHEIGHT in whole pixels, or in mm, cm or in "
                  "(1920x1080, 297x210mm)\n"), options->size);
      return FALSE;
    }

  if (options->scale && options->dpi)
    {
      g_printerr (_("sitmap: give either --scale or --dpi, not both\n"));
      return FALSE;
    }
  if (options->scale && mm_per_unit > 0)
    {
      g_printerr (_("sitmap: --scale is for sizes in pixels; give a paper size a --dpi\n"));
      return FALSE;
    }
  if (options->scale && (!parse_number (options->scale, NULL, &scale) || scale < MIN_SCALE || scale > MAX_SCALE))
    {
      g_printerr (_("sitmap: --scale must be a number from %g to %g, not “%s”\n"), MIN_SCALE, MAX_SCALE, options->scale);
      return FALSE;
    }
  if (options->dpi && (!parse_number (options->dpi, NULL, &dpi) || dpi < MIN_DPI || dpi > MAX_DPI))
    {
      g_printerr (_("sitmap: --dpi must be a number from %d to %d, not “%s”\n"), MIN_DPI, MAX_DPI, options->dpi);
      return FALSE;
    }

  if (mm_per_unit > 0)
    {
      if (dpi == 0)
        dpi = DEFAULT_PAPER_DPI;
      /* The page in logical pixels of 1/96 inch: text keeps its size on
       * screen, and the dpi only adds pixels. */
      width = width * mm_per_unit / 25.4 * 96;
      height = height * mm_per_unit / 25.4 * 96;
    }
  if (dpi > 0)
    scale = dpi / 96;

  request->viewport.width = width;
  request->viewport.height = height;
  request->viewport.scale_factor = scale;
  request->export_options.dpi = dpi;
  sitmap_export_get_pixel_size (&request->viewport, &pixels_w, &pixels_h);

  if (pixels_w < MIN_PIXELS || pixels_h < MIN_PIXELS ||
      pixels_w > SITMAP_EXPORT_MAX_PIXELS || pixels_h > SITMAP_EXPORT_MAX_PIXELS)
    {
      g_printerr (ngettext ("sitmap: --size “%s” makes an image of %d×%d pixel; each side must be %d–%d\n",
                            "sitmap: --size “%s” makes an image of %d×%d pixels; each side must be %d–%d\n",
                            pixels_h),
                  options->size ? options->size : "1920x1080", pixels_w, pixels_h,
                  MIN_PIXELS, SITMAP_EXPORT_MAX_PIXELS);
      return FALSE;
    }

  if (options->bbox)
    {
      if (!parse_bbox (options->bbox, request->bbox))
        {
          g_printerr (_("sitmap: --bbox “%s” is not WEST,SOUTH,EAST,NORTH in degrees, west of east and south of north\n"),
                      options->bbox);
          return FALSE;
        }
      request->has_bbox = TRUE;
    }

  return TRUE;
}

/* A GeoJSON that GIS tools wrote, drawn as a layer and shown whole.
 * FALSE without an error when it is a story. */
static gboolean
open_plain_layer (SitmapMap   *map,
                  const char  *path,
                  gboolean    *has_layer,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SitmapLayer) layer = sitmap_geojson_layer_load_file (path, &local_error);

  if (layer == NULL)
    {
      if (!g_error_matches (local_error, SITMAP_GEOJSON_LAYER_ERROR, SITMAP_GEOJSON_LAYER_ERROR_IS_STORY))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (sitmap_layer_get_warnings (layer))
    g_printerr ("sitmap: %s\n", sitmap_layer_get_warnings (layer));
  sitmap_map_add_loaded_basemap (map, layer, path);
  if (!*has_layer)
    sitmap_map_frame_layer (map, layer);
  *has_layer = TRUE;
  return TRUE;
}

/* A shapefile with the --crs that came before it, if any. */
static SitmapLayer *
add_shapefile (SitmapMap   *map,
               const char  *path,
               const char  *crs_argument,
               GError     **error)
{
  g_autoptr(SitmapCrs) crs = NULL;
  g_autoptr(SitmapLayer) layer = NULL;

  if (crs_argument == NULL || crs_argument[0] == '\0')
    return sitmap_map_add_basemap (map, path, error);

  crs = sitmap_crs_new_from_argument (crs_argument, error);
  if (crs == NULL)
    return NULL;
  layer = sitmap_shapefile_load_with_crs (path, crs, error);
  if (layer == NULL)
    return NULL;
  sitmap_map_add_loaded_basemap (map, layer, path);
  return layer;
}

static gboolean
load_map (SitmapCliOptions  *options,
          SitmapMap         *map,
          int               *status)
{
  g_autoptr(GError) error = NULL;
  const char *story_path = NULL;
  gboolean has_layer = FALSE;

  *status = SITMAP_CLI_EXIT_FAILURE;

  if (!sitmap_map_load_builtin_basemaps (map, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return FALSE;
    }

  for (guint i = 0; options->basemaps && options->basemaps[i]; i++)
    {
      SitmapLayer *layer = add_shapefile (map, options->basemaps[i],
                                          options->basemaps_crs ? options->basemaps_crs[i] : NULL, &error);

      if (layer == NULL)
        {
          g_printerr ("sitmap: %s\n", error->message);
          return FALSE;
        }
      if (sitmap_layer_get_warnings (layer))
        g_printerr ("sitmap: %s\n", sitmap_layer_get_warnings (layer));
    }

  for (guint i = 0; options->files && options->files[i]; i++)
    {
      g_autofree char *lower = g_ascii_strdown (options->files[i], -1);

      if (g_str_has_suffix (lower, ".shp"))
        {
          if (add_shapefile (map, options->files[i],
                             options->files_crs ? options->files_crs[i] : NULL, &error) == NULL)
            {
              g_printerr ("sitmap: %s\n", error->message);
              return FALSE;
            }
        }
      else if ((g_str_has_suffix (lower, ".geojson") || g_str_has_suffix (lower, ".json")) &&
               open_plain_layer (map, options->files[i], &has_layer, &error))
        continue;
      else if (error != NULL)
        {
          g_printerr ("sitmap: %s\n", error->message);
          return FALSE;
        }
      else if (story_path == NULL)
        story_path = options->files[i];
      else
        {
          g_printerr (_("sitmap: only one story at a time (%s and %s)\n"), story_path, options->files[i]);
          *status = SITMAP_CLI_EXIT_USAGE;
          return FALSE;
        }
    }

  if (story_path)
    {
      g_autoptr(SitmapStory) story = sitmap_story_load_file (story_path, &error);

      if (story == NULL || !sitmap_map_set_story (map, story, &error))
        {
          g_printerr ("sitmap: %s\n", error->message);
          return FALSE;
        }
    }
  /* A layer of one's own is what one wants to see, not the built-in story. */
  else if (!options->no_story && !has_layer && !sitmap_map_load_builtin_story (map, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return FALSE;
    }

  return TRUE;
}

int
sitmap_cli_export (SitmapCliOptions *options)
{
  g_autoptr(SitmapMap) map = NULL;
  g_autoptr(SitmapRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  ExportRequest request = { 0 };
  SitmapExportFormat format;
  int status;

  /* Usage first: a typo should not cost the seconds it takes to load the
   * boundaries. */
  if (!sitmap_export_format_for_path (options->export_path, &format, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_USAGE;
    }
  if (!resolve_request (options, &request))
    return SITMAP_CLI_EXIT_USAGE;

  sitmap_renderer_start_fonts ();
  map = sitmap_map_new ();
  if (!load_map (options, map, &status))
    return status;

  /* The projection follows the area shown, as it follows a story's. */
  if (request.has_bbox)
    sitmap_map_set_home_extent (map, request.bbox);
  sitmap_map_fit_home (map, &request.viewport);

  renderer = sitmap_renderer_new (map);
  sitmap_renderer_set_show_inset (renderer, !options->no_inset);
  if (!sitmap_export_to_file_full (renderer, &request.viewport, &request.export_options,
                                   options->export_path, NULL, NULL, NULL, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  return EXIT_SUCCESS;
}

int
sitmap_cli_extract (SitmapCliOptions *options)
{
  g_autoptr(SitmapGazetteer) gazetteer = NULL;
  g_autoptr(SitmapExtraction) extraction = NULL;
  g_autoptr(GError) error = NULL;

  gazetteer = sitmap_gazetteer_open_default (&error);
  if (gazetteer == NULL)
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  extraction = sitmap_extraction_new_for_file (options->extract_path, options->date, gazetteer, &error);
  if (extraction == NULL)
    {
      g_printerr ("sitmap: %s\n", error->message);
      return g_error_matches (error, SITMAP_EXTRACTION_ERROR, SITMAP_EXTRACTION_ERROR_INVALID_DATE)
             ? SITMAP_CLI_EXIT_USAGE : SITMAP_CLI_EXIT_FAILURE;
    }

  if (options->draft_story_dir && !sitmap_draft_story_write (extraction, options->draft_story_dir, &error))
    {
      g_printerr ("sitmap: %s\n", error->message);
      return SITMAP_CLI_EXIT_FAILURE;
    }

  if (options->json)
    {
      g_autofree char *json = sitmap_extraction_to_json (extraction);

      g_print ("%s\n", json);
    }
  return EXIT_SUCCESS;
}
