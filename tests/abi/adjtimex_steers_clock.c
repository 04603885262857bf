/* adjtimex_steers_clock: adjtimex(2) changes the rate of CLOCK_MONOTONIC
 * (and REALTIME, BOOTTIME) but not of CLOCK_MONOTONIC_RAW (Linux
 * kernel/time/ntp.c ntp_update_frequency, timekeeping.c's steered mult).
 * Measured against the raw clock over about a second: ADJ_FREQUENCY +500
 * ppm gains about 500 us, -500 ppm loses it, ADJ_TICK 10100 (1% longer
 * ticks) gains about 10 ms, and adjtime(3)'s slew (ADJ_OFFSET_SINGLESHOT)
 * gains up to 500 us a second while its remainder shrinks; a PLL phase offset
 * (ADJ_OFFSET under STA_PLL) is spent a share a second. The vDSO's clock_gettime
 * and the syscall agree and never go backwards when mixed. The values read
 * back are what was set (freq in ppm << 16, tick). Everything is put back. */
#include "lvtest.h"
#include <sys/timex.h>
#include <time.h>

static long long ns_of(clockid_t id, int use_syscall)
{
	struct timespec ts;
	if (use_syscall)
		syscall(SYS_clock_gettime, id, &ts);
	else
		clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The monotonic and raw clocks at one moment: a monotonic read between two
 * raw reads close together (not split by the host descheduling the CPU),
 * against their midpoint. */
static void pair(long long *mono, long long *raw)
{
	long long a, b;
	do {
		a = ns_of(CLOCK_MONOTONIC_RAW, 0);
		*mono = ns_of(CLOCK_MONOTONIC, 0);
		b = ns_of(CLOCK_MONOTONIC_RAW, 0);
	} while (b - a > 20000);
	*raw = a + (b - a) / 2;
}

/* The monotonic clock's gain over the raw one while the raw clock runs for
 * secs seconds, in us a second. A busy wait, not a sleep: Linux applies a
 * new rate when its tick accumulates time, which an idle (NO_HZ) CPU
 * postpones until it wakes. */
static long long gain_us(int secs)
{
	long long m0, r0, m1, r1;
	pair(&m0, &r0);
	do
		pair(&m1, &r1);
	while (r1 - r0 < secs * 1000000000LL);
	return ((m1 - m0) - (r1 - r0)) * 1000000000LL / (r1 - r0) / 1000;
}

static int set_timex(unsigned modes, long freq, long tick)
{
	struct timex tx = {.modes = modes, .freq = freq, .tick = tick};
	return adjtimex(&tx);
}

static void in_range(const char *label, long long v, long long lo, long long hi)
{
	say("%s: %s\n", label, v >= lo && v <= hi ? "in range" : "OUT OF RANGE");
	if (v < lo || v > hi)
		say("  (%lld, want %lld..%lld)\n", v, lo, hi);
}

static void mixed_reads(void)
{
	long long last = 0;
	int backwards = 0;
	for (int i = 0; i < 200000; i++) {
		long long t = ns_of(CLOCK_MONOTONIC, i & 1);
		backwards += t < last;
		last = t;
	}
	yesno("vDSO and syscall mixed never go backwards", backwards == 0);
}

int main(void)
{
	struct timex saved = {0};
	adjtimex(&saved);
	set_timex(ADJ_FREQUENCY | ADJ_TICK, 0, 10000);
	struct timex no_slew = {.modes = ADJ_OFFSET_SINGLESHOT, .offset = 0};
	adjtimex(&no_slew);
	(void)gain_us(1); /* the second a slew left behind (an earlier run's) ends */
	in_range("no steering: gain (us)", gain_us(1), -50, 50);

	set_timex(ADJ_FREQUENCY, 500L << 16, 0);
	struct timex rd = {0};
	adjtimex(&rd);
	say("freq reads back %ld\n", rd.freq);
	in_range("+500 ppm: gain (us)", gain_us(1), 400, 600);
	mixed_reads();
	set_timex(ADJ_FREQUENCY, -(500L << 16), 0);
	in_range("-500 ppm: gain (us)", gain_us(1), -600, -400);
	set_timex(ADJ_FREQUENCY, 0, 0);

	set_timex(ADJ_TICK, 0, 10100);
	memset(&rd, 0, sizeof(rd));
	adjtimex(&rd);
	say("tick reads back %ld\n", rd.tick);
	in_range("tick 10100: gain (us)", gain_us(1), 9000, 11000);
	mixed_reads();
	set_timex(ADJ_TICK, 0, 10000);

	struct timex slew = {.modes = ADJ_OFFSET_SINGLESHOT, .offset = 5000};
	adjtimex(&slew);
	in_range("adjtime 5000 us: gain over 2 s (us a second)", gain_us(2), 200, 550);
	struct timex left = {.modes = ADJ_OFFSET_SS_READ};
	adjtimex(&left);
	in_range("adjtime left (us)", left.offset, 3000, 4750);
	struct timex stop = {.modes = ADJ_OFFSET_SINGLESHOT, .offset = 0};
	adjtimex(&stop);
	in_range("adjtime stopped: old left (us)", stop.offset, 3000, 4750);

	/* the PLL: a phase offset is spent a share (1 / 2^(2 + time constant))
	 * a second, and reads back as what is left */
	struct timex pll = {.modes = ADJ_STATUS | ADJ_TIMECONST, .status = STA_PLL, .constant = 0};
	adjtimex(&pll); /* time constant 0 + 4 (micro units): a sixty-fourth a second */
	struct timex off = {.modes = ADJ_OFFSET, .offset = 20000};
	adjtimex(&off);
	say("PLL offset 20000 us reads back %ld\n", off.offset);
	in_range("PLL offset: gain over 2 s (us a second)", gain_us(2), 100, 650);
	struct timex now = {0};
	adjtimex(&now);
	in_range("PLL offset left (us)", now.offset, 18000, 19800);
	/* put everything back for the next program: no offset left (turning
	 * STA_PLL off keeps it), the PLL off, the time constant as it was
	 * (set in nano units, where no 4 is added), the rest */
	struct timex no_off = {.modes = ADJ_OFFSET, .offset = 0};
	adjtimex(&no_off);
	struct timex unpll = {.modes = ADJ_STATUS | ADJ_FREQUENCY, .status = 0, .freq = 0};
	adjtimex(&unpll);
	struct timex tc = {.modes = ADJ_NANO | ADJ_TIMECONST, .constant = saved.constant};
	adjtimex(&tc);
	struct timex units = {.modes = (saved.status & STA_NANO) ? ADJ_NANO : ADJ_MICRO};
	adjtimex(&units);
	saved.modes = ADJ_FREQUENCY | ADJ_TICK | ADJ_STATUS;
	adjtimex(&saved);
	done();
	return 0;
}
