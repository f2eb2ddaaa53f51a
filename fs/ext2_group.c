/* Block group descriptors: where the descriptor of a group lies (after the
 * superblock, or with meta_bg in the group's own meta group) and the inode
 * table it names ("Block Group Descriptors", "Meta Block Groups"). */
#include "fs/ext2_internal.h"

/* Whether `value` is a power of `base` (1 counts). */
static bool ext2_is_power_of(uint32_t value, uint32_t base)
{
	while (value % base == 0)
		value /= base;
	return value == 1;
}

/* "Super Block", sparse_super: backups live in groups 0, 1 and the powers
 * of 3, 5 and 7; sparse_super2 names its two groups; without either, every
 * group has one. */
static bool ext2_group_has_super(const struct ext2_volume *volume, uint32_t group)
{
	if (group == 0)
		return true;
	if (volume->feature_compat & EXT4_FEATURE_COMPAT_SPARSE_SUPER2)
		return group == volume->backup_bgs[0] || group == volume->backup_bgs[1];
	if (group == 1 || !(volume->feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return ext2_is_power_of(group, 3) || ext2_is_power_of(group, 5) || ext2_is_power_of(group, 7);
}

/* The block holding descriptor block `index` of the table. The classic
 * table follows the superblock; from s_first_meta_bg on, meta_bg keeps each
 * descriptor block in the first group of the meta group it describes (a
 * meta group being the groups one descriptor block covers), after that
 * group's superblock backup if it has one. The superblock itself, at byte
 * 1024, is block 1 of a 1 KiB-block volume even where its first group
 * starts at block 0 (bigalloc). */
static uint64_t ext2_descriptor_block(const struct ext2_volume *volume, uint32_t index,
				      uint32_t per_block_shift)
{
	uint64_t super_block = EXT2_SUPER_OFFSET >> volume->block_shift;
	uint32_t first_group;

	if (index < volume->first_meta_bg)
		return super_block + 1 + index;
	first_group = index << per_block_shift;
	if (first_group == 0)
		return super_block + 1;
	return (uint64_t)volume->first_data_block + (uint64_t)first_group * volume->blocks_per_group +
	       (ext2_group_has_super(volume, first_group) ? 1 : 0);
}

int ext2_inode_table(struct ext2_volume *volume, uint32_t group, uint64_t *block)
{
	uint32_t desc_shift = 0;
	uint32_t per_block_shift;
	uint64_t descriptor_block;
	uint64_t table_blocks;
	const uint8_t *raw;
	const struct ext2_group_desc *desc;
	int error;

	if (volume->table_block != 0 && volume->table_group == group) {
		*block = volume->table_block;
		return FS_OK;
	}
	while (((uint32_t)1 << desc_shift) < volume->desc_size)
		desc_shift++;
	per_block_shift = volume->block_shift - desc_shift;
	descriptor_block = ext2_descriptor_block(volume, group >> per_block_shift, per_block_shift);
	if (descriptor_block >= volume->blocks_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "group descriptor block out of range");
	error = ext2_bytes(volume,
			   (descriptor_block << volume->block_shift) +
				   ((uint64_t)(group & ((1u << per_block_shift) - 1)) << desc_shift),
			   volume->desc_size < sizeof(*desc) ? volume->desc_size : sizeof(*desc), &raw);
	if (error != FS_OK)
		return error;
	desc = (const struct ext2_group_desc *)raw;

	*block = ext2_le32(desc->bg_inode_table_lo);
	if (volume->desc_size >= EXT4_MIN_DESC_SIZE_64BIT)
		*block |= (uint64_t)ext2_le32(desc->bg_inode_table_hi) << 32;
	table_blocks = ((uint64_t)volume->inodes_per_group * volume->inode_size +
			ext2_block_size(volume) - 1) >> volume->block_shift;
	if (*block <= volume->first_data_block || *block >= volume->blocks_count ||
	    table_blocks > volume->blocks_count - *block)
		return ext2_fail(volume, FS_ERR_CORRUPT, "inode table out of range");
	volume->table_block = *block;
	volume->table_group = group;
	return FS_OK;
}
