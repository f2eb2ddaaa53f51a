#include "mkimage/format.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/common/diag.h"
#include "cli/disk/image.h"
#include "cli/tools/tool.h"
#include "fs/partition.h"
#include "mkimage/reproducible.h"

#define MIB (1024ull * 1024)
#define GPT_BACKUP_SECTORS 33ull /* backup header and 128-entry array */
#define SFDISK_GRAIN_SECTORS 2048ull /* sfdisk aligns partitions to 1 MiB */
#define MBR_MAX_SECTORS 0xffffffffull /* an MBR counts sectors in 32 bits */

/* Volume sizes, in MiB, within which mkfs.fat (default cluster sizes) makes
 * a volume whose cluster count really is of the FAT type asked for (the type
 * follows from the count: Microsoft's FAT specification), with clusters of
 * at most 32 KiB, which every reader accepts. FAT32 under ~32.5 MiB would
 * have too few clusters, FAT16 under ~8 MiB too. mke2fs makes an ext volume
 * of any size that holds the files. */
static const struct volume_limits {
	enum format_fs fs;
	uint64_t min_mib, max_mib;
} volume_limits[] = {
	{ FORMAT_FAT12, 1, 32 },
	{ FORMAT_FAT16, 9, 2047 },
	{ FORMAT_FAT32, 33, 2u * 1024 * 1024 - 1 },
	{ FORMAT_EXT2, 1, UINT64_MAX / MIB },
	{ FORMAT_EXT4, 1, UINT64_MAX / MIB },
};

const char *format_fs_name(enum format_fs fs)
{
	static const char *const names[] = { "FAT12", "FAT16", "FAT32", "ext2", "ext4" };

	return names[fs];
}

const char *format_table_name(enum format_table table)
{
	static const char *const names[] = { "MBR", "GPT", "no partition table" };

	return names[table];
}

const char *format_firmware_name(enum format_firmware firmware)
{
	static const char *const names[] = { "BIOS", "BIOS", "UEFI", "BIOS and UEFI" };

	return names[firmware];
}

int format_is_fat(enum format_fs fs)
{
	return fs == FORMAT_FAT12 || fs == FORMAT_FAT16 || fs == FORMAT_FAT32;
}

int format_boots_bios(const struct format_layout *layout)
{
	return layout->firmware != FORMAT_FIRMWARE_UEFI;
}

int format_boots_uefi(const struct format_layout *layout)
{
	return layout->firmware == FORMAT_FIRMWARE_UEFI || layout->firmware == FORMAT_FIRMWARE_BOTH;
}

int format_separate_esp(const struct format_layout *layout)
{
	return format_boots_uefi(layout) && !format_is_fat(layout->fs);
}

int format_choose_firmware(struct format_layout *layout)
{
	int gpt = layout->table == FORMAT_TABLE_GPT;
	/* Firmware also boots a FAT volume over a whole removable disk. */
	int whole_fat = layout->table == FORMAT_TABLE_NONE && format_is_fat(layout->fs);

	/* An ext volume gets an EFI system partition beside it only when
	 * asked: its images keep their old layout by default. */
	if (layout->firmware == FORMAT_FIRMWARE_DEFAULT)
		layout->firmware = gpt && format_is_fat(layout->fs) ? FORMAT_FIRMWARE_BOTH
								   : FORMAT_FIRMWARE_BIOS;
	if (format_boots_uefi(layout) && layout->table == FORMAT_TABLE_NONE && !whole_fat)
		return usage_error("mkimage", "--firmware %s boots from an EFI system partition: "
					      "use --table gpt or mbr, or FAT with --table none",
				   layout->firmware == FORMAT_FIRMWARE_UEFI ? "uefi" : "both");
	return 0;
}

/* The volume sfdisk will make on a disk of `sectors`, and the space the
 * layout takes before and after it, for the size messages. */
