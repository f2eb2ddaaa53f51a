#include "mkimage/config_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "config/config.h"
#include "config/sha256.h"

/* Line breaks and other control bytes cannot stand in a configuration line
 * (docs/configuration.md, "Lines and words"), quoted or not. */
static int is_writable_text(const char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 && *text != '\t')
			return 0;
	return 1;
}

/* `text` as one quoted part: the parser removes the quotes and turns \" and
 * \\ back into " and \. */
static void write_quoted(FILE *out, const char *text)
{
	fputc('"', out);
	for (; *text; text++) {
		if (*text == '"' || *text == '\\')
			fputc('\\', out);
		fputc(*text, out);
	}
	fputc('"', out);
}

/* A path as one word, quoted when it holds a blank, '#' or '"'. */
static void write_word(FILE *out, const char *text)
{
	if (text[0] == '\0' || strpbrk(text, " \t#\""))
		write_quoted(out, text);
	else
		fputs(text, out);
}

static void write_pinned_path(FILE *out, const char *keyword, const char *path,
			      const uint8_t digest[SHA256_SIZE])
{
	unsigned i;

	fprintf(out, "    %s ", keyword);
	write_word(out, path);
	fputs(" sha256=", out);
	for (i = 0; i < SHA256_SIZE; i++)
		fprintf(out, "%02x", digest[i]);
	fputc('\n', out);
}

#define CMDLINE_KEYWORD "    cmdline "

/* Whether `cmdline` must be written as one quoted part: plain text goes as
 * it is, anything a reader could misread quoted. */
static int needs_quotes(const char *cmdline)
{
	size_t length = strlen(cmdline);

	return length == 0 || strpbrk(cmdline, "#\"\\") || cmdline[0] == ' ' ||
	       cmdline[0] == '\t' || cmdline[length - 1] == ' ' || cmdline[length - 1] == '\t';
}

/* The bytes `cmdline` takes in its line, quotes and escapes included. */
static size_t written_length(const char *cmdline)
{
	size_t length = strlen(cmdline);
	const char *c;

	if (!needs_quotes(cmdline))
		return length;
	for (c = cmdline; *c; c++)
		length += *c == '"' || *c == '\\';
	return length + 2;
}

/* The configuration's line limit, in the user's terms: the bytes of
 * --cmdline, and how many fit. */
static int check_cmdline(const char *cmdline)
{
	size_t room = CONFIG_LINE_MAX - (sizeof(CMDLINE_KEYWORD) - 1);
	size_t length = strlen(cmdline), overhead = written_length(cmdline) - length;

	if (!is_writable_text(cmdline))
		return error("--cmdline: holds a line break or another control character");
	if (length + overhead > room)
		return error("--cmdline: too long (%zu bytes; at most %zu)", length,
			     room - overhead);
	return 0;
}

static void write_cmdline(FILE *out, const char *cmdline)
{
	fputs(CMDLINE_KEYWORD, out);
	if (needs_quotes(cmdline))
		write_quoted(out, cmdline);
	else
		fputs(cmdline, out);
	fputc('\n', out);
}

/* The configuration keyword a file of this role is named by, if any. */
static const char *keyword_for(enum content_role role)
{
	switch (role) {
	case CONTENT_KERNEL:
	case CONTENT_LINUX:
		return "kernel";
	case CONTENT_MODULE:
		return "module";
	case CONTENT_INITRD:
		return "initrd";
	default:
		return 0;
	}
}

int config_text_write_default(FILE *out, const struct contents *contents, const char *cmdline)
{
	uint8_t digest[SHA256_SIZE];
	unsigned i, pass;

	if (cmdline && check_cmdline(cmdline) != 0)
		return -1;
	fputs("# Written by ghostboot mkimage.\n"
	      "timeout 0\n"
	      "serial 115200\n"
	      "\n"
	      "entry default\n",
	      out);
	/* The kernel first, its command line, then the modules or the initrd
	 * files in the order given. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < contents->count; i++) {
			const struct content_file *file = &contents->files[i];
			const char *keyword = keyword_for(file->role);

			if (!keyword || (file->role == CONTENT_KERNEL || file->role == CONTENT_LINUX) !=
						(pass == 0))
				continue;
			if (!is_writable_text(file->destination))
				return error("%s holds a control character", file->destination);
			if (contents_hash_file(file->source, digest) != 0)
				return -1;
			write_pinned_path(out, keyword, file->destination, digest);
			if (file->role == CONTENT_LINUX)
				fputs("    protocol linux\n", out);
		}
		if (pass == 0 && cmdline)
			write_cmdline(out, cmdline);
	}
	if (fflush(out) != 0 || ferror(out))
		return error("cannot write the configuration: %s", strerror(errno));
	return 0;
}

char *config_text_write_temporary(struct contents *contents, const char *cmdline)
{
	char *path;
	FILE *out;
	int fd = cleanup_temporary_file("ghostboot.cfg", &path);

	if (fd < 0)
		return 0;
	out = fdopen(fd, "w");
	if (!out || config_text_write_default(out, contents, cmdline) != 0 || fclose(out) != 0 ||
	    contents_add(contents, CONTENT_CONFIG, path, 0) != 0) {
		if (!out)
			close(fd);
		unlink(path);
		cleanup_forget_file(path);
		free(path);
		return 0;
	}
	return path;
}
