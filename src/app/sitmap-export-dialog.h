/* sitmap-export-dialog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-map-view.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_EXPORT_DIALOG (sitmap_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SitmapExportDialog, sitmap_export_dialog, SITMAP, EXPORT_DIALOG, AdwWindow)

/* Exports what map_view shows; on success it closes and announces the
 * file in toasts. */
SitmapExportDialog *sitmap_export_dialog_new        (GtkWindow          *parent,
                                                     SitmapMapView      *map_view,
                                                     AdwToastOverlay    *toasts);

/* Exports to path as if it had been chosen in the file chooser, for
 * tests. */
void                _sitmap_export_dialog_export_to (SitmapExportDialog *self,
                                                     const char         *path);

G_END_DECLS
