#include "cli/link/elf_append.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"

#define PT_PHDR 6
/* e_phnum holds at most one entry fewer than PN_XNUM. */
#define PHNUM_MAX (PN_XNUM - 1)

/* The output file, built in memory: a few megabytes at most. */
struct buffer {
	uint8_t *bytes;
	size_t size;
	size_t capacity;
};

static int buffer_reserve(struct buffer *buffer, size_t more)
{
	size_t capacity = buffer->capacity ? buffer->capacity : 1 << 16;
	uint8_t *bytes;

	if (more > SIZE_MAX / 2 - buffer->size)
		return error("output too large");
	while (capacity < buffer->size + more)
		capacity *= 2;
	if (capacity == buffer->capacity)
		return 0;
	bytes = realloc(buffer->bytes, capacity);
	if (!bytes)
		return error("out of memory for the output");
	buffer->bytes = bytes;
	buffer->capacity = capacity;
	return 0;
}

/* Appends `size` bytes (zeros when `bytes` is 0) at an offset aligned to
 * `align`, a power of two, and sets *offset to it. */
static int buffer_append(struct buffer *buffer, const void *bytes, size_t size, size_t align,
			 uint64_t *offset)
{
	size_t start = (buffer->size + align - 1) & ~(align - 1);

	if (buffer_reserve(buffer, start - buffer->size + size) != 0)
		return -1;
	memset(buffer->bytes + buffer->size, 0, start - buffer->size);
	if (bytes)
		memcpy(buffer->bytes + start, bytes, size);
	else
		memset(buffer->bytes + start, 0, size);
	buffer->size = start + size;
	if (offset)
		*offset = start;
	return 0;
}

static int check_room(const struct kernel_elf *kernel, uint32_t segment_count)
{
	const Elf64_Ehdr *h = &kernel->elf.header;
	uint32_t i;

	for (i = 0; i < kernel->segment_count; i++)
		if (kernel->segments[i].p_type == PT_PHDR)
			return error("kernel %s: a PT_PHDR segment maps the program header table, "
				     "which cannot move",
				     kernel->path);
	if ((uint32_t)h->e_phnum + segment_count > PHNUM_MAX)
		return error("kernel %s: too many program headers", kernel->path);
	if ((uint32_t)h->e_shnum + 1 >= SHN_LORESERVE)
		return error("kernel %s: too many sections", kernel->path);
	return 0;
}

/* The section name table, copied with `name` added; sets *name_offset. */
static int append_names(struct buffer *out, const struct kernel_elf *kernel, const char *name,
			Elf64_Shdr *names, uint32_t *name_offset)
{
	size_t old_size = kernel->elf.section_names_size;
	uint64_t offset;

	*name_offset = (uint32_t)old_size;
	if (old_size > UINT32_MAX - strlen(name) - 1)
		return error("kernel %s: section name table too large", kernel->path);
	if (buffer_append(out, kernel->elf.section_names, old_size, 1, &offset) != 0 ||
	    buffer_append(out, name, strlen(name) + 1, 1, 0) != 0)
		return -1;
	names->sh_offset = offset;
	names->sh_size = old_size + strlen(name) + 1;
	return 0;
}

static int append_program_headers(struct buffer *out, const struct kernel_elf *kernel,
				  const Elf64_Phdr *added, uint32_t added_count,
				  Elf64_Ehdr *header)
{
	uint64_t offset;

	if (buffer_append(out, kernel->segments, kernel->segment_count * sizeof(Elf64_Phdr), 8,
			  &offset) != 0 ||
	    buffer_append(out, added, added_count * sizeof(Elf64_Phdr), 1, 0) != 0)
		return -1;
	header->e_phoff = offset;
	header->e_phnum = (uint16_t)(kernel->segment_count + added_count);
	return 0;
}

