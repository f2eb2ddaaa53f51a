/* Reproducible images (docs/cli.md, "Reproducible images"): with
 * SOURCE_DATE_EPOCH set, every identifier the tools would draw at random
 * (disk ids, GPT UUIDs, volume ids, ext UUID and hash seed) is derived from
 * the image's inputs, and every timestamp is the epoch. */
#ifndef GHOSTBOOT_MKIMAGE_REPRODUCIBLE_H
#define GHOSTBOOT_MKIMAGE_REPRODUCIBLE_H

#include <stddef.h>
#include <stdint.h>

#include "config/sha256.h"
#include "mkimage/contents.h"
#include "mkimage/format.h"

struct reproducible {
	int enabled; /* SOURCE_DATE_EPOCH is set */
	unsigned long long epoch;
	uint8_t seed[SHA256_SIZE]; /* the inputs: layout, each file's path and contents */
};

/* Reads SOURCE_DATE_EPOCH; when set, derives the seed from what decides the
 * image (never from host paths or the time) and sets the tools' clocks
 * (E2FSPROGS_FAKE_TIME; mtools reads SOURCE_DATE_EPOCH itself) and LC_ALL=C,
 * under which mke2fs sorts the files it copies. Returns 0, or -1 after an
 * error (a malformed SOURCE_DATE_EPOCH, an unreadable file). */
int reproducible_init(struct reproducible *repro, const struct format_layout *layout,
		      const struct contents *contents, const char *cmdline);

/* `size` bytes (at most SHA256_SIZE) named by `purpose`, from the seed. */
void reproducible_bytes(const struct reproducible *repro, const char *purpose, uint8_t *out,
			size_t size);

/* A version 4 UUID named by `purpose`, as text (36 characters and a NUL). */
void reproducible_uuid(const struct reproducible *repro, const char *purpose, char text[37]);

#endif
