#include "cli/tools/tool.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "cli/common/diag.h"

#define STDERR_KEPT 4096
#define MESSAGE_MAX 600
#define STOP_GRACE_MS 2000

/* The Debian package to suggest when a tool is missing. */
static const char *package_of(const char *tool)
{
	static const struct {
		const char *tool, *package;
	} packages[] = {
		{ "sfdisk", "fdisk" },
		{ "mkfs.fat", "dosfstools" },
		{ "mmd", "mtools" },
		{ "mcopy", "mtools" },
		{ "mdel", "mtools" },
		{ "mrd", "mtools" },
		{ "mke2fs", "e2fsprogs" },
		{ "debugfs", "e2fsprogs" },
		{ "qemu-system-x86_64", "qemu-system-x86" },
	};
	size_t i;

	for (i = 0; i < sizeof(packages) / sizeof(packages[0]); i++)
		if (strcmp(packages[i].tool, tool) == 0)
			return packages[i].package;
	return 0;
}

static int is_executable_file(const char *path)
{
	struct stat info;

	return stat(path, &info) == 0 && S_ISREG(info.st_mode) && access(path, X_OK) == 0;
}

/* Tries `directory`/`name`; an empty directory means the current one. */
static int try_directory(const char *directory, size_t length, const char *name, char *path,
			 size_t size)
{
	int written;

	if (length == 0)
		written = snprintf(path, size, "./%s", name);
	else
		written = snprintf(path, size, "%.*s/%s", (int)length, directory, name);
	return written > 0 && (size_t)written < size && is_executable_file(path);
}

int tool_find(const char *name, char *path, size_t size)
{
	const char *search = getenv("PATH");
	const char *const system_directories[] = { "/usr/sbin", "/sbin" };
	const char *package;
	size_t i;

	if (strchr(name, '/')) {
		if ((size_t)snprintf(path, size, "%s", name) < size && is_executable_file(path))
			return 0;
	} else {
		const char *start = search ? search : "/usr/local/bin:/usr/bin:/bin";

		for (;;) {
			const char *end = strchr(start, ':');
			size_t length = end ? (size_t)(end - start) : strlen(start);

			if (try_directory(start, length, name, path, size))
				return 0;
			if (!end)
				break;
			start = end + 1;
		}
		for (i = 0; i < sizeof(system_directories) / sizeof(system_directories[0]); i++)
			if (try_directory(system_directories[i], strlen(system_directories[i]), name,
					  path, size))
				return 0;
	}
	package = package_of(name);
	if (package)
		return error("%s not found (install it with: sudo apt-get install %s)", name,
			     package);
	return error("%s not found", name);
}

/* In the child: puts `fd` (or /dev/null when -1) at `target`. */
static int place_fd(int fd, int target)
{
	int null_fd;

	if (fd == target)
		return fcntl(fd, F_SETFD, 0); /* keep it open across exec */
	if (fd >= 0)
		return dup2(fd, target) < 0 ? -1 : 0;
	null_fd = open("/dev/null", O_RDWR);
	if (null_fd < 0)
		return -1;
	if (null_fd != target) {
		if (dup2(null_fd, target) < 0)
			return -1;
		close(null_fd);
	}
	return 0;
}

static void exec_child(const char *path, char *const argv[], const struct tool_stdio *stdio,
		       pid_t parent, int report_fd)
{
	sigset_t no_signals;
	int saved_errno;

#ifdef __linux__
	if (!stdio->finishes_alone) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127); /* the parent died before the line above */
	}
#else
	(void)parent;
#endif
	if (stdio->own_process_group)
		setpgid(0, 0);
	/* An ignored signal stays ignored across exec, a blocked one blocked
	 * (cleanup_hold_signals): give the tool the defaults. */
	sigemptyset(&no_signals);
	sigprocmask(SIG_SETMASK, &no_signals, 0);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	/* Its stderr is a pipe to us: once we are gone, a write there must
	 * fail, not kill a tool that is to finish alone. */
	signal(SIGPIPE, stdio->finishes_alone ? SIG_IGN : SIG_DFL);
	/* The report is errno, negated when the streams, not exec, failed. */
	if (place_fd(stdio->in, 0) == 0 && place_fd(stdio->out, 1) == 0 &&
	    place_fd(stdio->err, 2) == 0) {
		execv(path, argv);
		saved_errno = errno;
	} else {
		saved_errno = -errno;
	}
	if (write(report_fd, &saved_errno, sizeof(saved_errno)) < 0)
		_exit(127);
	_exit(127);
}

