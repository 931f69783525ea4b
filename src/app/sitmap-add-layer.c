/* sitmap-add-layer.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-add-layer"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "sitmap-add-layer.h"
#include "sitmap-feature-add.h"
#include "sitmap-layer.h"
#include "sitmap-gazetteer-place.h"

/* A click this many pixels from a gazetteer place is a click on it. */
#define NEAREST_PIXELS 24
#define NEAREST_MAX_KM 60.0
#define WHEEL_ZOOM_STEP 1.25

struct _SitmapAddLayer
{
  GtkWidget      parent_instance;

  SitmapMapView *map_view;
  SitmapAddMode  mode;
  GArray        *points;    /* lon, lat pairs of the line being clicked */
  /* The regions chosen for an area, all of one named layer. */
  SitmapLayer   *regions_layer;
  GArray        *regions;   /* guint feature indices */
  double         pointer_x, pointer_y;
  gboolean       pointer_in;
  double         drag_x, drag_y;

  GtkWidget     *banner;
  GtkWidget     *title;
  GtkWidget     *hint;
};

G_DEFINE_FINAL_TYPE (SitmapAddLayer, sitmap_add_layer, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODE,
  PROP_N_POINTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FEATURE_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

SitmapAddMode
sitmap_add_mode_from_string (const char *name)
{
  static const char * const names[] = { "", "add-place", "add-movement", "add-border", "add-area",
                                        "add-regions" };

  for (guint i = 1; name && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return i;
  return SITMAP_ADD_MODE_NONE;
}

static SitmapMap *
get_map (SitmapAddLayer *self)
{
  return self->map_view ? sitmap_map_view_get_map (self->map_view) : NULL;
}

static gboolean
to_lonlat (SitmapAddLayer *self,
           double          x,
           double          y,
           double         *lon,
           double         *lat)
{
  SitmapMap *map = get_map (self);
  double mx, my;

  if (map == NULL)
    return FALSE;
  sitmap_viewport_to_map (sitmap_map_view_get_viewport (self->map_view), x, y, &mx, &my);
  return sitmap_projection_inverse (sitmap_map_get_projection (map), mx, my, lon, lat) &&
         isfinite (*lon) && isfinite (*lat);
}

static gboolean
to_screen (SitmapAddLayer *self,
           double          lon,
           double          lat,
           double         *x,
           double         *y)
{
  double xy[2] = { lon, lat };

  sitmap_projection_forward (sitmap_map_get_projection (get_map (self)), xy, 1);
  if (!isfinite (xy[0]) || !isfinite (xy[1]))
    return FALSE;
  sitmap_viewport_to_screen (sitmap_map_view_get_viewport (self->map_view), xy[0], xy[1], x, y);
  return TRUE;
}

static void
update_banner (SitmapAddLayer *self)
{
  const char *title = "", *hint = "";

  switch (self->mode)
    {
    case SITMAP_ADD_MODE_PLACE:
      title = _("Adding places: click the map");
      hint = _("Each click adds a place, named after the nearest town. Esc leaves.");
      break;
    case SITMAP_ADD_MODE_MOVEMENT:
      title = _("Adding a movement: click its points");
      hint = _("Enter or a double click ends it, Backspace removes the last point, Esc cancels.");
      break;
    case SITMAP_ADD_MODE_BORDER:
      title = _("Adding a border line: click its points");
      hint = _("Enter or a double click ends it, Backspace removes the last point, Esc cancels.");
      break;
    case SITMAP_ADD_MODE_AREA:
      title = _("Adding an area: click around its outline");
      hint = _("Enter or a double click closes it, Backspace removes the last point, Esc cancels.");
      break;
    case SITMAP_ADD_MODE_REGIONS:
      title = _("Adding an area: click its regions");
      hint = _("A click chooses a region, another click on it lets it go. Enter ends, Esc cancels.");
      break;
    case SITMAP_ADD_MODE_NONE:
    default:
      break;
    }
  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_label_set_text (GTK_LABEL (self->hint), hint);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, hint, -1);
}

static void
points_changed (SitmapAddLayer *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
}

static void
added (SitmapAddLayer *self,
       int             index)
{
  if (index >= 0)
    g_signal_emit (self, signals[FEATURE_ADDED], 0, index);
}

static void
add_place_at (SitmapAddLayer *self,
              double          x,
              double          y)
{
  g_autoptr(SitmapGazetteer) gazetteer = sitmap_gazetteer_open_default (NULL);
  g_autoptr(GError) error = NULL;
  const SitmapGazetteerEntry *nearest = NULL;
  const SitmapViewport *viewport = sitmap_map_view_get_viewport (self->map_view);
  double lonlat[2];
  int index;

  if (!to_lonlat (self, x, y, &lonlat[0], &lonlat[1]))
    return;
  /* Projection metres are near enough to ground metres for "close". */
  if (gazetteer)
    nearest = sitmap_gazetteer_place_nearest (gazetteer, lonlat[0], lonlat[1],
                                              MIN (NEAREST_MAX_KM, NEAREST_PIXELS * viewport->resolution / 1000));
  if (nearest)
    {
      lonlat[0] = sitmap_gazetteer_entry_get_lon (nearest);
      lonlat[1] = sitmap_gazetteer_entry_get_lat (nearest);
      index = sitmap_feature_add (get_map (self), sitmap_gazetteer_entry_get_name (nearest),
                                  sitmap_gazetteer_place_kind (nearest), SITMAP_GEOMETRY_POINTS,
                                  lonlat, 1, &error);
    }
  else
    index = sitmap_feature_add (get_map (self), _("New place"), SITMAP_STORY_KIND_CITY,
                                SITMAP_GEOMETRY_POINTS, lonlat, 1, &error);
  if (index < 0)
    g_warning ("could not add a place: %s", error->message);
  added (self, index);
}

static void
add_point_at (SitmapAddLayer *self,
              double          x,
              double          y)
{
  double lonlat[2];

  if (!to_lonlat (self, x, y, &lonlat[0], &lonlat[1]))
    return;
  g_array_append_vals (self->points, lonlat, 2);
  points_changed (self);
}

/* The region under (x, y) of the topmost named polygon layer, or of the
 * layer chosen from already. */
static void
toggle_region_at (SitmapAddLayer *self,
                  double          x,
                  double          y)
{
  SitmapMap *map = get_map (self);
  double mx, my;

  if (map == NULL)
    return;
  sitmap_viewport_to_map (sitmap_map_view_get_viewport (self->map_view), x, y, &mx, &my);
  for (int i = (int)sitmap_map_get_n_layers (map) - 1; i >= 0; i--)
    {
      SitmapLayer *layer = sitmap_map_get_layer (map, i, NULL);
      int region;

      if (sitmap_layer_get_kind (layer) != SITMAP_GEOMETRY_POLYGONS || sitmap_map_get_layer_name (map, layer) == NULL ||
          (self->regions->len > 0 && layer != self->regions_layer))
        continue;
      region = sitmap_layer_feature_at (layer, mx, my);
      if (region < 0)
        continue;

      g_set_object (&self->regions_layer, layer);
      for (guint r = 0; r < self->regions->len; r++)
        if (g_array_index (self->regions, guint, r) == (guint)region)
          {
            g_array_remove_index (self->regions, r);
            points_changed (self);
            return;
          }
      g_array_append_val (self->regions, region);
      points_changed (self);
      return;
    }
}

static gboolean
finish_regions (SitmapAddLayer *self)
{
  SitmapMap *map = get_map (self);
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SitmapLayer) layer = g_steal_pointer (&self->regions_layer);
  const SitmapFeature *first;
  const char *field;
  int field_index, index;

  first = sitmap_layer_get_feature (layer, g_array_index (self->regions, guint, 0));
  field = sitmap_feature_add_region_key (layer, g_array_index (self->regions, guint, 0));
  field_index = field ? sitmap_layer_find_field (layer, field) : -1;
  for (guint r = 0; field_index >= 0 && r < self->regions->len; r++)
    g_strv_builder_add (values, sitmap_layer_get_feature (layer, g_array_index (self->regions, guint, r))
                                  ->attributes[field_index]);
  strv = g_strv_builder_end (values);
  g_array_set_size (self->regions, 0);
  points_changed (self);
  if (field_index < 0)
    {
      g_warning ("the regions chosen have no attribute that names them alone");
      return FALSE;
    }

  index = sitmap_feature_add_regions (map, strv[1] == NULL && *first->name ? first->name : _("New area"),
                                      SITMAP_STORY_KIND_AREA, sitmap_map_get_layer_name (map, layer), field,
                                      (const char * const *)strv, &error);
  if (index < 0)
    {
      g_warning ("could not add the area: %s", error->message);
      return FALSE;
    }
  added (self, index);
  return TRUE;
}

