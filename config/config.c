/* The configuration parser (docs/configuration.md). It reads a line at a
 * time and never allocates: words are unquoted in place, and each value the
 * configuration keeps is copied, NUL-terminated, to the front of the text,
 * behind the line being read (see store_value). */
#include "config/config.h"

#include <stdbool.h>

#include "config/sha256.h"

#define MAX_LINE CONFIG_LINE_MAX
#define MAX_VALUES 8    /* words after a keyword: `initrd PATH sha256=HEX PATH ...` */
#define MAX_MODULE_WORDS 4 /* `PATH optional isolated sha256=HEX` */
#define MAX_TIMEOUT 86400
#define SERIAL_CLOCK 115200 /* the UART's base rate: a speed must divide it */

/* A word of a line, after quotes and escapes were removed: not terminated. */
struct word {
	char *text;
	size_t length;
};

struct parser {
	char *text;
	size_t length;
	size_t next_line;     /* offset of the line after the current one */
	size_t stored;        /* bytes at the front of `text` holding kept values */
	unsigned line_number; /* of the current line */
	struct config_error *error;

	/* config_parse only */
	struct config *config;
	struct config_entry *entry; /* the entry being read; 0 before the first */
	bool entry_has_cmdline;
	bool entry_has_protocol;
	bool entry_has_restart;
	unsigned entry_line; /* of the current entry's `entry` line */
	bool has_string;    /* the `module` line being read has `-- STRING` */
	struct word string; /* its string */
	bool timeout_seen;
	unsigned default_line;
};

