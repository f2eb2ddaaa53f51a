#include "kernel/exceptions.h"

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
