/* sitmap-map-view.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-map-view"

#include "config.h"

#include <glib/gi18n.h>

#include <math.h>

#include "sitmap-basemap-image.h"
#include "sitmap-drag-target.h"
#include "sitmap-map-view.h"
#include "sitmap-place-popover.h"

/* A press this close to a line's vertex drags the vertex. */
#define VERTEX_GRAB_PIXELS 8
/* A press that moves less than this is a click, not a drag. */
#define DRAG_THRESHOLD_PIXELS 3

/* After the last change of view, wait this long before drawing the
 * basemap afresh; until then the previous image is moved and scaled. */
#define SETTLE_MS 120
#define WHEEL_ZOOM_STEP 1.25
#define SMOOTH_SCROLL_ZOOM_PER_PIXEL 1.01
/* Keyboard and button zooms glide there over this long. */
#define ZOOM_ANIMATION_MS 220

struct _SitmapMapView
{
  GtkWidget       parent_instance;

  SitmapMap      *map;
  /* Paints the map; the view redraws when either says it changed. */
  SitmapRenderer *renderer;
  SitmapViewport  viewport;
  gboolean        has_view;

  /* The basemap, drawn in a worker but for the first frame. */
  SitmapBasemapImage *basemap;
  guint           settle_source;
  /* The map's 1:10m data being prepared in a worker. */
  GCancellable   *preparing;

  /* A zoom from the keyboard or a button animates on the frame clock:
   * the view is at its target at once (for queries and the markers), and
   * frames show the way there, from the cached basemap. */
  guint           animation_tick;
  gint64          animation_start;   /* frame time, µs */
  SitmapViewport  animation_from;
  SitmapViewport  shown;

  /* One real button per story feature, in reading order, so keyboard
   * and screen-reader users reach every marker (GTK 4.8 has no
   * accessible objects that are not widgets). */
  GPtrArray      *markers;
  /* The open place popover, a child like the markers. */
  GtkWidget      *popover;
  int             hovered;
  int             selected;

  double          drag_start_x;
  double          drag_start_y;

  /* Dragging a part of the story: which, from where, as one undo step. */
  SitmapEditHistory *history;
  SitmapDragKind  drag_mode;
  gboolean        drag_moved;
  gboolean        press_dragged;   /* the last press moved: no click */
  int             drag_feature;
  guint           drag_vertex;
  double          drag_press_x;
  double          drag_press_y;
  double         *drag_lonlat;     /* the feature's positions when pressed */
  guint           drag_n_positions;
  double          drag_callout_dx; /* press to the callout box's centre */
  double          drag_callout_dy;
  double          zoom_start_resolution;
  double          pointer_x;
  double          pointer_y;
};

G_DEFINE_FINAL_TYPE (SitmapMapView, sitmap_map_view, GTK_TYPE_WIDGET)

enum {
  FEATURE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void prepare_map (SitmapMapView *self);

enum {
  PROP_0,
  PROP_MAP,
  PROP_SELECTED_FEATURE,
  PROP_RESOLUTION,
  PROP_CENTRE_X,
  PROP_CENTRE_Y,
  PROP_DRAGGING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
notify_view (SitmapMapView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESOLUTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTRE_X]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTRE_Y]);
}

static gboolean
on_settle_timeout (gpointer data)
{
  SitmapMapView *self = data;

  /* Redrawing mid-animation would stall a frame; wait for the end. */
  if (self->animation_tick != 0)
    return G_SOURCE_CONTINUE;

  /* The snapshot asks for the sharp basemap; the one there is shown
   * until it comes. */
  self->settle_source = 0;
  if (self->renderer)
    sitmap_renderer_set_moving (self->renderer, FALSE);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
view_changed (SitmapMapView *self)
{
  g_clear_handle_id (&self->settle_source, g_source_remove);
  self->settle_source = g_timeout_add (SETTLE_MS, on_settle_timeout, self);
  if (self->renderer)
    sitmap_renderer_set_moving (self->renderer, TRUE);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  notify_view (self);
}

static void
sitmap_map_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  SitmapMapView *self = (SitmapMapView *)widget;
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  const SitmapViewport *shown;
  gboolean settled;
  double margin;
  cairo_t *cr;

  g_assert (SITMAP_IS_MAP_VIEW (self));
  g_assert (GTK_IS_SNAPSHOT (snapshot));

  if (self->map == NULL || !self->has_view || width < 1 || height < 1)
    return;

  self->viewport.width = self->shown.width = width;
  self->viewport.height = self->shown.height = height;
  self->viewport.scale_factor = self->shown.scale_factor = gtk_widget_get_scale_factor (widget);
  shown = self->animation_tick != 0 ? &self->shown : &self->viewport;
  settled = self->settle_source == 0 && self->animation_tick == 0;

  /* The image is always drawn for where the view is going. */
  sitmap_basemap_image_update (self->basemap, self->map, self->renderer, &self->viewport, settled);

  /* Its own node, as big as the image: at the edges of a node GTK's
   * cairo renderer blends the last pixels with what lies under them. */
  margin = sitmap_basemap_image_get_max_margin ();
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (-margin, -margin, width + 2 * margin,
                                                                 height + 2 * margin));
  sitmap_basemap_image_paint (self->basemap, cr, shown);
  cairo_destroy (cr);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  /* GTK turns the recording into pixels at the widget's scale. */
  sitmap_renderer_hint_pixels_later (cr, self->viewport.scale_factor);
  sitmap_renderer_set_highlight (self->renderer, self->hovered, self->selected);
  sitmap_renderer_draw_overlay (self->renderer, cr, shown);
  cairo_destroy (cr);

  /* The marker buttons are transparent; only their focus ring shows. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

/* Eased from animation_from to the view, resolution on a log scale: each
 * frame zooms by the same factor, as the eye expects. */
