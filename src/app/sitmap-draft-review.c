/* sitmap-draft-review.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "sitmap-draft-review"

#include "config.h"

#include <glib/gi18n.h>

#include "sitmap-draft-review.h"

#define MAX_CANDIDATES 8

typedef struct
{
  SitmapStoryFeature         *base;        /* as drafted */
  GPtrArray                  *candidates;  /* borrowed SitmapGazetteerEntry */
  const SitmapGazetteerEntry *choice;      /* NULL: as drafted */
  gboolean                    accepted;
  gboolean                    shown;       /* on the map now */
  GArray                     *figure_on;   /* gboolean per base figure */
  GtkCheckButton             *check;
  GtkDropDown                *dropdown;
  GPtrArray                  *figure_checks;
} Place;

struct _SitmapDraftReview
{
  GtkBox            parent_instance;

  GtkLabel         *summary_label;
  GtkListBox       *list;

  SitmapExtraction *extraction;
  SitmapMap        *map;
  SitmapStory      *story;   /* the draft the map shows */
  GPtrArray        *places;  /* Place */
};

G_DEFINE_FINAL_TYPE (SitmapDraftReview, sitmap_draft_review, GTK_TYPE_BOX)

static void
place_free (gpointer data)
{
  Place *place = data;

  sitmap_story_feature_free (place->base);
  g_clear_pointer (&place->candidates, g_ptr_array_unref);
  g_clear_pointer (&place->figure_on, g_array_unref);
  g_clear_pointer (&place->figure_checks, g_ptr_array_unref);
  g_free (place);
}

static SitmapStoryKind
story_kind_of (const SitmapGazetteerEntry *entry)
{
  switch (sitmap_gazetteer_entry_get_kind (entry))
    {
    case SITMAP_GAZETTEER_KIND_CAPITAL:
      return SITMAP_STORY_KIND_CAPITAL;
    case SITMAP_GAZETTEER_KIND_CITY:
      return SITMAP_STORY_KIND_CITY;
    case SITMAP_GAZETTEER_KIND_VENUE:
    case SITMAP_GAZETTEER_KIND_ORGANISATION:
      return SITMAP_STORY_KIND_VENUE;
    default:
      return SITMAP_STORY_KIND_AREA;
    }
}

/* The feature as the reviewer wants it: the match picked, the figures kept. */
static SitmapStoryFeature *
build_feature (Place *place)
{
  SitmapStoryFeature *feature = sitmap_story_feature_copy (place->base);

  for (guint i = feature->figures->len; i-- > 0;)
    if (!g_array_index (place->figure_on, gboolean, i))
      g_array_remove_index (feature->figures, i);
  if (feature->figures->len == 0)
    g_clear_pointer (&feature->callout_title, g_free);

  if (place->choice)
    {
      const char *name = sitmap_gazetteer_entry_get_name (place->choice);

      g_free (feature->name);
      feature->name = g_strdup (name);
      g_free (feature->label);
      feature->label = g_strdup (name);
      if (feature->callout_title)
        {
          g_free (feature->callout_title);
          feature->callout_title = g_strdup (name);
        }
      feature->kind = story_kind_of (place->choice);
      feature->lonlat[0] = feature->anchor_lon = sitmap_gazetteer_entry_get_lon (place->choice);
      feature->lonlat[1] = feature->anchor_lat = sitmap_gazetteer_entry_get_lat (place->choice);
    }
  return feature;
}

static void
update_summary (SitmapDraftReview *self)
{
  guint accepted = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->places->len; i++)
    accepted += ((Place *)g_ptr_array_index (self->places, i))->accepted;
  /* TRANSLATORS: the first number is of places on the map, the second of places found. */
  text = g_strdup_printf (ngettext ("%u of %u place is on the map. Untick what is wrong; pick another match where the article means another place.",
                                    "%u of %u places are on the map. Untick what is wrong; pick another match where the article means another place.",
                                    self->places->len),
                          accepted, self->places->len);
  gtk_label_set_text (self->summary_label, text);
}

/* Puts the place on the map as it should be now, through the map. */
static void
apply_place (SitmapDraftReview *self,
             guint              index)
{
  Place *place = g_ptr_array_index (self->places, index);
  g_autoptr(GError) error = NULL;
  guint at = 0;
  gboolean ok = TRUE;

  if (self->map == NULL || sitmap_map_get_story (self->map) != self->story)
    return;
  for (guint i = 0; i < index; i++)
    at += ((Place *)g_ptr_array_index (self->places, i))->shown;

  if (place->accepted)
    {
      g_autoptr(SitmapStoryFeature) feature = build_feature (place);

      ok = place->shown ? sitmap_map_replace_feature (self->map, at, feature, &error)
                        : sitmap_map_insert_feature (self->map, at, feature, &error);
      if (ok)
        place->shown = TRUE;
    }
  else if (place->shown)
    {
      ok = sitmap_map_remove_feature (self->map, at, &error);
      if (ok)
        place->shown = FALSE;
    }
  if (!ok)
    g_warning ("review of %s: %s", place->base->name, error->message);
  update_summary (self);
}

