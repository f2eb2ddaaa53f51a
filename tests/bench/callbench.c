/* The module `make bench` times a kernel export call with (tests/bench/
 * isolation.sh): built twice, as calls_direct and calls_isolated
 * (-DBENCH_NAME), and loaded in ring 0 and isolated in the same boot. Its
 * init times CALLS calls of memcmp on two bytes, each alone between two
 * reads of the TSC, and prints the median in cycles. */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/kstring.h"

#define CALLS 2001

static uint64_t cycles[CALLS];
static const uint8_t left[2] = { 1, 2 }, right[2] = { 1, 2 };

static inline uint64_t tsc(void)
{
	uint32_t low, high;
	__asm__ volatile("lfence; rdtsc" : "=a"(low), "=d"(high) : : "memory");
	return (uint64_t)high << 32 | low;
}

/* Insertion sort: CALLS is small, and the module has no library. */
static void sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		uint64_t x = v[i];
		unsigned j = i;
		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static int bench_init(void)
{
	int same = 0;
	for (unsigned i = 0; i < CALLS; i++) {
		uint64_t start = tsc();
		same += memcmp(left, right, sizeof left) == 0;
		cycles[i] = tsc() - start;
	}
	sort(cycles, CALLS);
	kprintf("bench %s: %d calls of memcmp, median %lu TSC cycles\n", BENCH_NAME, CALLS,
		(unsigned long)cycles[CALLS / 2]);
	return same == CALLS ? 0 : -1;
}

GB_MODULE(BENCH_NAME, bench_init, 0);
