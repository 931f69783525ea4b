/* sitmap-window.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-window"

#include "config.h"

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "sitmap-window.h"

#define KEY_ZOOM_STEP 1.5
#define KEY_PAN_PIXELS 80

struct _SitmapWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  SitmapMapView        *map_view;
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;

  /* Owned references */
  SitmapMap            *map;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (SitmapWindow, sitmap_window, ADW_TYPE_APPLICATION_WINDOW)

GSettings *
sitmap_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  /* Run from the build tree, the schema is compiled beside the sources
   * rather than installed. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) local =
        g_settings_schema_source_new_from_directory (SITMAP_BUILD_SCHEMADIR, source, FALSE, NULL);

      if (local)
        schema = g_settings_schema_source_lookup (local, APP_ID, FALSE);
    }

  if (schema == NULL)
    {
      g_warning ("Settings schema %s not found; settings will not be kept", APP_ID);
      return g_settings_new_with_backend (APP_ID, g_memory_settings_backend_new ());
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  sitmap_map_view_zoom (SITMAP_WINDOW (widget)->map_view, KEY_ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  sitmap_map_view_zoom (SITMAP_WINDOW (widget)->map_view, 1 / KEY_ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  sitmap_map_view_zoom_to_fit (SITMAP_WINDOW (widget)->map_view);
}

static void
pan_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  int dx, dy;

  g_variant_get (param, "(ii)", &dx, &dy);
  sitmap_map_view_pan (SITMAP_WINDOW (widget)->map_view, dx, dy);
}

static void
on_show_graticule_changed (SitmapWindow *self,
                           const char   *key,
                           GSettings    *settings)
{
  sitmap_renderer_set_show_graticule (sitmap_map_get_renderer (self->map),
                                      g_settings_get_boolean (settings, "show-graticule"));
  sitmap_map_view_invalidate (self->map_view);
}

void
sitmap_window_show_error (SitmapWindow *self,
                          const char   *heading,
                          const char   *message)
{
  AdwMessageDialog *dialog;

  g_return_if_fail (SITMAP_IS_WINDOW (self));

  g_warning ("%s: %s", heading, message);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, NULL));
  /* Messages carry file names and file contents: never markup. */
  adw_message_dialog_set_body_use_markup (dialog, FALSE);
  adw_message_dialog_set_body (dialog, message);
  adw_message_dialog_add_response (dialog, "close", "_Close");
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
sitmap_window_open_basemap (SitmapWindow *self,
                            const char   *path)
{
  g_autoptr(GError) error = NULL;
  SitmapLayer *layer;

  g_return_val_if_fail (SITMAP_IS_WINDOW (self), FALSE);

  layer = sitmap_map_add_basemap (self->map, path, &error);
  if (layer == NULL)
    {
      sitmap_window_show_error (self, "Could Not Open Shapefile", error->message);
      return FALSE;
    }

  if (sitmap_layer_get_warnings (layer))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (sitmap_layer_get_warnings (layer)));

  sitmap_map_view_invalidate (self->map_view);
  return TRUE;
}

static void
save_window_state (SitmapWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
}

static gboolean
sitmap_window_close_request (GtkWindow *window)
{
  save_window_state (SITMAP_WINDOW (window));
  return GTK_WINDOW_CLASS (sitmap_window_parent_class)->close_request (window);
}

static void
sitmap_window_dispose (GObject *object)
{
  SitmapWindow *self = (SitmapWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_WINDOW);
  g_clear_object (&self->map);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (sitmap_window_parent_class)->dispose (object);
}

static void
sitmap_window_class_init (SitmapWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sitmap_window_dispose;
  window_class->close_request = sitmap_window_close_request;

  g_type_ensure (SITMAP_TYPE_MAP_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, map_view);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SitmapWindow, window_title);

  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-fit", NULL, zoom_fit_action);
  gtk_widget_class_install_action (widget_class, "win.pan", "(ii)", pan_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_SHIFT_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, 0, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "win.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, 0, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "win.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "win.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "win.pan", "(ii)", KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.pan", "(ii)", -KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "win.pan", "(ii)", 0, KEY_PAN_PIXELS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "win.pan", "(ii)", 0, -KEY_PAN_PIXELS);
}

static void
sitmap_window_init (SitmapWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAction) graticule_action = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = sitmap_settings_new ();
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  graticule_action = g_settings_create_action (self->settings, "show-graticule");
  g_action_map_add_action (G_ACTION_MAP (self), graticule_action);
  g_signal_connect_object (self->settings, "changed::show-graticule",
                           G_CALLBACK (on_show_graticule_changed), self, G_CONNECT_SWAPPED);

  self->map = sitmap_map_new ();
  if (!sitmap_map_load_builtin_basemaps (self->map, &error))
    sitmap_window_show_error (self, "Boundaries Missing", error->message);
  sitmap_renderer_set_show_graticule (sitmap_map_get_renderer (self->map),
                                      g_settings_get_boolean (self->settings, "show-graticule"));
  sitmap_map_view_set_map (self->map_view, self->map);
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));
}

SitmapWindow *
sitmap_window_new (GtkApplication *application)
{
  return g_object_new (SITMAP_TYPE_WINDOW, "application", application, NULL);
}

SitmapMapView *
sitmap_window_get_map_view (SitmapWindow *self)
{
  g_return_val_if_fail (SITMAP_IS_WINDOW (self), NULL);
  return self->map_view;
}
