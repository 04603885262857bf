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
 */
#include <spinlock.h>

#include <arch.h>
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
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			arch_cpu_relax();
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
