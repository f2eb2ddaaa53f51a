/* The display under UEFI: the mode the firmware's Graphics Output left,
 * read while boot services last and handed over as it is (docs/uefi.md:
 * a `video` line does not switch modes yet). */
#include "stage2/video.h"

#include "stage2/console.h"
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

void uefi_video_init(void)
{
	struct efi_graphics_output *gop;
	if (efi_boot->locate_protocol(&efi_graphics_output_guid, 0, (void **)&gop) != EFI_SUCCESS ||
	    !gop->mode || !gop->mode->info)
		return;
	const struct efi_graphics_mode_info *info = gop->mode->info;
	struct efi_pixel_bitmask mask = info->mask;
	if (info->format == EFI_PIXEL_RGB_RESERVED_8BIT)
		mask = (struct efi_pixel_bitmask){ 0xff, 0xff00, 0xff0000, 0xff000000 };
	else if (info->format == EFI_PIXEL_BGR_RESERVED_8BIT)
		mask = (struct efi_pixel_bitmask){ 0xff0000, 0xff00, 0xff, 0xff000000 };
	else if (info->format != EFI_PIXEL_BIT_MASK)
		return; /* no framebuffer to draw on */
	screen = (struct gb_framebuffer){ .addr = gop->mode->framebuffer_base,
					  .pitch = info->pixels_per_scan_line * 4,
					  .width = info->width,
					  .height = info->height,
					  .bpp = 32,
					  .type = GB_FRAMEBUFFER_RGB };
	mask_field(mask.red, &screen.red_position, &screen.red_size);
	mask_field(mask.green, &screen.green_position, &screen.green_size);
	mask_field(mask.blue, &screen.blue_position, &screen.blue_size);
}

void video_switch(const struct video_request *request, struct video *video)
{
	video->graphics = screen.addr != 0;
	video->framebuffer = screen;
	if (request->width && (request->width != screen.width || request->height != screen.height))
		console_printf("ghostboot: warning: video %ux%ux%u: mode switching is not "
			       "supported under UEFI, keeping %ux%u\n",
			       request->width, request->height, request->bpp, screen.width,
			       screen.height);
}
