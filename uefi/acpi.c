/* The RSDP under UEFI: the firmware names it in the configuration table
 * instead of leaving it in BIOS memory for a scan. */
#include "stage2/acpi.h"
#include "stage2/console.h"
#include "stage2/lib.h"
#include "uefi/uefi.h"

static const void *table_of(const struct efi_guid *guid)
{
	for (uint64_t i = 0; i < efi_system->table_count; i++)
		if (memcmp(&efi_system->tables[i].vendor_guid, guid, sizeof *guid) == 0)
			return efi_system->tables[i].vendor_table;
	return 0;
}

/* The table ACPI 2.0 names, else 1.0's, checked as stage 2 checks one. */
void acpi_find_rsdp(struct acpi_rsdp *rsdp)
{
	const struct efi_guid *guids[] = { &efi_acpi_20_table_guid, &efi_acpi_10_table_guid };
	for (unsigned i = 0; i < ARRAY_SIZE(guids); i++) {
		const uint8_t *p = table_of(guids[i]);
		if (!p)
			continue;
		/* The boot information's addresses lie below 4 GiB. */
		if ((uintptr_t)p + ACPI_RSDP_MAX_SIZE > 0x100000000ull ||
		    !acpi_check_rsdp(p, ACPI_RSDP_MAX_SIZE, rsdp)) {
			console_printf("ghostboot: warning: the firmware's ACPI table at %p is not "
				       "a valid RSDP below 4 GiB; the kernel gets none\n",
				       (const void *)p);
			continue;
		}
		return;
	}
	*rsdp = (struct acpi_rsdp){ 0, 0, 0 };
}
