#include "stage2/vbe_mode.h"

/* Mode attributes: supported, graphics, linear framebuffer. */
#define VBE_MODE_NEEDED (1u << 0 | 1u << 4 | 1u << 7)
#define VBE_MODEL_PACKED 4
#define VBE_MODEL_DIRECT 6

struct masks {
	uint8_t red_size, red_position, green_size, green_position, blue_size, blue_position;
};

/* The parts of the mode information block read here (VBE 2.0 and 3.0). */
struct mode_info {
	uint16_t attributes;
	uint8_t windows[14];
	uint16_t pitch;
	uint16_t width, height;
	uint8_t char_size[2], planes, bpp, banks, memory_model, bank_size, pages, reserved;
	struct masks masks;
	uint8_t reserved_mask[3];
	uint32_t address;
	uint8_t offscreen[6];
	uint16_t linear_pitch; /* VBE 3.0 */
	uint8_t linear_pages[2];
	struct masks linear_masks; /* VBE 3.0 */
	uint8_t rest[VBE_MODE_INFO_SIZE - 0x3c];
} __attribute__((packed));
_Static_assert(sizeof(struct mode_info) == VBE_MODE_INFO_SIZE, "VBE mode info block");

unsigned vbe_mode_list(const uint8_t *low_memory, uint32_t list, uint16_t *modes, unsigned max)
{
	unsigned n = 0;
	for (; n < max && list + 2 * n + 2 <= VBE_LOW_MEMORY_END; n++) {
		const uint8_t *p = low_memory + list + 2 * n;
		modes[n] = (uint16_t)(p[0] | p[1] << 8);
		if (modes[n] == 0xffff)
			break;
	}
	return n;
}

int vbe_mode_read(const uint8_t *block, uint16_t version, uint16_t memory_64k,
		  struct gb_framebuffer *fb)
{
	const struct mode_info *m = (const struct mode_info *)block;
	int vbe3 = version >= 0x300;
	*fb = (struct gb_framebuffer){ 0 };
	fb->width = m->width;
	fb->height = m->height;
	fb->bpp = m->bpp;
	fb->addr = m->address;
	/* VBE 3.0 gives the linear framebuffer's own pitch and masks. */
	fb->pitch = vbe3 && m->linear_pitch ? m->linear_pitch : m->pitch;
	const struct masks *masks = vbe3 && m->linear_masks.red_size ? &m->linear_masks : &m->masks;
	fb->red_size = masks->red_size;
	fb->red_position = masks->red_position;
	fb->green_size = masks->green_size;
	fb->green_position = masks->green_position;
	fb->blue_size = masks->blue_size;
	fb->blue_position = masks->blue_position;

	if ((m->attributes & VBE_MODE_NEEDED) != VBE_MODE_NEEDED)
		return 0;
	if (m->memory_model == VBE_MODEL_DIRECT &&
	    (fb->bpp == 15 || fb->bpp == 16 || fb->bpp == 24 || fb->bpp == 32))
		fb->type = GB_FRAMEBUFFER_RGB;
	else if (m->memory_model == VBE_MODEL_PACKED && fb->bpp == 8)
		fb->type = GB_FRAMEBUFFER_INDEXED;
	else
		return 0;
	if (fb->type == GB_FRAMEBUFFER_RGB &&
	    (fb->red_size + fb->red_position > fb->bpp ||
	     fb->green_size + fb->green_position > fb->bpp ||
	     fb->blue_size + fb->blue_position > fb->bpp || !fb->red_size || !fb->green_size ||
	     !fb->blue_size))
		return 0;
	if (!fb->width || !fb->height || fb->width > VBE_MAX_SIDE || fb->height > VBE_MAX_SIDE ||
	    fb->pitch < fb->width * ((fb->bpp + 7u) / 8))
		return 0;
	uint64_t size = (uint64_t)fb->pitch * fb->height;
	uint64_t memory = (uint64_t)memory_64k << 16;
	return fb->addr >= VBE_LOW_MEMORY_END && fb->addr + size <= 0x100000000ull &&
	       (!memory || size <= memory);
}

static uint32_t difference(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

/* Each side must lie within an eighth of the request; then the requested
 * depth beats any other, a smaller size difference beats a larger one, and
 * among other depths the nearest wins, the deeper one on a tie. A mode
 * within an eighth of a side has a side of at most VBE_MAX_SIDE, so the
 * size difference stays far below its 22 bits. */
uint32_t vbe_mode_distance(const struct gb_framebuffer *mode, uint32_t width, uint32_t height,
			   uint32_t bpp)
{
	uint32_t dw = difference(mode->width, width), dh = difference(mode->height, height);
	if (dw > width / 8 || dh > height / 8 || bpp > 32)
		return VBE_NO_MODE;
	uint32_t dbpp = difference(mode->bpp, bpp);
	return (dbpp != 0) << 30 | (dw + dh) << 8 | dbpp << 1 | (mode->bpp < bpp);
}
