#define _XOPEN_SOURCE 700 /* nftw */
#include "cli/common/cleanup.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/common/diag.h"

/* A test matrix registers a few files for each of its boots. */
#define MAX_FILES 40
#define MAX_CHILDREN 16
#define RUN_PREFIX "ghostboot"

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define FATAL_SIGNAL_COUNT (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/* Read by the signal handler: only fixed storage and sig_atomic_t flags. */
static char file_paths[MAX_FILES][PATH_MAX];
static volatile sig_atomic_t file_used[MAX_FILES];
static volatile pid_t children[MAX_CHILDREN];
/* The run's directory's slot, while registered. */
static volatile sig_atomic_t run_slot = -1;

int cleanup_add_file(const char *path)
{
	unsigned i;

	if (strlen(path) >= PATH_MAX)
		return -1;
	for (i = 0; i < MAX_FILES; i++) {
		if (file_used[i])
			continue;
		strcpy(file_paths[i], path);
		file_used[i] = 1;
		return 0;
	}
	return -1;
}

void cleanup_forget_file(const char *path)
{
	unsigned i;

	for (i = 0; i < MAX_FILES; i++)
		if (file_used[i] && strcmp(file_paths[i], path) == 0)
			file_used[i] = 0;
}

void cleanup_files_now(void)
{
	unsigned i;

	/* Files first, then the directories they were in, the run's directory
	 * (which holds the others) last. */
	for (i = 0; i < MAX_FILES; i++)
		if (file_used[i] && unlink(file_paths[i]) == 0)
			file_used[i] = 0;
	for (i = 0; i < MAX_FILES; i++) {
		if (file_used[i] && (int)i != run_slot) {
			rmdir(file_paths[i]);
			file_used[i] = 0;
		}
	}
	if (run_slot >= 0 && file_used[run_slot]) {
		rmdir(file_paths[run_slot]);
		file_used[run_slot] = 0;
	}
}

static const char *temporary_root(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && *tmp ? tmp : "/tmp";
}

/* Whether `name` is PREFIX.PID.XXXXXX for a process that no longer exists. */
static int is_stale(const char *name, const char *prefix)
{
	size_t length = strlen(prefix);
	char *end;
	long pid;

	if (strncmp(name, prefix, length) != 0 || name[length] != '.' ||
	    !isdigit((unsigned char)name[length + 1]))
		return 0;
	pid = strtol(name + length + 1, &end, 10);
	if (*end != '.' || strlen(end + 1) != 6 || pid <= 0 || pid == (long)getpid())
		return 0;
	return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

static int remove_entry(const char *path, const struct stat *info, int type, struct FTW *where)
{
	(void)info;
	(void)where;
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void cleanup_remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void cleanup_sweep(const char *directory, const char *prefix)
{
	char path[PATH_MAX];
	struct dirent *entry;
	DIR *dir = opendir(directory);

	if (!dir)
		return;
	while ((entry = readdir(dir)) != 0) {
		if (!is_stale(entry->d_name, prefix) ||
		    snprintf(path, sizeof(path), "%s/%s", directory, entry->d_name) >=
			    (int)sizeof(path))
			continue;
		cleanup_remove_tree(path);
	}
	closedir(dir);
}

static int exit_hook_set;

const char *cleanup_run_directory(void)
{
	char path[PATH_MAX];
	const char *tmp = temporary_root();
	unsigned i;

	if (run_slot >= 0 && file_used[run_slot])
		return file_paths[run_slot];
	cleanup_sweep(tmp, RUN_PREFIX);
	if (snprintf(path, sizeof(path), "%s/" RUN_PREFIX ".%ld.XXXXXX", tmp, (long)getpid()) >=
	    CLEANUP_DIRECTORY_MAX) {
		error("the temporary directory name %s is too long", path);
		return 0;
	}
	if (!mkdtemp(path)) {
		error("cannot create a temporary directory in %s: %s", tmp, strerror(errno));
		return 0;
	}
	if (cleanup_add_file(path) != 0) {
		rmdir(path);
		error("too many temporary files");
		return 0;
	}
	for (i = 0; i < MAX_FILES; i++)
		if (file_used[i] && strcmp(file_paths[i], path) == 0)
			run_slot = (int)i;
	/* What is still registered when the command returns is left over. */
	if (!exit_hook_set)
		exit_hook_set = atexit(cleanup_files_now) == 0;
	return file_paths[run_slot];
}

/* The path NAME.XXXXXX in the run's directory, into `path`. */
static int temporary_template(const char *name, char *path, size_t size)
{
	const char *run = cleanup_run_directory();

	if (!run)
		return -1;
	if (snprintf(path, size, "%s/%s.XXXXXX", run, name) >= (int)size)
		return error("the temporary file name %s/%s.XXXXXX is too long", run, name);
	return 0;
}

int cleanup_temporary_file(const char *name, char **path)
{
	int fd;

	*path = malloc(PATH_MAX);
	if (!*path)
		return error("out of memory");
	if (temporary_template(name, *path, PATH_MAX) != 0) {
		free(*path);
		*path = 0;
		return -1;
	}
	fd = mkstemp(*path);
	if (fd < 0 || cleanup_add_file(*path) != 0) {
		error("cannot create the temporary file %s: %s", *path,
		      fd < 0 ? strerror(errno) : "too many temporary files");
		if (fd >= 0) {
			close(fd);
			unlink(*path);
		}
		free(*path);
		*path = 0;
		return -1;
	}
	return fd;
}

int cleanup_temporary_directory(const char *name, char *path, size_t size)
{
	if (temporary_template(name, path, size) != 0)
		return -1;
	if (!mkdtemp(path))
		return error("cannot create a temporary directory %s: %s", path, strerror(errno));
	if (cleanup_add_file(path) != 0) {
		rmdir(path);
		return error("too many temporary files");
	}
	return 0;
}

int cleanup_add_child(pid_t pid)
{
	unsigned i;

	for (i = 0; i < MAX_CHILDREN; i++) {
		if (children[i] == 0) {
			children[i] = pid;
			return 0;
		}
	}
	return -1;
}

void cleanup_forget_child(pid_t pid)
{
	unsigned i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] == pid)
			children[i] = 0;
}

static void on_fatal_signal(int signal_number)
{
	unsigned i;

	for (i = 0; i < MAX_CHILDREN; i++)
		if (children[i] > 0)
			kill(children[i], SIGKILL);
	cleanup_files_now();
	signal(signal_number, SIG_DFL);
	raise(signal_number);
}

void cleanup_catch_signals(void)
{
	struct sigaction action;
	unsigned i;

	memset(&action, 0, sizeof(action));
	action.sa_handler = on_fatal_signal;
	sigemptyset(&action.sa_mask);
	for (i = 0; i < FATAL_SIGNAL_COUNT; i++)
		sigaction(fatal_signals[i], &action, 0);
}

static void set_fatal_signals(int how)
{
	sigset_t signals;
	unsigned i;

	sigemptyset(&signals);
	for (i = 0; i < FATAL_SIGNAL_COUNT; i++)
		sigaddset(&signals, fatal_signals[i]);
	sigprocmask(how, &signals, 0);
}

void cleanup_hold_signals(void)
{
	set_fatal_signals(SIG_BLOCK);
}

void cleanup_release_signals(void)
{
	set_fatal_signals(SIG_UNBLOCK);
}

int cleanup_take_held_signal(void)
{
	static const struct timespec now = { 0, 0 };
	sigset_t signals;
	unsigned i;

	sigemptyset(&signals);
	for (i = 0; i < FATAL_SIGNAL_COUNT; i++)
		sigaddset(&signals, fatal_signals[i]);
	int got = sigtimedwait(&signals, 0, &now);

	return got > 0 ? got : 0;
}

int cleanup_create_beside(const char *output, char **path)
{
	char *dir_copy = strdup(output), *base_copy = strdup(output);
	const char *directory, *name;
	int fd = -1;

	*path = 0;
	if (!dir_copy || !base_copy) {
		error("out of memory");
		goto done;
	}
	/* "NAME" alone has the directory ".", longer than nothing. */
	directory = dirname(dir_copy);
	name = basename(base_copy);
	*path = malloc(strlen(directory) + strlen(name) + sizeof("/...XXXXXX") + 24);
	if (!*path) {
		error("out of memory");
		goto done;
	}
	sprintf(*path, ".%s", name);
	cleanup_sweep(directory, *path);
	sprintf(*path, "%s/.%s.%ld.XXXXXX", directory, name, (long)getpid());
	fd = mkstemp(*path);
	if (fd < 0) {
		error("cannot create a file beside %s: %s", output, strerror(errno));
		free(*path);
		*path = 0;
	} else if (cleanup_add_file(*path) != 0) {
		error("too many temporary files");
	}
done:
	free(dir_copy);
	free(base_copy);
	return fd;
}
