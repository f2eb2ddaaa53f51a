/* Which disk is the boot disk: the one whose sectors read through a driver
 * equal those the BIOS returns for the boot drive. Reads compared: sector 0,
 * the first sectors of the boot volume and the last sector of the disk,
 * through the driver first, so that a driver failing on a sector is caught
 * before the BIOS has read it. */
#include "stage2/drivers/native.h"

#include "stage2/bios.h"
#include "stage2/console.h"
#include "stage2/drivers/ahci.h"
#include "stage2/drivers/ide_dma.h"
#include "stage2/drivers/virtio_blk.h"
#include "stage2/lib.h"
#include "stage2/timer.h"

#define SECTOR 512u
#define VOLUME_SECTORS 8u
#define RANGES 3
#define RANGE_BYTES ((2 + VOLUME_SECTORS) * SECTOR)
/* Past this the BIOS did not know the size (stage2/disk.c). */
#define KNOWN_SIZE_MAX (1ull << 48)
#define WAIT_POLLS_QUICK 10000u
#define WAIT_POLLS_MAX 100000000u

static struct {
	const struct native_ops *ops;
	void *disk;
	const char *kind;
} active;

static struct bios_disk *boot_disk;
static uint64_t range_lba[RANGES];
static uint32_t range_count[RANGES];
static uint8_t by_driver[RANGE_BYTES], by_bios[RANGE_BYTES];

void native_wait_begin(struct native_wait *wait)
{
	wait->start = timer_now();
	wait->polls = 0;
}

int native_wait_expired(struct native_wait *wait, uint32_t ms)
{
	/* Most waits end within a few polls: the TSC's rate is measured
	 * (10 ms against the PIT) only once a wait lasts. */
	if (++wait->polls < WAIT_POLLS_QUICK)
		return 0;
	if (wait->polls == WAIT_POLLS_QUICK)
		timer_calibrate();
	uint64_t us = timer_microseconds(wait->start, timer_now());
	return us >= (uint64_t)ms * 1000 || wait->polls >= WAIT_POLLS_MAX;
}

static void describe(const char *text, const struct native_place *place)
{
	console_printf("ghostboot: %s%s", text, place->kind);
	if (place->port >= 0)
		console_printf(" port %d", place->port);
	console_printf(" at %02x:%02x.%x", place->pci->bus, place->pci->device, place->pci->function);
}

static int read_ranges(int (*read)(void *, uint64_t, uint32_t, void *), void *context,
		       uint8_t *out)
{
	for (int i = 0; i < RANGES; i++) {
		if (range_count[i] && read(context, range_lba[i], range_count[i], out))
			return -1;
		out += range_count[i] * SECTOR;
	}
	return 0;
}

static int bios_read(void *disk, uint64_t lba, uint32_t count, void *buf)
{
	return bios_disk_read_sectors(disk, lba, count, buf);
}

static int offer(const struct native_ops *ops, void *disk, const struct native_place *place)
{
	uint32_t bytes = (range_count[0] + range_count[1] + range_count[2]) * SECTOR;
	/* A driver that cannot take the disk has left it as it was. */
	int failed = ops->take(disk);
	if (!failed) {
		failed = read_ranges(ops->read, disk, by_driver);
		ops->release(disk);
	}
	if (failed) {
		describe("warning: disk: ", place);
		console_printf(" failed to start or read (error or timeout); not used\n");
		return -1;
	}
	/* Another disk than the boot disk differs here: no warning. */
	if (read_ranges(bios_read, boot_disk, by_bios) || memcmp(by_driver, by_bios, bytes))
		return -1;
	if (ops->take(disk)) {
		describe("warning: disk: ", place);
		console_printf(" did not start again; not used\n");
		return -1;
	}
	boot_disk->native = 1;
	active.ops = ops;
	active.disk = disk;
	active.kind = place->kind;
	describe("disk: ", place);
	console_printf(", verified against the BIOS\n");
	return 0;
}

void native_disk_attach(struct bios_disk *disk, const struct blockdev *dev, uint64_t volume_lba)
{
	uint64_t size = dev->sector_count;
	boot_disk = disk;
	if (dev->sector_size != SECTOR || size < 2)
		goto bios;
	range_lba[0] = 0;
	range_count[0] = 1;
	range_lba[1] = volume_lba;
	range_count[1] =
		volume_lba && volume_lba < size && size - volume_lba >= VOLUME_SECTORS ? VOLUME_SECTORS : 0;
	range_lba[2] = size - 1;
	range_count[2] = size < KNOWN_SIZE_MAX ? 1 : 0;
	if (virtio_blk_find(offer) == 0 || ahci_find(offer) == 0 || ide_dma_find(offer) == 0)
		return;
bios:
	console_printf("ghostboot: disk: BIOS drive 0x%02x (no native driver for it)\n", disk->drive);
}

int native_disk_active(void)
{
	return active.ops != 0;
}

int native_disk_read(uint64_t lba, uint32_t count, void *buf)
{
	if (active.ops->read(active.disk, lba, count, buf) == 0)
		return 0;
	console_printf("ghostboot: warning: disk: %s read error at LBA %llu; reading through the "
		       "BIOS from now on\n",
		       active.kind, (unsigned long long)lba);
	native_disk_release();
	return -1;
}

void native_disk_release(void)
{
	if (!active.ops)
		return;
	active.ops->release(active.disk);
	active.ops = 0;
}

int native_read_by_commands(native_command_fn command, uint32_t max_sectors, uint64_t lba,
			    uint32_t count, void *buf)
{
	uint8_t *out = buf;
	while (count) {
		int direct = !((uintptr_t)out & 1);
		uint32_t chunk = count < max_sectors ? count : max_sectors;
		if (!direct && chunk > BOUNCE_BUFFER_SIZE / SECTOR)
			chunk = BOUNCE_BUFFER_SIZE / SECTOR;
		if (command(lba, chunk, direct ? out : BOUNCE_BUFFER))
			return -1;
		if (!direct)
			memcpy(out, BOUNCE_BUFFER, chunk * SECTOR);
		out += chunk * SECTOR;
		lba += chunk;
		count -= chunk;
	}
	return 0;
}
