/* virtio (PCI transport, split virtqueues) for block devices: the virtio 1.x
 * interface where the device has it, else the legacy one (I/O BAR0).
 *
 * The BIOS drives the same device through its own virtqueue, and a device
 * has no way to take a second driver beside it: taking it means a reset.
 * Giving it back means setting the BIOS's queue up again as the BIOS left
 * it (its features, its ring addresses) and bringing the device's ring
 * counters, which a reset zeroes, back to the BIOS's: as many harmless
 * GET_ID requests as the BIOS had made, posted through its own ring with
 * its descriptor table saved and put back. The BIOS, synchronous, never has
 * a request in flight, so its counters and the device's then agree again. */
#include "stage2/drivers/virtio_blk.h"

#include <ghostboot/bootcode.h>

#include "stage2/bios.h"
#include "stage2/lib.h"

#define VIRTIO_VENDOR 0x1af4
#define VIRTIO_BLK_TRANSITIONAL 0x1001
#define VIRTIO_BLK_MODERN 0x1042

#define PCI_STATUS 0x06
#define PCI_STATUS_CAPABILITIES 0x10
#define PCI_CAPABILITIES 0x34
#define PCI_CAP_VENDOR 0x09
#define CAPS_MAX 48

#define CAP_COMMON 1
#define CAP_NOTIFY 2

/* Common configuration (virtio 1.x 4.1.4.3). */
#define COMMON_DRIVER_FEATURE_SELECT 0x08
#define COMMON_DRIVER_FEATURE 0x0c
#define COMMON_NUM_QUEUES 0x12
#define COMMON_STATUS 0x14
#define COMMON_QUEUE_SELECT 0x16
#define COMMON_QUEUE_SIZE 0x18
#define COMMON_QUEUE_ENABLE 0x1c
#define COMMON_QUEUE_NOTIFY_OFF 0x1e
#define COMMON_QUEUE_DESC 0x20
#define COMMON_QUEUE_DRIVER 0x28
#define COMMON_QUEUE_DEVICE 0x30
#define COMMON_SIZE 0x38

/* The legacy interface's registers, in I/O BAR0 (virtio 1.x 4.1.4.8). */
#define LEGACY_DRIVER_FEATURES 0x04
#define LEGACY_QUEUE_PFN 0x08
#define LEGACY_QUEUE_SIZE 0x0c
#define LEGACY_QUEUE_SELECT 0x0e
#define LEGACY_QUEUE_NOTIFY 0x10
#define LEGACY_STATUS 0x12
#define LEGACY_ALIGN 4096u

#define STATUS_ACKNOWLEDGE 1
#define STATUS_DRIVER 2
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_NEEDS_RESET 0x40
#define STATUS_FAILED 0x80
#define FEATURE_VERSION_1_HIGH 1u /* bit 32 */

#define DESC_NEXT 1
#define DESC_WRITE 2

#define BLK_T_IN 0
#define BLK_T_GET_ID 8
#define BLK_ID_BYTES 20

#define SECTOR 512u
#define MAX_SECTORS 8192u /* 4 MiB a request */
#define OUR_QUEUE 4       /* one request of three descriptors, where the size is ours to set */
#define QUEUE_MAX 256
#define RESET_MS 1000
#define REQUEST_MS 5000

struct desc {
	uint64_t address;
	uint32_t length;
	uint16_t flags, next;
};

struct request_header {
	uint32_t type, reserved;
	uint64_t sector;
};

/* Our virtqueue, laid out as the legacy interface wants it (which the
 * virtio 1.x one accepts too): descriptors, then the driver area, then the
 * device area on the next 4 KiB boundary. */
static uint8_t ring[3 * LEGACY_ALIGN] __attribute__((aligned(LEGACY_ALIGN)));

static struct request_header header;
static uint8_t request_status;
static uint8_t id_bytes[BLK_ID_BYTES];
static struct desc bios_desc_copy[QUEUE_MAX];

static struct virtio_disk {
	uint16_t legacy; /* the legacy interface's I/O base; 0: virtio 1.x */
	volatile uint8_t *common;
	volatile uint16_t *notify_base; /* queue 0's notify address once the notify offset is known */
	volatile uint8_t *notify_area;
	uint32_t notify_multiplier, notify_length;
	uint16_t our_index, our_size; /* requests posted on our queue, its size */
	/* The BIOS's setup, to give back; bios_queue_size 0: it had none. */
	uint32_t bios_features[2];
	uint16_t bios_queue_size, bios_requests;
	uint64_t bios_desc, bios_driver, bios_device;
} disk;

