/* test-files.h: what several tests make and clean up on disk and in memory
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-layer.h"

G_BEGIN_DECLS

/* Removes path and, if it is a folder, all below it, even where a test
 * made a folder unwritable to see a save fail. */
void         test_remove_tree  (const char *path);
/* "test-regions": the two unit squares with codes "A" and "B" east of
 * Kyiv that tests/data/stories/complete's area refers to. */
SitmapLayer *test_regions_new  (void);

G_END_DECLS
