/*
 * vvar.c — the contents of the vDSO's data page (vvar.h): the clock
 * parameters core/time.c publishes, written as a sequence lock that the
 * vDSO (kernel/vdso/src/vclock.c) and the kernel's coarse clocks read.
 * vdso.c allocates the page and maps it into processes; until it attaches
 * the page, the values are only kept here (Linux: kernel/time/vsyscall.c).
 *
 * Locking: vvar_lock (a leaf, taken with interrupts off: the timer
 * interrupt publishes) protects clock_params and is the only writer's lock
 * on the page; readers take no lock (the sequence count).
 */
#include <vvar.h>

#include <arch.h>
#include <spinlock.h>

static struct spinlock vvar_lock = SPINLOCK_INIT("vvar");
static struct vdso_data *vvar;	      /* kernel view of the vvar page [vvar_lock; set once] */
static struct vdso_data clock_params; /* the values to publish [vvar_lock] */

/* Writes clock_params into the vvar page as one sequence-lock update. */
static void vvar_publish_locked(void)
{
	if (!vvar)
		return;
	volatile struct vdso_data *vd = vvar;
	vd->seq = vd->seq + 1; /* odd: readers retry */
	arch_smp_wmb();
	vd->counter_freq = clock_params.counter_freq;
	vd->boot_counter = clock_params.boot_counter;
	vd->realtime_offset_ns = clock_params.realtime_offset_ns;
	u64 freq = clock_params.counter_freq;
	vd->ns_per_tick = freq && 1000000000ULL % freq == 0 ? 1000000000ULL / freq : 0;
	vd->coarse_mono_ns = clock_params.coarse_mono_ns;
	vd->coarse_real_ns = clock_params.coarse_real_ns;
	arch_smp_wmb();
	vd->seq = vd->seq + 1;
}

void vdso_update_clock(u64 counter_freq, u64 boot_counter, u64 realtime_offset_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	clock_params.counter_freq = counter_freq;
	clock_params.boot_counter = boot_counter;
	clock_params.realtime_offset_ns = realtime_offset_ns;
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
}

void vdso_update_coarse(u64 coarse_mono_ns, u64 coarse_real_ns)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	clock_params.coarse_mono_ns = coarse_mono_ns;
	clock_params.coarse_real_ns = coarse_real_ns;
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
}

/*
 * The sequence-lock reader of vclock.c, on the kernel's view of the page:
 * a reader that sees the new value here can never see the old one through
 * the vDSO afterwards (there is one copy). Before vdso_init(), or without a
 * vvar page, clock_params under the lock is the value.
 */
u64 vdso_coarse_ns(bool realtime)
{
	const volatile struct vdso_data *vd = __atomic_load_n(&vvar, __ATOMIC_ACQUIRE);
	if (!vd) {
		unsigned long irq = spin_lock_irqsave(&vvar_lock);
		u64 ns = realtime ? clock_params.coarse_real_ns : clock_params.coarse_mono_ns;
		spin_unlock_irqrestore(&vvar_lock, irq);
		return ns;
	}
	u32 seq;
	u64 ns;
	do {
		while ((seq = __atomic_load_n(&vd->seq, __ATOMIC_ACQUIRE)) & 1)
			arch_cpu_relax();
		ns = realtime ? vd->coarse_real_ns : vd->coarse_mono_ns;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while (__atomic_load_n(&vd->seq, __ATOMIC_RELAXED) != seq);
	return ns;
}

void vvar_attach(struct vdso_data *page)
{
	unsigned long irq = spin_lock_irqsave(&vvar_lock);
	__atomic_store_n(&vvar, page, __ATOMIC_RELEASE); /* vdso_coarse_ns() reads it unlocked */
	vvar_publish_locked();
	spin_unlock_irqrestore(&vvar_lock, irq);
}