static int fail(struct parser *p, const char *message)
{
	p->error->line = p->line_number;
	p->error->message = message;
	p->error->subject = 0;
	return -1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool word_is(const struct word *word, const char *string)
{
	size_t i = 0;
	for (; i < word->length; i++)
		if (string[i] != word->text[i])
			return false; /* also stops at the end of `string` */
	return string[i] == '\0';
}

static bool word_starts_with(const struct word *word, const char *prefix)
{
	for (size_t i = 0; prefix[i]; i++)
		if (i == word->length || word->text[i] != prefix[i])
			return false;
	return true;
}

static bool strings_equal(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

static void parser_init(struct parser *p, char *text, size_t length, struct config_error *error)
{
	__builtin_memset(p, 0, sizeof *p);
	p->text = text;
	p->length = length;
	p->error = error;
	/* A UTF-8 byte order mark, as some Windows editors write it. */
	if (length >= 3 && (uint8_t)text[0] == 0xef && (uint8_t)text[1] == 0xbb &&
	    (uint8_t)text[2] == 0xbf)
		p->next_line = 3;
}

/* Finds the next line and cuts off its line ending, comment and trailing
 * blanks. Returns 1 with [*start, *end) set, 0 at the end of the text, -1 on
 * an error. Quotes are only checked here; next_word removes them. */
static int next_line(struct parser *p, char **start, char **end)
{
	if (p->next_line >= p->length)
		return 0;
	p->line_number++;
	char *line = p->text + p->next_line;
	size_t length = 0;
	while (p->next_line + length < p->length && line[length] != '\n') {
		if (line[length] == '\0')
			return fail(p, "NUL byte in the text");
		length++;
	}
	p->next_line += length + 1;
	if (length > 0 && line[length - 1] == '\r')
		length--;
	if (length > MAX_LINE)
		return fail(p, "line too long");

	bool quoted = false;
	size_t content = 0;
	for (; content < length; content++) {
		char c = line[content];
		if (quoted && c == '\\' && content + 1 < length)
			content++; /* an escaped character never ends the quote */
		else if (c == '"')
			quoted = !quoted;
		else if (c == '#' && !quoted)
			break;
	}
	if (quoted)
		return fail(p, "unterminated quote");
	while (content > 0 && is_blank(line[content - 1]))
		content--;
	*start = line;
	*end = line + content;
	return 1;
}

static char *skip_blanks(char *cursor, char *end)
{
	while (cursor < end && is_blank(*cursor))
		cursor++;
	return cursor;
}

/* Cuts the next word at `*cursor`: quoted parts lose their quotes, \" and
 * \\ inside them their backslash. The result is written over the word
 * itself, never longer than it. Returns false at the end of the line. */
static bool next_word(char **cursor, char *end, struct word *word)
{
	char *in = skip_blanks(*cursor, end);
	if (in == end)
		return false;
	char *out = in;
	bool quoted = false;
	word->text = in;
	while (in < end && (quoted || !is_blank(*in))) {
		char c = *in++;
		if (c == '"') {
			quoted = !quoted;
			continue;
		}
		if (quoted && c == '\\' && in < end && (*in == '"' || *in == '\\'))
			c = *in++;
		*out++ = c;
	}
	word->length = (size_t)(out - word->text);
	*cursor = in;
	return true;
}

/* Whether [start, end) is one quoted part and nothing else. */
static bool is_one_quoted_part(const char *start, const char *end)
{
	if (start == end || *start != '"')
		return false;
	for (const char *c = start + 1; c < end; c++) {
		if (*c == '\\' && c + 1 < end)
			c++;
		else if (*c == '"')
			return c == end - 1;
	}
	return false;
}

/* Copies a value to the front of the text and terminates it there. This
 * never reaches a byte not yet read: each kept value follows at least one
 * byte that is not kept (a blank, a line ending), and in a configuration the
 * first one follows a keyword. Only a module list whose last path ends the
 * text without a line break can lack the byte for the final NUL. */
static const char *store_value(struct parser *p, const struct word *word)
{
	if (word->length + 1 > p->length - p->stored) {
		fail(p, "no room: end the last line with a line break");
		return 0;
	}
	char *copy = p->text + p->stored;
	for (size_t i = 0; i < word->length; i++)
		copy[i] = word->text[i]; /* forward: copy <= word->text */
	copy[word->length] = '\0';
	p->stored += word->length + 1;
	return copy;
}

static int parse_number(struct parser *p, const struct word *word, uint32_t max, uint32_t *value)
{
	if (word->length == 0)
		return fail(p, "not a number");
	uint32_t n = 0;
	for (size_t i = 0; i < word->length; i++) {
		char c = word->text[i];
		if (c < '0' || c > '9')
			return fail(p, "not a number");
		uint32_t digit = (uint32_t)(c - '0');
		if (n > (max - digit) / 10)
			return fail(p, "number too large");
		n = n * 10 + digit;
	}
	*value = n;
	return 0;
}

/* The words a path may take besides `sha256=HEX`. */
enum file_words { PATH_ONLY = 0, MAY_BE_OPTIONAL = 1, MAY_BE_ISOLATED = 2 };

/* A path, then in any order `sha256=HEX` and, where allowed, `optional` and
 * `isolated`. */
static int parse_file(struct parser *p, const struct word *words, unsigned count,
		      unsigned allowed, struct config_file *file)
{
	__builtin_memset(file, 0, sizeof *file);
	if (words[0].length == 0 || words[0].text[0] != '/')
		return fail(p, "path not absolute");
	for (unsigned i = 1; i < count; i++) {
		const struct word *word = &words[i];
		if ((allowed & MAY_BE_OPTIONAL) && word_is(word, "optional")) {
			if (file->optional)
				return fail(p, "word given twice");
			file->optional = 1;
		} else if ((allowed & MAY_BE_ISOLATED) && word_is(word, "isolated")) {
			if (file->isolated)
				return fail(p, "word given twice");
			file->isolated = 1;
		} else if (word_starts_with(word, "sha256=")) {
			size_t prefix = sizeof "sha256=" - 1;
			if (file->has_sha256)
				return fail(p, "word given twice");
			if (sha256_from_hex(word->text + prefix, word->length - prefix, file->sha256))
				return fail(p, "bad sha256: want 64 hex digits");
			file->has_sha256 = 1;
		} else {
			return fail(p, "unknown word after the path");
		}
	}
	file->path = store_value(p, &words[0]);
	return file->path ? 0 : -1;
}

/* --- Keywords --------------------------------------------------------- */

static int parse_timeout(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->timeout_seen)
		return fail(p, "setting given twice");
	p->timeout_seen = true;
	uint32_t seconds;
	if (parse_number(p, &values[0], MAX_TIMEOUT, &seconds))
		return -1;
	p->config->timeout_seconds = seconds;
	return 0;
}

static int parse_default(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->config->default_entry)
		return fail(p, "setting given twice");
	p->default_line = p->line_number; /* checked once every entry is known */
	p->config->default_entry = store_value(p, &values[0]);
	return p->config->default_entry ? 0 : -1;
}

