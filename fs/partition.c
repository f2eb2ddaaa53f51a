/* MBR partition tables: four primary entries in sector 0, and logical
 * partitions in a chain of extended boot records (EBRs) inside an extended
 * partition. Every entry is untrusted: each partition is checked against the
 * disk's size, and the EBR chain is bounded and checked for loops. A
 * protective MBR hands over to the GPT reader, partition_gpt.c. */
#include "fs/partition.h"
#include "fs/partition_gpt.h"

#define MBR_TABLE_OFFSET 446
#define MBR_ENTRY_SIZE 16
#define MBR_ENTRIES 4
#define MBR_SIGNATURE_OFFSET 510
#define MAX_SECTOR_SIZE 4096

/* Partition types that hold a chain of EBRs rather than data. */
#define MBR_TYPE_EXTENDED_CHS 0x05
#define MBR_TYPE_EXTENDED_LBA 0x0f
#define MBR_TYPE_EXTENDED_LINUX 0x85

/* Bounds the EBR walk: past PARTITION_MAX logical partitions nothing is
 * listed anyway, and a chain of empty EBRs must not run on forever. */
#define MAX_EBRS PARTITION_MAX

struct mbr_entry {
	uint8_t boot_flag;
	uint8_t type;
	uint32_t relative_lba;
	uint32_t sector_count;
};

static uint16_t read_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t read_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void decode_entry(const uint8_t *sector, unsigned slot, struct mbr_entry *entry)
{
	const uint8_t *raw = sector + MBR_TABLE_OFFSET + slot * MBR_ENTRY_SIZE;

	entry->boot_flag = raw[0];
	entry->type = raw[4];
	entry->relative_lba = read_le32(raw + 8);
	entry->sector_count = read_le32(raw + 12);
}

static int is_extended_type(uint8_t type)
{
	return type == MBR_TYPE_EXTENDED_CHS || type == MBR_TYPE_EXTENDED_LBA ||
	       type == MBR_TYPE_EXTENDED_LINUX;
}

/* Empty slots have type 0; an entry of zero sectors describes nothing either. */
static int is_used(const struct mbr_entry *entry)
{
	return entry->type != 0 && entry->sector_count != 0;
}

static int has_boot_signature(const uint8_t *sector)
{
	return sector[MBR_SIGNATURE_OFFSET] == 0x55 && sector[MBR_SIGNATURE_OFFSET + 1] == 0xaa;
}

static int is_power_of_two(uint32_t value)
{
	return value != 0 && (value & (value - 1)) == 0;
}

/* A FAT boot sector (a "superfloppy"): a jump, then a BPB whose fields hold
 * values no partition table code would (Microsoft FAT specification, BPB). */
static int looks_like_fat_boot_sector(const uint8_t *sector)
{
	uint16_t bytes_per_sector = read_le16(sector + 11);
	uint8_t sectors_per_cluster = sector[13];
	uint16_t reserved_sectors = read_le16(sector + 14);
	uint8_t fat_count = sector[16];
	uint8_t media = sector[21];

	if (!(sector[0] == 0xeb && sector[2] == 0x90) && sector[0] != 0xe9)
		return 0;
	return bytes_per_sector >= 512 && bytes_per_sector <= 4096 &&
	       is_power_of_two(bytes_per_sector) && is_power_of_two(sectors_per_cluster) &&
	       reserved_sectors != 0 && (fat_count == 1 || fat_count == 2) &&
	       (media == 0xf0 || media >= 0xf8);
}

/* A table is valid when every boot flag is 0 or 0x80 and an entry is used. */
static int primary_table_is_valid(const uint8_t *sector)
{
	struct mbr_entry entry;
	unsigned slot;
	int used = 0;

	for (slot = 0; slot < MBR_ENTRIES; slot++) {
		decode_entry(sector, slot, &entry);
		if (entry.boot_flag != 0 && entry.boot_flag != 0x80)
			return 0;
		used |= is_used(&entry);
	}
	return used;
}

static int table_is_empty(const uint8_t *sector)
{
	struct mbr_entry entry;
	unsigned slot;

	for (slot = 0; slot < MBR_ENTRIES; slot++) {
		decode_entry(sector, slot, &entry);
		if (is_used(&entry) || entry.boot_flag != 0)
			return 0;
	}
	return 1;
}

static int read_sector(const struct blockdev *disk, uint64_t lba, uint8_t *buffer)
{
	return blockdev_read(disk, lba, 1, buffer);
}

/* Why a partition was refused, naming it where a static string can. */
static const char *past_end_detail(unsigned number)
{
	static const char *const primary[MBR_ENTRIES] = {
		"partition 1 extends past the end of the disk",
		"partition 2 extends past the end of the disk",
		"partition 3 extends past the end of the disk",
		"partition 4 extends past the end of the disk",
	};

	if (number >= 1 && number <= MBR_ENTRIES)
		return primary[number - 1];
	return "a logical partition extends past the end of the disk";
}

/* Adds a partition after checking it lies on the disk. `first_lba` is
 * absolute; it is 64-bit so that base + relative cannot wrap. */
