/* `make bench` (tests/build.mk): links the synthetic set that
 * generate.sh made, with ghost on the host and with GNU ld, in one run,
 * and prints a small report. Not a test: it passes or fails nothing.
 *
 *   ghost_bench DIR EXPORTS RUNS LD
 *
 * ghost: ghost_link_modules over every module at once, against EXPORTS
 * kernel exports sym_NNNNN, with the files already in memory, and again
 * with the files read (from the page cache) first; the images go to memory
 * allocated once, before the runs.
 * ld: one final link of every object (`LD -T DIR/bench.ld`), with the same
 * exports as symbol assignments: it also starts a process, reads the files
 * and writes one executable (to DIR).
 * Each is timed RUNS times; the report gives the medians. */
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "ghost/elf.h"
#include "ghost/ghost.h"

#define MODULES_MAX 4096
#define EXPORT_BASE 0xffffffff80100000ull
#define MODULE_BASE 0xffffffff80400000ull

extern char **environ;

struct module_set {
	uint32_t count;
	struct ghost_module_file files[MODULES_MAX];
	char *paths[MODULES_MAX];
	uint64_t relocations;
	uint64_t bytes;
};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "ghost_bench: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *times, unsigned count)
{
	qsort(times, count, sizeof *times, compare_doubles);
	return count % 2 ? times[count / 2] : (times[count / 2 - 1] + times[count / 2]) / 2;
}

static uint8_t *read_whole(const char *path, size_t *size)
{
	FILE *in = fopen(path, "rb");
	if (!in)
		die("cannot open", path);
	fseek(in, 0, SEEK_END);
	long length = ftell(in);
	rewind(in);
	uint8_t *bytes = malloc(length > 0 ? (size_t)length : 1);
	if (length < 0 || !bytes || fread(bytes, 1, (size_t)length, in) != (size_t)length)
		die("cannot read", path);
	fclose(in);
	*size = (size_t)length;
	return bytes;
}

/* RELA entries that apply to loaded sections: the ones a link applies.
 * The files are generate.sh's, but the headers are checked all the same. */
static uint64_t count_relocations(const uint8_t *bytes, size_t size, const char *path)
{
	Elf64_Ehdr h;
	if (size < sizeof h)
		die("not an ELF file", path);
	memcpy(&h, bytes, sizeof h);
	if (h.e_shentsize != sizeof(Elf64_Shdr) || h.e_shoff > size ||
	    (uint64_t)h.e_shnum * sizeof(Elf64_Shdr) > size - h.e_shoff)
		die("bad section table", path);
	uint64_t count = 0;
	for (unsigned i = 0; i < h.e_shnum; i++) {
		Elf64_Shdr s, target;
		memcpy(&s, bytes + h.e_shoff + i * sizeof s, sizeof s);
		if (s.sh_type != SHT_RELA || s.sh_info >= h.e_shnum)
			continue;
		memcpy(&target, bytes + h.e_shoff + s.sh_info * sizeof target, sizeof target);
		if (target.sh_flags & SHF_ALLOC)
			count += s.sh_size / sizeof(Elf64_Rela);
	}
	return count;
}

static void read_set(const char *dir, struct module_set *set)
{
	char path[4096], line[4096];
	snprintf(path, sizeof path, "%s/modules.list", dir);
	FILE *list = fopen(path, "r");
	if (!list)
		die("cannot open", path);
	while (fgets(line, sizeof line, list)) {
		line[strcspn(line, "\n")] = '\0';
		if (set->count == MODULES_MAX)
			die("too many modules in", path);
		uint32_t i = set->count++;
		size_t size;
		set->paths[i] = strdup(line);
		uint8_t *bytes = read_whole(line, &size);
		set->files[i] = (struct ghost_module_file){
			.bytes = bytes, .size = size, .name = set->paths[i]
		};
		set->relocations += count_relocations(bytes, size, line);
		set->bytes += size;
	}
	fclose(list);
}

