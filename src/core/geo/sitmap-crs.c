/* sitmap-crs.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <glib/gstdio.h>
#include <proj.h>
#include <string.h>

#include "sitmap-crs.h"

/* Text this long is no coordinate system; WKT of the most verbose kind
 * stays under a few KiB, and a .prj is held to the same bound. */
#define CRS_TEXT_MAX (64 * 1024)
/* How much of what a person typed a message repeats. */
#define GIVEN_SHOWN_MAX 80

struct _SitmapCrs
{
  GObject  parent_instance;

  char    *definition;
  char    *given;
  char    *name;
  char    *id;
  double   sample_x;
  double   sample_y;
};

G_DEFINE_FINAL_TYPE (SitmapCrs, sitmap_crs, G_TYPE_OBJECT)

G_DEFINE_QUARK (sitmap-crs-error-quark, sitmap_crs_error)

static void
sitmap_crs_finalize (GObject *object)
{
  SitmapCrs *self = (SitmapCrs *)object;

  g_free (self->definition);
  g_free (self->given);
  g_free (self->name);
  g_free (self->id);

  G_OBJECT_CLASS (sitmap_crs_parent_class)->finalize (object);
}

static void
sitmap_crs_class_init (SitmapCrsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sitmap_crs_finalize;
}

static void
sitmap_crs_init (SitmapCrs *self)
{
}

/* Offline and silent: PROJ would otherwise log to stderr, and the error
 * reaches the person through our message. */
static PJ_CONTEXT *
quiet_context (void)
{
  PJ_CONTEXT *context = proj_context_create ();

  proj_context_set_enable_network (context, FALSE);
  proj_log_level (context, PJ_LOG_NONE);
  return context;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PJ_CONTEXT, proj_context_destroy)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PJ, proj_destroy)

/* What a person gave, fit to quote in one line of a message: valid UTF-8,
 * control characters shown as U+FFFD, long text cut. */
static char *
quote_given (const char *given)
{
  g_autofree char *valid = g_utf8_make_valid (given, -1);
  GString *shown = g_string_new (NULL);
  guint n_chars = 0;
  const char *p;

  for (p = valid; *p != '\0' && n_chars < GIVEN_SHOWN_MAX; p = g_utf8_next_char (p), n_chars++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029)
        g_string_append_unichar (shown, 0xFFFD);
      else
        g_string_append_unichar (shown, c);
    }
  if (*p != '\0')
    g_string_append (shown, "…");
  return g_string_free (shown, FALSE);
}

/* A name from the CRS itself, which WKT may fill with anything, fit to
 * show in a label: valid UTF-8, control characters as spaces. */
static char *
clean_name (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *clean = g_string_new (NULL);

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (clean, g_unichar_iscntrl (c) || c == 0x2028 || c == 0x2029 ? ' ' : c);
    }
  return g_string_free (clean, FALSE);
}

/* PROJ's reason, which is English, when it says more than "unknown". */
static const char *
proj_reason (PJ_CONTEXT *context)
{
  int code = proj_context_errno (context);
  const char *reason;

  if (code == 0 || code == PROJ_ERR_OTHER)
    return NULL;
  reason = proj_context_errno_string (context, code);
  return reason != NULL && g_utf8_validate (reason, -1, NULL) ? reason : NULL;
}

static gboolean
looks_like_proj_string (const char *text)
{
  return text[0] == '+' || g_str_has_prefix (text, "proj=");
}

/* An authority code: letters, a colon, then a code ("EPSG:32636",
 * "ESRI:102013"). */
static gboolean
looks_like_code (const char *text)
{
  const char *colon = strchr (text, ':');

  if (colon == NULL || colon == text || colon[1] == '\0')
    return FALSE;
  for (const char *p = text; p < colon; p++)
    if (!g_ascii_isalpha (*p))
      return FALSE;
  for (const char *p = colon + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '-')
      return FALSE;
  return TRUE;
}

