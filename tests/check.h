/* The smallest test harness that does the job: each CHECK prints one
 * "ok - " or "not ok - " line for tests/run.sh to count. */
#ifndef GHOSTBOOT_TESTS_CHECK_H
#define GHOSTBOOT_TESTS_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			printf("ok - ");                                       \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		} else {                                                       \
			check_failures++;                                      \
			printf("not ok - ");                                   \
			printf(__VA_ARGS__);                                   \
			printf(" (%s:%d: %s)\n", __FILE__, __LINE__, #cond);   \
		}                                                              \
	} while (0)

#define CHECK_EXIT() return check_failures ? 1 : 0

#endif
