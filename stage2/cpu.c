#include "stage2/cpu.h"

#include <stdint.h>

#include "config/sha256.h"
#include "stage2/console.h"

#define EFLAGS_ID (1u << 21)
#define CPUID_PAE (1u << 6)         /* leaf 1, EDX */
#define CPUID_NO_EXECUTE (1u << 20) /* leaf 0x80000001, EDX */
#define CPUID_LONG_MODE (1u << 29)  /* leaf 0x80000001, EDX */

/* CPUID exists when EFLAGS.ID can be flipped (not on a 486 and older);
 * every 64-bit CPU (the UEFI loader's build) has it. */
static int has_cpuid(void)
{
#ifdef __x86_64__
	return 1;
#else
	uint32_t before, after;
	__asm__ volatile("pushfl\n\tpopl %0\n\tmovl %0, %1\n\txorl %2, %1\n\tpushl %1\n\tpopfl\n\t"
			 "pushfl\n\tpopl %1\n\tpushl %0\n\tpopfl"
			 : "=&r"(before), "=&r"(after)
			 : "i"(EFLAGS_ID));
	return ((before ^ after) & EFLAGS_ID) != 0;
#endif
}

/* EDX of CPUID `leaf`, or 0 when the CPU does not have that leaf. */
static uint32_t cpuid_edx(uint32_t leaf)
{
	uint32_t eax = leaf & 0x80000000u, ebx, ecx, edx;
	if (!has_cpuid())
		return 0;
	__asm__("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	if (eax < leaf)
		return 0;
	eax = leaf;
	__asm__("cpuid" : "+a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx));
	return edx;
}

int cpu_has_long_mode(void)
{
	return (cpuid_edx(1) & CPUID_PAE) && (cpuid_edx(0x80000001u) & CPUID_LONG_MODE);
}

int cpu_has_no_execute(void)
{
	return (cpuid_edx(0x80000001u) & CPUID_NO_EXECUTE) != 0;
}

#define CR0_EM (1u << 2) /* x87 and SSE instructions fault */
#define CR0_TS (1u << 3) /* the next x87 or SSE instruction faults */
#define CR4_OSFXSR (1u << 9) /* SSE instructions allowed */

static uintptr_t read_cr0(void)
{
	uintptr_t value;
	__asm__ volatile("mov %%cr0, %0" : "=r"(value));
	return value;
}

static uintptr_t read_cr4(void)
{
	uintptr_t value;
	__asm__ volatile("mov %%cr4, %0" : "=r"(value));
	return value;
}

static void write_cr0(uintptr_t value)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(value) : "memory");
}

static void write_cr4(uintptr_t value)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(value) : "memory");
}

/* CR0 and CR4 as found, when cpu_hash_with_extensions changed them. */
static uintptr_t firmware_cr0, firmware_cr4;
static int control_registers_changed;

void cpu_hash_with_extensions(void)
{
	if (!sha256_cpu_has_extensions())
		return;
	uintptr_t cr0 = read_cr0(), cr4 = read_cr4();
	if ((cr0 & (CR0_EM | CR0_TS)) || !(cr4 & CR4_OSFXSR)) {
		firmware_cr0 = cr0;
		firmware_cr4 = cr4;
		control_registers_changed = 1;
		write_cr0(cr0 & ~(uintptr_t)(CR0_EM | CR0_TS));
		write_cr4(cr4 | CR4_OSFXSR);
	}
	if (sha256_use_cpu_extensions(true))
		console_printf("ghostboot: SHA-256 with the CPU's SHA extensions\n");
}

void cpu_restore_before_handoff(void)
{
	sha256_use_cpu_extensions(false);
	if (!control_registers_changed)
		return;
	write_cr4(firmware_cr4);
	write_cr0(firmware_cr0);
	control_registers_changed = 0;
}