/* A pipe whose ends are closed in every child that execs. */
static int cloexec_pipe(int ends[2])
{
	if (pipe(ends) != 0)
		return -1;
	fcntl(ends[0], F_SETFD, FD_CLOEXEC);
	fcntl(ends[1], F_SETFD, FD_CLOEXEC);
	return 0;
}

pid_t tool_spawn(char *const argv[], const struct tool_stdio *stdio)
{
	char path[4096];
	int report[2];
	int exec_errno;
	ssize_t got;
	pid_t parent = getpid();
	pid_t pid;

	if (tool_find(argv[0], path, sizeof(path)) != 0)
		return -1;
	/* The child reports a failed exec through a pipe closed by a good one. */
	if (cloexec_pipe(report) != 0)
		return error("cannot create a pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(report[0]);
		close(report[1]);
		return error("cannot start %s: %s", argv[0], strerror(errno));
	}
	if (pid == 0)
		exec_child(path, argv, stdio, parent, report[1]);
	close(report[1]);
	do
		got = read(report[0], &exec_errno, sizeof(exec_errno));
	while (got < 0 && errno == EINTR);
	close(report[0]);
	if (got == (ssize_t)sizeof(exec_errno)) {
		tool_wait(pid);
		if (exec_errno < 0)
			return error("cannot give %s its standard streams: %s", path,
				     strerror(-exec_errno));
		return error("cannot run %s: %s", path, strerror(exec_errno));
	}
	return pid;
}

int tool_status(int wait_status)
{
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	return TOOL_KILLED + WTERMSIG(wait_status);
}

int tool_wait(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return TOOL_KILLED + SIGKILL; /* not our child any more: gone */
	return tool_status(status);
}

void tool_stop(pid_t pid)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	int waited_ms;
	int status;

	kill(pid, SIGTERM);
	for (waited_ms = 0; waited_ms < STOP_GRACE_MS; waited_ms += 20) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return;
		nanosleep(&tick, 0);
	}
	kill(pid, SIGKILL);
	tool_wait(pid);
}

void tool_summarise_output(const char *text, char *message, size_t size)
{
	size_t used = 0;

	message[0] = '\0';
	while (*text) {
		size_t length = strcspn(text, "\n");
		size_t start = 0;

		while (start < length && (text[start] == ' ' || text[start] == '\t' ||
					  text[start] == '\r'))
			start++;
		while (length > start && (text[length - 1] == ' ' || text[length - 1] == '\r'))
			length--;
		if (length > start && used + 3 < size) {
			int written = snprintf(message + used, size - used, "%s%.*s",
					       used ? "; " : "", (int)(length - start), text + start);
			used += written > 0 ? (size_t)written : 0;
			if (used >= size)
				used = size - 1;
		}
		text += strcspn(text, "\n");
		if (*text)
			text++;
	}
}

/* Reads a pipe or file to its end, keeping the first size - 1 bytes. */
static void read_all(int fd, char *buffer, size_t size)
{
	size_t kept = 0;
	char discard[512];

	for (;;) {
		ssize_t got = kept + 1 < size ? read(fd, buffer + kept, size - 1 - kept)
					      : read(fd, discard, sizeof(discard));

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		if (kept + 1 < size)
			kept += (size_t)got;
	}
	buffer[kept] = '\0';
}

/* An unlinked temporary file holding `contents`, read from its start: a
 * tool's stdin or stdout, so that a large script or output can never
 * deadlock against a full stderr pipe. */
