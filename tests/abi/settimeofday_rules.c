/* settimeofday_rules: the settimeofday system call (kernel/time/time.c,
 * then do_sys_settimeofday64), called directly: glibc turns settimeofday
 * into clock_settime and refuses a time and a timezone together, musl
 * ignores the timezone.
 *  - it moves CLOCK_REALTIME (the syscall and the vDSO read it) and not
 *    CLOCK_MONOTONIC; it is put back at the end;
 *  - the timezone it sets is what gettimeofday reports (both back to UTC at
 *    the end);
 *  - errors in Linux's order: bad pointers EFAULT; tv_usec below 0 or above
 *    1000000 EINVAL, and 1000000 itself EINVAL (not a valid time); a time
 *    before boot EINVAL; tz_minuteswest beyond 15 hours EINVAL; without
 *    CAP_SYS_TIME EPERM whatever the arguments, but after the tv_usec check
 *    and before the timezone range check. */
#include "lvtest.h"
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

struct kernel_tz {
	int minuteswest, dsttime;
};

static long set_tod(const struct timeval *tv, const struct kernel_tz *tz)
{
	return syscall(SYS_settimeofday, tv, tz);
}

static long long ns_of(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void invalid_arguments(void)
{
	struct timeval tv;
	gettimeofday(&tv, NULL);
	expect_err("bad tv pointer", set_tod((void *)8, NULL), errno, EFAULT);
	expect_err("bad tz pointer", set_tod(NULL, (void *)8), errno, EFAULT);
	tv.tv_usec = -1;
	expect_err("tv_usec -1", set_tod(&tv, NULL), errno, EINVAL);
	tv.tv_usec = 1000001;
	expect_err("tv_usec 1000001", set_tod(&tv, NULL), errno, EINVAL);
	tv.tv_usec = 1000000;
	expect_err("tv_usec 1000000", set_tod(&tv, NULL), errno, EINVAL);
	tv.tv_sec = -1;
	tv.tv_usec = 0;
	expect_err("tv_sec -1", set_tod(&tv, NULL), errno, EINVAL);
	tv.tv_sec = 0;
	expect_err("before boot", set_tod(&tv, NULL), errno, EINVAL);
	struct kernel_tz tz = {15 * 60 + 1, 0};
	expect_err("minuteswest 901", set_tod(NULL, &tz), errno, EINVAL);
	tz.minuteswest = -15 * 60 - 1;
	expect_err("minuteswest -901", set_tod(NULL, &tz), errno, EINVAL);
}

static void timezone_kept(void)
{
	show_ret("both NULL", set_tod(NULL, NULL), errno);
	struct kernel_tz tz = {-15 * 60, 1}, got = {7, 7};
	show_ret("set minuteswest -900 dsttime 1", set_tod(NULL, &tz), errno);
	show_ret("gettimeofday", syscall(SYS_gettimeofday, NULL, &got), errno);
	say("gettimeofday tz: %d %d\n", got.minuteswest, got.dsttime);
	tz.minuteswest = 0;
	tz.dsttime = 0;
	show_ret("back to UTC", set_tod(NULL, &tz), errno);
	syscall(SYS_gettimeofday, NULL, &got);
	say("gettimeofday tz: %d %d\n", got.minuteswest, got.dsttime);
}

static void clock_moved(void)
{
	struct timespec real0, mono0, real1, sys1, mono1;
	struct timeval tv;
	clock_gettime(CLOCK_REALTIME, &real0);
	clock_gettime(CLOCK_MONOTONIC, &mono0);
	tv.tv_sec = real0.tv_sec + 7200;
	tv.tv_usec = real0.tv_nsec / 1000;
	show_ret("set two hours ahead", set_tod(&tv, NULL), errno);
	clock_gettime(CLOCK_REALTIME, &real1); /* the vDSO */
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &sys1);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	long long passed = ns_of(mono1) - ns_of(mono0);
	yesno("monotonic did not jump", passed >= 0 && passed < 1000000000LL);
	long long jump = ns_of(real1) - ns_of(real0) - passed;
	yesno("vDSO: moved by two hours (within a second)", jump > 7199000000000LL && jump < 7201000000000LL);
	jump = ns_of(sys1) - ns_of(real0) - passed;
	yesno("syscall: moved by two hours (within a second)", jump > 7199000000000LL && jump < 7201000000000LL);
	struct timeval now;
	syscall(SYS_gettimeofday, &now, NULL);
	yesno("gettimeofday agrees", now.tv_sec >= tv.tv_sec && now.tv_sec < tv.tv_sec + 2);
	now.tv_sec -= 7200;
	show_ret("set back", set_tod(&now, NULL), errno);
}

static void unprivileged(void)
{
	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(2);
		struct timeval tv;
		gettimeofday(&tv, NULL);
		expect_err("as nobody: a valid time", set_tod(&tv, NULL), errno, EPERM);
		expect_err("as nobody: both NULL", set_tod(NULL, NULL), errno, EPERM);
		struct kernel_tz tz = {24 * 60, 0};
		expect_err("as nobody: minuteswest 1440", set_tod(NULL, &tz), errno, EPERM);
		tv.tv_usec = -1;
		expect_err("as nobody: tv_usec -1", set_tod(&tv, NULL), errno, EINVAL);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	invalid_arguments();
	timezone_kept();
	clock_moved();
	unprivileged();
	done();
	return 0;
}
