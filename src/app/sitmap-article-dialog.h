/* sitmap-article-dialog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-draft-review.h"
#include "sitmap-window.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_ARTICLE_DIALOG (sitmap_article_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SitmapArticleDialog, sitmap_article_dialog, SITMAP, ARTICLE_DIALOG, AdwWindow)

/* New Story from Article: the article pasted or opened, its places,
 * figures and dates found in a worker (with progress, and Stop), then the
 * draft reviewed on the window's own map, which shows it as it is
 * reviewed.  Use This Story keeps it as the open story; Cancel, Stop or
 * closing brings back the story the window had.  Bad input (binary,
 * invalid UTF-8, empty, huge) is refused with a message naming it. */
GtkWidget         *sitmap_article_dialog_new          (SitmapWindow        *window);
/* What the buttons do. */
void               sitmap_article_dialog_find_in_text (SitmapArticleDialog *self);
void               sitmap_article_dialog_find_in_file (SitmapArticleDialog *self,
                                                       const char          *path);
void               sitmap_article_dialog_stop         (SitmapArticleDialog *self);
void               sitmap_article_dialog_accept       (SitmapArticleDialog *self);
/* "input", "progress" or "review". */
const char        *sitmap_article_dialog_get_page     (SitmapArticleDialog *self);
SitmapDraftReview *sitmap_article_dialog_get_review   (SitmapArticleDialog *self);
GtkTextView       *sitmap_article_dialog_get_text_view (SitmapArticleDialog *self);
GtkEntry          *sitmap_article_dialog_get_date_entry (SitmapArticleDialog *self);

G_END_DECLS