/* Text PROJ can only take for the name of a CRS in its database. */
static gboolean
is_name (const char *text)
{
  return !looks_like_proj_string (text) && !looks_like_code (text) &&
         strchr (text, '[') == NULL && strchr (text, '{') == NULL &&
         !g_str_has_prefix (text, "urn:") && !g_str_has_prefix (text, "http");
}

/* The CRS of exactly that name (in any case), as "AUTH:CODE" in
 * definition, or NULL. */
static PJ *
create_from_exact_name (PJ_CONTEXT  *context,
                        char       **definition)
{
  static const PJ_TYPE types[] = {
    PJ_TYPE_GEOGRAPHIC_2D_CRS, PJ_TYPE_GEOGRAPHIC_3D_CRS, PJ_TYPE_PROJECTED_CRS, PJ_TYPE_COMPOUND_CRS,
  };
  PJ_OBJ_LIST *found = proj_create_from_name (context, NULL, *definition, types, G_N_ELEMENTS (types),
                                              FALSE, 1, NULL);
  PJ *crs = NULL;

  if (found != NULL && proj_list_get_count (found) > 0)
    crs = proj_list_get (context, found, 0);
  proj_list_destroy (found);
  if (crs != NULL && proj_get_id_auth_name (crs, 0) != NULL && proj_get_id_code (crs, 0) != NULL)
    {
      g_free (*definition);
      *definition = g_strconcat (proj_get_id_auth_name (crs, 0), ":", proj_get_id_code (crs, 0), NULL);
    }
  return crs;
}

static gboolean
is_all_digits (const char *text)
{
  if (*text == '\0' || strlen (text) > 9)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

/* Where in lon/lat to look for a sample point: the centre of the area of
 * use, then places all over the world, for a CRS with a wrong or no area. */
static void
sample_candidates (PJ_CONTEXT *context,
                   PJ         *crs,
                   double      lonlat[][2],
                   guint      *n)
{
  static const double fallback[][2] = {
    { 0, 0 }, { 30, 50 }, { -100, 40 }, { 120, 30 }, { 0, 80 }, { 0, -80 }, { 150, -30 },
  };
  double west, south, east, north;

  *n = 0;
  if (proj_get_area_of_use (context, crs, &west, &south, &east, &north, NULL) &&
      isfinite (west) && isfinite (east) && isfinite (south) && isfinite (north) &&
      west >= -180 && east <= 180 && south >= -90 && north <= 90 && south <= north)
    {
      double lon = west <= east ? (west + east) / 2 : (west + east + 360) / 2;

      if (lon > 180)
        lon -= 360;
      lonlat[*n][0] = lon;
      lonlat[*n][1] = (south + north) / 2;
      (*n)++;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fallback); i++, (*n)++)
    {
      lonlat[*n][0] = fallback[i][0];
      lonlat[*n][1] = fallback[i][1];
    }
}

/* A point in the CRS that our transform brings back to finite lon/lat,
 * which is the test that the CRS is usable at all. */
