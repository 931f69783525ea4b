/* story-equal.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-story.h"

G_BEGIN_DECLS

/* NULL when a and b are the same story: every property the story format
 * documents, the article and the excerpts' places in it, the geometry to
 * the bit (a ring may run the other way from the same first position:
 * the writer turns rings to the right-hand rule) and the anchors to a
 * billionth of a degree (summed in another order when a ring turned).
 * Otherwise the first difference, in words. */
char *story_difference (SitmapStory *a,
                        SitmapStory *b);

G_END_DECLS
