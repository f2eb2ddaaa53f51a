/* The RSDP's checks, shared by stage 2's scan of BIOS memory and the UEFI
 * loader's configuration table (docs/uefi.md). */
#include "stage2/acpi.h"

#include "stage2/lib.h"

#define RSDP_V2_MIN_SIZE 36

static uint8_t sum(const uint8_t *p, uint32_t length)
{
	uint8_t total = 0;
	while (length--)
		total = (uint8_t)(total + *p++);
	return total;
}

int acpi_check_rsdp(const uint8_t *p, uint32_t room, struct acpi_rsdp *rsdp)
{
	if (memcmp(p, "RSD PTR ", 8) != 0 || sum(p, ACPI_RSDP_V1_SIZE) != 0)
		return 0;
	*rsdp = (struct acpi_rsdp){ p, ACPI_RSDP_V1_SIZE, 0 };
	if (p[15] < 2 || room < RSDP_V2_MIN_SIZE)
		return 1;
	/* Revision 2 and later carry a length and an extended checksum. */
	uint32_t length = (uint32_t)p[20] | (uint32_t)p[21] << 8 | (uint32_t)p[22] << 16 |
			  (uint32_t)p[23] << 24;
	if (length >= RSDP_V2_MIN_SIZE && length <= ACPI_RSDP_MAX_SIZE && length <= room &&
	    sum(p, length) == 0) {
		rsdp->length = length;
		rsdp->revision2 = 1;
	}
	return 1;
}
