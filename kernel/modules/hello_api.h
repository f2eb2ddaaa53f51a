/* What the hello module exports. */
#ifndef KERNEL_MODULES_HELLO_API_H
#define KERNEL_MODULES_HELLO_API_H

#include <stdint.h>

/* The greeting hello_check logs and checksums, and the CRC-32 of it, as
 * zlib.crc32 computes it on the host. */
#define HELLO_GREETING "hello from a ghostboot module"
#define HELLO_CHECK_VALUE 0x1c71ab2au

/* Copies the greeting into kmalloc'd memory, logs it through the console
 * module and returns checksum's crc32 of it: HELLO_CHECK_VALUE when every
 * service on the way answered right, else 0. The kernel's self test calls
 * it through hello's export table. */
uint32_t hello_check(void);

#endif
