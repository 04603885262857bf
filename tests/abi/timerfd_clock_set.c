/* timerfd_clock_set: setting the wall clock (clock_settime of
 * CLOCK_REALTIME) acts on timerfds as Linux's clock_was_set does
 * (fs/timerfd.c timerfd_clock_was_set, timerfd_canceled): an absolute
 * CLOCK_REALTIME timer set with TFD_TIMER_CANCEL_ON_SET becomes readable and
 * its next read fails with ECANCELED, once; one without the flag keeps its
 * real-time expiry, so stepping the clock past it makes it fire at once; a
 * CLOCK_MONOTONIC timer is not touched, and neither is a relative
 * CLOCK_REALTIME one (kernel/time/hrtimer.c __hrtimer_init: "Relative
 * CLOCK_REALTIME timers are not affected by clock modifications", they run
 * on the monotonic base). The clock is put back at the end. */
#include "lvtest.h"
#include "clock_set_test.h"
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

static int real_timer(int flags, long long at_ns)
{
	int fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
	struct itimerspec v = {{0, 0}, {at_ns / NS, at_ns % NS}};
	show_ret("realtime settime", timerfd_settime(fd, flags, &v, NULL), errno);
	return fd;
}

int main(void)
{
	clock_set_start();
	uint64_t ticks = 0;
	int cancel_fd = real_timer(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, real0 + 3600 * NS);
	int abs_fd = real_timer(TFD_TIMER_ABSTIME, real0 + 7200 * NS);
	int rel_fd = real_timer(0, 3600 * NS);
	int mono_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
	struct itimerspec hour = {{0, 0}, {3600, 0}};
	show_ret("monotonic settime", timerfd_settime(mono_fd, 0, &hour, NULL), errno);
	expect_err("cancel-on-set before any setting", read(cancel_fd, &ticks, 8), errno, EAGAIN);

	show_ret("clock_settime now", set_real(0), errno);
	struct pollfd p = {cancel_fd, POLLIN, 0};
	int pr = poll(&p, 1, 0);
	say("poll cancel-on-set: %d revents %#x\n", pr, p.revents);
	expect_err("cancel-on-set read", read(cancel_fd, &ticks, 8), errno, ECANCELED);
	expect_err("cancel-on-set read again", read(cancel_fd, &ticks, 8), errno, EAGAIN);
	expect_err("absolute without the flag", read(abs_fd, &ticks, 8), errno, EAGAIN);

	/* two hours on: past both real-time expiries */
	show_ret("clock_settime +2h", set_real(7201 * NS), errno);
	p = (struct pollfd){abs_fd, POLLIN, 0};
	pr = poll(&p, 1, 10000);
	say("poll absolute: %d revents %#x\n", pr, p.revents);
	ssize_t n = read(abs_fd, &ticks, 8);
	say("read absolute: %zd ticks %llu\n", n, (unsigned long long)ticks);
	expect_err("cancel-on-set after the second setting", read(cancel_fd, &ticks, 8), errno, ECANCELED);
	expect_err("cancel-on-set then", read(cancel_fd, &ticks, 8), errno, EAGAIN);
	expect_err("monotonic untouched", read(mono_fd, &ticks, 8), errno, EAGAIN);
	struct itimerspec cur;
	timerfd_gettime(mono_fd, &cur);
	yesno("monotonic still over 3500 s away", cur.it_value.tv_sec >= 3500);
	expect_err("relative realtime untouched", read(rel_fd, &ticks, 8), errno, EAGAIN);
	timerfd_gettime(rel_fd, &cur);
	yesno("relative realtime still over 3500 s away", cur.it_value.tv_sec >= 3500);

	/* a new setting clears the cancellation; setting the clock cancels it again */
	struct itimerspec later = {{0, 0}, {(real0 + 3 * 3600 * NS) / NS, 0}};
	show_ret("re-set cancel-on-set",
		 timerfd_settime(cancel_fd, TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, &later, NULL), errno);
	expect_err("re-set read", read(cancel_fd, &ticks, 8), errno, EAGAIN);
	show_ret("clock put back", set_real(0), errno);
	expect_err("read after the clock went back", read(cancel_fd, &ticks, 8), errno, ECANCELED);
	yesno("clock back within a minute", now_ns(CLOCK_REALTIME) - real0 < 60 * NS);
	done();
	return 0;
}
