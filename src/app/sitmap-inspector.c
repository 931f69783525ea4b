/* sitmap-inspector.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-inspector"

#include "config.h"

#include <glib/gi18n.h>

#include <stdlib.h>
#include <string.h>

#include "sitmap-error-dialog.h"
#include "sitmap-feature-text.h"
#include "sitmap-inspector.h"

struct _SitmapInspector
{
  GtkWidget             parent_instance;

  SitmapMap            *map;
  int                   feature;
  /* Filling the fields from the feature: not an edit. */
  gboolean              updating;
  GPtrArray            *figure_rows;

  /* Template widgets */
  AdwPreferencesPage   *page;
  AdwPreferencesGroup  *feature_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *label_row;
  AdwComboRow          *kind_row;
  AdwEntryRow          *side_row;
  AdwComboRow          *echelon_row;
  AdwComboRow          *status_row;
  AdwActionRow         *dates_row;
  GtkCalendar          *calendar;
  GtkButton            *add_date_button;
  GtkButton            *clear_dates_button;
  GtkMenuButton        *dates_button;
  AdwEntryRow          *note_row;
  AdwPreferencesGroup  *figures_group;
  GtkButton            *unpin_button;
  AdwEntryRow          *callout_title_row;
  AdwExpanderRow       *new_figure_row;
  AdwEntryRow          *figure_value_row;
  AdwComboRow          *figure_qualifier_row;
  AdwEntryRow          *figure_unit_row;
  AdwEntryRow          *figure_source_row;
  GtkButton            *add_figure_button;
};

G_DEFINE_FINAL_TYPE (SitmapInspector, sitmap_inspector, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP,
  PROP_FEATURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The echelons as a reader sees them, in sitmap_story_get_echelons ()'s
 * order. */
static const char * const echelon_titles[] = {
  N_("Team"), N_("Squad"), N_("Section"), N_("Platoon"), N_("Company"), N_("Battalion"),
  N_("Regiment"), N_("Brigade"), N_("Division"), N_("Corps"), N_("Army"), N_("Army Group"),
};

static const SitmapStoryFeature *
current (SitmapInspector *self)
{
  SitmapStory *story = self->map ? sitmap_map_get_story (self->map) : NULL;

  if (story == NULL || self->feature < 0 || (guint)self->feature >= sitmap_story_get_n_features (story))
    return NULL;
  return sitmap_story_get_feature (story, self->feature);
}

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text ? text : "") != 0)
    gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  sitmap_error_show_on_row (GTK_WIDGET (row), NULL);
}

static void
on_remove_figure (SitmapInspector *self,
                  GtkButton       *button)
{
  const SitmapStoryFeature *feature = current (self);
  guint which = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "figure"));
  g_autoptr(GArray) figures = NULL;
  g_autoptr(GError) error = NULL;

  if (feature == NULL || which >= feature->figures->len)
    return;
  figures = g_array_copy (feature->figures);
  g_array_remove_index (figures, which);
  if (!sitmap_map_set_feature_figures (self->map, self->feature, (const SitmapFigure *)(void *)figures->data,
                                       figures->len, &error))
    g_warning ("figures: %s", error->message);
}

