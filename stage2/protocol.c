#include "stage2/protocol.h"

#include "stage2/console.h"
#include "stage2/cpu.h"

/* Indexed by enum config_protocol; 0: parsed, but not implemented yet. */
static const struct boot_protocol *const protocols[CONFIG_PROTOCOL_COUNT] = {
	[CONFIG_PROTOCOL_GHOSTBOOT] = &protocol_ghostboot,
	[CONFIG_PROTOCOL_MULTIBOOT1] = &protocol_multiboot1,
	[CONFIG_PROTOCOL_MULTIBOOT2] = &protocol_multiboot2,
};

void protocol_boot(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	const struct boot_protocol *protocol = protocols[entry->protocol];
	if (!protocol)
		panic("entry %s: protocol %s is not supported yet", entry->name,
		      config_protocol_name(entry->protocol));
	if (protocol->needs_long_mode && !cpu_has_long_mode())
		panic("this CPU has no 64-bit mode; entry %s needs one", entry->name);
	if (!entry->kernel.path)
		panic("entry %s names no kernel", entry->name);
	console_printf("ghostboot: booting %s: %s\n", entry->name, entry->kernel.path);
	protocol->load(context);
	protocol->boot(context);
}
