#include "stage2/acpi.h"

#include "stage2/bios.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

#define RSDP_V2_MIN_SIZE 36
#define RSDP_V2_MAX_SIZE 4096 /* no real RSDP comes near this; it bounds the sum */

static uint8_t sum(const uint8_t *p, uint32_t length)
{
	uint8_t total = 0;
	while (length--)
		total = (uint8_t)(total + *p++);
	return total;
}

/* A candidate at `p`, with `room` bytes before the end of the area. */
static int check(const uint8_t *p, uint32_t room, struct acpi_rsdp *rsdp)
{
	if (memcmp(p, "RSD PTR ", 8) != 0 || sum(p, ACPI_RSDP_V1_SIZE) != 0)
		return 0;
	*rsdp = (struct acpi_rsdp){ p, ACPI_RSDP_V1_SIZE, 0 };
	if (p[15] < 2 || room < RSDP_V2_MIN_SIZE)
		return 1;
	/* Revision 2 and later carry a length and an extended checksum. */
	uint32_t length = (uint32_t)p[20] | (uint32_t)p[21] << 8 | (uint32_t)p[22] << 16 |
			  (uint32_t)p[23] << 24;
	if (length >= RSDP_V2_MIN_SIZE && length <= RSDP_V2_MAX_SIZE && length <= room &&
	    sum(p, length) == 0) {
		rsdp->length = length;
		rsdp->revision2 = 1;
	}
	return 1;
}

static int scan(uint32_t start, uint32_t end, struct acpi_rsdp *rsdp)
{
	for (uint32_t at = start; at + ACPI_RSDP_V1_SIZE <= end; at += 16)
		if (check(physical(at), end - at, rsdp))
			return 1;
	return 0;
}

void acpi_find_rsdp(struct acpi_rsdp *rsdp)
{
	*rsdp = (struct acpi_rsdp){ 0 };
	uint32_t ebda = memory_ebda_start();
	if (ebda < 0xa0000 && scan(ebda, ebda + 1024, rsdp))
		return;
	scan(0xe0000, 0x100000, rsdp);
}
