#include "stage2/boot_volume.h"

#include <ghostboot/bootcode.h>

#include "stage2/console.h"
#include "stage2/files.h"
#include "stage2/lib.h"

#define CONFIG_MAX_SIZE (64 * 1024)

static const char *const config_paths[] = { "/boot/ghostboot.cfg", "/ghostboot.cfg" };

static struct partition_table table;
static struct fs_volume volume;
static char config_text[CONFIG_MAX_SIZE + 1];

/* Mounts `dev` and looks for a configuration file on it: on to the next
 * path only when one is not there; one that is there but cannot be read
 * (an I/O error, a damaged directory, a link loop) stops the boot with
 * why. Returns 0, or -1 with *why saying what the volume lacks. */
static int try_volume(const struct blockdev *dev, struct boot_volume *boot, const char **why)
{
	int error = fs_mount(&volume, dev);

	if (error != FS_OK) {
		*why = error == FS_ERR_NO_FILESYSTEM ? fs_strerror(error) : fs_error_text(&volume, error);
		return -1;
	}
	for (unsigned i = 0; i < ARRAY_SIZE(config_paths); i++) {
		error = fs_open(&volume, config_paths[i], &boot->config_file);
		if (error == FS_ERR_NOT_FOUND || error == FS_ERR_NOT_A_DIRECTORY)
			continue;
		if (error != FS_OK)
			panic("configuration %s: %s", config_paths[i], fs_error_text(&volume, error));
		boot->config_path = config_paths[i];
		return 0;
	}
	*why = fs_strerror(FS_ERR_NOT_FOUND);
	return -1;
}

void boot_volume_find(const struct blockdev *disk, unsigned partition, uint64_t partition_lba,
		      struct boot_volume *boot)
{
	static struct blockdev part;
	const char *why;

	boot->volume = &volume;
	boot->table = &table;
	if (partition == 0) {
		boot->partition = 0;
		boot->first_lba = 0;
		if (try_volume(disk, boot, &why))
			panic("no configuration (%s or %s) on the whole-disk filesystem: %s",
			      config_paths[0], config_paths[1], why);
		return;
	}
	if (partition_read_table(disk, &table, &why))
		panic("partition table: %s", why);
	if (table.gpt_from_backup)
		console_printf("ghostboot: warning: the primary GPT is damaged; using the backup\n");

	for (unsigned i = 0; i < table.count; i++) {
		const struct partition *p = &table.partitions[i];
		if (partition != GB_PARTITION_SEARCH && p->number != partition)
			continue;
		if (partition_lba && partition_lba != p->first_lba)
			console_printf("ghostboot: warning: partition %u moved since install "
				       "(LBA %llu, was %llu)\n",
				       p->number, (unsigned long long)p->first_lba,
				       (unsigned long long)partition_lba);
		blockdev_slice(&part, disk, p->first_lba, p->sector_count);
		if (try_volume(&part, boot, &why) == 0) {
			boot->partition = p->number;
			boot->first_lba = p->first_lba;
			return;
		}
		if (partition != GB_PARTITION_SEARCH)
			panic("no configuration (%s or %s) on partition %u: %s", config_paths[0],
			      config_paths[1], p->number, why);
	}
	if (partition != GB_PARTITION_SEARCH)
		panic("partition %u, where ghostboot was installed, is not in the partition table",
		      partition);
	panic("no partition holds %s or %s", config_paths[0], config_paths[1]);
}

void boot_volume_read_config(struct boot_volume *boot, struct config *config)
{
	const char *why;
	uint64_t size = boot->config_file.size;
	if (size > CONFIG_MAX_SIZE)
		panic("configuration %s: larger than %u bytes", boot->config_path, CONFIG_MAX_SIZE);
	if (file_read_exact(&boot->config_file, 0, config_text, size, &why))
		panic("configuration %s: %s", boot->config_path, why);
	struct config_error error;
	if (config_parse(config_text, (size_t)size, config, &error))
		panic("configuration %s, line %u: %s%s%s", boot->config_path, error.line,
		      error.message, error.subject ? " " : "", error.subject ? error.subject : "");
	if (config->entry_count == 0)
		panic("configuration %s: no entry", boot->config_path);
}
