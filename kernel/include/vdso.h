/*
 * vdso.h — the vDSO and its data page (vvar), as Linux/arm64 maps them.
 *
 * Every process gets, at an address chosen top-down at exec, one read-only
 * data page ([vvar]) immediately followed by the vDSO image ([vdso], r-x):
 * a small ELF shared object (kernel/vdso/src/) whose __kernel_clock_gettime
 * and friends compute time in user mode from the virtual counter and struct
 * vdso_data. Its base is passed as AT_SYSINFO_EHDR. See docs/vdso.md.
 *
 * This header is also compiled into the vDSO itself (-DVDSO_BUILD, no
 * kernel headers but types.h): struct vdso_data is the contract between
 * the two, so it must not depend on kernel-only types.
 */
#pragma once

#include <types.h>

/*
 * The vvar page. The kernel is the only writer (vdso.c, under vvar_lock),
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

/* The symbol version of the vDSO's exports (arch/arm64/kernel/vdso/vdso.lds.S). */
#define VDSO_VERSION "LINUX_2.6.39"

#ifndef VDSO_BUILD
struct mm;

/* Copies the vDSO image into its pages and fills the vvar page (boot, after
 * time_init and the RTC offset). */
void vdso_init(void);
/* Publishes the clock parameters (time.c calls it whenever they change). */
void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns);
/* Publishes new coarse clock values (the timer interrupt, a clock setting). */
void vdso_update_coarse(u64 coarse_mono_ns, u64 coarse_real_ns);
/* The published CLOCK_REALTIME_COARSE (realtime) or CLOCK_MONOTONIC_COARSE
 * value, read as the vDSO reads it. */
u64 vdso_coarse_ns(bool realtime);
/*
 * Maps [vvar] and [vdso] into mm; *base_out gets the vDSO's ELF header
 * address (the AT_SYSINFO_EHDR value), or 0 when there is no vDSO (its
 * boot-time allocation failed): exec then leaves AT_SYSINFO_EHDR out.
 */
int __must_check vdso_map(struct mm *mm, vaddr_t *base_out);
#endif
