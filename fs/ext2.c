/* Mounting an ext2/ext3/ext4 volume (reading and checking its superblock,
 * refusing what it cannot read) and opening files. Section names below are
 * those of the kernel's "ext4 Data Structures and Algorithms". */
#include "fs/ext2_internal.h"

/* The incompatible features this reader reads. inline_data is refused per
 * inode (ext2_inode.c), needs_recovery on its own below; casefold only
 * changes how Linux compares names, and names here compare exactly. */
#define EXT2_INCOMPAT_READ                                                                      \
	(EXT2_FEATURE_INCOMPAT_FILETYPE | EXT2_FEATURE_INCOMPAT_META_BG |                        \
	 EXT4_FEATURE_INCOMPAT_EXTENTS | EXT4_FEATURE_INCOMPAT_64BIT | EXT4_FEATURE_INCOMPAT_MMP | \
	 EXT4_FEATURE_INCOMPAT_FLEX_BG | EXT4_FEATURE_INCOMPAT_EA_INODE |                        \
	 EXT4_FEATURE_INCOMPAT_CSUM_SEED | EXT4_FEATURE_INCOMPAT_LARGEDIR |                      \
	 EXT4_FEATURE_INCOMPAT_INLINE_DATA | EXT4_FEATURE_INCOMPAT_CASEFOLD)

/* The features ext3 has beyond a journal; any other makes a volume ext4. */
#define EXT3_INCOMPAT (EXT2_FEATURE_INCOMPAT_FILETYPE | EXT3_FEATURE_INCOMPAT_RECOVER | \
		       EXT2_FEATURE_INCOMPAT_META_BG)
#define EXT3_RO_COMPAT (EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
			EXT2_FEATURE_RO_COMPAT_LARGE_FILE | EXT2_FEATURE_RO_COMPAT_BTREE_DIR)

static bool ext2_power_of_two(uint32_t value)
{
	return value != 0 && (value & (value - 1)) == 0;
}

static uint8_t ext2_log2(uint32_t power_of_two)
{
	uint8_t shift = 0;

	while (((uint32_t)1 << shift) < power_of_two)
		shift++;
	return shift;
}

/* "unsupported ext4 feature: incompat 0x00040000" for a flag with no name
 * here, written into the volume, which outlives the message. */
static int ext2_unknown_feature(struct ext2_volume *volume, uint32_t flag)
{
	static const char prefix[] = "unsupported ext4 feature: incompat 0x";
	char *text = volume->detail_text;
	int i;

	_Static_assert(sizeof(prefix) + 8 <= sizeof(volume->detail_text), "room for the flag");
	__builtin_memcpy(text, prefix, sizeof(prefix) - 1);
	text += sizeof(prefix) - 1;
	for (i = 7; i >= 0; i--)
		*text++ = "0123456789abcdef"[(flag >> (4 * i)) & 0xF];
	*text = '\0';
	return ext2_fail(volume, FS_ERR_UNSUPPORTED, volume->detail_text);
}

/* "Super Block", s_feature_incompat: a feature not understood means the
 * data may not be where this reader would look for it. */
static int ext2_check_features(struct ext2_volume *volume)
{
	uint32_t incompat = volume->feature_incompat;
	uint32_t unknown = incompat & ~(EXT2_INCOMPAT_READ | EXT3_FEATURE_INCOMPAT_RECOVER);

	if (incompat & EXT3_FEATURE_INCOMPAT_JOURNAL_DEV)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "external journal device, not a filesystem");
	if (unknown & EXT2_FEATURE_INCOMPAT_COMPRESSION)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "unsupported ext4 feature: compression");
	if (unknown & EXT4_FEATURE_INCOMPAT_DIRDATA)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "unsupported ext4 feature: dirdata");
	if (unknown & EXT4_FEATURE_INCOMPAT_ENCRYPT)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "unsupported ext4 feature: encrypt");
	if (unknown != 0)
		return ext2_unknown_feature(volume, unknown & (0u - unknown));
	/* "Journal (jbd2)": what the journal holds is not yet in place; reading
	 * around it would give stale data. */
	if (incompat & EXT3_FEATURE_INCOMPAT_RECOVER)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED,
				 "journal needs recovery (mount it in Linux or run e2fsck first)");

	if ((incompat & ~EXT3_INCOMPAT) != 0 || (volume->feature_ro_compat & ~EXT3_RO_COMPAT) != 0)
		volume->flavor = EXT2_FLAVOR_EXT4;
	else if (volume->feature_compat & EXT3_FEATURE_COMPAT_HAS_JOURNAL)
		volume->flavor = EXT2_FLAVOR_EXT3;
	else
		volume->flavor = EXT2_FLAVOR_EXT2;
	return FS_OK;
}

/* "Block Groups": block size, group sizes and counts, which must agree
 * with each other and with the device. */
