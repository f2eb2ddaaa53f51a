/* Host test: modules linked isolated and programs (docs/isolation.md), each
 * fixture built by gcc and by clang. The code ghost writes (gate stubs,
 * the return stub, trampolines) and the calls the modules make are read
 * back by objdump and compared instruction by instruction with what
 * <ghostboot/isolation.h> documents; the gate table, the layout, and every
 * refusal word for word. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ghostboot/export.h>
#include <ghostboot/isolation.h>

#include "tests/check.h"
#include "tests/ghost/support.h"

#define BASE 0xffffffff80400000ull
#define STRIDE 0x100000ull
#define MAX_LINES 4096

static const char *compiler;
static struct ghost_export kernel[MAX_EXPORTS];
static uint32_t kernel_count;
static struct file objects[16];
static unsigned object_count;

static struct ghost_module_file fixture(const char *name, enum ghost_link_mode mode)
{
	char relative[256];
	snprintf(relative, sizeof relative, "tests/ghost/isolation/%s/%s.o", compiler, name);
	objects[object_count] = read_file(build_path(relative));
	struct file *f = &objects[object_count++];
	return (struct ghost_module_file){
		.bytes = f->bytes, .size = f->size, .name = name, .mode = mode
	};
}

static void release_fixtures(void)
{
	while (object_count > 0)
		free(objects[--object_count].bytes);
}

static const struct ghost_export *kernel_export(const char *name, uint32_t *index)
{
	for (uint32_t i = 0; i < kernel_count; i++) {
		if (strcmp(kernel[i].name, name) != 0)
			continue;
		if (index)
			*index = i;
		return &kernel[i];
	}
	printf("not ok - the kernel fixture exports no %s\n", name);
	exit(1);
}

static void link_set(const struct ghost_module_file *modules, uint32_t count,
		     uint32_t table_base, struct link_result *result)
{
	uint64_t bytes = 0;
	for (uint32_t i = 0; i < count; i++)
		bytes += ghost_module_table_bytes(&modules[i]);
	size_t size = (size_t)ghost_workspace_bound(bytes, count, kernel_count);
	memset(result, 0, sizeof *result);
	result->workspace = malloc(size);
	result->placement.base = BASE;
	result->placement.stride = STRIDE;
	struct ghost_link_request request = {
		.kernel_exports = kernel,
		.kernel_export_count = kernel_count,
		.modules = modules,
		.module_count = count,
		.place = place_in_heap,
		.place_context = &result->placement,
		.workspace = result->workspace,
		.workspace_size = size,
		.table_base = table_base,
	};
	result->ok = ghost_link_modules(&request, result->linked, result->order, &result->error);
}

/* ---- objdump ---- */

struct instruction {
	uint64_t address;
	char text[96]; /* "mov eax,0x1": one space after the mnemonic */
};

/* Disassembles `size` bytes of linked module `module` from `offset`, as
 * running at its address, into out[]; returns the count. */
static unsigned disassemble(const struct link_result *result, uint32_t module, uint64_t offset,
			    uint64_t size, struct instruction *out, unsigned max)
{
	char path[] = "/tmp/ghost-isolation-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0 || write(fd, result->linked[module].image + offset, size) != (ssize_t)size) {
		printf("not ok - cannot write %s\n", path);
		exit(1);
	}
	close(fd);
	char command[512];
	snprintf(command, sizeof command,
		 "objdump -D -b binary -m i386:x86-64 -M intel --adjust-vma=0x%llx %s",
		 (unsigned long long)(result->linked[module].virt_addr + offset), path);
	FILE *pipe = popen(command, "r");
	char line[512];
	unsigned n = 0;
	while (pipe && fgets(line, sizeof line, pipe)) {
		unsigned long long address;
		char *tab = strchr(line, '\t');
		char *code = tab ? strchr(tab + 1, '\t') : NULL;
		if (sscanf(line, " %llx:", &address) != 1 || code == NULL || n == max)
			continue;
		code++;
		/* One space between mnemonic and operands, none at the end. */
		char *w = out[n].text;
		for (char *r = code; *r && *r != '\n' && w < out[n].text + sizeof out[n].text - 1;
		     r++)
			if (*r != ' ' || (w > out[n].text && w[-1] != ' '))
				*w++ = *r;
		while (w > out[n].text && w[-1] == ' ')
			w--;
		*w = '\0';
		out[n++].address = address;
	}
	if (!pipe || pclose(pipe) != 0) {
		printf("not ok - %s failed\n", command);
		exit(1);
	}
	unlink(path);
	return n;
}