static int parse_serial(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->config->serial_baud)
		return fail(p, "setting given twice");
	uint32_t baud;
	if (parse_number(p, &values[0], UINT32_MAX, &baud))
		return -1;
	if (baud == 0 || SERIAL_CLOCK % baud != 0)
		return fail(p, "serial speed must divide 115200");
	p->config->serial_baud = baud;
	return 0;
}

static int parse_disk(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->config->disk)
		return fail(p, "setting given twice");
	if (word_is(&values[0], "bios"))
		p->config->disk = CONFIG_DISK_BIOS;
	else if (word_is(&values[0], "native"))
		p->config->disk = CONFIG_DISK_NATIVE;
	else
		return fail(p, "disk must be bios or native");
	return 0;
}

static int finish_entry(struct parser *p);

static int parse_entry(struct parser *p, const struct word *values, unsigned count)
{
	struct config *config = p->config;
	if (finish_entry(p))
		return -1;
	if (values[0].length == 0)
		return fail(p, "empty entry name");
	for (unsigned i = 0; i < config->entry_count; i++)
		if (word_is(&values[0], config->entries[i].name))
			return fail(p, "duplicate entry name");
	if (config->entry_count == CONFIG_MAX_ENTRIES)
		return fail(p, "too many entries");

	struct config_entry *entry = &config->entries[config->entry_count++];
	entry->name = store_value(p, &values[0]);
	entry->title = count > 1 ? store_value(p, &values[1]) : entry->name;
	entry->cmdline = "";
	entry->first_module = config->module_count;
	p->entry = entry;
	p->entry_has_cmdline = false;
	p->entry_has_protocol = false;
	p->entry_has_restart = false;
	p->entry_line = p->line_number;
	return entry->name && entry->title ? 0 : -1;
}

static int parse_kernel(struct parser *p, const struct word *values, unsigned count)
{
	if (p->entry->kernel.path)
		return fail(p, "second kernel in the entry");
	return parse_file(p, values, count, PATH_ONLY, &p->entry->kernel);
}

static int parse_cmdline(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->entry_has_cmdline)
		return fail(p, "second cmdline in the entry");
	p->entry_has_cmdline = true;
	p->entry->cmdline = store_value(p, &values[0]);
	return p->entry->cmdline ? 0 : -1;
}

enum module_kind { MODULE_ONE, MODULE_LIST, MODULE_RAW, MODULE_PROGRAM };

/* What may follow each kind's path. */
static const unsigned module_words[] = {
	[MODULE_ONE] = MAY_BE_OPTIONAL | MAY_BE_ISOLATED,
	[MODULE_LIST] = PATH_ONLY,
	[MODULE_RAW] = MAY_BE_OPTIONAL,
	[MODULE_PROGRAM] = MAY_BE_OPTIONAL,
};