static int unlinked_file(const char *contents)
{
	FILE *file = tmpfile();
	int fd;

	if (!file)
		return -1;
	if (fputs(contents, file) < 0 || fflush(file) != 0) {
		fclose(file);
		return -1;
	}
	fd = fcntl(fileno(file), F_DUPFD_CLOEXEC, 0);
	fclose(file);
	if (fd >= 0 && lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Reads what a tool wrote into the unlinked file `fd`, from its start, into
 * a NUL-terminated string on the heap. Returns it, or 0. */
static char *read_back(int fd)
{
	off_t size = lseek(fd, 0, SEEK_END);
	char *text;

	if (size < 0 || lseek(fd, 0, SEEK_SET) != 0)
		return 0;
	text = malloc((size_t)size + 1);
	if (!text)
		return 0;
	read_all(fd, text, (size_t)size + 1);
	return text;
}

/* The file the tools write into, as the user named it. */
static const char *written_file;

void tool_writes(const char *path)
{
	written_file = path;
}

/* Tools seldom say that a write failed for want of room (sfdisk says
 * nothing at all): under 64 KiB free where the file lies is the reason. */
static int target_is_full(void)
{
	char *copy = written_file ? strdup(written_file) : 0;
	struct statvfs info;
	int full = 0;

	if (!copy)
		return 0;
	if (statvfs(written_file, &info) == 0 || statvfs(dirname(copy), &info) == 0)
		full = (unsigned long long)info.f_bavail * info.f_frsize < 65536;
	free(copy);
	return full;
}

/* tool_run and tool_run_output: `output` 0 discards stdout. */
static int run_to_completion(char *const argv[], const char *input, char **output)
{
	/* A process group of its own: a Ctrl-C from the terminal reaches only
	 * ghostboot, which decides whether the tool may finish its writes. */
	struct tool_stdio stdio = { .in = -1, .out = -1, .err = -1, .own_process_group = 1,
				    .finishes_alone = written_file != 0 };
	char captured[STDERR_KEPT];
	char message[MESSAGE_MAX];
	int err_pipe[2];
	int status;
	pid_t pid;

	if (input) {
		stdio.in = unlinked_file(input);
		if (stdio.in < 0)
			return error("cannot prepare the input of %s: %s", argv[0],
				     strerror(errno));
	}
	if (output) {
		stdio.out = unlinked_file("");
		if (stdio.out < 0) {
			if (stdio.in >= 0)
				close(stdio.in);
			return error("cannot prepare the output of %s: %s", argv[0],
				     strerror(errno));
		}
	}
	if (cloexec_pipe(err_pipe) != 0) {
		if (stdio.in >= 0)
			close(stdio.in);
		if (stdio.out >= 0)
			close(stdio.out);
		return error("cannot create a pipe: %s", strerror(errno));
	}
	stdio.err = err_pipe[1];
	pid = tool_spawn(argv, &stdio);
	close(err_pipe[1]);
	if (stdio.in >= 0)
		close(stdio.in);
	if (pid < 0) {
		close(err_pipe[0]);
		if (stdio.out >= 0)
			close(stdio.out);
		return -1;
	}
	read_all(err_pipe[0], captured, sizeof(captured));
	close(err_pipe[0]);
	status = tool_wait(pid);
	if (output) {
		*output = status == 0 ? read_back(stdio.out) : 0;
		close(stdio.out);
		if (status == 0 && !*output)
			return error("cannot read the output of %s: %s", argv[0], strerror(errno));
	}
	if (status == 0)
		return 0;
	tool_summarise_output(captured, message, sizeof(message));
	if (target_is_full())
		return error("%s failed: the filesystem holding %s is full%s%s%s", argv[0],
			     written_file, message[0] ? " (" : "", message, message[0] ? ")" : "");
	if (message[0])
		return error("%s failed: %s", argv[0], message);
	if (status >= TOOL_KILLED)
		return error("%s was killed by signal %d", argv[0], status - TOOL_KILLED);
	return error("%s failed with exit status %d", argv[0], status);
}

int tool_run(char *const argv[], const char *input)
{
	return run_to_completion(argv, input, 0);
}

int tool_run_output(char *const argv[], const char *input, char **output)
{
	return run_to_completion(argv, input, output);
}
