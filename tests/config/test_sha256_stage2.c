/* Stage 2's own build of SHA-256 (build/stage2/obj/config/: 32-bit, i486,
 * -O2, no SSE outside the SHA-NI function) run on the host as a 32-bit
 * Linux program without a C library, since QEMU's TCG never takes its
 * SHA-NI path: both block functions against the FIPS digests and each
 * other, with sha256_update called at each 4-byte alignment of the stack,
 * as stage 2's code may call it. On a CPU without SHA extensions the
 * second half prints a skip line. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/sha256.h"

#define SYS_EXIT 1
#define SYS_WRITE 4

static long syscall3(long number, long a, long b, long c)
{
	long result;
	__asm__ volatile("int $0x80"
			 : "=a"(result)
			 : "a"(number), "b"(a), "c"(b), "d"(c)
			 : "memory");
	return result;
}

static void say(const char *text)
{
	size_t length = 0;
	while (text[length])
		length++;
	syscall3(SYS_WRITE, 1, (long)text, (long)length);
}

static int failures;

static void check(bool passed, const char *block_function, const char *what)
{
	say(passed ? "ok - stage 2's build, " : "not ok - stage 2's build, ");
	say(block_function);
	say(": ");
	say(what);
	say("\n");
	failures += !passed;
}

/* sha256_update called with ESP `skew` bytes below a 16-byte boundary; its
 * arguments from static memory, which no change of ESP moves. */
static struct {
	struct sha256 *ctx;
	const void *data;
	size_t length;
} call;

static void update_skewed(struct sha256 *ctx, const void *data, size_t length, uint32_t skew)
{
	call.ctx = ctx;
	call.data = data;
	call.length = length;
	__asm__ volatile("mov %%esp, %%esi\n\t"
			 "and $-16, %%esp\n\t"
			 "sub %0, %%esp\n\t"
			 "sub $4, %%esp\n\t"
			 "pushl %3\n\t"
			 "pushl %2\n\t"
			 "pushl %1\n\t"
			 "call sha256_update\n\t"
			 "mov %%esi, %%esp"
			 :
			 : "r"(skew), "m"(call.ctx), "m"(call.data), "m"(call.length)
			 : "eax", "ecx", "edx", "esi", "memory", "cc");
}

static bool digest_is(const uint8_t digest[SHA256_SIZE], const char *hex)
{
	uint8_t want[SHA256_SIZE];
	if (sha256_from_hex(hex, 64, want) != 0)
		return false;
	for (unsigned i = 0; i < SHA256_SIZE; i++)
		if (digest[i] != want[i])
			return false;
	return true;
}

static void hash(const void *data, size_t length, uint32_t skew, uint8_t digest[SHA256_SIZE])
{
	struct sha256 ctx;
	sha256_init(&ctx);
	update_skewed(&ctx, data, length, skew);
	sha256_final(&ctx, digest);
}

static uint8_t million_a[1000000];

static void test_fips(const char *block_function)
{
	static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	uint8_t digest[SHA256_SIZE];
	bool all = true;
	for (uint32_t skew = 0; skew < 16; skew += 4) {
		hash("abc", 3, skew, digest);
		all &= digest_is(digest,
				 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		hash(two_blocks, sizeof two_blocks - 1, skew, digest);
		all &= digest_is(digest,
				 "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
		hash(million_a, sizeof million_a, skew, digest);
		all &= digest_is(digest,
				 "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	check(all, block_function,
	      "FIPS vectors (\"abc\", 448 bits, a million 'a') with the stack at each 4-byte "
	      "alignment");
}

/* Every length from 0 to 1000 of pseudo-random bytes, at every alignment
 * of stack and data: SHA-NI must give the portable digest. */
static void test_against_portable(void)
{
	static uint8_t data[1000 + 3];
	uint32_t x = 0x2545f491;
	for (size_t i = 0; i < sizeof data; i++) {
		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		data[i] = (uint8_t)x;
	}
	bool all = true;
	for (size_t length = 0; length <= 1000; length++) {
		uint32_t skew = (uint32_t)(length % 4) * 4;
		const uint8_t *from = data + length % 3;
		uint8_t portable[SHA256_SIZE], extensions[SHA256_SIZE];
		sha256_use_cpu_extensions(false);
		hash(from, length, skew, portable);
		sha256_use_cpu_extensions(true);
		hash(from, length, skew, extensions);
		for (unsigned i = 0; i < SHA256_SIZE; i++)
			all &= portable[i] == extensions[i];
	}
	check(all, "SHA-NI", "same digests as the portable code for 0 to 1000 random bytes");
}

__attribute__((noreturn)) void test_start(void);

void test_start(void)
{
	for (size_t i = 0; i < sizeof million_a; i++)
		million_a[i] = 'a';
	check(!sha256_use_cpu_extensions(false), "portable", "in use when asked for");
	test_fips("portable");
	if (sha256_cpu_has_extensions()) {
		check(sha256_use_cpu_extensions(true), "SHA-NI", "in use when asked for");
		test_fips("SHA-NI");
		test_against_portable();
	} else {
		say("skip - stage 2's build, SHA-NI: this CPU has no SHA extensions (CPUID)\n");
	}
	syscall3(SYS_EXIT, failures != 0, 0, 0);
	__builtin_unreachable();
}
