#include "mkimage/reproducible.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/common/diag.h"

static void hash_text(struct sha256 *hash, const char *text)
{
	sha256_update(hash, text, strlen(text) + 1); /* the NUL separates fields */
}

int reproducible_init(struct reproducible *repro, const struct format_layout *layout,
		      const struct contents *contents, const char *cmdline)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	uint8_t digest[SHA256_SIZE];
	struct sha256 hash;
	char text[64];
	char *end;
	unsigned i;

	memset(repro, 0, sizeof(*repro));
	if (!epoch)
		return 0;
	repro->epoch = strtoull(epoch, &end, 10);
	if (!*epoch || *end || epoch[0] == '-' || repro->epoch > 0xffffffffull)
		return error("SOURCE_DATE_EPOCH must be seconds since 1970 that fit in 32 bits, not "
			     "'%s'",
			     epoch);
	sha256_init(&hash);
	snprintf(text, sizeof(text), "ghostboot image %llu %d %d %llu", repro->epoch,
		 (int)layout->table, (int)layout->fs, (unsigned long long)layout->bytes);
	hash_text(&hash, text);
	hash_text(&hash, cmdline ? cmdline : "");
	for (i = 0; i < contents->count; i++) {
		if (contents_hash_file(contents->files[i].source, digest) != 0)
			return -1;
		hash_text(&hash, contents->files[i].destination);
		sha256_update(&hash, digest, sizeof(digest));
	}
	sha256_final(&hash, repro->seed);
	snprintf(text, sizeof(text), "%llu", repro->epoch);
	if (setenv("E2FSPROGS_FAKE_TIME", text, 1) != 0 || setenv("LC_ALL", "C", 1) != 0)
		return error("out of memory");
	/* File modes on ext come from the staging tree, made under the umask. */
	umask(022);
	repro->enabled = 1;
	return 0;
}

void reproducible_bytes(const struct reproducible *repro, const char *purpose, uint8_t *out,
			size_t size)
{
	uint8_t digest[SHA256_SIZE];
	struct sha256 hash;

	sha256_init(&hash);
	sha256_update(&hash, repro->seed, sizeof(repro->seed));
	hash_text(&hash, purpose);
	sha256_final(&hash, digest);
	memcpy(out, digest, size < sizeof(digest) ? size : sizeof(digest));
}

void reproducible_uuid(const struct reproducible *repro, const char *purpose, char text[37])
{
	uint8_t bytes[16];

	reproducible_bytes(repro, purpose, bytes, sizeof(bytes));
	bytes[6] = (uint8_t)((bytes[6] & 0x0f) | 0x40); /* version 4 */
	bytes[8] = (uint8_t)((bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	snprintf(text, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
		 bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14],
		 bytes[15]);
}
