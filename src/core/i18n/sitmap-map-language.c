/* sitmap-map-language.c: the language a map's own text is in.
 *
 * A map is written in its story's language (the story block's
 * "language"), not the desktop's: an English article exported on a
 * Ukrainian desktop keeps English callouts.  The words the map adds
 * (legend, qualifiers, the scale bar, month names, how numbers are
 * grouped) are messages of the application's catalogue with a "map …"
 * context, looked up for this language with SitmapCatalog; country names
 * come from iso-codes' translations of ISO 3166.
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <json-glib/json-glib.h>

#include "sitmap-catalog.h"
#include "sitmap-date-text.h"
#include "sitmap-i18n.h"
#include "sitmap-map-language.h"
#include "sitmap-number.h"

struct _SitmapMapLanguage
{
  GObject        parent_instance;
  char          *tag;
  char          *primary;        /* the language subtag; NULL for English */
  SitmapCatalog *catalog;        /* NULL: English, the messages as written */
  GHashTable    *country_names;  /* ISO 3166 alpha-3 → name in this language */
};

G_DEFINE_FINAL_TYPE (SitmapMapLanguage, sitmap_map_language, G_TYPE_OBJECT)

static void
sitmap_map_language_finalize (GObject *object)
{
  SitmapMapLanguage *self = SITMAP_MAP_LANGUAGE (object);

  g_clear_pointer (&self->catalog, sitmap_catalog_unref);
  g_clear_pointer (&self->country_names, g_hash_table_unref);
  g_free (self->tag);
  g_free (self->primary);

  G_OBJECT_CLASS (sitmap_map_language_parent_class)->finalize (object);
}

static void
sitmap_map_language_class_init (SitmapMapLanguageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_map_language_finalize;
}

static void
sitmap_map_language_init (SitmapMapLanguage *self)
{
  self->country_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* iso-codes names each country by "name" and, where that is a formal
 * one ("Moldova, Republic of"), by a "common_name" a map prefers; its
 * translators translate both. */
static void
load_country_names (SitmapMapLanguage *self)
{
  g_autofree char *json_path = g_build_filename (ISO_CODES_DIR, "json", "iso_3166-1.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SitmapCatalog) countries = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *entries;

  countries = sitmap_catalog_find (ISO_CODES_LOCALEDIR, "iso_3166-1", self->tag, &error);
  if (countries == NULL)
    {
      g_debug ("No country names in “%s”: %s", self->tag, error->message);
      return;
    }
  if (!json_parser_load_from_mapped_file (parser, json_path, &error))
    {
      g_warning ("Country names not read: %s", error->message);
      return;
    }

  root = json_parser_get_root (parser);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  entries = object && json_object_has_member (object, "3166-1") &&
            JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "3166-1"))
              ? json_object_get_array_member (object, "3166-1") : NULL;
  for (guint i = 0; entries && i < json_array_get_length (entries); i++)
    {
      JsonNode *node = json_array_get_element (entries, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code, *english, *translated;

      if (entry == NULL)
        continue;
      code = json_object_get_string_member_with_default (entry, "alpha_3", NULL);
      english = json_object_get_string_member_with_default (entry, "common_name", NULL);
      if (english == NULL)
        english = json_object_get_string_member_with_default (entry, "name", NULL);
      if (code == NULL || english == NULL)
        continue;
      translated = sitmap_catalog_lookup (countries, NULL, english);
      if (translated)
        g_hash_table_insert (self->country_names, g_strdup (code), g_strdup (translated));
    }
}

static SitmapMapLanguage *
sitmap_map_language_new (const char *tag)
{
  SitmapMapLanguage *self = g_object_new (SITMAP_TYPE_MAP_LANGUAGE, NULL);
  g_auto(GStrv) names = sitmap_catalog_locale_names (tag);

  self->tag = g_strdup (tag);
  /* English is the language the messages are written in. */
  if (names[0] && g_strcmp0 (names[g_strv_length (names) - 1], "en") != 0)
    {
      g_autoptr(GError) error = NULL;

      self->primary = g_strdup (names[g_strv_length (names) - 1]);
      self->catalog = sitmap_catalog_find (sitmap_i18n_get_locale_dir (), GETTEXT_PACKAGE,
                                           tag, &error);
      if (self->catalog == NULL)
        g_debug ("Map text in “%s” stays English: %s", tag, error->message);
      load_country_names (self);
    }
  return self;
}

/* One instance per tag for the life of the process: every map of a story
 * in that language shares it, from any thread. */
SitmapMapLanguage *
sitmap_map_language_get_for_tag (const char *tag)
{
  static GMutex lock;
  static GHashTable *languages;
  g_autofree char *key = NULL;
  SitmapMapLanguage *self;

  if (tag == NULL || *tag == '\0')
    tag = "en";
  key = g_ascii_strdown (tag, -1);

  g_mutex_lock (&lock);
  if (languages == NULL)
    languages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self = g_hash_table_lookup (languages, key);
  if (self == NULL)
    {
      self = sitmap_map_language_new (tag);
      g_hash_table_insert (languages, g_strdup (key), self);
    }
  g_mutex_unlock (&lock);

  return self;
}

const char *
sitmap_map_language_get_tag (SitmapMapLanguage *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), NULL);

  return self->tag;
}

