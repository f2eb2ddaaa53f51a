/* Symbolic links ("Symbolic Links"): a target under 60 bytes lies in
 * i_block itself, a longer one in the link's first data block. Following
 * one puts its target in front of what is left of the path, at the end of
 * the volume's path buffer, where the rest of an earlier splice already is. */
#include "fs/ext2_internal.h"

static uint32_t ext2_string_length(const char *text)
{
	uint32_t length = 0;

	while (text[length] != '\0' && length < EXT2_PATH_MAX)
		length++;
	return length;
}

int ext2_follow_link(struct ext2_volume *volume, struct ext2_file *link, const char *rest,
		     const char **path)
{
	uint32_t target_length = (uint32_t)link->size; /* 1 to 4095, checked with the inode */
	uint32_t rest_length = ext2_string_length(rest);
	char *rest_at;
	char *target;
	uint32_t i;

	if (rest_length >= EXT2_PATH_MAX || target_length + 1 + rest_length + 1 > EXT2_PATH_MAX)
		return ext2_fail(volume, FS_ERR_BAD_PATH, "path too long with its symbolic links");
	rest_at = volume->path + EXT2_PATH_MAX - 1 - rest_length;
	if (rest != rest_at)
		__builtin_memcpy(rest_at, rest, rest_length + 1);
	target = rest_at - 1 - target_length;

	if (target_length < EXT2_FAST_SYMLINK_MAX) {
		__builtin_memcpy(target, link->i_block, target_length);
	} else {
		int64_t got = ext2_read(link, 0, target, target_length);

		if (got < 0)
			return (int)got;
		if (got != target_length)
			return ext2_fail(volume, FS_ERR_CORRUPT, "symbolic link target shorter than its size");
	}
	for (i = 0; i < target_length; i++) {
		if (target[i] == '\0')
			return ext2_fail(volume, FS_ERR_CORRUPT, "symbolic link target holds a NUL byte");
	}
	rest_at[-1] = '/';
	*path = target;
	return FS_OK;
}
