/* sitmap-i18n.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *sitmap_i18n_get_locale_dir (void);
void        sitmap_i18n_init           (void);

G_END_DECLS
