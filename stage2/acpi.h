/* Finding the ACPI RSDP the way the ACPI specification tells an OS on a
 * BIOS machine to: the first KiB of the EBDA, then 0xe0000-0xfffff, on
 * 16-byte boundaries. */
#ifndef GHOSTBOOT_STAGE2_ACPI_H
#define GHOSTBOOT_STAGE2_ACPI_H

#include <stdint.h>

#define ACPI_RSDP_V1_SIZE 20 /* signature .. RSDT address: what the first checksum covers */

struct acpi_rsdp {
	const uint8_t *address; /* 0 when no valid RSDP was found */
	uint32_t length;        /* ACPI_RSDP_V1_SIZE, or the v2 structure's length */
	int revision2;          /* the extended part is there and its checksum holds */
};

void acpi_find_rsdp(struct acpi_rsdp *rsdp);

#endif
