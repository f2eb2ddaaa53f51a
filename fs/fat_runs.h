/* The sectors a FAT file occupies, as runs of consecutive device sectors:
 * what a boot sector's blocklist needs (cli/install/stage2_file.c), and the
 * room left for one. Host only; stage 2 reads files through fs/fs.h. */
#ifndef GHOSTBOOT_FS_FAT_RUNS_H
#define GHOSTBOOT_FS_FAT_RUNS_H

#include <stdint.h>

#include "fs/fat.h"

struct fat_run {
	uint64_t lba;   /* device sector, from the start of the volume */
	uint64_t count; /* device sectors */
};

/* Lists the runs holding the file's bytes in file order, storing the first
 * `max` in `runs`; sectors past the end of the file (the slack of its last
 * cluster) are left out. Returns how many runs there are, which may exceed
 * `max`, or a negative enum fs_error with `file->volume->detail` set. */
int fat_file_runs(struct fat_file *file, struct fat_run *runs, unsigned max);

/* The free clusters of the volume, counted in its first FAT, and the bytes
 * of one in `cluster_bytes`: whether a file fits before anything is written.
 * Returns the count, or a negative enum fs_error. */
int64_t fat_free_clusters(struct fat_volume *volume, uint32_t *cluster_bytes);

#endif
