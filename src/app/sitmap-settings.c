/* sitmap-settings.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-settings"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sitmap-settings.h"

GSettings *
sitmap_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  /* Run from the build tree, the schema is compiled beside the sources
   * rather than installed. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) local =
        g_settings_schema_source_new_from_directory (SITMAP_BUILD_SCHEMADIR, source, FALSE, NULL);

      if (local)
        schema = g_settings_schema_source_lookup (local, APP_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_warning ("Settings schema %s not found; settings will not be kept", APP_ID);
      return g_settings_new_with_backend (APP_ID, g_memory_settings_backend_new ());
    }

  return g_settings_new_full (schema, NULL, NULL);
}
