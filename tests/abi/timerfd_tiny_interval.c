/*
 * timerfd_tiny_interval.c — a timerfd with a 1 ns period (Linux
 * fs/timerfd.c: the hrtimer is not restarted by its expiry, timerfd_read
 * forwards and restarts it): the system keeps running, a read after 50 ms
 * counts the periods that ended (many), and a blocking read of a 10 ms
 * periodic timer after a read waits for the next period (the read re-arms
 * it). Found by the system-call fuzzer: re-arming from the timer interrupt
 * kept the CPU there for good.
 */
#include "lvtest.h"

#include <poll.h>
#include <sys/timerfd.h>
#include <time.h>

int main(void)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec tiny = {.it_interval = {0, 1}, .it_value = {0, 1}};
	if (fd < 0 || timerfd_settime(fd, 0, &tiny, NULL))
		return 1;
	nanosleep(&(struct timespec){0, 50000000}, NULL);
	unsigned long long ticks = 0;
	if (read(fd, &ticks, sizeof ticks) != sizeof ticks)
		return 2;
	say("1 ns period, after 50 ms: more than 1000 expiries: %s\n", ticks > 1000 ? "yes" : "no");
	struct pollfd p = {.fd = fd, .events = POLLIN};
	nanosleep(&(struct timespec){0, 1000000}, NULL);
	say("readable again 1 ms later: %d\n", poll(&p, 1, 0));
	close(fd);

	fd = timerfd_create(CLOCK_MONOTONIC, 0);
	struct itimerspec ten = {.it_interval = {0, 10000000}, .it_value = {0, 10000000}};
	if (fd < 0 || timerfd_settime(fd, 0, &ten, NULL))
		return 3;
	for (int i = 0; i < 3; i++) {
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (read(fd, &ticks, sizeof ticks) != sizeof ticks)
			return 4;
		clock_gettime(CLOCK_MONOTONIC, &b);
		long waited = (b.tv_sec - a.tv_sec) * 1000000000L + (b.tv_nsec - a.tv_nsec);
		say("10 ms period, read %d: at least one expiry: %s, waited under 1 s: %s\n", i,
		    ticks >= 1 ? "yes" : "no", waited < 1000000000L ? "yes" : "no");
	}
	done();
	return 0;
}
