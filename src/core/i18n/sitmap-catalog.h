/* sitmap-catalog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define SITMAP_CATALOG_ERROR (sitmap_catalog_error_quark ())

typedef enum
{
  SITMAP_CATALOG_ERROR_NOT_FOUND,
  SITMAP_CATALOG_ERROR_CORRUPT,
} SitmapCatalogError;

typedef struct _SitmapCatalog SitmapCatalog;

#define SITMAP_TYPE_CATALOG (sitmap_catalog_get_type ())

GType          sitmap_catalog_get_type    (void) G_GNUC_CONST;
GQuark         sitmap_catalog_error_quark (void);
SitmapCatalog *sitmap_catalog_new         (const char    *path,
                                           GError       **error);
SitmapCatalog *sitmap_catalog_find        (const char    *locale_dir,
                                           const char    *domain,
                                           const char    *language,
                                           GError       **error);
SitmapCatalog *sitmap_catalog_ref         (SitmapCatalog *self);
void           sitmap_catalog_unref       (SitmapCatalog *self);
const char    *sitmap_catalog_get_path    (SitmapCatalog *self);
const char    *sitmap_catalog_lookup      (SitmapCatalog *self,
                                           const char    *context,
                                           const char    *message);
char         **sitmap_catalog_locale_names (const char   *language);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SitmapCatalog, sitmap_catalog_unref)

G_END_DECLS
