/* The guest's serial console as `ghostboot test` sees it: a file QEMU
 * appends to, read while the guest runs and searched by line. */
#ifndef GHOSTBOOT_CLI_QEMU_SERIAL_LOG_H
#define GHOSTBOOT_CLI_QEMU_SERIAL_LOG_H

#include <stddef.h>
#include <stdio.h>

/* Output kept for searching; a guest printing more is cut off here. */
#define SERIAL_LOG_MAX (16u * 1024 * 1024)
/* serial_log_find when the text is not there. */
#define SERIAL_LOG_NONE ((size_t)-1)
/* Bytes of a line printed by serial_log_print_tail. */
#define SERIAL_LOG_TAIL_WIDTH 240

struct serial_log {
	char *text; /* NUL-terminated; NUL bytes from the guest become spaces */
	size_t length, capacity;
	size_t scanned; /* lines before this offset were checked for a halt */
	int halted;     /* a `ghostboot: halted` line was seen */
	size_t halted_at; /* offset of that line */
	int entry_failed; /* a `ghostboot: entry NAME failed` line: back to the menu */
	size_t entry_failed_at;
	int failure_menu_shown; /* after it, the menu's last line ("An entry failed: ...") */
};

void serial_log_init(struct serial_log *log);
void serial_log_free(struct serial_log *log);

/* Appends what `fd` has beyond what was read, and checks the new complete
 * lines for stage 2's halt. Returns 0, or -1 on a read error. */
int serial_log_read(struct serial_log *log, int fd);

/* Appends output that came through a pipe rather than a file, and checks
 * it as serial_log_read does. Returns 0, or -1 out of memory. */
int serial_log_append(struct serial_log *log, const char *bytes, size_t length);

/* The offset of the first `text` at or after `from`; SERIAL_LOG_NONE. */
size_t serial_log_find(const struct serial_log *log, const char *text, size_t from);

/* Whether `text` appeared anywhere (it may span lines). */
int serial_log_contains(const struct serial_log *log, const char *text);

/* Copies the last line starting with `prefix` before offset `before`
 * (trimmed, controls as '?', at most size - 1 bytes) into `out`. Returns 1, or 0 with `out`
 * empty when there is none. */
int serial_log_find_line(const struct serial_log *log, const char *prefix, size_t before,
			 char *out, size_t size);

/* Copies the line holding offset `offset` (trimmed, controls as '?'). */
void serial_log_line_at(const struct serial_log *log, size_t offset, char *out, size_t size);

/* Copies the last non-empty line (trimmed) into `out`; "" when none. */
void serial_log_last_line(const struct serial_log *log, char *out, size_t size);

/* Prints the last `lines` lines to `out`, each as "  | LINE", controls as
 * '?', long lines cut: the context under a failure's one-line reason. */
void serial_log_print_tail(const struct serial_log *log, unsigned lines, FILE *out);

#endif
