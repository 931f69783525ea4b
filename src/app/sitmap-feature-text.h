/* sitmap-feature-text.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-story.h"

G_BEGIN_DECLS

/* How a feature's kind reads in the places list and the place popover. */
const char *sitmap_feature_kind_title (SitmapStoryKind           kind);
/* The feature's dates as "14 January 2022, 15 January 2022"; "" if none. */
char       *sitmap_feature_dates_text (const SitmapStoryFeature *feature);

G_END_DECLS
