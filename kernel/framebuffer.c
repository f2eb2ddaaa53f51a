#include "kernel/framebuffer.h"

#include <stddef.h>
#include <stdint.h>

#include "kernel/cmdline.h"
#include "kernel/kprintf.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

static const char *const type_names[] = { "indexed", "RGB", "EGA text" };

bool framebuffer_check(const struct gb_framebuffer *fb, char *why)
{
	if (fb->type > GB_FRAMEBUFFER_EGA_TEXT)
		return reason(why, "framebuffer type %u is unknown", fb->type);
	uint32_t bytes = (fb->bpp + 7u) / 8;
	if (!fb->width || !fb->height || !bytes || fb->pitch < (uint64_t)fb->width * bytes)
		return reason(why, "framebuffer %ux%ux%u with pitch %u is inconsistent", fb->width,
			      fb->height, fb->bpp, fb->pitch);
	if (!phys_range_ok(fb->addr, (uint64_t)fb->pitch * fb->height))
		return reason(why, "framebuffer at %#lx does not lie below 4 GiB", fb->addr);
	if (fb->type == GB_FRAMEBUFFER_RGB &&
	    (!fb->red_size || !fb->green_size || !fb->blue_size ||
	     fb->red_position + fb->red_size > fb->bpp ||
	     fb->green_position + fb->green_size > fb->bpp ||
	     fb->blue_position + fb->blue_size > fb->bpp))
		return reason(why, "framebuffer colors %u:%u %u:%u %u:%u do not fit %u bits a pixel",
			      fb->red_position, fb->red_size, fb->green_position, fb->green_size,
			      fb->blue_position, fb->blue_size, fb->bpp);
	if (fb->type == GB_FRAMEBUFFER_INDEXED && (!fb->palette_count || fb->palette_count > 256 ||
						   !phys_range_ok(fb->palette, fb->palette_count * 3)))
		return reason(why, "framebuffer palette of %u colors at %#lx is not usable",
			      fb->palette_count, fb->palette);
	return true;
}

bool framebuffer_apart(const struct gb_framebuffer *fb, const struct memmap *map, char *why)
{
	if (fb->type == GB_FRAMEBUFFER_EGA_TEXT)
		return true;
	uint64_t end = fb->addr + (uint64_t)fb->pitch * fb->height;
	for (uint32_t i = 0; i < map->count; i++) {
		const struct gb_memory_region *r = &map->regions[i];
		if ((r->type == GB_MEMORY_USABLE || r->type == GB_MEMORY_LOADER) &&
		    r->base < end && fb->addr < r->base + r->length)
			return reason(why, "framebuffer %#lx-%#lx overlaps %s memory at %#lx", fb->addr,
				      end, memmap_type_name(r->type), r->base);
	}
	return true;
}

/* Reads decimal digits (at most 6) before `end`, then `separator` unless it
 * is NUL; false when either is missing. */
static bool read_number(const char **at, const char *end, char separator, uint64_t *value)
{
	const char *s = *at;
	*value = 0;
	while (s < end && *s >= '0' && *s <= '9' && s - *at < 6)
		*value = *value * 10 + (uint64_t)(*s++ - '0');
	if (s == *at)
		return false;
	if (separator && (s == end || *s++ != separator))
		return false;
	*at = s;
	return true;
}

bool framebuffer_expected(const struct gb_framebuffer *fb, const char *cmdline, char *why)
{
	const char *at = cmdline, *value;
	size_t length;
	if (!cmdline_next_value(&at, "expect-video", &value, &length))
		return true;
	const char *end = value + length;
	if (length == 4 && value[0] == 't' && value[1] == 'e' && value[2] == 'x' && value[3] == 't') {
		if (fb->type != GB_FRAMEBUFFER_EGA_TEXT)
			return reason(why, "framebuffer is %s, expect-video=text", type_names[fb->type]);
		return true;
	}
	uint64_t w, h, bpp;
	if (!read_number(&value, end, 'x', &w) || !read_number(&value, end, 'x', &h) ||
	    !read_number(&value, end, 0, &bpp) || value != end)
		return reason(why, "expect-video= takes WIDTHxHEIGHTxBPP or text");
	if (fb->type == GB_FRAMEBUFFER_EGA_TEXT || fb->width != w || fb->height != h ||
	    fb->bpp != bpp)
		return reason(why, "framebuffer is %s %ux%ux%u, expect-video=%lux%lux%lu",
			      type_names[fb->type], fb->width, fb->height, fb->bpp, w, h, bpp);
	return true;
}

void framebuffer_print(const struct gb_framebuffer *fb)
{
	kprintf("display: %s %ux%ux%u at %#lx, pitch %u\n",
		fb->type <= GB_FRAMEBUFFER_EGA_TEXT ? type_names[fb->type] : "unknown", fb->width,
		fb->height, fb->bpp, fb->addr, fb->pitch);
}

static uint32_t primary(uint8_t position, uint8_t size)
{
	return ((1u << size) - 1) << position;
}

void framebuffer_draw(const struct gb_framebuffer *fb)
{
	if (fb->type != GB_FRAMEBUFFER_RGB)
		return;
	uint32_t red = primary(fb->red_position, fb->red_size);
	uint32_t green = primary(fb->green_position, fb->green_size);
	uint32_t blue = primary(fb->blue_position, fb->blue_size);
	const uint32_t quadrant[4] = { red, green, blue, red | green | blue };
	uint32_t bytes = (fb->bpp + 7u) / 8;
	for (uint32_t y = 0; y < fb->height; y++) {
		volatile uint8_t *line = (volatile uint8_t *)(uintptr_t)(fb->addr + (uint64_t)y * fb->pitch);
		for (uint32_t x = 0; x < fb->width; x++) {
			uint32_t color = quadrant[(y >= fb->height / 2) * 2 + (x >= fb->width / 2)];
			for (uint32_t b = 0; b < bytes; b++)
				line[x * bytes + b] = (uint8_t)(color >> (8 * b));
		}
	}
}
