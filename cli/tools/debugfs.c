#include "cli/tools/debugfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/tools/tool.h"

int ext_target_open(struct ext_target *target, const char *image, uint64_t offset)
{
	size_t size = strlen(image) + 32;

	target->device = 0;
	/* libext2fs reads "NAME?OPTIONS" as a name and I/O options. */
	if (strchr(image, '?'))
		return error("%s: debugfs cannot open a file whose name holds '?'", image);
	target->device = malloc(size);
	if (!target->device)
		return error("out of memory");
	if (offset)
		snprintf(target->device, size, "%s?offset=%llu", image, (unsigned long long)offset);
	else
		snprintf(target->device, size, "%s", image);
	return 0;
}

void ext_target_close(struct ext_target *target)
{
	free(target->device);
	target->device = 0;
}

int ext_target_run(const struct ext_target *target, const char *script, int writable,
		   char **output)
{
	char *argv[6];
	char *discarded = 0;
	unsigned count = 0;
	int result;

	argv[count++] = "debugfs";
	if (writable)
		argv[count++] = "-w";
	argv[count++] = "-f"; /* "-": the commands come on stdin */
	argv[count++] = "-";
	argv[count++] = target->device;
	argv[count] = 0;
	result = tool_run_output(argv, script, output ? output : &discarded);
	free(discarded);
	return result;
}

int ext_target_safe_name(const char *path)
{
	const unsigned char *c;

	for (c = (const unsigned char *)path; *c; c++)
		if (*c <= ' ' || *c == '"' || *c == '\'' || *c == '\\' || *c == 0x7f)
			return 0;
	return 1;
}