static void
rebuild_figures (SitmapInspector          *self,
                 const SitmapStoryFeature *feature)
{
  for (guint i = 0; i < self->figure_rows->len; i++)
    adw_preferences_group_remove (self->figures_group, g_ptr_array_index (self->figure_rows, i));
  g_ptr_array_set_size (self->figure_rows, 0);

  for (guint i = 0; feature && i < feature->figures->len; i++)
    {
      const SitmapFigure *figure = &g_array_index (feature->figures, SitmapFigure, i);
      g_autofree char *text = sitmap_figure_format (figure);
      g_autofree char *remove_label = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

      /* Plain text: figures come from files anyone can write. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      if (figure->source)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), figure->source);
      /* Translators: a button's name for screen readers; %s is a figure, "more than 100,000 troops" */
      remove_label = g_strdup_printf (_("Remove %s"), text);
      gtk_widget_set_tooltip_text (remove, remove_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data (G_OBJECT (remove), "figure", GUINT_TO_POINTER (i));
      g_signal_connect_swapped (remove, "clicked", G_CALLBACK (on_remove_figure), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      adw_preferences_group_add (self->figures_group, row);
      g_ptr_array_add (self->figure_rows, row);
    }
}

/* The fields as the feature is now: selected, edited here or elsewhere,
 * undone. */
static void
sync_from_feature (SitmapInspector *self)
{
  const SitmapStoryFeature *feature = current (self);
  gboolean is_force;
  guint n_echelons, echelon = 0;
  const char * const *echelons = sitmap_story_get_echelons (&n_echelons);
  g_autofree char *dates = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->page), feature != NULL);
  self->updating = TRUE;
  rebuild_figures (self, feature);
  if (feature == NULL)
    {
      adw_preferences_group_set_title (self->feature_group, _("No Feature Selected"));
      self->updating = FALSE;
      return;
    }

  adw_preferences_group_set_title (self->feature_group, _("Selected Feature"));
  set_row_text (self->name_row, feature->name);
  /* The label is the name until it is set apart. */
  set_row_text (self->label_row, g_strcmp0 (feature->label, feature->name) == 0 ? "" : feature->label);
  set_row_text (self->side_row, feature->side);
  set_row_text (self->note_row, feature->note);
  set_row_text (self->callout_title_row, feature->callout_title);
  adw_combo_row_set_selected (self->kind_row, feature->kind);

  is_force = feature->kind == SITMAP_STORY_KIND_FORCE;
  for (guint i = 0; feature->echelon && i < n_echelons; i++)
    if (g_strcmp0 (echelons[i], feature->echelon) == 0)
      echelon = i + 1;
  adw_combo_row_set_selected (self->echelon_row, echelon);
  adw_combo_row_set_selected (self->status_row, feature->status == SITMAP_FORCE_STATUS_EN_ROUTE ? 1 : 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->echelon_row), is_force);
  gtk_widget_set_sensitive (GTK_WIDGET (self->status_row), is_force);

  dates = sitmap_feature_dates_text (feature);
  /* Translators: a feature without dates */
  adw_action_row_set_subtitle (self->dates_row, *dates ? dates : _("None"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->callout_title_row), feature->figures->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unpin_button), feature->callout_pinned);
  self->updating = FALSE;
}

static void
on_map_changed (SitmapInspector *self,
                SitmapMapChange  what,
                int              feature)
{
  if ((what & SITMAP_MAP_CHANGE_STORY) || feature == self->feature || feature < 0)
    sync_from_feature (self);
}

static void
apply_property (SitmapInspector *self,
                GtkWidget       *row,
                const char      *name,
                const char      *value)
{
  g_autoptr(GError) error = NULL;

  if (self->updating || current (self) == NULL)
    return;
  if (!sitmap_map_set_feature_property (self->map, self->feature, name, value && *value ? value : NULL, &error))
    {
      sitmap_error_show_on_row (row, error);
      return;
    }
  sitmap_error_show_on_row (row, NULL);
}

static void
on_row_apply (SitmapInspector *self,
              AdwEntryRow     *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  const char *name = row == self->name_row ? "name"
                   : row == self->label_row ? "label"
                   : row == self->side_row ? "side"
                   : row == self->note_row ? "note"
                   : "callout-title";

  /* An empty label is the name again. */
  if (row == self->label_row && *text == '\0' && current (self))
    text = current (self)->name;
  apply_property (self, GTK_WIDGET (row), name, text);
}

static void
on_kind_selected (SitmapInspector *self)
{
  const SitmapStoryFeature *feature = current (self);
  guint kind = adw_combo_row_get_selected (self->kind_row);
  g_autoptr(GError) error = NULL;

  if (self->updating || feature == NULL || kind == GTK_INVALID_LIST_POSITION || kind == feature->kind)
    return;
  if (kind != SITMAP_STORY_KIND_FORCE && (feature->echelon || feature->status != SITMAP_FORCE_STATUS_PRESENT))
    {
      /* Only forces have an echelon and a status: one step drops them. */
      g_autoptr(SitmapStoryFeature) copy = sitmap_story_feature_copy (feature);

      g_clear_pointer (&copy->echelon, g_free);
      copy->status = SITMAP_FORCE_STATUS_PRESENT;
      copy->kind = kind;
      if (!sitmap_map_replace_feature (self->map, self->feature, copy, &error))
        sitmap_error_show_on_row (GTK_WIDGET (self->kind_row), error);
      return;
    }
  apply_property (self, GTK_WIDGET (self->kind_row), "kind", sitmap_story_kind_to_string (kind));
}

