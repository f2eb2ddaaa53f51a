/* What every fs/ call returns on failure: the readers (fat, ext2) and the
 * file API in fs.h share these codes, so each includes this header rather
 * than the API that sits above it. */
#ifndef GHOSTBOOT_FS_ERROR_H
#define GHOSTBOOT_FS_ERROR_H

enum fs_error {
	FS_OK = 0,
	FS_ERR_IO = -1,            /* the device failed a read */
	FS_ERR_NO_FILESYSTEM = -2, /* no filesystem this reader knows */
	FS_ERR_NOT_FOUND = -3,
	FS_ERR_NOT_A_FILE = -4,
	FS_ERR_NOT_A_DIRECTORY = -5, /* a path component before the last is a file */
	FS_ERR_CORRUPT = -6,         /* on-disk structure out of bounds; see `detail` */
	FS_ERR_UNSUPPORTED = -7,     /* valid but not readable by us; see `detail` */
	FS_ERR_BAD_PATH = -8,        /* not absolute, or a component too long */
	FS_ERR_SYMLINK_LOOP = -9,    /* more symbolic links on the way than a lookup follows */
};

/* A short phrase for an error code: "file not found". */
const char *fs_strerror(int error);

#endif
