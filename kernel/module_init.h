/* Starting the linked modules (docs/kernel.md, "Module init"). */
#ifndef KERNEL_MODULE_INIT_H
#define KERNEL_MODULE_INIT_H

/* Calls each registered module's init in table order, which is init order,
 * each through module_call. A module whose init fails or faults is
 * disabled, or restarted (module_restart.h), and so is, without its init
 * being called, a module that depends on a disabled one. Prints a line per
 * module. */
void modules_init(void);

/* Calls the init of every pending module in init order, as modules_init
 * does: after a restart, for the modules it made pending again. */
void modules_start_pending(void);

#endif