static void
on_echelon_selected (SitmapInspector *self)
{
  guint selected = adw_combo_row_get_selected (self->echelon_row);
  const char * const *echelons = sitmap_story_get_echelons (NULL);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  apply_property (self, GTK_WIDGET (self->echelon_row), "echelon", selected > 0 ? echelons[selected - 1] : NULL);
}

static void
on_status_selected (SitmapInspector *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  apply_property (self, GTK_WIDGET (self->status_row), "status", selected == 1 ? "en-route" : "present");
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static void
on_add_date (SitmapInspector *self)
{
  const SitmapStoryFeature *feature = current (self);
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  g_autofree char *iso = g_date_time_format (day, "%Y-%m-%d");
  g_autoptr(GPtrArray) dates = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (feature == NULL)
    return;
  for (guint i = 0; feature->dates[i]; i++)
    {
      if (strcmp (feature->dates[i], iso) == 0)
        return;
      g_ptr_array_add (dates, feature->dates[i]);
    }
  g_ptr_array_add (dates, iso);
  g_ptr_array_sort (dates, compare_strings);
  g_ptr_array_add (dates, NULL);
  joined = g_strjoinv (",", (char **)dates->pdata);
  apply_property (self, GTK_WIDGET (self->dates_row), "dates", joined);
  gtk_menu_button_popdown (self->dates_button);
}

static void
on_clear_dates (SitmapInspector *self)
{
  apply_property (self, GTK_WIDGET (self->dates_row), "dates", NULL);
  gtk_menu_button_popdown (self->dates_button);
}

/* "100000", "100,000", "5-10" or "5–10". */
static gboolean
parse_figure_number (const char   *text,
                     SitmapFigure *figure)
{
  g_autofree char *plain = g_strdup (text);
  char *dash, *end;
  guint o = 0;

  for (guint i = 0; plain[i]; i++)
    if (plain[i] != ',' && plain[i] != ' ')
      plain[o++] = plain[i];
  plain[o] = '\0';
  dash = strstr (plain, "–");
  if (dash)
    memmove (dash + 1, dash + strlen ("–"), strlen (dash + strlen ("–")) + 1), *dash = '-';
  dash = strchr (plain + 1, '-');
  if (dash)
    {
      *dash = '\0';
      figure->is_range = TRUE;
      figure->low = g_ascii_strtod (plain, &end);
      if (*end != '\0' || end == plain)
        return FALSE;
      figure->high = g_ascii_strtod (dash + 1, &end);
      return *end == '\0' && end != dash + 1;
    }
  figure->value = g_ascii_strtod (plain, &end);
  return *end == '\0' && end != plain;
}

static void
on_add_figure (SitmapInspector *self)
{
  const SitmapStoryFeature *feature = current (self);
  const char * const *qualifiers = sitmap_story_get_qualifiers (NULL);
  guint qualifier = adw_combo_row_get_selected (self->figure_qualifier_row);
  SitmapFigure figure = { 0 };
  g_autoptr(GArray) figures = NULL;
  g_autoptr(GError) error = NULL;

  if (feature == NULL)
    return;
  if (!parse_figure_number (gtk_editable_get_text (GTK_EDITABLE (self->figure_value_row)), &figure))
    {
      g_set_error_literal (&error, SITMAP_STORY_ERROR, SITMAP_STORY_ERROR_INVALID_FEATURE,
                           _("Write a number, such as 100000, or a range, such as 5–10"));
      sitmap_error_show_on_row (GTK_WIDGET (self->figure_value_row), error);
      return;
    }
  sitmap_error_show_on_row (GTK_WIDGET (self->figure_value_row), NULL);
  figure.unit = (char *)gtk_editable_get_text (GTK_EDITABLE (self->figure_unit_row));
  figure.source = (char *)gtk_editable_get_text (GTK_EDITABLE (self->figure_source_row));
  figure.qualifier = qualifier > 0 && qualifier != GTK_INVALID_LIST_POSITION ? (char *)qualifiers[qualifier - 1] : NULL;

  figures = g_array_copy (feature->figures);
  g_array_append_val (figures, figure);
  if (!sitmap_map_set_feature_figures (self->map, self->feature, (const SitmapFigure *)(void *)figures->data,
                                       figures->len, &error))
    {
      sitmap_error_show_on_row (GTK_WIDGET (self->figure_unit_row), error);
      return;
    }
  sitmap_error_show_on_row (GTK_WIDGET (self->figure_unit_row), NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->figure_value_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->figure_unit_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->figure_source_row), "");
  adw_combo_row_set_selected (self->figure_qualifier_row, 0);
}

