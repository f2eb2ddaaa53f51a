/* fs/partition.c against partition tables written by sfdisk: each table is
 * compared with what `sfdisk -d` reports for it, and broken tables (a
 * looping EBR chain, a partition past the end of the disk) are refused. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../fs/partition.h"
#include "check.h"

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
	unsigned type;
	int bootable;
};

/* Parses `sfdisk -d`: "IMG5 : start=  8192, size=  2048, type=83, bootable". */
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
		    sscanf(line + path_length, "%u : start= %llu, size= %llu, type=%x", &p->number,
			   &p->start, &p->size, &p->type) != 4)
			continue;
		p->bootable = strstr(line, "bootable") != 0;
		count++;
	}
	pclose(dump);
	return count;
}

/* Every partition sfdisk reports is read back with the same number, start,
 * size, type and boot flag, and nothing else is. */
static void check_matches_sfdisk(const char *name, const char *path, unsigned expected_count)
{
	struct sfdisk_partition parts[16];
	struct partition_table table;
	const char *detail = 0;
	unsigned count = sfdisk_dump(path, parts, 16);
	unsigned i;
	int same = 1;

	CHECK(read_table_of(path, &table, &detail) == 0, "%s: table read (%s)", name,
	      detail ? detail : "no error");
	CHECK(table.kind == PARTITION_TABLE_MBR, "%s: is an MBR table", name);
	CHECK(count == expected_count, "%s: sfdisk lists %u partitions", name, expected_count);
	CHECK(table.count == count, "%s: %u partitions read, sfdisk lists %u", name, table.count,
	      count);
	for (i = 0; i < count; i++) {
		const struct partition *p = partition_find(&table, parts[i].number);

		if (!p || p->first_lba != parts[i].start || p->sector_count != parts[i].size ||
		    p->mbr_type != parts[i].type || p->bootable != parts[i].bootable) {
			printf("# partition %u: sfdisk start=%llu size=%llu type=%x; read %s\n",
			       parts[i].number, parts[i].start, parts[i].size, parts[i].type,
			       p ? "differs" : "nothing");
			same = 0;
		}
	}
	CHECK(same, "%s: every partition matches sfdisk -d", name);
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
	check_matches_sfdisk("four primaries", path, 4);
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
	check_matches_sfdisk("extended with logicals", path, 5);
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
	remove_scratch();
	CHECK_EXIT();
}
