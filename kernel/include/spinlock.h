/*
 * spinlock.h — spinlocks that disable interrupts while held.
 *
 * Written for SMP: a ticket lock on the acquire/release builtins. The holder is
 * recorded, and taking a lock twice or releasing one you do not hold panics.
 * Never sleep holding a spinlock. Lock order is documented in core/sched.c.
 */
#pragma once

#include <types.h>

struct spinlock {
	u16 next;	    /* next ticket to hand out */
	u16 owner;	    /* ticket being served */
	const void *holder; /* task holding it (debug), NULL if free */
	const char *name;
};

#define SPINLOCK_INIT(n)                                           \
	{                                                          \
		.next = 0, .owner = 0, .holder = NULL, .name = (n) \
	}

void spin_lock_init(struct spinlock *l, const char *name);
unsigned long spin_lock_irqsave(struct spinlock *l);
void spin_unlock_irqrestore(struct spinlock *l, unsigned long flags);
bool spin_is_held(const struct spinlock *l);

#define ASSERT_HELD(l) CHECK(spin_is_held(l))
