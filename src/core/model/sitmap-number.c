/* sitmap-number.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "sitmap-number.h"

/* Numbers as a reader writes them: 100,000 and 2.5, never 2.50000 or
 * 1e+05 (within reason). */
void
sitmap_number_append (GString *out,
                      double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *digits;
  gsize n_digits = 0;

  if (value == 0)
    value = 0; /* no "-0" */

  if (fabs (value) < 1e21 && value == floor (value))
    g_ascii_formatd (buffer, sizeof buffer, "%.0f", value);
  else
    {
      /* The shortest form that reads back as the same number. */
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
    }

  if (strchr (buffer, 'e') != NULL || strchr (buffer, 'n') != NULL)
    {
      g_string_append (out, buffer);
      return;
    }

  digits = buffer;
  if (*digits == '-')
    g_string_append_c (out, *digits++);
  while (g_ascii_isdigit (digits[n_digits]))
    n_digits++;
  for (gsize i = 0; i < n_digits; i++)
    {
      if (i > 0 && (n_digits - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append (out, digits + n_digits);
}

char *
sitmap_number_format (double value)
{
  GString *out = g_string_new (NULL);

  sitmap_number_append (out, value);
  return g_string_free (out, FALSE);
}
