/* The return to the menu, shared by both loaders; how the machine restarts
 * or stops is each firmware's (stage2/restart.c, uefi/restart.c). */
#include "stage2/recovery.h"

void *recovery_point[5];
static int armed;

void recovery_arm(void)
{
	armed = 1;
}

void recovery_disarm(void)
{
	armed = 0;
}

void recovery_return(void)
{
	if (!armed)
		return;
	armed = 0;
	__builtin_longjmp(recovery_point, 1);
}