static int add_module(struct parser *p, const struct word *values, unsigned count,
		      enum module_kind kind)
{
	struct config *config = p->config;
	if (config->module_count == CONFIG_MAX_MODULES)
		return fail(p, "too many modules");
	struct config_file *module = &config->modules[config->module_count];
	if (parse_file(p, values, count, module_words[kind], module))
		return -1;
	module->is_list = kind == MODULE_LIST;
	module->is_raw = kind == MODULE_RAW;
	module->is_program = kind == MODULE_PROGRAM;
	if (kind == MODULE_ONE)
		module->string = p->has_string ? store_value(p, &p->string) : module->path;
	if (kind == MODULE_ONE && !module->string)
		return -1;
	config->module_count++;
	p->entry->module_count++;
	return 0;
}

static int parse_module(struct parser *p, const struct word *values, unsigned count)
{
	return add_module(p, values, count, MODULE_ONE);
}

static int parse_modules(struct parser *p, const struct word *values, unsigned count)
{
	return add_module(p, values, count, MODULE_LIST);
}

static int parse_file_line(struct parser *p, const struct word *values, unsigned count)
{
	return add_module(p, values, count, MODULE_RAW);
}

static int parse_program(struct parser *p, const struct word *values, unsigned count)
{
	return add_module(p, values, count, MODULE_PROGRAM);
}

static int parse_isolation(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->entry->isolation != CONFIG_ISOLATION_AS_LISTED)
		return fail(p, "second isolation in the entry");
	if (word_is(&values[0], "none"))
		p->entry->isolation = CONFIG_ISOLATION_NONE;
	else if (word_is(&values[0], "all"))
		p->entry->isolation = CONFIG_ISOLATION_ALL;
	else
		return fail(p, "isolation must be none or all");
	return 0;
}

static const char *const protocol_names[CONFIG_PROTOCOL_COUNT] = {
	"ghostboot", "multiboot1", "multiboot2", "linux", "chainload",
};

bool config_module_isolated(const struct config_entry *entry, const struct config_file *ref)
{
	if (entry->isolation == CONFIG_ISOLATION_AS_LISTED)
		return ref->isolated;
	return entry->isolation == CONFIG_ISOLATION_ALL;
}

const char *config_protocol_name(enum config_protocol protocol)
{
	return protocol < CONFIG_PROTOCOL_COUNT ? protocol_names[protocol] : "?";
}

static int parse_protocol(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->entry_has_protocol)
		return fail(p, "second protocol in the entry");
	p->entry_has_protocol = true;
	for (unsigned i = 0; i < CONFIG_PROTOCOL_COUNT; i++) {
		if (word_is(&values[0], protocol_names[i])) {
			p->entry->protocol = (enum config_protocol)i;
			return 0;
		}
	}
	const char *name = store_value(p, &values[0]);
	fail(p, "unknown protocol");
	p->error->subject = name;
	return -1;
}

/* One decimal field of WIDTHxHEIGHTxBPP, up to the next 'x' or the end. */
static bool video_field(const struct word *word, size_t *at, uint32_t max, uint32_t *value)
{
	uint32_t n = 0;
	size_t start = *at;
	for (; *at < word->length && word->text[*at] != 'x'; (*at)++) {
		char c = word->text[*at];
		if (c < '0' || c > '9' || n > (max - (uint32_t)(c - '0')) / 10)
			return false;
		n = n * 10 + (uint32_t)(c - '0');
	}
	*value = n;
	return *at > start && n > 0;
}

static int parse_video(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	struct config_video *video = &p->entry->video;
	if (video->kind != CONFIG_VIDEO_NONE)
		return fail(p, "second video in the entry");
	if (word_is(&values[0], "text")) {
		video->kind = CONFIG_VIDEO_TEXT;
		return 0;
	}
	size_t at = 0;
	const struct word *w = &values[0];
	if (!video_field(w, &at, 65535, &video->width) || at++ == w->length ||
	    !video_field(w, &at, 65535, &video->height) || at++ == w->length ||
	    !video_field(w, &at, 32, &video->bpp) || at != w->length)
		return fail(p, "bad video mode: want WIDTHxHEIGHTxBPP or text");
	video->kind = CONFIG_VIDEO_MODE;
	return 0;
}