/* Whether the instructions are exactly `expected` (NULL-terminated). */
static bool same_code(const struct instruction *code, unsigned count, const char *const *expected,
		      char *difference, size_t difference_size)
{
	unsigned i = 0;
	for (; expected[i] != NULL; i++) {
		if (i == count || strcmp(code[i].text, expected[i]) != 0) {
			snprintf(difference, difference_size, "instruction %u: \"%s\", wanted \"%s\"",
				 i, i < count ? code[i].text : "(none)", expected[i]);
			return false;
		}
	}
	snprintf(difference, difference_size, "%u instructions", i);
	return true;
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t v;
	memcpy(&v, p, sizeof v);
	return v;
}

static const uint8_t *at(const struct ghost_linked_module *l, uint64_t address)
{
	return l->image + (address - l->virt_addr);
}

/* The address field of export `index` of a linked module. */
static uint64_t export_address(const struct ghost_linked_module *l, uint32_t index)
{
	return load64(at(l, l->exports + index * sizeof(struct gb_export) +
				    offsetof(struct gb_export, address)));
}

/* The index of the export called `name` in a linked module's table. */
static uint32_t export_named(const struct ghost_linked_module *l, const char *name)
{
	uint32_t i = 0;
	while (i < l->export_count &&
	       strcmp((const char *)at(l, load64(at(l, l->exports + i * sizeof(struct gb_export)))),
		      name) != 0)
		i++;
	return i;
}

static bool in_region(const struct ghost_linked_module *l, const struct ghost_region *r,
		      uint64_t address)
{
	return address >= l->virt_addr + r->offset && address - l->virt_addr - r->offset < r->size;
}

/* The trampoline at `address` is exactly movabs rax, FUNCTION ; movabs r11,
 * gb_isolated_call ; jmp r11, and int3 to the end of its slot. */
static void check_trampoline(const struct link_result *result, uint32_t module, uint64_t address,
			     uint64_t function, const char *what)
{
	const struct ghost_linked_module *l = &result->linked[module];
	char rax[64], r11[64], difference[160];
	snprintf(rax, sizeof rax, "movabs rax,0x%llx", (unsigned long long)function);
	snprintf(r11, sizeof r11, "movabs r11,0x%llx",
		 (unsigned long long)kernel_export(GB_ISOLATION_ENTRY_SYMBOL, NULL)->address);
	const char *const expected[] = { rax, r11, "jmp r11", "int3", "int3", "int3", "int3",
					 "int3", "int3", "int3", "int3", "int3", NULL };
	struct instruction code[16];
	bool placed = in_region(l, &l->trampolines, address) &&
		      (address - l->virt_addr - l->trampolines.offset) % 32 == 0;
	unsigned n = placed ? disassemble(result, module, address - l->virt_addr, 32, code, 16) : 0;
	CHECK(placed && same_code(code, n, expected, difference, sizeof difference),
	      "%s: %s's trampoline at 0x%llx: %s", compiler, what, (unsigned long long)address,
	      placed ? difference : "not a trampoline slot");
}

/* ---- one isolated module ---- */

