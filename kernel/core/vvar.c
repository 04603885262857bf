/*
 * vvar.c — the contents of the vDSO's data page (vvar.h): the clock
 * parameters core/time.c publishes, written as a sequence lock that the
 * vDSO (kernel/vdso/src/vclock.c) and the kernel's own clock reads both
 * read. vdso.c allocates the page and maps it into processes (Linux:
 * kernel/time/vsyscall.c).
 *
 * There is one copy of the parameters, so the kernel and the vDSO can never
 * disagree: until vdso.c attaches the page, `vvar` points at a static
 * struct of the same type here; vvar_attach copies it into the page and
 * points `vvar` there. Readers reach the copy through `vvar` (acquire).
 *
 * The steered clock (vvar.h): monotonic = base_mono_ns + ((counter -
 * base_counter) * mult + base_frac) >> 32. A change of rate (vdso_set_mult)
 * and each coarse update (rebase) read the counter inside the write
 * section, after seq turned odd, so every reader whose counter value is
 * past the new base retries and uses the new parameters: the clock is
 * continuous at the base and never goes back.
 *
 * Locking: vvar_lock (a leaf, taken with interrupts off: the timer
 * interrupt publishes) is the only writer's lock on the parameters;
 * readers take no lock (the sequence count).
 */
#include <vvar.h>

#include <arch.h>
#include <printk.h>
#include <spinlock.h>
#include <time.h>

static struct spinlock vvar_lock = SPINLOCK_INIT("vvar");
static struct vdso_data early;		/* the parameters until the page exists */
static struct vdso_data *vvar = &early; /* the published copy [written under vvar_lock; read acquire] */

/* The write side of the sequence lock on the published copy. [vvar_lock] */
static volatile struct vdso_data *write_begin(void)
{
	ASSERT_HELD(&vvar_lock);
	volatile struct vdso_data *vd = vvar;
	vd->seq = vd->seq + 1; /* odd: readers retry */
	arch_smp_mb();	       /* before the fields, and before vdso_set_mult's counter read */
	return vd;
}

static void write_end(volatile struct vdso_data *vd)
{
	arch_smp_wmb();
	vd->seq = vd->seq + 1;
}

/* The read side: the even seq the field reads that follow belong to. */
static const volatile struct vdso_data *read_begin(u32 *seq)
{
	const volatile struct vdso_data *vd = __atomic_load_n(&vvar, __ATOMIC_ACQUIRE);
	while ((*seq = __atomic_load_n(&vd->seq, __ATOMIC_ACQUIRE)) & 1)
		arch_cpu_relax();
	return vd;
}

static bool read_retry(const volatile struct vdso_data *vd, u32 seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&vd->seq, __ATOMIC_RELAXED) != seq;
}

/* ticks of the counter past a base with fraction frac, at mult (ns << 32
 * a tick), in ns; the sum has 128 bits, as vclock.c's. */
static u64 scale(u64 ticks, u64 mult, u64 frac)
{
	return (u64)(((unsigned __int128)ticks * mult + frac) >> 32);
}

static void split_ns(volatile struct vdso_split_ns *out, u64 ns)
{
	out->sec = ns / NSEC_PER_SEC;
	out->nsec = ns % NSEC_PER_SEC;
}

/* The split copies of the base the vDSO adds to (vvar.h). [write section] */
static void publish_splits(volatile struct vdso_data *vd)
{
	split_ns(&vd->base_split[0], vd->base_mono_ns);
	split_ns(&vd->base_split[1], vd->base_mono_ns + vd->realtime_offset_ns);
}

/*
 * Makes the steered time at the counter value now the base, exactly: the
 * fraction of a nanosecond is kept in base_frac, so every counter value
 * reads the same time before and after. now is read inside the write
 * section (see vdso_set_mult), so it is past the old base. [write section]
 */
static void rebase(volatile struct vdso_data *vd, u64 now)
{
	unsigned __int128 t = (unsigned __int128)(now - vd->base_counter) * vd->mult + vd->base_frac;
	vd->base_mono_ns = vd->base_mono_ns + (u64)(t >> 32);
	vd->base_frac = (u64)t & 0xffffffffUL;
	vd->base_counter = now;
	if (vd->ns_per_tick) { /* raw = (counter - boot_counter) * ns_per_tick */
		vd->raw_base_counter = now;
		split_ns(&vd->raw_split, (now - vd->boot_counter) * vd->ns_per_tick);
	}
	publish_splits(vd);
}

