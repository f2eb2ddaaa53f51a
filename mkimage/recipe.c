#include "mkimage/recipe.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"

#define LINE_MAX_BYTES 4096

/* The keywords, the option each stands for, and what its value is. */
enum value_kind { VALUE_WORD, VALUE_TEXT, VALUE_PATH, VALUE_ADD };
static const struct keyword {
	const char *name, *option;
	enum value_kind kind;
} keywords[] = {
	{ "table", "--table", VALUE_WORD },     { "fs", "--fs", VALUE_WORD },
	{ "size", "--size", VALUE_WORD },       { "kernel", "--kernel", VALUE_PATH },
	{ "module", "--module", VALUE_PATH },   { "cmdline", "--cmdline", VALUE_TEXT },
	{ "config", "--config", VALUE_PATH },   { "add", "--add", VALUE_ADD },
	{ "linux", "--linux", VALUE_PATH },     { "initrd", "--initrd", VALUE_PATH },
	{ "firmware", "--firmware", VALUE_WORD },
};

struct place {
	const char *path;
	unsigned line;
};

static int add_word(struct recipe *recipe, char *word)
{
	if (!word)
		return error("out of memory");
	if (recipe->count == recipe->capacity) {
		unsigned capacity = recipe->capacity ? 2 * recipe->capacity : 16;
		char **grown = realloc(recipe->words, capacity * sizeof(*grown));

		if (!grown) {
			free(word);
			return error("out of memory");
		}
		recipe->words = grown;
		recipe->capacity = capacity;
	}
	recipe->words[recipe->count++] = word;
	return 0;
}

/* `text` with each ${NAME} or ${NAME:-DEFAULT} replaced. */
static char *expand(const struct place *at, const char *text)
{
	char *out = malloc(LINE_MAX_BYTES), *close, name[128];
	const char *value, *fallback;
	size_t used = 0, length;

	if (!out) {
		error("out of memory");
		return 0;
	}
	while (*text) {
		if (text[0] != '$' || text[1] != '{') {
			value = text++;
			length = 1;
		} else {
			close = strchr(text, '}');
			length = close ? (size_t)(close - text - 2) : 0;
			if (!close || length == 0 || length >= sizeof(name)) {
				error("%s, line %u: ${ without a name and }", at->path, at->line);
				goto fail;
			}
			memcpy(name, text + 2, length);
			name[length] = '\0';
			fallback = strstr(name, ":-");
			if (fallback)
				name[fallback - name] = '\0';
			value = getenv(name);
			if ((!value || !*value) && fallback)
				value = fallback + 2;
			if (!value) {
				error("%s, line %u: ${%s} is not set", at->path, at->line, name);
				goto fail;
			}
			length = strlen(value);
			text = close + 1;
		}
		if (used + length >= LINE_MAX_BYTES) {
			error("%s, line %u: the line is too long once expanded", at->path, at->line);
			goto fail;
		}
		memcpy(out + used, value, length);
		used += length;
	}
	out[used] = '\0';
	return out;
fail:
	free(out);
	return 0;
}

/* A relative path is taken from the recipe's directory. */
static char *resolve(const char *recipe_path, const char *path)
{
	const char *slash = strrchr(recipe_path, '/');
	size_t directory = slash ? (size_t)(slash - recipe_path + 1) : 0;
	char *full;

	if (path[0] == '/' || directory == 0)
		return strdup(path);
	full = malloc(directory + strlen(path) + 1);
	if (full) {
		memcpy(full, recipe_path, directory);
		strcpy(full + directory, path);
	}
	return full;
}

static int add_setting(struct recipe *recipe, const struct place *at,
		       const struct keyword *keyword, char *value)
{
	char *source = value, *destination, *joined;
	int result;

	if (keyword->kind == VALUE_WORD && strpbrk(value, " \t"))
		return error("%s, line %u: %s takes one word", at->path, at->line, keyword->name);
	if (add_word(recipe, strdup(keyword->option)) != 0)
		return -1;
	if (keyword->kind == VALUE_WORD || keyword->kind == VALUE_TEXT)
		return add_word(recipe, strdup(value));
	if (keyword->kind == VALUE_PATH)
		return add_word(recipe, resolve(at->path, value));
	/* add SRC DEST: the image's path is the last word. */
	destination = strrchr(value, ' ');
	if (!destination)
		destination = strrchr(value, '\t');
	if (!destination)
		return error("%s, line %u: add takes SRC DEST", at->path, at->line);
	*destination++ = '\0';
	source = resolve(at->path, value);
	joined = source ? malloc(strlen(source) + strlen(destination) + 2) : 0;
	if (joined)
		sprintf(joined, "%s=%s", source, destination);
	free(source);
	result = add_word(recipe, joined);
	return result;
}

/* One line: blank, a comment, or KEYWORD VALUE. */
static int read_line(struct recipe *recipe, const struct place *at, char *line)
{
	char *end = line + strlen(line), *value, *expanded;
	size_t i, length;
	int result;

	while (end > line && strchr(" \t\r\n", end[-1]))
		*--end = '\0';
	line += strspn(line, " \t");
	if (!*line || *line == '#')
		return 0;
	length = strcspn(line, " \t");
	value = line + length + strspn(line + length, " \t");
	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].name) == length && strncmp(line, keywords[i].name, length) == 0)
			break;
	if (i == sizeof(keywords) / sizeof(keywords[0]))
		return error("%s, line %u: unknown keyword '%.*s' (table, fs, size, kernel, module, "
			     "cmdline, config, add, linux or initrd)",
			     at->path, at->line, (int)length, line);
	if (!*value)
		return error("%s, line %u: %s needs a value", at->path, at->line, keywords[i].name);
	expanded = expand(at, value);
	if (!expanded)
		return -1;
	result = add_setting(recipe, at, &keywords[i], expanded);
	free(expanded);
	return result;
}

int recipe_read(const char *path, struct recipe *recipe)
{
	FILE *file = fopen(path, "r");
	struct place at = { path, 0 };
	char line[LINE_MAX_BYTES];
	int result = 0;

	recipe->words = 0;
	recipe->count = recipe->capacity = 0;
	if (!file)
		return error("cannot read %s: %s", path, strerror(errno));
	while (result == 0 && fgets(line, sizeof(line), file)) {
		at.line++;
		if (!strchr(line, '\n') && !feof(file))
			result = error("%s, line %u: line too long", path, at.line);
		else
			result = read_line(recipe, &at, line);
	}
	if (result == 0 && ferror(file))
		result = error("cannot read %s", path);
	fclose(file);
	if (result != 0)
		recipe_free(recipe);
	return result;
}

void recipe_free(struct recipe *recipe)
{
	unsigned i;

	for (i = 0; i < recipe->count; i++)
		free(recipe->words[i]);
	free(recipe->words);
	recipe->words = 0;
	recipe->count = recipe->capacity = 0;
}