static gboolean
on_animation_tick (GtkWidget     *widget,
                   GdkFrameClock *frame_clock,
                   gpointer       user_data)
{
  SitmapMapView *self = (SitmapMapView *)widget;
  const SitmapViewport *from = &self->animation_from, *to = &self->viewport;
  double t = (gdk_frame_clock_get_frame_time (frame_clock) - self->animation_start) / (ZOOM_ANIMATION_MS * 1000.0);
  double eased, resolution, along;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  if (t >= 1 || !(t >= 0))
    {
      self->animation_tick = 0;
      gtk_widget_queue_draw (widget);
      return G_SOURCE_REMOVE;
    }

  eased = 1 - (1 - t) * (1 - t) * (1 - t);
  resolution = exp (log (from->resolution) * (1 - eased) + log (to->resolution) * eased);
  /* The centre moves as the zoom progresses, so a point zoomed at stays
   * put and a zoom to fit reaches its place as it reaches its scale. */
  along = from->resolution != to->resolution
          ? (from->resolution - resolution) / (from->resolution - to->resolution)
          : eased;
  self->shown = *to;
  self->shown.resolution = resolution;
  self->shown.centre_x = from->centre_x + (to->centre_x - from->centre_x) * along;
  self->shown.centre_y = from->centre_y + (to->centre_y - from->centre_y) * along;
  gtk_widget_queue_draw (widget);
  return G_SOURCE_CONTINUE;
}

static void
stop_animation (SitmapMapView *self)
{
  if (self->animation_tick == 0)
    return;
  gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->animation_tick);
  self->animation_tick = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* What is on screen: the view, or a step on the way to it. */
static SitmapViewport
shown_viewport (SitmapMapView *self)
{
  return self->animation_tick != 0 ? self->shown : self->viewport;
}

/* Shows the change of view from from to the current one as an animation,
 * when animations are on and the widget is on screen. */
static void
animate_from (SitmapMapView        *self,
              const SitmapViewport *from)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GdkFrameClock *frame_clock = gtk_widget_get_frame_clock (widget);
  gboolean enabled = TRUE;

  g_object_get (gtk_widget_get_settings (widget), "gtk-enable-animations", &enabled, NULL);
  if (!enabled || frame_clock == NULL || !gtk_widget_get_mapped (widget) || !self->has_view)
    return;

  self->animation_from = *from;
  self->shown = *from;
  self->animation_start = gdk_frame_clock_get_frame_time (frame_clock);
  if (self->animation_tick == 0)
    self->animation_tick = gtk_widget_add_tick_callback (widget, on_animation_tick, NULL, NULL);
}

/* The story's layout for the view as it is now, or NULL. */
static SitmapStoryLayout *
get_story_layout (SitmapMapView *self)
{
  return self->renderer ? sitmap_renderer_get_story_layout (self->renderer, &self->viewport) : NULL;
}

static int
hit_test (SitmapMapView *self,
          double         x,
          double         y)
{
  SitmapStoryLayout *story_layout = get_story_layout (self);

  return story_layout ? sitmap_story_layout_hit_test (story_layout, &self->viewport, x, y) : -1;
}

