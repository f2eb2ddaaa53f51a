/* ATA READ DMA EXT through the bus-master registers of SFF-8038i (BAR4):
 * a table of physical regions, a start bit, a status to poll. The BIOS
 * reads these disks by PIO and keeps no state in the bus-master registers,
 * so giving a disk back means stopping the engine and leaving the drive
 * idle (reset, if a command of ours did not end). */
#include "stage2/drivers/ide_dma.h"

#include "stage2/bios.h"

#define IDE_CLASS 0x0101 /* class and subclass; any programming interface */
#define IF_PRIMARY_NATIVE 0x01
#define IF_SECONDARY_NATIVE 0x04
#define IF_BUS_MASTER 0x80
#define BUS_MASTER_BAR 0x20 /* BAR4 */

/* ATA command block, from its base. */
#define ATA_COUNT 2
#define ATA_LBA0 3
#define ATA_LBA1 4
#define ATA_LBA2 5
#define ATA_DEVICE 6
#define ATA_STATUS 7 /* read */
#define ATA_COMMAND 7 /* write */
#define ATA_BSY 0x80
#define ATA_DRDY 0x40
#define ATA_DF 0x20
#define ATA_DRQ 0x08
#define ATA_ERR 0x01
#define ATA_LBA_MODE 0x40
#define ATA_READ_DMA_EXT 0x25
/* Control block: device control (write), alternate status (read). */
#define CTL_NIEN 0x02
#define CTL_SRST 0x04

/* Bus-master registers of a channel. */
#define BM_COMMAND 0
#define BM_STATUS 2
#define BM_TABLE 4
#define BM_START 0x01
#define BM_TO_MEMORY 0x08
#define BM_ACTIVE 0x01
#define BM_ERROR 0x02
#define BM_INTERRUPT 0x04

#define SECTOR 512u
#define REGION_MAX 0x10000u /* a region may not cross a 64 KiB boundary */
#define MAX_SECTORS 4096u   /* 2 MiB a command: 33 regions at most */
#define PRD_ENTRIES 34
#define READY_MS 2000
#define COMMAND_MS 5000

struct prd {
	uint32_t base;
	uint16_t byte_count; /* 0: 64 KiB */
	uint16_t flags;      /* bit 15: the last entry */
};

/* 512-aligned, so the table does not cross a 64 KiB boundary either. */
static struct prd table[PRD_ENTRIES] __attribute__((aligned(512)));

static struct ide_disk {
	uint16_t command_block, control, bus_master;
	uint8_t device; /* 0 master, 0x10 slave */
} disk;

/* Waits until the status has none of `clear` bits; 0, or -1 on a timeout. */
static int wait_status(uint8_t clear, uint32_t ms)
{
	struct native_wait wait;
	native_wait_begin(&wait);
	while (inb(disk.command_block + ATA_STATUS) & clear)
		if (native_wait_expired(&wait, ms))
			return -1;
	return 0;
}

static void stop_engine(void)
{
	outb(disk.bus_master + BM_COMMAND, 0);
	outb(disk.bus_master + BM_STATUS, BM_ERROR | BM_INTERRUPT);
}

/* A software reset of the channel: the drive drops whatever it was doing. */
static void reset_channel(void)
{
	outb(disk.control, CTL_SRST | CTL_NIEN);
	for (int i = 0; i < 8; i++)
		inb(disk.control); /* at least 5 us */
	outb(disk.control, CTL_NIEN);
	wait_status(ATA_BSY, READY_MS);
}

static int select_device(void)
{
	outb(disk.command_block + ATA_DEVICE, ATA_LBA_MODE | disk.device);
	for (int i = 0; i < 4; i++)
		inb(disk.control); /* 400 ns for the status to follow */
	return wait_status(ATA_BSY | ATA_DRQ, READY_MS);
}

/* Fills the region table for `bytes` at `address`. */
static void fill_table(uint32_t address, uint32_t bytes)
{
	int i = 0;
	while (bytes) {
		uint32_t room = REGION_MAX - (address & (REGION_MAX - 1));
		uint32_t length = bytes < room ? bytes : room;
		table[i] = (struct prd){ .base = address, .byte_count = (uint16_t)length };
		address += length;
		bytes -= length;
		i++;
	}
	table[i - 1].flags = 0x8000;
}

