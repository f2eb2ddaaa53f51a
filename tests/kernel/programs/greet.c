/* A program for tests only (build/tests/programs/greet.o): linked at load
 * time against the exports the kernel offers programs, run in ring 3 after
 * module init. It prints through kprintf, a string from its own memory and
 * one from a block its heap granted, and exits with GREET_STATUS. */
#include <stddef.h>

#include "kernel/exports.h"

#define GREET_STATUS 42

int main(void);

int main(void)
{
	char *copy = kmalloc(32);
	if (!copy)
		return 1;
	int length = ksnprintf(copy, 32, "%s", "ring 3");
	kprintf("greet: hello from %s, %d characters\n", copy, length);
	kfree(copy);
	return GREET_STATUS;
}