static void
sitmap_map_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  SitmapMapView *self = (SitmapMapView *)widget;
  SitmapStoryLayout *story_layout;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  self->viewport.width = width;
  self->viewport.height = height;
  self->viewport.scale_factor = gtk_widget_get_scale_factor (widget);

  if (!self->has_view && self->map && width > 0 && height > 0)
    {
      sitmap_map_fit_home (self->map, &self->viewport);
      self->has_view = TRUE;
      notify_view (self);
    }

  /* The buttons sit where the layout put the markers. */
  story_layout = self->has_view ? get_story_layout (self) : NULL;
  for (guint i = 0; i < self->markers->len; i++)
    {
      GtkWidget *marker = g_ptr_array_index (self->markers, i);
      SitmapRect box;

      if (story_layout && sitmap_story_layout_get_feature_box (story_layout, i, &box))
        {
          GtkAllocation allocation = { floor (box.x - 2), floor (box.y - 2),
                                       ceil (box.width + 4), ceil (box.height + 4) };

          gtk_widget_set_child_visible (marker, TRUE);
          gtk_accessible_update_state (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_STATE_HIDDEN, FALSE, -1);
          gtk_widget_size_allocate (marker, &allocation, -1);
        }
      else
        {
          /* Not on the map in this view: neither drawn nor announced. */
          gtk_widget_set_child_visible (marker, FALSE);
          gtk_accessible_update_state (GTK_ACCESSIBLE (marker), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
        }
    }

  /* Popovers on a widget with its own size_allocate must be told. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_present (GTK_POPOVER (child));
}

/* GTK sorts Tab focus by position on screen; a reader expects the order
 * of the article, which is the order of the markers. */
static gboolean
sitmap_map_view_focus (GtkWidget        *widget,
                       GtkDirectionType  direction)
{
  SitmapMapView *self = (SitmapMapView *)widget;
  GtkWidget *focus_child = gtk_widget_get_focus_child (widget);
  int n = self->markers->len;
  int step, start;
  guint current;

  if (direction != GTK_DIR_TAB_FORWARD && direction != GTK_DIR_TAB_BACKWARD)
    return GTK_WIDGET_CLASS (sitmap_map_view_parent_class)->focus (widget, direction);

  if (focus_child && GTK_IS_POPOVER (focus_child))
    return gtk_widget_child_focus (focus_child, direction);

  step = direction == GTK_DIR_TAB_FORWARD ? 1 : -1;
  if (focus_child && g_ptr_array_find (self->markers, focus_child, &current))
    start = (int)current + step;
  else if (gtk_widget_is_focus (widget))
    start = step > 0 ? 0 : -1;
  else
    {
      /* Coming in from outside: the map itself first going forward, the
       * last marker going backward. */
      if (step > 0)
        {
          gtk_widget_grab_focus (widget);
          return TRUE;
        }
      start = n - 1;
    }

  for (int i = start; i >= 0 && i < n; i += step)
    {
      GtkWidget *marker = g_ptr_array_index (self->markers, i);

      if (gtk_widget_get_child_visible (marker) && gtk_widget_grab_focus (marker))
        return TRUE;
    }

  if (step < 0 && !gtk_widget_is_focus (widget))
    {
      gtk_widget_grab_focus (widget);
      return TRUE;
    }
  return FALSE;
}

static void
on_marker_clicked (SitmapMapView *self,
                   GtkButton     *marker)
{
  guint index;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  if (g_ptr_array_find (self->markers, marker, &index))
    g_signal_emit (self, signals[FEATURE_ACTIVATED], 0, (int)index);
}

/* The name a marker is announced and shown by, as the feature is now. */
static void
label_marker (GtkWidget                *marker,
              const SitmapStoryFeature *feature)
{
  gtk_widget_set_tooltip_text (marker, feature->name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (marker),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, feature->name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, sitmap_story_kind_to_string (feature->kind),
                                  -1);
}

static void
clear_markers (SitmapMapView *self)
{
  for (guint i = 0; i < self->markers->len; i++)
    gtk_widget_unparent (g_ptr_array_index (self->markers, i));
  g_ptr_array_set_size (self->markers, 0);
}

static void
rebuild_markers (SitmapMapView *self)
{
  SitmapStory *story = self->map ? sitmap_map_get_story (self->map) : NULL;
  guint n = story ? sitmap_story_get_n_features (story) : 0;

  clear_markers (self);

  for (guint i = 0; i < n; i++)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (story, i);
      GtkWidget *marker = gtk_button_new ();

      gtk_widget_add_css_class (marker, "map-marker");
      label_marker (marker, feature);
      gtk_widget_set_cursor_from_name (marker, "pointer");
      /* The pointer goes to the map, which hit-tests clicks and drags
       * (a marker dragged would otherwise take the release as a click);
       * the buttons are for the keyboard and screen readers. */
      gtk_widget_set_can_target (marker, FALSE);
      g_signal_connect_swapped (marker, "clicked", G_CALLBACK (on_marker_clicked), self);
      /* Appended in story order, which the focus vfunc follows. */
      gtk_widget_insert_before (marker, GTK_WIDGET (self), NULL);
      g_ptr_array_add (self->markers, marker);
    }

  self->hovered = -1;
  self->selected = -1;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

/* The basemap image, the markers' places and the overlay all follow the
 * map: nothing else tells the view. */
static void
redraw (SitmapMapView *self)
{
  sitmap_basemap_image_invalidate (self->basemap);
  prepare_map (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the selected feature is once feature came (n grew) or went. */
static int
follow_selection (int             selected,
                  SitmapMapChange what,
                  int             feature,
                  guint           before,
                  guint           n)
{
  if (selected < 0 || (what & SITMAP_MAP_CHANGE_STORY) || feature < 0)
    return -1;
  if (n == before + 1)
    return feature <= selected ? selected + 1 : selected;
  if (n + 1 == before)
    return feature == selected ? -1 : feature < selected ? selected - 1 : selected;
  return (guint)selected < n ? selected : -1;
}

static void
on_map_changed (SitmapMap       *map,
                SitmapMapChange  what,
                int              feature,
                SitmapMapView   *self)
{
  SitmapStory *story = sitmap_map_get_story (map);
  guint n = story ? sitmap_story_get_n_features (story) : 0;
  int selected = self->selected;
  guint before = self->markers->len;

  /* One feature edited keeps the buttons (and their focus) unless one
   * came or went. */
  if ((what & SITMAP_MAP_CHANGE_STORY) || n != self->markers->len)
    {
      /* The place it showed may be gone. */
      if (self->popover)
        gtk_popover_popdown (GTK_POPOVER (self->popover));
      rebuild_markers (self);
      /* The selection stays on its feature as others come and go. */
      self->selected = follow_selection (selected, what, feature, before, n);
      if (self->selected != selected)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FEATURE]);
    }
  else if ((what & SITMAP_MAP_CHANGE_FEATURE) && feature >= 0 && (guint)feature < n)
    label_marker (g_ptr_array_index (self->markers, feature), sitmap_story_get_feature (story, feature));

  /* A marker or a callout dragged leaves the basemap as it was: only the
   * layout and the overlay are done again each frame, and the basemap
   * once the drag ends.  A line's vertex is drawn in the basemap. */
  if ((what == SITMAP_MAP_CHANGE_FEATURE) && feature == self->drag_feature &&
      (self->drag_mode == SITMAP_DRAG_FEATURE || self->drag_mode == SITMAP_DRAG_CALLOUT) &&
      story && sitmap_story_get_feature (story, feature)->geometry_kind == SITMAP_GEOMETRY_POINTS)
    {
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      gtk_widget_queue_draw (GTK_WIDGET (self));
      return;
    }
  redraw (self);
}

static void
on_renderer_notify (SitmapRenderer *renderer,
                    GParamSpec     *pspec,
                    SitmapMapView  *self)
{
  redraw (self);
}

static void
on_popover_closed (SitmapMapView *self)
{
  int selected = self->selected;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  g_clear_pointer (&self->popover, gtk_widget_unparent);

  /* Keyboard users go back to the marker they came from. */
  if (selected >= 0)
    {
      GtkWidget *marker = sitmap_map_view_get_marker (self, selected);

      if (gtk_widget_get_child_visible (marker))
        gtk_widget_grab_focus (marker);
    }
}

void
sitmap_map_view_show_place (SitmapMapView *self,
                            guint          index)
{
  const SitmapStoryFeature *feature;
  GdkRectangle rect;

  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));
  g_return_if_fail (self->map != NULL && sitmap_map_get_story (self->map) != NULL);

  feature = sitmap_story_get_feature (sitmap_map_get_story (self->map), index);
  if (self->popover)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_clear_pointer (&self->popover, gtk_widget_unparent);

  if (!sitmap_map_view_get_feature_rect (self, index, &rect))
    {
      sitmap_map_view_centre_on_feature (self, index);
      if (!sitmap_map_view_get_feature_rect (self, index, &rect))
        return;
    }

  self->popover = sitmap_place_popover_new (sitmap_map_get_story (self->map), feature);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &rect);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  sitmap_place_popover_popup (SITMAP_PLACE_POPOVER (self->popover));
  g_message ("popover shown: %s", feature->name);
}