static gboolean
find_sample_point (SitmapCrs  *self,
                   PJ_CONTEXT *context,
                   PJ         *crs,
                   GError    **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SitmapCrsTransform) back = NULL;
  g_autoptr(PJ) wgs84 = proj_create (context, "EPSG:4326");
  g_autoptr(PJ) raw = NULL;
  g_autoptr(PJ) forward = NULL;
  double lonlat[8][2];
  guint n = 0;

  back = sitmap_crs_transform_new (self->definition, &local_error);
  if (back == NULL)
    {
      g_autofree char *shown = quote_given (self->given);

      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_NO_TRANSFORM,
                   _("“%s” cannot be used: %s"), shown, local_error->message);
      return FALSE;
    }

  if (sitmap_crs_transform_is_identity (back))
    {
      self->sample_x = 0;
      self->sample_y = 0;
      return TRUE;
    }

  if (wgs84 != NULL)
    raw = proj_create_crs_to_crs_from_pj (context, wgs84, crs, NULL, NULL);
  if (raw != NULL)
    forward = proj_normalize_for_visualization (context, raw);

  sample_candidates (context, crs, lonlat, &n);
  for (guint i = 0; forward != NULL && i < n; i++)
    {
      PJ_COORD c = proj_trans (forward, PJ_FWD, proj_coord (lonlat[i][0], lonlat[i][1], 0, 0));
      double xy[2] = { c.xy.x, c.xy.y };

      if (!isfinite (xy[0]) || !isfinite (xy[1]))
        continue;
      g_clear_error (&local_error);
      if (sitmap_crs_transform_to_lonlat (back, xy, 1, &local_error))
        {
          self->sample_x = c.xy.x;
          self->sample_y = c.xy.y;
          return TRUE;
        }
    }

  {
    g_autofree char *shown = quote_given (self->given);

    g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_NO_TRANSFORM,
                 _("“%s” cannot be used: its coordinates do not convert to longitude/latitude"),
                 shown);
  }
  return FALSE;
}

static SitmapCrs *
crs_new (const char  *text,
         const char  *given,
         GError     **error)
{
  g_autoptr(SitmapCrs) self = NULL;
  g_autoptr(PJ_CONTEXT) context = NULL;
  g_autoptr(PJ) crs = NULL;
  g_autofree char *definition = NULL;
  g_autofree char *shown = NULL;
  const char *auth;
  const char *code;

  if (!g_utf8_validate (text, -1, NULL))
    {
      shown = quote_given (given);
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_INVALID,
                   _("“%s” is not a coordinate system: it is not valid text"), shown);
      return NULL;
    }

  definition = g_strstrip (g_strdup (text));
  if (definition[0] == '\0')
    {
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_EMPTY,
                   _("No coordinate system given (for example EPSG:32636)"));
      return NULL;
    }
  if (strlen (definition) > CRS_TEXT_MAX)
    {
      shown = quote_given (given);
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_INVALID,
                   _("“%s” is not a coordinate system: it is over %zu KiB long"),
                   shown, (gsize)(CRS_TEXT_MAX / 1024));
      return NULL;
    }

  if (is_all_digits (definition))
    {
      char *code_text = g_strconcat ("EPSG:", definition, NULL);

      g_free (definition);
      definition = code_text;
    }

  context = quiet_context ();
  /* PROJ takes any other text for a name and picks the nearest in its
   * database, slowly: "UTM 36" becomes "Ain el Abd / UTM zone 36N".  A
   * guess is no answer for data that will be drawn in the wrong place, so
   * names must be exact. */
  if (is_name (definition))
    crs = create_from_exact_name (context, &definition);
  else
    crs = proj_create (context, definition);
  /* A PROJ string without +type=crs is an operation, not a system. */
  if ((crs == NULL || !proj_is_crs (crs)) && looks_like_proj_string (definition) &&
      strstr (definition, "type=crs") == NULL && strstr (definition, "proj=pipeline") == NULL)
    {
      char *with_type = g_strconcat (definition, " +type=crs", NULL);

      g_clear_pointer (&crs, proj_destroy);
      g_free (definition);
      definition = with_type;
      crs = proj_create (context, definition);
    }

  if (crs == NULL)
    {
      const char *reason = proj_reason (context);

      shown = quote_given (given);
      if (reason != NULL)
        g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_INVALID,
                     _("“%s” is not a coordinate system PROJ knows (%s); give an EPSG code "
                       "such as EPSG:32636, a PROJ string or WKT"), shown, reason);
      else
        g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_INVALID,
                     _("“%s” is not a coordinate system PROJ knows; give an EPSG code "
                       "such as EPSG:32636, a PROJ string or WKT"), shown);
      return NULL;
    }
  if (!proj_is_crs (crs))
    {
      shown = quote_given (given);
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_NOT_A_CRS,
                   _("“%s” is not a coordinate system but an operation on coordinates"), shown);
      return NULL;
    }

  self = g_object_new (SITMAP_TYPE_CRS, NULL);
  self->definition = g_steal_pointer (&definition);
  self->given = g_strdup (given);
  self->name = clean_name (proj_get_name (crs) != NULL ? proj_get_name (crs) : _("unnamed"));
  auth = proj_get_id_auth_name (crs, 0);
  code = proj_get_id_code (crs, 0);
  if (auth != NULL && code != NULL)
    {
      g_autofree char *id = g_strconcat (auth, ":", code, NULL);

      self->id = clean_name (id);
    }

  if (!find_sample_point (self, context, crs, error))
    return NULL;

  return g_steal_pointer (&self);
}

