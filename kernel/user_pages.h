/* The page-table side of isolation (docs/isolation.md). The loader maps an
 * isolated image's user part with 4 KiB pages whose upper levels allow
 * ring 3 and whose leaves do not; the kernel opens the leaves of the one
 * image it runs in ring 3 and closes them when it leaves it, so that ring 3
 * never reaches two images at once. */
#ifndef KERNEL_USER_PAGES_H
#define KERNEL_USER_PAGES_H

#include <stdbool.h>
#include <stdint.h>

/* Whether [start, start + size) is mapped as the loader promises: page-
 * aligned, every page a present 4 KiB leaf closed to ring 3 under upper
 * levels open to it, each table below 4 GiB. Says why not. */
bool user_pages_check(uint64_t start, uint64_t size, char *why);

/* Whether every page of [start, start + size) is writable; only for a range
 * user_pages_check passed. */
bool user_pages_writable(uint64_t start, uint64_t size);

/* Whether the page holding address may be executed (its leaf lacks NX);
 * only within a range user_pages_check passed. */
bool user_pages_executable(uint64_t address);

/* Opens (sets U on) or closes the leaves of a range user_pages_check passed. */
void user_pages_open(uint64_t start, uint64_t size, bool open);

/* Turns on SMEP and SMAP when the CPU has them: ring 0 then never runs
 * code in pages open to ring 3, nor reads or writes them outside
 * user_access_begin and user_access_end. Prints what it turned on. */
void user_pages_protect(void);

/* Bracket the kernel's deliberate reads and writes of ring 3's pages: the
 * checks at a gate, argument copies, the call a gate makes on ring 3's
 * behalf. user_access_begin returns whether access was open already (a
 * gate's call may lead to another bracket), and user_access_end closes only
 * what its begin opened. Nothing happens without SMAP. */
bool user_access_begin(void);
void user_access_end(bool was_open);
/* Closes access whatever opened it: on entry from ring 3, whose RFLAGS.AC
 * the interrupt keeps. */
void user_access_close(void);

#endif