GtkWidget *
sitmap_map_view_get_place_popover (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), NULL);

  return self->popover;
}

static void
on_click_released (SitmapMapView   *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  int index;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  /* A drag that ends where it began is no click. */
  if (self->map == NULL || !self->has_view || self->press_dragged)
    return;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  index = hit_test (self, x, y);
  if (index >= 0)
    g_signal_emit (self, signals[FEATURE_ACTIVATED], 0, index);
  else
    sitmap_map_view_set_selected_feature (self, -1);
}

static void
set_hovered (SitmapMapView *self,
             int            index)
{
  if (self->hovered == index)
    return;

  self->hovered = index;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), index >= 0 ? "pointer" : "grab");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
screen_to_lonlat (SitmapMapView *self,
                  double         x,
                  double         y,
                  double        *lon,
                  double        *lat)
{
  double mx, my;

  sitmap_viewport_to_map (&self->viewport, x, y, &mx, &my);
  return sitmap_projection_inverse (sitmap_map_get_projection (self->map), mx, my, lon, lat) &&
         isfinite (*lon) && isfinite (*lat);
}

static void
on_drag_begin (SitmapMapView  *self,
               double          start_x,
               double          start_y,
               GtkGestureDrag *gesture)
{
  g_assert (SITMAP_IS_MAP_VIEW (self));

  stop_animation (self);
  self->drag_start_x = self->viewport.centre_x;
  self->drag_start_y = self->viewport.centre_y;
  self->drag_press_x = start_x;
  self->drag_press_y = start_y;
  self->drag_moved = FALSE;
  self->press_dragged = FALSE;
  self->drag_feature = -1;
  self->drag_mode = SITMAP_DRAG_PAN;
  if (self->map && self->has_view)
    {
      SitmapDragTarget target = sitmap_drag_target_pick (self->map, get_story_layout (self), &self->viewport,
                                                         start_x, start_y, VERTEX_GRAB_PIXELS);

      self->drag_mode = target.kind;
      self->drag_feature = target.feature;
      self->drag_vertex = target.vertex;
      self->drag_callout_dx = target.callout_dx;
      self->drag_callout_dy = target.callout_dy;
    }
  if (self->drag_mode != SITMAP_DRAG_PAN)
    {
      const SitmapStoryFeature *feature = sitmap_story_get_feature (sitmap_map_get_story (self->map),
                                                                    self->drag_feature);

      self->drag_n_positions = feature->n_parts ? feature->part_start[feature->n_parts] : 0;
      g_free (self->drag_lonlat);
      self->drag_lonlat = g_memdup2 (feature->lonlat, 2 * self->drag_n_positions * sizeof (double));
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->drag_mode == SITMAP_DRAG_PAN ? "grabbing" : "move");
}