void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	volatile struct vdso_data *vd = write_begin();
	vd->counter_freq = counter_freq;
	vd->boot_counter = boot_counter;
	vd->realtime_offset_ns = realtime_offset_ns;
	vd->ns_per_tick = counter_freq && 1000000000ULL % counter_freq == 0 ? 1000000000ULL / counter_freq : 0;
	if (!vd->mult && counter_freq) { /* the first call: unsteered, from the boot counter */
		vd->base_counter = boot_counter;
		vd->base_mono_ns = 0;
		vd->base_frac = 0;
		vd->mult = (1000000000ULL << 32) / counter_freq;
		vd->raw_base_counter = boot_counter;
		split_ns(&vd->raw_split, 0);
	}
	publish_splits(vd);
	write_end(vd);
	spin_unlock_irqrestore(&vvar_lock, irq);
}

u64 vdso_set_mult(u64 mult)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	volatile struct vdso_data *vd = write_begin();
	u64 now = arch_counter();
	rebase(vd, now);
	vd->mult = mult;
	write_end(vd);
	spin_unlock_irqrestore(&vvar_lock, irq);
	return now;
}

/* The steered clock's parameters, one consistent set, and with now the
 * counter read inside the same read section. */
struct steer {
	u64 base_counter, base_mono, mult, frac, now;
};

static void read_steer(struct steer *st, bool read_now)
{
	const volatile struct vdso_data *vd;
	u32 seq;
	do {
		vd = read_begin(&seq);
		st->base_counter = vd->base_counter;
		st->base_mono = vd->base_mono_ns;
		st->mult = vd->mult;
		st->frac = vd->base_frac;
		st->now = read_now ? arch_counter() : 0;
	} while (read_retry(vd, seq));
}

u64 vvar_monotonic_ns(void)
{
	struct steer st;
	read_steer(&st, true);
	return st.base_mono + scale(st.now - st.base_counter, st.mult, st.frac);
}

/*
 * (ns << 32) / mult without a 128-bit division (the kernel has no libgcc):
 * long division in steps of 16 bits, exact while mult < 2^48 (a counter
 * faster than 15 kHz), rounded up so that a timer never fires early.
 */
static u64 unscale(u64 ns, u64 mult)
{
	u64 q = ns / mult, r = ns % mult;
	u64 q16 = (r << 16) / mult, r16 = (r << 16) % mult;
	u64 q0 = (r16 << 16) / mult, r0 = (r16 << 16) % mult;
	return (q << 32) + (q16 << 16) + q0 + (r0 != 0);
}

/* base_frac is left out: the counter value found is then at most one tick
 * late, never early. */
u64 vvar_ns_to_counter(u64 ns)
{
	struct steer st;
	read_steer(&st, false);
	if (!st.mult || ns <= st.base_mono)
		return st.base_counter;
	u64 ticks = unscale(ns - st.base_mono, st.mult);
	return ticks > ~0UL - st.base_counter ? ~0UL : st.base_counter + ticks;
}

void vdso_update_coarse(u64 coarse_mono_ns, u64 coarse_real_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	volatile struct vdso_data *vd = write_begin();
	vd->coarse_mono_ns = coarse_mono_ns;
	vd->coarse_real_ns = coarse_real_ns;
	split_ns(&vd->coarse_split[0], coarse_mono_ns);
	split_ns(&vd->coarse_split[1], coarse_real_ns);
	if (vd->mult)
		rebase(vd, arch_counter()); /* the base at most a tick old (vvar.h) */
	write_end(vd);
	spin_unlock_irqrestore(&vvar_lock, irq);
}

/* The sequence-lock reader of vclock.c: a reader that sees the new value
 * here can never see the old one through the vDSO afterwards (one copy). */
u64 vdso_coarse_ns(bool realtime)
{
	const volatile struct vdso_data *vd;
	u32 seq;
	u64 ns;
	do {
		vd = read_begin(&seq);
		ns = realtime ? vd->coarse_real_ns : vd->coarse_mono_ns;
	} while (read_retry(vd, seq));
	return ns;
}

void vvar_attach(struct vdso_data *page)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	*page = early; /* seq even: no writer runs outside vvar_lock */
	__atomic_store_n(&vvar, page, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&vvar_lock, irq);
}
