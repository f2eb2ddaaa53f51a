#include "cli/install/stage2_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/disk/bootcode.h"
#include "cli/disk/ext_volume.h"
#include "cli/tools/debugfs.h"
#include "cli/tools/mtools.h"
#include "fs/fat_runs.h"
#include "fs/fs.h"

static const char *const directories[] = { "/boot", STAGE2_FILE_DIRECTORY };
#define DIRECTORY_COUNT (sizeof(directories) / sizeof(directories[0]))

/* What the volume holds already, and so what install adds. */
struct survey {
	int directory_missing[DIRECTORY_COUNT];
	int old_stage2; /* STAGE2_FILE_PATH holds an earlier stage 2, to be replaced */
};

/* The sectors found so far, merged into runs; `count` goes on past the
 * extents stage 1 has. */
struct run_list {
	struct gb_extent runs[GB_STAGE1_MAX_EXTENTS];
	unsigned count;
	uint64_t sectors;
};

static void run_list_add(struct run_list *list, uint64_t lba, uint64_t count)
{
	struct gb_extent *last = list->count && list->count <= GB_STAGE1_MAX_EXTENTS
					 ? &list->runs[list->count - 1]
					 : 0;

	list->sectors += count;
	if (last && last->lba + last->count == lba && last->count + count <= UINT16_MAX) {
		last->count = (uint16_t)(last->count + count);
		return;
	}
	if (list->count < GB_STAGE1_MAX_EXTENTS) {
		list->runs[list->count].lba = lba;
		list->runs[list->count].count = (uint16_t)count;
	}
	list->count++;
}

static struct fs_volume *mount_boot_volume(const struct install_target *target)
{
	struct fs_volume *volume = malloc(sizeof(*volume));
	const struct partition *boot = target->boot.partition;
	struct blockdev slice;
	int result;

	if (!volume) {
		error("out of memory");
		return 0;
	}
	blockdev_slice(&slice, &target->disk, boot->first_lba, boot->sector_count);
	result = fs_mount(volume, &slice);
	if (result != FS_OK) {
		error("cannot read the boot volume again: %s", fs_strerror(result));
		free(volume);
		return 0;
	}
	return volume;
}

/* An install killed after it made the file and before it wrote stage 2 into
 * it leaves the placeholder below (all 0x00 on FAT, all 0xff on ext):
 * that file is install's own, and the next install completes it. */
static int is_placeholder(struct fs_file *file)
{
	uint8_t sector[SECTOR_SIZE];
	uint64_t offset;
	size_t i;

	if (file->size == 0 || file->size > GB_STAGE2_MAX_SIZE || file->size % SECTOR_SIZE)
		return 0;
	for (offset = 0; offset < file->size; offset += SECTOR_SIZE) {
		if (fs_read(file, offset, sector, sizeof(sector)) != (int64_t)sizeof(sector))
			return 0;
		for (i = 0; i < sizeof(sector); i++)
			if (sector[i] != sector[0] || (sector[0] != 0x00 && sector[0] != 0xff))
				return 0;
	}
	return 1;
}

