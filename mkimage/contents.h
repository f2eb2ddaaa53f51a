/* What mkimage puts on the boot partition: host files and where they go. */
#ifndef GHOSTBOOT_MKIMAGE_CONTENTS_H
#define GHOSTBOOT_MKIMAGE_CONTENTS_H

#include <stdint.h>

#include "config/sha256.h"

enum content_role {
	CONTENT_KERNEL, /* /boot/kernel.elf */
	CONTENT_LINUX,  /* /boot/vmlinuz: a Linux bzImage */
	CONTENT_MODULE, /* /boot/modules/<basename> */
	CONTENT_INITRD, /* /boot/<basename>: an initrd of the Linux kernel */
	CONTENT_CONFIG, /* /boot/ghostboot.cfg */
	CONTENT_EXTRA,  /* --add SRC=DEST */
};

struct content_file {
	enum content_role role;
	const char *source;
	char *destination; /* absolute on the partition */
};

struct contents {
	struct content_file *files;
	unsigned count, capacity;
};

#define CONTENT_KERNEL_PATH "/boot/kernel.elf"
#define CONTENT_LINUX_PATH "/boot/vmlinuz"
#define CONTENT_MODULE_DIRECTORY "/boot/modules/"
#define CONTENT_INITRD_DIRECTORY "/boot/"
#define CONTENT_CONFIG_PATH "/boot/ghostboot.cfg"

void contents_init(struct contents *contents);
void contents_free(struct contents *contents);

/* Adds a file; `destination` 0 puts it where its role says. Checks the
 * destination (absolute, no empty, "." or ".." components, no two files at
 * one path). Returns 0, or -1 after an error. */
int contents_add(struct contents *contents, enum content_role role, const char *source,
		 const char *destination);

/* Checks that every source is a readable regular file, before anything is
 * written. Returns 0, or -1 after an error naming the first that is not. */
int contents_check_sources(const struct contents *contents);

/* FAT long names (in UTF-16 units) and ext names (in bytes) alike. */
#define CONTENTS_NAME_MAX 255u

/* Checks that each name in every destination fits the filesystem (`fat`:
 * FAT's long names, else ext's), before any tool is given one. Returns 0,
 * or -1 after an error naming the file and the name. */
int contents_check_names(const struct contents *contents, int fat, const char *fs_name);

/* The SHA-256 of the file at `path`. Returns 0, or -1 after an error. */
int contents_hash_file(const char *path, uint8_t digest[SHA256_SIZE]);

#endif
