/* The native protocol (docs/bootinfo.md): an ELF64 kernel entered in long
 * mode with struct gb_bootinfo, its ghost modules linked at boot, its raw
 * files beside them. */
#include "stage2/console.h"
#include "stage2/handoff.h"
#include "stage2/kernel_load.h"
#include "stage2/module_data.h"
#include "stage2/module_link.h"
#include "stage2/modules.h"
#include "stage2/prelinked.h"
#include "stage2/protocol.h"

#define STRING_POOL_SIZE (64 * 1024)

static struct loaded_kernel kernel;
static struct boot_target target;
static struct string_pool strings;
static struct module_set modules;
static struct file_set files;

static void load(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	kernel_load(context->volume, &entry->kernel, &kernel);

	target = (struct boot_target){ .kernel = &kernel, .kernel_path = entry->kernel.path,
				       .video = video_request(&entry->video, 0) };
	handoff_prepare(&target);
	string_pool_init(&strings, STRING_POOL_SIZE);
	modules_load(context->volume, context->config, entry, &strings, &modules);
	raw_files_load(context->volume, context->config, entry, &strings, &files);
	static struct prelinked_set prelinked;
	prelinked_read(&kernel, entry->kernel.path, &prelinked);
	modules_link(&kernel, entry->kernel.path, &prelinked, &modules, target.pml4);
	prelinked_prepend(&kernel, entry->kernel.path, &prelinked, &strings, &modules);
	module_runtime_allocate(&modules);
	module_data_keep(&kernel, &modules, entry->restart_limit);
	target.modules = &modules;
	target.files = &files;
}

__attribute__((noreturn)) static void boot(struct boot_context *context)
{
	const struct config_entry *entry = context->entry;
	struct gb_bootinfo *info = target.info;
	info->loader_name = string_pool_add_string(&strings, LOADER_NAME);
	info->cmdline = string_pool_add_string(&strings, entry->cmdline);
	info->entry_name = string_pool_add_string(&strings, entry->name);
	info->boot_drive = context->boot_drive;
	info->boot_partition = context->boot_partition;
	info->boot_partition_lba = context->boot_partition_lba;
	info->rsdp = context->rsdp;
	info->firmware = context->firmware;
	info->restart_limit = entry->restart_limit;

	const struct bios_disk *disk = context->disk;
	console_printf("ghostboot: kernel 0x%llx-0x%llx, %u modules; read %llu KiB in %u %s\n",
		       (unsigned long long)kernel.phys_start, (unsigned long long)kernel.phys_end,
		       modules.count, (unsigned long long)(disk->sectors_read * context->sector_size / 1024),
		       disk->bios_calls, context->disk_calls);
	handoff(&target);
}

const struct boot_protocol protocol_ghostboot = { "ghostboot", 1, load, boot };
