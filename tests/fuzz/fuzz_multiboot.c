/* libFuzzer target: the Multiboot 1 and 2 header parser (multiboot/
 * header.c), on the input as a kernel file's first bytes, as stage 2
 * reads them. What it accepts must describe bytes the file holds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "multiboot/header.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Address fields that were accepted load bytes inside the file. */
static void check_address(const struct mb_address *address, size_t size)
{
	if (address->file_offset > size || address->load_size > size - address->file_offset ||
	    address->memory_end < (uint64_t)address->load_addr + address->load_size)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mb1_header mb1;
	struct mb2_header mb2;
	const char *why;
	uint32_t number;

	if (mb1_header_find(data, size < MB1_SEARCH_SIZE ? size : MB1_SEARCH_SIZE, size, &mb1, &why,
			    &number) > 0) {
		if (mb1.offset % 4 || mb1.offset > size - 12)
			abort();
		if (mb1.has_address)
			check_address(&mb1.address, size);
	}
	if (mb2_header_find(data, size < MB2_SEARCH_SIZE ? size : MB2_SEARCH_SIZE, size, &mb2, size & 1, &why,
			    &number) > 0) {
		if (mb2.offset % 8 || mb2.length > size - mb2.offset ||
		    mb2.request_count > MB2_MAX_REQUESTS)
			abort();
		if (mb2.has_address)
			check_address(&mb2.address, size);
	}
	return 0;
}