static void
draw_regions (SitmapAddLayer *self,
              cairo_t        *cr)
{
  const SitmapViewport *viewport = sitmap_map_view_get_viewport (self->map_view);

  for (guint r = 0; r < self->regions->len; r++)
    {
      const SitmapShape *shape = sitmap_layer_get_shape (self->regions_layer, g_array_index (self->regions, guint, r));

      for (guint p = 0; shape && p < shape->n_parts; p++)
        {
          cairo_new_sub_path (cr);
          for (guint v = shape->part_start[p]; v < shape->part_start[p + 1]; v++)
            {
              double x, y;

              if (!isfinite (shape->xy[2 * v]) || !isfinite (shape->xy[2 * v + 1]))
                continue;
              sitmap_viewport_to_screen (viewport, shape->xy[2 * v], shape->xy[2 * v + 1], &x, &y);
              cairo_line_to (cr, x, y);
            }
          cairo_close_path (cr);
        }
    }
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_EVEN_ODD);
  cairo_set_source_rgba (cr, 0.85, 0.45, 0.1, 0.35);
  cairo_fill_preserve (cr);
  cairo_set_line_width (cr, 2);
  cairo_set_source_rgb (cr, 0.75, 0.35, 0.05);
  cairo_stroke (cr);
}

static void
on_pressed (SitmapAddLayer  *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->map_view));

  switch (self->mode)
    {
    case SITMAP_ADD_MODE_PLACE:
      /* The first click of a double click added it already. */
      if (n_press == 1)
        add_place_at (self, x, y);
      break;
    case SITMAP_ADD_MODE_MOVEMENT:
    case SITMAP_ADD_MODE_BORDER:
    case SITMAP_ADD_MODE_AREA:
      if (n_press >= 2)
        sitmap_add_layer_finish (self);
      else
        add_point_at (self, x, y);
      break;
    case SITMAP_ADD_MODE_REGIONS:
      /* The first click of a double click chose the region already. */
      if (n_press >= 2)
        sitmap_add_layer_finish (self);
      else
        toggle_region_at (self, x, y);
      break;
    case SITMAP_ADD_MODE_NONE:
    default:
      break;
    }
}

