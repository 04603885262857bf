/* vdso_clock_coarse: the coarse clocks, time() and the error cases of the
 * vDSO clock functions behave as Linux's (clock_gettime(2): "a faster but
 * less precise version" updated at the tick; clock_getres(2); time(2)).
 * Each coarse clock is never ahead of its fine clock read right after it,
 * never goes backwards, advances while time passes, in steps no smaller
 * than about its resolution; time() lies between REALTIME_COARSE read
 * before it and REALTIME read after it; invalid clock ids are EINVAL
 * through libc (vDSO) and the raw syscall alike. Prints only facts. */
#include "lvtest.h"
#include <limits.h>
#include <sys/time.h>
#include <time.h>

static long long ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

static long long libc_ns(clockid_t id)
{
	struct timespec t;
	if (clock_gettime(id, &t) != 0)
		return -1;
	return ns(&t);
}

/* Reads coarse then fine until fine has moved on by 60 ms (at least a dozen
 * 250 Hz ticks on both kernels) and the coarse clock has stepped twice; on a
 * loaded host the guest can lose 60 ms at once, so the loop may run on for up
 * to 2 s of fine time before it gives up. */
static void coarse_vs_fine(clockid_t coarse, clockid_t fine, const char *name)
{
	long long start = libc_ns(fine), prev = -1, min_step = LLONG_MAX, max_lag = 0;
	int ahead = 0, back = 0, steps = 0, errs = 0;
	for (;;) {
		long long c = libc_ns(coarse), f = libc_ns(fine);
		if (c < 0 || f < 0) {
			errs++;
			break;
		}
		if (c > f)
			ahead++;
		if (f - c > max_lag)
			max_lag = f - c;
		if (prev >= 0 && c < prev)
			back++;
		if (prev >= 0 && c > prev) {
			steps++;
			if (c - prev < min_step)
				min_step = c - prev;
		}
		prev = c;
		if (f - start >= 60000000LL && steps >= 2)
			break;
		if (f - start >= 2000000000LL)
			break;
	}
	say("%s: errors %d, ahead of fine %d, backwards %d\n", name, errs, ahead, back);
	yesno("  advanced at least twice", steps >= 2);
	yesno("  smallest step >= 3.9 ms", steps && min_step >= 3900000LL);
	yesno("  lags its fine clock by less than 1 s", max_lag < 1000000000LL);
	struct timespec res;
	int r = clock_getres(coarse, &res);
	say("  clock_getres: ret %d, %lld.%09ld s\n", r, (long long)res.tv_sec, res.tv_nsec);
}

static void time_between(void)
{
	struct timespec before, after;
	int bad = 0, mismatch = 0;
	for (int i = 0; i < 1000; i++) {
		time_t stored = 0;
		clock_gettime(CLOCK_REALTIME_COARSE, &before);
		time_t t = time(&stored);
		clock_gettime(CLOCK_REALTIME, &after);
		if (t < before.tv_sec || t > after.tv_sec)
			bad++;
		if (stored != t)
			mismatch++;
	}
	say("time(): outside [REALTIME_COARSE before, REALTIME after] %d of 1000, stored != returned %d\n", bad,
	    mismatch);
}

static void invalid_ids(void)
{
	static const clockid_t ids[] = {10, 12, 15, 16, 31, 32, 1000, INT_MAX, -1, INT_MIN};
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		struct timespec t;
		errno = 0;
		int r1 = clock_gettime(ids[i], &t);
		int e1 = r1 ? errno : 0;
		errno = 0;
		int r2 = clock_getres(ids[i], &t);
		int e2 = r2 ? errno : 0;
		errno = 0;
		int r3 = clock_getres(ids[i], NULL);
		int e3 = r3 ? errno : 0;
		errno = 0;
		long r4 = syscall(SYS_clock_gettime, ids[i], &t);
		int e4 = r4 ? errno : 0;
		say("clock %d: gettime %s, getres %s, getres(NULL) %s, raw gettime %s\n", ids[i], errname(e1),
		    errname(e2), errname(e3), errname(e4));
	}
}

static void null_results(void)
{
	static const clockid_t ids[] = {CLOCK_REALTIME,	       CLOCK_MONOTONIC,	       CLOCK_MONOTONIC_RAW,
					CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME};
	int fails = 0;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (clock_getres(ids[i], NULL) != 0)
			fails++;
	say("clock_getres(fast clock, NULL) failures: %d\n", fails);
	struct timeval *volatile none = NULL; /* glibc declares tv nonnull; the vDSO accepts NULL */
	say("gettimeofday(NULL, NULL): %d\n", gettimeofday(none, NULL));
}

/* MONOTONIC_RAW and BOOTTIME through libc never go backwards. */
static void fine_monotonic(clockid_t id, const char *name)
{
	long long prev = libc_ns(id);
	int back = 0;
	for (int i = 0; i < 2000; i++) {
		long long t = libc_ns(id);
		if (t < prev)
			back++;
		prev = t;
	}
	say("%s: backwards in 2000 reads: %d\n", name, back);
}

int main(void)
{
	coarse_vs_fine(CLOCK_MONOTONIC_COARSE, CLOCK_MONOTONIC, "MONOTONIC_COARSE");
	coarse_vs_fine(CLOCK_REALTIME_COARSE, CLOCK_REALTIME, "REALTIME_COARSE");
	time_between();
	fine_monotonic(CLOCK_MONOTONIC_RAW, "MONOTONIC_RAW");
	fine_monotonic(CLOCK_BOOTTIME, "BOOTTIME");
	invalid_ids();
	null_results();
	done();
	return 0;
}
