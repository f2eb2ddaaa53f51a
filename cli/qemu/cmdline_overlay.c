/* How: a sparse copy of the whole image, its configuration file replaced
 * by the tools that write that filesystem (mtools, debugfs), then read back
 * with stage 2's own reader and parser. A copy-on-write layer under QEMU
 * would be lighter, but changing a file inside a filesystem means new
 * clusters or blocks, a new size and directory entry: only a real
 * filesystem writer does that right on every layout, and those write raw
 * images. The copy costs the image's data, not its size. */
#include "cli/qemu/cmdline_overlay.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/common/file_copy.h"
#include "cli/disk/boot_config.h"
#include "cli/tools/debugfs.h"
#include "cli/tools/mtools.h"
#include "fs/fs.h"

static const char *line_end(const char *at)
{
	const char *newline = strchr(at, '\n');

	return newline ? newline + 1 : at + strlen(at);
}

/* The start of the line's second word when its first is `keyword`, else 0. */
static const char *after_keyword(const char *line, const char *keyword)
{
	size_t length = strlen(keyword);

	line += strspn(line, " \t");
	if (strncmp(line, keyword, length) != 0 ||
	    (line[length] != ' ' && line[length] != '\t' && line[length] != '\r' &&
	     line[length] != '\n' && line[length] != '\0'))
		return 0;
	return line + length + strspn(line + length, " \t");
}

/* Whether the word at `word` is `name`, written plain or quoted with the
 * parser's escapes (\" and \\). */
static int word_is(const char *word, const char *name)
{
	int quoted = 0;

	for (; *word && *word != '\n'; word++) {
		if (*word == '"') {
			quoted = !quoted;
			continue;
		}
		if (!quoted && (*word == ' ' || *word == '\t' || *word == '\r' || *word == '#'))
			break;
		if (quoted && *word == '\\' && (word[1] == '"' || word[1] == '\\'))
			word++;
		if (*word != *name++)
			return 0;
	}
	return *name == '\0';
}

/* The configuration with the default entry's `cmdline` line replaced, or
 * added after its `entry` line; 0 when out of memory. Everything else,
 * comments included, is kept as it was. */
static char *rewrite(const struct boot_config *boot_config, const char *cmdline)
{
	const char *text = boot_config->text;
	const char *header = text, *start, *end, *line, *name;
	char *result, *out;
	const char *c;

	/* The parser keeps no positions: find the entry's line by its name. */
	while (*header && !((name = after_keyword(header, "entry")) != 0 &&
			    word_is(name, boot_config->entry->name)))
		header = line_end(header);
	/* Inserted after the header unless the entry has a cmdline line. */
	start = end = line_end(header);
	for (line = end; *line && !after_keyword(line, "entry"); line = line_end(line)) {
		if (after_keyword(line, "cmdline")) {
			start = line;
			end = line_end(line);
			break;
		}
	}
	/* The quoted value doubles at most every byte. */
	result = malloc(boot_config->length + 2 * strlen(cmdline) + 32);
	if (!result)
		return 0;
	out = result;
	memcpy(out, text, (size_t)(start - text));
	out += start - text;
	if (out > result && out[-1] != '\n')
		*out++ = '\n';
	out += sprintf(out, "    cmdline \"");
	for (c = cmdline; *c; c++) {
		if (*c == '"' || *c == '\\')
			*out++ = '\\';
		*out++ = *c;
	}
	out += sprintf(out, "\"\n");
	strcpy(out, end);
	return result;
}

static int write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t length = strlen(text);
	int result = fd >= 0 && write(fd, text, length) == (ssize_t)length ? 0 : -1;

	if (fd >= 0 && close(fd) != 0)
		result = -1;
	if (result != 0)
		error("cannot write %s: %s", path, strerror(errno));
	return result;
}

/* Puts the host file `host` at `path` on the copy's boot volume. */
static int replace_file(const struct boot_config *boot_config, const char *overlay,
			const char *host, const char *path)
{
	char directory[64], script[PATH_MAX * 2 + 64];
	const char *slash = strrchr(path, '/');
	struct ext_target ext;
	struct fat_target fat;
	int result;

	if (boot_config->boot.kind != FS_KIND_FAT) {
		if (!ext_target_safe_name(host))
			return error("debugfs cannot be given the file name %s", host);
		if (ext_target_open(&ext, overlay, boot_config->volume_offset) != 0)
			return -1;
		snprintf(script, sizeof(script), "rm %s\nwrite %s %s\n", path, host, path);
		result = ext_target_run(&ext, script, 1, 0);
		ext_target_close(&ext);
		return result;
	}
	if (fat_target_open(&fat, overlay, boot_config->volume_offset) != 0)
		return -1;
	snprintf(directory, sizeof(directory), "%.*s", (int)(slash - path), path);
	result = directory[0] ? fat_target_have_directory(&fat, directory) : 0;
	if (result == 0)
		result = fat_target_copy(&fat, host, path);
	fat_target_close(&fat);
	return result;
}

/* Reads the copy back as stage 2 will: the same default entry, the new
 * command line. */
static int check(const char *overlay, const char *entry_name, const char *cmdline)
{
	struct boot_config copy;
	int same;

	if (boot_config_open(&copy, overlay) != 0)
		return -1;
	same = strcmp(copy.entry->name, entry_name) == 0 && strcmp(copy.entry->cmdline, cmdline) == 0;
	boot_config_close(&copy);
	return same ? 0 : error("the configuration rewritten for --cmdline does not read back "
				"as written");
}

int cmdline_overlay_make(const char *image, const char *cmdline, const char *directory,
			 char *overlay, size_t size)
{
	struct boot_config boot_config;
	char host[PATH_MAX];
	char *text = 0;
	int result = -1;

	if (boot_config_open(&boot_config, image) != 0)
		return -1;
	snprintf(overlay, size, "%s/cmdline.img", directory);
	snprintf(host, sizeof(host), "%s/ghostboot.cfg", directory);
	text = rewrite(&boot_config, cmdline);
	if (!text)
		error("out of memory");
	else if (cleanup_add_file(overlay) != 0 || cleanup_add_file(host) != 0)
		error("too many temporary files");
	else if (write_file(host, text) == 0 && file_copy_sparse(image, overlay) == 0 &&
		 replace_file(&boot_config, overlay, host, boot_config.boot.config_path) == 0)
		result = check(overlay, boot_config.entry->name, cmdline);
	free(text);
	boot_config_close(&boot_config);
	return result;
}