/* `restart N`: a module that faults may be restarted N times (docs/kernel.md). */
static int parse_restart(struct parser *p, const struct word *values, unsigned count)
{
	(void)count;
	if (p->entry_has_restart)
		return fail(p, "second restart in the entry");
	p->entry_has_restart = true;
	return parse_number(p, &values[0], CONFIG_RESTART_MAX, &p->entry->restart_limit);
}

/* --- Linux and chainloading (docs/linux.md) ---------------------------- */

/* `initrd PATH [sha256=HEX] PATH...`: each word starting with `/` begins
 * the next file; the files are concatenated in order, over all the entry's
 * `initrd` lines. */
static int parse_initrd(struct parser *p, const struct word *values, unsigned count)
{
	struct config *config = p->config;
	for (unsigned first = 0, next; first < count; first = next) {
		for (next = first + 1; next < count && !word_starts_with(&values[next], "/"); next++)
			;
		if (config->initrd_count == CONFIG_MAX_INITRDS)
			return fail(p, "too many initrd files");
		if (p->entry->initrd_count == 0)
			p->entry->first_initrd = config->initrd_count;
		if (parse_file(p, values + first, next - first, PATH_ONLY,
			       &config->initrds[config->initrd_count]))
			return -1;
		config->initrd_count++;
		p->entry->initrd_count++;
	}
	return 0;
}

/* `chainload partition N`, `chainload disk N` or `chainload PATH
 * [sha256=HEX]`, with `nosignature` anywhere after the first word. */
static int parse_chainload(struct parser *p, const struct word *values, unsigned count)
{
	struct config_chainload *c = &p->entry->chainload;
	if (c->kind != CONFIG_CHAINLOAD_NONE)
		return fail(p, "second chainload in the entry");
	struct word words[MAX_VALUES];
	unsigned n = 0;
	for (unsigned i = 0; i < count; i++) {
		if (i > 0 && word_is(&values[i], "nosignature")) {
			if (c->nosignature)
				return fail(p, "word given twice");
			c->nosignature = 1;
		} else {
			words[n++] = values[i];
		}
	}
	if (word_is(&words[0], "partition") || word_is(&words[0], "disk")) {
		if (n != 2)
			return fail(p, "chainload partition and disk take a number");
		bool disk = word_is(&words[0], "disk");
		/* Partitions count from 1, disks from 0 (BIOS drive 0x80 + N). */
		if (parse_number(p, &words[1], disk ? 0x7f : 0xffff, &c->number))
			return -1;
		if (!disk && c->number == 0)
			return fail(p, "partitions count from 1");
		c->kind = disk ? CONFIG_CHAINLOAD_DISK : CONFIG_CHAINLOAD_PARTITION;
		return 0;
	}
	c->kind = CONFIG_CHAINLOAD_FILE;
	return parse_file(p, words, n, PATH_ONLY, &c->file);
}

/* What an entry may not combine, checked as each of its lines is read. */
static int check_entry(struct parser *p, const struct config_entry *entry)
{
	if (entry->chainload.kind != CONFIG_CHAINLOAD_NONE && entry->kernel.path)
		return fail(p, "an entry chainloads or boots a kernel, not both");
	return 0;
}

/* Whether the entry asks for isolation: an `isolation` line, an `isolated`
 * module or a program. */
static bool uses_isolation(const struct config *config, const struct config_entry *entry)
{
	bool uses = entry->isolation != CONFIG_ISOLATION_AS_LISTED;
	for (unsigned i = 0; i < entry->module_count; i++) {
		const struct config_file *module = &config->modules[entry->first_module + i];
		uses |= module->isolated || module->is_program;
	}
	return uses;
}

