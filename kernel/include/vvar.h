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
 * never goes backwards:
 *   monotonic = counter_to_ns(cntvct - boot_counter)
 *   realtime  = monotonic + realtime_offset_ns
 * with counter_to_ns(t) = (t / freq) * 1e9 + (t % freq) * 1e9 / freq.
 * When you change that formula in time.c, change vclock.c too.
 *
 * The coarse clocks are not computed from the counter: the timer interrupt
 * publishes, every VDSO_COARSE_RES_NS, the last multiple of it that
 * monotonic time has passed (time.c), and both the vDSO and the kernel's
 * clock_gettime read that word (vdso_coarse_ns()), under the same
 * sequence lock, so the two paths can never disagree. As on Linux, a coarse
 * clock is a tick's time: never ahead of its fine clock, at most about one
 * resolution behind it.
 *   monotonic_coarse = coarse_mono_ns
 *   realtime_coarse  = coarse_real_ns
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
};

/* The coarse clocks' resolution and update period (Debian's CONFIG_HZ=250
 * jiffy): time.c publishes at this period, sys_time.c's clock_getres and
 * the vDSO's report it. */
#define VDSO_COARSE_RES_NS (1000000000ULL / 250)

#ifndef VDSO_BUILD
/* Publishes the clock parameters (time.c calls it whenever they change). */
void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns);
/* Publishes new coarse clock values (the timer interrupt, a clock setting). */
void vdso_update_coarse(u64 coarse_mono_ns, u64 coarse_real_ns);
/* The published CLOCK_REALTIME_COARSE (realtime) or CLOCK_MONOTONIC_COARSE
 * value, read as the vDSO reads it. */
u64 vdso_coarse_ns(bool realtime);
/* page (zeroed, the kernel's view of the vvar frame) becomes the published
 * copy; what was published before is written into it (vdso_init, once). */
void vvar_attach(struct vdso_data *page);
#endif
