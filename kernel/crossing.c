#include "kernel/crossing.h"

#include <ghostboot/isolation.h>

#include "kernel/format_spec.h"
#include "kernel/kstring.h"
#include "kernel/reason.h"

/* Room for length bytes below c->sp, 16-byte aligned; 0 when none is left. */
static uint64_t reserve(struct crossing *c, uint64_t length)
{
	uint64_t rounded = (length + 15) & ~(uint64_t)15;
	if (rounded < length || rounded > c->sp - c->floor)
		return 0;
	c->sp -= rounded;
	return c->sp;
}

static bool copy_bytes(struct crossing *c, uint64_t *arg, uint64_t length, char *why)
{
	uint64_t copy = reserve(c, length);
	if (!copy)
		return reason(why, "%lu bytes do not fit the %#x bytes arguments may take", length,
			      CROSSING_ROOM);
	memcpy((void *)(uintptr_t)copy, (const void *)(uintptr_t)*arg, length);
	*arg = copy;
	return true;
}

static bool copy_string(struct crossing *c, uint64_t *arg, char *why)
{
	if (!*arg)
		return true; /* NULL stays NULL: the callee decides */
	uint64_t length = kstrnlen((const char *)(uintptr_t)*arg, CROSSING_ROOM);
	if (length == CROSSING_ROOM)
		return reason(why, "a string longer than the %#x bytes arguments may take",
			      CROSSING_ROOM);
	return copy_bytes(c, arg, length + 1, why);
}

/* The format at args[n] and the strings its %s conversions take. */
static bool copy_format(struct crossing *c, uint64_t args[GATE_ARGS], unsigned n, char *why)
{
	const char *fmt = (const char *)(uintptr_t)args[n];
	if (!fmt)
		return true;
	if (!copy_string(c, &args[n], why))
		return false;
	unsigned next = n + 1;
	while (*fmt && next < GATE_ARGS) {
		if (*fmt++ != '%')
			continue;
		struct format_spec spec;
		fmt = format_spec_parse(fmt, &spec);
		next += spec.width_from_argument + spec.precision_from_argument;
		if (!format_spec_takes_argument(spec.conversion))
			continue;
		if (next < GATE_ARGS && spec.conversion == 's' && !copy_string(c, &args[next], why))
			return false;
		next++;
	}
	return true;
}

bool crossing_copy_in(struct crossing *c, uint64_t stack_top, uint32_t gate,
		      uint64_t args[GATE_ARGS], char *why)
{
	*c = (struct crossing){ .sp = stack_top, .floor = stack_top - CROSSING_ROOM };
	const uint64_t original[GATE_ARGS] = { args[0], args[1], args[2],
					       args[3], args[4], args[5] };
	for (unsigned n = 0; n < GATE_ARGS; n++) {
		unsigned kind = GB_GATE_ARG_KIND(gate, n);
		if (kind == GB_ARG_STRING && !copy_string(c, &args[n], why))
			return false;
		if (kind == GB_ARG_FORMAT)
			return copy_format(c, args, n, why);
		if (kind < GB_ARG_IN || !args[n])
			continue;
		bool written = kind >= GB_ARG_OUT;
		unsigned counter = kind - (written ? GB_ARG_OUT : GB_ARG_IN);
		uint64_t length = counter < GATE_ARGS ? original[counter] : 0;
		if (!length)
			continue;
		if (!copy_bytes(c, &args[n], length, why))
			return false;
		if (written)
			c->back[c->back_count++] =
				(struct crossing_back){ original[n], args[n], length };
	}
	return true;
}

void crossing_copy_back(const struct crossing *c)
{
	for (unsigned i = 0; i < c->back_count; i++)
		memcpy((void *)(uintptr_t)c->back[i].to, (const void *)(uintptr_t)c->back[i].from,
		       c->back[i].length);
}
