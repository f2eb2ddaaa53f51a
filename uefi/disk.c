/* The disk the loader was read from, as a struct blockdev: the firmware
 * gives the partition (the ESP) the image came from; the partition and
 * filesystem readers want the whole disk, which is the Block I/O handle
 * whose device path the partition's path extends. */
#include "uefi/uefi.h"

#include "stage2/console.h"
#include "stage2/drivers/native.h"
#include "stage2/lib.h"

#define BOUNCE_PAGES 16u

static struct efi_block_io *disk_io;
static uint8_t *bounce; /* page-aligned, for buffers the device cannot take */

static int read_direct(uint64_t lba, uint64_t bytes, void *buf)
{
	return disk_io->read_blocks(disk_io, disk_io->media->media_id, lba, bytes, buf) ==
			       EFI_SUCCESS ?
		       0 :
		       -1;
}

static int read_sectors(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	struct bios_disk *stats = dev->context;
	uint32_t align = disk_io->media->io_align;
	if (align <= 1 || (uintptr_t)buf % align == 0) {
		stats->bios_calls++;
		if (read_direct(lba, (uint64_t)count * dev->sector_size, buf))
			return -1;
		stats->sectors_read += count;
		return 0;
	}
	uint32_t per_read = BOUNCE_PAGES * EFI_PAGE_SIZE / dev->sector_size;
	for (uint32_t done = 0; done < count;) {
		uint32_t n = count - done < per_read ? count - done : per_read;
		stats->bios_calls++;
		if (read_direct(lba + done, (uint64_t)n * dev->sector_size, bounce))
			return -1;
		memcpy((uint8_t *)buf + (uint64_t)done * dev->sector_size, bounce,
		       (size_t)n * dev->sector_size);
		stats->sectors_read += n;
		done += n;
	}
	return 0;
}

/* The bytes of a device path before its end node, or 0 when it is damaged. */
static uint64_t path_length(const struct efi_device_path *path)
{
	const uint8_t *start = (const uint8_t *)path, *p = start;
	for (unsigned nodes = 0; nodes < 64; nodes++) {
		const struct efi_device_path *node = (const void *)p;
		unsigned length = node->length[0] | node->length[1] << 8;
		if (node->type == EFI_DEVICE_PATH_END)
			return (uint64_t)(p - start);
		if (length < sizeof *node)
			return 0;
		p += length;
	}
	return 0;
}

static struct efi_device_path *device_path(efi_handle handle)
{
	void *path;
	if (efi_boot->handle_protocol(handle, &efi_device_path_guid, &path) != EFI_SUCCESS)
		return 0;
	return path;
}

/* The whole-disk Block I/O whose path is a prefix of `partition`'s. */
static struct efi_block_io *parent_disk(efi_handle partition)
{
	struct efi_device_path *child = device_path(partition);
	uint64_t child_length = child ? path_length(child) : 0;
	efi_handle *handles;
	uint64_t count;
	if (!child_length ||
	    efi_boot->locate_handle_buffer(EFI_BY_PROTOCOL, &efi_block_io_guid, 0, &count,
					   &handles) != EFI_SUCCESS)
		return 0;
	struct efi_block_io *found = 0;
	for (uint64_t i = 0; i < count && !found; i++) {
		struct efi_block_io *io;
		struct efi_device_path *path = device_path(handles[i]);
		uint64_t length = path ? path_length(path) : 0;
		if (efi_boot->handle_protocol(handles[i], &efi_block_io_guid, (void **)&io) !=
			    EFI_SUCCESS ||
		    !io->media->present || io->media->logical_partition)
			continue;
		if (length && length < child_length && memcmp(path, child, length) == 0)
			found = io;
	}
	efi_boot->free_pool(handles);
	return found;
}

int uefi_disk_open(struct blockdev *dev, struct bios_disk *stats)
{
	struct efi_loaded_image *image;
	struct efi_block_io *io;
	if (efi_boot->handle_protocol(efi_image, &efi_loaded_image_guid, (void **)&image) !=
	    EFI_SUCCESS)
		panic("the firmware does not say where ghostboot was loaded from");
	if (efi_boot->handle_protocol(image->device, &efi_block_io_guid, (void **)&io) !=
	    EFI_SUCCESS)
		panic("the device ghostboot was loaded from is not a block device");
	int from_partition = io->media->logical_partition;
	disk_io = from_partition ? parent_disk(image->device) : io;
	if (!disk_io)
		panic("cannot find the disk holding the partition ghostboot was loaded from");
	const struct efi_block_io_media *media = disk_io->media;
	if (media->block_size != 512 && media->block_size != 2048 && media->block_size != 4096)
		panic("boot disk: sector size %u is not supported", media->block_size);
	uint64_t address;
	if (efi_boot->allocate_pages(EFI_ALLOCATE_ANY_PAGES, EFI_LOADER_DATA, BOUNCE_PAGES,
				     &address) != EFI_SUCCESS)
		panic("out of memory for the disk's buffer");
	bounce = (uint8_t *)(uintptr_t)address;
	*stats = (struct bios_disk){ 0 };
	*dev = (struct blockdev){ .read = read_sectors,
				  .context = stats,
				  .sector_count = media->last_block + 1,
				  .sector_size = media->block_size };
	return !from_partition;
}

/* Block I/O is the firmware's: there is no native driver to give back. */
void native_disk_release(void)
{
}
