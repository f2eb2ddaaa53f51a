/* Boot protocols: how an entry's kernel is loaded and entered
 * (docs/stage2.md). Each protocol is one file in stage2/protocols/. */
#ifndef GHOSTBOOT_STAGE2_PROTOCOL_H
#define GHOSTBOOT_STAGE2_PROTOCOL_H

#include <stdint.h>

#include "config/config.h"
#include "fs/blockdev.h"
#include "fs/fs.h"
#include "fs/partition.h"
#include "stage2/disk.h"

#define LOADER_NAME "ghostboot 0.1"

/* What a protocol gets from the boot path: the chosen entry and where it
 * was found. */
struct boot_context {
	struct fs_volume *volume;
	const struct config *config;
	const struct config_entry *entry;
	uint32_t boot_drive;
	unsigned boot_partition; /* 1-based; 0: a whole-disk filesystem */
	uint64_t boot_partition_lba;
	const struct bios_disk *disk; /* for the read statistics */
	const char *disk_calls;       /* what the reads were counted in: "BIOS calls" */
	uint32_t sector_size;
	/* The boot disk and its table (kind NONE for a whole-disk volume): a
	 * chainload finds its partition there. */
	const struct blockdev *disk_device;
	const struct partition_table *table;
	uint64_t rsdp;     /* the ACPI RSDP found by the firmware's rules, or 0 */
	uint32_t firmware; /* enum gb_firmware */
};

struct boot_protocol {
	const char *name;
	int needs_long_mode; /* refused on CPUs without it, before anything is read */
	/* Reads and places the kernel, its modules and files; stops the boot
	 * naming the file and the problem. */
	void (*load)(struct boot_context *context);
	/* Builds the boot information and enters the kernel. */
	__attribute__((noreturn)) void (*boot)(struct boot_context *context);
};

extern const struct boot_protocol protocol_ghostboot;
extern const struct boot_protocol protocol_multiboot1;
extern const struct boot_protocol protocol_multiboot2;
extern const struct boot_protocol protocol_linux;
extern const struct boot_protocol protocol_chainload;

/* Boots `context->entry` with its protocol, or stops naming why not. */
__attribute__((noreturn)) void protocol_boot(struct boot_context *context);

#endif
