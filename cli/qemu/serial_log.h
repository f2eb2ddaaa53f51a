/* The guest's serial console as `ghostboot test` sees it: a file QEMU
 * appends to, read while the guest runs and searched by line. */
#ifndef GHOSTBOOT_CLI_QEMU_SERIAL_LOG_H
#define GHOSTBOOT_CLI_QEMU_SERIAL_LOG_H

#include <stddef.h>

/* Output kept for searching; a guest printing more is cut off here. */
#define SERIAL_LOG_MAX (16u * 1024 * 1024)

struct serial_log {
	char *text; /* NUL-terminated; NUL bytes from the guest become spaces */
	size_t length, capacity;
	size_t scanned; /* lines before this offset were checked for a halt */
	int halted;     /* a `ghostboot: halted` line was seen */
	size_t halted_at; /* offset of that line */
};

void serial_log_init(struct serial_log *log);
void serial_log_free(struct serial_log *log);

/* Appends what `fd` has beyond what was read, and checks the new complete
 * lines for stage 2's halt. Returns 0, or -1 on a read error. */
int serial_log_read(struct serial_log *log, int fd);

/* Whether a line, blanks and carriage returns around it removed, is `line`. */
int serial_log_has_line(const struct serial_log *log, const char *line);

/* Whether `text` appeared anywhere (it may span lines). */
int serial_log_contains(const struct serial_log *log, const char *text);

/* Copies the last line starting with `prefix` before offset `before`
 * (trimmed, controls as '?', at most size - 1 bytes) into `out`. Returns 1, or 0 with `out`
 * empty when there is none. */
int serial_log_find_line(const struct serial_log *log, const char *prefix, size_t before,
			 char *out, size_t size);

/* Copies the last non-empty line (trimmed) into `out`; "" when none. */
void serial_log_last_line(const struct serial_log *log, char *out, size_t size);

#endif
