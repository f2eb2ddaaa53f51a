/* ext2/ext3/ext4 on-disk structures, named as the kernel's "ext4 Data
 * Structures and Algorithms" (Documentation/filesystems/ext4) names them.
 * Multi-byte fields are little-endian byte arrays read with ext2_le16/32:
 * the structures need no packing and read the same on any host. */
#ifndef GHOSTBOOT_FS_EXT2_DISK_H
#define GHOSTBOOT_FS_EXT2_DISK_H

#include <stddef.h>
#include <stdint.h>

/* "Super Block": 1024 bytes at byte 1024 of the volume. Fields this reader
 * never looks at are folded into byte ranges named after their first field. */
struct ext2_super_block {
	uint8_t s_inodes_count[4];
	uint8_t s_blocks_count_lo[4];
	uint8_t s_r_blocks_count_lo[4];
	uint8_t s_free_blocks_count_lo[4];
	uint8_t s_free_inodes_count[4];
	uint8_t s_first_data_block[4];
	uint8_t s_log_block_size[4];
	uint8_t s_log_cluster_size[4];
	uint8_t s_blocks_per_group[4];
	uint8_t s_clusters_per_group[4];
	uint8_t s_inodes_per_group[4];
	uint8_t s_mtime[4];
	uint8_t s_wtime[4];
	uint8_t s_mnt_count[2];
	uint8_t s_max_mnt_count[2];
	uint8_t s_magic[2];
	uint8_t s_state[2];
	uint8_t s_errors[2];
	uint8_t s_minor_rev_level[2];
	uint8_t s_lastcheck[4];
	uint8_t s_checkinterval[4];
	uint8_t s_creator_os[4];
	uint8_t s_rev_level[4];
	uint8_t s_def_resuid[2];
	uint8_t s_def_resgid[2];
	/* EXT2_DYNAMIC_REV (revision 1) only, from here on. */
	uint8_t s_first_ino[4];
	uint8_t s_inode_size[2];
	uint8_t s_block_group_nr[2];
	uint8_t s_feature_compat[4];
	uint8_t s_feature_incompat[4];
	uint8_t s_feature_ro_compat[4];
	uint8_t s_uuid[16];
	uint8_t s_volume_name[16];
	uint8_t s_last_mounted[64];
	uint8_t s_algorithm_usage_bitmap[4];
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint8_t s_reserved_gdt_blocks[2];
	uint8_t s_journal_uuid[16];
	uint8_t s_journal_inum[4];
	uint8_t s_journal_dev[4];
	uint8_t s_last_orphan[4];
	uint8_t s_hash_seed[16];
	uint8_t s_def_hash_version;
	uint8_t s_jnl_backup_type;
	uint8_t s_desc_size[2];
	uint8_t s_default_mount_opts[4];
	uint8_t s_first_meta_bg[4];
	uint8_t s_mkfs_time[4];
	uint8_t s_jnl_blocks[68];
	uint8_t s_blocks_count_hi[4];
	uint8_t s_r_blocks_count_hi[4];
	uint8_t s_free_blocks_count_hi[4];
	uint8_t s_min_extra_isize[2];
	uint8_t s_want_extra_isize[2];
	uint8_t s_flags[4];
	uint8_t s_raid_stride[2];
	uint8_t s_mmp_interval[2];
	uint8_t s_mmp_block[8];
	uint8_t s_raid_stripe_width[4];
	uint8_t s_log_groups_per_flex;
	uint8_t s_checksum_type;
	uint8_t s_encryption_level;
	uint8_t s_reserved_pad;
	uint8_t s_kbytes_written[8];
	/* s_snapshot_inum .. s_overhead_clusters */
	uint8_t s_snapshot_inum[0x24C - 0x180];
	uint8_t s_backup_bgs[2][4];
	/* s_encrypt_algos .. s_reserved */
	uint8_t s_encrypt_algos[0x3FC - 0x254];
	uint8_t s_checksum[4];
};
_Static_assert(sizeof(struct ext2_super_block) == 1024, "ext4 superblock is 1024 bytes");
_Static_assert(offsetof(struct ext2_super_block, s_magic) == 0x38, "s_magic at 0x38");
_Static_assert(offsetof(struct ext2_super_block, s_desc_size) == 0xFE, "s_desc_size at 0xFE");
_Static_assert(offsetof(struct ext2_super_block, s_blocks_count_hi) == 0x150, "s_blocks_count_hi at 0x150");
_Static_assert(offsetof(struct ext2_super_block, s_checksum_type) == 0x175, "s_checksum_type at 0x175");
_Static_assert(offsetof(struct ext2_super_block, s_backup_bgs) == 0x24C, "s_backup_bgs at 0x24C");

