/* Corpus module: what optimising compilers make of tables. A dense switch
 * becomes a jump table (R_X86_64_32S or R_X86_64_64 entries, by compiler),
 * constant pointer tables land in .rodata with R_X86_64_64, string
 * literals in .rodata.str*, constants in .rodata.cst*. */
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/module.h>

extern int kprintf(const char *fmt, ...);
extern int ksnprintf(char *buf, unsigned long size, const char *fmt, ...);

static const char *const colours[] = { "red", "green", "blue", "cyan", "magenta", "yellow" };
static char scratch[64];

static int first(int x) { return kprintf("first %d\n", x); }
static int second(int x) { return kprintf("second %d\n", x * 3); }
static int third(int x) { return ksnprintf(scratch, sizeof scratch, "third %d", x); }

static int (*const handlers[])(int) = { first, second, third };

int tables_dispatch(int op, int x)
{
	switch (op) {
	case 0: return first(x);
	case 1: return second(x + 1);
	case 2: return third(x - 1);
	case 3: return kprintf("op three %s\n", colours[x % 6]);
	case 4: return ksnprintf(scratch, sizeof scratch, "%s/%s", colours[1], colours[2]);
	case 5: return handlers[x % 3](x);
	case 6: return kprintf("op six\n");
	case 7: return (int)(uint64_t)colours[5][0] * 7;
	default: return -1;
	}
}

uint64_t tables_constant(int i)
{
	static const uint64_t constants[] = { 0x123456789abcdefull, 0xfedcba9876543210ull,
					      0x1111111111111111ull, 0x2222222222222222ull };
	return constants[i & 3] ^ (uint64_t)(uintptr_t)handlers[i % 3];
}

static int tables_init(void)
{
	return tables_dispatch(4, 0) > 0 ? 0 : -1;
}

GB_EXPORT(tables_dispatch);
GB_EXPORT(tables_constant);
GB_MODULE("tables", tables_init, 0);
