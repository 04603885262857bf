/*
 * vvar.h — the vDSO's data page (vvar): the clock parameters user mode reads
 * without a system call. Its contents are the timekeeping's (core/vvar.c,
 * written as core/time.c changes them, as Linux's update_vsyscall); the
 * page itself and its mapping into processes are vdso.c's (vdso.h).
 *
 * This header is also compiled into the vDSO itself (-DVDSO_BUILD, no
 * kernel headers but types.h): struct vdso_data is the contract between
 * the two, so it must not depend on kernel-only types.
 */
#pragma once

#include <types.h>

/*
 * The vvar page. The kernel is the only writer (core/vvar.c, under vvar_lock),
 * and it updates the fields as a sequence lock: seq becomes odd, the fields
 * change, seq becomes even again. A reader that saw an odd seq, or a seq
 * that changed while it read, retries.
 *
 * Time as the vDSO computes it must equal what kernel/core/time.c computes
 * from the same counter value, so that mixing the vDSO and the syscall
 * never goes backwards; the kernel reads this same page (vvar.c), so there
 * is one copy of the parameters:
 *   monotonic = base_mono_ns + ((cntvct - base_counter) * mult + base_frac) >> 32
 *               (a 128-bit sum: no overflow however long the interval)
 *   realtime  = monotonic + realtime_offset_ns
 *   monotonic_raw = counter_to_ns(cntvct - boot_counter)
 * with counter_to_ns(t) = (t / freq) * 1e9 + (t % freq) * 1e9 / freq. mult
 * is the steered clock's length of a counter tick in ns << 32: 1e9 << 32 /
 * freq until adjtimex changes the rate (ADJ_FREQUENCY, ADJ_TICK, a slew,
 * core/ntp.c), when the kernel makes the time reached the new base
 * (vdso_set_mult) so the clock never jumps (Linux's timekeeper: cycle_last,
 * base, mult, shift = 32). CLOCK_MONOTONIC_RAW is never steered.
 * When you change a formula in time.c or vvar.c, change vclock.c too.
 *
 * The base moves forward at every coarse update too (each 4 ms tick): the
 * time at the counter's value then becomes the base, its fraction of a
 * nanosecond kept in base_frac (< 2^32), so the formula gives exactly the
 * same time for every counter value before and after (a rebase changes no
 * reading). With the base at most a tick old, the vDSO adds the few
 * milliseconds since to the base already split into seconds and
 * nanoseconds (base_split, and raw_split for MONOTONIC_RAW when ns_per_tick
 * is exact) and divides by 1e9 only when the nanoseconds pass a second
 * (Linux's vdso_timestamp and its __iter_div_u64_rem).
 *
 * The coarse clocks are not computed from the counter: the timer interrupt
 * publishes, every VDSO_COARSE_RES_NS, the last multiple of it that
 * monotonic time has passed (time.c), and both the vDSO and the kernel's
 * clock_gettime read that word (vdso_coarse_ns()), under the same
 * sequence lock, so the two paths can never disagree. As on Linux, a coarse
 * clock is a tick's time: never ahead of its fine clock, at most about one
 * resolution behind it.
 *   monotonic_coarse = coarse_mono_ns  (coarse_split[0]: the same, split)
 *   realtime_coarse  = coarse_real_ns  (coarse_split[1])
 * CLOCK_REALTIME_COARSE is Linux's xtime (kernel/time/timekeeping.c): a
 * setting of the clock makes it the new time at once, and from then on each
 * tick adds whole resolutions since that setting (timekeeping_advance
 * accumulates whole intervals), so its nanoseconds keep the set time's
 * phase: the RTC's whole second at boot gives multiples of 4 ms, as file
 * timestamps on Linux have (current_time reads it).
 */
struct vdso_data {
	u32 seq; /* odd while the kernel writes */
	u32 pad;
	u64 counter_freq;	/* CNTFRQ_EL0, Hz; 0: not known, the vDSO falls back */
	u64 boot_counter;	/* counter value at time zero of CLOCK_MONOTONIC */
	u64 realtime_offset_ns; /* CLOCK_REALTIME - CLOCK_MONOTONIC */
	u64 ns_per_tick;	/* 1e9 / counter_freq when that is exact (62.5 MHz: 16), else 0 */
	u64 coarse_mono_ns;	/* CLOCK_MONOTONIC_COARSE: see below */
	u64 coarse_real_ns;	/* CLOCK_REALTIME_COARSE: see below */
	u64 base_counter;	/* the steered clock's base: the counter value ... */
	u64 base_mono_ns;	/* ... and CLOCK_MONOTONIC there */
	u64 mult;		/* ns per counter tick << 32 (steered) */
	u64 base_frac;		/* the fraction of a ns at the base, << 32 */
	u64 raw_base_counter;	/* a counter value where MONOTONIC_RAW is raw_split (ns_per_tick != 0) */
	/* coarse_mono_ns and coarse_real_ns as seconds and nanoseconds, for the
	 * vDSO to store without a division (Linux's vdso_timestamp basetime) */
	struct vdso_split_ns {
		u64 sec;
		u64 nsec;
	} coarse_split[2]; /* [0] MONOTONIC_COARSE, [1] REALTIME_COARSE */
	/* the steered clock at the base, split: [0] base_mono_ns, [1] it plus
	 * realtime_offset_ns (CLOCK_REALTIME there) */
	struct vdso_split_ns base_split[2];
	struct vdso_split_ns raw_split; /* MONOTONIC_RAW at raw_base_counter */
};

/* The coarse clocks' resolution and update period (Debian's CONFIG_HZ=250
 * jiffy): time.c publishes at this period, sys_time.c's clock_getres and
 * the vDSO's report it. */
#define VDSO_COARSE_RES_NS (1000000000ULL / 250)

#ifndef VDSO_BUILD
/* Publishes the clock's fixed parameters (time_init) and each new realtime
 * offset (time.c calls it whenever one changes). */
void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns);
/* A new rate for the steered clocks (core/ntp.c through time.c): the
 * monotonic time at the counter's value now becomes the base, so the clock
 * goes on from where it is at the new rate. Returns that counter value. */
u64 vdso_set_mult(u64 mult);
/* CLOCK_MONOTONIC now, read as the vDSO reads it (time_since_boot_ns). */
u64 vvar_monotonic_ns(void);
/* The monotonic ns at which the counter reaches which value: the inverse,
 * for programming timer interrupts (rounded up; a past time gives 0 ticks
 * after the base). */
u64 vvar_ns_to_counter(u64 ns);
/* Publishes new coarse clock values (the timer interrupt, a clock setting). */
void vdso_update_coarse(u64 coarse_mono_ns, u64 coarse_real_ns);
/* The published CLOCK_REALTIME_COARSE (realtime) or CLOCK_MONOTONIC_COARSE
 * value, read as the vDSO reads it. */
u64 vdso_coarse_ns(bool realtime);
/* page (zeroed, the kernel's view of the vvar frame) becomes the published
 * copy; what was published before is written into it (vdso_init, once). */
void vvar_attach(struct vdso_data *page);
#endif
