#include "ghost/prelinked_isolation.h"

#include "ghost/ghost.h"

const char *ghost_prelinked_isolation_problem(const struct gb_prelinked_module *e,
					      const struct gb_isolation *iso)
{
	uint64_t start = e->virt_addr, user_end = start + iso->user_size, end = start + e->size;
	if (!(e->flags & GB_PRELINKED_ISOLATED))
		return 0;
	if (iso->user_start != start || (start & (GHOST_PAGE_SIZE - 1)) != 0 ||
	    iso->user_size == 0 || iso->user_size > e->size ||
	    (iso->user_size & (GHOST_PAGE_SIZE - 1)) != 0)
		return "an isolated module's user part is not the start of its image";
	if (iso->stack_top <= start || iso->stack_top > user_end || iso->heap < start ||
	    iso->heap >= user_end || iso->gate_stubs < start || iso->gate_stubs >= user_end)
		return "an isolated module's stack, heap or gate stubs lie outside its user part";
	if (iso->gate_count > e->size / sizeof(struct gb_gate) || iso->gates < user_end ||
	    iso->gates > end || end - iso->gates < iso->gate_count * sizeof(struct gb_gate))
		return "an isolated module's gate table lies outside its image";
	return 0;
}
