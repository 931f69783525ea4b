/* sitmap-date-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "sitmap-date-text.h"

/* The map's and the window's dates are one message set: a date reads the
 * same in a callout, the title and the sidebar. */

/* TRANSLATORS: month names as a date on the map uses them, after the
 * day ("15 January 2022"): in the genitive where a language has it. */
static const char * const months[] = {
  NC_("map date", "January"),
  NC_("map date", "February"),
  NC_("map date", "March"),
  NC_("map date", "April"),
  NC_("map date", "May"),
  NC_("map date", "June"),
  NC_("map date", "July"),
  NC_("map date", "August"),
  NC_("map date", "September"),
  NC_("map date", "October"),
  NC_("map date", "November"),
  NC_("map date", "December"),
};

/* TRANSLATORS: a date on the map: %1$d is the day, %2$s the month's
 * name, %3$d the year ("15 January 2022").  Reorder them with the
 * numbers, e.g. "%2$s %1$d, %3$d". */
static const char * const order = NC_("map date", "%1$d %2$s %3$d");

static const char *
desktop_lookup (gpointer    user_data,
                const char *context,
                const char *message)
{
  return g_dpgettext2 (GETTEXT_PACKAGE, context, message);
}

char *
sitmap_date_text_format (const char       *iso_date,
                         SitmapTextLookup  lookup,
                         gpointer          user_data)
{
  int year, month, day;

  if (lookup == NULL)
    lookup = desktop_lookup;

  if (iso_date && sscanf (iso_date, "%d-%d-%d", &year, &month, &day) == 3 &&
      month >= 1 && month <= 12)
    return g_strdup_printf (lookup (user_data, "map date", order), day,
                            lookup (user_data, "map date", months[month - 1]), year);
  return g_strdup (iso_date ? iso_date : "");
}
