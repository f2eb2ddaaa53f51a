/* Isolated modules and programs as the kernel knows them (docs/isolation.md):
 * each one's layout from the boot information (struct gb_isolation), checked
 * before any of its code runs, with its gate table and its heap. */
#ifndef KERNEL_ISOLATION_H
#define KERNEL_ISOLATION_H

#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "kernel/kalloc.h"
#include "kernel/linked_modules.h"
#include "kernel/modules.h"

#define ISOLATED_MAX 64        /* isolated modules and programs together */
#define ISOLATED_GATES_MAX 4096 /* a larger gate table is corrupt */

/* An isolated module or a program. */
struct isolated {
	const char *kind; /* "module" or "program", for messages */
	const char *name;
	struct linked_module *module; /* NULL for a program */
	uint64_t image_start, image_end;
	struct gb_isolation layout; /* a checked copy */
	const struct gb_gate *gates;
	uint64_t return_stub;
	struct kalloc_pool heap; /* kmalloc and kfree through its gates */
	uint64_t program_main;   /* a program's main, in its user range */
	bool on_chain;           /* running in ring 3, or waiting for a call it made */
};

/* Takes over each module entry flagged GB_MODULE_ISOLATED that registered
 * (linked_modules_register) and rejects, with the reason printed, one whose
 * runtime does not hold up. Call before any module code runs. */
void isolation_register_modules(const struct module_table *table);

/* Checks a program's image and layout; NULL, with why, when they do not
 * hold up. */
struct isolated *isolation_register_program(const struct gb_program *p, const char *name,
					    char *why);

/* The isolated image whose user range holds address, or NULL. */
struct isolated *isolated_at(uint64_t address);

/* Whether [address, address + length) lies in img's user range. */
bool isolated_holds(const struct isolated *img, uint64_t address, uint64_t length);

/* The function an entry trampoline at `address` in img's image enters, or 0
 * when those bytes are not a trampoline to gb_isolated_call for a function
 * in its user range. */
uint64_t isolated_trampoline_target(const struct isolated *img, uint64_t address);

/* The line under a module's or program's listing: user range, stack top,
 * heap, gate count. */
void isolation_print(const char *name, const struct gb_isolation *layout);

#endif
