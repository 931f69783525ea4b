/* sitmap-crs-dialog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "sitmap-crs.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_CRS_DIALOG (sitmap_crs_dialog_get_type ())

/* Asks which coordinate system a shapefile without a .prj is in: PROJ's
 * database searched by name and code as one types, those whose area of
 * use holds the data when read that way listed first (ranked in a
 * worker: it takes about a second).  Use (or Enter, or activating a row)
 * emits ::chosen with the system and whether to save a .prj beside the
 * file; Cancel, Escape or closing emits it with NULL.  Either way the
 * dialog then closes.  Properties: "path" (construct-only), "ready"
 * (the list is there). */
G_DECLARE_FINAL_TYPE (SitmapCrsDialog, sitmap_crs_dialog, SITMAP, CRS_DIALOG, AdwWindow)

/* extent: the .shp header's x_min, y_min, x_max, y_max. */
SitmapCrsDialog *sitmap_crs_dialog_new             (GtkWindow       *parent,
                                                    const char      *shp_path,
                                                    const double     extent[4]);
const char      *sitmap_crs_dialog_get_path        (SitmapCrsDialog *self);
gboolean         sitmap_crs_dialog_get_ready       (SitmapCrsDialog *self);
/* The id ("EPSG:32636") of the row selected, or NULL. */
const char      *sitmap_crs_dialog_get_selected_id (SitmapCrsDialog *self);

/* For tests: the list as shown (GtkStringObjects holding ids), the
 * search entry, the check and the buttons. */
GListModel      *sitmap_crs_dialog_get_model       (SitmapCrsDialog *self);
GtkEditable     *sitmap_crs_dialog_get_search_entry (SitmapCrsDialog *self);
GtkCheckButton  *sitmap_crs_dialog_get_save_prj_check (SitmapCrsDialog *self);
GtkButton       *sitmap_crs_dialog_get_use_button  (SitmapCrsDialog *self);
GtkButton       *sitmap_crs_dialog_get_cancel_button (SitmapCrsDialog *self);

G_END_DECLS