static void
on_place_toggled (GtkCheckButton *check,
                  gpointer        data)
{
  SitmapDraftReview *self = SITMAP_DRAFT_REVIEW (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                                          SITMAP_TYPE_DRAFT_REVIEW));
  guint index = GPOINTER_TO_UINT (data);
  Place *place = g_ptr_array_index (self->places, index);

  place->accepted = gtk_check_button_get_active (check);
  for (guint i = 0; i < place->figure_checks->len; i++)
    gtk_widget_set_sensitive (g_ptr_array_index (place->figure_checks, i), place->accepted);
  if (place->dropdown)
    gtk_widget_set_sensitive (GTK_WIDGET (place->dropdown), place->accepted);
  apply_place (self, index);
}

static void
on_figure_toggled (GtkCheckButton *check,
                   gpointer        data)
{
  SitmapDraftReview *self = SITMAP_DRAFT_REVIEW (gtk_widget_get_ancestor (GTK_WIDGET (check),
                                                                          SITMAP_TYPE_DRAFT_REVIEW));
  guint index = GPOINTER_TO_UINT (data);
  Place *place = g_ptr_array_index (self->places, index);
  guint figure;

  g_ptr_array_find (place->figure_checks, check, &figure);
  g_array_index (place->figure_on, gboolean, figure) = gtk_check_button_get_active (check);
  apply_place (self, index);
}

static void
on_candidate_selected (GtkDropDown *dropdown,
                       GParamSpec  *pspec,
                       gpointer     data)
{
  SitmapDraftReview *self = SITMAP_DRAFT_REVIEW (gtk_widget_get_ancestor (GTK_WIDGET (dropdown),
                                                                          SITMAP_TYPE_DRAFT_REVIEW));
  guint index = GPOINTER_TO_UINT (data);
  Place *place = g_ptr_array_index (self->places, index);
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (selected >= place->candidates->len)
    return;
  /* The first match is the draft's own place, which may be no entry. */
  place->choice = selected == 0 ? NULL : g_ptr_array_index (place->candidates, selected);
  apply_place (self, index);
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "country") == 0)
    return C_("place kind", "country");
  if (g_strcmp0 (kind, "region") == 0)
    return C_("place kind", "region");
  if (g_strcmp0 (kind, "capital") == 0)
    return C_("place kind", "capital");
  if (g_strcmp0 (kind, "city") == 0)
    return C_("place kind", "city");
  if (g_strcmp0 (kind, "venue") == 0)
    return C_("place kind", "venue");
  if (g_strcmp0 (kind, "water") == 0)
    return C_("place kind", "water body");
  return kind;
}

/* "Rome, Lazio, IT": enough to tell the matches apart. */
static char *
candidate_label (const SitmapGazetteerEntry *entry)
{
  GString *label = g_string_new (sitmap_gazetteer_entry_get_name (entry));

  if (sitmap_gazetteer_entry_get_admin1 (entry))
    g_string_append_printf (label, ", %s", sitmap_gazetteer_entry_get_admin1 (entry));
  if (sitmap_gazetteer_entry_get_country_code (entry) &&
      sitmap_gazetteer_entry_get_kind (entry) != SITMAP_GAZETTEER_KIND_COUNTRY)
    g_string_append_printf (label, ", %s", sitmap_gazetteer_entry_get_country_code (entry));
  return g_string_free (label, FALSE);
}

/* A sentence on one line, as the article gives it. */
static GtkWidget *
sentence_label (SitmapExtraction *extraction,
                guint             sentence,
                int               margin_start)
{
  g_autofree char *text = sitmap_extraction_dup_sentence (extraction, sentence);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (text), "\n\r\t", -1);
  g_autofree char *line = g_strjoinv (" ", words);
  g_autofree char *quoted = g_strdup_printf (_("“%s”"), line);
  GtkWidget *label = gtk_label_new (quoted);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, margin_start);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static void
