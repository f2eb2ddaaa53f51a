/* The module compare.sh times a module payload with: the payload's random
 * bytes become its data (tests/bench/compare.sh links them in with ld -r),
 * so stage 2 reads and links a module of the payload's size. Its init
 * checks the size and both ends, known when the benchmark builds it
 * (-DPAYLOAD_BYTES, -DPAYLOAD_FIRST, -DPAYLOAD_LAST), and no more: a
 * digest of every byte would time the kernel, not the loader. */
#include <stdint.h>

#include <ghostboot/module.h>

extern const uint8_t _binary_payload_bin_start[], _binary_payload_bin_end[];

static int payload_init(void)
{
	const uint8_t *start = _binary_payload_bin_start;
	uint64_t size = (uint64_t)(_binary_payload_bin_end - start);
	if (size != PAYLOAD_BYTES)
		return -1;
	return start[0] == PAYLOAD_FIRST && start[size - 1] == PAYLOAD_LAST ? 0 : -1;
}

GB_MODULE("payload", payload_init, 0);
