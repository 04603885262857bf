/*
 * ntp.c — the kernel's NTP clock discipline that adjtimex(2) and
 * clock_adjtime(2) read and set (Linux kernel/time/ntp.c: __do_adjtimex,
 * second_overflow, without PPS, which Debian's kernel builds without).
 *
 * The state: the status word (STA_*), the clock state (TIME_OK, TIME_INS,
 * TIME_DEL, TIME_OOP, TIME_WAIT), the maximum and estimated errors (the
 * maximum error grows by 500 us a second and reaching NTP_PHASE_LIMIT marks
 * the clock unsynchronised, as Linux's second_overflow does; it is aged when
 * read), the time constant, the output units (ADJ_NANO, ADJ_MICRO), and
 * what steers the clock:
 *  - the length of a second of CLOCK_MONOTONIC/REALTIME/BOOTTIME, in ns <<
 *    32: the tick (ADJ_TICK, us per 1/USER_HZ: 10000 is 1e9 ns a second)
 *    plus the frequency offset (ADJ_FREQUENCY, ppm << 16, at most 500 ppm),
 *    handed to time.c (time_set_rate), which changes the clocks' rate from
 *    that moment without a jump; CLOCK_MONOTONIC_RAW is never steered;
 *  - the PLL/FLL phase offset (ADJ_OFFSET under STA_PLL), of which each
 *    second 1 / 2^(SHIFT_PLL + time constant) is added to that second's
 *    length, and which also corrects the frequency (ntp_update_offset);
 *  - adjtime(3)'s slew (ADJ_OFFSET_SINGLESHOT): 500 us more or less a
 *    second until it is used up;
 *  - a leap second (STA_INS, STA_DEL): at the end of the UTC day (the
 *    second that is a multiple of 86400) CLOCK_REALTIME is stepped back one
 *    second (23:59:59 is repeated, TIME_OOP) or ahead one.
 * The per-second work (Linux's second_overflow, run at each second of the
 * realtime clock) runs in a kernel timer that fires at the start of each
 * realtime second, only while there is per-second work (a slew or offset
 * to spend, a leap pending or in progress); otherwise the rate is constant.
 * Linux's NTP interval is its tick, 1/HZ with HZ 250 on Debian: the units
 * of time_offset and tick_length are the same here, so the values read
 * back are Linux's.
 *
 * Not done: ADJ_TAI (the TAI offset) is EOPNOTSUPP unless it asks for what
 * is there (0, or a value Linux ignores), since CLOCK_TAI is CLOCK_REALTIME
 * here; the leap second therefore does not move the TAI offset either.
 *
 * Permission checks (CAP_SYS_TIME) and argument validation are the
 * syscall layer's (syscall/sys_time.c), as timekeeping.c validates before
 * ntp.c runs.
 *
 * Locking: ntp_lock protects every field below; it is taken with
 * interrupts off (the per-second timer takes it in the timer interrupt).
 * Under it are taken what a step or a change of rate takes: time.c's
 * timer_lock, then core/vvar.c's vvar_lock; and, from adjtimex's
 * ADJ_SETOFFSET only, the clock-set hooks' locks (time_inject_realtime_offset).
 */
#include <time.h>

#include <printk.h>
#include <spinlock.h>
#include <uapi/errno.h>

#define USER_HZ 100
#define USER_TICK_USEC 10000  /* (1000000 + USER_HZ / 2) / USER_HZ */
#define NTP_INTERVAL_FREQ 250 /* Linux's HZ (Debian: CONFIG_HZ=250), the NTP interval */
#define NTP_SCALE_SHIFT 32    /* time_offset, time_freq, tick_length: ns << 32 */
#define SHIFT_PLL 2	      /* the PLL's gain */
#define SHIFT_FLL 2	      /* the FLL's gain */
#define SHIFT_USEC 16	      /* timex.freq: ppm << 16 */
#define PPM_SCALE (1000LL << (NTP_SCALE_SHIFT - SHIFT_USEC))
#define PPM_SCALE_INV_SHIFT 19
#define PPM_SCALE_INV ((1LL << (PPM_SCALE_INV_SHIFT + NTP_SCALE_SHIFT)) / PPM_SCALE + 1)
#define MAXPHASE 500000000LL /* the largest phase offset, ns */
#define MAXFREQ 500000LL     /* the largest frequency offset, ns a second */
#define MAXFREQ_SCALED (MAXFREQ << NTP_SCALE_SHIFT)
#define MINSEC 256	  /* the FLL's shortest and ... */
#define MAXSEC 2048	  /* ... longest interval between updates */
#define MAX_TICKADJ 500LL /* adjtime's slew: us a second */
#define MAX_TICKADJ_SCALED ((MAX_TICKADJ * 1000 << NTP_SCALE_SHIFT) / NTP_INTERVAL_FREQ)
#define NTP_PHASE_LIMIT 16000000L /* (MAXPHASE / NSEC_PER_USEC) << 5 */
#define MAXERROR_PER_SEC 500	  /* MAXFREQ / NSEC_PER_USEC */
#define MAXTC 10		  /* the time constant's maximum */
#define NTP_TOLERANCE (MAXFREQ_SCALED / PPM_SCALE)
#define MAX_TAI_OFFSET 100000 /* ADJ_TAI ignores values beyond */
#define SECS_PER_DAY 86400
#define NO_LEAP (~0ULL >> 1) /* Linux's TIME64_MAX: no leap second pending */
#define STA_RONLY \
	(STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | STA_PPSERROR | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK)
