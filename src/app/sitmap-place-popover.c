/* sitmap-place-popover.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-place-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-feature-text.h"
#include "sitmap-place-popover.h"

struct _SitmapPlacePopover
{
  GtkPopover         parent_instance;

  /* Template widgets */
  GtkScrolledWindow *scroller;
};

G_DEFINE_FINAL_TYPE (SitmapPlacePopover, sitmap_place_popover, GTK_TYPE_POPOVER)

static GtkWidget *
plain_label (const char *text,
             const char *css_class)
{
  /* gtk_label_new never parses markup: names and excerpts come from
   * files anyone can write. */
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 52);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
build_feature_details (const SitmapStoryFeature *feature)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_autofree char *dates = sitmap_feature_dates_text (feature);
  g_autofree char *subtitle = NULL;
  g_autoptr(GPtrArray) sources = g_ptr_array_new ();
  GtkWidget *title = plain_label (feature->name, "title-3");

  gtk_label_set_selectable (GTK_LABEL (title), FALSE);
  gtk_box_append (GTK_BOX (box), title);

  /* TRANSLATORS: a place's kind and its dates, "Capital · 14 January 2022" */
  subtitle = *dates ? g_strdup_printf (_("%s · %s"), sitmap_feature_kind_title (feature->kind), dates)
                    : g_strdup (sitmap_feature_kind_title (feature->kind));
  gtk_box_append (GTK_BOX (box), plain_label (subtitle, "dim-label"));

  if (feature->figures->len)
    {
      GtkWidget *figures = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);

      gtk_widget_add_css_class (figures, "card");
      gtk_widget_set_margin_top (figures, 4);
      if (feature->callout_title)
        {
          GtkWidget *heading = plain_label (feature->callout_title, "heading");

          gtk_widget_set_margin_start (heading, 8);
          gtk_widget_set_margin_top (heading, 6);
          gtk_box_append (GTK_BOX (figures), heading);
        }
      for (guint i = 0; i < feature->figures->len; i++)
        {
          const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);
          g_autofree char *text = sitmap_figure_format (figure);
          /* TRANSLATORS: a troop figure and the article's note on it */
          g_autofree char *line = figure->note ? g_strdup_printf (_("%s (%s)"), text, figure->note) : g_strdup (text);
          GtkWidget *label = plain_label (line, NULL);

          gtk_widget_set_margin_start (label, 8);
          gtk_widget_set_margin_end (label, 8);
          gtk_box_append (GTK_BOX (figures), label);
          if (figure->source && !g_ptr_array_find_with_equal_func (sources, figure->source, g_str_equal, NULL))
            g_ptr_array_add (sources, figure->source);
        }
      gtk_widget_set_margin_bottom (gtk_widget_get_last_child (figures), 6);
      gtk_box_append (GTK_BOX (box), figures);
    }

  for (guint i = 0; feature->excerpts[i]; i++)
    {
      /* TRANSLATORS: an excerpt of the article, quoted */
      g_autofree char *quoted = g_strdup_printf (_("“%s”"), feature->excerpts[i]);
      GtkWidget *excerpt = plain_label (quoted, "excerpt");

      gtk_widget_set_margin_top (excerpt, 4);
      gtk_box_append (GTK_BOX (box), excerpt);
    }

  if (sources->len)
    {
      /* TRANSLATORS: followed by who gives the figures, separated by "; " */
      g_autoptr(GString) line = g_string_new (_("Figures: "));

      for (guint i = 0; i < sources->len; i++)
        g_string_append_printf (line, "%s%s", i ? "; " : "", (char *)g_ptr_array_index (sources, i));
      gtk_box_append (GTK_BOX (box), plain_label (line->str, "caption"));
    }
  if (feature->note)
    gtk_box_append (GTK_BOX (box), plain_label (feature->note, "caption"));

  return box;
}

static void
sitmap_place_popover_class_init (SitmapPlacePopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-place-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapPlacePopover, scroller);
}

static void
sitmap_place_popover_init (SitmapPlacePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sitmap_place_popover_new (const SitmapStoryFeature *feature)
{
  SitmapPlacePopover *self;

  g_return_val_if_fail (feature != NULL, NULL);

  self = g_object_new (SITMAP_TYPE_PLACE_POPOVER, NULL);
  gtk_scrolled_window_set_child (self->scroller, build_feature_details (feature));
  return GTK_WIDGET (self);
}

void
sitmap_place_popover_popup (SitmapPlacePopover *self)
{
  g_return_if_fail (SITMAP_IS_PLACE_POPOVER (self));

  gtk_popover_popup (GTK_POPOVER (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->scroller));
}
