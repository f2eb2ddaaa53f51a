#include "mkimage/config_text.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli/common/diag.h"
#include "config/config.h"
#include "config/sha256.h"
#include "mkimage/multiboot_check.h"

#define CONFIG_FILE_MAX (1024 * 1024) /* far more than 16 entries can fill */

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

/* `cmdline` keeps the rest of its line as written unless it is one quoted
 * part: plain text goes as it is, anything a reader could misread quoted. */
static void write_cmdline(FILE *out, const char *cmdline)
{
	size_t length = strlen(cmdline);

	fputs("    cmdline ", out);
	if (length == 0 || strpbrk(cmdline, "#\"\\") || cmdline[0] == ' ' || cmdline[0] == '\t' ||
	    cmdline[length - 1] == ' ' || cmdline[length - 1] == '\t')
		write_quoted(out, cmdline);
	else
		fputs(cmdline, out);
	fputc('\n', out);
}

int config_text_write_default(FILE *out, const struct contents *contents, const char *cmdline)
{
	uint8_t digest[SHA256_SIZE];
	enum content_role role;
	unsigned i;

	if (cmdline && !is_writable_text(cmdline))
		return error("the command line holds a line break or another control character");
	fputs("# Written by ghostboot mkimage.\n"
	      "timeout 0\n"
	      "serial 115200\n"
	      "\n"
	      "entry default\n",
	      out);
	/* The kernel first, then the modules in the order given. */
	for (role = CONTENT_KERNEL; role <= CONTENT_MODULE; role++) {
		for (i = 0; i < contents->count; i++) {
			const struct content_file *file = &contents->files[i];

			if (file->role != role)
				continue;
			if (!is_writable_text(file->destination))
				return error("%s holds a control character", file->destination);
			if (contents_hash_file(file->source, digest) != 0)
				return -1;
			write_pinned_path(out, role == CONTENT_KERNEL ? "kernel" : "module",
					  file->destination, digest);
		}
		if (role == CONTENT_KERNEL && cmdline)
			write_cmdline(out, cmdline);
	}
	if (fflush(out) != 0 || ferror(out))
		return error("cannot write the configuration: %s", strerror(errno));
	return 0;
}

static int is_on_image(const struct contents *contents, const char *path)
{
	unsigned i;

	for (i = 0; i < contents->count; i++)
		if (strcasecmp(contents->files[i].destination, path) == 0)
			return 1;
	return 0;
}

/* A configuration naming a file mkimage does not place is worth a word:
 * stage 2 would stop there at boot. */
static void warn_missing_files(const char *config_path, const struct config *config,
			       const struct contents *contents)
{
	unsigned i;

	for (i = 0; i < config->entry_count; i++) {
		const char *kernel = config->entries[i].kernel.path;

		if (kernel && !is_on_image(contents, kernel))
			warning("%s names %s, which is not among the files put on the image",
				config_path, kernel);
	}
	for (i = 0; i < config->module_count; i++)
		if (!is_on_image(contents, config->modules[i].path))
			warning("%s names %s, which is not among the files put on the image",
				config_path, config->modules[i].path);
}

int config_text_check(const char *path, const struct contents *contents)
{
	FILE *file = fopen(path, "rb");
	struct config *config = malloc(sizeof(*config));
	struct config_error parse_error;
	char *text = malloc(CONFIG_FILE_MAX + 1);
	size_t length = 0;
	int result = -1;

	if (!file || !config || !text) {
		if (!file)
			error("cannot read %s: %s", path, strerror(errno));
		else
			error("out of memory");
		goto done;
	}
	length = fread(text, 1, CONFIG_FILE_MAX + 1, file);
	if (ferror(file)) {
		error("cannot read %s", path);
		goto done;
	}
	if (length > CONFIG_FILE_MAX) {
		error("%s is over %d bytes: not a configuration file", path, CONFIG_FILE_MAX);
		goto done;
	}
	if (config_parse(text, length, config, &parse_error) != 0) {
		error("%s, line %u: %s%s%s", path, parse_error.line, parse_error.message,
		      parse_error.subject ? " " : "", parse_error.subject ? parse_error.subject : "");
		goto done;
	}
	if (contents) {
		warn_missing_files(path, config, contents);
		if (multiboot_check_kernels(path, config, contents) != 0)
			goto done;
	}
	result = 0;
done:
	if (file)
		fclose(file);
	free(config);
	free(text);
	return result;
}
