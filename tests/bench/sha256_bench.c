/* `make bench` (tests/build.mk): SHA-256 on the host with the portable
 * block function and with the CPU's SHA extensions (config/sha256_ni.c),
 * in MB/s, and their ratio. Not a test: it passes or fails nothing.
 *
 *   sha256_bench MIB RUNS
 *
 * Each run hashes MIB MiB of pseudo-random bytes, already in memory, in
 * 64 KiB updates (the pieces stage 2's disk buffer hands the hash); the
 * two block functions take turns, and the report gives the median of RUNS
 * runs each. Times are the process's CPU time, not the clock's: on a
 * machine shared with other work the clock counts their turns too. Without
 * SHA extensions only the portable figure is printed. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "config/sha256.h"

#define PIECE (64 * 1024)

static double cpu_seconds(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Seconds to hash `size` bytes, with the extensions or without. */
static double time_hash(bool extensions, const uint8_t *data, size_t size,
			uint8_t digest[SHA256_SIZE])
{
	sha256_use_cpu_extensions(extensions);
	double start = cpu_seconds();
	struct sha256 ctx;
	sha256_init(&ctx);
	for (size_t done = 0; done < size; done += PIECE)
		sha256_update(&ctx, data + done, size - done < PIECE ? size - done : PIECE);
	sha256_final(&ctx, digest);
	return cpu_seconds() - start;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *values, int count)
{
	qsort(values, (size_t)count, sizeof values[0], compare_doubles);
	return values[count / 2];
}

int main(int argc, char **argv)
{
	if (argc != 3 || atoi(argv[1]) <= 0 || atoi(argv[2]) <= 0) {
		fprintf(stderr, "usage: sha256_bench MIB RUNS\n");
		return 2;
	}
	size_t size = (size_t)atoi(argv[1]) << 20;
	int runs = atoi(argv[2]);
	uint8_t *data = malloc(size);
	double *portable = calloc((size_t)runs, sizeof(double));
	double *extensions = calloc((size_t)runs, sizeof(double));
	if (!data || !portable || !extensions) {
		fprintf(stderr, "sha256_bench: out of memory\n");
		return 1;
	}
	uint32_t x = 0x12345678;
	for (size_t i = 0; i < size; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (uint8_t)x;
	}

	bool has_extensions = sha256_cpu_has_extensions();
	for (int run = 0; run < runs; run++) {
		uint8_t a[SHA256_SIZE], b[SHA256_SIZE];
		portable[run] = time_hash(false, data, size, a);
		if (!has_extensions)
			continue;
		extensions[run] = time_hash(true, data, size, b);
		for (int i = 0; i < SHA256_SIZE; i++)
			if (a[i] != b[i]) {
				fprintf(stderr, "sha256_bench: the two digests differ\n");
				return 1;
			}
	}

	double mb = (double)size / 1e6;
	double portable_rate = mb / median(portable, runs);
	printf("SHA-256 on the host, %zu MiB in 64 KiB updates, median of %d runs (CPU time):\n",
	       size >> 20, runs);
	printf("  portable      %8.1f MB/s\n", portable_rate);
	if (!has_extensions) {
		printf("  SHA-NI        (this CPU has no SHA extensions)\n");
		return 0;
	}
	double extensions_rate = mb / median(extensions, runs);
	printf("  SHA-NI        %8.1f MB/s\n", extensions_rate);
	printf("  SHA-NI / portable: %.2f\n", extensions_rate / portable_rate);
	return 0;
}
