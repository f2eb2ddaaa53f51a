#include "cli/qemu/verdict.h"

#include <stdio.h>
#include <string.h>

#include "cli/tools/tool.h"

#define LINE_QUOTED 200 /* bytes of a serial line quoted in a reason */

/* Stage 1's messages (stage1/load_stage2.inc): it prints one, with no line
 * end, and halts. Stage 2 never writes these words. */
static const char *const stage1_messages[] = {
	"ghostboot: disk read error",
	"ghostboot: no stage 2",
};

void verdict_watch_init(struct verdict_watch *watch, const struct verdict_rules *rules)
{
	memset(watch, 0, sizeof(*watch));
	watch->rules = rules;
	watch->pass_at = SERIAL_LOG_NONE;
	watch->fail_at = SERIAL_LOG_NONE;
	watch->stage1_at = SERIAL_LOG_NONE;
}

int verdict_exit_status(unsigned long code)
{
	/* isa-debug-exit: QEMU exits with (value << 1) | 1, of which the
	 * exit status keeps 8 bits. */
	return (int)(((code << 1) | 1) & 0xff);
}

/* "(last serial line: "...")", or "(no serial output)". */
static void describe_last_line(const struct serial_log *log, char *out, size_t size)
{
	char line[LINE_QUOTED];

	serial_log_last_line(log, line, sizeof(line));
	if (line[0])
		snprintf(out, size, "(last serial line: \"%s\")", line);
	else
		snprintf(out, size, "(no serial output)");
}

/* The guest reached its verdict of success, `how`: every --expect must be
 * there too. */
static enum outcome passed(const struct verdict_rules *rules, const struct serial_log *log,
			   const char *how, char *reason, size_t size)
{
	unsigned i;

	for (i = 0; i < rules->expected_count; i++) {
		if (!serial_log_contains(log, rules->expected[i])) {
			snprintf(reason, size, "expected text not seen: \"%.*s\"", LINE_QUOTED,
				 rules->expected[i]);
			return OUTCOME_FAILED;
		}
	}
	snprintf(reason, size, "%s%s", how,
		 rules->expected_count ? ", every expected text seen" : "");
	return OUTCOME_PASSED;
}

/* Looks for `text` in what arrived since the last look, the end of the
 * earlier output included, where it may have begun. */
static size_t find_new(const struct verdict_watch *watch, const struct serial_log *log,
		       const char *text)
{
	size_t overlap = strlen(text) - 1;

	return serial_log_find(log, text, watch->searched > overlap ? watch->searched - overlap : 0);
}

static size_t earliest(size_t a, size_t b)
{
	return a < b ? a : b;
}

enum outcome verdict_serial(struct verdict_watch *watch, const struct serial_log *log,
			    char *reason, size_t size)
{
	const struct verdict_rules *rules = watch->rules;
	char line[LINE_QUOTED];
	size_t halt_at = log->halted ? log->halted_at : SERIAL_LOG_NONE;
	size_t first;
	unsigned i;

	/* Once the menu is drawn, so that the log shows the entry marked. */
	if (rules->stop_on_entry_failure && log->entry_failed && log->failure_menu_shown)
		halt_at = earliest(halt_at, log->entry_failed_at);

	if (rules->pass_text && watch->pass_at == SERIAL_LOG_NONE)
		watch->pass_at = find_new(watch, log, rules->pass_text);
	for (i = 0; i < rules->fail_count; i++) {
		size_t at = find_new(watch, log, rules->fail_texts[i]);

		if (at < watch->fail_at) {
			watch->fail_at = at;
			watch->fail_index = i;
		}
	}
	for (i = 0; i < sizeof(stage1_messages) / sizeof(stage1_messages[0]); i++) {
		size_t at = find_new(watch, log, stage1_messages[i]);

		if (at < watch->stage1_at) {
			watch->stage1_at = at;
			watch->stage1_index = i;
		}
	}
	watch->searched = log->length;
	first = earliest(earliest(halt_at, watch->stage1_at),
			 earliest(watch->fail_at, watch->pass_at));
	if (first == SERIAL_LOG_NONE)
		return OUTCOME_RUNNING;
	if (first == watch->stage1_at) {
		snprintf(reason, size, "stage 1 stopped: %s", stage1_messages[watch->stage1_index]);
		return OUTCOME_FAILED;
	}
	if (first == halt_at) {
		if (serial_log_find_line(log, "ghostboot: error:", halt_at, line, sizeof(line)))
			snprintf(reason, size, "stage 2 stopped: %s", line);
		else
			snprintf(reason, size, "stage 2 stopped (ghostboot: halted, no error line "
					       "before it)");
		return OUTCOME_FAILED;
	}
	if (first == watch->fail_at) {
		serial_log_line_at(log, watch->fail_at, line, sizeof(line));
		snprintf(reason, size, "failure text \"%.*s\" seen: \"%s\"", LINE_QUOTED,
			 rules->fail_texts[watch->fail_index], line);
		return OUTCOME_FAILED;
	}
	snprintf(line, sizeof(line), "\"%.*s\" appeared on the serial console", LINE_QUOTED - 40,
		 rules->pass_text);
	return passed(rules, log, line, reason, size);
}

enum outcome verdict_exit(const struct verdict_watch *watch, const struct serial_log *log,
			  int status, int triple_fault, const char *qemu_error, char *reason,
			  size_t size)
{
	const struct verdict_rules *rules = watch->rules;
	char last[LINE_QUOTED + 32];

	describe_last_line(log, last, sizeof(last));
	if (status == verdict_exit_status(rules->success_code)) {
		snprintf(last, sizeof(last), "the guest wrote 0x%02lx to port %#lx",
			 rules->success_code, rules->exit_port);
		return passed(rules, log, last, reason, size);
	}
	if (status >= TOOL_KILLED) {
		snprintf(reason, size, "QEMU was killed by signal %d", status - TOOL_KILLED);
		return OUTCOME_ERROR;
	}
	if (status == 0) {
		snprintf(reason, size, "%s %s",
			 triple_fault ? "triple fault" : "guest reset or powered off without a verdict",
			 last);
		return OUTCOME_FAILED;
	}
	/* QEMU's own failures exit 1 with a message, which a guest writing 0
	 * to the port would not leave. */
	if (status % 2 == 0 || (status == 1 && qemu_error[0])) {
		snprintf(reason, size, "QEMU failed (exit status %d): %s", status,
			 qemu_error[0] ? qemu_error : "no message");
		return OUTCOME_ERROR;
	}
	snprintf(reason, size, "guest reported failure: it wrote 0x%02x to port %#lx, not 0x%02lx %s",
		 (unsigned)status >> 1, rules->exit_port, rules->success_code, last);
	return OUTCOME_FAILED;
}

void verdict_timeout(const struct serial_log *log, unsigned long seconds, char *reason,
		     size_t size)
{
	char last[LINE_QUOTED + 32];

	describe_last_line(log, last, sizeof(last));
	snprintf(reason, size, "timeout after %lu s %s", seconds, last);
}
