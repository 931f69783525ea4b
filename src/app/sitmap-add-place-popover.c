/* sitmap-add-place-popover.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-add-place-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-add-place-popover.h"
#include "sitmap-feature-text.h"
#include "sitmap-gazetteer-place.h"

#define MAX_RESULTS 12

struct _SitmapAddPlacePopover
{
  GtkPopover       parent_instance;

  /* Template widgets */
  GtkSearchEntry  *entry;
  GtkListBox      *results;
  GtkLabel        *status;

  /* Opened when the popover is first shown or searched, not with the
   * window: checking the whole file cost the first frame 17 ms. */
  SitmapGazetteer *gazetteer;   /* NULL until then, or when it could not be opened */
  gboolean         gazetteer_tried;
  GPtrArray       *found;       /* borrowed entries, one a row */
};

G_DEFINE_FINAL_TYPE (SitmapAddPlacePopover, sitmap_add_place_popover, GTK_TYPE_POPOVER)

enum {
  PLACE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkWidget *
result_row (SitmapAddPlacePopover      *self,
            const SitmapGazetteerEntry *entry,
            const char                 *query)
{
  g_autofree char *title = sitmap_gazetteer_place_title (self->gazetteer, entry);
  const char *kind = sitmap_feature_kind_title (sitmap_gazetteer_place_kind (entry));
  const char *matched = sitmap_gazetteer_place_matched_name (entry, query);
  /* TRANSLATORS: a search result's kind and the name it was found by, "City · Київ" */
  g_autofree char *detail = matched ? g_strdup_printf (_("%s · %s"), kind, matched) : g_strdup (kind);
  g_autofree char *accessible = g_strdup_printf ("%s, %s", title, detail);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (title);
  GtkWidget *sub = gtk_label_new (detail);

  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (sub), 0);
  gtk_label_set_ellipsize (GTK_LABEL (sub), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (sub, "dim-label");
  gtk_widget_add_css_class (sub, "caption");
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), sub);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

/* A gazetteer that cannot be opened says why where its results would be,
 * and the entry takes no text. */
static SitmapGazetteer *
ensure_gazetteer (SitmapAddPlacePopover *self)
{
  g_autoptr(GError) error = NULL;

  if (self->gazetteer_tried)
    return self->gazetteer;
  self->gazetteer_tried = TRUE;
  self->gazetteer = sitmap_gazetteer_open_default (&error);
  if (self->gazetteer == NULL)
    {
      gtk_label_set_text (self->status, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status), TRUE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->entry), FALSE);
    }
  return self->gazetteer;
}

static void
search (SitmapAddPlacePopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))))
    gtk_list_box_remove (self->results, child);
  g_clear_pointer (&self->found, g_ptr_array_unref);

  /* The entry reports its empty text once at start-up: nothing to look
   * up yet, so no reason to open the gazetteer on the main thread. */
  if (*text == '\0' && !self->gazetteer_tried)
    return;
  if (ensure_gazetteer (self) == NULL)
    return;
  self->found = sitmap_gazetteer_search (self->gazetteer, text, MAX_RESULTS);
  for (guint i = 0; i < self->found->len; i++)
    gtk_list_box_append (self->results, result_row (self, g_ptr_array_index (self->found, i), text));
  gtk_widget_set_visible (GTK_WIDGET (self->results), self->found->len > 0);

  if (*text != '\0' && self->found->len == 0)
    gtk_label_set_text (self->status, _("No place of that name. Add it by clicking the map instead."));
  else
    gtk_label_set_text (self->status, "");
  gtk_widget_set_visible (GTK_WIDGET (self->status), *gtk_label_get_text (self->status) != '\0');
  gtk_list_box_select_row (self->results, gtk_list_box_get_row_at_index (self->results, 0));
}

