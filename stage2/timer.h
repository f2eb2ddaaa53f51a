/* Elapsed time for the boot summary, from the time-stamp counter. */
#ifndef GHOSTBOOT_STAGE2_TIMER_H
#define GHOSTBOOT_STAGE2_TIMER_H

#include <stdint.h>

/* Measures the counter's rate against the PIT; takes 10 ms, the first
 * time only. Returns 0, or -1 when the PIT never counted down (then
 * timer_microseconds gives 0). */
int timer_calibrate(void);

uint64_t timer_now(void);

/* Microseconds between two timer_now readings. */
uint64_t timer_microseconds(uint64_t start, uint64_t end);

#endif
