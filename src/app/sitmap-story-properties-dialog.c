/* sitmap-story-properties-dialog.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-story-properties"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-error-dialog.h"
#include "sitmap-story-properties-dialog.h"

struct _SitmapStoryPropertiesDialog
{
  AdwWindow       parent_instance;

  SitmapMapView  *map_view;
  SitmapMap      *map;
  /* Filling the fields from the story: not an edit. */
  gboolean        updating;

  /* Template widgets */
  AdwEntryRow    *title_row;
  AdwEntryRow    *subtitle_row;
  AdwEntryRow    *publication_row;
  AdwEntryRow    *byline_row;
  AdwEntryRow    *convention_row;
  AdwEntryRow    *credit_row;
  GtkMenuButton  *date_button;
  GtkCalendar    *calendar;
  GtkButton      *no_date_button;
  GtkButton      *use_view_button;
  GtkSpinButton  *west_spin;
  GtkSpinButton  *south_spin;
  GtkSpinButton  *east_spin;
  GtkSpinButton  *north_spin;
};

G_DEFINE_FINAL_TYPE (SitmapStoryPropertiesDialog, sitmap_story_properties_dialog, ADW_TYPE_WINDOW)

/* Which story property each text row edits. */
static const char *
row_property (SitmapStoryPropertiesDialog *self,
              AdwEntryRow                 *row)
{
  if (row == self->title_row)
    return "title";
  if (row == self->subtitle_row)
    return "subtitle";
  if (row == self->publication_row)
    return "publication";
  if (row == self->byline_row)
    return "byline";
  if (row == self->convention_row)
    return "convention";
  if (row == self->credit_row)
    return "credit";
  g_return_val_if_reached (NULL);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  const char *now = gtk_editable_get_text (GTK_EDITABLE (row));

  if (g_strcmp0 (now, text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  sitmap_error_show_on_row (GTK_WIDGET (row), NULL);
}

/* The fields as the story has them now (opened, or undone). */
static void
sync_from_story (SitmapStoryPropertiesDialog *self)
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  g_autoptr(SitmapStoryInfo) info = NULL;
  double extent[4];

  if (story == NULL)
    return;
  info = sitmap_story_get_info (story);
  self->updating = TRUE;
  set_row_text (self->title_row, info->title);
  set_row_text (self->subtitle_row, info->subtitle);
  set_row_text (self->publication_row, info->publication);
  set_row_text (self->byline_row, info->byline);
  set_row_text (self->convention_row, info->convention);
  set_row_text (self->credit_row, info->credit);

  if (info->date)
    {
      int y = 0, m = 0, d = 0;
      g_autoptr(GDateTime) day = NULL;

      if (sscanf (info->date, "%d-%d-%d", &y, &m, &d) == 3 &&
          (day = g_date_time_new_local (y, m, d, 12, 0, 0)) != NULL)
        {
          g_autofree char *shown = g_date_time_format (day, "%-d %B %Y");

          gtk_calendar_select_day (self->calendar, day);
          gtk_menu_button_set_label (self->date_button, shown);
        }
    }
  else
    /* Translators: the story's date, when it has none */
    gtk_menu_button_set_label (self->date_button, _("None"));

  if (info->has_extent)
    memcpy (extent, info->extent, sizeof extent);
  else
    sitmap_map_get_home_extent (self->map, extent);
  gtk_spin_button_set_value (self->west_spin, extent[0]);
  gtk_spin_button_set_value (self->south_spin, extent[1]);
  gtk_spin_button_set_value (self->east_spin, extent[2]);
  gtk_spin_button_set_value (self->north_spin, extent[3]);
  self->updating = FALSE;
}

static void
on_map_changed (SitmapStoryPropertiesDialog *self,
                SitmapMapChange              what,
                int                          feature)
{
  if (what & (SITMAP_MAP_CHANGE_INFO | SITMAP_MAP_CHANGE_STORY))
    sync_from_story (self);
}

static void
on_row_apply (SitmapStoryPropertiesDialog *self,
              AdwEntryRow                 *row)
{
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  if (!sitmap_map_set_story_property (self->map, row_property (self, row),
                                      gtk_editable_get_text (GTK_EDITABLE (row)), &error))
    sitmap_error_show_on_row (GTK_WIDGET (row), error);
  else
    sitmap_error_show_on_row (GTK_WIDGET (row), NULL);
}

static void
on_day_selected (SitmapStoryPropertiesDialog *self,
                 GtkCalendar                 *calendar)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (day, "%Y-%m-%d");
  g_autoptr(GError) error = NULL;

  if (self->updating)
    return;
  if (!sitmap_map_set_story_property (self->map, "date", iso, &error))
    g_warning ("date: %s", error->message);
}

static void
on_no_date (SitmapStoryPropertiesDialog *self,
            GtkButton                   *button)
{
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_set_story_property (self->map, "date", NULL, &error))
    g_warning ("date: %s", error->message);
  gtk_menu_button_popdown (self->date_button);
}

static void
set_extent (SitmapStoryPropertiesDialog *self,
            const double                 extent[4])
{
  SitmapStory *story = sitmap_map_get_story (self->map);
  g_autoptr(SitmapStoryInfo) info = NULL;
  g_autoptr(GError) error = NULL;

  if (story == NULL)
    return;
  info = sitmap_story_get_info (story);
  info->has_extent = TRUE;
  memcpy (info->extent, extent, sizeof info->extent);
  if (!sitmap_map_set_story_info (self->map, info, &error))
    {
      sitmap_error_show_on_row (gtk_widget_get_ancestor (GTK_WIDGET (self->north_spin), ADW_TYPE_ACTION_ROW), error);
      return;
    }
  sitmap_error_show_on_row (gtk_widget_get_ancestor (GTK_WIDGET (self->north_spin), ADW_TYPE_ACTION_ROW), NULL);
}

