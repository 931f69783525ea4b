/* sitmap-feature-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-date-text.h"
#include "sitmap-feature-text.h"

const char *
sitmap_feature_kind_title (SitmapStoryKind kind)
{
  switch (kind)
    {
    case SITMAP_STORY_KIND_CAPITAL: return _("Capital");
    case SITMAP_STORY_KIND_CITY: return _("City");
    case SITMAP_STORY_KIND_VENUE: return _("Talks");
    case SITMAP_STORY_KIND_FORCE: return _("Forces");
    case SITMAP_STORY_KIND_EVENT: return _("Event");
    case SITMAP_STORY_KIND_AREA: return _("Area");
    case SITMAP_STORY_KIND_OCCUPIED: return _("Occupied territory");
    case SITMAP_STORY_KIND_MOVEMENT: return _("Movement");
    case SITMAP_STORY_KIND_BORDER: return _("Border");
    default: return _("Place");
    }
}

char *
sitmap_feature_dates_text (const SitmapStoryFeature *feature)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (feature != NULL, NULL);

  for (guint i = 0; feature->dates[i]; i++)
    {
      g_autofree char *date = sitmap_date_text_format (feature->dates[i], NULL, NULL);

      if (i)
        g_string_append (text, ", ");
      g_string_append (text, date);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
