/* Corpus module: every relocation type ghost supports, against local and
 * imported functions and data, with addends. tests/ghost/test_ghost_ld.c
 * links it with GNU ld and with ghost and compares the bytes. Symbols named
 * low_* are given addresses below 4 GiB by the test, so that R_X86_64_32
 * against them fits. */
#include <stddef.h>
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/module.h>

extern int kprintf(const char *fmt, ...);
extern void console_write(const char *s, size_t len);
extern char kernel_buffer[];                         /* imported data */
extern void optional_hook(void) __attribute__((weak)); /* nobody exports it: 0 */
extern int optional_value __attribute__((weak));

GB_IMPORT_VERSION(kprintf, 0);

static int counter;                                    /* .bss */
static _Alignas(64) unsigned char aligned_bss[100];    /* .bss, aligned */
static long table[4] = { 1, 2, 3, 4 };                 /* .data */
static const char message[] = "relocs: every relocation type"; /* .rodata */

/* R_X86_64_64 in .data: local and imported functions and data, with an
 * addend, and a weak undefined symbol. */
void *pointers[] = {
	(void *)kprintf, (void *)&counter, (void *)message, (void *)kernel_buffer,
	(void *)optional_hook, (void *)&table[2], (void *)(kernel_buffer + 40),
};

/* R_X86_64_PC64: 64-bit PC-relative, as the assembler emits for sym - . */
__asm__(".pushsection .data.pc64,\"aw\"\n"
	".balign 8\n"
	".globl pc64_table\n"
	"pc64_table:\n"
	".quad kprintf - .\n"
	".quad kernel_buffer + 16 - .\n"
	".quad pointers - .\n"
	".quad optional_value - .\n"
	".popsection");

/* R_X86_64_32: zero-extended 32-bit absolute; only values below 4 GiB fit. */
__asm__(".pushsection .rodata.abs32,\"a\"\n"
	".balign 4\n"
	".globl abs32_table\n"
	"abs32_table:\n"
	".long optional_value + 8\n"
	".long low_marker\n"
	".long low_marker + 0x100\n"
	".popsection");

/* R_X86_64_32S: absolute addresses in code (-mcmodel=kernel), and
 * R_X86_64_PC32 from RIP-relative loads and stores. */
int relocs_sum(int i)
{
	counter += (int)table[i & 3];
	aligned_bss[i & 63] = (unsigned char)counter;
	return counter + kernel_buffer[i & 7] + (optional_value ? 1 : 0);
}

int *relocs_counter_address(void)
{
	return &counter;
}

/* R_X86_64_PLT32: calls, to an import, a weak undefined function, a local one. */
static int relocs_init(void)
{
	if (optional_hook)
		optional_hook();
	console_write(message, sizeof message - 1);
	kprintf("%s %d\n", message, relocs_sum(3));
	return 0;
}

GB_EXPORT(relocs_sum);
GB_EXPORT_VERSION(relocs_counter_address, 2);
GB_MODULE("relocs", relocs_init, 0);
