/* Copies of whole files that keep their holes: a disk image of gigabytes
 * holding a few megabytes of data costs only those megabytes. */
#ifndef GHOSTBOOT_CLI_COMMON_FILE_COPY_H
#define GHOSTBOOT_CLI_COMMON_FILE_COPY_H

/* Copies the regular file `from` to `to` (created with mode 0600, or
 * truncated), leaving holes where `from` has them. Returns 0, or -1 after
 * an error naming the file. */
int file_copy_sparse(const char *from, const char *to);

#endif
