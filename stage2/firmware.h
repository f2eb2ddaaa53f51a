/* The firmware as a kernel may see it: under UEFI its system table and the
 * loader's image handle, and the end of its boot services with the final
 * memory map (uefi/firmware.c); under the BIOS no tables and nothing to end
 * (stage2/firmware.c). Multiboot's kernels are handed these. */
#ifndef GHOSTBOOT_STAGE2_FIRMWARE_H
#define GHOSTBOOT_STAGE2_FIRMWARE_H

#include <stdint.h>

struct firmware_efi {
	uint64_t system_table, image_handle;
};

/* 1 with `efi` filled when UEFI started the loader, else 0. */
int firmware_efi(struct firmware_efi *efi);

/* The firmware's own memory map, as its GetMemoryMap gives it. */
struct firmware_memory_map {
	uint32_t size, descriptor_size, descriptor_version;
};

/* Ends UEFI's boot services (an error after this no longer returns to the
 * menu), copying the final map to `map` when it is not 0 (at most
 * `capacity` bytes; `out` says how much). Under the BIOS nothing ends and
 * out->size is 0. */
void firmware_exit(void *map, uint32_t capacity, struct firmware_memory_map *out);

#endif
