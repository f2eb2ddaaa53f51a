#include "kernel/raw_files.h"

#include "kernel/bootinfo.h"
#include "kernel/cmdline.h"
#include "kernel/expectation.h"
#include "kernel/kprintf.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

#define FILES_MAX 128

static const struct gb_file *find(const struct gb_file *files, uint32_t count, const char *path,
				  size_t length)
{
	for (uint32_t i = 0; i < count; i++) {
		const char *name = phys_ptr(files[i].path);
		size_t j = 0;
		while (j < length && name[j] == path[j])
			j++;
		if (j == length && name[j] == '\0')
			return &files[i];
	}
	return 0;
}

bool raw_files_check(const struct gb_bootinfo *bi, const struct memmap *map, const char *cmdline,
		     char *why)
{
	uint32_t count = bi->file_count;
	if (count > FILES_MAX || !phys_range_ok(bi->files, count * sizeof(struct gb_file)))
		return reason(why, "file table at %#lx with %u files is not below 4 GiB", bi->files,
			      count);
	const struct gb_file *files = phys_ptr(bi->files);
	for (uint32_t i = 0; i < count; i++) {
		const struct gb_file *f = &files[i];
		if (!phys_string(f->path, BOOTINFO_STRING_MAX))
			return reason(why, "file %u: path at %#lx is not a string", i, f->path);
		uint64_t start = f->file_addr, end = f->file_addr + f->file_size;
		if (start % 4096 || !phys_range_ok(start, f->file_size) ||
		    (f->file_size && !memmap_covers(map, start, end, GB_MEMORY_LOADER)))
			return reason(why, "file %s at %#lx (%lu bytes) is not page-aligned loader "
				      "memory", (const char *)phys_ptr(f->path), f->file_addr, f->file_size);
		kprintf("selftest: file %s: %lu bytes at %#lx\n", (const char *)phys_ptr(f->path),
			f->file_size, f->file_addr);
	}

	uint64_t expected;
	enum cmdline_number n = cmdline_number(cmdline, "expect-files", FILES_MAX, &expected);
	if (n == CMDLINE_MALFORMED)
		return reason(why, "expect-files= takes a number of files from 0 to %u", FILES_MAX);
	if (n == CMDLINE_NUMBER && count != expected)
		return reason(why, "%u files handed over, expect-files=%lu", count, expected);

	const char *at = cmdline, *value;
	size_t length;
	while (cmdline_next_value(&at, "expect-file", &value, &length)) {
		size_t path_length;
		uint64_t size;
		uint32_t hash;
		if (!expectation_parse(value, length, &path_length, &size, &hash))
			return reason(why, "expect-file= takes PATH,SIZE,FNV");
		const struct gb_file *f = find(files, count, value, path_length);
		if (!f)
			return reason(why, "expected file %.*s is not in the file table",
				      (int)path_length, value);
		uint32_t got = fnv1a(phys_ptr(f->file_addr), f->file_size);
		if (f->file_size != size || got != hash)
			return reason(why, "file %.*s: %lu bytes with FNV-1a %x, expected %lu and %x",
				      (int)path_length, value, f->file_size, got, size, hash);
		kprintf("selftest: file %.*s matches, byte for byte\n", (int)path_length, value);
	}
	return true;
}
