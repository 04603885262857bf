/* vdso_clock_second_carry: the vDSO's fine clocks stay right across whole
 * seconds. LevitateOS's vDSO adds the nanoseconds since its base (at most a
 * tick old) to the base's seconds and nanoseconds and carries into the
 * seconds only when the sum passes one (kernel/include/vvar.h): in the
 * first milliseconds of a second, until the next tick moves the base;
 * Linux's does the same (__iter_div_u64_rem). For MONOTONIC, REALTIME, BOOTTIME and
 * MONOTONIC_RAW, libc's clock_gettime (the vDSO) and the raw syscall are
 * interleaved until the seconds have turned and some vDSO readings fell
 * in a second's first 4 ms (where the carry path runs): no reading
 * goes back and tv_nsec stays in [0, 1e9). gettimeofday the same
 * against clock_gettime(CLOCK_REALTIME). Prints only facts. */
#include "lvtest.h"
#include <stdbool.h>
#include <sys/time.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000LL
#define TURNS 1
#define FIRST_NS 4000000       /* a second's first 4 ms: a tick of 250 Hz */
#define MAX_READINGS 50000000L /* a bound, far above what two seconds take */

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * NSEC_PER_SEC + t->tv_nsec;
}

static void across_seconds(clockid_t id, const char *name)
{
	struct timespec prev, t;
	int back = 0, range = 0, errs = 0, turns = 0;
	long near_turn = 0;
	if (clock_gettime(id, &prev) != 0)
		errs++;
	for (long i = 0; i < MAX_READINGS && (turns < TURNS || near_turn == 0); i++) {
		bool via_vdso = i & 1;
		if ((via_vdso ? clock_gettime(id, &t) : syscall(SYS_clock_gettime, id, &t)) != 0)
			errs++;
		if (ns(&t) < ns(&prev))
			back++;
		if (t.tv_nsec < 0 || t.tv_nsec >= NSEC_PER_SEC)
			range++;
		if (via_vdso && t.tv_nsec < FIRST_NS)
			near_turn++;
		if (t.tv_sec != prev.tv_sec)
			turns++;
		prev = t;
	}
	say("%s: seconds turned: %s, errors %d, backwards %d, tv_nsec out of range %d, vDSO readings in a "
	    "second's first 4 ms: %s\n",
	    name, turns ? "yes" : "no", errs, back, range, near_turn > 0 ? "some" : "none");
}

static void gettimeofday_across_seconds(void)
{
	struct timeval tv, prev_tv = {0, 0};
	struct timespec ts;
	int back = 0, range = 0, turns = 0;
	long long prev_us = 0;
	for (long i = 0; i < MAX_READINGS && turns < TURNS; i++) {
		long long us;
		if (i & 1) {
			gettimeofday(&tv, NULL);
			if (tv.tv_usec < 0 || tv.tv_usec >= 1000000)
				range++;
			us = (long long)tv.tv_sec * 1000000 + tv.tv_usec;
			if (i > 1 && tv.tv_sec != prev_tv.tv_sec)
				turns++;
			prev_tv = tv;
		} else {
			clock_gettime(CLOCK_REALTIME, &ts);
			us = ns(&ts) / 1000;
		}
		if (i > 0 && us < prev_us)
			back++;
		prev_us = us;
	}
	say("gettimeofday/REALTIME: seconds turned: %s, backwards %d, tv_usec out of range %d\n", turns ? "yes" : "no",
	    back, range);
}

int main(void)
{
	across_seconds(CLOCK_MONOTONIC, "MONOTONIC");
	across_seconds(CLOCK_REALTIME, "REALTIME");
	across_seconds(CLOCK_BOOTTIME, "BOOTTIME");
	across_seconds(CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW");
	gettimeofday_across_seconds();
	done();
	return 0;
}