/* Once all the entry's lines are read, in any order: a `chainload` line
 * makes the entry's protocol chainload, `initrd` needs protocol linux,
 * neither takes modules, and only protocol ghostboot isolates modules or
 * runs programs. Errors name the `entry` line. */
static int finish_entry(struct parser *p)
{
	struct config_entry *entry = p->entry;
	if (!entry)
		return 0;
	unsigned line = p->line_number;
	p->line_number = p->entry_line;
	int result = 0;
	if (entry->chainload.kind != CONFIG_CHAINLOAD_NONE) {
		if (p->entry_has_protocol && entry->protocol != CONFIG_PROTOCOL_CHAINLOAD)
			result = fail(p, "chainload in an entry of another protocol");
		entry->protocol = CONFIG_PROTOCOL_CHAINLOAD;
	} else if (entry->protocol == CONFIG_PROTOCOL_CHAINLOAD) {
		result = fail(p, "protocol chainload without a chainload line");
	}
	if (!result && entry->initrd_count && entry->protocol != CONFIG_PROTOCOL_LINUX)
		result = fail(p, "initrd needs protocol linux");
	if (!result && entry->module_count &&
	    (entry->protocol == CONFIG_PROTOCOL_LINUX || entry->protocol == CONFIG_PROTOCOL_CHAINLOAD))
		result = fail(p, "module, modules and file lines are not for protocol linux or chainload");
	if (!result && p->entry_has_restart && entry->protocol != CONFIG_PROTOCOL_GHOSTBOOT)
		result = fail(p, "restart needs protocol ghostboot");
	if (!result && entry->protocol != CONFIG_PROTOCOL_GHOSTBOOT && uses_isolation(p->config, entry))
		result = fail(p, "isolated, isolation and program are for protocol ghostboot");
	p->line_number = line;
	return result;
}

struct keyword {
	const char *name;
	unsigned max_values;
	bool in_entry;     /* only after an `entry` line */
	bool rest_of_line; /* the value is the rest of the line, as written */
	int (*parse)(struct parser *p, const struct word *values, unsigned count);
};

static const struct keyword keywords[] = {
	{"timeout", 1, false, false, parse_timeout},
	{"default", 1, false, false, parse_default},
	{"serial", 1, false, false, parse_serial},
	{"disk", 1, false, false, parse_disk},
	{"entry", 2, false, false, parse_entry},
	{"kernel", 2, true, false, parse_kernel},
	{"cmdline", 1, true, true, parse_cmdline},
	{"module", 4, true, false, parse_module},
	{"modules", 2, true, false, parse_modules},
	{"initrd", MAX_VALUES, true, false, parse_initrd},
	{"chainload", 3, true, false, parse_chainload},
	{"file", 3, true, false, parse_file_line},
	{"protocol", 1, true, false, parse_protocol},
	{"video", 1, true, false, parse_video},
	{"restart", 1, true, false, parse_restart},
	{"isolation", 1, true, false, parse_isolation},
	{"program", 2, true, false, parse_program},
};

static int read_rest_of_line(char *cursor, char *end, struct word *value);

/* Whether the next word is an unquoted `--`: the start of a module string. */
static bool at_dashes(char *cursor, char *end)
{
	cursor = skip_blanks(cursor, end);
	return end - cursor >= 2 && cursor[0] == '-' && cursor[1] == '-' &&
	       (end - cursor == 2 || is_blank(cursor[2]));
}

/* Reads the words after a keyword into `values`. Returns their count, or
 * -1 when there are more than `max`. With `string` set, an unquoted `--`
 * ends the words and the rest of the line becomes p->string. */