#define EXT2_SUPER_OFFSET 1024u
#define EXT2_SUPER_MAGIC 0xEF53u
/* Revision 0 has fixed 128-byte inodes, first inode 11 and no feature fields. */
#define EXT2_DYNAMIC_REV 1u
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_GOOD_OLD_FIRST_INO 11u
#define EXT2_ROOT_INO 2u
#define EXT2_MIN_BLOCK_LOG 10u /* 1 KiB */
#define EXT2_MAX_BLOCK_LOG 16u /* 64 KiB */
#define EXT4_CRC32C_CHKSUM 1u  /* s_checksum_type */

/* s_feature_compat: nothing here changes how a reader finds data, except
 * where sparse_super2 keeps its superblock backups (for meta_bg). */
#define EXT3_FEATURE_COMPAT_HAS_JOURNAL 0x0004u
#define EXT4_FEATURE_COMPAT_SPARSE_SUPER2 0x0200u

/* s_feature_ro_compat: a read-only reader may ignore the ones it does not know. */
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER 0x0001u
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE 0x0002u
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR 0x0004u
#define EXT4_FEATURE_RO_COMPAT_HUGE_FILE 0x0008u
#define EXT4_FEATURE_RO_COMPAT_BIGALLOC 0x0200u
/* "Bigalloc": clusters of at most 2^30 bytes. */
#define EXT4_MAX_CLUSTER_LOG 30u
#define EXT4_FEATURE_RO_COMPAT_METADATA_CSUM 0x0400u

/* s_feature_incompat: one this reader does not know stops the mount. */
#define EXT2_FEATURE_INCOMPAT_COMPRESSION 0x0001u
#define EXT2_FEATURE_INCOMPAT_FILETYPE 0x0002u
#define EXT3_FEATURE_INCOMPAT_RECOVER 0x0004u
#define EXT3_FEATURE_INCOMPAT_JOURNAL_DEV 0x0008u
#define EXT2_FEATURE_INCOMPAT_META_BG 0x0010u
#define EXT4_FEATURE_INCOMPAT_EXTENTS 0x0040u
#define EXT4_FEATURE_INCOMPAT_64BIT 0x0080u
#define EXT4_FEATURE_INCOMPAT_MMP 0x0100u
#define EXT4_FEATURE_INCOMPAT_FLEX_BG 0x0200u
#define EXT4_FEATURE_INCOMPAT_EA_INODE 0x0400u
#define EXT4_FEATURE_INCOMPAT_DIRDATA 0x1000u
#define EXT4_FEATURE_INCOMPAT_CSUM_SEED 0x2000u
#define EXT4_FEATURE_INCOMPAT_LARGEDIR 0x4000u
#define EXT4_FEATURE_INCOMPAT_INLINE_DATA 0x8000u
#define EXT4_FEATURE_INCOMPAT_ENCRYPT 0x10000u
#define EXT4_FEATURE_INCOMPAT_CASEFOLD 0x20000u

/* "Block Group Descriptors": 32 bytes, or s_desc_size (>= 64) with 64bit. */
struct ext2_group_desc {
	uint8_t bg_block_bitmap_lo[4];
	uint8_t bg_inode_bitmap_lo[4];
	uint8_t bg_inode_table_lo[4];
	uint8_t bg_free_blocks_count_lo[2];
	uint8_t bg_free_inodes_count_lo[2];
	uint8_t bg_used_dirs_count_lo[2];
	uint8_t bg_flags[2];
	uint8_t bg_exclude_bitmap_lo[4];
	uint8_t bg_block_bitmap_csum_lo[2];
	uint8_t bg_inode_bitmap_csum_lo[2];
	uint8_t bg_itable_unused_lo[2];
	uint8_t bg_checksum[2];
	/* 64bit only, from here on. */
	uint8_t bg_block_bitmap_hi[4];
	uint8_t bg_inode_bitmap_hi[4];
	uint8_t bg_inode_table_hi[4];
	uint8_t bg_free_blocks_count_hi[2];
	uint8_t bg_free_inodes_count_hi[2];
	uint8_t bg_used_dirs_count_hi[2];
	uint8_t bg_itable_unused_hi[2];
	uint8_t bg_exclude_bitmap_hi[4];
	uint8_t bg_block_bitmap_csum_hi[2];
	uint8_t bg_inode_bitmap_csum_hi[2];
	uint8_t bg_reserved[4];
};
_Static_assert(sizeof(struct ext2_group_desc) == 64, "ext4 64-bit group descriptor is 64 bytes");