static void
choose (SitmapAddPlacePopover *self,
        int                    index)
{
  const SitmapGazetteerEntry *entry;

  if (self->found == NULL || index < 0 || (guint)index >= self->found->len)
    return;
  entry = g_ptr_array_index (self->found, index);
  /* Told before the popover closes, so whoever listens to both knows
   * the closing was a choice. */
  g_signal_emit (self, signals[PLACE_CHOSEN], 0, entry);
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_row_activated (SitmapAddPlacePopover *self,
                  GtkListBoxRow         *row)
{
  choose (self, gtk_list_box_row_get_index (row));
}

static void
on_entry_activate (SitmapAddPlacePopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->results);

  choose (self, row ? gtk_list_box_row_get_index (row) : 0);
}

/* Down from the entry goes into the results; Up from the first row back. */
static void
on_next_match (SitmapAddPlacePopover *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results, 0);

  if (row)
    {
      gtk_list_box_select_row (self->results, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
}

static gboolean
on_entry_key (SitmapAddPlacePopover *self,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state)
{
  if (keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
    {
      on_next_match (self);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_stop_search (SitmapAddPlacePopover *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
sitmap_add_place_popover_show (GtkWidget *widget)
{
  SitmapAddPlacePopover *self = (SitmapAddPlacePopover *)widget;

  ensure_gazetteer (self);
  GTK_WIDGET_CLASS (sitmap_add_place_popover_parent_class)->show (widget);
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}

static void
sitmap_add_place_popover_dispose (GObject *object)
{
  SitmapAddPlacePopover *self = (SitmapAddPlacePopover *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_ADD_PLACE_POPOVER);
  g_clear_pointer (&self->found, g_ptr_array_unref);
  g_clear_object (&self->gazetteer);

  G_OBJECT_CLASS (sitmap_add_place_popover_parent_class)->dispose (object);
}

static void
sitmap_add_place_popover_class_init (SitmapAddPlacePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_add_place_popover_dispose;
  widget_class->show = sitmap_add_place_popover_show;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-add-place-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapAddPlacePopover, entry);
  gtk_widget_class_bind_template_child (widget_class, SitmapAddPlacePopover, results);
  gtk_widget_class_bind_template_child (widget_class, SitmapAddPlacePopover, status);

  /**
   * SitmapAddPlacePopover::place-chosen:
   * @entry: the SitmapGazetteerEntry chosen, borrowed from the gazetteer
   */
  signals[PLACE_CHOSEN] =
    g_signal_new ("place-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
sitmap_add_place_popover_init (SitmapAddPlacePopover *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_widget_set_visible (GTK_WIDGET (self->status), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->results), FALSE);

  g_signal_connect_object (self->entry, "search-changed", G_CALLBACK (search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "activate", G_CALLBACK (on_entry_activate), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "next-match", G_CALLBACK (on_next_match), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->entry, "stop-search", G_CALLBACK (on_stop_search), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->results, "row-activated", G_CALLBACK (on_row_activated), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_entry_key), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
}

GtkWidget *
sitmap_add_place_popover_new (void)
{
  return g_object_new (SITMAP_TYPE_ADD_PLACE_POPOVER, NULL);
}

void
sitmap_add_place_popover_set_text (SitmapAddPlacePopover *self,
                                   const char            *text)
{
  g_return_if_fail (SITMAP_IS_ADD_PLACE_POPOVER (self));
  g_return_if_fail (text != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  search (self);
}

guint
sitmap_add_place_popover_get_n_results (SitmapAddPlacePopover *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_PLACE_POPOVER (self), 0);
  return self->found ? self->found->len : 0;
}

GtkWidget *
sitmap_add_place_popover_get_row (SitmapAddPlacePopover *self,
                                  guint                  index)
{
  g_return_val_if_fail (SITMAP_IS_ADD_PLACE_POPOVER (self), NULL);
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->results, index));
}

const SitmapGazetteerEntry *
sitmap_add_place_popover_get_result (SitmapAddPlacePopover *self,
                                     guint                  index)
{
  g_return_val_if_fail (SITMAP_IS_ADD_PLACE_POPOVER (self), NULL);
  g_return_val_if_fail (index < sitmap_add_place_popover_get_n_results (self), NULL);
  return g_ptr_array_index (self->found, index);
}

SitmapGazetteer *
sitmap_add_place_popover_get_gazetteer (SitmapAddPlacePopover *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_PLACE_POPOVER (self), NULL);
  return ensure_gazetteer (self);
}
