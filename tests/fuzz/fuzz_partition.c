/* libFuzzer target: the MBR and GPT readers (fs/partition*.c). The input
 * is the whole disk, its last sector the GPT's backup header; logical
 * partitions' boot records lie where their chain says. Every partition
 * read must lie inside the disk. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "fs/partition.h"
#include "tests/fuzz/disk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct partition_table table;
	struct fuzz_disk disk;
	struct blockdev dev;
	const char *detail = 0;

	fuzz_disk_init(&dev, &disk, data, size, 512, 0);
	if (partition_read_table(&dev, &table, &detail) != 0) {
		if (!detail)
			abort(); /* a refusal must say why */
		return 0;
	}
	if (table.count > PARTITION_MAX)
		abort();
	for (unsigned i = 0; i < table.count; i++) {
		const struct partition *p = &table.partitions[i];

		if (p->first_lba >= dev.sector_count || p->sector_count > dev.sector_count - p->first_lba ||
		    partition_find(&table, p->number) == 0)
			abort();
	}
	return 0;
}
