/* stage2/firmware.h under UEFI: the system table and the loader's image
 * handle, and the end of boot services with the firmware's final map. */
#include "stage2/firmware.h"

#include "stage2/console.h"
#include "stage2/lib.h"
#include "uefi/uefi.h"

int firmware_efi(struct firmware_efi *efi)
{
	efi->system_table = (uintptr_t)efi_system;
	efi->image_handle = (uintptr_t)efi_image;
	return 1;
}

void firmware_exit(void *map, uint32_t capacity, struct firmware_memory_map *out)
{
	struct uefi_memory_map final;
	uefi_exit_boot_services(&final);
	if (!map) {
		*out = (struct firmware_memory_map){ 0, 0, 0 };
		return;
	}
	uint32_t size = (uint32_t)final.size;
	if (size > capacity) {
		/* Whole descriptors only; the kernel's own map (Multiboot's tag 6)
		 * is complete regardless. */
		size = capacity / (uint32_t)final.descriptor_size * (uint32_t)final.descriptor_size;
		console_printf("ghostboot: warning: the EFI memory map keeps %u of its %llu bytes\n",
			       size, (unsigned long long)final.size);
	}
	memcpy(map, final.bytes, size);
	*out = (struct firmware_memory_map){ size, (uint32_t)final.descriptor_size,
					     final.descriptor_version };
}
