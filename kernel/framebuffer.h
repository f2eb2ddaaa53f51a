/* The display the loader set up (docs/bootinfo.md): checked, described, and
 * when it is a framebuffer, a test pattern drawn on it (docs/kernel.md). */
#ifndef KERNEL_FRAMEBUFFER_H
#define KERNEL_FRAMEBUFFER_H

#include <stdbool.h>

#include <ghostboot/bootinfo.h>

#include "kernel/memmap.h"

/* Whether the framebuffer fields are consistent; a reason when not. */
bool framebuffer_check(const struct gb_framebuffer *fb, char *why);

/* Whether a framebuffer (not the text screen) stays clear of the RAM the
 * memory map gives as usable or loader memory. */
bool framebuffer_apart(const struct gb_framebuffer *fb, const struct memmap *map, char *why);

/* Whether the display is what `expect-video=WxHxBPP` or `expect-video=text`
 * on the command line says (true without the word). */
bool framebuffer_expected(const struct gb_framebuffer *fb, const char *cmdline, char *why);

void framebuffer_print(const struct gb_framebuffer *fb);

/* Four quadrants, red, green, blue and white from the top left, on an RGB
 * framebuffer; nothing on another. */
void framebuffer_draw(const struct gb_framebuffer *fb);

#endif
