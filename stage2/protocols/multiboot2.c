/* Multiboot 2 (the 2.0 specification; docs/multiboot.md): the header in
 * the first 32 KiB with its tags honoured or refused, the image placed
 * (relocated when the kernel allows and needs it), and the information
 * tags at EBX, one function per tag. */
#include "stage2/acpi.h"
#include "stage2/console.h"
#include "stage2/firmware.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/video.h"
#include "stage2/protocols/multiboot_load.h"

/* Every tag but the variable ones (command line, modules, sections, the
 * map), padded; an RSDP is at most 4 KiB (stage2/acpi.c). */
#define INFO_FIXED_SIZE 8192
/* The framebuffer tag with a 256-color palette, and the VBE tag. */
#define VIDEO_INFO_SIZE (40 + 2 + 256 * 3 + 16 + VBE_CONTROLLER_INFO_SIZE + VBE_MODE_INFO_SIZE)
/* Room for the firmware's own memory map under UEFI (OVMF's takes a few KiB). */
#define EFI_MAP_CAPACITY (64u * 1024)

static struct mb_image image;
static struct mb2_header header;
static struct mb_module modules[MB_MAX_MODULES];
static uint32_t module_count;
static uint64_t load_base; /* where a relocatable image went */

/* The information being written: tags one after the other, each starting
 * on an 8-byte boundary. */
struct writer {
	uint8_t *base;
	uint32_t used, size;
};

/* Starts a tag of `size` bytes (head included) and returns it, zeroed. */
static uint8_t *tag(struct writer *w, uint32_t type, uint32_t size)
{
	uint32_t padded = ALIGN_UP(size, 8u);
	if (padded > w->size - w->used)
		panic("kernel %s: the Multiboot information outgrew its %u bytes", image.path,
		      w->size);
	uint8_t *t = w->base + w->used;
	memset(t, 0, padded);
	((uint32_t *)t)[0] = type;
	((uint32_t *)t)[1] = size;
	w->used += padded;
	return t;
}

static void tag_string(struct writer *w, uint32_t type, const char *text)
{
	uint32_t length = (uint32_t)strlen(text) + 1;
	memcpy(tag(w, type, 8 + length) + 8, text, length);
}

static void tag_modules(struct writer *w)
{
	for (uint32_t i = 0; i < module_count; i++) {
		uint32_t length = (uint32_t)strlen(modules[i].string) + 1;
		uint32_t *t = (uint32_t *)tag(w, MB2_INFO_MODULE, 16 + length);
		t[2] = modules[i].start;
		t[3] = modules[i].end;
		memcpy(t + 4, modules[i].string, length);
	}
}

static void tag_basic_memory(struct writer *w)
{
	uint32_t *t = (uint32_t *)tag(w, MB2_INFO_BASIC_MEMORY, 16);
	mb_memory_sizes(&t[2], &t[3]);
}

static void tag_boot_device(struct writer *w, const struct boot_context *context)
{
	uint32_t *t = (uint32_t *)tag(w, MB2_INFO_BOOT_DEVICE, 20);
	t[2] = context->boot_drive;
	t[3] = context->boot_partition ? context->boot_partition - 1 : 0xffffffffu;
	t[4] = 0xffffffffu; /* no sub-partition */
}

static void tag_memory_map(struct writer *w)
{
	const struct gb_memory_region *regions;
	uint32_t count = memory_regions(&regions);
	uint32_t *t = (uint32_t *)tag(w, MB2_INFO_MEMORY_MAP, 16 + count * 24);
	t[2] = 24; /* entry size */
	t[3] = 0;  /* entry version */
	/* struct gb_memory_region has the entry's layout: base, length, type, 0. */
	memcpy(t + 4, regions, count * 24);
}

/* The screen as video_switch left it: a graphics mode (its RGB fields or
 * palette after the common part, laid out as GRUB writes them), else the
 * EGA text console. */