/* The length of an NTP interval at tick_usec: USER_HZ ticks of tick_usec us make a second. */
#define INTERVAL_LENGTH(tick_usec) ((((u64)(tick_usec)*1000 * USER_HZ) << NTP_SCALE_SHIFT) / NTP_INTERVAL_FREQ)

static struct spinlock ntp_lock = SPINLOCK_INIT("ntp");
static int ntp_status = STA_UNSYNC;	   /* [ntp_lock] */
static int ntp_state = TIME_OK;		   /* TIME_OK .. TIME_WAIT [ntp_lock] */
static s64 ntp_maxerror = NTP_PHASE_LIMIT; /* [ntp_lock] */
static s64 ntp_esterror = NTP_PHASE_LIMIT; /* [ntp_lock] */
static s64 ntp_constant = 2;		   /* [ntp_lock] */
static u64 ntp_aged_sec;		   /* the realtime second maxerror was last aged to [ntp_lock] */
static long tick_usec = USER_TICK_USEC;	   /* ADJ_TICK [ntp_lock] */
static s64 time_freq;			   /* frequency offset, ns a second << 32 [ntp_lock] */
static s64 time_offset;			   /* phase offset left, ns an interval << 32 [ntp_lock] */
static s64 time_reftime;		   /* realtime second of the last ADJ_OFFSET [ntp_lock] */
static long time_adjust;		   /* adjtime's slew left, us [ntp_lock] */
static u64 tick_length_base = INTERVAL_LENGTH(USER_TICK_USEC); /* from tick and freq [ntp_lock] */
static u64 tick_length = INTERVAL_LENGTH(USER_TICK_USEC);      /* this second's [ntp_lock] */
static u64 rate_set = INTERVAL_LENGTH(USER_TICK_USEC);	       /* the tick_length time.c runs at [ntp_lock] */
static u64 next_leap_sec = NO_LEAP;			       /* realtime second of the pending leap [ntp_lock] */
static u64 second_target;	   /* the realtime second the timer was armed for [ntp_lock] */
static struct ktimer second_timer; /* the per-second work [ntp_lock to arm] */

static s64 shift_right(s64 x, int s)
{
	return x < 0 ? -(-x >> s) : x >> s;
}

