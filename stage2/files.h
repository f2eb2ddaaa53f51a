/* Opening and reading the files the configuration names, with the checks
 * every one of them gets: found, wholly readable, matching its sha256= pin.
 * Failures come back as a static phrase for the caller to report with the
 * file's path, or to skip when the file is optional. */
#ifndef GHOSTBOOT_STAGE2_FILES_H
#define GHOSTBOOT_STAGE2_FILES_H

#include <stdint.h>

#include "config/config.h"
#include "config/sha256.h"
#include "fs/fs.h"

/* Opens `path`; returns 0, or -1 with `*why` set. */
int file_open(struct fs_volume *volume, const char *path, struct fs_file *file, const char **why);

/* Reads exactly `length` bytes at `offset`; returns 0, or -1 with `*why`. */
int file_read_exact(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length,
		    const char **why);

/* Compares a finished hash with the pin of `ref`, when it has one. */
int file_check_pin(const struct config_file *ref, struct sha256 *hash, const char **why);

/* Reads the whole file `ref` names into fresh page-aligned loader memory
 * and checks its pin. Returns 0 with `*data` and `*size`, or -1 with `*why`
 * (not found, too large, no free memory large enough, unreadable, pin). */
int file_load(struct fs_volume *volume, const struct config_file *ref, void **data,
	      uint64_t *size, const char **why);

#endif
