#include "kernel/gate_args.h"

#include <ghostboot/isolation.h>

#include "kernel/format_spec.h"
#include "kernel/reason.h"

static bool holds(const struct caller_memory *c, uint64_t address, uint64_t length)
{
	return address >= c->start && address - c->start <= c->size &&
	       length <= c->size - (address - c->start);
}

/* A NUL-terminated string wholly in the caller's range. */
static bool is_string(const struct caller_memory *c, uint64_t address)
{
	if (!holds(c, address, 1))
		return false;
	const char *s = (const char *)(uintptr_t)address;
	for (uint64_t i = 0; i < c->start + c->size - address; i++) {
		if (!s[i])
			return true;
	}
	return false;
}

/* The register arguments after the format at n, by its conversions. */
static bool check_format(const struct caller_memory *c, const uint64_t args[GATE_ARGS],
			 unsigned n, char *why)
{
	const char *fmt = (const char *)(uintptr_t)args[n];
	unsigned next = n + 1;
	while (*fmt) {
		if (*fmt++ != '%')
			continue;
		struct format_spec spec;
		fmt = format_spec_parse(fmt, &spec);
		if (spec.conversion == 'n')
			return reason(why, "argument %u: format conversion %%n is refused", n);
		unsigned taken = spec.width_from_argument + spec.precision_from_argument +
				 format_spec_takes_argument(spec.conversion);
		if (next + taken > GATE_ARGS)
			return reason(why, "argument %u: the format has more conversions than the "
					   "%u register arguments after it", n, GATE_ARGS - n - 1);
		next += taken;
		if (spec.conversion == 's' && !is_string(c, args[next - 1]))
			return reason(why, "argument %u: %#lx, for %%s, is not a string of the caller",
				      next - 1, args[next - 1]);
	}
	return true;
}

static bool check_buffer(const struct caller_memory *c, const uint64_t args[GATE_ARGS],
			 unsigned n, unsigned counter, bool written, char *why)
{
	if (counter >= GATE_ARGS || counter == n)
		return reason(why, "argument %u: its length is declared as argument %u", n, counter);
	uint64_t address = args[n], length = args[counter];
	if (length == 0)
		return true;
	if (!holds(c, address, length))
		return reason(why, "argument %u: %lu bytes at %#lx are not the caller's memory", n,
			      length, address);
	if (written && !c->writable(address, length))
		return reason(why, "argument %u: %lu bytes at %#lx are not writable by the caller",
			      n, length, address);
	return true;
}

bool gate_args_check(uint32_t gate, const uint64_t args[GATE_ARGS],
		     const struct caller_memory *caller, char *why)
{
	for (unsigned n = 0; n < GATE_ARGS; n++) {
		unsigned kind = GB_GATE_ARG_KIND(gate, n);
		switch (kind) {
		case GB_ARG_INT:
			break;
		case GB_ARG_STRING:
			if (!is_string(caller, args[n]))
				return reason(why, "argument %u: %#lx is not a string of the caller", n,
					      args[n]);
			break;
		case GB_ARG_FORMAT:
			if (!is_string(caller, args[n]))
				return reason(why, "argument %u: format %#lx is not a string of the "
						   "caller", n, args[n]);
			/* The format governs every argument after it. */
			return check_format(caller, args, n, why);
		case GB_ARG_GRANTED:
			if (args[n] && !kalloc_pool_holds(caller->heap, (const void *)(uintptr_t)args[n]))
				return reason(why, "argument %u: %#lx is not a block the kernel granted "
						   "the caller", n, args[n]);
			break;
		default: { /* GB_ARG_IN + j (4 to 9) or GB_ARG_OUT + j (10 to 15) */
			bool written = kind >= GB_ARG_OUT;
			unsigned counter = kind - (written ? GB_ARG_OUT : GB_ARG_IN);
			if (!check_buffer(caller, args, n, counter, written, why))
				return false;
			break;
		}
		}
	}
	return true;
}