static void
on_drag_begin (SitmapAddLayer *self,
               double          x,
               double          y)
{
  self->drag_x = self->drag_y = 0;
}

static void
on_drag_update (SitmapAddLayer *self,
                double          offset_x,
                double          offset_y)
{
  sitmap_map_view_pan (self->map_view, offset_x - self->drag_x, offset_y - self->drag_y);
  self->drag_x = offset_x;
  self->drag_y = offset_y;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
on_scroll (SitmapAddLayer *self,
           double          dx,
           double          dy)
{
  sitmap_map_view_zoom_at (self->map_view, pow (WHEEL_ZOOM_STEP, -dy), self->pointer_x, self->pointer_y);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return GDK_EVENT_STOP;
}

static void
on_motion (SitmapAddLayer *self,
           double          x,
           double          y)
{
  self->pointer_x = x;
  self->pointer_y = y;
  self->pointer_in = TRUE;
  if (self->points->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave (SitmapAddLayer *self)
{
  self->pointer_in = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
sitmap_add_layer_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SitmapAddLayer *self = (SitmapAddLayer *)widget;
  guint n = self->points->len / 2;

  if (self->regions->len > 0 && self->regions_layer != NULL)
    {
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                                              gtk_widget_get_height (widget)));

      draw_regions (self, cr);
      cairo_destroy (cr);
    }

  if (n > 0 && get_map (self) != NULL)
    {
      double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
      cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
      gboolean border = self->mode == SITMAP_ADD_MODE_BORDER;
      double x, y;

      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (guint i = 0; i < n; i++)
        if (to_screen (self, g_array_index (self->points, double, 2 * i),
                       g_array_index (self->points, double, 2 * i + 1), &x, &y))
          cairo_line_to (cr, x, y);
      if (self->pointer_in)
        cairo_line_to (cr, self->pointer_x, self->pointer_y);
      if (self->mode == SITMAP_ADD_MODE_AREA && n >= 2)
        {
          cairo_close_path (cr);
          cairo_set_source_rgba (cr, 0.85, 0.2, 0.15, 0.18);
          cairo_fill_preserve (cr);
        }
      cairo_set_line_width (cr, 5);
      cairo_set_source_rgba (cr, 1, 1, 1, 0.8);
      cairo_stroke_preserve (cr);
      cairo_set_line_width (cr, 2.5);
      if (border)
        cairo_set_dash (cr, (double[]){ 8, 5 }, 2, 0);
      cairo_set_source_rgb (cr, border ? 0.25 : 0.8, border ? 0.25 : 0.15, border ? 0.3 : 0.1);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      for (guint i = 0; i < n; i++)
        if (to_screen (self, g_array_index (self->points, double, 2 * i),
                       g_array_index (self->points, double, 2 * i + 1), &x, &y))
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, x, y, 4.5, 0, 2 * G_PI);
          }
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_line_width (cr, 1.5);
      cairo_set_source_rgb (cr, 0.15, 0.15, 0.2);
      cairo_stroke (cr);
      cairo_destroy (cr);
    }

  gtk_widget_snapshot_child (widget, self->banner, snapshot);
}

