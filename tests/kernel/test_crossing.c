/* Host test of kernel/crossing.c: what an isolated callee gets of each
 * declared pointer argument is a copy on its own stack, 16-byte aligned
 * below its top; an output buffer comes back to the caller's after the
 * call; NULL and integers cross as they are; what does not fit the room
 * arguments may take is refused. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ghostboot/isolation.h>

#include "kernel/crossing.h"
#include "kernel/kstring.h"
#include "kernel/reason.h"
#include "tests/check.h"

/* The callee's stack: CROSSING_ROOM bytes under its top, and a guard below. */
static uint8_t stack[CROSSING_ROOM + 64] __attribute__((aligned(16)));
#define STACK_TOP ((uint64_t)(uintptr_t)(stack + sizeof stack))
#define FLOOR (STACK_TOP - CROSSING_ROOM)

static bool on_stack(uint64_t p)
{
	return p >= FLOOR && p < STACK_TOP;
}

static uint64_t ptr(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static void strings_and_formats(void)
{
	static const char tag[] = "hello", fmt[] = "%d %s and %s\n", a[] = "first", b[] = "second";
	uint64_t args[GATE_ARGS] = { ptr(tag), ptr(fmt), 7, ptr(a), ptr(b), 0 };
	struct crossing c;
	char why[REASON_MAX];
	bool ok = crossing_copy_in(&c, STACK_TOP,
				   GB_GATE_ARGS(GB_ARG_STRING, GB_ARG_FORMAT, 0, 0, 0, 0), args, why);
	CHECK(ok, "a string, a format and its %%s strings cross");
	CHECK(on_stack(args[0]) && strcmp((const char *)(uintptr_t)args[0], tag) == 0,
	      "the string is a copy on the callee's stack");
	CHECK(on_stack(args[1]) && strcmp((const char *)(uintptr_t)args[1], fmt) == 0,
	      "so is the format");
	CHECK(args[2] == 7, "%%d's integer crosses as it is");
	CHECK(on_stack(args[3]) && strcmp((const char *)(uintptr_t)args[3], a) == 0 &&
		      on_stack(args[4]) && strcmp((const char *)(uintptr_t)args[4], b) == 0,
	      "each %%s string is a copy");
	CHECK(c.sp % 16 == 0 && c.sp >= FLOOR, "the stack pointer stays 16-byte aligned");
	uint64_t nulls[GATE_ARGS] = { 0, 0, 0, 0, 0, 0 };
	CHECK(crossing_copy_in(&c, STACK_TOP, GB_GATE_ARGS(GB_ARG_STRING, GB_ARG_FORMAT, 0, 0, 0, 0),
			       nulls, why) &&
		      nulls[0] == 0 && nulls[1] == 0 && c.sp == STACK_TOP,
	      "NULL crosses as NULL, copying nothing");
}

static void buffers(void)
{
	uint8_t in[40], out[24];
	memset(in, 0xab, sizeof in);
	memset(out, 0x11, sizeof out);
	uint64_t args[GATE_ARGS] = { ptr(out), ptr(in), sizeof in, sizeof out, 0, 0 };
	struct crossing c;
	char why[REASON_MAX];
	CHECK(crossing_copy_in(&c, STACK_TOP,
			       GB_GATE_ARGS(GB_ARG_OUT + 3, GB_ARG_IN + 2, 0, 0, 0, 0), args, why),
	      "an output and an input buffer cross");
	uint8_t *callee_out = (uint8_t *)(uintptr_t)args[0];
	const uint8_t *callee_in = (const uint8_t *)(uintptr_t)args[1];
	CHECK(on_stack(args[0]) && on_stack(args[1]) && memcmp(callee_in, in, sizeof in) == 0,
	      "the callee reads a copy of the input");
	CHECK(callee_out[0] == 0x11, "and writes a copy of the output buffer");
	memset(callee_out, 0x77, sizeof out);
	crossing_copy_back(&c);
	CHECK(out[0] == 0x77 && out[sizeof out - 1] == 0x77, "which comes back after the call");
	CHECK(in[0] == 0xab, "the input is not copied back");
}

static void too_much(void)
{
	static char big[CROSSING_ROOM + 16];
	memset(big, 'x', sizeof big - 1);
	uint64_t args[GATE_ARGS] = { ptr(big), 0, 0, 0, 0, 0 };
	struct crossing c;
	char why[REASON_MAX] = "";
	CHECK(!crossing_copy_in(&c, STACK_TOP, GB_GATE_ARGS(GB_ARG_STRING, 0, 0, 0, 0, 0), args, why),
	      "a string longer than the room is refused: %s", why);
	uint64_t buffer[GATE_ARGS] = { ptr(big), CROSSING_ROOM + 1, 0, 0, 0, 0 };
	CHECK(!crossing_copy_in(&c, STACK_TOP, GB_GATE_ARGS(GB_ARG_IN + 1, 0, 0, 0, 0, 0), buffer,
				why),
	      "so is a buffer: %s", why);
	uint64_t wraps[GATE_ARGS] = { ptr(big), UINT64_MAX, 0, 0, 0, 0 };
	CHECK(!crossing_copy_in(&c, STACK_TOP, GB_GATE_ARGS(GB_ARG_IN + 1, 0, 0, 0, 0, 0), wraps,
				why),
	      "and a length that wraps when rounded");
}

int main(void)
{
	strings_and_formats();
	buffers();
	too_much();
	CHECK_EXIT();
}
