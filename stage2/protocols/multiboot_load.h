/* What Multiboot 1 and 2 share (docs/multiboot.md): reading the header
 * area, placing an ELF32/ELF64 or address-field image at its physical
 * addresses, the ELF section headers, loading modules, the memory sizes and
 * the entry in 32-bit protected mode. */
#ifndef GHOSTBOOT_STAGE2_PROTOCOLS_MULTIBOOT_LOAD_H
#define GHOSTBOOT_STAGE2_PROTOCOLS_MULTIBOOT_LOAD_H

#include <stdint.h>

#include "config/config.h"
#include "fs/fs.h"
#include "multiboot/header.h"
#include "stage2/protocol.h"

#define MB_MAX_SEGMENTS 16
#define MB_MAX_MODULES 128

struct mb_segment {
	uint64_t paddr, memsz;  /* where it goes, and its size with bss */
	uint64_t offset, filesz; /* what of the file fills it */
};

struct mb_image {
	const char *path;
	struct fs_file file;
	/* The file's first MB2_SEARCH_SIZE bytes (fewer for a smaller file). */
	const uint8_t *head;
	uint32_t head_size;
	uint32_t segment_count;
	struct mb_segment segments[MB_MAX_SEGMENTS];
	uint64_t entry; /* physical */
	uint64_t start, end; /* the lowest and one past the highest byte placed */
	int is_elf; /* planned from its program headers: its sections are handed over */
	/* ELF section headers, in loader memory, once placed: sh_addr of a
	 * section that is not loaded says where its bytes were put; 0 without. */
	uint32_t sections;
	uint32_t section_count, section_size, section_names;
};

struct mb_module {
	uint32_t start, end; /* the bytes, page-aligned, end exclusive */
	const char *string;  /* the configuration's string for it */
};

/* Opens the entry's kernel and reads its header area into `image`. */
void mb_open(struct fs_volume *volume, const char *path, struct mb_image *image);

/* Stops the boot: "kernel PATH: multiboot1 header: WHY[ NUMBER]". */
__attribute__((noreturn)) void mb_header_fail(const char *path, const char *protocol,
					      const char *why, uint32_t number);

/* The segments from the address fields, or from the ELF program headers
 * when `address` is 0; the entry from `entry` when nonzero, else the
 * file's own (the ELF entry, translated to its physical address). */
void mb_plan(struct mb_image *image, const struct mb_address *address, uint32_t entry);

/* Moves every segment and the entry by `delta` (a relocated image). */
void mb_relocate(struct mb_image *image, uint64_t delta);

/* Checks each segment's place (named when it would overwrite something)
 * and claims it; for an ELF image reads the section headers into loader
 * memory; then reads the file once, each segment straight to its place and
 * each section handed over that no segment loads to a copy of its own,
 * and zeroes the bss. Call before any allocation. */
void mb_place(struct mb_image *image, const struct config_file *ref);

/* Loads the entry's modules; `file` lines and module lists are refused. */
uint32_t mb_modules_load(const struct boot_context *context, struct mb_module *modules);

/* KiB of usable memory from 0, and from 1 MiB, as the BIOS map says. */
void mb_memory_sizes(uint32_t *lower, uint32_t *upper);

/* The Multiboot partition byte: 0-based, logical partitions from 4;
 * 0xff for a whole-disk filesystem. */
uint32_t mb_partition(const struct boot_context *context);

/* Enters the kernel in 32-bit protected mode, paging off, interrupts off,
 * flat segments, with `magic` in EAX and `info` in EBX. */
__attribute__((noreturn)) void mb_enter(const struct mb_image *image, uint32_t magic,
					uint32_t info);

#endif
