/* The UEFI loader's boot path (docs/uefi.md): the disk it was read from,
 * the configuration found there by stage 2's rules, stage 2's menu and its
 * return after a failed entry, and the entry booted through stage 2's
 * protocols (uefi/protocols/ for those that differ under UEFI). */
#include <ghostboot/bootcode.h>
#include <ghostboot/bootinfo.h>

#include "config/config.h"
#include "stage2/acpi.h"
#include "stage2/boot_volume.h"
#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/memory.h"
#include "stage2/menu.h"
#include "stage2/protocol.h"
#include "stage2/recovery.h"
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

static struct blockdev disk;
static struct bios_disk stats; /* the disk's reads, for the boot summary */
static struct boot_volume boot;
static struct config config;

/* One attempt at `entry`, from recovery_boot_menu. */
static void boot_entry(const struct config_entry *entry)
{
	static struct boot_context context;
	struct acpi_rsdp rsdp;
	acpi_find_rsdp(&rsdp);
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
		.rsdp = (uintptr_t)rsdp.address,
		.firmware = GB_FIRMWARE_UEFI,
	};
	protocol_boot(&context);
}

efi_status EFIAPI efi_main(efi_handle image, struct efi_system_table *system)
{

	efi_system = system;
	efi_boot = system->boot_services;
	efi_image = image;
	/* The firmware's watchdog would reset the machine during a long boot. */
	efi_boot->set_watchdog_timer(0, 0, 0, 0);
	console_printf("ghostboot UEFI\n");

	cpu_hash_with_extensions();
	uefi_low_page_allocate();
	/* No installer recorded a partition: search them, as stage 2 does for
	 * GB_PARTITION_SEARCH, unless the disk has none. */
	int whole_disk = uefi_disk_open(&disk, &stats);
	boot_volume_find(&disk, whole_disk ? 0 : GB_PARTITION_SEARCH, 0, &boot);
	console_printf("ghostboot: %s filesystem on partition %u, configuration %s\n",
		       fs_kind_name(boot.volume->kind), boot.partition, boot.config_path);
	boot_volume_read_config(&boot, &config);

	recovery_boot_menu(&config, boot_entry);
}