static void
sitmap_add_layer_dispose (GObject *object)
{
  SitmapAddLayer *self = (SitmapAddLayer *)object;

  g_clear_pointer (&self->banner, gtk_widget_unparent);
  g_clear_object (&self->map_view);
  g_clear_object (&self->regions_layer);

  G_OBJECT_CLASS (sitmap_add_layer_parent_class)->dispose (object);
}

static void
sitmap_add_layer_finalize (GObject *object)
{
  SitmapAddLayer *self = (SitmapAddLayer *)object;

  g_array_unref (self->points);
  g_array_unref (self->regions);

  G_OBJECT_CLASS (sitmap_add_layer_parent_class)->finalize (object);
}

static void
sitmap_add_layer_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SitmapAddLayer *self = SITMAP_ADD_LAYER (object);

  switch (prop_id)
    {
    case PROP_MODE:
      g_value_set_int (value, self->mode);
      break;
    case PROP_N_POINTS:
      g_value_set_uint (value, sitmap_add_layer_get_n_points (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_add_layer_class_init (SitmapAddLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_add_layer_dispose;
  object_class->finalize = sitmap_add_layer_finalize;
  object_class->get_property = sitmap_add_layer_get_property;
  widget_class->snapshot = sitmap_add_layer_snapshot;

  properties[PROP_MODE] =
    g_param_spec_int ("mode", NULL, NULL, SITMAP_ADD_MODE_NONE, SITMAP_ADD_MODE_REGIONS, SITMAP_ADD_MODE_NONE,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_POINTS] =
    g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SitmapAddLayer::feature-added:
   * @index: the story feature added
   */
  signals[FEATURE_ADDED] =
    g_signal_new ("feature-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "add-layer");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sitmap_add_layer_init (SitmapAddLayer *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL |
                                                                GTK_EVENT_CONTROLLER_SCROLL_DISCRETE);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));

  self->points = g_array_new (FALSE, FALSE, sizeof (double));
  self->regions = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "crosshair");

  /* The mode indicator: what a click does now, and how to stop. */
  self->banner = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_halign (self->banner, GTK_ALIGN_CENTER);
  /* At the foot, where the story's title and legend are not. */
  gtk_widget_set_valign (self->banner, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (self->banner, 16);
  gtk_widget_add_css_class (self->banner, "app-notification");
  gtk_widget_add_css_class (self->banner, "add-mode-banner");
  gtk_widget_set_cursor_from_name (self->banner, "default");
  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "heading");
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  self->hint = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->hint, "caption");
  gtk_label_set_xalign (GTK_LABEL (self->hint), 0);
  gtk_label_set_wrap (GTK_LABEL (self->hint), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (self->hint), 60);
  gtk_box_append (GTK_BOX (text), self->title);
  gtk_box_append (GTK_BOX (text), self->hint);
  gtk_box_append (GTK_BOX (self->banner), gtk_image_new_from_icon_name ("list-add-symbolic"));
  gtk_box_append (GTK_BOX (self->banner), text);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (done), "win.add-leave");
  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (done, _("Leave the add mode (Esc)"));
  gtk_box_append (GTK_BOX (self->banner), done);
  gtk_widget_set_parent (self->banner, GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

static void
on_view_notify (SitmapAddLayer *self)
{
  if (self->points->len > 0 || self->regions->len > 0)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
sitmap_add_layer_set_map_view (SitmapAddLayer *self,
                               SitmapMapView  *map_view)
{
  g_return_if_fail (SITMAP_IS_ADD_LAYER (self));
  g_return_if_fail (SITMAP_IS_MAP_VIEW (map_view));

  if (self->map_view)
    g_signal_handlers_disconnect_by_data (self->map_view, self);
  g_set_object (&self->map_view, map_view);
  /* The line clicked so far stays where it was put on the map. */
  g_signal_connect_object (map_view, "notify::resolution", G_CALLBACK (on_view_notify), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (map_view, "notify::centre-x", G_CALLBACK (on_view_notify), self, G_CONNECT_SWAPPED);
}

SitmapAddMode
sitmap_add_layer_get_mode (SitmapAddLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_LAYER (self), SITMAP_ADD_MODE_NONE);
  return self->mode;
}

void
sitmap_add_layer_set_mode (SitmapAddLayer *self,
                           SitmapAddMode   mode)
{
  g_return_if_fail (SITMAP_IS_ADD_LAYER (self));
  g_return_if_fail (mode <= SITMAP_ADD_MODE_REGIONS);

  g_array_set_size (self->points, 0);
  g_array_set_size (self->regions, 0);
  points_changed (self);
  if (self->mode == mode)
    return;
  self->mode = mode;
  update_banner (self);
  gtk_widget_set_visible (GTK_WIDGET (self), mode != SITMAP_ADD_MODE_NONE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODE]);
}

guint
sitmap_add_layer_get_n_points (SitmapAddLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_LAYER (self), 0);
  return self->points->len / 2 + self->regions->len;
}

