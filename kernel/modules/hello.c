/* The hello module: calls into both earlier modules (con_log from console,
 * crc32 from checksum) and into the kernel (kmalloc, ksnprintf, kfree), and
 * exports hello_check, which the kernel's self test calls. */
#include <stdbool.h>
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/modules/checksum_api.h"
#include "kernel/modules/console_api.h"
#include "kernel/modules/hello_api.h"

GB_IMPORT_VERSION(crc32, CRC32_VERSION);

struct greeting_run {
	char *copy;
	uint32_t crc;
};

static bool copy_greeting(struct greeting_run *run)
{
	run->copy = kmalloc(sizeof HELLO_GREETING);
	return run->copy && ksnprintf(run->copy, sizeof HELLO_GREETING, "%s", HELLO_GREETING) ==
				    (int)sizeof HELLO_GREETING - 1;
}

static bool log_greeting(struct greeting_run *run)
{
	unsigned long before = con_log_count();
	con_log("hello", run->copy);
	return con_log_count() == before + 1;
}

static bool checksum_greeting(struct greeting_run *run)
{
	run->crc = crc32(run->copy, sizeof HELLO_GREETING - 1);
	return true;
}

/* The steps in order, as a table of function pointers in .data: absolute
 * relocations for the linker to resolve. */
static bool (*steps[])(struct greeting_run *) = { copy_greeting, log_greeting,
						  checksum_greeting };

uint32_t hello_check(void)
{
	struct greeting_run run = { 0, 0 };
	bool ok = true;
	for (unsigned i = 0; ok && i < sizeof steps / sizeof steps[0]; i++) {
		ok = steps[i](&run);
		if (!ok)
			kprintf("hello: step %u failed\n", i);
	}
	kfree(run.copy);
	return ok ? run.crc : 0;
}
GB_EXPORT_GATE(hello_check, 0, GB_GATE_ARGS(0, 0, 0, 0, 0, 0));

static int hello_module_init(void)
{
	return hello_check() == HELLO_CHECK_VALUE ? 0 : -1;
}

static void hello_module_exit(void)
{
	con_log("hello", "goodbye");
}

GB_MODULE("hello", hello_module_init, hello_module_exit);
