/*
 * vclock.c — the vDSO's clock functions, run in user mode (EL0) inside every
 * process. Built as a position-independent shared object, not with the
 * kernel flags (see the Makefile's vDSO rule and docs/vdso.md).
 *
 * Fast paths, all without a trap:
 *  - CLOCK_REALTIME, MONOTONIC, MONOTONIC_RAW, BOOTTIME and gettimeofday:
 *    the virtual counter (CNTVCT_EL0, readable at EL0 because the kernel
 *    sets CNTKCTL_EL1.EL0VCTEN) and the vvar page, with exactly the kernel's
 *    arithmetic (kernel/core/vvar.c, time.c), so that results from here and
 *    from the syscall interleave without going backwards, whatever rate
 *    adjtimex steers the clock at (RAW is never steered): the time since a
 *    base at most a tick old, added to that base already split into seconds
 *    and nanoseconds, so no division but when the sum passes a second;
 *  - the two COARSE clocks: the value the timer interrupt last published in
 *    the vvar page (the kernel's syscall reads the same word; the vDSO its
 *    seconds and nanoseconds, published with it), no counter read and no
 *    division, as Linux's vDSO does (lib/vdso/gettimeofday.c do_coarse);
 *  - clock_getres for those six clocks.
 *
 * Everything else takes the real syscall, so errno behaviour stays the
 * kernel's: other clock ids (EINVAL or the kernel's answer), a non-NULL
 * timezone, and a vvar page not yet filled (counter_freq 0). A bad pointer
 * on a fast path faults here, NULL included (SIGSEGV), as in Linux's vDSO
 * (lib/vdso/gettimeofday.c stores through it unchecked): only the system
 * call itself answers EFAULT.
 *
 * Everything is inlined into the four exported functions: no calls, no
 * stack frame on the fast paths. Functions return 0 or a negative errno, as
 * the syscall does: libc turns that into errno.
 */
#include <vdso.h>

#include <uapi/time.h>
#include <uapi/unistd.h>

/* Clock ids as bit masks, so one test sorts an id (ids >= 32 are slow). */
#define STEERED_CLOCKS ((1u << CLOCK_REALTIME) | (1u << CLOCK_MONOTONIC) | (1u << CLOCK_BOOTTIME))
#define FINE_CLOCKS (STEERED_CLOCKS | (1u << CLOCK_MONOTONIC_RAW))
#define COARSE_CLOCKS ((1u << CLOCK_REALTIME_COARSE) | (1u << CLOCK_MONOTONIC_COARSE))

#define NSEC_PER_SEC 1000000000ULL

#define always_inline inline __attribute__((always_inline))

struct vdso_timespec {
	s64 tv_sec;
	s64 tv_nsec;
};

struct vdso_timeval {
	s64 tv_sec;
	s64 tv_usec;
};

/* The vvar page sits two pages below the image (vdso.lds). Hidden, so the
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

/* The isb keeps the counter read from being done early (Arm ARM D12.1.2,
 * "Reading the counter"), as the kernel's arch_counter() does. */
static always_inline u64 read_counter(void)
{
	u64 v;
	asm volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/* Sequence-lock reader (vdso.h): waits while the kernel writes, returns the
 * even sequence number the field reads that follow belong to. */
static always_inline u32 vvar_read_begin(void)
{
	u32 seq;
	while ((seq = __atomic_load_n(&vdso_vvar.seq, __ATOMIC_ACQUIRE)) & 1)
		asm volatile("yield" ::: "memory");
	return seq;
}

/* True when the fields read since vvar_read_begin() returned seq may be torn. */
static always_inline bool vvar_read_retry(u32 seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE); /* dmb ishld: field reads before the re-check */
	return __atomic_load_n(&vdso_vvar.seq, __ATOMIC_RELAXED) != seq;
}

/* ts = base + ns, with base.nsec < 1e9: a division only when the sum passes
 * a second (the base is at most a tick old, so almost never; vvar.h). */
static always_inline void add_split(struct vdso_timespec *ts, u64 sec, u64 nsec, u64 ns)
{
	nsec += ns;
	if (__builtin_expect(nsec >= NSEC_PER_SEC, 0)) {
		sec += nsec / NSEC_PER_SEC;
		nsec %= NSEC_PER_SEC;
	}
	ts->tv_sec = (s64)sec;
	ts->tv_nsec = (s64)nsec;
}