/* Looks through fs/, the reader stage 2 uses, at what is there already. */
static int survey_volume(const struct install_target *target, struct survey *survey)
{
	struct fs_volume *volume = mount_boot_volume(target);
	uint8_t sector[SECTOR_SIZE];
	struct fs_file file;
	uint32_t sectors;
	unsigned i;
	int result;

	if (!volume)
		return -1;
	memset(survey, 0, sizeof(*survey));
	for (i = 0; i < DIRECTORY_COUNT; i++) {
		result = fs_open(volume, directories[i], &file);
		survey->directory_missing[i] = result == FS_ERR_NOT_FOUND;
		if (result == FS_ERR_NOT_A_FILE || result == FS_ERR_NOT_FOUND)
			continue;
		if (result == FS_OK)
			error("%s on the boot volume is a file, where stage 2's directory must go",
			      directories[i]);
		else
			error("cannot look up %s on the boot volume: %s", directories[i],
			      fs_strerror(result));
		free(volume);
		return -1;
	}
	result = fs_open(volume, STAGE2_FILE_PATH, &file);
	if (result == FS_OK) {
		if (fs_read(&file, 0, sector, sizeof(sector)) != (int64_t)sizeof(sector) ||
		    (!bootcode_is_stage2(sector, &sectors) && !is_placeholder(&file)))
			result = error("%s exists on the boot volume and is not a ghostboot stage 2: "
				       "install will not replace it",
				       STAGE2_FILE_PATH);
		else
			survey->old_stage2 = 1;
	} else if (result == FS_ERR_NOT_FOUND) {
		result = 0;
	} else {
		result = error("cannot look up %s on the boot volume: %s", STAGE2_FILE_PATH,
			       fs_strerror(result));
	}
	free(volume);
	return result < 0 ? -1 : 0;
}

/* A host file of `sectors` * 512 bytes of `fill`, to copy onto the volume. */
static char *write_host_file(uint32_t sectors, int fill)
{
	size_t length = (size_t)sectors * SECTOR_SIZE;
	uint8_t *bytes = malloc(length);
	char *path = 0;
	int fd = bytes ? cleanup_temporary_file("stage2", &path) : error("out of memory");

	if (fd >= 0) {
		memset(bytes, fill, length);
		if (write(fd, bytes, length) != (ssize_t)length || close(fd) != 0) {
			error("cannot write the temporary file %s: %s", path, strerror(errno));
			unlink(path);
			cleanup_forget_file(path);
			free(path);
			path = 0;
		}
	}
	free(bytes);
	return path;
}

static uint64_t volume_offset(const struct install_target *target)
{
	return target->boot.partition->first_lba * SECTOR_SIZE;
}

/* FAT: mcopy. A FAT file has no holes, so its clusters hold whatever the
 * host file holds. */
static int add_fat_file(const struct install_target *target, const struct survey *survey,
			const char *host_file)
{
	struct fat_target fat;
	unsigned i;
	int result = 0;

	if (fat_target_open(&fat, target->image.path, volume_offset(target)) != 0)
		return -1;
	for (i = 0; i < DIRECTORY_COUNT && result == 0; i++)
		if (!survey->directory_missing[i])
			result = fat_target_have_directory(&fat, directories[i]);
	if (result == 0)
		result = fat_target_copy(&fat, host_file, STAGE2_FILE_PATH);
	fat_target_close(&fat);
	return result;
}

static int find_fat_runs(const struct install_target *target, struct run_list *list)
{
	struct fat_run runs[GB_STAGE1_MAX_EXTENTS];
	struct fs_volume *volume = mount_boot_volume(target);
	struct fs_file file;
	unsigned i;
	int count;

	if (!volume)
		return -1;
	count = fs_open(volume, STAGE2_FILE_PATH, &file);
	if (count == FS_OK)
		count = fat_file_runs(&file.u.fat, runs, GB_STAGE1_MAX_EXTENTS);
	if (count < 0) {
		error("cannot find %s after writing it: %s", STAGE2_FILE_PATH, fs_strerror(count));
		free(volume);
		return -1;
	}
	for (i = 0; i < (unsigned)count && i < GB_STAGE1_MAX_EXTENTS; i++)
		run_list_add(list, target->boot.partition->first_lba + runs[i].lba, runs[i].count);
	list->count = (unsigned)count;
	free(volume);
	return 0;
}

/* ext: debugfs. Its `write` leaves a hole for every block of zeros, which
 * stage 1 could not load; the host file holds no zero byte, and stage 2
 * goes into the blocks afterwards. */