static void check_layout(const struct ghost_linked_module *l, const char *what)
{
	const struct gb_isolation *iso = &l->isolation;
	uint64_t page = GHOST_PAGE_SIZE - 1;
	uint64_t stack = iso->stack_top - GB_ISOLATED_STACK_SIZE - l->virt_addr;
	CHECK(l->text.offset == 0 && (l->rodata.offset & page) == 0 && (l->data.offset & page) == 0 &&
		      (l->trampolines.offset & page) == 0 && (l->gate_table.offset & page) == 0 &&
		      (l->size & page) == 0 && (iso->user_size & page) == 0,
	      "%s: %s: every region starts on a page", compiler, what);
	CHECK(iso->user_start == l->virt_addr && l->text.size <= l->rodata.offset &&
		      l->rodata.offset + l->rodata.size <= l->data.offset &&
		      l->data.offset + l->data.size <= iso->user_size &&
		      iso->user_size <= l->trampolines.offset &&
		      l->trampolines.offset + l->trampolines.size <= l->gate_table.offset &&
		      l->gate_table.offset + l->gate_table.size <= l->size,
	      "%s: %s: text, rodata, data, then the kernel-only trampolines and gates", compiler,
	      what);
	CHECK(stack == l->data.offset && (iso->stack_top & 15) == 0 &&
		      l->rodata.offset + l->rodata.size <= stack,
	      "%s: %s: the stack starts the data region, above the read-only pages", compiler,
	      what);
	CHECK(iso->heap - l->virt_addr + GB_ISOLATED_HEAP_SIZE == l->data.offset + l->data.size &&
		      ((iso->heap - l->virt_addr) & page) == 0 && iso->heap >= iso->stack_top,
	      "%s: %s: the heap ends the data region, on its own pages", compiler, what);
	CHECK(in_region(l, &l->text, iso->gate_stubs) &&
		      iso->gate_stubs + iso->gate_count * GB_GATE_STUB_SIZE + 12 <=
			      l->virt_addr + l->text.offset + l->text.size &&
		      iso->gates == l->virt_addr + l->gate_table.offset &&
		      iso->gate_count * sizeof(struct gb_gate) <= l->gate_table.size,
	      "%s: %s: the stubs end the text, the gate table its region", compiler, what);
}

/* The stubs, then the return stub, exactly as documented. */
static void check_stubs(const struct link_result *result, uint32_t module, const char *what)
{
	const struct ghost_linked_module *l = &result->linked[module];
	uint32_t count = l->isolation.gate_count;
	static char lines[64][32];
	const char *expected[64 * 3 + 8];
	unsigned e = 0;
	for (uint32_t i = 0; i < count && i < 60; i++) {
		snprintf(lines[i], sizeof lines[i], "mov eax,0x%x", i);
		expected[e++] = lines[i];
		expected[e++] = "int 0x80";
		expected[e++] = "ret";
	}
	expected[e++] = "mov rdx,rax";
	expected[e++] = "mov eax,0xffffffff";
	expected[e++] = "int 0x80";
	expected[e++] = "ud2";
	expected[e] = NULL;
	struct instruction code[MAX_LINES];
	char difference[160];
	unsigned n = disassemble(result, module, l->isolation.gate_stubs - l->virt_addr,
				 count * GB_GATE_STUB_SIZE + 12, code, MAX_LINES);
	CHECK(same_code(code, n, expected, difference, sizeof difference),
	      "%s: %s: %u gate stubs and the return stub as documented: %s", compiler, what, count,
	      difference);
}

/* The gate an isolated module's gate table holds at `index`. */
static struct gb_gate gate_at(const struct ghost_linked_module *l, uint32_t index)
{
	struct gb_gate gate;
	memcpy(&gate, at(l, l->isolation.gates + index * sizeof gate), sizeof gate);
	return gate;
}

/* The gate calling `target`, or gate_count when none does. */
static uint32_t gate_to(const struct ghost_linked_module *l, uint64_t target)
{
	uint32_t i = 0;
	while (i < l->isolation.gate_count && gate_at(l, i).target != target)
		i++;
	return i;
}

/* Every call or jump out of the module's own code lands on one of its gate
 * stubs; returns how many there are. */
