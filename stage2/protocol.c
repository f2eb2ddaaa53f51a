#include "stage2/protocol.h"

#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/drivers/native.h"

/* Indexed by enum config_protocol. */
static const struct boot_protocol *const protocols[CONFIG_PROTOCOL_COUNT] = {
	[CONFIG_PROTOCOL_GHOSTBOOT] = &protocol_ghostboot,
	[CONFIG_PROTOCOL_MULTIBOOT1] = &protocol_multiboot1,
	[CONFIG_PROTOCOL_MULTIBOOT2] = &protocol_multiboot2,
	[CONFIG_PROTOCOL_LINUX] = &protocol_linux,
	[CONFIG_PROTOCOL_CHAINLOAD] = &protocol_chainload,
};

void protocol_boot(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	const struct boot_protocol *protocol = protocols[entry->protocol];
	if (entry->protocol == CONFIG_PROTOCOL_CHAINLOAD)
		console_printf("ghostboot: booting %s: chainload\n", entry->name);
	else if (!entry->kernel.path)
		panic("entry %s names no kernel", entry->name);
	else
		console_printf("ghostboot: booting %s: %s\n", entry->name, entry->kernel.path);
	/* Named after the entry it refuses, before anything is read. */
	if (protocol->needs_long_mode && !cpu_has_long_mode())
		panic("this CPU has no 64-bit mode; entry %s needs one", entry->name);
	protocol->load(context);
	/* Nothing is read from here on: the controller goes back to the BIOS
	 * state, quiet, for the kernel or a chainloaded boot sector. */
	native_disk_release();
	protocol->boot(context);
}
