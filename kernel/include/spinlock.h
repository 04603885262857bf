/*
 * spinlock.h — spinlocks that disable interrupts while held.
 *
 * Written for SMP: a test-and-set lock on the acquire/release builtins. The holder is
 * recorded, and taking a lock twice or releasing one you do not hold panics.
 * Every acquisition goes through the lock-order checker (lockdep.h): the
 * lock's name is its class. Never sleep holding a spinlock. The kernel's lock
 * order is written once, in core/sched.c.
 */
#pragma once

#include <lockdep.h>
#include <printk.h> /* CHECK, for ASSERT_HELD */
#include <types.h>

struct spinlock {
	u32 locked;	    /* 1 while held (test-and-set: see spinlock.c) */
	u16 dep_class;	    /* lockdep class, 0 until first taken */
	u8 dep_kind;	    /* enum lock_kind: LOCK_KIND_SPIN, or _WAITQ inside a wait queue */
	const void *holder; /* task holding it (debug), NULL if free */
	const char *name;   /* also its lockdep class */
};

#define SPINLOCK_INIT_KIND(n, kind)                                                          \
	{                                                                                    \
		.locked = 0, .dep_class = 0, .dep_kind = (kind), .holder = NULL, .name = (n) \
	}
#define SPINLOCK_INIT(n) SPINLOCK_INIT_KIND(n, LOCK_KIND_SPIN)

void spin_lock_init(struct spinlock *l, const char *name);
unsigned long spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);
bool spin_is_held(const struct spinlock *l);
/* The scheduler hands a run-queue lock from one task to the next across a context
 * switch: the task that releases it adopts it into its lockdep stack first. */
void spin_lock_adopt(struct spinlock *l);

/* For functions whose caller must hold l (the first line of such a function). */
#define ASSERT_HELD(l) CHECK(spin_is_held(l))
