/* A module for tests only (build/tests/modules/payload.gbm): random bytes
 * made at build time in its data (PAYLOAD_BIN) and their FNV-1a hash
 * computed on the host (PAYLOAD_FNV, tests/build.mk). Its init fails unless
 * every byte arrived as built, so a module image changed anywhere between
 * the disk and the kernel fails the self test (tests/boot/payloads.sh). */
#include <stdint.h>

#include <ghostboot/module.h>

#include "kernel/expectation.h"
#include "kernel/exports.h"

/* Included by the assembler: a C initializer this large is slow to compile. */
__asm__(".section .data.payload,\"aw\"\n"
	"payload_start:\n"
	".incbin \"" PAYLOAD_BIN "\"\n"
	"payload_end:\n"
	".previous\n");
extern const uint8_t payload_start[], payload_end[];

static int payload_module_init(void)
{
	uint64_t size = (uint64_t)(payload_end - payload_start);
	uint32_t hash = fnv1a(payload_start, size);
	if (hash != PAYLOAD_FNV) {
		kprintf("payload: %lu bytes with FNV-1a %x, expected %x\n", size, hash, PAYLOAD_FNV);
		return -1;
	}
	kprintf("payload: %lu bytes match, byte for byte\n", size);
	return 0;
}

GB_MODULE("payload", payload_module_init, 0);
