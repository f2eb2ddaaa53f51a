/* Directories: finding a path's components by long or 8.3 name, in the
 * FAT12/16 fixed root directory or in a directory's cluster chain. */
#include "fs/fat_internal.h"

/* A path component, as the path spells it and in UTF-16 for long names. */
struct fat_name {
	const char *bytes;
	uint32_t length;
	uint16_t units[FAT_LONG_NAME_MAX];
	uint32_t unit_count;
};

/* Where a scan of one directory stands, carried across sectors and clusters
 * because a long name's entries may straddle them. */
struct fat_dir_scan {
	const struct fat_name *name;
	bool in_long_set;       /* long entries seen, their short entry not yet */
	uint8_t long_expected;  /* the LDIR_Ord the next long entry must carry */
	uint8_t long_checksum;
	bool long_matches;
	bool found;
	bool ended; /* a free entry with DIR_Name[0] == 0: nothing follows */
	struct fat_node node;
};

static uint8_t fat_ascii_upper(uint8_t c)
{
	return c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
}

/* Long names compare ASCII letters in any case and every other character
 * exactly: case tables for the rest of Unicode are more than a boot loader
 * should carry. */
static bool fat_unit_equal(uint16_t a, uint16_t b)
{
	if (a < 0x80 && b < 0x80)
		return fat_ascii_upper((uint8_t)a) == fat_ascii_upper((uint8_t)b);
	return a == b;
}

/* Decodes a UTF-8 path component into UTF-16, as long names are stored. */
static int fat_name_decode(struct fat_name *name, const char *bytes, uint32_t length)
{
	const uint8_t *p = (const uint8_t *)bytes;
	uint32_t i = 0;

	name->bytes = bytes;
	name->length = length;
	name->unit_count = 0;
	while (i < length) {
		uint32_t c = p[i];
		uint32_t extra = c < 0x80 ? 0 : c >= 0xC2 && c <= 0xDF ? 1
					   : c >= 0xE0 && c <= 0xEF     ? 2
					   : c >= 0xF0 && c <= 0xF4     ? 3
									: 4;
		uint32_t k;

		if (extra == 4 || length - i <= extra)
			return FS_ERR_BAD_PATH;
		if (extra != 0)
			c &= 0x3Fu >> extra;
		for (k = 1; k <= extra; k++) {
			if ((p[i + k] & 0xC0) != 0x80)
				return FS_ERR_BAD_PATH;
			c = (c << 6) | (p[i + k] & 0x3Fu);
		}
		/* Overlong forms, surrogates and values past Unicode are not UTF-8. */
		if ((extra == 2 && c < 0x800) || (c >= 0xD800 && c <= 0xDFFF) ||
		    (extra == 3 && (c < 0x10000 || c > 0x10FFFF)))
			return FS_ERR_BAD_PATH;
		i += extra + 1;

		if (name->unit_count + (c >= 0x10000 ? 2 : 1) > FAT_LONG_NAME_MAX)
			return FS_ERR_BAD_PATH;
		if (c >= 0x10000) {
			c -= 0x10000;
			name->units[name->unit_count++] = (uint16_t)(0xD800 | (c >> 10));
			name->units[name->unit_count++] = (uint16_t)(0xDC00 | (c & 0x3FF));
		} else {
			name->units[name->unit_count++] = (uint16_t)c;
		}
	}
	return FS_OK;
}

/* "FAT Long Directory Entries": the checksum a long name set carries of the
 * 11-byte short name it belongs to. */
static uint8_t fat_short_name_checksum(const uint8_t *short_name)
{
	uint8_t sum = 0;
	int i;

	for (i = 0; i < 11; i++)
		sum = (uint8_t)(((sum & 1) ? 0x80 : 0) + (sum >> 1) + short_name[i]);
	return sum;
}

/* Compares "NAME.EXT", rebuilt from the padded 11-byte field, with the
 * path's bytes. DIR_NTRes's lower-case flags only change how a name is
 * shown, so they play no part. */
static bool fat_short_name_matches(const uint8_t *short_name, const struct fat_name *name)
{
	uint8_t text[12];
	uint32_t length = 0;
	uint32_t base = 8;
	uint32_t ext = 3;
	uint32_t i;

	while (base > 0 && short_name[base - 1] == ' ')
		base--;
	while (ext > 0 && short_name[8 + ext - 1] == ' ')
		ext--;
	for (i = 0; i < base; i++)
		text[length++] = short_name[i];
	if (length > 0 && text[0] == FAT_DIR_KANJI_E5)
		text[0] = FAT_DIR_FREE;
	if (ext > 0) {
		text[length++] = '.';
		for (i = 0; i < ext; i++)
			text[length++] = short_name[8 + i];
	}

	if (length != name->length)
		return false;
	for (i = 0; i < length; i++) {
		uint8_t a = text[i];
		uint8_t b = (uint8_t)name->bytes[i];
		if (a < 0x80 && b < 0x80 ? fat_ascii_upper(a) != fat_ascii_upper(b) : a != b)
			return false;
	}
	return true;
}

