/* fuzz-replay.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs a fuzz target's entry point without libFuzzer over files and
 * folders of inputs: the saved crashers in tests/fuzz/regressions and the
 * seed corpora.  A finding aborts (or trips a sanitizer in _build-asan);
 * otherwise the exit status is 0.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "fuzz-target.h"

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
replay_file (const char *path,
             guint      *n_run)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *copy = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      exit (1);
    }

  /* A copy of exactly the file's size, so that a read past the end is
   * caught by the sanitizers as libFuzzer's own buffers would be. */
  copy = g_memdup2 (contents, length);
  g_print ("%s (%" G_GSIZE_FORMAT " bytes)\n", path, length);
  LLVMFuzzerTestOneInput (copy, length);
  (*n_run)++;
}

static void
replay_path (const char *path,
             guint      *n_run)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      replay_file (path, n_run);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && !g_str_has_suffix (name, ".md"))
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    replay_path (g_ptr_array_index (names, i), n_run);
}

int
main (int   argc,
      char *argv[])
{
  guint n_run = 0;

  fuzz_verbose = g_strcmp0 (g_getenv ("FUZZ_VERBOSE"), "1") == 0;
  for (int i = 1; i < argc; i++)
    replay_path (argv[i], &n_run);

  g_print ("%u inputs replayed, no findings\n", n_run);
  return n_run > 0 ? 0 : 1;
}
