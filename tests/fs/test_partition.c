/* fs/partition.c against partition tables written by sfdisk: each table is
 * compared with what `sfdisk -d` reports for it, and broken tables (a
 * looping EBR chain, a partition past the end of the disk, a GPT whose
 * copies are both damaged) are refused. A GPT with a damaged primary
 * header or entry array is read from its backup. */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "fs/crc32.h"
#include "fs/gpt_disk.h"
#include "fs/partition.h"
#include "tests/check.h"

#define SECTOR 512

static char scratch[64];

struct file_disk {
	struct blockdev dev;
	int fd;
};

static int read_file_sectors(const struct blockdev *dev, uint64_t lba, uint32_t count, void *buf)
{
	const struct file_disk *disk = dev->context;
	size_t length = (size_t)count * SECTOR;

	return pread(disk->fd, buf, length, (off_t)(lba * SECTOR)) == (ssize_t)length ? 0 : -1;
}

static int open_disk(struct file_disk *disk, const char *path)
{
	off_t size;

	disk->fd = open(path, O_RDONLY);
	if (disk->fd < 0)
		return -1;
	size = lseek(disk->fd, 0, SEEK_END);
	disk->dev.read = read_file_sectors;
	disk->dev.context = disk;
	disk->dev.first_lba = 0;
	disk->dev.sector_count = (uint64_t)size / SECTOR;
	disk->dev.sector_size = SECTOR;
	return 0;
}

static int read_table_of(const char *path, struct partition_table *table, const char **detail)
{
	struct file_disk disk;
	int result;

	if (open_disk(&disk, path) != 0) {
		*detail = "cannot open the image";
		return -2;
	}
	result = partition_read_table(&disk.dev, table, detail);
	close(disk.fd);
	return result;
}

/* sfdisk lives in /usr/sbin, outside some users' PATH. */
static int shell(const char *command)
{
	char line[1024];

	snprintf(line, sizeof(line), "PATH=\"$PATH:/usr/sbin:/sbin\"; %s", command);
	return system(line);
}

/* A `megabytes` MiB image partitioned by sfdisk from `script`. */
static int make_image(const char *name, unsigned megabytes, const char *script, char *path)
{
	char command[1024];

	snprintf(path, 128, "%s/%s", scratch, name);
	snprintf(command, sizeof(command),
		 "truncate -s %uM %s && printf '%s' | sfdisk --quiet --no-reread --no-tell-kernel %s",
		 megabytes, path, script, path);
	return shell(command);
}

struct sfdisk_partition {
	unsigned number;
	unsigned long long start, size;
	char type[40]; /* "83" on an MBR, a GUID on a GPT */
	int bootable;  /* MBR "bootable", GPT attrs="LegacyBIOSBootable" */
};

/* Parses `sfdisk -d`: "IMG5 : start=  8192, size=  2048, type=83, bootable",
 * or on a GPT "IMG1 : start=2048, size=2048, type=GUID, uuid=..., attrs=...". */
static unsigned sfdisk_dump(const char *path, struct sfdisk_partition *parts, unsigned max)
{
	char command[512], line[512];
	unsigned count = 0;
	size_t path_length = strlen(path);
	FILE *dump;

	snprintf(command, sizeof(command), "PATH=\"$PATH:/usr/sbin:/sbin\" sfdisk -d %s", path);
	dump = popen(command, "r");
	if (!dump)
		return 0;
	while (count < max && fgets(line, sizeof(line), dump)) {
		struct sfdisk_partition *p = &parts[count];

		if (strncmp(line, path, path_length) != 0 ||
		    sscanf(line + path_length, "%u : start= %llu, size= %llu, type=%39[0-9A-Fa-f-]",
			   &p->number, &p->start, &p->size, p->type) != 4)
			continue;
		p->bootable = strstr(line, "bootable") != 0 || strstr(line, "LegacyBIOSBootable") != 0;
		count++;
	}
	pclose(dump);
	return count;
}

/* A GPT type GUID in the text form sfdisk prints: the first three fields
 * are stored little-endian, the last two as they read ("GPT Partition Entry
 * Array", EFI_GUID). */
static void guid_text(const uint8_t *guid, char *text)
{
	static const int order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	char *out = text;
	int i;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*out++ = '-';
		out += sprintf(out, "%02X", guid[order[i]]);
	}
}

