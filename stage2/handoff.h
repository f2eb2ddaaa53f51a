/* The last step: boot information, page tables, long mode, the kernel. */
#ifndef GHOSTBOOT_STAGE2_HANDOFF_H
#define GHOSTBOOT_STAGE2_HANDOFF_H

#include <stdint.h>

#include <ghostboot/bootinfo.h>

#include "stage2/kernel_load.h"
#include "stage2/modules.h"
#include "stage2/strings.h"
#include "stage2/video.h"

#define MEMORY_MAP_CAPACITY 512
#define KERNEL_STACK_SIZE (64 * 1024)

struct boot_target {
	const struct loaded_kernel *kernel;
	const char *kernel_path;
	const struct module_set *modules;
	const struct file_set *files;
	const struct program_set *programs;
	struct gb_bootinfo *info; /* from handoff_prepare, before other allocations */
	struct gb_memory_region *memory_map;
	uint32_t pml4; /* the kernel's page tables, identity map made */
	struct video_request video; /* the mode asked for */
};

/* Allocates the boot information and the page tables first, so every later
 * allocation is covered by the memory map exported at the end. */
void handoff_prepare(struct boot_target *target);

/* Fills in the boot information, maps the kernel and jumps to it. */
__attribute__((noreturn)) void handoff(struct boot_target *target);

#endif
