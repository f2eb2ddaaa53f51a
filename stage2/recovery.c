/* The return to the menu, shared by both loaders; how the machine restarts
 * or stops is each firmware's (stage2/restart.c, uefi/restart.c). */
#include "stage2/recovery.h"

#include "stage2/console.h"
#include "stage2/memory.h"
#include "stage2/menu.h"

void *recovery_point[5];
static int armed;

void recovery_arm(void)
{
	armed = 1;
}

void recovery_disarm(void)
{
	armed = 0;
}

void recovery_return(void)
{
	if (!armed)
		return;
	armed = 0;
	__builtin_longjmp(recovery_point, 1);
}

static const struct config *menu_config;
static void (*menu_boot)(const struct config_entry *);

/* Holds the setjmp and reads only statics: after the longjmp this frame's
 * locals are gone, and clang's __builtin_longjmp under the Microsoft ABI
 * (the UEFI loader) restores a frame pointer into the middle of the frame. */
__attribute__((noinline, noreturn)) static void menu_loop(void)
{
	static struct memory_mark mark;
	static uint8_t failed[CONFIG_MAX_ENTRIES];
	static const struct config_entry *entry;
	memory_mark(&mark);
	if (__builtin_setjmp(recovery_point)) {
		failed[entry - menu_config->entries] = 1;
		memory_release(&mark);
		console_printf("ghostboot: entry %s failed\n", entry->name);
	}
	entry = menu_choose(menu_config, failed);
	if (!entry)
		recovery_halt(0); /* every entry failed, each with its error above */
	recovery_arm();
	menu_boot(entry);
	panic("entry %s came back from its boot", entry->name);
}

void recovery_boot_menu(const struct config *config, void (*boot)(const struct config_entry *))
{
	menu_config = config;
	menu_boot = boot;
	menu_loop();
}
