/* The Multiboot header parser on crafted headers: each check it makes,
 * at its boundary, and what it reads from a sound header. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "multiboot/header.h"
#include "tests/check.h"

static uint8_t file[40000];

static void put32(size_t at, uint32_t value)
{
	memcpy(file + at, &value, 4);
}

/* A Multiboot 1 header at `at` with `flags` and a correct checksum. */
static void mb1_at(size_t at, uint32_t flags)
{
	put32(at, MB1_HEADER_MAGIC);
	put32(at + 4, flags);
	put32(at + 8, -(MB1_HEADER_MAGIC + flags));
}

static struct mb1_header h1;
static struct mb2_header h2;
static const char *why;
static uint32_t number;

static int find1(size_t size)
{
	why = 0;
	return mb1_header_find(file, size, size, &h1, &why, &number);
}

static bool efi; /* find2 as the UEFI loader calls it */

static int find2(size_t size)
{
	why = 0;
	return mb2_header_find(file, size, size, &h2, efi, &why, &number);
}

static int says(const char *text)
{
	return why && strstr(why, text) != 0;
}

static void test_mb1(void)
{
	memset(file, 0, sizeof file);
	CHECK(find1(sizeof file) == 0, "mb1: no header, none found");

	mb1_at(8188, 0x3);
	CHECK(find1(sizeof file) == 0, "mb1: a header starting at 8188 runs past 8 KiB: not found");
	memset(file, 0, sizeof file);
	mb1_at(8180, 0x3);
	CHECK(find1(sizeof file) == 1 && h1.offset == 8180 && h1.flags == 3,
	      "mb1: a header ending at 8 KiB is found");
	memset(file, 0, sizeof file);
	mb1_at(8180, 0x10003);
	CHECK(find1(sizeof file) == -1 && says("first 8 KiB"),
	      "mb1: address fields past the first 8 KiB are refused");

	memset(file, 0, sizeof file);
	mb1_at(64, 0x3);
	put32(72, 0);
	CHECK(find1(sizeof file) == -1 && says("bad checksum"), "mb1: a bad checksum is refused");
	mb1_at(128, 0x3);
	CHECK(find1(sizeof file) == 1 && h1.offset == 128,
	      "mb1: a later header with a good checksum is taken");

	memset(file, 0, sizeof file);
	mb1_at(0, 0x8003);
	CHECK(find1(sizeof file) == -1 && says("flag bit") && number == 15,
	      "mb1: unknown required flag 15 is named");
	mb1_at(0, 0x80000003);
	CHECK(find1(sizeof file) == 1, "mb1: unknown optional flag 31 is ignored");
	mb1_at(0, 0x7);
	put32(32, 0);
	put32(36, 1024);
	put32(40, 768);
	put32(44, 32);
	CHECK(find1(sizeof file) == 1 && h1.video.present && h1.video.width == 1024 &&
		      h1.video.height == 768 && h1.video.depth == 32,
	      "mb1: the video fields are recorded");

	/* Address fields: header at 0x100 in a 0x2000-byte file. */
	struct {
		uint32_t header, load, load_end, bss_end, entry;
		const char *error;
		const char *name;
	} cases[] = {
		{ 0x100100, 0x100000, 0x102000, 0x103000, 0x100200, 0, "sound" },
		{ 0x100100, 0x100000, 0, 0, 0x100200, 0, "load_end 0: the whole file" },
		{ 0x100100, 0x100200, 0x102000, 0, 0x100200, "above header_addr", "load above header" },
		{ 0x100100, 0x0ff000, 0x102000, 0, 0x100200, "before the start of the file",
		  "load before the file" },
		{ 0x100100, 0x100000, 0x100000, 0, 0x100000, "not above load_addr", "load_end = load" },
		{ 0x100100, 0x100000, 0x102001, 0, 0x100200, "past the end of the file",
		  "load_end one past the file" },
		{ 0x100100, 0x100000, 0x100110, 0, 0x100100, "header itself unloaded",
		  "load_end cutting the header" },
		{ 0x100100, 0x100000, 0x102000, 0x101000, 0x100200, "bss_end_addr lies below",
		  "bss below load_end" },
		{ 0x100100, 0x100000, 0x102000, 0, 0x102000, "entry_addr lies outside",
		  "entry at the end" },
		{ 0xfffff100, 0xfffff000, 0, 0, 0xfffff200, "past 4 GiB", "image past 4 GiB" },
		{ 0x100100, 0xffffffff, 0, 0, 0x100200, "above header_addr",
		  "-1 load_addr, which only Multiboot 2 knows" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		memset(file, 0, sizeof file);
		mb1_at(0x100, 0x10003);
		put32(0x10c, cases[i].header);
		put32(0x110, cases[i].load);
		put32(0x114, cases[i].load_end);
		put32(0x118, cases[i].bss_end);
		put32(0x11c, cases[i].entry);
		int found = find1(0x2000);
		if (!cases[i].error)
			CHECK(found == 1 && h1.has_address && h1.address.file_offset == 0 &&
				      h1.address.load_size ==
					      (cases[i].load_end ? cases[i].load_end - cases[i].load
								 : 0x2000u),
			      "mb1 address fields, %s", cases[i].name);
		else
			CHECK(found == -1 && says(cases[i].error), "mb1 address fields, %s: %s",
			      cases[i].name, why ? why : "(accepted)");
	}
}

/* A Multiboot 2 header at `at`; tags from `tags` (`tags_size` bytes, end
 * tag included), checksum right. */
static void mb2_at(size_t at, const uint8_t *tags, uint32_t tags_size)
{
	uint32_t length = 16 + tags_size;
	put32(at, MB2_HEADER_MAGIC);
	put32(at + 4, 0);
	put32(at + 8, length);
	put32(at + 12, -(MB2_HEADER_MAGIC + length));
	memcpy(file + at + 16, tags, tags_size);
}

static int with_tag(uint16_t type, uint16_t flags, const uint32_t *fields, unsigned count)
{
	uint8_t tags[128] = { 0 };
	uint32_t size = 8 + 4 * count;
	memcpy(tags, &type, 2);
	memcpy(tags + 2, &flags, 2);
	memcpy(tags + 4, &size, 4);
	memcpy(tags + 8, fields, 4 * count);
	uint32_t end = (size + 7) & ~7u;
	tags[end + 4] = 8; /* the end tag: type 0, size 8 */
	memset(file, 0, sizeof file);
	mb2_at(0x1000, tags, end + 8);
	return find2(sizeof file);
}

static void test_mb2(void)
{
	static const uint8_t end_only[8] = { 0, 0, 0, 0, 8, 0, 0, 0 };
	memset(file, 0, sizeof file);
	mb2_at(0x1000, end_only, 8);
	CHECK(find2(sizeof file) == 1 && h2.offset == 0x1000 && h2.length == 24,
	      "mb2: a header with only the end tag");
	memset(file, 0, sizeof file);
	mb2_at(0x1004, end_only, 8);
	CHECK(find2(sizeof file) == 0, "mb2: a header not 8-byte aligned is not found");
	memset(file, 0, sizeof file);
	mb2_at(32768 - 24, end_only, 8);
	CHECK(find2(sizeof file) == 1, "mb2: a header ending at 32 KiB is found");
	memset(file, 0, sizeof file);
	mb2_at(32768 - 16, end_only, 8);
	CHECK(find2(sizeof file) == -1 && says("first 32 KiB"),
	      "mb2: a header running past 32 KiB is refused");

	memset(file, 0, sizeof file);
	mb2_at(0x1000, end_only, 8);
	put32(0x100c, 0);
	CHECK(find2(sizeof file) == -1 && says("bad checksum"), "mb2: a bad checksum is refused");
	memset(file, 0, sizeof file);
	mb2_at(0x1000, end_only, 8);
	put32(0x1004, 4);
	put32(0x100c, -(MB2_HEADER_MAGIC + 4 + 24));
	CHECK(find2(sizeof file) == -1 && says("architecture"), "mb2: MIPS is refused");
	memset(file, 0, sizeof file);
	mb2_at(0x1000, end_only, 8);
	put32(0x1008, 0x7fffffff);
	put32(0x100c, -(MB2_HEADER_MAGIC + 0x7fffffff));
	CHECK(find2(sizeof file) == -1 && says("header_length"), "mb2: a huge header_length");
	memset(file, 0, sizeof file);
	uint8_t no_end[8] = { 6, 0, 0, 0, 8, 0, 0, 0 };
	mb2_at(0x1000, no_end, 8);
	CHECK(find2(sizeof file) == -1 && says("without an end tag"), "mb2: no end tag");
	uint8_t big_tag[8] = { 6, 0, 0, 0, 0xff, 0xff, 0, 0 };
	memset(file, 0, sizeof file);
	mb2_at(0x1000, big_tag, 8);
	CHECK(find2(sizeof file) == -1 && says("runs past header_length"),
	      "mb2: a tag larger than the header");
	uint8_t tiny_tag[16] = { 6, 0, 0, 0, 4, 0, 0, 0 };
	memset(file, 0, sizeof file);
	mb2_at(0x1000, tiny_tag, 16);
	CHECK(find2(sizeof file) == -1 && says("shorter than its fields") && number == 6,
	      "mb2: a tag smaller than its head");

	uint32_t requests[] = { 1, 6, 14 };
	CHECK(with_tag(1, 0, requests, 3) == 1 && h2.request_count == 3 && h2.requests[2] == 14,
	      "mb2: an information request for what the loader gives");
	uint32_t apm[] = { 1, 10 };
	CHECK(with_tag(1, 0, apm, 2) == -1 && number == 10, "mb2: a required APM request, named");
	CHECK(with_tag(1, 1, apm, 2) == 1 && h2.requests_optional, "mb2: an optional one is fine");
	uint32_t none[1];
	CHECK(with_tag(12, 0, none, 0) == -1 && says("unknown required tag") && number == 12,
	      "mb2: unknown required tag 12");
	CHECK(with_tag(12, 1, none, 0) == 1, "mb2: unknown optional tag 12 is skipped");
	CHECK(with_tag(7, 0, none, 0) == -1 && says("EFI") && number == 7,
	      "mb2: EFI boot services refused");
	uint32_t entry64[] = { 0x100000 };
	CHECK(with_tag(9, 1, entry64, 1) == 1, "mb2: an optional EFI entry is skipped");
	uint32_t efi_requests[] = { 12, 17, 20 };
	CHECK(with_tag(1, 0, efi_requests, 3) == -1 && number == 12,
	      "mb2: a required EFI system table request, named");
	efi = true;
	CHECK(with_tag(7, 0, none, 0) == 1, "mb2 under UEFI: EFI boot services accepted");
	CHECK(with_tag(9, 0, entry64, 1) == 1, "mb2 under UEFI: an EFI amd64 entry accepted");
	CHECK(with_tag(8, 0, entry64, 1) == 1, "mb2 under UEFI: an EFI i386 entry accepted");
	CHECK(with_tag(1, 0, efi_requests, 3) == 1 && h2.request_count == 3,
	      "mb2 under UEFI: the EFI information tags may be required");
	CHECK(with_tag(12, 0, none, 0) == -1 && number == 12,
	      "mb2 under UEFI: unknown required header tag 12 still refused");
	efi = false;
	CHECK(with_tag(3, 0, entry64, 0) == -1 && says("shorter than its fields") && number == 3,
	      "mb2: an entry tag without its field");
	CHECK(with_tag(3, 0, entry64, 1) == 1 && h2.has_entry && h2.entry_addr == 0x100000,
	      "mb2: the entry tag is read");
	uint32_t fb[] = { 800, 600, 24 };
	CHECK(with_tag(5, 1, fb, 3) == 1 && h2.video.present && h2.video.optional &&
		      h2.video.width == 800,
	      "mb2: the framebuffer tag is recorded");
	uint32_t reloc[] = { 0x200000, 0x10000000, 0x200000, 2 };
	CHECK(with_tag(10, 0, reloc, 4) == 1 && h2.relocatable && h2.reloc_preference == 2,
	      "mb2: the relocatable tag is read");
	uint32_t reloc_inverted[] = { 0x20000000, 0x10000000, 0x1000, 0 };
	CHECK(with_tag(10, 0, reloc_inverted, 4) == -1 && says("min_addr"),
	      "mb2: relocatable min above max");
	uint32_t reloc_align[] = { 0x200000, 0x10000000, 0x3000, 0 };
	CHECK(with_tag(10, 0, reloc_align, 4) == -1 && says("power of two"),
	      "mb2: relocatable align not a power of two");
	uint32_t reloc_pref[] = { 0x200000, 0x10000000, 0x1000, 3 };
	CHECK(with_tag(10, 0, reloc_pref, 4) == -1 && says("preference"),
	      "mb2: relocatable preference 3");

	/* The address tag with load_addr -1: from the start of the file. */
	uint32_t address[] = { 0x101000, 0xffffffff, 0, 0 };
	CHECK(with_tag(2, 0, address, 4) == 1 && h2.address.load_addr == 0x100000 &&
		      h2.address.file_offset == 0 && h2.address.load_size == sizeof file,
	      "mb2: address tag, load_addr -1 loads from the file's start");
	uint32_t address_low[] = { 0x800, 0xffffffff, 0, 0 };
	CHECK(with_tag(2, 0, address_low, 4) == -1 && says("smaller than the header's offset"),
	      "mb2: address tag, header_addr below the header's offset");
}

int main(void)
{
	test_mb1();
	test_mb2();
	CHECK_EXIT();
}
