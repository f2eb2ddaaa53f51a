#include "kernel/phys.h"

bool phys_range_ok(uint64_t addr, uint64_t length)
{
	return addr != 0 && length <= PHYS_IDENTITY_LIMIT && addr <= PHYS_IDENTITY_LIMIT - length;
}

const char *phys_string(uint64_t addr, uint64_t max)
{
	if (!phys_range_ok(addr, 1))
		return 0;
	if (max > PHYS_IDENTITY_LIMIT - addr)
		max = PHYS_IDENTITY_LIMIT - addr;
	const char *s = phys_ptr(addr);
	for (uint64_t i = 0; i < max; i++) {
		if (!s[i])
			return s;
	}
	return 0;
}
