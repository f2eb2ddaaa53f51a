#include "stage2/file_stream.h"

#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"

/* Whether the held pieces agree with the `length` bytes read at `at`: a
 * disk that answers differently the second time is caught. */
static int matches_held(const struct ghost_elf_piece *held, uint32_t held_count, uint64_t at,
			const uint8_t *bytes, uint64_t length)
{
	for (uint32_t i = 0; i < held_count; i++) {
		const struct ghost_elf_piece *p = &held[i];
		uint64_t start = p->offset > at ? p->offset : at;
		uint64_t end = p->offset + p->size < at + length ? p->offset + p->size : at + length;
		if (start < end && memcmp(p->bytes + (start - p->offset), bytes + (start - at),
					  (size_t)(end - start)) != 0)
			return 0;
	}
	return 1;
}

static int stream_runs(struct fs_file *file, const struct file_place *places,
		       uint32_t place_count, const struct ghost_elf_piece *held,
		       uint32_t held_count, uint8_t *between, struct sha256 *hash,
		       const char **why)
{
	for (uint64_t at = 0; at < file->size;) {
		/* The first place holding `at`, and where the bytes all the same
		 * places hold end. */
		const struct file_place *in = 0;
		uint64_t end = file->size;
		for (uint32_t i = 0; i < place_count; i++) {
			const struct file_place *p = &places[i];
			uint64_t p_end = p->offset + p->length;
			if (p->offset <= at && at < p_end) {
				in = in ? in : p;
				end = p_end < end ? p_end : end;
			} else if (p->offset > at && p->offset < end) {
				end = p->offset;
			}
		}
		if (!in && !between) {
			at = end;
			continue;
		}
		uint64_t length = end - at;
		if (!in && length > FILE_READ_CHUNK)
			length = FILE_READ_CHUNK;
		uint8_t *to = in ? in->to + (at - in->offset) : between;
		if (file_read_hashing(file, at, to, length, hash, why))
			return -1;
		for (uint32_t i = 0; in && i < place_count; i++) {
			const struct file_place *p = &places[i];
			if (p != in && p->offset <= at && at < p->offset + p->length)
				memcpy(p->to + (at - p->offset), to, (size_t)length);
		}
		if (!matches_held(held, held_count, at, to, length)) {
			*why = "changed while it was read";
			return -1;
		}
		at += length;
	}
	return 0;
}

int file_stream(struct fs_file *file, const struct config_file *ref,
		const struct file_place *places, uint32_t place_count,
		const struct ghost_elf_piece *held, uint32_t held_count, const char **why)
{
	struct memory_mark mark;
	memory_mark(&mark);
	uint8_t *between = 0;
	if (ref->has_sha256 && !(between = memory_reserve(FILE_READ_CHUNK))) {
		*why = "no free memory to hash it";
		return -1;
	}
	struct sha256 hash;
	sha256_init(&hash);
	int failed = stream_runs(file, places, place_count, held, held_count, between,
				 between ? &hash : 0, why);
	memory_release(&mark);
	return failed ? -1 : file_check_pin(ref, &hash, why);
}
