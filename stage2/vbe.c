/* Everything the BIOS returns here is untrusted: the mode list is bounded
 * and must lie in the first MiB, every mode's numbers are checked before it
 * can be chosen, and the one chosen is read again right before it is set. */
#include "stage2/vbe.h"

#include "stage2/bios.h"
#include "stage2/lib.h"

#define VBE_SUCCESS 0x004f
#define VBE_MAX_MODES 256
#define VBE_LINEAR 0x4000 /* AX=4F02h: use the linear framebuffer */
/* Mode attributes: supported, graphics, linear framebuffer. */
#define VBE_MODE_NEEDED (1u << 0 | 1u << 4 | 1u << 7)
#define VBE_MODEL_PACKED 4
#define VBE_MODEL_DIRECT 6
#define VBE_MAX_SIDE 16384
#define LOW_MEMORY_END 0x100000u

/* The parts of the BIOS's blocks stage 2 reads (VBE 2.0 and 3.0). */
struct controller_info {
	char signature[4];
	uint16_t version;
	uint32_t oem_string;
	uint32_t capabilities;
	uint16_t mode_list_offset, mode_list_segment;
	uint16_t memory_64k; /* video memory in 64 KiB units */
	uint8_t rest[VBE_CONTROLLER_INFO_SIZE - 20];
} __attribute__((packed));
_Static_assert(sizeof(struct controller_info) == VBE_CONTROLLER_INFO_SIZE, "VBE info block");

struct masks {
	uint8_t red_size, red_position, green_size, green_position, blue_size, blue_position;
};

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

/* Below 1 MiB (stage 2's BSS), where the BIOS can write them. */
static struct controller_info controller_info;
static struct mode_info mode_info;
static uint16_t modes[VBE_MAX_MODES];
static uint8_t palette[256 * 3];

/* INT 10h, AX = function, with a buffer in ES:DI; nonzero when it returns
 * the VBE success code. */
static int vbe_call(uint16_t function, uint32_t ebx, uint32_t ecx, void *buffer,
		    struct bios_regs *regs)
{
	*regs = (struct bios_regs){ .eax = function, .ebx = ebx, .ecx = ecx,
				    .es = real_segment(buffer), .edi = real_offset(buffer) };
	bios_call(0x10, regs);
	return (regs->eax & 0xffff) == VBE_SUCCESS;
}

static int read_controller_info(unsigned *count, const char **why)
{
	struct bios_regs regs;
	memset(&controller_info, 0, sizeof controller_info);
	memcpy(controller_info.signature, "VBE2", 4); /* asks for the VBE 2.0 block */
	if (!vbe_call(0x4f00, 0, 0, &controller_info, &regs) ||
	    memcmp(controller_info.signature, "VESA", 4)) {
		*why = "no VESA BIOS extensions";
		return -1;
	}
	if (controller_info.version < 0x200) {
		*why = "VESA BIOS extensions older than 2.0";
		return -1;
	}
	/* A far pointer to 16-bit mode numbers ending in 0xFFFF; copied before
	 * any other call, since it may point into the block just filled. */
	uint32_t list = controller_info.mode_list_segment * 16u + controller_info.mode_list_offset;
	unsigned n = 0;
	for (; n < VBE_MAX_MODES && list + 2 * n + 2 <= LOW_MEMORY_END; n++) {
		modes[n] = *(volatile uint16_t *)physical(list + 2 * n);
		if (modes[n] == 0xffff)
			break;
	}
	*count = n;
	return 0;
}

/* Reads one mode's information into `fb`; nonzero when it is a graphics
 * mode with a linear framebuffer whose numbers are consistent. */
