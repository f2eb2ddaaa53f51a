/* GPT (UEFI specification, "GUID Partition Table (GPT) Disk Layout"). Both
 * copies of the table are untrusted: a header counts only when its CRC32,
 * its own location and its layout check out, and an entry array only when
 * its CRC32 does; the backup at the end of the disk stands in for a damaged
 * primary ("Partition Table Header": the backup is used when the primary is
 * corrupt). Every partition must lie in the usable range. */
#include <stddef.h>

#include "fs/crc32.h"
#include "fs/gpt_disk.h"
#include "fs/partition_gpt.h"

/* Bounds what an untrusted header may ask us to read: 1024 entries of up to
 * 4 KiB. Tools write 128 entries of 128 bytes. */
#define GPT_MAX_ENTRIES 1024u
#define GPT_ENTRY_MAX_SIZE 4096u
/* Bytes of each entry decoded: the GUIDs, the LBAs and the attributes. */
#define GPT_ENTRY_DECODED offsetof(struct gpt_partition_entry, PartitionName)
#define ENTRY_FIELD(raw, field) ((raw) + offsetof(struct gpt_partition_entry, field))

#define MBR_TABLE_OFFSET 446
#define MBR_ENTRY_SIZE 16
#define MBR_ENTRIES 4
#define MBR_ENTRY_TYPE 4

const uint8_t partition_type_bios_boot[16] = {
	0x48, 0x61, 0x68, 0x21, 0x49, 0x64, 0x6f, 0x6e,
	0x74, 0x4e, 0x65, 0x65, 0x64, 0x45, 0x46, 0x49,
};

/* A header's fields once it has passed every check. */
struct gpt_layout {
	uint64_t my_lba, alternate_lba;
	uint64_t first_usable, last_usable;
	uint64_t entries_lba;
	uint32_t entry_count, entry_size, entries_sectors;
	uint32_t entries_crc;
};

enum entries_result { ENTRIES_OK, ENTRIES_DAMAGED, ENTRIES_INVALID };

int partition_is_protective_mbr(const uint8_t *sector)
{
	unsigned slot;

	for (slot = 0; slot < MBR_ENTRIES; slot++)
		if (sector[MBR_TABLE_OFFSET + slot * MBR_ENTRY_SIZE + MBR_ENTRY_TYPE] ==
		    GPT_PROTECTIVE_MBR_TYPE)
			return 1;
	return 0;
}

static int bytes_equal(const uint8_t *a, const char *b, unsigned length)
{
	unsigned i;

	for (i = 0; i < length; i++)
		if (a[i] != (uint8_t)b[i])
			return 0;
	return 1;
}

static int is_zero_guid(const uint8_t *guid)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (guid[i])
			return 0;
	return 1;
}

/* "GPT Header": HeaderCRC32 covers HeaderSize bytes with the field itself
 * taken as zero. */
static uint32_t header_crc(const uint8_t *sector, uint32_t header_size)
{
	static const uint8_t zero[4];
	const struct gpt_header *header = (const void *)sector;
	uint32_t before = (uint32_t)(header->HeaderCRC32 - sector);
	uint32_t crc;

	crc = crc32_update(0, sector, before);
	crc = crc32_update(crc, zero, sizeof(zero));
	return crc32_update(crc, sector + before + 4, header_size - before - 4);
}

/* Whether [first, first + count) and [other_first, other_last] share a
 * sector; first + count must not wrap. */
static int overlaps(uint64_t first, uint64_t count, uint64_t other_first, uint64_t other_last)
{
	return count != 0 && first <= other_last && other_first <= first + (count - 1);
}

/* Reads and checks the header at `lba` ("GPT Header", validity rules).
 * Returns 0, or why the header is unusable. */
static const char *read_header(const struct blockdev *disk, uint8_t *sector, uint64_t lba,
			       struct gpt_layout *layout)
{
	const struct gpt_header *header = (const void *)sector;
	uint32_t header_size;
	uint32_t entries_bytes;

