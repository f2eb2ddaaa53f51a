/* Extent trees ("Extent Tree"): a header and up to four entries in
 * i_block, index nodes pointing down to leaves of extents, each a run of up
 * to 32768 blocks. Every node is checked before use: its magic, its entry
 * count against its room, its depth against its parent's, and the order of
 * its entries; a tree is at most EXT4_MAX_EXTENT_DEPTH deep. */
#include "fs/ext2_internal.h"

/* Entries that fit the root in i_block and a node block. */
#define EXT4_ROOT_ENTRIES ((60u - sizeof(struct ext4_extent_header)) / sizeof(struct ext4_extent))

static uint32_t ext2_node_entries(const struct ext2_volume *volume)
{
	return (ext2_block_size(volume) - (uint32_t)sizeof(struct ext4_extent_header)) /
	       (uint32_t)sizeof(struct ext4_extent);
}

/* One node of the tree: in i_block (`block` 0) or a whole block. */
struct ext2_node {
	const uint8_t *root; /* i_block, or 0 for a node block */
	uint64_t block;
	uint32_t entries;
	uint32_t depth;
};

/* 12 bytes of the node: the header (`slot` 0) or entry `slot` - 1. */
static int ext2_node_bytes(struct ext2_volume *volume, const struct ext2_node *node, uint32_t slot,
			   const uint8_t **raw)
{
	if (node->root) {
		*raw = node->root + 12 * slot;
		return FS_OK;
	}
	return ext2_bytes(volume, (node->block << volume->block_shift) + 12 * (uint64_t)slot, 12, raw);
}

/* Reads and checks a node's header; `depth` is what its parent expects
 * (for the root: the most a tree may have). */
static int ext2_node_open(struct ext2_volume *volume, struct ext2_node *node, uint32_t depth)
{
	const struct ext4_extent_header *header;
	const uint8_t *raw;
	uint32_t room = node->root ? EXT4_ROOT_ENTRIES : ext2_node_entries(volume);
	int error = ext2_node_bytes(volume, node, 0, &raw);

	if (error != FS_OK)
		return error;
	header = (const struct ext4_extent_header *)raw;
	if (ext2_le16(header->eh_magic) != EXT4_EXT_MAGIC)
		return ext2_fail(volume, FS_ERR_CORRUPT, "extent header magic is wrong");
	node->entries = ext2_le16(header->eh_entries);
	node->depth = ext2_le16(header->eh_depth);
	if (node->entries > ext2_le16(header->eh_max) || ext2_le16(header->eh_max) > room)
		return ext2_fail(volume, FS_ERR_CORRUPT, "extent node holds more entries than fit");
	if (node->root ? node->depth > depth : node->depth != depth)
		return ext2_fail(volume, FS_ERR_CORRUPT, "extent tree depth is wrong");
	return FS_OK;
}

static void ext2_hole(struct ext2_run *run, uint64_t logical, uint64_t end)
{
	run->logical = logical;
	run->length = end - logical;
	run->physical = 0;
	run->zero = true;
}

/* In an index node, the child whose range holds `logical`: the last entry
 * starting at or before it. `*end` narrows to where the next entry starts.
 * `*child` stays 0 when `logical` lies before the first entry. */
static int ext2_index_find(struct ext2_volume *volume, const struct ext2_node *node, uint64_t logical,
			   uint64_t *child, uint64_t *end)
{
	uint32_t previous = 0;
	uint32_t i;

	*child = 0;
	for (i = 0; i < node->entries; i++) {
		const struct ext4_extent_idx *idx;
		const uint8_t *raw;
		int error = ext2_node_bytes(volume, node, i + 1, &raw);

		if (error != FS_OK)
			return error;
		idx = (const struct ext4_extent_idx *)raw;
		if (i > 0 && ext2_le32(idx->ei_block) <= previous)
			return ext2_fail(volume, FS_ERR_CORRUPT, "extent index entries out of order");
		previous = ext2_le32(idx->ei_block);
		if (previous > logical) {
			*end = previous < *end ? previous : *end;
			break;
		}
		*child = ext2_le32(idx->ei_leaf_lo) | (uint64_t)ext2_le16(idx->ei_leaf_hi) << 32;
		if (*child <= volume->first_data_block || *child >= volume->blocks_count)
			return ext2_fail(volume, FS_ERR_CORRUPT, "extent tree block out of range");
	}
	return FS_OK;
}

/* In a leaf, the extent holding `logical`, or the hole up to the next one. */
static int ext2_leaf_find(struct ext2_volume *volume, const struct ext2_node *node, uint64_t logical,
			  uint64_t end, struct ext2_run *run)
{
	uint64_t previous_end = 0;
	uint32_t i;

	for (i = 0; i < node->entries; i++) {
		const struct ext4_extent *extent;
		const uint8_t *raw;
		uint32_t length;
		uint64_t first;
		int error = ext2_node_bytes(volume, node, i + 1, &raw);

		if (error != FS_OK)
			return error;
		extent = (const struct ext4_extent *)raw;
		first = ext2_le32(extent->ee_block);
		length = ext2_le16(extent->ee_len);
		/* "Extent Tree": above 32768, ee_len - 32768 blocks not yet written. */
		run->zero = length > EXT4_EXT_INIT_MAX_LEN;
		if (run->zero)
			length -= EXT4_EXT_INIT_MAX_LEN;
		if (length == 0)
			return ext2_fail(volume, FS_ERR_CORRUPT, "extent of no blocks");
		if (first < previous_end)
			return ext2_fail(volume, FS_ERR_CORRUPT, "extents overlap or are out of order");
		previous_end = first + length;
		if (logical < first) {
			ext2_hole(run, logical, first < end ? first : end);
			return FS_OK;
		}
		if (logical < previous_end) {
			run->logical = first;
			run->length = length;
			run->physical = ext2_le32(extent->ee_start_lo) |
					(uint64_t)ext2_le16(extent->ee_start_hi) << 32;
			if (run->physical <= volume->first_data_block || run->physical >= volume->blocks_count ||
			    length > volume->blocks_count - run->physical)
				return ext2_fail(volume, FS_ERR_CORRUPT, "extent points outside the volume");
			return FS_OK;
		}
	}
	ext2_hole(run, logical, end);
	return FS_OK;
}

int ext2_extent_find(struct ext2_volume *volume, const uint8_t *i_block, uint64_t logical,
		     struct ext2_run *run)
{
	struct ext2_node node = { i_block, 0, 0, 0 };
	uint64_t end = (uint64_t)1 << 32; /* where the part of the tree below us ends */
	int error = ext2_node_open(volume, &node, EXT4_MAX_EXTENT_DEPTH);

	/* Each step down lowers the depth by one: at most six nodes. */
	while (error == FS_OK && node.depth > 0) {
		uint64_t child;

		error = ext2_index_find(volume, &node, logical, &child, &end);
		if (error != FS_OK)
			return error;
		if (child == 0) {
			ext2_hole(run, logical, end);
			return FS_OK;
		}
		node.root = 0;
		node.block = child;
		error = ext2_node_open(volume, &node, node.depth - 1);
	}
	if (error != FS_OK)
		return error;
	return ext2_leaf_find(volume, &node, logical, end, run);
}
