/* sitmap-settings.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The app's settings; works uninstalled from the build tree too. */
GSettings *sitmap_settings_new (void);

G_END_DECLS
