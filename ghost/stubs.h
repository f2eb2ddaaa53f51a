/* The code and tables ghost writes into an isolated module's or a
 * program's image: gate stubs, the return stub, entry trampolines and the
 * gate table, byte for byte as <ghostboot/isolation.h> documents them. */
#ifndef GHOSTBOOT_GHOST_STUBS_H
#define GHOSTBOOT_GHOST_STUBS_H

#include "ghost/module.h"

/* Where the gates of an image send the kernel: the isolation entry the
 * trampolines jump to, and how an exporting module is numbered in the
 * kernel's module table (its init position plus table_base). */
struct ghost_gate_targets {
	uint64_t isolation_entry;
	const uint32_t *position_of; /* per module index: its place in the init order */
	uint32_t table_base;
};

/* For a relocated isolated image: writes its gate stubs and return stub,
 * its gate table, a trampoline per exported function (and makes its
 * .gbexports point at them), and trampolines for init and exit, which it
 * turns into their trampolines' addresses. */
void ghost_write_isolation(const struct ghost_module *module,
			   const struct ghost_gate_targets *targets, uint64_t *init, uint64_t *exit);

/* The address an import of an isolated module binds to: its gate stub. */
uint64_t ghost_gate_stub_address(const struct ghost_module *module, uint32_t symbol);

#endif
