/* test-files.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-files.h"

#include <glib/gstdio.h>

void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_chmod (path, 0755);
      dir = g_dir_open (path, 0, NULL);
    }
  if (dir == NULL)
    {
      g_remove (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      test_remove_tree (child);
    }
  g_rmdir (path);
}

SitmapLayer *
test_regions_new (void)
{
  static const char * const fields[] = { "code", NULL };
  static const double squares[2][10] = {
    { 30, 50, 30, 51, 31, 51, 31, 50, 30, 50 },
    { 31, 50, 31, 51, 32, 51, 32, 50, 31, 50 },
  };
  SitmapLayer *layer = sitmap_layer_new ("test-regions", SITMAP_GEOMETRY_POLYGONS, fields);

  for (guint i = 0; i < G_N_ELEMENTS (squares); i++)
    {
      char **attributes = g_new0 (char *, 2);
      guint *part_start = g_new (guint, 2);

      attributes[0] = g_strdup (i == 0 ? "A" : "B");
      part_start[0] = 0;
      part_start[1] = 5;
      sitmap_layer_take_feature (layer, g_strdup (attributes[0]), attributes, 1, part_start,
                                 g_memdup2 (squares[i], sizeof squares[i]));
    }
  return layer;
}