static void fat_scan_forget_long_name(struct fat_dir_scan *scan)
{
	scan->in_long_set = false;
	scan->long_expected = 0;
	scan->long_matches = false;
}

/* Compares the up to 13 characters of one long entry, which start at
 * character `first` of the name, with the path component. */
static bool fat_long_piece_matches(const struct fat_name *name, const uint16_t *units,
				   uint32_t first, uint32_t count)
{
	uint32_t i;

	for (i = 0; i < count; i++) {
		if (first + i >= name->unit_count || !fat_unit_equal(units[i], name->units[first + i]))
			return false;
	}
	return true;
}

/* A long entry: the set is stored last piece first, LDIR_Ord counting down
 * to 1, the first one marked with FAT_LAST_LONG_ENTRY ("FAT Long Directory
 * Entries"). A piece out of order starts over. */
static void fat_scan_long_entry(struct fat_dir_scan *scan, const struct fat_long_dir_entry *entry)
{
	uint16_t units[FAT_LONG_NAME_UNITS];
	uint32_t order = entry->LDIR_Ord & FAT_LONG_ORD_MASK;
	uint32_t first = (order - 1) * FAT_LONG_NAME_UNITS;
	uint32_t count = FAT_LONG_NAME_UNITS;
	uint32_t i;

	for (i = 0; i < 5; i++)
		units[i] = fat_le16(entry->LDIR_Name1 + 2 * i);
	for (i = 0; i < 6; i++)
		units[5 + i] = fat_le16(entry->LDIR_Name2 + 2 * i);
	for (i = 0; i < 2; i++)
		units[11 + i] = fat_le16(entry->LDIR_Name3 + 2 * i);

	if (entry->LDIR_Type != 0 || fat_le16(entry->LDIR_FstClusLO) != 0 || order == 0 ||
	    order > FAT_LONG_ENTRIES_MAX) {
		fat_scan_forget_long_name(scan);
		return;
	}

	if (entry->LDIR_Ord & FAT_LAST_LONG_ENTRY) {
		/* The last piece holds the end of the name: a 0 after it unless
		 * the name fills the piece, then 0xFFFF padding. */
		for (count = 0; count < FAT_LONG_NAME_UNITS && units[count] != 0; count++)
			;
		if (first + count == 0 || first + count > FAT_LONG_NAME_MAX) {
			fat_scan_forget_long_name(scan);
			return;
		}
		scan->in_long_set = true;
		scan->long_checksum = entry->LDIR_Chksum;
		scan->long_matches = first + count == scan->name->unit_count;
	} else if (!scan->in_long_set || order != scan->long_expected ||
		   entry->LDIR_Chksum != scan->long_checksum) {
		fat_scan_forget_long_name(scan);
		return;
	}
	scan->long_matches = scan->long_matches && fat_long_piece_matches(scan->name, units, first, count);
	scan->long_expected = (uint8_t)(order - 1);
}

static void fat_scan_short_entry(struct fat_volume *volume, struct fat_dir_scan *scan,
				 const struct fat_dir_entry *entry)
{
	bool long_name_valid = scan->in_long_set && scan->long_expected == 0 &&
			       scan->long_checksum == fat_short_name_checksum(entry->DIR_Name);
	bool matches = (long_name_valid && scan->long_matches) ||
		       fat_short_name_matches(entry->DIR_Name, scan->name);

	fat_scan_forget_long_name(scan);
	if (!matches)
		return;
	scan->found = true;
	scan->node.is_directory = (entry->DIR_Attr & FAT_ATTR_DIRECTORY) != 0;
	scan->node.first_cluster = fat_le16(entry->DIR_FstClusLO);
	/* DIR_FstClusHI is only meaningful on FAT32. */
	if (volume->type == FAT_TYPE_32)
		scan->node.first_cluster |= (uint32_t)fat_le16(entry->DIR_FstClusHI) << 16;
	scan->node.size = fat_le32(entry->DIR_FileSize);
}

