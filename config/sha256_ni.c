/* The SHA-256 compression with the CPU's SHA extensions (SHA-NI): two
 * rounds an instruction (sha256rnds2), the message schedule four words at
 * a time (sha256msg1, sha256msg2). Only this function is compiled for SSE
 * (the target attribute): the rest of every build keeps its flags, and
 * stage 2 and the UEFI loader are built without SSE. The intrinsics headers
 * cannot be included there (GCC's pull in the C library's, clang's for
 * Windows skip what the command line leaves out), so the vectors are the
 * compilers' own and the shuffles __builtin_shufflevector, which both GCC
 * (12 and later) and clang compile to pshufb, pshufd, palignr and pblendw. */
#include "config/sha256.h"
#include "config/sha256_internal.h"

#if defined(__i386__) || defined(__x86_64__)
#include <cpuid.h>

typedef int32_t i32x4 __attribute__((vector_size(16)));
typedef uint32_t u32x4 __attribute__((vector_size(16)));
typedef uint8_t u8x16 __attribute__((vector_size(16)));

#define CPUID1_ECX_SSSE3 (1u << 9)
#define CPUID1_ECX_SSE41 (1u << 19)
#define CPUID7_EBX_SHA (1u << 29)

bool sha256_cpu_has_extensions(void)
{
	/* __get_cpuid checks that the leaf exists, and on a 32-bit CPU that
	 * CPUID itself does. */
	unsigned eax, ebx, ecx, edx;
	if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
		return false;
	if ((ecx & (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41)) != (CPUID1_ECX_SSSE3 | CPUID1_ECX_SSE41))
		return false;
	return __get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) && (ebx & CPUID7_EBX_SHA);
}

/* Four rounds: sha256rnds2 takes (A, B, E, F) and (C, D, G, H) in two
 * registers, the two words W+K in the low half of a third, and returns
 * the new (A, B, E, F); two rounds on, the old (A, B, E, F) is the new
 * (C, D, G, H), so the registers swap roles instead of moving. */
#define FOUR_ROUNDS(words, t)                                                              \
	do {                                                                               \
		u32x4 k;                                                                   \
		__builtin_memcpy(&k, sha256_round_constants + (t), sizeof k);              \
		i32x4 wk = (i32x4)((u32x4)(words) + k);                                    \
		cdgh = __builtin_ia32_sha256rnds2(cdgh, abef, wk);                         \
		abef = __builtin_ia32_sha256rnds2(abef, cdgh,                              \
						  __builtin_shufflevector(wk, wk, 2, 3, 0, 1)); \
	} while (0)

/* W[t..t+3] from the four words before: sha256msg1 gives W[t-16] +
 * sigma0(W[t-15]), then W[t-7] is added (words t-7..t-4 straddle two
 * registers), and sha256msg2 adds sigma1(W[t-2]), the last two words
 * from the ones it has just made. `w0` (W[t-16..t-13]) becomes W[t..t+3]. */
#define NEXT_WORDS(w0, w1, w2, w3)                                                         \
	(w0 = __builtin_ia32_sha256msg2(                                                   \
		 (i32x4)((u32x4)__builtin_ia32_sha256msg1(w0, w1) +                        \
			 (u32x4)__builtin_shufflevector(w2, w3, 1, 2, 3, 4)),              \
		 w3))

/* Message words are big-endian. */
#define LOAD_WORDS(block)                                                                  \
	__extension__({                                                                    \
		u8x16 bytes;                                                               \
		__builtin_memcpy(&bytes, block, sizeof bytes);                             \
		(i32x4)__builtin_shufflevector(bytes, bytes, 3, 2, 1, 0, 7, 6, 5, 4, 11, 10, \
					       9, 8, 15, 14, 13, 12);                      \
	})

/* On 32-bit x86 stage 2's stack may be aligned to 4 bytes only: the
 * function realigns it for the registers it spills. */
#ifdef __i386__
#define REALIGN_STACK __attribute__((force_align_arg_pointer))
#else
#define REALIGN_STACK
#endif

__attribute__((target("sha,sse4.1"))) REALIGN_STACK void
sha256_ni_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	/* state[] is a..h; the instructions want lanes 3..0 = A, B, E, F and
	 * C, D, G, H. */
	i32x4 abcd, efgh;
	__builtin_memcpy(&abcd, state, sizeof abcd);
	__builtin_memcpy(&efgh, state + 4, sizeof efgh);
	i32x4 abef = __builtin_shufflevector(abcd, efgh, 5, 4, 1, 0);
	i32x4 cdgh = __builtin_shufflevector(abcd, efgh, 7, 6, 3, 2);

	for (; count > 0; count--, blocks += SHA256_BLOCK_SIZE) {
		i32x4 abef_before = abef, cdgh_before = cdgh;
		i32x4 w0 = LOAD_WORDS(blocks), w1 = LOAD_WORDS(blocks + 16);
		i32x4 w2 = LOAD_WORDS(blocks + 32), w3 = LOAD_WORDS(blocks + 48);
		FOUR_ROUNDS(w0, 0);
		FOUR_ROUNDS(w1, 4);
		FOUR_ROUNDS(w2, 8);
		FOUR_ROUNDS(w3, 12);
		for (unsigned t = 16; t < 64; t += 16) {
			NEXT_WORDS(w0, w1, w2, w3);
			FOUR_ROUNDS(w0, t);
			NEXT_WORDS(w1, w2, w3, w0);
			FOUR_ROUNDS(w1, t + 4);
			NEXT_WORDS(w2, w3, w0, w1);
			FOUR_ROUNDS(w2, t + 8);
			NEXT_WORDS(w3, w0, w1, w2);
			FOUR_ROUNDS(w3, t + 12);
		}
		abef = (i32x4)((u32x4)abef + (u32x4)abef_before);
		cdgh = (i32x4)((u32x4)cdgh + (u32x4)cdgh_before);
	}

	abcd = __builtin_shufflevector(abef, cdgh, 3, 2, 7, 6);
	efgh = __builtin_shufflevector(abef, cdgh, 1, 0, 5, 4);
	__builtin_memcpy(state, &abcd, sizeof abcd);
	__builtin_memcpy(state + 4, &efgh, sizeof efgh);
}

#else

/* No SHA extensions off x86: the portable code does every block. */
bool sha256_cpu_has_extensions(void)
{
	return false;
}

void sha256_ni_blocks(uint32_t state[8], const uint8_t *blocks, size_t count)
{
	(void)state;
	(void)blocks;
	(void)count;
}

#endif