static unsigned calls_through_stubs(const struct link_result *result, uint32_t module,
				    bool *all_stubs)
{
	const struct ghost_linked_module *l = &result->linked[module];
	static struct instruction code[MAX_LINES];
	uint64_t code_size = l->isolation.gate_stubs - l->virt_addr - l->text.offset;
	unsigned n = disassemble(result, module, l->text.offset, code_size, code, MAX_LINES);
	unsigned through = 0;
	*all_stubs = true;
	for (unsigned i = 0; i < n; i++) {
		unsigned long long target;
		char *operand = strchr(code[i].text, ' ');
		if ((strncmp(code[i].text, "call ", 5) != 0 && strncmp(code[i].text, "jmp ", 4) != 0) ||
		    operand == NULL || sscanf(operand, " %llx", &target) != 1 ||
		    strstr(operand, "0x") != operand + 1)
			continue;
		if (target >= l->virt_addr + l->text.offset &&
		    target < l->virt_addr + l->text.offset + code_size)
			continue;
		bool stub = target >= l->isolation.gate_stubs &&
			    target < l->isolation.gate_stubs +
					     l->isolation.gate_count * GB_GATE_STUB_SIZE &&
			    (target - l->isolation.gate_stubs) % GB_GATE_STUB_SIZE == 0;
		*all_stubs &= stub;
		through += stub;
	}
	return through;
}

/* Whether the data region holds the 64-bit value anywhere. */
static bool data_holds(const struct ghost_linked_module *l, uint64_t value)
{
	for (uint64_t o = l->data.offset; o + 8 <= l->data.offset + l->data.size; o += 8)
		if (load64(l->image + o) == value)
			return true;
	return false;
}

static void one_isolated_module(void)
{
	struct link_result direct, result;
	struct ghost_module_file hello = fixture("iso_hello", GHOST_LINK_DIRECT);
	link_set(&hello, 1, 0, &direct);
	hello.mode = GHOST_LINK_ISOLATED;
	link_set(&hello, 1, 0, &result);
	CHECK(direct.ok && result.ok && guards_intact(&result.placement),
	      "%s: iso_hello links direct and isolated%s", compiler,
	      failure_text(result.ok ? &direct.error : &result.error));
	if (!direct.ok || !result.ok)
		goto out;
	const struct ghost_linked_module *l = &result.linked[0];
	check_layout(l, "iso_hello");
	check_stubs(&result, 0, "iso_hello");

	uint32_t kprintf_index, console_index;
	uint64_t kprintf = kernel_export("kprintf", &kprintf_index)->address;
	uint64_t console = kernel_export("console_write", &console_index)->address;
	uint32_t to_kprintf = gate_to(l, kprintf), to_console = gate_to(l, console);
	struct gb_gate g1 = gate_at(l, to_kprintf), g2 = gate_at(l, to_console);
	CHECK(l->isolation.gate_count == 2 && to_kprintf < 2 && to_console < 2 &&
		      g1.provider == GB_GATE_KERNEL && g1.export_index == kprintf_index &&
		      g2.provider == GB_GATE_KERNEL && g2.export_index == console_index,
	      "%s: iso_hello: one gate each to the kernel's kprintf and console_write", compiler);

	bool all_stubs;
	unsigned through = calls_through_stubs(&result, 0, &all_stubs);
	CHECK(all_stubs && through >= 3,
	      "%s: iso_hello: every call out of its code goes to a gate stub (%u calls)", compiler,
	      through);
	uint64_t kprintf_stub = l->isolation.gate_stubs + to_kprintf * GB_GATE_STUB_SIZE;
	CHECK(data_holds(l, kprintf_stub) && !data_holds(l, kprintf),
	      "%s: iso_hello: a pointer to kprintf in .data points at its gate stub", compiler);

	const struct ghost_linked_module *d = &direct.linked[0];
	uint32_t fn = export_named(l, "hello_fn"), variable = export_named(l, "hello_count");
	uint64_t hello_fn = export_address(l, fn);
	check_trampoline(&result, 0, hello_fn,
			 export_address(d, fn) - d->virt_addr + l->virt_addr, "hello_fn");
	check_trampoline(&result, 0, l->init, d->init - d->virt_addr + l->virt_addr, "init");
	check_trampoline(&result, 0, l->exit, d->exit - d->virt_addr + l->virt_addr, "exit");
	const uint8_t *data_slot = l->image + l->trampolines.offset + 32 * variable;
	bool all_int3 = true;
	for (unsigned i = 0; i < 32; i++)
		all_int3 &= data_slot[i] == 0xcc;
	uint64_t count_offset = export_address(l, variable) - l->virt_addr;
	CHECK(variable < 2 && fn < 2 && all_int3 && count_offset >= l->isolation.stack_top - l->virt_addr &&
		      count_offset < l->isolation.heap - l->virt_addr,
	      "%s: iso_hello: the exported variable keeps its address in .data, no trampoline",
	      compiler);
out:
	release_link(&direct);
	release_link(&result);
	release_fixtures();
}