static int add_ext_file(const struct ext_target *ext, const struct survey *survey,
			const char *host_file)
{
	size_t size = strlen(host_file) + 256;
	char *script = malloc(size);
	size_t used = 0;
	unsigned i;
	int result;

	if (!script)
		return error("out of memory");
	if (!ext_target_safe_name(host_file)) {
		free(script);
		return error("debugfs cannot be given the file name %s", host_file);
	}
	for (i = 0; i < DIRECTORY_COUNT; i++)
		if (survey->directory_missing[i])
			used += (size_t)snprintf(script + used, size - used, "mkdir %s\n",
						 directories[i]);
	if (survey->old_stage2)
		used += (size_t)snprintf(script + used, size - used, "rm %s\n", STAGE2_FILE_PATH);
	snprintf(script + used, size - used, "write %s %s\n", host_file, STAGE2_FILE_PATH);
	result = ext_target_run(ext, script, 1, 0);
	free(script);
	return result;
}

/* Each block of the file through `bmap`, in file order: 0 is a hole. */
static int find_ext_runs(const struct install_target *target, const struct ext_target *ext,
			 uint32_t sectors, struct run_list *list)
{
	const struct partition *boot = target->boot.partition;
	uint32_t block_size, blocks, block;
	size_t size, used = 0;
	char *script, *output = 0, *line;
	uint64_t sectors_per_block;
	struct blockdev slice;
	int result;

	blockdev_slice(&slice, &target->disk, boot->first_lba, boot->sector_count);
	if (!ext_volume_block_size(&slice, &block_size))
		return error("the boot volume has no ext2/3/4 superblock");
	sectors_per_block = block_size / SECTOR_SIZE;
	blocks = (uint32_t)(((uint64_t)sectors * SECTOR_SIZE + block_size - 1) / block_size);
	size = (size_t)blocks * (sizeof(STAGE2_FILE_PATH) + 24);
	script = malloc(size);
	if (!script)
		return error("out of memory");
	for (block = 0; block < blocks; block++)
		used += (size_t)snprintf(script + used, size - used, "bmap %s %u\n",
					 STAGE2_FILE_PATH, block);
	result = ext_target_run(ext, script, 0, &output);
	free(script);
	if (result != 0)
		return -1;
	block = 0;
	for (line = strtok(output, "\n"); line; line = strtok(0, "\n")) {
		char *end;
		unsigned long long physical;

		if (strncmp(line, "debugfs:", 8) == 0)
			continue;
		physical = strtoull(line, &end, 10);
		if (end == line || *end != '\0' || physical == 0 || block == blocks ||
		    physical >= boot->sector_count / sectors_per_block)
			break;
		/* The last block may run past stage 2's last sector. */
		run_list_add(list, boot->first_lba + physical * sectors_per_block,
			     block + 1 == blocks ? sectors - (uint64_t)block * sectors_per_block
						 : sectors_per_block);
		block++;
	}
	free(output);
	if (block != blocks)
		return error("debugfs did not map every block of %s (it may have failed to write "
			     "it, or left a hole)",
			     STAGE2_FILE_PATH);
	return 0;
}

/* Takes back what add_*_file added, after a refusal: the file, and the
 * directories that were missing before, as far as they exist now. */
