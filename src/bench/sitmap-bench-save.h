/* sitmap-bench-save.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Saves a story of n_features features (the built-in story's, repeated
 * and moved apart, with its article) as the editor's Save does, into a
 * temporary folder, repeats times after one unmeasured save; appends each
 * save's wall-clock milliseconds to save_ms and each making of the story
 * text alone to json_ms. */
gboolean sitmap_bench_save (guint     n_features,
                            guint     repeats,
                            GArray   *save_ms,
                            GArray   *json_ms,
                            GError  **error);

G_END_DECLS
