/* sitmap-window-main.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* The module the sitmap binary loads to open its window, and the function
 * it calls there.  Only main.c names them; the module links GTK so that
 * the binary does not. */
#define SITMAP_WINDOW_MODULE "libsitmap-window.so"
#define SITMAP_WINDOW_MAIN   "sitmap_window_main"

typedef int (*SitmapWindowMain) (const char * const *basemaps,
                                 int                 argc,
                                 char              **argv);

int sitmap_window_main (const char * const *basemaps,
                        int                 argc,
                        char              **argv);
