/* What to undo when a command is interrupted by a signal: temporary files to
 * remove, a child process to kill. Commands also call it on their own error
 * paths, so that no path leaves a half-written file or a stray QEMU behind. */
#ifndef GHOSTBOOT_CLI_COMMON_CLEANUP_H
#define GHOSTBOOT_CLI_COMMON_CLEANUP_H

#include <stddef.h>
#include <sys/types.h>

/* Removes `path` (copied; a file, or a directory emptied of the files
 * registered with it) on a fatal signal and on cleanup_files_now(). Returns
 * 0, or -1 when too many are registered. */
int cleanup_add_file(const char *path);

/* Forgets `path`: it is finished, or renamed into place. */
void cleanup_forget_file(const char *path);

/* Removes every registered file now, then the directories. */
void cleanup_files_now(void);

/* Room for a temporary directory's name; a longer $TMPDIR is an error. */
#define CLEANUP_DIRECTORY_MAX 256

/* The run's one private directory, $TMPDIR/ghostboot.PID.XXXXXX (/tmp
 * without $TMPDIR), made on first use and registered for removal; every
 * temporary file of the run goes in it. Making it first removes those of
 * runs that were killed (their PID no longer exists). Returns its path, or
 * 0 after an error. */
const char *cleanup_run_directory(void);

/* Creates the file NAME.XXXXXX in the run's directory, registered for
 * removal. Returns an open descriptor and sets `*path` (freed by the
 * caller), or -1 after an error. */
int cleanup_temporary_file(const char *name, char **path);

/* Makes the directory NAME.XXXXXX in the run's directory into `path`,
 * registered for removal. Returns 0, or -1 after an error. */
int cleanup_temporary_directory(const char *name, char *path, size_t size);

/* Removes, in `directory`, every PREFIX.PID.XXXXXX a dead process left. */
void cleanup_sweep(const char *directory, const char *prefix);

/* Creates "DIR/.NAME.PID.XXXXXX" beside `output` (DIR/NAME), registered for
 * removal, so that a rename puts it in place within one filesystem; first
 * removes those a dead process left there. Returns an open descriptor and
 * sets `*path` (freed by the caller), or -1 after an error. */
int cleanup_create_beside(const char *output, char **path);

/* Removes `path` and everything below it. */
void cleanup_remove_tree(const char *path);

/* Kills `pid` with SIGKILL on a fatal signal, until forgotten. Returns 0,
 * or -1 when too many are registered. */
int cleanup_add_child(pid_t pid);
void cleanup_forget_child(pid_t pid);

/* Catches SIGINT, SIGTERM and SIGHUP: cleans up, then dies of the signal. */
void cleanup_catch_signals(void);

/* Holds those signals back while a temporary tree exists (too many files to
 * register), and delivers any that came once it is gone. Tools started in
 * between still get them (tool.c unblocks them in the child). */
void cleanup_hold_signals(void);
void cleanup_release_signals(void);

/* Takes a signal that came while they were held, so that it is not
 * delivered on release. Returns it, or 0 when none came. */
int cleanup_take_held_signal(void);

#endif
