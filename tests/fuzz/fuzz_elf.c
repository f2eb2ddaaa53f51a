/* libFuzzer target: the kernel ELF reader (ghost/elf_file.c) as stage 2
 * uses it: the ELF header from a buffer of just its size, then each
 * program header from one of just its size, then the whole file opened
 * and its export table read (ghost/kernel_exports.c). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ghost/elf_file.h"
#include "ghost/ghost.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The headers alone, read piece by piece as stage 2 reads them. */
static bool check_headers(const uint8_t *data, size_t size)
{
	struct ghost_elf_file elf;
	struct ghost_error error;
	size_t head_size = size < sizeof(Elf64_Ehdr) ? size : sizeof(Elf64_Ehdr);
	uint8_t *head = malloc(head_size ? head_size : 1);
	bool ok;

	memcpy(head, data, head_size);
	ok = ghost_elf_check_header(&elf, head, head_size, size, "kernel", GHOST_NO_MODULE, ET_EXEC,
				    &error);
	free(head);
	for (uint32_t i = 0; ok && i < elf.header.e_phnum; i++) {
		Elf64_Phdr *segment = malloc(sizeof(*segment));

		/* check_header put the table inside the file. */
		memcpy(segment, data + elf.header.e_phoff + i * sizeof(*segment), sizeof(*segment));
		ok = ghost_elf_check_segment(&elf, segment, i, &error);
		if (ok && segment->p_type == PT_LOAD &&
		    (segment->p_offset > size || segment->p_filesz > size - segment->p_offset))
			abort(); /* a loader would copy bytes the file does not have */
		free(segment);
	}
	if (!ok && (error.status == GHOST_OK || strncmp(error.text, "kernel: ", 8) != 0))
		abort();
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ghost_export exports[512];
	struct ghost_elf_file elf;
	struct ghost_error error;
	uint32_t count;
	bool headers = check_headers(data, size);

	if (!ghost_elf_open(&elf, data, size, "kernel", GHOST_NO_MODULE, ET_EXEC, &error))
		return 0;
	/* Opening checks more than the headers: it may refuse what they pass,
	 * never pass what they refuse. */
	if (!headers)
		abort();
	if (ghost_read_kernel_exports(&elf, exports, 512, &count, &error)) {
		for (uint32_t i = 0; i < count && i < 512; i++)
			if (strlen(exports[i].name) > size)
				abort();
	}
	return 0;
}
