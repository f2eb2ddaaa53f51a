/* The hello module: calls into both earlier modules (con_log from console,
 * crc32 from checksum) and the kernel, and exports hello_check, which the
 * kernel's self test will call once modules are linked. */
#include <stdint.h>

#include <ghostboot/module.h>

#include "../exports.h"
#include "checksum_api.h"
#include "console_api.h"
#include "hello_api.h"

static const char greeting[] = "hello from a ghostboot module";

static int check_crc(void)
{
	return crc32("123456789", 9) == 0xcbf43926u ? 0 : -1;
}

static int check_log(void)
{
	unsigned long before = con_log_count();
	con_log("hello", "%s", greeting);
	return con_log_count() == before + 1 ? 0 : -1;
}

/* A table of function pointers in .data: absolute relocations to resolve. */
static int (*checks[])(void) = { check_crc, check_log };

int hello_check(void)
{
	for (unsigned i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		if (checks[i]() != 0) {
			kprintf("hello: check %u failed\n", i);
			return -1;
		}
	}
	return 0;
}

static int hello_module_init(void)
{
	return hello_check();
}

static void hello_module_exit(void)
{
	con_log("hello", "goodbye");
}

GB_MODULE("hello", hello_module_init, hello_module_exit);
