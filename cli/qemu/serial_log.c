#include "cli/qemu/serial_log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HALT_LINE "ghostboot: halted"
/* How the menu that follows a failed entry ends (stage2/menu.c). */
#define FAILURE_MENU_PROMPT "An entry failed:"

void serial_log_init(struct serial_log *log)
{
	memset(log, 0, sizeof(*log));
}

void serial_log_free(struct serial_log *log)
{
	free(log->text);
	serial_log_init(log);
}

static int is_trim_character(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The line [start, end) without blanks and carriage returns around it. */
static void trim(const char **start, const char **end)
{
	while (*start < *end && is_trim_character(**start))
		(*start)++;
	while (*end > *start && is_trim_character((*end)[-1]))
		(*end)--;
}

static int line_is(const char *start, const char *end, const char *line)
{
	size_t length = strlen(line);

	trim(&start, &end);
	return (size_t)(end - start) == length && memcmp(start, line, length) == 0;
}

/* "ghostboot: entry NAME failed": stage 2 goes back to its menu. */
static int line_is_entry_failure(const char *start, const char *end)
{
	static const char prefix[] = "ghostboot: entry ", suffix[] = " failed";

	trim(&start, &end);
	return (size_t)(end - start) > sizeof(prefix) - 1 + sizeof(suffix) - 1 &&
	       memcmp(start, prefix, sizeof(prefix) - 1) == 0 &&
	       memcmp(end - (sizeof(suffix) - 1), suffix, sizeof(suffix) - 1) == 0;
}

static void scan_for_halt(struct serial_log *log)
{
	char *newline;

	while (!log->halted && (newline = memchr(log->text + log->scanned, '\n',
						 log->length - log->scanned)) != 0) {
		if (line_is(log->text + log->scanned, newline, HALT_LINE)) {
			log->halted = 1;
			log->halted_at = log->scanned;
		} else if (!log->entry_failed &&
			   line_is_entry_failure(log->text + log->scanned, newline)) {
			log->entry_failed = 1;
			log->entry_failed_at = log->scanned;
		} else if (log->entry_failed && !log->failure_menu_shown &&
			   (size_t)(newline - (log->text + log->scanned)) >=
				   sizeof(FAILURE_MENU_PROMPT) - 1 &&
			   memcmp(log->text + log->scanned, FAILURE_MENU_PROMPT,
				  sizeof(FAILURE_MENU_PROMPT) - 1) == 0) {
			log->failure_menu_shown = 1;
		}
		log->scanned = (size_t)(newline - log->text) + 1;
	}
}

static int grow(struct serial_log *log, size_t wanted)
{
	size_t capacity = log->capacity ? log->capacity : 4096;
	char *text;

	while (capacity < wanted)
		capacity *= 2;
	if (capacity == log->capacity)
		return 0;
	text = realloc(log->text, capacity);
	if (!text)
		return -1;
	log->text = text;
	log->capacity = capacity;
	return 0;
}

/* What the guest printed: NUL bytes become spaces, so that the log stays
 * one C string. */
static void took(struct serial_log *log, size_t got)
{
	size_t i;

	for (i = 0; i < got; i++)
		if (log->text[log->length + i] == '\0')
			log->text[log->length + i] = ' ';
	log->length += got;
	log->text[log->length] = '\0';
}

int serial_log_read(struct serial_log *log, int fd)
{
	for (;;) {
		size_t room = SERIAL_LOG_MAX - log->length;
		ssize_t got;

		if (room == 0)
			break;
		if (room > 65536)
			room = 65536;
		if (grow(log, log->length + room + 1) != 0)
			return -1;
		got = pread(fd, log->text + log->length, room, (off_t)log->length);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			return -1;
		if (got == 0)
			break;
		took(log, (size_t)got);
	}
	scan_for_halt(log);
	return 0;
}

int serial_log_append(struct serial_log *log, const char *bytes, size_t length)
{
	if (length > SERIAL_LOG_MAX - log->length)
		length = SERIAL_LOG_MAX - log->length;
	if (grow(log, log->length + length + 1) != 0)
		return -1;
	memcpy(log->text + log->length, bytes, length);
	took(log, length);
	scan_for_halt(log);
	return 0;
}

size_t serial_log_find(const struct serial_log *log, const char *text, size_t from)
{
	const char *found;

	if (from >= log->length)
		return SERIAL_LOG_NONE;
	found = strstr(log->text + from, text);
	return found ? (size_t)(found - log->text) : SERIAL_LOG_NONE;
}

/* Calls `visit` on each line in order until it returns nonzero. */
static int for_each_line(const struct serial_log *log, size_t before,
			 int (*visit)(const char *start, const char *end, void *context),
			 void *context)
{
	const char *start = log->text;
	const char *limit = log->text + (before < log->length ? before : log->length);

	while (start && start < limit) {
		const char *newline = memchr(start, '\n', (size_t)(limit - start));
		const char *end = newline ? newline : limit;

		if (visit(start, end, context))
			return 1;
		start = newline ? newline + 1 : 0;
	}
	return 0;
}

int serial_log_contains(const struct serial_log *log, const char *text)
{
	return serial_log_find(log, text, 0) != SERIAL_LOG_NONE;
}

struct last_line_search {
	const char *prefix; /* 0: any non-empty line */
	const char *found_start, *found_end;
};

static int visit_remember(const char *start, const char *end, void *context)
{
	struct last_line_search *search = context;

	trim(&start, &end);
	if (start == end)
		return 0;
	if (search->prefix && ((size_t)(end - start) < strlen(search->prefix) ||
			       memcmp(start, search->prefix, strlen(search->prefix)) != 0))
		return 0;
	search->found_start = start;
	search->found_end = end;
	return 0;
}

static void replace_controls(char *text, size_t length)
{
	size_t i;

	for (i = 0; i < length; i++)
		if ((unsigned char)text[i] < 0x20 || text[i] == 0x7f)
			text[i] = '?';
}

static int copy_last(const struct serial_log *log, const char *prefix, size_t before, char *out,
		     size_t size)
{
	struct last_line_search search = { prefix, 0, 0 };
	size_t length;

	out[0] = '\0';
	if (!log->length)
		return 0;
	for_each_line(log, before, visit_remember, &search);
	if (!search.found_start)
		return 0;
	length = (size_t)(search.found_end - search.found_start);
	if (length >= size)
		length = size - 1;
	memcpy(out, search.found_start, length);
	out[length] = '\0';
	/* The line is quoted in a one-line report: no escapes or controls. */
	replace_controls(out, length);
	return 1;
}

int serial_log_find_line(const struct serial_log *log, const char *prefix, size_t before,
			 char *out, size_t size)
{
	return copy_last(log, prefix, before, out, size);
}

void serial_log_line_at(const struct serial_log *log, size_t offset, char *out, size_t size)
{
	size_t end = offset;

	while (end < log->length && log->text[end] != '\n')
		end++;
	/* The last line before the end of this one is this one. */
	copy_last(log, 0, end, out, size);
}

void serial_log_last_line(const struct serial_log *log, char *out, size_t size)
{
	copy_last(log, 0, log->length, out, size);
}

void serial_log_print_tail(const struct serial_log *log, unsigned lines, FILE *out)
{
	const char *start = log->text + log->length;
	const char *end = start;
	char line[SERIAL_LOG_TAIL_WIDTH];

	if (!log->length || lines == 0)
		return;
	/* Back from the end to the start of the last `lines` lines; a last line
	 * without its newline counts too. */
	if (end[-1] == '\n')
		end--;
	start = end;
	while (start > log->text && lines > 0) {
		start--;
		if (*start == '\n' && --lines == 0)
			start++;
	}
	while (start < end) {
		const char *stop = memchr(start, '\n', (size_t)(end - start));
		size_t length;

		if (!stop)
			stop = end;
		length = (size_t)(stop - start);
		while (length > 0 && start[length - 1] == '\r')
			length--;
		if (length >= sizeof(line))
			length = sizeof(line) - 1;
		memcpy(line, start, length);
		replace_controls(line, length);
		fprintf(out, "  | %.*s\n", (int)length, line);
		start = stop + 1;
	}
}