static uint8_t common8(uint32_t offset) { return *(volatile uint8_t *)(disk.common + offset); }
static uint16_t common16(uint32_t offset) { return *(volatile uint16_t *)(disk.common + offset); }
static uint32_t common32(uint32_t offset) { return *(volatile uint32_t *)(disk.common + offset); }
static void set8(uint32_t offset, uint8_t v) { *(volatile uint8_t *)(disk.common + offset) = v; }
static void set16(uint32_t offset, uint16_t v) { *(volatile uint16_t *)(disk.common + offset) = v; }
static void set32(uint32_t offset, uint32_t v) { *(volatile uint32_t *)(disk.common + offset) = v; }

static uint64_t common64(uint32_t offset)
{
	return common32(offset) | (uint64_t)common32(offset + 4) << 32;
}

static void set64(uint32_t offset, uint64_t v)
{
	set32(offset, (uint32_t)v);
	set32(offset + 4, (uint32_t)(v >> 32));
}

static uint8_t status(void)
{
	return disk.legacy ? inb(disk.legacy + LEGACY_STATUS) : common8(COMMON_STATUS);
}

static void set_status(uint8_t value)
{
	if (disk.legacy)
		outb(disk.legacy + LEGACY_STATUS, value);
	else
		set8(COMMON_STATUS, value);
}

static int reset(void)
{
	struct native_wait wait;
	set_status(0);
	native_wait_begin(&wait);
	while (status())
		if (native_wait_expired(&wait, RESET_MS))
			return -1;
	return 0;
}

/* The legacy layout of a queue of `size` at `desc`: its driver and device areas. */
static uint64_t legacy_driver(uint64_t desc, uint16_t size) { return desc + 16u * size; }
static uint64_t legacy_device(uint64_t desc, uint16_t size)
{
	return (legacy_driver(desc, size) + 6 + 2u * size + LEGACY_ALIGN - 1) & ~(uint64_t)(LEGACY_ALIGN - 1);
}

/* The legacy interface: the device's queue size, no features beyond the
 * first 32 bits, the queue given by its page number. */
