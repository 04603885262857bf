/* exit_group_direct: raw syscall(SYS_exit_group, 7) terminates the process
 * with status 7 without running atexit handlers or flushing stdio
 * (exit_group(2)). The atexit handler below must NOT print. */
#include "lvtest.h"

static void handler(void)
{
	say("FAIL: atexit handler ran\n");
}

int main(void)
{
	atexit(handler);
	done();
	syscall(SYS_exit_group, 7);
	say("FAIL: exit_group returned\n");
	return 1;
}
