/* Native disk drivers for the boot disk (docs/stage2.md "Native disk
 * drivers"): a driver that finds a disk answering the same bytes as the
 * BIOS drive stage 2 booted from takes over its reads; an error hands them
 * back to the BIOS for the rest of the boot. */
#ifndef GHOSTBOOT_STAGE2_DRIVERS_NATIVE_H
#define GHOSTBOOT_STAGE2_DRIVERS_NATIVE_H

#include <stdint.h>

#include "stage2/disk.h"
#include "stage2/drivers/pci.h"

/* What a driver gives for one disk it has taken over. */
struct native_ops {
	/* Saves what the BIOS set up and readies the disk for `read`; 0, or -1
	 * with the controller left as the BIOS had it. */
	int (*take)(void *disk);
	/* Reads 512-byte sectors into `buf`; 0, or -1 on any error or timeout. */
	int (*read)(void *disk, uint64_t lba, uint32_t count, void *buf);
	/* Stops the controller and gives it back as the BIOS left it. */
	void (*release)(void *disk);
};

/* What a driver found: "AHCI port 0 at 00:1f.2" (`port` -1: no port). */
struct native_place {
	const char *kind;
	const struct pci_function *pci;
	int port;
};

/* A driver calls this for each disk it may read (not yet taken); 0 means
 * it is the boot disk and now in use, taken, and the search ends. */
typedef int (*native_offer_fn)(const struct native_ops *ops, void *disk,
			       const struct native_place *place);

/* Looks for the boot disk behind the drivers and, verified, makes the
 * reads of `disk` (opened as `dev`) go through it. `volume_lba` is where
 * the boot volume starts, whose first sectors are compared too. */
void native_disk_attach(struct bios_disk *disk, const struct blockdev *dev, uint64_t volume_lba);

/* Reads through the driver in use; on an error the driver is released
 * with a warning and -1 returned, for the caller to read through the BIOS. */
int native_disk_read(uint64_t lba, uint32_t count, void *buf);

/* Nonzero while a driver holds the boot disk. */
int native_disk_active(void);

/* Gives the controller back as the BIOS left it; before any BIOS disk call
 * and before stage 2 leaves. Does nothing when no driver is in use. */
void native_disk_release(void);

/* Reads `count` sectors at `lba` into `buf` with a driver's DMA command,
 * at most `max_sectors` a command: straight into place when the address is
 * even (what a PRD takes), else through the BIOS's bounce buffer, idle
 * while a driver reads. 0, or -1 at the first failed command. */
typedef int (*native_command_fn)(uint64_t lba, uint32_t count, void *buf);
int native_read_by_commands(native_command_fn command, uint32_t max_sectors, uint64_t lba,
			    uint32_t count, void *buf);

/* Bounded waits: true once `ms` milliseconds have passed since `start`
 * (timer_now), or after a poll count no real wait reaches, so that a
 * machine whose TSC rate is unknown cannot hang either. */
struct native_wait {
	uint64_t start;
	uint32_t polls;
};
void native_wait_begin(struct native_wait *wait);
int native_wait_expired(struct native_wait *wait, uint32_t ms);

#endif
