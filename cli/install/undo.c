#include "cli/install/undo.h"

#include <stdlib.h>
#include <string.h>

#include "cli/common/diag.h"
#include "cli/install/sector_check.h"
#include "fs/crc32.h"
#include "fs/fat_disk.h"

#define UNDO_MAGIC "GBUNDO\x01"
#define HEADER_SIZE 40
#define ENTRY_SIZE 16
#define RECORD_MAX_SECTORS 256 /* 128 KiB: a gap or BIOS boot partition full of data */
#define SEARCH_LIMIT 4096u     /* sectors before the first partition looked at */

static void put_le(uint8_t *at, uint64_t value, unsigned size)
{
	unsigned i;

	for (i = 0; i < size; i++)
		at[i] = (uint8_t)(value >> (8 * i));
}

static uint64_t get_le(const uint8_t *at, unsigned size)
{
	uint64_t value = 0;

	while (size--)
		value = value << 8 | at[size];
	return value;
}

void undo_free(struct undo *undo)
{
	free(undo->entries);
	free(undo->data);
	memset(undo, 0, sizeof(*undo));
}

/* Sectors where the record may lie: [first, end) ranges outside every
 * file. Returns how many. */
static unsigned record_areas(const struct install_target *target, uint64_t areas[][2])
{
	const struct fat_boot_sector *boot = (const void *)target->sector0;
	uint64_t end = target->disk.sector_count;
	unsigned i, count = 0;

	if (target->layout == LAYOUT_WHOLE_FAT) {
		areas[count][0] = 1;
		areas[count++][1] = fat_le16(boot->bpb.BPB_RsvdSecCnt);
		return count;
	}
	if (target->layout == LAYOUT_WHOLE_EXT) {
		areas[count][0] = 1; /* the second half of ext's 1024-byte boot block */
		areas[count++][1] = 2;
		return count;
	}
	for (i = 0; i < target->table->count; i++) {
		const struct partition *p = &target->table->partitions[i];

		if (p->first_lba < end)
			end = p->first_lba;
		if (target->layout == LAYOUT_GPT && memcmp(p->type_guid, "\x48\x61\x68\x21\x49\x64"
						"\x6f\x6e\x74\x4e\x65\x65\x64\x45\x46\x49", 16) == 0) {
			areas[count][0] = p->first_lba;
			areas[count++][1] = p->first_lba + p->sector_count;
		}
	}
	/* After a GPT's entry array (LBA 2..33), else after the MBR. */
	areas[count][0] = target->layout == LAYOUT_GPT ? 34 : 1;
	areas[count++][1] = end < SEARCH_LIMIT ? end : SEARCH_LIMIT;
	return count;
}

static int read_record_at(const struct install_target *target, uint64_t lba, struct undo *undo)
{
	uint8_t header[SECTOR_SIZE], *bytes;
	uint32_t total, sectors, i, used;

	if (image_read(&target->image, lba * SECTOR_SIZE, header, SECTOR_SIZE) != 0)
		return -1;
	if (memcmp(header, UNDO_MAGIC, 8) != 0)
		return 1;
	total = (uint32_t)get_le(header + 8, 4);
	sectors = (total + SECTOR_SIZE - 1) / SECTOR_SIZE;
	if (total < HEADER_SIZE || sectors > RECORD_MAX_SECTORS)
		return 1;
	bytes = malloc((size_t)sectors * SECTOR_SIZE);
	if (!bytes)
		return error("out of memory");
	if (image_read(&target->image, lba * SECTOR_SIZE, bytes, (size_t)sectors * SECTOR_SIZE) != 0 ||
	    crc32_update(0, bytes + HEADER_SIZE, total - HEADER_SIZE) != get_le(header + 12, 4)) {
		free(bytes);
		return 1;
	}
	memset(undo, 0, sizeof(*undo));
	undo->entry_count = (unsigned)get_le(header + 16, 4);
	undo->data_size = (uint32_t)get_le(header + 20, 4);
	undo->file_volume_lba = get_le(header + 24, 8);
	undo->file_kind = header[32];
	undo->lba = lba;
	undo->sectors = sectors;
	used = HEADER_SIZE + undo->entry_count * ENTRY_SIZE;
	undo->entries = calloc(undo->entry_count + 1, sizeof(*undo->entries));
	undo->data = malloc(undo->data_size + 1);
	if (used + undo->data_size != total || !undo->entries || !undo->data) {
		free(bytes);
		undo_free(undo);
		return 1;
	}
	memcpy(undo->data, bytes + used, undo->data_size);
	for (i = 0, used = 0; i < undo->entry_count; i++) {
		const uint8_t *e = bytes + HEADER_SIZE + i * ENTRY_SIZE;
		struct undo_entry *entry = &undo->entries[i];

		entry->lba = get_le(e, 8);
		entry->count = (uint32_t)get_le(e + 8, 4);
		entry->offset = (uint16_t)get_le(e + 12, 2);
		entry->length = (uint16_t)get_le(e + 14, 2);
		entry->data = used;
		used += entry->length;
	}
	free(bytes);
	return used == undo->data_size ? 0 : 1;
}

