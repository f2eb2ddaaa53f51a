#include "stage2/acpi.h"

#include "stage2/bios.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

static int scan(uint32_t start, uint32_t end, struct acpi_rsdp *rsdp)
{
	for (uint32_t at = start; at + ACPI_RSDP_V1_SIZE <= end; at += 16)
		if (acpi_check_rsdp(physical(at), end - at, rsdp))
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