/* The part pressed follows the pointer at (x, y), through the map. */
static void
drag_story_to (SitmapMapView *self,
               double         x,
               double         y)
{
  g_autoptr(GError) error = NULL;
  g_autofree double *lonlat = NULL;
  double lon0, lat0, lon, lat;
  gboolean ok = TRUE;

  switch (self->drag_mode)
    {
    case SITMAP_DRAG_FEATURE:
      if (!screen_to_lonlat (self, self->drag_press_x, self->drag_press_y, &lon0, &lat0) ||
          !screen_to_lonlat (self, x, y, &lon, &lat))
        return;
      lonlat = g_memdup2 (self->drag_lonlat, 2 * self->drag_n_positions * sizeof (double));
      for (guint i = 0; i < self->drag_n_positions; i++)
        {
          lonlat[2 * i] = CLAMP (lonlat[2 * i] + lon - lon0, -180, 180);
          lonlat[2 * i + 1] = CLAMP (lonlat[2 * i + 1] + lat - lat0, -90, 90);
        }
      ok = sitmap_map_move_feature (self->map, self->drag_feature, lonlat, self->drag_n_positions, &error);
      break;
    case SITMAP_DRAG_VERTEX:
      if (!screen_to_lonlat (self, x, y, &lon, &lat))
        return;
      lonlat = g_memdup2 (self->drag_lonlat, 2 * self->drag_n_positions * sizeof (double));
      lonlat[2 * self->drag_vertex] = lon;
      lonlat[2 * self->drag_vertex + 1] = lat;
      ok = sitmap_map_move_feature (self->map, self->drag_feature, lonlat, self->drag_n_positions, &error);
      break;
    case SITMAP_DRAG_CALLOUT:
      {
        char lon_text[G_ASCII_DTOSTR_BUF_SIZE], lat_text[G_ASCII_DTOSTR_BUF_SIZE];
        g_autofree char *pin = NULL;

        if (!screen_to_lonlat (self, x + self->drag_callout_dx, y + self->drag_callout_dy, &lon, &lat))
          return;
        g_ascii_formatd (lon_text, sizeof lon_text, "%.6f", lon);
        g_ascii_formatd (lat_text, sizeof lat_text, "%.6f", lat);
        pin = g_strconcat (lon_text, ",", lat_text, NULL);
        ok = sitmap_map_set_feature_property (self->map, self->drag_feature, "callout-pin", pin, &error);
      }
      break;
    case SITMAP_DRAG_NONE:
    case SITMAP_DRAG_PAN:
    default:
      g_assert_not_reached ();
    }
  if (!ok)
    g_warning ("drag: %s", error->message);
}

static void
on_drag_update (SitmapMapView  *self,
                double          offset_x,
                double          offset_y,
                GtkGestureDrag *gesture)
{
  g_assert (SITMAP_IS_MAP_VIEW (self));

  if (hypot (offset_x, offset_y) >= DRAG_THRESHOLD_PIXELS)
    self->press_dragged = TRUE;
  if (self->drag_mode == SITMAP_DRAG_PAN || self->drag_mode == SITMAP_DRAG_NONE)
    {
      self->viewport.centre_x = self->drag_start_x - offset_x * self->viewport.resolution;
      self->viewport.centre_y = self->drag_start_y + offset_y * self->viewport.resolution;
      view_changed (self);
      return;
    }

  if (!self->drag_moved)
    {
      if (hypot (offset_x, offset_y) < DRAG_THRESHOLD_PIXELS)
        return;
      self->drag_moved = TRUE;
      /* Every move of the drag is one step to undo. */
      if (self->history)
        sitmap_edit_history_begin_group (self->history, NULL);
      sitmap_map_view_set_selected_feature (self, self->drag_feature);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAGGING]);
    }
  drag_story_to (self, self->drag_press_x + offset_x, self->drag_press_y + offset_y);
}

static void
on_drag_end (SitmapMapView  *self,
             double          offset_x,
             double          offset_y,
             GtkGestureDrag *gesture)
{
  gboolean moved = self->drag_mode > SITMAP_DRAG_PAN && self->drag_moved;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  self->drag_mode = SITMAP_DRAG_NONE;
  self->drag_moved = FALSE;
  self->drag_feature = -1;
  g_clear_pointer (&self->drag_lonlat, g_free);
  if (moved)
    {
      if (self->history)
        sitmap_edit_history_end_group (self->history);
      /* The basemap's own labels make room for where things are now. */
      redraw (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DRAGGING]);
    }
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
}

static gboolean
on_scroll (SitmapMapView            *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  double factor;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  if (gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL)
    factor = pow (WHEEL_ZOOM_STEP, -dy);
  else
    factor = pow (SMOOTH_SCROLL_ZOOM_PER_PIXEL, -dy);

  sitmap_map_view_zoom_at (self, factor, self->pointer_x, self->pointer_y);
  return GDK_EVENT_STOP;
}

