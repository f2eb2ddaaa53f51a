/* Formatted output: kprintf and friends (declared in exports.h). */
#ifndef KERNEL_KPRINTF_H
#define KERNEL_KPRINTF_H

#include "kernel/exports.h"

int vksnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

#endif