/* Whether map text is translated, rather than left in English. */
gboolean
sitmap_map_language_is_translated (SitmapMapLanguage *self)
{
  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), FALSE);

  return self->catalog != NULL;
}

const char *
sitmap_map_language_pgettext (SitmapMapLanguage *self,
                              const char        *context,
                              const char        *message)
{
  const char *translated = NULL;

  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), message);
  g_return_val_if_fail (message != NULL, NULL);

  if (self->catalog)
    translated = sitmap_catalog_lookup (self->catalog, context, message);
  return translated ? translated : message;
}

/* Grouped in thousands, as the article writes them ("14,000" in English,
 * "14 000" in Ukrainian), with a true minus sign. */
char *
sitmap_map_language_format_number (SitmapMapLanguage *self,
                                   double             value)
{
  SitmapNumberStyle style = {
    /* TRANSLATORS: the separator between groups of three digits in numbers
     * on the map: "100,000" in English. */
    .group = sitmap_map_language_pgettext (self, "map number", ","),
    /* TRANSLATORS: the decimal separator in numbers on the map: "2.5". */
    .point = sitmap_map_language_pgettext (self, "map number", "."),
    .minus = "−",
  };
  GString *out;

  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), NULL);

  out = g_string_new (NULL);
  sitmap_number_append_styled (out, value, &style);
  return g_string_free (out, FALSE);
}

static const char *
lookup_in_language (gpointer    user_data,
                    const char *context,
                    const char *message)
{
  return sitmap_map_language_pgettext (user_data, context, message);
}

/* "15 January 2022"; in Ukrainian "15 січня 2022". */
char *
sitmap_map_language_format_date (SitmapMapLanguage *self,
                                 const char        *iso_date)
{
  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), NULL);

  return sitmap_date_text_format (iso_date, lookup_in_language, self);
}

/* The story's hedges, as the map writes them in its language. */
static const char * const qualifiers[] = {
  NC_("map figure qualifier", "about"),
  NC_("map figure qualifier", "roughly"),
  NC_("map figure qualifier", "more than"),
  NC_("map figure qualifier", "fewer than"),
  NC_("map figure qualifier", "at least"),
  NC_("map figure qualifier", "up to"),
  NC_("map figure qualifier", "another"),
};

/* The figure's hedge in this language; NULL when it has none. */
const char *
sitmap_map_language_figure_qualifier (SitmapMapLanguage  *self,
                                      const SitmapFigure *figure)
{
  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  if (figure->qualifier == NULL || *figure->qualifier == '\0' ||
      g_strcmp0 (figure->qualifier, "exactly") == 0)
    return NULL;
  for (guint q = 0; q < G_N_ELEMENTS (qualifiers); q++)
    if (g_strcmp0 (figure->qualifier, qualifiers[q]) == 0)
      return sitmap_map_language_pgettext (self, "map figure qualifier", qualifiers[q]);
  return figure->qualifier;
}

