/* clock_adjtime_clocks: clock_adjtime(2) (kernel/time/posix-timers.c
 * do_clock_adjtime) adjusts only CLOCK_REALTIME, as adjtimex does: reading
 * it returns adjtimex's state; every other clock Linux has (MONOTONIC,
 * the CPU-time clocks, BOOTTIME, TAI...) has no clock_adj, EOPNOTSUPP; an
 * id no clock has (10, 12) and a clock fd that is no clock EINVAL; the
 * structure is read first (EFAULT before the clock is looked at). */
#include "lvtest.h"
#include <sys/timex.h>
#include <time.h>

static long cadj(clockid_t clock, struct timex *tx)
{
	return syscall(SYS_clock_adjtime, clock, tx);
}

int main(void)
{
	struct timex tx, tx2;
	memset(&tx, 0, sizeof(tx));
	memset(&tx2, 0, sizeof(tx2));
	long r1 = cadj(CLOCK_REALTIME, &tx);
	long r2 = syscall(SYS_adjtimex, &tx2);
	say("CLOCK_REALTIME: ret=%ld, adjtimex ret=%ld, same status %d tick %ld\n", r1, r2, tx.status == tx2.status,
	    tx.tick);
	expect_err("bad pointer", cadj(CLOCK_MONOTONIC, (struct timex *)8), errno, EFAULT);
	int clocks[] = {CLOCK_MONOTONIC,
			CLOCK_PROCESS_CPUTIME_ID,
			CLOCK_THREAD_CPUTIME_ID,
			CLOCK_MONOTONIC_RAW,
			CLOCK_REALTIME_COARSE,
			CLOCK_MONOTONIC_COARSE,
			CLOCK_BOOTTIME,
			CLOCK_REALTIME_ALARM,
			CLOCK_BOOTTIME_ALARM,
			CLOCK_TAI,
			10,
			12,
			-1,
			-6 /* CPU-time clocks */};
	for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
		char label[32];
		snprintf(label, sizeof label, "clock %d", clocks[i]);
		memset(&tx, 0, sizeof(tx));
		show_ret(label, cadj(clocks[i], &tx), errno);
	}
	/* a clock fd: (~fd << 3) | 3 (CLOCKFD), here stdin, which is no clock */
	memset(&tx, 0, sizeof(tx));
	show_ret("clock fd 0", cadj((clockid_t)((~0U << 3) | 3), &tx), errno);
	memset(&tx, 0, sizeof(tx));
	tx.modes = ADJ_TICK;
	tx.tick = 1;
	show_ret("CLOCK_MONOTONIC with a bad tick", cadj(CLOCK_MONOTONIC, &tx), errno);
	show_ret("CLOCK_REALTIME with a bad tick", cadj(CLOCK_REALTIME, &tx), errno);
	done();
	return 0;
}
