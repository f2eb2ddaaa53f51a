/* The staging directory mke2fs -d copies onto an ext volume: a temporary
 * tree holding each file of mkimage's contents at its path. */
#ifndef GHOSTBOOT_MKIMAGE_STAGING_H
#define GHOSTBOOT_MKIMAGE_STAGING_H

#include "mkimage/contents.h"

/* Creates the tree in $TMPDIR (else /tmp) and returns its path, or 0 after
 * an error. Fatal signals are held until staging_remove, so that an
 * interrupted mkimage never leaves the tree behind. */
char *staging_create(const struct contents *contents);

/* Removes the tree and frees `path`; held signals are delivered then. */
void staging_remove(char *path);

#endif
