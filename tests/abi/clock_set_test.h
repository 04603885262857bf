/* clock_set_test.h — for tests that set CLOCK_REALTIME and put it back:
 * both clocks read at the start, and a setting relative to where the wall
 * clock would be had the test never set it, and a wait for a child to sleep
 * in the kernel. Call clock_set_start() first; include lvtest.h before. */
#pragma once
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define NS 1000000000LL

static long long real0, mono0; /* both clocks at the start */

static long long now_ns(int clock)
{
	struct timespec t;
	clock_gettime(clock, &t);
	return (long long)t.tv_sec * NS + t.tv_nsec;
}

static void clock_set_start(void)
{
	real0 = now_ns(CLOCK_REALTIME);
	mono0 = now_ns(CLOCK_MONOTONIC);
}

/* CLOCK_REALTIME := where it would be without the test's settings, plus add_ns. */
static long set_real(long long add_ns)
{
	long long real = real0 + (now_ns(CLOCK_MONOTONIC) - mono0) + add_ns;
	struct timespec t = {real / NS, real % NS};
	return clock_settime(CLOCK_REALTIME, &t);
}

/* Waits until pid sleeps in the kernel (its /proc stat state is S). */
static inline void wait_sleeping(pid_t pid)
{
	char path[64], buf[256];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	for (long i = 0; i < 10000000; i++) {
		int fd = open(path, O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);
		close(fd);
		if (n <= 0)
			break;
		buf[n] = 0;
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		sched_yield();
	}
	say("child never slept\n");
}
