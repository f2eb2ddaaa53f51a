#include "mkimage/mkfs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/disk/image.h"
#include "cli/tools/debugfs.h"
#include "cli/tools/tool.h"

int mkfs_fat(const char *path, enum format_fs fs, const struct format_volume *volume,
	     uint32_t reserved_sectors, const struct reproducible *repro)
{
	char bits[8], offset[24], reserved[16], kib[24], volume_id[12];
	uint8_t id[4];
	char *argv[20];
	unsigned count = 0;

	snprintf(bits, sizeof(bits), "%d", fs == FORMAT_FAT12 ? 12 : fs == FORMAT_FAT16 ? 16 : 32);
	snprintf(offset, sizeof(offset), "%llu", (unsigned long long)volume->first_lba);
	snprintf(reserved, sizeof(reserved), "%u", reserved_sectors);
	/* mkfs.fat counts 1 KiB blocks: an odd last sector stays unused. */
	snprintf(kib, sizeof(kib), "%llu", (unsigned long long)(volume->sector_count / 2));
	argv[count++] = "mkfs.fat";
	argv[count++] = "-F";
	argv[count++] = bits;
	argv[count++] = "-S";
	argv[count++] = "512";
	argv[count++] = "-n";
	argv[count++] = "GHOSTBOOT";
	if (repro->enabled) {
		/* mkfs.fat 4.2 ignores SOURCE_DATE_EPOCH: --invariant fixes the
		 * label's time (to its own constant) and -i, given after it, the
		 * volume id. */
		reproducible_bytes(repro, "FAT volume id", id, sizeof(id));
		snprintf(volume_id, sizeof(volume_id), "%02x%02x%02x%02x", id[0], id[1], id[2],
			 id[3]);
		argv[count++] = "--invariant";
		argv[count++] = "-i";
		argv[count++] = volume_id;
	}
	if (reserved_sectors) {
		argv[count++] = "-R";
		argv[count++] = reserved;
	}
	if (volume->first_lba) {
		/* -h: the BPB's hidden sectors, the partition's start, as DOS expects. */
		argv[count++] = "--offset";
		argv[count++] = offset;
		argv[count++] = "-h";
		argv[count++] = offset;
	}
	argv[count++] = (char *)path;
	argv[count++] = kib;
	argv[count] = 0;
	return tool_run(argv, 0);
}

/* One "sif" line a time field for `path` and each directory above it:
 * mke2fs -d takes each inode's times from the staging tree, whose change
 * and access times no program can set. */
static void append_times(char *script, size_t size, const char *path, unsigned long long epoch)
{
	static const char *const fields[] = { "atime", "ctime", "mtime", "crtime" };
	char *copy = strdup(path);
	char *slash;
	size_t used;
	unsigned i;

	if (!copy)
		return;
	while (copy[0]) {
		for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
			used = strlen(script);
			snprintf(script + used, size - used, "sif %s %s @%llu\n",
				 copy[1] ? copy : "/", fields[i], epoch);
		}
		slash = strrchr(copy, '/');
		if (slash == copy && copy[1])
			copy[1] = '\0'; /* then the root */
		else
			*slash = '\0';
	}
	free(copy);
}

static int fix_times(const char *path, const struct format_volume *volume,
		     const struct contents *contents, unsigned long long epoch)
{
	struct ext_target target;
	size_t size = 1;
	char *script;
	unsigned i;
	int result = -1;

	/* At most one directory a character, four lines each. */
	for (i = 0; i < contents->count; i++)
		size += 4 * (strlen(contents->files[i].destination) + 1) *
			(strlen(contents->files[i].destination) + 48);
	script = calloc(1, size);
	if (!script)
		return error("out of memory");
	for (i = 0; i < contents->count; i++)
		if (!ext_target_safe_name(contents->files[i].destination)) {
			free(script);
			return error("%s: a path with blanks or quotes cannot be given fixed times "
				     "on ext (unset SOURCE_DATE_EPOCH, or rename it)",
				     contents->files[i].destination);
		}
	for (i = 0; i < contents->count; i++)
		append_times(script, size, contents->files[i].destination, epoch);
	if (ext_target_open(&target, path, volume->first_lba * SECTOR_SIZE) == 0) {
		result = ext_target_run(&target, script, 1, 0);
		ext_target_close(&target);
	}
	free(script);
	return result;
}

int mkfs_ext(const char *path, enum format_fs fs, const struct format_volume *volume,
	     const char *staging, const struct contents *contents,
	     const struct reproducible *repro)
{
	char extended[128], kib[32], uuid[37], hash_seed[37];
	char *argv[20];
	unsigned count = 0;

	/* The size with a "k" suffix, whatever block size mke2fs picks. */
	snprintf(kib, sizeof(kib), "%lluk", (unsigned long long)(volume->sector_count / 2));
	snprintf(extended, sizeof(extended), "offset=%llu",
		 (unsigned long long)(volume->first_lba * SECTOR_SIZE));
	if (repro->enabled) {
		reproducible_uuid(repro, "ext UUID", uuid);
		reproducible_uuid(repro, "ext hash seed", hash_seed);
		snprintf(extended + strlen(extended), sizeof(extended) - strlen(extended),
			 ",hash_seed=%s", hash_seed);
	}
	argv[count++] = "mke2fs";
	argv[count++] = "-q";
	argv[count++] = "-F"; /* an image file, not a block device: no question asked */
	argv[count++] = "-t";
	argv[count++] = fs == FORMAT_EXT2 ? "ext2" : "ext4";
	argv[count++] = "-L";
	argv[count++] = "GHOSTBOOT";
	argv[count++] = "-d";
	argv[count++] = (char *)staging;
	if (repro->enabled) {
		argv[count++] = "-U";
		argv[count++] = uuid;
	}
	argv[count++] = "-E";
	argv[count++] = extended;
	argv[count++] = (char *)path;
	argv[count++] = kib;
	argv[count] = 0;
	if (tool_run(argv, 0) != 0)
		return -1;
	return repro->enabled ? fix_times(path, volume, contents, repro->epoch) : 0;
}