/* Images one after another in one arena, as stage 2 places them. */
struct arena {
	uint8_t *memory;
	uint64_t size;
	uint64_t used;
	uint64_t next_virt;
};

static bool place_in_arena(void *context, uint32_t module, uint64_t size, uint64_t *virt_addr,
			   uint8_t **image)
{
	struct arena *arena = context;
	(void)module;
	if (size > arena->size - arena->used)
		return false;
	*image = arena->memory + arena->used;
	*virt_addr = arena->next_virt;
	arena->used += size;
	arena->next_virt += size + GHOST_PAGE_SIZE;
	return true;
}

static double time_ghost(const struct module_set *set, const struct ghost_export *exports,
			 uint32_t export_count, struct arena *arena, void *workspace,
			 size_t workspace_size, struct ghost_linked_module *linked,
			 uint32_t *order)
{
	struct ghost_link_request request = {
		.kernel_exports = exports,
		.kernel_export_count = export_count,
		.modules = set->files,
		.module_count = set->count,
		.place = place_in_arena,
		.place_context = arena,
		.workspace = workspace,
		.workspace_size = workspace_size,
	};
	struct ghost_error error;
	arena->used = 0;
	arena->next_virt = MODULE_BASE;
	double start = now();
	bool ok = ghost_link_modules(&request, linked, order, &error);
	double elapsed = now() - start;
	if (!ok)
		die("ghost failed", error.text);
	return elapsed;
}

/* The same, but reading every file first, as ld has to. */
static double time_ghost_reading(struct module_set *set, const struct ghost_export *exports,
				 uint32_t export_count, struct arena *arena, void *workspace,
				 size_t workspace_size, struct ghost_linked_module *linked,
				 uint32_t *order)
{
	double start = now();
	for (uint32_t i = 0; i < set->count; i++) {
		size_t size;
		free((void *)set->files[i].bytes);
		set->files[i].bytes = read_whole(set->paths[i], &size);
		set->files[i].size = size;
	}
	double reading = now() - start;
	return reading + time_ghost(set, exports, export_count, arena, workspace, workspace_size,
				    linked, order);
}

