/* The end of a BIOS boot that cannot go on (stage2/recovery.h): a restart
 * through the keyboard controller, at a key unless the CPU faulted. */
#include "stage2/recovery.h"

#include "stage2/bios.h"
#include "stage2/console.h"

void recovery_restart(void)
{
	outb(0x64, 0xfe); /* pulse the CPU's reset line */
	/* No controller: an empty interrupt table turns the next fault into
	 * a triple fault, which resets the machine. */
	static const struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) no_idt = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(no_idt));
	for (;;)
		__asm__ volatile("cli; hlt");
}

void recovery_halt(int faulted)
{
	console_write("ghostboot: halted\n");
	if (faulted)
		for (;;)
			__asm__ volatile("cli; hlt");
	console_write("Press a key to restart the machine.\n");
	while (console_poll_key() < 0)
		;
	recovery_restart();
}