static void fat_scan_entry(struct fat_volume *volume, struct fat_dir_scan *scan, const uint8_t *raw)
{
	const struct fat_dir_entry *entry = (const struct fat_dir_entry *)raw;

	if (entry->DIR_Name[0] == FAT_DIR_END) {
		scan->ended = true;
	} else if (entry->DIR_Name[0] == FAT_DIR_FREE) {
		fat_scan_forget_long_name(scan);
	} else if ((entry->DIR_Attr & FAT_ATTR_LONG_NAME_MASK) == FAT_ATTR_LONG_NAME) {
		fat_scan_long_entry(scan, (const struct fat_long_dir_entry *)raw);
	} else if (entry->DIR_Attr & FAT_ATTR_VOLUME_ID) {
		fat_scan_forget_long_name(scan); /* the volume label */
	} else {
		fat_scan_short_entry(volume, scan, entry);
	}
}

/* Scans `count` logical sectors from `sector`, at most `*entries_left` entries. */
static int fat_scan_sectors(struct fat_volume *volume, struct fat_dir_scan *scan, uint32_t sector,
			    uint32_t count, uint32_t *entries_left)
{
	uint32_t per_sector = volume->bytes_per_sector / sizeof(struct fat_dir_entry);
	uint32_t s;

	for (s = 0; s < count && *entries_left > 0; s++) {
		const uint8_t *data = fat_read_buffered(volume, fat_device_lba(volume, sector + s),
							(uint32_t)1 << volume->device_shift);
		uint32_t i;

		if (!data)
			return FS_ERR_IO;
		for (i = 0; i < per_sector && *entries_left > 0; i++) {
			fat_scan_entry(volume, scan, data + i * sizeof(struct fat_dir_entry));
			--*entries_left;
			if (scan->found || scan->ended)
				return FS_OK;
		}
	}
	return FS_OK;
}

/* Scans the directory whose first cluster is `cluster` (0: the fixed root). */
static int fat_scan_directory(struct fat_volume *volume, struct fat_dir_scan *scan, uint32_t cluster)
{
	uint32_t entries_left;
	struct fat_chain chain;
	uint32_t i;
	int error;

	if (cluster == 0) {
		entries_left = volume->root_entries;
		return fat_scan_sectors(volume, scan, volume->root_start, volume->root_sectors,
					&entries_left);
	}

	entries_left = FAT_DIR_ENTRIES_MAX;
	error = fat_measure_chain(volume, cluster,
				  (FAT_DIR_ENTRIES_MAX * sizeof(struct fat_dir_entry)) >> volume->cluster_shift,
				  "directory longer than 65536 entries", &chain);
	if (error != FS_OK)
		return error;
	for (i = 0; i < chain.length; i++) {
		error = fat_scan_sectors(volume, scan, fat_cluster_sector(volume, cluster),
					 (uint32_t)1 << volume->cluster_sector_shift, &entries_left);
		if (error != FS_OK || scan->found || scan->ended || entries_left == 0)
			return error;
		if (i + 1 < chain.length) {
			error = fat_next_cluster(volume, cluster, &cluster);
			if (error != FS_OK)
				return error;
			if (cluster == FAT_CHAIN_END) /* the FAT changed under us */
				return fat_fail(volume, FS_ERR_CORRUPT, "directory chain changed while read");
		}
	}
	return FS_OK;
}

static uint32_t fat_root_cluster(const struct fat_volume *volume)
{
	return volume->type == FAT_TYPE_32 ? volume->root_cluster : 0;
}

int fat_lookup(struct fat_volume *volume, const char *path, struct fat_node *node)
{
	const char *p = path;

	if (p[0] != '/')
		return fat_fail(volume, FS_ERR_BAD_PATH, "path is not absolute");
	node->is_directory = true;
	node->first_cluster = fat_root_cluster(volume);
	node->size = 0;

	for (;;) {
		struct fat_name name;
		struct fat_dir_scan scan;
		uint32_t length = 0;
		int error;

		while (*p == '/')
			p++;
		if (*p == '\0')
			return FS_OK;
		while (p[length] != '\0' && p[length] != '/')
			length++;
		if (!node->is_directory)
			return FS_ERR_NOT_A_DIRECTORY;
		if (fat_name_decode(&name, p, length) != FS_OK)
			return fat_fail(volume, FS_ERR_BAD_PATH,
					"path component is not UTF-8 of at most 255 characters");
		p += length;

		__builtin_memset(&scan, 0, sizeof(scan));
		scan.name = &name;
		error = fat_scan_directory(volume, &scan, node->first_cluster);
		if (error != FS_OK)
			return error;
		if (!scan.found)
			return FS_ERR_NOT_FOUND;
		*node = scan.node;

		if (node->is_directory) {
			/* ".." of a directory in the root records cluster 0 ("FAT
			 * Directory Structure"), on FAT32 as well. */
			if (node->first_cluster == 0)
				node->first_cluster = fat_root_cluster(volume);
			else if (!fat_cluster_valid(volume, node->first_cluster))
				return fat_fail(volume, FS_ERR_CORRUPT,
						"directory entry points outside the data area");
		}
	}
}
