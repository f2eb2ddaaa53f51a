#include "cli/link/inspect_multiboot.h"

#include <stdio.h>

#include "cli/common/diag.h"
#include "multiboot/header.h"

/* The name of an information tag, as the specification calls it. */
static const char *mb2_info_name(uint32_t type)
{
	static const char *const names[MB2_INFO_TYPES] = {
		"end", "command line", "boot loader name", "modules", "basic memory",
		"BIOS boot device", "memory map", "VBE", "framebuffer", "ELF sections", "APM",
		"EFI 32-bit system table", "EFI 64-bit system table", "SMBIOS", "ACPI old RSDP",
		"ACPI new RSDP", "network", "EFI memory map", "EFI boot services not ended",
		"EFI 32-bit image handle", "EFI 64-bit image handle", "load base address",
	};
	return type < MB2_INFO_TYPES ? names[type] : "unknown";
}

static void print_address(const struct mb_address *a)
{
	printf("  address fields: header 0x%x, load 0x%x-0x%x, bss end 0x%x\n", a->header_addr,
	       a->load_addr, (unsigned)(a->load_addr + a->load_size), a->bss_end_addr);
}

static void print_video(const struct mb_video_request *v)
{
	if (v->present)
		printf("  video mode %ux%ux%u%s\n", v->width, v->height, v->depth,
		       v->optional ? " (optional)" : "");
}

static void describe_mb1(const char *path, const struct mb1_header *h)
{
	printf("%s: multiboot1, header at 0x%x, flags 0x%x\n", path, h->offset, h->flags);
	if (h->flags & MB1_FLAG_PAGE_ALIGN)
		puts("  modules page-aligned");
	if (h->flags & MB1_FLAG_MEMORY_INFO)
		puts("  memory information");
	if (h->has_address) {
		print_address(&h->address);
		printf("  entry 0x%x\n", h->entry_addr);
	}
	print_video(&h->video);
}

static void describe_mb2(const char *path, const struct mb2_header *h)
{
	static const char *const preferences[] = { "none", "lowest", "highest" };
	printf("%s: multiboot2, header at 0x%x, %u bytes\n", path, h->offset, h->length);
	if (h->request_count) {
		printf("  requests%s:", h->requests_optional ? " (optional)" : "");
		for (uint32_t i = 0; i < h->request_count; i++)
			printf("%s %s", i ? "," : "", mb2_info_name(h->requests[i]));
		putchar('\n');
	}
	if (h->has_address)
		print_address(&h->address);
	if (h->has_entry)
		printf("  entry 0x%x\n", h->entry_addr);
	if (h->has_console)
		printf("  console flags 0x%x%s\n", h->console_flags,
		       h->console_optional ? " (optional)" : "");
	print_video(&h->video);
	if (h->module_align)
		puts("  modules page-aligned");
	if (h->relocatable)
		printf("  relocatable within 0x%x-0x%x, align 0x%x, preference %s\n", h->reloc_min,
		       h->reloc_max, h->reloc_align, preferences[h->reloc_preference]);
}

static int report(const char *path, const char *protocol, const char *why, uint32_t number)
{
	if (number == MB_NO_NUMBER)
		return error("%s: %s header: %s", path, protocol, why);
	return error("%s: %s header: %s %u", path, protocol, why, number);
}

int inspect_multiboot(const struct file_bytes *file)
{
	struct mb1_header mb1;
	struct mb2_header mb2;
	const char *why;
	uint32_t number;
	int found = 0, bad = 0;

	int result = mb1_header_find(file->bytes, file->size, file->size, &mb1, &why, &number);
	if (result > 0)
		describe_mb1(file->path, &mb1), found++;
	else if (result < 0)
		bad = report(file->path, "multiboot1", why, number);
	result = mb2_header_find(file->bytes, file->size, file->size, &mb2, false, &why, &number);
	if (result > 0)
		describe_mb2(file->path, &mb2), found++;
	else if (result < 0)
		bad = report(file->path, "multiboot2", why, number);
	return bad ? -1 : found;
}
