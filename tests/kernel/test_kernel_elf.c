/* Host test of the sample kernel's layout (docs/kernel.md): an ELF64 x86-64
 * executable whose program headers a loader can map as they are.
 * Reads $BUILD/kernel/kernel.elf (BUILD defaults to "build"). */
#include <elf.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/layout.h"
#include "tests/check.h"


int main(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	char path[512];
	snprintf(path, sizeof path, "%s/kernel/kernel.elf", build);
	FILE *in = fopen(path, "rb");
	if (!in) {
		printf("not ok - open %s\n", path);
		return 1;
	}
	Elf64_Ehdr eh;
	if (fread(&eh, sizeof eh, 1, in) != 1) {
		printf("not ok - read the ELF header of %s\n", path);
		return 1;
	}
	CHECK(!memcmp(eh.e_ident, ELFMAG, SELFMAG) && eh.e_ident[EI_CLASS] == ELFCLASS64 &&
		       eh.e_ident[EI_DATA] == ELFDATA2LSB,
	       "kernel is ELF64 little-endian");
	CHECK(eh.e_type == ET_EXEC && eh.e_machine == EM_X86_64, "kernel is an x86-64 executable");
	CHECK(eh.e_phentsize == sizeof(Elf64_Phdr) && eh.e_phnum > 0 && eh.e_phnum < 16,
	       "kernel has program headers");

	Elf64_Phdr ph[16];
	unsigned n = eh.e_phnum < 16 ? eh.e_phnum : 16;
	fseek(in, (long)eh.e_phoff, SEEK_SET);
	if (fread(ph, sizeof ph[0], n, in) != n) {
		printf("not ok - read the program headers\n");
		return 1;
	}
	fclose(in);

	Elf64_Phdr load[16];
	unsigned loads = 0;
	bool no_dynamic = true;
	for (unsigned i = 0; i < n; i++) {
		if (ph[i].p_type == PT_LOAD)
			load[loads++] = ph[i];
		if (ph[i].p_type == PT_INTERP || ph[i].p_type == PT_DYNAMIC)
			no_dynamic = false;
	}
	CHECK(no_dynamic, "kernel is static: no PT_INTERP or PT_DYNAMIC");
	CHECK(loads == 3, "kernel has three PT_LOAD segments");
	if (loads != 3)
		return 1;
	CHECK(load[0].p_flags == (PF_R | PF_X), "segment 1 (text) is R+X");
	CHECK(load[1].p_flags == PF_R, "segment 2 (rodata) is R");
	CHECK(load[2].p_flags == (PF_R | PF_W), "segment 3 (data, bss) is R+W");
	CHECK(load[0].p_vaddr == KERNEL_VIRT_BASE && load[0].p_paddr == KERNEL_PHYS_BASE,
	       "text at virtual 0xffffffff80100000, physical 0x100000");

	bool mapped = true, aligned = true, ordered = true, sized = true;
	for (unsigned i = 0; i < 3; i++) {
		mapped &= load[i].p_vaddr - load[i].p_paddr == KERNEL_VIRT_OFFSET;
		aligned &= load[i].p_align == 0x1000 && load[i].p_vaddr % 0x1000 == 0 &&
			   load[i].p_offset % 0x1000 == 0;
		sized &= load[i].p_filesz <= load[i].p_memsz && load[i].p_memsz > 0;
		if (i > 0) {
			uint64_t prev_end = load[i - 1].p_vaddr + load[i - 1].p_memsz;
			ordered &= load[i].p_vaddr >= ((prev_end + 0xfff) & ~0xfffull);
		}
	}
	CHECK(mapped, "every segment: virtual = physical + 0xffffffff80000000");
	CHECK(aligned, "every segment page-aligned in memory and file");
	CHECK(sized, "every segment non-empty, file size within memory size");
	CHECK(ordered, "segments ascending, no page shared");
	CHECK(eh.e_entry >= load[0].p_vaddr && eh.e_entry < load[0].p_vaddr + load[0].p_memsz,
	       "entry point in the text segment");
	CHECK(load[2].p_paddr + load[2].p_memsz < 0x100000000ull, "kernel below 4 GiB");
	CHECK_EXIT();
}
