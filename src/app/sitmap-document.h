/* sitmap-document.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-window.h"

G_BEGIN_DECLS

/* The window's story as a document: where it is saved, whether it has
 * changed since, the recovery copy kept meanwhile, the question asked
 * before unsaved changes would go, and the recent stories.  Owned by the
 * window (sitmap-window-private.h). */
typedef struct _SitmapDocument SitmapDocument;

/* What to do once the user has saved or discarded the changes. */
typedef void (*SitmapDocumentThen) (SitmapWindow *window,
                                    gpointer      data);

/* win.save (Ctrl+S), win.save-as (Ctrl+Shift+S), win.open-recent. */
void            _sitmap_document_class_init     (GtkWidgetClass     *widget_class);
/* Once the window has its map and edit history. */
SitmapDocument *_sitmap_document_new            (SitmapWindow       *window);
void            _sitmap_document_free           (SitmapDocument     *self);
/* The map shows another story, read from path (NULL: made in the app):
 * it is clean, saved there. */
void            _sitmap_document_story_opened   (SitmapDocument     *self,
                                                 const char         *path);
/* Runs then (data) at once when nothing is unsaved, else after asking
 * Save / Discard / Cancel and saving or discarding; on Cancel it is never
 * run and destroy frees data. */
void            _sitmap_document_confirm        (SitmapDocument     *self,
                                                 SitmapDocumentThen  then,
                                                 gpointer            data,
                                                 GDestroyNotify      destroy);
/* For close-request: TRUE when the window must stay (it asks first and
 * closes itself once the changes are saved or discarded). */
gboolean        _sitmap_document_close_request  (SitmapDocument     *self);

G_END_DECLS
