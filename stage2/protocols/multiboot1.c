/* Multiboot 1 (the 0.6.96 specification; docs/multiboot.md): the header in
 * the first 8 KiB, an ELF kernel or the address fields, modules on page
 * boundaries, and the information structure at EBX. */
#include "stage2/console.h"
#include "stage2/firmware.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/protocols/multiboot_load.h"
#include "stage2/strings.h"
#include "stage2/video.h"

/* The command line and every module string, each at most a line long. */
#define STRING_POOL_SIZE ((CONFIG_MAX_MODULES + 2) * 1024)

/* Bits of mb1_info.flags: which fields are valid. */
enum {
	INFO_MEMORY = 1u << 0,
	INFO_BOOT_DEVICE = 1u << 1,
	INFO_CMDLINE = 1u << 2,
	INFO_MODULES = 1u << 3,
	INFO_ELF_SECTIONS = 1u << 5,
	INFO_MEMORY_MAP = 1u << 6,
	INFO_LOADER_NAME = 1u << 9,
	INFO_VBE = 1u << 11,         /* set by the video code */
	INFO_FRAMEBUFFER = 1u << 12, /* set by the video code */
};

/* The information structure, every field at its specified offset. */
struct mb1_info {
	uint32_t flags;
	uint32_t mem_lower, mem_upper; /* KiB from 0, and from 1 MiB */
	uint32_t boot_device;          /* drive, then partitions, 0xff unused */
	uint32_t cmdline;
	uint32_t mods_count, mods_addr;
	uint32_t shdr_num, shdr_size, shdr_addr, shdr_strndx; /* ELF sections */
	uint32_t mmap_length, mmap_addr;
	uint32_t drives_length, drives_addr;
	uint32_t config_table;
	uint32_t boot_loader_name;
	uint32_t apm_table;
	uint32_t vbe_control_info, vbe_mode_info;
	uint16_t vbe_mode, vbe_interface_seg, vbe_interface_off, vbe_interface_len;
	uint64_t framebuffer_addr;
	uint32_t framebuffer_pitch, framebuffer_width, framebuffer_height;
	uint8_t framebuffer_bpp, framebuffer_type;
	uint8_t color_info[6];
} __attribute__((packed));
_Static_assert(sizeof(struct mb1_info) == 116, "Multiboot 1 information is 116 bytes");

struct mb1_module {
	uint32_t start, end, string, reserved;
};

/* A memory map entry: `size` counts the bytes after itself. */
struct mb1_mmap_entry {
	uint32_t size;
	uint64_t base, length;
	uint32_t type;
} __attribute__((packed));

static struct mb_image image;
static struct mb1_header header;
static struct mb_module modules[MB_MAX_MODULES];
static uint32_t module_count;

static void load(struct boot_context *context)
{
	const char *why;
	uint32_t number;
	mb_open(context->volume, context->entry->kernel.path, &image);
	int found = mb1_header_find(image.head, image.head_size, image.file.size, &header, &why,
				    &number);
	if (found < 0)
		mb_header_fail(image.path, "multiboot1", why, number);
	if (found == 0)
		panic("kernel %s: no Multiboot 1 header in its first 8 KiB", image.path);
	mb_plan(&image, header.has_address ? &header.address : 0,
		header.has_address ? header.entry_addr : 0);
	mb_place(&image, &context->entry->kernel);
	/* memory_allocate hands out whole pages: MB1_FLAG_PAGE_ALIGN always holds. */
	module_count = mb_modules_load(context, modules);
}

static void *allocate(uint32_t size)
{
	void *p = memory_allocate(size);
	if (!p)
		panic("out of memory for the Multiboot information");
	return p;
}

/* The mode the entry's video line, else header flag 2, asks for: set last,
 * as the screen may leave text mode. The framebuffer fields describe the
 * screen either way (EGA text when no mode was set); the VBE fields come
 * with a mode, the BIOS's blocks copied beside the information. */
