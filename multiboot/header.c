/* Multiboot header parsing (docs/multiboot.md). Only the bytes given are
 * read; every length and address is checked before it is used. */
#include "multiboot/header.h"

#define MB1_HEADER_BASE 12     /* magic, flags, checksum */
#define MB1_HEADER_ADDRESS 32  /* ... the five address fields */
#define MB1_HEADER_VIDEO 48    /* ... the four video fields */
#define MB2_HEADER_BASE 16     /* magic, architecture, length, checksum */
#define MB2_ARCH_I386 0
#define ADDRESS_LIMIT 0x100000000ull /* a Multiboot kernel lives below 4 GiB */

static uint32_t read32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t read16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static int fail(const char **why, const char *message)
{
	*why = message;
	return -1;
}

/* The address fields against the file: what they load must come from the
 * file, hold the header, and fit below 4 GiB. */
static int check_address(struct mb_address *a, uint32_t header_offset, uint32_t header_size,
			 uint64_t file_size, const char **why)
{
	uint64_t load_addr = a->load_addr;
	if (load_addr == 0xffffffffu) { /* Multiboot 2: from the start of the file */
		if (a->header_addr < header_offset)
			return fail(why, "header_addr is smaller than the header's offset in the file");
		load_addr = a->load_addr = a->header_addr - header_offset;
	}
	if (load_addr > a->header_addr)
		return fail(why, "load_addr lies above header_addr");
	uint64_t skip = a->header_addr - load_addr;
	if (skip > header_offset)
		return fail(why, "load_addr lies before the start of the file");
	a->file_offset = header_offset - skip;
	if (a->load_end_addr == 0) {
		a->load_size = file_size - a->file_offset;
	} else {
		if (a->load_end_addr <= load_addr)
			return fail(why, "load_end_addr is not above load_addr");
		a->load_size = a->load_end_addr - load_addr;
	}
	if (a->load_size > file_size - a->file_offset)
		return fail(why, "load_end_addr lies past the end of the file");
	if (skip + header_size > a->load_size)
		return fail(why, "load_end_addr leaves the header itself unloaded");
	a->memory_end = load_addr + a->load_size;
	if (a->bss_end_addr) {
		if (a->bss_end_addr < a->memory_end)
			return fail(why, "bss_end_addr lies below load_end_addr");
		a->memory_end = a->bss_end_addr;
	}
	if (a->memory_end > ADDRESS_LIMIT)
		return fail(why, "the image runs past 4 GiB");
	return 0;
}

int mb1_header_find(const uint8_t *head, size_t head_size, uint64_t file_size,
		    struct mb1_header *h, const char **why, uint32_t *number)
{
	*number = MB_NO_NUMBER;
	bool bad_checksum = false;
	size_t limit = head_size < MB1_SEARCH_SIZE ? head_size : MB1_SEARCH_SIZE;
	for (size_t at = 0; at + MB1_HEADER_BASE <= limit; at += 4) {
		const uint8_t *p = head + at;
		if (read32(p) != MB1_HEADER_MAGIC)
			continue;
		if ((uint32_t)(read32(p) + read32(p + 4) + read32(p + 8)) != 0) {
			bad_checksum = true;
			continue;
		}
		*h = (struct mb1_header){ .offset = (uint32_t)at, .flags = read32(p + 4) };
		uint32_t unknown = h->flags & 0xffffu & ~(uint32_t)MB1_KNOWN_REQUIRED;
		if (unknown) {
			*number = (uint32_t)__builtin_ctz(unknown);
			return fail(why, "requires a feature this loader does not know: flag bit");
		}
		size_t size = (h->flags & MB1_FLAG_VIDEO_MODE)  ? MB1_HEADER_VIDEO
			      : (h->flags & MB1_FLAG_ADDRESS) ? MB1_HEADER_ADDRESS
							      : MB1_HEADER_BASE;
		if (at + size > limit)
			return fail(why, "the header runs past the first 8 KiB or the end of the file");
		if (h->flags & MB1_FLAG_ADDRESS) {
			h->has_address = true;
			h->address = (struct mb_address){ read32(p + 12), read32(p + 16),
							  read32(p + 20), read32(p + 24), 0, 0, 0 };
			h->entry_addr = read32(p + 28);
			if (h->address.load_addr == 0xffffffffu)
				return fail(why, "load_addr lies above header_addr");
			if (check_address(&h->address, h->offset, MB1_HEADER_ADDRESS, file_size, why))
				return -1;
			if (h->entry_addr < h->address.load_addr || h->entry_addr >= h->address.memory_end)
				return fail(why, "entry_addr lies outside the image the address fields load");
		}
		if (h->flags & MB1_FLAG_VIDEO_MODE)
			h->video = (struct mb_video_request){ true, false, read32(p + 32),
							      read32(p + 36), read32(p + 40),
							      read32(p + 44) };
		return 1;
	}
	return bad_checksum ? fail(why, "bad checksum: magic, flags and checksum do not sum to 0")
			    : 0;
}

bool mb2_info_supported(uint32_t type)
{
	switch (type) {
	case MB2_INFO_CMDLINE:
	case MB2_INFO_LOADER_NAME:
	case MB2_INFO_MODULE:
	case MB2_INFO_BASIC_MEMORY:
	case MB2_INFO_BOOT_DEVICE:
	case MB2_INFO_MEMORY_MAP:
	case MB2_INFO_FRAMEBUFFER:
	case MB2_INFO_ELF_SECTIONS:
	case MB2_INFO_ACPI_OLD:
	case MB2_INFO_ACPI_NEW:
	case MB2_INFO_LOAD_BASE:
		return true;
	default:
		return false;
	}
}

