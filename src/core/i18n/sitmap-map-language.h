/* sitmap-map-language.h
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "sitmap-story.h"

G_BEGIN_DECLS

#define SITMAP_TYPE_MAP_LANGUAGE (sitmap_map_language_get_type ())

G_DECLARE_FINAL_TYPE (SitmapMapLanguage, sitmap_map_language, SITMAP, MAP_LANGUAGE, GObject)

SitmapMapLanguage *sitmap_map_language_get_for_tag   (const char        *tag);
const char        *sitmap_map_language_get_tag       (SitmapMapLanguage *self);
gboolean           sitmap_map_language_is_translated (SitmapMapLanguage *self);
const char        *sitmap_map_language_pgettext      (SitmapMapLanguage *self,
                                                      const char        *context,
                                                      const char        *message) G_GNUC_FORMAT (3);
char              *sitmap_map_language_format_number (SitmapMapLanguage *self,
                                                      double             value);
char              *sitmap_map_language_format_date   (SitmapMapLanguage *self,
                                                      const char        *iso_date);
const char        *sitmap_map_language_figure_qualifier     (SitmapMapLanguage  *self,
                                                             const SitmapFigure *figure);
char              *sitmap_map_language_format_figure_number (SitmapMapLanguage  *self,
                                                             const SitmapFigure *figure);
char              *sitmap_map_language_format_figure        (SitmapMapLanguage  *self,
                                                             const SitmapFigure *figure);
const char        *sitmap_map_language_country_name  (SitmapMapLanguage  *self,
                                                      const char * const *field_names,
                                                      char * const       *attributes,
                                                      const char         *name);

G_END_DECLS
