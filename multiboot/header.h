/* Finding and checking the Multiboot 1 (0.6.96) and Multiboot 2 (2.0)
 * headers of a kernel file (docs/multiboot.md). Portable: stage 2 reads them
 * before loading a kernel, `ghostboot inspect` to describe one. Every field
 * is checked against the bytes given and the file's size; a problem comes
 * back as a static phrase. */
#ifndef GHOSTBOOT_MULTIBOOT_HEADER_H
#define GHOSTBOOT_MULTIBOOT_HEADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MB1_SEARCH_SIZE 8192u  /* the header lies in the file's first 8 KiB */
#define MB2_SEARCH_SIZE 32768u /* and in its first 32 KiB for Multiboot 2 */

#define MB1_HEADER_MAGIC 0x1badb002u
#define MB1_BOOT_MAGIC 0x2badb002u /* in EAX at the kernel's entry */
#define MB2_HEADER_MAGIC 0xe85250d6u
#define MB2_BOOT_MAGIC 0x36d76289u

/* Multiboot 1 header flags. Bits 0-15 are requirements: a loader that does
 * not know one must refuse the kernel. */
enum {
	MB1_FLAG_PAGE_ALIGN = 1u << 0,   /* modules on 4 KiB boundaries */
	MB1_FLAG_MEMORY_INFO = 1u << 1,  /* mem_* and mmap_* wanted */
	MB1_FLAG_VIDEO_MODE = 1u << 2,   /* the header's video fields ask for a mode */
	MB1_FLAG_ADDRESS = 1u << 16,     /* the a.out kludge: load by the address fields */
	MB1_KNOWN_REQUIRED = 0x7u,
};

/* The address fields of the Multiboot 1 a.out kludge, or of a Multiboot 2
 * address tag: how a file that is not read as ELF is loaded. */
struct mb_address {
	uint32_t header_addr, load_addr, load_end_addr, bss_end_addr;
	/* Derived and checked: bytes [file_offset, file_offset + load_size) of
	 * the file go to load_addr, then zeros up to memory_end. */
	uint64_t file_offset, load_size, memory_end;
};

struct mb_video_request {
	bool present;
	bool optional;          /* Multiboot 2 framebuffer tag flagged optional */
	uint32_t mode_type;     /* Multiboot 1: 0 linear graphics, 1 EGA text */
	uint32_t width, height, depth; /* 0: no preference */
};

struct mb1_header {
	uint32_t offset; /* of the magic in the file */
	uint32_t flags;
	bool has_address;
	struct mb_address address;
	uint32_t entry_addr; /* with MB1_FLAG_ADDRESS */
	struct mb_video_request video; /* MB1_FLAG_VIDEO_MODE; set by the video code */
};

/* Multiboot 2 header tags. */
enum {
	MB2_TAG_END = 0,
	MB2_TAG_INFO_REQUEST = 1,
	MB2_TAG_ADDRESS = 2,
	MB2_TAG_ENTRY = 3,
	MB2_TAG_CONSOLE = 4,
	MB2_TAG_FRAMEBUFFER = 5,
	MB2_TAG_MODULE_ALIGN = 6,
	MB2_TAG_EFI_BOOT_SERVICES = 7,
	MB2_TAG_ENTRY_EFI32 = 8,
	MB2_TAG_ENTRY_EFI64 = 9,
	MB2_TAG_RELOCATABLE = 10,
	MB2_TAG_OPTIONAL = 1, /* a tag's flags: the kernel boots without it */
};

/* Multiboot 2 information tags, as the loader writes them. */
enum {
	MB2_INFO_END = 0,
	MB2_INFO_CMDLINE = 1,
	MB2_INFO_LOADER_NAME = 2,
	MB2_INFO_MODULE = 3,
	MB2_INFO_BASIC_MEMORY = 4,
	MB2_INFO_BOOT_DEVICE = 5,
	MB2_INFO_MEMORY_MAP = 6,
	MB2_INFO_VBE = 7,
	MB2_INFO_FRAMEBUFFER = 8,
	MB2_INFO_ELF_SECTIONS = 9,
	MB2_INFO_APM = 10,
	MB2_INFO_ACPI_OLD = 14,
	MB2_INFO_EFI64_SYSTEM_TABLE = 12,
	MB2_INFO_ACPI_NEW = 15,
	MB2_INFO_EFI_MEMORY_MAP = 17,
	MB2_INFO_EFI64_IMAGE_HANDLE = 20,
	MB2_INFO_LOAD_BASE = 21,
	MB2_INFO_TYPES = 22, /* one past the highest the specification defines */
};

#define MB2_MAX_REQUESTS 32

struct mb2_header {
	uint32_t offset; /* of the magic in the file, a multiple of 8 */
	uint32_t length;
	uint32_t request_count;
	uint32_t requests[MB2_MAX_REQUESTS]; /* information tags asked for */
	bool requests_optional;
	bool has_address;
	struct mb_address address;
	bool has_entry;
	uint32_t entry_addr;
	bool has_console;
	bool console_optional;
	uint32_t console_flags; /* bit 0: a console is required; bit 1: EGA text will do */
	struct mb_video_request video; /* the framebuffer tag */
	bool module_align;
	bool relocatable;
	uint32_t reloc_min, reloc_max, reloc_align, reloc_preference; /* 0 none, 1 low, 2 high */
};

/* Which information tags the loader gives: the others are refused when a
 * kernel requires them. */
bool mb2_info_supported(uint32_t type);

#define MB_NO_NUMBER 0xffffffffu

/* Looks for each header in the first bytes of a file (`head`, `head_size`
 * bytes of a file of `file_size` bytes). Returns 1 when found and sound, 0
 * when there is none, -1 with `*why` when one is there but wrong. When the
 * problem concerns a flag bit, tag or information type, `*number` is it
 * (the message then ends with a word for it: "flag bit", "tag"), else
 * MB_NO_NUMBER. */
int mb1_header_find(const uint8_t *head, size_t head_size, uint64_t file_size,
		    struct mb1_header *header, const char **why, uint32_t *number);
/* `efi`: for the loader started by 64-bit UEFI, where the EFI tags are
 * accepted (tag 7 says the kernel could start with boot services running,
 * and tags 8 and 9 are entries for that case only: the loader ends boot
 * services and uses the ordinary entry) and the EFI information tags may
 * be required; without it the EFI tags are refused unless optional. */
int mb2_header_find(const uint8_t *head, size_t head_size, uint64_t file_size,
		    struct mb2_header *header, bool efi, const char **why, uint32_t *number);

#endif
