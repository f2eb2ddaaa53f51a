/* Init order: a topological sort (Kahn's) over the import graph. The
 * configuration's order only breaks ties. */
#include "ghost/order.h"

#include "ghost/report.h"

#define ORDERED UINT32_MAX

static size_t row_bytes(uint32_t count)
{
	return ((size_t)count + 7) >> 3;
}

uint64_t ghost_dependencies_size(uint32_t count)
{
	return (uint64_t)count * row_bytes(count);
}

void ghost_dependencies_init(struct ghost_dependencies *dependencies, uint8_t *bits,
			     uint32_t count)
{
	dependencies->bits = bits;
	dependencies->count = count;
	dependencies->row_bytes = row_bytes(count);
	__builtin_memset(bits, 0, (size_t)ghost_dependencies_size(count));
}

const uint8_t *ghost_dependency_row(const struct ghost_dependencies *dependencies,
				    uint32_t module)
{
	return dependencies->bits + (size_t)module * dependencies->row_bytes;
}

void ghost_dependency_add(struct ghost_dependencies *dependencies, uint32_t module,
			  uint32_t exporter)
{
	dependencies->bits[(size_t)module * dependencies->row_bytes + (exporter >> 3)] |=
		(uint8_t)(1u << (exporter & 7));
}

bool ghost_module_imports_from(const struct ghost_linked_module *module, uint32_t exporter)
{
	return (module->imports_from[exporter >> 3] >> (exporter & 7)) & 1;
}

static bool imports_from(const struct ghost_dependencies *dependencies, uint32_t module,
			 uint32_t exporter)
{
	return (ghost_dependency_row(dependencies, module)[exporter >> 3] >> (exporter & 7)) & 1;
}

/* The first module `module` imports from that is not ordered yet. */
static uint32_t waiting_on(const struct ghost_dependencies *dependencies, const uint32_t *pending,
			   uint32_t module)
{
	uint32_t e = 0;
	while (pending[e] == ORDERED || !imports_from(dependencies, module, e))
		e++;
	return e;
}

/* Every module left waits on another one left, so following "waits on"
 * from any of them enters a cycle within `count` steps. The report starts
 * at the cycle's lowest-numbered member, whatever the walk began with. */
static bool report_cycle(const struct ghost_dependencies *dependencies,
			 const struct ghost_module_file *modules, const uint32_t *pending,
			 struct ghost_error *error)
{
	uint32_t start = 0;
	while (pending[start] == ORDERED)
		start++;
	for (uint32_t step = 0; step < dependencies->count; step++)
		start = waiting_on(dependencies, pending, start);
	uint32_t lowest = start;
	for (uint32_t m = waiting_on(dependencies, pending, start); m != start;
	     m = waiting_on(dependencies, pending, m))
		if (m < lowest)
			lowest = m;
	start = lowest;
	ghost_fail(error, GHOST_ERROR_CYCLE, start, modules[start].name,
		   "modules import from each other in a cycle:");
	ghost_append(error, " ");
	ghost_append(error, modules[start].name);
	uint32_t m = start;
	do {
		m = waiting_on(dependencies, pending, m);
		ghost_append(error, " -> ");
		ghost_append(error, modules[m].name);
	} while (m != start);
	return false;
}

bool ghost_init_order(const struct ghost_dependencies *dependencies,
		      const struct ghost_module_file *modules, uint32_t *pending, uint32_t *order,
		      struct ghost_error *error)
{
	uint32_t count = dependencies->count;
	for (uint32_t m = 0; m < count; m++) {
		pending[m] = 0;
		for (uint32_t e = 0; e < count; e++)
			pending[m] += imports_from(dependencies, m, e);
	}
	for (uint32_t n = 0; n < count; n++) {
		uint32_t next = 0;
		while (next < count && pending[next] != 0)
			next++;
		if (next == count)
			return report_cycle(dependencies, modules, pending, error);
		order[n] = next;
		pending[next] = ORDERED;
		for (uint32_t m = 0; m < count; m++)
			if (pending[m] != ORDERED && imports_from(dependencies, m, next))
				pending[m]--;
	}
	return true;
}
