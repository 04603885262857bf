/* timerfd_basic: timerfd_create/settime/gettime (Linux fs/timerfd.c): a
 * one-shot timer read as an 8-byte count, a periodic one counting missed
 * periods, EAGAIN with TFD_NONBLOCK, poll readiness, TFD_TIMER_ABSTIME on
 * CLOCK_REALTIME (with TFD_TIMER_CANCEL_ON_SET accepted) and
 * CLOCK_BOOTTIME, gettime's time left and interval, settime's old value
 * and disarming, TFD_CLOEXEC, and the errors. */
#include "lvtest.h"
#include <poll.h>
#include <sys/timerfd.h>
#include <time.h>

#ifndef TFD_TIMER_CANCEL_ON_SET
#define TFD_TIMER_CANCEL_ON_SET 2
#endif

static long long now_ns(int clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static long tset(int fd, int flags, long long value_ns, long long interval_ns, struct itimerspec *old)
{
	struct itimerspec v = {{interval_ns / 1000000000LL, interval_ns % 1000000000LL},
			       {value_ns / 1000000000LL, value_ns % 1000000000LL}};
	return syscall(SYS_timerfd_settime, fd, flags, &v, old);
}

int main(void)
{
	int fd = (int)syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 0);
	yesno("create monotonic", fd >= 0);
	struct itimerspec cur;
	show_ret("gettime fresh", syscall(SYS_timerfd_gettime, fd, &cur), 0);
	say("fresh: %ld.%09ld %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
	    (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	/* one-shot: read blocks until the expiry, then returns 1 */
	long long t0 = now_ns(CLOCK_MONOTONIC);
	show_ret("settime 20ms", tset(fd, 0, 20000000, 0, NULL), 0);
	unsigned long long ticks = 0;
	errno = 0;
	char small[4];
	expect_err("read 4 bytes", read(fd, small, sizeof(small)), errno, EINVAL);
	ssize_t n = read(fd, &ticks, sizeof(ticks));
	say("read %zd ticks %llu after >= 20 ms %d\n", n, ticks, now_ns(CLOCK_MONOTONIC) - t0 >= 20000000LL);
	syscall(SYS_timerfd_gettime, fd, &cur);
	say("one-shot after: %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec);
	close(fd);

	/* periodic and non-blocking: the count covers every period since the last read */
	fd = (int)syscall(SYS_timerfd_create, CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	yesno("create nonblock|cloexec", fd >= 0);
	say("cloexec %d nonblock %d\n", (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0, (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
	errno = 0;
	expect_err("read disarmed nonblock", read(fd, &ticks, 8), errno, EAGAIN);
	struct pollfd p = {fd, POLLIN, 0};
	say("poll disarmed: %d\n", poll(&p, 1, 0));
	long long ta = now_ns(CLOCK_MONOTONIC);
	tset(fd, 0, 5000000, 5000000, NULL);
	long long tb = now_ns(CLOCK_MONOTONIC);
	syscall(SYS_timerfd_gettime, fd, &cur);
	say("periodic interval %ld.%09ld armed %d\n", (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec,
	    cur.it_value.tv_nsec > 0 && cur.it_value.tv_nsec <= 5000000);
	p.revents = 0;
	int pr = poll(&p, 1, 5000);
	say("poll: %d revents %#x\n", pr, p.revents);
	long long end = now_ns(CLOCK_MONOTONIC) + 50000000LL;
	while (now_ns(CLOCK_MONOTONIC) < end)
		;
	long long tc = now_ns(CLOCK_MONOTONIC);
	n = read(fd, &ticks, 8);
	long long td = now_ns(CLOCK_MONOTONIC);
	/* every period that ended between setting and reading, give or take the one in progress */
	long long lo = (tc - tb) / 5000000 - 1, hi = (td - ta) / 5000000;
	say("read %zd, ticks >= 9 %d, within the elapsed periods %d\n", n, ticks >= 9,
	    (long long)ticks >= lo && (long long)ticks <= hi);
	/* settime returns the old setting, and a zero value disarms */
	struct itimerspec old;
	show_ret("disarm", tset(fd, 0, 0, 0, &old), 0);
	say("old interval %ld.%09ld\n", (long)old.it_interval.tv_sec, old.it_interval.tv_nsec);
	errno = 0;
	expect_err("read after disarm", read(fd, &ticks, 8), errno, EAGAIN);
	syscall(SYS_timerfd_gettime, fd, &cur);
	say("disarmed: %ld.%09ld %ld.%09ld\n", (long)cur.it_value.tv_sec, cur.it_value.tv_nsec,
	    (long)cur.it_interval.tv_sec, cur.it_interval.tv_nsec);
	close(fd);

	/* absolute realtime, with CANCEL_ON_SET */
	fd = (int)syscall(SYS_timerfd_create, CLOCK_REALTIME, 0);
	long long when = now_ns(CLOCK_REALTIME) + 20000000LL;
	t0 = now_ns(CLOCK_MONOTONIC);
	show_ret("settime realtime abs", tset(fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, when, 0, NULL), 0);
	n = read(fd, &ticks, 8);
	say("realtime abs: read %zd ticks %llu waited >= 19 ms %d\n", n, ticks,
	    now_ns(CLOCK_MONOTONIC) - t0 >= 19000000LL);
	/* an absolute time in the past: due at once */
	show_ret("settime realtime past", tset(fd, TFD_TIMER_ABSTIME, 1000000000LL, 0, NULL), 0);
	n = read(fd, &ticks, 8);
	say("past: read %zd ticks %llu\n", n, ticks);
	close(fd);
	fd = (int)syscall(SYS_timerfd_create, CLOCK_BOOTTIME, 0);
	when = now_ns(CLOCK_BOOTTIME) + 10000000LL;
	show_ret("settime boottime abs", tset(fd, TFD_TIMER_ABSTIME, when, 0, NULL), 0);
	n = read(fd, &ticks, 8);
	say("boottime abs: read %zd ticks %llu\n", n, ticks);

	/* errors */
	errno = 0;
	expect_err("create clock 2", syscall(SYS_timerfd_create, CLOCK_PROCESS_CPUTIME_ID, 0), errno, EINVAL);
	errno = 0;
	expect_err("create clock coarse", syscall(SYS_timerfd_create, CLOCK_MONOTONIC_COARSE, 0), errno, EINVAL);
	errno = 0;
	expect_err("create flags 1", syscall(SYS_timerfd_create, CLOCK_MONOTONIC, 1), errno, EINVAL);
	errno = 0;
	expect_err("settime flags 4", tset(fd, 4, 1000, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("settime nsec 1e9",
		   syscall(SYS_timerfd_settime, fd, 0, &(struct itimerspec){{0, 0}, {0, 1000000000}}, NULL), errno,
		   EINVAL);
	errno = 0;
	expect_err("settime NULL", syscall(SYS_timerfd_settime, fd, 0, NULL, NULL), errno, EFAULT);
	errno = 0;
	expect_err("settime bad fd", tset(999, 0, 1000, 0, NULL), errno, EBADF);
	errno = 0;
	expect_err("settime not a timerfd", tset(0, 0, 1000, 0, NULL), errno, EINVAL);
	errno = 0;
	expect_err("gettime not a timerfd", syscall(SYS_timerfd_gettime, 1, &cur), errno, EINVAL);
	errno = 0;
	expect_err("gettime bad fd", syscall(SYS_timerfd_gettime, -1, &cur), errno, EBADF);
	errno = 0;
	expect_err("gettime EFAULT", syscall(SYS_timerfd_gettime, fd, (void *)8), errno, EFAULT);
	done();
	return 0;
}