static int setup_legacy(uint32_t features_low, uint16_t size, uint64_t desc)
{
	if (reset())
		return -1;
	set_status(STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	outl(disk.legacy + LEGACY_DRIVER_FEATURES, features_low);
	outw(disk.legacy + LEGACY_QUEUE_SELECT, 0);
	if (inw(disk.legacy + LEGACY_QUEUE_SIZE) != size || desc % LEGACY_ALIGN)
		return -1;
	outl(disk.legacy + LEGACY_QUEUE_PFN, (uint32_t)(desc / LEGACY_ALIGN));
	return 0;
}

/* Reset, then features (VERSION_1 and `features_low`) and queue 0 at the
 * given ring addresses, `size` entries; the notify address found. */
static int setup(uint32_t features_low, uint32_t features_high, uint16_t size, uint64_t desc,
		 uint64_t driver, uint64_t device)
{
	if (disk.legacy)
		return setup_legacy(features_low, size, desc);
	if (reset())
		return -1;
	set8(COMMON_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER);
	set32(COMMON_DRIVER_FEATURE_SELECT, 0);
	set32(COMMON_DRIVER_FEATURE, features_low);
	set32(COMMON_DRIVER_FEATURE_SELECT, 1);
	set32(COMMON_DRIVER_FEATURE, features_high);
	set8(COMMON_STATUS, STATUS_ACKNOWLEDGE | STATUS_DRIVER | STATUS_FEATURES_OK);
	if (!(common8(COMMON_STATUS) & STATUS_FEATURES_OK))
		return -1;
	set16(COMMON_QUEUE_SELECT, 0);
	uint16_t most = common16(COMMON_QUEUE_SIZE);
	if (most < size)
		return -1;
	set16(COMMON_QUEUE_SIZE, size);
	set64(COMMON_QUEUE_DESC, desc);
	set64(COMMON_QUEUE_DRIVER, driver);
	set64(COMMON_QUEUE_DEVICE, device);
	uint64_t notify = (uint64_t)common16(COMMON_QUEUE_NOTIFY_OFF) * disk.notify_multiplier;
	if (notify + 2 > disk.notify_length)
		return -1; /* outside what the capability declares */
	disk.notify_base = (volatile uint16_t *)(disk.notify_area + (uint32_t)notify);
	set16(COMMON_QUEUE_ENABLE, 1);
	return 0;
}

static void driver_ok(void)
{
	set_status(status() | STATUS_DRIVER_OK);
}

/* Posts `count` requests, descriptor chains from 0, 3, 6...  onto a ring
 * at `avail`/`used` (from `first`) and waits for the device to use them.
 * The ring memory is the device's to read: addresses are physical. */
static int post(volatile uint16_t *avail, volatile uint16_t *used, uint16_t first, uint16_t count,
		uint16_t size)
{
	struct native_wait wait;
	for (uint16_t i = 0; i < count; i++)
		avail[2 + (uint16_t)(first + i) % size] = (uint16_t)(3 * i);
	__asm__ volatile("" ::: "memory");
	avail[1] = (uint16_t)(first + count);
	__asm__ volatile("" ::: "memory");
	if (disk.legacy)
		outw(disk.legacy + LEGACY_QUEUE_NOTIFY, 0);
	else
		*disk.notify_base = 0;
	native_wait_begin(&wait);
	while (used[1] != (uint16_t)(first + count))
		if ((status() & STATUS_NEEDS_RESET) ||
		    native_wait_expired(&wait, REQUEST_MS))
			return -1;
	return 0;
}

/* One request's three descriptors at `d`: header, data, status. */
static void chain(struct desc *d, uint16_t first, void *data, uint32_t length)
{
	d[0] = (struct desc){ (uintptr_t)&header, sizeof header, DESC_NEXT, (uint16_t)(first + 1) };
	d[1] = (struct desc){ (uintptr_t)data, length, DESC_NEXT | DESC_WRITE, (uint16_t)(first + 2) };
	d[2] = (struct desc){ (uintptr_t)&request_status, 1, DESC_WRITE, 0 };
}

static int virtio_read(void *context, uint64_t lba, uint32_t count, void *buf)
{
	(void)context;
	uint8_t *out = buf;
	while (count) {
		uint32_t chunk = count < MAX_SECTORS ? count : MAX_SECTORS;
		header = (struct request_header){ .type = BLK_T_IN, .sector = lba };
		request_status = 0xff;
		chain((struct desc *)ring, 0, out, chunk * SECTOR);
		if (post((volatile uint16_t *)(ring + legacy_driver(0, disk.our_size)),
			 (volatile uint16_t *)(ring + legacy_device(0, disk.our_size)), disk.our_index, 1,
			 disk.our_size) ||
		    request_status != 0) {
			reset(); /* nothing more lands in memory */
			return -1;
		}
		disk.our_index++;
		out += chunk * SECTOR;
		lba += chunk;
		count -= chunk;
	}
	return 0;
}

static void virtio_release(void *context)
{
	(void)context;
	if (!disk.bios_queue_size) {
		reset();
		return;
	}
	volatile uint16_t *avail = physical((uintptr_t)disk.bios_driver);
	volatile uint16_t *used = physical((uintptr_t)disk.bios_device);
	struct desc *desc = physical((uintptr_t)disk.bios_desc);
	uint16_t size = disk.bios_queue_size;
	uint16_t batch = size / 3;

	/* The device counts from 0 after its reset; so must the ring, or a
	 * used index left at the BIOS's count would read as done before the
	 * device (which may answer later) has seen a request. */
	avail[1] = 0;
	used[1] = 0;
	if (setup(disk.bios_features[0], disk.bios_features[1], size, disk.bios_desc,
		  disk.bios_driver, disk.bios_device))
		return;
	driver_ok();
	header = (struct request_header){ .type = BLK_T_GET_ID };
	for (uint16_t i = 0; i < batch; i++)
		chain(desc + 3 * i, (uint16_t)(3 * i), id_bytes, BLK_ID_BYTES);
	for (uint16_t done = 0; done != disk.bios_requests;) {
		uint16_t left = (uint16_t)(disk.bios_requests - done);
		uint16_t count = left < batch ? left : batch;
		if (post(avail, used, done, count, size))
			break;
		done = (uint16_t)(done + count);
	}
	memcpy(desc, bios_desc_copy, size * sizeof *desc);
}

/* Whether [address, address + length) touches the real-mode interrupt
 * table and BIOS data (the first page), stage 2 or its bounce buffer,
 * which the BIOS's rings, written to on release, must not. */
static int in_stage2(uint64_t address, uint32_t length)
{
	return address < 0x1000 || (address < (uintptr_t)BOUNCE_BUFFER + BOUNCE_BUFFER_SIZE &&
				    address + length > GB_STAGE2_LOAD_ADDRESS);
}

/* Checks the BIOS's queue (`size` entries at disk.bios_*) as one this
 * driver can give back: in memory below 4 GiB away from stage 2, idle (as
 * many requests used as made), and saves what release needs; 0, or -1. */
static int bios_state_usable(uint8_t bios_status, uint16_t size)
{
	if ((bios_status & (STATUS_FAILED | STATUS_NEEDS_RESET)) || size < 3 || size > QUEUE_MAX ||
	    (disk.bios_desc | disk.bios_driver | disk.bios_device) >> 32 ||
	    disk.bios_device + 6 + 8u * size > 0xffffffffu || in_stage2(disk.bios_desc, 16u * size) ||
	    in_stage2(disk.bios_driver, 6 + 2u * size) || in_stage2(disk.bios_device, 6 + 8u * size))
		return -1;
	volatile uint16_t *avail = physical((uintptr_t)disk.bios_driver);
	volatile uint16_t *used = physical((uintptr_t)disk.bios_device);
	if (avail[1] != used[1])
		return -1;
	disk.bios_requests = avail[1];
	memcpy(bios_desc_copy, physical((uintptr_t)disk.bios_desc), size * sizeof(struct desc));
	disk.bios_queue_size = size;
	return 0;
}

static int virtio_take(void *context)
{
	(void)context;
	disk.bios_queue_size = 0;
	uint8_t bios_status = status();
	if (disk.legacy && (bios_status & STATUS_DRIVER_OK)) {
		outw(disk.legacy + LEGACY_QUEUE_SELECT, 0);
		uint16_t size = inw(disk.legacy + LEGACY_QUEUE_SIZE);
		disk.bios_features[0] = inl(disk.legacy + LEGACY_DRIVER_FEATURES);
		disk.bios_features[1] = 0;
		disk.bios_desc = (uint64_t)inl(disk.legacy + LEGACY_QUEUE_PFN) * LEGACY_ALIGN;
		disk.bios_driver = legacy_driver(disk.bios_desc, size);
		disk.bios_device = legacy_device(disk.bios_desc, size);
		if (bios_state_usable(bios_status, size))
			return -1;
	} else if (bios_status & STATUS_DRIVER_OK) {
		/* Only a setup this driver can rebuild: VERSION_1, queue 0 alone,
		 * idle (as many requests used as made). */
		set32(COMMON_DRIVER_FEATURE_SELECT, 0);
		disk.bios_features[0] = common32(COMMON_DRIVER_FEATURE);
		set32(COMMON_DRIVER_FEATURE_SELECT, 1);
		disk.bios_features[1] = common32(COMMON_DRIVER_FEATURE);
		set16(COMMON_QUEUE_SELECT, 0);
		uint16_t size = common16(COMMON_QUEUE_SIZE);
		disk.bios_desc = common64(COMMON_QUEUE_DESC);
		disk.bios_driver = common64(COMMON_QUEUE_DRIVER);
		disk.bios_device = common64(COMMON_QUEUE_DEVICE);
		int other_queues = 0;
		for (uint16_t q = 1; q < common16(COMMON_NUM_QUEUES) && q < 64; q++) {
			set16(COMMON_QUEUE_SELECT, q);
			other_queues |= common16(COMMON_QUEUE_ENABLE);
		}
		set16(COMMON_QUEUE_SELECT, 0);
		if (other_queues || !(disk.bios_features[1] & FEATURE_VERSION_1_HIGH) ||
		    bios_state_usable(bios_status, size))
			return -1;
	}
	/* Legacy: the device's own queue size, which must fit our ring. */
	disk.our_size = OUR_QUEUE;
	if (disk.legacy) {
		outw(disk.legacy + LEGACY_QUEUE_SELECT, 0);
		disk.our_size = inw(disk.legacy + LEGACY_QUEUE_SIZE);
		if (disk.our_size < 3 || disk.our_size > QUEUE_MAX)
			return -1;
	}
	memset(ring, 0, sizeof ring);
	disk.our_index = 0;
	if (setup(0, FEATURE_VERSION_1_HIGH, disk.our_size, (uintptr_t)ring,
		  (uintptr_t)ring + legacy_driver(0, disk.our_size),
		  (uintptr_t)ring + legacy_device(0, disk.our_size))) {
		virtio_release(0);
		return -1;
	}
	driver_ok();
	return 0;
}

static const struct native_ops virtio_ops = { virtio_take, virtio_read, virtio_release };
static native_offer_fn offer;

/* The address of a capability's structure: in a memory BAR below 4 GiB,
 * `length` bytes of it at least, as the capability declares them. */
static volatile uint8_t *cap_address(const struct pci_function *f, uint8_t cap, uint32_t length)
{
	uint8_t bar = (uint8_t)(pci_read32(f, cap + 4) & 0xff);
	uint32_t offset = pci_read32(f, cap + 8);
	uint32_t declared = pci_read32(f, cap + 12);
	if (bar > 5 || declared < length)
		return 0;
	length = declared;
	uint32_t value = pci_read32(f, (uint8_t)(PCI_BAR0 + 4 * bar));
	if ((value & 1) || ((value & 6) == 4 && (bar == 5 || pci_read32(f, (uint8_t)(PCI_BAR0 + 4 * bar + 4)))))
		return 0;
	uint32_t base = value & ~0xfu;
	if (!base || offset > 0xffffffffu - base - length)
		return 0;
	return physical(base + offset);
}

static int visit(const struct pci_function *f, void *arg)
{
	(void)arg;
	if (f->vendor != VIRTIO_VENDOR ||
	    (f->device_id != VIRTIO_BLK_TRANSITIONAL && f->device_id != VIRTIO_BLK_MODERN))
		return 0;
	disk.common = 0;
	disk.notify_area = 0;
	uint8_t cap = pci_read16(f, PCI_STATUS) & PCI_STATUS_CAPABILITIES
			      ? (uint8_t)(pci_read32(f, PCI_CAPABILITIES) & 0xfc)
			      : 0;
	for (int i = 0; i < CAPS_MAX && cap >= 0x40; i++) {
		uint32_t head = pci_read32(f, cap);
		if ((head & 0xff) == PCI_CAP_VENDOR) {
			uint8_t type = (uint8_t)(head >> 24);
			if (type == CAP_COMMON && !disk.common)
				disk.common = cap_address(f, cap, COMMON_SIZE);
			if (type == CAP_NOTIFY && !disk.notify_area) {
				disk.notify_area = cap_address(f, cap, 2);
				disk.notify_multiplier = pci_read32(f, cap + 16);
				disk.notify_length = pci_read32(f, cap + 12);
			}
		}
		cap = (uint8_t)((head >> 8) & 0xfc);
	}
	disk.legacy = 0;
	if (!disk.common || !disk.notify_area) {
		/* No virtio 1.x interface: the legacy one, a transitional device's BAR0. */
		uint32_t bar0 = pci_read32(f, PCI_BAR0);
		if (f->device_id != VIRTIO_BLK_TRANSITIONAL || !(bar0 & 1) || !(bar0 & 0xfffc) || bar0 >> 16)
			return 0;
		disk.legacy = (uint16_t)(bar0 & 0xfffc);
	}
	pci_write16(f, PCI_COMMAND, pci_read16(f, PCI_COMMAND) | PCI_COMMAND_IO |
				   PCI_COMMAND_MEMORY | PCI_COMMAND_BUS_MASTER);
	struct native_place place = { "virtio-blk", f, -1 };
	return offer(&virtio_ops, 0, &place) == 0;
}

int virtio_blk_find(native_offer_fn offer_disk)
{
	offer = offer_disk;
	return pci_scan(visit, 0) ? 0 : -1;
}
