/* The PIT's channel 2 counts 1.193182 MHz whatever the CPU's speed: gated
 * on through port 0x61, it counts down 10 ms in mode 0 and raises its output
 * bit, and the time-stamp counter ticks between the two give its rate. */
#include "stage2/timer.h"

#include "stage2/bios.h"

#define PIT_HZ 1193182u
#define CALIBRATION_MS 10u
#define PIT_CHANNEL2 0x42
#define PIT_COMMAND 0x43
#define SPEAKER_PORT 0x61

static uint64_t ticks_per_ms;

uint64_t timer_now(void)
{
	uint32_t low, high;
	__asm__ volatile("rdtsc" : "=a"(low), "=d"(high));
	return (uint64_t)high << 32 | low;
}

int timer_calibrate(void)
{
	if (ticks_per_ms)
		return 0;
	uint16_t count = (uint16_t)(PIT_HZ / 1000 * CALIBRATION_MS);
	uint8_t speaker = inb(SPEAKER_PORT);
	outb(SPEAKER_PORT, (uint8_t)((speaker & ~0x02) | 0x01)); /* gate on, speaker off */
	outb(PIT_COMMAND, 0xb0); /* channel 2, low then high byte, mode 0 */
	outb(PIT_CHANNEL2, (uint8_t)count);
	outb(PIT_CHANNEL2, (uint8_t)(count >> 8));
	uint64_t start = timer_now();
	/* Bounded: a machine without a PIT must not hang the boot. */
	uint32_t polls = 0;
	while (!(inb(SPEAKER_PORT) & 0x20) && ++polls < 10000000)
		;
	uint64_t end = timer_now();
	outb(SPEAKER_PORT, speaker);
	if (polls == 10000000 || end <= start)
		return -1;
	ticks_per_ms = (end - start) / CALIBRATION_MS;
	return ticks_per_ms ? 0 : -1;
}

uint64_t timer_microseconds(uint64_t start, uint64_t end)
{
	if (!ticks_per_ms || end < start)
		return 0;
	return (end - start) * 1000 / ticks_per_ms;
}
