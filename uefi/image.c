#include "uefi/image.h"

#include "stage2/console.h"
#include "stage2/memory.h"
#include "uefi/uefi.h"

efi_handle uefi_image_load(const char *what, const char *path, void *bytes, uint64_t size)
{
	efi_handle image;
	efi_status status = efi_boot->load_image(0, efi_image, 0, bytes, size, &image);
	if (status != EFI_SUCCESS)
		panic("%s %s: the firmware cannot load it as an EFI image (LoadImage status "
		      "0x%llx)", what, path, (unsigned long long)status);
	return image;
}

void uefi_image_options(efi_handle image, const char *options, uint64_t length)
{
	struct efi_loaded_image *loaded;
	if (efi_boot->handle_protocol(image, &efi_loaded_image_guid, (void **)&loaded) !=
	    EFI_SUCCESS)
		panic("the firmware gives no Loaded Image for an image it loaded");
	char16 *text = memory_allocate((uint32_t)(length + 1) * sizeof(char16));
	if (!text)
		panic("out of memory for an EFI image's load options");
	for (uint64_t i = 0; i < length; i++)
		text[i] = (unsigned char)options[i];
	text[length] = 0;
	loaded->load_options = text;
	loaded->load_options_size = (uint32_t)((length + 1) * sizeof(char16));
}

efi_status uefi_image_start(efi_handle image)
{
	efi_status status = efi_boot->start_image(image, 0, 0);
	efi_boot->unload_image(image);
	return status;
}
