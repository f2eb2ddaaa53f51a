/* FAT on-disk structures, as the Microsoft "FAT: General Overview of On-Disk
 * Format" specification (version 1.03) names them. Multi-byte fields are
 * byte arrays read with fat_le16/fat_le32: the structures need no packing,
 * have no padding, and read the same on any host. */
#ifndef GHOSTBOOT_FS_FAT_DISK_H
#define GHOSTBOOT_FS_FAT_DISK_H

#include <stdint.h>

/* "Boot Sector and BPB Structure", the part common to FAT12, FAT16 and FAT32. */
struct fat_bpb {
	uint8_t BS_jmpBoot[3];
	uint8_t BS_OEMName[8];
	uint8_t BPB_BytsPerSec[2];
	uint8_t BPB_SecPerClus;
	uint8_t BPB_RsvdSecCnt[2];
	uint8_t BPB_NumFATs;
	uint8_t BPB_RootEntCnt[2];
	uint8_t BPB_TotSec16[2];
	uint8_t BPB_Media;
	uint8_t BPB_FATSz16[2];
	uint8_t BPB_SecPerTrk[2];
	uint8_t BPB_NumHeads[2];
	uint8_t BPB_HiddSec[4];
	uint8_t BPB_TotSec32[4];
};
_Static_assert(sizeof(struct fat_bpb) == 36, "FAT BPB is 36 bytes");

/* "Fat12 and Fat16 Structure Starting at Offset 36". */
struct fat16_ebpb {
	uint8_t BS_DrvNum;
	uint8_t BS_Reserved1;
	uint8_t BS_BootSig;
	uint8_t BS_VolID[4];
	uint8_t BS_VolLab[11];
	uint8_t BS_FilSysType[8];
};
_Static_assert(sizeof(struct fat16_ebpb) == 26, "FAT12/16 extended BPB is 26 bytes");

/* "FAT32 Structure Starting at Offset 36". */
struct fat32_ebpb {
	uint8_t BPB_FATSz32[4];
	uint8_t BPB_ExtFlags[2];
	uint8_t BPB_FSVer[2];
	uint8_t BPB_RootClus[4];
	uint8_t BPB_FSInfo[2];
	uint8_t BPB_BkBootSec[2];
	uint8_t BPB_Reserved[12];
	uint8_t BS_DrvNum;
	uint8_t BS_Reserved1;
	uint8_t BS_BootSig;
	uint8_t BS_VolID[4];
	uint8_t BS_VolLab[11];
	uint8_t BS_FilSysType[8];
};
_Static_assert(sizeof(struct fat32_ebpb) == 54, "FAT32 extended BPB is 54 bytes");

struct fat_boot_sector {
	struct fat_bpb bpb;
	union {
		struct fat16_ebpb fat16;
		struct fat32_ebpb fat32;
	} ext;
};
_Static_assert(sizeof(struct fat_boot_sector) == 90, "FAT boot sector header is 90 bytes");

/* BPB_ExtFlags: bit 7 set means only the FAT numbered in bits 0-3 is active. */
#define FAT32_EXTFLAGS_NO_MIRROR 0x0080u
#define FAT32_EXTFLAGS_ACTIVE_MASK 0x000Fu

/* "FAT Directory Structure". */
struct fat_dir_entry {
	uint8_t DIR_Name[11];
	uint8_t DIR_Attr;
	uint8_t DIR_NTRes;
	uint8_t DIR_CrtTimeTenth;
	uint8_t DIR_CrtTime[2];
	uint8_t DIR_CrtDate[2];
	uint8_t DIR_LstAccDate[2];
	uint8_t DIR_FstClusHI[2];
	uint8_t DIR_WrtTime[2];
	uint8_t DIR_WrtDate[2];
	uint8_t DIR_FstClusLO[2];
	uint8_t DIR_FileSize[4];
};
_Static_assert(sizeof(struct fat_dir_entry) == 32, "FAT directory entry is 32 bytes");

#define FAT_ATTR_READ_ONLY 0x01u
#define FAT_ATTR_HIDDEN 0x02u
#define FAT_ATTR_SYSTEM 0x04u
#define FAT_ATTR_VOLUME_ID 0x08u
#define FAT_ATTR_DIRECTORY 0x10u
#define FAT_ATTR_ARCHIVE 0x20u
#define FAT_ATTR_LONG_NAME (FAT_ATTR_READ_ONLY | FAT_ATTR_HIDDEN | FAT_ATTR_SYSTEM | FAT_ATTR_VOLUME_ID)
#define FAT_ATTR_LONG_NAME_MASK (FAT_ATTR_LONG_NAME | FAT_ATTR_DIRECTORY | FAT_ATTR_ARCHIVE)

/* DIR_Name[0]: 0x00 ends the directory, 0xE5 marks a free entry, and 0x05
 * stands for a real 0xE5 (a KANJI lead byte). */
#define FAT_DIR_END 0x00u
#define FAT_DIR_FREE 0xE5u
#define FAT_DIR_KANJI_E5 0x05u

/* "FAT Long Directory Entries". */
struct fat_long_dir_entry {
	uint8_t LDIR_Ord;
	uint8_t LDIR_Name1[10]; /* characters 1-5, UCS-2 */
	uint8_t LDIR_Attr;      /* FAT_ATTR_LONG_NAME */
	uint8_t LDIR_Type;      /* 0 for a name component */
	uint8_t LDIR_Chksum;    /* of the short name that follows the set */
	uint8_t LDIR_Name2[12]; /* characters 6-11 */
	uint8_t LDIR_FstClusLO[2]; /* 0 */
	uint8_t LDIR_Name3[4];  /* characters 12-13 */
};
_Static_assert(sizeof(struct fat_long_dir_entry) == 32, "FAT long directory entry is 32 bytes");

#define FAT_LAST_LONG_ENTRY 0x40u
#define FAT_LONG_ORD_MASK 0x3Fu
#define FAT_LONG_NAME_UNITS 13u /* UCS-2 characters per long entry */
#define FAT_LONG_NAME_MAX 255u  /* characters in a long name */
#define FAT_LONG_ENTRIES_MAX 20u /* ceil(255 / 13) */

/* A directory holds at most 65536 entries ("FAT Directory Structure"). */
#define FAT_DIR_ENTRIES_MAX 65536u

/* Cluster counts that decide the FAT type ("FAT Type Determination"). */
#define FAT12_MAX_CLUSTERS 4084u
#define FAT16_MAX_CLUSTERS 65524u
/* The highest count whose cluster numbers stay below FAT32's bad marker. */
#define FAT32_MAX_CLUSTERS 0x0FFFFFF5u

static inline uint16_t fat_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t fat_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

#endif
