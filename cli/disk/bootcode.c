#include "cli/disk/bootcode.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli/common/cleanup.h"
#include "cli/common/diag.h"
#include "cli/disk/image.h"

extern const uint8_t embedded_stage1[];
extern const uint64_t embedded_stage1_size;
extern const uint8_t embedded_vbr[];
extern const uint64_t embedded_vbr_size;
extern const uint8_t embedded_stage2[];
extern const uint64_t embedded_stage2_size;
extern const uint8_t embedded_uefi[];
extern const uint64_t embedded_uefi_size;

_Static_assert(GB_STAGE2_MAX_SIZE / SECTOR_SIZE <= UINT16_MAX,
	       "one extent can always hold stage 2");

static uint32_t sectors_for(uint64_t bytes)
{
	return (uint32_t)((bytes + SECTOR_SIZE - 1) / SECTOR_SIZE);
}

static int check_boot_sector(const char *name, const uint8_t *code, uint64_t size,
			     unsigned patch_offset)
{
	struct gb_stage1_patch patch;

	if (size != SECTOR_SIZE)
		return error("the embedded %s is %llu bytes, not one sector (a broken build)", name,
			     (unsigned long long)size);
	if (!bootcode_read_patch(code, patch_offset, &patch))
		return error("the embedded %s has no patch area at offset %#x (a broken build)",
			     name, patch_offset);
	return 0;
}

int bootcode_check(void)
{
	struct gb_stage2_header header;

	if (check_boot_sector("stage 1", embedded_stage1, embedded_stage1_size,
			      GB_STAGE1_PATCH_OFFSET) != 0 ||
	    check_boot_sector("volume boot record", embedded_vbr, embedded_vbr_size,
			      GB_VBR_PATCH_OFFSET) != 0)
		return -1;
	if (embedded_stage2_size < sizeof(header) || embedded_stage2_size > GB_STAGE2_MAX_SIZE)
		return error("the embedded stage 2 is %llu bytes, outside 32..%u (a broken build)",
			     (unsigned long long)embedded_stage2_size, GB_STAGE2_MAX_SIZE);
	memcpy(&header, embedded_stage2, sizeof(header));
	if (header.magic != GB_STAGE2_MAGIC || header.version != GB_STAGE2_HEADER_VERSION ||
	    header.header_size < sizeof(header) || header.image_size > embedded_stage2_size ||
	    header.image_size < header.header_size)
		return error("the embedded stage 2 has no valid header (a broken build)");
	return 0;
}

uint32_t bootcode_stage2_sectors(void)
{
	return sectors_for(embedded_stage2_size);
}

void bootcode_patch(struct gb_stage1_patch *patch, const struct gb_extent *extents,
		    unsigned count, int hard_disk)
{
	unsigned i;

	memset(patch, 0, sizeof(*patch));
	patch->magic = GB_STAGE1_MAGIC;
	patch->drive_override = 0xff;
	patch->flags = hard_disk ? GB_STAGE1_HARD_DISK : 0;
	for (i = 0; i < count && i < GB_STAGE1_MAX_EXTENTS; i++)
		patch->extents[i] = extents[i];
}

void bootcode_mbr(uint8_t code[GB_STAGE1_CODE_LIMIT], const struct gb_stage1_patch *patch)
{
	memcpy(code, embedded_stage1, GB_STAGE1_CODE_LIMIT);
	memcpy(code + GB_STAGE1_PATCH_OFFSET, patch, sizeof(*patch));
}

void bootcode_vbr(uint8_t sector[512], const struct gb_stage1_patch *patch)
{
	memcpy(sector, embedded_vbr, GB_VBR_BPB_START);
	memcpy(sector + GB_VBR_CODE_START, embedded_vbr + GB_VBR_CODE_START,
	       510 - GB_VBR_CODE_START);
	memcpy(sector + GB_VBR_PATCH_OFFSET, patch, sizeof(*patch));
}

int bootcode_read_patch(const uint8_t sector[512], unsigned offset,
			struct gb_stage1_patch *patch)
{
	memcpy(patch, sector + offset, sizeof(*patch));
	return patch->magic == GB_STAGE1_MAGIC;
}

void bootcode_stage2(uint8_t *image, uint8_t boot_partition, uint64_t partition_lba)
{
	struct gb_stage2_header header;

	memset(image, 0, (size_t)bootcode_stage2_sectors() * SECTOR_SIZE);
	memcpy(image, embedded_stage2, embedded_stage2_size);
	memcpy(&header, image, sizeof(header));
	header.boot_partition = boot_partition;
	header.partition_lba = partition_lba;
	memcpy(image, &header, sizeof(header));
}

int bootcode_is_stage2(const uint8_t sector[512], uint32_t *sectors)
{
	struct gb_stage2_header header;

	memcpy(&header, sector, sizeof(header));
	if (header.magic != GB_STAGE2_MAGIC || header.image_size == 0 ||
	    header.image_size > GB_STAGE2_MAX_SIZE)
		return 0;
	*sectors = sectors_for(header.image_size);
	return 1;
}

const uint8_t *bootcode_uefi(size_t *size)
{
	*size = (size_t)embedded_uefi_size;
	return embedded_uefi;
}

int bootcode_uefi_file(char **path)
{
	size_t size;
	const uint8_t *bytes = bootcode_uefi(&size);
	int fd = cleanup_temporary_file("BOOTX64.EFI", path);

	if (fd < 0)
		return -1;
	if (write(fd, bytes, size) != (ssize_t)size) {
		close(fd);
		return error("cannot write %s: %s", *path, strerror(errno));
	}
	close(fd);
	return 0;
}
