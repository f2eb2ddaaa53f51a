/* The modules stage 2 linked into the top 2 GiB (docs/kernel.md): where
 * each image lies, its init, exports and dependencies, and what became of
 * it. Read from the boot info's module table once, entry by entry checked,
 * before any module code runs. */
#ifndef KERNEL_LINKED_MODULES_H
#define KERNEL_LINKED_MODULES_H

#include <stddef.h>
#include <stdint.h>

#include <ghostboot/export.h>

#include "kernel/modules.h"

enum module_status {
	MODULE_UNLINKED,   /* virt_addr 0: the loader placed its file only */
	MODULE_REJECTED,   /* its linked fields do not hold up: never run */
	MODULE_PENDING,    /* linked; init not called yet */
	MODULE_READY,      /* init returned 0, or it has none */
	MODULE_INIT_FAILED, /* init returned non-zero, or a fault elsewhere cut it short */
	MODULE_FAULTED,    /* a CPU exception inside its image */
	MODULE_DEPENDENCY_DISABLED, /* a module it imports from is not ready */
	MODULE_EXITING,    /* a restart is calling its exit */
};

struct linked_module {
	const char *name; /* "?" when the table's name is not a string */
	uint64_t start;   /* the image: [start, end), virtual */
	uint64_t end;
	uint64_t init; /* virtual; 0 when none */
	uint64_t exit; /* virtual; 0 when none */
	const struct gb_export *exports;
	uint32_t export_count;
	const uint32_t *depends; /* indices of earlier modules */
	uint32_t depends_count;
	enum module_status status;
	uint32_t restarts; /* after its own faults (module_restart.h) */
};

/* Takes over the table; prints why for each module it rejects. */
void linked_modules_register(const struct module_table *table);

uint32_t linked_module_count(void);
struct linked_module *linked_module(uint32_t index);

/* Its position in the table, which is init order. */
uint32_t linked_module_index(const struct linked_module *m);

/* The module whose image holds `address`, or NULL. */
struct linked_module *linked_module_at(uint64_t address);

/* Whether an image of `size` bytes at virtual `start` (a module's, a
 * program's) is whole pages in the top 2 GiB, clear of the kernel (unless
 * it lies `in_kernel`, linked there at build time) and of the modules taken
 * so far; else false with the reason in why[REASON_MAX]. */
bool linked_image_check(uint64_t start, uint64_t size, bool in_kernel, char *why);

/* The module named by the `length` bytes at `name`, or NULL. */
struct linked_module *linked_module_named(const char *name, size_t length);

/* The address `m` exports under `name`, or 0 when it exports no such name.
 * Export names outside the image are skipped. */
uint64_t linked_module_export(const struct linked_module *m, const char *name);

/* The name of m's export `index`, or NULL when there is no such export or
 * its name is not a string inside the image. */
const char *linked_module_export_name(const struct linked_module *m, uint32_t index);

/* "ready", "faulted", ...: for messages. */
const char *module_status_name(enum module_status status);

#endif
