/* clock_set_test.h — for tests that set CLOCK_REALTIME and put it back:
 * both clocks read at the start, and a setting relative to where the wall
 * clock would be had the test never set it. Call clock_set_start() first;
 * include lvtest.h before (its wait_until_sleeping waits for a child's sleep). */
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