SitmapCrs *
sitmap_crs_new_from_string (const char  *text,
                            GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return crs_new (text, text, error);
}

SitmapCrs *
sitmap_crs_new_from_argument (const char  *argument,
                              GError     **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *display = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *text;
  gsize length;
  GStatBuf st;

  g_return_val_if_fail (argument != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (looks_like_code (argument) || looks_like_proj_string (argument) ||
      strchr (argument, '[') != NULL || strchr (argument, '{') != NULL ||
      !g_file_test (argument, G_FILE_TEST_IS_REGULAR))
    return crs_new (argument, argument, error);

  display = g_filename_display_name (argument);
  if (g_stat (argument, &st) == 0 && st.st_size > CRS_TEXT_MAX)
    {
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_FILE,
                   _("%s is over %zu KiB, too large to be a coordinate system"),
                   display, (gsize)(CRS_TEXT_MAX / 1024));
      return NULL;
    }
  if (!g_file_get_contents (argument, &contents, &length, &local_error))
    {
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_FILE,
                   _("%s cannot be read (%s)"), display, local_error->message);
      return NULL;
    }
  if (memchr (contents, '\0', length) != NULL)
    length = strlen (contents);
  if (!g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_FILE,
                   _("%s is not a coordinate system: it is not text"), display);
      return NULL;
    }
  text = contents;
  if (g_str_has_prefix (text, "\xEF\xBB\xBF"))
    text += 3;
  return crs_new (text, display, error);
}

const char *
sitmap_crs_get_definition (SitmapCrs *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  return self->definition;
}

const char *
sitmap_crs_get_given (SitmapCrs *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  return self->given;
}

const char *
sitmap_crs_get_name (SitmapCrs *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  return self->name;
}

const char *
sitmap_crs_get_id (SitmapCrs *self)
{
  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  return self->id;
}

void
sitmap_crs_get_sample_point (SitmapCrs *self,
                             double    *x,
                             double    *y)
{
  g_return_if_fail (SITMAP_IS_CRS (self));
  g_return_if_fail (x != NULL && y != NULL);

  *x = self->sample_x;
  *y = self->sample_y;
}

char *
sitmap_crs_to_prj (SitmapCrs  *self,
                   GError    **error)
{
  g_autoptr(PJ_CONTEXT) context = NULL;
  g_autoptr(PJ) crs = NULL;
  const char *wkt = NULL;

  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  context = quiet_context ();
  crs = proj_create (context, self->definition);
  if (crs != NULL)
    wkt = proj_as_wkt (context, crs, PJ_WKT1_ESRI, NULL);
  if (wkt == NULL)
    {
      g_set_error (error, SITMAP_CRS_ERROR, SITMAP_CRS_ERROR_NO_TRANSFORM,
                   _("%s cannot be written as a .prj file"), self->name);
      return NULL;
    }
  return g_strdup (wkt);
}

SitmapCrsTransform *
sitmap_crs_new_transform (SitmapCrs  *self,
                          GError    **error)
{
  g_return_val_if_fail (SITMAP_IS_CRS (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return sitmap_crs_transform_new (self->definition, error);
}
