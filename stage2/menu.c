#include "stage2/menu.h"

#include "stage2/console.h"
#include "stage2/recovery.h"

static void show(const struct config *config, unsigned selected, const uint8_t *failed)
{
	console_write("\n");
	for (unsigned i = 0; i < config->entry_count; i++)
		console_printf("  %c %u. %s%s\n", i == selected ? '>' : ' ', i + 1,
			       config->entries[i].title, failed[i] ? " (failed)" : "");
}

/* `from`, or the next entry after it that has not failed. */
static unsigned bootable_from(const struct config *config, unsigned from, const uint8_t *failed)
{
	for (unsigned i = 0; i < config->entry_count; i++) {
		unsigned at = (from + i) % config->entry_count;
		if (!failed[at])
			return at;
	}
	return from;
}

const struct config_entry *menu_choose(const struct config *config, const uint8_t *failed)
{
	const struct config_entry *chosen = config_default_entry(config);
	unsigned failures = 0;
	for (unsigned i = 0; i < config->entry_count; i++)
		failures += failed[i] != 0;
	if (!chosen || failures == config->entry_count)
		return 0;
	if (!failures && config->timeout_seconds == 0)
		return chosen;
	unsigned selected = bootable_from(config, (unsigned)(chosen - config->entries), failed);
	show(config, selected, failed);
	/* After a failure nothing boots by itself: the same error again and
	 * again would be a loop the user cannot break. */
	if (failures)
		console_write("An entry failed: a digit, the arrows and Enter choose another; "
			      "r restarts the machine.\n");
	else
		console_printf("Booting \"%s\" in %u s; a digit, the arrows and Enter choose.\n",
			       chosen->title, config->timeout_seconds);

	uint32_t start = console_milliseconds();
	uint32_t limit = config->timeout_seconds * 1000u;
	int waiting_for_user = failures != 0;
	for (;;) {
		if (!waiting_for_user && console_milliseconds() - start >= limit)
			break;
		int key = console_poll_key();
		if (key < 0)
			continue;
		waiting_for_user = 1; /* any key stops the countdown */
		if ((key == '\r' || key == '\n') && !failed[selected])
			break;
		if (failures && (key == 'r' || key == 'R'))
			recovery_restart();
		if (key >= '1' && key <= '9' && (unsigned)(key - '1') < config->entry_count &&
		    !failed[key - '1']) {
			selected = (unsigned)(key - '1');
			break;
		}
		if (key == KEY_UP && selected > 0)
			show(config, --selected, failed);
		else if (key == KEY_DOWN && selected + 1 < config->entry_count)
			show(config, ++selected, failed);
	}
	return &config->entries[selected];
}