	if (blockdev_read(disk, lba, 1, sector) != 0)
		return "cannot read the GPT header";
	if (!bytes_equal(header->Signature, GPT_SIGNATURE, 8))
		return "no GPT header signature";
	if (gpt_le32(header->Revision) >> 16 != GPT_REVISION_MAJOR)
		return "unknown GPT revision";
	header_size = gpt_le32(header->HeaderSize);
	if (header_size < GPT_HEADER_MIN_SIZE || header_size > disk->sector_size)
		return "bad GPT header size";
	if (header_crc(sector, header_size) != gpt_le32(header->HeaderCRC32))
		return "GPT header fails its CRC32 check";

	layout->my_lba = gpt_le64(header->MyLBA);
	layout->alternate_lba = gpt_le64(header->AlternateLBA);
	layout->first_usable = gpt_le64(header->FirstUsableLBA);
	layout->last_usable = gpt_le64(header->LastUsableLBA);
	layout->entries_lba = gpt_le64(header->PartitionEntryLBA);
	layout->entry_count = gpt_le32(header->NumberOfPartitionEntries);
	layout->entry_size = gpt_le32(header->SizeOfPartitionEntry);
	layout->entries_crc = gpt_le32(header->PartitionEntryArrayCRC32);
	if (layout->my_lba != lba)
		return "GPT header is not where it says it is";
	if (layout->first_usable > layout->last_usable ||
	    layout->last_usable >= disk->sector_count ||
	    overlaps(lba, 1, layout->first_usable, layout->last_usable))
		return "GPT usable range is outside the disk or over its header";
	/* Nor may partitions cover the other copy of the table's header. */
	if (overlaps(layout->alternate_lba, 1, layout->first_usable, layout->last_usable))
		return "GPT usable range covers the other GPT header";
	if (layout->entry_count > GPT_MAX_ENTRIES || layout->entry_size < GPT_ENTRY_MIN_SIZE ||
	    layout->entry_size > GPT_ENTRY_MAX_SIZE || layout->entry_size % 8 != 0)
		return "GPT entry count or entry size out of bounds";
	/* At most 1024 entries of 4 KiB, and a sector of at least a header's
	 * size: 32 bits hold it all, so no 64-bit division. */
	entries_bytes = layout->entry_count * layout->entry_size;
	layout->entries_sectors = (entries_bytes + disk->sector_size - 1) / disk->sector_size;
	if (layout->entries_lba >= disk->sector_count ||
	    layout->entries_sectors > disk->sector_count - layout->entries_lba ||
	    overlaps(layout->entries_lba, layout->entries_sectors, lba, lba) ||
	    overlaps(layout->entries_lba, layout->entries_sectors, layout->first_usable,
		     layout->last_usable))
		return "GPT entry array is outside the disk or over the usable range";
	return 0;
}

/* Adds the entry whose first GPT_ENTRY_DECODED bytes are `raw`. Returns 0,
 * or why the entry is refused. */
static const char *add_entry(struct partition_table *table, const struct gpt_layout *layout,
			     uint32_t index, const uint8_t *raw)
{
	const uint8_t *type = ENTRY_FIELD(raw, PartitionTypeGUID);
	struct partition *partition;
	uint64_t first, last;
	unsigned i;

	if (is_zero_guid(type))
		return 0;
	first = gpt_le64(ENTRY_FIELD(raw, StartingLBA));
	last = gpt_le64(ENTRY_FIELD(raw, EndingLBA));
	if (first > last || first < layout->first_usable || last > layout->last_usable)
		return "a GPT partition lies outside the disk's usable sectors";
	if (table->count >= PARTITION_MAX)
		return 0;
	partition = &table->partitions[table->count++];
	partition->number = index + 1;
	partition->mbr_type = 0;
	partition->bootable =
		(ENTRY_FIELD(raw, Attributes)[0] & GPT_ATTRIBUTE_LEGACY_BIOS_BOOTABLE) != 0;
	for (i = 0; i < 16; i++)
		partition->type_guid[i] = type[i];
	partition->first_lba = first;
	partition->sector_count = last - first + 1;
	return 0;
}

