#include "stage2/menu.h"

#include "stage2/bios.h"
#include "stage2/console.h"
#include "stage2/lib.h"

/* The BIOS timer tick count: 18.2 ticks a second, advanced while interrupts
 * are on, which they are during every BIOS call the key polling makes. */
#define BIOS_TICKS (*(volatile uint32_t *)physical(0x46c))
#define TICKS_PER_10_SECONDS 182

static void show(const struct config *config, unsigned selected)
{
	console_write("\n");
	for (unsigned i = 0; i < config->entry_count; i++)
		console_printf("  %c %u. %s\n", i == selected ? '>' : ' ', i + 1,
			       config->entries[i].title);
}

const struct config_entry *menu_choose(const struct config *config)
{
	const struct config_entry *chosen = config_default_entry(config);
	if (!chosen || config->timeout_seconds == 0)
		return chosen;
	unsigned selected = (unsigned)(chosen - config->entries);
	show(config, selected);
	console_printf("Booting \"%s\" in %u s; a digit, the arrows and Enter choose.\n",
		       chosen->title, config->timeout_seconds);

	uint32_t start = BIOS_TICKS;
	uint32_t limit = config->timeout_seconds * TICKS_PER_10_SECONDS / 10;
	int waiting_for_user = 0;
	for (;;) {
		if (!waiting_for_user && BIOS_TICKS - start >= limit)
			break;
		int key = console_poll_key();
		if (key < 0)
			continue;
		waiting_for_user = 1; /* any key stops the countdown */
		if (key == '\r' || key == '\n')
			break;
		if (key >= '1' && key <= '9' && (unsigned)(key - '1') < config->entry_count) {
			selected = (unsigned)(key - '1');
			break;
		}
		if (key == KEY_UP && selected > 0)
			show(config, --selected);
		else if (key == KEY_DOWN && selected + 1 < config->entry_count)
			show(config, ++selected);
	}
	return &config->entries[selected];
}