static void info_video(struct mb1_info *info, const struct config_video *entry)
{
	uint8_t *blocks = allocate(VBE_CONTROLLER_INFO_SIZE + VBE_MODE_INFO_SIZE + 256 * 3);
	static struct video video;
	struct video_request request = video_request(entry, &header.video);
	video_switch(&request, &video);
	const struct gb_framebuffer *fb = &video.framebuffer;
	info->flags |= INFO_FRAMEBUFFER;
	info->framebuffer_addr = fb->addr;
	info->framebuffer_pitch = fb->pitch;
	info->framebuffer_width = fb->width;
	info->framebuffer_height = fb->height;
	info->framebuffer_bpp = fb->bpp;
	info->framebuffer_type = fb->type;
	if (fb->type == GB_FRAMEBUFFER_RGB) {
		/* position, size: red, green, blue */
		memcpy(info->color_info, &fb->red_position, 6);
	} else if (fb->type == GB_FRAMEBUFFER_INDEXED) {
		uint8_t *palette = blocks + VBE_CONTROLLER_INFO_SIZE + VBE_MODE_INFO_SIZE;
		memcpy(palette, (const void *)(uintptr_t)fb->palette, fb->palette_count * 3);
		uint32_t address = (uint32_t)(uintptr_t)palette;
		memcpy(info->color_info, &address, 4);
		memcpy(info->color_info + 4, &fb->palette_count, 2);
	}
	if (!video.graphics || !video.mode.controller_info)
		return;
	const struct vbe_mode *mode = &video.mode;
	memcpy(blocks, mode->controller_info, VBE_CONTROLLER_INFO_SIZE);
	memcpy(blocks + VBE_CONTROLLER_INFO_SIZE, mode->mode_info, VBE_MODE_INFO_SIZE);
	info->flags |= INFO_VBE;
	info->vbe_control_info = (uint32_t)(uintptr_t)blocks;
	info->vbe_mode_info = (uint32_t)(uintptr_t)(blocks + VBE_CONTROLLER_INFO_SIZE);
	info->vbe_mode = mode->number;
	info->vbe_interface_seg = mode->interface_segment;
	info->vbe_interface_off = mode->interface_offset;
	info->vbe_interface_len = mode->interface_length;
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	struct mb1_info *info = allocate(sizeof *info);
	struct string_pool strings;
	string_pool_init(&strings, STRING_POOL_SIZE);

	info->flags = INFO_MEMORY | INFO_BOOT_DEVICE | INFO_CMDLINE | INFO_MODULES |
		      INFO_MEMORY_MAP | INFO_LOADER_NAME;
	uint32_t lower, upper;
	mb_memory_sizes(&lower, &upper);
	info->mem_lower = lower;
	info->mem_upper = upper;
	info->boot_device = context->boot_drive << 24 | mb_partition(context) << 16 | 0xffff;
	info->cmdline = (uint32_t)string_pool_add_string(&strings, entry->cmdline);
	info->boot_loader_name = (uint32_t)string_pool_add_string(&strings, LOADER_NAME);

	struct mb1_module *mods = allocate(module_count * sizeof *mods);
	for (uint32_t i = 0; i < module_count; i++)
		mods[i] = (struct mb1_module){ modules[i].start, modules[i].end,
					       (uint32_t)string_pool_add_string(&strings,
										modules[i].string),
					       0 };
	info->mods_count = module_count;
	info->mods_addr = (uint32_t)(uintptr_t)mods;

	if (image.sections) {
		info->flags |= INFO_ELF_SECTIONS;
		info->shdr_num = image.section_count;
		info->shdr_size = image.section_size;
		info->shdr_addr = image.sections;
		info->shdr_strndx = image.section_names;
	}

	/* The BIOS map as it is: the kernel finds its modules and this
	 * structure through the fields above. */
	const struct gb_memory_region *regions;
	uint32_t count = memory_regions(&regions);
	struct mb1_mmap_entry *map = allocate(count * sizeof *map);
	for (uint32_t i = 0; i < count; i++)
		map[i] = (struct mb1_mmap_entry){ sizeof *map - 4, regions[i].base,
						  regions[i].length, regions[i].type };
	info->mmap_length = count * sizeof *map;
	info->mmap_addr = (uint32_t)(uintptr_t)map;

	console_printf("ghostboot: kernel 0x%llx-0x%llx, %u modules\n",
		       (unsigned long long)image.start, (unsigned long long)image.end, module_count);
	if (header.video.present || entry->video.kind == CONFIG_VIDEO_MODE)
		info_video(info, &entry->video);
	struct firmware_memory_map unused;
	firmware_exit(0, 0, &unused); /* UEFI's boot services; the map above holds */
	mb_enter(&image, MB1_BOOT_MAGIC, (uint32_t)(uintptr_t)info);
}

const struct boot_protocol protocol_multiboot1 = { "multiboot1", 0, load, boot };