/* ---- isolated and direct modules calling each other ---- */

static void pair(enum ghost_link_mode hello_mode, enum ghost_link_mode caller_mode)
{
	const char *modes[] = { "direct", "isolated" };
	char what[96];
	snprintf(what, sizeof what, "%s iso_hello, %s iso_caller", modes[hello_mode],
		 modes[caller_mode]);
	struct ghost_module_file set[] = { fixture("iso_caller", caller_mode),
					   fixture("iso_hello", hello_mode) };
	struct link_result result;
	link_set(set, 2, 5, &result);
	CHECK(result.ok && guards_intact(&result.placement) && result.order[0] == 1 &&
		      result.order[1] == 0,
	      "%s: %s: links, iso_hello first%s", compiler, what, failure_text(&result.error));
	if (!result.ok)
		goto out;
	const struct ghost_linked_module *caller = &result.linked[0], *hello = &result.linked[1];
	uint32_t fn = export_named(hello, "hello_fn");
	uint64_t hello_fn = export_address(hello, fn);
	CHECK(hello_mode == GHOST_LINK_ISOLATED ? in_region(hello, &hello->trampolines, hello_fn)
						: in_region(hello, &hello->text, hello_fn),
	      "%s: %s: hello_fn is exported as %s", compiler, what,
	      hello_mode == GHOST_LINK_ISOLATED ? "its trampoline" : "itself");
	if (caller_mode == GHOST_LINK_ISOLATED) {
		struct gb_gate gate = gate_at(caller, gate_to(caller, hello_fn));
		CHECK(gate_to(caller, hello_fn) < caller->isolation.gate_count &&
			      gate.provider == 5 && gate.export_index == fn,
		      "%s: %s: iso_caller's gate to hello_fn names module 5 (table base 5, first "
		      "in init order) and its export index",
		      compiler, what);
		check_stubs(&result, 0, "iso_caller");
	} else {
		struct instruction code[MAX_LINES];
		char call[64];
		snprintf(call, sizeof call, "%llx", (unsigned long long)hello_fn);
		unsigned n = disassemble(&result, 0, caller->text.offset, caller->text.size, code,
					 MAX_LINES);
		bool calls = false;
		for (unsigned i = 0; i < n; i++)
			calls |= (strncmp(code[i].text, "call ", 5) == 0 ||
				  strncmp(code[i].text, "jmp ", 4) == 0) &&
				 strstr(code[i].text, call) != NULL;
		CHECK(calls, "%s: %s: iso_caller calls hello_fn at 0x%s", compiler, what, call);
	}
out:
	release_link(&result);
	release_fixtures();
}

/* ---- refusals ---- */

static void expect_refusal(const struct ghost_module_file *set, uint32_t count, const char *text)
{
	struct link_result result;
	link_set(set, count, 0, &result);
	CHECK(!result.ok && result.error.status == GHOST_ERROR_ISOLATION &&
		      strcmp(result.error.text, text) == 0 && guards_intact(&result.placement),
	      "%s: refused: \"%s\"%s", compiler, text,
	      result.ok ? " (linked)" : strcmp(result.error.text, text) ? result.error.text : "");
	release_link(&result);
	release_fixtures();
}

