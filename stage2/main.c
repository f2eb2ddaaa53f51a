/* Stage 2's boot path, in order (docs/stage2.md): console, A20, memory map,
 * disk, partition, filesystem, configuration, kernel, modules, hand-off. */
#include <ghostboot/bootcode.h>

#include "config/config.h"
#include "stage2/acpi.h"
#include "stage2/a20.h"
#include "stage2/boot_volume.h"
#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/disk.h"
#include "stage2/drivers/native.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/menu.h"
#include "stage2/protocol.h"
#include "stage2/recovery.h"

void stage2_main(uint32_t boot_drive);
extern char _bss_end[]; /* stage2.ld: the end of stage 2 in memory */

static struct bios_disk bios_disk;
static struct blockdev disk;
static struct config config;
static struct boot_volume boot;
static uint32_t boot_drive_number; /* as the BIOS gave it in DL */

/* One attempt at `entry`, from recovery_boot_menu. */
static void boot_entry(const struct config_entry *entry)
{
	static struct boot_context context;
	struct acpi_rsdp rsdp;
	acpi_find_rsdp(&rsdp);
	context = (struct boot_context){
		.volume = boot.volume,
		.config = &config,
		.entry = entry,
		.boot_drive = boot_drive_number,
		.boot_partition = boot.partition,
		.boot_partition_lba = boot.first_lba,
		.disk = &bios_disk,
		.disk_calls = "BIOS calls",
		.sector_size = disk.sector_size,
		.disk_device = &disk,
		.table = boot.table,
		.rsdp = (uintptr_t)rsdp.address,
		.firmware = GB_FIRMWARE_BIOS,
	};
	protocol_boot(&context);
}

void stage2_main(uint32_t boot_drive)
{
	boot_drive_number = boot_drive;
	console_init();
	console_printf("ghostboot stage 2: boot drive 0x%02x\n", boot_drive);
	if (a20_enable())
		panic("cannot open the A20 gate: memory above 1 MiB is unreachable");
	memory_map_read();
	cpu_hash_with_extensions();
	/* Stage 2 itself: the kernel enters on its GDT and stack switch code. */
	memory_claim(GB_STAGE2_LOAD_ADDRESS, (uintptr_t)_bss_end - GB_STAGE2_LOAD_ADDRESS);

	const char *why;
	if (bios_disk_open(&bios_disk, (uint8_t)boot_drive, &disk, &why))
		panic("boot drive 0x%02x: %s", boot_drive, why);

	const struct gb_stage2_header *header = (const void *)GB_STAGE2_LOAD_ADDRESS;
	boot_volume_find(&disk, header->boot_partition, header->partition_lba, &boot);
	console_printf("ghostboot: %s filesystem on partition %u, configuration %s\n",
		       fs_kind_name(boot.volume->kind), boot.partition, boot.config_path);
	boot_volume_read_config(&boot, &config);
	console_set_serial_baud(config.serial_baud);
	/* After the configuration, which may say `disk bios`: what was read so
	 * far came through the BIOS, and is what a driver is checked against. */
	if (config.disk == CONFIG_DISK_BIOS)
		console_printf("ghostboot: disk: BIOS drive 0x%02x (disk bios in the configuration)\n",
			       boot_drive);
	else
		native_disk_attach(&bios_disk, &disk, boot.first_lba);

	recovery_boot_menu(&config, boot_entry);
}

