/* set_tid_address_returns_tid: set_tid_address(2) "always returns the
 * caller's thread ID" (kernel/fork.c). Single-threaded, so it also equals
 * getpid(). The registered word is static storage, so the kernel's
 * clear-on-exit write at exit_group is harmless. */
#include "lvtest.h"

static int ctid = 12345;

int main(void)
{
	long r = syscall(SYS_set_tid_address, &ctid);
	long tid = syscall(SYS_gettid);
	yesno("returns gettid()", r == tid);
	yesno("equals getpid()", r == syscall(SYS_getpid));
	say("registered word untouched: %d\n", ctid);
	r = syscall(SYS_set_tid_address, NULL);
	yesno("NULL also returns tid", r == tid);
	done();
	return 0;
}
