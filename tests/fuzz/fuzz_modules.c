/* libFuzzer target: ghost (ghost/) on two modules linked together, one
 * importing from the other, against a kernel that exports the rest of
 * what they import (tests/fuzz/link.c). The input is the first module's
 * size (4 bytes, little-endian), the first module, then the second
 * (tests/fuzz/make-seeds.sh joins them so). */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ghost_module_file modules[2];
	uint32_t first;

	if (size < 4)
		return 0;
	first = (uint32_t)data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 |
		(uint32_t)data[3] << 24;
	data += 4;
	size -= 4;
	if (first > size)
		first = (uint32_t)size;
	modules[0] = (struct ghost_module_file){ .bytes = data, .size = first, .name = "first" };
	modules[1] = (struct ghost_module_file){
		.bytes = data + first, .size = size - first, .name = "second"
	};
	fuzz_link(modules, 2);
	return 0;
}
