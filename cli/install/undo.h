/* What install overwrites, kept on the disk so that `ghostboot uninstall`
 * can put it back byte for byte (docs/install.md, "Uninstalling"): the
 * undo record, a run of sectors outside every file (after stage 2 in its
 * area, or any free sector before the first partition) listing the
 * original bytes of every sector install writes there. */
#ifndef GHOSTBOOT_CLI_INSTALL_UNDO_H
#define GHOSTBOOT_CLI_INSTALL_UNDO_H

#include <stdint.h>

#include "cli/disk/install_target.h"
#include "cli/install/stage2_home.h"

/* One piece of the original: `count` sectors of zeros from `lba`
 * (`length` 0), or `length` bytes at `offset` in sector `lba`. */
struct undo_entry {
	uint64_t lba;
	uint32_t count;
	uint16_t offset, length;
	uint32_t data; /* where its bytes start in `undo.data` */
};

struct undo {
	struct undo_entry *entries;
	unsigned entry_count;
	uint8_t *data;
	uint32_t data_size;
	uint64_t file_volume_lba; /* stage 2 went into a file on the volume here */
	uint8_t file_kind;        /* 0: no file; else enum fs_kind + 1 */
	uint64_t lba;             /* where the record lies on the disk */
	uint32_t sectors;
};

/* Builds the record of what installing `home` will overwrite, keeping an
 * earlier record's originals, and writes it to free sectors. Returns 0; 1
 * when there is no room for it (after a warning: install goes on); -1
 * after an error. */
int undo_save(const struct install_target *target, const struct stage2_home *home);

/* Finds and reads the record on `target`. Returns 0, 1 when there is none,
 * -1 after an error. */
int undo_load(const struct install_target *target, struct undo *undo);
void undo_free(struct undo *undo);

/* Puts back the original bytes the record holds for sector `lba` (nothing
 * when it holds none). Returns 0, or -1 after an error. */
int undo_restore_sector(const struct install_target *target, const struct undo *undo,
			uint64_t lba);

#endif
