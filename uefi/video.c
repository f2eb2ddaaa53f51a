/* The display under UEFI: Graphics Output's modes, chosen by stage 2's
 * rule for VBE modes (stage2/vbe_mode.c, docs/configuration.md "Video")
 * when the entry asks for one, and set while boot services last; the
 * kernel gets the framebuffer of the mode the screen is then in. */
#include "stage2/video.h"

#include "stage2/console.h"
#include "stage2/vbe_mode.h"
#include "uefi/uefi.h"

static struct gb_framebuffer screen;

/* Bit position and width of a contiguous mask. */
static void mask_field(uint32_t mask, uint8_t *position, uint8_t *size)
{
	*position = *size = 0;
	if (!mask)
		return;
	while (!(mask & 1))
		mask >>= 1, ++*position;
	while (mask & 1)
		mask >>= 1, ++*size;
}

/* A mode as the boot information describes one; 0 for a mode without a
 * framebuffer (BLT only) or with masks that are not one field each. */
static int framebuffer_of(const struct efi_graphics_mode_info *info, uint64_t base,
			  struct gb_framebuffer *fb)
{
	struct efi_pixel_bitmask mask = info->mask;
	if (info->format == EFI_PIXEL_RGB_RESERVED_8BIT)
		mask = (struct efi_pixel_bitmask){ 0xff, 0xff00, 0xff0000, 0xff000000 };
	else if (info->format == EFI_PIXEL_BGR_RESERVED_8BIT)
		mask = (struct efi_pixel_bitmask){ 0xff0000, 0xff00, 0xff, 0xff000000 };
	else if (info->format != EFI_PIXEL_BIT_MASK)
		return 0;
	uint32_t all = mask.red | mask.green | mask.blue | mask.reserved;
	if (!all || !info->width || !info->height || info->pixels_per_scan_line < info->width)
		return 0;
	uint32_t bits = 32;
	while (!(all >> (bits - 1)))
		bits--;
	uint32_t bpp = (bits + 7) / 8 * 8;
	*fb = (struct gb_framebuffer){ .addr = base,
				       .pitch = info->pixels_per_scan_line * (bpp / 8),
				       .width = info->width,
				       .height = info->height,
				       .bpp = (uint8_t)bpp,
				       .type = GB_FRAMEBUFFER_RGB };
	mask_field(mask.red, &fb->red_position, &fb->red_size);
	mask_field(mask.green, &fb->green_position, &fb->green_size);
	mask_field(mask.blue, &fb->blue_position, &fb->blue_size);
	return 1;
}

/* The closest mode to `request`, or VBE_NO_MODE. */
static uint32_t closest_mode(struct efi_graphics_output *gop, const struct video_request *request)
{
	uint32_t best = VBE_NO_MODE, best_distance = VBE_NO_MODE;
	for (uint32_t mode = 0; mode < gop->mode->max_mode; mode++) {
		struct efi_graphics_mode_info *info;
		uint64_t size;
		struct gb_framebuffer fb;
		if (gop->query_mode(gop, mode, &size, &info) != EFI_SUCCESS)
			continue;
		if (size >= sizeof *info && framebuffer_of(info, 0, &fb)) {
			uint32_t distance =
				vbe_mode_distance(&fb, request->width, request->height, request->bpp);
			if (distance < best_distance)
				best = mode, best_distance = distance;
		}
		efi_boot->free_pool(info);
	}
	return best;
}

void uefi_video_init(const struct video_request *request)
{
	struct efi_graphics_output *gop;
	if (efi_boot->locate_protocol(&efi_graphics_output_guid, 0, (void **)&gop) != EFI_SUCCESS ||
	    !gop->mode || !gop->mode->info) {
		if (request->width)
			console_printf("ghostboot: warning: video %ux%ux%u: the firmware has no "
				       "Graphics Output\n",
				       request->width, request->height, request->bpp);
		return;
	}
	if (request->width) {
		uint32_t mode = closest_mode(gop, request);
		if (mode == VBE_NO_MODE)
			console_printf("ghostboot: warning: video %ux%ux%u: no mode close enough, "
				       "keeping %ux%u\n",
				       request->width, request->height, request->bpp,
				       gop->mode->info->width, gop->mode->info->height);
		else if (mode != gop->mode->mode && gop->set_mode(gop, mode) != EFI_SUCCESS)
			console_printf("ghostboot: warning: video %ux%ux%u: the firmware cannot set "
				       "mode %u\n",
				       request->width, request->height, request->bpp, mode);
	}
	if (!framebuffer_of(gop->mode->info, gop->mode->framebuffer_base, &screen))
		return;
	if (request->width)
		console_printf("ghostboot: video %ux%ux%u: mode %u, %ux%ux%u at 0x%llx, pitch %u\n",
			       request->width, request->height, request->bpp, gop->mode->mode,
			       screen.width, screen.height, screen.bpp,
			       (unsigned long long)screen.addr, screen.pitch);
}

void video_switch(const struct video_request *request, struct video *video)
{
	/* Multiboot's switch comes while boot services last, with the header's
	 * request; the native protocol's after, the mode set by then. */
	if (!uefi_boot_services_over)
		uefi_video_init(request);
	video->graphics = screen.addr != 0;
	video->framebuffer = screen;
}
