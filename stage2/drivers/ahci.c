/* AHCI 1.3.1: each port has a command list and a received-FIS area in
 * memory; the BIOS set up its own. Taking a port means stopping its engines,
 * pointing it at ours and starting it again; giving it back is the same
 * with the BIOS's addresses, so the BIOS finds the port as it left it. */
#include "stage2/drivers/ahci.h"

#include "stage2/bios.h"
#include "stage2/lib.h"

#define AHCI_CLASS 0x010601
#define AHCI_BAR 0x24 /* BAR5: ABAR */
#define AHCI_PORTS_MAX 32

#define HBA_GHC 0x04
#define HBA_GHC_AE 0x80000000u
#define HBA_PI 0x0c

#define PX_CLB 0x00
#define PX_CLBU 0x04
#define PX_FB 0x08
#define PX_FBU 0x0c
#define PX_IS 0x10
#define PX_IE 0x14
#define PX_CMD 0x18
#define PX_TFD 0x20
#define PX_SIG 0x24
#define PX_SSTS 0x28
#define PX_SERR 0x30
#define PX_CI 0x38

#define CMD_ST 0x0001u
#define CMD_FRE 0x0010u
#define CMD_FR 0x4000u
#define CMD_CR 0x8000u
#define IS_ERRORS 0x7d800010u /* TFES, HBFS, HBDS, IFS, INFS, OFS, IPMS, UFS */
#define TFD_BSY 0x80u
#define TFD_DRQ 0x08u
#define TFD_ERR 0x01u
#define SIG_ATA 0x00000101u
#define SSTS_DET_PRESENT 3u

#define FIS_H2D 0x27
#define FIS_COMMAND 0x80
#define ATA_READ_DMA_EXT 0x25
#define ATA_LBA_MODE 0x40

#define STOP_MS 500
#define COMMAND_MS 5000
#define SECTOR 512u
/* One PRD entry takes at most 4 MiB. */
#define MAX_SECTORS (4u * 1024 * 1024 / SECTOR)

struct command_header {
	uint16_t flags; /* CFL in dwords; W, P, C clear */
	uint16_t prdt_length;
	uint32_t prd_byte_count;
	uint32_t table, table_upper;
	uint32_t reserved[4];
};

struct prd {
	uint32_t base, base_upper, reserved;
	uint32_t byte_count; /* minus one; bit 0 set */
};

struct command_table {
	uint8_t fis[64];
	uint8_t atapi[16];
	uint8_t reserved[48];
	struct prd prd[1];
};

/* Ours: the command list (1 KiB aligned), the received-FIS area (256
 * aligned), one command table (128 aligned). In stage 2's BSS, so that no
 * allocation takes memory a kernel may want at 1 MiB. */
struct port_memory {
	struct command_header list[32];
	uint8_t fis[256];
	struct command_table table;
};
static struct port_memory memory __attribute__((aligned(1024)));

static struct ahci_port {
	volatile uint8_t *regs;
	/* As the BIOS left them. */
	uint32_t clb, clbu, fb, fbu, cmd, ie;
} port;

static uint32_t reg(uint32_t offset) { return *(volatile uint32_t *)(port.regs + offset); }
static void set_reg(uint32_t offset, uint32_t value) { *(volatile uint32_t *)(port.regs + offset) = value; }

/* Clears `bits` in PxCMD and waits for `busy` to follow. */
static int stop(uint32_t bits, uint32_t busy)
{
	struct native_wait wait;
	set_reg(PX_CMD, reg(PX_CMD) & ~bits);
	native_wait_begin(&wait);
	while (reg(PX_CMD) & busy)
		if (native_wait_expired(&wait, STOP_MS))
			return -1;
	return 0;
}

static int stop_engines(void)
{
	return stop(CMD_ST, CMD_CR) || stop(CMD_FRE, CMD_FR) ? -1 : 0;
}

/* Points the port at a command list and FIS area and starts what was
 * running (`cmd`'s ST and FRE). */
static int start(uint32_t clb, uint32_t clbu, uint32_t fb, uint32_t fbu, uint32_t cmd)
{
	struct native_wait wait;
	set_reg(PX_CLB, clb);
	set_reg(PX_CLBU, clbu);
	set_reg(PX_FB, fb);
	set_reg(PX_FBU, fbu);
	set_reg(PX_SERR, 0xffffffffu);
	set_reg(PX_IS, 0xffffffffu);
	if (cmd & CMD_FRE)
		set_reg(PX_CMD, reg(PX_CMD) | CMD_FRE);
	/* ST may be set only once the device is idle. */
	native_wait_begin(&wait);
	while (reg(PX_TFD) & (TFD_BSY | TFD_DRQ))
		if (native_wait_expired(&wait, STOP_MS))
			return -1;
	if (cmd & CMD_ST)
		set_reg(PX_CMD, reg(PX_CMD) | CMD_ST);
	return 0;
}

