/*
 * mutex.h — a sleeping lock (Linux's struct mutex, simplified).
 *
 * A task that finds the mutex held sleeps on its wait queue instead of
 * spinning, so the holder may itself sleep (wait for I/O, fault in user
 * pages, allocate). Never take a mutex while holding a spinlock or with
 * interrupts off. The owner is recorded: taking a mutex twice or releasing
 * one you do not hold panics. Waits are uninterruptible.
 */
#pragma once

#include <printk.h>
#include <spinlock.h>
#include <types.h>
#include <wait.h>

struct task;

struct mutex {
	struct spinlock lock;	 /* protects owner */
	struct task *owner;	 /* [lock] NULL when free */
	struct wait_queue queue; /* tasks waiting for it */
	const char *name;	 /* also its lockdep class (lockdep.h) */
	u16 dep_class;		 /* lockdep's class id, 0 until first taken */
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_held(const struct mutex *m); /* by the current task */

#define ASSERT_MUTEX_HELD(m) CHECK(mutex_is_held(m))
