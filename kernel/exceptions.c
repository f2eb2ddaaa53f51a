#include "kernel/exceptions.h"

#include "kernel/gdt.h"

static const char *const exception_names[EXCEPTION_COUNT] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range exceeded",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor segment overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack-segment fault",
	"#GP general protection",
	"#PF page fault",
	"reserved exception 15",
	"#MF x87 floating point",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD floating point",
	"#VE virtualization",
	"#CP control protection",
	"reserved exception 22",
	"reserved exception 23",
	"reserved exception 24",
	"reserved exception 25",
	"reserved exception 26",
	"reserved exception 27",
	"#HV hypervisor injection",
	"#VC VMM communication",
	"#SX security",
	"reserved exception 31",
};

#define RECOVERY_HOOKS_MAX 2 /* module calls, isolated calls */
static exception_recovery recovery[RECOVERY_HOOKS_MAX];
static unsigned recovery_count;

void exception_return_from_call(struct exception_frame *f, const struct call_return *call,
				uint64_t value)
{
	f->rbx = call->rbx;
	f->rbp = call->rbp;
	f->r12 = call->r12;
	f->r13 = call->r13;
	f->r14 = call->r14;
	f->r15 = call->r15;
	f->rip = call->rip;
	f->rsp = call->rsp;
	f->rflags = call->rflags;
	f->cs = GDT_KERNEL_CODE;
	f->ss = GDT_KERNEL_DATA;
	f->rax = value;
}

const char *exception_name(uint64_t vector)
{
	return vector < EXCEPTION_COUNT ? exception_names[vector] : "unknown vector";
}

void exception_add_recovery(exception_recovery recover)
{
	if (recovery_count < RECOVERY_HOOKS_MAX)
		recovery[recovery_count++] = recover;
}

bool exception_recover(struct exception_frame *frame)
{
	for (unsigned i = recovery_count; i > 0; i--) {
		if (recovery[i - 1](frame))
			return true;
	}
	return false;
}
