/* Modules linked into the kernel image at build time (`ghostboot link`,
 * docs/cli.md). The linked kernel carries their images in PT_LOAD segments
 * of their own and this table in a section named ".gbprelinked"; stage 2
 * puts the table's modules first in the boot information's module table,
 * flagged GB_MODULE_PRELINKED, so the kernel sees the same table whether
 * its modules were linked at build time or at boot. */
#ifndef GHOSTBOOT_PRELINKED_H
#define GHOSTBOOT_PRELINKED_H

#include <stdint.h>

#include <ghostboot/isolation.h>

#define GB_PRELINKED_SECTION ".gbprelinked"
#define GB_PRELINKED_MAGIC 0x4b4c5047u /* "GPLK" */
#define GB_PRELINKED_NAME_MAX 32
#define GB_PRELINKED_MAX 64 /* one bit each in depends_mask */
/* The loadable segments stage 2 takes in a kernel: its own, and three for
 * each module linked into it (five for an isolated one). */
#define GB_KERNEL_SEGMENTS_MAX 96

struct gb_prelinked_header {
	uint32_t magic;   /* GB_PRELINKED_MAGIC */
	uint32_t count;   /* struct gb_prelinked_module entries that follow */
};
_Static_assert(sizeof(struct gb_prelinked_header) == 8, "prelinked header is 8 bytes");

/* One module, in init order; every address is virtual. */
struct gb_prelinked_module {
	char name[GB_PRELINKED_NAME_MAX]; /* NUL-terminated */
	uint64_t virt_addr;
	uint64_t phys_addr;
	uint64_t size;
	uint64_t init; /* 0 when none */
	uint64_t exit; /* 0 when none */
	uint64_t exports;
	uint32_t export_count;
	uint32_t flags;        /* GB_PRELINKED_ISOLATED; 0 in tables older than isolation */
	uint64_t depends_mask; /* bit i: imports from entry i of this table */
};
_Static_assert(sizeof(struct gb_prelinked_module) == 96, "prelinked module is 96 bytes");

/* Linked isolated (`ghostboot link --isolated`, docs/isolation.md). */
#define GB_PRELINKED_ISOLATED 1u

/* After the `count` entries, since isolation: struct gb_isolation[count],
 * entry i's (all 0 for a direct one). A section too short to hold it is a
 * table of direct modules. */

#endif
