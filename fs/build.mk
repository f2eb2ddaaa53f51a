# fs: partition tables and the filesystem readers behind fs/fs.h
# (docs/filesystems.md). Portable C: stage 2 and the host build them.
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
