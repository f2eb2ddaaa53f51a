/* The configuration stage 2 reads from an image, read on the host with the
 * same readers and parser (fs/, config/): the volume holding it, its text,
 * its default entry, and the files it names. */
#ifndef GHOSTBOOT_CLI_DISK_BOOT_CONFIG_H
#define GHOSTBOOT_CLI_DISK_BOOT_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "cli/disk/boot_partition.h"
#include "cli/disk/image.h"
#include "config/config.h"
#include "fs/partition.h"

/* Files the host reads off a boot volume; none comes near. */
#define BOOT_CONFIG_FILE_MAX (256u << 20)

struct boot_config {
	struct image image;
	struct blockdev disk;
	struct partition_table *table;
	struct partition whole; /* the boot volume when there is no table */
	struct boot_partition boot;
	uint64_t volume_offset; /* bytes from the start of the image */
	char *text;             /* the configuration as on the volume, NUL-terminated */
	size_t length;
	char *parsed;           /* a copy, cut up by the parser */
	struct config config;
	const struct config_entry *entry; /* the default entry */
};

/* Reads the configuration of the volume install would boot (the first
 * partition holding one, or the filesystem over the whole disk) and finds
 * its default entry. Returns 0, or -1 after an error. */
int boot_config_open(struct boot_config *boot_config, const char *image);
void boot_config_close(struct boot_config *boot_config);

/* Reads the file at `path` on the boot volume into `*bytes` (freed by the
 * caller). Returns 0, or -1 after an error naming it. */
int boot_config_read_file(const struct boot_config *boot_config, const char *path,
			  uint8_t **bytes, size_t *size);

/* The same without a message: returns 0, or -1 with `*why`, fs's words
 * for what went wrong ("file not found"). */
int boot_config_load_file(const struct boot_config *boot_config, const char *path,
			  uint8_t **bytes, size_t *size, const char **why);

#endif
