/* The UEFI loader's boot path (docs/uefi.md): the disk it was read from,
 * the configuration found there by stage 2's rules, the default entry's
 * kernel and modules through stage 2's native protocol, and the hand-off
 * after boot services end. */
#include <ghostboot/bootcode.h>
#include <ghostboot/bootinfo.h>

#include "config/config.h"
#include "stage2/boot_volume.h"
#include "stage2/console.h"
#include "stage2/protocol.h"
#include "stage2/video.h"
#include "uefi/uefi.h"

struct efi_system_table *efi_system;
struct efi_boot_services *efi_boot;
efi_handle efi_image;
int uefi_boot_services_over;

efi_status EFIAPI efi_main(efi_handle image, struct efi_system_table *system);

void uefi_exit(efi_status status)
{
	if (!uefi_boot_services_over)
		efi_boot->exit(efi_image, status, 0, 0);
	/* Exit does not come back; should a firmware do so, stop here. */
	for (;;)
		__asm__ volatile("cli; hlt");
}

efi_status EFIAPI efi_main(efi_handle image, struct efi_system_table *system)
{
	static struct blockdev disk;
	static struct bios_disk stats;
	static struct boot_volume boot;
	static struct config config;
	static struct boot_context context;

	efi_system = system;
	efi_boot = system->boot_services;
	efi_image = image;
	/* The firmware's watchdog would reset the machine during a long boot. */
	efi_boot->set_watchdog_timer(0, 0, 0, 0);
	console_printf("ghostboot UEFI\n");

	uefi_low_page_allocate();
	/* No installer recorded a partition: search them, as stage 2 does for
	 * GB_PARTITION_SEARCH, unless the disk has none. */
	int whole_disk = uefi_disk_open(&disk, &stats);
	boot_volume_find(&disk, whole_disk ? 0 : GB_PARTITION_SEARCH, 0, &boot);
	console_printf("ghostboot: %s filesystem on partition %u, configuration %s\n",
		       fs_kind_name(boot.volume->kind), boot.partition, boot.config_path);
	boot_volume_read_config(&boot, &config);

	const struct config_entry *entry = config_default_entry(&config);
	if (entry->protocol != CONFIG_PROTOCOL_GHOSTBOOT)
		panic("entry %s: only the native protocol boots under UEFI so far", entry->name);
	if (!entry->kernel.path)
		panic("entry %s names no kernel", entry->name);
	console_printf("ghostboot: booting %s: %s\n", entry->name, entry->kernel.path);
	/* Modes are set through the firmware, so before boot services end. */
	struct video_request video = video_request(&entry->video, 0);
	uefi_video_init(&video);
	context = (struct boot_context){
		.volume = boot.volume,
		.config = &config,
		.entry = entry,
		.boot_partition = boot.partition,
		.boot_partition_lba = boot.first_lba,
		.disk = &stats,
		.disk_calls = "Block I/O calls",
		.sector_size = disk.sector_size,
		.disk_device = &disk,
		.table = boot.table,
		.rsdp = uefi_acpi_rsdp(),
		.firmware = GB_FIRMWARE_UEFI,
	};
	protocol_ghostboot.load(&context);
	protocol_ghostboot.boot(&context);
}
