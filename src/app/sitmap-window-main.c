/* sitmap-window-main.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gmodule.h>

#include "sitmap-application.h"
#include "sitmap-window-main.h"

/* The window's way in, looked up by name once the binary has loaded this
 * module; argv holds the program's name and the files to open. */
G_MODULE_EXPORT int
sitmap_window_main (const char * const *basemaps,
                    int                 argc,
                    char              **argv)
{
  g_autoptr(SitmapApplication) app = sitmap_application_new (basemaps);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