/* One header tag of `size` bytes at `p` (its 8-byte head included). */
static int read_tag(struct mb2_header *h, const uint8_t *p, uint32_t type, bool optional,
		    uint32_t size, uint64_t file_size, bool efi, const char **why,
		    uint32_t *number)
{
	/* The smallest size of each known tag. */
	static const uint8_t minimum[] = { 8, 8, 24, 12, 12, 20, 8, 8, 12, 12, 24 };
	if (type < sizeof minimum && size < minimum[type]) {
		*number = type;
		return fail(why, "a header tag is shorter than its fields: tag");
	}
	switch (type) {
	case MB2_TAG_INFO_REQUEST:
		h->requests_optional = optional;
		for (uint32_t at = 8; at + 4 <= size; at += 4) {
			uint32_t request = read32(p + at);
			if (!optional && !mb2_info_supported(request) &&
			    !(efi && (request == MB2_INFO_EFI64_SYSTEM_TABLE ||
				      request == MB2_INFO_EFI_MEMORY_MAP ||
				      request == MB2_INFO_EFI64_IMAGE_HANDLE))) {
				*number = request;
				return fail(why, "requires information this loader does not give: "
						 "information tag");
			}
			if (h->request_count < MB2_MAX_REQUESTS)
				h->requests[h->request_count++] = request;
		}
		return 0;
	case MB2_TAG_ADDRESS:
		h->has_address = true;
		h->address = (struct mb_address){ read32(p + 8), read32(p + 12), read32(p + 16),
						  read32(p + 20), 0, 0, 0 };
		return check_address(&h->address, h->offset, h->length, file_size, why);
	case MB2_TAG_ENTRY:
		h->has_entry = true;
		h->entry_addr = read32(p + 8);
		return 0;
	case MB2_TAG_CONSOLE:
		h->has_console = true;
		h->console_optional = optional;
		h->console_flags = read32(p + 8);
		return 0;
	case MB2_TAG_FRAMEBUFFER:
		h->video = (struct mb_video_request){ true, optional, 0, read32(p + 8),
						      read32(p + 12), read32(p + 16) };
		return 0;
	case MB2_TAG_MODULE_ALIGN:
		h->module_align = true;
		return 0;
	case MB2_TAG_RELOCATABLE:
		h->relocatable = true;
		h->reloc_min = read32(p + 8);
		h->reloc_max = read32(p + 12);
		h->reloc_align = read32(p + 16);
		h->reloc_preference = read32(p + 20);
		if (h->reloc_min > h->reloc_max)
			return fail(why, "relocatable tag: min_addr lies above max_addr");
		if (h->reloc_align & (h->reloc_align - 1))
			return fail(why, "relocatable tag: align is not a power of two");
		if (h->reloc_preference > 2)
			return fail(why, "relocatable tag: unknown preference");
		return 0;
	case MB2_TAG_EFI_BOOT_SERVICES:
	case MB2_TAG_ENTRY_EFI32:
	case MB2_TAG_ENTRY_EFI64:
		if (optional || efi)
			return 0;
		*number = type;
		return fail(why, "requires EFI, which a BIOS boot does not have: tag");
	default:
		if (optional)
			return 0;
		*number = type;
		return fail(why, "unknown required tag");
	}
}

int mb2_header_find(const uint8_t *head, size_t head_size, uint64_t file_size,
		    struct mb2_header *h, bool efi, const char **why, uint32_t *number)
{
	*number = MB_NO_NUMBER;
	bool bad_checksum = false;
	size_t limit = head_size < MB2_SEARCH_SIZE ? head_size : MB2_SEARCH_SIZE;
	for (size_t at = 0; at + MB2_HEADER_BASE <= limit; at += 8) {
		const uint8_t *p = head + at;
		if (read32(p) != MB2_HEADER_MAGIC)
			continue;
		uint32_t arch = read32(p + 4), length = read32(p + 8);
		if ((uint32_t)(read32(p) + arch + length + read32(p + 12)) != 0) {
			bad_checksum = true;
			continue;
		}
		if (arch != MB2_ARCH_I386)
			return fail(why, "the header is for another architecture than i386");
		if (length < MB2_HEADER_BASE + 8 || length > limit - at)
			return fail(why, "header_length runs past the first 32 KiB or the file");
		*h = (struct mb2_header){ .offset = (uint32_t)at, .length = length };
		uint32_t pos = MB2_HEADER_BASE;
		for (;;) {
			if (pos + 8 > length)
				return fail(why, "the header's tags run past header_length without "
						 "an end tag");
			uint32_t type = read16(p + pos), size = read32(p + pos + 4);
			bool optional = read16(p + pos + 2) & MB2_TAG_OPTIONAL;
			*number = type;
			if (size < 8)
				return fail(why, "a header tag is shorter than its fields: tag");
			if (size > length - pos)
				return fail(why, "a header tag's size runs past header_length: tag");
			*number = MB_NO_NUMBER;
			if (type == MB2_TAG_END)
				return 1;
			if (read_tag(h, p + pos, type, optional, size, file_size, efi, why, number))
				return -1;
			pos += (size + 7) & ~7u;
		}
	}
	return bad_checksum ? fail(why, "bad checksum: magic, architecture, header_length and "
					"checksum do not sum to 0")
			    : 0;
}