/*
 * Reads CLOCK_MONOTONIC (base_split[0]) or CLOCK_REALTIME (base_split[1]):
 * the steered clock, core/vvar.c's vvar_monotonic_ns() step for step (a
 * 64x64 -> 128-bit product: mul and umulh, plus the base's fraction), added
 * to the base already split. Returns false when the kernel has not
 * published a counter frequency.
 */
static always_inline bool read_fine(bool realtime, struct vdso_timespec *ts)
{
	const volatile struct vdso_data *vd = &vdso_vvar;
	u64 freq, ticks, sec, nsec, mult, frac;
	u32 seq;
	do {
		seq = vvar_read_begin();
		freq = vd->counter_freq;
		sec = vd->base_split[realtime].sec;
		nsec = vd->base_split[realtime].nsec;
		mult = vd->mult;
		frac = vd->base_frac;
		ticks = read_counter() - vd->base_counter;
	} while (vvar_read_retry(seq));
	if (!freq)
		return false;
	add_split(ts, sec, nsec, (u64)(((unsigned __int128)ticks * mult + frac) >> 32));
	return true;
}

/* CLOCK_MONOTONIC_RAW, never steered: kernel/core/time.c counter_to_ns(),
 * step for step; when 1e9 / freq is exact that is the same number as one
 * multiplication, added to raw_split (no divisions). */
static always_inline bool read_raw(struct vdso_timespec *ts)
{
	const volatile struct vdso_data *vd = &vdso_vvar;
	u64 freq, ticks, ns_per_tick, sec, nsec;
	u32 seq;
	do {
		seq = vvar_read_begin();
		freq = vd->counter_freq;
		ns_per_tick = vd->ns_per_tick;
		sec = vd->raw_split.sec;
		nsec = vd->raw_split.nsec;
		ticks = read_counter() - (ns_per_tick ? vd->raw_base_counter : vd->boot_counter);
	} while (vvar_read_retry(seq));
	if (!freq)
		return false;
	if (ns_per_tick) {
		add_split(ts, sec, nsec, ticks * ns_per_tick);
	} else {
		ts->tv_sec = (s64)(ticks / freq);
		ts->tv_nsec = (s64)((ticks % freq) * NSEC_PER_SEC / freq);
	}
	return true;
}

/* The coarse clocks: the published value, no counter read, and already
 * split into seconds and nanoseconds (no division). */
static always_inline void read_coarse(bool realtime, struct vdso_timespec *ts)
{
	const volatile struct vdso_split_ns *c = &vdso_vvar.coarse_split[realtime];
	u64 sec, nsec;
	u32 seq;
	do {
		seq = vvar_read_begin();
		sec = c->sec;
		nsec = c->nsec;
	} while (vvar_read_retry(seq));
	ts->tv_sec = (s64)sec;
	ts->tv_nsec = (s64)nsec;
}

int __kernel_clock_gettime(int clock, struct vdso_timespec *ts)
{
	unsigned id = (unsigned)clock;
	u32 bit = id < 32 ? 1u << id : 0;
	if (bit & STEERED_CLOCKS) {
		if (!read_fine(id == CLOCK_REALTIME, ts))
			goto syscall;
		return 0;
	}
	if (bit & COARSE_CLOCKS) {
		read_coarse(id == CLOCK_REALTIME_COARSE, ts);
		return 0;
	}
	if (id == CLOCK_MONOTONIC_RAW && read_raw(ts))
		return 0;
syscall:
	return (int)syscall2(__NR_clock_gettime, clock, (long)ts);
}

int __kernel_gettimeofday(struct vdso_timeval *tv, void *tz)
{
	struct vdso_timespec ts;
	if (tz)
		goto syscall;
	if (!tv)
		return 0;
	if (!read_fine(true, &ts))
		goto syscall;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = (s64)((u64)ts.tv_nsec / 1000);
	return 0;
syscall:
	return (int)syscall2(__NR_gettimeofday, (long)tv, (long)tz);
}

int __kernel_clock_getres(int clock, struct vdso_timespec *res)
{
	unsigned id = (unsigned)clock;
	u32 bit = id < 32 ? 1u << id : 0;
	if (!(bit & (FINE_CLOCKS | COARSE_CLOCKS)))
		return (int)syscall2(__NR_clock_getres, clock, (long)res);
	if (res) {
		res->tv_sec = 0;
		res->tv_nsec = bit & COARSE_CLOCKS ? (s64)VDSO_COARSE_RES_NS : 1;
	}
	return 0;
}