#define EXT2_MIN_DESC_SIZE 32u
#define EXT4_MIN_DESC_SIZE_64BIT 64u
#define EXT4_MAX_DESC_SIZE 1024u

/* "Index Nodes": the first 128 bytes, the part every inode size has. */
struct ext2_inode {
	uint8_t i_mode[2];
	uint8_t i_uid[2];
	uint8_t i_size_lo[4];
	uint8_t i_atime[4];
	uint8_t i_ctime[4];
	uint8_t i_mtime[4];
	uint8_t i_dtime[4];
	uint8_t i_gid[2];
	uint8_t i_links_count[2];
	uint8_t i_blocks_lo[4];
	uint8_t i_flags[4];
	uint8_t l_i_version[4];
	uint8_t i_block[60];
	uint8_t i_generation[4];
	uint8_t i_file_acl_lo[4];
	uint8_t i_size_high[4];
	uint8_t i_obso_faddr[4];
	uint8_t l_i_blocks_high[2];
	uint8_t l_i_file_acl_high[2];
	uint8_t l_i_uid_high[2];
	uint8_t l_i_gid_high[2];
	uint8_t l_i_checksum_lo[2];
	uint8_t l_i_reserved[2];
};
_Static_assert(sizeof(struct ext2_inode) == 128, "ext2 inode core is 128 bytes");

/* "Symbolic Links": a target shorter than i_block (60 bytes) lies in it. */
#define EXT2_FAST_SYMLINK_MAX 60u
/* i_block: 12 direct block numbers, then the indirect, double- and triple-indirect blocks. */
#define EXT2_NDIR_BLOCKS 12u
#define EXT2_IND_BLOCK 12u

/* i_mode file types. */
#define EXT2_S_IFMT 0xF000u
#define EXT2_S_IFLNK 0xA000u
#define EXT2_S_IFREG 0x8000u
#define EXT2_S_IFDIR 0x4000u

/* i_flags. */
#define EXT4_HUGE_FILE_FL 0x00040000u   /* i_blocks counts filesystem blocks */
#define EXT4_EXTENTS_FL 0x00080000u     /* i_block holds an extent tree */
#define EXT4_INLINE_DATA_FL 0x10000000u /* the data lives in the inode */

/* "Extent Tree": a 12-byte header, then index entries (interior nodes)
 * or extents (leaves), in i_block and in whole blocks. */
struct ext4_extent_header {
	uint8_t eh_magic[2];
	uint8_t eh_entries[2];
	uint8_t eh_max[2];
	uint8_t eh_depth[2];
	uint8_t eh_generation[4];
};
_Static_assert(sizeof(struct ext4_extent_header) == 12, "extent header is 12 bytes");

struct ext4_extent_idx {
	uint8_t ei_block[4];
	uint8_t ei_leaf_lo[4];
	uint8_t ei_leaf_hi[2];
	uint8_t ei_unused[2];
};
_Static_assert(sizeof(struct ext4_extent_idx) == 12, "extent index is 12 bytes");

struct ext4_extent {
	uint8_t ee_block[4];
	uint8_t ee_len[2];
	uint8_t ee_start_hi[2];
	uint8_t ee_start_lo[4];
};
_Static_assert(sizeof(struct ext4_extent) == 12, "extent is 12 bytes");

#define EXT4_EXT_MAGIC 0xF30Au
/* The kernel's limit; no tree on a real disk comes near it. */
#define EXT4_MAX_EXTENT_DEPTH 5u
/* ee_len above this marks an uninitialized extent of ee_len - 32768 blocks. */
#define EXT4_EXT_INIT_MAX_LEN 32768u

/* "Linear (Classic) Directories": ext4_dir_entry_2, the name follows. */
struct ext2_dir_entry {
	uint8_t inode[4];
	uint8_t rec_len[2];
	uint8_t name_len;
	uint8_t file_type;
};
_Static_assert(sizeof(struct ext2_dir_entry) == 8, "directory entry header is 8 bytes");

#define EXT2_NAME_LEN 255u
/* With 64 KiB blocks a rec_len of 65536 does not fit 16 bits: these two
 * values stand for the whole block. */
#define EXT4_MAX_REC_LEN 0xFFFFu

static inline uint16_t ext2_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t ext2_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#endif
