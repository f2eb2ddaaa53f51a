/* Linux under UEFI (docs/uefi.md): the bzImage is an EFI application too
 * (its EFI stub), so the firmware loads it from the loader's memory and
 * starts it with the command line as its load options; the initrd files,
 * read and concatenated as stage 2 does, reach the stub through the
 * LoadFile2 protocol on Linux's initrd media device path, which it asks
 * for before it ends boot services. If the stub returns, the menu comes
 * back. */
#include "linux/bzimage.h"
#include "stage2/console.h"
#include "stage2/files.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/protocol.h"
#include "uefi/image.h"
#include "uefi/uefi.h"

static const char *kernel_path;
static efi_handle kernel;
static uint8_t *initrd;
static uint64_t initrd_size;

/* Linux's vendor media node (LINUX_EFI_INITRD_MEDIA_GUID), then the end. */
static const struct {
	struct efi_device_path vendor;
	struct efi_guid guid;
	struct efi_device_path end;
} __attribute__((packed)) initrd_media = {
	{ 4, 3, { 20, 0 } },
	{ 0x5568e427, 0x68fc, 0x4f3d, { 0xac, 0x74, 0xca, 0x55, 0x52, 0x31, 0xcc, 0x68 } },
	{ EFI_DEVICE_PATH_END, 0xff, { 4, 0 } },
};

/* The first call asks for the size, the second brings the buffer. */
static efi_status EFIAPI load_initrd(struct efi_load_file2 *self,
				     const struct efi_device_path *path, uint8_t boot_policy,
				     uint64_t *buffer_size, void *buffer)
{
	(void)self;
	(void)path;
	if (boot_policy)
		return EFI_UNSUPPORTED;
	if (!buffer_size)
		return EFI_INVALID_PARAMETER;
	if (!buffer || *buffer_size < initrd_size) {
		*buffer_size = initrd_size;
		return EFI_BUFFER_TOO_SMALL;
	}
	memcpy(buffer, initrd, initrd_size);
	*buffer_size = initrd_size;
	return EFI_SUCCESS;
}

static struct efi_load_file2 initrd_loader = { load_initrd };

/* Each file on a 4-byte boundary, as stage 2 lays them out. */
static void load_initrds(const struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	const struct config_file *refs = &context->config->initrds[entry->first_initrd];
	static void *bytes[CONFIG_MAX_INITRDS];
	static uint64_t sizes[CONFIG_MAX_INITRDS];
	const char *why;

	initrd_size = 0;
	for (unsigned i = 0; i < entry->initrd_count; i++) {
		if (file_load(context->volume, &refs[i], &bytes[i], &sizes[i], &why))
			panic("initrd %s: %s", refs[i].path, why);
		initrd_size += ALIGN_UP(sizes[i], 4);
	}
	if (!initrd_size)
		return;
	if (initrd_size > 0x40000000 || !(initrd = memory_allocate((uint32_t)initrd_size)))
		panic("initrd %s: %llu bytes (%u files) do not fit in free memory", refs[0].path,
		      (unsigned long long)initrd_size, entry->initrd_count);
	uint8_t *to = initrd;
	for (unsigned i = 0; i < entry->initrd_count; i++) {
		memcpy(to, bytes[i], sizes[i]);
		to += ALIGN_UP(sizes[i], 4);
	}
	console_printf("ghostboot: initrd %llu bytes, %u files, for the EFI stub\n",
		       (unsigned long long)initrd_size, entry->initrd_count);
}

static void load(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	struct bzimage z;
	const char *why;
	void *bytes;
	uint64_t size;

	kernel_path = entry->kernel.path;
	if (file_load(context->volume, &entry->kernel, &bytes, &size, &why))
		panic("kernel %s: %s", kernel_path, why);
	if ((why = bzimage_read(&z, bytes, size < BZIMAGE_HEAD_SIZE ? size : BZIMAGE_HEAD_SIZE,
				size)))
		panic("kernel %s: %s", kernel_path, why);
	if (((uint8_t *)bytes)[0] != 'M' || ((uint8_t *)bytes)[1] != 'Z')
		panic("kernel %s: no EFI stub (the bzImage is no PE file), which Linux needs "
		      "to start under UEFI", kernel_path);
	size_t cmdline_length = strlen(entry->cmdline);
	if (cmdline_length > z.cmdline_size)
		panic("kernel %s: the command line is %u bytes, more than its cmdline_size of %u",
		      kernel_path, (unsigned)cmdline_length, z.cmdline_size);
	load_initrds(context);
	kernel = uefi_image_load("kernel", kernel_path, bytes, size);
	uefi_image_options(kernel, entry->cmdline, cmdline_length);
	console_printf("ghostboot: Linux boot protocol %u.%02u, through its EFI stub\n",
		       z.version >> 8, z.version & 0xff);
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	(void)context;
	efi_handle media = 0;
	if (initrd_size &&
	    (efi_boot->install_protocol_interface(&media, &efi_device_path_guid,
						  EFI_NATIVE_INTERFACE,
						  (void *)&initrd_media) != EFI_SUCCESS ||
	     efi_boot->install_protocol_interface(&media, &efi_load_file2_guid,
						  EFI_NATIVE_INTERFACE,
						  &initrd_loader) != EFI_SUCCESS))
		panic("kernel %s: the firmware would not take the initrd's LoadFile2 protocol",
		      kernel_path);
	console_printf("ghostboot: starting Linux's EFI stub\n");
	efi_status status = uefi_image_start(kernel);
	if (media) {
		efi_boot->uninstall_protocol_interface(media, &efi_load_file2_guid, &initrd_loader);
		efi_boot->uninstall_protocol_interface(media, &efi_device_path_guid,
						       (void *)&initrd_media);
	}
	panic("kernel %s: Linux's EFI stub returned (status 0x%llx)", kernel_path,
	      (unsigned long long)status);
}

const struct boot_protocol protocol_linux = { "linux", 0, load, boot };