static int ext2_check_geometry(struct ext2_volume *volume, const struct ext2_super_block *sb)
{
	uint32_t log_block_size = ext2_le32(sb->s_log_block_size);
	uint32_t block_size;
	uint64_t device_blocks;
	uint64_t data_blocks;
	uint32_t expected_first;
	uint32_t clusters_per_group;
	bool bigalloc = (volume->feature_ro_compat & EXT4_FEATURE_RO_COMPAT_BIGALLOC) != 0;

	if (log_block_size > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG)
		return ext2_fail(volume, FS_ERR_CORRUPT, "block size is not 1 KiB to 64 KiB");
	volume->block_shift = (uint8_t)(EXT2_MIN_BLOCK_LOG + log_block_size);
	block_size = ext2_block_size(volume);

	volume->blocks_count = ext2_le32(sb->s_blocks_count_lo);
	if (volume->feature_incompat & EXT4_FEATURE_INCOMPAT_64BIT)
		volume->blocks_count |= (uint64_t)ext2_le32(sb->s_blocks_count_hi) << 32;
	/* Whole blocks the device holds; blocks may be smaller than its sectors. */
	if (volume->block_shift >= volume->device_sector_shift)
		device_blocks = volume->dev.sector_count >> (volume->block_shift - volume->device_sector_shift);
	else
		device_blocks = volume->dev.sector_count << (volume->device_sector_shift - volume->block_shift);
	if (volume->blocks_count > device_blocks)
		return ext2_fail(volume, FS_ERR_CORRUPT, "volume is larger than the device");

	/* The superblock at byte 1024 lies in block 1 of a 1 KiB-block volume,
	 * which then starts its first group there; bigalloc starts at 0. */
	volume->first_data_block = ext2_le32(sb->s_first_data_block);
	expected_first = block_size == 1024 && !bigalloc ? 1 : 0;
	if (volume->first_data_block != expected_first)
		return ext2_fail(volume, FS_ERR_CORRUPT, "first data block does not match the block size");
	if (volume->blocks_count <= volume->first_data_block)
		return ext2_fail(volume, FS_ERR_CORRUPT, "block count is too small");

	/* Each group's bitmaps are one block, of 8 bits a byte; with bigalloc
	 * the block bitmap counts clusters ("Bigalloc"), which change nothing
	 * else a reader sees: extents and block maps still number blocks. */
	volume->blocks_per_group = ext2_le32(sb->s_blocks_per_group);
	volume->inodes_per_group = ext2_le32(sb->s_inodes_per_group);
	volume->inodes_count = ext2_le32(sb->s_inodes_count);
	clusters_per_group = volume->blocks_per_group;
	if (bigalloc) {
		uint32_t log_cluster_size = ext2_le32(sb->s_log_cluster_size);
		uint32_t cluster_shift;

		if (log_cluster_size < log_block_size ||
		    log_cluster_size > EXT4_MAX_CLUSTER_LOG - EXT2_MIN_BLOCK_LOG)
			return ext2_fail(volume, FS_ERR_CORRUPT, "cluster size is not a block to 1 GiB");
		cluster_shift = log_cluster_size - log_block_size;
		clusters_per_group = ext2_le32(sb->s_clusters_per_group);
		if (((uint64_t)clusters_per_group << cluster_shift) != volume->blocks_per_group)
			return ext2_fail(volume, FS_ERR_CORRUPT, "blocks per group do not match clusters per group");
	}
	if (volume->blocks_per_group == 0 || clusters_per_group > 8 * block_size)
		return ext2_fail(volume, FS_ERR_CORRUPT, "blocks per group out of range");
	if (volume->inodes_per_group == 0 || volume->inodes_per_group > 8 * block_size)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inodes per group out of range");
	if (volume->inodes_count % volume->inodes_per_group != 0)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inode count is not a multiple of inodes per group");
	volume->group_count = volume->inodes_count / volume->inodes_per_group;
	data_blocks = volume->blocks_count - volume->first_data_block;
	if (volume->group_count == 0 ||
	    (uint64_t)(volume->group_count - 1) * volume->blocks_per_group >= data_blocks ||
	    (uint64_t)volume->group_count * volume->blocks_per_group < data_blocks)
		return ext2_fail(volume, FS_ERR_CORRUPT, "group count does not match the block count");
	return FS_OK;
}

/* "Super Block" (revision 1 fields) and "Block Group Descriptors": inode
 * and descriptor sizes, meta_bg's first group. */