static int read_values(struct parser *p, char *cursor, char *end, struct word *values,
		       unsigned max, bool string)
{
	unsigned count = 0;
	struct word word;
	p->has_string = false;
	while (!(string && count > 0 && at_dashes(cursor, end)) &&
	       next_word(&cursor, end, &word)) {
		if (count == max)
			return fail(p, "too many words");
		values[count++] = word;
	}
	if (string && count > 0 && at_dashes(cursor, end)) {
		cursor = skip_blanks(cursor, end) + 2;
		p->has_string = true;
		p->string = (struct word){ cursor, 0 };
		read_rest_of_line(cursor, end, &p->string);
	}
	return (int)count;
}

/* `cmdline` keeps the rest of the line as written, so that quotes reach the
 * kernel; only a value that is one quoted part as a whole loses its quotes. */
static int read_rest_of_line(char *cursor, char *end, struct word *value)
{
	cursor = skip_blanks(cursor, end);
	if (cursor == end)
		return 0;
	if (is_one_quoted_part(cursor, end))
		return next_word(&cursor, end, value);
	value->text = cursor;
	value->length = (size_t)(end - cursor);
	return 1;
}

static int parse_config_line(struct parser *p, char *cursor, char *end)
{
	struct word name;
	if (!next_word(&cursor, end, &name))
		return 0; /* a blank or comment line */

	const struct keyword *keyword = 0;
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if (word_is(&name, keywords[i].name))
			keyword = &keywords[i];
	if (!keyword)
		return fail(p, "unknown keyword");
	if (keyword->in_entry && !p->entry)
		return fail(p, "keyword outside an entry");

	struct word values[MAX_VALUES];
	int count = keyword->rest_of_line
			    ? read_rest_of_line(cursor, end, values)
			    : read_values(p, cursor, end, values, keyword->max_values,
					  keyword->parse == parse_module);
	if (count < 0)
		return -1;
	if (count == 0)
		return fail(p, "keyword needs a value");
	if (keyword->parse(p, values, (unsigned)count))
		return -1;
	return keyword->in_entry ? check_entry(p, p->entry) : 0;
}

int config_parse(char *text, size_t length, struct config *config, struct config_error *error)
{
	struct parser p;
	parser_init(&p, text, length, error);
	p.config = config;
	__builtin_memset(config, 0, sizeof *config);

	char *start, *end;
	int found;
	while ((found = next_line(&p, &start, &end)) > 0)
		if (parse_config_line(&p, start, end))
			return -1;
	if (found < 0 || finish_entry(&p))
		return -1;

	if (config->default_entry) {
		for (unsigned i = 0; i < config->entry_count; i++)
			if (strings_equal(config->entries[i].name, config->default_entry))
				return 0;
		p.line_number = p.default_line;
		return fail(&p, "default names no entry");
	}
	return 0;
}

const struct config_entry *config_default_entry(const struct config *config)
{
	if (config->entry_count == 0)
		return 0;
	if (config->default_entry)
		for (unsigned i = 0; i < config->entry_count; i++)
			if (strings_equal(config->entries[i].name, config->default_entry))
				return &config->entries[i];
	/* No `default`, or one config_parse would have refused: the first. */
	return &config->entries[0];
}

int config_parse_module_list(char *text, size_t length, struct config_file *modules,
			     unsigned max, unsigned *count, struct config_error *error)
{
	struct parser p;
	parser_init(&p, text, length, error);

	/* *count only moves on success: a bad list adds nothing. */
	unsigned added = 0;
	char *start, *end;
	int found;
	while ((found = next_line(&p, &start, &end)) > 0) {
		struct word words[MAX_VALUES];
		int words_count = read_values(&p, start, end, words, MAX_MODULE_WORDS, false);
		if (words_count < 0)
			return -1;
		if (words_count == 0)
			continue;
		if (*count + added >= max)
			return fail(&p, "too many modules");
		struct config_file *module = &modules[*count + added];
		if (parse_file(&p, words, (unsigned)words_count, module_words[MODULE_ONE], module))
			return -1;
		module->string = module->path;
		added++;
	}
	if (found < 0)
		return -1;
	*count += added;
	return 0;
}