add_place_row (SitmapDraftReview          *self,
               guint                       index,
               const SitmapExtractedPlace *found,
               Place                      *place)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  const SitmapPlaceMention *first = &g_array_index (found->mentions, SitmapPlaceMention, 0);
  const char *text = sitmap_extraction_get_text (self->extraction);
  g_autofree char *written = g_strndup (text + first->start, first->end - first->start);
  g_autofree char *kind_text = NULL;
  GtkWidget *kind;
  GArray *figures = sitmap_extraction_get_figures (self->extraction);
  guint n_figure = 0;

  gtk_widget_set_margin_top (row, 8);
  gtk_widget_set_margin_bottom (row, 8);
  gtk_widget_set_margin_start (row, 8);
  gtk_widget_set_margin_end (row, 8);

  place->check = GTK_CHECK_BUTTON (gtk_check_button_new_with_label (place->base->name));
  gtk_check_button_set_active (place->check, TRUE);
  gtk_widget_add_css_class (gtk_widget_get_last_child (GTK_WIDGET (place->check)), "heading");
  gtk_widget_set_tooltip_text (GTK_WIDGET (place->check), _("Untick to leave this place off the map"));
  g_signal_connect (place->check, "toggled", G_CALLBACK (on_place_toggled), GUINT_TO_POINTER (index));
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (place->check));
  /* What the article wrote, where the match goes by another name ("Goma"
   * matched as Gisenyi): the reviewer's first clue to a wrong match. */
  if (g_strstr_len (written, -1, place->base->name) == NULL)
    /* TRANSLATORS: a place's kind, then the words of the article that named it. */
    kind_text = g_strdup_printf (_("%s, written “%s”"), kind_label (found->kind), written);
  kind = gtk_label_new (kind_text ? kind_text : kind_label (found->kind));
  gtk_label_set_ellipsize (GTK_LABEL (kind), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_set_hexpand (kind, TRUE);
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_box_append (GTK_BOX (line), kind);

  if (place->candidates->len > 1)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

      for (guint c = 0; c < place->candidates->len; c++)
        {
          g_autofree char *label = candidate_label (g_ptr_array_index (place->candidates, c));

          gtk_string_list_append (names, label);
        }
      place->dropdown = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&names)), NULL));
      gtk_widget_set_valign (GTK_WIDGET (place->dropdown), GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (GTK_WIDGET (place->dropdown), _("The place the article means"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (place->dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("The place the article means"), -1);
      g_signal_connect (place->dropdown, "notify::selected", G_CALLBACK (on_candidate_selected),
                        GUINT_TO_POINTER (index));
      gtk_box_append (GTK_BOX (line), GTK_WIDGET (place->dropdown));
    }
  gtk_box_append (GTK_BOX (row), line);
  gtk_box_append (GTK_BOX (row), sentence_label (self->extraction, first->sentence, 28));

  for (guint f = 0; f < figures->len && n_figure < place->base->figures->len; f++)
    {
      const SitmapExtractedFigure *figure = &g_array_index (figures, SitmapExtractedFigure, f);
      g_autofree char *figure_text = NULL;
      GtkWidget *check;

      /* The draft's callout holds these, in this order. */
      if (figure->place_index != (int)index || !figure->has_value)
        continue;
      figure_text = sitmap_figure_format (&g_array_index (place->base->figures, SitmapFigure, n_figure));
      check = gtk_check_button_new_with_label (figure_text);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
      gtk_widget_set_margin_start (check, 28);
      gtk_widget_set_tooltip_text (check, _("Untick to leave this figure out of the callout"));
      g_ptr_array_add (place->figure_checks, check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_figure_toggled), GUINT_TO_POINTER (index));
      gtk_box_append (GTK_BOX (row), check);
      gtk_box_append (GTK_BOX (row), sentence_label (self->extraction, figure->sentence, 56));
      n_figure++;
    }
  gtk_list_box_append (self->list, row);
}

void
sitmap_draft_review_set_draft (SitmapDraftReview *self,
                               SitmapExtraction  *extraction,
                               SitmapMap         *map)
{
  GtkWidget *child;
  GArray *found;

  g_return_if_fail (SITMAP_IS_DRAFT_REVIEW (self));
  g_return_if_fail (extraction == NULL || SITMAP_IS_EXTRACTION (extraction));
  g_return_if_fail (map == NULL || SITMAP_IS_MAP (map));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->places, 0);
  g_set_object (&self->extraction, extraction);
  g_set_object (&self->map, map);
  g_clear_object (&self->story);
  if (map && sitmap_map_get_story (map))
    self->story = g_object_ref (sitmap_map_get_story (map));
  if (extraction == NULL || self->story == NULL)
    return;

  found = sitmap_extraction_get_places (extraction);
  for (guint p = 0; p < found->len && p < sitmap_story_get_n_features (self->story); p++)
    {
      Place *place = g_new0 (Place, 1);
      g_autoptr(GPtrArray) candidates = sitmap_extraction_get_candidates (extraction, p, MAX_CANDIDATES);

      place->base = sitmap_story_feature_copy (sitmap_story_get_feature (self->story, p));
      place->accepted = place->shown = TRUE;
      /* An unlisted settlement has no first match to go back to. */
      place->candidates = g_array_index (found, SitmapExtractedPlace, p).entry ? g_ptr_array_ref (candidates)
                                                                               : g_ptr_array_new ();
      place->figure_checks = g_ptr_array_new ();
      place->figure_on = g_array_new (FALSE, FALSE, sizeof (gboolean));
      for (guint f = 0; f < place->base->figures->len; f++)
        {
          gboolean on = TRUE;

          g_array_append_val (place->figure_on, on);
        }
      g_ptr_array_add (self->places, place);
      add_place_row (self, p, &g_array_index (found, SitmapExtractedPlace, p), place);
    }
  update_summary (self);
}

