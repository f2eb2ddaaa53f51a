/* Chainloading (docs/linux.md): the boot sector of a partition, of another
 * BIOS disk, or from a file, read into stage 2's memory, checked, and
 * handed to chainload_enter in entry.asm, which copies it to 0000:7C00 as
 * its very last step and starts it in real mode. */
#include "config/sha256.h"
#include "stage2/a20.h"
#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/disk.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/protocol.h"

#define BOOT_SECTOR_SIZE 512u
#define MAX_SECTOR_SIZE 4096u
#define BOOT_FILE_MAX (16u << 20) /* a floppy image is the most a boot sector file holds */
#define FIRST_HARD_DISK 0x80

void chainload_enter(uint32_t drive, const void *sector, const void *entry);

static uint8_t sector[MAX_SECTOR_SIZE];
static uint8_t entry16[16];
/* How messages name the target: "partition 2", "disk 1", or the file. */
static const char *target_kind;
static unsigned target_number;

__attribute__((noreturn)) static void fail(const char *why)
{
	if (target_kind[0] == '/')
		panic("chainload %s: %s", target_kind, why);
	panic("chainload %s %u: %s", target_kind, target_number, why);
}

/* The 16-byte MBR entry DS:SI points at, written from the partition as
 * stage 2 knows it, so MBR, logical and GPT partitions give the same shape:
 * the LBA a volume boot record reads its start from, CHS marked unusable. */
static void make_entry(const struct partition *p)
{
	memset(entry16, 0, sizeof entry16);
	if (!p)
		return;
	uint32_t lba = p->first_lba > 0xffffffffu ? 0xffffffffu : (uint32_t)p->first_lba;
	uint32_t count = p->sector_count > 0xffffffffu ? 0xffffffffu : (uint32_t)p->sector_count;
	entry16[0] = 0x80;
	entry16[1] = entry16[5] = 0xfe;
	entry16[2] = entry16[3] = entry16[6] = entry16[7] = 0xff;
	entry16[4] = p->mbr_type;
	memcpy(entry16 + 8, &lba, 4);
	memcpy(entry16 + 12, &count, 4);
}

static void read_first_sector(const struct blockdev *dev)
{
	if (dev->sector_size > MAX_SECTOR_SIZE || blockdev_read(dev, 0, 1, sector))
		fail("cannot read its first sector");
}

static const struct partition *from_partition(const struct boot_context *context,
					      unsigned number)
{
	static struct blockdev part;
	if (context->table->kind == PARTITION_TABLE_NONE)
		fail("the boot disk has no partition table");
	const struct partition *p = partition_find(context->table, number);
	if (!p)
		fail("not in the partition table of the boot disk");
	blockdev_slice(&part, context->disk_device, p->first_lba, p->sector_count);
	read_first_sector(&part);
	return p;
}

static uint8_t from_disk(unsigned number)
{
	static struct bios_disk bios_disk;
	static struct blockdev dev;
	const char *why;
	uint8_t drive = (uint8_t)(FIRST_HARD_DISK + number);
	if (bios_disk_open(&bios_disk, drive, &dev, &why))
		fail(why);
	read_first_sector(&dev);
	return drive;
}

static void from_file(struct fs_volume *volume, const struct config_file *ref)
{
	struct fs_file file;
	const char *why;
	if (file_open(volume, ref->path, &file, &why))
		fail(why);
	if (file.size < BOOT_SECTOR_SIZE || file.size > BOOT_FILE_MAX)
		panic("chainload %s: %llu bytes; a boot sector file holds 512 bytes to 16 MiB",
		      ref->path, (unsigned long long)file.size);
	/* The whole file is read, so that its pin covers all of it. */
	uint8_t *bytes = memory_allocate((uint32_t)file.size);
	if (!bytes)
		fail("no free memory large enough to read it");
	if (file_read_exact(&file, 0, bytes, file.size, &why))
		fail(why);
	struct sha256 hash;
	sha256_init(&hash);
	sha256_update(&hash, bytes, (size_t)file.size);
	if (file_check_pin(ref, &hash, &why))
		fail(why);
	memcpy(sector, bytes, BOOT_SECTOR_SIZE);
}

static uint8_t drive;

/* The boot sector read and checked, the partition entry made. */
static void load(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	const struct config_chainload *c = &entry->chainload;
	const struct partition *partition = 0;
	target_kind = c->kind == CONFIG_CHAINLOAD_PARTITION ? "partition"
		      : c->kind == CONFIG_CHAINLOAD_DISK    ? "disk"
							    : c->file.path;
	target_number = c->number;
	drive = (uint8_t)context->boot_drive;
	switch (c->kind) {
	case CONFIG_CHAINLOAD_PARTITION:
		partition = from_partition(context, c->number);
		break;
	case CONFIG_CHAINLOAD_DISK:
		drive = from_disk(c->number);
		break;
	case CONFIG_CHAINLOAD_FILE:
		from_file(context->volume, &c->file);
		if (context->boot_partition)
			partition = partition_find(context->table, context->boot_partition);
		break;
	default: /* config_parse lets no such entry through */
		panic("entry %s: protocol chainload needs a chainload line", entry->name);
	}
	if ((sector[510] != 0x55 || sector[511] != 0xaa) && !c->nosignature)
		fail("no 0x55AA boot signature at the end of its first sector "
		     "(nosignature boots it anyway)");
	make_entry(partition);
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	console_printf("ghostboot: chainloading %s: drive 0x%02x, DS:SI 0000:07be\n",
		       context->entry->name, drive);
	a20_restore();
	cpu_restore_before_handoff();
	chainload_enter(drive, sector, entry16);
	__builtin_unreachable();
}

const struct boot_protocol protocol_chainload = { "chainload", 0, load, boot };