/* How many millions or billions a count is, when it is a round number of
 * them to a tenth ("4.5 million", as articles write it, not 4,500,000). */
static double
large_unit (double value)
{
  double magnitude = fabs (value);

  if (magnitude >= 1e9 && fmod (magnitude, 1e8) == 0)
    return 1e9;
  if (magnitude >= 1e6 && fmod (magnitude, 1e5) == 0)
    return 1e6;
  return 0;
}

static char *
in_large_unit (SitmapMapLanguage *self,
               double             unit,
               const char        *number)
{
  if (unit == 1e9)
    /* TRANSLATORS: a count of billions on the map: "1.5 billion". */
    return g_strdup_printf (sitmap_map_language_pgettext (self, "map number", "%s billion"), number);
  g_assert (unit == 1e6);
  /* TRANSLATORS: a count of millions on the map: "4.5 million". */
  return g_strdup_printf (sitmap_map_language_pgettext (self, "map number", "%s million"), number);
}

/* "100,000", "4.5 million", or a range "5–10", "1–2 million". */
char *
sitmap_map_language_format_figure_number (SitmapMapLanguage  *self,
                                          const SitmapFigure *figure)
{
  g_autofree char *low = NULL;
  g_autofree char *high = NULL;
  g_autofree char *number = NULL;
  double unit;

  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), NULL);
  g_return_val_if_fail (figure != NULL, NULL);

  if (!figure->is_range)
    {
      unit = large_unit (figure->value);
      if (unit == 0)
        return sitmap_map_language_format_number (self, figure->value);
      number = sitmap_map_language_format_number (self, figure->value / unit);
      return in_large_unit (self, unit, number);
    }
  unit = large_unit (figure->low);
  if (unit != 0 && large_unit (figure->high) == unit)
    {
      low = sitmap_map_language_format_number (self, figure->low / unit);
      high = sitmap_map_language_format_number (self, figure->high / unit);
      number = g_strdup_printf ("%s–%s", low, high);
      return in_large_unit (self, unit, number);
    }
  low = sitmap_map_language_format_number (self, figure->low);
  high = sitmap_map_language_format_number (self, figure->high);
  return g_strdup_printf ("%s–%s", low, high);
}

/* The whole figure as one line: "more than 100,000 troops". */
char *
sitmap_map_language_format_figure (SitmapMapLanguage  *self,
                                   const SitmapFigure *figure)
{
  const char *qualifier = sitmap_map_language_figure_qualifier (self, figure);
  g_autofree char *number = sitmap_map_language_format_figure_number (self, figure);

  return g_strdup_printf ("%s%s%s %s", qualifier ? qualifier : "", qualifier ? " " : "", number,
                          figure->unit ? figure->unit : "");
}

static int
find_field (const char * const *field_names,
            const char         *name)
{
  for (int i = 0; field_names && field_names[i]; i++)
    if (g_ascii_strcasecmp (field_names[i], name) == 0)
      return i;
  return -1;
}

/* A country's name in this language, from its record in the boundary
 * data (field names and values): the data's own name in it where it has
 * one (Natural Earth's NAME_UK and the like), else iso-codes' translation
 * of its ISO 3166 name, else name, the data's name, which is English. */
const char *
sitmap_map_language_country_name (SitmapMapLanguage  *self,
                                  const char * const *field_names,
                                  char * const       *attributes,
                                  const char         *name)
{
  g_autofree char *own_field = NULL;
  const char *translated;
  int field;

  g_return_val_if_fail (SITMAP_IS_MAP_LANGUAGE (self), name);

  if (self->primary == NULL || attributes == NULL)
    return name;

  own_field = g_strconcat ("name_", self->primary, NULL);
  field = find_field (field_names, own_field);
  if (field >= 0 && attributes[field] && attributes[field][0] != '\0')
    return attributes[field];

  field = find_field (field_names, "iso_a3");
  if (field >= 0 && attributes[field] &&
      (translated = g_hash_table_lookup (self->country_names, attributes[field])))
    return translated;
  return name;
}
