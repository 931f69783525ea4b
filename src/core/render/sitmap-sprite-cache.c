/* sitmap-sprite-cache.c
 *
 * Copyright 2026 The Sitmap developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "sitmap-sprite-cache-private.h"

/* Device pixels of room around the bounds for antialiased edges. */
#define SPRITE_PADDING 2
/* Copies are told apart by the piece's position within a device pixel,
 * to this fraction of one: close enough that no edge's coverage changes
 * by a level, coarse enough that a pan by whole pixels finds its copies
 * despite rounding. */
#define PHASE_STEPS 64

typedef struct
{
  char            *key;
  cairo_surface_t *surface;
  int              width, height;   /* device pixels */
  guint            frame;           /* when last painted */
  GList            link;            /* in SitmapSpriteCache.recent */
} Sprite;

struct _SitmapSpriteCache
{
  GHashTable *sprites;      /* key → Sprite */
  GQueue      recent;       /* Sprite, most recently used first */
  gsize       bytes;
  gsize       max_bytes;
  guint       frame;
  gboolean    preparing;    /* make copies, paint nothing */
};

static gsize
sprite_bytes (const Sprite *sprite)
{
  return (gsize)sprite->width * sprite->height * 4;
}

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  cairo_surface_destroy (sprite->surface);
  g_free (sprite->key);
  g_free (sprite);
}

SitmapSpriteCache *
_sitmap_sprite_cache_new (gsize max_bytes)
{
  SitmapSpriteCache *self = g_new0 (SitmapSpriteCache, 1);

  self->sprites = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, sprite_free);
  g_queue_init (&self->recent);
  self->max_bytes = max_bytes;
  return self;
}

void
_sitmap_sprite_cache_free (SitmapSpriteCache *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->sprites);
  g_free (self);
}

static const cairo_user_data_key_t pixels_later_key;

void
_sitmap_sprite_cache_hint_pixels_later (cairo_surface_t *recording,
                                        double           scale)
{
  double *boxed = g_new (double, 1);

  *boxed = scale;
  cairo_surface_set_user_data (recording, &pixels_later_key, boxed, g_free);
}

/* Where the result is pixels anyway: an image surface, or a recording
 * that its maker says will become pixels, and a transformation that only
 * moves.  Returns the device transformation from user space then. */
static gboolean
draws_pixels (cairo_t        *cr,
              cairo_matrix_t *to_device)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  double scale_x, scale_y, offset_x = 0, offset_y = 0;
  const double *pixels_later;
  cairo_matrix_t ctm;

  cairo_get_matrix (cr, &ctm);
  if (ctm.xx != 1 || ctm.yy != 1 || ctm.xy != 0 || ctm.yx != 0)
    return FALSE;

  pixels_later = cairo_surface_get_user_data (target, &pixels_later_key);
  if (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_RECORDING && pixels_later != NULL)
    scale_x = scale_y = *pixels_later;
  else if (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE)
    {
      cairo_surface_get_device_scale (target, &scale_x, &scale_y);
      cairo_surface_get_device_offset (target, &offset_x, &offset_y);
    }
  else
    return FALSE;

  cairo_matrix_init (to_device, scale_x, 0, 0, scale_y,
                     ctm.x0 * scale_x + offset_x, ctm.y0 * scale_y + offset_y);
  return TRUE;
}

static void
evict_oldest (SitmapSpriteCache *self)
{
  Sprite *oldest = self->recent.tail->data;

  g_queue_unlink (&self->recent, &oldest->link);
  self->bytes -= sprite_bytes (oldest);
  g_hash_table_remove (self->sprites, oldest->key);
}

void
_sitmap_sprite_cache_end_frame (SitmapSpriteCache *self)
{
  while (self->recent.tail)
    {
      const Sprite *oldest = self->recent.tail->data;

      if (oldest->frame + 1 >= self->frame)
        break;
      evict_oldest (self);
    }
  self->frame++;
}

/* The piece as it would land on the target, moved by whole device pixels
 * so that the pixel (pixel_x, pixel_y) is SPRITE_PADDING pixels in: at
 * the target's device scale, so one pixel of the copy is one pixel of the
 * target, and with the same fraction of a pixel in every coordinate, so
 * glyphs and edges round to the same pixels as drawn directly. */