static void ahci_release(void *disk)
{
	(void)disk;
	stop_engines();
	start(port.clb, port.clbu, port.fb, port.fbu, port.cmd);
	set_reg(PX_IE, port.ie);
}

static int read_command(uint64_t lba, uint32_t count, void *buf)
{
	struct port_memory *m = &memory;
	uint8_t *fis = m->table.fis;
	struct native_wait wait;

	m->list[0] = (struct command_header){
		.flags = 5, /* a 20-byte H2D FIS */
		.prdt_length = 1,
		.table = (uint32_t)(uintptr_t)&m->table,
	};
	m->table.prd[0] = (struct prd){
		.base = (uint32_t)(uintptr_t)buf,
		.byte_count = count * SECTOR - 1,
	};
	memset(fis, 0, 20);
	fis[0] = FIS_H2D;
	fis[1] = FIS_COMMAND;
	fis[2] = ATA_READ_DMA_EXT;
	fis[7] = ATA_LBA_MODE;
	for (int i = 0; i < 3; i++) {
		fis[4 + i] = (uint8_t)(lba >> (8 * i));
		fis[8 + i] = (uint8_t)(lba >> (8 * (i + 3)));
	}
	fis[12] = (uint8_t)count;
	fis[13] = (uint8_t)(count >> 8);

	set_reg(PX_IS, 0xffffffffu);
	__asm__ volatile("" ::: "memory");
	set_reg(PX_CI, 1);
	native_wait_begin(&wait);
	while (reg(PX_CI) & 1) {
		if ((reg(PX_IS) & IS_ERRORS) || native_wait_expired(&wait, COMMAND_MS))
			return -1;
	}
	if ((reg(PX_IS) & IS_ERRORS) || (reg(PX_TFD) & (TFD_ERR | TFD_BSY | TFD_DRQ)) ||
	    m->list[0].prd_byte_count != count * SECTOR)
		return -1;
	return 0;
}

static int ahci_read(void *disk, uint64_t lba, uint32_t count, void *buf)
{
	(void)disk;
	if (native_read_by_commands(read_command, MAX_SECTORS, lba, count, buf) == 0)
		return 0;
	stop_engines(); /* no DMA may go on behind the fallback */
	return -1;
}

static int ahci_take(void *disk)
{
	(void)disk;
	port.clb = reg(PX_CLB);
	port.clbu = reg(PX_CLBU);
	port.fb = reg(PX_FB);
	port.fbu = reg(PX_FBU);
	port.cmd = reg(PX_CMD);
	port.ie = reg(PX_IE);
	set_reg(PX_IE, 0); /* polled */
	memset(&memory, 0, sizeof memory);
	if (stop_engines() ||
	    start((uint32_t)(uintptr_t)memory.list, 0, (uint32_t)(uintptr_t)memory.fis, 0,
		  CMD_ST | CMD_FRE)) {
		ahci_release(0);
		return -1;
	}
	return 0;
}

static const struct native_ops ahci_ops = { ahci_take, ahci_read, ahci_release };
static native_offer_fn offer;

static int try_port(const struct pci_function *f, volatile uint8_t *abar, int number)
{
	port.regs = abar + 0x100 + 0x80 * number;
	if ((reg(PX_SSTS) & 0xf) != SSTS_DET_PRESENT || reg(PX_SIG) != SIG_ATA)
		return -1;
	struct native_place place = { "AHCI", f, number };
	return offer(&ahci_ops, 0, &place);
}

static int visit(const struct pci_function *f, void *arg)
{
	(void)arg;
	if (f->class_code != AHCI_CLASS)
		return 0;
	uint32_t bar = pci_read32(f, AHCI_BAR);
	/* Memory space, below 4 GiB (a 64-bit BAR's upper half zero). */
	if ((bar & 1) || !(bar & ~0xfffu) ||
	    ((bar & 6) == 4 && pci_read32(f, AHCI_BAR + 4)))
		return 0;
	volatile uint8_t *abar = physical(bar & ~0xfffu);
	if (!(*(volatile uint32_t *)(abar + HBA_GHC) & HBA_GHC_AE))
		return 0; /* not in AHCI mode: the BIOS drives it some other way */
	pci_write16(f, PCI_COMMAND,
		    pci_read16(f, PCI_COMMAND) | PCI_COMMAND_MEMORY | PCI_COMMAND_BUS_MASTER);
	uint32_t implemented = *(volatile uint32_t *)(abar + HBA_PI);
	for (int number = 0; number < AHCI_PORTS_MAX; number++)
		if ((implemented >> number & 1) && try_port(f, abar, number) == 0)
			return 1;
	return 0;
}

int ahci_find(native_offer_fn offer_disk)
{
	offer = offer_disk;
	return pci_scan(visit, 0) ? 0 : -1;
}
