/* sitmap-error-dialog.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The one way the app reports a failure: a message dialog over parent
 * (any window, or NULL) with the message as plain text, never markup,
 * and the same line in the log.  Returns the dialog, owned by GTK. */
GtkWindow *sitmap_error_dialog_show (GtkWindow  *parent,
                                     const char *heading,
                                     const char *message);
/* A field the user filled in that was refused, marked as such where it
 * is: the row turns red and says why in its tooltip and to screen
 * readers; error NULL clears it. */
void       sitmap_error_show_on_row (GtkWidget    *row,
                                     const GError *error);

G_END_DECLS