static s64 clamp_s64(s64 x, s64 lo, s64 hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Linux is_error_status: unsynchronised, a clock error, or PPS trouble. */
static bool error_status(int st)
{
	return (st & (STA_UNSYNC | STA_CLOCKERR)) || ((st & (STA_PPSFREQ | STA_PPSTIME)) && !(st & STA_PPSSIGNAL)) ||
	       ((st & (STA_PPSTIME | STA_PPSJITTER)) == (STA_PPSTIME | STA_PPSJITTER)) ||
	       ((st & STA_PPSFREQ) && (st & (STA_PPSWANDER | STA_PPSERROR)));
}

/* Linux second_overflow's growth of the maximum error, for the seconds
 * passed since the last call (none if the clock was stepped back). */
static void age_maxerror(u64 now_sec)
{
	ASSERT_HELD(&ntp_lock);
	if (now_sec > ntp_aged_sec && ntp_aged_sec) {
		u64 secs = now_sec - ntp_aged_sec;
		if (secs > NTP_PHASE_LIMIT / MAXERROR_PER_SEC ||
		    ntp_maxerror + (s64)secs * MAXERROR_PER_SEC > NTP_PHASE_LIMIT) {
			ntp_maxerror = NTP_PHASE_LIMIT;
			ntp_status |= STA_UNSYNC;
		} else {
			ntp_maxerror += (s64)secs * MAXERROR_PER_SEC;
		}
	}
	ntp_aged_sec = now_sec;
}

/* Hands this second's length to the clock if it changed. [ntp_lock] */
static void apply_rate(void)
{
	ASSERT_HELD(&ntp_lock);
	if (tick_length == rate_set)
		return;
	rate_set = tick_length;
	time_set_rate(tick_length * NTP_INTERVAL_FREQ);
}

/* Linux ntp_update_frequency: the base length from the tick and the
 * frequency, applied at once to this second's length too. */
static void update_frequency(void)
{
	u64 second_length = (((u64)tick_usec * 1000 * USER_HZ) << NTP_SCALE_SHIFT) + (u64)time_freq;
	u64 new_base = second_length / NTP_INTERVAL_FREQ;
	tick_length += new_base - tick_length_base;
	tick_length_base = new_base;
	apply_rate();
}

/* Linux ntp_update_offset_fll: the FLL's frequency correction, used when
 * the updates are far apart (or STA_FLL asks for it). */
static s64 offset_fll(s64 offset, s64 secs)
{
	ntp_status &= ~STA_MODE;
	if (secs < MINSEC)
		return 0;
	if (!(ntp_status & STA_FLL) && secs <= MAXSEC)
		return 0;
	ntp_status |= STA_MODE;
	return offset * (1LL << (NTP_SCALE_SHIFT - SHIFT_FLL)) / secs;
}

/* Linux ntp_update_offset: a new phase offset (ADJ_OFFSET) under STA_PLL,
 * which also corrects the frequency by the PLL (and the FLL). */
static void update_offset(s64 offset, s64 now_sec)
{
	if (!(ntp_status & STA_PLL))
		return;
	if (!(ntp_status & STA_NANO))
		offset = clamp_s64(offset, -1000000, 1000000) * 1000;
	offset = clamp_s64(offset, -MAXPHASE, MAXPHASE);
	s64 secs = (ntp_status & STA_FREQHOLD) ? 0 : now_sec - time_reftime;
	time_reftime = now_sec;
	s64 freq_adj = offset_fll(offset, secs);
	s64 secs_max = 1LL << (SHIFT_PLL + 1 + ntp_constant); /* a slow update loses gain */
	if (secs > secs_max)
		secs = secs_max;
	/* wrapping as Linux's (-fno-strict-overflow) when a step back made secs negative */
	freq_adj += (s64)((u64)offset * (u64)secs << (NTP_SCALE_SHIFT - 2 * (SHIFT_PLL + 2 + ntp_constant)));
	time_freq = clamp_s64(freq_adj + time_freq, -MAXFREQ_SCALED, MAXFREQ_SCALED);
	time_offset = offset * (1LL << NTP_SCALE_SHIFT) / NTP_INTERVAL_FREQ;
}

/* Is there per-second work (Linux does it every second regardless)? */
static bool second_work_pending(void)
{
	ASSERT_HELD(&ntp_lock);
	return time_offset || time_adjust || tick_length != tick_length_base || ntp_state != TIME_OK ||
	       (ntp_status & (STA_INS | STA_DEL));
}

static void second_timer_fn(struct ktimer *t);

/* Arms the per-second timer for the next realtime second if it has work. */
static void arm_second_timer(void)
{
	ASSERT_HELD(&ntp_lock);
	if (!second_work_pending())
		return;
	u64 mono = time_since_boot_ns();
	u64 real = mono + time_realtime_offset();
	second_target = real / NSEC_PER_SEC + 1;
	ktimer_arm(&second_timer, mono + (second_target * NSEC_PER_SEC - real), second_timer_fn);
}

/* Linux second_overflow at the start of realtime second secs: the leap
 * second's state machine (returns -1 to insert one, +1 to delete one),
 * then the next second's length from the phase offset and the slew. */
static int second_overflow(u64 secs)
{
	int leap = 0;
	switch (ntp_state) {
	case TIME_OK:
		if (ntp_status & STA_INS) {
			ntp_state = TIME_INS;
			next_leap_sec = secs + SECS_PER_DAY - secs % SECS_PER_DAY;
		} else if (ntp_status & STA_DEL) {
			ntp_state = TIME_DEL;
			next_leap_sec = secs + SECS_PER_DAY - (secs + 1) % SECS_PER_DAY;
		}
		break;
	case TIME_INS:
		if (!(ntp_status & STA_INS)) {
			next_leap_sec = NO_LEAP;
			ntp_state = TIME_OK;
		} else if (secs == next_leap_sec) {
			leap = -1;
			ntp_state = TIME_OOP;
			printk("Clock: inserting leap second 23:59:60 UTC\n");
		}
		break;
	case TIME_DEL:
		if (!(ntp_status & STA_DEL)) {
			next_leap_sec = NO_LEAP;
			ntp_state = TIME_OK;
		} else if (secs == next_leap_sec) {
			leap = 1;
			next_leap_sec = NO_LEAP;
			ntp_state = TIME_WAIT;
			printk("Clock: deleting leap second 23:59:59 UTC\n");
		}
		break;
	case TIME_OOP:
		next_leap_sec = NO_LEAP;
		ntp_state = TIME_WAIT;
		break;
	case TIME_WAIT:
		if (!(ntp_status & (STA_INS | STA_DEL)))
			ntp_state = TIME_OK;
		break;
	}
	tick_length = tick_length_base;
	s64 delta = shift_right(time_offset, SHIFT_PLL + (int)ntp_constant);
	time_offset -= delta;
	tick_length += (u64)delta;
	if (time_adjust > MAX_TICKADJ) {
		time_adjust -= MAX_TICKADJ;
		tick_length += MAX_TICKADJ_SCALED;
	} else if (time_adjust < -MAX_TICKADJ) {
		time_adjust += MAX_TICKADJ;
		tick_length -= MAX_TICKADJ_SCALED;
	} else if (time_adjust) {
		tick_length += (u64)((s64)(time_adjust * 1000 / NTP_INTERVAL_FREQ) * (1LL << NTP_SCALE_SHIFT));
		time_adjust = 0;
	}
	return leap;
}

/* The timer interrupt, at the start of a realtime second (or where that
 * second was before a setting of the clock moved it: then only re-armed). */
static void second_timer_fn(struct ktimer *t)
{
	(void)t;
	unsigned long irq = spin_lock_irqsave(&ntp_lock);
	u64 real = time_realtime_ns();
	if (real >= second_target * NSEC_PER_SEC) {
		int leap = second_overflow(real / NSEC_PER_SEC);
		if (leap)
			time_step_realtime_atomic((s64)leap * (s64)NSEC_PER_SEC);
		apply_rate();
	}
	arm_second_timer();
	spin_unlock_irqrestore(&ntp_lock, irq);
}

/* Linux ntp_clear, when the clock is stepped: unsynchronised, errors at
 * their limit, no slew, phase offset or pending leap second (the clock
 * state stays, as Linux's does). */
static void clear_locked(void)
{
	ASSERT_HELD(&ntp_lock);
	time_adjust = 0;
	ntp_status |= STA_UNSYNC;
	ntp_maxerror = NTP_PHASE_LIMIT;
	ntp_esterror = NTP_PHASE_LIMIT;
	update_frequency();
	tick_length = tick_length_base;
	apply_rate();
	time_offset = 0;
	next_leap_sec = NO_LEAP;
}

void ntp_clear(void)
{
	unsigned long irq = spin_lock_irqsave(&ntp_lock);
	clear_locked();
	spin_unlock_irqrestore(&ntp_lock, irq);
}

/* -EOPNOTSUPP for a TAI offset that would make CLOCK_TAI differ. */
static int check_supported(const struct timex_user *tx)
{
	if (!(tx->modes & ADJ_ADJTIME) && (tx->modes & ADJ_TAI) && tx->constant > 0 && tx->constant <= MAX_TAI_OFFSET)
		return -EOPNOTSUPP;
	return 0;
}

/* Linux process_adj_status: turning STA_PLL off resets the state (and the
 * status to STA_UNSYNC first, read-only bits included); turning it on
 * starts the PLL's interval now. */
static void adj_status(const struct timex_user *tx, s64 now_sec)
{
	if ((ntp_status & STA_PLL) && !(tx->status & STA_PLL)) {
		ntp_state = TIME_OK;
		ntp_status = STA_UNSYNC;
		next_leap_sec = NO_LEAP;
	}
	if (!(ntp_status & STA_PLL) && (tx->status & STA_PLL))
		time_reftime = now_sec;
	ntp_status = (ntp_status & STA_RONLY) | (tx->status & ~STA_RONLY);
}

/* Linux process_adjtimex_modes, in its order. */
static void apply_modes(const struct timex_user *tx, s64 now_sec)
{
	if (tx->modes & ADJ_STATUS)
		adj_status(tx, now_sec);
	if (tx->modes & ADJ_NANO)
		ntp_status |= STA_NANO;
	if (tx->modes & ADJ_MICRO)
		ntp_status &= ~STA_NANO;
	if (tx->modes & ADJ_FREQUENCY) /* the syscall layer refused a freq whose scaling overflows */
		time_freq = clamp_s64(tx->freq * PPM_SCALE, -MAXFREQ_SCALED, MAXFREQ_SCALED);
	if (tx->modes & ADJ_MAXERROR)
		ntp_maxerror = tx->maxerror;
	if (tx->modes & ADJ_ESTERROR)
		ntp_esterror = tx->esterror;
	if (tx->modes & ADJ_TIMECONST) /* clamped before and after the 4 added in micro */
		ntp_constant =
			clamp_s64(clamp_s64(tx->constant, 0, MAXTC) + ((ntp_status & STA_NANO) ? 0 : 4), 0, MAXTC);
	if (tx->modes & ADJ_OFFSET)
		update_offset(tx->offset, now_sec);
	if (tx->modes & ADJ_TICK)
		tick_usec = tx->tick;
	if (tx->modes & (ADJ_TICK | ADJ_FREQUENCY | ADJ_OFFSET))
		update_frequency();
}

/* Fills the read-only half of tx (Linux __do_adjtimex's tail); the state
 * the call returns, with a leap second due but not yet made shown as made. */
static int report(struct timex_user *tx, u64 real_ns)
{
	tx->freq = shift_right((time_freq >> PPM_SCALE_INV_SHIFT) * PPM_SCALE_INV, NTP_SCALE_SHIFT);
	tx->maxerror = ntp_maxerror;
	tx->esterror = ntp_esterror;
	tx->status = ntp_status;
	tx->constant = ntp_constant;
	tx->precision = 1;
	tx->tolerance = NTP_TOLERANCE;
	tx->tick = tick_usec;
	tx->tai = 0;
	tx->ppsfreq = tx->jitter = tx->stabil = 0; /* no PPS (Debian: CONFIG_NTP_PPS off) */
	tx->shift = 0;
	tx->jitcnt = tx->calcnt = tx->errcnt = tx->stbcnt = 0;
	u64 sec = real_ns / NSEC_PER_SEC;
	tx->time.tv_sec = (s64)sec;
	tx->time.tv_usec = (s64)(real_ns % NSEC_PER_SEC);
	if (!(ntp_status & STA_NANO))
		tx->time.tv_usec /= 1000;
	int result = error_status(ntp_status) ? TIME_ERROR : ntp_state;
	if (sec >= next_leap_sec) { /* the timer has not run yet */
		if (ntp_state == TIME_INS && (ntp_status & STA_INS)) {
			result = TIME_OOP;
			tx->tai++;
			tx->time.tv_sec--;
		}
		if (ntp_state == TIME_DEL && (ntp_status & STA_DEL)) {
			result = TIME_WAIT;
			tx->tai--;
			tx->time.tv_sec++;
		}
		if (ntp_state == TIME_OOP && sec == next_leap_sec)
			result = TIME_WAIT;
	}
	return result;
}

int ntp_adjtimex(struct timex_user *tx)
{
	unsigned long irq = spin_lock_irqsave(&ntp_lock);
	int ret = check_supported(tx);
	if (ret)
		goto out_unlock;
	if (tx->modes & ADJ_SETOFFSET) {
		s64 nsec = (tx->modes & ADJ_NANO) ? tx->time.tv_usec : tx->time.tv_usec * 1000;
		ret = time_inject_realtime_offset(tx->time.tv_sec, nsec);
		if (ret)
			goto out_unlock;
		clear_locked();
	}
	u64 real_ns = time_realtime_ns();
	s64 now_sec = (s64)(real_ns / NSEC_PER_SEC);
	age_maxerror((u64)now_sec);
	if (tx->modes & ADJ_ADJTIME) {
		long save_adjust = time_adjust;
		if (!(tx->modes & ADJ_OFFSET_READONLY)) { /* adjtime() is independent of the PLL */
			time_adjust = tx->offset;
			update_frequency();
		}
		tx->offset = save_adjust;
	} else {
		if (tx->modes)
			apply_modes(tx, now_sec);
		tx->offset = shift_right(time_offset * NTP_INTERVAL_FREQ, NTP_SCALE_SHIFT);
		if (!(ntp_status & STA_NANO))
			tx->offset = (u32)tx->offset / 1000; /* Linux's cast: a negative offset reads large */
	}
	ret = report(tx, real_ns);
	arm_second_timer();
out_unlock:
	spin_unlock_irqrestore(&ntp_lock, irq);
	return ret;
}