static int same_type(const struct partition_table *table, const struct partition *p,
		     const char *sfdisk_type)
{
	char text[40];

	if (table->kind == PARTITION_TABLE_MBR)
		return p->mbr_type == strtoul(sfdisk_type, 0, 16);
	guid_text(p->type_guid, text);
	return strcasecmp(text, sfdisk_type) == 0;
}

/* Every partition of `parts` (from sfdisk -d) is in `table` with the same
 * number, start, size, type and boot flag, and nothing else is. */
static int table_matches(const struct partition_table *table, const struct sfdisk_partition *parts,
			 unsigned count)
{
	unsigned i;
	int same = table->count == count;

	for (i = 0; i < count; i++) {
		const struct partition *p = partition_find(table, parts[i].number);

		if (!p || p->first_lba != parts[i].start || p->sector_count != parts[i].size ||
		    !same_type(table, p, parts[i].type) || p->bootable != parts[i].bootable) {
			printf("# partition %u: sfdisk start=%llu size=%llu type=%s; read %s\n",
			       parts[i].number, parts[i].start, parts[i].size, parts[i].type,
			       p ? "differs" : "nothing");
			same = 0;
		}
	}
	return same;
}

static void check_matches_sfdisk(const char *name, const char *path,
				 enum partition_table_kind kind, unsigned expected_count)
{
	struct sfdisk_partition parts[16];
	struct partition_table table;
	const char *detail = 0;
	unsigned count = sfdisk_dump(path, parts, 16);

	CHECK(read_table_of(path, &table, &detail) == 0, "%s: table read (%s)", name,
	      detail ? detail : "no error");
	CHECK(table.kind == kind, "%s: is an %s table", name,
	      kind == PARTITION_TABLE_MBR ? "MBR" : "GPT");
	CHECK(count == expected_count, "%s: sfdisk lists %u partitions", name, expected_count);
	CHECK(table.count == count, "%s: %u partitions read, sfdisk lists %u", name, table.count,
	      count);
	CHECK(table_matches(&table, parts, count), "%s: every partition matches sfdisk -d", name);
}

static void test_primaries(void)
{
	char path[128];

	make_image("primaries.img", 8,
		   "label: dos\\n"
		   "start=2048, size=2048, type=83\\n"
		   "start=4096, size=4096, type=c, bootable\\n"
		   "start=8192, size=1024, type=7\\n"
		   "start=10240, size=6144, type=e\\n",
		   path);
	check_matches_sfdisk("four primaries", path, PARTITION_TABLE_MBR, 4);
}

static const char extended_script[] = "label: dos\\n"
				      "start=2048, size=4096, type=83\\n"
				      "start=6144, type=5\\n"
				      "start=8192, size=2048, type=83\\n"
				      "start=12288, size=2048, type=c\\n"
				      "start=16384, size=4096, type=83\\n";

static void test_logical(void)
{
	struct partition_table table;
	const char *detail;
	char path[128];

	make_image("logical.img", 16, extended_script, path);
	check_matches_sfdisk("extended with logicals", path, PARTITION_TABLE_MBR, 5);
	read_table_of(path, &table, &detail);
	CHECK(partition_find(&table, 5) && partition_find(&table, 6) && partition_find(&table, 7) &&
		      !partition_find(&table, 8) && !partition_find(&table, 3),
	      "logical partitions are numbered 5, 6, 7");
}

static int patch_bytes(const char *path, unsigned long long offset, const uint8_t *bytes,
		       size_t length)
{
	int fd = open(path, O_WRONLY);
	int result = fd >= 0 && pwrite(fd, bytes, length, (off_t)offset) == (ssize_t)length ? 0 : -1;

	if (fd >= 0)
		close(fd);
	return result;
}

