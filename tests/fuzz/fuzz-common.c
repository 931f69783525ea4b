/* fuzz-common.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-target.h"

gboolean fuzz_verbose;

const char fuzz_story_article[] =
  "Kyiv is the capital of Ukraine. More than 100,000 troops waited near the border, "
  "and another five to 10 groups were on the way.\n\n"
  "The column moved west along the road \xE2\x80\x93 slowly \xE2\x80\x93 past the lake.\n\n"
  "\xE2\x80\x9CWe will stay,\xE2\x80\x9D said the mayor of Lakeside.\n";

gboolean
fuzz_text_is_clean (const char *text)
{
  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
        return FALSE;
    }
  return TRUE;
}

static void
discard_log (const char     *log_domain,
             GLogLevelFlags  log_level,
             const char     *message,
             gpointer        user_data)
{
}

void
fuzz_init_logging (void)
{
  static gboolean done;

  if (done)
    return;
  done = TRUE;

  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR);
  g_log_set_handler (NULL, G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE,
                     discard_log, NULL);
  g_log_set_handler ("sitmap-core", G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE,
                     discard_log, NULL);
}
