/* sitmap-window-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-inspector.h"
#include "sitmap-add-layer.h"
#include "sitmap-add-place-popover.h"
#include "sitmap-document.h"
#include "sitmap-sidebar.h"
#include "sitmap-edit-history.h"
#include "sitmap-window.h"

G_BEGIN_DECLS

/* Shared by the window and its actions (sitmap-window-actions.c). */
struct _SitmapWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkLabel             *loading_label;
  GtkRevealer          *loading_revealer;
  GtkSpinner           *loading_spinner;
  SitmapMapView        *map_view;
  GtkPaned             *paned;
  SitmapSidebar        *sidebar;
  SitmapInspector      *inspector;   /* NULL until first needed */
  GtkRevealer          *inspector_revealer;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  /* Adding to the story (sitmap-window-add.c) */
  SitmapAddLayer        *add_layer;
  SitmapAddPlacePopover *add_place_popover;  /* on the map view */
  SitmapTextRange       *pending_excerpt;  /* for the place chosen next, or NULL */
  GMenu                *recent_menu;

  /* Files being opened in worker threads; cancelled with the window. */
  GCancellable         *loading;
  guint                 n_loading;
  /* Shapefiles without a .prj waiting to be asked about, one dialog at a
   * time (OpenRequests). */
  GQueue                crs_questions;
  GtkWindow            *crs_dialog;

  /* Owned references */
  GtkFileChooserNative *chooser;
  SitmapMap            *map;
  SitmapEditHistory    *history;  /* of map's story */
  GSettings            *settings;
  SitmapDocument       *document;  /* saving, recovery, recent stories */
};

/* Installs the win.* actions and their shortcuts. */
void _sitmap_window_class_actions_init (SitmapWindowClass *klass);
/* The actions made from settings, once the settings exist. */
void _sitmap_window_actions_init       (SitmapWindow      *self);
/* Make Story from Layer is there while a layer of one's own is. */
void _sitmap_window_actions_layers_changed (SitmapWindow  *self);
/* The commands that add to the story (sitmap-window-add.c). */
void _sitmap_window_class_add_init (SitmapWindowClass *klass);
void _sitmap_window_add_init       (SitmapWindow      *self);
/* Undo and Redo follow self->history, once it exists. */
void _sitmap_window_actions_watch_history (SitmapWindow   *self);
/* The actions on the selected feature follow the selection and the story. */
void _sitmap_window_actions_update_selection (SitmapWindow *self);

SitmapInspector *_sitmap_window_ensure_inspector (SitmapWindow *self);
void             _sitmap_window_reveal_inspector (SitmapWindow *self,
                                                  gboolean      reveal);

G_END_DECLS
