/*
 * time.h — clocks and timers.
 *
 * CLOCK_MONOTONIC_RAW is the Arm generic counter since boot. Monotonic time
 * starts equal to it and runs at the rate adjtimex sets (core/ntp.c steers
 * it: frequency, tick, slews; vvar.h has the formula). CLOCK_REALTIME is
 * monotonic time plus the wall-clock offset read at boot from the PL031 RTC
 * (QEMU's host time), adjustable later by settimeofday, and stepped back
 * by an inserted leap second (docs/architecture.md, the clocks).
 */
#pragma once

#include <list.h>
#include <timerqueue.h>
#include <types.h>
#include <uaccess.h>
#include <uapi/misc.h>
#include <uapi/time.h> /* CLOCK_*, TIMER_ABSTIME: the ids this header's calls take */

#define NSEC_PER_SEC 1000000000ULL
#define HZ 100 /* scheduler tick; also AT_CLKTCK/USER_HZ is 100 as on Linux */

/*
 * The per-CPU timer interrupt (Linux's clock_event_device, one-shot mode),
 * registered by its driver (drivers/arm_timer.c) before time_init.
 * set_next_event: this CPU's timer interrupt once the counter (arch_counter)
 * reaches counter_value, replacing the previous request; called with IRQs
 * masked. The driver's interrupt handler calls time_tick_irq.
 */
struct clock_event {
	const char *name;
	void (*set_next_event)(u64 counter_value);
};
void clockevent_register(const struct clock_event *ce);

void time_init(void);
/* A secondary CPU's own tick, programmed on that CPU (smp_secondary_main). */
void time_init_this_cpu(void);
u64 counter_to_ns(u64 ticks);

static inline void ns_to_timeval(u64 ns, struct timeval_user *tv)
{
	tv->tv_sec = (s64)(ns / NSEC_PER_SEC);
	tv->tv_usec = (s64)(ns % NSEC_PER_SEC / 1000);
}
/* CLOCK_MONOTONIC (= BOOTTIME: no suspend), the steered clock every
 * kernel deadline is in; CLOCK_MONOTONIC_RAW, the counter's own time. */
u64 time_since_boot_ns(void);
u64 time_raw_ns(void);
/* core/ntp.c's new rate of the steered clocks, in ns a second << 32 (1e9
 * << 32: the counter's own): from now on, without a jump (Linux's
 * timekeeping_adjust to ntp_tick_length). Any context. */
void time_set_rate(u64 ns_per_sec_scaled);
/* Steps CLOCK_REALTIME by delta_ns from any context, interrupts included
 * (a leap second, core/ntp.c); what a setting of the clock wakes (wall
 * timers, the clock-set hooks) runs soon after on the worker (Linux
 * clock_was_set_delayed). */
void time_step_realtime_atomic(s64 delta_ns);
u64 time_realtime_ns(void);
/* CLOCK_MONOTONIC_COARSE: monotonic time at the last coarse step, which the
 * timer interrupt publishes; CLOCK_REALTIME_COARSE: the last setting of the
 * realtime clock plus the whole steps since (Linux's xtime; vdso.h). */
u64 time_coarse_ns(void);
u64 time_realtime_coarse_ns(void);
/* Sets realtime = monotonic + ns, computed at monotonic time now (the
 * coarse realtime clock becomes now + ns at once). */
void time_set_realtime_offset(u64 ns, u64 now);
/* The offset itself: realtime = monotonic + offset. */
u64 time_realtime_offset(void);
/* What runs when CLOCK_REALTIME is set or stepped (Linux clock_was_set):
 * timers on the real-time clock keep their real-time expiry, and timerfds
 * with TFD_TIMER_CANCEL_ON_SET are cancelled. A hook is added once (never
 * removed; adding is lock-free, so any time is safe) and runs in process
 * context with the new offset (realtime = monotonic + offset); no lock of
 * time.c is held. */
