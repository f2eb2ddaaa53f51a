#include "stage2/video.h"

#include "stage2/console.h"

struct video_request video_request(const struct config_video *entry,
				   const struct mb_video_request *kernel)
{
	struct video_request request = { 0, 0, 0 };
	if (entry->kind == CONFIG_VIDEO_MODE)
		request = (struct video_request){ entry->width, entry->height, entry->bpp };
	else if (entry->kind == CONFIG_VIDEO_NONE && kernel && kernel->present &&
		 kernel->mode_type == 0)
		request = (struct video_request){ kernel->width ? kernel->width : 1024,
						  kernel->height ? kernel->height : 768,
						  kernel->depth ? kernel->depth : 32 };
	return request;
}

void video_switch(const struct video_request *request, struct video *video)
{
	static const struct gb_framebuffer text = {
		.addr = VGA_TEXT_ADDRESS, .pitch = 160, .width = 80, .height = 25, .bpp = 16,
		.type = GB_FRAMEBUFFER_EGA_TEXT,
	};
	const char *why;
	video->graphics = 0;
	video->framebuffer = text;
	if (!request->width)
		return;
	if (vbe_set_mode(request->width, request->height, request->bpp, &video->mode, &why)) {
		console_printf("ghostboot: warning: video %ux%ux%u: %s, staying in text mode\n",
			       request->width, request->height, request->bpp, why);
		return;
	}
	video->graphics = 1;
	video->framebuffer = video->mode.framebuffer;
	console_text_off();
	const struct gb_framebuffer *fb = &video->framebuffer;
	console_printf("ghostboot: video %ux%ux%u: mode 0x%x, %ux%ux%u at 0x%llx, pitch %u\n",
		       request->width, request->height, request->bpp, video->mode.number, fb->width,
		       fb->height, fb->bpp, (unsigned long long)fb->addr, fb->pitch);
}