static int read_mode(uint16_t number, struct gb_framebuffer *fb)
{
	struct bios_regs regs;
	memset(&mode_info, 0, sizeof mode_info);
	if (!vbe_call(0x4f01, 0, number, &mode_info, &regs))
		return 0;
	const struct mode_info *m = &mode_info;
	int vbe3 = controller_info.version >= 0x300;
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
	if (m->memory_model == VBE_MODEL_DIRECT && fb->bpp >= 15)
		fb->type = GB_FRAMEBUFFER_RGB;
	else if (m->memory_model == VBE_MODEL_PACKED && fb->bpp == 8)
		fb->type = GB_FRAMEBUFFER_INDEXED;
	else
		return 0;
	if (fb->bpp != 8 && fb->bpp != 15 && fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32)
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
	/* The framebuffer lies above low memory, within 4 GiB and the video
	 * memory the card reports (in 64 KiB units; 0 when it does not say). */
	uint64_t size = (uint64_t)fb->pitch * fb->height;
	uint64_t memory = (uint64_t)controller_info.memory_64k << 16;
	return fb->addr >= LOW_MEMORY_END && fb->addr + size <= 0x100000000ull &&
	       (!memory || size <= memory);
}

static uint32_t difference(uint32_t a, uint32_t b) { return a > b ? a - b : b - a; }

/* Lower is closer; NO_MODE rules the mode out. Each side must lie within
 * an eighth of the request; then the requested depth beats any other, a
 * smaller size difference beats a larger one, and among other depths the
 * nearest wins, the deeper one on a tie. Sides are at most VBE_MAX_SIDE,
 * so the size difference fits its 15 bits. */
#define NO_MODE 0xffffffffu
static uint32_t distance(const struct gb_framebuffer *mode, uint32_t width, uint32_t height,
			 uint32_t bpp)
{
	uint32_t dw = difference(mode->width, width), dh = difference(mode->height, height);
	if (dw > width / 8 || dh > height / 8 || bpp > 32)
		return NO_MODE;
	uint32_t dbpp = difference(mode->bpp, bpp);
	return (dbpp != 0) << 30 | (dw + dh) << 8 | dbpp << 1 | (mode->bpp < bpp);
}

/* The 256 colors an 8-bit mode starts with, from the VGA DAC (6 bits a
 * primary), scaled to 8 bits for the kernel. */
static void read_palette(void)
{
	outb(0x3c7, 0);
	for (unsigned i = 0; i < sizeof palette; i++)
		palette[i] = (uint8_t)(inb(0x3c9) << 2);
}

int vbe_set_mode(uint32_t width, uint32_t height, uint32_t bpp, struct vbe_mode *mode,
		 const char **why)
{
	unsigned count;
	if (read_controller_info(&count, why))
		return -1;
	uint32_t best = NO_MODE;
	uint16_t chosen = 0;
	for (unsigned i = 0; i < count && best; i++) {
		uint32_t d;
		if (read_mode(modes[i], &mode->framebuffer) &&
		    (d = distance(&mode->framebuffer, width, height, bpp)) < best) {
			best = d;
			chosen = modes[i];
		}
	}
	*why = "no such mode";
	if (best == NO_MODE || !read_mode(chosen, &mode->framebuffer))
		return -1;

	struct bios_regs regs;
	*why = "the BIOS would not set the mode";
	if (!vbe_call(0x4f02, (chosen & 0x1ff) | VBE_LINEAR, 0, 0, &regs)) {
		/* Whatever the failed call left, back to 80 x 25 text. */
		vbe_call(0x0003, 0, 0, 0, &regs);
		return -1;
	}
	mode->interface_segment = mode->interface_offset = mode->interface_length = 0;
	if (vbe_call(0x4f0a, 0, 0, 0, &regs)) {
		mode->interface_segment = regs.es;
		mode->interface_offset = (uint16_t)regs.edi;
		mode->interface_length = (uint16_t)regs.ecx;
	}
	if (mode->framebuffer.type == GB_FRAMEBUFFER_INDEXED) {
		read_palette();
		mode->framebuffer.palette = (uintptr_t)palette;
		mode->framebuffer.palette_count = 256;
	}
	mode->number = chosen;
	mode->controller_info = (const uint8_t *)&controller_info;
	mode->mode_info = (const uint8_t *)&mode_info;
	return 0;
}