int undo_restore_sector(const struct install_target *target, const struct undo *undo,
			uint64_t lba)
{
	uint8_t sector[SECTOR_SIZE];
	unsigned i;

	if (image_read(&target->image, lba * SECTOR_SIZE, sector, SECTOR_SIZE) != 0)
		return -1;
	for (i = 0; i < undo->entry_count; i++) {
		const struct undo_entry *entry = &undo->entries[i];

		if (lba < entry->lba || lba >= entry->lba + entry->count)
			continue;
		if (entry->length)
			memcpy(sector + entry->offset, undo->data + entry->data, entry->length);
		else
			memset(sector, 0, SECTOR_SIZE);
		return image_write(&target->image, lba * SECTOR_SIZE, sector, SECTOR_SIZE);
	}
	return 0;
}

int undo_load(const struct install_target *target, struct undo *undo)
{
	uint64_t areas[PARTITION_MAX + 2][2], lba;
	unsigned a, count = record_areas(target, areas);
	int found;

	memset(undo, 0, sizeof(*undo));
	for (a = 0; a < count; a++)
		for (lba = areas[a][0]; lba < areas[a][1]; lba++)
			if ((found = read_record_at(target, lba, undo)) <= 0)
				return found;
	return 1;
}

/* Whether `lba` lies in an entry of `undo`. */
static int covers(const struct undo *undo, uint64_t lba)
{
	unsigned i;

	for (i = 0; i < undo->entry_count; i++)
		if (lba >= undo->entries[i].lba && lba < undo->entries[i].lba + undo->entries[i].count)
			return 1;
	return 0;
}

/* Adds the present bytes [offset, offset + length) of sector `lba`, unless
 * the record has them already. */
static int remember(const struct install_target *target, struct undo *undo, uint64_t lba,
		    uint16_t offset, uint16_t length)
{
	uint8_t sector[SECTOR_SIZE];
	struct undo_entry *entry, *grown;
	unsigned i;
	int zero = 1;

	if (covers(undo, lba))
		return 0;
	if (image_read(&target->image, lba * SECTOR_SIZE, sector, SECTOR_SIZE) != 0)
		return -1;
	for (i = offset; i < (unsigned)offset + length; i++)
		zero &= sector[i] == 0;
	if (zero && length == SECTOR_SIZE && undo->entry_count &&
	    undo->entries[undo->entry_count - 1].length == 0 &&
	    undo->entries[undo->entry_count - 1].lba + undo->entries[undo->entry_count - 1].count ==
		    lba) {
		undo->entries[undo->entry_count - 1].count++;
		return 0;
	}
	grown = realloc(undo->entries, (undo->entry_count + 1) * sizeof(*grown));
	if (!grown)
		return error("out of memory");
	undo->entries = grown;
	entry = &undo->entries[undo->entry_count++];
	entry->lba = lba;
	entry->count = 1;
	entry->offset = offset;
	entry->length = zero && length == SECTOR_SIZE ? 0 : length;
	entry->data = undo->data_size;
	if (entry->length) {
		uint8_t *data = realloc(undo->data, undo->data_size + length);

		if (!data)
			return error("out of memory");
		memcpy(data + undo->data_size, sector + offset, length);
		undo->data = data;
		undo->data_size += length;
	}
	return 0;
}

static uint32_t record_sectors(const struct undo *undo, unsigned extra_entries)
{
	uint32_t total = HEADER_SIZE + (undo->entry_count + extra_entries) * ENTRY_SIZE +
			 undo->data_size;

	return (total + SECTOR_SIZE - 1) / SECTOR_SIZE;
}

static int in_home(const struct stage2_home *home, uint64_t lba)
{
	unsigned i;

	for (i = 0; i < home->extent_count; i++)
		if (lba >= home->extents[i].lba && lba < home->extents[i].lba + home->extents[i].count)
			return 1;
	return 0;
}

/* `sectors` free sectors for the record: zero or the earlier record's,
 * outside stage 2. Returns the first, or 0. */
static uint64_t find_room(const struct install_target *target, const struct stage2_home *home,
			  const struct undo *old, uint32_t sectors)
{
	uint64_t areas[PARTITION_MAX + 2][2], lba, run = 0;
	unsigned a, count = record_areas(target, areas);
	uint8_t sector[SECTOR_SIZE];
	unsigned i;

	for (a = 0; a < count; a++)
		for (lba = areas[a][0], run = 0; lba < areas[a][1]; lba++) {
			int free = !in_home(home, lba) &&
				   image_read(&target->image, lba * SECTOR_SIZE, sector,
					      SECTOR_SIZE) == 0;

			for (i = 0; free && i < SECTOR_SIZE && !(old->sectors && lba >= old->lba &&
								  lba < old->lba + old->sectors);
			     i++)
				free = sector[i] == 0;
			run = free ? run + 1 : 0;
			if (run == sectors)
				return lba + 1 - sectors;
		}
	return 0;
}