static void
on_motion (SitmapMapView            *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  self->pointer_x = x;
  self->pointer_y = y;

  if (self->map && self->has_view)
    set_hovered (self, hit_test (self, x, y));
}

static void
on_motion_leave (SitmapMapView            *self,
                 GtkEventControllerMotion *controller)
{
  set_hovered (self, -1);
}

static void
on_zoom_begin (SitmapMapView    *self,
               GdkEventSequence *sequence,
               GtkGesture       *gesture)
{
  self->zoom_start_resolution = self->viewport.resolution;
}

static void
on_zoom_scale_changed (SitmapMapView  *self,
                       double          scale,
                       GtkGestureZoom *gesture)
{
  double x, y;

  g_assert (SITMAP_IS_MAP_VIEW (self));

  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    {
      x = self->viewport.width / 2;
      y = self->viewport.height / 2;
    }

  sitmap_map_view_zoom_at (self, self->viewport.resolution / (self->zoom_start_resolution / scale), x, y);
}

static void
sitmap_map_view_dispose (GObject *object)
{
  SitmapMapView *self = (SitmapMapView *)object;

  g_clear_handle_id (&self->settle_source, g_source_remove);
  stop_animation (self);
  if (self->preparing)
    g_cancellable_cancel (self->preparing);
  g_clear_object (&self->preparing);
  /* A worker's task holds the image until it returns. */
  if (self->basemap)
    {
      sitmap_basemap_image_clear (self->basemap);
      g_signal_handlers_disconnect_by_data (self->basemap, self);
    }
  g_clear_object (&self->basemap);
  if (self->map)
    g_signal_handlers_disconnect_by_data (self->map, self);
  if (self->renderer)
    g_signal_handlers_disconnect_by_data (self->renderer, self);
  g_clear_object (&self->renderer);
  g_clear_object (&self->map);
  g_clear_object (&self->history);
  g_clear_pointer (&self->drag_lonlat, g_free);
  /* Before the markers: closing gives the focus back to one. */
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  if (self->markers)
    clear_markers (self);
  while (gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (gtk_widget_get_first_child (GTK_WIDGET (self)));

  G_OBJECT_CLASS (sitmap_map_view_parent_class)->dispose (object);
}

static void
sitmap_map_view_finalize (GObject *object)
{
  SitmapMapView *self = (SitmapMapView *)object;

  g_clear_pointer (&self->markers, g_ptr_array_unref);

  G_OBJECT_CLASS (sitmap_map_view_parent_class)->finalize (object);
}

static void
sitmap_map_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  SitmapMapView *self = SITMAP_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_SELECTED_FEATURE:
      g_value_set_int (value, self->selected);
      break;
    case PROP_RESOLUTION:
      g_value_set_double (value, self->viewport.resolution);
      break;
    case PROP_CENTRE_X:
      g_value_set_double (value, self->viewport.centre_x);
      break;
    case PROP_CENTRE_Y:
      g_value_set_double (value, self->viewport.centre_y);
      break;
    case PROP_DRAGGING:
      g_value_set_boolean (value, sitmap_map_view_get_dragging (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_map_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  SitmapMapView *self = SITMAP_MAP_VIEW (object);

  switch (prop_id)
    {
    case PROP_MAP:
      sitmap_map_view_set_map (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_FEATURE:
      sitmap_map_view_set_selected_feature (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_map_view_class_init (SitmapMapViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_map_view_dispose;
  object_class->finalize = sitmap_map_view_finalize;
  object_class->get_property = sitmap_map_view_get_property;
  object_class->set_property = sitmap_map_view_set_property;

  widget_class->snapshot = sitmap_map_view_snapshot;
  widget_class->size_allocate = sitmap_map_view_size_allocate;
  widget_class->focus = sitmap_map_view_focus;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, SITMAP_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_FEATURE] =
    g_param_spec_int ("selected-feature", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOLUTION] =
    g_param_spec_double ("resolution", NULL, NULL, 0, G_MAXDOUBLE, 1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTRE_X] =
    g_param_spec_double ("centre-x", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTRE_Y] =
    g_param_spec_double ("centre-y", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAGGING] =
    g_param_spec_boolean ("dragging", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SitmapMapView::feature-activated:
   * @index: the story feature
   *
   * A marker, area, arrow or callout was clicked, or a marker activated
   * from the keyboard.
   */
  signals[FEATURE_ACTIVATED] =
    g_signal_new ("feature-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  /* On the map and its markers the arrows pan (or move the selection,
   * see win.pan) rather than move the focus from marker to marker. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, 0, "win.pan", "(ii)", SITMAP_KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Right, 0, "win.pan", "(ii)", -SITMAP_KEY_PAN_PIXELS, 0);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "win.pan", "(ii)", 0, SITMAP_KEY_PAN_PIXELS);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "win.pan", "(ii)", 0, -SITMAP_KEY_PAN_PIXELS);

  gtk_widget_class_set_css_name (widget_class, "map-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sitmap_map_view_init (SitmapMapView *self)
{
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *zoom = gtk_gesture_zoom_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->markers = g_ptr_array_new ();
  self->basemap = sitmap_basemap_image_new ();
  g_signal_connect_swapped (self->basemap, "updated", G_CALLBACK (gtk_widget_queue_draw), self);
  self->hovered = -1;
  self->selected = -1;
  self->drag_feature = -1;
  self->viewport.resolution = 5000;
  self->viewport.scale_factor = 1;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grab");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Map"),
                                  -1);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect_swapped (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect_swapped (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  g_signal_connect_swapped (zoom, "begin", G_CALLBACK (on_zoom_begin), self);
  g_signal_connect_swapped (zoom, "scale-changed", G_CALLBACK (on_zoom_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));
  /* Two fingers zoom, one drags; grouping keeps them from fighting. */
  gtk_gesture_group (zoom, drag);

  g_signal_connect_swapped (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (motion, "leave", G_CALLBACK (on_motion_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

SitmapMap *
sitmap_map_view_get_map (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), NULL);
  return self->map;
}

SitmapRenderer *
sitmap_map_view_get_renderer (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), NULL);
  return self->renderer;
}

static void
on_map_prepared (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(SitmapMapView) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!sitmap_map_prepare_finish (SITMAP_MAP (source_object), result, &error))
    g_warning ("Could not prepare the basemap: %s", error->message);

  /* The 1:10m data replaces what was drawn from the 1:50m. */
  if (self->map == SITMAP_MAP (source_object))
    {
      g_clear_object (&self->preparing);
      sitmap_basemap_image_invalidate (self->basemap);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Starts preparing the map's full detail in a worker, when it is not
 * ready for the map's projection (a new map, or a story that brought a
 * projection of its own). */
static void
prepare_map (SitmapMapView *self)
{
  if (self->map == NULL || self->preparing != NULL || sitmap_map_is_prepared (self->map))
    return;
  self->preparing = g_cancellable_new ();
  sitmap_map_prepare_async (self->map, self->preparing, on_map_prepared, g_object_ref (self));
}

void
sitmap_map_view_set_map (SitmapMapView *self,
                         SitmapMap     *map)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));
  g_return_if_fail (!map || SITMAP_IS_MAP (map));

  if (self->map == map)
    return;
  if (self->map)
    g_signal_handlers_disconnect_by_data (self->map, self);
  if (self->renderer)
    g_signal_handlers_disconnect_by_data (self->renderer, self);
  g_clear_object (&self->renderer);
  g_set_object (&self->map, map);
  if (map)
    {
      self->renderer = sitmap_renderer_new (map);
      g_signal_connect_object (map, "changed", G_CALLBACK (on_map_changed), self, 0);
      g_signal_connect_object (self->renderer, "notify::show-graticule", G_CALLBACK (on_renderer_notify), self, 0);
      g_signal_connect_object (self->renderer, "notify::symbol-style", G_CALLBACK (on_renderer_notify), self, 0);
      g_signal_connect_object (self->renderer, "notify::show-inset", G_CALLBACK (on_renderer_notify), self, 0);
    }

  self->has_view = FALSE;
  /* Another map's image is no stand-in: the first frame draws anew. */
  sitmap_basemap_image_clear (self->basemap);

  /* The first frame comes from coarser data while the full detail is
   * prepared in a worker. */
  if (self->preparing)
    g_cancellable_cancel (self->preparing);
  g_clear_object (&self->preparing);
  prepare_map (self);

  rebuild_markers (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

const SitmapViewport *
sitmap_map_view_get_viewport (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), NULL);
  return &self->viewport;
}

void
sitmap_map_view_zoom_at (SitmapMapView *self,
                         double         factor,
                         double         x,
                         double         y)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  if (!(factor > 0) || factor == 1)
    return;
  stop_animation (self);
  sitmap_viewport_zoom_at (&self->viewport, factor, x, y);
  view_changed (self);
}

void
sitmap_map_view_zoom (SitmapMapView *self,
                      double         factor)
{
  SitmapViewport from;

  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  if (!(factor > 0) || factor == 1)
    return;
  /* A zoom during a zoom starts from what is on screen. */
  from = shown_viewport (self);
  sitmap_viewport_zoom_at (&self->viewport, factor, self->viewport.width / 2, self->viewport.height / 2);
  view_changed (self);
  if (!sitmap_viewport_equal (&from, &self->viewport))
    animate_from (self, &from);
}

void
sitmap_map_view_pan (SitmapMapView *self,
                     double         dx,
                     double         dy)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  stop_animation (self);
  sitmap_viewport_pan (&self->viewport, dx, dy);
  view_changed (self);
}