static Sprite *
sprite_new (char                  *key,
            cairo_t               *cr,
            const cairo_matrix_t  *to_device,
            const SitmapRect      *bounds,
            double                 pixel_x,
            double                 pixel_y,
            SitmapSpritePaintFunc  paint,
            gconstpointer          data)
{
  Sprite *sprite = g_new0 (Sprite, 1);
  cairo_t *sprite_cr;

  sprite->key = key;
  sprite->link.data = sprite;
  sprite->width = (int)ceil (bounds->width * to_device->xx) + 1 + 2 * SPRITE_PADDING;
  sprite->height = (int)ceil (bounds->height * to_device->yy) + 1 + 2 * SPRITE_PADDING;
  sprite->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sprite->width, sprite->height);
  cairo_surface_set_device_scale (sprite->surface, to_device->xx, to_device->yy);

  sprite_cr = cairo_create (sprite->surface);
  cairo_set_antialias (sprite_cr, cairo_get_antialias (cr));
  cairo_translate (sprite_cr, (to_device->x0 - pixel_x + SPRITE_PADDING) / to_device->xx,
                   (to_device->y0 - pixel_y + SPRITE_PADDING) / to_device->yy);
  paint (sprite_cr, data);
  cairo_destroy (sprite_cr);
  cairo_surface_flush (sprite->surface);
  return sprite;
}

/* The piece's copy, drawn now if there is none yet; NULL where the piece
 * is to be drawn as vectors. */
static Sprite *
find_or_make (SitmapSpriteCache     *self,
              cairo_t               *cr,
              const char            *key,
              const SitmapRect      *bounds,
              SitmapSpritePaintFunc  paint,
              gconstpointer          data,
              cairo_matrix_t        *to_device,
              double                *pixel_x,
              double                *pixel_y)
{
  g_autofree char *full_key = NULL;
  Sprite *sprite;
  double corner_x, corner_y;
  int phase_x, phase_y;

  if (self == NULL || !draws_pixels (cr, to_device) ||
      (bounds->width * to_device->xx + 1 + 2 * SPRITE_PADDING) *
      (bounds->height * to_device->yy + 1 + 2 * SPRITE_PADDING) * 4 > self->max_bytes / 4)
    return NULL;

  /* Which device pixel the bounds' corner falls in, and where in it. */
  corner_x = bounds->x;
  corner_y = bounds->y;
  cairo_matrix_transform_point (to_device, &corner_x, &corner_y);
  *pixel_x = floor (corner_x);
  *pixel_y = floor (corner_y);
  phase_x = (int)round ((corner_x - *pixel_x) * PHASE_STEPS);
  phase_y = (int)round ((corner_y - *pixel_y) * PHASE_STEPS);

  /* The same piece at another device scale, in other bounds or elsewhere
   * within a pixel is other pixels.  Sizes in steps of the phase, not to
   * the last bit: bounds computed from a moving anchor differ in their
   * last bits from frame to frame. */
  full_key = g_strdup_printf ("%s\x1f%a\x1f%a\x1f%ld\x1f%ld\x1f%d\x1f%d", key, to_device->xx, to_device->yy,
                              lround (bounds->width * to_device->xx * PHASE_STEPS),
                              lround (bounds->height * to_device->yy * PHASE_STEPS), phase_x, phase_y);
  sprite = g_hash_table_lookup (self->sprites, full_key);
  if (sprite)
    g_queue_unlink (&self->recent, &sprite->link);
  else
    {
      sprite = sprite_new (g_steal_pointer (&full_key), cr, to_device, bounds, *pixel_x, *pixel_y, paint, data);
      g_hash_table_insert (self->sprites, sprite->key, sprite);
      self->bytes += sprite_bytes (sprite);
    }
  sprite->frame = self->frame;
  g_queue_push_head_link (&self->recent, &sprite->link);
  return sprite;
}

void
_sitmap_sprite_cache_set_painting (SitmapSpriteCache *self,
                                   gboolean           painting)
{
  g_return_if_fail (self != NULL);
  self->preparing = !painting;
}


void
_sitmap_sprite_cache_paint (SitmapSpriteCache     *self,
                            cairo_t               *cr,
                            const char            *key,
                            const SitmapRect      *bounds,
                            SitmapSpritePaintFunc  paint,
                            gconstpointer          data)
{
  cairo_matrix_t to_device;
  double pixel_x = 0, pixel_y = 0, x, y;
  Sprite *sprite = find_or_make (self, cr, key, bounds, paint, data, &to_device, &pixel_x, &pixel_y);

  if (self != NULL && self->preparing)
    return;
  if (sprite == NULL)
    {
      paint (cr, data);
      return;
    }

  /* The copy's first pixel, back in user space where the source is set. */
  x = (pixel_x - SPRITE_PADDING - to_device.x0) / to_device.xx;
  y = (pixel_y - SPRITE_PADDING - to_device.y0) / to_device.yy;

  cairo_save (cr);
  cairo_set_source_surface (cr, sprite->surface, x, y);
  cairo_rectangle (cr, x, y, sprite->width / to_device.xx, sprite->height / to_device.yy);
  cairo_fill (cr);
  cairo_restore (cr);

  while (self->bytes > self->max_bytes)
    evict_oldest (self);
}