static void refusals(void)
{
	struct ghost_module_file m = fixture("iso_ungated", GHOST_LINK_ISOLATED);
	expect_refusal(&m, 1, "iso_ungated: imports vkprintf, which declares no gate: an isolated "
			      "module cannot call it");
	m = fixture("iso_data", GHOST_LINK_ISOLATED);
	expect_refusal(&m, 1, "iso_data: imports kernel_ticks, data rather than a function: "
			      "isolation cannot give data across privilege");
	m = fixture("iso_wx", GHOST_LINK_ISOLATED);
	expect_refusal(&m, 1, "iso_wx: section .patched is writable and executable: isolation "
			      "cannot map it");
	struct ghost_module_file direct_data[] = { fixture("iso_caller_data", GHOST_LINK_DIRECT),
						   fixture("iso_hello", GHOST_LINK_ISOLATED) };
	expect_refusal(direct_data, 2,
		       "iso_caller_data: imports hello_count from isolated module iso_hello, data "
		       "rather than a function: isolation cannot give data across privilege");
	struct ghost_module_file isolated_data[] = { fixture("iso_caller_data",
							     GHOST_LINK_ISOLATED),
						     fixture("iso_hello", GHOST_LINK_DIRECT) };
	expect_refusal(isolated_data, 2,
		       "iso_caller_data: imports hello_count, data rather than a function: "
		       "isolation cannot give data across privilege");
	/* The same data exported by a module `ghostboot link --isolated` put in
	 * the kernel: the kernel's table carries it, flagged isolated. */
	kernel[kernel_count++] = (struct ghost_export){ .name = "hello_fn",
							.address = kernel[0].address,
							.function = true,
							.isolated = true,
							.table = 1 };
	kernel[kernel_count++] = (struct ghost_export){ .name = "hello_count",
							.address = kernel[0].address,
							.isolated = true,
							.table = 1,
							.table_index = 1 };
	m = fixture("iso_caller_data", GHOST_LINK_DIRECT);
	expect_refusal(&m, 1,
		       "iso_caller_data: imports hello_count from isolated module linked into the "
		       "kernel, data rather than a function: isolation cannot give data across "
		       "privilege");
	kernel_count -= 2;
	m = fixture("iso_program_kmalloc", GHOST_LINK_PROGRAM);
	expect_refusal(&m, 1, "iso_program_kmalloc: imports kmalloc, which is not offered to "
			      "programs");
	m = fixture("iso_program_export", GHOST_LINK_PROGRAM);
	expect_refusal(&m, 1, "iso_program_export: a program exports nothing, but it has "
			      ".gbexports");

	/* What is allowed direct stays allowed. */
	struct link_result result;
	struct ghost_module_file wx = fixture("iso_wx", GHOST_LINK_DIRECT);
	link_set(&wx, 1, 0, &result);
	struct ghost_module_file both[] = { fixture("iso_caller_data", GHOST_LINK_DIRECT),
					    fixture("iso_hello", GHOST_LINK_DIRECT) };
	struct link_result data;
	link_set(both, 2, 0, &data);
	CHECK(result.ok && data.ok, "%s: linked direct, iso_wx and iso_caller_data link%s",
	      compiler, failure_text(result.ok ? &data.error : &result.error));
	release_link(&result);
	release_link(&data);
	release_fixtures();

	struct ghost_module_file nomain = fixture("iso_program_nomain", GHOST_LINK_PROGRAM);
	link_set(&nomain, 1, 0, &result);
	CHECK(!result.ok && result.error.status == GHOST_ERROR_MODULE_INFO &&
		      strcmp(result.error.text, "iso_program_nomain: no function main: a program "
						"defines int main(void)") == 0,
	      "%s: a program without main is refused%s", compiler, failure_text(&result.error));
	release_link(&result);
	release_fixtures();
}

