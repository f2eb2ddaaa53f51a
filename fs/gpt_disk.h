/* GPT on-disk structures, as the UEFI specification (2.10, chapter 5 "GUID
 * Partition Table (GPT) Disk Layout") names them. Multi-byte fields are
 * little-endian byte arrays read with gpt_le32/gpt_le64: no packing, no
 * padding, the same on any host. */
#ifndef GHOSTBOOT_FS_GPT_DISK_H
#define GHOSTBOOT_FS_GPT_DISK_H

#include <stdint.h>

#define GPT_SIGNATURE "EFI PART"
#define GPT_REVISION_MAJOR 1 /* Revision 1.0 is 0x00010000: the major in the high half */
#define GPT_HEADER_MIN_SIZE 92u
#define GPT_PRIMARY_HEADER_LBA 1u
#define GPT_ENTRY_MIN_SIZE 128u
/* The type that marks a protective (or hybrid) MBR's GPT entry ("Protective MBR"). */
#define GPT_PROTECTIVE_MBR_TYPE 0xEEu
/* PartitionEntry.Attributes bit 2: "Legacy BIOS Bootable". */
#define GPT_ATTRIBUTE_LEGACY_BIOS_BOOTABLE 0x04u

/* "GPT Header". Bytes from HeaderSize to the end of the block are reserved. */
struct gpt_header {
	uint8_t Signature[8];
	uint8_t Revision[4];
	uint8_t HeaderSize[4];
	uint8_t HeaderCRC32[4]; /* of HeaderSize bytes, this field taken as zero */
	uint8_t Reserved[4];
	uint8_t MyLBA[8];
	uint8_t AlternateLBA[8];
	uint8_t FirstUsableLBA[8];
	uint8_t LastUsableLBA[8];
	uint8_t DiskGUID[16];
	uint8_t PartitionEntryLBA[8];
	uint8_t NumberOfPartitionEntries[4];
	uint8_t SizeOfPartitionEntry[4];
	uint8_t PartitionEntryArrayCRC32[4];
};
_Static_assert(sizeof(struct gpt_header) == 92, "GPT header is 92 bytes");

/* "GPT Partition Entry Array": the first 128 bytes of an entry. */
struct gpt_partition_entry {
	uint8_t PartitionTypeGUID[16]; /* all zero: the entry is unused */
	uint8_t UniquePartitionGUID[16];
	uint8_t StartingLBA[8];
	uint8_t EndingLBA[8]; /* inclusive */
	uint8_t Attributes[8];
	uint8_t PartitionName[72]; /* UTF-16LE */
};
_Static_assert(sizeof(struct gpt_partition_entry) == 128, "GPT partition entry is 128 bytes");

static inline uint32_t gpt_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t gpt_le64(const uint8_t *p)
{
	return (uint64_t)gpt_le32(p) | (uint64_t)gpt_le32(p + 4) << 32;
}

#endif
