/* Chainloading under UEFI: not yet (docs/uefi.md "Not yet"); the entry is
 * refused by name, and the menu offers the others. */
#include "stage2/console.h"
#include "stage2/protocol.h"

__attribute__((noreturn)) static void refuse(struct boot_context *context)
{
	panic("entry %s: chainloading does not work under UEFI yet", context->entry->name);
}

const struct boot_protocol protocol_chainload = { "chainload", 0, refuse, refuse };
