/* sitmap-recovery-private.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "sitmap-recovery.h"

G_BEGIN_DECLS

/* sitmap_recovery_read_data () with the digest check optional: the fuzz
 * target reads past it, since no fuzzer can make a SHA-256 match. */
SitmapStory *_sitmap_recovery_read_data_full (const char   *data,
                                              gsize         length,
                                              const char   *display_name,
                                              gboolean      check_digest,
                                              char        **origin,
                                              GError      **error);

G_END_DECLS
