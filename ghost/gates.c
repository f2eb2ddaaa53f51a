/* Gates. An isolated module reaches nothing outside its own pages but
 * through a gate the kernel checks, so each import must be a function whose
 * export says how its arguments are checked; data cannot be shared across
 * privilege at all. */
#include "ghost/gates.h"

#include <ghostboot/isolation.h>

#include "ghost/report.h"

static bool refuse(const struct ghost_module *module, const struct ghost_symbol *export,
		   const char *why, struct ghost_error *error)
{
	ghost_elf_fail(&module->object.file, error, GHOST_ERROR_ISOLATION, "imports");
	ghost_fail_symbol(error, export->name);
	ghost_append(error, why);
	return false;
}

static bool check_gate(const struct ghost_module *module, const struct ghost_symbol *export,
		       struct ghost_error *error)
{
	bool program = module->mode == GHOST_LINK_PROGRAM;
	if (!export->function)
		return refuse(module, export,
			      ", data rather than a function: isolation cannot give data across "
			      "privilege",
			      error);
	if (program && !(export->gate & GB_GATE_PROGRAMS))
		return refuse(module, export, ", which is not offered to programs", error);
	if (!(export->gate & GB_GATE_DECLARED))
		return refuse(module, export,
			      program ? ", which declares no gate: a program cannot call it"
				      : ", which declares no gate: an isolated module cannot call it",
			      error);
	return true;
}

static uint32_t gate_for(struct ghost_module *module, const struct ghost_symbol *export)
{
	for (uint32_t gate = 0; gate < module->gate_count; gate++)
		if (module->gates[gate] == export)
			return gate;
	module->gates[module->gate_count] = export;
	return module->gate_count++;
}

bool ghost_assign_gates(struct ghost_module *module, struct ghost_error *error)
{
	module->gate_count = 0;
	for (uint32_t i = 1; i < module->object.symbol_count; i++) {
		const struct ghost_symbol *export = module->imports[i];
		if (export == NULL)
			continue;
		if (module->mode == GHOST_LINK_DIRECT) {
			if (export->isolated && !export->function) {
				refuse(module, export, " from isolated module ", error);
				/* A module linked into the kernel: its name is not kept. */
				ghost_append(error, export->owner == GHOST_NO_MODULE ?
							    "linked into the kernel" :
							    export->owner_name);
				ghost_append(error, ", data rather than a function: isolation cannot "
						    "give data across privilege");
				return false;
			}
			continue;
		}
		if (!check_gate(module, export, error))
			return false;
		module->gate_of_symbol[i] = gate_for(module, export);
	}
	return true;
}

bool ghost_find_isolation_entry(const struct ghost_symbol_table *table,
				const struct ghost_module *module, uint64_t *entry,
				struct ghost_error *error)
{
	const struct ghost_symbol *symbol = ghost_resolve(table, GB_ISOLATION_ENTRY_SYMBOL);
	if (symbol != NULL && symbol->owner == GHOST_NO_MODULE && symbol->function) {
		*entry = symbol->address;
		return true;
	}
	return ghost_elf_fail(&module->object.file, error, GHOST_ERROR_ISOLATION,
			      "the kernel exports no function " GB_ISOLATION_ENTRY_SYMBOL
			      ", which isolated code is entered through");
}
