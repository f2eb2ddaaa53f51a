/* Directories and paths: finding a name among a directory's entries, and
 * walking a path from the root, splicing in symbolic links on the way.
 * Hash tree directories ("Hash Tree Directories") are read as linear ones:
 * their index blocks look like blocks of empty entries, by design. */
#include "fs/ext2_internal.h"

/* The smallest entry: the header and a name of up to 4 bytes. */
#define EXT2_DIR_ENTRY_MIN 12u

/* rec_len as stored: with 64 KiB blocks, 65536 and the lengths above it
 * keep their top bits in the two low bits ("Linear (Classic) Directories"). */
static uint32_t ext2_rec_len(const struct ext2_volume *volume, const struct ext2_dir_entry *entry)
{
	uint32_t stored = ext2_le16(entry->rec_len);

	if (volume->block_shift < 16)
		return stored;
	if (stored == EXT4_MAX_REC_LEN || stored == 0)
		return ext2_block_size(volume);
	return (stored & 0xFFFCu) | ((stored & 3u) << 16);
}

static bool ext2_name_equal(const uint8_t *a, const char *b, uint32_t length)
{
	uint32_t i;

	for (i = 0; i < length; i++) {
		if (a[i] != (uint8_t)b[i])
			return false;
	}
	return true;
}

/* Scans the directory block at byte `at` for `name`; `*number` stays 0 when absent. */
static int ext2_scan_block(struct ext2_volume *volume, uint64_t at, const char *name,
			   uint32_t length, uint32_t *number)
{
	uint32_t block_size = ext2_block_size(volume);
	uint32_t position = 0;

	while (position < block_size) {
		const struct ext2_dir_entry *entry;
		const uint8_t *raw;
		uint32_t rec_len;
		int error;

		if (block_size - position < sizeof(*entry))
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry overruns its block");
		error = ext2_bytes(volume, at + position, sizeof(*entry), &raw);
		if (error != FS_OK)
			return error;
		entry = (const struct ext2_dir_entry *)raw;
		rec_len = ext2_rec_len(volume, entry);
		if (rec_len < EXT2_DIR_ENTRY_MIN || (rec_len & 3) != 0)
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry length is invalid");
		if (rec_len > block_size - position)
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry overruns its block");
		if (sizeof(*entry) + entry->name_len > rec_len)
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry too short for its name");

		if (ext2_le32(entry->inode) != 0 && entry->name_len == length) {
			uint32_t candidate = ext2_le32(entry->inode);

			error = ext2_bytes(volume, at + position + sizeof(*entry), length, &raw);
			if (error != FS_OK)
				return error;
			if (ext2_name_equal(raw, name, length)) {
				*number = candidate;
				return FS_OK;
			}
		}
		position += rec_len;
	}
	return FS_OK;
}

/* The inode number `name` has in `dir`, or 0. */
static int ext2_dir_find(struct ext2_volume *volume, struct ext2_file *dir, const char *name,
			 uint32_t length, uint32_t *number)
{
	uint64_t blocks = dir->size >> volume->block_shift;
	uint64_t block;

	*number = 0;
	for (block = 0; block < blocks && *number == 0; block++) {
		struct ext2_run run;
		int error = ext2_file_run(dir, block, blocks - block, &run);

		if (error != FS_OK)
			return error;
		if (run.zero)
			return ext2_fail(volume, FS_ERR_CORRUPT, "hole in a directory");
		error = ext2_scan_block(volume, (run.physical + (block - run.logical)) << volume->block_shift,
					name, length, number);
		if (error != FS_OK)
			return error;
	}
	return FS_OK;
}

int ext2_lookup(struct ext2_volume *volume, const char *path, struct ext2_file *node)
{
	struct ext2_file dir;
	const char *p = path;
	uint32_t links = 0;
	int error;

	if (p[0] != '/')
		return ext2_fail(volume, FS_ERR_BAD_PATH, "path is not absolute");
	error = ext2_read_inode(volume, EXT2_ROOT_INO, node);
	if (error != FS_OK)
		return error;
	if (!ext2_is_directory(node))
		return ext2_fail(volume, FS_ERR_CORRUPT, "root is not a directory");

	for (;;) {
		uint32_t length = 0;
		uint32_t number;

		while (*p == '/')
			p++;
		if (*p == '\0')
			return FS_OK;
		while (p[length] != '\0' && p[length] != '/') {
			if (++length > EXT2_NAME_LEN)
				return ext2_fail(volume, FS_ERR_BAD_PATH, "path component longer than 255 bytes");
		}
		if (!ext2_is_directory(node))
			return FS_ERR_NOT_A_DIRECTORY;
		dir = *node;
		error = ext2_dir_find(volume, &dir, p, length, &number);
		if (error != FS_OK)
			return error;
		if (number == 0)
			return FS_ERR_NOT_FOUND;
		p += length;
		error = ext2_read_inode(volume, number, node);
		if (error != FS_OK)
			return error;
		if (!ext2_is_symlink(node))
			continue;

		/* The rest of the path now goes on from the link's target: from
		 * the root for an absolute one, else from the link's directory. */
		if (++links > EXT2_MAX_SYMLINKS)
			return FS_ERR_SYMLINK_LOOP;
		error = ext2_follow_link(volume, node, p, &p);
		if (error != FS_OK)
			return error;
		if (*p == '/')
			error = ext2_read_inode(volume, EXT2_ROOT_INO, node);
		else
			*node = dir;
		if (error != FS_OK)
			return error;
	}
}