struct clock_set_hook {
	void (*fn)(u64 new_offset);
	struct clock_set_hook *next; /* time.c's list [set before publication] */
};
void time_add_clock_set_hook(struct clock_set_hook *hook);
/* Steps CLOCK_REALTIME by sec + nsec (nsec in 0..NSEC_PER_SEC-1): -EINVAL if
 * it would go before boot or past settimeofday's limit (Linux
 * timekeeping_inject_offset). */
int time_inject_realtime_offset(s64 sec, s64 nsec) __attribute__((warn_unused_result));
/* CLOCK_REALTIME's latest seconds settimeofday accepts (timespec64_valid_settod:
 * KTIME_SEC_MAX less 30 years of uptime). */
#define TIME_SETTOD_SEC_MAX (9223372036L - 946080000L)
/* core/ntp.c: adjtimex on a validated request (the caller checked
 * CAP_SYS_TIME and the ranges): the clock state (TIME_OK .. TIME_WAIT, TIME_ERROR) with tx
 * filled, or -EOPNOTSUPP (a TAI offset: CLOCK_TAI is CLOCK_REALTIME) or -EINVAL
 * (ADJ_SETOFFSET out of range), tx then unchanged. */
int ntp_adjtimex(struct timex_user *tx);
/* After the wall clock is set: unsynchronised, errors at their limit. */
void ntp_clear(void);

/* proc/timers.c: the timer interrupt's check of the CPU-time timers of the
 * process t belongs to (ITIMER_VIRTUAL, ITIMER_PROF, CPU-clock POSIX timers). */
struct task;
void timers_cpu_tick(struct task *t);

/* One-shot kernel timers, run from the timer interrupt. */
struct ktimer {
	struct tq_node tq; /* in the timer queue while armed (timerqueue.h) [timer_lock] */
	u64 deadline_ns;   /* monotonic */
	void (*fn)(struct ktimer *t);
	bool armed;
};

/* Both return whether t was armed (Linux's mod_timer, del_timer): an owner
 * that holds a reference for an armed timer takes or drops it by that. */
bool ktimer_arm(struct ktimer *t, u64 deadline_ns, void (*fn)(struct ktimer *t));
bool ktimer_cancel(struct ktimer *t);
/* ktimer_cancel that also waits for t's fn if it runs now (on another CPU):
 * afterwards t can be freed, unless the caller lets something re-arm it. */
void ktimer_cancel_sync(struct ktimer *t);
/* Linux hrtimer_try_to_cancel: takes t off the list; false if its fn runs
 * now on another CPU (t may then be re-armed by it: call again once it is
 * done, without holding a lock the fn takes). */
bool ktimer_try_cancel(struct ktimer *t);
void time_tick_irq(void);
/*
 * A deadline for a sleeping task: when it passes, `expired` is set and the
 * task is woken. Arm it before the wait loop (no-op for deadline ~0), test
 * wake_timer_due in the loop, cancel it after. A wall deadline is a
 * CLOCK_REALTIME time: while armed the timer is on a list that every setting
 * of the clock walks to move it, so it ends when the wall clock reaches it
 * (Linux: an absolute hrtimer on the CLOCK_REALTIME base, which
 * clock_was_set reprograms). Lock order: the list's wall_wake_lock, then
 * timer_lock.
 */
struct wake_timer {
	struct ktimer timer;
	struct task *task;
	u64 deadline; /* monotonic ns, or real-time ns if wall; ~0: none */
	bool wall;
	bool expired;
	struct list_head wall_node; /* on the wall timers' list while armed [wall_wake_lock] */
};

void wake_timer_arm(struct wake_timer *w, u64 deadline_ns, bool wall);
void wake_timer_cancel(struct wake_timer *w);
/* Has the deadline passed (the timer fired, or its clock reads past it)? */
bool wake_timer_due(const struct wake_timer *w);

/* The monotonic deadline ns from now (saturating at "never", ~0). */
u64 time_deadline_after(u64 ns);

/* Sleep until the monotonic deadline; returns 0 or -EINTR (a signal came). */
int time_sleep_until(u64 deadline_ns);
