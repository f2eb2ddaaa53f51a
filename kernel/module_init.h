/* Starting the linked modules (docs/kernel.md, "Module init"). */
#ifndef KERNEL_MODULE_INIT_H
#define KERNEL_MODULE_INIT_H

/* Calls each registered module's init in table order, which is init order,
 * each through module_call. A module whose init fails or faults is
 * disabled, and so is, without its init being called, a module that depends
 * on a disabled one. Prints a line per module. */
void modules_init(void);

#endif
