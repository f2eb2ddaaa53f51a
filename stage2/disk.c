/* Disk reads through INT 13h: extensions (AH=42h) where the BIOS has them,
 * CHS (AH=02h) otherwise. Every transfer passes through the bounce buffer
 * below 1 MiB, as large as the BIOS accepts: 127 sectors a call with the
 * extensions (the limit of the Phoenix EDD specification), up to the end of
 * the track with CHS, which some BIOSes cannot cross. Once a native driver
 * (stage2/drivers/) has taken the boot disk, its reads go there instead. */
#include "stage2/disk.h"

#include "stage2/bios.h"
#include "stage2/drivers/native.h"
#include "stage2/lib.h"

#define EDD_MAX_SECTORS 127
#define READ_TRIES 3

struct disk_address_packet {
	uint8_t size;
	uint8_t reserved;
	uint16_t count;
	uint16_t offset;
	uint16_t segment;
	uint64_t lba;
} __attribute__((packed));
_Static_assert(sizeof(struct disk_address_packet) == 16, "EDD disk address packet");

/* The result buffer of AH=48h, EDD 1.x fields only. */
struct drive_parameters {
	uint16_t size;
	uint16_t flags;
	uint32_t cylinders;
	uint32_t heads;
	uint32_t sectors_per_track;
	uint64_t total_sectors;
	uint16_t bytes_per_sector;
} __attribute__((packed));
_Static_assert(sizeof(struct drive_parameters) == 26, "EDD drive parameters");

static struct disk_address_packet packet;
static struct drive_parameters parameters;

/* Every INT 13h call passes here: a native driver gives the controller back
 * first, so the BIOS always finds it as it left it. */
static void disk_bios_call(struct bios_regs *regs)
{
	native_disk_release();
	bios_call(0x13, regs);
}

static void reset_drive(uint8_t drive)
{
	struct bios_regs regs = { .eax = 0x0000, .edx = drive };
	disk_bios_call(&regs);
}

static int read_chunk_lba(struct bios_disk *disk, uint64_t lba, uint32_t count)
{
	packet = (struct disk_address_packet){
		.size = sizeof packet,
		.count = (uint16_t)count,
		.offset = real_offset(BOUNCE_BUFFER),
		.segment = real_segment(BOUNCE_BUFFER),
		.lba = lba,
	};
	struct bios_regs regs = {
		.eax = 0x4200,
		.edx = disk->drive,
		.ds = real_segment(&packet),
		.esi = real_offset(&packet),
	};
	disk_bios_call(&regs);
	return (regs.eflags & BIOS_CARRY_FLAG) ? -1 : 0;
}

static int read_chunk_chs(struct bios_disk *disk, uint64_t lba, uint32_t count)
{
	uint32_t sector = (uint32_t)(lba % disk->sectors_per_track) + 1;
	uint32_t track = (uint32_t)(lba / disk->sectors_per_track);
	uint32_t head = track % disk->heads;
	uint32_t cylinder = track / disk->heads;
	if (cylinder > 1023)
		return -1;
	struct bios_regs regs = {
		.eax = 0x0200 | count,
		.ecx = ((cylinder & 0xff) << 8) | ((cylinder >> 2) & 0xc0) | sector,
		.edx = (head << 8) | disk->drive,
		.es = real_segment(BOUNCE_BUFFER),
		.ebx = real_offset(BOUNCE_BUFFER),
	};
	disk_bios_call(&regs);
	return (regs.eflags & BIOS_CARRY_FLAG) ? -1 : 0;
}

