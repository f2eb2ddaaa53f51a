#include "stage2/handoff.h"

#include "stage2/console.h"
#include "stage2/cpu.h"
#include "stage2/lib.h"
#include "stage2/memory.h"
#include "stage2/paging.h"

void enter_long_mode(uint32_t pml4, const uint64_t *entry_info_stack);

void handoff_prepare(struct boot_target *target)
{
	target->info = memory_allocate(sizeof *target->info);
	target->memory_map = memory_allocate(MEMORY_MAP_CAPACITY * sizeof(struct gb_memory_region));
	if (!target->info || !target->memory_map)
		panic("out of memory for the boot information");
	target->pml4 = paging_create();
}

__attribute__((noreturn)) void handoff(struct boot_target *target)
{
	struct gb_bootinfo *info = target->info;
	info->magic = GB_BOOTINFO_MAGIC;
	info->version = GB_BOOTINFO_VERSION;
	info->size = sizeof *info;
	info->kernel_phys_start = target->kernel->phys_start;
	info->kernel_phys_end = target->kernel->phys_end;
	info->modules = (uintptr_t)target->modules->modules;
	info->module_count = target->modules->count;
	info->module_runtime = (uintptr_t)target->modules->runtime;
	info->files = (uintptr_t)target->files->files;
	info->file_count = target->files->count;
	info->programs = (uintptr_t)target->programs->programs;
	info->program_count = target->programs->count;

	uint8_t *stack = memory_allocate(KERNEL_STACK_SIZE);
	if (!stack)
		panic("out of memory for the kernel's stack");
	kernel_map(target->kernel, target->kernel_path, target->pml4);

	/* Last: after this no allocation may happen, or the map would lie. */
	info->memory_map = (uintptr_t)target->memory_map;
	info->memory_map_count = memory_map_export(target->memory_map, MEMORY_MAP_CAPACITY);

	static struct video video;
	video_switch(&target->video, &video);
	info->framebuffer = video.framebuffer;
	console_printf("ghostboot: entering the kernel at 0x%llx\n",
		       (unsigned long long)target->kernel->entry);
	static uint64_t entry_info_stack[3];
	entry_info_stack[0] = target->kernel->entry;
	entry_info_stack[1] = (uintptr_t)info;
	entry_info_stack[2] = (uintptr_t)(stack + KERNEL_STACK_SIZE);
	cpu_restore_before_handoff();
	enter_long_mode(target->pml4, entry_info_stack);
	__builtin_unreachable();
}