void
sitmap_map_view_zoom_to_fit (SitmapMapView *self)
{
  SitmapViewport from;

  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  if (self->map == NULL)
    return;
  from = shown_viewport (self);
  sitmap_map_fit_home (self->map, &self->viewport);
  view_changed (self);
  if (!sitmap_viewport_equal (&from, &self->viewport))
    animate_from (self, &from);
}

guint
sitmap_map_view_get_render_count (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), 0);
  return sitmap_basemap_image_get_count (self->basemap);
}

gboolean
sitmap_map_view_is_basemap_current (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), FALSE);
  return sitmap_basemap_image_is_current (self->basemap);
}

void
sitmap_map_view_get_render_threads (SitmapMapView *self,
                                    guint         *on_main,
                                    guint         *in_worker)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  sitmap_basemap_image_get_threads (self->basemap, on_main, in_worker);
}

double
sitmap_map_view_get_basemap_margin (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), 0);
  return sitmap_basemap_image_get_margin (self->basemap);
}

int
sitmap_map_view_get_selected_feature (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), -1);
  return self->selected;
}

void
sitmap_map_view_set_selected_feature (SitmapMapView *self,
                                      int            index)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  if (index < -1 || index >= (int)self->markers->len)
    index = -1;
  if (self->selected == index)
    return;

  self->selected = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_FEATURE]);
}