static void tag_framebuffer(struct writer *w, const struct video *video)
{
	const struct gb_framebuffer *fb = &video->framebuffer;
	uint32_t colors = fb->type == GB_FRAMEBUFFER_INDEXED ? fb->palette_count : 0;
	uint32_t color_size = fb->type == GB_FRAMEBUFFER_RGB ? 6 : colors ? 2 + colors * 3 : 0;
	uint8_t *t = tag(w, MB2_INFO_FRAMEBUFFER, 32 + color_size);
	((uint64_t *)t)[1] = fb->addr;
	((uint32_t *)t)[4] = fb->pitch;
	((uint32_t *)t)[5] = fb->width;
	((uint32_t *)t)[6] = fb->height;
	t[28] = fb->bpp;
	t[29] = fb->type;
	if (fb->type == GB_FRAMEBUFFER_RGB) {
		/* position, size: red, green, blue */
		memcpy(t + 32, &fb->red_position, 6);
	} else if (colors) {
		*(uint16_t *)(t + 32) = (uint16_t)colors;
		memcpy(t + 34, (const void *)(uintptr_t)fb->palette, colors * 3);
	}
	if (!video->graphics || !video->mode.controller_info)
		return;
	const struct vbe_mode *mode = &video->mode;
	uint16_t *vbe = (uint16_t *)tag(w, MB2_INFO_VBE, 16 + VBE_CONTROLLER_INFO_SIZE +
							VBE_MODE_INFO_SIZE);
	vbe[4] = mode->number;
	vbe[5] = mode->interface_segment;
	vbe[6] = mode->interface_offset;
	vbe[7] = mode->interface_length;
	memcpy(vbe + 8, mode->controller_info, VBE_CONTROLLER_INFO_SIZE);
	memcpy((uint8_t *)(vbe + 8) + VBE_CONTROLLER_INFO_SIZE, mode->mode_info,
	       VBE_MODE_INFO_SIZE);
}

/* Laid out as GRUB writes it (32-bit num, entsize, shndx), which is what
 * kernels written for GRUB read. */
static void tag_elf_sections(struct writer *w)
{
	uint32_t bytes = image.section_count * image.section_size;
	uint32_t *t = (uint32_t *)tag(w, MB2_INFO_ELF_SECTIONS, 20 + bytes);
	t[2] = image.section_count;
	t[3] = image.section_size;
	t[4] = image.section_names;
	memcpy(t + 5, (void *)(uintptr_t)image.sections, bytes);
}

static void tag_acpi(struct writer *w)
{
	struct acpi_rsdp rsdp;
	acpi_find_rsdp(&rsdp);
	if (!rsdp.address)
		return;
	memcpy(tag(w, MB2_INFO_ACPI_OLD, 8 + ACPI_RSDP_V1_SIZE) + 8, rsdp.address,
	       ACPI_RSDP_V1_SIZE);
	if (rsdp.revision2)
		memcpy(tag(w, MB2_INFO_ACPI_NEW, 8 + rsdp.length) + 8, rsdp.address, rsdp.length);
}

/* Under UEFI: the system table and the loader's image handle (64-bit). */
static void tag_efi(struct writer *w, const struct firmware_efi *efi)
{
	((uint64_t *)tag(w, MB2_INFO_EFI64_SYSTEM_TABLE, 16))[1] = efi->system_table;
	((uint64_t *)tag(w, MB2_INFO_EFI64_IMAGE_HANDLE, 16))[1] = efi->image_handle;
}

/* Ends the firmware's boot services; under UEFI its final map goes last,
 * in its own descriptors, as the tag's room is only known then. */
static void tag_efi_memory_map(struct writer *w, int on_efi)
{
	struct firmware_memory_map map;
	if (!on_efi) {
		firmware_exit(0, 0, &map);
		return;
	}
	uint32_t *t = (uint32_t *)tag(w, MB2_INFO_EFI_MEMORY_MAP, 16 + EFI_MAP_CAPACITY);
	firmware_exit(t + 4, EFI_MAP_CAPACITY, &map);
	t[1] = 16 + map.size;
	t[2] = map.descriptor_size;
	t[3] = map.descriptor_version;
	w->used = (uint32_t)((uint8_t *)t - w->base) + ALIGN_UP(t[1], 8u);
}

static void tag_load_base(struct writer *w)
{
	((uint32_t *)tag(w, MB2_INFO_LOAD_BASE, 12))[2] = (uint32_t)load_base;
}

/* A base for a relocatable image within [min, max], aligned, as low or as
 * high as the kernel prefers; where it was linked when that is allowed and
 * the kernel has no preference. */
static void choose_base(void)
{
	uint64_t size = image.end - image.start;
	uint64_t step = header.reloc_align > PAGE_SIZE ? header.reloc_align : PAGE_SIZE;
	int high = header.reloc_preference == 2, found = 0;
	load_base = image.start;
	if (header.reloc_preference == 0 && image.start >= header.reloc_min &&
	    image.end - 1 <= header.reloc_max && !memory_conflict(image.start, size))
		return;
	const struct gb_memory_region *regions;
	uint32_t count = memory_regions(&regions);
	for (uint32_t i = 0; i < count; i++) {
		const struct gb_memory_region *r = &regions[i];
		uint64_t low = ALIGN_UP(r->base > header.reloc_min ? r->base : header.reloc_min, step);
		uint64_t top = r->base + r->length;
		if (top > (uint64_t)header.reloc_max + 1)
			top = (uint64_t)header.reloc_max + 1;
		if (r->type != GB_MEMORY_USABLE || top < size || low > top - size)
			continue;
		uint64_t last = (top - size) / step * step;
		/* A few steps in from the preferred end, past what stage 2 holds. */
		for (uint32_t n = 0; n < 256 && low + n * step <= last; n++) {
			uint64_t at = high ? last - n * step : low + n * step;
			if (memory_conflict(at, size))
				continue;
			if (!found || (high ? at > load_base : at < load_base))
				load_base = at;
			found = 1;
			break;
		}
	}
	if (!found)
		panic("kernel %s: no free memory between 0x%x and 0x%x for its relocatable image",
		      image.path, header.reloc_min, header.reloc_max);
	mb_relocate(&image, load_base - image.start);
}

