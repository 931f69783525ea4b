/* sitmap-sidebar.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-sidebar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "sitmap-feature-text.h"
#include "sitmap-link-popover.h"
#include "sitmap-sidebar.h"

struct _SitmapSidebar
{
  GtkBox          parent_instance;

  /* Template widgets */
  GtkTextView    *article_view;
  GtkMenuButton  *link_button;
  SitmapLinkPopover *link_popover;
  GtkListBox     *places_list;
  GtkSearchEntry *search_entry;
  GtkStack       *stack;

  /* Character ranges of every mapped mention in the article view, with
   * the feature each belongs to (MentionRange). */
  GArray         *mentions;
};

typedef struct
{
  int   start;
  int   end;
  guint feature;
} MentionRange;

enum {
  PLACE_ACTIVATED,
  PASSAGE_ACTIVATED,
  LINK_CHOSEN,
  ARTICLE_SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SitmapSidebar, sitmap_sidebar, GTK_TYPE_BOX)

static void
highlight_article (SitmapSidebar *self,
                   int            selected)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->article_view);
  GtkTextIter start, end;
  gboolean scrolled = FALSE;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag_by_name (buffer, "selected-mention", &start, &end);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const MentionRange *mention = &g_array_index (self->mentions, MentionRange, i);

      if ((int)mention->feature != selected)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, mention->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, mention->end);
      gtk_text_buffer_apply_tag_by_name (buffer, "selected-mention", &start, &end);
      if (!scrolled)
        {
          gtk_text_view_scroll_to_iter (self->article_view, &start, 0.1, TRUE, 0, 0.3);
          scrolled = TRUE;
        }
    }
}

void
sitmap_sidebar_select_feature (SitmapSidebar *self,
                               int            index)
{
  GtkListBoxRow *row;

  g_return_if_fail (SITMAP_IS_SIDEBAR (self));

  row = index >= 0 ? gtk_list_box_get_row_at_index (self->places_list, index) : NULL;
  highlight_article (self, index);
  if (row != gtk_list_box_get_selected_row (self->places_list))
    gtk_list_box_select_row (self->places_list, row);
}

void
sitmap_sidebar_focus_search (SitmapSidebar *self)
{
  g_return_if_fail (SITMAP_IS_SIDEBAR (self));

  gtk_stack_set_visible_child_name (self->stack, "places");
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
on_place_row_activated (SitmapSidebar *self,
                        GtkListBoxRow *row,
                        GtkListBox    *list)
{
  g_assert (SITMAP_IS_SIDEBAR (self));

  g_signal_emit (self, signals[PLACE_ACTIVATED], 0, gtk_list_box_row_get_index (row));
}

static gboolean
filter_places (GtkListBoxRow *row,
               gpointer       data)
{
  SitmapSidebar *self = data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  const char *haystack = g_object_get_data (G_OBJECT (row), "sitmap-search-text");
  g_autofree char *needle = NULL;

  if (query == NULL || *query == '\0' || haystack == NULL)
    return TRUE;
  needle = g_utf8_casefold (query, -1);
  return strstr (haystack, needle) != NULL;
}

static void
on_search_changed (SitmapSidebar *self)
{
  gtk_list_box_invalidate_filter (self->places_list);
}

static void
on_article_click (SitmapSidebar   *self,
                  int              n_press,
                  double           x,
                  double           y,
                  GtkGestureClick *gesture)
{
  GtkTextIter iter;
  int bx, by, offset;

  gtk_text_view_window_to_buffer_coords (self->article_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->article_view, &iter, bx, by))
    return;
  offset = gtk_text_iter_get_offset (&iter);

  for (guint i = 0; i < self->mentions->len; i++)
    {
      const MentionRange *mention = &g_array_index (self->mentions, MentionRange, i);

      if (offset >= mention->start && offset < mention->end)
        {
          g_signal_emit (self, signals[PASSAGE_ACTIVATED], 0, (int)mention->feature);
          return;
        }
    }
}

static gboolean
article_is (GtkTextBuffer *buffer,
            const char    *article)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  return g_strcmp0 (text, article) == 0;
}

