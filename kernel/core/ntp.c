/*
 * ntp.c — the kernel's NTP state that adjtimex(2) and clock_adjtime(2)
 * read and set (Linux kernel/time/ntp.c, __do_adjtimex), without the clock
 * discipline.
 *
 * What is real: the status word (STA_*), the maximum and estimated errors
 * (the maximum error grows by 500 us a second and reaching NTP_PHASE_LIMIT
 * marks the clock unsynchronised, as Linux's second_overflow does), the
 * time constant, the output units (ADJ_NANO, ADJ_MICRO), the clock state
 * returned (TIME_OK, or TIME_ERROR for an error status), and ADJ_SETOFFSET,
 * which steps CLOCK_REALTIME. Stepping the clock (ADJ_SETOFFSET,
 * clock_settime, settimeofday) marks it unsynchronised with both errors at
 * their limit (Linux's TK_CLEAR_NTP, ntp_clear).
 *
 * What is not: LevitateOS's clock runs at the counter's rate, so nothing
 * that would slew it or change its rate is done. A request that would
 * change the frequency (ADJ_FREQUENCY), the tick (ADJ_TICK), the PLL
 * offset (ADJ_OFFSET under STA_PLL), the adjtime(3) slew (ADJ_ADJTIME), the
 * TAI offset (ADJ_TAI), or insert or delete a leap second (STA_INS,
 * STA_DEL) fails with EOPNOTSUPP, what Linux answers for a clock that cannot
 * be adjusted, and changes nothing. Writing back the values read (as
 * ntpd's and LTP's save-and-restore do) changes nothing, so it succeeds:
 * the frequency stays 0, the tick 10000 us (USER_HZ 100), the offset, the
 * slew and the TAI offset 0.
 *
 * Permission checks (CAP_SYS_TIME) and argument validation are the
 * syscall layer's (syscall/sys_time.c), as timekeeping.c validates before
 * ntp.c runs.
 *
 * Locking: ntp_lock protects every field below; it is taken with
 * interrupts enabled, never from an interrupt, and nothing else is taken
 * under it but what a step of the clock takes (time_inject_realtime_offset:
 * time.c's timer_lock, then vdso.c's vvar_lock, then the clock-set hooks').
 */
#include <time.h>

#include <printk.h>
#include <spinlock.h>
#include <uapi/errno.h>

#define USER_TICK_USEC 10000	  /* (1000000 + USER_HZ / 2) / USER_HZ */
#define NTP_PHASE_LIMIT 16000000L /* (MAXPHASE / NSEC_PER_USEC) << 5 */
#define MAXERROR_PER_SEC 500	  /* MAXFREQ / NSEC_PER_USEC */
#define MAXTC 10		  /* the time constant's maximum */
#define NTP_TOLERANCE 32768000L	  /* MAXFREQ_SCALED / PPM_SCALE: 500 ppm << 16 */
#define MAX_TAI_OFFSET 100000	  /* ADJ_TAI ignores values beyond */
#define STA_RONLY \
	(STA_PPSSIGNAL | STA_PPSJITTER | STA_PPSWANDER | STA_PPSERROR | STA_CLOCKERR | STA_NANO | STA_MODE | STA_CLK)

static struct spinlock ntp_lock = SPINLOCK_INIT("ntp");
static int ntp_status = STA_UNSYNC;	   /* [ntp_lock] */
static s64 ntp_maxerror = NTP_PHASE_LIMIT; /* [ntp_lock] */
static s64 ntp_esterror = NTP_PHASE_LIMIT; /* [ntp_lock] */
static s64 ntp_constant = 2;		   /* [ntp_lock] */
static u64 ntp_aged_sec;		   /* the realtime second maxerror was last aged to [ntp_lock] */

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

/* Linux ntp_clear, when the clock is stepped: unsynchronised, errors at
 * their limit. */
static void clear_locked(void)
{
	ASSERT_HELD(&ntp_lock);
	ntp_status |= STA_UNSYNC;
	ntp_maxerror = NTP_PHASE_LIMIT;
	ntp_esterror = NTP_PHASE_LIMIT;
}

