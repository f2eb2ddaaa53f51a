/* The disk layouts mkimage builds (docs/cli.md): an MBR or GPT partition
 * table written by sfdisk, or none, and where the filesystem goes. */
#ifndef GHOSTBOOT_MKIMAGE_FORMAT_H
#define GHOSTBOOT_MKIMAGE_FORMAT_H

#include <stdint.h>

enum format_table { FORMAT_TABLE_MBR, FORMAT_TABLE_GPT, FORMAT_TABLE_NONE };
enum format_fs { FORMAT_FAT12, FORMAT_FAT16, FORMAT_FAT32, FORMAT_EXT2, FORMAT_EXT4 };
/* Which firmware boots the image: stage 1 and 2, the UEFI loader on an EFI
 * system partition (docs/uefi.md), or both. */
enum format_firmware { FORMAT_FIRMWARE_DEFAULT, FORMAT_FIRMWARE_BIOS, FORMAT_FIRMWARE_UEFI,
		       FORMAT_FIRMWARE_BOTH };

struct format_layout {
	enum format_table table;
	enum format_fs fs;
	uint64_t bytes; /* the image's size */
	enum format_firmware firmware; /* DEFAULT until format_choose_firmware */
};

/* The path the UEFI loader goes to on the EFI system partition. */
#define FORMAT_UEFI_LOADER_PATH "/EFI/BOOT/BOOTX64.EFI"

/* Where the filesystem goes. */
struct format_volume {
	unsigned number; /* its partition; 0: the whole disk */
	uint64_t first_lba;
	uint64_t sector_count;
};

/* MBR: partition 1 from 1 MiB (the usual alignment, and room for stage 2
 * in the gap before it). GPT: a 1 MiB BIOS boot partition at 1 MiB, the
 * data partition from 2 MiB. */
#define FORMAT_MBR_PARTITION_START 2048u
#define FORMAT_GPT_BIOS_BOOT_START 2048u
#define FORMAT_GPT_BIOS_BOOT_SECTORS 2048u
#define FORMAT_GPT_PARTITION_START 4096u
/* An ext volume booted by UEFI: a FAT16 EFI system partition of 16 MiB
 * after it (partition 3 on a GPT, 2 on an MBR), holding the UEFI loader
 * alone. */
#define FORMAT_GPT_ESP_SECTORS 32768u
#define FORMAT_ESP_FS FORMAT_FAT16

/* "fat32", "ext4"... and "MBR", "GPT", "no partition table"; "BIOS", "UEFI",
 * "BIOS and UEFI". */
const char *format_fs_name(enum format_fs fs);
const char *format_table_name(enum format_table table);
const char *format_firmware_name(enum format_firmware firmware);
int format_is_fat(enum format_fs fs);
int format_boots_bios(const struct format_layout *layout);
int format_boots_uefi(const struct format_layout *layout);
/* Whether the UEFI loader goes to an EFI system partition of its own (an ext
 * volume) rather than onto the volume (FAT). */
int format_separate_esp(const struct format_layout *layout);

/* Fills in the firmware when none was asked for (both for a GPT with a FAT
 * volume, else BIOS) and checks the one asked for: UEFI boots from an EFI
 * system partition in a GPT, or a FAT volume over the whole disk. Returns 0, or the usage error's
 * exit status. */
int format_choose_firmware(struct format_layout *layout);

/* Checks that an image of `layout->bytes` can hold the layout, with a
 * volume size its filesystem type allows. Returns 0, or -1 after an error
 * naming the sizes to use. */
int format_check_size(const struct format_layout *layout);

/* Writes the partition table into `path` (a file of `layout->bytes`) and
 * reads back where the data partition went, and the separate EFI system
 * partition (`esp->number` 0 when there is none); without a table, the
 * volume is the whole disk. With `repro` enabled, the disk id (MBR) or the disk's and
 * partitions' UUIDs (GPT) are derived from it, not drawn at random.
 * Returns 0, or -1 after an error. */
struct reproducible;
int format_partition(const char *path, const struct format_layout *layout,
		     const struct reproducible *repro, struct format_volume *volume,
		     struct format_volume *esp);

#endif