static uint64_t volume_sectors(const struct format_layout *layout, uint64_t sectors,
			       uint64_t *overhead_mib)
{
	uint64_t usable, esp = format_separate_esp(layout) ? FORMAT_GPT_ESP_SECTORS : 0;

	switch (layout->table) {
	case FORMAT_TABLE_MBR:
		*overhead_mib = 1 + esp * SECTOR_SIZE / MIB;
		return sectors > FORMAT_MBR_PARTITION_START + esp
			       ? sectors - FORMAT_MBR_PARTITION_START - esp
			       : 0;
	case FORMAT_TABLE_GPT:
		/* 2 MiB before; the backup GPT after, and sfdisk ends the last
		 * partition on a 1 MiB boundary. */
		*overhead_mib = 3 + esp * SECTOR_SIZE / MIB;
		if (sectors < FORMAT_GPT_PARTITION_START + GPT_BACKUP_SECTORS + esp)
			return 0;
		usable = sectors - FORMAT_GPT_PARTITION_START - GPT_BACKUP_SECTORS - esp;
		return usable / SFDISK_GRAIN_SECTORS * SFDISK_GRAIN_SECTORS;
	case FORMAT_TABLE_NONE:
		break;
	}
	*overhead_mib = 0;
	return sectors;
}

static const struct volume_limits *limits_of(enum format_fs fs)
{
	size_t i;

	for (i = 0; i < sizeof(volume_limits) / sizeof(volume_limits[0]) - 1; i++)
		if (volume_limits[i].fs == fs)
			break;
	return &volume_limits[i];
}

/* Checks a volume of `sectors` against its filesystem's limits. */
static int check_volume(const struct format_layout *layout, uint64_t sectors,
			uint64_t overhead_mib)
{
	const struct volume_limits *limits = limits_of(layout->fs);
	const char *name = format_fs_name(layout->fs);
	char where[80];

	if (overhead_mib)
		snprintf(where, sizeof(where), "; with %s the volume takes the image less %llu MiB",
			 format_table_name(layout->table), (unsigned long long)overhead_mib);
	else
		where[0] = '\0';
	if (sectors * SECTOR_SIZE < limits->min_mib * MIB)
		return error("%s needs a volume of at least %llu MiB%s: use --size %lluM or more",
			     name, (unsigned long long)limits->min_mib, where,
			     (unsigned long long)(limits->min_mib + overhead_mib));
	if (sectors * SECTOR_SIZE > limits->max_mib * MIB)
		return error("%s holds at most %llu MiB%s: use --size %lluM or less%s", name,
			     (unsigned long long)limits->max_mib, where,
			     (unsigned long long)(limits->max_mib + overhead_mib),
			     layout->fs < FORMAT_FAT32 ? ", or a larger FAT type" : "");
	if (layout->table == FORMAT_TABLE_MBR && sectors > MBR_MAX_SECTORS)
		return error("an MBR describes partitions of at most 2 TiB: use --table gpt");
	return 0;
}

int format_check_size(const struct format_layout *layout)
{
	uint64_t overhead_mib;
	uint64_t sectors;

	if (layout->bytes % SECTOR_SIZE != 0)
		return error("the image size must be a multiple of %u bytes", SECTOR_SIZE);
	sectors = volume_sectors(layout, layout->bytes / SECTOR_SIZE, &overhead_mib);
	return check_volume(layout, sectors, overhead_mib);
}

/* sfdisk's script: "label: dos" with partition 1 bootable from 1 MiB, or
 * "label: gpt" with the BIOS boot partition then the data partition. */
