#include "kernel/image_bytes.h"

#include "kernel/cmdline.h"
#include "kernel/expectation.h"
#include "kernel/kprintf.h"
#include "kernel/layout.h"
#include "kernel/reason.h"

bool image_bytes_check(const char *cmdline, char *why)
{
	const char *at = cmdline, *value;
	size_t length;
	while (cmdline_next_value(&at, "expect-image", &value, &length)) {
		size_t address_length;
		uint64_t size, address = 0;
		uint32_t hash;
		if (!expectation_parse(value, length, &address_length, &size, &hash))
			return reason(why, "expect-image= takes ADDR,SIZE,FNV");
		for (size_t i = 0; i < address_length; i++) {
			unsigned digit = hex_digit(value[i]);
			if (digit == 16)
				return reason(why, "expect-image= takes a hex address");
			address = address << 4 | digit;
		}
		uint64_t start = (uint64_t)(uintptr_t)__kernel_start;
		uint64_t end = (uint64_t)(uintptr_t)__kernel_end;
		if (address < start || address > end || size > end - address)
			return reason(why, "expect-image=%lx,%lu lies outside the kernel's image",
				      address, size);
		uint32_t got = fnv1a((const uint8_t *)(uintptr_t)address, size);
		if (got != hash)
			return reason(why, "image bytes at %#lx (%lu bytes): FNV-1a %x, expected %x",
				      address, size, got, hash);
		kprintf("selftest: image bytes at %#lx (%lu bytes) match, byte for byte\n", address,
			size);
	}
	return true;
}
