/* sitmap-longitude.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include <glib.h>

G_BEGIN_DECLS

/* degrees brought into [-180, 180): a longitude, or the short way from
 * one longitude to another.  Inline: loading runs it on every vertex,
 * and most are in range already, so they are returned untouched (going
 * through fmod() would round them). */
static inline double
sitmap_longitude_wrap (double degrees)
{
  if (degrees >= -180.0 && degrees < 180.0)
    return degrees;
  degrees = fmod (degrees + 180.0, 360.0);
  if (degrees < 0)
    degrees += 360.0;
  return degrees - 180.0;
}

G_END_DECLS
