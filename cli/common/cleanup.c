#include "cli/common/cleanup.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/diag.h"

/* A test matrix registers a few files for each of its boots. */
#define MAX_FILES 40
#define MAX_CHILDREN 16

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define FATAL_SIGNAL_COUNT (sizeof(fatal_signals) / sizeof(fatal_signals[0]))

/* Read by the signal handler: only fixed storage and sig_atomic_t flags. */
static char file_paths[MAX_FILES][PATH_MAX];
static volatile sig_atomic_t file_used[MAX_FILES];
static volatile pid_t children[MAX_CHILDREN];

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

	/* Files first, then the directories they were in. */
	for (i = 0; i < MAX_FILES; i++)
		if (file_used[i] && unlink(file_paths[i]) == 0)
			file_used[i] = 0;
	for (i = 0; i < MAX_FILES; i++) {
		if (file_used[i]) {
			rmdir(file_paths[i]);
			file_used[i] = 0;
		}
	}
}

int cleanup_temporary_directory(const char *name, char *path, size_t size)
{
	const char *tmp = getenv("TMPDIR");
	int written;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	written = snprintf(path, size, "%s/%s.XXXXXX", tmp, name);
	if (written < 0 || (size_t)written >= size)
		return error("the temporary directory name %s/%s.XXXXXX is too long", tmp, name);
	if (!mkdtemp(path))
		return error("cannot create a temporary directory in %s: %s", tmp, strerror(errno));
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
