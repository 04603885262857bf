/* clock_settime_realtime: clock_settime(CLOCK_REALTIME) moves the wall
 * clock (kernel/time/posix-timers.c, timekeeping.c do_settimeofday64):
 * after moving it an hour ahead, both the system call and the vDSO's
 * clock_gettime read about an hour more than CLOCK_MONOTONIC says passed;
 * it is put back at the end. Errors in Linux's order: CLOCK_MONOTONIC has
 * no setter (EINVAL), a bad pointer is EFAULT, tv_nsec of 1e9 EINVAL, a
 * time before boot EINVAL, and a process without CAP_SYS_TIME gets EPERM. */
#include "lvtest.h"
#include <sys/wait.h>
#include <time.h>

static long long ns_of(struct timespec t)
{
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(void)
{
	struct timespec real0, mono0, real1, mono1, sys1, ts;
	ts.tv_sec = 100;
	ts.tv_nsec = 0;
	expect_err("CLOCK_MONOTONIC", syscall(SYS_clock_settime, CLOCK_MONOTONIC, &ts), errno, EINVAL);
	expect_err("bad pointer", syscall(SYS_clock_settime, CLOCK_REALTIME, (void *)8), errno, EFAULT);
	ts.tv_nsec = 1000000000;
	expect_err("tv_nsec 1e9", syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), errno, EINVAL);
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	expect_err("before boot", syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), errno, EINVAL);

	clock_gettime(CLOCK_REALTIME, &real0);
	clock_gettime(CLOCK_MONOTONIC, &mono0);
	ts = real0;
	ts.tv_sec += 3600;
	show_ret("set an hour ahead", syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), errno);
	clock_gettime(CLOCK_REALTIME, &real1); /* the vDSO */
	syscall(SYS_clock_gettime, CLOCK_REALTIME, &sys1);
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	long long jump = (ns_of(real1) - ns_of(real0)) - (ns_of(mono1) - ns_of(mono0));
	yesno("vDSO: moved by an hour (within a second)", jump > 3599000000000LL && jump < 3601000000000LL);
	jump = (ns_of(sys1) - ns_of(real0)) - (ns_of(mono1) - ns_of(mono0));
	yesno("syscall: moved by an hour (within a second)", jump > 3599000000000LL && jump < 3601000000000LL);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec -= 3600;
	show_ret("set back", syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), errno);

	pid_t child = fork();
	if (child == 0) {
		if (setuid(65534))
			_exit(2);
		clock_gettime(CLOCK_REALTIME, &ts);
		expect_err("as nobody", syscall(SYS_clock_settime, CLOCK_REALTIME, &ts), errno, EPERM);
		fflush(stdout);
		_exit(0);
	}
	int status;
	waitpid(child, &status, 0);
	yesno("child exited 0", WIFEXITED(status) && WEXITSTATUS(status) == 0);
	done();
	return 0;
}
