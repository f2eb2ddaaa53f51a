/* Host test of kernel/gate_args.c: each argument kind a gate checks, at the
 * edges of a caller's memory, against pointers outside it, formats with too
 * many conversions or %n, buffers in read-only pages and blocks that are not
 * the caller's. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ghostboot/isolation.h>

#include "kernel/gate_args.h"
#include "kernel/reason.h"
#include "tests/check.h"

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* The caller's memory: a read-only first half, a writable second half, and
 * a heap of its own; `outside` stands for kernel memory. */
#define CALLER_SIZE 4096u
static uint8_t caller_bytes[CALLER_SIZE] __attribute__((aligned(16)));
static uint8_t heap_bytes[1024] __attribute__((aligned(16)));
static char outside[] = "kernel data";
static struct kalloc_pool heap = { heap_bytes, sizeof heap_bytes };

static uint64_t at(unsigned offset)
{
	return (uint64_t)(uintptr_t)(caller_bytes + offset);
}

static bool second_half_writable(uint64_t address, uint64_t length)
{
	return address >= at(CALLER_SIZE / 2) && address + length <= at(CALLER_SIZE);
}

static const struct caller_memory caller = { 0, CALLER_SIZE, second_half_writable, &heap };

/* Whether the call passes; prints the reason of a refusal. */
static bool passes(uint32_t gate, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
		   uint64_t a4, uint64_t a5)
{
	struct caller_memory c = caller;
	c.start = at(0);
	const uint64_t args[GATE_ARGS] = { a0, a1, a2, a3, a4, a5 };
	char why[REASON_MAX] = "";
	bool ok = gate_args_check(gate, args, &c, why);
	if (!ok)
		printf("# refused: %s\n", why);
	return ok;
}

/* Puts a string into the caller's memory at offset; returns its address. */
static uint64_t string_at(unsigned offset, const char *s)
{
	memcpy(caller_bytes + offset, s, strlen(s) + 1);
	return at(offset);
}

static void strings(void)
{
	const uint32_t g = GB_GATE_ARGS(GB_ARG_STRING, 0, 0, 0, 0, 0);
	CHECK(passes(g, string_at(0, "tag"), 0, 0, 0, 0, 0), "a string of the caller passes");
	CHECK(!passes(g, (uint64_t)(uintptr_t)outside, 0, 0, 0, 0, 0),
	      "a string in kernel memory is refused");
	CHECK(!passes(g, 0, 0, 0, 0, 0, 0), "a NULL string is refused");
	memset(caller_bytes + CALLER_SIZE - 4, 'x', 4);
	CHECK(!passes(g, at(CALLER_SIZE - 4), 0, 0, 0, 0, 0),
	      "a string without its NUL before the end of the caller's memory is refused");
	caller_bytes[CALLER_SIZE - 1] = 0;
	CHECK(passes(g, at(CALLER_SIZE - 4), 0, 0, 0, 0, 0),
	      "a string ending on the last byte passes");
	CHECK(passes(GB_GATE_ARGS(0, 0, 0, 0, 0, 0), (uint64_t)(uintptr_t)outside, 1, 2, 3, 4, 5),
	      "integers are not checked");
}

static void formats(void)
{
	const uint32_t g = GB_GATE_ARGS(GB_ARG_FORMAT, 0, 0, 0, 0, 0);
	uint64_t name = string_at(100, "hello");
	CHECK(passes(g, string_at(0, "%s has %d bytes at %p\n"), name, 5, 7, 0, 0),
	      "a format whose %%s takes a string of the caller passes");
	CHECK(!passes(g, string_at(0, "%d then %s\n"), 1, (uint64_t)(uintptr_t)outside, 0, 0, 0),
	      "%%s given a kernel pointer is refused");
	CHECK(!passes(g, string_at(0, "%d%n"), 1, at(2048), 0, 0, 0), "%%n is refused");
	CHECK(passes(g, string_at(0, "%d%d%d%d%d"), 1, 2, 3, 4, 5),
	      "five conversions after a format in RDI pass");
	CHECK(!passes(g, string_at(0, "%d%d%d%d%d%d"), 1, 2, 3, 4, 5),
	      "six conversions after a format in RDI are more than the registers");
	CHECK(!passes(g, string_at(0, "%*d%*d%*d"), 1, 2, 3, 4, 5),
	      "a '*' width takes a register too: three take six");
	CHECK(passes(g, string_at(0, "100%% %-8.3s|"), name, 0, 0, 0, 0),
	      "%%%% takes nothing, flags and precision are read");
	const uint32_t second = GB_GATE_ARGS(GB_ARG_OUT + 1, 0, GB_ARG_FORMAT, 0, 0, 0);
	CHECK(!passes(second, at(2048), 64, string_at(0, "%s%s%s%s"), name, name, name),
	      "a format in RDX has only three registers after it");
	CHECK(!passes(g, (uint64_t)(uintptr_t)outside, 0, 0, 0, 0, 0),
	      "a format in kernel memory is refused");
}

static void buffers(void)
{
	const uint32_t in = GB_GATE_ARGS(GB_ARG_IN + 1, 0, 0, 0, 0, 0);
	const uint32_t out = GB_GATE_ARGS(GB_ARG_OUT + 1, 0, 0, 0, 0, 0);
	CHECK(passes(in, at(0), CALLER_SIZE, 0, 0, 0, 0), "all of the caller's memory may be read");
	CHECK(!passes(in, at(1), CALLER_SIZE, 0, 0, 0, 0), "one byte past it may not");
	CHECK(!passes(in, at(16), UINT64_MAX, 0, 0, 0, 0), "a length that wraps is refused");
	CHECK(passes(in, (uint64_t)(uintptr_t)outside, 0, 0, 0, 0, 0),
	      "an empty buffer passes wherever it points");
	CHECK(!passes(in, (uint64_t)(uintptr_t)outside, 4, 0, 0, 0, 0),
	      "a buffer in kernel memory is refused");
	CHECK(passes(out, at(2048), 2048, 0, 0, 0, 0), "a buffer in writable pages may be written");
	CHECK(!passes(out, at(2000), 64, 0, 0, 0, 0),
	      "a buffer reaching into read-only pages may not");
	CHECK(!passes(GB_GATE_ARGS(GB_ARG_IN + 0, 0, 0, 0, 0, 0), at(0), 0, 0, 0, 0, 0),
	      "a buffer counted by itself is a bad declaration, refused");
}

static void granted(void)
{
	const uint32_t g = GB_GATE_ARGS(GB_ARG_GRANTED, 0, 0, 0, 0, 0);
	uint8_t *block = kalloc_pool_alloc(&heap, 40);
	CHECK(block != NULL, "the caller's heap gives a block");
	CHECK(passes(g, (uint64_t)(uintptr_t)block, 0, 0, 0, 0, 0), "that block passes");
	CHECK(passes(g, 0, 0, 0, 0, 0, 0), "NULL passes");
	CHECK(!passes(g, (uint64_t)(uintptr_t)(block + 16), 0, 0, 0, 0, 0),
	      "a pointer inside the block is refused");
	CHECK(!passes(g, at(64), 0, 0, 0, 0, 0), "the caller's own memory is no granted block");
	kalloc_pool_free(&heap, block);
	CHECK(!passes(g, (uint64_t)(uintptr_t)block, 0, 0, 0, 0, 0), "a freed block is refused");
}

int main(void)
{
	strings();
	formats();
	buffers();
	granted();
	CHECK_EXIT();
}
