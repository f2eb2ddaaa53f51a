/* A module for tests only (build/tests/modules/bulk.gbm): 32 MiB of data
 * and a handful of symbols. The memory its link takes must follow the
 * symbols, not the size (docs/performance.md); its init checks that the
 * data arrived. */
#include <stdint.h>

#include <ghostboot/module.h>

#define BULK_WORDS (8u << 20) /* 32 MiB */
#define BULK_VALUE 0x9e3779b9u

/* Written by the assembler: a C initializer this large is slow to compile. */
__asm__(".section .data.bulk,\"aw\"\n"
	".balign 4\n"
	"bulk_data:\n"
	".fill 8388608, 4, 0x9e3779b9\n"
	".previous\n");
extern const uint32_t bulk_data[];

static int bulk_module_init(void)
{
	for (uint32_t i = 0; i < BULK_WORDS; i += 4096)
		if (bulk_data[i] != BULK_VALUE)
			return -1;
	return bulk_data[BULK_WORDS - 1] == BULK_VALUE ? 0 : -1;
}

GB_MODULE("bulk", bulk_module_init, 0);