static int patch_le32(const char *path, unsigned long long offset, uint32_t value)
{
	uint8_t bytes[4] = { (uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
			     (uint8_t)(value >> 24) };

	return patch_bytes(path, offset, bytes, 4);
}

static uint32_t read_le32_at(const char *path, unsigned long long offset)
{
	uint8_t bytes[4] = { 0, 0, 0, 0 };
	int fd = open(path, O_RDONLY);

	if (fd >= 0) {
		if (pread(fd, bytes, 4, (off_t)offset) != 4)
			memset(bytes, 0, sizeof(bytes));
		close(fd);
	}
	return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 |
	       (uint32_t)bytes[3] << 24;
}

/* The sector of the last EBR of the extended partition in MBR slot 2,
 * found by following the links (entry 2 of each EBR) the simple way. */
static unsigned long long last_ebr_of(const char *path)
{
	unsigned long long extended = read_le32_at(path, 446 + 16 + 8);
	unsigned long long ebr = extended;
	unsigned steps;

	for (steps = 0; steps < 16; steps++) {
		uint32_t link = read_le32_at(path, ebr * SECTOR + 446 + 16 + 8);

		if (link == 0)
			break;
		ebr = extended + link;
	}
	return ebr;
}

/* The last EBR's link, pointed back at the first EBR: a chain that loops. */
static void test_looping_chain(void)
{
	static const uint8_t extended_type = 0x05;
	struct partition_table table;
	const char *detail = 0;
	char path[128];
	unsigned long long link;

	make_image("loop.img", 16, extended_script, path);
	link = last_ebr_of(path) * SECTOR + 446 + 16;
	CHECK(patch_bytes(path, link + 4, &extended_type, 1) == 0 &&
		      patch_le32(path, link + 8, 0) == 0 && patch_le32(path, link + 12, 2048) == 0,
	      "loop: the last EBR links back to the first");
	CHECK(read_table_of(path, &table, &detail) == -1 && detail && strstr(detail, "loops"),
	      "a looping EBR chain is refused (%s)", detail ? detail : "accepted");
}

static void test_past_end(void)
{
	struct partition_table table;
	const char *detail = 0;
	char path[128], command[512];

	make_image("past-end.img", 8,
		   "label: dos\\nstart=2048, size=2048, type=83\\nstart=4096, type=c\\n", path);
	/* The disk shrinks under its table: partition 2 now runs past the end. */
	snprintf(command, sizeof(command), "truncate -s 4M %s", path);
	shell(command);
	CHECK(read_table_of(path, &table, &detail) == -1 && detail &&
		      strstr(detail, "partition 2 extends past the end of the disk"),
	      "a primary partition past the end of the disk is refused (%s)",
	      detail ? detail : "accepted");

	/* The extended partition fits; its last logical partition grows past the end. */
	make_image("logical-past-end.img", 16, extended_script, path);
	patch_le32(path, last_ebr_of(path) * SECTOR + 446 + 12, 100000);
	detail = 0;
	CHECK(read_table_of(path, &table, &detail) == -1 && detail &&
		      strstr(detail, "a logical partition extends past the end"),
	      "a logical partition past the end of the disk is refused (%s)",
	      detail ? detail : "accepted");
}

static void test_not_a_table(void)
{
	struct partition_table table;
	const char *detail;
	char path[128], command[512];

	snprintf(path, sizeof(path), "%s/blank.img", scratch);
	snprintf(command, sizeof(command), "truncate -s 1M %s", path);
	shell(command);
	CHECK(read_table_of(path, &table, &detail) == 0 && table.kind == PARTITION_TABLE_NONE,
	      "a disk without 0x55AA has no table");

	snprintf(path, sizeof(path), "%s/superfloppy.img", scratch);
	snprintf(command, sizeof(command),
		 "rm -f %s && PATH=\"$PATH:/usr/sbin:/sbin\" mkfs.fat -C %s 1440 >/dev/null", path,
		 path);
	shell(command);
	CHECK(read_table_of(path, &table, &detail) == 0 && table.kind == PARTITION_TABLE_NONE,
	      "a FAT boot sector without a table is PARTITION_TABLE_NONE");

	make_image("empty.img", 1, "label: dos\\n", path);
	CHECK(read_table_of(path, &table, &detail) == 0 && table.kind == PARTITION_TABLE_MBR &&
		      table.count == 0,
	      "an empty MBR table has no partitions");

	make_image("bad-flag.img", 4, "label: dos\\nstart=2048, type=83\\n", path);
	patch_bytes(path, 446, (const uint8_t *)"\x12", 1);
	CHECK(read_table_of(path, &table, &detail) == -1,
	      "a boot flag other than 0x00/0x80 without a FAT boot sector is refused");
}

#define BIOS_BOOT_TYPE "21686148-6449-6E6F-744E-656564454649"
#define LINUX_TYPE "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
#define BASIC_DATA_TYPE "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"
#define GPT_IMAGE_MIB 16

static const char gpt_script[] =
	"label: gpt\\n"
	"start=2048, size=2048, type=" BIOS_BOOT_TYPE "\\n"
	"start=4096, size=8192, type=" LINUX_TYPE ", attrs=\"LegacyBIOSBootable\"\\n"
	"start=12288, size=4096, type=" BASIC_DATA_TYPE "\\n"
	"start=16384, size=8192, type=" LINUX_TYPE "\\n";

static void test_crc32(void)
{
	/* The check value of CRC-32/ISO-HDLC, the IEEE 802.3 CRC. */
	CHECK(crc32_update(0, "123456789", 9) == 0xCBF43926u, "CRC-32 of \"123456789\" is CBF43926");
	CHECK(crc32_update(crc32_update(0, "1234", 4), "56789", 5) == 0xCBF43926u,
	      "CRC-32 computed in two pieces is the same");
}

static void test_gpt(void)
{
	struct partition_table table;
	const struct partition *bios_boot;
	const char *detail;
	char path[128], command[512];

	make_image("gpt.img", GPT_IMAGE_MIB, gpt_script, path);
	check_matches_sfdisk("GPT", path, PARTITION_TABLE_GPT, 4);
	read_table_of(path, &table, &detail);
	CHECK(!table.gpt_from_backup, "GPT: read from the primary header");
	bios_boot = partition_find(&table, 1);
	CHECK(bios_boot && memcmp(bios_boot->type_guid, partition_type_bios_boot, 16) == 0,
	      "GPT: partition 1 has the BIOS boot partition type");

	/* Deleting partition 2 leaves an unused entry: numbers follow entries. */
	snprintf(command, sizeof(command),
		 "sfdisk --quiet --no-reread --no-tell-kernel --delete %s 2", path);
	shell(command);
	check_matches_sfdisk("GPT with an unused entry", path, PARTITION_TABLE_GPT, 3);
	CHECK(read_table_of(path, &table, &detail) == 0 && !partition_find(&table, 2) &&
		      partition_find(&table, 3) && partition_find(&table, 4),
	      "GPT: partitions keep their entry numbers 1, 3, 4");
}

/* Flips one bit of the byte at `offset`. */
static void damage(const char *path, unsigned long long offset)
{
	uint8_t byte = 0;
	int fd = open(path, O_RDWR);

	if (fd >= 0 && pread(fd, &byte, 1, (off_t)offset) == 1) {
		byte ^= 0x01;
		if (pwrite(fd, &byte, 1, (off_t)offset) != 1)
			printf("# cannot damage %s\n", path);
	}
	if (fd >= 0)
		close(fd);
}

static int read_sector_of(const char *path, unsigned long long lba, uint8_t *sector)
{
	int fd = open(path, O_RDONLY);
	int result = fd >= 0 && pread(fd, sector, SECTOR, (off_t)(lba * SECTOR)) == SECTOR ? 0 : -1;

	if (fd >= 0)
		close(fd);
	return result;
}

/* Rewrites the primary header's CRC32 after a change to its fields. */
static void reseal_primary_header(const char *path)
{
	uint8_t sector[SECTOR];
	const struct gpt_header *header = (const void *)sector;
	uint32_t size;

	if (read_sector_of(path, GPT_PRIMARY_HEADER_LBA, sector) != 0)
		return;
	size = gpt_le32(header->HeaderSize);
	memset(sector + offsetof(struct gpt_header, HeaderCRC32), 0, 4);
	patch_le32(path, SECTOR + offsetof(struct gpt_header, HeaderCRC32),
		   crc32_update(0, sector, size));
}

/* Rewrites the primary entry array's CRC32 (in the header, resealed). */
static void reseal_primary_entries(const char *path)
{
	uint8_t sector[SECTOR], entries[128 * 128];
	const struct gpt_header *header = (const void *)sector;
	unsigned i;

	if (read_sector_of(path, GPT_PRIMARY_HEADER_LBA, sector) != 0)
		return;
	for (i = 0; i < sizeof(entries) / SECTOR; i++)
		read_sector_of(path, gpt_le64(header->PartitionEntryLBA) + i, entries + i * SECTOR);
	patch_le32(path, SECTOR + offsetof(struct gpt_header, PartitionEntryArrayCRC32),
		   crc32_update(0, entries, sizeof(entries)));
	reseal_primary_header(path);
}

/* A fresh copy of the GPT image, its sfdisk dump taken before any damage. */
static unsigned fresh_gpt(const char *name, char *path, struct sfdisk_partition *parts)
{
	make_image(name, GPT_IMAGE_MIB, gpt_script, path);
	return sfdisk_dump(path, parts, 16);
}

static void check_read_from_backup(const char *name, const char *path,
				   const struct sfdisk_partition *parts, unsigned count)
{
	struct partition_table table;
	const char *detail = 0;

	CHECK(read_table_of(path, &table, &detail) == 0 && table.kind == PARTITION_TABLE_GPT &&
		      table.gpt_from_backup && table_matches(&table, parts, count),
	      "%s: the backup GPT is read, every partition as sfdisk wrote it (%s)", name,
	      detail ? detail : "no error");
}

static void check_refused(const char *name, const char *path, const char *expected)
{
	struct partition_table table;
	const char *detail = 0;

	CHECK(read_table_of(path, &table, &detail) == -1 && detail && strstr(detail, expected),
	      "%s: refused (%s)", name, detail ? detail : "accepted");
}

static void test_gpt_damaged(void)
{
	const unsigned long long last_lba = GPT_IMAGE_MIB * 2048ull - 1;
	const unsigned long long header = SECTOR * GPT_PRIMARY_HEADER_LBA;
	struct sfdisk_partition parts[16];
	char path[128];
	unsigned count;

	count = fresh_gpt("gpt-header.img", path, parts);
	damage(path, header + offsetof(struct gpt_header, FirstUsableLBA));
	check_read_from_backup("GPT with a damaged primary header", path, parts, count);
	damage(path, last_lba * SECTOR + offsetof(struct gpt_header, LastUsableLBA));
	check_refused("GPT with both headers damaged", path, "backup");

	count = fresh_gpt("gpt-signature.img", path, parts);
	damage(path, header);
	check_read_from_backup("GPT without the primary's signature", path, parts, count);

	count = fresh_gpt("gpt-array.img", path, parts);
	damage(path, 2 * SECTOR + 128 + 60); /* entry 2's name */
	check_read_from_backup("GPT with a damaged primary entry array", path, parts, count);
	/* sfdisk puts the backup array just before the backup header. */
	damage(path, (last_lba - 32) * SECTOR + 60);
	check_refused("GPT with both entry arrays damaged", path, "CRC32");

	count = fresh_gpt("gpt-count.img", path, parts);
	patch_le32(path, header + offsetof(struct gpt_header, NumberOfPartitionEntries), 100000);
	reseal_primary_header(path);
	check_read_from_backup("GPT claiming 100000 entries", path, parts, count);

	count = fresh_gpt("gpt-entry-size.img", path, parts);
	patch_le32(path, header + offsetof(struct gpt_header, SizeOfPartitionEntry), 100);
	reseal_primary_header(path);
	check_read_from_backup("GPT with 100-byte entries", path, parts, count);

	/* A primary whose usable sectors reach the backup header at the end. */
	count = fresh_gpt("gpt-usable.img", path, parts);
	patch_le32(path, header + offsetof(struct gpt_header, LastUsableLBA), (uint32_t)last_lba);
	reseal_primary_header(path);
	check_read_from_backup("GPT whose usable range covers the backup header", path, parts,
			       count);

	/* An entry past the usable sectors, in an array whose CRC32 vouches for it. */
	fresh_gpt("gpt-outside.img", path, parts);
	patch_le32(path, 2 * SECTOR + 3 * 128 + offsetof(struct gpt_partition_entry, EndingLBA),
		   (uint32_t)last_lba);
	reseal_primary_entries(path);
	check_refused("GPT partition past the usable sectors", path, "usable sectors");

	/* A protective MBR over a disk whose GPT is gone. */
	fresh_gpt("gpt-none.img", path, parts);
	damage(path, header);
	damage(path, last_lba * SECTOR);
	check_refused("protective MBR without a GPT", path, "backup");
}

static void remove_scratch(void)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -rf %s", scratch);
	shell(command);
}

int main(void)
{
	snprintf(scratch, sizeof(scratch), "%s", "/tmp/ghostboot-partition.XXXXXX");
	if (!mkdtemp(scratch)) {
		printf("not ok - test_partition: cannot create a scratch directory\n");
		return 1;
	}
	test_primaries();
	test_logical();
	test_looping_chain();
	test_past_end();
	test_not_a_table();
	test_crc32();
	test_gpt();
	test_gpt_damaged();
	remove_scratch();
	CHECK_EXIT();
}
