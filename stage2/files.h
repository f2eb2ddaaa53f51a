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

/* Files are read, and hashed when pinned, this much at a time: a whole
 * number of the BIOS's largest reads (127 sectors), so that a chunk costs
 * no extra BIOS call. */
#define FILE_READ_CHUNK (127u * 8u * 512u)

/* file_read_exact that also hashes the bytes into `hash` (unless NULL) as
 * they arrive, FILE_READ_CHUNK at a time. */
int file_read_hashing(struct fs_file *file, uint64_t offset, void *buffer, uint64_t length,
		      struct sha256 *hash, const char **why);

/* Compares a finished hash with the pin of `ref`, when it has one. */
int file_check_pin(const struct config_file *ref, struct sha256 *hash, const char **why);

/* Reads the whole file `ref` names into fresh page-aligned loader memory,
 * in one pass that hashes it when pinned, and checks its pin; the rest of
 * its last page is zeroed. Returns 0 with `*data` and `*size`, or -1 with
 * `*why` (not found, too large, no free memory large enough, with both
 * sizes, unreadable, pin). */
int file_load(struct fs_volume *volume, const struct config_file *ref, void **data,
	      uint64_t *size, const char **why);

#endif
