# fs: the filesystem readers behind fs/fs.h. The same sources build hosted
# (CLI, tests) and freestanding (stage 2); other fragments append theirs
# (partitions, ext2) to FS_SOURCES with +=.
FS_SOURCES := fs/blockdev.c fs/fs.c fs/fat.c fs/fat_io.c fs/fat_table.c fs/fat_dir.c \
	fs/fat_read.c
# ext2/ext3/ext4, read only.
FS_SOURCES += fs/ext2.c fs/ext2_io.c fs/ext2_crc32c.c fs/ext2_group.c fs/ext2_inode.c \
	fs/ext2_blockmap.c fs/ext2_extent.c fs/ext2_read.c fs/ext2_dir.c fs/ext2_symlink.c
FS_HOST_OBJECTS = $(FS_SOURCES:%.c=$(BUILD)/host/%.o)

# fsread: one file out of an image, for tests/host/fat.sh. Its prerequisites
# are expanded once every fragment has added its sources.
.SECONDEXPANSION:
$(BUILD)/tests/host/fsread: $(BUILD)/host/tests/host/fsread.o $$(FS_HOST_OBJECTS)
	@mkdir -p $(@D)
	$(CC) $^ -o $@

test-programs: $(BUILD)/tests/host/fsread
