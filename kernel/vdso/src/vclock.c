/*
 * vclock.c — the vDSO's clock functions, run in user mode (EL0) inside every
 * process. Built as a position-independent shared object, not with the
 * kernel flags (see the Makefile's vDSO rule and docs/vdso.md).
 *
 * Fast path: CLOCK_REALTIME, MONOTONIC, MONOTONIC_RAW, BOOTTIME and the two
 * COARSE clocks, computed from the virtual counter (CNTVCT_EL0, readable at
 * EL0 because the kernel sets CNTKCTL_EL1.EL0VCTEN) and the vvar page, with
 * exactly the kernel's arithmetic (kernel/core/time.c, sys_time.c), so that
 * results from here and from the syscall interleave without going backwards.
 *
 * Everything else takes the real syscall, so errno behaviour stays the
 * kernel's: other clock ids (EINVAL or the kernel's answer), pointers that
 * can never be mapped (below vm.mmap_min_addr or above user space: EFAULT),
 * a non-NULL timezone, and a vvar page not yet filled (counter_freq 0).
 * Other bad pointers fault here (SIGSEGV), as they do in Linux's vDSO.
 *
 * Functions return 0 or a negative errno, as the syscall does: libc turns
 * that into errno.
 */
#include <vdso.h>

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

#define NR_CLOCK_GETRES 114 /* __NR_clock_getres */
#define NR_CLOCK_GETTIME 113
#define NR_GETTIMEOFDAY 169

#define NSEC_PER_SEC 1000000000ULL
#define MMAP_MIN_ADDR 0x10000UL /* nothing is ever mapped below (vm.c) */
#define USER_VA_END (1UL << 48)

struct vdso_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct vdso_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/* The vvar page sits one page below the image (vdso.lds). Hidden, so the
 * access is PC-relative (adrp/add) and needs no relocation. */
extern const struct vdso_data vdso_vvar __attribute__((visibility("hidden")));

int __kernel_clock_gettime(int clock, struct vdso_timespec *ts);
int __kernel_gettimeofday(struct vdso_timeval *tv, void *tz);
int __kernel_clock_getres(int clock, struct vdso_timespec *res);

/* svc #0 with x8 = nr; inputs x0, x1; output x0 (result or -errno). */
static long syscall2(long nr, long a0, long a1)
{
	register long x0 asm("x0") = a0;
	register long x1 asm("x1") = a1;
	register long x8 asm("x8") = nr;
	asm volatile("svc #0" : "+r"(x0) : "r"(x1), "r"(x8) : "memory");
	return x0;
}

static bool never_mapped(const void *p)
{
	return (unsigned long)p < MMAP_MIN_ADDR || (unsigned long)p >= USER_VA_END;
}

/* The isb keeps the counter read from being done early (Arm ARM D12.1.2,
 * "Reading the counter"), as the kernel's arch_counter() does. */
static u64 read_counter(void)
{
	u64 v;
	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/*
 * Reads monotonic time, and the realtime offset of the same generation.
 * Returns false when the kernel has not published a counter frequency.
 */
static bool read_time(u64 *mono_ns, u64 *offset_ns)
{
	const volatile struct vdso_data *vd = &vdso_vvar;
	u32 seq;
	u64 freq, ticks, offset, ns_per_tick;
	do {
		seq = __atomic_load_n(&vdso_vvar.seq, __ATOMIC_ACQUIRE);
		if (seq & 1) {
			asm volatile("yield" ::: "memory");
			continue;
		}
		freq = vd->counter_freq;
		ns_per_tick = vd->ns_per_tick;
		offset = vd->realtime_offset_ns;
		ticks = read_counter() - vd->boot_counter;
		__atomic_thread_fence(__ATOMIC_ACQUIRE); /* field reads before the re-check */
	} while ((seq & 1) || __atomic_load_n(&vdso_vvar.seq, __ATOMIC_RELAXED) != seq);
	if (!freq)
		return false;
	/* kernel/core/time.c counter_to_ns(), step for step; when 1e9 / freq is
	 * exact that is the same number as one multiplication (no divisions) */
	if (ns_per_tick)
		*mono_ns = ticks * ns_per_tick;
	else
		*mono_ns = (ticks / freq) * NSEC_PER_SEC + (ticks % freq) * NSEC_PER_SEC / freq;
	*offset_ns = offset;
	return true;
}

static bool is_fast_clock(int clock)
{
	switch (clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME: return true;
	default: return false;
	}
}

int __kernel_clock_gettime(int clock, struct vdso_timespec *ts)
{
	u64 mono, offset, ns;
	if (!is_fast_clock(clock) || never_mapped(ts) || !read_time(&mono, &offset))
		return (int)syscall2(NR_CLOCK_GETTIME, clock, (long)ts);
	ns = (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_COARSE) ? mono + offset : mono;
	if (clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE)
		ns -= ns % VDSO_COARSE_RES_NS;
	ts->tv_sec = (s64)(ns / NSEC_PER_SEC);
	ts->tv_nsec = (s64)(ns % NSEC_PER_SEC);
	return 0;
}

int __kernel_gettimeofday(struct vdso_timeval *tv, void *tz)
{
	u64 mono, offset;
	if (tz || (tv && never_mapped(tv)) || !read_time(&mono, &offset))
		return (int)syscall2(NR_GETTIMEOFDAY, (long)tv, (long)tz);
	if (tv) {
		u64 ns = mono + offset;
		tv->tv_sec = (s64)(ns / NSEC_PER_SEC);
		tv->tv_usec = (s64)(ns % NSEC_PER_SEC / 1000);
	}
	return 0;
}

int __kernel_clock_getres(int clock, struct vdso_timespec *res)
{
	if (!is_fast_clock(clock) || (res && never_mapped(res)))
		return (int)syscall2(NR_CLOCK_GETRES, clock, (long)res);
	if (res) {
		bool coarse = clock == CLOCK_REALTIME_COARSE || clock == CLOCK_MONOTONIC_COARSE;
		res->tv_sec = 0;
		res->tv_nsec = coarse ? (s64)VDSO_COARSE_RES_NS : 1;
	}
	return 0;
}
