/* Chainloading under UEFI (docs/uefi.md): `chainload PATH` names another
 * EFI application on the boot volume, read whole (its pin checked), loaded
 * by the firmware from that buffer and started; when it returns, the menu
 * comes back. A BIOS boot sector cannot run under UEFI: such an entry is
 * refused by name. */
#include "stage2/console.h"
#include "stage2/files.h"
#include "stage2/protocol.h"
#include "uefi/image.h"

#define APPLICATION_MAX (64u << 20)

static efi_handle started;
static const char *path;

__attribute__((noreturn)) static void refuse_boot_sector(const struct config_entry *entry)
{
	if (entry->chainload.kind == CONFIG_CHAINLOAD_FILE)
		panic("chainload %s: not an EFI application (no MZ header): a BIOS boot sector, "
		      "which UEFI cannot start", entry->chainload.file.path);
	panic("chainload %s %u: a BIOS boot sector, which UEFI cannot start; under UEFI "
	      "chainload names an EFI application's file",
	      entry->chainload.kind == CONFIG_CHAINLOAD_PARTITION ? "partition" : "disk",
	      entry->chainload.number);
}

static void load(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	const char *why;
	void *bytes;
	uint64_t size;

	if (entry->chainload.kind != CONFIG_CHAINLOAD_FILE)
		refuse_boot_sector(entry);
	path = entry->chainload.file.path;
	/* The size first: nothing larger is read. */
	struct fs_file file;
	if (file_open(context->volume, path, &file, &why))
		panic("chainload %s: %s", path, why);
	if (file.size > APPLICATION_MAX)
		panic("chainload %s: %llu bytes, more than the %u MiB an EFI application may have",
		      path, (unsigned long long)file.size, APPLICATION_MAX >> 20);
	if (file_load(context->volume, &entry->chainload.file, &bytes, &size, &why))
		panic("chainload %s: %s", path, why);
	if (size < 64 || ((uint8_t *)bytes)[0] != 'M' || ((uint8_t *)bytes)[1] != 'Z')
		refuse_boot_sector(entry);
	started = uefi_image_load("chainload", path, bytes, size);
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	console_printf("ghostboot: chainloading %s: starting the EFI application %s\n",
		       context->entry->name, path);
	efi_status status = uefi_image_start(started);
	panic("chainload %s: the EFI application returned (status 0x%llx)", path,
	      (unsigned long long)status);
}

const struct boot_protocol protocol_chainload = { "chainload", 0, load, boot };