static void
sitmap_inspector_dispose (GObject *object)
{
  SitmapInspector *self = (SitmapInspector *)object;

  if (self->map)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_clear_object (&self->map);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_INSPECTOR);

  G_OBJECT_CLASS (sitmap_inspector_parent_class)->dispose (object);
}

static void
sitmap_inspector_finalize (GObject *object)
{
  SitmapInspector *self = (SitmapInspector *)object;

  g_clear_pointer (&self->figure_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (sitmap_inspector_parent_class)->finalize (object);
}

static void
sitmap_inspector_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SitmapInspector *self = SITMAP_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_MAP:
      g_value_set_object (value, self->map);
      break;
    case PROP_FEATURE:
      g_value_set_int (value, self->feature);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_inspector_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SitmapInspector *self = SITMAP_INSPECTOR (object);

  switch (prop_id)
    {
    case PROP_MAP:
      sitmap_inspector_set_map (self, g_value_get_object (value));
      break;
    case PROP_FEATURE:
      sitmap_inspector_set_feature (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sitmap_inspector_class_init (SitmapInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_inspector_dispose;
  object_class->finalize = sitmap_inspector_finalize;
  object_class->get_property = sitmap_inspector_get_property;
  object_class->set_property = sitmap_inspector_set_property;

  properties[PROP_MAP] =
    g_param_spec_object ("map", NULL, NULL, SITMAP_TYPE_MAP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FEATURE] =
    g_param_spec_int ("feature", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-inspector.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, SitmapInspector, name)
  BIND (page);
  BIND (feature_group);
  BIND (name_row);
  BIND (label_row);
  BIND (kind_row);
  BIND (side_row);
  BIND (echelon_row);
  BIND (status_row);
  BIND (dates_row);
  BIND (calendar);
  BIND (add_date_button);
  BIND (clear_dates_button);
  BIND (dates_button);
  BIND (note_row);
  BIND (figures_group);
  BIND (unpin_button);
  BIND (callout_title_row);
  BIND (new_figure_row);
  BIND (figure_value_row);
  BIND (figure_qualifier_row);
  BIND (figure_unit_row);
  BIND (figure_source_row);
  BIND (add_figure_button);
#undef BIND
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
sitmap_inspector_init (SitmapInspector *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) echelons = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) qualifiers = gtk_string_list_new (NULL);
  const char * const *qualifier_names;
  guint n_qualifiers;
  AdwEntryRow *rows[] = { NULL, NULL, NULL, NULL, NULL };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->feature = -1;
  self->figure_rows = g_ptr_array_new ();

  for (guint kind = SITMAP_STORY_KIND_CAPITAL; kind <= SITMAP_STORY_KIND_BORDER; kind++)
    gtk_string_list_append (kinds, sitmap_feature_kind_title (kind));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kinds));
  /* Translators: a force's echelon, when it has none */
  gtk_string_list_append (echelons, C_("echelon", "None"));
  for (guint i = 0; i < G_N_ELEMENTS (echelon_titles); i++)
    gtk_string_list_append (echelons, _(echelon_titles[i]));
  adw_combo_row_set_model (self->echelon_row, G_LIST_MODEL (echelons));
  /* Translators: a force's status */
  gtk_string_list_append (statuses, _("Present"));
  /* Translators: a force's status: on its way */
  gtk_string_list_append (statuses, _("En Route"));
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (statuses));
  /* Translators: a figure stated plainly, with no "about" or "more than" */
  gtk_string_list_append (qualifiers, C_("qualifier", "None"));
  qualifier_names = sitmap_story_get_qualifiers (&n_qualifiers);
  /* As the story file writes them: the map says them in its own language. */
  for (guint i = 0; i < n_qualifiers; i++)
    gtk_string_list_append (qualifiers, qualifier_names[i]);
  adw_combo_row_set_model (self->figure_qualifier_row, G_LIST_MODEL (qualifiers));

  rows[0] = self->name_row;
  rows[1] = self->label_row;
  rows[2] = self->side_row;
  rows[3] = self->note_row;
  rows[4] = self->callout_title_row;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_signal_connect_swapped (rows[i], "apply", G_CALLBACK (on_row_apply), self);
      g_signal_connect_swapped (rows[i], "entry-activated", G_CALLBACK (on_row_apply), self);
    }
  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected), self);
  g_signal_connect_swapped (self->echelon_row, "notify::selected", G_CALLBACK (on_echelon_selected), self);
  g_signal_connect_swapped (self->status_row, "notify::selected", G_CALLBACK (on_status_selected), self);
  g_signal_connect_swapped (self->add_date_button, "clicked", G_CALLBACK (on_add_date), self);
  g_signal_connect_swapped (self->clear_dates_button, "clicked", G_CALLBACK (on_clear_dates), self);
  g_signal_connect_swapped (self->add_figure_button, "clicked", G_CALLBACK (on_add_figure), self);
  g_signal_connect_swapped (self->figure_value_row, "entry-activated", G_CALLBACK (on_add_figure), self);
  sync_from_feature (self);
}

