/* stage2/firmware.h under the BIOS: no EFI tables, no services to end. */
#include "stage2/firmware.h"

int firmware_efi(struct firmware_efi *efi)
{
	(void)efi;
	return 0;
}

void firmware_exit(void *map, uint32_t capacity, struct firmware_memory_map *out)
{
	(void)map;
	(void)capacity;
	*out = (struct firmware_memory_map){ 0, 0, 0 };
}