static void
on_extent_changed (SitmapStoryPropertiesDialog *self,
                   GtkSpinButton               *spin)
{
  double extent[4] = {
    gtk_spin_button_get_value (self->west_spin),
    gtk_spin_button_get_value (self->south_spin),
    gtk_spin_button_get_value (self->east_spin),
    gtk_spin_button_get_value (self->north_spin),
  };

  if (!self->updating)
    set_extent (self, extent);
}

static void
on_use_view (SitmapStoryPropertiesDialog *self,
             GtkButton                   *button)
{
  double extent[4];

  if (sitmap_map_view_get_lonlat_extent (self->map_view, extent))
    {
      set_extent (self, extent);
    }
}

static void
sitmap_story_properties_dialog_dispose (GObject *object)
{
  SitmapStoryPropertiesDialog *self = (SitmapStoryPropertiesDialog *)object;

  if (self->map)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_object (&self->map);
  g_clear_object (&self->map_view);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_STORY_PROPERTIES_DIALOG);

  G_OBJECT_CLASS (sitmap_story_properties_dialog_parent_class)->dispose (object);
}

static void
sitmap_story_properties_dialog_class_init (SitmapStoryPropertiesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_story_properties_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/sitmap/Sitmap/sitmap-story-properties-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, subtitle_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, publication_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, byline_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, convention_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, credit_row);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, no_date_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, use_view_button);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, west_spin);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, south_spin);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, east_spin);
  gtk_widget_class_bind_template_child (widget_class, SitmapStoryPropertiesDialog, north_spin);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
sitmap_story_properties_dialog_init (SitmapStoryPropertiesDialog *self)
{
  AdwEntryRow *rows[6];

  gtk_widget_init_template (GTK_WIDGET (self));

  rows[0] = self->title_row;
  rows[1] = self->subtitle_row;
  rows[2] = self->publication_row;
  rows[3] = self->byline_row;
  rows[4] = self->convention_row;
  rows[5] = self->credit_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_signal_connect_swapped (rows[i], "apply", G_CALLBACK (on_row_apply), self);
      g_signal_connect_swapped (rows[i], "entry-activated", G_CALLBACK (on_row_apply), self);
    }
  g_signal_connect_swapped (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  g_signal_connect_swapped (self->no_date_button, "clicked", G_CALLBACK (on_no_date), self);
  g_signal_connect_swapped (self->use_view_button, "clicked", G_CALLBACK (on_use_view), self);
  g_signal_connect_swapped (self->west_spin, "value-changed", G_CALLBACK (on_extent_changed), self);
  g_signal_connect_swapped (self->south_spin, "value-changed", G_CALLBACK (on_extent_changed), self);
  g_signal_connect_swapped (self->east_spin, "value-changed", G_CALLBACK (on_extent_changed), self);
  g_signal_connect_swapped (self->north_spin, "value-changed", G_CALLBACK (on_extent_changed), self);
}

SitmapStoryPropertiesDialog *
sitmap_story_properties_dialog_new (GtkWindow     *parent,
                                    SitmapMapView *map_view)
{
  SitmapStoryPropertiesDialog *self;

  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (map_view), NULL);
  g_return_val_if_fail (sitmap_map_view_get_map (map_view) != NULL, NULL);

  self = g_object_new (SITMAP_TYPE_STORY_PROPERTIES_DIALOG, "transient-for", parent, NULL);
  self->map_view = g_object_ref (map_view);
  self->map = g_object_ref (sitmap_map_view_get_map (map_view));
  g_signal_connect_object (self->map, "changed", G_CALLBACK (on_map_changed), self, G_CONNECT_SWAPPED);
  sync_from_story (self);
  return self;
}

GtkEditable *
sitmap_story_properties_dialog_get_field (SitmapStoryPropertiesDialog *self,
                                          const char                  *name)
{
  g_return_val_if_fail (SITMAP_IS_STORY_PROPERTIES_DIALOG (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "title"))
    return GTK_EDITABLE (self->title_row);
  if (g_str_equal (name, "subtitle"))
    return GTK_EDITABLE (self->subtitle_row);
  if (g_str_equal (name, "publication"))
    return GTK_EDITABLE (self->publication_row);
  if (g_str_equal (name, "byline"))
    return GTK_EDITABLE (self->byline_row);
  if (g_str_equal (name, "convention"))
    return GTK_EDITABLE (self->convention_row);
  if (g_str_equal (name, "credit"))
    return GTK_EDITABLE (self->credit_row);
  if (g_str_equal (name, "west"))
    return GTK_EDITABLE (self->west_spin);
  if (g_str_equal (name, "north"))
    return GTK_EDITABLE (self->north_spin);
  return NULL;
}

GtkCalendar *
sitmap_story_properties_dialog_get_calendar (SitmapStoryPropertiesDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY_PROPERTIES_DIALOG (self), NULL);
  return self->calendar;
}

GtkButton *
sitmap_story_properties_dialog_get_use_view_button (SitmapStoryPropertiesDialog *self)
{
  g_return_val_if_fail (SITMAP_IS_STORY_PROPERTIES_DIALOG (self), NULL);
  return self->use_view_button;
}