/* A required console that may not be EGA text: only a graphics mode will do. */
static int needs_graphics_console(void)
{
	return header.has_console && !header.console_optional && (header.console_flags & 3) == 1;
}

__attribute__((noreturn)) static void refuse_text_console(void)
{
	panic("kernel %s: multiboot2 header: requires a console other than EGA text, and no "
	      "graphics mode is set", image.path);
}

static void load(struct boot_context *context)
{
	const char *why;
	uint32_t number;
	mb_open(context->volume, context->entry->kernel.path, &image);
	int found = mb2_header_find(image.head, image.head_size, image.file.size, &header,
				    context->firmware == GB_FIRMWARE_UEFI, &why, &number);
	if (found < 0)
		mb_header_fail(image.path, "multiboot2", why, number);
	if (found == 0)
		panic("kernel %s: no Multiboot 2 header in its first 32 KiB", image.path);
	/* Refused at once when neither the entry nor the header asks for a
	 * mode; else once the switch is tried (boot). */
	if (needs_graphics_console() &&
	    !video_request(&context->entry->video, &header.video).width)
		refuse_text_console();
	if (header.has_address && !header.has_entry)
		panic("kernel %s: multiboot2 header: an address tag without an entry address tag",
		      image.path);
	mb_plan(&image, header.has_address ? &header.address : 0,
		header.has_entry ? header.entry_addr : 0);
	if (header.relocatable)
		choose_base();
	mb_place(&image, &context->entry->kernel);
	/* Modules always start on a page: the module alignment tag holds. */
	module_count = mb_modules_load(context, modules);
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	struct firmware_efi efi;
	int on_efi = firmware_efi(&efi);
	uint32_t size = INFO_FIXED_SIZE + VIDEO_INFO_SIZE + (uint32_t)strlen(context->entry->cmdline) +
			image.section_count * image.section_size + MEMORY_MAX_REGIONS * 24 +
			(on_efi ? 16 + EFI_MAP_CAPACITY : 0);
	for (uint32_t i = 0; i < module_count; i++)
		size += 24 + (uint32_t)strlen(modules[i].string);
	struct writer w = { memory_allocate(size), 8, size };
	if (!w.base)
		panic("out of memory for the Multiboot information");

	tag_string(&w, MB2_INFO_CMDLINE, context->entry->cmdline);
	tag_string(&w, MB2_INFO_LOADER_NAME, LOADER_NAME);
	tag_modules(&w);
	tag_basic_memory(&w);
	tag_boot_device(&w, context);
	tag_memory_map(&w);
	if (image.sections)
		tag_elf_sections(&w);
	tag_acpi(&w);
	if (header.relocatable)
		tag_load_base(&w);
	if (on_efi)
		tag_efi(&w, &efi);

	console_printf("ghostboot: kernel 0x%llx-0x%llx, %u modules\n",
		       (unsigned long long)image.start, (unsigned long long)image.end, module_count);
	/* Last, as the screen may leave text mode: the entry's video line, else
	 * the header's framebuffer tag. */
	static struct video video;
	struct video_request request = video_request(&context->entry->video, &header.video);
	video_switch(&request, &video);
	if (header.video.present && !header.video.optional && !video.graphics)
		panic("kernel %s: multiboot2 header: its framebuffer tag is required, and no "
		      "graphics mode was set", image.path);
	if (needs_graphics_console() && !video.graphics)
		refuse_text_console();
	tag_framebuffer(&w, &video);
	tag_efi_memory_map(&w, on_efi);
	tag(&w, MB2_INFO_END, 8);
	((uint32_t *)w.base)[0] = w.used; /* total_size; the reserved word stays 0 */
	mb_enter(&image, MB2_BOOT_MAGIC, (uint32_t)(uintptr_t)w.base);
}

const struct boot_protocol protocol_multiboot2 = { "multiboot2", 0, load, boot };
