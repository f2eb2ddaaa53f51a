#include "kernel/selftest_modules.h"

#include "kernel/cmdline.h"
#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/linked_modules.h"
#include "kernel/module_restart.h"
#include "kernel/modules/hello_api.h"
#include "kernel/reason.h"

static bool fault_expected(const char *cmdline, const char *name)
{
	const char *at = cmdline, *value;
	size_t length;
	while (cmdline_next_value(&at, "expect-fault", &value, &length)) {
		if (kstrnlen(name, length + 1) == length && memcmp(name, value, length) == 0)
			return true;
	}
	return false;
}

/* A module named in expect-fault= that is missing, or not disabled by a
 * fault, means isolation was not shown: a failure. */
static bool check_expected_faults(const char *cmdline, char *why)
{
	const char *at = cmdline, *value;
	size_t length;
	while (cmdline_next_value(&at, "expect-fault", &value, &length)) {
		const struct linked_module *m = linked_module_named(value, length);
		if (!m)
			return reason(why, "expect-fault=%.*s: no such module", (int)length, value);
		if (m->status != MODULE_FAULTED)
			return reason(why, "module %s is %s, but expect-fault=%s", m->name,
				      module_status_name(m->status), m->name);
		kprintf("selftest: module %s was disabled by its fault, as expected\n", m->name);
	}
	return true;
}

/* expect-restart=NAME,COUNT: the count of NAME's restarts after its own
 * faults, as written; the name's length in *length. False when malformed. */
static bool restart_expectation(const char *value, size_t length, size_t *name_length,
				uint32_t *count)
{
	size_t comma = 0;
	while (comma < length && value[comma] != ',')
		comma++;
	uint32_t n = 0;
	for (size_t i = comma + 1; i < length; i++) {
		if (value[i] < '0' || value[i] > '9' || n > RESTART_LIMIT_MAX)
			return false;
		n = n * 10 + (uint32_t)(value[i] - '0');
	}
	*name_length = comma;
	*count = n;
	return comma > 0 && comma + 1 < length && n <= RESTART_LIMIT_MAX;
}

/* Each module restarted as many times as expect-restart= says, and no
 * module restarted that it does not name: a restart nobody expected is a
 * fault the test did not plan. */
static bool check_restarts(const char *cmdline, char *why)
{
	bool named[MODULES_MAX] = { false };
	const char *at = cmdline, *value;
	size_t length, name_length;
	uint32_t expected;
	while (cmdline_next_value(&at, "expect-restart", &value, &length)) {
		if (!restart_expectation(value, length, &name_length, &expected))
			return reason(why, "expect-restart=%.*s: want NAME,COUNT with COUNT up to %u",
				      (int)length, value, RESTART_LIMIT_MAX);
		const struct linked_module *m = linked_module_named(value, name_length);
		if (!m)
			return reason(why, "expect-restart=%.*s: no such module", (int)length, value);
		if (m->restarts != expected)
			return reason(why, "module %s was restarted %u times, but expect-restart=%.*s",
				      m->name, m->restarts, (int)length, value);
		named[linked_module_index(m)] = true;
		kprintf("selftest: module %s was restarted %u times, as expected\n", m->name,
			m->restarts);
	}
	for (uint32_t i = 0; i < linked_module_count(); i++) {
		const struct linked_module *m = linked_module(i);
		if (m->restarts && !named[i])
			return reason(why, "module %s was restarted %u times without expect-restart=",
				      m->name, m->restarts);
	}
	return true;
}

static bool check_initialised(const char *cmdline, char *why)
{
	uint32_t ready = 0;
	for (uint32_t i = 0; i < linked_module_count(); i++) {
		const struct linked_module *m = linked_module(i);
		if (m->status == MODULE_UNLINKED || fault_expected(cmdline, m->name))
			continue;
		if (m->status != MODULE_READY)
			return reason(why, "module %s is %s", m->name, module_status_name(m->status));
		ready++;
	}
	kprintf("selftest: %u linked modules initialised\n", ready);
	return true;
}

/* hello_check goes through kmalloc, ksnprintf and kfree (the kernel),
 * con_log (console) and crc32 (checksum). */
static bool check_cross_module_call(char *why)
{
	const struct linked_module *hello = linked_module_named("hello", 5);
	if (!hello || hello->status != MODULE_READY) {
		kprintf("selftest: no ready hello module, the call across modules is not checked\n");
		return true;
	}
	uint64_t fn = linked_module_export(hello, "hello_check");
	if (!fn)
		return reason(why, "module hello does not export hello_check");
	if (linked_module_at(fn) != hello)
		return reason(why, "hello_check at %#lx is outside hello's image", fn);
	uint64_t value;
	const struct linked_module *faulted = module_call_restarting(fn, &value);
	if (faulted)
		return reason(why, "hello_check faulted in module %s", faulted->name);
	if ((uint32_t)value != HELLO_CHECK_VALUE)
		return reason(why, "hello_check returned %#x, expected %#x", (uint32_t)value,
			      HELLO_CHECK_VALUE);
	kprintf("selftest: hello_check through hello's exports: %#x, crc32 of \"%s\"\n",
		(uint32_t)value, HELLO_GREETING);
	return true;
}

bool selftest_modules(const char *cmdline, char *why)
{
	return check_expected_faults(cmdline, why) && check_initialised(cmdline, why) &&
	       check_cross_module_call(why) && check_restarts(cmdline, why);
}
