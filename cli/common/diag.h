/* Messages to the user: every error is one line on stderr, prefixed the same
 * way, so scripts and people can pick it out. */
#ifndef GHOSTBOOT_CLI_COMMON_DIAG_H
#define GHOSTBOOT_CLI_COMMON_DIAG_H

/* Exit statuses of every subcommand (docs/cli.md). */
enum exit_status {
	EXIT_OK = 0,
	EXIT_FAILED = 1, /* the command could not do its job; stderr says why */
	EXIT_USAGE = 2,  /* bad arguments */
	/* run and test: the harness could not boot the guest (no QEMU, an
	 * unreadable image), as opposed to the guest failing */
	EXIT_HARNESS = 2,
};

/* "ghostboot: error: ..." Returns -1, so that `return error(...)` reads well. */
int error(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* "ghostboot: warning: ..." */
void warning(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Names what the messages that follow are about ("entry default"): each
 * then reads "ghostboot: error: entry default: ...". 0 ends it. */
void diag_subject(const char *subject);

/* A bad argument to `command`: the error, then where to read the usage.
 * Returns EXIT_USAGE. */
int usage_error(const char *command, const char *format, ...)
	__attribute__((format(printf, 2, 3)));

#endif