static double time_ld(char *const argv[])
{
	pid_t pid;
	int status;
	double start = now();
	if (posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ) != 0)
		die("cannot run", argv[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("GNU ld failed", argv[0]);
	return now() - start;
}

/* The script for ld: the exports, then every section where ghost's
 * groups would put it (text, read-only, data), from MODULE_BASE. */
static void write_ld_script(const char *dir, const char *path)
{
	FILE *out = fopen(path, "w");
	if (!out)
		die("cannot write", path);
	fprintf(out,
		"INCLUDE %s/exports.ld\n"
		"PHDRS { text PT_LOAD FLAGS(5); rodata PT_LOAD FLAGS(4); data PT_LOAD FLAGS(6); }\n"
		"SECTIONS\n{\n\t. = 0x%llx;\n"
		"\t.text : { *(.text) } :text\n"
		"\t. = ALIGN(4096);\n\t.rodata : { *(.rodata) *(.gbmodinfo) } :rodata\n"
		"\t. = ALIGN(4096);\n\t.data : { *(.data) } :data\n\t.bss : { *(.bss) } :data\n}\n",
		dir, (unsigned long long)MODULE_BASE);
	if (fclose(out) != 0)
		die("cannot write", path);
}

int main(int argc, char **argv)
{
	if (argc != 5)
		die("usage: ghost_bench DIR EXPORTS RUNS LD", NULL);
	const char *dir = argv[1], *ld = argv[4];
	uint32_t export_count = (uint32_t)strtoul(argv[2], NULL, 10);
	unsigned runs = (unsigned)strtoul(argv[3], NULL, 10);
	/* generate.sh names them sym_00000 to sym_99999. */
	if (runs == 0 || runs > 1000 || export_count == 0 || export_count > 100000)
		die("bad arguments", NULL);

	static struct module_set set;
	read_set(dir, &set);
	struct ghost_export *exports = calloc(export_count, sizeof *exports);
	char *names = malloc((size_t)export_count * 16);
	for (uint32_t i = 0; names && i < export_count; i++) {
		snprintf(names + i * 16, 16, "sym_%05u", i);
		exports[i] = (struct ghost_export){ .name = names + i * 16, .address = EXPORT_BASE + i * 16 };
	}

	uint64_t workspace_size = ghost_workspace_bound(set.bytes, set.count, export_count);
	void *workspace = malloc((size_t)workspace_size);
	struct arena arena = { .size = set.bytes * 2 + (uint64_t)set.count * 4 * GHOST_PAGE_SIZE };
	arena.memory = malloc((size_t)arena.size);
	struct ghost_linked_module *linked = calloc(set.count, sizeof *linked);
	uint32_t *order = calloc(set.count, sizeof *order);
	if (!exports || !names || !workspace || !arena.memory || !linked || !order)
		die("out of memory", NULL);

	char script[4096], output[4096];
	snprintf(script, sizeof script, "%s/bench.ld", dir);
	snprintf(output, sizeof output, "%s/ld.out", dir);
	write_ld_script(dir, script);
	char **ld_argv = calloc(set.count + 16, sizeof *ld_argv);
	unsigned n = 0;
	ld_argv[n++] = (char *)ld;
	ld_argv[n++] = "-m";
	ld_argv[n++] = "elf_x86_64";
	ld_argv[n++] = "-nostdlib";
	ld_argv[n++] = "-static";
	ld_argv[n++] = "--build-id=none";
	ld_argv[n++] = "-z";
	ld_argv[n++] = "max-page-size=0x1000";
	ld_argv[n++] = "-T";
	ld_argv[n++] = script;
	ld_argv[n++] = "-o";
	ld_argv[n++] = output;
	for (uint32_t i = 0; i < set.count; i++)
		ld_argv[n++] = set.paths[i];

	double *ghost_times = calloc(runs, sizeof *ghost_times);
	double *reading_times = calloc(runs, sizeof *reading_times);
	double *ld_times = calloc(runs, sizeof *ld_times);
	/* One of each first, untimed: caches warm for both. */
	time_ghost(&set, exports, export_count, &arena, workspace, (size_t)workspace_size, linked,
		   order);
	time_ld(ld_argv);
	for (unsigned r = 0; r < runs; r++) {
		ghost_times[r] = time_ghost(&set, exports, export_count, &arena, workspace,
					    (size_t)workspace_size, linked, order);
		reading_times[r] = time_ghost_reading(&set, exports, export_count, &arena,
						      workspace, (size_t)workspace_size, linked,
						      order);
		ld_times[r] = time_ld(ld_argv);
	}
	double ghost = median(ghost_times, runs), reading = median(reading_times, runs);
	double gnu = median(ld_times, runs);

	printf("ghostboot bench: %u modules, %llu KiB of objects, %u kernel exports, "
	       "%llu relocations\n",
	       set.count, (unsigned long long)(set.bytes >> 10), export_count,
	       (unsigned long long)set.relocations);
	printf("  ghost, host, in memory     median %8.2f ms of %u runs  %6.2f M relocations/s\n",
	       ghost * 1e3, runs, (double)set.relocations / ghost / 1e6);
	printf("  ghost, files read first    median %8.2f ms of %u runs  %6.2f M relocations/s\n",
	       reading * 1e3, runs, (double)set.relocations / reading / 1e6);
	printf("  GNU ld, one link to a file median %8.2f ms of %u runs  %6.2f M relocations/s\n",
	       gnu * 1e3, runs, (double)set.relocations / gnu / 1e6);
	printf("  GNU ld takes %.1fx ghost's time in memory, %.1fx with the files read\n",
	       gnu / ghost, gnu / reading);
	return 0;
}