/* Reads the entry array a sector at a time, computing its CRC32 and
 * decoding each entry as its first bytes go by (an entry may straddle two
 * sectors). An entry's problem counts only once the CRC32 has vouched for
 * the array it came from. */
static enum entries_result read_entries(const struct blockdev *disk, uint8_t *sector,
					const struct gpt_layout *layout,
					struct partition_table *table, const char **detail)
{
	uint32_t total = layout->entry_count * layout->entry_size; /* bounded by read_header */
	uint32_t position = 0;
	uint32_t crc = 0;
	uint8_t raw[GPT_ENTRY_DECODED];
	const char *entry_problem = 0;
	uint32_t s;

	table->count = 0;
	for (s = 0; s < layout->entries_sectors; s++) {
		uint32_t length = total - position < disk->sector_size ? total - position
								      : disk->sector_size;
		uint32_t offset = 0;

		if (blockdev_read(disk, layout->entries_lba + s, 1, sector) != 0)
			return ENTRIES_DAMAGED;
		crc = crc32_update(crc, sector, length);
		while (offset < length) {
			uint32_t index = (position + offset) / layout->entry_size;
			uint32_t within = (position + offset) % layout->entry_size;
			uint32_t left = length - offset;
			uint32_t piece;

			if (within >= GPT_ENTRY_DECODED) {
				piece = layout->entry_size - within;
				offset += piece < left ? piece : left;
				continue;
			}
			piece = (uint32_t)GPT_ENTRY_DECODED - within < left
					? (uint32_t)GPT_ENTRY_DECODED - within
					: left;
			for (uint32_t i = 0; i < piece; i++)
				raw[within + i] = sector[offset + i];
			offset += piece;
			if (within + piece == GPT_ENTRY_DECODED && !entry_problem)
				entry_problem = add_entry(table, layout, index, raw);
		}
		position += length;
	}
	if (crc != layout->entries_crc) {
		table->count = 0;
		return ENTRIES_DAMAGED;
	}
	if (entry_problem) {
		*detail = entry_problem;
		return ENTRIES_INVALID;
	}
	return ENTRIES_OK;
}

/* What one copy's entry array means for the search: 1 the table is read,
 * -1 it is refused, 0 look at the next copy. */
static int settle(enum entries_result result, int *array_damaged)
{
	switch (result) {
	case ENTRIES_OK:
		return 1;
	case ENTRIES_INVALID:
		return -1;
	case ENTRIES_DAMAGED:
		*array_damaged = 1;
		break;
	}
	return 0;
}

int partition_read_gpt(const struct blockdev *disk, uint8_t *sector,
		       struct partition_table *table, const char **detail)
{
	struct gpt_layout layout;
	uint64_t backups[2];
	unsigned backup_count = 0;
	int array_damaged = 0, settled;
	unsigned i;

	table->kind = PARTITION_TABLE_GPT;
	table->gpt_from_backup = 0;
	table->count = 0;
	if (read_header(disk, sector, GPT_PRIMARY_HEADER_LBA, &layout) == 0) {
		settled = settle(read_entries(disk, sector, &layout, table, detail), &array_damaged);
		if (settled)
			return settled > 0 ? 0 : -1;
		/* A sound primary header says where its backup is. */
		backups[backup_count++] = layout.alternate_lba;
	}
	/* "The backup GPT Header must be at the last LBA of the disk." */
	backups[backup_count++] = disk->sector_count - 1;

	for (i = 0; i < backup_count; i++) {
		if (backups[i] <= GPT_PRIMARY_HEADER_LBA || backups[i] >= disk->sector_count ||
		    (i > 0 && backups[i] == backups[0]))
			continue;
		if (read_header(disk, sector, backups[i], &layout) != 0)
			continue;
		table->gpt_from_backup = 1;
		settled = settle(read_entries(disk, sector, &layout, table, detail), &array_damaged);
		if (settled)
			return settled > 0 ? 0 : -1;
	}
	*detail = array_damaged ? "the GPT partition entry array fails its CRC32 check in both "
				  "copies"
				: "the GPT header is damaged and so is its backup";
	return -1;
}
