#include "stage2/video.h"

/* Shared by stage 2 and the UEFI loader: what the entry or kernel asks for. */
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
