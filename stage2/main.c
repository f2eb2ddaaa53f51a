/* Stage 2's boot path, in order (docs/stage2.md): console, A20, memory map,
 * disk, partition, filesystem, configuration, kernel, modules, hand-off. */
#include <ghostboot/bootcode.h>

#include "config/config.h"
#include "fs/fs.h"
#include "fs/partition.h"
#include "stage2/a20.h"
#include "stage2/console.h"
#include "stage2/disk.h"
#include "stage2/drivers/native.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/menu.h"
#include "stage2/protocol.h"
#include "stage2/recovery.h"

#define CONFIG_MAX_SIZE (64 * 1024)

void stage2_main(uint32_t boot_drive);
extern char _bss_end[]; /* stage2.ld: the end of stage 2 in memory */

static const char *const config_paths[] = { "/boot/ghostboot.cfg", "/ghostboot.cfg" };

static struct bios_disk bios_disk;
static struct blockdev disk;
static struct partition_table table;
static struct fs_volume volume;
static char config_text[CONFIG_MAX_SIZE + 1];
static struct config config;

struct boot_volume {
	unsigned partition; /* 0: the whole disk */
	uint64_t first_lba;
	const char *config_path;
	struct fs_file config_file;
};

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

static void find_boot_volume(struct boot_volume *boot)
{
	const struct gb_stage2_header *header = (const void *)GB_STAGE2_LOAD_ADDRESS;
	static struct blockdev part;
	const char *why;

	if (header->boot_partition == 0) {
		boot->partition = 0;
		boot->first_lba = 0;
		if (try_volume(&disk, boot, &why))
			panic("no configuration (%s or %s) on the whole-disk filesystem: %s",
			      config_paths[0], config_paths[1], why);
		return;
	}
	if (partition_read_table(&disk, &table, &why))
		panic("partition table: %s", why);
	if (table.gpt_from_backup)
		console_printf("ghostboot: warning: the primary GPT is damaged; using the backup\n");

	for (unsigned i = 0; i < table.count; i++) {
		const struct partition *p = &table.partitions[i];
		if (header->boot_partition != GB_PARTITION_SEARCH && p->number != header->boot_partition)
			continue;
		if (header->partition_lba && header->partition_lba != p->first_lba)
			console_printf("ghostboot: warning: partition %u moved since install "
				       "(LBA %llu, was %llu)\n",
				       p->number, (unsigned long long)p->first_lba,
				       (unsigned long long)header->partition_lba);
		blockdev_slice(&part, &disk, p->first_lba, p->sector_count);
		if (try_volume(&part, boot, &why) == 0) {
			boot->partition = p->number;
			boot->first_lba = p->first_lba;
			return;
		}
		if (header->boot_partition != GB_PARTITION_SEARCH)
			panic("no configuration (%s or %s) on partition %u: %s", config_paths[0],
			      config_paths[1], p->number, why);
	}
	if (header->boot_partition != GB_PARTITION_SEARCH)
		panic("partition %u, where ghostboot was installed, is not in the partition table",
		      header->boot_partition);
	panic("no partition holds %s or %s", config_paths[0], config_paths[1]);
}

static void read_config(struct boot_volume *boot)
{
	const char *why;
	uint64_t size = boot->config_file.size;
	if (size > CONFIG_MAX_SIZE)
		panic("configuration %s: larger than %u bytes", boot->config_path, CONFIG_MAX_SIZE);
	if (file_read_exact(&boot->config_file, 0, config_text, size, &why))
		panic("configuration %s: %s", boot->config_path, why);
	struct config_error error;
	if (config_parse(config_text, (size_t)size, &config, &error))
		panic("configuration %s, line %u: %s%s%s", boot->config_path, error.line,
		      error.message, error.subject ? " " : "", error.subject ? error.subject : "");
	if (config.entry_count == 0)
		panic("configuration %s: no entry", boot->config_path);
}

void stage2_main(uint32_t boot_drive)
{
	console_init();
	console_printf("ghostboot stage 2: boot drive 0x%02x\n", boot_drive);
	if (a20_enable())
		panic("cannot open the A20 gate: memory above 1 MiB is unreachable");
	memory_map_read();
	/* Stage 2 itself: the kernel enters on its GDT and stack switch code. */
	memory_claim(GB_STAGE2_LOAD_ADDRESS, (uintptr_t)_bss_end - GB_STAGE2_LOAD_ADDRESS);

	const char *why;
	if (bios_disk_open(&bios_disk, (uint8_t)boot_drive, &disk, &why))
		panic("boot drive 0x%02x: %s", boot_drive, why);

	struct boot_volume boot;
	find_boot_volume(&boot);
	console_printf("ghostboot: %s filesystem on partition %u, configuration %s\n",
		       fs_kind_name(volume.kind), boot.partition, boot.config_path);
	read_config(&boot);
	console_set_serial_baud(config.serial_baud);
	/* After the configuration, which may say `disk bios`: what was read so
	 * far came through the BIOS, and is what a driver is checked against. */
	if (config.disk == CONFIG_DISK_BIOS)
		console_printf("ghostboot: disk: BIOS drive 0x%02x (disk bios in the configuration)\n",
			       boot_drive);
	else
		native_disk_attach(&bios_disk, &disk, boot.first_lba);

	/* Each boot attempt starts from here; an error during one comes back
	 * (stage2/recovery.h) with the memory it took given back. */
	static struct memory_mark mark;
	static uint8_t failed[CONFIG_MAX_ENTRIES];
	static const struct config_entry *entry;
	memory_mark(&mark);
	if (__builtin_setjmp(recovery_point)) {
		failed[entry - config.entries] = 1;
		memory_release(&mark);
		console_printf("ghostboot: entry %s failed\n", entry->name);
	}
	entry = menu_choose(&config, failed);
	if (!entry)
		recovery_halt(0); /* every entry failed, each with its error above */
	static struct boot_context context;
	context = (struct boot_context){
		.volume = &volume,
		.config = &config,
		.entry = entry,
		.boot_drive = boot_drive,
		.boot_partition = boot.partition,
		.boot_partition_lba = boot.first_lba,
		.disk = &bios_disk,
		.sector_size = disk.sector_size,
		.disk_device = &disk,
		.table = &table,
	};
	recovery_arm();
	protocol_boot(&context);
}
