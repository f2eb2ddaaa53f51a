/* Corpus module: imports from the other corpus modules (relocs, tables), so
 * that linking the three together must resolve module-to-module imports and
 * order uses' init after theirs, whatever order they are given in. */
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/module.h>

extern int kprintf(const char *fmt, ...);
extern int relocs_sum(int i);
extern int *relocs_counter_address(void);
extern int tables_dispatch(int op, int x);
extern uint64_t tables_constant(int i);

GB_IMPORT_VERSION(relocs_counter_address, 2);

/* Imported functions' addresses in .data: R_X86_64_64 against other modules. */
static int (*const used[])(int) = { relocs_sum };
void *uses_pointers[] = { (void *)tables_dispatch, (void *)tables_constant };

static int uses_init(void)
{
	int *counter = relocs_counter_address();
	int before = *counter;
	used[0](1);
	kprintf("uses: %d -> %d, %d\n", before, *counter, tables_dispatch(7, 0));
	return tables_constant(0) != 0 ? 0 : -1;
}

static void uses_exit(void)
{
	kprintf("uses: bye\n");
}

GB_MODULE("uses", uses_init, uses_exit);
