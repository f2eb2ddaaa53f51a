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

static exception_recovery recovery;

const char *exception_name(uint64_t vector)
{
	return vector < EXCEPTION_COUNT ? exception_names[vector] : "unknown vector";
}

void exception_set_recovery(exception_recovery recover)
{
	recovery = recover;
}

bool exception_recover(struct exception_frame *frame)
{
	return recovery && recovery(frame);
}