static void remove_added(const struct install_target *target, const struct survey *before)
{
	struct fs_volume *volume = mount_boot_volume(target);
	int present[DIRECTORY_COUNT + 1]; /* the directories, then the file */
	struct fs_file file;
	unsigned i;

	if (!volume)
		return;
	for (i = 0; i < DIRECTORY_COUNT; i++)
		present[i] = before->directory_missing[i] &&
			     fs_open(volume, directories[i], &file) == FS_ERR_NOT_A_FILE;
	present[DIRECTORY_COUNT] = fs_open(volume, STAGE2_FILE_PATH, &file) == FS_OK;
	free(volume);
	if (target->boot.kind == FS_KIND_FAT) {
		struct fat_target fat;

		if (fat_target_open(&fat, target->image.path, volume_offset(target)) != 0)
			return;
		if (present[DIRECTORY_COUNT])
			fat_target_remove(&fat, STAGE2_FILE_PATH, 0);
		for (i = DIRECTORY_COUNT; i-- > 0;)
			if (present[i])
				fat_target_remove(&fat, directories[i], 1);
		fat_target_close(&fat);
	} else {
		struct ext_target ext;
		char script[256];
		size_t used = 0;

		if (ext_target_open(&ext, target->image.path, volume_offset(target)) != 0)
			return;
		script[0] = '\0';
		if (present[DIRECTORY_COUNT])
			used = (size_t)snprintf(script, sizeof(script), "rm %s\n", STAGE2_FILE_PATH);
		for (i = DIRECTORY_COUNT; i-- > 0;)
			if (present[i])
				used += (size_t)snprintf(script + used, sizeof(script) - used,
							 "rmdir %s\n", directories[i]);
		if (used)
			ext_target_run(&ext, script, 1, 0);
		ext_target_close(&ext);
	}
}

/* A number after `label` in debugfs's `stats` output; 0 when missing. */
static uint64_t stats_number(const char *stats, const char *label)
{
	const char *at = strstr(stats, label);

	return at ? strtoull(at + strlen(label), 0, 10) : 0;
}

/* The free bytes of the boot volume and its unit of allocation, counted
 * in the FAT by stage 2's reader; -1 after an error. */
static int fat_room(const struct install_target *target, uint64_t *free_bytes, uint32_t *unit)
{
	struct fs_volume *volume = mount_boot_volume(target);
	int64_t clusters;

	if (!volume)
		return -1;
	clusters = fat_free_clusters(&volume->u.fat, unit);
	if (clusters < 0)
		error("cannot count the free clusters of the boot volume: %s",
		      fs_error_text(volume, (int)clusters));
	free(volume);
	*free_bytes = clusters < 0 ? 0 : (uint64_t)clusters * *unit;
	return clusters < 0 ? -1 : 0;
}

/* The same for an ext volume, as its superblock counts them (debugfs). */
static int ext_room(const struct install_target *target, uint64_t *free_bytes, uint32_t *unit)
{
	struct ext_target ext;
	char *stats = 0;
	int result;

	if (ext_target_open(&ext, target->image.path, volume_offset(target)) != 0)
		return -1;
	result = ext_target_run(&ext, "stats\n", 0, &stats);
	if (result == 0) {
		*unit = (uint32_t)stats_number(stats, "Block size:");
		*free_bytes = stats_number(stats, "Free blocks:") * *unit;
		if (*unit == 0)
			result = error("debugfs did not say the boot volume's block size");
	}
	free(stats);
	ext_target_close(&ext);
	return result;
}

/* Room for the file before anything is written, so that a full volume is
 * left as it was and the user is told in words what is missing. */
static int check_room(const struct install_target *target, const struct survey *survey,
		      uint32_t sectors)
{
	uint64_t free_bytes, needed = (uint64_t)sectors * SECTOR_SIZE;
	uint32_t unit;
	unsigned i;

	if (survey->old_stage2)
		return 0; /* the new file takes the place of the old one */
	if ((target->boot.kind == FS_KIND_FAT ? fat_room : ext_room)(target, &free_bytes, &unit) != 0)
		return -1;
	/* The file's units, one more for an ext block map, one for each folder. */
	needed = (needed + unit - 1) / unit * unit + (target->boot.kind == FS_KIND_FAT ? 0 : unit);
	for (i = 0; i < DIRECTORY_COUNT; i++)
		needed += survey->directory_missing[i] ? unit : 0;
	if (free_bytes < needed)
		return error("the boot volume is full: %llu KiB free, and stage 2 needs %llu KiB for "
			     "%s (free some room on it, then install again)",
			     (unsigned long long)(free_bytes >> 10), (unsigned long long)(needed >> 10),
			     STAGE2_FILE_PATH);
	return 0;
}