int bios_disk_read_sectors(struct bios_disk *disk, uint64_t lba, uint32_t count, void *buf)
{
	uint8_t *out = buf;
	uint32_t per_call_limit = BOUNCE_BUFFER_SIZE / disk->sector_size;
	if (disk->has_extensions && per_call_limit > EDD_MAX_SECTORS)
		per_call_limit = EDD_MAX_SECTORS;

	while (count) {
		uint32_t chunk = count < per_call_limit ? count : per_call_limit;
		if (!disk->has_extensions) {
			uint32_t left_on_track =
				disk->sectors_per_track - (uint32_t)(lba % disk->sectors_per_track);
			if (chunk > left_on_track)
				chunk = left_on_track;
		}
		int result = -1;
		for (int try = 0; try < READ_TRIES && result; try++) {
			if (try)
				reset_drive(disk->drive);
			disk->bios_calls++;
			result = disk->has_extensions ? read_chunk_lba(disk, lba, chunk)
						      : read_chunk_chs(disk, lba, chunk);
		}
		if (result)
			return -1;
		memcpy(out, BOUNCE_BUFFER, chunk * disk->sector_size);
		disk->sectors_read += chunk;
		out += chunk * disk->sector_size;
		lba += chunk;
		count -= chunk;
	}
	return 0;
}

static int disk_read(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	struct bios_disk *disk = dev->context;
	if (disk->native && native_disk_active()) {
		if (native_disk_read(lba, count, buf) == 0) {
			disk->sectors_read += count;
			return 0;
		}
	}
	return bios_disk_read_sectors(disk, lba, count, buf);
}

static int probe_extensions(struct bios_disk *disk, struct blockdev *dev)
{
	struct bios_regs regs = { .eax = 0x4100, .ebx = 0x55aa, .edx = disk->drive };
	disk_bios_call(&regs);
	if ((regs.eflags & BIOS_CARRY_FLAG) || (regs.ebx & 0xffff) != 0xaa55 || !(regs.ecx & 1))
		return -1;

	parameters = (struct drive_parameters){ .size = sizeof parameters };
	regs = (struct bios_regs){
		.eax = 0x4800,
		.edx = disk->drive,
		.ds = real_segment(&parameters),
		.esi = real_offset(&parameters),
	};
	disk_bios_call(&regs);
	if (regs.eflags & BIOS_CARRY_FLAG)
		return -1;
	uint16_t sector_size = parameters.bytes_per_sector;
	if (sector_size != 512 && sector_size != 1024 && sector_size != 2048 && sector_size != 4096)
		sector_size = 512;
	dev->sector_size = sector_size;
	/* Some BIOSes report 0 or all ones for the size: then trust the table. */
	dev->sector_count = parameters.total_sectors && parameters.total_sectors != ~0ull
				    ? parameters.total_sectors
				    : ~0ull >> 1;
	return 0;
}

static int probe_geometry(struct bios_disk *disk, struct blockdev *dev)
{
	struct bios_regs regs = { .eax = 0x0800, .edx = disk->drive };
	disk_bios_call(&regs);
	if (regs.eflags & BIOS_CARRY_FLAG)
		return -1;
	disk->sectors_per_track = (uint16_t)(regs.ecx & 0x3f);
	disk->heads = (uint16_t)(((regs.edx >> 8) & 0xff) + 1);
	disk->cylinders = (((regs.ecx & 0xc0) << 2) | ((regs.ecx >> 8) & 0xff)) + 1;
	if (disk->sectors_per_track == 0)
		return -1;
	dev->sector_size = 512;
	dev->sector_count = (uint64_t)disk->cylinders * disk->heads * disk->sectors_per_track;
	return 0;
}

int bios_disk_open(struct bios_disk *disk, uint8_t drive, struct blockdev *dev, const char **why)
{
	*disk = (struct bios_disk){ .drive = drive };
	*dev = (struct blockdev){ .read = disk_read, .context = disk };
	if (probe_extensions(disk, dev) == 0) {
		disk->has_extensions = 1;
		disk->sector_size = dev->sector_size;
		return 0;
	}
	if (probe_geometry(disk, dev) == 0) {
		disk->sector_size = dev->sector_size;
		return 0;
	}
	*why = "the BIOS reports neither extensions nor a geometry for it";
	return -1;
}
