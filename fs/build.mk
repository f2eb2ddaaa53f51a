# fs: the block device, the FAT and ext2/3/4 readers behind fs/fs.h and the
# MBR and GPT partition table readers (docs/filesystems.md). Portable C
# without libc: the Makefile builds FS_SOURCES into stage 2 (freestanding
# 32-bit) and into the host's CLI and tests, FS_HOST_SOURCES into the host
# only. The kernel takes none of it.
FS_SOURCES := fs/blockdev.c fs/fs.c
# FAT12/16/32.
FS_SOURCES += fs/fat.c fs/fat_io.c fs/fat_table.c fs/fat_dir.c fs/fat_read.c
# ext2/ext3/ext4, read only.
FS_SOURCES += fs/ext2.c fs/ext2_io.c fs/ext2_crc32c.c fs/ext2_group.c fs/ext2_inode.c \
	fs/ext2_blockmap.c fs/ext2_extent.c fs/ext2_read.c fs/ext2_dir.c fs/ext2_symlink.c
# MBR and GPT partition tables.
FS_SOURCES += fs/partition.c fs/partition_gpt.c fs/crc32.c
# Only the installer needs a file's clusters as runs of sectors.
FS_HOST_SOURCES := fs/fat_runs.c
