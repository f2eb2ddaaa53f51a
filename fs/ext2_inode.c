/* Inodes: finding one in its group's inode table and checking what it
 * says of itself before anything follows its block map ("Index Nodes"). */
#include "fs/ext2_internal.h"

/* Bytes of data the inode's blocks can hold: i_blocks counts 512-byte
 * sectors, or filesystem blocks for a huge_file inode that says so. */
static uint64_t ext2_allocated_bytes(const struct ext2_volume *volume, const struct ext2_inode *raw,
				     uint32_t i_flags)
{
	uint64_t blocks = ext2_le32(raw->i_blocks_lo);

	if (volume->feature_ro_compat & EXT4_FEATURE_RO_COMPAT_HUGE_FILE) {
		blocks |= (uint64_t)ext2_le16(raw->l_i_blocks_high) << 32;
		if (i_flags & EXT4_HUGE_FILE_FL)
			return blocks << volume->block_shift;
	}
	return blocks << 9;
}

/* The sizes each kind of inode can have. */
static int ext2_check_size(struct ext2_volume *volume, const struct ext2_file *file,
			   const struct ext2_inode *raw)
{
	uint64_t limit;

	/* No inode owns more blocks than the volume has. */
	if (ext2_allocated_bytes(volume, raw, file->i_flags) >> volume->block_shift >
	    volume->blocks_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inode owns more blocks than the volume has");
	if (ext2_is_directory(file)) {
		/* Directories are whole blocks with no holes ("Directory Entries"),
		 * so one cannot outgrow the volume either: that bounds every walk
		 * over its entries, even when its block pointers alias. */
		if (file->size & (ext2_block_size(volume) - 1))
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory size is not a multiple of the block size");
		if (file->size > ext2_allocated_bytes(volume, raw, file->i_flags))
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory is larger than its blocks");
		if (file->size >> volume->block_shift > volume->blocks_count - volume->first_data_block)
			return ext2_fail(volume, FS_ERR_CORRUPT, "directory is larger than the volume");
	} else if (ext2_is_symlink(file)) {
		if (file->size == 0)
			return ext2_fail(volume, FS_ERR_CORRUPT, "empty symbolic link");
		if (file->size >= EXT2_PATH_MAX || file->size >= ext2_block_size(volume))
			return ext2_fail(volume, FS_ERR_CORRUPT, "symbolic link target too long");
		if (file->size < EXT2_FAST_SYMLINK_MAX)
			return FS_OK; /* no block map to check */
	}

	/* Extents number blocks in 32 bits ("Extent Tree"); a block map
	 * reaches as far as its triple-indirect block. */
	limit = file->i_flags & EXT4_EXTENTS_FL ? (uint64_t)1 << 32 : ext2_blockmap_limit(volume);
	if ((file->size >> volume->block_shift) + ((file->size & (ext2_block_size(volume) - 1)) != 0) >
	    limit)
		return ext2_fail(volume, FS_ERR_CORRUPT, "file size beyond what its block map can address");
	return FS_OK;
}

int ext2_read_inode(struct ext2_volume *volume, uint32_t number, struct ext2_file *file)
{
	const struct ext2_inode *raw;
	const uint8_t *bytes;
	uint32_t group;
	uint32_t index;
	uint64_t table;
	uint32_t type;
	int error;

	/* "Special inodes": below s_first_ino only the root may be named. */
	if (number == 0 || number > volume->inodes_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inode number out of range");
	if (number != EXT2_ROOT_INO && number < volume->first_ino)
		return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry names a reserved inode");
	group = (number - 1) / volume->inodes_per_group;
	index = (number - 1) % volume->inodes_per_group;
	error = ext2_inode_table(volume, group, &table);
	if (error != FS_OK)
		return error;
	error = ext2_bytes(volume, (table << volume->block_shift) + (uint64_t)index * volume->inode_size,
			   sizeof(*raw), &bytes);
	if (error != FS_OK)
		return error;
	raw = (const struct ext2_inode *)bytes;

	__builtin_memset(file, 0, sizeof(*file));
	file->volume = volume;
	file->inode = number;
	file->i_mode = ext2_le16(raw->i_mode);
	file->i_flags = ext2_le32(raw->i_flags);
	__builtin_memcpy(file->i_block, raw->i_block, sizeof(file->i_block));
	type = file->i_mode & EXT2_S_IFMT;
	/* i_size_high is the high half of a file's size; for a directory it is
	 * only that with largedir (it was i_dir_acl before). */
	file->size = ext2_le32(raw->i_size_lo);
	if (type == EXT2_S_IFREG || (volume->feature_incompat & EXT4_FEATURE_INCOMPAT_LARGEDIR))
		file->size |= (uint64_t)ext2_le32(raw->i_size_high) << 32;

	if (ext2_le16(raw->i_links_count) == 0)
		return ext2_fail(volume, FS_ERR_CORRUPT, "directory entry names a free inode");
	if (type != EXT2_S_IFREG && type != EXT2_S_IFDIR && type != EXT2_S_IFLNK)
		return FS_OK; /* a device, fifo or socket: nothing of it is read */
	if (file->i_flags & EXT4_INLINE_DATA_FL)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "inline data is not supported");
	return ext2_check_size(volume, file, raw);
}