static int ext2_check_layout(struct ext2_volume *volume, const struct ext2_super_block *sb,
			     uint32_t revision)
{
	uint32_t block_size = ext2_block_size(volume);
	uint64_t descriptor_blocks;

	volume->inode_size = EXT2_GOOD_OLD_INODE_SIZE;
	volume->first_ino = EXT2_GOOD_OLD_FIRST_INO;
	volume->desc_size = EXT2_MIN_DESC_SIZE;
	if (revision == EXT2_DYNAMIC_REV) {
		volume->inode_size = ext2_le16(sb->s_inode_size);
		volume->first_ino = ext2_le32(sb->s_first_ino);
	}
	if (!ext2_power_of_two(volume->inode_size) || volume->inode_size < EXT2_GOOD_OLD_INODE_SIZE ||
	    volume->inode_size > block_size)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inode size is not a power of two from 128 to the block size");
	if (volume->first_ino < EXT2_GOOD_OLD_FIRST_INO || volume->first_ino > volume->inodes_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "first inode out of range");

	if (volume->feature_incompat & EXT4_FEATURE_INCOMPAT_64BIT) {
		volume->desc_size = ext2_le16(sb->s_desc_size);
		if (!ext2_power_of_two(volume->desc_size) || volume->desc_size < EXT4_MIN_DESC_SIZE_64BIT ||
		    volume->desc_size > EXT4_MAX_DESC_SIZE)
			return ext2_fail(volume, FS_ERR_CORRUPT, "group descriptor size is not a power of two from 64 to 1024");
	}

	descriptor_blocks = ((uint64_t)volume->group_count * volume->desc_size + block_size - 1) >>
			    volume->block_shift;
	if (volume->feature_incompat & EXT2_FEATURE_INCOMPAT_META_BG) {
		volume->first_meta_bg = ext2_le32(sb->s_first_meta_bg);
		if (volume->first_meta_bg > descriptor_blocks)
			return ext2_fail(volume, FS_ERR_CORRUPT, "first meta block group out of range");
	} else {
		volume->first_meta_bg = (uint32_t)descriptor_blocks;
	}
	volume->backup_bgs[0] = ext2_le32(sb->s_backup_bgs[0]);
	volume->backup_bgs[1] = ext2_le32(sb->s_backup_bgs[1]);
	return FS_OK;
}

int ext2_mount(struct ext2_volume *volume, const struct blockdev *dev)
{
	const struct ext2_super_block *sb;
	const uint8_t *raw;
	uint32_t device_sector = dev->sector_size;
	uint32_t revision;
	int error;

	/* Everything but the path and the window, which need no clearing. */
	__builtin_memset(volume, 0, offsetof(struct ext2_volume, path));
	volume->dev = *dev;
	if (!ext2_power_of_two(device_sector) || device_sector < 512 ||
	    device_sector > EXT2_MAX_SECTOR_SIZE)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "device sector size is not 512 to 4096 bytes");
	volume->device_sector_shift = ext2_log2(device_sector);
	if (dev->sector_count < (2 * EXT2_SUPER_OFFSET + device_sector - 1) >> volume->device_sector_shift)
		return ext2_fail(volume, FS_ERR_NO_FILESYSTEM, "device too small for an ext2 superblock");

	error = ext2_bytes(volume, EXT2_SUPER_OFFSET, sizeof(*sb), &raw);
	if (error != FS_OK)
		return error;
	sb = (const struct ext2_super_block *)raw;
	if (ext2_le16(sb->s_magic) != EXT2_SUPER_MAGIC)
		return ext2_fail(volume, FS_ERR_NO_FILESYSTEM, "no ext2 superblock magic");

	revision = ext2_le32(sb->s_rev_level);
	if (revision > EXT2_DYNAMIC_REV)
		return ext2_fail(volume, FS_ERR_UNSUPPORTED, "superblock revision is newer than 1");
	/* Revision 0 has no feature fields: they read as whatever lies there. */
	if (revision == EXT2_DYNAMIC_REV) {
		volume->feature_compat = ext2_le32(sb->s_feature_compat);
		volume->feature_incompat = ext2_le32(sb->s_feature_incompat);
		volume->feature_ro_compat = ext2_le32(sb->s_feature_ro_compat);
	}
	/* "Checksums": with metadata_csum the superblock checks itself, so a
	 * damaged one is told apart from a strange one. */
	if (volume->feature_ro_compat & EXT4_FEATURE_RO_COMPAT_METADATA_CSUM) {
		if (sb->s_checksum_type != EXT4_CRC32C_CHKSUM)
			return ext2_fail(volume, FS_ERR_UNSUPPORTED, "metadata checksum type is not crc32c");
		if (ext2_crc32c(0xFFFFFFFFu, raw, offsetof(struct ext2_super_block, s_checksum)) !=
		    ext2_le32(sb->s_checksum))
			return ext2_fail(volume, FS_ERR_CORRUPT, "superblock checksum mismatch");
	}

	error = ext2_check_geometry(volume, sb);
	if (error == FS_OK)
		error = ext2_check_layout(volume, sb, revision);
	if (error == FS_OK)
		error = ext2_check_features(volume);
	return error;
}

int ext2_open(struct ext2_volume *volume, const char *path, struct ext2_file *file)
{
	int error;

	volume->detail = 0;
	error = ext2_lookup(volume, path, file);
	if (error != FS_OK)
		return error;
	if ((file->i_mode & EXT2_S_IFMT) != EXT2_S_IFREG)
		return FS_ERR_NOT_A_FILE;
	file->run.length = 0;
	return FS_OK;
}