/* A kernel that cannot enter isolated code: its exports without
 * gb_isolated_call, and the gate-less fixture kernel. */
static void kernel_without_entry(void)
{
	struct ghost_export saved[MAX_EXPORTS];
	uint32_t saved_count = kernel_count, entry;
	memcpy(saved, kernel, sizeof saved);
	kernel_export(GB_ISOLATION_ENTRY_SYMBOL, &entry);
	kernel[entry] = kernel[--kernel_count];
	struct ghost_module_file m = fixture("iso_hello", GHOST_LINK_ISOLATED);
	expect_refusal(&m, 1, "iso_hello: the kernel exports no function gb_isolated_call, which "
			      "isolated code is entered through");
	m = fixture("iso_hello", GHOST_LINK_DIRECT);
	struct link_result result;
	link_set(&m, 1, 0, &result);
	CHECK(result.ok, "%s: without gb_isolated_call, direct modules still link%s", compiler,
	      failure_text(&result.error));
	release_link(&result);
	release_fixtures();
	memcpy(kernel, saved, sizeof saved);
	kernel_count = saved_count;
}

/* ---- programs ---- */

static void program(void)
{
	struct ghost_module_file set[] = { fixture("iso_program", GHOST_LINK_PROGRAM),
					   fixture("iso_program", GHOST_LINK_DIRECT) };
	struct link_result result, unlinked;
	link_set(set, 1, 0, &result);
	CHECK(result.ok && guards_intact(&result.placement), "%s: iso_program links as a program%s",
	      compiler, failure_text(&result.error));
	link_set(&set[1], 1, 0, &unlinked);
	CHECK(!unlinked.ok && unlinked.error.status == GHOST_ERROR_MODULE_INFO,
	      "%s: iso_program is no module: %s", compiler, unlinked.error.text);
	release_link(&unlinked);
	if (!result.ok)
		goto out;
	const struct ghost_linked_module *l = &result.linked[0];
	check_layout(l, "iso_program");
	check_stubs(&result, 0, "iso_program");
	bool all_stubs;
	unsigned through = calls_through_stubs(&result, 0, &all_stubs);
	CHECK(l->isolation.gate_count == 2 && all_stubs && through >= 2 && l->exit == 0 &&
		      l->export_count == 0,
	      "%s: iso_program: two gates, its calls through them, no exit, no exports", compiler);
	/* main's address: its section placed as docs/ghost.md "Layout" says,
	 * executable sections first in section order, each at its alignment. */
	struct file *object = &objects[0];
	Elf64_Sym *main_symbol = elf_symbol_named(object, "main");
	uint64_t offset = 0, main_address = 0;
	for (unsigned i = 1; i < elf_header(object)->e_shnum; i++) {
		Elf64_Shdr *s = elf_section(object, i);
		if ((s->sh_flags & (SHF_ALLOC | SHF_EXECINSTR)) != (SHF_ALLOC | SHF_EXECINSTR))
			continue;
		uint64_t align = s->sh_addralign ? s->sh_addralign : 1;
		offset = (offset + align - 1) & ~(align - 1);
		if (i == main_symbol->st_shndx)
			main_address = l->virt_addr + offset + main_symbol->st_value;
		offset += s->sh_size;
	}
	check_trampoline(&result, 0, l->init, main_address, "main");
out:
	release_link(&result);
	release_fixtures();
}

/* The sample kernel and modules as built: every kernel export but vkprintf
 * declares a gate, kprintf and console_write are offered to programs, and
 * the sample modules link isolated against it (with an isolation entry
 * added, should this kernel have none yet) and declare gates themselves. */
