#include "kernel/bootinfo.h"

#include "kernel/kprintf.h"
#include "kernel/kstring.h"
#include "kernel/layout.h"
#include "kernel/phys.h"
#include "kernel/reason.h"

bool bootinfo_open(uint64_t addr, const struct gb_bootinfo **out, char *why)
{
	const uint64_t header = 16; /* magic, version, size */
	if (!phys_range_ok(addr, header))
		return reason(why, "boot info address %#lx is not below 4 GiB", addr);
	if (addr % 8)
		return reason(why, "boot info address %#lx is not 8-byte aligned", addr);
	const struct gb_bootinfo *bi = phys_ptr(addr);
	if (bi->magic != GB_BOOTINFO_MAGIC)
		return reason(why, "boot info magic %#lx, expected %#llx", bi->magic,
			      GB_BOOTINFO_MAGIC);
	if (bi->version < GB_BOOTINFO_VERSION)
		return reason(why, "boot info version %u, expected %u", bi->version,
			      GB_BOOTINFO_VERSION);
	if (bi->size < sizeof *bi)
		return reason(why, "boot info size %u, expected at least %zu", bi->size, sizeof *bi);
	if (!phys_range_ok(addr, sizeof *bi))
		return reason(why, "boot info at %#lx runs past 4 GiB", addr);
	*out = bi;
	return true;
}

const char *bootinfo_cmdline(const struct gb_bootinfo *bi)
{
	return phys_string(bi->cmdline, BOOTINFO_CMDLINE_MAX);
}

static void print_string(const char *label, uint64_t addr, uint64_t max)
{
	const char *s = phys_string(addr, max);
	if (s)
		kprintf("%s: %s\n", label, s);
	else
		kprintf("%s: <no valid string at %#lx>\n", label, addr);
}

void bootinfo_print(const struct gb_bootinfo *bi)
{
	kprintf("boot info: version %u, %u bytes\n", bi->version, bi->size);
	print_string("loader", bi->loader_name, BOOTINFO_STRING_MAX);
	print_string("entry", bi->entry_name, BOOTINFO_STRING_MAX);
	print_string("command line", bi->cmdline, BOOTINFO_CMDLINE_MAX);
	kprintf("kernel: physical %#lx-%#lx (%lu KiB), this image %#lx-%#lx\n",
		bi->kernel_phys_start, bi->kernel_phys_end,
		(bi->kernel_phys_end - bi->kernel_phys_start) / 1024, kernel_phys_start(),
		kernel_phys_end());
	kprintf("boot drive: %#x, ", bi->boot_drive);
	if (bi->boot_partition)
		kprintf("partition %u at LBA %lu\n", bi->boot_partition, bi->boot_partition_lba);
	else
		kprintf("whole disk (no partition)\n");
	kprintf("firmware: %s\n", bi->firmware == GB_FIRMWARE_UEFI   ? "UEFI"
				  : bi->firmware == GB_FIRMWARE_BIOS ? "BIOS"
								     : "unknown");
	if (bi->rsdp)
		kprintf("ACPI: RSDP at %#lx\n", bi->rsdp);
	else
		kprintf("ACPI: no RSDP\n");
}

/* The loader checked the RSDP; a kernel trusts nothing it is handed. */
static bool check_rsdp(uint64_t addr, char *why)
{
	const uint64_t v1_size = 20; /* what the first checksum covers */
	if (!phys_range_ok(addr, v1_size))
		return reason(why, "RSDP at %#lx is not below 4 GiB", addr);
	const uint8_t *p = phys_ptr(addr);
	uint8_t sum = 0;
	for (uint64_t i = 0; i < v1_size; i++)
		sum = (uint8_t)(sum + p[i]);
	if (memcmp(p, "RSD PTR ", 8) != 0 || sum != 0)
		return reason(why, "RSDP at %#lx has a bad signature or checksum", addr);
	return true;
}

static bool check_string(const char *what, uint64_t addr, uint64_t max, char *why)
{
	if (!phys_string(addr, max))
		return reason(why, "%s at %#lx is not a string within %lu bytes below 4 GiB", what,
			      addr, max);
	return true;
}

bool bootinfo_check(const struct gb_bootinfo *bi, const struct memmap *map, char *why)
{
	if (!check_string("loader name", bi->loader_name, BOOTINFO_STRING_MAX, why) ||
	    !check_string("entry name", bi->entry_name, BOOTINFO_STRING_MAX, why) ||
	    !check_string("command line", bi->cmdline, BOOTINFO_CMDLINE_MAX, why))
		return false;

	uint64_t start = bi->kernel_phys_start, end = bi->kernel_phys_end;
	if (start >= end || !phys_range_ok(start, end - start))
		return reason(why, "kernel range %#lx-%#lx is empty or not below 4 GiB", start, end);
	if (kernel_phys_start() < start || kernel_phys_end() > end)
		return reason(why, "kernel range %#lx-%#lx does not hold this kernel at %#lx-%#lx",
			      start, end, kernel_phys_start(), kernel_phys_end());
	/* The range also spans modules linked in at build time and the holes
	 * between them; only this kernel's own image must be loader memory. */
	if (!memmap_covers(map, kernel_phys_start(), kernel_phys_end(), GB_MEMORY_LOADER))
		return reason(why, "this kernel at %#lx-%#lx is not in loader memory",
			      kernel_phys_start(), kernel_phys_end());

	if (bi->firmware != GB_FIRMWARE_BIOS && bi->firmware != GB_FIRMWARE_UEFI)
		return reason(why, "firmware %u is neither BIOS (1) nor UEFI (2)", bi->firmware);
	if (bi->rsdp && !check_rsdp(bi->rsdp, why))
		return false;

	uint64_t self = (uint64_t)(uintptr_t)bi;
	if (!memmap_covers(map, self, self + sizeof *bi, GB_MEMORY_LOADER))
		return reason(why, "boot info at %#lx is not in loader memory", self);
	return true;
}
