/* Linking modules for a kernel image on the host, where `ghostboot link`
 * puts them and where `inspect --kernel` checks them: the placement policy
 * of stage 2 (stage2/module_link.c), so a module that links here links at
 * boot, and the other way round. */
#ifndef GHOSTBOOT_CLI_LINK_PRELINK_H
#define GHOSTBOOT_CLI_LINK_PRELINK_H

#include <stdint.h>

#include "cli/link/kernel_elf.h"
#include "cli/link/module_files.h"
#include "ghost/ghost.h"

/* The kernel code model (x86-64 psABI, "Code Models") reaches the top
 * 2 GiB only: modules run there beside the kernel. */
#define KERNEL_CODE_MODEL_BASE 0xffffffff80000000ull
/* The first module starts on the 2 MiB boundary after the kernel; one
 * unmapped page separates each from the next. */
#define PRELINK_AREA_ALIGN 0x200000ull
#define PRELINK_GUARD_GAP GHOST_PAGE_SIZE

struct prelink {
	uint32_t count;
	struct ghost_linked_module *linked; /* per module, in the order given */
	uint32_t *init_order;               /* module indices, in init order */
	/* Virtual minus physical address, the same for every kernel segment
	 * and so for every module image. */
	uint64_t virt_to_phys;
	uint8_t **images; /* host memory ghost wrote each image to */
	void *workspace;  /* kept: linked[].imports_from points into it */
};

/* Links `modules` against the kernel's exports and each other's. On
 * failure every undefined symbol is named, one error line each
 * ("module NAME: undefined symbol SYM"), or else ghost's one error. An
 * optional module that fails is dropped from `modules` with a warning, as
 * stage 2 skips it. Returns 0, or -1 after the errors. */
int prelink_modules(struct prelink *result, const struct kernel_elf *kernel,
		    struct module_files *modules);
void prelink_free(struct prelink *result);

#endif
