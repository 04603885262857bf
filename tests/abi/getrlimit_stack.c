/* getrlimit_stack: RLIMIT_STACK as seen by the first user program. Linux's
 * boot default (include/asm-generic/resource.h INIT_RLIMITS) is soft
 * _STK_LIM = 8 MiB, hard RLIM_INFINITY, inherited unchanged through init.
 * Read via raw prlimit64(0, RLIMIT_STACK, NULL, &old) (what libc getrlimit
 * uses on aarch64) and via getrlimit(2); both must agree. */
#include "lvtest.h"
#include <sys/resource.h>

static void show(const char *what, unsigned long long v)
{
	if (v == (unsigned long long)RLIM_INFINITY)
		say("%s: infinity\n", what);
	else
		say("%s: %llu\n", what, v);
}

int main(void)
{
	unsigned long long old[2] = {1, 1};
	errno = 0;
	long r = syscall(SYS_prlimit64, 0, RLIMIT_STACK, NULL, old);
	show_ret("prlimit64", r, errno);
	show("soft", old[0]);
	show("hard", old[1]);
	struct rlimit rl;
	int g = getrlimit(RLIMIT_STACK, &rl);
	say("getrlimit ret: %d\n", g);
	yesno("getrlimit agrees",
	      (unsigned long long)rl.rlim_cur == old[0] && (unsigned long long)rl.rlim_max == old[1]);
	errno = 0;
	r = syscall(SYS_prlimit64, 0, 1000, NULL, old);
	expect_err("resource 1000", r, errno, EINVAL);
	done();
	return 0;
}