void ntp_clear(void)
{
	unsigned long irq = spin_lock_irqsave(&ntp_lock);
	clear_locked();
	spin_unlock_irqrestore(&ntp_lock, irq);
}

/* The status process_adj_status would leave (turning STA_PLL off resets
 * the state to STA_UNSYNC first, read-only bits included). */
static int new_status(const struct timex_user *tx)
{
	int st = ntp_status;
	if (!(tx->modes & ADJ_STATUS))
		return st;
	if ((st & STA_PLL) && !(tx->status & STA_PLL))
		st = STA_UNSYNC;
	return (st & STA_RONLY) | (tx->status & ~STA_RONLY);
}

/* -EOPNOTSUPP when tx asks for something that would steer the clock. */
static int check_supported(const struct timex_user *tx)
{
	if (tx->modes & ADJ_ADJTIME)
		return (tx->modes & ADJ_OFFSET_READONLY) || tx->offset == 0 ? 0 : -EOPNOTSUPP;
	int st = new_status(tx);
	if (st & (STA_INS | STA_DEL))
		return -EOPNOTSUPP;
	if ((tx->modes & ADJ_FREQUENCY) && tx->freq != 0)
		return -EOPNOTSUPP;
	if ((tx->modes & ADJ_TICK) && tx->tick != USER_TICK_USEC)
		return -EOPNOTSUPP;
	if ((tx->modes & ADJ_OFFSET) && (st & STA_PLL)) /* without STA_PLL Linux ignores it */
		return -EOPNOTSUPP;
	if ((tx->modes & ADJ_TAI) && tx->constant > 0 && tx->constant <= MAX_TAI_OFFSET)
		return -EOPNOTSUPP;
	return 0;
}

static s64 clamp_tc(s64 c)
{
	return c < 0 ? 0 : c > MAXTC ? MAXTC : c;
}

static void apply_modes(const struct timex_user *tx)
{
	ntp_status = new_status(tx);
	if (tx->modes & ADJ_NANO)
		ntp_status |= STA_NANO;
	if (tx->modes & ADJ_MICRO)
		ntp_status &= ~STA_NANO;
	if (tx->modes & ADJ_MAXERROR)
		ntp_maxerror = tx->maxerror;
	if (tx->modes & ADJ_ESTERROR)
		ntp_esterror = tx->esterror;
	if (tx->modes & ADJ_TIMECONST) { /* clamped before and after the 4 added in micro */
		s64 c = clamp_tc(tx->constant) + ((ntp_status & STA_NANO) ? 0 : 4);
		ntp_constant = clamp_tc(c);
	}
}

/* Fills the read-only half of tx (Linux __do_adjtimex's tail). */
static int report(struct timex_user *tx, u64 real_ns)
{
	tx->freq = 0;
	tx->maxerror = ntp_maxerror;
	tx->esterror = ntp_esterror;
	tx->status = ntp_status;
	tx->constant = ntp_constant;
	tx->precision = 1;
	tx->tolerance = NTP_TOLERANCE;
	tx->tick = USER_TICK_USEC;
	tx->tai = 0;
	tx->ppsfreq = tx->jitter = tx->stabil = 0; /* no PPS (Debian: CONFIG_NTP_PPS off) */
	tx->shift = 0;
	tx->jitcnt = tx->calcnt = tx->errcnt = tx->stbcnt = 0;
	tx->time.tv_sec = (s64)(real_ns / NSEC_PER_SEC);
	tx->time.tv_usec = (s64)(real_ns % NSEC_PER_SEC);
	if (!(ntp_status & STA_NANO))
		tx->time.tv_usec /= 1000;
	return error_status(ntp_status) ? TIME_ERROR : TIME_OK;
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
	age_maxerror(real_ns / NSEC_PER_SEC);
	if (tx->modes & ADJ_ADJTIME) {
		tx->offset = 0; /* the slew left: none */
	} else {
		apply_modes(tx);
		tx->offset = 0; /* the PLL's offset: none */
	}
	ret = report(tx, real_ns);
out_unlock:
	spin_unlock_irqrestore(&ntp_lock, irq);
	return ret;
}
