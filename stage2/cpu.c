#include "stage2/cpu.h"

#include <stdint.h>

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
