/* sitmap-link-popover.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-link-popover"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sitmap-feature-text.h"
#include "sitmap-link-popover.h"

struct _SitmapLinkPopover
{
  GtkPopover      parent_instance;

  /* Template widgets */
  GtkSearchEntry *entry;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (SitmapLinkPopover, sitmap_link_popover, GTK_TYPE_POPOVER)

enum {
  FEATURE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       data)
{
  SitmapLinkPopover *self = data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  const char *haystack = g_object_get_data (G_OBJECT (row), "sitmap-search-text");
  g_autofree char *needle = NULL;

  if (*query == '\0' || haystack == NULL)
    return TRUE;
  needle = g_utf8_casefold (query, -1);
  return strstr (haystack, needle) != NULL;
}

static void
on_row_activated (SitmapLinkPopover *self,
                  GtkListBoxRow     *row)
{
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[FEATURE_CHOSEN], 0, gtk_list_box_row_get_index (row));
}

static void
on_search_changed (SitmapLinkPopover *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

/* Enter in the filter takes the first place still shown. */
static void
on_entry_activate (SitmapLinkPopover *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (gtk_widget_get_child_visible (row) && filter_row (GTK_LIST_BOX_ROW (row), self))
      {
        on_row_activated (self, GTK_LIST_BOX_ROW (row));
        return;
      }
}

static void
on_next_match (SitmapLinkPopover *self)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list)); row;
       row = gtk_widget_get_next_sibling (row))
    if (filter_row (GTK_LIST_BOX_ROW (row), self))
      {
        gtk_widget_grab_focus (row);
        return;
      }
}

static void
sitmap_link_popover_show (GtkWidget *widget)
{
  SitmapLinkPopover *self = (SitmapLinkPopover *)widget;

  GTK_WIDGET_CLASS (sitmap_link_popover_parent_class)->show (widget);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
sitmap_link_popover_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SITMAP_TYPE_LINK_POPOVER);

  G_OBJECT_CLASS (sitmap_link_popover_parent_class)->dispose (object);
}

static void
sitmap_link_popover_class_init (SitmapLinkPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_link_popover_dispose;
  widget_class->show = sitmap_link_popover_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-link-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapLinkPopover, entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapLinkPopover, list);

  /**
   * SitmapLinkPopover::feature-chosen:
   * @index: the story feature chosen
   */
  signals[FEATURE_CHOSEN] =
    g_signal_new ("feature-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
sitmap_link_popover_init (SitmapLinkPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (on_search_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "next-match", G_CALLBACK (on_next_match), self, G_CONNECT_SWAPPED);
}

GtkWidget *
sitmap_link_popover_new (void)
{
  return g_object_new (SITMAP_TYPE_LINK_POPOVER, NULL);
}

void
sitmap_link_popover_set_story (SitmapLinkPopover *self,
                               SitmapStory       *story)
{
  GtkWidget *child;

  g_return_if_fail (SITMAP_IS_LINK_POPOVER (self));
  g_return_if_fail (story == NULL || SITMAP_IS_STORY (story));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  if (story == NULL)
    return;

  for (guint i = 0; i < sitmap_story_get_n_features (story); i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      const char *kind = sitmap_feature_kind_title (feature->kind);
      /* TRANSLATORS: a place to link a passage to: its name and kind, "Kyiv (Capital)" */
      g_autofree char *text = g_strdup_printf (_("%s (%s)"), feature->name, kind);
      g_autofree char *search = g_strdup_printf ("%s %s %s", feature->name, feature->label, kind);
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_end (label, 8);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
      g_object_set_data_full (G_OBJECT (row), "sitmap-search-text", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->list, row);
    }
}

GtkWidget *
sitmap_link_popover_get_row (SitmapLinkPopover *self,
                             guint              index)
{
  g_return_val_if_fail (SITMAP_IS_LINK_POPOVER (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list, index));
}
