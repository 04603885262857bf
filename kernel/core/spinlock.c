/*
 * spinlock.c — test-and-set spinlocks with interrupt masking, owner checks
 * and the lock-order checker (lockdep.c) on every acquisition.
 *
 * Why test-and-set and not a fair (ticket) lock: LevitateOS runs on virtual
 * CPUs the host schedules as it likes (QEMU, often more virtual CPUs than
 * host cores). A ticket lock hands the lock to the next waiter in line; when
 * the host has descheduled that waiter's virtual CPU, every other CPU spins
 * until the host runs it again, a host time slice per hand-over. With
 * test-and-set the lock goes to whichever running CPU takes it first. Linux
 * makes the same choice for guests without paravirtual spinlocks
 * (arch/x86/include/asm/qspinlock.h, virt_spin_lock: "fair locks have
 * horrible lock 'holder' preemption issues"). Measured (bench
 * smp_fork_wait, 4 CPUs, 2 loaded host cores): fork+exit+wait from four
 * threads of one process 4.9-8.4 ms per fork with ticket locks, 1.0-2.5 ms
 * with test-and-set (bench/README.md). The price is fairness: a waiter may
 * lose the race several times; no lock here is held long enough for that
 * to starve anyone in practice. Waiters spin on a plain load and try the
 * exchange only when the lock looks free (no write traffic while held).
 *
 * A waiter that has spun SPIN_BEFORE_HALT times halts its CPU (wfi) until
 * the holder's unlock sends it an IPI (the shape of Linux's paravirtual
 * qspinlock, pv_wait/pv_kick, with wfi and an SGI for the hypercalls): a
 * spinning virtual CPU is a host thread burning the host time the holder's
 * virtual CPU needs, and a halted one is a host thread asleep. Measured
 * (bench smp_fork_wait, four virtual CPUs on two host cores): QEMU's JIT
 * spin loops were about 40 % of the host's time (perf on the QEMU process),
 * bench/README.md. wfi wakes on any pending interrupt with interrupts
 * masked too (Arm ARM D1.16.2), so the IPI, or a tick, ends it; the IPI is
 * then taken, and does nothing, once the waiter unmasks interrupts. Not in
 * an interrupt handler: its interrupt's priority keeps the IPI out.
 * No lost wake-up: the waiter publishes itself (halted_on, then the bit in
 * halted_mask by an atomic with full order) and then reads the lock; the
 * unlocker stores the lock free, a full barrier (dmb ish), then reads
 * halted_mask: one of them sees the other's store. (A store-release then a
 * load-acquire would do by the Arm ARM's RCsc rule, B2.3.7, but QEMU's TCG
 * on an x86 host lets that load pass the store: the barrier is needed.)
 */
#include <spinlock.h>

#include <arch.h>
#include <irq.h>
#include <printk.h>
#include <smp.h>
#include <task.h>

static const void *lock_holder_id(void)
{
	/* Before the first task exists, TPIDR_EL1 is 0: use a fixed id. */
	const void *t = arch_current();
	return t ? t : (const void *)1;
}

/* Spinlocks each CPU holds (a lock handed over across a context switch
 * stays on its CPU); at 0 the CPU sends the reschedule IPIs it owes
 * (smp.h smp_owe_resched). Not counted before the CPU has a task. [own CPU,
 * interrupts off] */
static unsigned spins_held[MAX_CPUS];

#define SPIN_BEFORE_HALT 2000 /* spins of the wait loop before the CPU halts */

/* The lock each halted waiter waits for [written by its CPU, read by unlockers] */
static struct spinlock *halted_on[MAX_CPUS];
/* CPUs halted (or about to halt) in a spinlock wait, one bit each [atomic] */
static u64 halted_mask;

/* Waits for l to look free: spins, then halts until an unlock kicks this CPU. */
static void spin_wait(struct spinlock *l)
{
	unsigned spins = 0;
	while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED)) {
		if (++spins < SPIN_BEFORE_HALT) {
			arch_cpu_relax();
			continue;
		}
		struct task *t = arch_current();
		if (!t || irq_in_handler()) /* before tasks (no IPIs yet), or no IPI gets through */
			continue;
		u64 bit = 1UL << t->cpu;
		__atomic_store_n(&halted_on[t->cpu], l, __ATOMIC_RELAXED);
		__atomic_fetch_or(&halted_mask, bit, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&l->locked, __ATOMIC_ACQUIRE))
			arch_wait_for_interrupt();
		__atomic_fetch_and(&halted_mask, ~bit, __ATOMIC_RELAXED);
		__atomic_store_n(&halted_on[t->cpu], NULL, __ATOMIC_RELAXED);
		spins = 0;
	}
}

/* After l was stored free: an IPI to each CPU halted waiting for it. */
static void spin_kick(struct spinlock *l)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST); /* the unlock's store before the read of halted_mask */
	u64 halted = __atomic_load_n(&halted_mask, __ATOMIC_ACQUIRE);
	for (; halted; halted &= halted - 1) {
		int cpu = __builtin_ctzl(halted);
		if (__atomic_load_n(&halted_on[cpu], __ATOMIC_RELAXED) == l)
			irq_send_ipi(cpu, IPI_RESCHED);
	}
}

/* Locks taken before the boot CPU has a task (lockdep.h). */
static struct lockdep_held boot_held;

struct lockdep_held *lockdep_current(void)
{
	struct task *t = arch_current();
	return t ? &t->lockdep : &boot_held;
}

void lockdep_inversion(const char *msg)
{
	panic("%s", msg);
}

void spin_lock_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->dep_class = 0;
	l->dep_kind = LOCK_KIND_SPIN;
	l->holder = NULL;
	l->name = name;
}

unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();
	const void *me = lock_holder_id();

	if (unlikely(l->holder == me))
		panic("spinlock %s: recursive acquire", l->name);
	lockdep_acquire(l, l->name, l->dep_kind, &l->dep_class);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		spin_wait(l);
	l->holder = me;
	struct task *t = arch_current();
	if (t)
		spins_held[t->cpu]++;
	return flags;
}

void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags)
{
	if (unlikely(l->holder != lock_holder_id()))
		panic("spinlock %s: released by a non-owner", l->name);
	l->holder = NULL;
	lockdep_release(l);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	spin_kick(l);
	struct task *t = arch_current();
	if (t && spins_held[t->cpu] && --spins_held[t->cpu] == 0)
		smp_send_owed();
	arch_irq_restore(flags);
}

void spin_lock_adopt(struct spinlock *l)
{
	if (!lockdep_holds(l))
		lockdep_acquire(l, l->name, l->dep_kind, &l->dep_class);
}

bool spin_is_held(const struct spinlock *l)
{
	return l->holder == lock_holder_id();
}
