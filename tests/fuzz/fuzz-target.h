/* fuzz-target.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The libFuzzer entry point.  Each target defines it; the same code runs
 * under libFuzzer in _build-fuzz and under fuzz-replay.c in the test suite,
 * which feeds it every saved crasher and seed. */
int  LLVMFuzzerTestOneInput (const guint8 *data,
                             size_t        size);

/* A finding the sanitizers cannot see: a broken invariant of the loaded
 * result.  Aborts, so libFuzzer keeps the input. */
#define FUZZ_CHECK(cond) \
  G_STMT_START { \
    if (!(cond)) \
      { \
        g_printerr ("%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
        abort (); \
      } \
  } G_STMT_END

/* Text a loader hands on for display: valid UTF-8, no control characters. */
gboolean fuzz_text_is_clean (const char *text);

/* The article every story input is read with: the story targets' seeds
 * quote it. */
extern const char fuzz_story_article[];

/* Set by fuzz-replay.c with FUZZ_VERBOSE=1: each input's outcome is
 * printed. */
extern gboolean fuzz_verbose;

/* Quiet GLib's logging, and make criticals (failed preconditions) fatal. */
void     fuzz_init_logging  (void);

G_END_DECLS
