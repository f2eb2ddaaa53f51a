/* "ext4 Disk Layout", The Super Block: it starts 1024 bytes into the
 * volume; s_log_block_size at offset 24 and s_magic (0xEF53) at offset 56. */
#include "cli/disk/ext_volume.h"

#define SUPERBLOCK_OFFSET 1024
#define S_LOG_BLOCK_SIZE 24
#define S_MAGIC 56
#define EXT_MAGIC 0xEF53u
#define MAX_LOG_BLOCK_SIZE 6 /* 1024 << 6: 64 KiB */

int ext_volume_block_size(const struct blockdev *volume, uint32_t *block_size)
{
	uint8_t sectors[2 * 512];
	const uint8_t *super;
	uint32_t log_size;

	if (volume->sector_size != 512 ||
	    blockdev_read(volume, SUPERBLOCK_OFFSET / 512, 2, sectors) != 0)
		return 0;
	super = sectors;
	if ((uint32_t)(super[S_MAGIC] | super[S_MAGIC + 1] << 8) != EXT_MAGIC)
		return 0;
	log_size = (uint32_t)super[S_LOG_BLOCK_SIZE] | (uint32_t)super[S_LOG_BLOCK_SIZE + 1] << 8 |
		   (uint32_t)super[S_LOG_BLOCK_SIZE + 2] << 16 |
		   (uint32_t)super[S_LOG_BLOCK_SIZE + 3] << 24;
	if (log_size > MAX_LOG_BLOCK_SIZE)
		return 0;
	*block_size = 1024u << log_size;
	return 1;
}