static void partition_script(const struct format_layout *layout,
			     const struct reproducible *repro, char *script, size_t size)
{
	char disk_id[64] = "", bios_uuid[48] = "", data_uuid[48] = "", esp_uuid[48] = "";
	char data_size[32] = "", esp_line[160] = "";
	uint64_t overhead_mib;
	char uuid[37];
	uint8_t id[4];

	/* MBR types: 0x01 FAT12, 0x0e FAT16 (LBA), 0x0c FAT32 (LBA), 0x83 Linux;
	 * 0xef an EFI system partition. */
	static const char *const mbr_types[] = { "1", "e", "c", "83", "83" };
	const char *mbr_type = format_boots_uefi(layout) && format_is_fat(layout->fs)
				       ? "ef"
				       : mbr_types[layout->fs];
	/* GPT types: EFI system partition, Microsoft basic data, Linux filesystem data. */
	const char *gpt_type = format_boots_uefi(layout) && format_is_fat(layout->fs)
				       ? "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
			       : format_is_fat(layout->fs) ? "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"
							   : "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

	if (repro->enabled && layout->table == FORMAT_TABLE_MBR) {
		reproducible_bytes(repro, "MBR disk id", id, sizeof(id));
		snprintf(disk_id, sizeof(disk_id), "label-id: 0x%02x%02x%02x%02x\n", id[0], id[1],
			 id[2], id[3]);
	} else if (repro->enabled) {
		reproducible_uuid(repro, "GPT disk", uuid);
		snprintf(disk_id, sizeof(disk_id), "label-id: %s\n", uuid);
		reproducible_uuid(repro, "GPT BIOS boot partition", uuid);
		snprintf(bios_uuid, sizeof(bios_uuid), ", uuid=%s", uuid);
		reproducible_uuid(repro, "GPT data partition", uuid);
		snprintf(data_uuid, sizeof(data_uuid), ", uuid=%s", uuid);
		reproducible_uuid(repro, "GPT EFI system partition", uuid);
		snprintf(esp_uuid, sizeof(esp_uuid), ", uuid=%s", uuid);
	}
	if (format_separate_esp(layout)) {
		snprintf(data_size, sizeof(data_size), ", size=%llu",
			 (unsigned long long)volume_sectors(layout, layout->bytes / SECTOR_SIZE,
							    &overhead_mib));
		if (layout->table == FORMAT_TABLE_MBR)
			snprintf(esp_line, sizeof(esp_line), "type=ef\n");
		else
			snprintf(esp_line, sizeof(esp_line),
				 "type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B, name=\"EFI system\"%s\n",
				 esp_uuid);
	}
	if (layout->table == FORMAT_TABLE_MBR)
		snprintf(script, size, "label: dos\n%sstart=%u%s, type=%s, bootable\n%s", disk_id,
			 FORMAT_MBR_PARTITION_START, data_size, mbr_type, esp_line);
	else
		snprintf(script, size,
			 "label: gpt\n%s"
			 "start=%u, size=%u, type=21686148-6449-6E6F-744E-656564454649, "
			 "name=\"BIOS boot\"%s\n"
			 "start=%u%s, type=%s, name=\"ghostboot\", attrs=\"LegacyBIOSBootable\"%s\n%s",
			 disk_id, FORMAT_GPT_BIOS_BOOT_START, FORMAT_GPT_BIOS_BOOT_SECTORS, bios_uuid,
			 FORMAT_GPT_PARTITION_START, data_size, gpt_type, data_uuid, esp_line);
}

/* Where sfdisk put partition `volume->number`, read with the reader
 * install and stage 2 use. */
static int find_partition(const struct partition_table *table, struct format_volume *volume)
{
	const struct partition *partition = partition_find(table, volume->number);

	if (!partition)
		return error("sfdisk wrote no partition %u", volume->number);
	volume->first_lba = partition->first_lba;
	volume->sector_count = partition->sector_count;
	return 0;
}

static int read_back(const char *path, const struct format_layout *layout,
		     struct format_volume *volume, struct format_volume *esp)
{
	struct partition_table *table = malloc(sizeof(*table));
	struct blockdev disk;
	struct image image;
	const char *detail;
	int result = -1;

	if (!table)
		return error("out of memory");
	volume->number = layout->table == FORMAT_TABLE_MBR ? 1 : 2;
	/* Beside an ext volume the EFI system partition comes last. */
	esp->number = !format_separate_esp(layout) ? 0 : layout->table == FORMAT_TABLE_MBR ? 2 : 3;
	if (image_open(&image, path, 0) == 0) {
		image_blockdev(&image, &disk);
		if (partition_read_table(&disk, table, &detail) != 0)
			error("sfdisk wrote a table ghostboot cannot read: %s", detail);
		else if (find_partition(table, volume) == 0 &&
			 (!esp->number || find_partition(table, esp) == 0))
			result = 0;
		image_close(&image);
	}
	free(table);
	return result;
}

int format_partition(const char *path, const struct format_layout *layout,
		     const struct reproducible *repro, struct format_volume *volume,
		     struct format_volume *esp)
{
	char *argv[] = { "sfdisk", "--quiet", "--no-reread", "--no-tell-kernel", (char *)path, 0 };
	char script[768];

	esp->number = 0;
	if (layout->table == FORMAT_TABLE_NONE) {
		volume->number = 0;
		volume->first_lba = 0;
		volume->sector_count = layout->bytes / SECTOR_SIZE;
		return 0;
	}
	partition_script(layout, repro, script, sizeof(script));
	if (tool_run(argv, script) != 0 || read_back(path, layout, volume, esp) != 0)
		return -1;
	return check_volume(layout, volume->sector_count, 0);
}
