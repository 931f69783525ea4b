/* main.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <locale.h>
#include <stdlib.h>

#include "sitmap-cli.h"
#include "sitmap-i18n.h"
#include "sitmap-window-main.h"

/* The window's module: beside an uninstalled binary (in its app folder,
 * where the build puts it), else where it is installed. */
static GModule *
open_window_module (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *here = self ? g_path_get_dirname (self) : NULL;
  g_autofree char *beside = here ? g_build_filename (here, "app", SITMAP_WINDOW_MODULE, NULL) : NULL;
  g_autofree char *installed = g_build_filename (SITMAP_MODULEDIR, SITMAP_WINDOW_MODULE, NULL);
  const char *path = beside && g_file_test (beside, G_FILE_TEST_IS_REGULAR) ? beside : installed;

  return g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
}

static int
run_window (SitmapCliOptions *options,
            char             *program)
{
  g_autoptr(GPtrArray) app_argv = g_ptr_array_new ();
  GModule *module = open_window_module ();
  SitmapWindowMain window_main = NULL;

  if (module == NULL || !g_module_symbol (module, SITMAP_WINDOW_MAIN, (gpointer *)&window_main))
    {
      g_printerr (_("sitmap: the window cannot be opened: %s\n"), g_module_error ());
      return EXIT_FAILURE;
    }

  g_ptr_array_add (app_argv, program);
  for (guint i = 0; options->files && options->files[i]; i++)
    g_ptr_array_add (app_argv, options->files[i]);
  g_ptr_array_add (app_argv, NULL);
  /* GTK stays loaded until the process ends: its types cannot go. */
  return window_main ((const char * const *)options->basemaps, app_argv->len - 1, (char **)app_argv->pdata);
}

int
main (int   argc,
      char *argv[])
{
  SitmapCliOptions options = { 0 };
  int status;

  setlocale (LC_ALL, "");
  sitmap_i18n_init ();

  /* Options are read before GTK starts so that --export runs with no
   * display at all. */
  if (!sitmap_cli_parse (&options, &argc, &argv))
    return SITMAP_CLI_EXIT_USAGE;

  if (options.version)
    {
      g_print ("sitmap %s\n", PACKAGE_VERSION);
      sitmap_cli_clear (&options);
      return EXIT_SUCCESS;
    }

  if (options.extract_path)
    {
      status = sitmap_cli_extract (&options);
      sitmap_cli_clear (&options);
      return status;
    }

  if (options.export_path)
    {
      status = sitmap_cli_export (&options);
      sitmap_cli_clear (&options);
      return status;
    }

  status = run_window (&options, argv[0]);
  sitmap_cli_clear (&options);
  return status;
}
