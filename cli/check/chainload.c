/* Chainloading: a boot sector file must be one stage 2 starts, in stage
 * 2's words (stage2/protocols/chainload.c). A partition's or another disk's
 * first sector is read at boot only: what lies there then is not on the
 * image being checked. Under UEFI a file is an EFI application instead
 * (uefi/protocols/chainload.c), which the firmware checks as it loads it. */
#include "cli/check/protocols.h"

#include "cli/common/diag.h"

#define BOOT_SECTOR_SIZE 512
#define BOOT_FILE_MAX (16u * 1024 * 1024)

int chainload_check(const struct config_entry *entry, const struct file_bytes *sector_file,
		    struct module_files *modules)
{
	(void)modules;
	if (!sector_file)
		return 0;
	/* An EFI application, which the UEFI loader starts (docs/uefi.md). */
	if (sector_file->size >= 2 && sector_file->bytes[0] == 'M' && sector_file->bytes[1] == 'Z')
		return 0;
	if (sector_file->size < BOOT_SECTOR_SIZE || sector_file->size > BOOT_FILE_MAX)
		return error("chainload %s: %zu bytes; a boot sector file holds 512 bytes to 16 MiB",
			     sector_file->path, sector_file->size);
	if ((sector_file->bytes[510] != 0x55 || sector_file->bytes[511] != 0xaa) &&
	    !entry->chainload.nosignature)
		return error("chainload %s: no 0x55AA boot signature at the end of its first "
			     "sector (nosignature boots it anyway)",
			     sector_file->path);
	return 0;
}
