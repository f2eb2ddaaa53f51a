#include "cli/qemu/matrix.h"

#include <time.h>

#define POLL_INTERVAL_MS 50

void matrix_run(struct boot *boots, unsigned count, unsigned jobs, unsigned long timeout_seconds,
		const struct qemu_setup *setup, const struct verdict_rules *rules,
		matrix_report *report, void *context)
{
	const struct timespec tick = { 0, POLL_INTERVAL_MS * 1000 * 1000 };
	unsigned started = 0, running = 0, ended = 0, i;

	while (ended < count) {
		for (; running < jobs && started < count; started++) {
			if (boot_start(&boots[started], setup, rules) == 0) {
				running++;
			} else {
				report(&boots[started], context);
				ended++;
			}
		}
		if (running == 0)
			continue;
		nanosleep(&tick, 0);
		/* A boot runs while it has a QEMU: from its start to its end. */
		for (i = 0; i < started; i++) {
			if (boots[i].pid > 0 && boot_poll(&boots[i], timeout_seconds)) {
				report(&boots[i], context);
				running--;
				ended++;
			}
		}
	}
}
