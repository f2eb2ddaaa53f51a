/* Running the real tools (sfdisk, mkfs.fat, mke2fs, mtools, debugfs, QEMU):
 * fork and exec, never a shell, so no file name is ever parsed as shell
 * syntax. */
#ifndef GHOSTBOOT_CLI_TOOLS_TOOL_H
#define GHOSTBOOT_CLI_TOOLS_TOOL_H

#include <stddef.h>
#include <sys/types.h>

/* Finds `name` on PATH, then in /usr/sbin and /sbin, where Debian keeps
 * sfdisk and mkfs.fat outside an ordinary user's PATH. Returns 0, or -1
 * after an error naming the package to install. */
int tool_find(const char *name, char *path, size_t size);

struct tool_stdio {
	int in, out, err; /* file descriptors for the child; -1: /dev/null */
	int own_process_group; /* keep the terminal's signals away from it */
	/* A tool writing the user's disk finishes what it writes when ghostboot
	 * is killed: stopped halfway it would leave a damaged filesystem. */
	int finishes_alone;
};

/* Starts `argv[0]` (found with tool_find) with the given stdio. Unless it
 * `finishes_alone`, the child dies with us (Linux: PR_SET_PDEATHSIG).
 * Returns its pid, or -1 after an error. */
pid_t tool_spawn(char *const argv[], const struct tool_stdio *stdio);

/* What tool_wait returns for a child killed by signal N: TOOL_KILLED + N,
 * above every exit status. */
#define TOOL_KILLED 256

/* Waits for `pid`; returns its exit status (0..255), or TOOL_KILLED + the
 * signal that killed it. */
int tool_wait(pid_t pid);

/* The same for a status from waitpid. */
int tool_status(int wait_status);

/* Asks `pid` to stop, kills it after a grace period, and reaps it. */
void tool_stop(pid_t pid);

/* Joins the non-empty lines of a tool's output with "; " into one line of at
 * most size - 1 bytes. */
void tool_summarise_output(const char *text, char *message, size_t size);

/* Names the file the tools that follow write into (`path` must last): a
 * tool that fails where it lies on a full filesystem is said to have run
 * out of room there, whatever it wrote or did not; and each finishes its
 * writes even if ghostboot is killed (the image's lock, cli/disk/image.c,
 * holds off the next writer until it has). */
void tool_writes(const char *path);

/* Runs a tool to completion: `input` (or nothing) on its stdin, stdout
 * discarded. Returns 0 when it exits 0; else -1 after an error quoting what
 * it wrote on stderr. */
int tool_run(char *const argv[], const char *input);

/* The same, keeping what the tool wrote on stdout: on success, `*output` is
 * a NUL-terminated string the caller frees. */
int tool_run_output(char *const argv[], const char *input, char **output);

#endif
