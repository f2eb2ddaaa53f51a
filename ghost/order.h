/* Who imports from whom, and the init order that follows from it. */
#ifndef GHOSTBOOT_GHOST_ORDER_H
#define GHOSTBOOT_GHOST_ORDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ghost/error.h"
#include "ghost/ghost.h"

/* A bit matrix, one row of bytes per module: bit e of row m is set when
 * module m imports from module e. */
struct ghost_dependencies {
	uint8_t *bits;
	uint32_t count;
	size_t row_bytes;
};

/* Bytes of `bits` for `count` modules. */
uint64_t ghost_dependencies_size(uint32_t count);

void ghost_dependencies_init(struct ghost_dependencies *dependencies, uint8_t *bits,
			     uint32_t count);
void ghost_dependency_add(struct ghost_dependencies *dependencies, uint32_t module,
			  uint32_t exporter);
/* Row `module` of the matrix, for struct ghost_linked_module. */
const uint8_t *ghost_dependency_row(const struct ghost_dependencies *dependencies,
				    uint32_t module);

/* Fills order[count] so that every module comes after the modules it
 * imports from; among modules free to go, the lowest index goes first.
 * `pending` is scratch for `count` entries. A cycle is an error naming its
 * members in order. */
bool ghost_init_order(const struct ghost_dependencies *dependencies,
		      const struct ghost_module_file *modules, uint32_t *pending, uint32_t *order,
		      struct ghost_error *error);

#endif
