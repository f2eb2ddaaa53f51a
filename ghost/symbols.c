/* Export lookup by name. FNV-1a is short and spreads symbol names well
 * enough; the table is kept at most half full, so probes stay short. */
#include "ghost/symbols.h"

#include <stddef.h>

#include "ghost/names.h"
#include "ghost/report.h"

static uint32_t name_hash(const char *name)
{
	uint32_t hash = 2166136261u;
	while (*name != '\0') {
		hash ^= (uint8_t)*name++;
		hash *= 16777619u;
	}
	return hash;
}

uint64_t ghost_symbol_capacity(uint32_t count)
{
	uint64_t capacity = 2;
	while (capacity < 2 * (uint64_t)count)
		capacity <<= 1;
	return capacity;
}

void ghost_symbols_init(struct ghost_symbol_table *table, struct ghost_symbol *slots,
			uint32_t capacity)
{
	table->slots = slots;
	table->capacity = capacity;
	for (uint32_t i = 0; i < capacity; i++)
		slots[i].name = NULL;
}

/* The slot holding `name`, or the empty slot where it would go. */
static struct ghost_symbol *find_slot(const struct ghost_symbol_table *table, const char *name,
				      uint32_t hash)
{
	uint32_t mask = table->capacity - 1;
	for (uint32_t i = hash & mask;; i = (i + 1) & mask) {
		struct ghost_symbol *slot = &table->slots[i];
		if (slot->name == NULL ||
		    (slot->hash == hash && ghost_names_equal(slot->name, name)))
			return slot;
	}
}

bool ghost_symbols_add(struct ghost_symbol_table *table, const struct ghost_symbol *symbol,
		       struct ghost_error *error)
{
	uint32_t hash = name_hash(symbol->name);
	struct ghost_symbol *slot = find_slot(table, symbol->name, hash);
	if (slot->name != NULL) {
		ghost_fail(error, GHOST_ERROR_DUPLICATE_EXPORT, symbol->owner, symbol->owner_name,
			   "duplicate export");
		ghost_fail_symbol(error, symbol->name);
		ghost_append(error, ", already exported by ");
		ghost_append(error, slot->owner_name);
		return false;
	}
	*slot = *symbol;
	slot->hash = hash;
	return true;
}

struct ghost_symbol *ghost_resolve(const struct ghost_symbol_table *table, const char *name)
{
	struct ghost_symbol *slot = find_slot(table, name, name_hash(name));
	return slot->name != NULL ? slot : NULL;
}
