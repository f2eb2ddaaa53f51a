/* The BIOS calls of the mode search. Everything the BIOS returns is
 * untrusted: the mode list is bounded and must lie in the first MiB, every
 * mode's numbers are checked (stage2/vbe_mode.c) before it can be chosen,
 * and the one chosen is read again right before it is set. */
#include "stage2/vbe.h"

#include "stage2/bios.h"
#include "stage2/lib.h"

#define VBE_SUCCESS 0x004f
#define VBE_LINEAR 0x4000 /* AX=4F02h: use the linear framebuffer */

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

/* Below 1 MiB (stage 2's BSS), where the BIOS can write them. */
static struct controller_info controller_info;
static uint8_t mode_info[VBE_MODE_INFO_SIZE];
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
	*count = vbe_mode_list(physical(0), list, modes, VBE_MAX_MODES);
	return 0;
}

/* Reads one mode's information into `fb` (stage2/vbe_mode.h); nonzero
 * when it is usable. */
static int read_mode(uint16_t number, struct gb_framebuffer *fb)
{
	struct bios_regs regs;
	memset(mode_info, 0, sizeof mode_info);
	return vbe_call(0x4f01, 0, number, mode_info, &regs) &&
	       vbe_mode_read(mode_info, controller_info.version, controller_info.memory_64k, fb);
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
	uint32_t best = VBE_NO_MODE;
	uint16_t chosen = 0;
	for (unsigned i = 0; i < count && best; i++) {
		uint32_t d;
		if (read_mode(modes[i], &mode->framebuffer) &&
		    (d = vbe_mode_distance(&mode->framebuffer, width, height, bpp)) < best) {
			best = d;
			chosen = modes[i];
		}
	}
	*why = "no such mode";
	if (best == VBE_NO_MODE || !read_mode(chosen, &mode->framebuffer))
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
	mode->mode_info = mode_info;
	return 0;
}
