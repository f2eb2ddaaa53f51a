/* The IDT: gates for the 32 CPU exceptions, all reported, and the gate of
 * isolated modules (GB_GATE_VECTOR, gate.c). An exception inside a module's
 * code during a call into it costs only that module (the recovery hooks
 * module_call.c and isolated_call.c register, exceptions.h); every other is
 * a failure. Interrupts stay disabled, so no other vector is ever
 * delivered; an `int n` to an absent gate raises #GP, reported too. */
#include "kernel/idt.h"

#include "kernel/console.h"
#include "kernel/cpu.h"
#include "kernel/exceptions.h"
#include "kernel/gdt.h"
#include "kernel/kprintf.h"
#include "kernel/layout.h"
#include "kernel/linked_modules.h"
#include "kernel/report.h"

#include <ghostboot/isolation.h>

#define GATE_INTERRUPT 0x8e      /* present, DPL 0, 64-bit interrupt gate */
#define GATE_INTERRUPT_USER 0xee /* the same, raisable from ring 3 (DPL 3) */
#define IDT_ENTRIES (GB_GATE_VECTOR + 1) /* between the exceptions and it: absent */

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_middle;
	uint32_t offset_high;
	uint32_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

struct descriptor_pointer {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern const uint64_t isr_stubs[EXCEPTION_COUNT]; /* isr.asm */
extern const char gate_entry[];                   /* isr.asm, gate.c's way in */

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));

static struct idt_gate interrupt_gate(uint64_t stub, uint8_t type, uint8_t ist)
{
	return (struct idt_gate){
		.offset_low = (uint16_t)stub,
		.selector = GDT_KERNEL_CODE,
		.ist = ist,
		.type = type,
		.offset_middle = (uint16_t)(stub >> 16),
		.offset_high = (uint32_t)(stub >> 32),
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < EXCEPTION_COUNT; v++)
		idt[v] = interrupt_gate(isr_stubs[v], GATE_INTERRUPT,
					v == VECTOR_DOUBLE_FAULT ? IST_DOUBLE_FAULT : 0);
	idt[GB_GATE_VECTOR] = interrupt_gate((uint64_t)(uintptr_t)gate_entry, GATE_INTERRUPT_USER, 0);
	struct descriptor_pointer pointer = { sizeof idt - 1, (uint64_t)(uintptr_t)idt };
	__asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}

/* "kernel+0x1234" or "console+0x56" when the address is the kernel's or a
 * module's, for reading with objdump. */
static void print_address(const char *label, uint64_t address)
{
	kprintf("%s=%016lx", label, address);
	const struct linked_module *m;
	if (address >= (uint64_t)(uintptr_t)__kernel_start &&
	    address < (uint64_t)(uintptr_t)__kernel_end)
		kprintf(" (kernel+%#lx)", address - (uint64_t)(uintptr_t)__kernel_start);
	else if ((m = linked_module_at(address)))
		kprintf(" (%s+%#lx)", m->name, address - m->start);
}

static void print_page_fault(uint64_t error_code, uint64_t cr2)
{
	kprintf("  cr2=%016lx: %s %s in %s mode%s\n", cr2,
		error_code & 1 ? "protection violation on" : "non-present page on",
		error_code & 16 ? "instruction fetch" : error_code & 2 ? "write" : "read",
		error_code & 4 ? "user" : "kernel",
		error_code & 8 ? ", reserved bit set in a page table entry" : "");
}

void exception_handler(struct exception_frame *f)
{
	static int depth;
	if (exception_recover(f))
		return;
	uint64_t vector = f->vector;
	const char *name = exception_name(vector);
	if (depth++)
		report_fail("exception %lu (%s) at rip %#lx while reporting an exception",
			    vector, name, f->rip);

	uint64_t cr2 = read_cr2();
	console_start_line();
	kprintf("EXCEPTION %lu (%s), error code %#lx\n  ", vector, name, f->error_code);
	print_address("rip", f->rip);
	kprintf(" cs=%04lx rflags=%08lx\n  ", f->cs, f->rflags);
	print_address("rsp", f->rsp);
	kprintf(" ss=%04lx\n", f->ss);
	if (vector == VECTOR_PAGE_FAULT)
		print_page_fault(f->error_code, cr2);
	kprintf("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  rsi=%016lx rdi=%016lx rbp=%016lx r8 =%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	kprintf("  r9 =%016lx r10=%016lx r11=%016lx r12=%016lx\n", f->r9, f->r10, f->r11, f->r12);
	kprintf("  r13=%016lx r14=%016lx r15=%016lx\n", f->r13, f->r14, f->r15);

	if (vector == VECTOR_PAGE_FAULT)
		report_fail("exception 14 (%s) at rip %#lx, address %#lx, error code %#lx", name,
			    f->rip, cr2, f->error_code);
	report_fail("exception %lu (%s) at rip %#lx, error code %#lx", vector, name, f->rip,
		    f->error_code);
}

void idt_triple_fault(void)
{
	static const struct descriptor_pointer empty = { 0, 0 };
	__asm__ volatile("lidt %0\n\t"
			 "ud2"
			 :
			 : "m"(empty)
			 : "memory");
	/* Not reached: the CPU has shut down or reset by now. */
	halt_forever();
}
