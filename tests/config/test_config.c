/* The configuration parser: the example of docs/configuration.md, quoting,
 * comments, line endings, every error with its line number, module lists,
 * the default. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/config.h"
#include "tests/check.h"

/* The text the last parse cut up; the parsed strings point into it. Exactly
 * `length` bytes, so a write past the end shows under a memory checker. */
static char *text_buffer;

static char *fresh_copy(const char *text, size_t length)
{
	free(text_buffer);
	text_buffer = malloc(length ? length : 1);
	memcpy(text_buffer, text, length);
	return text_buffer;
}

static struct config config;
static struct config_error error;

static int parse_bytes(const char *text, size_t length)
{
	error.line = 0;
	error.message = 0;
	error.subject = 0;
	return config_parse(fresh_copy(text, length), length, &config, &error);
}

static int parse(const char *text)
{
	return parse_bytes(text, strlen(text));
}

static int same(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static const char documented_example[] =
	"timeout 0                 # seconds before the default entry boots; 0: at once\n"
	"default demo              # entry name, else the first entry\n"
	"serial 115200             # mirror the console on COM1\n"
	"\n"
	"entry demo \"Demo hybrid kernel\"\n"
	"    kernel /boot/kernel.elf\n"
	"    cmdline selftest\n"
	"    module /boot/modules/console.gbm\n"
	"    module /boot/modules/extra.gbm optional\n"
	"    modules /boot/modules.list     # a file naming one module path a line\n";

static void check_documented_structure(const char *how)
{
	const struct config_entry *e = &config.entries[0];
	CHECK(config.timeout_seconds == 0 && same(config.default_entry, "demo") &&
		      config.serial_baud == 115200,
	      "%s: global settings", how);
	CHECK(config.entry_count == 1 && same(e->name, "demo") &&
		      same(e->title, "Demo hybrid kernel") && same(e->cmdline, "selftest"),
	      "%s: the entry's name, title and cmdline", how);
	CHECK(same(e->kernel.path, "/boot/kernel.elf") && !e->kernel.has_sha256 &&
		      !e->kernel.optional && !e->kernel.is_list,
	      "%s: the kernel", how);
	CHECK(e->first_module == 0 && e->module_count == 3 && config.module_count == 3,
	      "%s: three modules belong to the entry", how);
	const struct config_file *m = config.modules;
	CHECK(same(m[0].path, "/boot/modules/console.gbm") && !m[0].optional && !m[0].is_list &&
		      same(m[1].path, "/boot/modules/extra.gbm") && m[1].optional &&
		      !m[1].is_list && same(m[2].path, "/boot/modules.list") &&
		      !m[2].optional && m[2].is_list,
	      "%s: module paths, optional and list flags", how);
	CHECK(config_default_entry(&config) == e, "%s: the default entry", how);
}

static void test_documented_example(void)
{
	CHECK(parse(documented_example) == 0, "documented example parses");
	check_documented_structure("documented example");

	/* The same text with CRLF line endings. */
	char crlf[sizeof documented_example * 2];
	size_t n = 0;
	for (const char *c = documented_example; *c; c++) {
		if (*c == '\n')
			crlf[n++] = '\r';
		crlf[n++] = *c;
	}
	CHECK(parse_bytes(crlf, n) == 0, "documented example with CRLF parses");
	check_documented_structure("CRLF");

	/* And without the line break at the end. */
	CHECK(parse_bytes(documented_example, strlen(documented_example) - 1) == 0,
	      "documented example without the final line break parses");
	check_documented_structure("no final line break");
}

struct error_case {
	const char *text;
	unsigned line;
	const char *message;
};

/* A valid pin: the digest of the empty file. */
static const char sha_ok[] =
	"sha256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

static void expect_error(const char *text, size_t length, unsigned line, const char *message)
{
	int status = parse_bytes(text, length);
	CHECK(status == -1 && error.line == line && same(error.message, message),
	      "error \"%s\" on line %u (got %d, line %u, \"%s\")", message, line, status,
	      error.line, error.message ? error.message : "");
}

static void test_errors(void)
{
	static const struct error_case cases[] = {
		{"timeout 1\nfoo bar\n", 2, "unknown keyword"},
		{"Timeout 1\n", 1, "unknown keyword"},
		{"timeout\n", 1, "keyword needs a value"},
		{"entry a\n  kernel   # no path\n", 2, "keyword needs a value"},
		{"entry a\n  cmdline\t\n", 2, "keyword needs a value"},
		{"entry\n", 1, "keyword needs a value"},
		{"timeout 1 2\n", 1, "too many words"},
		{"default a b\n", 1, "too many words"},
		{"entry a b c\n", 1, "too many words"},
		{"entry a\nkernel /k /k2 /k3\n", 2, "too many words"},
		{"entry a\nmodule /m optional optional optional\n", 2, "too many words"},
		{"timeout 1x\n", 1, "not a number"},
		{"timeout -1\n", 1, "not a number"},
		{"timeout \"\"\n", 1, "not a number"},
		{"serial fast\n", 1, "not a number"},
		{"timeout 86401\n", 1, "number too large"},
		{"serial 4294967296\n", 1, "number too large"},
		{"serial 1000\n", 1, "serial speed must divide 115200"},
		{"serial 0\n", 1, "serial speed must divide 115200"},
		{"serial 230400\n", 1, "serial speed must divide 115200"},
		{"\nkernel /k\n", 2, "keyword outside an entry"},
		{"cmdline x\n", 1, "keyword outside an entry"},
		{"module /m\n", 1, "keyword outside an entry"},
		{"modules /l\n", 1, "keyword outside an entry"},
		{"entry a\nkernel /k\nentry b\nentry a\n", 4, "duplicate entry name"},
		{"entry \"\"\n", 1, "empty entry name"},
		{"entry a\nkernel /k\n\nkernel /k2\n", 4, "second kernel in the entry"},
		{"entry a\ncmdline x\ncmdline y\n", 3, "second cmdline in the entry"},
		{"timeout 1\ntimeout 1\n", 2, "setting given twice"},
		{"default a\nentry a\ndefault a\n", 3, "setting given twice"},
		{"serial 9600\nserial 9600\n", 2, "setting given twice"},
		{"disk bios\ndisk native\n", 2, "setting given twice"},
		{"disk fast\n", 1, "disk must be bios or native"},
		{"disk\n", 1, "keyword needs a value"},
		{"disk bios native\n", 1, "too many words"},
		{"entry a\nkernel boot/k\n", 2, "path not absolute"},
		{"entry a\nmodule \"\"\n", 2, "path not absolute"},
		{"entry a\nmodules l\n", 2, "path not absolute"},
		{"entry a\nkernel /k sha256=abc\n", 2, "bad sha256: want 64 hex digits"},
		{"entry a\nkernel /k sha256=\n", 2, "bad sha256: want 64 hex digits"},
		{"entry a\nmodule /m sha256="
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85x\n",
		 2, "bad sha256: want 64 hex digits"},
		{"entry a\nmodule /m sha256="
		 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8555\n",
		 2, "bad sha256: want 64 hex digits"},
		{"entry a\nmodule /m optional optional\n", 2, "word given twice"},
		{"entry a\nmodule /m opt\n", 2, "unknown word after the path"},
		{"entry a\nkernel /k optional\n", 2, "unknown word after the path"},
		{"entry a\nmodules /l optional\n", 2, "unknown word after the path"},
		{"entry a\nmodule /m SHA256=00\n", 2, "unknown word after the path"},
		{"entry a \"Title\n", 1, "unterminated quote"},
		{"entry a \"Title\\\"\n", 1, "unterminated quote"},
		{"entry a\ncmdline init=\"/bin/sh -x\n", 2, "unterminated quote"},
		{"entry a\nkernel /k # a \"quote\" in a comment is fine\ncmdline \"x\n", 3,
		 "unterminated quote"},
		{"default x\nentry a\nentry b\n", 1, "default names no entry"},
		{"default \"\"\nentry a\n", 1, "default names no entry"},
		{"timeout 1\r\nfoo\r\n", 2, "unknown keyword"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(cases[i].text, strlen(cases[i].text), cases[i].line, cases[i].message);

	char twice[300];
	snprintf(twice, sizeof twice, "entry a\nmodule /m %s %s\n", sha_ok, sha_ok);
	expect_error(twice, strlen(twice), 2, "word given twice");

	static const char nul[] = "timeout 1\nentry a\0b\n";
	expect_error(nul, sizeof nul - 1, 2, "NUL byte in the text");
}

/* Generated texts of many lines. */
static char big[64 * 1024];

static void test_limits(void)
{
	/* 1024 bytes of a line are fine, comment included; 1025 are not. */
	size_t n = (size_t)snprintf(big, sizeof big, "timeout 1 #");
	while (n < 1024)
		big[n++] = 'x';
	big[n++] = '\n';
	CHECK(parse_bytes(big, n) == 0, "a line of 1024 bytes is fine");
	memmove(big + 1, big, n);
	big[0] = '\n';
	big[n] = 'x';
	big[n + 1] = '\n';
	expect_error(big, n + 2, 2, "line too long");

	n = 0;
	for (int i = 0; i < CONFIG_MAX_ENTRIES; i++)
		n += (size_t)sprintf(big + n, "entry e%d\n  kernel /k\n", i);
	CHECK(parse_bytes(big, n) == 0 && config.entry_count == CONFIG_MAX_ENTRIES,
	      "%d entries are fine", CONFIG_MAX_ENTRIES);
	n += (size_t)sprintf(big + n, "entry one-more\n");
	expect_error(big, n, 2 * CONFIG_MAX_ENTRIES + 1, "too many entries");

	/* The module limit counts over all entries. */
	n = (size_t)sprintf(big, "entry a\n");
	for (int i = 0; i < CONFIG_MAX_MODULES; i++)
		n += (size_t)sprintf(big + n, "%s/m%d\n", i == 64 ? "entry b\nmodule " : "module ", i);
	CHECK(parse_bytes(big, n) == 0 && config.module_count == CONFIG_MAX_MODULES &&
		      config.entries[0].module_count == 64 &&
		      config.entries[1].first_module == 64 && config.entries[1].module_count == 64,
	      "%d modules over two entries are fine", CONFIG_MAX_MODULES);
	n += (size_t)sprintf(big + n, "modules /one-more\n");
	expect_error(big, n, CONFIG_MAX_MODULES + 3, "too many modules");
}

static void test_quoting(void)
{
	CHECK(parse("entry \"my entry\" \"Say \\\"hi\\\" \\\\ bye\"\n"
		    "kernel \"/boot/my kernel.elf\"\n"
		    "module /boot/\"two words\"/m.gbm\n"
		    "module /a\\b \"optional\"\n"
		    "module \"/c\\d\"\n"
		    "entry x \"C:\\dir # not a comment\"\n") == 0,
	      "quoted values parse");
	CHECK(same(config.entries[0].name, "my entry"), "a quoted name keeps its blank");
	CHECK(same(config.entries[0].title, "Say \"hi\" \\ bye"),
	      "\\\" and \\\\ inside quotes are unescaped");
	CHECK(same(config.entries[0].kernel.path, "/boot/my kernel.elf"), "a quoted path");
	CHECK(same(config.modules[0].path, "/boot/two words/m.gbm"),
	      "a quoted part inside a word joins it");
	CHECK(same(config.modules[1].path, "/a\\b") && config.modules[1].optional,
	      "a backslash outside quotes is kept; a quoted keyword word still counts");
	CHECK(same(config.modules[2].path, "/c\\d"),
	      "a backslash before another character is kept inside quotes");
	CHECK(same(config.entries[1].title, "C:\\dir # not a comment"),
	      "# inside quotes is not a comment");
}

static void test_comments_and_blanks(void)
{
	CHECK(parse("# a comment line\n"
		    "   # an indented one\n"
		    "\t\n"
		    "timeout 5# right after a word\n"
		    "\tentry\ta\t\"A\"\t\n"
		    "kernel /k#x\n"
		    "   \n") == 0,
	      "comments, blank lines, tabs and indentation parse");
	CHECK(config.timeout_seconds == 5 && config.entry_count == 1 && same(config.entries[0].title, "A"),
	      "a # right after a word starts a comment");
	CHECK(same(config.entries[0].kernel.path, "/k"), "a # inside a path starts a comment");

	CHECK(parse("") == 0 && config.entry_count == 0 && config_default_entry(&config) == 0,
	      "an empty text has no entry and no default");
	CHECK(parse("# only a comment") == 0 && config.entry_count == 0,
	      "a text of one comment has no entry");
	CHECK(parse("\xef\xbb\xbftimeout 3\n") == 0 && config.timeout_seconds == 3,
	      "a UTF-8 byte order mark is skipped");
}

static void test_cmdline(void)
{
	static const struct {
		const char *line;
		const char *cmdline;
	} cases[] = {
		{"cmdline selftest", "selftest"},
		{"cmdline   console=ttyS0  quiet\t # comment", "console=ttyS0  quiet"},
		{"cmdline \"a b # c\"", "a b # c"},
		{"cmdline \"say \\\"x\\\"\"", "say \"x\""},
		{"cmdline \"\"", ""},
		{"cmdline init=\"/bin/sh -x\" ro", "init=\"/bin/sh -x\" ro"},
		{"cmdline \"a\" \"b\"", "\"a\" \"b\""},
		{"cmdline a\\b \"c\\\"d\"", "a\\b \"c\\\"d\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char text[200];
		snprintf(text, sizeof text, "entry a\n%s\n", cases[i].line);
		CHECK(parse(text) == 0 && same(config.entries[0].cmdline, cases[i].cmdline),
		      "`%s` gives the command line `%s`", cases[i].line, cases[i].cmdline);
	}
	CHECK(parse("entry a\nkernel /k\n") == 0 && same(config.entries[0].cmdline, ""),
	      "an entry without cmdline has an empty one");
}

static void test_entries(void)
{
	char text[400];
	snprintf(text, sizeof text,
		 "entry first\n"
		 "entry second\n"
		 "  kernel /k2 %s\n"
		 "  module /m sha256=E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855 optional\n"
		 "timeout 7\n",
		 sha_ok);
	CHECK(parse(text) == 0 && config.entry_count == 2, "entries, and a setting after them");
	CHECK(config.entries[0].kernel.path == 0 && config.entries[0].module_count == 0,
	      "an entry without a kernel is accepted");
	CHECK(same(config.entries[0].title, "first"), "the title defaults to the name");
	const struct config_file *k = &config.entries[1].kernel;
	CHECK(k->has_sha256 && k->sha256[0] == 0xe3 && k->sha256[31] == 0x55,
	      "a kernel's sha256 is parsed");
	const struct config_file *m = &config.modules[0];
	CHECK(config.entries[1].first_module == 0 && config.entries[1].module_count == 1 &&
		      m->has_sha256 && m->optional && m->sha256[1] == 0xb0,
	      "a module's words in any order, hex in upper case");
	CHECK(config.timeout_seconds == 7 && config.default_entry == 0,
	      "a global setting after the entries counts");
	CHECK(config_default_entry(&config) == &config.entries[0],
	      "without default, the first entry is the default");

	CHECK(parse("default second\nentry first\nentry second\nentry third\n") == 0 &&
		      config_default_entry(&config) == &config.entries[1],
	      "default names the second entry");
	config.default_entry = "gone";
	CHECK(config_default_entry(&config) == &config.entries[0],
	      "a default naming no entry falls back to the first");

	/* The last value ends the text: it is copied to make room for its NUL. */
	CHECK(parse("entry a b") == 0 && same(config.entries[0].name, "a") &&
		      same(config.entries[0].title, "b"),
	      "an entry line ending the text without a line break");
	CHECK(parse("default x\nentry x\ncmdline selftest") == 0 &&
		      same(config.entries[0].cmdline, "selftest") && same(config.default_entry, "x"),
	      "a cmdline ending the text without a line break");
}

static void test_module_list(void)
{
	struct config_file modules[4];
	unsigned count = 1; /* one already there: the list appends */
	char text[400];
	int n = snprintf(text, sizeof text,
			 "# modules of the demo\r\n"
			 "/boot/modules/a.gbm\r\n"
			 "\r\n"
			 "  \"/boot/modules/b c.gbm\"  optional  # spaced\n"
			 "/boot/modules/d.gbm %s optional\n",
			 sha_ok);
	int status = config_parse_module_list(fresh_copy(text, (size_t)n), (size_t)n, modules, 4,
					      &count, &error);
	CHECK(status == 0 && count == 4, "a module list appends three modules");
	CHECK(same(modules[1].path, "/boot/modules/a.gbm") && !modules[1].optional &&
		      !modules[1].has_sha256 && !modules[1].is_list,
	      "module list: a bare path");
	CHECK(same(modules[2].path, "/boot/modules/b c.gbm") && modules[2].optional,
	      "module list: a quoted path, optional");
	CHECK(same(modules[3].path, "/boot/modules/d.gbm") && modules[3].optional &&
		      modules[3].has_sha256 && modules[3].sha256[0] == 0xe3,
	      "module list: sha256 and optional in any order");

	count = 2;
	static const char too_many[] = "/a\n/b\n/c\n";
	status = config_parse_module_list(fresh_copy(too_many, 9), 9, modules, 4, &count, &error);
	CHECK(status == -1 && error.line == 3 && same(error.message, "too many modules") && count == 2,
	      "module list: too many modules on line 3; nothing added");

	static const struct error_case cases[] = {
		{"/a\nb\n", 2, "path not absolute"},
		{"/a\n\n/b maybe\n", 3, "unknown word after the path"},
		{"/a sha256=12\n", 1, "bad sha256: want 64 hex digits"},
		{"/a optional optional optional\n", 1, "too many words"},
		{"/a \"b\n", 1, "unterminated quote"},
		{"/a\n/b", 2, "no room: end the last line with a line break"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t length = strlen(cases[i].text);
		count = 0;
		status = config_parse_module_list(fresh_copy(cases[i].text, length), length, modules,
						  4, &count, &error);
		CHECK(status == -1 && count == 0 && error.line == cases[i].line &&
			      same(error.message, cases[i].message),
		      "module list: \"%s\" on line %u", cases[i].message, cases[i].line);
	}

	count = 0;
	status = config_parse_module_list(fresh_copy(" /a\n/b", 6), 6, modules, 4, &count, &error);
	CHECK(status == 0 && count == 2 && same(modules[0].path, "/a") && same(modules[1].path, "/b"),
	      "module list: one spare byte is room enough without a final line break");
}

/* `initrd` and `chainload` (docs/linux.md). */
static void test_linux_and_chainload(void)
{
	CHECK(parse("entry l\n kernel /vmlinuz\n protocol linux\n initrd /a.img /b.img sha256="
		    "0000000000000000000000000000000000000000000000000000000000000000\n"
		    " initrd /c.img\nentry m\n initrd /d.img\n protocol linux\n") == 0 &&
		      config.initrd_count == 4 && config.entries[0].first_initrd == 0 &&
		      config.entries[0].initrd_count == 3 && same(config.initrds[0].path, "/a.img") &&
		      config.entries[0].protocol == CONFIG_PROTOCOL_LINUX &&
		      !config.initrds[0].has_sha256 && config.initrds[1].has_sha256 &&
		      same(config.initrds[2].path, "/c.img") && config.entries[1].first_initrd == 3 &&
		      config.entries[1].initrd_count == 1,
	      "initrd: paths in order over the entry's lines, each with its pin");
	CHECK(parse("entry c\n chainload partition 2\n") == 0 &&
		      config.entries[0].chainload.kind == CONFIG_CHAINLOAD_PARTITION &&
		      config.entries[0].chainload.number == 2 && !config.entries[0].chainload.nosignature &&
		      config.entries[0].protocol == CONFIG_PROTOCOL_CHAINLOAD,
	      "chainload partition N, the entry's protocol then chainload");
	CHECK(parse("entry c\n protocol chainload\n chainload partition 2\n") == 0 &&
		      config.entries[0].protocol == CONFIG_PROTOCOL_CHAINLOAD,
	      "chainload with protocol chainload");
	CHECK(parse("entry c\n chainload disk 1 nosignature\n") == 0 &&
		      config.entries[0].chainload.kind == CONFIG_CHAINLOAD_DISK &&
		      config.entries[0].chainload.number == 1 && config.entries[0].chainload.nosignature,
	      "chainload disk N nosignature");
	CHECK(parse("entry c\n chainload /boot/dos.bin\n") == 0 &&
		      config.entries[0].chainload.kind == CONFIG_CHAINLOAD_FILE &&
		      same(config.entries[0].chainload.file.path, "/boot/dos.bin") &&
		      !config.entries[0].chainload.file.has_sha256,
	      "chainload FILE");
	CHECK(parse("entry c\n chainload /dos.bin nosignature sha256="
		    "0000000000000000000000000000000000000000000000000000000000000000\n") == 0 &&
		      config.entries[0].chainload.file.has_sha256 &&
		      config.entries[0].chainload.nosignature,
	      "chainload FILE, its pin and nosignature in any order");
	static const struct {
		const char *text;
		unsigned line;
		const char *message;
	} cases[] = {
		{ "entry c\n chainload disk 1\n chainload disk 2\n", 3, "second chainload in the entry" },
		{ "entry c\n chainload partition\n", 2, "chainload partition and disk take a number" },
		{ "entry c\n chainload partition 0\n", 2, "partitions count from 1" },
		{ "entry c\n chainload disk 128\n", 2, "number too large" },
		{ "entry c\n chainload disk x\n", 2, "not a number" },
		{ "entry c\n chainload dos.bin\n", 2, "path not absolute" },
		{ "entry c\n chainload /a /b\n", 2, "unknown word after the path" },
		{ "entry c\n chainload /a nosignature nosignature\n", 2, "word given twice" },
		{ "entry c\n chainload disk 1 2\n", 2, "chainload partition and disk take a number" },
		{ "entry c\n kernel /k\n chainload disk 1\n", 3,
		  "an entry chainloads or boots a kernel, not both" },
		{ "entry c\n chainload disk 1\n initrd /i\n", 1, "initrd needs protocol linux" },
		{ "entry l\n kernel /k\n initrd /i\nentry m\n", 1, "initrd needs protocol linux" },
		{ "entry c\n protocol linux\n chainload disk 1\n", 1,
		  "chainload in an entry of another protocol" },
		{ "entry a\nentry c\n protocol chainload\n", 2,
		  "protocol chainload without a chainload line" },
		{ "entry l\n protocol linux\n module /m\n", 1,
		  "module, modules and file lines are not for protocol linux or chainload" },
		{ "entry l\n initrd i\n", 2, "path not absolute" },
		{ "entry l\n initrd /i optional\n", 2, "unknown word after the path" },
		{ "initrd /i\n", 1, "keyword outside an entry" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(cases[i].text, strlen(cases[i].text), cases[i].line, cases[i].message);
	char many[64 * (CONFIG_MAX_INITRDS + 1)] = "entry l\n protocol linux\n";
	for (unsigned i = 0; i <= CONFIG_MAX_INITRDS; i++)
		strcat(many, " initrd /i\n");
	expect_error(many, strlen(many), CONFIG_MAX_INITRDS + 3, "too many initrd files");
}

/* protocol, video, file, and module strings after `--`. */
/* `disk`: native drivers unless `disk bios`. */
static void test_disk(void)
{
	CHECK(parse("entry a\nkernel /k\n") == 0 && config.disk == CONFIG_DISK_UNSET,
	      "no disk line: unset, which stage 2 takes as native");
	CHECK(parse("disk bios\nentry a\nkernel /k\n") == 0 && config.disk == CONFIG_DISK_BIOS,
	      "disk bios");
	CHECK(parse("disk native\nentry a\nkernel /k\n") == 0 && config.disk == CONFIG_DISK_NATIVE,
	      "disk native");
}

/* `restart N`: 0 unless given, per entry, ghostboot entries only. */
static void test_restart(void)
{
	CHECK(parse("entry a\nkernel /k\n") == 0 && config.entries[0].restart_limit == 0,
	      "no restart line: 0 restarts");
	CHECK(parse("entry a\nkernel /k\nrestart 3\nentry b\nkernel /k\n") == 0 &&
		      config.entries[0].restart_limit == 3 && config.entries[1].restart_limit == 0,
	      "restart 3 belongs to its entry alone");
	CHECK(parse("entry a\nrestart 100\n") == 0 && config.entries[0].restart_limit == 100,
	      "restart 100, the largest");
	static const struct {
		const char *text;
		unsigned line;
		const char *message;
	} cases[] = {
		{ "entry a\n restart 101\n", 2, "number too large" },
		{ "entry a\n restart -1\n", 2, "not a number" },
		{ "entry a\n restart 1 2\n", 2, "too many words" },
		{ "entry a\n restart 1\n restart 1\n", 3, "second restart in the entry" },
		{ "restart 1\n", 1, "keyword outside an entry" },
		{ "entry l\n protocol linux\n restart 1\n", 1, "restart needs protocol ghostboot" },
		{ "entry m\n restart 2\n protocol multiboot2\nentry n\n", 1,
		  "restart needs protocol ghostboot" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(cases[i].text, strlen(cases[i].text), cases[i].line, cases[i].message);
}

static void test_protocols(void)
{
	static const char text[] =
		"entry mb\n"
		"  protocol multiboot2\n"
		"  kernel /boot/xen\n"
		"  video 1024x768x32\n"
		"  module /boot/initrd -- root=/dev/sda1 \"quiet mode\"  # comment\n"
		"  module /boot/m2 optional --\n"
		"  module /boot/m3 -- \"a # b\"\n"
		"  module \"/boot/--\" optional\n"
		"entry native\n"
		"  kernel /k\n"
		"  file /boot/font.psf optional\n"
		"  video text\n"
		"entry plain\n";
	CHECK(parse(text) == 0 && config.entry_count == 3, "protocol, video, file and module "
							   "strings parse");
	const struct config_entry *mb = &config.entries[0];
	CHECK(mb->protocol == CONFIG_PROTOCOL_MULTIBOOT2 && same(config_protocol_name(mb->protocol),
								  "multiboot2"),
	      "protocol multiboot2");
	CHECK(mb->video.kind == CONFIG_VIDEO_MODE && mb->video.width == 1024 &&
		      mb->video.height == 768 && mb->video.bpp == 32,
	      "video 1024x768x32");
	CHECK(mb->module_count == 4 && same(config.modules[0].string,
					   "root=/dev/sda1 \"quiet mode\"") &&
		      same(config.modules[0].path, "/boot/initrd") && !config.modules[0].optional,
	      "the text after -- is the module's string, as written");
	CHECK(same(config.modules[1].string, "") && config.modules[1].optional,
	      "a -- with nothing after it gives an empty string");
	CHECK(same(config.modules[2].string, "a # b"), "a -- \"...\" string loses its quotes");
	CHECK(same(config.modules[3].path, "/boot/--") && same(config.modules[3].string, "/boot/--"),
	      "a quoted path -- is a path; without -- the string is the path");
	const struct config_entry *native = &config.entries[1];
	const struct config_file *font = &config.modules[native->first_module];
	CHECK(native->protocol == CONFIG_PROTOCOL_GHOSTBOOT && native->module_count == 1 &&
		      font->is_raw && font->optional && same(font->path, "/boot/font.psf") &&
		      native->video.kind == CONFIG_VIDEO_TEXT,
	      "file lines are raw files; video text");
	CHECK(config.entries[2].protocol == CONFIG_PROTOCOL_GHOSTBOOT &&
		      config.entries[2].video.kind == CONFIG_VIDEO_NONE,
	      "without protocol and video: ghostboot, no video");

	static const char *const names[] = { "ghostboot", "multiboot1", "multiboot2", "linux",
					     "chainload" };
	for (unsigned i = 0; i < 5; i++) {
		char line[64];
		/* a chainload entry needs its chainload line */
		snprintf(line, sizeof line, "entry e\nprotocol %s\n%s", names[i],
			 i == CONFIG_PROTOCOL_CHAINLOAD ? "chainload disk 1\n" : "");
		CHECK(parse(line) == 0 && config.entries[0].protocol == (enum config_protocol)i,
		      "protocol %s", names[i]);
	}
	CHECK(parse("entry e\nprotocol multiboot3\n") == -1 && error.line == 2 &&
		      same(error.message, "unknown protocol") && same(error.subject, "multiboot3"),
	      "an unknown protocol is named");
	CHECK(parse("x") == -1 && error.subject == 0, "other errors name no word");

	static const struct error_case cases[] = {
		{"protocol ghostboot\n", 1, "keyword outside an entry"},
		{"entry e\nprotocol multiboot1\nprotocol multiboot1\n", 3,
		 "second protocol in the entry"},
		{"entry e\nprotocol\n", 2, "keyword needs a value"},
		{"entry e\nprotocol a b\n", 2, "too many words"},
		{"entry e\nvideo text\nvideo text\n", 3, "second video in the entry"},
		{"entry e\nvideo 1024x768\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo 1024x768x\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo 0x768x32\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo 1024x768x33\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo 65536x768x32\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo 1024x768x32x1\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo -1x768x32\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nvideo Text\n", 2, "bad video mode: want WIDTHxHEIGHTxBPP or text"},
		{"entry e\nfile boot/x\n", 2, "path not absolute"},
		{"entry e\nfile /x -- s\n", 2, "unknown word after the path"},
		{"entry e\nmodule -- s\n", 2, "path not absolute"},
		{"entry e\nmodule /m a b c -- s\n", 2, "too many words"},
		{"entry e\nmodule /m \"--\" s\n", 2, "unknown word after the path"},
		{"entry e\nmodule /m --x\n", 2, "unknown word after the path"},
		{"file /x\n", 1, "keyword outside an entry"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		expect_error(cases[i].text, strlen(cases[i].text), cases[i].line, cases[i].message);
}

int main(void)
{
	test_documented_example();
	test_errors();
	test_limits();
	test_quoting();
	test_comments_and_blanks();
	test_cmdline();
	test_entries();
	test_module_list();
	test_linux_and_chainload();
	test_protocols();
	test_disk();
	test_restart();
	free(text_buffer);
	CHECK_EXIT();
}
