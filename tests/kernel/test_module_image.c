/* Host test of kernel/module_image.c: the built sample modules pass, and
 * damaged copies fail with a reason, without a read outside the image.
 * Reads the sample modules in $BUILD/modules (BUILD defaults to "build"). */
#include <elf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kernel/module_image.h"
#include "kernel/reason.h"
#include "tests/check.h"

struct file {
	uint8_t *bytes;
	size_t size;
};

static struct file read_file(const char *path)
{
	struct file f = { 0 };
	FILE *in = fopen(path, "rb");
	if (!in) {
		fprintf(stderr, "cannot open %s\n", path);
		exit(1);
	}
	fseek(in, 0, SEEK_END);
	f.size = (size_t)ftell(in);
	rewind(in);
	f.bytes = malloc(f.size);
	if (!f.bytes || fread(f.bytes, 1, f.size, in) != f.size) {
		fprintf(stderr, "cannot read %s\n", path);
		exit(1);
	}
	fclose(in);
	return f;
}

/* A copy of the image ending right before an inaccessible page, so that a
 * read past its end faults instead of passing unnoticed. */
static uint8_t *guarded;
static size_t guarded_room;

static const uint8_t *place_guarded(const uint8_t *bytes, size_t size)
{
	long page = sysconf(_SC_PAGESIZE);
	if (!guarded) {
		guarded_room = (size_t)page * 64;
		guarded = mmap(NULL, guarded_room + (size_t)page, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (guarded == MAP_FAILED || mprotect(guarded + guarded_room, (size_t)page, PROT_NONE)) {
			perror("mmap");
			exit(1);
		}
	}
	if (size > guarded_room) {
		fprintf(stderr, "module too large for the test\n");
		exit(1);
	}
	uint8_t *at = guarded + guarded_room - size;
	memcpy(at, bytes, size);
	return at;
}

static bool check(const uint8_t *bytes, size_t size, const char *name, char *why)
{
	struct module_image image;
	return module_image_check(place_guarded(bytes, size), size, name, &image, why);
}

static void expect_pass(const struct file *f, const char *name)
{
	char why[REASON_MAX] = "";
	char label[128];
	snprintf(label, sizeof label, "module %s passes", name);
	bool passed = check(f->bytes, f->size, name, why);
	CHECK(passed, "%s%s%s", label, passed ? "" : ": ", passed ? "" : why);
}

/* Damages a copy with `damage` and expects the check to fail. */
static void expect_fail(const struct file *f, const char *name, const char *label,
			void (*damage)(uint8_t *bytes, size_t *size))
{
	uint8_t *copy = malloc(f->size);
	size_t size = f->size;
	memcpy(copy, f->bytes, size);
	damage(copy, &size);
	char why[REASON_MAX] = "";
	bool passed = check(copy, size, name, why);
	char text[256];
	snprintf(text, sizeof text, "rejects %s (%s)", label, passed ? "accepted" : why);
	CHECK(!passed, "%s", text);
	free(copy);
}

/* Helpers reading the (intact) test module with glibc's <elf.h>. */
static Elf64_Ehdr *ehdr(uint8_t *b)
{
	return (Elf64_Ehdr *)b;
}

static Elf64_Shdr *shdr(uint8_t *b, unsigned i)
{
	return (Elf64_Shdr *)(b + ehdr(b)->e_shoff) + i;
}

static Elf64_Shdr *find_section(uint8_t *b, const char *name)
{
	Elf64_Shdr *names = shdr(b, ehdr(b)->e_shstrndx);
	for (unsigned i = 0; i < ehdr(b)->e_shnum; i++) {
		if (!strcmp((char *)b + names->sh_offset + shdr(b, i)->sh_name, name))
			return shdr(b, i);
	}
	fprintf(stderr, "no section %s in the test module\n", name);
	exit(1);
}

static struct gb_module_info *info(uint8_t *b)
{
	return (struct gb_module_info *)(b + find_section(b, ".gbmodinfo")->sh_offset);
}

static void cut_to_header(uint8_t *b, size_t *size) { (void)b; *size = 63; }
static void cut_in_half(uint8_t *b, size_t *size) { (void)b; *size /= 2; }
static void cut_last_byte(uint8_t *b, size_t *size) { (void)b; *size -= 1; }
static void bad_magic(uint8_t *b, size_t *size) { (void)size; b[1] = 'X'; }
static void class32(uint8_t *b, size_t *size) { (void)size; b[EI_CLASS] = ELFCLASS32; }
static void big_endian(uint8_t *b, size_t *size) { (void)size; b[EI_DATA] = ELFDATA2MSB; }
static void executable(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_type = ET_EXEC; }
static void i386(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_machine = EM_386; }
static void shentsize(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shentsize = 40; }
static void no_sections(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shnum = 0; }
static void many_sections(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shnum = 0xfe00; }
static void shoff_past_end(uint8_t *b, size_t *size) { ehdr(b)->e_shoff = *size; }
static void shoff_wraps(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shoff = ~0ull - 63; }
static void shstrndx_out(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shstrndx = ehdr(b)->e_shnum; }
static void shstrndx_undef(uint8_t *b, size_t *size) { (void)size; ehdr(b)->e_shstrndx = 0; }

static void section_past_end(uint8_t *b, size_t *size)
{
	find_section(b, ".text")->sh_offset = *size - 1;
}

static void section_size_wraps(uint8_t *b, size_t *size)
{
	(void)size;
	find_section(b, ".text")->sh_size = ~0ull - 8;
}

static void names_not_strtab(uint8_t *b, size_t *size)
{
	(void)size;
	shdr(b, ehdr(b)->e_shstrndx)->sh_type = SHT_PROGBITS;
}

static void names_out_of_range(uint8_t *b, size_t *size)
{
	(void)size;
	for (unsigned i = 0; i < ehdr(b)->e_shnum; i++)
		shdr(b, i)->sh_name = 0xfffffff0u;
}

static void info_renamed(uint8_t *b, size_t *size)
{
	(void)size;
	Elf64_Shdr *s = find_section(b, ".gbmodinfo");
	b[shdr(b, ehdr(b)->e_shstrndx)->sh_offset + s->sh_name + 9] = 'X';
}

static void info_truncated(uint8_t *b, size_t *size)
{
	(void)size;
	find_section(b, ".gbmodinfo")->sh_size = 48;
}

static void info_nobits(uint8_t *b, size_t *size)
{
	(void)size;
	find_section(b, ".gbmodinfo")->sh_type = SHT_NOBITS;
}

static void info_bad_magic(uint8_t *b, size_t *size) { (void)size; info(b)->magic ^= 1; }
static void info_bad_abi(uint8_t *b, size_t *size) { (void)size; info(b)->abi_version = 2; }
static void info_name_unterminated(uint8_t *b, size_t *size)
{
	(void)size;
	memset(info(b)->name, 'a', sizeof info(b)->name);
}

/* The module's name in the table must match: checked against another name. */
static void nothing(uint8_t *b, size_t *size) { (void)b; (void)size; }

static void fuzz(const struct file *f, const char *name, unsigned rounds)
{
	uint8_t *copy = malloc(f->size);
	unsigned accepted = 0;
	srand(12345);
	for (unsigned r = 0; r < rounds; r++) {
		memcpy(copy, f->bytes, f->size);
		size_t size = f->size;
		/* Damage the headers most: they steer every read. */
		unsigned flips = 1 + (unsigned)rand() % 8;
		for (unsigned k = 0; k < flips; k++) {
			size_t at = rand() % 2 ? (size_t)rand() % 64
					       : (size_t)rand() % size;
			copy[at] = (uint8_t)rand();
		}
		if (rand() % 8 == 0)
			size = (size_t)rand() % size;
		char why[REASON_MAX];
		if (check(copy, size, name, why))
			accepted++;
	}
	free(copy);
	/* Reaching here is the check: a stray read faults on the guard page. */
	CHECK(true, "fuzz: %u damaged copies of %s checked without a stray read (%u still valid)",
	      rounds, name, accepted);
}

int main(void)
{
	const char *build = getenv("BUILD") ? getenv("BUILD") : "build";
	static const char *const names[] = { "console", "checksum", "hello" };
	struct file files[3];
	for (unsigned i = 0; i < 3; i++) {
		char path[512];
		snprintf(path, sizeof path, "%s/modules/%s.gbm", build, names[i]);
		files[i] = read_file(path);
		expect_pass(&files[i], names[i]);
	}

	const struct file *f = &files[0];
	const char *n = names[0];
	expect_fail(f, "hello", "a module whose declared name differs", nothing);
	expect_fail(f, n, "a file shorter than an ELF header", cut_to_header);
	expect_fail(f, n, "a file cut in half", cut_in_half);
	expect_fail(f, n, "a file missing its last byte", cut_last_byte);
	expect_fail(f, n, "a bad ELF magic", bad_magic);
	expect_fail(f, n, "ELF32", class32);
	expect_fail(f, n, "big-endian ELF", big_endian);
	expect_fail(f, n, "ET_EXEC", executable);
	expect_fail(f, n, "an i386 object", i386);
	expect_fail(f, n, "a wrong section header size", shentsize);
	expect_fail(f, n, "no section headers", no_sections);
	expect_fail(f, n, "too many sections", many_sections);
	expect_fail(f, n, "section headers past the end", shoff_past_end);
	expect_fail(f, n, "a section header offset that wraps", shoff_wraps);
	expect_fail(f, n, "a name table index out of range", shstrndx_out);
	expect_fail(f, n, "a name table index of 0", shstrndx_undef);
	expect_fail(f, n, "a section past the end", section_past_end);
	expect_fail(f, n, "a section size that wraps", section_size_wraps);
	expect_fail(f, n, "a name table that is not STRTAB", names_not_strtab);
	expect_fail(f, n, "section names out of range", names_out_of_range);
	expect_fail(f, n, "no .gbmodinfo", info_renamed);
	expect_fail(f, n, "a short .gbmodinfo", info_truncated);
	expect_fail(f, n, "a NOBITS .gbmodinfo", info_nobits);
	expect_fail(f, n, "a bad module magic", info_bad_magic);
	expect_fail(f, n, "an unknown module ABI version", info_bad_abi);
	expect_fail(f, n, "an unterminated module name", info_name_unterminated);

	for (unsigned i = 0; i < 3; i++)
		fuzz(&files[i], names[i], 20000);
	CHECK_EXIT();
}