GtkWidget *
sitmap_inspector_new (void)
{
  return g_object_new (SITMAP_TYPE_INSPECTOR, NULL);
}

void
sitmap_inspector_set_map (SitmapInspector *self,
                          SitmapMap       *map)
{
  g_return_if_fail (SITMAP_IS_INSPECTOR (self));
  g_return_if_fail (map == NULL || SITMAP_IS_MAP (map));

  if (self->map == map)
    return;
  if (self->map)
    g_signal_handlers_disconnect_by_data (self->map, self);
  g_set_object (&self->map, map);
  if (map)
    g_signal_connect_object (map, "changed", G_CALLBACK (on_map_changed), self, G_CONNECT_SWAPPED);
  self->feature = -1;
  sync_from_feature (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP]);
}

void
sitmap_inspector_set_feature (SitmapInspector *self,
                              int              index)
{
  g_return_if_fail (SITMAP_IS_INSPECTOR (self));

  if (self->feature == index)
    return;
  self->feature = index;
  sync_from_feature (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FEATURE]);
}

int
sitmap_inspector_get_feature (SitmapInspector *self)
{
  g_return_val_if_fail (SITMAP_IS_INSPECTOR (self), -1);
  return self->feature;
}

GtkWidget *
sitmap_inspector_get_field (SitmapInspector *self,
                            const char      *name)
{
  g_return_val_if_fail (SITMAP_IS_INSPECTOR (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "name"))
    return GTK_WIDGET (self->name_row);
  if (g_str_equal (name, "label"))
    return GTK_WIDGET (self->label_row);
  if (g_str_equal (name, "kind"))
    return GTK_WIDGET (self->kind_row);
  if (g_str_equal (name, "side"))
    return GTK_WIDGET (self->side_row);
  if (g_str_equal (name, "echelon"))
    return GTK_WIDGET (self->echelon_row);
  if (g_str_equal (name, "status"))
    return GTK_WIDGET (self->status_row);
  if (g_str_equal (name, "note"))
    return GTK_WIDGET (self->note_row);
  if (g_str_equal (name, "calendar"))
    return GTK_WIDGET (self->calendar);
  if (g_str_equal (name, "add-date"))
    return GTK_WIDGET (self->add_date_button);
  if (g_str_equal (name, "figure-value"))
    return GTK_WIDGET (self->figure_value_row);
  if (g_str_equal (name, "figure-qualifier"))
    return GTK_WIDGET (self->figure_qualifier_row);
  if (g_str_equal (name, "figure-unit"))
    return GTK_WIDGET (self->figure_unit_row);
  if (g_str_equal (name, "figure-source"))
    return GTK_WIDGET (self->figure_source_row);
  if (g_str_equal (name, "add-figure"))
    return GTK_WIDGET (self->add_figure_button);
  return NULL;
}

void
sitmap_inspector_focus (SitmapInspector *self)
{
  g_return_if_fail (SITMAP_IS_INSPECTOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}
