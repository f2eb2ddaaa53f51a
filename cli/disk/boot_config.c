#include "cli/disk/boot_config.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "fs/fs.h"

int boot_config_read_file(const struct boot_config *boot_config, const char *path,
			  uint8_t **bytes, size_t *size)
{
	const struct partition *partition = boot_config->boot.partition;
	struct fs_volume *volume = malloc(sizeof(*volume)); /* large: sector buffers */
	struct blockdev slice;
	struct fs_file file;
	int64_t got = 0;
	int result;

	*bytes = 0;
	if (!volume)
		return error("out of memory");
	blockdev_slice(&slice, &boot_config->disk, partition->first_lba, partition->sector_count);
	result = fs_mount(volume, &slice);
	if (result == FS_OK)
		result = fs_open(volume, path, &file);
	if (result == FS_OK && file.size > BOOT_CONFIG_FILE_MAX) {
		free(volume);
		return error("%s: %s on the boot volume is larger than %u MiB",
			     boot_config->image.path, path, BOOT_CONFIG_FILE_MAX >> 20);
	}
	if (result == FS_OK) {
		*bytes = malloc((size_t)file.size + 1);
		got = *bytes ? fs_read(&file, 0, *bytes, file.size) : FS_ERR_IO;
		if (got >= 0 && (uint64_t)got != file.size)
			got = FS_ERR_IO;
		result = got < 0 ? (int)got : FS_OK;
	}
	free(volume);
	if (result != FS_OK) {
		free(*bytes);
		*bytes = 0;
		return error("%s: cannot read %s on the boot volume: %s", boot_config->image.path,
			     path, fs_strerror(result));
	}
	(*bytes)[file.size] = '\0';
	*size = (size_t)file.size;
	return 0;
}

/* The boot volume: as install chooses it. */
static int find_volume(struct boot_config *boot_config)
{
	const char *detail;

	if (partition_read_table(&boot_config->disk, boot_config->table, &detail) != 0)
		return error("%s: bad partition table: %s", boot_config->image.path, detail);
	if (boot_config->table->count)
		return boot_partition_search(&boot_config->disk, boot_config->table,
					     &boot_config->boot);
	boot_config->whole.sector_count = boot_config->disk.sector_count;
	if (boot_partition_whole_disk(&boot_config->disk, &boot_config->whole,
				      &boot_config->boot) != 0)
		return error("%s holds no partition table and no filesystem ghostboot reads",
			     boot_config->image.path);
	if (!boot_config->boot.config_path)
		return error("%s: its filesystem holds no configuration", boot_config->image.path);
	return 0;
}

int boot_config_open(struct boot_config *boot_config, const char *image)
{
	struct config_error parse_error;
	uint8_t *bytes;

	memset(boot_config, 0, sizeof(*boot_config));
	boot_config->image.fd = -1;
	boot_config->table = malloc(sizeof(*boot_config->table));
	if (!boot_config->table)
		return error("out of memory");
	if (image_open(&boot_config->image, image, 0) != 0)
		goto fail;
	image_blockdev(&boot_config->image, &boot_config->disk);
	if (find_volume(boot_config) != 0 ||
	    boot_config_read_file(boot_config, boot_config->boot.config_path, &bytes,
				  &boot_config->length) != 0)
		goto fail;
	boot_config->volume_offset = boot_config->boot.partition->first_lba * SECTOR_SIZE;
	boot_config->text = (char *)bytes;
	boot_config->parsed = malloc(boot_config->length + 1);
	if (!boot_config->parsed) {
		error("out of memory");
		goto fail;
	}
	memcpy(boot_config->parsed, boot_config->text, boot_config->length + 1);
	if (config_parse(boot_config->parsed, boot_config->length, &boot_config->config,
			 &parse_error) != 0) {
		error("%s: configuration %s, line %u: %s%s%s", image,
		      boot_config->boot.config_path, parse_error.line, parse_error.message,
		      parse_error.subject ? " " : "", parse_error.subject ? parse_error.subject : "");
		goto fail;
	}
	boot_config->entry = config_default_entry(&boot_config->config);
	if (!boot_config->entry) {
		error("%s: configuration %s has no entry", image, boot_config->boot.config_path);
		goto fail;
	}
	return 0;
fail:
	boot_config_close(boot_config);
	return -1;
}

void boot_config_close(struct boot_config *boot_config)
{
	image_close(&boot_config->image);
	free(boot_config->table);
	free(boot_config->text);
	free(boot_config->parsed);
	boot_config->table = 0;
	boot_config->text = 0;
	boot_config->parsed = 0;
}
