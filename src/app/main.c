/* main.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "sitmap-application.h"
#include "sitmap-cli.h"
#include "sitmap-i18n.h"

int
main (int   argc,
      char *argv[])
{
  SitmapCliOptions options = { 0 };
  g_autoptr(SitmapApplication) app = NULL;
  g_autoptr(GPtrArray) app_argv = NULL;
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

  app_argv = g_ptr_array_new ();
  g_ptr_array_add (app_argv, argv[0]);
  for (guint i = 0; options.files && options.files[i]; i++)
    g_ptr_array_add (app_argv, options.files[i]);
  g_ptr_array_add (app_argv, NULL);

  app = sitmap_application_new ((const char * const *)options.basemaps);
  status = g_application_run (G_APPLICATION (app), app_argv->len - 1, (char **)app_argv->pdata);
  sitmap_cli_clear (&options);
  return status;
}
