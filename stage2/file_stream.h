/* Reading a kernel file once, in file order, each run of bytes straight to
 * where it belongs: the one pass both the native and the Multiboot loaders
 * make (stage2/kernel_load.c, stage2/protocols/multiboot_load.c). */
#ifndef GHOSTBOOT_STAGE2_FILE_STREAM_H
#define GHOSTBOOT_STAGE2_FILE_STREAM_H

#include <stdint.h>

#include "config/config.h"
#include "fs/fs.h"
#include "ghost/elf_file.h"

/* The file's bytes [offset, offset + length) belong at `to`: a segment's
 * place as memory_at gives it, or a copy in loader memory. */
struct file_place {
	uint64_t offset, length;
	uint8_t *to;
};

/* Reads `file` once, in order: each place's bytes straight to it, copied
 * to every other place that shares them. When `ref` is pinned, the bytes
 * no place takes pass through a small buffer given back at the end, and
 * everything is hashed as it passes and checked against the pin; else
 * those bytes are not read. Each held piece (bytes read apart before the
 * pass) must equal the bytes the pass reads over it. Returns 0, or -1 with
 * `*why`. Call after the places are claimed and allocated. */
int file_stream(struct fs_file *file, const struct config_file *ref,
		const struct file_place *places, uint32_t place_count,
		const struct ghost_elf_piece *held, uint32_t held_count, const char **why);

#endif