static int write_record(const struct install_target *target, const struct undo *undo)
{
	size_t size = (size_t)undo->sectors * SECTOR_SIZE;
	uint8_t *bytes = calloc(1, size), *at;
	uint32_t total = HEADER_SIZE + undo->entry_count * ENTRY_SIZE + undo->data_size;
	unsigned i;
	int result;

	if (!bytes)
		return error("out of memory");
	memcpy(bytes, UNDO_MAGIC, 8);
	put_le(bytes + 8, total, 4);
	put_le(bytes + 16, undo->entry_count, 4);
	put_le(bytes + 20, undo->data_size, 4);
	put_le(bytes + 24, undo->file_volume_lba, 8);
	bytes[32] = undo->file_kind;
	for (i = 0; i < undo->entry_count; i++) {
		at = bytes + HEADER_SIZE + i * ENTRY_SIZE;
		put_le(at, undo->entries[i].lba, 8);
		put_le(at + 8, undo->entries[i].count, 4);
		put_le(at + 12, undo->entries[i].offset, 2);
		put_le(at + 14, undo->entries[i].length, 2);
	}
	memcpy(bytes + HEADER_SIZE + undo->entry_count * ENTRY_SIZE, undo->data, undo->data_size);
	put_le(bytes + 12, crc32_update(0, bytes + HEADER_SIZE, total - HEADER_SIZE), 4);
	result = image_write(&target->image, undo->lba * SECTOR_SIZE, bytes, size);
	free(bytes);
	return result == 0 ? image_sync(&target->image) : -1;
}

/* What install writes outside files: sector 0 (or its boot code), FAT32's
 * backup boot sector, stage 2 when not in a file. */
static int remember_targets(const struct install_target *target, const struct stage2_home *home,
			    struct undo *undo)
{
	const struct fat_boot_sector *boot = (const void *)target->sector0;
	uint16_t backup = fat_le16(boot->ext.fat32.BPB_BkBootSec);
	unsigned i;
	uint32_t s;

	if (remember(target, undo, 0, 0, target->layout <= LAYOUT_GPT ? GB_STAGE1_CODE_LIMIT
									: SECTOR_SIZE) != 0)
		return -1;
	if (target->layout == LAYOUT_WHOLE_FAT && fat_le16(boot->bpb.BPB_FATSz16) == 0 && backup &&
	    backup < fat_le16(boot->bpb.BPB_RsvdSecCnt) &&
	    remember(target, undo, backup, 0, SECTOR_SIZE) != 0)
		return -1;
	for (i = 0; !home->in_file && i < home->extent_count; i++)
		for (s = 0; s < home->extents[i].count; s++)
			if (remember(target, undo, home->extents[i].lba + s, 0, SECTOR_SIZE) != 0)
				return -1;
	return 0;
}

int undo_save(const struct install_target *target, const struct stage2_home *home)
{
	struct undo old, undo;
	uint32_t s;
	int found = undo_load(target, &old), result = -1;

	if (found < 0)
		return -1;
	/* The earlier record's originals stand: what lies there now is ours. */
	memset(&undo, 0, sizeof(undo));
	if (found == 0) {
		undo = old;
		undo.entries = malloc((old.entry_count + 1) * sizeof(*undo.entries));
		undo.data = malloc(old.data_size + 1);
		if (!undo.entries || !undo.data)
			goto done;
		memcpy(undo.entries, old.entries, old.entry_count * sizeof(*undo.entries));
		memcpy(undo.data, old.data, old.data_size);
	}
	if (home->in_file && !undo.file_kind) {
		undo.file_kind = (uint8_t)(target->boot.kind + 1);
		undo.file_volume_lba = target->boot.partition->first_lba;
	}
	if (remember_targets(target, home, &undo) != 0)
		goto done;
	/* One more entry: the record's own sectors. */
	undo.sectors = record_sectors(&undo, 1);
	undo.lba = undo.sectors <= RECORD_MAX_SECTORS ? find_room(target, home, &old, undo.sectors) : 0;
	if (!undo.lba) {
		warning("no free sectors to keep what install overwrites: ghostboot uninstall will "
			"not be able to restore it");
		result = 1;
		goto done;
	}
	for (s = 0; s < undo.sectors; s++)
		if (remember(target, &undo, undo.lba + s, 0, SECTOR_SIZE) != 0)
			goto done;
	if (record_sectors(&undo, 0) > undo.sectors) {
		warning("the record of what install overwrites outgrew its room: ghostboot "
			"uninstall will not be able to restore it");
		result = 1;
		goto done;
	}
	result = write_record(target, &undo);
	/* An earlier record elsewhere goes back to what it was, so that only
	 * one is ever found. */
	for (s = 0; result == 0 && found == 0 && s < old.sectors; s++)
		if (old.lba + s < undo.lba || old.lba + s >= undo.lba + undo.sectors)
			result = undo_restore_sector(target, &undo, old.lba + s);
done:
	if (found == 0)
		undo_free(&old);
	undo_free(&undo);
	return result;
}