GtkWidget *
sitmap_map_view_get_marker (SitmapMapView *self,
                            guint          index)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), NULL);
  g_return_val_if_fail (index < self->markers->len, NULL);
  return g_ptr_array_index (self->markers, index);
}

gboolean
sitmap_map_view_get_feature_rect (SitmapMapView  *self,
                                  guint           index,
                                  GdkRectangle   *rect)
{
  SitmapStoryLayout *story_layout;
  SitmapRect box;

  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), FALSE);

  if (self->map == NULL || !self->has_view ||
      (story_layout = get_story_layout (self)) == NULL ||
      !sitmap_story_layout_get_feature_box (story_layout, index, &box))
    return FALSE;

  rect->x = floor (box.x);
  rect->y = floor (box.y);
  rect->width = ceil (box.width);
  rect->height = ceil (box.height);
  return TRUE;
}

void
sitmap_map_view_centre_on_feature (SitmapMapView *self,
                                   guint          index)
{
  SitmapStoryLayout *story_layout;
  double x, y;

  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));

  if (self->map == NULL ||
      (story_layout = get_story_layout (self)) == NULL ||
      !sitmap_story_layout_get_anchor (story_layout, index, &x, &y))
    return;

  self->viewport.centre_x = x;
  self->viewport.centre_y = y;
  view_changed (self);
}

void
sitmap_map_view_set_edit_history (SitmapMapView     *self,
                                  SitmapEditHistory *history)
{
  g_return_if_fail (SITMAP_IS_MAP_VIEW (self));
  g_return_if_fail (history == NULL || SITMAP_IS_EDIT_HISTORY (history));

  g_set_object (&self->history, history);
}

gboolean
sitmap_map_view_get_dragging (SitmapMapView *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), FALSE);

  return self->drag_mode > SITMAP_DRAG_PAN && self->drag_moved;
}

gboolean
sitmap_map_view_move_selected (SitmapMapView  *self,
                               double          dx,
                               double          dy,
                               GError        **error)
{
  SitmapStoryLayout *story_layout;
  double ax, ay, sx, sy, lon0, lat0, lon, lat;

  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), FALSE);

  if (self->selected < 0 || self->map == NULL ||
      (story_layout = get_story_layout (self)) == NULL ||
      !sitmap_story_layout_get_anchor (story_layout, self->selected, &ax, &ay))
    return FALSE;
  /* By pixels where the feature is, so a step looks the same anywhere. */
  sitmap_viewport_to_screen (&self->viewport, ax, ay, &sx, &sy);
  if (!screen_to_lonlat (self, sx, sy, &lon0, &lat0) ||
      !screen_to_lonlat (self, sx + dx, sy + dy, &lon, &lat))
    return FALSE;
  return sitmap_map_translate_feature (self->map, self->selected, lon - lon0, lat - lat0, error);
}

gboolean
sitmap_map_view_get_lonlat_extent (SitmapMapView *self,
                                   double         extent[4])
{
  double west = G_MAXDOUBLE, south = G_MAXDOUBLE, east = -G_MAXDOUBLE, north = -G_MAXDOUBLE;
  guint n = 0;

  g_return_val_if_fail (SITMAP_IS_MAP_VIEW (self), FALSE);

  if (self->map == NULL || !self->has_view)
    return FALSE;
  /* Along the edges: lines of longitude and latitude curve on the map. */
  for (guint i = 0; i <= 8; i++)
    for (guint edge = 0; edge < 4; edge++)
      {
        double t = i / 8.0, x, y, lon, lat;

        x = edge == 0 ? 0 : edge == 1 ? self->viewport.width : t * self->viewport.width;
        y = edge == 2 ? 0 : edge == 3 ? self->viewport.height : t * self->viewport.height;
        if (!screen_to_lonlat (self, x, y, &lon, &lat))
          continue;
        west = MIN (west, lon);
        east = MAX (east, lon);
        south = MIN (south, lat);
        north = MAX (north, lat);
        n++;
      }
  if (n < 2 || !(west < east) || !(south < north))
    return FALSE;
  extent[0] = CLAMP (west, -180, 180);
  extent[1] = CLAMP (south, -90, 90);
  extent[2] = CLAMP (east, -180, 180);
  extent[3] = CLAMP (north, -90, 90);
  return TRUE;
}
