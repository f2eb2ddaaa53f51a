/* libFuzzer target: ghost (ghost/) on one module: the input is a module
 * file, described and linked against a kernel that exports what it
 * imports (tests/fuzz/link.c). */
#include <stddef.h>
#include <stdint.h>

#include "tests/fuzz/link.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ghost_module_file module = { .bytes = data, .size = size, .name = "fuzzed" };

	fuzz_link(&module, 1);
	return 0;
}
