/* The ACPI RSDP: its checks (acpi_rsdp.c, shared with the UEFI loader),
 * and finding it the way the ACPI specification tells an OS on a BIOS
 * machine to: the first KiB of the EBDA, then 0xe0000-0xfffff, on 16-byte
 * boundaries (acpi.c). */
#ifndef GHOSTBOOT_STAGE2_ACPI_H
#define GHOSTBOOT_STAGE2_ACPI_H

#include <stdint.h>

#define ACPI_RSDP_V1_SIZE 20 /* signature .. RSDT address: what the first checksum covers */
#define ACPI_RSDP_MAX_SIZE 4096 /* no real RSDP comes near this; it bounds the sum */

struct acpi_rsdp {
	const uint8_t *address; /* 0 when no valid RSDP was found */
	uint32_t length;        /* ACPI_RSDP_V1_SIZE, or the v2 structure's length */
	int revision2;          /* the extended part is there and its checksum holds */
};

void acpi_find_rsdp(struct acpi_rsdp *rsdp);

/* Whether `p`, with `room` readable bytes, holds an RSDP whose checksum
 * holds (and the extended one, for revision 2 and later); fills `rsdp`. */
int acpi_check_rsdp(const uint8_t *p, uint32_t room, struct acpi_rsdp *rsdp);

#endif
