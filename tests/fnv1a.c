/* fnv1a FILE [OFFSET LENGTH]: the 32-bit FNV-1a hash, in hex, of FILE or of
 * LENGTH bytes of it from OFFSET, as the test kernels compute it over what
 * they were handed (tests/lib.sh); a shell loop over 64 MiB takes minutes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: fnv1a FILE [OFFSET LENGTH]\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	long long left = -1;
	if (argc == 4) {
		if (fseek(f, strtol(argv[2], 0, 0), SEEK_SET) != 0) {
			perror(argv[1]);
			return 2;
		}
		left = strtoll(argv[3], 0, 0);
	}
	uint32_t h = 2166136261u;
	static unsigned char buffer[1 << 16];
	size_t got;
	while (left != 0 && (got = fread(buffer, 1, left < 0 || left > (long long)sizeof buffer
						       ? sizeof buffer : (size_t)left, f)) > 0) {
		for (size_t i = 0; i < got; i++)
			h = (h ^ buffer[i]) * 16777619u;
		if (left > 0)
			left -= (long long)got;
	}
	if (left > 0) {
		fprintf(stderr, "%s: %lld bytes short\n", argv[1], left);
		return 2;
	}
	printf("%x\n", h);
	return 0;
}
