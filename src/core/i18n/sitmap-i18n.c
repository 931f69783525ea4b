/* sitmap-i18n.c: where the catalogues are, and binding the program to them.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "sitmap-i18n.h"

/* A program built in the build tree runs from it: its own executable lies
 * under the build root.  Asking where the executable is, rather than
 * whether the build tree exists, keeps an installed sitmap on installed
 * catalogues on a machine that also has a build tree. */
static gboolean
running_from_build_tree (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  gsize root_len = strlen (SITMAP_BUILD_ROOT);

  return exe != NULL && strncmp (exe, SITMAP_BUILD_ROOT, root_len) == 0 &&
         exe[root_len] == G_DIR_SEPARATOR;
}

/* $SITMAP_LOCALEDIR, the build tree's po/ when run from it, or the
 * installed locale directory. */
const char *
sitmap_i18n_get_locale_dir (void)
{
  static const char *locale_dir;
  static gsize initialised;

  if (g_once_init_enter (&initialised))
    {
      const char *env = g_getenv ("SITMAP_LOCALEDIR");

      if (env && *env)
        locale_dir = g_strdup (env);
      else if (running_from_build_tree ())
        locale_dir = SITMAP_BUILD_LOCALEDIR;
      else
        locale_dir = LOCALEDIR;
      g_once_init_leave (&initialised, 1);
    }

  return locale_dir;
}

/* The user interface speaks the desktop's language (setlocale() must have
 * been called); the map does not use this, see SitmapMapLanguage. */
void
sitmap_i18n_init (void)
{
  bindtextdomain (GETTEXT_PACKAGE, sitmap_i18n_get_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
