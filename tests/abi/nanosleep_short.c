/* nanosleep_short: nanosleep(2) for 10 ms returns 0 and at least 10 ms of
 * CLOCK_MONOTONIC elapse ("suspends execution ... for at least the time
 * specified"). Also an invalid tv_nsec (>= 1e9) fails with EINVAL. */
#include "lvtest.h"
#include <time.h>

static long long now_ns(void)
{
	struct timespec t;
	syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec req = {0, 10 * 1000 * 1000}, rem = {7, 7};
	long long t0 = now_ns();
	errno = 0;
	long r = syscall(SYS_nanosleep, &req, &rem);
	long long t1 = now_ns();
	show_ret("nanosleep 10ms", r, errno);
	yesno("elapsed >= 10 ms", t1 - t0 >= 10 * 1000 * 1000);
	yesno("elapsed < 2 s", t1 - t0 < 2000LL * 1000 * 1000);
	struct timespec badr = {0, 1000000000L};
	errno = 0;
	r = syscall(SYS_nanosleep, &badr, NULL);
	expect_err("tv_nsec 1e9", r, errno, EINVAL);
	struct timespec negr = {-1, 0};
	errno = 0;
	r = syscall(SYS_nanosleep, &negr, NULL);
	expect_err("tv_sec -1", r, errno, EINVAL);
	done();
	return 0;
}
