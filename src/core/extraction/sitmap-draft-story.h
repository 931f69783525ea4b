/* sitmap-draft-story.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-extraction.h"

G_BEGIN_DECLS

/* A story (data/stories/README.md) drafted from what an extraction found:
 * a feature per place, its figures as a callout, the dates of its
 * sentences, each sentence that names it as a verbatim excerpt, and the
 * extraction's confidence.  The article is "article.txt" beside it.  The
 * draft is checked by loading it before it is returned. */
char     *sitmap_draft_story_to_geojson (SitmapExtraction  *extraction,
                                         GError           **error);
/* Writes dir/article.txt and dir/story.geojson, each whole or not at all;
 * dir is made when missing.  The story is made before either file is
 * written, so a failure leaves what dir held. */
gboolean  sitmap_draft_story_write      (SitmapExtraction  *extraction,
                                         const char        *dir,
                                         GError           **error);

G_END_DECLS
