/*
 * lockdep.h — a small lock-order checker (the idea of Linux's lockdep,
 * kernel/locking/lockdep.c, much reduced).
 *
 * Every lock belongs to a class: its name and kind (spinlock, wait-queue
 * lock, mutex), so all inodes' mutexes are one class and all pipes' read
 * queues another. Each task keeps the stack of locks it holds. Taking lock B
 * while holding A records the order "A before B" between their classes; if
 * "B before A" can already be reached through the recorded orders, the two
 * paths can deadlock against each other on two CPUs, and the first time that
 * is seen the checker prints both classes and the held locks, then panics
 * (it is always on: the kernel `make test` boots is the debug build).
 * Nesting two locks of the same class (parent and child inode mutexes, in an
 * order their callers define) is not checked.
 *
 * The checker's own state (classes, the order graph) is behind one internal
 * test-and-set lock taken with interrupts off; it is never a lock class itself.
 */
#pragma once

#include <types.h>

enum lock_kind {
	LOCK_KIND_SPIN,	 /* struct spinlock */
	LOCK_KIND_WAITQ, /* the spinlock inside a struct wait_queue */
	LOCK_KIND_MUTEX, /* struct mutex (sleeping) */
};

#define LOCKDEP_MAX_CLASSES 256
#define LOCKDEP_MAX_HELD 24

/* The locks one task holds, innermost last. Interrupt handlers push onto the
 * interrupted task's stack; irq_base is where the handler's own locks start,
 * so they are not ordered after locks the task happened to hold. */
struct lockdep_held {
	u16 depth;
	u16 irq_base;
	struct {
		const void *lock;
		u16 class_id;
	} entries[LOCKDEP_MAX_HELD];
};

/*
 * Called as `lock` (named name, of kind) is about to be taken, with
 * interrupts off. *class_cache is the lock's class once known (0 before):
 * the lock object keeps it so the name is looked up only once.
 */
void lockdep_acquire(const void *lock, const char *name, enum lock_kind kind, u16 *class_cache);
/* lock is released (interrupts off); it need not be the innermost one. */
void lockdep_release(const void *lock);
/* Interrupt entry and exit on this CPU (interrupts off). */
void lockdep_irq_enter(void);
void lockdep_irq_exit(void);
/* Does the current task hold a lock of this class (for ASSERT-style checks)? */
bool lockdep_holds(const void *lock);

/* Provided by the kernel (spinlock.c) or a unit test: the current task's
 * held-lock stack. */
struct lockdep_held *lockdep_current(void);
/* Provided likewise: reports an inversion (the kernel panics). */
void lockdep_inversion(const char *msg);
/* True until the checker turned itself off (after a report or overflow). */
extern bool lockdep_enabled;
/* levitate.lockdep_dump on the command line: reboot(2) prints every order
 * recorded (one "lockdep order: A -> B" line each; docs/architecture.md's
 * lock order was checked against them). */
extern bool lockdep_dump_at_reboot;
void lockdep_dump_orders(void);
