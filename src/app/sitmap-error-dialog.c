/* sitmap-error-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-error"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sitmap-error-dialog.h"

GtkWindow *
sitmap_error_dialog_show (GtkWindow  *parent,
                          const char *heading,
                          const char *message)
{
  AdwMessageDialog *dialog;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (heading != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  g_message ("%s: %s", heading, message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, heading, NULL));
  /* Messages carry file names and file contents: never markup. */
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_set_body (dialog, message);
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

void
sitmap_error_show_on_row (GtkWidget    *row,
                          const GError *error)
{
  g_return_if_fail (GTK_IS_WIDGET (row));

  if (error == NULL)
    {
      gtk_widget_remove_css_class (row, "error");
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  g_message ("refused: %s", error->message);
  gtk_widget_add_css_class (row, "error");
  gtk_widget_set_tooltip_text (row, error->message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  error->message, -1);
}
