/* The end of a UEFI boot that cannot go on (stage2/recovery.h): back to the
 * firmware's boot manager, which tries its next boot option, or a restart
 * through the firmware's runtime services. */
#include "stage2/recovery.h"

#include "stage2/console.h"
#include "uefi/uefi.h"

void recovery_restart(void)
{
	efi_system->runtime_services->reset_system(EFI_RESET_COLD, EFI_SUCCESS, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void recovery_halt(int faulted)
{
	(void)faulted; /* the loader installs no exception handlers */
	/* The line `ghostboot test` stops at comes last, so a log never ends
	 * before it says where the machine goes. */
	if (!uefi_boot_services_over)
		console_write("ghostboot: back to the firmware's boot manager\n");
	console_write("ghostboot: halted\n");
	uefi_exit(EFI_LOAD_ERROR);
}