static void sample_kernel_and_modules(void)
{
	struct file file = read_file(build_path("kernel/kernel.elf"));
	struct ghost_error error;
	bool read = read_kernel_exports(&file, kernel, MAX_EXPORTS - 1, &kernel_count, &error);
	CHECK(read, "the sample kernel's exports read%s", failure_text(&error));
	char undeclared[256] = "", programs[256] = "";
	bool entry = false;
	for (uint32_t i = 0; read && i < kernel_count; i++) {
		bool is_entry = strcmp(kernel[i].name, GB_ISOLATION_ENTRY_SYMBOL) == 0;
		entry |= is_entry;
		if (!(kernel[i].gate & GB_GATE_DECLARED) && !is_entry)
			snprintf(undeclared + strlen(undeclared), sizeof undeclared - strlen(undeclared),
				 " %s", kernel[i].name);
		if (kernel[i].gate & GB_GATE_PROGRAMS)
			snprintf(programs + strlen(programs), sizeof programs - strlen(programs), " %s",
				 kernel[i].name);
	}
	CHECK(strcmp(undeclared, " vkprintf") == 0,
	      "the sample kernel: only vkprintf declares no gate (undeclared:%s)", undeclared);
	CHECK(strstr(programs, " kprintf") && strstr(programs, " console_write") &&
		      !strstr(programs, " kmalloc"),
	      "the sample kernel offers programs kprintf and console_write:%s", programs);
	if (!entry)
		kernel[kernel_count++] = (struct ghost_export){ .name = GB_ISOLATION_ENTRY_SYMBOL,
								 .address = kernel[0].address,
								 .function = true };
	static const char *const names[] = { "hello", "checksum", "console" };
	struct file files[3];
	struct ghost_module_file modules[3];
	for (unsigned i = 0; i < 3; i++) {
		char relative[64];
		snprintf(relative, sizeof relative, "modules/%s.gbm", names[i]);
		files[i] = read_file(build_path(relative));
		modules[i] = (struct ghost_module_file){ .bytes = files[i].bytes,
							 .size = files[i].size,
							 .name = names[i],
							 .mode = GHOST_LINK_ISOLATED };
	}
	struct link_result result;
	link_set(modules, 3, 0, &result);
	CHECK(result.ok && result.linked[0].isolation.gate_count > 0,
	      "the sample modules link isolated against the sample kernel%s",
	      failure_text(&result.error));
	release_link(&result);
	modules[0].mode = GHOST_LINK_DIRECT;
	link_set(modules, 3, 0, &result);
	CHECK(result.ok, "hello links direct against isolated checksum and console%s",
	      failure_text(&result.error));
	release_link(&result);
	for (unsigned i = 0; i < 3; i++)
		free(files[i].bytes);
	free(file.bytes);
}

int main(void)
{
	struct file kernel_file = read_file(build_path("tests/ghost/iso_kernel.elf"));
	struct ghost_error error;
	CHECK(read_kernel_exports(&kernel_file, kernel, MAX_EXPORTS, &kernel_count, &error),
	      "the isolation kernel's exports read%s", failure_text(&error));
	uint32_t vk, ticks, kprintf;
	CHECK(kernel_export("kprintf", &kprintf)->function && kernel[kprintf].table == 0 &&
		      kernel[kprintf].gate ==
			      (GB_GATE_ARGS(GB_ARG_FORMAT, 0, 0, 0, 0, 0) | GB_GATE_PROGRAMS) &&
		      !kernel_export("kernel_ticks", &ticks)->function &&
		      kernel_export("vkprintf", &vk)->gate == 0 && kernel[vk].table_index == vk,
	      "a kernel's exports: gate words as declared, functions told from data by their "
	      "segment");
	const char *compilers[] = { "gcc", "clang" };
	for (unsigned c = 0; c < 2; c++) {
		compiler = compilers[c];
		one_isolated_module();
		pair(GHOST_LINK_ISOLATED, GHOST_LINK_DIRECT);
		pair(GHOST_LINK_ISOLATED, GHOST_LINK_ISOLATED);
		pair(GHOST_LINK_DIRECT, GHOST_LINK_ISOLATED);
		refusals();
		kernel_without_entry();
		program();
	}
	free(kernel_file.bytes);
	sample_kernel_and_modules();
	CHECK_EXIT();
}