static int add_partition(struct partition_table *table, const struct blockdev *disk,
			 unsigned number, const struct mbr_entry *entry, uint64_t first_lba,
			 const char **detail)
{
	struct partition *partition;
	unsigned i;

	if (first_lba == 0) {
		*detail = "a partition starts at sector 0, over the partition table";
		return -1;
	}
	if (first_lba >= disk->sector_count || entry->sector_count > disk->sector_count - first_lba) {
		*detail = past_end_detail(number);
		return -1;
	}
	if (table->count >= PARTITION_MAX)
		return 0;
	partition = &table->partitions[table->count++];
	partition->number = number;
	partition->mbr_type = entry->type;
	partition->bootable = entry->boot_flag == 0x80;
	for (i = 0; i < sizeof(partition->type_guid); i++)
		partition->type_guid[i] = 0;
	partition->first_lba = first_lba;
	partition->sector_count = entry->sector_count;
	return 0;
}

static int ebr_already_seen(const uint64_t *seen, unsigned count, uint64_t lba)
{
	unsigned i;

	for (i = 0; i < count; i++)
		if (seen[i] == lba)
			return 1;
	return 0;
}

/* Walks the EBR chain of one extended partition. In each EBR, data entries
 * start relative to that EBR; the first extended entry links to the next EBR,
 * relative to the start of the extended partition. */
static int read_logical_partitions(const struct blockdev *disk, uint8_t *sector,
				   uint64_t extended_start, uint64_t extended_count,
				   struct partition_table *table, unsigned *next_number,
				   const char **detail)
{
	uint64_t seen[MAX_EBRS];
	unsigned seen_count = 0;
	uint64_t ebr_lba = extended_start;

	while (seen_count < MAX_EBRS) {
		struct mbr_entry entry;
		uint64_t next_ebr = 0;
		unsigned slot;

		if (ebr_already_seen(seen, seen_count, ebr_lba)) {
			*detail = "the extended partition's chain of boot records loops";
			return -1;
		}
		seen[seen_count++] = ebr_lba;
		if (read_sector(disk, ebr_lba, sector) != 0) {
			*detail = "cannot read an extended boot record";
			return -1;
		}
		if (!has_boot_signature(sector)) {
			*detail = "an extended boot record lacks the 0x55AA signature";
			return -1;
		}
		for (slot = 0; slot < MBR_ENTRIES; slot++) {
			decode_entry(sector, slot, &entry);
			if (!is_used(&entry))
				continue;
			if (is_extended_type(entry.type)) {
				if (next_ebr == 0)
					next_ebr = extended_start + entry.relative_lba;
				continue;
			}
			if (add_partition(table, disk, (*next_number)++, &entry,
					  ebr_lba + entry.relative_lba, detail) != 0)
				return -1;
		}
		if (next_ebr == 0)
			return 0;
		if (next_ebr >= extended_start + extended_count) {
			*detail = "an extended boot record links outside its extended partition";
			return -1;
		}
		ebr_lba = next_ebr;
	}
	return 0;
}

int partition_read_table(const struct blockdev *disk, struct partition_table *table,
			 const char **detail)
{
	uint8_t sector[MAX_SECTOR_SIZE];
	struct mbr_entry primaries[MBR_ENTRIES];
	unsigned next_logical = 5;
	unsigned slot;

	table->kind = PARTITION_TABLE_NONE;
	table->gpt_from_backup = 0;
	table->count = 0;
	*detail = 0;
	if (disk->sector_size < 512 || disk->sector_size > MAX_SECTOR_SIZE ||
	    !is_power_of_two(disk->sector_size)) {
		*detail = "unsupported sector size";
		return -1;
	}
	if (disk->sector_count == 0 || read_sector(disk, 0, sector) != 0) {
		*detail = "cannot read sector 0";
		return -1;
	}
	if (!has_boot_signature(sector))
		return 0;
	if (!primary_table_is_valid(sector)) {
		if (looks_like_fat_boot_sector(sector))
			return 0;
		if (table_is_empty(sector)) {
			table->kind = PARTITION_TABLE_MBR;
			return 0;
		}
		*detail = "the partition table has a boot flag other than 0x00 or 0x80";
		return -1;
	}
	/* UEFI "Protective MBR": the disk's table is the GPT, whatever else
	 * the MBR lists (a hybrid MBR mirrors some GPT partitions). */
	if (partition_is_protective_mbr(sector))
		return partition_read_gpt(disk, sector, table, detail);

	table->kind = PARTITION_TABLE_MBR;
	for (slot = 0; slot < MBR_ENTRIES; slot++) {
		decode_entry(sector, slot, &primaries[slot]);
		if (is_used(&primaries[slot]) &&
		    add_partition(table, disk, slot + 1, &primaries[slot],
				  primaries[slot].relative_lba, detail) != 0)
			return -1;
	}
	/* Logical partitions after all primaries, numbered in chain order; the
	 * walk reuses the sector buffer, the primaries are decoded by now. */
	for (slot = 0; slot < MBR_ENTRIES; slot++) {
		if (!is_used(&primaries[slot]) || !is_extended_type(primaries[slot].type))
			continue;
		if (read_logical_partitions(disk, sector, primaries[slot].relative_lba,
					    primaries[slot].sector_count, table, &next_logical,
					    detail) != 0)
			return -1;
	}
	return 0;
}

const struct partition *partition_find(const struct partition_table *table, unsigned number)
{
	unsigned i;

	for (i = 0; i < table->count; i++)
		if (table->partitions[i].number == number)
			return &table->partitions[i];
	return 0;
}
