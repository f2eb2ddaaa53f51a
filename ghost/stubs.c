/* Writing an isolated image's code for crossing privilege. The encodings
 * are from the Intel SDM, volume 2: B8+rd id (mov r32, imm32), CD ib (int),
 * C3 (ret), REX.W 89 /r (mov r/m64, r64), REX.W B8+rd io (mov r64, imm64),
 * FF /4 (jmp r/m64), 0F 0B (ud2), CC (int3). */
#include "ghost/stubs.h"

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>

#include "ghost/bytes.h"
#include "ghost/exports.h"

/* mov eax, INDEX ; int GB_GATE_VECTOR ; ret */
static void write_gate_stub(uint8_t *at, uint32_t index)
{
	at[0] = 0xb8;
	ghost_store_le(at + 1, index, 4);
	at[5] = 0xcd;
	at[6] = GB_GATE_VECTOR;
	at[7] = 0xc3;
}

/* mov rdx, rax ; mov eax, GB_GATE_RETURN ; int GB_GATE_VECTOR ; ud2 */
static void write_return_stub(uint8_t *at)
{
	static const uint8_t code[] = { 0x48, 0x89, 0xc2, 0xb8, 0,    0,    0,
					0,    0xcd, 0,    0x0f, 0x0b };
	__builtin_memset(at, 0xcc, GHOST_RETURN_STUB_SIZE);
	__builtin_memcpy(at, code, sizeof code);
	ghost_store_le(at + 4, GB_GATE_RETURN, 4);
	at[9] = GB_GATE_VECTOR;
}

/* movabs rax, FUNCTION ; movabs r11, ENTRY ; jmp r11 */
static void write_trampoline(uint8_t *at, uint64_t function, uint64_t entry)
{
	at[0] = 0x48;
	at[1] = 0xb8;
	ghost_store_le(at + 2, function, 8);
	at[10] = 0x49;
	at[11] = 0xbb;
	ghost_store_le(at + 12, entry, 8);
	at[20] = 0x41;
	at[21] = 0xff;
	at[22] = 0xe3;
}

uint64_t ghost_gate_stub_address(const struct ghost_module *module, uint32_t symbol)
{
	return module->base + module->layout.gate_stubs +
	       (uint64_t)module->gate_of_symbol[symbol] * GB_GATE_STUB_SIZE;
}

static void write_gate(uint8_t *at, const struct ghost_symbol *export,
		       const struct ghost_gate_targets *targets)
{
	uint32_t provider;
	if (export->owner != GHOST_NO_MODULE)
		provider = targets->table_base + targets->position_of[export->owner];
	else
		provider = export->table == 0 ? GB_GATE_KERNEL : export->table - 1;
	ghost_store_le(at + offsetof(struct gb_gate, target), export->address, 8);
	ghost_store_le(at + offsetof(struct gb_gate, provider), provider, 4);
	ghost_store_le(at + offsetof(struct gb_gate, export_index), export->table_index, 4);
}

/* The trampoline of `slot` for `function` (0: none), as an address. */
static uint64_t trampoline(const struct ghost_module *module, uint32_t slot, uint64_t function,
			   uint64_t entry)
{
	if (function == 0)
		return 0;
	uint64_t offset = ghost_trampoline_offset(&module->layout, slot);
	write_trampoline(module->image + (size_t)offset, function, entry);
	return module->base + offset;
}

/* Each exported function's trampoline, and its .gbexports address field
 * turned to it, as the symbol table has it already for importers;
 * exported data keeps its address (nobody may import it). */
static void write_export_trampolines(const struct ghost_module *module, uint64_t entry)
{
	if (module->export_count == 0)
		return;
	uint8_t *table =
		module->image + (size_t)module->layout.section_offset[module->exports_section];
	for (uint32_t i = 0; i < module->export_count; i++) {
		struct ghost_symbol export;
		struct ghost_error ignored; /* read whole before the link began */
		if (!ghost_read_export(module, i, &export, &ignored) || !export.function)
			continue;
		uint8_t *address = table + (size_t)i * sizeof(struct gb_export) +
				   offsetof(struct gb_export, address);
		ghost_store_le(address, trampoline(module, i, ghost_load_le64(address), entry), 8);
	}
}

void ghost_write_isolation(const struct ghost_module *module,
			   const struct ghost_gate_targets *targets, uint64_t *init, uint64_t *exit)
{
	const struct ghost_layout *layout = &module->layout;
	uint64_t entry = targets->isolation_entry;
	for (uint32_t gate = 0; gate < module->gate_count; gate++) {
		write_gate_stub(module->image + (size_t)layout->gate_stubs + gate * GB_GATE_STUB_SIZE,
				gate);
		write_gate(module->image + (size_t)layout->gate_table.offset +
				   gate * sizeof(struct gb_gate),
			   module->gates[gate], targets);
	}
	write_return_stub(module->image + (size_t)layout->gate_stubs +
			  (size_t)module->gate_count * GB_GATE_STUB_SIZE);
	__builtin_memset(module->image + (size_t)layout->trampolines.offset, 0xcc,
			 (size_t)layout->trampolines.size);
	write_export_trampolines(module, entry);
	*init = trampoline(module, module->export_count, *init, entry);
	*exit = trampoline(module, module->export_count + 1, *exit, entry);
}