gboolean
sitmap_add_layer_can_finish (SitmapAddLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_LAYER (self), FALSE);

  switch (self->mode)
    {
    case SITMAP_ADD_MODE_MOVEMENT:
    case SITMAP_ADD_MODE_BORDER:
      return sitmap_add_layer_get_n_points (self) >= 2;
    case SITMAP_ADD_MODE_AREA:
      return sitmap_add_layer_get_n_points (self) >= 3;
    case SITMAP_ADD_MODE_REGIONS:
      return self->regions->len > 0;
    case SITMAP_ADD_MODE_NONE:
    case SITMAP_ADD_MODE_PLACE:
    default:
      return FALSE;
    }
}

gboolean
sitmap_add_layer_finish (SitmapAddLayer *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) points = NULL;
  SitmapStoryKind kind;
  const char *name;
  int index;

  g_return_val_if_fail (SITMAP_IS_ADD_LAYER (self), FALSE);

  if (!sitmap_add_layer_can_finish (self))
    return FALSE;
  if (self->mode == SITMAP_ADD_MODE_REGIONS)
    return finish_regions (self);

  points = g_array_copy (self->points);
  switch (self->mode)
    {
    case SITMAP_ADD_MODE_MOVEMENT:
      kind = SITMAP_STORY_KIND_MOVEMENT;
      name = _("New movement");
      break;
    case SITMAP_ADD_MODE_BORDER:
      kind = SITMAP_STORY_KIND_BORDER;
      name = _("New border");
      break;
    case SITMAP_ADD_MODE_AREA:
    default:
      kind = SITMAP_STORY_KIND_AREA;
      name = _("New area");
      /* A ring ends where it starts. */
      g_array_append_vals (points, points->data, 2);
      break;
    }
  g_array_set_size (self->points, 0);
  points_changed (self);

  index = sitmap_feature_add (get_map (self), name, kind,
                              kind == SITMAP_STORY_KIND_AREA ? SITMAP_GEOMETRY_POLYGONS : SITMAP_GEOMETRY_LINES,
                              (const double *)points->data, points->len / 2, &error);
  if (index < 0)
    {
      g_warning ("could not add the line: %s", error->message);
      return FALSE;
    }
  added (self, index);
  return TRUE;
}

gboolean
sitmap_add_layer_remove_last_point (SitmapAddLayer *self)
{
  g_return_val_if_fail (SITMAP_IS_ADD_LAYER (self), FALSE);

  if (self->regions->len > 0)
    {
      g_array_set_size (self->regions, self->regions->len - 1);
      points_changed (self);
      return TRUE;
    }
  if (self->points->len == 0)
    return FALSE;
  g_array_set_size (self->points, self->points->len - 2);
  points_changed (self);
  return TRUE;
}

void
sitmap_add_layer_cancel (SitmapAddLayer *self)
{
  g_return_if_fail (SITMAP_IS_ADD_LAYER (self));

  if (self->points->len > 0 || self->regions->len > 0)
    {
      g_array_set_size (self->points, 0);
      g_array_set_size (self->regions, 0);
      points_changed (self);
    }
  else
    sitmap_add_layer_set_mode (self, SITMAP_ADD_MODE_NONE);
}
