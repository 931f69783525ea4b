/* sitmap-application.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-application"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-application.h"
#include "sitmap-frame-probe.h"
#include "sitmap-gazetteer.h"
#include "sitmap-window.h"

struct _SitmapApplication
{
  AdwApplication  parent_instance;

  GStrv           basemaps;
  /* When the process started, for the first-frame log line. */
  gint64          started;
  /* Recovery copies a crash left are offered by the first window. */
  gboolean        recovery_offered;
};

G_DEFINE_FINAL_TYPE (SitmapApplication, sitmap_application, ADW_TYPE_APPLICATION)

static void
on_first_frame (GdkFrameClock *clock,
                gpointer       data)
{
  GtkWidget *window = data;
  gint64 started = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (window), "sitmap-started"));

  g_signal_handlers_disconnect_by_func (clock, on_first_frame, data);
  /* Tests and the start-up benchmark wait for this line. */
  g_message ("first frame after %" G_GINT64_FORMAT " ms, renderer %s",
             (g_get_monotonic_time () - started) / 1000,
             G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
}

static void
on_window_map (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  if (clock)
    g_signal_connect (clock, "after-paint", G_CALLBACK (on_first_frame), window);
  g_signal_handlers_disconnect_by_func (window, on_window_map, NULL);
}

static SitmapWindow *
create_window (SitmapApplication *self)
{
  SitmapWindow *window = sitmap_window_new (GTK_APPLICATION (self));

  g_object_set_data (G_OBJECT (window), "sitmap-started", GSIZE_TO_POINTER (self->started));
  g_signal_connect (window, "map", G_CALLBACK (on_window_map), NULL);
  sitmap_frame_probe_attach (window);

  for (guint i = 0; self->basemaps && self->basemaps[i]; i++)
    sitmap_window_open_basemap (window, self->basemaps[i]);
  g_clear_pointer (&self->basemaps, g_strfreev);

  if (!self->recovery_offered)
    {
      self->recovery_offered = TRUE;
      sitmap_window_offer_recovery (window);
    }
  return window;
}

static void
sitmap_application_activate (GApplication *app)
{
  SitmapApplication *self = SITMAP_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (create_window (self));
  gtk_window_present (window);
}

static void
sitmap_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  SitmapApplication *self = SITMAP_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (create_window (self));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path)
        sitmap_window_open_file_async (SITMAP_WINDOW (window), path);
    }

  gtk_window_present (window);
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       data)
{
  GtkApplication *app = data;
  GList *windows = gtk_application_get_windows (app);

  /* Closing through close-request lets each window save its state. */
  for (GList *l = windows; l; l = l->next)
    gtk_window_close (l->data);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       data)
{
  GtkApplication *app = data;
  static const char *developers[] = { "The Sitmap developers", NULL };
  AdwAboutWindow *about = ADW_ABOUT_WINDOW (adw_about_window_new ());

  gtk_window_set_transient_for (GTK_WINDOW (about), gtk_application_get_active_window (app));
  adw_about_window_set_application_name (about, "Sitmap");
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_developer_name (about, "The Sitmap developers");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  /* TRANSLATORS: your names, one a line, as the About window credits them. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));
  adw_about_window_set_comments (about, _("Turn a news story into a situation map."));
  adw_about_window_add_legal_section (about, _("Boundaries"),
                                      _("Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."),
                                      GTK_LICENSE_CUSTOM,
                                      _("Natural Earth data is in the public domain."));
  /* GeoNames is CC BY: its credit has to be shown wherever its data is. */
  adw_about_window_add_legal_section (about, _("Place names"),
                                      _("Place names from GeoNames (geonames.org), Natural Earth, iso-codes and i18n-nationality."),
                                      GTK_LICENSE_CUSTOM,
                                      sitmap_gazetteer_get_attribution ());
  gtk_window_present (GTK_WINDOW (about));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
};

static void
sitmap_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *help_accels[] = { "<Primary>question", NULL };

  G_APPLICATION_CLASS (sitmap_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay", help_accels);
}

static void
sitmap_application_finalize (GObject *object)
{
  SitmapApplication *self = (SitmapApplication *)object;

  g_clear_pointer (&self->basemaps, g_strfreev);

  G_OBJECT_CLASS (sitmap_application_parent_class)->finalize (object);
}

static void
sitmap_application_class_init (SitmapApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = sitmap_application_finalize;
  app_class->activate = sitmap_application_activate;
  app_class->open = sitmap_application_open;
  app_class->startup = sitmap_application_startup;
}

static void
sitmap_application_init (SitmapApplication *self)
{
}

SitmapApplication *
sitmap_application_new (const char * const *basemaps)
{
  SitmapApplication *self = g_object_new (SITMAP_TYPE_APPLICATION,
                                          "application-id", APP_ID,
                                          "flags", G_APPLICATION_HANDLES_OPEN,
                                          "resource-base-path", "/io/github/sitmap/Sitmap",
                                          NULL);

  self->basemaps = basemaps ? g_strdupv ((char **)basemaps) : NULL;
  self->started = g_get_monotonic_time ();
  return self;
}
