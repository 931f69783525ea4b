/* sitmap-window.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-map-view.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_WINDOW (sitmap_window_get_type ())

G_DECLARE_FINAL_TYPE (SitmapWindow, sitmap_window, SITMAP, WINDOW, AdwApplicationWindow)

SitmapWindow  *sitmap_window_new              (GtkApplication *application);
SitmapMapView *sitmap_window_get_map_view     (SitmapWindow   *self);
/* The pane that edits the selected feature (a SitmapInspector). */
GtkWidget     *sitmap_window_get_inspector    (SitmapWindow   *self);
/* Adds a user shapefile; a failure is shown and changes nothing.  One
 * without a .prj goes on as sitmap_window_open_file_async() does. */
gboolean       sitmap_window_open_basemap     (SitmapWindow   *self,
                                               const char     *path);
/* A story file: on failure the map stays as it was. */
gboolean       sitmap_window_open_story       (SitmapWindow   *self,
                                               const char     *path);
/* The same in a worker thread, with a Cancel button; the map keeps what
 * it shows meanwhile and if loading fails.  A shapefile without a .prj
 * whose coordinates are not longitude/latitude is read in the system
 * chosen for it before, or else a dialog asks (and remembers). */
void           sitmap_window_open_file_async  (SitmapWindow   *self,
                                               const char     *path);

/* Saving and recovery (sitmap-document.c).  save_to is Save As without
 * the file chooser; dirty is whether there are unsaved changes; folder is
 * where Save writes (NULL: it asks); offer_recovery asks whether to restore
 * each recovery copy a crashed Sitmap left, as the app does at start. */
gboolean       sitmap_window_save_to          (SitmapWindow   *self,
                                               const char     *folder,
                                               GError        **error);
gboolean       sitmap_window_get_dirty        (SitmapWindow   *self);
const char    *sitmap_window_get_folder       (SitmapWindow   *self);
const char    *sitmap_window_get_recovery_path (SitmapWindow  *self);
void           sitmap_window_offer_recovery   (SitmapWindow   *self);

G_END_DECLS