static int append_section_headers(struct buffer *out, const struct kernel_elf *kernel,
				  const Elf64_Shdr *names, const Elf64_Shdr *added,
				  Elf64_Ehdr *header)
{
	uint16_t count = kernel->elf.header.e_shnum;
	uint64_t offset = 0;
	uint32_t i;

	for (i = 0; i < count; i++) {
		Elf64_Shdr s = i == header->e_shstrndx ? *names : ghost_elf_section(&kernel->elf, i);
		if (buffer_append(out, &s, sizeof(s), 8, i == 0 ? &offset : 0) != 0)
			return -1;
	}
	if (buffer_append(out, added, sizeof(*added), 1, 0) != 0)
		return -1;
	header->e_shoff = offset;
	header->e_shnum = (uint16_t)(count + 1);
	return 0;
}

static int build(struct buffer *out, const struct kernel_elf *kernel,
		 const struct added_segment *segments, uint32_t segment_count,
		 const struct added_section *section)
{
	Elf64_Ehdr header = kernel->elf.header;
	Elf64_Shdr names = ghost_elf_section(&kernel->elf, header.e_shstrndx);
	Elf64_Shdr added = { .sh_type = section->type,
			     .sh_size = section->size,
			     .sh_addralign = section->align };
	Elf64_Phdr *headers = calloc(segment_count + 1, sizeof(*headers));
	uint32_t i;
	int result = -1;

	if (!headers)
		return error("out of memory");
	if (buffer_append(out, kernel->elf.bytes, kernel->elf.size, 1, 0) != 0)
		goto done;
	/* Each segment at a page-aligned offset: p_offset and p_vaddr agree
	 * modulo the page, as a loader mapping the file requires. */
	for (i = 0; i < segment_count; i++) {
		headers[i] = segments[i].header;
		if (buffer_append(out, segments[i].bytes, (size_t)headers[i].p_filesz,
				  GHOST_PAGE_SIZE, &headers[i].p_offset) != 0)
			goto done;
	}
	if (buffer_append(out, section->bytes, (size_t)section->size, (size_t)section->align,
			  &added.sh_offset) != 0 ||
	    append_names(out, kernel, section->name, &names, &added.sh_name) != 0 ||
	    append_program_headers(out, kernel, headers, segment_count, &header) != 0 ||
	    append_section_headers(out, kernel, &names, &added, &header) != 0)
		goto done;
	memcpy(out->bytes, &header, sizeof(header));
	result = 0;
done:
	free(headers);
	return result;
}

static int write_all(int fd, const uint8_t *bytes, size_t size)
{
	while (size) {
		ssize_t done = write(fd, bytes, size);
		if (done < 0 && errno == EINTR)
			continue;
		if (done <= 0)
			return -1;
		bytes += done;
		size -= (size_t)done;
	}
	return 0;
}

static int write_file(const struct buffer *out, const char *output)
{
	mode_t mask = umask(0);
	char *path;
	int fd, result = -1;

	umask(mask);
	fd = cleanup_create_beside(output, &path);
	if (fd < 0)
		return -1;
	if (fchmod(fd, 0777 & ~mask) != 0 || write_all(fd, out->bytes, out->size) != 0 ||
	    fsync(fd) != 0) {
		error("cannot write %s: %s", path, strerror(errno));
		close(fd);
	} else if (close(fd) != 0) {
		error("cannot write %s: %s", path, strerror(errno));
	} else if (rename(path, output) != 0) {
		error("cannot rename %s to %s: %s", path, output, strerror(errno));
	} else {
		result = 0;
	}
	if (result != 0)
		unlink(path);
	cleanup_forget_file(path);
	free(path);
	return result;
}

int elf_append_write(const struct kernel_elf *kernel, const struct added_segment *segments,
		     uint32_t segment_count, const struct added_section *section,
		     const char *output)
{
	struct buffer out = { 0 };
	int result;

	if (check_room(kernel, segment_count) != 0)
		return -1;
	result = build(&out, kernel, segments, segment_count, section);
	if (result == 0)
		result = write_file(&out, output);
	free(out.bytes);
	return result;
}
