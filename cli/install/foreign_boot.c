#include "cli/install/foreign_boot.h"

#include <string.h>

#define MARKS_MAX 4

/* The strings each one's code holds, all of which must be there: read off
 * Debian's grub-pc-bin (/usr/lib/grub/i386-pc/boot.img) and
 * syslinux-common (/usr/lib/syslinux/mbr/mbr.bin, gptmbr.bin). */
static const struct foreign_boot {
	const char *name;
	const char *marks[MARKS_MAX];
} known[] = {
	{ "GRUB 2's boot.img", { "GRUB ", "Geom", "Hard Disk", "Read" } },
	{ "SYSLINUX's mbr.bin",
	  { "Missing operating system.", "Multiple active partitions.",
	    "Operating system load error." } },
	{ "SYSLINUX's gptmbr.bin", { "Missing OS", "Multiple active partitions", "Disk error" } },
};

static int holds(const uint8_t *code, size_t length, const char *mark)
{
	size_t mark_length = strlen(mark), i;

	for (i = 0; i + mark_length <= length; i++)
		if (memcmp(code + i, mark, mark_length) == 0)
			return 1;
	return 0;
}

const char *foreign_boot_name(const uint8_t *code, size_t length)
{
	size_t i, m;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		for (m = 0; m < MARKS_MAX && known[i].marks[m]; m++)
			if (!holds(code, length, known[i].marks[m]))
				break;
		if (m == MARKS_MAX || !known[i].marks[m])
			return known[i].name;
	}
	return 0;
}