/* A place no passage of the article is tied to yet: flagged, for the eye
 * and for screen readers. */
static void
flag_unlinked (GtkWidget *row_box,
               GtkWidget *name,
               GtkWidget *row)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  const char *why = _("No passage of the article is tied to it");

  g_object_ref (name);
  gtk_box_remove (GTK_BOX (row_box), name);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (line), name);
  g_object_unref (name);
  gtk_widget_set_tooltip_text (icon, why);
  gtk_widget_add_css_class (icon, "warning");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL, why, -1);
  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_prepend (GTK_BOX (row_box), line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why, -1);
  gtk_widget_add_css_class (row, "unlinked");
}

void
sitmap_sidebar_set_story (SitmapSidebar *self,
                          SitmapStory   *story)
{
  GtkTextBuffer *buffer;
  GtkWidget *child;
  const char *article;
  guint n;

  g_return_if_fail (SITMAP_IS_SIDEBAR (self));
  g_return_if_fail (story == NULL || SITMAP_IS_STORY (story));

  buffer = gtk_text_view_get_buffer (self->article_view);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->places_list))))
    gtk_list_box_remove (self->places_list, child);
  g_array_set_size (self->mentions, 0);
  sitmap_link_popover_set_story (self->link_popover, story);

  if (story == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  article = sitmap_story_get_article (story);
  /* An edit of the features leaves the article where the reader was in
   * it, and what they had chosen of it. */
  if (!article_is (buffer, article))
    gtk_text_buffer_set_text (buffer, article, -1);
  else
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag_by_name (buffer, "mention", &start, &end);
    }
  n = sitmap_story_get_n_features (story);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      const char *kind = sitmap_feature_kind_title (feature->kind);
      GtkWidget *row_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *name = gtk_label_new (feature->name);
      g_autofree char *dates = sitmap_feature_dates_text (feature);
      /* TRANSLATORS: a place's kind and its dates, "Capital · 14 January 2022" */
      g_autofree char *detail = *dates ? g_strdup_printf (_("%s · %s"), kind, dates) : g_strdup (kind);
      GtkWidget *sub = gtk_label_new (detail);
      GtkWidget *row = gtk_list_box_row_new ();
      g_autofree char *search = g_strdup_printf ("%s %s %s", feature->name, feature->label, kind);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (sub), 0);
      gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (sub, "dim-label");
      gtk_widget_add_css_class (sub, "caption");
      gtk_box_append (GTK_BOX (row_box), name);
      gtk_box_append (GTK_BOX (row_box), sub);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), row_box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, feature->name, -1);
      if (feature->excerpts[0] == NULL)
        flag_unlinked (row_box, name, row);
      g_object_set_data_full (G_OBJECT (row), "sitmap-search-text", g_utf8_casefold (search, -1), g_free);
      gtk_list_box_append (self->places_list, row);

      for (guint e = 0; e < feature->excerpt_ranges->len; e++)
        {
          const SitmapTextRange *range = &g_array_index (feature->excerpt_ranges, SitmapTextRange, e);
          MentionRange mention;
          GtkTextIter start, end;

          mention.start = g_utf8_pointer_to_offset (article, article + range->start);
          mention.end = g_utf8_pointer_to_offset (article, article + range->end);
          mention.feature = i;
          g_array_append_val (self->mentions, mention);
          gtk_text_buffer_get_iter_at_offset (buffer, &start, mention.start);
          gtk_text_buffer_get_iter_at_offset (buffer, &end, mention.end);
          gtk_text_buffer_apply_tag_by_name (buffer, "mention", &start, &end);
        }
    }
}

static void
on_link_chosen (SitmapSidebar *self,
                int            index)
{
  g_signal_emit (self, signals[LINK_CHOSEN], 0, index);
}

static void
on_selection_notify (SitmapSidebar *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_button), sitmap_sidebar_get_article_selection (self, NULL, NULL));
  g_signal_emit (self, signals[ARTICLE_SELECTION_CHANGED], 0);
}

