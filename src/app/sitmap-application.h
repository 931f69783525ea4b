/* sitmap-application.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SITMAP_TYPE_APPLICATION (sitmap_application_get_type ())

G_DECLARE_FINAL_TYPE (SitmapApplication, sitmap_application, SITMAP, APPLICATION, AdwApplication)

/* basemaps: shapefiles to open in the first window, from --basemap. */
SitmapApplication *sitmap_application_new (const char * const *basemaps);

G_END_DECLS
