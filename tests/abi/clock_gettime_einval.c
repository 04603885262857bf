/* clock_gettime_einval: an invalid clock id fails with EINVAL and an
 * unwritable timespec fails with EFAULT (clock_gettime(2) ERRORS;
 * kernel/time/posix-timers.c clockid_to_kclock / put_timespec64). */
#include "lvtest.h"
#include <time.h>

int main(void)
{
	struct timespec t;
	errno = 0;
	long r = syscall(SYS_clock_gettime, 1000, &t);
	expect_err("clock id 1000", r, errno, EINVAL);
	errno = 0;
	r = syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8);
	expect_err("MONOTONIC, bad ptr", r, errno, EFAULT);
	errno = 0;
	r = syscall(SYS_clock_gettime, CLOCK_REALTIME, (void *)8);
	expect_err("REALTIME, bad ptr", r, errno, EFAULT);
	done();
	return 0;
}
