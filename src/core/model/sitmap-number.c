/* sitmap-number.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-number.h"

static const SitmapNumberStyle message_style = { ",", ".", "-" };

void
sitmap_number_append_styled (GString                 *out,
                             double                   value,
                             const SitmapNumberStyle *style)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *digits;
  double magnitude = fabs (value);
  gsize n_digits = 0;

  g_return_if_fail (out != NULL);

  if (style == NULL)
    style = &message_style;

  if (isnan (value))
    {
      g_string_append (out, "nan");
      return;
    }
  /* No "-0": the sign goes with the magnitude, which is never negative. */
  if (value < 0)
    g_string_append (out, style->minus);

  if (magnitude < 1e21 && magnitude == floor (magnitude))
    g_ascii_formatd (buffer, sizeof buffer, "%.0f", magnitude);
  else
    {
      /* The shortest form that reads back as the same number. */
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buffer, sizeof buffer, format, magnitude);
          if (g_ascii_strtod (buffer, NULL) == magnitude)
            break;
        }
    }

  digits = buffer;
  while (g_ascii_isdigit (digits[n_digits]))
    n_digits++;
  /* Too large or too small to group, or infinite: as printf writes it. */
  if (strchr (buffer, 'e') != NULL || n_digits == 0)
    {
      const char *dot = strchr (buffer, '.');

      if (dot == NULL)
        g_string_append (out, buffer);
      else
        {
          g_string_append_len (out, buffer, dot - buffer);
          g_string_append (out, style->point);
          g_string_append (out, dot + 1);
        }
      return;
    }

  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append (out, style->group);
      g_string_append_c (out, digits[i]);
    }
  if (digits[n_digits] == '.')
    {
      g_string_append (out, style->point);
      g_string_append (out, digits + n_digits + 1);
    }
}

void
sitmap_number_append (GString *out,
                      double   value)
{
  sitmap_number_append_styled (out, value, NULL);
}

char *
sitmap_number_format (double value)
{
  GString *out = g_string_new (NULL);

  sitmap_number_append (out, value);
  return g_string_free (out, FALSE);
}
