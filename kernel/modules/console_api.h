/* What the console module exports to modules loaded after it. */
#ifndef KERNEL_MODULES_CONSOLE_API_H
#define KERNEL_MODULES_CONSOLE_API_H

/* Prints "[tag] message" as one console line. The message is a string, not
 * a format: an isolated console module could not pass a va_list on to the
 * kernel (docs/isolation.md). */
void con_log(const char *tag, const char *message);
/* How many lines con_log has printed. */
unsigned long con_log_count(void);

#endif