guint
sitmap_draft_review_get_n_places (SitmapDraftReview *self)
{
  g_return_val_if_fail (SITMAP_IS_DRAFT_REVIEW (self), 0);
  return self->places->len;
}

const char *
sitmap_draft_review_get_place_name (SitmapDraftReview *self,
                                    guint              place)
{
  Place *p;

  g_return_val_if_fail (SITMAP_IS_DRAFT_REVIEW (self), NULL);
  g_return_val_if_fail (place < self->places->len, NULL);
  p = g_ptr_array_index (self->places, place);
  return p->choice ? sitmap_gazetteer_entry_get_name (p->choice) : p->base->name;
}

gboolean
sitmap_draft_review_get_place_accepted (SitmapDraftReview *self,
                                        guint              place)
{
  g_return_val_if_fail (SITMAP_IS_DRAFT_REVIEW (self), FALSE);
  g_return_val_if_fail (place < self->places->len, FALSE);
  return ((Place *)g_ptr_array_index (self->places, place))->accepted;
}

void
sitmap_draft_review_set_place_accepted (SitmapDraftReview *self,
                                        guint              place,
                                        gboolean           accepted)
{
  g_return_if_fail (SITMAP_IS_DRAFT_REVIEW (self));
  g_return_if_fail (place < self->places->len);
  gtk_check_button_set_active (((Place *)g_ptr_array_index (self->places, place))->check, accepted);
}

guint
sitmap_draft_review_get_n_candidates (SitmapDraftReview *self,
                                      guint              place)
{
  g_return_val_if_fail (SITMAP_IS_DRAFT_REVIEW (self), 0);
  g_return_val_if_fail (place < self->places->len, 0);
  return ((Place *)g_ptr_array_index (self->places, place))->candidates->len;
}

void
sitmap_draft_review_choose_candidate (SitmapDraftReview *self,
                                      guint              place,
                                      guint              candidate)
{
  Place *p;

  g_return_if_fail (SITMAP_IS_DRAFT_REVIEW (self));
  g_return_if_fail (place < self->places->len);
  p = g_ptr_array_index (self->places, place);
  g_return_if_fail (candidate < p->candidates->len && p->dropdown != NULL);
  gtk_drop_down_set_selected (p->dropdown, candidate);
}

guint
sitmap_draft_review_get_n_figures (SitmapDraftReview *self,
                                   guint              place)
{
  g_return_val_if_fail (SITMAP_IS_DRAFT_REVIEW (self), 0);
  g_return_val_if_fail (place < self->places->len, 0);
  return ((Place *)g_ptr_array_index (self->places, place))->figure_checks->len;
}

void
sitmap_draft_review_set_figure_accepted (SitmapDraftReview *self,
                                         guint              place,
                                         guint              figure,
                                         gboolean           accepted)
{
  Place *p;

  g_return_if_fail (SITMAP_IS_DRAFT_REVIEW (self));
  g_return_if_fail (place < self->places->len);
  p = g_ptr_array_index (self->places, place);
  g_return_if_fail (figure < p->figure_checks->len);
  gtk_check_button_set_active (g_ptr_array_index (p->figure_checks, figure), accepted);
}

static void
sitmap_draft_review_dispose (GObject *object)
{
  SitmapDraftReview *self = SITMAP_DRAFT_REVIEW (object);

  g_clear_pointer (&self->places, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SITMAP_TYPE_DRAFT_REVIEW);
  g_clear_object (&self->extraction);
  g_clear_object (&self->map);
  g_clear_object (&self->story);

  G_OBJECT_CLASS (sitmap_draft_review_parent_class)->dispose (object);
}

static void
sitmap_draft_review_class_init (SitmapDraftReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sitmap_draft_review_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/sitmap/Sitmap/sitmap-draft-review.ui");
  gtk_widget_class_bind_template_child (widget_class, SitmapDraftReview, summary_label);
  gtk_widget_class_bind_template_child (widget_class, SitmapDraftReview, list);
}

static void
sitmap_draft_review_init (SitmapDraftReview *self)
{
  self->places = g_ptr_array_new_with_free_func (place_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
sitmap_draft_review_new (void)
{
  return g_object_new (SITMAP_TYPE_DRAFT_REVIEW, NULL);
}