static int add_and_map(const struct install_target *target, const struct survey *survey,
		       uint32_t sectors, struct run_list *list)
{
	/* FAT: a zero-filled file; ext: 0xff, which debugfs cannot mistake for a hole. */
	int is_fat = target->boot.kind == FS_KIND_FAT;
	char *host_file = write_host_file(sectors, is_fat ? 0x00 : 0xff);
	struct ext_target ext;
	int result;

	if (!host_file)
		return -1;
	if (is_fat) {
		result = add_fat_file(target, survey, host_file);
		if (result == 0)
			result = find_fat_runs(target, list);
	} else {
		result = ext_target_open(&ext, target->image.path, volume_offset(target));
		if (result == 0) {
			result = add_ext_file(&ext, survey, host_file);
			if (result == 0)
				result = find_ext_runs(target, &ext, sectors, list);
			ext_target_close(&ext);
		}
	}
	unlink(host_file);
	cleanup_forget_file(host_file);
	free(host_file);
	return result;
}

static void describe(const struct install_target *target, const struct run_list *list,
		     struct stage2_home *home)
{
	const struct gb_extent *runs = list->runs;
	char volume[64];

	if (target->boot.partition->number)
		snprintf(volume, sizeof(volume), "partition %u", target->boot.partition->number);
	else
		snprintf(volume, sizeof(volume), "the %s volume", target->boot.filesystem);
	if (list->count == 1)
		snprintf(home->where, sizeof(home->where), "in the file %s on %s, at LBA %llu",
			 STAGE2_FILE_PATH, volume, (unsigned long long)runs[0].lba);
	else
		snprintf(home->where, sizeof(home->where),
			 "in the file %s on %s, in two runs: %u at LBA %llu, %u at LBA %llu",
			 STAGE2_FILE_PATH, volume, runs[0].count, (unsigned long long)runs[0].lba,
			 runs[1].count, (unsigned long long)runs[1].lba);
}

enum placement stage2_file_place(const struct install_target *target, uint32_t sectors,
				 struct stage2_home *home)
{
	struct run_list list;
	struct survey survey;
	unsigned i;

	memset(&list, 0, sizeof(list));
	if (target->boot.kind != FS_KIND_FAT) {
		struct blockdev slice;
		uint32_t block_size;

		blockdev_slice(&slice, &target->disk, target->boot.partition->first_lba,
			       target->boot.partition->sector_count);
		if (!ext_volume_block_size(&slice, &block_size)) {
			error("install can add stage 2's file to FAT and ext2/3/4 volumes only, not %s",
			      target->boot.filesystem);
			return PLACEMENT_FAILED;
		}
	}
	if (survey_volume(target, &survey) != 0 || check_room(target, &survey, sectors) != 0)
		return PLACEMENT_FAILED;
	if (add_and_map(target, &survey, sectors, &list) != 0) {
		remove_added(target, &survey);
		return PLACEMENT_FAILED;
	}
	if (list.count > GB_STAGE1_MAX_EXTENTS || list.sectors != sectors) {
		if (list.count > GB_STAGE1_MAX_EXTENTS)
			error("%s is fragmented into %u pieces; stage 1 loads stage 2 from at most "
			      "%u (free some contiguous space on the volume, then install again)",
			      STAGE2_FILE_PATH, list.count, GB_STAGE1_MAX_EXTENTS);
		else
			error("%s holds %llu sectors, not the %u written", STAGE2_FILE_PATH,
			      (unsigned long long)list.sectors, sectors);
		remove_added(target, &survey);
		return PLACEMENT_FAILED;
	}
	for (i = 0; i < list.count; i++)
		home->extents[i] = list.runs[i];
	home->extent_count = list.count;
	home->in_file = 1;
	describe(target, &list, home);
	return PLACED;
}
