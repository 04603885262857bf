/* clock_nanosleep_thread_cputime: the raw clock_nanosleep system call on
 * CLOCK_THREAD_CPUTIME_ID is EOPNOTSUPP (kernel/time/posix-timers.c: that
 * clock has no nsleep), on a clock number Linux does not know EINVAL, and
 * on CLOCK_MONOTONIC_RAW (known, no nsleep) EOPNOTSUPP. glibc's wrapper
 * answers EINVAL itself for the thread clock without a system call. */
#include "lvtest.h"
#include <time.h>

int main(void)
{
	struct timespec req = {0, 1000};
	long r = syscall(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL);
	expect_err("raw, CLOCK_THREAD_CPUTIME_ID", r, errno, EOPNOTSUPP);
	r = syscall(SYS_clock_nanosleep, CLOCK_MONOTONIC_RAW, 0, &req, NULL);
	expect_err("raw, CLOCK_MONOTONIC_RAW", r, errno, EOPNOTSUPP);
	r = syscall(SYS_clock_nanosleep, 16, 0, &req, NULL);
	expect_err("raw, clock 16", r, errno, EINVAL);
	int e = clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL);
	say("libc, CLOCK_THREAD_CPUTIME_ID: %s\n", errname(e));
	done();
	return 0;
}