static int read_command(uint64_t lba, uint32_t count, void *buf)
{
	uint16_t base = disk.command_block;
	struct native_wait wait;

	if (select_device())
		return -1;
	fill_table((uint32_t)(uintptr_t)buf, count * SECTOR);
	stop_engine();
	outl(disk.bus_master + BM_TABLE, (uint32_t)(uintptr_t)table);
	outb(disk.bus_master + BM_COMMAND, BM_TO_MEMORY);
	/* LBA48: the high bytes first, then the low ones. */
	outb(base + ATA_COUNT, (uint8_t)(count >> 8));
	outb(base + ATA_LBA0, (uint8_t)(lba >> 24));
	outb(base + ATA_LBA1, (uint8_t)(lba >> 32));
	outb(base + ATA_LBA2, (uint8_t)(lba >> 40));
	outb(base + ATA_COUNT, (uint8_t)count);
	outb(base + ATA_LBA0, (uint8_t)lba);
	outb(base + ATA_LBA1, (uint8_t)(lba >> 8));
	outb(base + ATA_LBA2, (uint8_t)(lba >> 16));
	__asm__ volatile("" ::: "memory");
	outb(base + ATA_COMMAND, ATA_READ_DMA_EXT);
	outb(disk.bus_master + BM_COMMAND, BM_TO_MEMORY | BM_START);

	native_wait_begin(&wait);
	uint8_t bm;
	while (!((bm = inb(disk.bus_master + BM_STATUS)) & (BM_INTERRUPT | BM_ERROR)) &&
	       (bm & BM_ACTIVE))
		if (native_wait_expired(&wait, COMMAND_MS))
			return -1;
	if (wait_status(ATA_BSY, COMMAND_MS))
		return -1;
	bm = inb(disk.bus_master + BM_STATUS);
	stop_engine();
	/* The engine still active means the drive gave fewer bytes than asked. */
	if ((bm & (BM_ERROR | BM_ACTIVE)) ||
	    (inb(base + ATA_STATUS) & (ATA_ERR | ATA_DF | ATA_DRQ)))
		return -1;
	return 0;
}

static int ide_read(void *context, uint64_t lba, uint32_t count, void *buf)
{
	(void)context;
	if (native_read_by_commands(read_command, MAX_SECTORS, lba, count, buf) == 0)
		return 0;
	stop_engine();
	reset_channel();
	return -1;
}

static int ide_take(void *context)
{
	(void)context;
	outb(disk.control, CTL_NIEN); /* polled, as the BIOS's own PIO reads */
	stop_engine();
	return select_device();
}

static void ide_release(void *context)
{
	(void)context;
	stop_engine();
}

static const struct native_ops ide_ops = { ide_take, ide_read, ide_release };
static native_offer_fn offer;

/* An ATA disk answers with DRDY; a missing one floats (0xff) or reads 0,
 * an ATAPI device leaves DRDY clear. */
static int ata_present(void)
{
	outb(disk.command_block + ATA_DEVICE, ATA_LBA_MODE | disk.device);
	for (int i = 0; i < 4; i++)
		inb(disk.control);
	uint8_t status = inb(disk.command_block + ATA_STATUS);
	return status != 0xff && (status & (ATA_DRDY | ATA_BSY)) == ATA_DRDY;
}

static int visit(const struct pci_function *f, void *arg)
{
	(void)arg;
	if (f->class_code >> 8 != IDE_CLASS || !(f->class_code & IF_BUS_MASTER))
		return 0;
	uint32_t bm_bar = pci_read32(f, BUS_MASTER_BAR);
	if (!(bm_bar & 1) || !(bm_bar & 0xfff0) || bm_bar >> 16)
		return 0; /* the bus-master block is I/O space below 64 Ki */
	pci_write16(f, PCI_COMMAND, pci_read16(f, PCI_COMMAND) | PCI_COMMAND_IO | PCI_COMMAND_BUS_MASTER);
	for (int channel = 0; channel < 2; channel++) {
		uint8_t native = channel ? IF_SECONDARY_NATIVE : IF_PRIMARY_NATIVE;
		uint32_t command_bar = pci_read32(f, PCI_BAR0 + 8 * channel);
		uint32_t control_bar = pci_read32(f, PCI_BAR0 + 8 * channel + 4);
		if (f->class_code & native) {
			if (!(command_bar & 1) || !(control_bar & 1) || command_bar >> 16 || control_bar >> 16)
				continue;
			disk.command_block = (uint16_t)(command_bar & 0xfffc);
			disk.control = (uint16_t)((control_bar & 0xfffc) + 2);
		} else {
			disk.command_block = channel ? 0x170 : 0x1f0;
			disk.control = channel ? 0x376 : 0x3f6;
		}
		disk.bus_master = (uint16_t)((bm_bar & 0xfff0) + 8 * channel);
		for (uint8_t device = 0; device <= 0x10; device += 0x10) {
			disk.device = device;
			struct native_place place = { "IDE", f, channel * 2 + (device >> 4) };
			if (ata_present() && offer(&ide_ops, 0, &place) == 0)
				return 1;
		}
	}
	return 0;
}

int ide_dma_find(native_offer_fn offer_disk)
{
	offer = offer_disk;
	return pci_scan(visit, 0) ? 0 : -1;
}
