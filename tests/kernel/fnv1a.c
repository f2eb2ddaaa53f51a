/* fnv1a FILE: prints the file's 32-bit FNV-1a hash in hex, computed by the
 * kernel's own function (kernel/expectation.c, built for the host), for the
 * build and the tests to state what the kernel must find (expect-file=, the
 * payload test module). Errors go to stderr as "fnv1a: ..." with exit
 * status 1. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/expectation.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fnv1a FILE\n");
		return 1;
	}
	FILE *f = fopen(argv[1], "rb");
	long size = -1;
	if (f && fseek(f, 0, SEEK_END) == 0)
		size = ftell(f);
	uint8_t *bytes = size >= 0 ? malloc((size_t)size + 1) : NULL;
	if (!bytes || fseek(f, 0, SEEK_SET) != 0 || fread(bytes, 1, (size_t)size, f) != (size_t)size) {
		fprintf(stderr, "fnv1a: %s: %s\n", argv[1], errno ? strerror(errno) : "short read");
		return 1;
	}
	printf("%x\n", fnv1a(bytes, (uint64_t)size));
	return 0;
}
