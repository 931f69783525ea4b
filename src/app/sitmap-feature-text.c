/* sitmap-feature-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

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
  static const char *months[] = { N_("January"), N_("February"), N_("March"), N_("April"), N_("May"),
                                  N_("June"), N_("July"), N_("August"), N_("September"), N_("October"),
                                  N_("November"), N_("December") };
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (feature != NULL, NULL);

  for (guint i = 0; feature->dates[i]; i++)
    {
      int y, m, d;

      if (i)
        g_string_append (text, ", ");
      if (sscanf (feature->dates[i], "%d-%d-%d", &y, &m, &d) == 3 && m >= 1 && m <= 12)
        /* TRANSLATORS: a date: day, month name, year */
        g_string_append_printf (text, C_("date", "%d %s %d"), d, gettext (months[m - 1]), y);
      else
        g_string_append (text, feature->dates[i]);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}
