/* Block maps ("Direct/Indirect Block Addressing" in "The Contents of
 * inode.i_block"): 12 direct block numbers, then one indirect, one double-
 * and one triple-indirect block of 32-bit block numbers. 0 is a hole. */
#include "fs/ext2_internal.h"

/* log2 of the block numbers one pointer block holds. */
static uint32_t ext2_pointer_shift(const struct ext2_volume *volume)
{
	return volume->block_shift - 2u;
}

uint64_t ext2_blockmap_limit(const struct ext2_volume *volume)
{
	uint32_t shift = ext2_pointer_shift(volume);

	return EXT2_NDIR_BLOCKS + ((uint64_t)1 << shift) + ((uint64_t)1 << (2 * shift)) +
	       ((uint64_t)1 << (3 * shift));
}

/* Entry `index` of a table of block numbers: in memory (i_block) when
 * `table` is set, else in block `block`. */
static int ext2_pointer(struct ext2_volume *volume, const uint8_t *table, uint64_t block,
			uint32_t index, uint32_t *value)
{
	const uint8_t *raw = table ? table + 4 * index : 0;

	if (!raw) {
		int error = ext2_bytes(volume, (block << volume->block_shift) + 4 * (uint64_t)index, 4, &raw);
		if (error != FS_OK)
			return error;
	}
	*value = ext2_le32(raw);
	return FS_OK;
}

/* The run from entry `first` of a table of `count` entries: entries that
 * go on numbering consecutive blocks, or stay holes, up to `wanted`. */
static int ext2_pointer_run(struct ext2_volume *volume, const uint8_t *table, uint64_t block,
			    uint32_t first, uint32_t count, uint64_t wanted, struct ext2_run *run)
{
	uint32_t start;
	uint32_t length = 1;
	int error = ext2_pointer(volume, table, block, first, &start);

	if (error != FS_OK)
		return error;
	while (first + length < count && length < wanted) {
		uint32_t next;

		error = ext2_pointer(volume, table, block, first + length, &next);
		if (error != FS_OK)
			return error;
		if (next != (start == 0 ? 0 : start + length))
			break;
		length++;
	}
	if (start != 0 && (uint64_t)start + length > volume->blocks_count)
		return ext2_fail(volume, FS_ERR_CORRUPT, "block number out of range");
	run->length = length;
	run->physical = start;
	run->zero = start == 0;
	return FS_OK;
}

int ext2_blockmap_find(struct ext2_volume *volume, const uint8_t *i_block, uint64_t logical,
		       uint64_t wanted, struct ext2_run *run)
{
	uint32_t shift = ext2_pointer_shift(volume);
	uint64_t index = logical;
	uint32_t level;
	uint32_t pointer;
	int error;

	run->logical = logical;
	if (index < EXT2_NDIR_BLOCKS)
		return ext2_pointer_run(volume, i_block, 0, (uint32_t)index, EXT2_NDIR_BLOCKS, wanted, run);
	index -= EXT2_NDIR_BLOCKS;
	/* Level 1 is the indirect block, 2 the double-, 3 the triple-indirect. */
	for (level = 1; level <= 3 && index >= (uint64_t)1 << (level * shift); level++)
		index -= (uint64_t)1 << (level * shift);
	if (level > 3)
		return ext2_fail(volume, FS_ERR_CORRUPT, "block beyond the triple-indirect map");
	pointer = ext2_le32(i_block + 4 * (EXT2_IND_BLOCK + level - 1));

	/* `pointer` names a block covering 2^(level * shift) file blocks, of
	 * which `index` is wanted; each of its entries covers 2^below. */
	for (;;) {
		uint32_t below = (level - 1) * shift;
		uint32_t entry;

		if (pointer == 0) {
			run->length = ((uint64_t)1 << (level * shift)) - index;
			run->physical = 0;
			run->zero = true;
			return FS_OK;
		}
		if (pointer >= volume->blocks_count)
			return ext2_fail(volume, FS_ERR_CORRUPT, "indirect block number out of range");
		entry = (uint32_t)(index >> below);
		index &= ((uint64_t)1 << below) - 1;
		if (level == 1)
			return ext2_pointer_run(volume, 0, pointer, entry, (uint32_t)1 << shift, wanted, run);
		error = ext2_pointer(volume, 0, pointer, entry, &pointer);
		if (error != FS_OK)
			return error;
		level--;
	}
}
