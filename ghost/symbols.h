/* The table of every export by name: the kernel's, then each module's. */
#ifndef GHOSTBOOT_GHOST_SYMBOLS_H
#define GHOSTBOOT_GHOST_SYMBOLS_H

#include <stdbool.h>
#include <stdint.h>

#include "ghost/error.h"

struct ghost_symbol {
	const char *name; /* NULL in an empty slot */
	const char *owner_name;
	uint32_t owner; /* module index, or GHOST_NO_MODULE for the kernel */
	uint32_t hash;
	uint32_t version;
	/* The kernel's: the address. A module's: the offset in its image until
	 * the module is placed, then the address. An isolated module's
	 * function: its entry trampoline's. */
	uint64_t address;
	uint32_t gate;      /* struct gb_export's gate word */
	bool function;      /* code, not data */
	bool isolated;      /* its module is isolated */
	/* For a gate (struct ghost_export): 0 for the kernel's own table, n
	 * for entry n - 1 of the module table; a module's: its export index. */
	uint32_t table;
	uint32_t table_index;
};

/* Open addressing, linear probing, at most half full. */
struct ghost_symbol_table {
	struct ghost_symbol *slots;
	uint32_t capacity; /* a power of two */
};

/* Slots needed for `count` symbols: a power of two at least twice it. */
uint64_t ghost_symbol_capacity(uint32_t count);

void ghost_symbols_init(struct ghost_symbol_table *table, struct ghost_symbol *slots,
			uint32_t capacity);

/* Adds an export; a name already there is an error naming both owners. */
bool ghost_symbols_add(struct ghost_symbol_table *table, const struct ghost_symbol *symbol,
		       struct ghost_error *error);

/* The export called `name`, or NULL. */
struct ghost_symbol *ghost_resolve(const struct ghost_symbol_table *table, const char *name);

#endif