gboolean
sitmap_sidebar_get_article_selection (SitmapSidebar *self,
                                      int           *start,
                                      int           *end)
{
  GtkTextIter from, to;
  gboolean any;

  g_return_val_if_fail (SITMAP_IS_SIDEBAR (self), FALSE);

  any = gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (self->article_view), &from, &to);
  if (start)
    *start = gtk_text_iter_get_offset (&from);
  if (end)
    *end = gtk_text_iter_get_offset (&to);
  return any;
}

void
sitmap_sidebar_select_article_range (SitmapSidebar *self,
                                     int            start,
                                     int            end)
{
  GtkTextBuffer *buffer;
  GtkTextIter from, to;

  g_return_if_fail (SITMAP_IS_SIDEBAR (self));

  buffer = gtk_text_view_get_buffer (self->article_view);
  gtk_text_buffer_get_iter_at_offset (buffer, &from, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &to, end);
  gtk_text_buffer_select_range (buffer, &from, &to);
  gtk_text_view_scroll_to_iter (self->article_view, &from, 0.1, FALSE, 0, 0);
}

void
sitmap_sidebar_popup_link (SitmapSidebar *self)
{
  g_return_if_fail (SITMAP_IS_SIDEBAR (self));

  sitmap_sidebar_show_article (self);
  if (gtk_widget_get_sensitive (GTK_WIDGET (self->link_button)))
    gtk_menu_button_popup (self->link_button);
}

GtkWidget *
sitmap_sidebar_get_link_popover (SitmapSidebar *self)
{
  g_return_val_if_fail (SITMAP_IS_SIDEBAR (self), NULL);
  return GTK_WIDGET (self->link_popover);
}

void
sitmap_sidebar_show_article (SitmapSidebar *self)
{
  g_return_if_fail (SITMAP_IS_SIDEBAR (self));
  gtk_stack_set_visible_child_name (self->stack, "article");
}

static void
sitmap_sidebar_dispose (GObject *object)
{
  SitmapSidebar *self = (SitmapSidebar *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_SIDEBAR);
  g_clear_pointer (&self->mentions, g_array_unref);

  G_OBJECT_CLASS (sitmap_sidebar_parent_class)->dispose (object);
}

static void
sitmap_sidebar_class_init (SitmapSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_sidebar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, article_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, link_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, link_popover);
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, places_list);
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapSidebar, stack);

  /**
   * SitmapSidebar::place-activated:
   * @index: the story feature
   *
   * A place was chosen in the list.
   */
  signals[PLACE_ACTIVATED] =
    g_signal_new ("place-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * SitmapSidebar::passage-activated:
   * @index: the story feature
   *
   * A passage of the article mapped to a feature was clicked.
   */
  signals[PASSAGE_ACTIVATED] =
    g_signal_new ("passage-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * SitmapSidebar::link-chosen:
   * @index: the story feature
   *
   * The feature to tie the chosen passage of the article to was picked
   * in the Link to… popover.
   */
  signals[LINK_CHOSEN] =
    g_signal_new ("link-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  /**
   * SitmapSidebar::article-selection-changed:
   *
   * Some other passage of the article, or none, is chosen now.
   */
  signals[ARTICLE_SELECTION_CHANGED] =
    g_signal_new ("article-selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  g_type_ensure (SITMAP_TYPE_LINK_POPOVER);
}

static void
sitmap_sidebar_init (SitmapSidebar *self)
{
  GtkTextBuffer *buffer;
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->mentions = g_array_new (FALSE, FALSE, sizeof (MentionRange));
  buffer = gtk_text_view_get_buffer (self->article_view);
  gtk_text_buffer_create_tag (buffer, "mention", "background", "rgba(246,211,45,0.35)", NULL);
  gtk_text_buffer_create_tag (buffer, "selected-mention", "background", "rgba(53,132,228,0.35)", NULL);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_article_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self->article_view), GTK_EVENT_CONTROLLER (click));

  gtk_list_box_set_filter_func (self->places_list, filter_places, self, NULL);
  g_signal_connect_object (buffer, "notify::has-selection", G_CALLBACK (on_selection_notify), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_selection_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->link_popover, "feature-chosen", G_CALLBACK (on_link_chosen), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->places_list, "row-activated", G_CALLBACK (on_place_row_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self,
                           G_CONNECT_SWAPPED);
}
