/* The checksum module: CRC-32 with a table its init computes. Needs only
 * the kernel; exports crc32, with a version (checksum_api.h), to later
 * modules. Has .data, .rodata and .bss, so that a loader must place and
 * relocate all three. */
#include <stddef.h>
#include <stdint.h>

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>
#include <ghostboot/module.h>

#include "kernel/exports.h"
#include "kernel/modules/checksum_api.h"

#define CRC32_POLYNOMIAL 0xedb88320u /* reversed IEEE 802.3 */

static uint32_t crc_table[256];          /* .bss, filled by init */
static uint32_t crc_initial = 0xffffffffu; /* .data */
static const char check_input[] = "123456789";
#define CHECK_VALUE 0xcbf43926u /* the standard check value of CRC-32 */

uint32_t crc32(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t crc = crc_initial;
	for (size_t i = 0; i < len; i++)
		crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}
GB_EXPORT_GATE(crc32, CRC32_VERSION, GB_GATE_ARGS(GB_ARG_IN + 1, GB_ARG_INT, 0, 0, 0, 0));

static int checksum_module_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;
		for (int k = 0; k < 8; k++)
			c = c & 1 ? CRC32_POLYNOMIAL ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
	uint32_t check = crc32(check_input, sizeof check_input - 1);
	kprintf("checksum: crc32(\"%s\") = %08x\n", check_input, check);
	return check == CHECK_VALUE ? 0 : -1;
}

GB_MODULE("checksum", checksum_module_init, 0);
