#include "cli/disk/floppy.h"

int floppy_size(uint64_t bytes)
{
	/* 5.25" 360K and 1.2M, 3.5" 720K, 1.44M and 2.88M, in 1 KiB units. */
	static const uint64_t sizes_kib[] = { 360, 720, 1200, 1440, 2880 };
	unsigned i;

	for (i = 0; i < sizeof(sizes_kib) / sizeof(sizes_kib[0]); i++)
		if (bytes == sizes_kib[i] * 1024)
			return 1;
	return 0;
}
