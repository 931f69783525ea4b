/* sitmap-story-text.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-map-language.h"
#include "sitmap-story-text-private.h"

static void
append_with_attr (GString        *text,
                  PangoAttrList  *attrs,
                  const char     *piece,
                  PangoAttribute *attr)
{
  gsize start = text->len;

  g_string_append (text, piece);
  if (attr)
    {
      attr->start_index = start;
      attr->end_index = text->len;
      pango_attr_list_insert (attrs, attr);
    }
}

/* The callout's text: a bold title, one line per figure with the number
 * large, and who says so, small. */
PangoLayout *
_sitmap_story_callout_layout_new (cairo_t                  *cr,
                                  SitmapMapLanguage        *language,
                                  const SitmapStoryFeature *feature)
{
  g_autoptr(GString) text = g_string_new (NULL);
  PangoAttrList *attrs = pango_attr_list_new ();
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  PangoLayout *layout;

  if (feature->callout_title)
    {
      append_with_attr (text, attrs, feature->callout_title, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      g_string_append_c (text, '\n');
    }

  for (guint i = 0; i < feature->figures->len; i++)
    {
      const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);
      g_autofree char *number = sitmap_map_language_format_figure_number (language, figure);
      const char *qualifier = sitmap_map_language_figure_qualifier (language, figure);

      if (qualifier)
        {
          g_string_append (text, qualifier);
          g_string_append_c (text, ' ');
        }
      {
        gsize start = text->len;
        PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
        PangoAttribute *big = pango_attr_scale_new (1.45);

        g_string_append (text, number);
        bold->start_index = big->start_index = start;
        bold->end_index = big->end_index = text->len;
        pango_attr_list_insert (attrs, bold);
        pango_attr_list_insert (attrs, big);
      }
      g_string_append_c (text, ' ');
      g_string_append (text, figure->unit);
      g_string_append_c (text, '\n');

      if (figure->source && !g_ptr_array_find_with_equal_func (sources, figure->source, g_str_equal, NULL))
        g_ptr_array_add (sources, figure->source);
    }

  if (sources->len)
    {
      /* TRANSLATORS: before who gives a callout's figures. */
      g_autoptr(GString) line = g_string_new (sitmap_map_language_pgettext (language, "map callout", "Source:"));

      g_string_append_c (line, ' ');

      for (guint i = 0; i < sources->len; i++)
        {
          if (i)
            g_string_append (line, "; ");
          g_string_append (line, g_ptr_array_index (sources, i));
        }
      {
        gsize start = text->len;
        PangoAttribute *small = pango_attr_scale_new (0.82);
        PangoAttribute *italic = pango_attr_style_new (PANGO_STYLE_ITALIC);
        PangoAttribute *grey = pango_attr_foreground_new (0x5e00, 0x5c00, 0x6400);

        g_string_append (text, line->str);
        small->start_index = italic->start_index = grey->start_index = start;
        small->end_index = italic->end_index = grey->end_index = text->len;
        pango_attr_list_insert (attrs, small);
        pango_attr_list_insert (attrs, italic);
        pango_attr_list_insert (attrs, grey);
      }
    }

  while (text->len && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);

  layout = _sitmap_text_layout_new (cr, text->str, 11.5, PANGO_WEIGHT_NORMAL);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, (int)((SITMAP_STORY_CALLOUT_MAX_WIDTH - 2 * SITMAP_STORY_CALLOUT_PADDING - SITMAP_STORY_CALLOUT_ACCENT) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_attr_list_unref (attrs);
  return layout;
}

PangoLayout *
_sitmap_story_title_layout_new (cairo_t     *cr,
                                SitmapStory *story)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *date = sitmap_map_language_format_date (
    sitmap_map_language_get_for_tag (sitmap_story_get_language (story)), sitmap_story_get_date (story));
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoLayout *layout;

  {
    PangoAttribute *bold = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
    PangoAttribute *big = pango_attr_scale_new (1.5);
    gsize start = text->len;

    g_string_append (text, sitmap_story_get_title (story));
    bold->start_index = big->start_index = start;
    bold->end_index = big->end_index = text->len;
    pango_attr_list_insert (attrs, bold);
    pango_attr_list_insert (attrs, big);
  }

  g_string_append_c (text, '\n');
  if (sitmap_story_get_publication (story))
    g_string_append (text, sitmap_story_get_publication (story));
  if (sitmap_story_get_publication (story) && *date)
    g_string_append (text, " · ");
  g_string_append (text, date);

  if (sitmap_story_get_convention (story))
    {
      PangoAttribute *italic = pango_attr_style_new (PANGO_STYLE_ITALIC);
      PangoAttribute *small = pango_attr_scale_new (0.9);
      gsize start;

      g_string_append_c (text, '\n');
      start = text->len;
      g_string_append (text, sitmap_story_get_convention (story));
      italic->start_index = small->start_index = start;
      italic->end_index = small->end_index = text->len;
      pango_attr_list_insert (attrs, italic);
      pango_attr_list_insert (attrs, small);
    }

  layout = _sitmap_text_layout_new (cr, text->str, 11.5, PANGO_WEIGHT_NORMAL);
  pango_layout_set_attributes (layout, attrs);
  pango_layout_set_width (layout, (int)((SITMAP_STORY_TITLE_MAX_WIDTH - 20) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD);
  pango_attr_list_unref (attrs);
  return layout;
}

/* Labels come from files anyone can write: one line, ellipsized when
 * long, never markup. */
PangoLayout *
_sitmap_story_label_layout_new (cairo_t                  *cr,
                                const SitmapStoryFeature *feature,
                                double                    size)
{
  PangoLayout *layout = _sitmap_text_layout_new (cr, feature->label, size,
                                                 feature->kind == SITMAP_STORY_KIND_CAPITAL
                                                   ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_SEMIBOLD);

  pango_layout_set_width (layout, (int)(SITMAP_STORY_LABEL_MAX_WIDTH * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  return layout;
}

static PangoLayout *
story_label_layout_new (cairo_t       *cr,
                        gconstpointer  data)
{
  const SitmapStoryLabel *label = data;
  PangoLayout *layout = _sitmap_story_label_layout_new (cr, label->feature, label->size);

  if (label->italic)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_style_new (PANGO_STYLE_ITALIC));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

/* Keyed by what _sitmap_story_label_layout_new() reads, since measurements are shared
 * by every story drawn in the thread. */
void
_sitmap_story_label_init (SitmapStoryLabel               *label,
                          SitmapText               *text,
                          const SitmapStoryFeature *feature,
                          double                    size,
                          gboolean                  italic)
{
  label->feature = feature;
  label->size = size;
  label->italic = italic;
  label->key = g_strdup_printf ("story-label\x1f%a\x1f%d\x1f%d\x1f%s", size,
                                feature->kind == SITMAP_STORY_KIND_CAPITAL, italic, feature->label);
  text->key = label->key;
  text->new_layout = story_label_layout_new;
  text->data = label;
}

void
_sitmap_story_label_clear (SitmapStoryLabel *label)
{
  g_free (label->key);
}

/* ---- Country names ------------------------------------------------------ */

static PangoLayout *
country_name_layout_new (cairo_t       *cr,
                         gconstpointer  data)
{
  const SitmapCountryName *label = data;
  PangoLayout *layout = _sitmap_text_layout_new (cr, label->name, label->size, PANGO_WEIGHT_SEMIBOLD);
  PangoAttrList *attrs = pango_attr_list_new ();

  pango_attr_list_insert (attrs, pango_attr_letter_spacing_new ((int)(label->size * 0.08 * PANGO_SCALE)));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  return layout;
}

void
_sitmap_country_name_init (SitmapCountryName *label,
                           SitmapText        *text,
                           const char        *name,
                           double             size)
{
  label->name = name;
  label->size = size;
  label->key = g_strdup_printf ("country\x1f%a\x1f%s", size, name);
  text->key = label->key;
  text->new_layout = country_name_layout_new;
  text->data = label;
}

void
_sitmap_country_name_clear (SitmapCountryName *label)
{
  g_free (label->key);
}

void
_sitmap_country_name_measure (const char *name,
                              double      size,
                              gpointer    cr,
                              double     *width,
                              double     *height)
{
  SitmapCountryName label;
  SitmapText text;
  PangoRectangle logical;

  _sitmap_country_name_init (&label, &text, name, size);
  _sitmap_text_get_extents (cr, &text, NULL, &logical);
  _sitmap_country_name_clear (&label);
  *width = logical.width;
  *height = logical.height;
}
