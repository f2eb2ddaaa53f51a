/* A program for tests only (build/tests/programs/greet.o): linked at load
 * time against the exports the kernel offers programs (GB_GATE_PROGRAMS),
 * run in ring 3 after module init. It prints through kprintf, with a string
 * of its own, and exits with GREET_STATUS. */
#include "kernel/exports.h"

#define GREET_STATUS 42

int main(void);

int main(void)
{
	static const char where[] = "ring 3";
	kprintf("greet: hello from %s, %d characters\n", where, (int)sizeof where - 1);
	return GREET_STATUS;
}
