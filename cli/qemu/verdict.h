/* When a boot passes or fails (docs/contract.md "Success report"): the code
 * the guest writes to the exit port, texts on its serial console, stage 2
 * halting, and how QEMU ended. */
#ifndef GHOSTBOOT_CLI_QEMU_VERDICT_H
#define GHOSTBOOT_CLI_QEMU_VERDICT_H

#include <stddef.h>

#include "cli/qemu/serial_log.h"

#define VERDICT_DEFAULT_SUCCESS_CODE 0x10u
#define VERDICT_REASON_MAX 600

/* What the user asked for. */
struct verdict_rules {
	unsigned long success_code; /* the value that passes, written to the exit port */
	unsigned long exit_port;
	const char *pass_text;      /* 0: the exit code only */
	const char **fail_texts;
	unsigned fail_count;
	const char **expected;      /* each must have appeared by the verdict */
	unsigned expected_count;
	/* An entry that fails ends the boot, though stage 2 goes back to its
	 * menu (`test`: nobody is there to choose another). */
	int stop_on_entry_failure;
};

enum outcome {
	OUTCOME_RUNNING, /* no verdict yet */
	OUTCOME_PASSED,
	OUTCOME_FAILED,  /* the guest failed: exit status 1 */
	OUTCOME_ERROR,   /* the harness failed (QEMU could not start): exit status 2 */
};

/* One boot's progress through its serial console. */
struct verdict_watch {
	const struct verdict_rules *rules;
	size_t searched; /* texts were looked for before this offset */
	size_t pass_at;  /* where the pass text appeared; SERIAL_LOG_NONE */
	size_t fail_at;  /* where the first --fail text appeared */
	unsigned fail_index;
	size_t stage1_at; /* where a stage 1 message appeared */
	unsigned stage1_index;
};

void verdict_watch_init(struct verdict_watch *watch, const struct verdict_rules *rules);

/* Judges what the serial console shows so far: stage 1 or stage 2
 * stopping, a --fail text, the --pass text, whichever came first. Returns OUTCOME_RUNNING, or
 * the outcome with `reason` filled (for a pass: how it passed). */
enum outcome verdict_serial(struct verdict_watch *watch, const struct serial_log *log,
			    char *reason, size_t size);

/* How QEMU ended, once verdict_serial said nothing: its exit status (from
 * tool_wait), whether its log shows a triple fault, what it wrote on
 * stderr (summarised). */
enum outcome verdict_exit(const struct verdict_watch *watch, const struct serial_log *log,
			  int status, int triple_fault, const char *qemu_error, char *reason,
			  size_t size);

/* The reason of a boot stopped after `seconds` without a verdict. */
void verdict_timeout(const struct serial_log *log, unsigned long seconds, char *reason,
		     size_t size);

/* QEMU's exit status for the value `code` written to isa-debug-exit. */
int verdict_exit_status(unsigned long code);

#endif
